/* Helpers shared by k-means, SLIC and Felzenszwalb: planar float copies of
 * an image and scipy's Gaussian filter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"

void *cl_alloc(size_t n, size_t size)
{
    if (n == 0 || size == 0 || n > SIZE_MAX / size)
        return NULL;
    return malloc(n * size);
}

int cl_check_src(const segkit_image *src)
{
    if (!src || !src->data || src->width <= 0 || src->height <= 0)
        return SEGKIT_ERR_ARG;
    if (src->channels < 1 || src->channels > 4 || src->type == SEGKIT_I32 ||
        src->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

int cl_planar(const segkit_image *src, double u8_scale, double u16_scale,
              float **planes)
{
    *planes = NULL;
    int st = cl_check_src(src);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    size_t n = (size_t)w * (size_t)h;
    float *p = cl_alloc(n, (size_t)C * sizeof(float));
    if (!p)
        return SEGKIT_ERR_NOMEM;
    float s8 = (float)u8_scale, s16 = (float)u16_scale;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(src, y);
        size_t o = (size_t)y * (size_t)w;
        for (int c = 0; c < C; c++) {
            float *dst = p + (size_t)c * n + o;
            if (src->type == SEGKIT_U8) {
                const uint8_t *r = row;
                for (int x = 0; x < w; x++)
                    dst[x] = (float)r[(size_t)x * C + c] * s8;
            } else if (src->type == SEGKIT_U16) {
                const uint16_t *r = row;
                for (int x = 0; x < w; x++)
                    dst[x] = (float)r[(size_t)x * C + c] * s16;
            } else {
                const float *r = row;
                for (int x = 0; x < w; x++) {
                    float v = r[(size_t)x * C + c];
                    if (!isfinite(v)) {
                        free(p);
                        return SEGKIT_ERR_ARG;
                    }
                    dst[x] = v;
                }
            }
        }
    }
    *planes = p;
    return SEGKIT_OK;
}

/* scipy's 'reflect' (d c b a | a b c d | d c b a) for any offset. */
static int reflect(long i, int n)
{
    long p = 2L * n;
    i %= p;
    if (i < 0)
        i += p;
    return (int)(i < n ? i : p - 1 - i);
}

int cl_gaussian(float *plane, int w, int h, double sigma)
{
    if (!(sigma > 0))
        return SEGKIT_OK;
    /* scipy.ndimage._gaussian_kernel1d: radius int(truncate * sigma + 0.5) */
    int r = (int)(4.0 * sigma + 0.5);
    float *k = cl_alloc((size_t)(2 * r + 1), sizeof(float));
    int len = w > h ? w : h;
    float *line = cl_alloc((size_t)len + 2 * (size_t)r, sizeof(float));
    float *tmp = cl_alloc((size_t)w * (size_t)h, sizeof(float));
    if (!k || !line || !tmp) {
        free(k), free(line), free(tmp);
        return SEGKIT_ERR_NOMEM;
    }
    double sum = 0;
    for (int i = -r; i <= r; i++)
        sum += exp(-0.5 / (sigma * sigma) * i * i);
    for (int i = -r; i <= r; i++)
        k[i + r] = (float)(exp(-0.5 / (sigma * sigma) * i * i) / sum);
    /* rows: plane -> tmp */
    for (int y = 0; y < h; y++) {
        const float *s = plane + (size_t)y * w;
        for (int i = -r; i < w + r; i++)
            line[i + r] = s[reflect(i, w)];
        float *d = tmp + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            float a = 0;
            for (int j = 0; j <= 2 * r; j++)
                a += k[j] * line[x + j];
            d[x] = a;
        }
    }
    /* columns: tmp -> plane, a row at a time (j outer) so it vectorises */
    for (int y = 0; y < h; y++) {
        float *d = plane + (size_t)y * w;
        for (int x = 0; x < w; x++)
            d[x] = 0;
        for (int j = 0; j <= 2 * r; j++) {
            const float *s = tmp + (size_t)reflect((long)y + j - r, h) * w;
            float kj = k[j];
            for (int x = 0; x < w; x++)
                d[x] += kj * s[x];
        }
    }
    free(k), free(line), free(tmp);
    return SEGKIT_OK;
}
