/* Helpers shared by k-means, SLIC and Felzenszwalb: planar float copies of
 * an image and scipy's Gaussian filter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"
#include "internal/gaussian_f32.h"

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

/* The one Gaussian of the library: segkit_edges_filter's, in double
 * precision with scipy's kernel and summation order (as skimage's slic and
 * felzenszwalb smooth their float64 images), rounded to float; row by row
 * in place (edges_gaussian_f32: the same bits). */
int cl_gaussian(float *plane, int w, int h, double sigma)
{
    if (!(sigma > 0))
        return SEGKIT_OK;
    return edges_gaussian_f32(plane, w, h, sigma, 4, SEGKIT_BORDER_SYMMETRIC); /* scipy's 'reflect' */
}
