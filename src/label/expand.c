/* expand_labels: each background pixel within `distance` of an object takes
 * the label of its nearest object pixel, found by the one exact EDT
 * (segkit/distance.h, nearest feature pixel as scipy's return_indices), as
 * skimage.segmentation.expand_labels does with
 * distance_transform_edt(labels == 0, return_indices=True).  Where two
 * object pixels are equally near, the EDT's choice decides (skimage: scipy's). */
#include <math.h>

#include "segkit/distance.h"
#include "label_internal.h"

int segkit_label_expand(segkit_image *labels, double distance)
{
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (!(distance >= 0))
        return SEGKIT_ERR_ARG;
    segkit_distance_params p = segkit_distance_params_default();
    p.target = SEGKIT_DISTANCE_TO_NONZERO;
    segkit_image dist, near;
    st = segkit_distance_transform(labels, &p, &dist, &near);
    if (st != SEGKIT_OK)
        return st;
    /* the nearest pixels' labels are read before any is written: a pixel
     * that changes was background, and background is never a nearest pixel */
    for (int y = 0; y < labels->height; y++) {
        int32_t *l = segkit_image_row(labels, y);
        const int32_t *nr = segkit_image_row(&near, y);
        for (int x = 0; x < labels->width; x++) {
            if (l[x] != 0 || nr[2 * x] < 0)
                continue;
            double dy = y - nr[2 * x], dx = x - nr[2 * x + 1];
            /* scipy's distance: sqrt of the integer sum of squares */
            if (sqrt(dy * dy + dx * dx) <= distance)
                l[x] = ((const int32_t *)segkit_image_row(labels, nr[2 * x]))[nr[2 * x + 1]];
        }
    }
    segkit_image_free(&dist);
    segkit_image_free(&near);
    return SEGKIT_OK;
}
