/* Histogram buffers shared by the global threshold methods: the non-empty
 * bin list, a histogram copied into doubles, and the cumulative normalised
 * histogram of ImageJ's entropy methods.  Declared in
 * src/internal/threshold_hist.h. */
#include <math.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define JAVA_EPS 2.220446049250313E-16 /* Java's DBL_EPSILON literal */

int *segkit_hist_nonzero(const segkit_histogram *h, int *n)
{
    if ((size_t)h->nbins > SIZE_MAX / sizeof(int))
        return NULL;
    int *k = malloc((size_t)h->nbins * sizeof *k);
    if (!k)
        return NULL;
    int m = 0;
    for (int i = 0; i < h->nbins; i++)
        if (h->count[i])
            k[m++] = i;
    *n = m;
    return k;
}

double *segkit_hist_doubles(const segkit_histogram *h, int first, int n,
                            int copies)
{
    if (n < 1 || copies < 1 ||
        (size_t)n > SIZE_MAX / sizeof(double) / (size_t)copies)
        return NULL;
    double *y = malloc((size_t)copies * (size_t)n * sizeof *y);
    if (!y)
        return NULL;
    for (int i = 0; i < n; i++)
        y[i] = (double)h->count[first + i];
    return y;
}

int segkit_ij_cumul_init(segkit_ij_cumul *c, const segkit_histogram *h,
                         int extra)
{
    const int L = h->nbins;
    const uint64_t *d = h->count;
    size_t per = (3 + (size_t)extra) * sizeof(double) + sizeof(int);
    if ((size_t)L > SIZE_MAX / per)
        return SEGKIT_ERR_NOMEM;
    double *norm = malloc((size_t)L * per);
    if (!norm)
        return SEGKIT_ERR_NOMEM;
    c->norm = norm;
    c->P1 = norm + L;
    c->P2 = c->P1 + L;
    c->extra = extra ? c->P2 + L : NULL;
    c->k = (int *)(c->P2 + (size_t)L * (1 + (size_t)extra));
    c->n = 0;
    c->nbins = L;
    double total = (double)h->total;
    for (int i = 0; i < L; i++) {
        norm[i] = (double)d[i] / total;
        c->P1[i] = i ? c->P1[i - 1] + norm[i] : norm[i];
        c->P2[i] = 1.0 - c->P1[i];
        if (d[i])
            c->k[c->n++] = i;
    }
    c->first_bin = 0;
    c->last_bin = L - 1;
    for (int i = 0; i < L; i++)
        if (!(fabs(c->P1[i]) < JAVA_EPS)) {
            c->first_bin = i;
            break;
        }
    for (int i = L - 1; i >= c->first_bin; i--)
        if (!(fabs(c->P2[i]) < JAVA_EPS)) {
            c->last_bin = i;
            break;
        }
    return SEGKIT_OK;
}

void segkit_ij_cumul_free(segkit_ij_cumul *c)
{
    free(c->norm);
    c->norm = c->P1 = c->P2 = c->extra = NULL;
    c->k = NULL;
}

int segkit_ij_cumul_level(segkit_ij_cumul *c, const segkit_histogram *h, int level,
                          const segkit_threshold_params *p, double *thr, int *count)
{
    segkit_ij_cumul_free(c);
    if (level < 0)
        level = 0; /* ImageJ's getThreshold: -1 -> 0 */
    return segkit_method_level(h, level, p, thr, count);
}

void segkit_ij_shannon_sums(segkit_ij_cumul *c)
{
    double *plogp = c->extra, *p = c->extra + c->nbins;
    for (int j = 0; j < c->n; j++) {
        double v = c->norm[c->k[j]];
        plogp[j] = (j ? plogp[j - 1] : 0) + v * log(v);
        p[j] = (j ? p[j - 1] : 0) + v;
    }
}

double segkit_ij_shannon(const segkit_ij_cumul *c, int j)
{
    const double *norm = c->norm;
    const int *k = c->k;
    int it = k[j], n = c->n;
    double P1 = c->P1[it], P2 = c->P2[it];
    double eb = 0.0, eo = 0.0;
    if (n <= SEGKIT_IJ_DIRECT) {
        for (int q = 0; q <= j; q++)
            eb -= (norm[k[q]] / P1) * log(norm[k[q]] / P1);
        for (int q = j + 1; q < n; q++)
            eo -= (norm[k[q]] / P2) * log(norm[k[q]] / P2);
    } else {
        const double *plogp = c->extra, *p = c->extra + c->nbins;
        double a = plogp[j], s = p[j];
        eb = log(P1) * s / P1 - a / P1;
        if (j + 1 < n) {
            double ao = plogp[n - 1] - a, so = p[n - 1] - s;
            eo = log(P2) * so / P2 - ao / P2;
        }
    }
    return eb + eo;
}
