/* Range masks in the spaces without tables: the channel values in single
 * precision with an error bound, eight (AVX2) or sixteen (AVX-512) pixels
 * at a time, and the sure and unsure pixels of each condition (see
 * range_approx.h; range.c decides the unsure ones in double precision).
 * One body (range_simd_body.h) compiled for the baseline, AVX2 and AVX-512.
 *
 * The bounds.  Matrices of the samples (rgb, ycbcr, yuv, yiq) and of the
 * linear values (linear, xyz): each of the (at most) eight float roundings
 * (coefficient, three products, two sums, the offset; the table's linear
 * value) is within 2^-24 of a magnitude at most M = |offset| + sum |m_j|
 * (samples and linear values are within 0..1 of the scale), so |~v - v| <=
 * 8 2^-24 M = 2^-21 M, the double formula's own rounding (~2^-50 M) aside.
 * The spaces through cube roots and quotients (lab, luv, oklab, their LCh
 * forms, hsi) have the bounds below, about four times the largest error
 * over all 2^24 8-bit colours at every instruction set, which
 * tests/unit/test_color_simd.c measures; the hue's bound is k / C + e0 with
 * k from the a b bound (an error of (da, db) turns the hue by at most
 * |(da, db)| / C radians) and e0 the arctangent's series and roundings. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "color_simd.h"
#include "range_approx.h"

#pragma GCC diagnostic ignored "-Wpsabi"

typedef float vf8 __attribute__((vector_size(32)));
typedef int32_t vi8 __attribute__((vector_size(32)));
typedef float vf16 __attribute__((vector_size(64)));
typedef int32_t vi16 __attribute__((vector_size(64)));

#define vf vf8
#define vi vi8
#define NV 8
static inline vf8 vsqrt_base(vf8 x)
{
    vf8 r;
    for (int k = 0; k < 8; k++)
        r[k] = sqrtf(x[k]);
    return r;
}
static inline vf8 vfma_base(vf8 a, vf8 b, vf8 c)
{
    vf8 r;
    for (int k = 0; k < 8; k++)
        r[k] = fmaf(a[k], b[k], c[k]);
    return r;
}
#define SFX _base
#define TGT
#define VSQRT vsqrt_base
#define VFMA vfma_base
#define RA_DIRECT 0
#define RA_LOAD8(p, ch, s0, s1, s2) (void)0
#include "range_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT
#undef VFMA
#undef RA_DIRECT
#undef RA_LOAD8

#if CS_X86
#include <immintrin.h>
/* AVX2 with FMA (for hls's bytes; the float paths use no fused operation:
 * the build is ISO C, whose floating-point contraction is off) */
#define CS_TARGET_AVX2_FMA __attribute__((target("avx2,fma")))
CS_TARGET_AVX2_FMA static inline __attribute__((always_inline)) vf8 vsqrt_avx2(vf8 x)
{
    return (vf8)_mm256_sqrt_ps((__m256)x);
}
CS_TARGET_AVX2_FMA static inline __attribute__((always_inline)) vf8 vfma_avx2(vf8 a, vf8 b,
                                                                           vf8 c)
{
    return (vf8)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
}
#define SFX _avx2
#define TGT CS_TARGET_AVX2_FMA
#define VSQRT vsqrt_avx2
#define VFMA vfma_avx2
#define RA_DIRECT 1
#define RA_LOAD8(p, ch, s0, s1, s2)                                                         \
    do {                                                                                    \
        __m256i r_, g_, b_;                                                                 \
        cs_rgb8_avx2(p, ch, &r_, &g_, &b_);                                                 \
        s0 = (vf)_mm256_cvtepi32_ps(r_), s1 = (vf)_mm256_cvtepi32_ps(g_),                   \
        s2 = (vf)_mm256_cvtepi32_ps(b_);                                                    \
    } while (0)
#include "range_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT
#undef VFMA
#undef RA_DIRECT
#undef RA_LOAD8
#undef vf
#undef vi
#undef NV
#define vf vf16
#define vi vi16
#define NV 16
CS_TARGET_AVX512 static inline __attribute__((always_inline)) vf16 vsqrt_avx512(vf16 x)
{
    return (vf16)_mm512_sqrt_ps((__m512)x);
}
CS_TARGET_AVX512 static inline __attribute__((always_inline)) vf16 vfma_avx512(vf16 a, vf16 b,
                                                                             vf16 c)
{
    return (vf16)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
}
#define SFX _avx512
#define TGT CS_TARGET_AVX512
#define VSQRT vsqrt_avx512
#define VFMA vfma_avx512
#define RA_DIRECT 1
#define RA_LOAD8(p, ch, s0, s1, s2)                                                         \
    do {                                                                                    \
        __m512i r_, g_, b_;                                                                 \
        cs_rgb16_avx512(p, ch, &r_, &g_, &b_);                                              \
        s0 = (vf)_mm512_cvtepi32_ps(r_), s1 = (vf)_mm512_cvtepi32_ps(g_),                   \
        s2 = (vf)_mm512_cvtepi32_ps(b_);                                                    \
    } while (0)
#include "range_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT
#undef VFMA
#undef RA_DIRECT
#undef RA_LOAD8
#endif

int ra_supported(const segkit_color_space *cs, segkit_type t)
{
    if (t != SEGKIT_U8 && t != SEGKIT_U16)
        return 0;
    switch (cs->id) {
    case SEGKIT_SPACE_HSV:
    case SEGKIT_SPACE_HLS:
        return t == SEGKIT_U16;
    case SEGKIT_SPACE_HED:
        return 0;
    default:
        return (unsigned)cs->id < SEGKIT_SPACE_COUNT;
    }
}

/* the bounds of the non-linear spaces (L, a b) and the hue's e0, degrees */
static const struct {
    segkit_space id;
    float e0, e12;
} nonlinear_err[] = {
    {SEGKIT_SPACE_LAB, 2e-4f, 1e-3f},  {SEGKIT_SPACE_LCH, 2e-4f, 1e-3f},
    {SEGKIT_SPACE_LUV, 2e-4f, 2e-3f},  {SEGKIT_SPACE_LCHUV, 2e-4f, 2e-3f},
    {SEGKIT_SPACE_OKLAB, 2e-6f, 4e-6f}, {SEGKIT_SPACE_OKLCH, 2e-6f, 4e-6f},
};
static const float hue_e0 = 2e-3f;

void ra_init(ra_space *a, const cs_ctx *c, double one, const float *lut)
{
    memset(a, 0, sizeof *a);
    segkit_space s = c->cs.id;
    a->id = s;
    a->hue = -1;
    a->one = (float)one;
    a->lut = lut;
    if (s == SEGKIT_SPACE_RGB || s >= SEGKIT_SPACE_YCBCR) { /* rgb ycbcr yuv yiq */
        a->kind = RA_SAMPLES;
        for (int i = 0; i < 3; i++) {
            double mag = s == SEGKIT_SPACE_RGB ? 1.0 : fabs(c->offset[i]);
            for (int j = 0; j < 3; j++) {
                double mij = s == SEGKIT_SPACE_RGB ? (i == j) : c->m[i][j];
                a->m[i][j] = (float)(mij / one);
                mag += fabs(mij);
            }
            a->off[i] = s == SEGKIT_SPACE_RGB ? 0.0f : (float)c->offset[i];
            a->err[i] = (float)(ldexp(mag, -21));
        }
        return;
    }
    if (s == SEGKIT_SPACE_HSV || s == SEGKIT_SPACE_HLS) {
        /* the hue: (sector + n / d) 60 (+ 360), n d exact integers: four
         * roundings of at most 2^-24 6 60 and 2^-24 360, below 5e-5 degrees,
         * and exactly 0 where the double hue is (n = 0 in the red sector,
         * or a gray); the others one or two roundings of a value <= 1 */
        a->kind = RA_HSX;
        a->hue = 0;
        a->err[1] = a->err[2] = (float)ldexp(1.0, -21);
        a->hue_e0 = 1e-4f;
        return;
    }
    if (s == SEGKIT_SPACE_HSI) {
        a->kind = RA_HSI;
        a->hue = 0;
        a->err[1] = a->err[2] = 1e-6f;
        a->hue_e0 = hue_e0;
        return;
    }
    a->kind = RA_CIE;
    const double(*m)[3] = s == SEGKIT_SPACE_OKLAB || s == SEGKIT_SPACE_OKLCH ? cs_ok_m1
                                                                             : c->to_xyz;
    double rows = 0;
    for (int i = 0; i < 3; i++) {
        double row = 0;
        for (int j = 0; j < 3; j++) {
            a->m[i][j] = (float)m[i][j];
            if (m == cs_ok_m1)
                a->m2[i][j] = (float)cs_ok_m2[i][j];
            row += fabs(m[i][j]);
        }
        rows = row > rows ? row : rows;
        a->winv[i] = (float)(1.0 / c->white[i]);
    }
    if (s == SEGKIT_SPACE_LUV || s == SEGKIT_SPACE_LCHUV) {
        const double *w = c->white;
        double dw = w[0] + 15.0 * w[1] + 3.0 * w[2];
        a->m2[0][0] = (float)(4.0 * w[0] / dw);
        a->m2[0][1] = (float)(9.0 * w[1] / dw);
    }
    if (s == SEGKIT_SPACE_LINEAR || s == SEGKIT_SPACE_XYZ) {
        for (int i = 0; i < 3; i++)
            a->err[i] = (float)ldexp(s == SEGKIT_SPACE_LINEAR ? 1.0 : rows, -21);
        return;
    }
    for (size_t k = 0; k < sizeof nonlinear_err / sizeof nonlinear_err[0]; k++)
        if (nonlinear_err[k].id == s) {
            a->err[0] = nonlinear_err[k].e0;
            a->err[1] = a->err[2] = nonlinear_err[k].e12;
        }
    if (s == SEGKIT_SPACE_LCH || s == SEGKIT_SPACE_LCHUV || s == SEGKIT_SPACE_OKLCH) {
        a->hue = 2;
        double eab = a->err[1];
        a->err[1] = (float)(1.5 * eab); /* the chroma: |(da, db)| */
        /* |dh| <= asin(|(da, db)| / C) <= 1.1 |(da, db)| / C radians where
         * C >= 4 |(da, db)| (asin x <= 1.05 x for x <= 0.3) */
        a->hue_k = (float)(1.1 * 1.5 * eab * 180.0 / CS_PI);
        a->hue_cmin = (float)(8.0 * eab);
        a->hue_e0 = hue_e0;
    }
}

/* the float nearest x on the side of +infinity (up) or -infinity */
static float f_up(double x)
{
    float f = (float)x;
    return (double)f < x ? nextafterf(f, INFINITY) : f;
}

static float f_down(double x)
{
    float f = (float)x;
    return (double)f > x ? nextafterf(f, -INFINITY) : f;
}

void ra_plan_init(const ra_space *a, const segkit_color_ranges *r, ra_plan *p)
{
    memset(p, 0, sizeof *p);
    p->nt = r->nterms;
    for (int k = 0; k < r->nterms; k++) {
        p->n[k] = r->term[k].n;
        for (int i = 0; i < r->term[k].n; i++) {
            const segkit_range_cond *cd = &r->term[k].cond[i];
            ra_cond *c = &p->c[k][i];
            double e = a->err[cd->channel];
            c->ch = cd->channel;
            c->hue = cd->channel == a->hue;
            c->wrap = cd->lo > cd->hi;
            c->in_lo = f_up(cd->lo + e);
            c->in_hi = f_down(cd->hi - e);
            c->out_lo = f_down(cd->lo - e);
            c->out_hi = f_up(cd->hi + e);
            /* hue: rounded to nearest, within e0 */
            c->lo = (float)cd->lo;
            c->hi = (float)cd->hi;
        }
    }
    p->one = r->nterms == 1;
    for (int c = 0; c < 3; c++)
        p->in_lo[c] = p->out_lo[c] = -INFINITY, p->in_hi[c] = p->out_hi[c] = INFINITY;
    for (int i = 0; i < p->n[0] && p->one; i++) {
        const ra_cond *c = &p->c[0][i];
        if (c->hue || p->in_lo[c->ch] != -INFINITY || p->in_hi[c->ch] != INFINITY) {
            p->one = 0; /* a hue, or two conditions on a channel */
            break;
        }
        p->in_lo[c->ch] = c->in_lo, p->in_hi[c->ch] = c->in_hi;
        p->out_lo[c->ch] = c->out_lo, p->out_hi[c->ch] = c->out_hi;
    }
}

void ra_row(const ra_space *a, const ra_plan *p, int isa, const void *row, segkit_type type,
            int ch, int w, uint8_t *out)
{
#if CS_X86
    if (isa >= CS_ISA_AVX512) {
        ra_row_avx512(a, p, row, type, ch, w, out);
        return;
    }
    if (isa >= CS_ISA_AVX2) {
        ra_row_avx2(a, p, row, type, ch, w, out);
        return;
    }
#endif
    ra_row_base(a, p, row, type, ch, w, out);
}

void ra_values(const ra_space *a, int isa, int n, const float *s0, const float *s1,
               const float *s2, float *v0, float *v1, float *v2, float *eh)
{
#if CS_X86
    if (isa >= CS_ISA_AVX512) {
        ra_values_avx512(a, n, s0, s1, s2, v0, v1, v2, eh);
        return;
    }
    if (isa >= CS_ISA_AVX2) {
        ra_values_avx2(a, n, s0, s1, s2, v0, v1, v2, eh);
        return;
    }
#endif
    ra_values_base(a, n, s0, s1, s2, v0, v1, v2, eh);
}

void ra_bytes_init(const segkit_color_ranges *r, ra_bytes *p)
{
    memset(p, 0, sizeof *p);
    p->nt = r->nterms;
    for (int k = 0; k < r->nterms; k++) {
        for (int c = 0; c < 3; c++)
            p->lo[k][c] = 0.0f, p->hi[k][c] = 255.0f;
        for (int i = 0; i < r->term[k].n; i++) {
            const segkit_range_cond *cd = &r->term[k].cond[i];
            double lo = ceil(cd->lo), hi = floor(cd->hi);
            p->lo[k][cd->channel] = (float)(lo < -1 ? -1 : lo > 256 ? 256 : lo);
            p->hi[k][cd->channel] = (float)(hi < -1 ? -1 : hi > 256 ? 256 : hi);
            p->wrap[k][cd->channel] = cd->lo > cd->hi;
        }
    }
}

void ra_hls8_row(const ra_bytes *p, int isa, const void *row, int ch, int w, uint8_t *out)
{
#if CS_X86
    if (isa >= CS_ISA_AVX512) {
        ra_hls8_row_avx512(p, row, ch, w, out);
        return;
    }
    if (isa >= CS_ISA_AVX2 && __builtin_cpu_supports("fma")) {
        ra_hls8_row_avx2(p, row, ch, w, out);
        return;
    }
#endif
    ra_hls8_row_base(p, row, ch, w, out);
}
