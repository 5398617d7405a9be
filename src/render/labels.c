/* Label images as the rest of src/render reads them: i32, largest label. */
#include <stdlib.h>

#include "render_internal.h"

int rd_labels_i32(const segkit_image *labels, segkit_image *tmp, const segkit_image **view)
{
    *tmp = (segkit_image){0};
    *view = NULL;
    if (!labels || !labels->data || labels->width <= 0 || labels->height <= 0)
        return SEGKIT_ERR_ARG;
    if (labels->channels != 1 ||
        (labels->type != SEGKIT_I32 && labels->type != SEGKIT_U8 && labels->type != SEGKIT_U16))
        return SEGKIT_ERR_TYPE;
    if (labels->type == SEGKIT_I32) {
        *view = labels;
        return SEGKIT_OK;
    }
    int st = segkit_image_create(tmp, labels->width, labels->height, 1, SEGKIT_I32);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < labels->height; y++) {
        int32_t *d = segkit_image_row(tmp, y);
        const void *s = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            d[x] = labels->type == SEGKIT_U8 ? ((const uint8_t *)s)[x]
                                             : ((const uint16_t *)s)[x];
    }
    *view = tmp;
    return SEGKIT_OK;
}

int32_t rd_max_label(const segkit_image *labels)
{
    int32_t m = 0;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *r = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            m = r[x] > m ? r[x] : m;
    }
    return m;
}
