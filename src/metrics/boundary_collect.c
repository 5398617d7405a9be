/* collect_eval_bdry: ODS, OIS and AP over a data set
 * (BSR/bench/benchmarks/collect_eval_bdry.m).
 *   R = cnt_r / sum_r, P = cnt_p / sum_p (0 when the sum is 0),
 *   F = 2PR / (P + R) (0 when P + R = 0).
 *   maxF: best F over the thresholds, also trying 100 points
 *     d = linspace(0, 1) on each segment between consecutive thresholds
 *     (T, R and P interpolated linearly); strict improvement only.
 *   ODS: maxF on the counts summed over images.  Per image: maxF too.
 *   OIS: for each image the first threshold with the largest
 *     (uninterpolated) F; its counts summed over images give R, P, F.
 *   AP: R values made unique (sorted, MATLAB unique keeps the last index of
 *     a repeated value), P interpolated linearly at R = 0:0.01:1 (0 outside
 *     the range of R), summed x 0.01; 0 when fewer than two distinct R.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

static double ratio(int64_t cnt, int64_t sum)
{
    return (double)cnt / (double)(sum + (sum == 0));
}

static double fmeasure(double r, double p)
{
    return 2.0 * p * r / (p + r + ((p + r) == 0.0));
}

static segkit_boundary_prf max_f(const double *t, const double *r,
                                 const double *p, int n)
{
    segkit_boundary_prf b = { t[0], r[0], p[0], fmeasure(r[0], p[0]) };
    for (int i = 1; i < n; i++) {
        for (int k = 0; k < 100; k++) {
            double d = k == 99 ? 1.0 : (double)k * (1.0 / 99.0);
            double tt = t[i] * d + t[i - 1] * (1.0 - d);
            double rr = r[i] * d + r[i - 1] * (1.0 - d);
            double pp = p[i] * d + p[i - 1] * (1.0 - d);
            double f = fmeasure(rr, pp);
            if (f > b.f) {
                b.thresh = tt;
                b.recall = rr;
                b.precision = pp;
                b.f = f;
            }
        }
    }
    return b;
}

typedef struct { double r, p; int idx; } rp_t;

static int cmp_rp(const void *a, const void *b)
{
    const rp_t *x = a, *y = b;
    if (x->r < y->r) return -1;
    if (x->r > y->r) return 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

int segkit_boundary_collect(const segkit_boundary_counts *counts, int nimages,
                            int nthresh, segkit_boundary_summary *summary,
                            segkit_boundary_prf *per_image,
                            segkit_boundary_prf *per_thresh)
{
    if (summary)
        memset(summary, 0, sizeof *summary);
    if (!counts || !summary || nimages < 1 || nthresh < 1)
        return SEGKIT_ERR_ARG;
    if ((size_t)nthresh > SIZE_MAX / (4 * sizeof(double) + sizeof(rp_t)) ||
        (size_t)nimages > SIZE_MAX / (size_t)nthresh)
        return SEGKIT_ERR_OVERFLOW;
    size_t nt = (size_t)nthresh;
    double *buf = malloc(nt * 6 * sizeof(double));
    int64_t *tot = malloc(nt * 4 * sizeof(int64_t));
    rp_t *rp = malloc(nt * sizeof *rp);
    if (!buf || !tot || !rp) {
        free(buf);
        free(tot);
        free(rp);
        return SEGKIT_ERR_NOMEM;
    }
    double *t = buf, *r = buf + nt, *p = buf + 2 * nt, *f = buf + 3 * nt;
    memset(tot, 0, nt * 4 * sizeof(int64_t));
    int64_t best[4] = { 0, 0, 0, 0 };
    for (int k = 0; k < nthresh; k++)
        t[k] = counts[k].thresh;
    for (int i = 0; i < nimages; i++) {
        const segkit_boundary_counts *c = counts + (size_t)i * nt;
        int ff = 0;
        for (int k = 0; k < nthresh; k++) {
            r[k] = ratio(c[k].cnt_r, c[k].sum_r);
            p[k] = ratio(c[k].cnt_p, c[k].sum_p);
            f[k] = fmeasure(r[k], p[k]);
            if (f[k] > f[ff])
                ff = k;
            tot[4 * k + 0] += c[k].cnt_r;
            tot[4 * k + 1] += c[k].sum_r;
            tot[4 * k + 2] += c[k].cnt_p;
            tot[4 * k + 3] += c[k].sum_p;
        }
        if (per_image)
            per_image[i] = max_f(t, r, p, nthresh);
        best[0] += c[ff].cnt_r;
        best[1] += c[ff].sum_r;
        best[2] += c[ff].cnt_p;
        best[3] += c[ff].sum_p;
    }
    for (int k = 0; k < nthresh; k++) {
        r[k] = ratio(tot[4 * k + 0], tot[4 * k + 1]);
        p[k] = ratio(tot[4 * k + 2], tot[4 * k + 3]);
        f[k] = fmeasure(r[k], p[k]);
        if (per_thresh) {
            per_thresh[k].thresh = t[k];
            per_thresh[k].recall = r[k];
            per_thresh[k].precision = p[k];
            per_thresh[k].f = f[k];
        }
    }
    summary->ods = max_f(t, r, p, nthresh);
    summary->ois_recall = ratio(best[0], best[1]);
    summary->ois_precision = ratio(best[2], best[3]);
    summary->ois_f = fmeasure(summary->ois_recall, summary->ois_precision);

    /* AP: unique R (last index of a repeated value), then interp1 */
    for (int k = 0; k < nthresh; k++) {
        rp[k].r = r[k];
        rp[k].p = p[k];
        rp[k].idx = k;
    }
    qsort(rp, nt, sizeof *rp, cmp_rp);
    size_t m = 0;
    for (size_t k = 0; k < nt; k++) {
        if (m > 0 && rp[m - 1].r == rp[k].r)
            rp[m - 1] = rp[k];          /* later index wins */
        else
            rp[m++] = rp[k];
    }
    double area = 0.0;
    if (m > 1) {
        for (int q = 0; q <= 100; q++) {
            double ri = (double)q * 0.01;
            if (ri < rp[0].r || ri > rp[m - 1].r)
                continue;
            size_t k = 0;
            while (k + 2 < m && ri > rp[k + 1].r)
                k++;
            double x0 = rp[k].r, x1 = rp[k + 1].r;
            double v = ri == x1 ? rp[k + 1].p
                                : rp[k].p + (rp[k + 1].p - rp[k].p) *
                                                (ri - x0) / (x1 - x0);
            area += v;
        }
        area *= 0.01;
    }
    summary->ap = area;
    free(buf);
    free(tot);
    free(rp);
    return SEGKIT_OK;
}
