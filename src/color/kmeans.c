/* k-means (Lloyd) with k-means++ seeding (Arthur & Vassilvitskii, SODA
 * 2007), restarts, and a deterministic order of every floating-point sum.
 *
 * Points: without a spatial weight, the distinct feature vectors of the
 * image with their pixel counts as weights (a hash table finds them, then
 * they are sorted lexicographically), so the work per iteration is over the
 * distinct colours and the result depends only on the colour histogram;
 * else (spatial weight, or too many distinct vectors) every pixel in raster
 * order with weight 1.
 *
 * Distances are float sums ((f0 - c0)^2 + (f1 - c1)^2 + ...) in that order,
 * each point independent of the others, so the vectorised loops (AVX2,
 * AVX-512, chosen at run time) give the same bits as the scalar one: the
 * file is compiled in ISO C mode, where GCC does not contract a * b + c into
 * a fused multiply-add.  Sums over points are double in point order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"

#define KM_MAXD 6      /* 4 channels + x, y */
#define KM_BLOCK 256   /* points per assignment block */

segkit_kmeans_params segkit_kmeans_params_default(void)
{
    segkit_kmeans_params p = {4, 100, 0.01, 1, 0, 0.0};
    return p;
}

/* ---------------------------------------------------------------- PRNG */

/* splitmix64 (Steele, Lea & Flood 2014): tiny, and the same sequence on
 * every machine. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* uniform in [0, 1) with 53 bits */
static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* -------------------------------------------------------------- points */

typedef struct km_points {
    int d;              /* features per point */
    size_t m;           /* points */
    float *f;           /* d planes of m floats: f[j * m + i] */
    double *w;          /* weights */
    double wsum;
} km_points;

/* Nearest centre of points [i0, i1): a[i], dist[i] (squared).  cen: k x d
 * floats.  Ties go to the lower centre index. */
#define KM_ASSIGN_BODY                                                       \
    {                                                                        \
        float acc[KM_BLOCK], best[KM_BLOCK];                                 \
        int32_t bi[KM_BLOCK];                                                \
        size_t m = P->m;                                                     \
        for (size_t b0 = i0; b0 < i1; b0 += KM_BLOCK) {                      \
            int n = (int)(i1 - b0 < KM_BLOCK ? i1 - b0 : KM_BLOCK);          \
            for (int c = 0; c < k; c++) {                                    \
                for (int i = 0; i < n; i++)                                  \
                    acc[i] = 0;                                              \
                for (int j = 0; j < P->d; j++) {                             \
                    const float *f = P->f + (size_t)j * m + b0;              \
                    float cj = cen[c * P->d + j];                            \
                    for (int i = 0; i < n; i++) {                            \
                        float t = f[i] - cj;                                 \
                        acc[i] = acc[i] + t * t;                             \
                    }                                                        \
                }                                                            \
                if (c == 0) {                                                \
                    for (int i = 0; i < n; i++) {                            \
                        best[i] = acc[i];                                    \
                        bi[i] = 0;                                           \
                    }                                                        \
                } else {                                                     \
                    for (int i = 0; i < n; i++) {                            \
                        int lt = acc[i] < best[i];                           \
                        best[i] = lt ? acc[i] : best[i];                     \
                        bi[i] = lt ? c : bi[i];                              \
                    }                                                        \
                }                                                            \
            }                                                                \
            memcpy(a + b0, bi, (size_t)n * sizeof *bi);                      \
            memcpy(dist + b0, best, (size_t)n * sizeof *best);               \
        }                                                                    \
    }

static void assign_scalar(const km_points *P, size_t i0, size_t i1,
                          const float *cen, int k, int32_t *a, float *dist)
    KM_ASSIGN_BODY

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2")))
static void assign_avx2(const km_points *P, size_t i0, size_t i1,
                        const float *cen, int k, int32_t *a, float *dist)
    KM_ASSIGN_BODY

__attribute__((target("avx2,avx512f,prefer-vector-width=512")))
static void assign_avx512(const km_points *P, size_t i0, size_t i1,
                          const float *cen, int k, int32_t *a, float *dist)
    KM_ASSIGN_BODY
#endif

typedef void (*assign_fn)(const km_points *, size_t, size_t, const float *,
                          int, int32_t *, float *);

static assign_fn pick_assign(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx512f"))
        return assign_avx512;
    if (__builtin_cpu_supports("avx2"))
        return assign_avx2;
#endif
    return assign_scalar;
}

/* --------------------------------------------------- distinct vectors */

static uint32_t hash_vec(const uint32_t *v, int d)
{
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int j = 0; j < d; j++) {
        h ^= v[j];
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    return (uint32_t)h;
}

/* A distinct vector (d floats) for qsort: lexicographic order. */
typedef struct row_ref {
    const float *p;
    int d;
} row_ref;

static int cmp_rows(const void *a, const void *b)
{
    const row_ref *x = a, *y = b;
    for (int j = 0; j < x->d; j++) {
        if (x->p[j] < y->p[j])
            return -1;
        if (x->p[j] > y->p[j])
            return 1;
    }
    return 0;
}

/* Finds the distinct vectors of the n x d values vals (row-major).  On
 * success fills P (sorted lexicographically, weights = counts) and map[p]
 * = the sorted index of pixel p's vector; returns 1.  Returns 0 (nothing
 * allocated) when there are more than `limit` distinct vectors, -1 when
 * out of memory. */
static int distinct_points(const float *vals, size_t n, int d, size_t limit,
                           km_points *P, int32_t *map)
{
    size_t cap = 16;
    while (cap < 2 * limit)
        cap <<= 1;
    uint32_t *slot = calloc(cap, sizeof *slot);   /* row index + 1 */
    float *rows = cl_alloc(limit, (size_t)d * sizeof(float));
    double *cnt = cl_alloc(limit, sizeof(double));
    if (!slot || !rows || !cnt) {
        free(slot), free(rows), free(cnt);
        return -1;
    }
    size_t m = 0, mask = cap - 1;
    for (size_t p = 0; p < n; p++) {
        const float *v = vals + p * (size_t)d;
        uint32_t bits[4];
        memcpy(bits, v, (size_t)d * sizeof(float));
        size_t s = hash_vec(bits, d) & mask;
        for (;;) {
            uint32_t r = slot[s];
            if (!r) {
                if (m == limit) {
                    free(slot), free(rows), free(cnt);
                    return 0;
                }
                memcpy(rows + m * (size_t)d, v, (size_t)d * sizeof(float));
                cnt[m] = 0;
                slot[s] = (uint32_t)++m;
                r = (uint32_t)m;
            }
            if (!memcmp(rows + (size_t)(r - 1) * d, v, (size_t)d * sizeof(float))) {
                cnt[r - 1] += 1;
                map[p] = (int32_t)(r - 1);
                break;
            }
            s = (s + 1) & mask;
        }
    }
    free(slot);
    row_ref *ref = cl_alloc(m, sizeof *ref);
    int32_t *rank = cl_alloc(m, sizeof *rank);
    P->f = cl_alloc(m, (size_t)d * sizeof(float));
    P->w = cl_alloc(m, sizeof(double));
    if (!ref || !rank || !P->f || !P->w) {
        free(ref), free(rank), free(rows), free(cnt), free(P->f), free(P->w);
        P->f = NULL, P->w = NULL;
        return -1;
    }
    for (size_t i = 0; i < m; i++)
        ref[i].p = rows + i * (size_t)d, ref[i].d = d;
    qsort(ref, m, sizeof *ref, cmp_rows);
    P->d = d;
    P->m = m;
    P->wsum = 0;
    for (size_t i = 0; i < m; i++) {
        size_t old = (size_t)(ref[i].p - rows) / (size_t)d;
        rank[old] = (int32_t)i;
        for (int j = 0; j < d; j++)
            P->f[(size_t)j * m + i] = ref[i].p[j];
        P->w[i] = cnt[old];
    }
    for (size_t i = 0; i < m; i++)
        P->wsum += P->w[i];
    for (size_t p = 0; p < n; p++)
        map[p] = rank[map[p]];
    free(ref), free(rank), free(rows), free(cnt);
    return 1;
}

/* ------------------------------------------------------------- Lloyd */

typedef struct km_run {
    double cen[SEGKIT_KMEANS_MAX_K][KM_MAXD];
    double wt[SEGKIT_KMEANS_MAX_K];
    double compactness;
    int iterations;
} km_run;

static double sq(double v)
{
    return v * v;
}

/* k-means++: centre 0 drawn by weight, the next ones by weight x D^2. */
static void seed_pp(const km_points *P, int k, uint64_t *rng, double *d2,
                    double cen[][KM_MAXD])
{
    size_t m = P->m;
    int d = P->d;
    size_t pick = 0;
    double r = rng_unit(rng) * P->wsum, cum = 0;
    for (pick = 0; pick + 1 < m; pick++) {
        cum += P->w[pick];
        if (cum > r)
            break;
    }
    for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++)
            cen[c][j] = P->f[(size_t)j * m + pick];
        if (c + 1 == k)
            break;
        double tot = 0;
        for (size_t i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < d; j++)
                s += sq((double)P->f[(size_t)j * m + i] - cen[c][j]);
            if (c == 0 || s < d2[i])
                d2[i] = s;
            tot += P->w[i] * d2[i];
        }
        r = rng_unit(rng) * tot;
        cum = 0;
        size_t last = 0;
        for (pick = 0; pick < m; pick++) {
            double t = P->w[pick] * d2[pick];
            if (t > 0) {
                last = pick;
                cum += t;
                if (cum > r)
                    break;
            }
        }
        if (pick == m)
            pick = last;
    }
}

/* Means of the points per cluster (wt[c] = 0 for an empty one). */
static void update_means(const km_points *P, const int32_t *a, int k,
                         double cen[][KM_MAXD], double *wt)
{
    size_t m = P->m;
    double sum[SEGKIT_KMEANS_MAX_K][KM_MAXD];
    memset(sum, 0, sizeof(double) * KM_MAXD * (size_t)k);
    memset(wt, 0, sizeof(double) * (size_t)k);
    for (size_t i = 0; i < m; i++) {
        int c = a[i];
        double w = P->w[i];
        wt[c] += w;
        for (int j = 0; j < P->d; j++)
            sum[c][j] += w * P->f[(size_t)j * m + i];
    }
    for (int c = 0; c < k; c++)
        if (wt[c] > 0)
            for (int j = 0; j < P->d; j++)
                cen[c][j] = sum[c][j] / wt[c];
}

static int run_lloyd(const km_points *P, const segkit_kmeans_params *prm,
                     int k, uint64_t *rng, assign_fn assign, int32_t *a,
                     int32_t *prev, float *dist, double *d2, km_run *R)
{
    size_t m = P->m;
    int d = P->d;
    float cf[SEGKIT_KMEANS_MAX_K * KM_MAXD];
    seed_pp(P, k, rng, d2, R->cen);
    R->iterations = 0;
    for (;;) {
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                cf[c * d + j] = (float)R->cen[c][j];
        assign(P, 0, m, cf, k, a, dist);
        int changed = R->iterations == 0 ||
                      memcmp(a, prev, m * sizeof *a) != 0;
        if (!changed || R->iterations >= prm->max_iter)
            break;
        memcpy(prev, a, m * sizeof *a);
        double old[SEGKIT_KMEANS_MAX_K][KM_MAXD];
        memcpy(old, R->cen, sizeof(double) * KM_MAXD * (size_t)k);
        update_means(P, a, k, R->cen, R->wt);
        /* an empty cluster takes the point farthest from its centre among
         * clusters of more than one point (first such point on ties) */
        for (int c = 0; c < k; c++) {
            if (R->wt[c] > 0)
                continue;
            size_t npts[SEGKIT_KMEANS_MAX_K] = {0};
            for (size_t i = 0; i < m; i++)
                npts[a[i]]++;
            size_t far = m;
            for (size_t i = 0; i < m; i++)
                if (npts[a[i]] > 1 && (far == m || dist[i] > dist[far]))
                    far = i;
            if (far == m)
                break;
            for (int j = 0; j < d; j++)
                R->cen[c][j] = P->f[(size_t)j * m + far];
            dist[far] = 0;
            a[far] = c;
            R->wt[c] = P->w[far];
        }
        R->iterations++;
        double shift = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++)
                s += sq(R->cen[c][j] - old[c][j]);
            if (s > shift)
                shift = s;
        }
        if (sqrt(shift) <= prm->tol) {
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++)
                    cf[c * d + j] = (float)R->cen[c][j];
            assign(P, 0, m, cf, k, a, dist);
            break;
        }
    }
    /* the centres reported are the means of the final labels */
    update_means(P, a, k, R->cen, R->wt);
    double comp = 0;
    for (size_t i = 0; i < m; i++) {
        double s = 0;
        for (int j = 0; j < d; j++)
            s += sq((double)P->f[(size_t)j * m + i] - R->cen[a[i]][j]);
        comp += P->w[i] * s;
    }
    R->compactness = comp;
    return 0;
}

typedef struct cen_key {
    const double *c;
    int d;
    int idx;
} cen_key;

static int cmp_centres(const void *x, const void *y)
{
    const cen_key *a = x, *b = y;
    for (int j = 0; j < a->d; j++) {
        if (a->c[j] < b->c[j])
            return -1;
        if (a->c[j] > b->c[j])
            return 1;
    }
    return a->idx - b->idx;
}

int segkit_kmeans(const segkit_image *src, const segkit_kmeans_params *params,
                  segkit_image *labels, segkit_kmeans_result *res)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (res)
        memset(res, 0, sizeof *res);
    segkit_kmeans_params prm = params ? *params : segkit_kmeans_params_default();
    if (!labels || prm.k < 1 || prm.k > SEGKIT_KMEANS_MAX_K ||
        prm.max_iter < 1 || !(prm.tol >= 0) || prm.attempts < 1 ||
        !(prm.spatial_weight >= 0) || !isfinite(prm.spatial_weight) ||
        !isfinite(prm.tol))
        return SEGKIT_ERR_ARG;
    float *planes = NULL;
    int st = cl_planar(src, 1.0, 1.0, &planes);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    size_t n = (size_t)w * (size_t)h;
    int spatial = prm.spatial_weight > 0;
    int d = C + 2 * spatial;

    km_points P = {0};
    int32_t *map = cl_alloc(n, sizeof *map);
    float *vals = NULL;
    st = SEGKIT_ERR_NOMEM;
    if (!map)
        goto done;
    int found = 0;
    if (!spatial) {
        vals = cl_alloc(n, (size_t)C * sizeof(float));
        if (!vals)
            goto done;
        for (size_t p = 0; p < n; p++)
            for (int c = 0; c < C; c++)
                vals[p * C + c] = planes[(size_t)c * n + p] + 0.0f; /* -0 -> +0 */
        size_t limit = n / 2 > 0 ? n / 2 : 1;
        if (limit > ((size_t)1 << 30))
            limit = (size_t)1 << 30;
        found = distinct_points(vals, n, C, limit, &P, map);
        free(vals);
        vals = NULL;
        if (found < 0)
            goto done;
    }
    if (!found) {
        /* every pixel, raster order */
        P.d = d;
        P.m = n;
        P.f = cl_alloc(n, (size_t)d * sizeof(float));
        P.w = cl_alloc(n, sizeof(double));
        if (!P.f || !P.w)
            goto done;
        memcpy(P.f, planes, n * (size_t)C * sizeof(float));
        if (spatial) {
            float sw = (float)prm.spatial_weight;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    size_t p = (size_t)y * w + x;
                    P.f[(size_t)C * n + p] = (float)x * sw;
                    P.f[(size_t)(C + 1) * n + p] = (float)y * sw;
                }
        }
        for (size_t p = 0; p < n; p++) {
            P.w[p] = 1;
            map[p] = (int32_t)p;
        }
        P.wsum = (double)n;
    }
    free(planes);
    planes = NULL;

    size_t m = P.m;
    int k = prm.k < (int)(m < 256 ? m : 256) ? prm.k : (int)(m < 256 ? m : 256);
    int32_t *a = cl_alloc(m, sizeof *a), *best = cl_alloc(m, sizeof *best),
            *prev = cl_alloc(m, sizeof *prev);
    float *dist = cl_alloc(m, sizeof *dist);
    double *d2 = cl_alloc(m, sizeof *d2);
    km_run *R = malloc(sizeof *R), *B = malloc(sizeof *B);
    int ok = a && best && prev && dist && d2 && R && B;
    if (ok) {
        uint64_t rng = prm.seed;
        assign_fn assign = pick_assign();
        int kept = 0;
        for (int t = 0; t < prm.attempts; t++) {
            run_lloyd(&P, &prm, k, &rng, assign, a, prev, dist, d2, R);
            if (t == 0 || R->compactness < B->compactness) {
                *B = *R;
                kept = t;
                memcpy(best, a, m * sizeof *a);
            }
        }
        /* number the non-empty clusters by their centres */
        cen_key key[SEGKIT_KMEANS_MAX_K];
        int nk = 0;
        for (int c = 0; c < k; c++)
            if (B->wt[c] > 0)
                key[nk].c = B->cen[c], key[nk].d = d, key[nk].idx = c, nk++;
        qsort(key, (size_t)nk, sizeof *key, cmp_centres);
        int32_t lab_of[SEGKIT_KMEANS_MAX_K] = {0};
        for (int i = 0; i < nk; i++)
            lab_of[key[i].idx] = i + 1;
        st = segkit_image_create(labels, w, h, 1, SEGKIT_I32);
        if (st == SEGKIT_OK) {
            for (int y = 0; y < h; y++) {
                int32_t *row = segkit_image_row(labels, y);
                for (int x = 0; x < w; x++)
                    row[x] = lab_of[best[map[(size_t)y * w + x]]];
            }
            if (res) {
                res->k = nk;
                res->channels = C;
                res->compactness = B->compactness;
                res->iterations = B->iterations;
                res->attempt = kept;
                for (int i = 0; i < nk; i++) {
                    int c = key[i].idx;
                    for (int j = 0; j < C; j++)
                        res->center[i][j] = B->cen[c][j];
                    if (spatial) {
                        res->center_xy[i][0] = B->cen[c][C] / prm.spatial_weight;
                        res->center_xy[i][1] = B->cen[c][C + 1] / prm.spatial_weight;
                    }
                    res->count[i] = (int64_t)B->wt[c];
                }
            }
        }
    } else {
        st = SEGKIT_ERR_NOMEM;
    }
    free(a), free(best), free(prev), free(dist), free(d2), free(R), free(B);
done:
    free(planes);
    free(vals);
    free(map);
    free(P.f);
    free(P.w);
    return st;
}
