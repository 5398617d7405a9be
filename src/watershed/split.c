/* segkit_watershed_split: EDT of a mask -> markers -> watershed of -EDT
 * inside the mask (segkit/watershed.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/distance.h"
#include "segkit/label.h"
#include "watershed/ws_internal.h"

segkit_watershed_split_params segkit_watershed_split_params_default(void)
{
    segkit_watershed_split_params p = {.connectivity = 8, .h = 0, .lines = 0,
                                       .compactness = 0.0, .h_size = 0.06,
                                       .keep_all = 0, .min_size = 0.1};
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

/* The watershed of -edt from markers inside mask.  -EDT's order is that of
 * the squared distances, integers: while they stay below 2^22 (distances
 * under 2048 pixels, where float sqrt is one-to-one and round(e * e) gives
 * them back) they are ranked by counting instead of the float sort. */
static int flood_neg_edt(const segkit_image *edt, const segkit_image *markers,
                         const segkit_image *mask,
                         const segkit_watershed_split_params *p,
                         segkit_image *out)
{
    int w = edt->width, h = edt->height;
    float emax = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(edt, y);
        for (int x = 0; x < w; x++)
            if (r[x] > emax)
                emax = r[x];
    }
    segkit_watershed_params wp = segkit_watershed_params_default();
    wp.connectivity = p->connectivity;
    wp.lines = p->lines;
    wp.compactness = p->compactness;
    int st;
    if (p->compactness > 0 || !((double)emax * emax < (double)(1 << 22)) ||
        (uint64_t)w * h >= ((uint64_t)1 << 30)) {
        segkit_image neg;
        if ((st = segkit_image_copy(edt, &neg)) != SEGKIT_OK)
            return st;
        for (int y = 0; y < h; y++) {
            float *r = segkit_image_row(&neg, y);
            for (int x = 0; x < w; x++)
                r[x] = -r[x];
        }
        st = segkit_watershed(&neg, markers, mask, &wp, out);
        segkit_image_free(&neg);
        return st;
    }
    uint32_t dmax = (uint32_t)lrint((double)emax * emax);
    uint32_t *lv = calloc((size_t)dmax + 1, sizeof *lv);
    uint32_t *levels = malloc((size_t)w * h * sizeof *levels);
    st = segkit_image_create(out, w, h, 1, SEGKIT_I32);
    if (!lv || !levels || st != SEGKIT_OK) {
        free(lv);
        free(levels);
        segkit_image_free(out);
        return SEGKIT_ERR_NOMEM;
    }
    size_t i = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(edt, y);
        for (int x = 0; x < w; x++) {
            uint32_t d2 = (uint32_t)lrint((double)r[x] * r[x]);
            levels[i++] = d2;
            lv[d2] = 1;
        }
    }
    uint32_t n = 0;                 /* lv[d2]: distinct d2 values above d2 */
    for (uint32_t d = dmax + 1; d-- > 0;) {
        uint32_t present = lv[d];
        lv[d] = n;
        n += present;
    }
    for (i = 0; i < (size_t)w * h; i++)
        levels[i] = lv[levels[i]];
    free(lv);
    st = ws_flood_levels(levels, n ? n : 1, markers, mask, p->connectivity,
                         p->lines, out);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
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
    if ((p.connectivity != 4 && p.connectivity != 8) || !(p.h >= 0) ||
        !(p.h_size > 0))
        return SEGKIT_ERR_ARG;
    if (!(p.min_size >= 0))
        return SEGKIT_ERR_ARG;
    segkit_image edt = {0}, markers = {0}, flooded = {0}, cleaned = {0};
    int32_t n = 0;
    double h;
    int st = segkit_distance_transform(mask, NULL, &edt, NULL);
    if (st == SEGKIT_OK)
        st = ws_split_prepare(mask, &edt, &p, &cleaned, &h);
    if (cleaned.data)
        mask = &cleaned;   /* the mask without its small objects */
    if (st == SEGKIT_OK)
        st = ws_extended_maxima(&edt, h, p.connectivity, mask, &markers, &n);
    if (st == SEGKIT_OK && p.keep_all)
        st = seed_orphans(mask, &edt, p.connectivity, &markers, &n);
    if (st == SEGKIT_OK)
        st = flood_neg_edt(&edt, &markers, mask, &p, &flooded);
    if (st == SEGKIT_OK) {
        /* objects in raster order of their first pixel */
        segkit_label_params lp = segkit_label_params_default();
        lp.connectivity = 8;
        lp.mode = SEGKIT_LABEL_VALUES;
        int32_t nobj = 0;
        st = segkit_label(&flooded, &lp, labels, &nobj, NULL);
        if (st == SEGKIT_OK && count)
            *count = nobj;
    }
    segkit_image_free(&cleaned);
    segkit_image_free(&edt);
    segkit_image_free(&markers);
    segkit_image_free(&flooded);
    return st;
}
