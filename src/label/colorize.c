/* A viewable colour picture of a label image: every label gets a colour
 * from a hash of its value (the same label, the same colour, in every
 * image and run), bright enough to stand out from the black background. */
#include "label_internal.h"

static uint32_t mix(uint32_t v)
{
    v ^= v >> 16;
    v *= 0x85ebca6bu;
    v ^= v >> 13;
    v *= 0xc2b2ae35u;
    v ^= v >> 16;
    return v;
}

int segkit_label_colorize(const segkit_image *labels, segkit_image *rgb)
{
    if (rgb)
        *rgb = (segkit_image){0};
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (!rgb)
        return SEGKIT_ERR_ARG;
    st = segkit_image_create(rgb, labels->width, labels->height, 3, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *l = segkit_image_row(labels, y);
        uint8_t *d = segkit_image_row(rgb, y);
        for (int x = 0; x < labels->width; x++, d += 3) {
            if (l[x] <= 0)
                continue; /* background (and negative values): black */
            uint32_t h = mix((uint32_t)l[x] * 2654435761u);
            d[0] = (uint8_t)(64 + (h & 0xff) * 191 / 255);
            d[1] = (uint8_t)(64 + ((h >> 8) & 0xff) * 191 / 255);
            d[2] = (uint8_t)(64 + ((h >> 16) & 0xff) * 191 / 255);
        }
    }
    return SEGKIT_OK;
}
