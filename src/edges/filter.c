/* Gradient operators, Laplacians and Gaussian smoothing with
 * scikit-image's definitions (skimage/filters/edges.py, _gaussian.py 0.19):
 * a gradient component is the derivative kernel along its axis times the
 * smoothing kernel across it (convolution, i.e. correlation with the kernel
 * reversed); the magnitude is sqrt((gx^2 + gy^2) / 2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"
#include "internal/names.h"

static const char *const method_names[SEGKIT_EDGES_METHOD_COUNT] = {
    "sobel", "scharr", "prewitt", "roberts", "farid", "central",
    "laplace", "log", "dog", "gaussian"};

const char *segkit_edges_method_name(segkit_edges_method m)
{
    return (unsigned)m < SEGKIT_EDGES_METHOD_COUNT ? method_names[m] : NULL;
}

int segkit_edges_method_parse(const char *name, segkit_edges_method *m)
{
    int i = name_index_nocase(method_names, SEGKIT_EDGES_METHOD_COUNT, name);
    if (i < 0 || !m)
        return SEGKIT_ERR_ARG;
    *m = (segkit_edges_method)i;
    return SEGKIT_OK;
}

segkit_edges_params segkit_edges_params_default(void)
{
    segkit_edges_params p;
    memset(&p, 0, sizeof p);
    p.method = SEGKIT_EDGES_SOBEL;
    p.output = SEGKIT_EDGES_MAGNITUDE;
    p.border = SEGKIT_BORDER_SYMMETRIC;
    p.sigma = 1.0;
    p.truncate = 4.0;
    p.out_type = SEGKIT_F32;
    return p;
}

/* A separable operator in correlation order: derivative d along the axis,
 * smoothing s across it. */
typedef struct {
    const double *d, *s;
    int rd, rs;
    segkit_border border;
} sep_op;

/* Farid & Simoncelli (2004) Table 1, as skimage.filters.farid; the 7-tap
 * pair from the same table. */
static const double farid5_p[5] = {0.0376593171958126, 0.249153396177344,
                                   0.426374573253687, 0.249153396177344,
                                   0.0376593171958126};
static const double farid5_d[5] = {-0.109603762960254, -0.276690988455557, 0,
                                   0.276690988455557, 0.109603762960254};
static const double farid7_p[7] = {0.004711, 0.069321, 0.245410, 0.361117,
                                   0.245410, 0.069321, 0.004711};
static const double farid7_d[7] = {-0.018708, -0.125376, -0.193091, 0,
                                   0.193091, 0.125376, 0.018708};

static int sep_grad(const double *in, double *gx, double *gy, int w, int h,
                    const void *ctx)
{
    const sep_op *o = ctx;
    int st = SEGKIT_OK;
    if (gx) {
        st = edges_correlate1d(in, gx, w, h, 1, o->d, o->rd, o->border);
        if (st == SEGKIT_OK)
            st = edges_correlate1d(gx, gx, w, h, 0, o->s, o->rs, o->border);
    }
    if (gy && st == SEGKIT_OK) {
        st = edges_correlate1d(in, gy, w, h, 0, o->d, o->rd, o->border);
        if (st == SEGKIT_OK)
            st = edges_correlate1d(gy, gy, w, h, 1, o->s, o->rs, o->border);
    }
    return st;
}

/* skimage roberts_pos_diag (x) = I[y+1][x+1] - I[y][x], roberts_neg_diag (y)
 * = I[y+1][x] - I[y][x+1] (scipy convolve of the 2x2 kernels) */
static int roberts_grad(const double *in, double *gx, double *gy, int w, int h,
                        const void *ctx)
{
    const sep_op *o = ctx;
    for (int y = 0; y < h; y++) {
        int y1 = border_index(y + 1, h, o->border);
        const double *r0 = in + (size_t)y * w;
        const double *r1 = y1 < 0 ? NULL : in + (size_t)y1 * w;
        for (int x = 0; x < w; x++) {
            int x1 = border_index(x + 1, w, o->border);
            double a = r0[x];
            double b = x1 < 0 ? 0 : r0[x1];
            double c = r1 ? r1[x] : 0;
            double d = r1 && x1 >= 0 ? r1[x1] : 0;
            if (gx)
                gx[(size_t)y * w + x] = d - a;
            if (gy)
                gy[(size_t)y * w + x] = c - b;
        }
    }
    return SEGKIT_OK;
}

static int set_op(const segkit_edges_params *p, sep_op *o, double *sbuf)
{
    static const double d3[3] = {-1, 0, 1}, d5[5] = {-1, -2, 0, 2, 1},
                        d7[7] = {-1, -4, -5, 0, 5, 4, 1}, c3[3] = {-0.5, 0, 0.5},
                        one[1] = {1};
    int ap = p->aperture;
    o->border = p->border;
    switch (p->method) {
    case SEGKIT_EDGES_SOBEL:
        if (ap == 0 || ap == 3) {
            static const double s[3] = {0.25, 0.5, 0.25};
            o->d = d3, o->s = s, o->rd = o->rs = 1;
        } else if (ap == 5) {
            static const double s[5] = {1 / 16., 4 / 16., 6 / 16., 4 / 16., 1 / 16.};
            o->d = d5, o->s = s, o->rd = o->rs = 2;
        } else if (ap == 7) {
            static const double s[7] = {1 / 64., 6 / 64., 15 / 64., 20 / 64.,
                                        15 / 64., 6 / 64., 1 / 64.};
            o->d = d7, o->s = s, o->rd = o->rs = 3;
        } else
            return SEGKIT_ERR_ARG;
        break;
    case SEGKIT_EDGES_SCHARR:
        sbuf[0] = sbuf[2] = 3 / 16., sbuf[1] = 10 / 16.;
        o->d = d3, o->s = sbuf, o->rd = o->rs = 1;
        break;
    case SEGKIT_EDGES_PREWITT:
        sbuf[0] = sbuf[1] = sbuf[2] = 1 / 3.;
        o->d = d3, o->s = sbuf, o->rd = o->rs = 1;
        break;
    case SEGKIT_EDGES_FARID:
        if (ap == 0 || ap == 5)
            o->d = farid5_d, o->s = farid5_p, o->rd = o->rs = 2;
        else if (ap == 7)
            o->d = farid7_d, o->s = farid7_p, o->rd = o->rs = 3;
        else
            return SEGKIT_ERR_ARG;
        break;
    case SEGKIT_EDGES_CENTRAL:
        o->d = c3, o->s = one, o->rd = 1, o->rs = 0;
        break;
    case SEGKIT_EDGES_ROBERTS:
        break;
    default:
        return SEGKIT_ERR_ARG;
    }
    return SEGKIT_OK;
}

static int gradient_filter(const segkit_image *in, const segkit_edges_params *p,
                           double **planes, int C, double *res)
{
    int w = in->width, h = in->height;
    sep_op o;
    double sbuf[3];
    int st = set_op(p, &o, sbuf);
    if (st != SEGKIT_OK)
        return st;
    edges_grad_fn fn = p->method == SEGKIT_EDGES_ROBERTS ? roberts_grad : sep_grad;
    size_t n = (size_t)w * h;
    double *gx = edges_alloc((size_t)w, (size_t)h), *gy = edges_alloc((size_t)w, (size_t)h);
    if (!gx || !gy) {
        free(gx);
        free(gy);
        return SEGKIT_ERR_NOMEM;
    }
    st = edges_color_gradient(planes, C, w, h, p->color, fn, &o, gx, gy);
    if (st == SEGKIT_OK) {
        switch (p->output) {
        case SEGKIT_EDGES_X:
            memcpy(res, gx, n * sizeof *res);
            break;
        case SEGKIT_EDGES_Y:
            memcpy(res, gy, n * sizeof *res);
            break;
        case SEGKIT_EDGES_DIRECTION:
            for (size_t i = 0; i < n; i++)
                res[i] = atan2(gy[i], gx[i]);
            break;
        default:
            if (p->l1)
                for (size_t i = 0; i < n; i++)
                    res[i] = (fabs(gx[i]) + fabs(gy[i])) / 2;
            else   /* skimage: np.sqrt(gx*gx + gy*gy) / np.sqrt(2) */
                for (size_t i = 0; i < n; i++)
                    res[i] = sqrt(gx[i] * gx[i] + gy[i] * gy[i]) / sqrt(2.0);
            break;
        }
    }
    free(gx);
    free(gy);
    return st;
}

static int smooth_filter(const double *in, const segkit_edges_params *p, int w,
                         int h, double *res)
{
    double s = p->sigma, tr = p->truncate;
    switch (p->method) {
    case SEGKIT_EDGES_LAPLACE: {
        /* skimage.filters.laplace: convolve with [[0 -1 0] [-1 4 -1] [0 -1 0]] */
        for (int y = 0; y < h; y++) {
            const double *u = in + (size_t)border_index(y - 1, h, p->border) * w;
            const double *c = in + (size_t)y * w;
            const double *d = in + (size_t)border_index(y + 1, h, p->border) * w;
            int yu = border_index(y - 1, h, p->border), yd = border_index(y + 1, h, p->border);
            for (int x = 0; x < w; x++) {
                int xl = border_index(x - 1, w, p->border), xr = border_index(x + 1, w, p->border);
                double v = 4 * c[x];
                v -= yu < 0 ? 0 : u[x];
                v -= yd < 0 ? 0 : d[x];
                v -= xl < 0 ? 0 : c[xl];
                v -= xr < 0 ? 0 : c[xr];
                res[(size_t)y * w + x] = v;
            }
        }
        return SEGKIT_OK;
    }
    case SEGKIT_EDGES_GAUSSIAN:
        return edges_gaussian_plane(in, res, w, h, s, tr, p->border);
    case SEGKIT_EDGES_DOG: {
        double s2 = p->sigma2 > 0 ? p->sigma2 : 1.6 * s;
        double *t = edges_alloc((size_t)w, (size_t)h);
        if (!t)
            return SEGKIT_ERR_NOMEM;
        int st = edges_gaussian_plane(in, res, w, h, s, tr, p->border);
        if (st == SEGKIT_OK)
            st = edges_gaussian_plane(in, t, w, h, s2, tr, p->border);
        if (st == SEGKIT_OK)
            for (size_t i = 0; i < (size_t)w * h; i++)
                res[i] -= t[i];
        free(t);
        return st;
    }
    case SEGKIT_EDGES_LOG: {
        /* scipy gaussian_laplace: gaussian_filter order (2, 0) + (0, 2) */
        int r = edges_gauss_radius(s, tr);
        double *k0 = malloc((2 * (size_t)r + 1) * sizeof *k0);
        double *k2 = malloc((2 * (size_t)r + 1) * sizeof *k2);
        double *t = edges_alloc((size_t)w, (size_t)h);
        int st = k0 && k2 && t ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
        if (st == SEGKIT_OK) {
            edges_gauss_kernel(s, 0, r, k0);
            edges_gauss_kernel(s, 2, r, k2);
            st = edges_correlate1d(in, res, w, h, 0, k2, r, p->border);
        }
        if (st == SEGKIT_OK)
            st = edges_correlate1d(res, res, w, h, 1, k0, r, p->border);
        if (st == SEGKIT_OK)
            st = edges_correlate1d(in, t, w, h, 0, k0, r, p->border);
        if (st == SEGKIT_OK)
            st = edges_correlate1d(t, t, w, h, 1, k2, r, p->border);
        if (st == SEGKIT_OK)
            for (size_t i = 0; i < (size_t)w * h; i++)
                res[i] += t[i];
        free(k0);
        free(k2);
        free(t);
        return st;
    }
    default:
        return SEGKIT_ERR_ARG;
    }
}

int segkit_edges_filter(const segkit_image *in, const segkit_edges_params *p,
                        segkit_image *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!in || !p || !out || !in->data || (unsigned)p->method >= SEGKIT_EDGES_METHOD_COUNT ||
        (unsigned)p->output >= SEGKIT_EDGES_OUTPUT_COUNT ||
        (unsigned)p->border >= SEGKIT_BORDER_COUNT ||
        (unsigned)p->color >= SEGKIT_EDGES_COLOR_COUNT || !(p->truncate >= 0) ||
        !(p->truncate < 1e3) || (p->out_type != SEGKIT_F32 && p->out_type != SEGKIT_U16) ||
        !(p->out_scale >= 0))
        return SEGKIT_ERR_ARG;
    int grad = p->method <= SEGKIT_EDGES_CENTRAL;
    if (!grad && p->method != SEGKIT_EDGES_LAPLACE && !(p->sigma > 0 && p->sigma < 1e4))
        return SEGKIT_ERR_ARG;
    if (p->method == SEGKIT_EDGES_DOG && p->sigma2 != 0 && !(p->sigma2 > 0 && p->sigma2 < 1e4))
        return SEGKIT_ERR_ARG;
    if (p->method == SEGKIT_EDGES_LAPLACE && p->aperture != 0 && p->aperture != 3)
        return SEGKIT_ERR_ARG;
    if (in->type == SEGKIT_I32 || (unsigned)in->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    int C = in->channels;
    if (C != 1) {
        if (!grad || p->color == SEGKIT_EDGES_COLOR_NONE || C != 3)
            return SEGKIT_ERR_TYPE;
    }
    if (p->method == SEGKIT_EDGES_SOBEL && (p->aperture == 0 || p->aperture == 3) &&
        p->output == SEGKIT_EDGES_MAGNITUDE && in->type == SEGKIT_U8 && C == 1)
        return edges_sobel_mag_u8(in, p->border, p->l1, p->out_type,
                                  p->out_scale > 0 ? p->out_scale : 65535.0, out);
    int w = in->width, h = in->height;
    double *planes[3] = {0}, *res = edges_alloc((size_t)w, (size_t)h);
    int st = res ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    for (int c = 0; c < C && st == SEGKIT_OK; c++)
        if (!(planes[c] = edges_alloc((size_t)w, (size_t)h)))
            st = SEGKIT_ERR_NOMEM;
    if (st == SEGKIT_OK)
        st = edges_planes(in, p->color, EDGES_SCALE_UNIT, planes);
    if (st == SEGKIT_OK)
        st = grad ? gradient_filter(in, p, planes, C, res)
                  : smooth_filter(planes[0], p, w, h, res);
    if (st == SEGKIT_OK)
        st = edges_plane_to_image(res, w, h, p->out_type,
                                  p->out_scale > 0 ? p->out_scale : 65535.0, out);
    for (int c = 0; c < 3; c++)
        free(planes[c]);
    free(res);
    return st;
}
