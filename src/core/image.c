/* The image type: layout arithmetic, allocation, views, copies. */
#include <stdlib.h>
#include <string.h>

#include "segkit/image.h"

size_t segkit_type_size(segkit_type type)
{
    switch (type) {
    case SEGKIT_U8: return 1;
    case SEGKIT_U16: return 2;
    case SEGKIT_F32: return 4;
    case SEGKIT_I32: return 4;
    default: return 0;
    }
}

const char *segkit_type_name(segkit_type type)
{
    switch (type) {
    case SEGKIT_U8: return "u8";
    case SEGKIT_U16: return "u16";
    case SEGKIT_F32: return "f32";
    case SEGKIT_I32: return "i32";
    default: return "?";
    }
}

int segkit_image_layout(int width, int height, int channels, segkit_type type,
                        size_t *stride, size_t *bytes)
{
    size_t size = segkit_type_size(type);
    if (width <= 0 || height <= 0 || channels < 1 || channels > 4 || !size)
        return SEGKIT_ERR_ARG;
    size_t row = (size_t)width;
    /* width*channels*size, then *height, each checked */
    if (row > SIZE_MAX / (size_t)channels)
        return SEGKIT_ERR_OVERFLOW;
    row *= (size_t)channels;
    if (row > SIZE_MAX / size)
        return SEGKIT_ERR_OVERFLOW;
    row *= size;
    if ((size_t)height > SIZE_MAX / row)
        return SEGKIT_ERR_OVERFLOW;
    if (stride)
        *stride = row;
    if (bytes)
        *bytes = row * (size_t)height;
    return SEGKIT_OK;
}

/* Fills img with a checked layout: what segkit_image_create and
 * segkit_image_wrap do once their data is there. */
static int image_set(segkit_image *img, void *data, int width, int height,
                     int channels, segkit_type type, size_t stride, int owns)
{
    img->width = width;
    img->height = height;
    img->channels = channels;
    img->type = type;
    img->stride = stride;
    img->data = data;
    img->owns_data = owns;
    return SEGKIT_OK;
}

int segkit_image_create(segkit_image *img, int width, int height,
                        int channels, segkit_type type)
{
    size_t stride, bytes;
    if (!img)
        return SEGKIT_ERR_ARG;
    memset(img, 0, sizeof *img);
    int st = segkit_image_layout(width, height, channels, type, &stride, &bytes);
    if (st != SEGKIT_OK)
        return st;
    void *data = calloc(1, bytes);
    if (!data)
        return SEGKIT_ERR_NOMEM;
    return image_set(img, data, width, height, channels, type, stride, 1);
}

void segkit_image_free(segkit_image *img)
{
    if (!img)
        return;
    if (img->owns_data)
        free(img->data);
    memset(img, 0, sizeof *img);
}

int segkit_image_wrap(segkit_image *img, void *data, int width, int height,
                      int channels, segkit_type type, size_t stride)
{
    size_t row;
    if (!img)
        return SEGKIT_ERR_ARG;
    memset(img, 0, sizeof *img);
    int st = segkit_image_layout(width, height, channels, type, &row, NULL);
    if (st != SEGKIT_OK)
        return st;
    if (!data || stride < row)
        return SEGKIT_ERR_ARG;
    return image_set(img, data, width, height, channels, type, stride, 0);
}

int segkit_image_view(const segkit_image *src, int x, int y, int w, int h,
                      segkit_image *view)
{
    if (!view)
        return SEGKIT_ERR_ARG;
    memset(view, 0, sizeof *view);
    if (!src || !src->data || x < 0 || y < 0 || w <= 0 || h <= 0 ||
        x > src->width - w || y > src->height - h)
        return SEGKIT_ERR_ARG;
    size_t px = segkit_type_size(src->type) * (size_t)src->channels;
    *view = *src;
    view->width = w;
    view->height = h;
    view->data = (unsigned char *)src->data + (size_t)y * src->stride +
                 (size_t)x * px;
    view->owns_data = 0;
    return SEGKIT_OK;
}

int segkit_image_copy(const segkit_image *src, segkit_image *dst)
{
    if (!dst)
        return SEGKIT_ERR_ARG;
    memset(dst, 0, sizeof *dst);
    if (!src || !src->data)
        return SEGKIT_ERR_ARG;
    int st = segkit_image_create(dst, src->width, src->height, src->channels,
                                 src->type);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < src->height; y++)
        memcpy(segkit_image_row(dst, y), segkit_image_row(src, y), dst->stride);
    return SEGKIT_OK;
}
