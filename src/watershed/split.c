/* segkit_watershed_split: EDT of a mask -> markers -> watershed of -EDT
 * inside the mask (segkit/watershed.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/distance_edt.h"
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

/* The squared distances d2[0..n) (at most dmax) replaced in place by their
 * rank among the distinct values present, the largest first (the levels
 * of -EDT for ws_flood_levels); *nlevels: how many (at least 1). */
static int rank_d2(uint32_t *d2, size_t n, uint32_t dmax, uint32_t *nlevels)
{
    uint32_t *lv = calloc((size_t)dmax + 1, sizeof *lv);
    if (!lv)
        return SEGKIT_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        lv[d2[i]] = 1;
    uint32_t k = 0;                 /* lv[d]: distinct values above d */
    for (uint32_t d = dmax + 1; d-- > 0;) {
        uint32_t present = lv[d];
        lv[d] = k;
        k += present;
    }
    for (size_t i = 0; i < n; i++)
        d2[i] = lv[d2[i]];
    free(lv);
    *nlevels = k ? k : 1;
    return SEGKIT_OK;
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
    uint32_t *levels = malloc((size_t)w * h * sizeof *levels);
    st = segkit_image_create(out, w, h, 1, SEGKIT_I32);
    if (!levels || st != SEGKIT_OK) {
        free(levels);
        segkit_image_free(out);
        return SEGKIT_ERR_NOMEM;
    }
    size_t i = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(edt, y);
        for (int x = 0; x < w; x++)
            levels[i++] = (uint32_t)lrint((double)r[x] * r[x]);
    }
    uint32_t n;
    if ((st = rank_d2(levels, (size_t)w * h, dmax, &n)) != SEGKIT_OK) {
        free(levels);
        segkit_image_free(out);
        return st;
    }
    st = ws_flood_levels(levels, n, markers, mask, p->connectivity, p->lines,
                         out);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}

/* The squared EDT of a mask, row by row into d2 (w*h, contiguous). */
typedef struct d2_sink {
    uint32_t *d2;
    int w;
    int big;      /* a value >= 2^22 (or +inf: no zero pixel), kept as
                     UINT32_MAX */
} d2_sink;

static void d2_visit(const dist_edt_row *row, void *arg)
{
    d2_sink *s = arg;
    uint32_t *o = s->d2 + (size_t)row->y * s->w;
    int big = 0;
    for (int x = 0; x < s->w; x++) {
        double v = row->d2[x];
        big |= !(v < 4194304.0);
        o[x] = v < 4194304.0 ? (uint32_t)v : UINT32_MAX;
    }
    s->big |= big;
}

/* *d2: a new malloc'ed w*h array, the squared distances of mask's pixels
 * to its nearest zero pixel (segkit_distance_transform's, squared); *big
 * as d2_sink. */
static int squared_edt(const segkit_image *mask, uint32_t **d2, int *big)
{
    int w = mask->width, h = mask->height;
    size_t n = (size_t)w * h;
    *d2 = NULL;
    uint8_t *fg = NULL;
    dist_features f = {mask->data, mask->stride, 0};
    if (mask->type != SEGKIT_U8) {
        if (!(fg = malloc(n)))
            return SEGKIT_ERR_NOMEM;
        for (int y = 0; y < h; y++) {
            const void *r = segkit_image_row(mask, y);
            for (int x = 0; x < w; x++)
                fg[(size_t)y * w + x] = (uint8_t)ws_nonzero(mask, r, x);
        }
        f.m = fg;
        f.stride = (size_t)w;
    }
    d2_sink s = {malloc(n * sizeof(uint32_t)), w, 0};
    int st = s.d2 ? dist_edt_rows(&f, w, h, 1.0, 1.0, 0, NULL, (int32_t *)s.d2,
                                  (size_t)w, d2_visit, &s)
                  : SEGKIT_ERR_NOMEM;
    free(fg);
    if (st != SEGKIT_OK) {
        free(s.d2);
        return st;
    }
    *d2 = s.d2;
    *big = s.big;
    return SEGKIT_OK;
}

/* The split on the integer squared EDT (no keep_all, no compactness, every
 * distance below 2048): the markers straight from d2 (split_markers.c),
 * the flooding on its ranks, the objects renumbered in raster order in
 * place.  *done = 0 (nothing allocated) where the general path must run:
 * d2 is then still valid and still owned by the caller. */
static int split_d2(const segkit_image *mask, uint32_t *d2,
                    const segkit_watershed_split_params *p, segkit_image *labels,
                    int32_t *count, int *done)
{
    int w = mask->width, hh = mask->height;
    size_t npx = (size_t)w * hh;
    segkit_image markers = {0};
    double h;
    *done = 0;
    int st = ws_split_prepare(mask, d2, (size_t)w, 1, p, &markers, NULL, &h);
    if (st != SEGKIT_OK)
        return st;
    uint32_t dmax = 0;
    for (size_t i = 0; i < npx; i++)
        dmax = d2[i] > dmax ? d2[i] : dmax;
    if (!((float)((double)ws_d2_value(dmax) - h) > 0)) {
        /* no dome stands h above the background: the reconstruction is
         * one plateau, left to the general path */
        segkit_image_free(&markers);
        return SEGKIT_OK;
    }
    *done = 1;
    if (markers.data)   /* the components, no longer needed: reused */
        for (int y = 0; y < hh; y++)
            memset(segkit_image_row(&markers, y), 0, (size_t)w * sizeof(int32_t));
    else
        st = segkit_image_create(&markers, w, hh, 1, SEGKIT_I32);
    int32_t n = 0;
    if (st == SEGKIT_OK)
        st = ws_extended_maxima_d2(d2, h, p->connectivity, &markers, &n);
    uint32_t nl = 0;
    if (st == SEGKIT_OK)
        st = rank_d2(d2, npx, dmax, &nl);
    if (st == SEGKIT_OK)
        st = segkit_image_create(labels, w, hh, 1, SEGKIT_I32);
    if (st == SEGKIT_OK) {
        st = ws_flood_levels(d2, nl, &markers, mask, p->connectivity, p->lines,
                             labels);
        d2 = NULL;   /* freed by ws_flood_levels */
    }
    free(d2);
    segkit_image_free(&markers);
    /* every basin is one 8-connected object (it grew from one connected
     * marker): objects in raster order of their first pixel */
    int32_t *num = NULL;
    if (st == SEGKIT_OK && !(num = calloc((size_t)n + 1, sizeof *num)))
        st = SEGKIT_ERR_NOMEM;
    if (st == SEGKIT_OK) {
        int32_t k = 0;
        for (int y = 0; y < hh; y++) {
            int32_t *r = segkit_image_row(labels, y);
            for (int x = 0; x < w; x++)
                if (r[x]) {
                    if (!num[r[x]])
                        num[r[x]] = ++k;
                    r[x] = num[r[x]];
                }
        }
        if (count)
            *count = k;
    }
    free(num);
    if (st != SEGKIT_OK)
        segkit_image_free(labels);
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
    int st;
    if (!p.keep_all && p.compactness == 0 &&
        (uint64_t)mask->width * mask->height < ((uint64_t)1 << 30)) {
        uint32_t *d2;
        int big, done = 0;
        if ((st = squared_edt(mask, &d2, &big)) != SEGKIT_OK)
            return st;
        if (!big)
            st = split_d2(mask, d2, &p, labels, count, &done);
        if (!done)
            free(d2);
        if (done || st != SEGKIT_OK)
            return st;
    }
    /* the general path: the F32 EDT, the markers by reconstruction */
    segkit_image edt = {0}, markers = {0}, flooded = {0}, cleaned = {0};
    int32_t n = 0;
    double h;
    st = segkit_distance_transform(mask, NULL, &edt, NULL);
    if (st == SEGKIT_OK)   /* positive floats sort as their bits */
        st = ws_split_prepare(mask, edt.data, edt.stride / sizeof(uint32_t), 0,
                              &p, NULL, &cleaned, &h);
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
