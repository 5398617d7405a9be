/* Label images in other carriers: COCO-panoptic RGB ids (id = R + 256 G +
 * 256^2 B in an 8-bit RGB PNG) and 16-bit PNG for labels that fit.  Values
 * that do not fit are SEGKIT_ERR_RANGE, never wrapped around. */
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

/* min and max of a 1-channel i32 image */
static void label_range(const segkit_image *img, int32_t *lo, int32_t *hi)
{
    *lo = INT32_MAX;
    *hi = INT32_MIN;
    for (int y = 0; y < img->height; y++) {
        const int32_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++) {
            if (r[x] < *lo)
                *lo = r[x];
            if (r[x] > *hi)
                *hi = r[x];
        }
    }
}

/* 1-channel i32 labels as a PNG: 16-bit gray (rgb = 0, labels 0..65535)
 * or 8-bit RGB ids (rgb = 1, 0..2^24-1, R the low byte); pnm = 1: the
 * 16-bit gray as a PGM instead. */
static int labels_png(const segkit_image *img, int rgb, int pnm, int level, void **out,
                      size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    if (img->type != SEGKIT_I32 || img->channels != 1)
        return SEGKIT_ERR_TYPE;
    int32_t lo, hi;
    label_range(img, &lo, &hi);
    if (lo < 0 || hi > (rgb ? 0xffffff : 65535))
        return SEGKIT_ERR_RANGE;
    segkit_image w;
    int st = segkit_image_create(&w, img->width, img->height, rgb ? 3 : 1,
                                 rgb ? SEGKIT_U8 : SEGKIT_U16);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < img->height; y++) {
        const int32_t *s = segkit_image_row(img, y);
        void *d = segkit_image_row(&w, y);
        for (int x = 0; x < img->width; x++) {
            uint32_t id = (uint32_t)s[x];
            if (!rgb) {
                ((uint16_t *)d)[x] = (uint16_t)id;
                continue;
            }
            uint8_t *p = (uint8_t *)d + 3 * x;
            p[0] = (uint8_t)(id & 0xff);
            p[1] = (uint8_t)(id >> 8 & 0xff);
            p[2] = (uint8_t)(id >> 16);
        }
    }
    st = pnm ? segkit_pnm_encode(&w, SEGKIT_FORMAT_PNM, out, out_size)
             : segkit_png_encode(&w, level, 1, out, out_size);
    segkit_image_free(&w);
    return st;
}

int segkit_labels_png16_encode(const segkit_image *img, int level, void **out,
                               size_t *out_size)
{
    return labels_png(img, 0, 0, level, out, out_size);
}

int segkit_labels_pgm16_encode(const segkit_image *img, void **out,
                               size_t *out_size)
{
    return labels_png(img, 0, 1, -1, out, out_size);
}

int segkit_rgbid_encode(const segkit_image *img, int level, void **out,
                        size_t *out_size)
{
    return labels_png(img, 1, 0, level, out, out_size);
}

int segkit_rgbid_to_labels(segkit_image *img)
{
    if (img->type != SEGKIT_U8 || img->channels != 3)
        return SEGKIT_ERR_TYPE;
    segkit_image ids;
    int st = segkit_image_create(&ids, img->width, img->height, 1, SEGKIT_I32);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *s = segkit_image_row(img, y);
        int32_t *d = segkit_image_row(&ids, y);
        for (int x = 0; x < img->width; x++)
            d[x] = (int32_t)(s[3 * x] | (uint32_t)s[3 * x + 1] << 8 |
                             (uint32_t)s[3 * x + 2] << 16);
    }
    segkit_image_free(img);
    *img = ids;
    return SEGKIT_OK;
}
