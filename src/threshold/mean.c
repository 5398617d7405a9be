/* Mean: the threshold is the mean grey level (Glasbey, "An analysis of
 * histogram-based thresholding algorithms", CVGIP 55: 532-537, 1993).
 *
 * ImageJ   AutoThresholder.Mean: level floor(sum(i * n_i) / N) with bin
 *          indices (integer division of 64-bit sums).
 * skimage  threshold_mean (= numpy.mean(image)), a continuous value; exact
 *          for one-bin-per-value integer histograms, bin centres otherwise.
 *          OpenCV has no mean method: skimage's definition is used.
 */
#include <math.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

int segkit_method_mean(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    if (p->convention == SEGKIT_CONV_IMAGEJ) {
        /* bilevel() and one-bin histograms: global.c.  Fiji's
         * Auto_Threshold brackets the histogram to its occupied range before
         * every method and adds the offset back */
        const segkit_hist_span s = segkit_hist_bracket(h);
        const int f = s.first, n = s.n;
        const uint64_t *data = s.count;
        /* exact 64-bit integer sums like ImageJ's long arithmetic; falls
         * back to long double in the (absurd) case they would overflow */
        uint64_t isum = 0;
        long double lsum = 0.0L;
        int overflow = 0;
        for (int i = 1; i < n; i++) {
            uint64_t c = data[i];
            lsum += (long double)i * (long double)c;
            if (c > UINT64_MAX / (uint64_t)i ||
                isum > UINT64_MAX - (uint64_t)i * c)
                overflow = 1;
            else
                isum += (uint64_t)i * c;
        }
        int level = overflow ? (int)floorl(lsum / (long double)h->total)
                             : (int)(isum / h->total);
        return segkit_method_level(h, f + level, p, thr, count);
    }
    long double sum = 0.0L;
    if (h->integer && h->width == 1.0) {
        /* values lo + i: mean = lo + sum(i n_i) / N, exact to long double */
        for (int i = 1; i < h->nbins; i++)
            sum += (long double)i * (long double)h->count[i];
        thr[0] = h->lo + (double)(sum / (long double)h->total);
    } else {
        for (int i = 0; i < h->nbins; i++)
            sum += (long double)segkit_histogram_centre(h, i) *
                   (long double)h->count[i];
        thr[0] = (double)(sum / (long double)h->total);
    }
    *count = 1;
    return SEGKIT_OK;
}
