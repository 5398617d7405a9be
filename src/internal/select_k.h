/* Private: quickselect, shared by src/metrics (percentiles of surface
 * distances) and src/label (intensity medians).  No state. */
#ifndef SEGKIT_INTERNAL_SELECT_K_H
#define SEGKIT_INTERNAL_SELECT_K_H

#include <stddef.h>

/* Reorders a[0..n-1] (n > 0) so that a[k] is the k-th smallest and nothing
 * before it is larger. */
void select_k(double *a, size_t n, size_t k);

#endif
