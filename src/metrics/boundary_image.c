/* Image plumbing of the boundary benchmark: samples to plain arrays, the
 * benchmark's seg2bdry('imageSize') and its ucm2 sampling. */
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

int segkit__bdry_npix(int w, int h, size_t *n)
{
    if (w <= 0 || h <= 0)
        return SEGKIT_ERR_ARG;
    if ((size_t)w > SIZE_MAX / (size_t)h)
        return SEGKIT_ERR_OVERFLOW;
    *n = (size_t)w * (size_t)h;
    return SEGKIT_OK;
}

int segkit__bdry_binary(const segkit_image *img, uint8_t *out)
{
    if (img->channels != 1)
        return SEGKIT_ERR_TYPE;
    int w = img->width;
    for (int y = 0; y < img->height; y++) {
        const void *row = segkit_image_row(img, y);
        uint8_t *o = out + (size_t)y * w;
        switch (img->type) {
        case SEGKIT_U8:
            for (int x = 0; x < w; x++) o[x] = ((const uint8_t *)row)[x] != 0;
            break;
        case SEGKIT_U16:
            for (int x = 0; x < w; x++) o[x] = ((const uint16_t *)row)[x] != 0;
            break;
        case SEGKIT_F32:
            for (int x = 0; x < w; x++) o[x] = ((const float *)row)[x] != 0.0f;
            break;
        case SEGKIT_I32:
            for (int x = 0; x < w; x++) o[x] = ((const int32_t *)row)[x] != 0;
            break;
        default:
            return SEGKIT_ERR_TYPE;
        }
    }
    return SEGKIT_OK;
}

int segkit__bdry_labels(const segkit_image *img, int32_t *out)
{
    if (img->channels != 1)
        return SEGKIT_ERR_TYPE;
    int w = img->width;
    for (int y = 0; y < img->height; y++) {
        const void *row = segkit_image_row(img, y);
        int32_t *o = out + (size_t)y * w;
        switch (img->type) {
        case SEGKIT_U8:
            for (int x = 0; x < w; x++) o[x] = ((const uint8_t *)row)[x];
            break;
        case SEGKIT_U16:
            for (int x = 0; x < w; x++) o[x] = ((const uint16_t *)row)[x];
            break;
        case SEGKIT_I32:
            memcpy(o, row, (size_t)w * sizeof *o);
            break;
        default:
            return SEGKIT_ERR_TYPE;
        }
    }
    return SEGKIT_OK;
}

int segkit__bdry_soft(const segkit_image *img, double *out)
{
    if (img->channels != 1)
        return SEGKIT_ERR_TYPE;
    int w = img->width;
    for (int y = 0; y < img->height; y++) {
        const void *row = segkit_image_row(img, y);
        double *o = out + (size_t)y * w;
        switch (img->type) {
        case SEGKIT_U8:
            for (int x = 0; x < w; x++)
                o[x] = (double)((const uint8_t *)row)[x] / 255.0;
            break;
        case SEGKIT_U16:
            for (int x = 0; x < w; x++)
                o[x] = (double)((const uint16_t *)row)[x] / 65535.0;
            break;
        case SEGKIT_F32:
            for (int x = 0; x < w; x++) o[x] = ((const float *)row)[x];
            break;
        default:
            return SEGKIT_ERR_TYPE;
        }
    }
    return SEGKIT_OK;
}

/* seg2bdry(seg, 'imageSize'), worked out from its doubleSize construction
 * (rows i, columns j, 0-based; ev(i,j) = lab(i,j) != lab(i+1,j),
 * eh(i,j) = lab(i,j) != lab(i,j+1)):
 *   i < h-1, j < w-1:  ev(i,j) | ev(i,j+1) | eh(i,j) | eh(i+1,j)
 *   i = h-1, j < w-1:  eh(h-1,j)      (copied from the row above the border)
 *   i < h-1, j = w-1:  ev(i,w-1)
 *   i = h-1, j = w-1:  0 */
void segkit__bdry_from_labels(const int32_t *lab, int w, int h, uint8_t *b)
{
    for (int i = 0; i < h; i++) {
        const int32_t *r = lab + (size_t)i * w;
        const int32_t *d = i + 1 < h ? r + w : NULL;
        uint8_t *o = b + (size_t)i * w;
        for (int j = 0; j < w; j++) {
            int v = 0;
            if (d && j + 1 < w)
                v = r[j] != d[j] || r[j + 1] != d[j + 1] || r[j] != r[j + 1] ||
                    d[j] != d[j + 1];
            else if (d)
                v = r[j] != d[j];
            else if (j + 1 < w)
                v = r[j] != r[j + 1];
            o[j] = (uint8_t)v;
        }
    }
}

int segkit_boundary_from_labels(const segkit_image *labels, segkit_image *bdry)
{
    if (!bdry)
        return SEGKIT_ERR_ARG;
    memset(bdry, 0, sizeof *bdry);
    if (!labels || !labels->data)
        return SEGKIT_ERR_ARG;
    size_t n;
    int st = segkit__bdry_npix(labels->width, labels->height, &n);
    if (st)
        return st;
    if (n > SIZE_MAX / sizeof(int32_t))
        return SEGKIT_ERR_OVERFLOW;
    int32_t *lab = malloc(n * sizeof *lab);
    if (!lab)
        return SEGKIT_ERR_NOMEM;
    st = segkit__bdry_labels(labels, lab);
    if (st == SEGKIT_OK)
        st = segkit_image_create(bdry, labels->width, labels->height, 1,
                                 SEGKIT_U8);
    if (st == SEGKIT_OK) {
        int w = labels->width;
        uint8_t *tmp = malloc(n);
        if (!tmp) {
            segkit_image_free(bdry);
            st = SEGKIT_ERR_NOMEM;
        } else {
            segkit__bdry_from_labels(lab, w, labels->height, tmp);
            for (int y = 0; y < labels->height; y++)
                memcpy(segkit_image_row(bdry, y), tmp + (size_t)y * w,
                       (size_t)w);
            free(tmp);
        }
    }
    free(lab);
    return st;
}

int segkit_boundary_ucm2_to_pb(const segkit_image *ucm2, segkit_image *pb)
{
    if (!pb)
        return SEGKIT_ERR_ARG;
    memset(pb, 0, sizeof *pb);
    if (!ucm2 || !ucm2->data)
        return SEGKIT_ERR_ARG;
    if (ucm2->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (ucm2->width < 3 || ucm2->height < 3 || !(ucm2->width & 1) ||
        !(ucm2->height & 1))
        return SEGKIT_ERR_SIZE;
    int w = (ucm2->width - 1) / 2, h = (ucm2->height - 1) / 2;
    int st = segkit_image_create(pb, w, h, 1, SEGKIT_F32);
    if (st)
        return st;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(ucm2, 2 * y + 2);
        float *o = segkit_image_row(pb, y);
        for (int x = 0; x < w; x++) {
            int sx = 2 * x + 2;
            switch (ucm2->type) {
            case SEGKIT_U8:
                o[x] = (float)(((const uint8_t *)row)[sx] / 255.0);
                break;
            case SEGKIT_U16:
                o[x] = (float)(((const uint16_t *)row)[sx] / 65535.0);
                break;
            case SEGKIT_F32:
                o[x] = ((const float *)row)[sx];
                break;
            default:
                segkit_image_free(pb);
                return SEGKIT_ERR_TYPE;
            }
        }
    }
    return SEGKIT_OK;
}
