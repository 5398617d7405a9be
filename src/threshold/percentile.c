/* ImageJ "Percentile": Doyle's p-tile threshold.
 *
 * Doyle W. (1962) "Operations useful for similarity-invariant pattern
 * recognition", Journal of the ACM 9: 259-267; ImageJ's AutoThresholder
 * port (G. Landini, from A. Niemisto's Matlab code).
 *
 * The level is the first bin whose cumulative fraction of pixels (the
 * background, 0..t) is closest to params->percentile (ImageJ fixes it at
 * 0.5); ties keep the lower bin, and a distance must be below 1 to count,
 * as in ImageJ.  O(L).
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <math.h>
#include <stdint.h>

#include "internal/threshold_method.h"

int segkit_method_percentile(const segkit_histogram *h, const segkit_threshold_params *p,
                             double *thr, int *count)
{
    int L = h->nbins;
    const uint64_t *d = h->count;
    double ptile = p->percentile;
    double total = (double)h->total;
    double partial = 0, temp = 1.0;
    int threshold = -1;
    for (int i = 0; i < L; i++) {
        partial += (double)d[i];
        double a = fabs(partial / total - ptile);
        if (a < temp) {
            temp = a;
            threshold = i;
        }
    }
    if (threshold < 0)
        threshold = 0; /* ImageJ's getThreshold: -1 -> 0 */
    return segkit_method_level(h, threshold, p, thr, count);
}
