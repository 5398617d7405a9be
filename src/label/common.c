/* Helpers shared by the files of src/label. */
#include <stdlib.h>

#include "label_internal.h"

int lb_check_labels(const segkit_image *labels)
{
    if (!labels || !labels->data || labels->width <= 0 || labels->height <= 0)
        return SEGKIT_ERR_ARG;
    if (labels->channels != 1 || labels->type != SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

int32_t lb_max_label(const segkit_image *labels)
{
    int32_t m = 0;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            m = row[x] > m ? row[x] : m;
    }
    return m;
}

void *lb_alloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return malloc(n * size > 0 ? n * size : 1);
}

void *lb_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

int lb_areas(const segkit_image *labels, int32_t count, int64_t **area)
{
    *area = lb_calloc((size_t)count + 1, sizeof **area);
    if (!*area)
        return SEGKIT_ERR_NOMEM;
    int64_t *a = *area;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            if (row[x] > 0 && row[x] <= count)
                a[row[x]]++;
    }
    return SEGKIT_OK;
}
