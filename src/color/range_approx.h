/* Private to src/color: range masks in the spaces without tables (range.c)
 * by float vectors with an error bound (range_simd.c, one body per
 * instruction set in range_simd_body.h).
 *
 * Each channel of a pixel is computed in single precision, ~v, with a bound
 * e on |~v - v|, v the value of cs_from_samples (double).  A condition lo
 * <= v <= hi then surely holds where ~v - e >= lo and ~v + e <= hi, surely
 * fails where ~v + e < lo or ~v - e > hi; the pixels left (within e of a
 * bound, or NaN) are decided by the double formula, one at a time, so the
 * mask is that of the double formula exactly.  Hues (of the LCh spaces and
 * HSI) have a bound of their own per pixel, k / chroma + e0, and a pixel
 * whose hue may lie across 0 / 360 is always left to the double formula.
 */
#ifndef SEGKIT_RANGE_APPROX_H
#define SEGKIT_RANGE_APPROX_H

#include "color_internal.h"

enum { RA_SAMPLES = 0, RA_CIE = 1, RA_HSI = 2, RA_HSX = 3 };

typedef struct ra_space {
    segkit_space id;
    int kind;        /* RA_SAMPLES: a matrix of the samples plus an offset (rgb,
                      * ycbcr, yuv, yiq); RA_CIE: the companding table, then
                      * linear, xyz, lab, lch, luv, lchuv, oklab, oklch;
                      * RA_HSI: hsi from the samples; RA_HSX: hsv, hls
                      * from the samples (u16: u8 has range.c's tables) */
    int hue;         /* the hue channel (2 for LCh, 0 for hsi), or -1 */
    float m[3][3];   /* RA_SAMPLES: samples -> values; RA_CIE: linear -> xyz
                      * (or lms for oklab) */
    float off[3];    /* RA_SAMPLES: added after the matrix */
    float m2[3][3];  /* oklab: lms' -> lab */
    float winv[3];   /* lab luv: 1 / white; luv: u0 v0 in m2[0][0..1] */
    float one;       /* the largest sample (hsi) */
    float err[3];    /* |~v - v| <= err (not the hue channel) */
    float hue_k, hue_e0; /* the hue's bound: hue_k / chroma + hue_e0 degrees,
                          * none (any hue) below chroma hue_cmin */
    float hue_cmin;
    const float *lut; /* RA_CIE: linear value of each sample level */
} ra_space;

/* 1 if ranges in cs of samples of type t (u8, u16) have the float path */
int ra_supported(const segkit_color_space *cs, segkit_type t);
/* a's matrices and bounds for cs and samples 0..one; lut (RA_CIE: the
 * levels of the samples, 256 or 65536 entries) is kept by pointer */
void ra_init(ra_space *a, const cs_ctx *c, double one, const float *lut);

/* The conditions of the terms as float bounds (ra_plan_init). */
typedef struct ra_cond {
    int ch, hue, wrap;
    float in_lo, in_hi;   /* sure in: in_lo <= ~v <= in_hi (not hue) */
    float out_lo, out_hi; /* sure out: ~v < out_lo or ~v > out_hi */
    float lo, hi;         /* hue: the bounds rounded outwards */
} ra_cond;

typedef struct ra_plan {
    int nt;
    int n[SEGKIT_RANGE_MAX_TERMS];
    ra_cond c[SEGKIT_RANGE_MAX_TERMS][3];
    /* one term without a hue condition: its bounds by channel (+-infinity
     * where the term has none) */
    int one;
    float in_lo[3], in_hi[3], out_lo[3], out_hi[3];
} ra_plan;

void ra_plan_init(const ra_space *a, const segkit_color_ranges *r, ra_plan *p);

/* One row of w pixels (u8 or u16, ch 3 or 4): out[x] = 255 where the pixel
 * surely passes, 0 where it surely fails, 1 where the double formula must
 * decide.  isa a value of cs_isa. */
void ra_row(const ra_space *a, const ra_plan *p, int isa, const void *row, segkit_type type,
            int ch, int w, uint8_t *out);
/* The float values ~v of n pixels (samples s0 s1 s2, as floats) and the
 * hue's bound per pixel (eh, may be NULL; infinite below hue_cmin): for the
 * tests, which measure |~v - v| on every 8-bit colour. */
void ra_values(const ra_space *a, int isa, int n, const float *s0, const float *s1,
               const float *s2, float *v0, float *v1, float *v2, float *eh);

/* OpenCV's 8-bit hls (segkit_color_range_mask with opencv = 1): the bytes
 * as opencv.c's hls_pixel computes them, lane by lane, against the integer
 * bounds ceil(lo) <= byte <= floor(hi) (either, wrapping). */
typedef struct ra_bytes {
    int nt;
    float lo[SEGKIT_RANGE_MAX_TERMS][3], hi[SEGKIT_RANGE_MAX_TERMS][3];
    int wrap[SEGKIT_RANGE_MAX_TERMS][3];
} ra_bytes;

void ra_bytes_init(const segkit_color_ranges *r, ra_bytes *p);
/* out[x] = 255 or 0; u8, ch 3 or 4; isa a value of cs_isa (AVX2 needs FMA
 * too: without it, the baseline) */
void ra_hls8_row(const ra_bytes *p, int isa, const void *row, int ch, int w, uint8_t *out);

#endif
