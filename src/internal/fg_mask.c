/* The foreground rule of a segkit_fg as a byte mask (internal/fg_mask.h). */
#include <stdint.h>
#include <stdlib.h>

#include "internal/fg_mask.h"

static double sample(const segkit_image *img, const unsigned char *row, int x)
{
    switch (img->type) {
    case SEGKIT_U8: return row[x];
    case SEGKIT_U16: return ((const uint16_t *)(const void *)row)[x];
    case SEGKIT_I32: return ((const int32_t *)(const void *)row)[x];
    case SEGKIT_F32: return ((const float *)(const void *)row)[x];
    default: return 0;
    }
}

int fg_mask(const segkit_image *img, segkit_fg fg, uint8_t **out)
{
    *out = NULL;
    if (img->width <= 0 || img->height <= 0 || (unsigned)fg.mode > SEGKIT_FG_ABOVE)
        return SEGKIT_ERR_ARG;
    if ((size_t)img->width > SIZE_MAX / (size_t)img->height)
        return SEGKIT_ERR_OVERFLOW;
    uint8_t *m = malloc((size_t)img->width * (size_t)img->height);
    if (!m)
        return SEGKIT_ERR_NOMEM;
    int w = img->width;
    for (int y = 0; y < img->height; y++) {
        const unsigned char *row = segkit_image_row(img, y);
        uint8_t *d = m + (size_t)y * (size_t)w;
        if (img->type == SEGKIT_U8 && fg.mode <= SEGKIT_FG_ZERO) {
            uint8_t z = fg.mode == SEGKIT_FG_ZERO;
            for (int x = 0; x < w; x++)
                d[x] = (uint8_t)((row[x] == 0) == z);
            continue;
        }
        for (int x = 0; x < w; x++) {
            double v = sample(img, row, x);
            int on;
            switch (fg.mode) {
            case SEGKIT_FG_NONZERO: on = v != 0; break;
            case SEGKIT_FG_ZERO: on = v == 0; break;
            case SEGKIT_FG_EQUAL: on = v == fg.value; break;
            default: on = v > fg.value; break;
            }
            d[x] = (uint8_t)on;
        }
    }
    *out = m;
    return SEGKIT_OK;
}
