/* Window minimum and maximum in O(1) per pixel (van Herk 1992, Gil & Werman
 * 1993), separable, and the methods built on them: midgrey, bernsen,
 * contrast.
 *
 * van Herk / Gil-Werman: cut the (padded) line into blocks of W; g = running
 * max from each block's start, h = running max to each block's end; the
 * window [i, i+W-1] spans at most two blocks, so its max is
 * max(h[i], g[i+W-1]): 3 comparisons per sample whatever W.
 *
 * The window is clipped at the border (padding with -inf for max, +inf for
 * min), which gives the same result as the replicate, reflect and symmetric
 * borders: the mirrored or repeated pixels are already inside the clipped
 * window. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

#define STRIP 64 /* columns per vertical pass (keeps the buffers small) */

/* out[i] = op over in[i-a .. i+b] (clipped) for i in [0, n), on `lanes`
 * independent lines: element (i, l) at in[i * stride + l]. */
static void vhgw(const float *in, size_t in_stride, float *out,
                 size_t out_stride, int lanes, int n, int a, int b, int is_max,
                 float *gb, float *hb)
{
    int W = a + b + 1;
    int L = n + W - 1;
    float pad = is_max ? -INFINITY : INFINITY;
#define P(j, l) ((j) - a >= 0 && (j) - a < n ? in[(size_t)((j) - a) * in_stride + (l)] : pad)
#define OP(u, v) (is_max ? ((u) > (v) ? (u) : (v)) : ((u) < (v) ? (u) : (v)))
    for (int j = 0; j < L; j++) {
        float *g = gb + (size_t)j * lanes;
        if (j % W == 0) {
            for (int l = 0; l < lanes; l++)
                g[l] = P(j, l);
        } else {
            const float *gp = g - lanes;
            for (int l = 0; l < lanes; l++) {
                float v = P(j, l);
                g[l] = OP(gp[l], v);
            }
        }
    }
    for (int j = L - 1; j >= 0; j--) {
        float *hh = hb + (size_t)j * lanes;
        if (j % W == W - 1 || j == L - 1) {
            for (int l = 0; l < lanes; l++)
                hh[l] = P(j, l);
        } else {
            const float *hn = hh + lanes;
            for (int l = 0; l < lanes; l++) {
                float v = P(j, l);
                hh[l] = OP(hn[l], v);
            }
        }
    }
    for (int i = 0; i < n; i++) {
        const float *hh = hb + (size_t)i * lanes;
        const float *g = gb + (size_t)(i + W - 1) * lanes;
        float *o = out + (size_t)i * out_stride;
        for (int l = 0; l < lanes; l++)
            o[l] = OP(hh[l], g[l]);
    }
#undef P
#undef OP
}

/* One plane (min or max): rows, then columns in strips. */
static int minmax_plane(const float *src, int w, int h, int window, int is_max,
                        float *dst)
{
    int a = local_before(window), b = local_after(window);
    size_t lw = (size_t)w + (size_t)window, lh = (size_t)h + (size_t)window;
    size_t need = (lw > lh * STRIP ? lw : lh * STRIP);
    float *tmp = malloc((size_t)w * (size_t)h * sizeof *tmp);
    float *gb = malloc(need * sizeof *gb);
    float *hb = malloc(need * sizeof *hb);
    if (!tmp || !gb || !hb) {
        free(tmp);
        free(gb);
        free(hb);
        return SEGKIT_ERR_NOMEM;
    }
    for (int y = 0; y < h; y++)
        vhgw(src + (size_t)y * w, 1, tmp + (size_t)y * w, 1, 1, w, a, b,
             is_max, gb, hb);
    for (int x0 = 0; x0 < w; x0 += STRIP) {
        int lanes = w - x0 < STRIP ? w - x0 : STRIP;
        vhgw(tmp + x0, (size_t)w, dst + x0, (size_t)w, lanes, h, a, b, is_max,
             gb, hb);
    }
    free(tmp);
    free(gb);
    free(hb);
    return SEGKIT_OK;
}

int local_minmax(const segkit_image *img, int window, float *mn, float *mx)
{
    int w = img->width, h = img->height;
    size_t px = (size_t)w * (size_t)h;
    if (px > SIZE_MAX / sizeof(float) / 2)
        return SEGKIT_ERR_OVERFLOW;
    float *src = malloc(px * sizeof *src);
    if (!src)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(img, y);
        float *d = src + (size_t)y * w;
        for (int x = 0; x < w; x++)
            d[x] = (float)local_sample(img, row, x);
    }
    int st = SEGKIT_OK;
    if (mn)
        st = minmax_plane(src, w, h, window, 0, mn);
    if (st == SEGKIT_OK && mx)
        st = minmax_plane(src, w, h, window, 1, mx);
    free(src);
    return st;
}

int local_minmax_methods(const segkit_image *g, segkit_local_method m,
                         const segkit_local_params *p, int dark,
                         segkit_image *out)
{
    int w = g->width, h = g->height;
    size_t px = (size_t)w * (size_t)h;
    if (px > SIZE_MAX / sizeof(float) / 2)
        return SEGKIT_ERR_OVERFLOW;
    float *mn = malloc(px * sizeof *mn), *mx = malloc(px * sizeof *mx);
    if (!mn || !mx) {
        free(mn);
        free(mx);
        return SEGKIT_ERR_NOMEM;
    }
    int st = local_minmax(g, p->window, mn, mx);
    if (st != SEGKIT_OK)
        goto done;
    double sc = local_scale(g->type);
    double C = p->c * sc, L = p->contrast * sc, GT = p->fallback * sc;
    int integer = g->type != SEGKIT_F32;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(g, y);
        const float *a = mn + (size_t)y * w, *b = mx + (size_t)y * w;
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            double v = local_sample(g, row, x), lo = a[x], hi = b[x];
            int fg;
            if (m == SEGKIT_LOCAL_CONTRAST) {
                /* ImageJ: object when |v - max| <= |v - min| */
                fg = fabs(v - hi) <= fabs(v - lo);
            } else {
                double T;
                if (m == SEGKIT_LOCAL_MIDGREY)
                    T = (hi + lo) / 2 - C;
                else /* bernsen, as Doxa: integer midpoint for integer data */
                    T = (hi - lo) > L ? (integer ? floor((hi + lo) / 2) : (hi + lo) / 2)
                                      : GT;
                fg = v > T;
                if (isnan(v))
                    fg = dark; /* flipped below: NaN is never foreground */
            }
            d[x] = (uint8_t)((fg ^ dark) ? 255 : 0);
        }
    }
done:
    free(mn);
    free(mx);
    return st;
}
