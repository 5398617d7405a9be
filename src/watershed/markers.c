/* Markers for the watershed: regional / h-extrema, OpenCV's DT fraction,
 * sure background, points (segkit/watershed.h).  Built from the library's
 * own extrema, morphology and labelling. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/label.h"
#include "segkit/morph.h"
#include "watershed/ws_internal.h"

static int plane_ok(const segkit_image *img)
{
    if (!img || !img->data || img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    return img->channels == 1 && (unsigned)img->type < SEGKIT_TYPE_COUNT
               ? SEGKIT_OK : SEGKIT_ERR_TYPE;
}

/* Labels the nonzero pixels of the u8 mask m into *markers. */
static int label_mask(const segkit_image *m, int connectivity,
                      segkit_image *markers, int32_t *count)
{
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = connectivity;
    int32_t n = 0;
    int st = segkit_label(m, &lp, markers, &n, NULL);
    if (count)
        *count = st == SEGKIT_OK ? n : 0;
    return st;
}

static void begin(segkit_image *markers, int32_t *count)
{
    if (markers)
        *markers = (segkit_image){0};
    if (count)
        *count = 0;
}

int segkit_watershed_markers_extrema(const segkit_image *img, double h,
                                     int maxima, int connectivity,
                                     const segkit_image *mask,
                                     segkit_image *markers, int32_t *count)
{
    begin(markers, count);
    int st = plane_ok(img);
    if (st != SEGKIT_OK || !markers)
        return st ? st : SEGKIT_ERR_ARG;
    if ((connectivity != 4 && connectivity != 8) || isnan(h))
        return SEGKIT_ERR_ARG;
    if (mask && (st = plane_ok(mask)) != SEGKIT_OK)
        return st;
    if (mask && !segkit_image_same_size(img, mask))
        return SEGKIT_ERR_SIZE;
    segkit_image m;
    st = h > 0 ? segkit_morph_hextrema(img, h, connectivity, !maxima, &m)
               : segkit_morph_regional_extrema(img, connectivity, !maxima, &m);
    if (st != SEGKIT_OK)
        return st;
    if (mask)
        for (int y = 0; y < m.height; y++) {
            uint8_t *r = segkit_image_row(&m, y);
            const void *k = segkit_image_row(mask, y);
            for (int x = 0; x < m.width; x++)
                if (!ws_nonzero(mask, k, x))
                    r[x] = 0;
        }
    st = label_mask(&m, connectivity, markers, count);
    segkit_image_free(&m);
    return st;
}

int segkit_watershed_markers_fraction(const segkit_image *dist,
                                      double fraction, int connectivity,
                                      segkit_image *markers, int32_t *count)
{
    begin(markers, count);
    int st = plane_ok(dist);
    if (st != SEGKIT_OK || !markers)
        return st ? st : SEGKIT_ERR_ARG;
    if ((connectivity != 4 && connectivity != 8) || !(fraction >= 0) ||
        !(fraction < 1) || dist->type == SEGKIT_I32)
        return dist->type == SEGKIT_I32 ? SEGKIT_ERR_TYPE : SEGKIT_ERR_ARG;
    int w = dist->width, h = dist->height;
    double max = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const void *r = segkit_image_row(dist, y);
            double v = dist->type == SEGKIT_U8    ? ((const uint8_t *)r)[x]
                       : dist->type == SEGKIT_U16 ? ((const uint16_t *)r)[x]
                                                  : ((const float *)r)[x];
            if (v > max)
                max = v;
        }
    if (!(max > 0))
        return SEGKIT_ERR_EMPTY;
    segkit_image m;
    st = segkit_image_create(&m, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    double t = fraction * max;
    for (int y = 0; y < h; y++) {
        const void *r = segkit_image_row(dist, y);
        uint8_t *o = segkit_image_row(&m, y);
        for (int x = 0; x < w; x++) {
            double v = dist->type == SEGKIT_U8    ? ((const uint8_t *)r)[x]
                       : dist->type == SEGKIT_U16 ? ((const uint16_t *)r)[x]
                                                  : ((const float *)r)[x];
            o[x] = v > t ? 255 : 0;
        }
    }
    st = label_mask(&m, connectivity, markers, count);
    segkit_image_free(&m);
    return st;
}

int segkit_watershed_markers_background(segkit_image *markers,
                                        const segkit_image *mask, int radius,
                                        int32_t label)
{
    int st;
    if ((st = plane_ok(markers)) || (st = plane_ok(mask)))
        return st;
    if (markers->type != SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(markers, mask))
        return SEGKIT_ERR_SIZE;
    if (radius < 0 || radius > 2047 || label == 0)
        return SEGKIT_ERR_ARG;
    int w = mask->width, h = mask->height;
    segkit_image m, d;
    st = segkit_image_create(&m, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        const void *r = segkit_image_row(mask, y);
        uint8_t *o = segkit_image_row(&m, y);
        for (int x = 0; x < w; x++)
            o[x] = ws_nonzero(mask, r, x) ? 255 : 0;
    }
    segkit_se se = {0};
    se.shape = SEGKIT_SE_RECT;
    se.width = se.height = 2 * radius + 1;
    st = segkit_morph(&m, SEGKIT_MORPH_DILATE, &se, &d);
    segkit_image_free(&m);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        const uint8_t *r = segkit_image_row(&d, y);
        int32_t *o = segkit_image_row(markers, y);
        for (int x = 0; x < w; x++)
            if (!r[x])
                o[x] = label;
    }
    segkit_image_free(&d);
    return SEGKIT_OK;
}

int segkit_watershed_markers_points(int w, int h, const double *xy, size_t n,
                                    segkit_image *markers, size_t *bad)
{
    begin(markers, NULL);
    if (!markers || (n && !xy) || w <= 0 || h <= 0 || n > INT32_MAX)
        return SEGKIT_ERR_ARG;
    for (size_t i = 0; i < n; i++) {
        double x = floor(xy[2 * i] + 0.5), y = floor(xy[2 * i + 1] + 0.5);
        if (!(x >= 0 && x < w && y >= 0 && y < h)) {
            if (bad)
                *bad = i;
            return SEGKIT_ERR_ARG;
        }
    }
    int st = segkit_image_create(markers, w, h, 1, SEGKIT_I32);
    if (st != SEGKIT_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        int x = (int)floor(xy[2 * i] + 0.5), y = (int)floor(xy[2 * i + 1] + 0.5);
        ((int32_t *)segkit_image_row(markers, y))[x] = (int32_t)(i + 1);
    }
    return SEGKIT_OK;
}
