/* ImageJ "Moments": Tsai's moment-preserving threshold.
 *
 * Tsai W. (1985) "Moment-preserving thresholding: a new approach", Computer
 * Vision, Graphics, and Image Processing 29: 377-393; ImageJ's
 * AutoThresholder port of M. E. Celebi's fourier code by G. Landini.
 *
 * The first three moments of the bin indices fix a two-level image; the
 * level is the first bin where the cumulative normalised histogram exceeds
 * that image's fraction p0 of dark pixels.  O(L), moments of the bin index
 * (as ImageJ), so a 16-bit histogram starting at its minimum keeps the
 * numbers small.
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <math.h>
#include <stdint.h>

#include "internal/threshold_method.h"

int segkit_method_moments(const segkit_histogram *h, const segkit_threshold_params *p,
                          double *thr, int *count)
{
    int L = h->nbins;
    const uint64_t *d = h->count;
    double total = (double)h->total;
    double m0 = 1.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
    for (int i = 0; i < L; i++) {
        double di = i, hi = (double)d[i] / total;
        m1 += di * hi;
        m2 += di * di * hi;
        m3 += di * di * di * hi;
    }
    double cd = m0 * m2 - m1 * m1;
    double c0 = (-m2 * m2 + m1 * m3) / cd;
    double c1 = (m0 * -m3 + m2 * m1) / cd;
    double z0 = 0.5 * (-c1 - sqrt(c1 * c1 - 4.0 * c0));
    double z1 = 0.5 * (-c1 + sqrt(c1 * c1 - 4.0 * c0));
    double p0 = (z1 - m1) / (z1 - z0); /* fraction of object pixels */

    int threshold = -1;
    double sum = 0;
    for (int i = 0; i < L; i++) {
        sum += (double)d[i] / total;
        if (sum > p0) {
            threshold = i;
            break;
        }
    }
    if (threshold < 0)
        threshold = 0; /* ImageJ's getThreshold: -1 -> 0 */
    return segkit_method_level(h, threshold, p, thr, count);
}
