/* Display windows: 16-bit and float images (and scalar maps through a
 * colormap) shown as 0..255 (see segkit/render.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

/* the colour channels (alpha dropped) */
static int color_channels(const segkit_image *img)
{
    return img->channels == 2 ? 1 : img->channels == 4 ? 3 : img->channels;
}

static double sample(const segkit_image *img, const void *row, size_t i)
{
    switch (img->type) {
    case SEGKIT_U8: return ((const uint8_t *)row)[i];
    case SEGKIT_U16: return ((const uint16_t *)row)[i];
    default: return ((const float *)row)[i];
    }
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* the value of rank floor(p / 100 * (n - 1)) among the finite samples */
static int percentiles(const segkit_image *img, double plo, double phi, double *lo,
                       double *hi)
{
    int nc = color_channels(img);
    if (img->type != SEGKIT_F32) {
        size_t bins = img->type == SEGKIT_U8 ? 256 : 65536;
        uint64_t *h = calloc(bins, sizeof *h), n = 0;
        if (!h)
            return SEGKIT_ERR_NOMEM;
        for (int y = 0; y < img->height; y++) {
            const void *r = segkit_image_row(img, y);
            for (int x = 0; x < img->width; x++)
                for (int c = 0; c < nc; c++)
                    h[(size_t)sample(img, r, (size_t)x * img->channels + c)]++;
        }
        n = (uint64_t)img->width * img->height * nc;
        double p[2] = {plo, phi}, *out[2] = {lo, hi};
        for (int k = 0; k < 2; k++) {
            uint64_t rank = (uint64_t)floor(p[k] / 100 * (double)(n - 1)), seen = 0;
            size_t v = 0;
            while (v < bins - 1 && seen + h[v] <= rank)
                seen += h[v++];
            *out[k] = (double)v;
        }
        free(h);
        return SEGKIT_OK;
    }
    size_t total = (size_t)img->width * img->height * nc, n = 0;
    float *v = malloc(total * sizeof *v);
    if (!v)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < img->height; y++) {
        const float *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            for (int c = 0; c < nc; c++)
                if (isfinite(r[(size_t)x * img->channels + c]))
                    v[n++] = r[(size_t)x * img->channels + c];
    }
    if (n == 0) {
        *lo = *hi = 0;
    } else {
        qsort(v, n, sizeof *v, cmp_float);
        *lo = v[(size_t)floor(plo / 100 * (double)(n - 1))];
        *hi = v[(size_t)floor(phi / 100 * (double)(n - 1))];
    }
    free(v);
    return SEGKIT_OK;
}

int segkit_window_resolve(const segkit_image *img, const segkit_window *w, double *lo,
                          double *hi)
{
    segkit_window def = {SEGKIT_WINDOW_AUTO, 0, 0};
    if (!w)
        w = &def;
    if (!img || !img->data || !lo || !hi || img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    if (img->type != SEGKIT_U8 && img->type != SEGKIT_U16 && img->type != SEGKIT_F32)
        return SEGKIT_ERR_TYPE;
    if (isnan(w->lo) || isnan(w->hi) || w->lo > w->hi ||
        (w->mode == SEGKIT_WINDOW_PERCENTILE && (w->lo < 0 || w->hi > 100)) ||
        (unsigned)w->mode > SEGKIT_WINDOW_VALUES)
        return SEGKIT_ERR_ARG;
    switch (w->mode) {
    case SEGKIT_WINDOW_VALUES:
        *lo = w->lo;
        *hi = w->hi;
        return SEGKIT_OK;
    case SEGKIT_WINDOW_PERCENTILE:
        return percentiles(img, w->lo, w->hi, lo, hi);
    case SEGKIT_WINDOW_AUTO:
        if (img->type == SEGKIT_U8) {
            *lo = 0;
            *hi = 255;
            return SEGKIT_OK;
        }
        /* fall through */
    case SEGKIT_WINDOW_MINMAX:
        break;
    }
    int nc = color_channels(img), any = 0;
    double mn = 0, mx = 0;
    for (int y = 0; y < img->height; y++) {
        const void *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            for (int c = 0; c < nc; c++) {
                double v = sample(img, r, (size_t)x * img->channels + c);
                if (!isfinite(v))
                    continue;
                if (!any || v < mn)
                    mn = v;
                if (!any || v > mx)
                    mx = v;
                any = 1;
            }
    }
    *lo = mn;
    *hi = mx;
    return SEGKIT_OK;
}

/* 0..255 for v through [lo, hi]; levels = 255 (display) or 256 (colormap
 * index, floor, capped at 255) */
static int level(double v, double lo, double hi, int cmap)
{
    if (isnan(v) || v <= lo)
        return 0;
    if (v >= hi)
        return 255;
    double t = (v - lo) / (hi - lo);
    int l = cmap ? (int)floor(t * 256) : (int)floor(t * 255 + 0.5);
    return l > 255 ? 255 : l;
}

/* Maps IMG's colour channels through [lo, hi] into OUT (u8, nc channels
 * wide, each output pixel having oc channels; a 1-channel input fills all
 * three when oc = 3); cmap: the colormap index instead.  u8/u16 go through a
 * table. */
static int map_image(const segkit_image *img, double lo, double hi, int cmap,
                     const uint8_t (*table)[3], segkit_image *out)
{
    int nc = color_channels(img);
    uint8_t *lut = NULL;
    if (img->type != SEGKIT_F32) {
        size_t n = img->type == SEGKIT_U8 ? 256 : 65536;
        if (!(lut = malloc(n)))
            return SEGKIT_ERR_NOMEM;
        for (size_t v = 0; v < n; v++)
            lut[v] = (uint8_t)level((double)v, lo, hi, cmap);
    }
    for (int y = 0; y < img->height; y++) {
        const void *r = segkit_image_row(img, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < img->width; x++, d += 3) {
            for (int c = 0; c < nc; c++) {
                size_t i = (size_t)x * img->channels + c;
                double v = sample(img, r, i);
                int l = lut ? lut[(size_t)v] : level(v, lo, hi, cmap);
                if (cmap && isnan(v)) {
                    d[0] = d[1] = d[2] = 0;
                } else if (cmap) {
                    for (int k = 0; k < 3; k++)
                        d[k] = table ? table[l][k] : (uint8_t)l;
                } else {
                    d[c] = (uint8_t)l;
                }
            }
            if (nc == 1 && !cmap)
                d[1] = d[2] = d[0];
        }
    }
    free(lut);
    return SEGKIT_OK;
}

int rd_display_to(const segkit_image *img, const segkit_window *w, segkit_image *out)
{
    double lo, hi;
    int st = segkit_window_resolve(img, w, &lo, &hi);
    if (st != SEGKIT_OK)
        return st;
    if (img->type == SEGKIT_U8 && img->channels == 3 && lo == 0 && hi == 255) {
        for (int y = 0; y < img->height; y++)
            memcpy(segkit_image_row(out, y), segkit_image_row(img, y), (size_t)img->width * 3);
        return SEGKIT_OK;
    }
    return map_image(img, lo, hi, 0, NULL, out);
}

/* the display picture (cmap 0) or the colormap picture of IMG */
static int picture(const segkit_image *img, int cmap, segkit_palette_kind kind,
                   const segkit_window *w, segkit_image *rgb)
{
    if (rgb)
        *rgb = (segkit_image){0};
    double lo, hi;
    int st = segkit_window_resolve(img, w, &lo, &hi);
    if (st != SEGKIT_OK)
        return st;
    if (!rgb)
        return SEGKIT_ERR_ARG;
    st = segkit_image_create(rgb, img->width, img->height, 3, SEGKIT_U8);
    if (st == SEGKIT_OK)
        st = map_image(img, lo, hi, cmap, cmap ? rd_colormap_table(kind) : NULL, rgb);
    if (st != SEGKIT_OK)
        segkit_image_free(rgb);
    return st;
}

int segkit_render_display(const segkit_image *img, const segkit_window *w, segkit_image *rgb)
{
    return picture(img, 0, SEGKIT_PALETTE_GRAY, w, rgb);
}

int segkit_render_colormap(const segkit_image *img, segkit_palette_kind cmap,
                           const segkit_window *w, segkit_image *rgb)
{
    if (rgb)
        *rgb = (segkit_image){0};
    if (!segkit_palette_is_colormap(cmap))
        return SEGKIT_ERR_ARG;
    if (img && img->channels != 1)
        return SEGKIT_ERR_TYPE;
    return picture(img, 1, cmap, w, rgb);
}
