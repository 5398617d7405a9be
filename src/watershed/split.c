/* segkit_watershed_split: EDT of a mask -> markers -> watershed of -EDT
 * inside the mask (segkit/watershed.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/distance.h"
#include "segkit/label.h"
#include "segkit/watershed.h"

segkit_watershed_split_params segkit_watershed_split_params_default(void)
{
    segkit_watershed_split_params p = {8, 2.0, 0, 0.0};
    return p;
}

/* A seed at the first deepest pixel (raster order) of every component of
 * the mask that has none, so that no object is lost. */
static int seed_orphans(const segkit_image *mask, const segkit_image *edt,
                        int connectivity, segkit_image *markers, int32_t *n)
{
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = connectivity;
    segkit_image comp;
    int32_t nc;
    int st = segkit_label(mask, &lp, &comp, &nc, NULL);
    if (st != SEGKIT_OK)
        return st;
    uint8_t *has = calloc((size_t)nc + 1, 1);
    float *best = malloc(((size_t)nc + 1) * sizeof *best);
    size_t *at = malloc(((size_t)nc + 1) * sizeof *at);
    if (!has || !best || !at) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    for (int32_t c = 0; c <= nc; c++)
        best[c] = -1;
    int w = mask->width;
    for (int y = 0; y < mask->height; y++) {
        const int32_t *cr = segkit_image_row(&comp, y);
        const int32_t *mr = segkit_image_row(markers, y);
        const float *er = segkit_image_row(edt, y);
        for (int x = 0; x < w; x++) {
            int32_t c = cr[x];
            if (!c)
                continue;
            if (mr[x])
                has[c] = 1;
            if (er[x] > best[c]) {
                best[c] = er[x];
                at[c] = (size_t)y * w + x;
            }
        }
    }
    for (int32_t c = 1; c <= nc; c++)
        if (!has[c] && best[c] >= 0)
            ((int32_t *)segkit_image_row(markers, (int)(at[c] / w)))[at[c] % w] = ++*n;
done:
    free(has);
    free(best);
    free(at);
    segkit_image_free(&comp);
    return st;
}

int segkit_watershed_split(const segkit_image *mask,
                           const segkit_watershed_split_params *params,
                           segkit_image *labels, int32_t *count)
{
    if (labels)
        *labels = (segkit_image){0};
    if (count)
        *count = 0;
    segkit_watershed_split_params p = params ? *params
                                             : segkit_watershed_split_params_default();
    if (!mask || !labels || !mask->data)
        return SEGKIT_ERR_ARG;
    if (mask->channels != 1)
        return SEGKIT_ERR_TYPE;
    if ((p.connectivity != 4 && p.connectivity != 8) || !(p.h > 0))
        return SEGKIT_ERR_ARG;
    segkit_image edt = {0}, neg = {0}, markers = {0}, flooded = {0};
    int32_t n = 0;
    int st = segkit_distance_transform(mask, NULL, &edt, NULL);
    if (st == SEGKIT_OK)
        st = segkit_watershed_markers_extrema(&edt, p.h, 1, p.connectivity,
                                              mask, &markers, &n);
    if (st == SEGKIT_OK)
        st = seed_orphans(mask, &edt, p.connectivity, &markers, &n);
    if (st == SEGKIT_OK)
        st = segkit_image_copy(&edt, &neg);
    if (st == SEGKIT_OK) {
        for (int y = 0; y < neg.height; y++) {
            float *r = segkit_image_row(&neg, y);
            for (int x = 0; x < neg.width; x++)
                r[x] = -r[x];
        }
        segkit_watershed_params wp = segkit_watershed_params_default();
        wp.connectivity = p.connectivity;
        wp.lines = p.lines;
        wp.compactness = p.compactness;
        st = segkit_watershed(&neg, &markers, mask, &wp, &flooded);
    }
    if (st == SEGKIT_OK) {
        /* objects in raster order of their first pixel */
        segkit_label_params lp = segkit_label_params_default();
        lp.connectivity = 8;
        lp.mode = SEGKIT_LABEL_VALUES;
        st = segkit_label(&flooded, &lp, labels, count, NULL);
    }
    segkit_image_free(&edt);
    segkit_image_free(&neg);
    segkit_image_free(&markers);
    segkit_image_free(&flooded);
    return st;
}
