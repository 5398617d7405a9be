/* Soft boundary maps: multi-scale colour (and texture) gradients, thinned by
 * non-maximum suppression (segkit/edges.h says what is computed). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "segkit/label.h"

segkit_soft_params segkit_soft_params_default(void)
{
    segkit_soft_params p;
    memset(&p, 0, sizeof p);
    /* chosen on 10 images of the BSDS500 train split (docs/edges-bsds.md) */
    p.sigmas[0] = 2, p.sigmas[1] = 4, p.sigmas[2] = 8;
    p.weights[0] = p.weights[1] = p.weights[2] = p.weights[3] = 1;
    p.color = 1;
    p.texture = 2;
    p.tau = 0.3;
    p.length = 20;
    p.out_type = SEGKIT_F32;
    return p;
}

typedef struct {
    double sigma;
    double *tmp;   /* a scratch plane */
} scale_ctx;

/* one channel at one scale: Sobel of G(sigma) * plane */
static int smooth_grad(const double *in, double *gx, double *gy, int w, int h,
                       const void *ctx)
{
    const scale_ctx *c = ctx;
    int st = edges_gaussian_plane(in, c->tmp, w, h, c->sigma, 4.0, SEGKIT_BORDER_SYMMETRIC);
    if (st == SEGKIT_OK)
        st = edges_sobel3_planes(c->tmp, gx, gy, w, h, SEGKIT_BORDER_SYMMETRIC);
    return st;
}

int segkit_edges_soft(const segkit_image *in, const segkit_soft_params *p, segkit_image *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!in || !p || !out || !in->data || !(p->tau > 0) || !(p->texture >= 0) ||
        (p->out_type != SEGKIT_F32 && p->out_type != SEGKIT_U16))
        return SEGKIT_ERR_ARG;
    int ns = 0;
    while (ns < SEGKIT_SOFT_MAX_SCALES && p->sigmas[ns] > 0) {
        if (!(p->sigmas[ns] < 1e3) || !(p->weights[ns] >= 0))
            return SEGKIT_ERR_ARG;
        ns++;
    }
    if (ns == 0)
        return SEGKIT_ERR_ARG;
    if (in->type == SEGKIT_I32 || (unsigned)in->type >= SEGKIT_TYPE_COUNT ||
        (in->channels != 1 && in->channels != 3))
        return SEGKIT_ERR_TYPE;
    int w = in->width, h = in->height;
    if ((size_t)w * (size_t)h > SIZE_MAX / sizeof(double) / 16)
        return SEGKIT_ERR_OVERFLOW;
    size_t n = (size_t)w * h;
    int color = in->channels == 3 && p->color;
    int C = (color ? 3 : 1) + (p->texture > 0);
    double *pl[4] = {0}, *gx = edges_alloc(w, h), *gy = edges_alloc(w, h);
    double *bx = edges_alloc(w, h), *by = edges_alloc(w, h), *best = edges_alloc(w, h);
    double *M = calloc(n, sizeof *M), *tmp = edges_alloc(w, h);
    uint8_t *em = malloc(n), *lm = malloc(n);
    int st = gx && gy && bx && by && best && M && tmp && em && lm ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    for (int c = 0; c < C && st == SEGKIT_OK; c++)
        if (!(pl[c] = edges_alloc(w, h)))
            st = SEGKIT_ERR_NOMEM;
    if (st != SEGKIT_OK)
        goto done;
    /* channels */
    if (in->channels == 3) {
        edges_plane(in, 0, EDGES_SCALE_UNIT, gx);
        edges_plane(in, 1, EDGES_SCALE_UNIT, gy);
        edges_plane(in, 2, EDGES_SCALE_UNIT, tmp);
        for (size_t i = 0; i < n; i++) {
            double r = gx[i], g = gy[i], b = tmp[i];
            pl[0][i] = color ? (r + g + b) / 3 : 0.299 * r + 0.587 * g + 0.114 * b;
            if (color) {
                pl[1][i] = (r - g) / 2;
                pl[2][i] = (r + g - 2 * b) / 4;
            }
        }
    } else
        edges_plane(in, 0, EDGES_SCALE_UNIT, pl[0]);
    if (p->texture > 0) {
        /* local standard deviation of L, sigma 2, times the weight */
        double *t = pl[C - 1];
        for (size_t i = 0; i < n; i++)
            tmp[i] = pl[0][i] * pl[0][i];
        st = edges_gaussian_plane(tmp, t, w, h, 2.0, 4.0, SEGKIT_BORDER_SYMMETRIC);
        if (st == SEGKIT_OK)
            st = edges_gaussian_plane(pl[0], tmp, w, h, 2.0, 4.0, SEGKIT_BORDER_SYMMETRIC);
        for (size_t i = 0; st == SEGKIT_OK && i < n; i++) {
            double v = t[i] - tmp[i] * tmp[i];
            t[i] = p->texture * sqrt(v > 0 ? v : 0);
        }
        if (st != SEGKIT_OK)
            goto done;
    }
    for (size_t i = 0; i < n; i++)
        best[i] = -1;
    for (int s = 0; s < ns && st == SEGKIT_OK; s++) {
        scale_ctx ctx = {p->sigmas[s], tmp};
        st = edges_color_gradient(pl, C, w, h, SEGKIT_EDGES_COLOR_RGB, smooth_grad, &ctx, gx, gy);
        if (st != SEGKIT_OK)
            break;
        double ws = p->weights[s];
        for (size_t i = 0; i < n; i++) {
            double m = ws * hypot(gx[i], gy[i]);
            M[i] += m;
            if (m > best[i]) {
                best[i] = m;
                bx[i] = gx[i];
                by[i] = gy[i];
            }
        }
    }
    if (st != SEGKIT_OK)
        goto done;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            em[(size_t)y * w + x] = y > 0 && y < h - 1 && x > 0 && x < w - 1;
    edges_nms(bx, by, M, em, w, h, lm);
    for (size_t i = 0; i < n; i++)
        tmp[i] = lm[i] ? M[i] / (M[i] + p->tau) : 0.0;
    if (p->length > 0) {
        /* short curves count less: x L / (L + length), L = the pixel count
         * of the 8-connected curve of maxima (above tau / 20) */
        segkit_image mk, lab;
        for (size_t i = 0; i < n; i++)
            lm[i] = lm[i] && M[i] > p->tau / 20 ? 255 : 0;
        segkit_image_wrap(&mk, lm, w, h, 1, SEGKIT_U8, (size_t)w);
        segkit_label_params lp = segkit_label_params_default();
        segkit_label_stat *stats = NULL;
        int32_t cnt = 0;
        st = segkit_label(&mk, &lp, &lab, &cnt, &stats);
        if (st != SEGKIT_OK)
            goto done;
        const int32_t *L = lab.data;
        for (size_t i = 0; i < n; i++) {
            double a = L[i] > 0 ? (double)stats[L[i]].area : 0;
            tmp[i] *= a / (a + p->length);
        }
        free(stats);
        segkit_image_free(&lab);
    }
    st = edges_plane_to_image(tmp, w, h, p->out_type, 65535.0, out);
done:
    for (int c = 0; c < 4; c++)
        free(pl[c]);
    free(gx);
    free(gy);
    free(bx);
    free(by);
    free(best);
    free(M);
    free(tmp);
    free(em);
    free(lm);
    return st;
}
