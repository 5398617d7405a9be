/* RGB -> gray with a named formula. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "segkit/color.h"

static const char *const formula_names[SEGKIT_GRAY_COUNT] = {
    "bt601", "bt709", "avg", "doxa", "red", "green", "blue", "max", "lightness"};

const char *segkit_gray_formula_name(segkit_gray_formula f)
{
    return (unsigned)f < SEGKIT_GRAY_COUNT ? formula_names[f] : NULL;
}

int segkit_gray_formula_parse(const char *name, segkit_gray_formula *f)
{
    if (!name || !f)
        return SEGKIT_ERR_ARG;
    for (int i = 0; i < SEGKIT_GRAY_COUNT; i++) {
        if (strcasecmp(name, formula_names[i]) == 0) {
            *f = (segkit_gray_formula)i;
            return SEGKIT_OK;
        }
    }
    return SEGKIT_ERR_ARG;
}

/* Gray of one RGB triple, as a real number (integer formulas exact). */
static double mix(segkit_gray_formula f, double r, double g, double b)
{
    switch (f) {
    case SEGKIT_GRAY_BT601: return 0.299 * r + 0.587 * g + 0.114 * b;
    case SEGKIT_GRAY_BT709: return 0.2125 * r + 0.7154 * g + 0.0721 * b;
    case SEGKIT_GRAY_AVG: return (r + g + b) / 3.0;
    case SEGKIT_GRAY_DOXA: return (11.0 * r + 16.0 * g + 5.0 * b) / 32.0;
    case SEGKIT_GRAY_RED: return r;
    case SEGKIT_GRAY_GREEN: return g;
    case SEGKIT_GRAY_BLUE: return b;
    case SEGKIT_GRAY_MAX: return fmax(r, fmax(g, b));
    default: return (fmax(r, fmax(g, b)) + fmin(r, fmin(g, b))) / 2.0;
    }
}

/* 8-bit BT.601 in OpenCV's fixed point (14 fractional bits), so masks
 * match cv::cvtColor(COLOR_RGB2GRAY) bit for bit. */
static uint8_t bt601_u8(unsigned r, unsigned g, unsigned b)
{
    return (uint8_t)((r * 4899u + g * 9617u + b * 1868u + 8192u) >> 14);
}

int segkit_color_to_gray(const segkit_image *src, segkit_gray_formula formula,
                         segkit_image *gray)
{
    if (!gray)
        return SEGKIT_ERR_ARG;
    memset(gray, 0, sizeof *gray);
    if (!src || !src->data || (unsigned)formula >= SEGKIT_GRAY_COUNT)
        return SEGKIT_ERR_ARG;
    if (src->type == SEGKIT_I32 || src->channels < 1 || src->channels > 4)
        return SEGKIT_ERR_TYPE;
    int st = segkit_image_create(gray, src->width, src->height, 1, src->type);
    if (st != SEGKIT_OK)
        return st;
    int c = src->channels;
    for (int y = 0; y < src->height; y++) {
        const void *s = segkit_image_row(src, y);
        void *d = segkit_image_row(gray, y);
        for (int x = 0; x < src->width; x++) {
            double r, g, b;
            size_t i = (size_t)x * (size_t)c;
            switch (src->type) {
            case SEGKIT_U8: {
                const uint8_t *p = (const uint8_t *)s + i;
                if (c < 3) {
                    ((uint8_t *)d)[x] = p[0];
                    continue;
                }
                if (formula == SEGKIT_GRAY_BT601) {
                    ((uint8_t *)d)[x] = bt601_u8(p[0], p[1], p[2]);
                    continue;
                }
                if (formula == SEGKIT_GRAY_DOXA) {
                    ((uint8_t *)d)[x] =
                        (uint8_t)((11u * p[0] + 16u * p[1] + 5u * p[2]) / 32u);
                    continue;
                }
                r = p[0], g = p[1], b = p[2];
                ((uint8_t *)d)[x] = (uint8_t)floor(mix(formula, r, g, b) + 0.5);
                continue;
            }
            case SEGKIT_U16: {
                const uint16_t *p = (const uint16_t *)s + i;
                if (c < 3) {
                    ((uint16_t *)d)[x] = p[0];
                    continue;
                }
                r = p[0], g = p[1], b = p[2];
                double v = mix(formula, r, g, b);
                v = formula == SEGKIT_GRAY_DOXA ? floor(v) : floor(v + 0.5);
                ((uint16_t *)d)[x] = (uint16_t)(v > 65535 ? 65535 : v);
                continue;
            }
            default: {
                const float *p = (const float *)s + i;
                if (c < 3) {
                    ((float *)d)[x] = p[0];
                    continue;
                }
                ((float *)d)[x] = (float)mix(formula, p[0], p[1], p[2]);
                continue;
            }
            }
        }
    }
    return SEGKIT_OK;
}
