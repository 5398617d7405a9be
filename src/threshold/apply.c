/* Turning thresholds into masks and label images. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/threshold.h"

static int check_gray(const segkit_image *g)
{
    if (!g || !g->data)
        return SEGKIT_ERR_ARG;
    if (g->channels != 1 ||
        (g->type != SEGKIT_U8 && g->type != SEGKIT_U16 && g->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

/* Label of a value v: how many thresholds lie below it.  A NaN (float) is
 * neither above nor at/below a threshold: never in a mask, of either
 * polarity. */
static uint8_t level_of(double v, const double *thr, int count, int dark)
{
    int n = 0;
    for (int k = 0; k < count; k++)
        n += v > thr[k];
    if (count == 1)
        return (uint8_t)((n ^ dark) && !isnan(v) ? 255 : 0);
    return (uint8_t)(dark ? count - n : n);
}

/* One row of an u8 single-threshold mask: a select the compiler vectorises
 * (restrict: source and mask never overlap). */
static void mask_row_u8(const uint8_t *restrict s, uint8_t *restrict d, int n,
                        uint8_t cut, uint8_t on, uint8_t off)
{
    for (int x = 0; x < n; x++)
        d[x] = s[x] > cut ? on : off;
}

static void mask_row_u16(const uint16_t *restrict s, uint8_t *restrict d,
                         int n, uint16_t cut, uint8_t on, uint8_t off)
{
    for (int x = 0; x < n; x++)
        d[x] = s[x] > cut ? on : off;
}

/* Integer input, one threshold: v > T  <=>  v > floor(T). */
static void mask_integer(const segkit_image *g, double t, int dark,
                         segkit_image *out)
{
    double top = g->type == SEGKIT_U8 ? 255 : 65535;
    uint8_t on = dark ? 0 : 255, off = (uint8_t)(255 - on);
    for (int y = 0; y < g->height; y++) {
        uint8_t *d = segkit_image_row(out, y);
        if (t < 0) /* every value is above T */
            memset(d, on, (size_t)g->width);
        else if (t >= top)
            memset(d, off, (size_t)g->width);
        else if (g->type == SEGKIT_U8)
            mask_row_u8(segkit_image_row(g, y), d, g->width, (uint8_t)floor(t),
                        on, off);
        else
            mask_row_u16(segkit_image_row(g, y), d, g->width,
                         (uint16_t)floor(t), on, off);
    }
}

/* out must be an existing 1-channel u8 image of gray's size. */
static int check_out(const segkit_image *gray, const segkit_image *out)
{
    if (!out || !out->data)
        return SEGKIT_ERR_ARG;
    if (out->channels != 1 || out->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    return segkit_image_same_size(gray, out) ? SEGKIT_OK : SEGKIT_ERR_SIZE;
}

int segkit_threshold_apply_to(const segkit_image *gray,
                              const double *thresholds, int count, int dark,
                              segkit_image *out)
{
    int st = check_gray(gray);
    if (st == SEGKIT_OK)
        st = check_out(gray, out);
    if (st != SEGKIT_OK)
        return st;
    if (!thresholds || count < 1 || count > SEGKIT_THRESHOLD_MAX)
        return SEGKIT_ERR_ARG;
    for (int k = 0; k < count; k++)
        if (isnan(thresholds[k]))
            return SEGKIT_ERR_ARG;
    dark = dark ? 1 : 0;

    if (gray->type != SEGKIT_F32 && count == 1) {
        mask_integer(gray, thresholds[0], dark, out);
        return SEGKIT_OK;
    }
    if (gray->type != SEGKIT_F32) {
        /* integer input: a lookup table over every possible value */
        size_t n = gray->type == SEGKIT_U8 ? 256 : 65536;
        uint8_t *lut = malloc(n);
        if (!lut)
            return SEGKIT_ERR_NOMEM;
        for (size_t v = 0; v < n; v++)
            lut[v] = level_of((double)v, thresholds, count, dark);
        for (int y = 0; y < gray->height; y++) {
            uint8_t *d = segkit_image_row(out, y);
            if (gray->type == SEGKIT_U8) {
                const uint8_t *s = segkit_image_row(gray, y);
                for (int x = 0; x < gray->width; x++)
                    d[x] = lut[s[x]];
            } else {
                const uint16_t *s = segkit_image_row(gray, y);
                for (int x = 0; x < gray->width; x++)
                    d[x] = lut[s[x]];
            }
        }
        free(lut);
        return SEGKIT_OK;
    }
    for (int y = 0; y < gray->height; y++) {
        const float *s = segkit_image_row(gray, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < gray->width; x++)
            d[x] = level_of(s[x], thresholds, count, dark);
    }
    return SEGKIT_OK;
}

/* Allocates out like gray, then runs fill(gray, out); frees it on error. */
static int with_new_mask(const segkit_image *gray, segkit_image *out,
                         int (*fill)(const segkit_image *, segkit_image *,
                                      const void *),
                         const void *arg)
{
    if (out)
        memset(out, 0, sizeof *out);
    int st = check_gray(gray);
    if (st != SEGKIT_OK)
        return st;
    if (!out)
        return SEGKIT_ERR_ARG;
    st = segkit_image_create(out, gray->width, gray->height, 1, SEGKIT_U8);
    if (st == SEGKIT_OK)
        st = fill(gray, out, arg);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}

typedef struct {
    const double *thresholds;
    double lo, hi;
    int count, dark;
} mask_args;

static int fill_levels(const segkit_image *gray, segkit_image *out,
                       const void *arg)
{
    const mask_args *a = arg;
    return segkit_threshold_apply_to(gray, a->thresholds, a->count, a->dark, out);
}

static int fill_band(const segkit_image *gray, segkit_image *out,
                     const void *arg)
{
    const mask_args *a = arg;
    return segkit_threshold_apply_band_to(gray, a->lo, a->hi, a->dark, out);
}

int segkit_threshold_apply(const segkit_image *gray, const double *thresholds,
                           int count, int dark, segkit_image *out)
{
    mask_args a = {thresholds, 0, 0, count, dark};
    return with_new_mask(gray, out, fill_levels, &a);
}

int segkit_threshold_apply_band(const segkit_image *gray, double lo, double hi,
                                int dark, segkit_image *out)
{
    mask_args a = {NULL, lo, hi, 0, dark};
    return with_new_mask(gray, out, fill_band, &a);
}

static double sample(const segkit_image *g, const void *row, int x)
{
    switch (g->type) {
    case SEGKIT_U8: return ((const uint8_t *)row)[x];
    case SEGKIT_U16: return ((const uint16_t *)row)[x];
    default: return ((const float *)row)[x];
    }
}

int segkit_threshold_apply_band_to(const segkit_image *gray, double lo,
                                   double hi, int dark, segkit_image *out)
{
    int st = check_gray(gray);
    if (st == SEGKIT_OK)
        st = check_out(gray, out);
    if (st != SEGKIT_OK)
        return st;
    if (isnan(lo) || isnan(hi) || lo > hi)
        return SEGKIT_ERR_ARG;
    uint8_t in = dark ? 0 : 255;
    for (int y = 0; y < gray->height; y++) {
        const void *s = segkit_image_row(gray, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < gray->width; x++) {
            double v = sample(gray, s, x);
            d[x] = (v >= lo && v <= hi) ? in : isnan(v) ? 0 : (uint8_t)(255 - in);
        }
    }
    return SEGKIT_OK;
}
