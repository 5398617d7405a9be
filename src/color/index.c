/* Colour indices that agriculture and microscopy threshold to segment:
 *   exg   2g - r - b                     Woebbecke et al. 1995
 *   exr   1.4 r - g                      Meyer et al. 1998
 *   exgr  exg - exr                      Meyer & Camargo Neto 2008
 *   cive  0.441 r - 0.811 g + 0.385 b + 18.78745   Kataoka et al. 2003
 *   vari  (G - R) / (G + R - B)          Gitelson et al. 2002
 *   ngrdi (G - R) / (G + R)              Tucker 1979
 *   hed-h, hed-e, hed-d  one channel of rgb2hed (colour deconvolution)
 * r, g, b are chromatic coordinates R / (R + G + B) ... (0 for black), as
 * Meyer & Camargo Neto define ExG, ExR, ExGR and CIVE; VARI and NGRDI are
 * ratios of the samples (NaN where the denominator is 0). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"

static const char *const names[SEGKIT_INDEX_COUNT] = {"exg", "exr", "exgr", "cive", "vari",
                                                      "ngrdi", "hed-h", "hed-e", "hed-d"};

const char *segkit_color_index_name(segkit_index_kind i)
{
    return (unsigned)i < SEGKIT_INDEX_COUNT ? names[i] : NULL;
}

int segkit_color_index_parse(const char *name, segkit_index_kind *i)
{
    if (!name || !i)
        return SEGKIT_ERR_ARG;
    for (int k = 0; k < SEGKIT_INDEX_COUNT; k++)
        if (strcasecmp(name, names[k]) == 0) {
            *i = (segkit_index_kind)k;
            return SEGKIT_OK;
        }
    return SEGKIT_ERR_ARG;
}

static double index_value(segkit_index_kind idx, const cs_ctx *hed, const double s[3],
                          double one)
{
    double R = s[0], G = s[1], B = s[2], sum = R + G + B;
    double r = sum > 0 ? R / sum : 0, g = sum > 0 ? G / sum : 0, b = sum > 0 ? B / sum : 0;
    switch (idx) {
    case SEGKIT_INDEX_EXG: return 2 * g - r - b;
    case SEGKIT_INDEX_EXR: return 1.4 * r - g;
    case SEGKIT_INDEX_EXGR: return (2 * g - r - b) - (1.4 * r - g);
    case SEGKIT_INDEX_CIVE: return 0.441 * r - 0.811 * g + 0.385 * b + 18.78745;
    case SEGKIT_INDEX_VARI: return G + R - B != 0 ? (G - R) / (G + R - B) : NAN;
    case SEGKIT_INDEX_NGRDI: return G + R != 0 ? (G - R) / (G + R) : NAN;
    default: {
        double rgb[3] = {R / one, G / one, B / one}, v[3];
        cs_from_rgb(hed, rgb, v);
        return v[idx - SEGKIT_INDEX_HED_H];
    }
    }
}

int segkit_color_index(const segkit_image *rgb, segkit_index_kind idx, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!rgb || !rgb->data || (unsigned)idx >= SEGKIT_INDEX_COUNT)
        return SEGKIT_ERR_ARG;
    if (rgb->type == SEGKIT_I32 || rgb->channels < 3 || rgb->channels > 4)
        return SEGKIT_ERR_TYPE;
    int st = segkit_image_create(out, rgb->width, rgb->height, 1, SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    segkit_color_space hs = {SEGKIT_SPACE_HED, 0, 0, 0};
    cs_ctx hed;
    cs_ctx_init(&hed, &hs);
    double one = cs_sample_max(rgb->type);
    for (int y = 0; y < rgb->height; y++) {
        const void *row = segkit_image_row(rgb, y);
        float *d = segkit_image_row(out, y);
        for (int x = 0; x < rgb->width; x++) {
            double s[3];
            cs_load_rgb(rgb, row, x, s);
            d[x] = (float)index_value(idx, &hed, s, one);
        }
    }
    return SEGKIT_OK;
}
