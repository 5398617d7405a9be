/* Triangle method (Zack, Rogers & Latt, J. Histochem. Cytochem. 25(7):
 * 741-753, 1977): draw a line from the histogram's peak to the far end of
 * its longer tail and take the level with the largest distance below it.
 *
 * ImageJ   AutoThresholder.Triangle on the histogram bracketed to its occupied
 *          range (Fiji's Auto_Threshold): the line's far end is one bin
 *          beyond the tail when there is one (a zero count); the histogram
 *          is reversed when the
 *          right tail is longer; the level found is decremented by one
 *          (before un-reversing).  First maximum strictly above 0.
 * OpenCV   getThreshVal_Triangle_8u: the same construction (including the
 *          decrement, applied before the flip back, which makes OpenCV one
 *          above skimage on most images), first maximum of a*i + b*h[i].
 * skimage  threshold_triangle: trimmed histogram, the line runs from the
 *          first occupied bin (its own count, no extra zero bin) to the peak,
 *          no decrement; flipped when the left tail is shorter; first maximum
 *          of the (normalised) distance over the bins before the peak.
 */
#include <math.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

/* count of bin i, read reversed when flip is set */
static double cnt(const segkit_histogram *h, int i, int flip)
{
    return (double)h->count[flip ? h->nbins - 1 - i : i];
}

/* Level of the value t (ImageJ / OpenCV: t may be -1 when everything is
 * foreground; reported one bin width below bin 0). */
static int report(const segkit_histogram *h, int t,
                  const segkit_threshold_params *p, double *thr, int *count)
{
    if (t < 0) {
        thr[0] = segkit_level_value(h, 0, p) - h->width;
        *count = 1;
        return SEGKIT_OK;
    }
    if (t >= h->nbins)
        t = h->nbins - 1;
    return segkit_method_level(h, t, p, thr, count);
}

static int triangle_ij_cv(const segkit_histogram *h,
                          const segkit_threshold_params *p, double *thr,
                          int *count, int opencv)
{
    /* ImageJ: Fiji's Auto_Threshold brackets the histogram to its occupied
     * range first (so the "zero point" beyond each end is only there when
     * the range ends at 0 or max); OpenCV works on all 256 bins */
    segkit_histogram sub = *h;
    int off = 0;
    if (!opencv) { /* bilevel() and one-bin histograms: global.c */
        segkit_hist_span s = segkit_hist_bracket(h);
        off = s.first;
        sub.count = h->count + off;
        sub.nbins = s.n;
    }
    const int n = sub.nbins;
    int min = segkit_hist_first(&sub), min2 = segkit_hist_last(&sub), max = 0;
    if (min > 0)
        min--;
    if (min2 < n - 1)
        min2++;
    uint64_t dmax = 0;
    for (int i = 0; i < n; i++) {
        if (sub.count[i] > dmax) {
            dmax = sub.count[i];
            max = i;
        }
    }
    int flip = 0;
    if (max - min < min2 - max) {
        flip = 1;
        min = n - 1 - min2;
        max = n - 1 - max;
    }
    int split = min;
    if (!opencv) {
        if (min == max) /* ImageJ returns min as is, even when flipped */
            return segkit_method_level(h, off + min, p, thr, count);
        double nx = (double)dmax, ny = (double)(min - max);
        double d = sqrt(nx * nx + ny * ny);
        nx /= d;
        ny /= d;
        d = nx * min + ny * cnt(&sub, min, flip);
        double best = 0.0;
        for (int i = min + 1; i <= max; i++) {
            double dist = nx * i + ny * cnt(&sub, i, flip) - d;
            if (dist > best) {
                split = i;
                best = dist;
            }
        }
    } else {
        double a = (double)dmax, b = (double)(min - max), best = 0.0;
        for (int i = min + 1; i <= max; i++) {
            double dist = a * i + b * cnt(&sub, i, flip);
            if (dist > best) {
                best = dist;
                split = i;
            }
        }
    }
    split--;
    if (flip)
        split = n - 1 - split;
    return report(h, off + split, p, thr, count);
}

static int triangle_skimage(const segkit_histogram *h,
                            const segkit_threshold_params *p, double *thr,
                            int *count)
{
    int f = segkit_hist_first(h), l = segkit_hist_last(h);
    const int n = l - f + 1; /* skimage's trimmed nbins */
    int peak = 0;
    uint64_t peak_h = 0;
    for (int i = 0; i < n; i++) {
        if (h->count[f + i] > peak_h) {
            peak_h = h->count[f + i];
            peak = i;
        }
    }
    int low = 0, high = n - 1;
    int flip = peak - low < high - peak;
    if (flip) {
        low = n - high - 1;
        peak = n - peak - 1;
    }
    int width = peak - low;
    if (width == 0) /* one value (skimage fails on an empty argmax) */
        return segkit_method_level(h, f, p, thr, count);
    double norm = sqrt((double)peak_h * (double)peak_h +
                       (double)width * (double)width);
    double ph = (double)peak_h / norm, wd = width / norm, best = 0.0;
    int arg = 0;
    for (int x = 0; x < width; x++) {
        int k = x + low;
        double y = (double)h->count[f + (flip ? n - 1 - k : k)];
        double len = ph * x - wd * y;
        if (x == 0 || len > best) {
            best = len;
            arg = x;
        }
    }
    int level = arg + low;
    if (flip)
        level = n - level - 1;
    return segkit_method_level(h, f + level, p, thr, count);
}

int segkit_method_triangle(const segkit_histogram *h,
                           const segkit_threshold_params *p, double *thr,
                           int *count)
{
    switch (p->convention) {
    case SEGKIT_CONV_IMAGEJ:
        return triangle_ij_cv(h, p, thr, count, 0);
    case SEGKIT_CONV_OPENCV:
        return triangle_ij_cv(h, p, thr, count, 1);
    default:
        return triangle_skimage(h, p, thr, count);
    }
}
