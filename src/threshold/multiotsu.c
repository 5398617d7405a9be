/* Multi-level Otsu: classes - 1 thresholds maximising the between-class
 * variance, i.e. sum over classes of S_k^2 / W_k (W = weight, S = first
 * moment of the class), as scikit-image's threshold_multiotsu (Liao, Chen &
 * Chung, "A fast algorithm for multilevel thresholding", J. Inf. Sci. Eng.
 * 17(5): 713-727, 2001).  Classes are [0..t1], [t1+1..t2], ...; a threshold
 * is reported as the value of bin t (skimage: its centre).
 *
 * skimage's objective, reproduced as is:
 *  - it works on the histogram trimmed to its occupied range, with bin
 *    positions 0, 1, 2, ... but its first-moment table starts with prob[0]
 *    instead of 0 * prob[0], so the first class's moment carries an extra
 *    prob[0] (as if the lowest bin sat at position 1);
 *  - its lookup table (used whenever memory allows) leaves the entry for
 *    the class made of bin 0 alone at 0; when bin 1 is empty the same class
 *    ending at bin 1 has the true value, which is why skimage then reports
 *    bin 1 for it.
 * The optimum only depends on the occupied bins (a threshold on an empty bin
 * gives the same classes as one on the occupied bin before it, which comes
 * first in skimage's order), so both searches run on the m occupied bins:
 *  - exhaustive: every combination in skimage's (lexicographic) order, in
 *    float32 with skimage's operation order, first strict maximum: the same
 *    thresholds as skimage, ties included, when C(m-1, classes-1) is small;
 *  - dynamic programme over classes, each layer by divide and conquer: the
 *    within-class sum of squares satisfies the quadrangle inequality (1-D
 *    k-means; Wu 1991, Gronlund et al. 2017), so the optimal split is
 *    monotone in the right end and a layer costs O(m log m) evaluations.
 *    Memory O(classes * m), never the O(L^2) table.  In double precision;
 *    among equal optima the smallest split is kept at each step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

/* exhaustive search above this many combinations goes to the DP */
#define EXHAUSTIVE_MAX 4000000.0

typedef struct {
    int m;          /* occupied bins */
    int *idx;       /* their bin indices in the histogram */
    int bin1_empty; /* trimmed bin 1 empty: LUT quirk (see above) */
    int first;      /* first occupied bin */
    /* float32 cumulative tables at occupied bins (skimage's values) */
    float *zf, *ff;
    /* double cumulative tables for the DP */
    double *zd, *fd;
} mo_ctx;

static void ctx_free(mo_ctx *c)
{
    free(c->idx);
    free(c->zf);
    free(c->ff);
    free(c->zd);
    free(c->fd);
}

static int ctx_init(mo_ctx *c, const segkit_histogram *h)
{
    memset(c, 0, sizeof *c);
    int f = segkit_hist_first(h), l = segkit_hist_last(h), m = 0;
    for (int i = f; i <= l; i++)
        m += h->count[i] != 0;
    size_t n = (size_t)m;
    c->m = m;
    c->first = f;
    c->idx = malloc(n * sizeof *c->idx);
    c->zf = malloc(n * sizeof *c->zf);
    c->ff = malloc(n * sizeof *c->ff);
    c->zd = malloc(n * sizeof *c->zd);
    c->fd = malloc(n * sizeof *c->fd);
    if (!c->idx || !c->zf || !c->ff || !c->zd || !c->fd) {
        ctx_free(c);
        return SEGKIT_ERR_NOMEM;
    }
    double total = (double)h->total;
    float z = 0.0f, fm = 0.0f;
    double zd = 0.0, fd = 0.0;
    int k = 0;
    for (int i = f; i <= l; i++) {
        if (!h->count[i])
            continue;
        long pos = i - f;
        double pd = (double)h->count[i] / total;
        float pf = (float)pd; /* skimage: float64 -> float32 */
        if (k == 0) {
            z = pf;
            fm = pf; /* first_moment[0] = prob[0] */
            zd = pd;
            fd = pd;
        } else {
            z = z + pf;
            fm = fm + (float)pos * pf;
            zd += pd;
            fd += (double)pos * pd;
        }
        c->idx[k] = i;
        c->zf[k] = z;
        c->ff[k] = fm;
        c->zd[k] = zd;
        c->fd[k] = fd;
        k++;
    }
    c->bin1_empty = l > f && h->count[f + 1] == 0;
    return SEGKIT_OK;
}

/* class of occupied bins a..b, float32 as skimage's LUT */
static float var_f(const mo_ctx *c, int a, int b)
{
    float z, s;
    if (a == 0) {
        if (b == 0 && !c->bin1_empty)
            return 0.0f;
        z = c->zf[b];
        s = c->ff[b];
    } else {
        z = c->zf[b] - c->zf[a - 1];
        s = c->ff[b] - c->ff[a - 1];
    }
    if (!(z > 0.0f))
        return 0.0f;
    return (s * s) / z;
}

static double var_d(const mo_ctx *c, int a, int b)
{
    double z, s;
    if (a == 0) {
        if (b == 0 && !c->bin1_empty)
            return 0.0;
        z = c->zd[b];
        s = c->fd[b];
    } else {
        z = c->zd[b] - c->zd[a - 1];
        s = c->fd[b] - c->fd[a - 1];
    }
    if (!(z > 0.0))
        return 0.0;
    return (s * s) / z;
}

/* nt thresholds: t[0] < ... < t[nt-1] <= m - 2, in skimage's order */
static void search_exhaustive(const mo_ctx *c, int nt, int *best)
{
    int t[SEGKIT_THRESHOLD_MAX];
    const int m = c->m;
    float smax = 0.0f;
    for (int k = 0; k < nt; k++)
        t[k] = k;
    for (int k = 0; k < nt; k++)
        best[k] = k;
    for (;;) {
        float sigma = var_f(c, 0, t[0]) + var_f(c, t[nt - 1] + 1, m - 1);
        for (int k = 0; k < nt - 1; k++)
            sigma += var_f(c, t[k] + 1, t[k + 1]);
        if (sigma > smax) {
            smax = sigma;
            memcpy(best, t, (size_t)nt * sizeof *t);
        }
        /* next combination in lexicographic order */
        int k = nt - 1;
        while (k >= 0 && t[k] == m - 1 - nt + k)
            k--;
        if (k < 0)
            break;
        t[k]++;
        for (int j = k + 1; j < nt; j++)
            t[j] = t[j - 1] + 1;
    }
}

typedef struct {
    const mo_ctx *c;
    const double *prev;
    double *cur;
    int *arg;
    int kmin; /* smallest split allowed in this layer */
} dc_layer;

/* cur[j] = max over i in [ilo, ihi] ∩ [kmin, j-1] of prev[i] + var(i+1, j) */
static void dc_solve(const dc_layer *L, int jlo, int jhi, int ilo, int ihi)
{
    while (jlo <= jhi) {
        int mid = jlo + (jhi - jlo) / 2;
        int lo = ilo > L->kmin ? ilo : L->kmin;
        int hi = ihi < mid - 1 ? ihi : mid - 1;
        double best = -INFINITY;
        int bi = lo;
        for (int i = lo; i <= hi; i++) {
            double v = L->prev[i] + var_d(L->c, i + 1, mid);
            if (v > best) {
                best = v;
                bi = i;
            }
        }
        L->cur[mid] = best;
        L->arg[mid] = bi;
        /* left half recursively, right half by iteration */
        dc_solve(L, jlo, mid - 1, ilo, bi);
        jlo = mid + 1;
        ilo = bi;
    }
}

static int search_dp(const mo_ctx *c, int K, int *best)
{
    const int m = c->m;
    size_t n = (size_t)m;
    if ((size_t)K > SIZE_MAX / sizeof(int) / n)
        return SEGKIT_ERR_NOMEM;
    double *prev = malloc(n * sizeof *prev), *cur = malloc(n * sizeof *cur);
    int *arg = malloc((size_t)K * n * sizeof *arg); /* arg[k * m + j] */
    if (!prev || !cur || !arg) {
        free(prev);
        free(cur);
        free(arg);
        return SEGKIT_ERR_NOMEM;
    }
    for (int j = 0; j < m; j++)
        prev[j] = var_d(c, 0, j);
    /* layer k (k + 1 classes): bins 0..j split into k + 1 classes, j >= k */
    for (int k = 1; k < K; k++) {
        dc_layer L = {c, prev, cur, arg + (size_t)k * n, k - 1};
        int jlo = k, jhi = m - 1 - (K - 1 - k); /* later classes need room */
        if (k == K - 1)
            jlo = m - 1;
        for (int j = 0; j < m; j++)
            cur[j] = -INFINITY;
        dc_solve(&L, jlo, jhi, k - 1, jhi - 1);
        double *t = prev;
        prev = cur;
        cur = t;
    }
    /* backtrack: the last class starts after best[K-2] */
    int j = m - 1;
    for (int k = K - 1; k >= 1; k--) {
        j = arg[(size_t)k * n + (size_t)j];
        best[k - 1] = j;
    }
    free(prev);
    free(cur);
    free(arg);
    return SEGKIT_OK;
}

int segkit_multiotsu_search(const segkit_histogram *h, int classes, int mode,
                            int *levels)
{
    if (!h || !h->count || h->total == 0 || classes < 2 ||
        classes > SEGKIT_THRESHOLD_MAX + 1 || !levels)
        return SEGKIT_ERR_ARG;
    mo_ctx c;
    int st = ctx_init(&c, h);
    if (st != SEGKIT_OK)
        return st;
    const int nt = classes - 1;
    int t[SEGKIT_THRESHOLD_MAX];
    if (c.m < classes) {
        ctx_free(&c);
        return SEGKIT_ERR_UNSUPPORTED; /* skimage: ValueError */
    }
    if (c.m == classes) {
        /* every occupied bin but the last; no quirk on this path */
        for (int k = 0; k < nt; k++)
            levels[k] = c.idx[k];
        ctx_free(&c);
        return SEGKIT_OK;
    }
    if (mode == 0) {
        /* C(m - 1, nt), stopping once it is over the limit */
        double comb = 1.0;
        for (int k = 1; k <= nt && comb <= EXHAUSTIVE_MAX; k++)
            comb = comb * (double)(c.m - nt - 1 + k) / k;
        mode = comb <= EXHAUSTIVE_MAX ? 1 : 2;
    }
    if (mode == 1)
        search_exhaustive(&c, nt, t);
    else
        st = search_dp(&c, classes, t);
    if (st == SEGKIT_OK) {
        for (int k = 0; k < nt; k++)
            levels[k] = c.idx[t[k]];
        if (t[0] == 0 && c.bin1_empty)
            levels[0] = c.first + 1; /* skimage's LUT picks bin 1 */
    }
    ctx_free(&c);
    return st;
}

int segkit_method_multiotsu(const segkit_histogram *h,
                            const segkit_threshold_params *p, double *thr,
                            int *count)
{
    int levels[SEGKIT_THRESHOLD_MAX];
    int st = segkit_multiotsu_search(h, p->classes, 0, levels);
    if (st != SEGKIT_OK)
        return st;
    for (int k = 0; k < p->classes - 1; k++)
        thr[k] = segkit_level_value(h, levels[k], p);
    *count = p->classes - 1;
    return SEGKIT_OK;
}
