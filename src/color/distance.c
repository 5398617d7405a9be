/* Distance masks: the CIELAB colour difference of every pixel to the
 * nearest of a few reference colours, as a float map or as a mask of the
 * pixels within a tolerance; and the colours users name: CSS names,
 * "rgb(...)", "lab(...)", hex, or the mean of a box of the image.
 *
 * Pixels go to CIELAB (D65, as segkit_color_from_rgb) in double precision.
 * CIEDE2000 masks of 8-bit images first drop the pixels far in lightness
 * alone (8 or 16 pixels a step on AVX2 / AVX-512), run the others eight
 * colours at a time (cie_simd.c) and decide exactly again the colours near
 * the tolerance.  An 8-bit mask of a large image remembers, per RGB colour
 * (2 bits each, 4 MiB), whether it was in or out, so each distinct colour
 * is measured once: the same result, far fewer evaluations on
 * photographs. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_simd.h"
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
    /* the vector kernels' version without table look-ups (gathers are
     * slow): Y estimated by a cubic of each 8-bit level, pc[k] (channel k's
     * weight folded in), and the intervals widened by more than that
     * estimate can differ from y_far's float Y (see yfar_poly) */
    float pc[3][4], plo[YFAR_MAX], phi[YFAR_MAX];
    uint64_t pack[256]; /* near_avx2: bit set -> the indices of its 1 bits, a byte each */
} yfar;

/* channel k's cubic at level v, in float as the vector kernels compute it */
static inline float yfar_cubic(const yfar *f, int k, float v)
{
    const float *c = f->pc[k];
    float q = c[3];
    for (int j = 2; j >= 0; j--)
        q = q * v + c[j];
    return q;
}

/* pc, plo, phi.  The cubic is a least-squares fit (Chebyshev nodes) of the
 * sRGB companding on 0..1, within 2.3e-3; whatever the fit, e below is the
 * largest difference of each channel's float cubic from its exact term
 * w_k lut[v] over all 256 levels.  The estimate E = (q_r + q_g) + q_b then
 * differs from the exact Y = sum w_k lut[v_k] by at most e_r + e_g + e_b
 * plus its two float sums (below 3e-7, as |q| < 1.01), and y_far's float Y
 * differs from the exact Y by below 2e-7 (the comment above): so with the
 * intervals widened by M = e_r + e_g + e_b + 1e-5 (room also for any
 * other evaluation order of the cubic), E outside every widened interval
 * means y_far's Y outside every interval: the colour is out. */
static void yfar_poly(yfar *f, const cs_ctx *c, const double *lut)
{
    static const double fit[4] = {0.0022790178479007717, -0.0011632178578369623,
                                  0.7027297747071108, 0.29728823757655637};
    double m = 1e-5;
    for (int k = 0; k < 3; k++) {
        double w = c->to_xyz[1][k], e = 0.0;
        for (int j = 0; j < 4; j++)
            f->pc[k][j] = (float)(w * fit[j] / pow(255.0, j));
        for (int v = 0; v < 256; v++)
            e = fmax(e, fabs((double)yfar_cubic(f, k, (float)v) - w * lut[v]));
        m += e;
    }
    for (int i = 0; i < f->n; i++) {
        f->plo[i] = (float)(f->lo[i] - m);
        f->phi[i] = (float)(f->hi[i] + m);
    }
}

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
    for (int mk = 0; mk < 256; mk++) {
        uint64_t v = 0;
        for (int b = 0, k = 0; b < 8; b++)
            if (mk >> b & 1)
                v |= (uint64_t)b << (8 * k++);
        f->pack[mk] = v;
    }
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
    yfar_poly(f, c, lut);
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

/* The pixels of an 8-bit row (w pixels of ch channels) that the
 * lightness filter leaves in: their x in xs (room for w + 16), in order;
 * the count returned.  Eight or sixteen pixels a step by yfar's cubics
 * and widened intervals (a few more pixels in than y_far leaves, never
 * fewer), the x of those in packed to the front of a vector stored whole
 * (no branch per pixel); the last pixels of the row by y_far. */
#if CS_X86
CS_TARGET_AVX2 static int near_avx2(const yfar *f, const uint8_t *row, int ch, int w, int *xs)
{
    int n = 0, x = 0, last = ch == 3 ? w - 10 : w - 8; /* cs_rgb8_avx2 reads 4 bytes past */
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (; x <= last; x += 8) {
        __m256i c[3];
        cs_rgb8_avx2(row + (size_t)x * (size_t)ch, ch, &c[0], &c[1], &c[2]);
        __m256 Y = _mm256_setzero_ps();
        for (int k = 0; k < 3; k++) {
            const float *pc = f->pc[k];
            __m256 v = _mm256_cvtepi32_ps(c[k]), q = _mm256_set1_ps(pc[3]);
            for (int j = 2; j >= 0; j--)
                q = _mm256_add_ps(_mm256_mul_ps(q, v), _mm256_set1_ps(pc[j]));
            Y = k ? _mm256_add_ps(Y, q) : q;
        }
        __m256 in = _mm256_setzero_ps();
        for (int i = 0; i < f->n; i++)
            in = _mm256_or_ps(in, _mm256_and_ps(
                                      _mm256_cmp_ps(Y, _mm256_set1_ps(f->plo[i]), _CMP_GE_OQ),
                                      _mm256_cmp_ps(Y, _mm256_set1_ps(f->phi[i]), _CMP_LE_OQ)));
        unsigned mk = (unsigned)_mm256_movemask_ps(in);
        __m256i idx = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128((long long)f->pack[mk]));
        __m256i xv = _mm256_add_epi32(_mm256_set1_epi32(x), iota);
        _mm256_storeu_si256((__m256i *)(xs + n), _mm256_permutevar8x32_epi32(xv, idx));
        n += __builtin_popcount(mk);
    }
    for (; x < w; x++)
        if (!y_far(f, row + (size_t)x * (size_t)ch))
            xs[n++] = x;
    return n;
}

CS_TARGET_AVX512 static int near_avx512(const yfar *f, const uint8_t *row, int ch, int w,
                                        int *xs)
{
    int n = 0, x = 0, last = ch == 3 ? w - 18 : w - 16;
    const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (; x <= last; x += 16) {
        __m512i c[3];
        cs_rgb16_avx512(row + (size_t)x * (size_t)ch, ch, &c[0], &c[1], &c[2]);
        __m512 Y = _mm512_setzero_ps();
        for (int k = 0; k < 3; k++) {
            const float *pc = f->pc[k];
            __m512 v = _mm512_cvtepi32_ps(c[k]), q = _mm512_set1_ps(pc[3]);
            for (int j = 2; j >= 0; j--)
                q = _mm512_add_ps(_mm512_mul_ps(q, v), _mm512_set1_ps(pc[j]));
            Y = k ? _mm512_add_ps(Y, q) : q;
        }
        __mmask16 in = 0;
        for (int i = 0; i < f->n; i++)
            in |= _mm512_cmp_ps_mask(Y, _mm512_set1_ps(f->plo[i]), _CMP_GE_OQ) &
                  _mm512_cmp_ps_mask(Y, _mm512_set1_ps(f->phi[i]), _CMP_LE_OQ);
        __m512i xv = _mm512_add_epi32(_mm512_set1_epi32(x), iota);
        _mm512_storeu_si512((void *)(xs + n), _mm512_maskz_compress_epi32(in, xv));
        n += __builtin_popcount(in);
    }
    for (; x < w; x++)
        if (!y_far(f, row + (size_t)x * (size_t)ch))
            xs[n++] = x;
    return n;
}
#endif

static int near_row(const yfar *f, const uint8_t *row, int ch, int w, int isa, int *xs)
{
    int n = 0;
    if (!f) {
        for (int x = 0; x < w; x++)
            xs[x] = x;
        return w;
    }
#if CS_X86
    if (isa >= CS_ISA_AVX512)
        return near_avx512(f, row, ch, w, xs);
    if (isa >= CS_ISA_AVX2)
        return near_avx2(f, row, ch, w, xs);
#else
    (void)isa;
#endif
    for (int x = 0; x < w; x++)
        if (!y_far(f, row + (size_t)x * (size_t)ch))
            xs[n++] = x;
    return n;
}

/* The CIEDE2000 mask of an 8-bit image: per row, the pixels the lightness
 * filter (yfar) leaves (near_row; the others are out), then those of
 * colours not seen yet (memo as measure's, or NULL) in runs: L*a*b* by
 * cs_cie_batch, the distance by cs_de2000_batch, and each colour whose
 * distance lies within a band around tol (1e-7 (1 + tol), where the vector
 * distance is within 1e-12 of the exact one), or that the batch marks
 * unsure, decided again by the exact per-colour path: the mask is the
 * exact formula's.  (Reusing the left neighbour's result when equal, 31 %
 * of a photo's pixels, was slower: its branch is unpredictable.) */
static int mask_de2000(const cs_ctx *c, const segkit_delta_e_params *p, const double *lut,
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
    int ch = rgb->channels, w = rgb->width;
    yfar yf, *yfar = NULL;
    double lim = tol >= 0 && isfinite(tol) ? tol * tol * (1.0 + 1e-9) + 1e-9 : INFINITY;
    if (yfar_init(&yf, c, p, lut, ref, nref, lim))
        yfar = &yf;
    int *near = malloc(((size_t)w + 16) * sizeof *near); /* + the whole-vector stores */
    if (!near)
        return SEGKIT_ERR_NOMEM;
#define KEY(q) ((uint32_t)(q)[0] << 16 | (uint32_t)(q)[1] << 8 | (q)[2])
    for (int y = 0; y < rgb->height; y++) {
        const uint8_t *row = segkit_image_row(rgb, y);
        uint8_t *m = segkit_image_row(mask, y);
        memset(m, 0, (size_t)w);
        int nnear = near_row(yfar, row, ch, w, isa, near), k = 0;
        while (k < nnear) {
            int n = 0;
            for (; k < nnear && n < RUN; k++) {
                int x = near[k];
                const uint8_t *q = row + (size_t)x * (size_t)ch;
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
            /* the batch's own lightness test (whole vectors far) is for
             * colours yfar has not already sorted */
            cs_de2000_batch(isa, p, ref, nref, yfar ? INFINITY : hi, nv,
                            (const double *const *)lab, dmin, unsure);
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
    free(near);
    return SEGKIT_OK;
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
        st = mask_de2000(&c, p, lut, rgb, ref_lab, nref, tol, memo, cs_isa(isa), mask);
        free(memo);
        if (st != SEGKIT_OK)
            segkit_image_free(mask);
        return st;
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
