/* "Minimum": smooth the histogram until it is bimodal, then take the valley.
 * Prewitt J.M.S. and Mendelsohn M.L. (1966) "The analysis of cell images",
 * Annals of the New York Academy of Sciences 128: 1035-1053; Glasbey C.A.
 * (1993) "An analysis of histogram-based thresholding algorithms", CVGIP:
 * Graphical Models and Image Processing 55: 532-537.
 *
 * The two peers differ in every detail, so each convention has its own:
 *
 * SEGKIT_CONV_IMAGEJ - ImageJ AutoThresholder "Minimum": while the histogram
 *   (all bins) does not have exactly two strict interior maxima, replace it by
 *   its 3-point mean with 0 outside; give up after 10000 smoothings.  The
 *   level is the first bin i (0 < i < last non-empty bin) with
 *   y[i-1] > y[i] <= y[i+1].
 *
 * SEGKIT_CONV_SKIMAGE / SEGKIT_CONV_OPENCV - scikit-image threshold_minimum
 *   (max_num_iter = 10000; OpenCV has no such method): smooth first, then
 *   count maxima, with scipy.ndimage.uniform_filter1d(size=3, mode='reflect')
 *   reproduced to the rounding (a running sum in double, as scipy's C code)
 *   and skimage's plateau-aware maxima search; stop as soon as fewer than
 *   three maxima remain.  Not exactly two maxima, or the last iteration
 *   reached: skimage raises RuntimeError, here SEGKIT_ERR_UNSUPPORTED.  The
 *   threshold is the centre of the first lowest bin between the two maxima.
 *
 * O(L) per smoothing.  ImageJ, one or two non-empty bins: its bilevel()
 * rule, in global.c; skimage finds no maxima in one bin (unsupported).
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define MINIMUM_MAX_ITER 10000

static int bimodal(const double *y, int len)
{
    int modes = 0;
    for (int k = 1; k < len - 1; k++)
        if (y[k - 1] < y[k] && y[k + 1] < y[k] && ++modes > 2)
            return 0;
    return modes == 2;
}

static int minimum_imagej(const segkit_histogram *h, const segkit_threshold_params *p,
                          double *thr, int *count)
{
    /* bilevel() and one-bin histograms: global.c */
    int L = h->nbins, last = segkit_hist_last(h);
    double *y = segkit_hist_doubles(h, 0, L, 2);
    if (!y)
        return SEGKIT_ERR_NOMEM;
    double *t = y + L;
    int iter = 0;
    while (!bimodal(y, L)) {
        for (int i = 1; i < L - 1; i++)
            t[i] = (y[i - 1] + y[i] + y[i + 1]) / 3;
        t[0] = (y[0] + y[1]) / 3;
        t[L - 1] = (y[L - 2] + y[L - 1]) / 3;
        double *s = y;
        y = t;
        t = s;
        if (++iter > MINIMUM_MAX_ITER) {
            free(y < t ? y : t);
            return SEGKIT_ERR_UNSUPPORTED;
        }
    }
    int threshold = -1;
    for (int i = 1; i < last; i++)
        if (y[i - 1] > y[i] && y[i + 1] >= y[i]) {
            threshold = i;
            break;
        }
    free(y < t ? y : t);
    if (threshold < 0)
        threshold = 0; /* ImageJ's getThreshold: -1 -> 0 */
    return segkit_method_level(h, threshold, p, thr, count);
}

/* scipy.ndimage.uniform_filter1d(in, 3, mode='reflect') into out: the
 * line is extended by one mirrored sample at each end and summed with a
 * running sum, as scipy's NI_UniformFilter1D does. */
static void uniform3(const double *in, double *out, int n)
{
    double tmp = 0.0;
    tmp += in[0]; /* ext[-1] = in[0] */
    tmp += in[0];
    tmp += n > 1 ? in[1] : in[0];
    out[0] = tmp / 3;
    for (int i = 1; i < n; i++) {
        double add = i + 1 < n ? in[i + 1] : in[n - 1]; /* ext[n] = in[n-1] */
        double sub = i - 2 >= 0 ? in[i - 2] : in[0];    /* ext[-1] = in[0] */
        tmp += add - sub;
        out[i] = tmp / 3;
    }
}

/* skimage's find_local_maxima_idx; writes up to 3 indices, returns count
 * (capped at 3: skimage only asks whether fewer than 3 remain) */
static int local_maxima(const double *y, int n, int *idx)
{
    int m = 0, dir = 1;
    for (int i = 0; i < n - 1; i++) {
        if (dir > 0) {
            if (y[i + 1] < y[i]) {
                dir = -1;
                if (m < 3)
                    idx[m] = i;
                m++;
            }
        } else if (y[i + 1] > y[i]) {
            dir = 1;
        }
    }
    return m;
}

static int minimum_skimage(const segkit_histogram *h, const segkit_threshold_params *p,
                           double *thr, int *count)
{
    int L = h->nbins;
    double *y = segkit_hist_doubles(h, 0, L, 2);
    if (!y)
        return SEGKIT_ERR_NOMEM;
    double *base = y, *t = y + L;
    int idx[3], m = 0, counter;
    for (counter = 0; counter < MINIMUM_MAX_ITER; counter++) {
        uniform3(y, t, L);
        double *s = y;
        y = t;
        t = s;
        m = local_maxima(y, L, idx);
        if (m < 3)
            break;
    }
    if (counter == MINIMUM_MAX_ITER)
        counter--; /* Python's loop variable keeps its last value */
    if (m != 2 || counter == MINIMUM_MAX_ITER - 1) {
        free(base);
        return SEGKIT_ERR_UNSUPPORTED;
    }
    int best = idx[0];
    for (int i = idx[0] + 1; i <= idx[1]; i++)
        if (y[i] < y[best])
            best = i;
    free(base);
    return segkit_method_level(h, best, p, thr, count);
}

int segkit_method_minimum(const segkit_histogram *h, const segkit_threshold_params *p,
                          double *thr, int *count)
{
    if (p->convention == SEGKIT_CONV_IMAGEJ)
        return minimum_imagej(h, p, thr, count);
    return minimum_skimage(h, p, thr, count);
}
