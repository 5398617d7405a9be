/* Kappa-sigma clipping threshold, as ITK's KappaSigmaThresholdImageCalculator
 * (G. Lehmann, Insight Journal http://hdl.handle.net/1926/367).
 *
 * Start with every pixel; params->iterations times: take the mean and the
 * sample standard deviation (divisor n - 1) of the pixels v <= T and set
 * T = mean + kappa * sigma, cast to the pixel type (truncated for integer
 * data, as ITK's static_cast); stop early when T repeats.  Foreground is
 * v > T, ITK's "above" side.
 *
 * From a histogram, a bin stands for its centre value (exact for integer
 * data with one bin per value).  ITK starts from the type's maximum; here
 * "every pixel" is T = +inf, and a T beyond the histogram's top value is
 * clamped to that value (same pixels, and it avoids ITK's undefined cast of
 * an out-of-range double).  One pixel below T gives ITK 0/0 for sigma; it is
 * 0 here.  Runs in O(L) per iteration.
 */
#include <math.h>
#include <stdint.h>

#include "internal/threshold_method.h"

int segkit_method_kappasigma(const segkit_histogram *h, const segkit_threshold_params *p,
                             double *thr, int *count)
{
    int L = h->nbins;
    const uint64_t *d = h->count;
    double top = segkit_histogram_upper(h, L - 1);
    double threshold = INFINITY;
    for (int iter = 0; iter < p->iterations; iter++) {
        double n = 0, sum = 0;
        for (int i = 0; i < L; i++) {
            double v = segkit_histogram_centre(h, i);
            if (d[i] && v <= threshold) {
                n += (double)d[i];
                sum += (double)d[i] * v;
            }
        }
        if (n == 0) /* cannot happen: T >= the mean of what it kept */
            return SEGKIT_ERR_UNSUPPORTED;
        double mean = sum / n, ss = 0;
        for (int i = 0; i < L; i++) {
            double v = segkit_histogram_centre(h, i);
            if (d[i] && v <= threshold)
                ss += (double)d[i] * (v - mean) * (v - mean);
        }
        double sigma = n > 1 ? sqrt(ss / (n - 1)) : 0.0;
        double t = mean + p->kappa * sigma;
        if (h->integer)
            t = trunc(t);
        if (t > top)
            t = top;
        if (t == threshold)
            break;
        threshold = t;
    }
    thr[0] = threshold;
    *count = 1;
    return SEGKIT_OK;
}
