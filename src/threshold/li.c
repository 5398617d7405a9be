/* Li's minimum cross entropy threshold, iterative form (Li & Lee 1993,
 * Pattern Recognition 26(4): 617-625; Li & Tam 1998, Pattern Recognition
 * Letters 18(8): 771-776).  Each step moves t to the logarithmic mean of
 * the two class means, (m_b - m_f) / (ln m_b - ln m_f).
 *
 * ImageJ   AutoThresholder.Li: bin indices, starts at the mean, level =
 *          (int)(t + 0.5), new t rounded half away from zero, stops when
 *          the rounded value moves by <= 0.5; returns the last level.
 * skimage  threshold_li: a continuous threshold on the image shifted to
 *          start at 0; foreground = value > t; starts at initial_guess
 *          (params->li_initial, NaN = the mean), stops when t moves by
 *          <= tolerance (params->li_tolerance, NaN or <= 0 = 0.5 for integer
 *          data, else half the smallest gap between occupied bin centres).
 *          Exact for one-bin-per-value integer histograms (the class means
 *          come from the histogram).  OpenCV has no Li: skimage's is used.
 */
#include <math.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define LI_MAX_ITER 10000 /* neither peer has a cap; this only stops cycles */

static int li_imagej(const segkit_histogram *h,
                     const segkit_threshold_params *p, double *thr,
                     int *count)
{
    /* bilevel() and one-bin histograms: global.c.  Fiji's Auto_Threshold
     * brackets the histogram to its occupied range before every method and
     * adds the offset back */
    const segkit_hist_span s = segkit_hist_bracket(h);
    const int f = s.first, n = s.n;
    const uint64_t *data = s.count;
    double num = (double)h->total, mean = 0.0;
    for (int i = 0; i < n; i++)
        mean += (double)i * (double)data[i];
    mean /= num;
    double new_t = mean, old_t;
    int level = 0;
    for (int iter = 0; iter < LI_MAX_ITER; iter++) {
        old_t = new_t;
        level = (int)(old_t + 0.5);
        if (level < -1)
            level = -1;
        if (level > n - 1)
            level = n - 1;
        double sb = 0, nb = 0, so = 0, no = 0;
        for (int i = 0; i < n; i++) {
            if (i <= level) {
                sb += (double)i * (double)data[i];
                nb += (double)data[i];
            } else {
                so += (double)i * (double)data[i];
                no += (double)data[i];
            }
        }
        double mb = nb == 0 ? 0.0 : sb / nb;
        double mo = no == 0 ? 0.0 : so / no;
        double t = (mb - mo) / (log(mb) - log(mo));
        if (isnan(t))
            t = 0.0; /* Java's (int) cast of NaN */
        if (t < -2.220446049250313e-16)
            new_t = (double)(long long)(t - 0.5);
        else
            new_t = (double)(long long)(t + 0.5);
        if (!(fabs(new_t - old_t) > 0.5))
            break;
    }
    if (level < 0)
        level = 0;
    return segkit_method_level(h, f + level, p, thr, count);
}

static int li_skimage(const segkit_histogram *h,
                      const segkit_threshold_params *p, double *thr,
                      int *count)
{
    int f = segkit_hist_first(h), l = segkit_hist_last(h);
    double vmin = segkit_histogram_centre(h, f);
    if (f == l) { /* one value: skimage returns it */
        thr[0] = vmin;
        *count = 1;
        return SEGKIT_OK;
    }
    double vmax = segkit_histogram_centre(h, l) - vmin;

    double tol = p->li_tolerance;
    if (!(tol > 0.0)) {
        if (h->integer) {
            tol = 0.5;
        } else {
            double gap = INFINITY, prev = NAN;
            for (int i = f; i <= l; i++) {
                if (!h->count[i])
                    continue;
                double c = segkit_histogram_centre(h, i);
                if (!isnan(prev) && c - prev < gap)
                    gap = c - prev;
                prev = c;
            }
            tol = gap / 2;
        }
    }

    long double sum = 0.0L;
    for (int i = f; i <= l; i++)
        sum += (long double)(segkit_histogram_centre(h, i) - vmin) *
               (long double)h->count[i];
    double t_next;
    if (isnan(p->li_initial)) {
        t_next = (double)(sum / (long double)h->total);
    } else {
        t_next = p->li_initial - vmin;
        if (!(0 < t_next && t_next < vmax))
            return SEGKIT_ERR_ARG; /* skimage: ValueError */
    }
    double t_curr = -2 * tol;
    for (int iter = 0; iter < LI_MAX_ITER && fabs(t_next - t_curr) > tol;
         iter++) {
        t_curr = t_next;
        long double sb = 0, nb = 0, sf = 0, nf = 0;
        for (int i = f; i <= l; i++) {
            double c = segkit_histogram_centre(h, i) - vmin;
            long double w = (long double)h->count[i];
            if (c > t_curr) {
                sf += w * c;
                nf += w;
            } else {
                sb += w * c;
                nb += w;
            }
        }
        if (nb == 0 || nf == 0)
            return SEGKIT_ERR_UNSUPPORTED; /* skimage: ZeroDivisionError */
        double mb = (double)(sb / nb), mf = (double)(sf / nf);
        t_next = (mb - mf) / (log(mb) - log(mf));
        if (isnan(t_next))
            return SEGKIT_ERR_UNSUPPORTED;
    }
    thr[0] = t_next + vmin;
    *count = 1;
    return SEGKIT_OK;
}

int segkit_method_li(const segkit_histogram *h,
                     const segkit_threshold_params *p, double *thr,
                     int *count)
{
    if (p->convention == SEGKIT_CONV_IMAGEJ)
        return li_imagej(h, p, thr, count);
    return li_skimage(h, p, thr, count);
}
