/* Gaussian-weighted local mean (T = G - C), OpenCV's
 * ADAPTIVE_THRESH_GAUSSIAN_C.
 *
 * The kernel is OpenCV's default for a W x W block: sigma = 0.3 ((W-1)/2 - 1)
 * + 0.8.  The filter is separable and direct (O(W) per pixel, unlike the
 * box-sum methods).
 *
 * OpenCV mode (u8): cv::adaptiveThreshold (4.x) converts the image to float,
 * runs GaussianBlur in float32 with BORDER_REPLICATE and rounds the result
 * to u8 (half to even).  Reproduced here step by step: float32 kernel
 * (getGaussianKernel: W <= 7 binomial tables, else e^(-d^2/2sigma^2)
 * normalised in double, centre = 1 - sum of the others, cast to float);
 * rows: acc = fma(x_j, k_j, acc) for j = 0..W-1; columns, symmetric form:
 * acc = k_c * row_0, then acc = fma(row_+i + row_-i, k_c+i, acc).  This
 * matches cv2 4.6 (AVX2 build, whose SIMD loops use FMA) bit for bit on
 * sudoku.png at W = 11. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

static double gauss_sigma(int w)
{
    return 0.3 * ((w - 1) * 0.5 - 1) + 0.8;
}

static void opencv_kernel(int w, float *k)
{
    static const float k1[1] = {1.0f};
    static const float k3[3] = {0.25f, 0.5f, 0.25f};
    static const float k5[5] = {0.0625f, 0.25f, 0.375f, 0.25f, 0.0625f};
    static const float k7[7] = {0.03125f, 0.109375f, 0.21875f, 0.28125f,
                                0.21875f, 0.109375f, 0.03125f};
    if (w <= 7) {
        memcpy(k, w == 1 ? k1 : w == 3 ? k3 : w == 5 ? k5 : k7, (size_t)w * sizeof *k);
        return;
    }
    double sigma = gauss_sigma(w), scale2 = -0.125 / (sigma * sigma);
    int n2 = (w - 1) / 2;
    double sum = 0, sum2 = 0;
    for (int i = 0, x = 1 - w; i < n2; i++, x += 2)
        sum += exp((double)x * x * scale2);
    sum = sum * 2 + 1;
    double mul = 1.0 / sum;
    for (int i = 0, x = 1 - w; i < n2; i++, x += 2) {
        double t = exp((double)x * x * scale2) * mul;
        k[i] = k[w - 1 - i] = (float)t;
        sum2 += t;
    }
    k[n2] = (float)(1.0 - sum2 * 2);
}

static int gaussian_opencv(const segkit_image *g, const segkit_local_params *p,
                           int dark, segkit_image *out)
{
    int W = p->window;
    if (g->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    if (W < 3 || W % 2 == 0)
        return SEGKIT_ERR_ARG;
    int w = g->width, h = g->height, r = W / 2;
    size_t px = (size_t)w * (size_t)h;
    if (px > SIZE_MAX / sizeof(float))
        return SEGKIT_ERR_OVERFLOW;
    float *k = malloc((size_t)W * sizeof *k);
    float *H = malloc(px * sizeof *H);
    float *V = malloc((size_t)w * sizeof *V);
    float *pad = malloc(((size_t)w + (size_t)W) * sizeof *pad);
    if (!k || !H || !V || !pad) {
        free(k);
        free(H);
        free(V);
        free(pad);
        return SEGKIT_ERR_NOMEM;
    }
    opencv_kernel(W, k);
    for (int y = 0; y < h; y++) {
        const uint8_t *s = segkit_image_row(g, y);
        for (int j = 0; j < w + W - 1; j++)
            pad[j] = (float)s[local_border_index(j - r, w, SEGKIT_BORDER_REPLICATE)];
        float *d = H + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            float acc = 0.0f;
            for (int j = 0; j < W; j++)
                acc = fmaf(pad[x + j], k[j], acc);
            d[x] = acc;
        }
    }
    double c = p->c < -1e6 ? -1e6 : p->c > 1e6 ? 1e6 : p->c;
    int ic = dark ? (int)floor(c) : (int)ceil(c);
    for (int y = 0; y < h; y++) {
        const float *c0 = H + (size_t)y * w;
        for (int x = 0; x < w; x++)
            V[x] = k[r] * c0[x];
        for (int i = 1; i <= r; i++) {
            const float *up = H + (size_t)local_border_index(y - i, h, SEGKIT_BORDER_REPLICATE) * w;
            const float *dn = H + (size_t)local_border_index(y + i, h, SEGKIT_BORDER_REPLICATE) * w;
            float ki = k[r + i];
            for (int x = 0; x < w; x++)
                V[x] = fmaf(dn[x] + up[x], ki, V[x]);
        }
        const uint8_t *s = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            float v = V[x];
            int G = v <= 0 ? 0 : v >= 255 ? 255 : (int)lrintf(v);
            int diff = (int)s[x] - G;
            /* THRESH_BINARY: diff > -ceil(C); BINARY_INV: diff <= -floor(C) */
            d[x] = dark ? (diff <= -ic ? 255 : 0) : (diff > -ic ? 255 : 0);
        }
    }
    free(k);
    free(H);
    free(V);
    free(pad);
    return SEGKIT_OK;
}

int local_gaussian(const segkit_image *g, const segkit_local_params *p,
                   int dark, segkit_image *out)
{
    if (p->opencv)
        return gaussian_opencv(g, p, dark, out);
    int W = p->window, w = g->width, h = g->height;
    int a = local_before(W);
    double sigma = gauss_sigma(W < 3 ? 3 : W);
    double *k = malloc((size_t)W * sizeof *k);
    size_t px = (size_t)w * (size_t)h;
    if (px > SIZE_MAX / sizeof(double)) {
        free(k);
        return SEGKIT_ERR_OVERFLOW;
    }
    double *H = malloc(px * sizeof *H);
    double *V = malloc((size_t)w * sizeof *V);
    double *wx = malloc((size_t)w * sizeof *wx);
    if (!k || !H || !V || !wx) {
        free(k);
        free(H);
        free(V);
        free(wx);
        return SEGKIT_ERR_NOMEM;
    }
    double ksum = 0;
    for (int i = 0; i < W; i++) {
        double d = i - a;
        k[i] = exp(-d * d / (2 * sigma * sigma));
        ksum += k[i];
    }
    for (int i = 0; i < W; i++)
        k[i] /= ksum;
    /* clip: weights of in-image taps, to renormalise */
    for (int x = 0; x < w; x++) {
        double s = 0;
        for (int j = 0; j < W; j++)
            if (local_border_index(x + j - a, w, p->border) >= 0)
                s += k[j];
        wx[x] = s;
    }
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(g, y);
        double *d = H + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            double acc = 0;
            for (int j = 0; j < W; j++) {
                int xx = local_border_index(x + j - a, w, p->border);
                if (xx >= 0)
                    acc += k[j] * local_sample(g, row, xx);
            }
            d[x] = acc / wx[x];
        }
    }
    double C = p->c * local_scale(g->type);
    for (int y = 0; y < h; y++) {
        double wy = 0;
        memset(V, 0, (size_t)w * sizeof *V);
        for (int i = 0; i < W; i++) {
            int yy = local_border_index(y + i - a, h, p->border);
            if (yy < 0)
                continue;
            wy += k[i];
            const double *hr = H + (size_t)yy * w;
            for (int x = 0; x < w; x++)
                V[x] += k[i] * hr[x];
        }
        for (int x = 0; x < w; x++)
            V[x] = V[x] / wy - C; /* T */
        local_compare_row(g, segkit_image_row(g, y), V, dark,
                          segkit_image_row(out, y));
    }
    free(k);
    free(H);
    free(V);
    free(wx);
    return SEGKIT_OK;
}
