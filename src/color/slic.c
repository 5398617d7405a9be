/* SLIC superpixels, step by step as skimage.segmentation.slic (0.19.3,
 * slic_superpixels.py and _slic.pyx), in float:
 *   1. scale to [0, 1] (u8 /255, u16 /65535), then (v - min) / (max - min)
 *      over all samples;
 *   2. 3 channels: sRGB -> CIE Lab (D65, 2 degrees), skimage's rgb2lab;
 *   3. sigma > 0: Gaussian per channel (scipy's, reflect border);
 *   4. seeds: skimage.util.regular_grid((1, h, w), n_segments); the search
 *      window (+-2 steps) uses the grid steps for the number of seeds found;
 *   5. max_iter rounds of: every centre k (in order) claims the pixels of
 *      its window where (dy^2 + dx^2) / S^2 + |c - c_k|^2 / m^2 is strictly
 *      smaller than what they have, S the largest grid step, m the
 *      compactness; then centres move to their pixels' means (an empty
 *      centre becomes NaN and never claims a pixel again, as in skimage);
 *   6. enforce connectivity: _enforce_label_connectivity_cython.
 * The claim loop runs over planar rows (L, a, b contiguous) so that GCC
 * vectorises it; AVX2/AVX-512 clones are picked at run time. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"
#include "color_internal.h" /* cs_linear_lut, cie_from_linear */

segkit_slic_params segkit_slic_params_default(void)
{
    segkit_slic_params p = {100, 10.0, 10, 0.0, -1, 1, 0.5, 3.0, 1};
    return p;
}

/* 8-bit data as floats (k / 255 rounded to float, as cl_planar makes
 * them): the levels k of the n samples at p, or 0 if a sample is not one */
static int float_levels(const float *p, size_t n, uint8_t *k)
{
    float lv[256];
    for (int i = 0; i < 256; i++)
        lv[i] = (float)(i / 255.0);
    for (size_t i = 0; i < n; i++) {
        float v = p[i];
        if (!(v >= 0.0f && v <= 1.0f))
            return 0;
        int q = (int)(v * 255.0f + 0.5f);
        if (lv[q] != v)
            return 0;
        k[i] = (uint8_t)q;
    }
    return 1;
}

/* The 3 planes (sRGB 0..1) -> CIE Lab planes with segkit_color_convert
 * (skimage's rgb2lab, D65); 8-bit levels (an 8-bit image whose samples
 * span 0..255) through the companding table, the same values. */
static int lab_planes(float *p, int w, int h)
{
    size_t n = (size_t)w * h;
    uint8_t *k = cl_alloc(n, 3);
    if (k && float_levels(p, 3 * n, k)) {
        double lut[256];
        cs_linear_lut(lut, 1);
        segkit_color_space lcs = {SEGKIT_SPACE_LAB, 0, 0, 0};
        cs_ctx c;
        cs_ctx_init(&c, &lcs);
        for (size_t i = 0; i < n; i++) {
            double lin[3] = {lut[k[i]], lut[k[n + i]], lut[k[2 * n + i]]}, v[3];
            cie_from_linear(&c, lin, v);
            for (int ch = 0; ch < 3; ch++)
                p[(size_t)ch * n + i] = (float)v[ch];
        }
        free(k);
        return SEGKIT_OK;
    }
    free(k);
    segkit_image rgb, lab;
    int st = segkit_image_create(&rgb, w, h, 3, SEGKIT_F32);
    if (st)
        return st;
    float *d = rgb.data;    /* tight */
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++)
            d[i * 3 + c] = p[(size_t)c * n + i];
    segkit_color_space cs = {SEGKIT_SPACE_LAB, 0, 0, 0};
    st = segkit_color_convert(&rgb, &cs, &lab);
    segkit_image_free(&rgb);
    if (st)
        return st;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(&lab, y);
        size_t o = (size_t)y * w;
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++)
                p[(size_t)c * n + o + x] = r[x * 3 + c];
    }
    segkit_image_free(&lab);
    return SEGKIT_OK;
}

/* skimage.util.regular_grid for shape (1, h, w): starts and steps of the
 * row and column slices. */
static void regular_grid(int h, int w, long n_points, int *y0, int *sy,
                         int *x0, int *sx)
{
    double shape[3] = {1, h, w};
    double space = (double)h * w;
    if (space <= (double)n_points) {
        *y0 = *x0 = 0;
        *sy = *sx = 1;
        return;
    }
    /* sorted dims (ascending, stable as numpy's argsort of argsort) */
    int order[3] = {0, 1, 2};
    for (int i = 1; i < 3; i++)
        for (int j = i; j > 0 && shape[order[j - 1]] > shape[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    double sorted[3], step[3];
    for (int i = 0; i < 3; i++)
        sorted[i] = shape[order[i]];
    for (int i = 0; i < 3; i++)
        step[i] = pow(space / (double)n_points, 1.0 / 3.0);
    int small = 0;
    for (int i = 0; i < 3; i++)
        small |= sorted[i] < step[i];
    if (small) {
        for (int dim = 0; dim < 3; dim++) {
            step[dim] = sorted[dim];
            double ss = 1;
            for (int i = dim + 1; i < 3; i++)
                ss *= sorted[i];
            for (int i = dim + 1; i < 3; i++)
                step[i] = pow(ss / (double)n_points, 1.0 / (3 - dim - 1));
            int all = 1;
            for (int i = 0; i < 3; i++)
                all &= sorted[i] >= step[i];
            if (all)
                break;
        }
    }
    int starts[3], steps[3];
    for (int i = 0; i < 3; i++) {
        starts[order[i]] = (int)floor(step[i] / 2);
        steps[order[i]] = (int)nearbyint(step[i]);   /* numpy round: half to even */
        if (steps[order[i]] < 1)
            steps[order[i]] = 1;
    }
    *y0 = starts[1], *sy = steps[1];
    *x0 = starts[2], *sx = steps[2];
}

/* One centre's claim on the rows y0..y1-1, columns x0..x1-1. */
#define SLIC_CLAIM_BODY                                                      \
    {                                                                        \
        /* dxs (scratch of w floats): (cx - x)^2, the same for every row */ \
        for (int x = x0; x < x1; x++) {                                      \
            float dx = cx - (float)x;                                        \
            dxs[x - x0] = dx * dx;                                           \
        }                                                                    \
        for (int y = y0; y < y1; y++) {                                      \
            float dy = cy - (float)y;                                        \
            dy *= dy;                                                        \
            size_t o = (size_t)y * w + x0;                                   \
            const float *L = img + o, *A = img + n + o, *B = img + 2 * n + o; \
            float *D = dist + o;                                             \
            int32_t *lab = labels + o;                                       \
            for (int i = 0; i < x1 - x0; i++) {                              \
                float d = (dy + dxs[i]) * sw;                                \
                float t0 = L[i] - c0, t1 = A[i] - c1, t2 = B[i] - c2;        \
                d += t0 * t0 + t1 * t1 + t2 * t2;                            \
                int lt = D[i] > d;                                           \
                D[i] = lt ? d : D[i];                                        \
                lab[i] = lt ? k : lab[i];                                    \
            }                                                                \
        }                                                                    \
    }

/* img: 3 planes (a 1- or 2-channel image is padded with zero planes, which
 * add nothing to the distance; a 4th channel is handled by claim4). */
typedef void (*claim_fn)(const float *img, size_t n, int w, int y0, int y1,
                         int x0, int x1, float cy, float cx, float c0,
                         float c1, float c2, float sw, int32_t k,
                         float *dist, int32_t *labels, float *dxs);

static void claim_scalar(const float *img, size_t n, int w, int y0, int y1,
                         int x0, int x1, float cy, float cx, float c0,
                         float c1, float c2, float sw, int32_t k,
                         float *dist, int32_t *labels, float *dxs)
    SLIC_CLAIM_BODY

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2")))
static void claim_avx2(const float *img, size_t n, int w, int y0, int y1,
                       int x0, int x1, float cy, float cx, float c0,
                       float c1, float c2, float sw, int32_t k,
                       float *dist, int32_t *labels, float *dxs)
    SLIC_CLAIM_BODY

__attribute__((target("avx2,avx512f,prefer-vector-width=512")))
static void claim_avx512(const float *img, size_t n, int w, int y0, int y1,
                         int x0, int x1, float cy, float cx, float c0,
                         float c1, float c2, float sw, int32_t k,
                         float *dist, int32_t *labels, float *dxs)
    SLIC_CLAIM_BODY
#endif

/* isa: as cl_kmeans_isa */
static claim_fn pick_claim(int isa)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (isa < 0)
        isa = 2;
    if (isa >= 2 && __builtin_cpu_supports("avx512f"))
        return claim_avx512;
    if (isa >= 1 && __builtin_cpu_supports("avx2"))
        return claim_avx2;
#endif
    (void)isa;
    return claim_scalar;
}

/* _enforce_label_connectivity_cython (2-D): in raster order, each
 * unvisited pixel starts a breadth-first search of its 4-connected
 * segment, cut at max_size pixels; a component smaller than min_size takes
 * the label of the last already-relabelled neighbour met (initially the
 * label it would get), else gets the next label. */
static int enforce_connectivity(const int32_t *seg, int w, int h,
                                long min_size, long max_size, int32_t start,
                                int32_t *out, int32_t *count)
{
    size_t n = (size_t)w * h;
    if (max_size < 1)
        max_size = 1;
    if ((size_t)max_size > n)
        max_size = (long)n;
    int32_t *list = cl_alloc((size_t)max_size, sizeof *list);
    if (!list)
        return SEGKIT_ERR_NOMEM;
    const int32_t unset = start - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = unset;
    int32_t cur = start;
    for (size_t p = 0; p < n; p++) {
        if (seg[p] == unset || out[p] > unset)
            continue;
        int32_t adjacent = cur, label = seg[p];
        out[p] = cur;
        long size = 1, visited = 0;
        list[0] = (int32_t)p;
        while (visited < size && size < max_size) {
            int32_t q = list[visited];
            int qx = q % w, qy = q / w;
            for (int i = 0; i < 4; i++) {
                /* skimage's neighbour order: x+1, x-1, y+1, y-1 */
                int xx = qx + (i == 0) - (i == 1), yy = qy + (i == 2) - (i == 3);
                if (xx < 0 || xx >= w || yy < 0 || yy >= h)
                    continue;
                size_t r = (size_t)yy * w + xx;
                if (seg[r] == label && out[r] == unset) {
                    out[r] = cur;
                    list[size++] = (int32_t)r;
                    if (size >= max_size)
                        break;
                } else if (out[r] > unset && out[r] != cur) {
                    adjacent = out[r];
                }
            }
            visited++;
        }
        if (size < min_size) {
            for (long i = 0; i < size; i++)
                out[list[i]] = adjacent;
        } else {
            cur++;
        }
    }
    free(list);
    *count = cur - start;
    return SEGKIT_OK;
}

int segkit_slic(const segkit_image *src, const segkit_slic_params *params,
                segkit_image *labels, int32_t *count)
{
    return cl_slic_isa(src, params, labels, count, -1);
}

int cl_slic_isa(const segkit_image *src, const segkit_slic_params *params,
                segkit_image *labels, int32_t *count, int isa)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (count)
        *count = 0;
    segkit_slic_params prm = params ? *params : segkit_slic_params_default();
    if (!labels || prm.n_segments < 1 || !(prm.compactness > 0) ||
        !isfinite(prm.compactness) || prm.max_iter < 0 ||
        !(prm.sigma >= 0 && prm.sigma <= 1000) ||
        (prm.start_label != 0 && prm.start_label != 1) ||
        !(prm.min_size_factor >= 0 && prm.min_size_factor <= 1e6) ||
        !(prm.max_size_factor >= 0 && prm.max_size_factor <= 1e6))
        return SEGKIT_ERR_ARG;
    float *in = NULL;
    int st = cl_planar(src, 1.0 / 255, 1.0 / 65535, &in);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    if (C == 3 && prm.convert_lab == 0)
        ;
    else if (C != 3 && prm.convert_lab == 1) {
        free(in);
        return SEGKIT_ERR_TYPE;
    }
    int lab = C == 3 && prm.convert_lab != 0;
    size_t n = (size_t)w * h;
    int planes = C < 3 ? 3 : C;
    float *img = cl_alloc(n, (size_t)planes * sizeof(float));
    float *dist = cl_alloc(n, sizeof(float)), *dxs = cl_alloc((size_t)w, sizeof(float));
    int32_t *seg = cl_alloc(n, sizeof(int32_t));
    double *sums = NULL;
    float *cen = NULL;
    st = SEGKIT_ERR_NOMEM;
    if (!img || !dist || !seg || !dxs)
        goto done;
    /* 1. rescale by the global min and max (in double, as skimage) */
    float lo = in[0], hi = in[0];
    for (size_t i = 0; i < n * C; i++) {
        lo = in[i] < lo ? in[i] : lo;
        hi = in[i] > hi ? in[i] : hi;
    }
    double span = (double)hi - lo;
    for (size_t i = 0; i < n * C; i++)
        img[i] = span != 0 ? (float)(((double)in[i] - lo) / span)
                           : (float)((double)in[i] - lo);
    for (size_t i = n * C; i < n * (size_t)planes; i++)
        img[i] = 0;
    free(in);
    in = NULL;
    /* 2. Lab */
    if (lab && (st = lab_planes(img, w, h)) != SEGKIT_OK)
        goto done;
    /* 3. smoothing */
    for (int c = 0; c < C; c++)
        if ((st = cl_gaussian(img + (size_t)c * n, w, h, prm.sigma)) != SEGKIT_OK)
            goto done;
    st = SEGKIT_ERR_NOMEM;
    /* 4. seeds */
    int gy0, gsy, gx0, gsx;
    regular_grid(h, w, prm.n_segments, &gy0, &gsy, &gx0, &gsx);
    int ny = (h - gy0 + gsy - 1) / gsy, nx = (w - gx0 + gsx - 1) / gsx;
    if (ny < 1)
        ny = 1;
    if (nx < 1)
        nx = 1;
    long nc = (long)ny * nx;
    double step = gsy > gsx ? gsy : gsx;
    if (step < 1)
        step = 1;
    int wy0, wsy, wx0, wsx;
    regular_grid(h, w, nc, &wy0, &wsy, &wx0, &wsx);
    (void)wy0, (void)wx0;
    int D = C < 3 ? 3 : C;         /* features per centre */
    cen = cl_alloc((size_t)nc, (size_t)(2 + D) * sizeof(float));
    sums = cl_alloc((size_t)nc, (size_t)(3 + D) * sizeof(double));
    if (!cen || !sums)
        goto done;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            float *c = cen + ((size_t)j * nx + i) * (2 + D);
            c[0] = (float)(gy0 + j * gsy);
            c[1] = (float)(gx0 + i * gsx);
            for (int f = 0; f < D; f++)
                c[2 + f] = 0;   /* skimage starts the colour at 0 */
        }
    /* the image times 1 / compactness (step 5's colour weight) */
    float ratio = (float)(1.0 / prm.compactness);
    for (size_t i = 0; i < n * (size_t)C; i++)
        img[i] *= ratio;
    float sw = (float)(1.0 / (step * step));
    claim_fn claim = pick_claim(isa);
    for (size_t i = 0; i < n; i++)
        seg[i] = prm.start_label - 1;
    for (int it = 0; it < prm.max_iter; it++) {
        for (size_t i = 0; i < n; i++)
            dist[i] = FLT_MAX;
        for (long k = 0; k < nc; k++) {
            const float *c = cen + (size_t)k * (2 + D);
            float cy = c[0], cx = c[1];
            if (cy != cy)       /* NaN: an emptied centre */
                continue;
            int y0 = (int)fmax(cy - 2 * wsy, 0), y1 = (int)fmin(cy + 2 * wsy + 1, h);
            int x0 = (int)fmax(cx - 2 * wsx, 0), x1 = (int)fmin(cx + 2 * wsx + 1, w);
            int32_t lab_k = (int32_t)k + prm.start_label;
            if (D == 3) {
                claim(img, n, w, y0, y1, x0, x1, cy, cx, c[2], c[3], c[4], sw,
                      lab_k, dist, seg, dxs);
            } else {
                /* 4 channels: plain loop */
                for (int y = y0; y < y1; y++) {
                    float dy = cy - (float)y;
                    dy *= dy;
                    size_t o = (size_t)y * w;
                    for (int x = x0; x < x1; x++) {
                        float dx = cx - (float)x;
                        dx *= dx;
                        float d = (dy + dx) * sw;
                        for (int f = 0; f < D; f++) {
                            float t = img[(size_t)f * n + o + x] - c[2 + f];
                            d += t * t;
                        }
                        if (dist[o + x] > d) {
                            dist[o + x] = d;
                            seg[o + x] = lab_k;
                        }
                    }
                }
            }
        }
        if (it + 1 == prm.max_iter)
            break;   /* the last update would not change the labels */
        memset(sums, 0, (size_t)nc * (3 + D) * sizeof(double));
        /* runs of equal labels along each row are summed in registers and
         * added once per run (the sums stay double, as skimage's) */
        for (int y = 0; y < h; y++) {
            const int32_t *sr = seg + (size_t)y * w;
            for (int x = 0; x < w;) {
                int32_t lk = sr[x];
                int x0 = x;
                double f[4] = {0, 0, 0, 0};
                size_t o = (size_t)y * w;
                for (; x < w && sr[x] == lk; x++)
                    for (int c = 0; c < D; c++)
                        f[c] += img[(size_t)c * n + o + x];
                long k = lk - prm.start_label;
                if (k < 0)
                    continue;
                double *sk = sums + (size_t)k * (3 + D), len = x - x0;
                sk[0] += len;
                sk[1] += (double)y * len;
                sk[2] += (double)(x0 + x - 1) * len / 2;
                for (int c = 0; c < D; c++)
                    sk[3 + c] += f[c];
            }
        }
        for (long k = 0; k < nc; k++) {
            const double *s = sums + (size_t)k * (3 + D);
            float *c = cen + (size_t)k * (2 + D);
            for (int f = 0; f < 2 + D; f++)
                c[f] = s[0] > 0 ? (float)(s[1 + f] / s[0]) : NAN;
        }
    }
    st = segkit_image_create(labels, w, h, 1, SEGKIT_I32);
    if (st)
        goto done;
    int32_t *out = labels->data;   /* tight: stride = 4 w */
    int32_t cnt = (int32_t)nc;
    if (prm.enforce_connectivity) {
        double segsize = (double)n / (double)nc;
        st = enforce_connectivity(seg, w, h, (long)(prm.min_size_factor * segsize),
                                  (long)(prm.max_size_factor * segsize),
                                  prm.start_label, out, &cnt);
        if (st) {
            segkit_image_free(labels);
            goto done;
        }
    } else {
        memcpy(out, seg, n * sizeof *out);
        /* count the labels in use */
        uint8_t *used = calloc((size_t)nc, 1);
        if (!used) {
            segkit_image_free(labels);
            st = SEGKIT_ERR_NOMEM;
            goto done;
        }
        cnt = 0;
        for (size_t i = 0; i < n; i++) {
            long k = out[i] - prm.start_label;
            if (k >= 0 && !used[k])
                used[k] = 1, cnt++;
        }
        free(used);
    }
    if (count)
        *count = cnt;
    st = SEGKIT_OK;
done:
    free(in), free(img), free(dist), free(seg), free(sums), free(cen), free(dxs);
    return st;
}
