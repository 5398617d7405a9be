/* Otsu's method (maximum between-class variance), three ways:
 *
 * ImageJ   AutoThresholder.Otsu (M. E. Celebi's version): normalised
 *          histogram, BCV = (mu_T * w(t) - mu(t))^2 / (w(t) (1 - w(t))) for
 *          every level, first maximum; level t keeps 0..t as background.
 * skimage  threshold_otsu: on the histogram trimmed to its non-empty range,
 *          w1 w2 (m1 - m2)^2 with bin-centre means, first maximum, reported
 *          as that bin's centre.
 * OpenCV   getThreshVal_Otsu_8u: q1 q2 (mu1 - mu2)^2 with running means,
 *          levels where a class weight is below FLT_EPSILON skipped, first
 *          maximum (level 0 when none qualifies).
 *
 * Otsu N., "A threshold selection method from gray-level histograms",
 * IEEE Trans. SMC 9(1): 62-66, 1979.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

static int otsu_imagej(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    /* bilevel() and one-bin histograms: global.c.  Fiji's Auto_Threshold
     * brackets the histogram to its occupied range before every method and
     * adds the offset back */
    const segkit_hist_span s = segkit_hist_bracket(h);
    const int f = s.first, n = s.n;
    const uint64_t *data = s.count;
    const double term = 1.0 / (double)h->total;
    double total_mean = 0.0;
    for (int i = 1; i < n; i++)
        total_mean += i * (term * (double)data[i]);
    double cnh = 0.0, mean = 0.0, best = 0.0;
    int level = -1;
    for (int i = 0; i < n; i++) {
        double pi = term * (double)data[i];
        cnh += pi;
        if (i > 0)
            mean += i * pi;
        double bcv = total_mean * cnh - mean;
        bcv *= bcv / (cnh * (1.0 - cnh)); /* NaN/inf at the ends: skipped */
        if (best < bcv && isfinite(bcv)) {
            best = bcv;
            level = i;
        }
    }
    if (level < 0)
        level = 0; /* getThreshold(): -1 becomes 0 */
    return segkit_method_level(h, f + level, p, thr, count);
}

static int otsu_skimage(const segkit_histogram *h,
                        const segkit_threshold_params *p, double *thr,
                        int *count)
{
    int f = segkit_hist_first(h), l = segkit_hist_last(h);
    if (f == l) /* one value: skimage returns it */
        return segkit_method_level(h, f, p, thr, count);
    double total = (double)h->total, stot = 0.0;
    for (int i = f; i <= l; i++)
        stot += (double)h->count[i] * segkit_histogram_centre(h, i);
    double w1 = 0.0, s1 = 0.0, best = -1.0;
    int level = f;
    for (int i = f; i < l; i++) {
        w1 += (double)h->count[i];
        s1 += (double)h->count[i] * segkit_histogram_centre(h, i);
        double w2 = total - w1;
        double d = s1 / w1 - (stot - s1) / w2;
        double v = w1 * w2 * d * d;
        if (v > best) {
            best = v;
            level = i;
        }
    }
    return segkit_method_level(h, level, p, thr, count);
}

static int otsu_opencv(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    double scale = 1.0 / (double)h->total, mu = 0.0;
    for (int i = 0; i < h->nbins; i++)
        mu += i * (double)h->count[i];
    mu *= scale;
    double mu1 = 0.0, q1 = 0.0, best = 0.0;
    int level = 0;
    for (int i = 0; i < h->nbins; i++) {
        double pi = (double)h->count[i] * scale;
        mu1 *= q1;
        q1 += pi;
        double q2 = 1.0 - q1;
        if (fmin(q1, q2) < FLT_EPSILON || fmax(q1, q2) > 1.0 - FLT_EPSILON)
            continue;
        mu1 = (mu1 + i * pi) / q1;
        double mu2 = (mu - q1 * mu1) / q2;
        double sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
        if (sigma > best) {
            best = sigma;
            level = i;
        }
    }
    return segkit_method_level(h, level, p, thr, count);
}

int segkit_method_otsu(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    switch (p->convention) {
    case SEGKIT_CONV_IMAGEJ:
        return otsu_imagej(h, p, thr, count);
    case SEGKIT_CONV_OPENCV:
        return otsu_opencv(h, p, thr, count);
    default:
        return otsu_skimage(h, p, thr, count);
    }
}
