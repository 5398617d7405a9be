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
    double *w;          /* weights; NULL: all 1 */
    double wsum;
    int32_t *rank;      /* distinct path: sorted index of each vector in
                           order of discovery (map's values); else NULL */
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

/* isa: -1 the best the CPU has, else at most 0 baseline, 1 AVX2, 2 AVX-512 */
static assign_fn pick_assign(int isa)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (isa < 0)
        isa = 2;
    if (isa >= 2 && __builtin_cpu_supports("avx512f"))
        return assign_avx512;
    if (isa >= 1 && __builtin_cpu_supports("avx2"))
        return assign_avx2;
#endif
    (void)isa;
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

/* Order-preserving unsigned key of a float (no NaN here). */
static inline uint32_t fkey(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : u | 0x80000000u;
}

/* Sorts the row indices of m rows of d floats lexicographically: LSD radix
 * sort, channel d-1 first, 16 bits at a time (a pass whose digit is the
 * same for every row is skipped).  idx: out, m entries.  0 or -1 (memory). */
static int sort_rows(const float *rows, size_t m, int d, uint32_t *idx)
{
    uint32_t *key = cl_alloc(m, sizeof *key), *k2 = cl_alloc(m, sizeof *k2),
             *i2 = cl_alloc(m, sizeof *i2);
    size_t *cnt = cl_alloc(65536, sizeof *cnt);
    if (!key || !k2 || !i2 || !cnt) {
        free(key), free(k2), free(i2), free(cnt);
        return -1;
    }
    for (size_t i = 0; i < m; i++)
        idx[i] = (uint32_t)i;
    for (int j = d - 1; j >= 0; j--) {
        for (size_t i = 0; i < m; i++)
            key[i] = fkey(rows[(size_t)idx[i] * d + j]);
        for (int sh = 0; sh < 32; sh += 16) {
            memset(cnt, 0, 65536 * sizeof *cnt);
            for (size_t i = 0; i < m; i++)
                cnt[(key[i] >> sh) & 0xffff]++;
            if (cnt[(key[0] >> sh) & 0xffff] == m)
                continue;
            size_t sum = 0;
            for (int b = 0; b < 65536; b++) {
                size_t c = cnt[b];
                cnt[b] = sum;
                sum += c;
            }
            for (size_t i = 0; i < m; i++) {
                size_t o = cnt[(key[i] >> sh) & 0xffff]++;
                k2[o] = key[i];
                i2[o] = idx[i];
            }
            memcpy(key, k2, m * sizeof *key);
            memcpy(idx, i2, m * sizeof *idx);
        }
    }
    free(key), free(k2), free(i2), free(cnt);
    return 0;
}

/* Pixel x of a row as float bits (u8/u16 converted, f32 -0 made +0);
 * 0, or -1 for a non-finite f32 sample. */
static inline int pixel_bits(const void *row, segkit_type type, int C, int x,
                             uint32_t bits[4])
{
    float v[4] = {0, 0, 0, 0};
    if (type == SEGKIT_U8) {
        const uint8_t *r = (const uint8_t *)row + (size_t)x * C;
        for (int c = 0; c < C; c++)
            v[c] = r[c];
    } else if (type == SEGKIT_U16) {
        const uint16_t *r = (const uint16_t *)row + (size_t)x * C;
        for (int c = 0; c < C; c++)
            v[c] = r[c];
    } else {
        const float *r = (const float *)row + (size_t)x * C;
        for (int c = 0; c < C; c++) {
            if (!isfinite(r[c]))
                return -1;
            v[c] = r[c] + 0.0f;
        }
    }
    memcpy(bits, v, sizeof v);
    return 0;
}

/* The distinct vectors found so far: open addressing with (hash, row + 1)
 * per slot, grown to keep the load <= 1/2; rows and counts grow with it. */
typedef struct vtab {
    int d;
    size_t cap, m, limit;
    uint64_t *slot;
    float *rows;      /* m x d */
    double *cnt;
} vtab;

static int vtab_grow(vtab *t)
{
    size_t nc = t->cap ? t->cap * 2 : 4096;
    uint64_t *ns = calloc(nc, sizeof *ns);
    float *nr = realloc(t->rows, nc / 2 * (size_t)t->d * sizeof(float));
    if (nr)
        t->rows = nr;
    double *nn = realloc(t->cnt, nc / 2 * sizeof(double));
    if (nn)
        t->cnt = nn;
    if (!ns || !nr || !nn) {
        free(ns);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slot[i])
            continue;
        size_t s = (t->slot[i] >> 32) & (nc - 1);
        while (ns[s])
            s = (s + 1) & (nc - 1);
        ns[s] = t->slot[i];
    }
    free(t->slot);
    t->slot = ns;
    t->cap = nc;
    return 0;
}

/* Row index + 1 of vector bits (hash hv), added if new; 0 past the limit,
 * -1 out of memory. */
static long vtab_find(vtab *t, const uint32_t bits[4], uint32_t hv)
{
    size_t mask = t->cap - 1, s = hv & mask;
    for (;;) {
        uint64_t e = t->slot[s];
        uint32_t r = (uint32_t)e;
        if (!r)
            break;
        if ((uint32_t)(e >> 32) == hv) {
            uint32_t o[4] = {0};
            memcpy(o, t->rows + (size_t)(r - 1) * t->d, (size_t)t->d * sizeof(float));
            if (((o[0] ^ bits[0]) | (o[1] ^ bits[1]) | (o[2] ^ bits[2]) |
                 (o[3] ^ bits[3])) == 0)
                return r;
        }
        s = (s + 1) & mask;
    }
    if (t->m == t->limit)
        return 0;
    memcpy(t->rows + t->m * (size_t)t->d, bits, (size_t)t->d * sizeof(float));
    t->cnt[t->m] = 0;
    long r = (long)++t->m;
    t->slot[s] = (uint64_t)hv << 32 | (uint32_t)r;
    if (t->m == t->cap / 2 && vtab_grow(t))
        return -1;
    return r;
}

/* Finds the distinct feature vectors of src's pixels.  On success fills P
 * (sorted lexicographically, weights = counts, P->rank) and map[p] = the
 * index of pixel p's vector in order of discovery (P->rank[map[p]] is its
 * sorted index; p in raster order); returns 1.  Returns 0
 * (nothing allocated) when there are more than `limit` distinct vectors,
 * -1 when out of memory, -2 for a non-finite sample. */
static int distinct_points(const segkit_image *src, size_t limit,
                           km_points *P, int32_t *map)
{
    int d = src->channels, w = src->width, h = src->height;
    size_t n = (size_t)w * h;
    vtab t = {d, 0, 0, limit, NULL, NULL, NULL};
    int ret = vtab_grow(&t) ? -1 : 1;
    /* blocks of HB pixels: read and hash them all and prefetch their slots,
     * then look them up (otherwise every lookup waits for a cache miss) */
    enum { HB = 32 };
    uint32_t pb[HB][4], ph[HB], last[4] = {0};
    long lastr = 0;
    int x = 0, y = 0;
    const void *row = segkit_image_row(src, 0);
    for (size_t p0 = 0; p0 < n && ret == 1; p0 += HB) {
        size_t nb = n - p0 < HB ? n - p0 : HB;
        for (size_t i = 0; i < nb && ret == 1; i++, x++) {
            if (x == w)
                x = 0, y++, row = segkit_image_row(src, y);
            if (pixel_bits(row, src->type, d, x, pb[i]))
                ret = -2;
            ph[i] = hash_vec(pb[i], d);
            __builtin_prefetch(t.slot + (ph[i] & (t.cap - 1)));
        }
        for (size_t i = 0; i < nb && ret == 1; i++) {
            const uint32_t *b = pb[i];
            /* a run of equal pixels needs no lookup */
            if (!lastr || ((last[0] ^ b[0]) | (last[1] ^ b[1]) |
                           (last[2] ^ b[2]) | (last[3] ^ b[3])) != 0) {
                lastr = vtab_find(&t, b, ph[i]);
                memcpy(last, b, sizeof last);
            }
            if (lastr <= 0)
                ret = (int)lastr;
            else
                t.cnt[lastr - 1] += 1, map[p0 + i] = (int32_t)(lastr - 1);
        }
    }
    free(t.slot);
    if (ret != 1) {
        free(t.rows), free(t.cnt);
        return ret;
    }
    float *rows = t.rows;
    double *cnt = t.cnt;
    size_t m = t.m;
    uint32_t *ord = cl_alloc(m, sizeof *ord);
    int32_t *rank = cl_alloc(m, sizeof *rank);
    P->f = cl_alloc(m, (size_t)d * sizeof(float));
    P->w = cl_alloc(m, sizeof(double));
    if (!ord || !rank || !P->f || !P->w || sort_rows(rows, m, d, ord)) {
        free(ord), free(rank), free(rows), free(cnt), free(P->f), free(P->w);
        P->f = NULL, P->w = NULL;
        return -1;
    }
    P->d = d;
    P->m = m;
    P->wsum = 0;
    for (size_t i = 0; i < m; i++) {
        size_t old = ord[i];
        rank[old] = (int32_t)i;
        for (int j = 0; j < d; j++)
            P->f[(size_t)j * m + i] = rows[old * d + j];
        P->w[i] = cnt[old];
    }
    for (size_t i = 0; i < m; i++)
        P->wsum += P->w[i];
    P->rank = rank;
    free(ord), free(rows), free(cnt);
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
    if (!P->w) {
        pick = (size_t)r < m ? (size_t)r : m - 1;
    } else {
        for (pick = 0; pick + 1 < m; pick++) {
            cum += P->w[pick];
            if (cum > r)
                break;
        }
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
            tot += (P->w ? P->w[i] : 1.0) * d2[i];
        }
        r = rng_unit(rng) * tot;
        cum = 0;
        size_t last = 0;
        for (pick = 0; pick < m; pick++) {
            double t = (P->w ? P->w[pick] : 1.0) * d2[pick];
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
        double w = P->w ? P->w[i] : 1.0;
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
            R->wt[c] = P->w ? P->w[far] : 1.0;
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
        comp += (P->w ? P->w[i] : 1.0) * s;
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
    return cl_kmeans_isa(src, params, labels, res, -1);
}

int cl_kmeans_isa(const segkit_image *src, const segkit_kmeans_params *params,
                  segkit_image *labels, segkit_kmeans_result *res, int isa)
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
    int st = cl_check_src(src);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    size_t n = (size_t)w * (size_t)h;
    int spatial = prm.spatial_weight > 0;
    int d = C + 2 * spatial;
    float *planes = NULL;
    km_points P = {0};
    /* the label image holds each pixel's point index until the end */
    st = segkit_image_create(labels, w, h, 1, SEGKIT_I32);
    if (st)
        return st;
    int32_t *map = labels->data;
    int found = 0;
    if (!spatial) {
        size_t limit = n / 2 > 0 ? n / 2 : 1;
        if (limit > ((size_t)1 << 30))
            limit = (size_t)1 << 30;
        found = distinct_points(src, limit, &P, map);
        st = found == -2 ? SEGKIT_ERR_ARG : SEGKIT_ERR_NOMEM;
        if (found < 0)
            goto done;
    }
    if (!found) {
        /* every pixel, raster order, unit weights */
        if ((st = cl_planar(src, 1.0, 1.0, &planes)) != SEGKIT_OK)
            goto done;
        st = SEGKIT_ERR_NOMEM;
        if (spatial) {
            float *more = realloc(planes, n * (size_t)d * sizeof(float));
            if (!more)
                goto done;
            planes = more;
            float sw = (float)prm.spatial_weight;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    size_t p = (size_t)y * w + x;
                    planes[(size_t)C * n + p] = (float)x * sw;
                    planes[(size_t)(C + 1) * n + p] = (float)y * sw;
                }
        }
        P.d = d;
        P.m = n;
        P.f = planes;
        planes = NULL;
        P.w = NULL;
        P.wsum = (double)n;
    }

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
        assign_fn assign = pick_assign(isa);
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
        st = SEGKIT_OK;
        {
            /* labels is tight (segkit_image_create): map[p] is pixel p */
            if (found) {
                for (size_t i = 0; i < m; i++)      /* by discovery order */
                    P.rank[i] = lab_of[best[P.rank[i]]];
                for (size_t p = 0; p < n; p++)
                    map[p] = P.rank[map[p]];
            } else
                for (size_t p = 0; p < n; p++)
                    map[p] = lab_of[best[p]];
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
    if (st)
        segkit_image_free(labels);
    free(planes);
    free(P.f);
    free(P.w);
    free(P.rank);
    return st;
}
