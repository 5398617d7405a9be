/* Felzenszwalb-Huttenlocher graph segmentation as
 * skimage.segmentation.felzenszwalb (0.19.3, _felzenszwalb_cy.pyx):
 * Gaussian-smoothed image, 8-connected grid edges (right, down, down-right,
 * up-right, each block in raster order), sorted by weight, merged by the
 * paper's predicate, then small segments merged along the same order.
 *
 * Differences from skimage (which is not bit-reproducible either: its
 * argsort is an unstable quicksort): weights are float, not double (the
 * predicate's thresholds are float in skimage too), and equal weights keep
 * skimage's edge order (a stable radix sort on the float bits). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"
#include "internal/union_find.h"

segkit_felzenszwalb_params segkit_felzenszwalb_params_default(void)
{
    segkit_felzenszwalb_params p = {1.0, 0.8, 20};
    return p;
}

typedef struct edge {
    uint32_t key;   /* the weight's float bits (weights are >= +0) */
    uint32_t id;    /* index in skimage's edge order */
} edge;

enum { RADIX_BITS = 11, RADIX_NB = 1 << RADIX_BITS, PREFETCH = 16 };

/* Stable LSD radix sort on key, 3 passes of 11 bits; cnt: RADIX_NB. */
static void radix_sort(edge *a, edge *tmp, size_t n, size_t *cnt)
{
    enum { BITS = RADIX_BITS, NB = RADIX_NB };
    edge *src = a, *dst = tmp;
    for (int pass = 0; pass < 3; pass++) {
        int sh = pass * BITS;
        memset(cnt, 0, NB * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(src[i].key >> sh) & (NB - 1)]++;
        size_t sum = 0;
        for (int b = 0; b < NB; b++) {
            size_t c = cnt[b];
            cnt[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i].key >> sh) & (NB - 1)]++] = src[i];
        edge *t = src;
        src = dst;
        dst = t;
    }
    /* 3 passes: the result is in tmp */
    memcpy(a, src, n * sizeof *a);
}

/* Joins the sets of roots a != b under the smaller one; returns it. */
static inline int32_t join(int32_t *par, int32_t *size, int32_t a, int32_t b)
{
    int32_t r = a < b ? a : b;
    par[a < b ? b : a] = r;
    size[r] = size[a] + size[b];
    return r;
}

/* An edge's id: its first pixel p times 4 plus its kind (0 right, 1 down,
 * 2 down-right, 3 up-right, whose first pixel is the upper one), so that
 * its pixels come without a division; ids are made in skimage's edge order,
 * which the stable sort keeps among equal weights.  (p < 2^30.) */
static inline void edge_ends(uint32_t id, const int32_t off[4], int32_t *p, int32_t *q)
{
    *p = (int32_t)(id >> 2);
    *q = *p + off[id & 3];
}

static inline float edge_weight(const float *img, int C, size_t n, int32_t p,
                                int32_t q)
{
    float s = 0;
    for (int c = 0; c < C; c++) {
        float t = img[(size_t)c * n + p] - img[(size_t)c * n + q];
        s += t * t;
    }
    return sqrtf(s) + 0.0f;
}

int segkit_felzenszwalb(const segkit_image *src,
                        const segkit_felzenszwalb_params *params,
                        segkit_image *labels, int32_t *count)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (count)
        *count = 0;
    segkit_felzenszwalb_params prm =
        params ? *params : segkit_felzenszwalb_params_default();
    if (!labels || !(prm.scale >= 0) || !isfinite(prm.scale) ||
        !(prm.sigma >= 0 && prm.sigma <= 1000) || prm.min_size < 0)
        return SEGKIT_ERR_ARG;
    if (src && src->data && (double)src->width * src->height >= (double)(1u << 30))
        return SEGKIT_ERR_TOO_LARGE;
    float *img = NULL;
    int st = cl_planar(src, 1.0 / 255, 1.0 / 65535, &img);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    size_t n = (size_t)w * h;
    for (int c = 0; c < C; c++)
        if ((st = cl_gaussian(img + (size_t)c * n, w, h, prm.sigma)) != SEGKIT_OK) {
            free(img);
            return st;
        }
    size_t nr = (size_t)h * (w - 1), nd = (size_t)(h - 1) * w,
           ndr = (size_t)(h - 1) * (w - 1), ne = nr + nd + 2 * ndr;
    edge *e = ne ? cl_alloc(ne, sizeof *e) : NULL;
    edge *tmp = ne ? cl_alloc(ne, sizeof *tmp) : NULL;
    int32_t *par = cl_alloc(n, sizeof *par), *size = cl_alloc(n, sizeof *size);
    float *cint = cl_alloc(n, sizeof *cint);
    size_t *hist = malloc(RADIX_NB * sizeof *hist);
    if ((ne && (!e || !tmp)) || !par || !size || !cint || !hist) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    const int32_t off[4] = {1, w, w + 1, w - 1};
    size_t m = 0;
    for (int kind = 0; kind < 4; kind++)
        for (int y = 0; y < h - (kind > 0); y++)
            for (int x = 0; x < w - (kind != 1); x++) {
                int32_t p = (int32_t)((size_t)y * w + x) + (kind == 3);
                float f = edge_weight(img, C, n, p, p + off[kind]);
                memcpy(&e[m].key, &f, sizeof f);
                e[m++].id = (uint32_t)p << 2 | (uint32_t)kind;
            }
    free(img);
    img = NULL;
    if (ne)
        radix_sort(e, tmp, ne, hist);
    free(tmp);
    tmp = NULL;
    for (size_t i = 0; i < n; i++) {
        par[i] = (int32_t)i;
        size[i] = 1;
        cint[i] = 0;
    }
    /* pass 0: the paper's predicate; pass 1: segments below min_size */
    double k = prm.scale / 255.0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < ne; i++) {
            int32_t p, q;
            if (i + 2 * PREFETCH < ne) {
                /* the sorted order jumps around the image: fetch the
                 * parents 2 PREFETCH edges ahead, then (PREFETCH ahead)
                 * the grandparents and what the join reads of them */
                edge_ends(e[i + 2 * PREFETCH].id, off, &p, &q);
                __builtin_prefetch(par + p);
                __builtin_prefetch(par + q);
                edge_ends(e[i + PREFETCH].id, off, &p, &q);
                int32_t pp = par[p], pq = par[q];
                __builtin_prefetch(par + pp);
                __builtin_prefetch(par + pq);
                __builtin_prefetch(size + pp);
                __builtin_prefetch(size + pq);
                __builtin_prefetch(cint + pp);
                __builtin_prefetch(cint + pq);
            }
            edge_ends(e[i].id, off, &p, &q);
            int32_t a = uf_find(par, p), b = uf_find(par, q);
            if (a == b)
                continue;
            if (pass) {
                if (size[a] < prm.min_size || size[b] < prm.min_size)
                    join(par, size, a, b);
                continue;
            }
            float cost;
            memcpy(&cost, &e[i].key, sizeof cost);
            float in_a = (float)((double)cint[a] + k / size[a]);
            float in_b = (float)((double)cint[b] + k / size[b]);
            if (cost < (in_a < in_b ? in_a : in_b))
                cint[join(par, size, a, b)] = cost;
        }
    free(e);
    e = NULL;
    st = segkit_image_create(labels, w, h, 1, SEGKIT_I32);
    if (st)
        goto done;
    int32_t *out = labels->data, cnt = 0;
    for (size_t p = 0; p < n; p++) {
        int32_t r = uf_find(par, (int32_t)p);
        out[p] = r == (int32_t)p ? ++cnt : out[r];
    }
    if (count)
        *count = cnt;
done:
    free(img), free(e), free(tmp), free(par), free(size), free(cint);
    free(hist);
    return st;
}
