/* A viewable colour picture of a label image: every label gets its colour
 * in the Glasbey-style palette of segkit/render.h (label L: entry (L - 1)
 * mod 256, the same in every image and run, as segkit-overlay draws it). */
#include "label_internal.h"
#include "segkit/render.h"

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
    const segkit_palette glasbey = {SEGKIT_PALETTE_GLASBEY, NULL, 0};
    for (int y = 0; y < labels->height; y++) {
        const int32_t *l = segkit_image_row(labels, y);
        uint8_t *d = segkit_image_row(rgb, y);
        for (int x = 0; x < labels->width; x++, d += 3)
            if (l[x] > 0) /* background (and negative values): black */
                segkit_palette_color(&glasbey, l[x], d);
    }
    return SEGKIT_OK;
}
