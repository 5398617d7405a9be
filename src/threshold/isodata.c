/* IsoData / intermeans (Ridler & Calvard, "Picture thresholding using an
 * iterative selection method", IEEE Trans. SMC 8: 630-632, 1978): t equals
 * the average of the mean below and the mean above it.
 *
 * ImageJ "IsoData"   AutoThresholder.IsoData: g from the first occupied
 *                    level above 0, plus one, upwards until g ==
 *                    round((L + H) / 2), where L is the integer mean of the
 *                    levels < g and H that of the levels > g (ImageJ's int
 *                    arithmetic, truncating divisions).
 * ImageJ "Default"   Fiji Auto_Threshold's "Default" (IJDefault, the
 *                    original ImageJ IsoData): a moving index from the
 *                    lowest occupied level while index + 1 <= the mean of
 *                    the two class means, level = round(that mean).  (ImageJ
 *                    1.x's AutoThresholder.defaultIsoData also clips the
 *                    mode and ignores levels 0 and 255; on the reference
 *                    image with its 21579 saturated pixels that gives 124,
 *                    the published "Default" is 134 = IJDefault.)
 * skimage            threshold_isodata: the first bin centre c (of the
 *                    trimmed histogram, last bin excluded) with
 *                    0 <= (mean(<= c) + mean(> c)) / 2 - c < bin width
 *                    (return_all's first element).  OpenCV has none.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

/* Java's Math.round(double) for the magnitudes met here */
static long long java_round(double x)
{
    return (long long)floor(x + 0.5);
}

static int isodata_imagej(const segkit_histogram *h,
                          const segkit_threshold_params *p, double *thr,
                          int *count)
{
    /* bilevel() and one-bin histograms: global.c.  Fiji's Auto_Threshold
     * brackets the histogram to its occupied range before every method and
     * adds the offset back */
    const segkit_hist_span s = segkit_hist_bracket(h);
    const int f = s.first, n = s.n;
    const uint64_t *data = s.count;
    int g = 0;
    for (int i = 1; i < n; i++) {
        if (data[i] > 0) {
            g = i + 1;
            break;
        }
    }
    /* prefix sums make each step O(1); ImageJ rescans, same numbers */
    uint64_t *cn = malloc(((size_t)n + 1) * 2 * sizeof *cn);
    if (!cn)
        return SEGKIT_ERR_NOMEM;
    uint64_t *cm = cn + n + 1; /* cn[k], cm[k]: count, moment of bins < k */
    cn[0] = cm[0] = 0;
    for (int i = 0; i < n; i++) {
        cn[i + 1] = cn[i] + data[i];
        cm[i + 1] = cm[i] + (uint64_t)i * data[i];
    }
    while (g <= n - 2) {
        uint64_t totl = cn[g], l = cm[g];
        uint64_t toth = cn[n] - cn[g + 1], hs = cm[n] - cm[g + 1];
        if (totl > 0 && toth > 0) {
            uint64_t lm = l / totl, hm = hs / toth; /* int division */
            if (g == java_round((double)(lm + hm) / 2.0))
                break;
        }
        g++;
    }
    free(cn);
    if (g > n - 2)
        g = 0; /* "IsoData Threshold not found": -1, reported as 0 */
    return segkit_method_level(h, f + g, p, thr, count);
}

/* Fiji Auto_Threshold's IJDefault ("Default": the original ImageJ IsoData)
 * on data[0..n-1]: a moving index from the lowest occupied level while
 * index + 1 <= the mean of the two class means. */
static int ij_default(const uint64_t *data, int n)
{
    int maxv = n - 1;
    int min = 0;
    while (data[min] == 0 && min < maxv)
        min++;
    int max = maxv;
    while (data[max] == 0 && max > 0)
        max--;
    if (min >= max)
        return n / 2;
    int moving = min;
    double result;
    /* running sums instead of ImageJ's rescans: the same integer-valued
     * doubles, exact below 2^53 */
    double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (int i = min; i <= max; i++) {
        s3 += (double)i * (double)data[i];
        s4 += (double)data[i];
    }
    do {
        s1 += (double)moving * (double)data[moving];
        s2 += (double)data[moving];
        s3 -= (double)moving * (double)data[moving];
        s4 -= (double)data[moving];
        result = (s1 / s2 + s3 / s4) / 2.0;
        moving++;
    } while ((moving + 1) <= result && moving < max - 1);
    return (int)java_round(result);
}

int segkit_method_default(const segkit_histogram *h,
                          const segkit_threshold_params *p, double *thr,
                          int *count)
{
    const segkit_hist_span s = segkit_hist_bracket(h); /* as IsoData */
    int level = ij_default(s.count, s.n);
    return segkit_method_level(h, s.first + level, p, thr, count);
}

static int isodata_skimage(const segkit_histogram *h,
                           const segkit_threshold_params *p, double *thr,
                           int *count)
{
    int f = segkit_hist_first(h), l = segkit_hist_last(h);
    if (f == l)
        return segkit_method_level(h, f, p, thr, count);
    double width = segkit_histogram_centre(h, f + 1) -
                   segkit_histogram_centre(h, f);
    double total = (double)h->total, itot = 0.0;
    for (int i = f; i <= l; i++)
        itot += (double)h->count[i] * segkit_histogram_centre(h, i);
    double csum = 0.0, isum = 0.0;
    for (int i = f; i < l; i++) {
        double c = segkit_histogram_centre(h, i);
        csum += (double)h->count[i];
        isum += (double)h->count[i] * c;
        double lower = isum / csum;
        double higher = (itot - isum) / (total - csum);
        double d = (lower + higher) / 2.0 - c;
        if (d >= 0 && d < width)
            return segkit_method_level(h, i, p, thr, count);
    }
    return SEGKIT_ERR_UNSUPPORTED; /* skimage: IndexError, none qualifies */
}

int segkit_method_isodata(const segkit_histogram *h,
                          const segkit_threshold_params *p, double *thr,
                          int *count)
{
    if (p->convention == SEGKIT_CONV_IMAGEJ)
        return isodata_imagej(h, p, thr, count);
    return isodata_skimage(h, p, thr, count);
}
