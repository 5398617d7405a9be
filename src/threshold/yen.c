/* Yen's maximum correlation criterion (Yen, Chang & Chang, "A new criterion
 * for automatic multilevel thresholding", IEEE Trans. Image Processing 4(3):
 * 370-378, 1995):  maximise  -ln(P1sq(t) P2sq(t)) + 2 ln(P1(t) (1 - P1(t)))
 * with P1 the cumulative normalised histogram, P1sq the cumulative sum of
 * squared probabilities up to t and P2sq the one above t.
 *
 * ImageJ   AutoThresholder.Yen: every level, ln(x) taken as 0 for x <= 0,
 *          first maximum above Double.MIN_VALUE.
 * skimage  threshold_yen: on the trimmed histogram, levels 0..n-2, first
 *          maximum, reported as the bin centre.  OpenCV has no Yen.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

/* sum of squared probabilities of bins i..last, filled right to left */
static double *tail_squares(const segkit_histogram *h, int first, int last)
{
    size_t n = (size_t)(last - first + 2);
    double *t = malloc(n * sizeof *t);
    if (!t)
        return NULL;
    double total = (double)h->total;
    t[n - 1] = 0.0;
    for (int i = last; i >= first; i--) {
        double pi = (double)h->count[i] / total;
        t[i - first] = t[i - first + 1] + pi * pi;
    }
    return t; /* t[k] = sum over bins first+k .. last */
}

static int yen_imagej(const segkit_histogram *h,
                      const segkit_threshold_params *p, double *thr,
                      int *count)
{
    /* bilevel() and one-bin histograms: global.c.  Fiji's Auto_Threshold
     * brackets the histogram to its occupied range before every method and
     * adds the offset back */
    const segkit_hist_span s = segkit_hist_bracket(h);
    const int f = s.first, n = s.n;
    const uint64_t *data = s.count;
    double *p2 = tail_squares(h, f, f + n - 1);
    if (!p2)
        return SEGKIT_ERR_NOMEM;
    double total = (double)h->total, p1 = 0.0, p1sq = 0.0;
    double best = DBL_TRUE_MIN;
    int level = -1;
    for (int i = 0; i < n; i++) {
        double pi = (double)data[i] / total;
        p1 += pi;
        p1sq += pi * pi;
        double a = p1sq * p2[i + 1], b = p1 * (1.0 - p1);
        double crit = -1.0 * (a > 0.0 ? log(a) : 0.0) +
                      2 * (b > 0.0 ? log(b) : 0.0);
        if (crit > best) {
            best = crit;
            level = i;
        }
    }
    free(p2);
    if (level < 0)
        level = 0;
    return segkit_method_level(h, f + level, p, thr, count);
}

static int yen_skimage(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    int f = segkit_hist_first(h), l = segkit_hist_last(h);
    if (f == l)
        return segkit_method_level(h, f, p, thr, count);
    double *p2 = tail_squares(h, f, l);
    if (!p2)
        return SEGKIT_ERR_NOMEM;
    double total = (double)h->total, p1 = 0.0, p1sq = 0.0, best = 0.0;
    int level = -1;
    for (int i = f; i < l; i++) {
        double pi = (double)h->count[i] / total;
        p1 += pi;
        p1sq += pi * pi;
        double b = p1 * (1.0 - p1);
        double crit = log(1.0 / (p1sq * p2[i - f + 1]) * (b * b));
        /* numpy argmax: the first maximum, or the first NaN if any */
        if (level >= 0 && isnan(best))
            continue;
        if (level < 0 || isnan(crit) || crit > best) {
            best = crit;
            level = i;
        }
    }
    free(p2);
    return segkit_method_level(h, level, p, thr, count);
}

int segkit_method_yen(const segkit_histogram *h,
                      const segkit_threshold_params *p, double *thr,
                      int *count)
{
    if (p->convention == SEGKIT_CONV_IMAGEJ)
        return yen_imagej(h, p, thr, count);
    return yen_skimage(h, p, thr, count);
}
