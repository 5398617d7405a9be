/* Double planes and scipy.ndimage's separable correlation (correlate1d,
 * gaussian_filter, sobel) with its summation order, so that the skimage
 * compatibility modes can match scikit-image bit for bit.
 *
 * scipy/ndimage/src/ni_filters.c NI_Correlate1D folds a symmetric kernel
 * (weights equal within DBL_EPSILON about the centre) as
 *     out = in[0] k[0] + sum_{j = -r..-1} (in[j] + in[-j]) k[j]
 * an antisymmetric one with (in[j] - in[-j]), and otherwise sums
 * in[j] k[j] from j = -r upwards; each pass is stored as double. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"
#include "internal/gaussian_f32.h"
#include "segkit/color.h"

double edges_unit(segkit_type t, edges_scale s)
{
    if (s == EDGES_SCALE_UNIT)
        return t == SEGKIT_U8 ? 1.0 / 255 : t == SEGKIT_U16 ? 1.0 / 65535 : 1.0;
    return t == SEGKIT_U16 ? 1.0 / 257 : t == SEGKIT_F32 ? 255.0 : 1.0;
}

double *edges_alloc(size_t w, size_t h)
{
    if (w == 0 || h == 0 || w > SIZE_MAX / h || w * h > SIZE_MAX / sizeof(double))
        return NULL;
    return malloc(w * h * sizeof(double));
}

void edges_plane(const segkit_image *in, int c, edges_scale s, double *out)
{
    int w = in->width, h = in->height, C = in->channels;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(in, y);
        double *d = out + (size_t)y * w;
        switch (in->type) {
        case SEGKIT_U8: {
            const uint8_t *r = (const uint8_t *)row + c;
            /* numpy.multiply(image, 1. / 255) */
            double m = s == EDGES_SCALE_UNIT ? 1.0 / 255 : 1.0;
            for (int x = 0; x < w; x++)
                d[x] = r[(size_t)x * C] * m;
            break;
        }
        case SEGKIT_U16: {
            const uint16_t *r = (const uint16_t *)row + c;
            if (s == EDGES_SCALE_UNIT)
                for (int x = 0; x < w; x++)
                    d[x] = r[(size_t)x * C] * (1.0 / 65535);
            else
                for (int x = 0; x < w; x++)
                    d[x] = r[(size_t)x * C] / 257.0;
            break;
        }
        default: {
            const float *r = (const float *)row + c;
            if (s == EDGES_SCALE_UNIT)
                for (int x = 0; x < w; x++)
                    d[x] = r[(size_t)x * C];
            else
                for (int x = 0; x < w; x++) {
                    double v = r[(size_t)x * C] * 255.0;
                    d[x] = isfinite(v) ? nearbyint(v * 4096) / 4096 : 0.0;
                }
            break;
        }
        }
    }
}

int edges_planes(const segkit_image *in, segkit_edges_color color, edges_scale s,
                 double *const *planes)
{
    if (in->channels == 3 && color == SEGKIT_EDGES_COLOR_LAB) {
        /* CIE L*a*b* (D65) by the colour module, divided by 100 (the [0, 1]
         * scale; x 255 on the 8-bit scale) */
        segkit_color_space cs = {SEGKIT_SPACE_LAB, 0, 0, 0};
        segkit_image lab;
        int st = segkit_color_convert(in, &cs, &lab);
        if (st != SEGKIT_OK)
            return st;
        double k = s == EDGES_SCALE_UNIT ? 0.01 : 2.55;
        for (int c = 0; c < 3; c++) {
            edges_plane(&lab, c, EDGES_SCALE_UNIT, planes[c]);
            for (size_t i = 0; i < (size_t)in->width * in->height; i++)
                planes[c][i] *= k;
        }
        segkit_image_free(&lab);
        return SEGKIT_OK;
    }
    for (int c = 0; c < in->channels; c++)
        edges_plane(in, c, s, planes[c]);
    return SEGKIT_OK;
}

/* 1: symmetric, -1: antisymmetric, 0: neither (ni_filters.c's test) */
static int kernel_symmetry(const double *k, int r)
{
    int sym = 1;
    for (int i = 1; i <= r; i++)
        if (fabs(k[r + i] - k[r - i]) > DBL_EPSILON) {
            sym = 0;
            break;
        }
    if (sym)
        return 1;
    for (int i = 1; i <= r; i++)
        if (fabs(k[r + i] + k[r - i]) > DBL_EPSILON)
            return 0;
    return -1;
}

/* one output sample from the centre pointer c (c[-r..r] valid) */
static inline double fold(const double *c, const double *kc, int r, int sym)
{
    double acc;
    if (sym > 0) {
        acc = c[0] * kc[0];
        for (int j = -r; j < 0; j++)
            acc += (c[j] + c[-j]) * kc[j];
    } else if (sym < 0) {
        acc = c[0] * kc[0];
        for (int j = -r; j < 0; j++)
            acc += (c[j] - c[-j]) * kc[j];
    } else {
        acc = c[r] * kc[r];
        for (int j = -r; j < r; j++)
            acc += c[j] * kc[j];
    }
    return acc;
}

int edges_correlate1d(const double *in, double *out, int w, int h, int axis,
                      const double *k, int r, segkit_border border)
{
    int sym = kernel_symmetry(k, r);
    const double *kc = k + r;
    if (axis == 1) {
        double *line = malloc(((size_t)w + 2 * (size_t)r) * sizeof *line);
        if (!line)
            return SEGKIT_ERR_NOMEM;
        for (int y = 0; y < h; y++) {
            const double *s = in + (size_t)y * w;
            for (int j = 0; j < w + 2 * r; j++) {
                int xx = border_index(j - r, w, border);
                line[j] = xx < 0 ? 0.0 : s[xx];
            }
            double *d = out + (size_t)y * w;
            for (int x = 0; x < w; x++)
                d[x] = fold(line + r + x, kc, r, sym);
        }
        free(line);
        return SEGKIT_OK;
    }
    /* axis 0: rows combined in the same per-pixel order */
    double *src = (double *)in;
    if (in == out) {
        src = edges_alloc((size_t)w, (size_t)h);
        if (!src)
            return SEGKIT_ERR_NOMEM;
        memcpy(src, in, (size_t)w * h * sizeof *src);
    }
    double *zero = calloc((size_t)w, sizeof *zero);
    const double **rows = malloc((2 * (size_t)r + 1) * sizeof *rows);
    if (!zero || !rows) {
        free(zero);
        free(rows);
        if (src != in)
            free(src);
        return SEGKIT_ERR_NOMEM;
    }
    const double **rc = rows + r;
    for (int y = 0; y < h; y++) {
        for (int j = -r; j <= r; j++) {
            int yy = border_index(y + j, h, border);
            rc[j] = yy < 0 ? zero : src + (size_t)yy * w;
        }
        double *d = out + (size_t)y * w;
        if (sym > 0) {
            for (int x = 0; x < w; x++)
                d[x] = rc[0][x] * kc[0];
            for (int j = -r; j < 0; j++) {
                const double *a = rc[j], *b = rc[-j];
                double kj = kc[j];
                for (int x = 0; x < w; x++)
                    d[x] += (a[x] + b[x]) * kj;
            }
        } else if (sym < 0) {
            for (int x = 0; x < w; x++)
                d[x] = rc[0][x] * kc[0];
            for (int j = -r; j < 0; j++) {
                const double *a = rc[j], *b = rc[-j];
                double kj = kc[j];
                for (int x = 0; x < w; x++)
                    d[x] += (a[x] - b[x]) * kj;
            }
        } else {
            for (int x = 0; x < w; x++)
                d[x] = rc[r][x] * kc[r];
            for (int j = -r; j < r; j++) {
                const double *a = rc[j];
                double kj = kc[j];
                for (int x = 0; x < w; x++)
                    d[x] += a[x] * kj;
            }
        }
    }
    free(zero);
    free(rows);
    if (src != in)
        free(src);
    return SEGKIT_OK;
}

int edges_gauss_radius(double sigma, double truncate)
{
    double r = truncate * sigma + 0.5;
    return r < 0 ? 0 : r > 1e6 ? 1000000 : (int)r;
}

void edges_gauss_kernel(double sigma, int order, int r, double *k)
{
    double s2 = sigma * sigma, sum = 0;
    for (int i = -r; i <= r; i++) {
        k[i + r] = exp(-0.5 / s2 * ((double)i * i));
        sum += k[i + r];
    }
    for (int i = 0; i <= 2 * r; i++)
        k[i] /= sum;
    if (order == 2)   /* (x^2 / sigma^4 - 1 / sigma^2) phi(x) */
        for (int i = -r; i <= r; i++)
            k[i + r] *= -1.0 / s2 + (1.0 / (s2 * s2)) * ((double)i * i);
}

int edges_gaussian_plane(const double *in, double *out, int w, int h,
                         double sigma, double truncate, segkit_border border)
{
    int r = edges_gauss_radius(sigma, truncate);
    double *k = malloc((2 * (size_t)r + 1) * sizeof *k);
    if (!k)
        return SEGKIT_ERR_NOMEM;
    edges_gauss_kernel(sigma, 0, r, k);
    int st = edges_correlate1d(in, out, w, h, 0, k, r, border);
    if (st == SEGKIT_OK)
        st = edges_correlate1d(out, out, w, h, 1, k, r, border);
    free(k);
    return st;
}

int edges_sobel3_planes(const double *in, double *gx, double *gy, int w, int h,
                        segkit_border border)
{
    static const double d[3] = {-1, 0, 1}, s[3] = {1, 2, 1};
    int st = SEGKIT_OK;
    if (gx && st == SEGKIT_OK)
        st = edges_correlate1d(in, gx, w, h, 1, d, 1, border);
    if (gx && st == SEGKIT_OK)
        st = edges_correlate1d(gx, gx, w, h, 0, s, 1, border);
    if (gy && st == SEGKIT_OK)
        st = edges_correlate1d(in, gy, w, h, 0, d, 1, border);
    if (gy && st == SEGKIT_OK)
        st = edges_correlate1d(gy, gy, w, h, 1, s, 1, border);
    return st;
}

int edges_color_gradient(double *const *planes, int C, int w, int h,
                         segkit_edges_color mode, edges_grad_fn grad,
                         const void *ctx, double *gx, double *gy)
{
    if (C == 1)
        return grad(planes[0], gx, gy, w, h, ctx);
    size_t n = (size_t)w * h;
    double *cx = edges_alloc((size_t)w, (size_t)h), *cy = edges_alloc((size_t)w, (size_t)h);
    double *acc = mode == SEGKIT_EDGES_COLOR_MAX ? edges_alloc((size_t)w, (size_t)h)
                                                 : calloc(n * 3, sizeof(double));
    int st = cx && cy && acc ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    for (int c = 0; c < C && st == SEGKIT_OK; c++) {
        st = grad(planes[c], cx, cy, w, h, ctx);
        if (st != SEGKIT_OK)
            break;
        if (mode == SEGKIT_EDGES_COLOR_MAX) {
            for (size_t i = 0; i < n; i++) {
                double m = cx[i] * cx[i] + cy[i] * cy[i];
                if (c == 0 || m > acc[i]) {
                    acc[i] = m;
                    gx[i] = cx[i];
                    gy[i] = cy[i];
                }
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                acc[3 * i] += cx[i] * cx[i];
                acc[3 * i + 1] += cy[i] * cy[i];
                acc[3 * i + 2] += cx[i] * cy[i];
            }
        }
    }
    if (st == SEGKIT_OK && mode != SEGKIT_EDGES_COLOR_MAX) {
        /* Di Zenzo: largest eigenvalue of [[gxx, gxy], [gxy, gyy]] and its
         * direction; divided by C so that R = G = B gives the gray result */
        for (size_t i = 0; i < n; i++) {
            double a = acc[3 * i], b = acc[3 * i + 1], c = acc[3 * i + 2];
            double lam = 0.5 * (a + b + sqrt((a - b) * (a - b) + 4 * c * c));
            double m = sqrt(lam / C);
            double th = 0.5 * atan2(2 * c, a - b);
            gx[i] = m * cos(th);
            gy[i] = m * sin(th);
        }
    }
    free(cx);
    free(cy);
    free(acc);
    return st;
}

int edges_plane_to_image(const double *p, int w, int h, segkit_type t,
                         double scale, segkit_image *out)
{
    int st = segkit_image_create(out, w, h, 1, t);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        const double *s = p + (size_t)y * w;
        if (t == SEGKIT_F32) {
            float *d = segkit_image_row(out, y);
            for (int x = 0; x < w; x++)
                d[x] = (float)s[x];
        } else {
            uint16_t *d = segkit_image_row(out, y);
            for (int x = 0; x < w; x++) {
                double v = s[x] * scale;
                d[x] = !(v > 0) ? 0 : v >= 65535 ? 65535 : (uint16_t)lrint(v);
            }
        }
    }
    return SEGKIT_OK;
}

int edges_gaussian_f32(float *p, int w, int h, double sigma, double truncate,
                       segkit_border border)
{
    int r = edges_gauss_radius(sigma, truncate);
    if (r == 0)
        return SEGKIT_OK; /* the kernel is {1}: every value stays */
    double *k = malloc((2 * (size_t)r + 1) * sizeof *k);
    double *col = malloc((size_t)w * sizeof *col);
    double *line = malloc(((size_t)w + 2 * (size_t)r) * sizeof *line);
    float *ring = malloc((size_t)r * w * sizeof *ring);
    float *zero = calloc((size_t)w, sizeof *zero);
    const float **rows = malloc((2 * (size_t)r + 1) * sizeof *rows);
    int st = SEGKIT_ERR_NOMEM;
    if (!k || !col || !line || !ring || !zero || !rows)
        goto done;
    edges_gauss_kernel(sigma, 0, r, k);
    if (kernel_symmetry(k, r) <= 0) {
        /* (a Gaussian kernel is symmetric: never here) the plane path */
        double *d = edges_alloc((size_t)w, (size_t)h);
        if (!d)
            goto done;
        for (size_t i = 0; i < (size_t)w * h; i++)
            d[i] = p[i];
        st = edges_gaussian_plane(d, d, w, h, sigma, truncate, border);
        for (size_t i = 0; st == SEGKIT_OK && i < (size_t)w * h; i++)
            p[i] = (float)d[i];
        free(d);
        goto done;
    }
    const double *kc = k + r;
    const float **rc = rows + r;
    for (int y = 0; y < h; y++) {
        /* axis 0 (edges_correlate1d's symmetric fold, the same order): rows
         * above y are already smoothed, their input is in the ring (a row
         * index the border gives is never below y - r) */
        for (int j = -r; j <= r; j++) {
            int yy = border_index(y + j, h, border);
            rc[j] = yy < 0 ? zero : yy < y ? ring + (size_t)(yy % r) * w : p + (size_t)yy * w;
        }
        for (int x = 0; x < w; x++)
            col[x] = (double)rc[0][x] * kc[0];
        for (int j = -r; j < 0; j++) {
            const float *a = rc[j], *b = rc[-j];
            double kj = kc[j];
            for (int x = 0; x < w; x++)
                col[x] += ((double)a[x] + (double)b[x]) * kj;
        }
        /* row y's input is needed by the rows below, row y - r's no more */
        float *py = p + (size_t)y * w;
        memcpy(ring + (size_t)(y % r) * w, py, (size_t)w * sizeof *py);
        /* axis 1: fold(), computed across the row */
        for (int j = 0; j < w + 2 * r; j++) {
            int xx = border_index(j - r, w, border);
            line[j] = xx < 0 ? 0.0 : col[xx];
        }
        const double *c = line + r;
        for (int x = 0; x < w; x++)
            col[x] = c[x] * kc[0];
        for (int j = -r; j < 0; j++) {
            double kj = kc[j];
            for (int x = 0; x < w; x++)
                col[x] += (c[x + j] + c[x - j]) * kj;
        }
        for (int x = 0; x < w; x++)
            py[x] = (float)col[x];
    }
    st = SEGKIT_OK;
done:
    free(k), free(col), free(line), free(ring), free(zero), free(rows);
    return st;
}
