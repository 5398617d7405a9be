/* Distance masks: the CIELAB colour difference of every pixel to the
 * nearest of a few reference colours, as a float map or as a mask of the
 * pixels within a tolerance; and the colours users name: CSS names,
 * "rgb(...)", "lab(...)", hex, or the mean of a box of the image.
 *
 * Pixels go to CIELAB (D65, as segkit_color_from_rgb) in double precision.
 * An 8-bit mask of a large image remembers, per RGB colour (2 bits each,
 * 4 MiB), whether it was in or out, so each distinct colour is measured
 * once: the same result, far fewer evaluations on photographs. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"
#include "segkit/render.h"

typedef struct css_color {
    const char *name;
    uint8_t r, g, b;
} css_color;

static const css_color css[] = {
    {"aliceblue", 0xF0, 0xF8, 0xFF},
    {"antiquewhite", 0xFA, 0xEB, 0xD7},
    {"aqua", 0x00, 0xFF, 0xFF},
    {"aquamarine", 0x7F, 0xFF, 0xD4},
    {"azure", 0xF0, 0xFF, 0xFF},
    {"beige", 0xF5, 0xF5, 0xDC},
    {"bisque", 0xFF, 0xE4, 0xC4},
    {"black", 0x00, 0x00, 0x00},
    {"blanchedalmond", 0xFF, 0xEB, 0xCD},
    {"blue", 0x00, 0x00, 0xFF},
    {"blueviolet", 0x8A, 0x2B, 0xE2},
    {"brown", 0xA5, 0x2A, 0x2A},
    {"burlywood", 0xDE, 0xB8, 0x87},
    {"cadetblue", 0x5F, 0x9E, 0xA0},
    {"chartreuse", 0x7F, 0xFF, 0x00},
    {"chocolate", 0xD2, 0x69, 0x1E},
    {"coral", 0xFF, 0x7F, 0x50},
    {"cornflowerblue", 0x64, 0x95, 0xED},
    {"cornsilk", 0xFF, 0xF8, 0xDC},
    {"crimson", 0xDC, 0x14, 0x3C},
    {"cyan", 0x00, 0xFF, 0xFF},
    {"darkblue", 0x00, 0x00, 0x8B},
    {"darkcyan", 0x00, 0x8B, 0x8B},
    {"darkgoldenrod", 0xB8, 0x86, 0x0B},
    {"darkgray", 0xA9, 0xA9, 0xA9},
    {"darkgreen", 0x00, 0x64, 0x00},
    {"darkgrey", 0xA9, 0xA9, 0xA9},
    {"darkkhaki", 0xBD, 0xB7, 0x6B},
    {"darkmagenta", 0x8B, 0x00, 0x8B},
    {"darkolivegreen", 0x55, 0x6B, 0x2F},
    {"darkorange", 0xFF, 0x8C, 0x00},
    {"darkorchid", 0x99, 0x32, 0xCC},
    {"darkred", 0x8B, 0x00, 0x00},
    {"darksalmon", 0xE9, 0x96, 0x7A},
    {"darkseagreen", 0x8F, 0xBC, 0x8F},
    {"darkslateblue", 0x48, 0x3D, 0x8B},
    {"darkslategray", 0x2F, 0x4F, 0x4F},
    {"darkslategrey", 0x2F, 0x4F, 0x4F},
    {"darkturquoise", 0x00, 0xCE, 0xD1},
    {"darkviolet", 0x94, 0x00, 0xD3},
    {"deeppink", 0xFF, 0x14, 0x93},
    {"deepskyblue", 0x00, 0xBF, 0xFF},
    {"dimgray", 0x69, 0x69, 0x69},
    {"dimgrey", 0x69, 0x69, 0x69},
    {"dodgerblue", 0x1E, 0x90, 0xFF},
    {"firebrick", 0xB2, 0x22, 0x22},
    {"floralwhite", 0xFF, 0xFA, 0xF0},
    {"forestgreen", 0x22, 0x8B, 0x22},
    {"fuchsia", 0xFF, 0x00, 0xFF},
    {"gainsboro", 0xDC, 0xDC, 0xDC},
    {"ghostwhite", 0xF8, 0xF8, 0xFF},
    {"gold", 0xFF, 0xD7, 0x00},
    {"goldenrod", 0xDA, 0xA5, 0x20},
    {"gray", 0x80, 0x80, 0x80},
    {"green", 0x00, 0x80, 0x00},
    {"greenyellow", 0xAD, 0xFF, 0x2F},
    {"grey", 0x80, 0x80, 0x80},
    {"honeydew", 0xF0, 0xFF, 0xF0},
    {"hotpink", 0xFF, 0x69, 0xB4},
    {"indianred", 0xCD, 0x5C, 0x5C},
    {"indigo", 0x4B, 0x00, 0x82},
    {"ivory", 0xFF, 0xFF, 0xF0},
    {"khaki", 0xF0, 0xE6, 0x8C},
    {"lavender", 0xE6, 0xE6, 0xFA},
    {"lavenderblush", 0xFF, 0xF0, 0xF5},
    {"lawngreen", 0x7C, 0xFC, 0x00},
    {"lemonchiffon", 0xFF, 0xFA, 0xCD},
    {"lightblue", 0xAD, 0xD8, 0xE6},
    {"lightcoral", 0xF0, 0x80, 0x80},
    {"lightcyan", 0xE0, 0xFF, 0xFF},
    {"lightgoldenrodyellow", 0xFA, 0xFA, 0xD2},
    {"lightgray", 0xD3, 0xD3, 0xD3},
    {"lightgreen", 0x90, 0xEE, 0x90},
    {"lightgrey", 0xD3, 0xD3, 0xD3},
    {"lightpink", 0xFF, 0xB6, 0xC1},
    {"lightsalmon", 0xFF, 0xA0, 0x7A},
    {"lightseagreen", 0x20, 0xB2, 0xAA},
    {"lightskyblue", 0x87, 0xCE, 0xFA},
    {"lightslategray", 0x77, 0x88, 0x99},
    {"lightslategrey", 0x77, 0x88, 0x99},
    {"lightsteelblue", 0xB0, 0xC4, 0xDE},
    {"lightyellow", 0xFF, 0xFF, 0xE0},
    {"lime", 0x00, 0xFF, 0x00},
    {"limegreen", 0x32, 0xCD, 0x32},
    {"linen", 0xFA, 0xF0, 0xE6},
    {"magenta", 0xFF, 0x00, 0xFF},
    {"maroon", 0x80, 0x00, 0x00},
    {"mediumaquamarine", 0x66, 0xCD, 0xAA},
    {"mediumblue", 0x00, 0x00, 0xCD},
    {"mediumorchid", 0xBA, 0x55, 0xD3},
    {"mediumpurple", 0x93, 0x70, 0xDB},
    {"mediumseagreen", 0x3C, 0xB3, 0x71},
    {"mediumslateblue", 0x7B, 0x68, 0xEE},
    {"mediumspringgreen", 0x00, 0xFA, 0x9A},
    {"mediumturquoise", 0x48, 0xD1, 0xCC},
    {"mediumvioletred", 0xC7, 0x15, 0x85},
    {"midnightblue", 0x19, 0x19, 0x70},
    {"mintcream", 0xF5, 0xFF, 0xFA},
    {"mistyrose", 0xFF, 0xE4, 0xE1},
    {"moccasin", 0xFF, 0xE4, 0xB5},
    {"navajowhite", 0xFF, 0xDE, 0xAD},
    {"navy", 0x00, 0x00, 0x80},
    {"oldlace", 0xFD, 0xF5, 0xE6},
    {"olive", 0x80, 0x80, 0x00},
    {"olivedrab", 0x6B, 0x8E, 0x23},
    {"orange", 0xFF, 0xA5, 0x00},
    {"orangered", 0xFF, 0x45, 0x00},
    {"orchid", 0xDA, 0x70, 0xD6},
    {"palegoldenrod", 0xEE, 0xE8, 0xAA},
    {"palegreen", 0x98, 0xFB, 0x98},
    {"paleturquoise", 0xAF, 0xEE, 0xEE},
    {"palevioletred", 0xDB, 0x70, 0x93},
    {"papayawhip", 0xFF, 0xEF, 0xD5},
    {"peachpuff", 0xFF, 0xDA, 0xB9},
    {"peru", 0xCD, 0x85, 0x3F},
    {"pink", 0xFF, 0xC0, 0xCB},
    {"plum", 0xDD, 0xA0, 0xDD},
    {"powderblue", 0xB0, 0xE0, 0xE6},
    {"purple", 0x80, 0x00, 0x80},
    {"rebeccapurple", 0x66, 0x33, 0x99},
    {"red", 0xFF, 0x00, 0x00},
    {"rosybrown", 0xBC, 0x8F, 0x8F},
    {"royalblue", 0x41, 0x69, 0xE1},
    {"saddlebrown", 0x8B, 0x45, 0x13},
    {"salmon", 0xFA, 0x80, 0x72},
    {"sandybrown", 0xF4, 0xA4, 0x60},
    {"seagreen", 0x2E, 0x8B, 0x57},
    {"seashell", 0xFF, 0xF5, 0xEE},
    {"sienna", 0xA0, 0x52, 0x2D},
    {"silver", 0xC0, 0xC0, 0xC0},
    {"skyblue", 0x87, 0xCE, 0xEB},
    {"slateblue", 0x6A, 0x5A, 0xCD},
    {"slategray", 0x70, 0x80, 0x90},
    {"slategrey", 0x70, 0x80, 0x90},
    {"snow", 0xFF, 0xFA, 0xFA},
    {"springgreen", 0x00, 0xFF, 0x7F},
    {"steelblue", 0x46, 0x82, 0xB4},
    {"tan", 0xD2, 0xB4, 0x8C},
    {"teal", 0x00, 0x80, 0x80},
    {"thistle", 0xD8, 0xBF, 0xD8},
    {"tomato", 0xFF, 0x63, 0x47},
    {"turquoise", 0x40, 0xE0, 0xD0},
    {"violet", 0xEE, 0x82, 0xEE},
    {"wheat", 0xF5, 0xDE, 0xB3},
    {"white", 0xFF, 0xFF, 0xFF},
    {"whitesmoke", 0xF5, 0xF5, 0xF5},
    {"yellow", 0xFF, 0xFF, 0x00},
    {"yellowgreen", 0x9A, 0xCD, 0x32},
};

static int css_cmp(const void *key, const void *e)
{
    return strcasecmp(key, ((const css_color *)e)->name);
}

/* "rgb(R, G, B)" with 0..255 numbers or percentages; "lab(L, a, b)" */
static int parse_func(const char *s, const char *fn, double v[3], int pct_ok)
{
    size_t n = strlen(fn);
    if (strncasecmp(s, fn, n) != 0 || s[n] != '(')
        return -1;
    const char *p = s + n + 1;
    for (int k = 0; k < 3; k++) {
        char *e;
        while (isspace((unsigned char)*p))
            p++;
        v[k] = strtod(p, &e);
        if (e == p || isnan(v[k]) || isinf(v[k]))
            return -1;
        p = e;
        if (*p == '%') {
            if (!pct_ok)
                return -1;
            v[k] = v[k] * 255.0 / 100.0;
            p++;
        }
        while (isspace((unsigned char)*p))
            p++;
        if (k < 2 && (*p == ',' || isspace((unsigned char)p[-1])))
            p += *p == ',';
        else if (k < 2)
            return -1;
    }
    while (isspace((unsigned char)*p))
        p++;
    return *p == ')' && p[1] == '\0' ? 0 : -1;
}

int segkit_color_parse(const char *text, double rgb[3])
{
    if (!text || !rgb)
        return SEGKIT_ERR_ARG;
    double v[3];
    const css_color *c = bsearch(text, css, sizeof css / sizeof css[0], sizeof css[0], css_cmp);
    if (c) {
        rgb[0] = c->r / 255.0, rgb[1] = c->g / 255.0, rgb[2] = c->b / 255.0;
        return SEGKIT_OK;
    }
    if (parse_func(text, "rgb", v, 1) == 0) {
        for (int k = 0; k < 3; k++) {
            if (v[k] < 0 || v[k] > 255)
                return SEGKIT_ERR_ARG;
            rgb[k] = v[k] / 255.0;
        }
        return SEGKIT_OK;
    }
    if (parse_func(text, "lab", v, 0) == 0) {
        segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
        return segkit_color_to_rgb(&lab, v, rgb);
    }
    uint8_t b[3]; /* "#rrggbb", "#rgb", "R,G,B": segkit_render_parse_color's */
    if (segkit_render_parse_color(text, b) == SEGKIT_OK) {
        rgb[0] = b[0] / 255.0, rgb[1] = b[1] / 255.0, rgb[2] = b[2] / 255.0;
        return SEGKIT_OK;
    }
    return SEGKIT_ERR_ARG;
}

int segkit_color_mean(const segkit_image *img, int x, int y, int w, int h, double rgb[3])
{
    if (!img || !img->data || !rgb || w < 1 || h < 1 || x < 0 || y < 0 ||
        x > img->width - w || y > img->height - h)
        return SEGKIT_ERR_ARG;
    if (img->type == SEGKIT_I32 || img->channels < 3 || img->channels > 4)
        return SEGKIT_ERR_TYPE;
    double sum[3] = {0, 0, 0}, one = cs_sample_max(img->type);
    for (int j = y; j < y + h; j++) {
        const void *row = segkit_image_row(img, j);
        for (int i = x; i < x + w; i++) {
            double s[3];
            cs_load_rgb(img, row, i, s);
            for (int k = 0; k < 3; k++)
                sum[k] += s[k];
        }
    }
    for (int k = 0; k < 3; k++)
        rgb[k] = sum[k] / ((double)w * h) / one;
    return SEGKIT_OK;
}

/* smallest difference of LAB to the references */
static double nearest(const segkit_delta_e_params *p, const double lab[3],
                      const double (*ref)[3], int nref)
{
    double best = INFINITY;
    for (int i = 0; i < nref; i++) {
        double d = segkit_delta_e_lab(p, ref[i], lab);
        if (d < best || isnan(d))
            best = d;
    }
    return best;
}

static int check_args(const segkit_image *rgb, const double (*ref)[3], int nref,
                      const segkit_delta_e_params *p)
{
    if (!rgb || !rgb->data || !ref || nref < 1 || !p || (unsigned)p->formula >= SEGKIT_DE_COUNT)
        return SEGKIT_ERR_ARG;
    for (int i = 0; i < nref; i++)
        for (int k = 0; k < 3; k++)
            if (!isfinite(ref[i][k]))
                return SEGKIT_ERR_ARG;
    if (rgb->type == SEGKIT_I32 || rgb->channels < 3 || rgb->channels > 4)
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

/* the map (mask NULL) or the mask of pixels within tol */
static int measure(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                   const segkit_delta_e_params *p, double tol, int want_mask, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    int st = check_args(rgb, ref_lab, nref, p);
    if (st != SEGKIT_OK)
        return st;
    if (want_mask && isnan(tol))
        return SEGKIT_ERR_ARG;
    st = segkit_image_create(out, rgb->width, rgb->height, 1, want_mask ? SEGKIT_U8 : SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    cs_ctx c;
    cs_ctx_init(&c, &lab);
    double one = cs_sample_max(rgb->type);
    if (!want_mask) {
        for (int y = 0; y < rgb->height; y++) {
            const void *row = segkit_image_row(rgb, y);
            float *d = segkit_image_row(out, y);
            for (int x = 0; x < rgb->width; x++) {
                double s[3], v[3];
                cs_load_rgb(rgb, row, x, s);
                cs_from_samples(&c, s, one, v);
                d[x] = (float)nearest(p, v, ref_lab, nref);
            }
        }
        return SEGKIT_OK;
    }
    segkit_image *mask = out;
    /* 2 bits per 8-bit colour: 0 not seen, 1 out, 2 in */
    uint8_t *memo = NULL;
    if (rgb->type == SEGKIT_U8 && (uint64_t)rgb->width * (uint64_t)rgb->height >= (1u << 18))
        memo = calloc((size_t)1 << 22, 1);
    for (int y = 0; y < rgb->height; y++) {
        const void *row = segkit_image_row(rgb, y);
        uint8_t *m = segkit_image_row(mask, y);
        const uint8_t *p8 = row;
        for (int x = 0; x < rgb->width; x++) {
            uint32_t key = 0;
            if (memo) {
                const uint8_t *q = p8 + (size_t)x * (size_t)rgb->channels;
                key = (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
                int s = (memo[key >> 2] >> ((key & 3) * 2)) & 3;
                if (s) {
                    m[x] = s == 2 ? 255 : 0;
                    continue;
                }
            }
            double s[3], v[3];
            cs_load_rgb(rgb, row, x, s);
            cs_from_samples(&c, s, one, v);
            int in = nearest(p, v, ref_lab, nref) <= tol;
            m[x] = in ? 255 : 0;
            if (memo)
                memo[key >> 2] |= (uint8_t)((in ? 2 : 1) << ((key & 3) * 2));
        }
    }
    free(memo);
    return SEGKIT_OK;
}

int segkit_color_distance(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                          const segkit_delta_e_params *p, segkit_image *dist)
{
    return measure(rgb, ref_lab, nref, p, NAN, 0, dist);
}

int segkit_color_distance_mask(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                               const segkit_delta_e_params *p, double tol, segkit_image *mask)
{
    return measure(rgb, ref_lab, nref, p, tol, 1, mask);
}
