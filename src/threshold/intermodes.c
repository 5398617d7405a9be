/* intermodes: not implemented yet (stub). */
#include "internal/threshold_method.h"

int segkit_method_intermodes(const segkit_histogram *h, const segkit_threshold_params *p,
                      double *thr, int *count)
{
    (void)h; (void)p; (void)thr; (void)count;
    return SEGKIT_ERR_UNSUPPORTED;
}

