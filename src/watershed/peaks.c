/* peak_local_max: local maxima at least min_distance apart, as
 * skimage.feature.peak_local_max (scikit-image 0.19, feature/peak.py and
 * _shared/coord.py), ties included (see include/segkit/watershed.h). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/label.h"
#include "segkit/morph.h"
#include "segkit/watershed.h"

segkit_peaks_params segkit_peaks_params_default(void)
{
    segkit_peaks_params p;
    memset(&p, 0, sizeof p);
    p.min_distance = 1;
    p.threshold_abs = NAN;
    p.threshold_rel = NAN;
    p.exclude_border[0] = p.exclude_border[1] = SEGKIT_PEAKS_BORDER_MIN_DISTANCE;
    p.num_peaks = SEGKIT_PEAKS_ALL;
    p.num_peaks_per_label = SEGKIT_PEAKS_ALL;
    p.p_norm = INFINITY;
    return p;
}

/* ------------------------------------------------------------ work state */

typedef struct pk_ctx {
    const segkit_image *img;
    const segkit_peaks_params *p;
    double thr;                /* compared as numpy does (see pk_threshold) */
    /* footprint: offsets (dy, dx) of its nonzero cells, its size */
    int fw, fh, nfp;
    int *fdy, *fdx;
    int square;                /* all ones and odd: a rect dilation does it */
    /* output list */
    segkit_peak *out;
    int64_t n, cap;
} pk_ctx;

static double sample(const segkit_image *img, int x, int y)
{
    const void *row = segkit_image_row(img, y);
    switch (img->type) {
    case SEGKIT_U8: return ((const uint8_t *)row)[x];
    case SEGKIT_U16: return ((const uint16_t *)row)[x];
    default: {
        float v = ((const float *)row)[x];
        return isnan(v) ? -INFINITY : v;   /* NaN: never a peak */
    }
    }
}

/* The type's lowest value: what skimage writes over other labels' pixels
 * (np.iinfo(dtype).min, np.finfo(dtype).min). */
static float type_low(segkit_type t)
{
    return t == SEGKIT_F32 ? -FLT_MAX : 0.0f;
}

/* The sort key of value v: numpy sorts -intensities in the image's dtype,
 * so unsigned values wrap (-v mod 2^bits: 0 sorts first) and floats
 * negate. */
static double sort_key(segkit_type t, double v)
{
    switch (t) {
    case SEGKIT_U8: return (double)((256 - (int)v) & 255);
    case SEGKIT_U16: return (double)((65536 - (int)v) & 65535);
    default: return -v;
    }
}

/* max(threshold_abs or min, threshold_rel * max), then as numpy compares it
 * with the image: u8/u16 arrays against a Python float in double, f32
 * arrays against it cast to float32 (value-based casting) when it fits. */
static double pk_threshold(const segkit_image *img, const segkit_peaks_params *p)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            double v = sample(img, x, y);
            if (v == -INFINITY && img->type == SEGKIT_F32 &&
                isnan(((const float *)segkit_image_row(img, y))[x]))
                continue;
            if (v < lo)
                lo = v;
            if (v > hi)
                hi = v;
        }
    if (lo > hi)   /* nothing but NaN */
        return INFINITY;
    double t = isnan(p->threshold_abs) ? lo : p->threshold_abs;
    if (!isnan(p->threshold_rel)) {
        double r = p->threshold_rel * hi;
        if (r > t)
            t = r;
    }
    if (img->type == SEGKIT_F32 && fabs(t) <= FLT_MAX)
        t = (float)t;
    return t;
}

/* ----------------------------------------------- numpy's argsort order */

static void swap_idx(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

/* Sift-down of tmp from slot i of the heap h[1..n] (h[k] is a[k - 1]). */
static void sift_down(const double *key, int64_t *a, int64_t i, int64_t n,
                      int64_t tmp)
{
    for (int64_t j = 2 * i; j <= n; i = j, j += j) {
        if (j < n && key[a[j - 1]] < key[a[j]])
            j++;
        if (!(key[tmp] < key[a[j - 1]]))
            break;
        a[i - 1] = a[j - 1];
    }
    a[i - 1] = tmp;
}

/* Heapsort of a[0..n-1] by key (numpy's aheapsort, used by its introsort
 * once it recurses too deep). */
static void heap_argsort(const double *key, int64_t *a, int64_t n)
{
    for (int64_t l = n >> 1; l > 0; --l)
        sift_down(key, a, l, n, a[l - 1]);
    for (; n > 1; n--) {
        int64_t tmp = a[n - 1];
        a[n - 1] = a[0];
        sift_down(key, a, 1, n - 1, tmp);
    }
}

/* Sorts idx[0..n-1] (initially 0..n-1) by ascending key, leaving equal keys
 * in the order numpy.argsort(key) (kind 'quicksort') leaves them: numpy's
 * introsort step for step (median-of-three pivot, Hoare partition,
 * insertion sort from 16 elements down, heapsort past 2 log2(n) levels). */
static void numpy_argsort(const double *key, int64_t *idx, int64_t n)
{
    if (n < 2)
        return;
    int64_t *stack[256], **sp = stack;
    int depth[128], *dp = depth;
    int cdepth = 0;
    for (uint64_t u = (uint64_t)n; u >>= 1;)
        cdepth++;
    cdepth *= 2;
    int64_t *pl = idx, *pr = idx + n - 1;
    for (;;) {
        if (cdepth < 0) {
            heap_argsort(key, pl, pr - pl + 1);
            goto pop;
        }
        while (pr - pl > 15) {
            int64_t *pm = pl + ((pr - pl) >> 1);
            if (key[*pm] < key[*pl])
                swap_idx(pm, pl);
            if (key[*pr] < key[*pm])
                swap_idx(pr, pm);
            if (key[*pm] < key[*pl])
                swap_idx(pm, pl);
            double vp = key[*pm];
            int64_t *pi = pl, *pj = pr - 1;
            swap_idx(pm, pj);
            for (;;) {
                do
                    ++pi;
                while (key[*pi] < vp);
                do
                    --pj;
                while (vp < key[*pj]);
                if (pi >= pj)
                    break;
                swap_idx(pi, pj);
            }
            swap_idx(pi, pr - 1);
            if (pi - pl < pr - pi) {   /* the larger part waits */
                *sp++ = pi + 1;
                *sp++ = pr;
                pr = pi - 1;
            } else {
                *sp++ = pl;
                *sp++ = pi - 1;
                pl = pi + 1;
            }
            *dp++ = --cdepth;
        }
        for (int64_t *pi = pl + 1; pi <= pr; ++pi) {   /* insertion sort */
            int64_t vi = *pi, *pj = pi, *pk = pi - 1;
            double vp = key[vi];
            while (pj > pl && vp < key[*pk])
                *pj-- = *pk--;
            *pj = vi;
        }
    pop:
        if (sp == stack)
            break;
        pr = *--sp;
        pl = *--sp;
        cdepth = *--dp;
    }
}

/* ------------------------------------------------- minimum distance */

/* Is (dr, dc) closer than md under the Minkowski p-norm, computed as
 * scipy.spatial.distance.minkowski (numpy.linalg.norm) does? */
static int too_close(int dr, int dc, int md, double pn)
{
    double a = fabs((double)dr), b = fabs((double)dc);
    if (isinf(pn))
        return (a > b ? a : b) < md;
    if (pn == 1)
        return a + b < md;
    if (pn == 2)
        return sqrt(a * a + b * b) < md;
    return pow(pow(a, pn) + pow(b, pn), 1.0 / pn) < md;
}

/* skimage's _get_high_intensity_peaks on n candidates (r, c, key; listed in
 * raster order): sorted as numpy's argsort(-values), then kept greedily
 * unless closer than md to a kept one, at most max_out (< 0: all).
 * ensure_spacing's batches give the same result as one greedy pass: the
 * kept points of earlier batches come first and stay kept.  Appends the
 * kept points, shifted by (r0, c0), to ctx->out. */
static int select_peaks(pk_ctx *ctx, const int32_t *r, const int32_t *c,
                        const double *key, int64_t n, int64_t max_out,
                        int r0, int c0)
{
    if (n == 0 || max_out == 0)
        return SEGKIT_OK;
    int md = ctx->p->min_distance;
    double pn = ctx->p->p_norm;
    int64_t *idx = malloc((size_t)n * sizeof *idx);
    int64_t *kept = malloc((size_t)n * sizeof *kept);
    if (!idx || !kept) {
        free(idx);
        free(kept);
        return SEGKIT_ERR_NOMEM;
    }
    for (int64_t i = 0; i < n; i++)
        idx[i] = i;
    numpy_argsort(key, idx, n);

    /* kept points bucketed in cells of side md: a point closer than md to
     * a kept one (|dr|, |dc| < md under any p >= 1) is in a neighbouring
     * cell.  md <= 1 rejects nothing but exact duplicates (none). */
    int64_t nk = 0;
    int st = SEGKIT_OK;
    if (md <= 1) {
        for (int64_t i = 0; i < n && (max_out < 0 || nk < max_out); i++)
            kept[nk++] = idx[i];
    } else {
        int rmin = r[0], rmax = r[0], cmin = c[0], cmax = c[0];
        for (int64_t i = 1; i < n; i++) {
            if (r[i] < rmin) rmin = r[i];
            if (r[i] > rmax) rmax = r[i];
            if (c[i] < cmin) cmin = c[i];
            if (c[i] > cmax) cmax = c[i];
        }
        int64_t gw = (cmax - cmin) / md + 1, gh = (rmax - rmin) / md + 1;
        int64_t *head = malloc((size_t)(gw * gh) * sizeof *head);
        int64_t *next = malloc((size_t)n * sizeof *next);
        if (!head || !next) {
            st = SEGKIT_ERR_NOMEM;
        } else {
            for (int64_t i = 0; i < gw * gh; i++)
                head[i] = -1;
            for (int64_t i = 0; i < n && (max_out < 0 || nk < max_out); i++) {
                int64_t q = idx[i];
                int64_t gy = (r[q] - rmin) / md, gx = (c[q] - cmin) / md;
                int reject = 0;
                for (int64_t y = gy - 1; y <= gy + 1 && !reject; y++) {
                    if (y < 0 || y >= gh)
                        continue;
                    for (int64_t x = gx - 1; x <= gx + 1 && !reject; x++) {
                        if (x < 0 || x >= gw)
                            continue;
                        for (int64_t k = head[y * gw + x]; k >= 0; k = next[k])
                            if (too_close(r[q] - r[k], c[q] - c[k], md, pn)) {
                                reject = 1;
                                break;
                            }
                    }
                }
                if (reject)
                    continue;
                next[q] = head[gy * gw + gx];
                head[gy * gw + gx] = q;
                kept[nk++] = q;
            }
        }
        free(head);
        free(next);
    }
    if (st == SEGKIT_OK && ctx->n + nk > ctx->cap) {
        int64_t cap = ctx->cap ? ctx->cap : 64;
        while (cap < ctx->n + nk)
            cap *= 2;
        segkit_peak *o = realloc(ctx->out, (size_t)cap * sizeof *o);
        if (!o)
            st = SEGKIT_ERR_NOMEM;
        else {
            ctx->out = o;
            ctx->cap = cap;
        }
    }
    if (st == SEGKIT_OK)
        for (int64_t i = 0; i < nk; i++) {
            ctx->out[ctx->n].row = r[kept[i]] + r0;
            ctx->out[ctx->n].col = c[kept[i]] + c0;
            ctx->n++;
        }
    free(idx);
    free(kept);
    return st;
}

/* --------------------------------------------------- candidate masks */

/* wmax = scipy.ndimage.maximum_filter(buf, footprint, mode='constant',
 * cval=0) on a w x h float buffer. */
static int max_filter(const pk_ctx *ctx, float *buf, int w, int h, float *wmax)
{
    int cy = ctx->fh / 2, cx = ctx->fw / 2;
    if (ctx->square) {
        segkit_image in, out;
        int st = segkit_image_wrap(&in, buf, w, h, 1, SEGKIT_F32,
                                   (size_t)w * sizeof(float));
        if (st == SEGKIT_OK)
            st = segkit_image_wrap(&out, wmax, w, h, 1, SEGKIT_F32,
                                   (size_t)w * sizeof(float));
        segkit_se se = {.shape = SEGKIT_SE_RECT, .width = ctx->fw,
                        .height = ctx->fh};
        if (st == SEGKIT_OK)
            st = segkit_morph_to(&in, SEGKIT_MORPH_DILATE, &se, &out);
        if (st != SEGKIT_OK)
            return st;
        /* windows reaching out of the image also see the constant 0 */
        for (int y = 0; y < h; y++) {
            int edge_row = y < cy || y >= h - cy;
            float *o = wmax + (size_t)y * (size_t)w;
            for (int x = 0; x < w; x++)
                if ((edge_row || x < cx || x >= w - cx) && o[x] < 0.0f)
                    o[x] = 0.0f;
        }
        return SEGKIT_OK;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float m = -INFINITY;
            for (int k = 0; k < ctx->nfp; k++) {
                int yy = y + ctx->fdy[k], xx = x + ctx->fdx[k];
                float v = (yy < 0 || yy >= h || xx < 0 || xx >= w)
                              ? 0.0f : buf[(size_t)yy * (size_t)w + (size_t)xx];
                if (v > m)
                    m = v;
            }
            wmax[(size_t)y * (size_t)w + (size_t)x] = m;
        }
    return SEGKIT_OK;
}

/* skimage's _get_peak_mask on a w x h float buffer: cand[i] = 1 where buf
 * equals its window maximum and exceeds the threshold.  lmask (NULL in the
 * unlabelled case) is the label's mask: it decides the "trivial image"
 * rule. */
static int peak_mask(const pk_ctx *ctx, float *buf, const uint8_t *lmask,
                     int w, int h, uint8_t *cand)
{
    size_t n = (size_t)w * (size_t)h;
    if (ctx->fw * ctx->fh == 1 || n == 1) {
        for (size_t i = 0; i < n; i++)
            cand[i] = buf[i] > ctx->thr;
        return SEGKIT_OK;
    }
    float *wmax = malloc(n * sizeof *wmax);
    if (!wmax)
        return SEGKIT_ERR_NOMEM;
    int st = max_filter(ctx, buf, w, h, wmax);
    if (st != SEGKIT_OK) {
        free(wmax);
        return st;
    }
    int trivial = 1;
    for (size_t i = 0; i < n; i++) {
        cand[i] = buf[i] == wmax[i];
        if (!cand[i] && (!lmask || lmask[i]))
            trivial = 0;
    }
    free(wmax);
    if (trivial) {
        /* no peak; with a label, the pixels a 3x3-cross opening removes
         * (np.logical_xor(mask, ndi.binary_opening(mask))) */
        memset(cand, 0, n);
        if (lmask) {
            uint8_t *er = calloc(n, 1);
            if (!er)
                return SEGKIT_ERR_NOMEM;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    size_t i = (size_t)y * (size_t)w + (size_t)x;
                    er[i] = lmask[i] && y > 0 && y < h - 1 && x > 0 && x < w - 1 &&
                            lmask[i - (size_t)w] && lmask[i + (size_t)w] &&
                            lmask[i - 1] && lmask[i + 1];
                }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    size_t i = (size_t)y * (size_t)w + (size_t)x;
                    int opened = er[i] || (y > 0 && er[i - (size_t)w]) ||
                                 (y < h - 1 && er[i + (size_t)w]) ||
                                 (x > 0 && er[i - 1]) || (x < w - 1 && er[i + 1]);
                    cand[i] = lmask[i] && !opened;
                }
            free(er);
        }
    }
    for (size_t i = 0; i < n; i++)
        cand[i] = cand[i] && buf[i] > ctx->thr;
    return SEGKIT_OK;
}

/* The candidates of cand (w x h, raster order) as (row, col, key) arrays,
 * then select_peaks. */
static int collect(pk_ctx *ctx, const uint8_t *cand, const float *buf, int w,
                   int h, int64_t max_out, int r0, int c0)
{
    size_t n = (size_t)w * (size_t)h;
    int64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += cand[i] != 0;
    if (m == 0)
        return SEGKIT_OK;
    int32_t *r = malloc((size_t)m * sizeof *r), *c = malloc((size_t)m * sizeof *c);
    double *key = malloc((size_t)m * sizeof *key);
    int st = SEGKIT_ERR_NOMEM;
    if (r && c && key) {
        int64_t k = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                if (!cand[i])
                    continue;
                r[k] = y;
                c[k] = x;
                key[k] = sort_key(ctx->img->type, buf[i]);
                k++;
            }
        st = select_peaks(ctx, r, c, key, m, max_out, r0, c0);
    }
    free(r);
    free(c);
    free(key);
    return st;
}

/* ------------------------------------------------------------ drivers */

static int border_width(const segkit_peaks_params *p, int axis)
{
    int b = p->exclude_border[axis];
    return b == SEGKIT_PEAKS_BORDER_MIN_DISTANCE ? p->min_distance : b;
}

static int run_unlabelled(pk_ctx *ctx)
{
    const segkit_image *img = ctx->img;
    int w = img->width, h = img->height;
    size_t n = (size_t)w * (size_t)h;
    float *buf = malloc(n * sizeof *buf);
    uint8_t *cand = malloc(n);
    int st = SEGKIT_ERR_NOMEM;
    if (buf && cand) {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                buf[(size_t)y * (size_t)w + (size_t)x] = (float)sample(img, x, y);
        st = peak_mask(ctx, buf, NULL, w, h, cand);
    }
    if (st == SEGKIT_OK) {
        int br = border_width(ctx->p, 0), bc = border_width(ctx->p, 1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (y < br || y >= h - br || x < bc || x >= w - bc)
                    cand[(size_t)y * (size_t)w + (size_t)x] = 0;
        st = collect(ctx, cand, buf, w, h, ctx->p->num_peaks, 0, 0);
    }
    free(buf);
    free(cand);
    return st;
}

static int cmp_raster(const void *a, const void *b)
{
    const segkit_peak *p = a, *q = b;
    if (p->row != q->row)
        return p->row < q->row ? -1 : 1;
    return (p->col > q->col) - (p->col < q->col);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t p = *(const int32_t *)a, q = *(const int32_t *)b;
    return (p > q) - (p < q);
}

static int run_labelled(pk_ctx *ctx)
{
    const segkit_image *img = ctx->img, *lab = ctx->p->labels;
    int w = img->width, h = img->height;
    int br = border_width(ctx->p, 0), bc = border_width(ctx->p, 1);
    /* the labels present inside the border, sorted, and their boxes */
    int32_t *ids = NULL;
    int64_t nid = 0;
    {
        int32_t maxl = 0;
        for (int y = br; y < h - br; y++) {
            const int32_t *l = segkit_image_row(lab, y);
            for (int x = bc; x < w - bc; x++)
                if (l[x] > maxl)
                    maxl = l[x];
        }
        if (maxl == 0)
            return SEGKIT_OK;
        uint8_t *seen = NULL;
        if ((int64_t)maxl <= 4 * (int64_t)w * (int64_t)h + 1024)
            seen = calloc((size_t)maxl + 1, 1);
        if (seen) {
            for (int y = br; y < h - br; y++) {
                const int32_t *l = segkit_image_row(lab, y);
                for (int x = bc; x < w - bc; x++)
                    if (l[x] > 0)
                        seen[l[x]] = 1;
            }
            for (int64_t v = 1; v <= maxl; v++)
                nid += seen[v];
            ids = malloc((size_t)nid * sizeof *ids);
            if (ids) {
                nid = 0;
                for (int64_t v = 1; v <= maxl; v++)
                    if (seen[v])
                        ids[nid++] = (int32_t)v;
            }
            free(seen);
        } else if ((int64_t)maxl > 4 * (int64_t)w * (int64_t)h + 1024) {
            /* sparse large values: sort them instead of a table */
            int64_t m = 0;
            ids = malloc((size_t)w * (size_t)h * sizeof *ids);
            if (ids) {
                for (int y = br; y < h - br; y++) {
                    const int32_t *l = segkit_image_row(lab, y);
                    for (int x = bc; x < w - bc; x++)
                        if (l[x] > 0)
                            ids[m++] = l[x];
                }
                qsort(ids, (size_t)m, sizeof *ids, cmp_i32);
                for (int64_t k = 0; k < m; k++)
                    if (nid == 0 || ids[nid - 1] != ids[k])
                        ids[nid++] = ids[k];
            }
        }
        if (!ids)
            return SEGKIT_ERR_NOMEM;
    }
    int (*box)[4] = malloc((size_t)nid * sizeof *box);
    if (!box) {
        free(ids);
        return SEGKIT_ERR_NOMEM;
    }
    for (int64_t i = 0; i < nid; i++) {
        box[i][0] = h;
        box[i][1] = w;
        box[i][2] = box[i][3] = -1;
    }
    for (int y = br; y < h - br; y++) {
        const int32_t *l = segkit_image_row(lab, y);
        for (int x = bc; x < w - bc; x++) {
            if (l[x] <= 0)
                continue;
            int64_t lo = 0, hi = nid - 1;   /* binary search of l[x] */
            while (lo < hi) {
                int64_t mid = (lo + hi) / 2;
                if (ids[mid] < l[x])
                    lo = mid + 1;
                else
                    hi = mid;
            }
            int *b = box[lo];
            if (y < b[0]) b[0] = y;
            if (x < b[1]) b[1] = x;
            if (y > b[2]) b[2] = y;
            if (x > b[3]) b[3] = x;
        }
    }
    int st = SEGKIT_OK;
    float low = type_low(img->type);
    for (int64_t i = 0; i < nid && st == SEGKIT_OK; i++) {
        int y0 = box[i][0], x0 = box[i][1];
        int bh = box[i][2] - y0 + 1, bw = box[i][3] - x0 + 1;
        size_t n = (size_t)bw * (size_t)bh;
        float *buf = malloc(n * sizeof *buf);
        uint8_t *lm = malloc(n), *cand = malloc(n);
        if (!buf || !lm || !cand) {
            st = SEGKIT_ERR_NOMEM;
        } else {
            /* the box of the original labels (not border-cleared) */
            for (int y = 0; y < bh; y++) {
                const int32_t *l = segkit_image_row(lab, y0 + y);
                for (int x = 0; x < bw; x++) {
                    size_t k = (size_t)y * (size_t)bw + (size_t)x;
                    lm[k] = l[x0 + x] == ids[i];
                    buf[k] = lm[k] ? (float)sample(img, x0 + x, y0 + y) : low;
                }
            }
            st = peak_mask(ctx, buf, lm, bw, bh, cand);
            if (st == SEGKIT_OK)
                st = collect(ctx, cand, buf, bw, bh, ctx->p->num_peaks_per_label,
                             y0, x0);
        }
        free(buf);
        free(lm);
        free(cand);
    }
    free(box);
    free(ids);
    if (st != SEGKIT_OK || ctx->p->num_peaks < 0 || ctx->n <= ctx->p->num_peaks)
        return st;

    /* too many: select again over all of them on the whole image (skimage
     * marks them in a mask, so each pixel once) */
    int64_t m = ctx->n;
    segkit_peak *all = ctx->out;
    ctx->out = NULL;
    ctx->n = ctx->cap = 0;
    qsort(all, (size_t)m, sizeof *all, cmp_raster);
    int64_t u = 0;   /* a pixel found twice (another label's box with a
                        threshold below the type's lowest value) counts once */
    for (int64_t k = 0; k < m; k++)
        if (u == 0 || cmp_raster(&all[u - 1], &all[k]) != 0)
            all[u++] = all[k];
    m = u;
    int32_t *r = malloc((size_t)m * sizeof *r), *c = malloc((size_t)m * sizeof *c);
    double *key = malloc((size_t)m * sizeof *key);
    st = SEGKIT_ERR_NOMEM;
    if (r && c && key) {
        for (int64_t k = 0; k < m; k++) {
            r[k] = all[k].row;
            c[k] = all[k].col;
            key[k] = sort_key(img->type, sample(img, c[k], r[k]));
        }
        st = select_peaks(ctx, r, c, key, m, ctx->p->num_peaks, 0, 0);
    }
    free(all);
    free(r);
    free(c);
    free(key);
    return st;
}

static int check_params(const segkit_image *img, const segkit_peaks_params *p)
{
    if (p->min_distance < 0 || p->min_distance > 2047 || !(p->p_norm >= 1) ||
        p->num_peaks < SEGKIT_PEAKS_ALL || p->num_peaks_per_label < SEGKIT_PEAKS_ALL)
        return SEGKIT_ERR_ARG;
    for (int a = 0; a < 2; a++)
        if (p->exclude_border[a] < SEGKIT_PEAKS_BORDER_MIN_DISTANCE)
            return SEGKIT_ERR_ARG;
    if (p->footprint) {
        const segkit_image *f = p->footprint;
        if (!f->data || f->width <= 0 || f->height <= 0 || f->width > 4095 ||
            f->height > 4095)
            return SEGKIT_ERR_ARG;
        if (f->channels != 1 || f->type != SEGKIT_U8)
            return SEGKIT_ERR_TYPE;
    }
    if (p->labels) {
        if (!p->labels->data)
            return SEGKIT_ERR_ARG;
        if (p->labels->channels != 1 || p->labels->type != SEGKIT_I32)
            return SEGKIT_ERR_TYPE;
        if (!segkit_image_same_size(p->labels, img))
            return SEGKIT_ERR_SIZE;
    }
    return SEGKIT_OK;
}

int segkit_peak_local_max(const segkit_image *image,
                          const segkit_peaks_params *params,
                          segkit_peak **peaks, int64_t *count)
{
    if (peaks)
        *peaks = NULL;
    if (count)
        *count = 0;
    if (!image || !image->data || !peaks || !count || image->width <= 0 ||
        image->height <= 0)
        return SEGKIT_ERR_ARG;
    if (image->channels != 1 || (image->type != SEGKIT_U8 &&
                                 image->type != SEGKIT_U16 &&
                                 image->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    segkit_peaks_params def = segkit_peaks_params_default();
    const segkit_peaks_params *p = params ? params : &def;
    int st = check_params(image, p);
    if (st != SEGKIT_OK)
        return st;

    pk_ctx ctx = {.img = image, .p = p};
    ctx.thr = pk_threshold(image, p);
    if (p->footprint) {
        ctx.fw = p->footprint->width;
        ctx.fh = p->footprint->height;
    } else {
        ctx.fw = ctx.fh = 2 * p->min_distance + 1;
    }
    size_t fn = (size_t)ctx.fw * (size_t)ctx.fh;
    ctx.fdy = malloc(fn * sizeof *ctx.fdy);
    ctx.fdx = malloc(fn * sizeof *ctx.fdx);
    if (!ctx.fdy || !ctx.fdx) {
        free(ctx.fdy);
        free(ctx.fdx);
        return SEGKIT_ERR_NOMEM;
    }
    for (int y = 0; y < ctx.fh; y++)
        for (int x = 0; x < ctx.fw; x++) {
            if (p->footprint &&
                !((const uint8_t *)segkit_image_row(p->footprint, y))[x])
                continue;
            ctx.fdy[ctx.nfp] = y - ctx.fh / 2;
            ctx.fdx[ctx.nfp] = x - ctx.fw / 2;
            ctx.nfp++;
        }
    ctx.square = (size_t)ctx.nfp == fn && (ctx.fw & 1) && (ctx.fh & 1);
    if (ctx.nfp == 0 && fn > 1)
        st = SEGKIT_ERR_ARG;   /* scipy refuses an empty footprint */
    else
        st = p->labels ? run_labelled(&ctx) : run_unlabelled(&ctx);
    free(ctx.fdy);
    free(ctx.fdx);
    if (st != SEGKIT_OK) {
        free(ctx.out);
        return st;
    }
    if (ctx.n == 0) {
        free(ctx.out);
        ctx.out = NULL;
    }
    *peaks = ctx.out;
    *count = ctx.n;
    return SEGKIT_OK;
}

/* ------------------------------------------------------------ markers */

int segkit_peaks_to_markers(const segkit_peak *peaks, int64_t count, int width,
                            int height, int connectivity, segkit_image *markers,
                            int32_t *n)
{
    if (markers)
        *markers = (segkit_image){0};
    if (n)
        *n = 0;
    if (!markers || (count > 0 && !peaks) || count < 0 ||
        (connectivity != 4 && connectivity != 8))
        return SEGKIT_ERR_ARG;
    for (int64_t i = 0; i < count; i++)
        if (peaks[i].row < 0 || peaks[i].row >= height || peaks[i].col < 0 ||
            peaks[i].col >= width)
            return SEGKIT_ERR_ARG;
    segkit_image img;
    int st = segkit_image_create(&img, width, height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    for (int64_t i = 0; i < count; i++)
        ((uint8_t *)segkit_image_row(&img, peaks[i].row))[peaks[i].col] = 255;
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = connectivity;
    int32_t nl = 0;
    st = segkit_label(&img, &lp, markers, &nl, NULL);
    segkit_image_free(&img);
    if (st == SEGKIT_OK && n)
        *n = nl;
    return st;
}
