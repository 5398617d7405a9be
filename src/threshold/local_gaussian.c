#include "local_impl.h"
int local_gaussian(const segkit_image *g, const segkit_local_params *p,
                   int dark, segkit_image *out)
{
    (void)g; (void)p; (void)dark; (void)out;
    return SEGKIT_ERR_UNSUPPORTED;
}
