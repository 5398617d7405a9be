/* Relabelling and filters: small objects and holes of masks, and the
 * filters of label images (keep, sequential, clear border, largest). */
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"
#include "internal/fg_mask.h"

/* ------------------------------------------------------------ masks */

static int check_mask(const segkit_image *mask, int connectivity)
{
    if (!mask || !mask->data || mask->width <= 0 || mask->height <= 0)
        return SEGKIT_ERR_ARG;
    if (connectivity != 4 && connectivity != 8)
        return SEGKIT_ERR_ARG;
    if (mask->channels != 1 || mask->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

int segkit_mask_from_fg(const segkit_image *src, segkit_fg fg, segkit_image *mask)
{
    if (mask)
        *mask = (segkit_image){0};
    if (!src || !src->data || !mask || src->width <= 0 || src->height <= 0)
        return SEGKIT_ERR_ARG;
    if (src->channels != 1 || (unsigned)src->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    uint8_t *m;
    int st = fg_mask(src, fg, &m); /* the segkit_fg rule, 0/1 */
    if (st != SEGKIT_OK)
        return st;
    st = segkit_image_create(mask, src->width, src->height, 1, SEGKIT_U8);
    if (st == SEGKIT_OK) {
        for (int y = 0; y < src->height; y++) {
            uint8_t *d = segkit_image_row(mask, y);
            const uint8_t *s = m + (size_t)y * (size_t)src->width;
            for (int x = 0; x < src->width; x++)
                d[x] = s[x] ? 255 : 0;
        }
    }
    free(m);
    return st;
}

/* Sets mask pixels to value where the component label l (of lab) has
 * flag[l] set. */
static void paint(segkit_image *mask, const segkit_image *lab,
                  const uint8_t *flag, uint8_t value)
{
    for (int y = 0; y < mask->height; y++) {
        uint8_t *m = segkit_image_row(mask, y);
        const int32_t *l = segkit_image_row(lab, y);
        for (int x = 0; x < mask->width; x++)
            if (l[x] && flag[l[x]])
                m[x] = value;
    }
}

/* Components of the foreground (zero = 0) or of the background (zero = 1):
 * those with area < min_area (border = 0), or those not touching the
 * border (border = 1), are painted with value. */
static int mask_pass(segkit_image *mask, int connectivity, int zero,
                     int64_t min_area, int border, uint8_t value)
{
    int st = check_mask(mask, connectivity);
    if (st != SEGKIT_OK)
        return st;
    segkit_label_params p = segkit_label_params_default();
    p.connectivity = connectivity;
    p.fg.mode = zero ? SEGKIT_FG_ZERO : SEGKIT_FG_NONZERO;
    segkit_image lab;
    int32_t n;
    segkit_label_stat *stats;
    st = segkit_label(mask, &p, &lab, &n, &stats);
    if (st != SEGKIT_OK)
        return st;
    uint8_t *flag = lb_calloc((size_t)n + 1, 1);
    if (!flag) {
        free(stats);
        segkit_image_free(&lab);
        return SEGKIT_ERR_NOMEM;
    }
    int w = mask->width, h = mask->height;
    for (int32_t l = 1; l <= n; l++) {
        const int *b = stats[l].bbox;
        flag[l] = border ? !(b[0] == 0 || b[1] == 0 || b[2] == h || b[3] == w)
                         : stats[l].area < min_area;
    }
    paint(mask, &lab, flag, value);
    free(flag);
    free(stats);
    segkit_image_free(&lab);
    return SEGKIT_OK;
}

int segkit_mask_remove_small_objects(segkit_image *mask, int64_t min_area,
                                     int connectivity)
{
    return mask_pass(mask, connectivity, 0, min_area, 0, 0);
}

int segkit_mask_remove_small_holes(segkit_image *mask, int64_t area,
                                   int connectivity)
{
    return mask_pass(mask, connectivity, 1, area, 0, 255);
}

int segkit_mask_fill_holes(segkit_image *mask, int connectivity)
{
    return mask_pass(mask, connectivity, 1, 0, 1, 255);
}

/* ----------------------------------------------------- label images */

int segkit_label_keep(segkit_image *labels, const uint8_t *keep, int32_t count)
{
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (!keep || count < 0)
        return SEGKIT_ERR_ARG;
    for (int y = 0; y < labels->height; y++) {
        int32_t *row = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++) {
            int32_t l = row[x];
            if (l > 0 && l <= count && !keep[l])
                row[x] = 0;
        }
    }
    return SEGKIT_OK;
}

int segkit_label_relabel_sequential(segkit_image *labels, int32_t *count)
{
    if (count)
        *count = 0;
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    int32_t max = lb_max_label(labels);
    int32_t *map = lb_calloc((size_t)max + 1, sizeof *map);
    if (!map)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            if (row[x] > 0)
                map[row[x]] = 1;
    }
    int32_t n = 0;
    for (int32_t l = 1; l <= max; l++)
        if (map[l])
            map[l] = ++n;
    for (int y = 0; y < labels->height; y++) {
        int32_t *row = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++)
            if (row[x] > 0)
                row[x] = map[row[x]];
    }
    free(map);
    if (count)
        *count = n;
    return SEGKIT_OK;
}

/* keep[] of max + 1 entries, all 1; NULL on failure. */
static uint8_t *keep_all(int32_t max)
{
    uint8_t *keep = lb_alloc((size_t)max + 1, 1);
    if (keep)
        memset(keep, 1, (size_t)max + 1);
    return keep;
}

int segkit_label_clear_border(segkit_image *labels, int border_width)
{
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (border_width < 1)
        return SEGKIT_ERR_ARG;
    int w = labels->width, h = labels->height;
    int32_t max = lb_max_label(labels);
    uint8_t *keep = keep_all(max);
    if (!keep)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < h; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        int band = y < border_width || y >= h - border_width;
        for (int x = 0; x < w; x++) {
            if (!band && x == border_width && w - border_width > x)
                x = w - border_width; /* skip the interior */
            if (row[x] > 0)
                keep[row[x]] = 0;
        }
    }
    st = segkit_label_keep(labels, keep, max);
    free(keep);
    return st;
}

typedef struct {
    int64_t area;
    int32_t label;
} by_area;

static int cmp_area(const void *a, const void *b)
{
    const by_area *x = a, *y = b;
    if (x->area != y->area)
        return x->area > y->area ? -1 : 1;
    return (x->label > y->label) - (x->label < y->label);
}

/* Keeps the objects of area >= min_area and, when largest >= 0, only the
 * `largest` biggest of those. */
static int area_filter(segkit_image *labels, int64_t min_area, int32_t largest)
{
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    int32_t max = lb_max_label(labels);
    int64_t *area;
    st = lb_areas(labels, max, &area);
    if (st != SEGKIT_OK)
        return st;
    by_area *v = lb_alloc((size_t)max + 1, sizeof *v);
    uint8_t *keep = lb_calloc((size_t)max + 1, 1);
    if (!v || !keep) {
        free(v);
        free(keep);
        free(area);
        return SEGKIT_ERR_NOMEM;
    }
    int32_t n = 0;
    for (int32_t l = 1; l <= max; l++) {
        if (area[l] > 0 && area[l] >= min_area) {
            v[n].area = area[l];
            v[n++].label = l;
        }
    }
    if (largest >= 0 && largest < n) {
        qsort(v, (size_t)n, sizeof *v, cmp_area);
        n = largest;
    }
    for (int32_t i = 0; i < n; i++)
        keep[v[i].label] = 1;
    st = segkit_label_keep(labels, keep, max);
    free(v);
    free(keep);
    free(area);
    return st;
}

int segkit_label_keep_largest(segkit_image *labels, int32_t n)
{
    return n < 0 ? SEGKIT_ERR_ARG : area_filter(labels, 0, n);
}

int segkit_label_remove_small(segkit_image *labels, int64_t min_area)
{
    return area_filter(labels, min_area, -1);
}
