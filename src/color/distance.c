/* Distance masks: the CIELAB colour difference of every pixel to the
 * nearest of a few reference colours, as a float map or as a mask of the
 * pixels within a tolerance; and the colours users name: CSS names,
 * "rgb(...)", "lab(...)", hex, or the mean of a box of the image.
 *
 * Pixels go to CIELAB (D65, as segkit_color_from_rgb) in double precision.
 * CIEDE2000 masks of 8-bit images run eight colours at a time (cie_simd.c)
 * and decide exactly again the colours near the tolerance.  An 8-bit mask of a large image remembers, per RGB colour (2 bits each,
 * 4 MiB), whether it was in or out, so each distinct colour is measured
 * once: the same result, far fewer evaluations on photographs. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"
#include "internal/css_colors.h"
#include "segkit/render.h"



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
    uint8_t c[3];
    if (css_color_lookup(text, c) == 0) {
        rgb[0] = c[0] / 255.0, rgb[1] = c[1] / 255.0, rgb[2] = c[2] / 255.0;
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

/* the CIELAB colour of pixel x of a row: 8-bit samples through the
 * companding table lut (the same values as cs_from_samples) */
static void pixel_lab(const cs_ctx *c, const segkit_image *rgb, const void *row, int x,
                      double one, const double *lut, double v[3])
{
    if (lut) {
        const uint8_t *q = (const uint8_t *)row + (size_t)x * (size_t)rgb->channels;
        double lin[3] = {lut[q[0]], lut[q[1]], lut[q[2]]};
        cie_from_linear(c, lin, v);
        return;
    }
    double s[3];
    cs_load_rgb(rgb, row, x, s);
    cs_from_samples(c, s, one, v);
}

/* 1 if the 8-bit colour q is farther than the tolerance from every
 * reference by its lightness alone (cs_delta_e_l_bound squared above lim,
 * tol^2 with a margin far above the rounding of the full formula): one
 * cube root instead of three and no trigonometry for most colours of a
 * photograph.  The decision is the full formula's. */
static int far_in_l(const cs_ctx *c, const segkit_delta_e_params *p, const double *lut,
                    const uint8_t *q, const double (*ref)[3], int nref, double lim)
{
    double lin[3] = {lut[q[0]], lut[q[1]], lut[q[2]]};
    double L = cie_lab_l(c, lin);
    for (int i = 0; i < nref; i++) {
        double b = cs_delta_e_l_bound(p, ref[i], L);
        if (!(b * b > lim))
            return 0;
    }
    return 1;
}

/* The lightness filter of 8-bit colours: Y (linear luminance) from three
 * float tables, and per reference the Y interval outside which the
 * lightness term alone (a lower bound of CIEDE2000, cs_delta_e_l_bound)
 * puts a colour farther than lim, found by bisection on L2 within L1 -+
 * 150: for a reference with 0 <= L1 <= 100 that term grows with D = |L2 -
 * L1| there, as d(D / S_L)/dD > 0 <=> S_L > D S_L'/2 with S_L' its slope in
 * the mean lightness lbar (at most 0.0164) and D <= 2 (|lbar - 50| + 50):
 * true for |lbar - 50| <= 126 (checked on a 0.01 grid).  Widened by 1e-6
 * (the float sums are within 2e-7 of the exact Y), so colours outside
 * every interval are out. */
enum { YFAR_MAX = 8 };
typedef struct yfar {
    float t[3][256];
    float lo[YFAR_MAX], hi[YFAR_MAX];
    int n;
} yfar;

static double y_of_l(const cs_ctx *c, double L)
{
    double f = (L + 16.0) / 116.0;
    double t = f > 0.2068966 ? f * f * f : (f - 16.0 / 116.0) / 7.787;
    return t * c->white[1];
}

static int yfar_init(yfar *f, const cs_ctx *c, const segkit_delta_e_params *p, const double *lut,
                     const double (*ref)[3], int nref, double lim)
{
    if (nref > YFAR_MAX || !isfinite(lim))
        return 0;
    for (int k = 0; k < 3; k++)
        for (int v = 0; v < 256; v++)
            f->t[k][v] = (float)(c->to_xyz[1][k] * lut[v]);
    f->n = nref;
    for (int i = 0; i < nref; i++) {
        double L1 = ref[i][0], e[2];
        if (!(L1 >= 0.0 && L1 <= 100.0))
            return 0;
        for (int side = 0; side < 2; side++) {
            /* the farthest L2 on this side still near: bisection between
             * L1 (near) and L1 -+ 150 (far, else no filter) */
            double a = L1, b = side ? L1 + 150.0 : L1 - 150.0;
            double bb = cs_delta_e_l_bound(p, ref[i], b);
            if (!(bb * bb > lim))
                return 0;
            for (int it = 0; it < 200; it++) {
                double mid = 0.5 * (a + b), d = cs_delta_e_l_bound(p, ref[i], mid);
                if (d * d > lim)
                    b = mid;
                else
                    a = mid;
            }
            e[side] = b;
        }
        f->lo[i] = (float)(y_of_l(c, e[0]) - 1e-6);
        f->hi[i] = (float)(y_of_l(c, e[1]) + 1e-6);
    }
    return 1;
}

static inline int y_far(const yfar *f, const uint8_t *q)
{
    float Y = f->t[0][q[0]] + f->t[1][q[1]] + f->t[2][q[2]];
    int far = 1;
    for (int i = 0; i < f->n; i++)
        far &= (Y < f->lo[i]) | (Y > f->hi[i]);
    return far;
}

/* The CIEDE2000 mask of an 8-bit image in runs of colours not seen yet
 * (memo as measure's, or NULL): L*a*b* by cs_cie_batch, the distance by
 * cs_de2000_batch, and each colour whose distance lies within a band
 * around tol (1e-7 (1 + tol), where the vector distance is within 1e-12
 * of the exact one), or that the batch marks unsure, decided again by the
 * exact per-colour path: the mask is the exact formula's.  Colours the
 * lightness filter (yfar) puts out skip the memo.  (Reusing the left
 * neighbour's result when equal, 31 % of a photo's pixels, was slower:
 * its branch is unpredictable.) */
static void mask_de2000(const cs_ctx *c, const segkit_delta_e_params *p, const double *lut,
                        const segkit_image *rgb, const double (*ref)[3], int nref, double tol,
                        uint8_t *memo, int isa, segkit_image *mask)
{
    enum { RUN = 512 };
    double buf[7][RUN], dmin[RUN];
    double *const lin[3] = {buf[0], buf[1], buf[2]};
    double *const lab[3] = {buf[3], buf[4], buf[5]};
    uint8_t unsure[RUN];
    int xs[RUN];
    double band = isfinite(tol) ? 1e-7 * (1.0 + fabs(tol)) : 0.0;
    double lo = tol - band, hi = tol + band;
    int ch = rgb->channels;
    yfar yf, *yfar = NULL;
    double lim = tol >= 0 && isfinite(tol) ? tol * tol * (1.0 + 1e-9) + 1e-9 : INFINITY;
    if (yfar_init(&yf, c, p, lut, ref, nref, lim))
        yfar = &yf;
#define KEY(q) ((uint32_t)(q)[0] << 16 | (uint32_t)(q)[1] << 8 | (q)[2])
    for (int y = 0; y < rgb->height; y++) {
        const uint8_t *row = segkit_image_row(rgb, y);
        uint8_t *m = segkit_image_row(mask, y);
        int x = 0;
        while (x < rgb->width) {
            int n = 0;
            for (; x < rgb->width && n < RUN; x++) {
                const uint8_t *q = row + (size_t)x * (size_t)ch;
                if (yfar && y_far(yfar, q)) {
                    m[x] = 0;
                    continue;
                }
                if (memo) {
                    uint32_t key = KEY(q);
                    int st = (memo[key >> 2] >> ((key & 3) * 2)) & 3;
                    if (st) {
                        m[x] = st == 2 ? 255 : 0;
                        continue;
                    }
                }
                xs[n] = x;
                lin[0][n] = lut[q[0]], lin[1][n] = lut[q[1]], lin[2][n] = lut[q[2]];
                n++;
            }
            if (!n)
                continue;
            int nv = (n + CS_VEC - 1) / CS_VEC * CS_VEC;
            for (int i = n; i < nv; i++)
                lin[0][i] = lin[1][i] = lin[2][i] = 0.0;
            cs_cie_batch(c, isa, nv, (const double *const *)lin, lab);
            cs_de2000_batch(isa, p, ref, nref, hi, nv, (const double *const *)lab, dmin, unsure);
            for (int i = 0; i < n; i++) {
                int in;
                if (!unsure[i] && dmin[i] < lo) {
                    in = 1;
                } else if (!unsure[i] && dmin[i] > hi) {
                    in = 0;
                } else {
                    double l[3] = {lin[0][i], lin[1][i], lin[2][i]}, v[3];
                    cie_from_linear(c, l, v);
                    in = nearest(p, v, ref, nref) <= tol;
                }
                m[xs[i]] = in ? 255 : 0;
                if (memo) {
                    const uint8_t *q = row + (size_t)xs[i] * (size_t)ch;
                    uint32_t key = KEY(q);
                    memo[key >> 2] |= (uint8_t)((in ? 2 : 1) << ((key & 3) * 2));
                }
            }
        }
    }
#undef KEY
}

/* the map (mask NULL) or the mask of pixels within tol */
static int measure(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                   const segkit_delta_e_params *p, double tol, int want_mask, segkit_image *out,
                   int isa)
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
    double one = cs_sample_max(rgb->type), lutb[256], *lut = NULL;
    if (rgb->type == SEGKIT_U8) {
        cs_linear_lut(lutb, 0);
        lut = lutb;
    }
    if (!want_mask) {
        for (int y = 0; y < rgb->height; y++) {
            const void *row = segkit_image_row(rgb, y);
            float *d = segkit_image_row(out, y);
            for (int x = 0; x < rgb->width; x++) {
                double v[3];
                pixel_lab(&c, rgb, row, x, one, lut, v);
                d[x] = (float)nearest(p, v, ref_lab, nref);
            }
        }
        return SEGKIT_OK;
    }
    segkit_image *mask = out;
    /* far_in_l's limit: no colour is far when tol is negative or not finite */
    double lim = tol >= 0 && isfinite(tol) ? tol * tol * (1.0 + 1e-9) + 1e-9 : INFINITY;
    /* 2 bits per 8-bit colour: 0 not seen, 1 out, 2 in */
    uint8_t *memo = NULL;
    if (rgb->type == SEGKIT_U8 && (uint64_t)rgb->width * (uint64_t)rgb->height >= (1u << 18))
        memo = calloc((size_t)1 << 22, 1);
    if (lut && p->formula == SEGKIT_DE2000) {
        mask_de2000(&c, p, lut, rgb, ref_lab, nref, tol, memo, cs_isa(isa), mask);
        free(memo);
        return SEGKIT_OK;
    }
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
            double v[3];
            int in;
            if (lut && far_in_l(&c, p, lut, (const uint8_t *)row + (size_t)x * (size_t)rgb->channels,
                                ref_lab, nref, lim)) {
                in = 0;
            } else {
                pixel_lab(&c, rgb, row, x, one, lut, v);
                in = nearest(p, v, ref_lab, nref) <= tol;
            }
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
    return measure(rgb, ref_lab, nref, p, NAN, 0, dist, -1);
}

int segkit_color_distance_mask(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                               const segkit_delta_e_params *p, double tol, segkit_image *mask)
{
    return measure(rgb, ref_lab, nref, p, tol, 1, mask, -1);
}

int cs_distance_mask_isa(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                         const segkit_delta_e_params *p, double tol, segkit_image *mask, int isa)
{
    return measure(rgb, ref_lab, nref, p, tol, 1, mask, isa);
}
