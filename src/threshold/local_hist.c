#include "local_impl.h"
int local_hist_methods(const segkit_image *g, segkit_local_method m,
                       const segkit_local_params *p, int dark,
                       segkit_image *out)
{
    (void)g; (void)m; (void)p; (void)dark; (void)out;
    return SEGKIT_ERR_UNSUPPORTED;
}
