/* SLIC superpixels, step by step as skimage.segmentation.slic (0.19.3,
 * slic_superpixels.py and _slic.pyx), in float:
 *   1. scale to [0, 1] (u8 /255, u16 /65535), then (v - min) / (max - min)
 *      over all samples;
 *   2. 3 channels: sRGB -> CIE Lab (D65, 2 degrees), skimage's rgb2lab;
 *   3. sigma > 0: Gaussian per channel (scipy's, reflect border);
 *   4. seeds: skimage.util.regular_grid((1, h, w), n_segments); the search
 *      window (+-2 steps) uses the grid steps for the number of seeds found;
 *   5. max_iter rounds of: every centre k (in order) claims the pixels of
 *      its window where (dy^2 + dx^2) / S^2 + |c - c_k|^2 / m^2 is strictly
 *      smaller than what they have, S the largest grid step, m the
 *      compactness; then centres move to their pixels' means (an empty
 *      centre becomes NaN and never claims a pixel again, as in skimage);
 *   6. enforce connectivity: _enforce_label_connectivity_cython.
 * The claim runs over planar rows (L, a, b contiguous) in bands of rows,
 * the centres near a band first (with a tie rule that gives the labels of
 * the in-order pass); its AVX2/AVX-512 kernels and the Lab step's are one
 * body (slic_simd_body.h) compiled per instruction set, picked at run time. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_internal.h"
#include "internal/huge_alloc.h"
#include "segkit/label.h"
#include "color_internal.h" /* cs_linear_lut, cie_from_linear, cs_isa */
#if CS_X86 || defined(__SSE2__)
#include <immintrin.h>
#endif

/* rows per band of the claim loop (4 planes of floats of a band in L2) */
#define SLIC_BAND 8

segkit_slic_params segkit_slic_params_default(void)
{
    segkit_slic_params p = {100, 10.0, 10, 0.0, -1, 1, 0.5, 3.0, 1};
    return p;
}

/* skimage.util.regular_grid for shape (1, h, w): starts and steps of the
 * row and column slices. */
static void regular_grid(int h, int w, long n_points, int *y0, int *sy,
                         int *x0, int *sx)
{
    double shape[3] = {1, h, w};
    double space = (double)h * w;
    if (space <= (double)n_points) {
        *y0 = *x0 = 0;
        *sy = *sx = 1;
        return;
    }
    /* sorted dims (ascending, stable as numpy's argsort of argsort) */
    int order[3] = {0, 1, 2};
    for (int i = 1; i < 3; i++)
        for (int j = i; j > 0 && shape[order[j - 1]] > shape[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    double sorted[3], step[3];
    for (int i = 0; i < 3; i++)
        sorted[i] = shape[order[i]];
    for (int i = 0; i < 3; i++)
        step[i] = pow(space / (double)n_points, 1.0 / 3.0);
    int small = 0;
    for (int i = 0; i < 3; i++)
        small |= sorted[i] < step[i];
    if (small) {
        for (int dim = 0; dim < 3; dim++) {
            step[dim] = sorted[dim];
            double ss = 1;
            for (int i = dim + 1; i < 3; i++)
                ss *= sorted[i];
            for (int i = dim + 1; i < 3; i++)
                step[i] = pow(ss / (double)n_points, 1.0 / (3 - dim - 1));
            int all = 1;
            for (int i = 0; i < 3; i++)
                all &= sorted[i] >= step[i];
            if (all)
                break;
        }
    }
    int starts[3], steps[3];
    for (int i = 0; i < 3; i++) {
        starts[order[i]] = (int)floor(step[i] / 2);
        steps[order[i]] = (int)nearbyint(step[i]);   /* numpy round: half to even */
        if (steps[order[i]] < 1)
            steps[order[i]] = 1;
    }
    *y0 = starts[1], *sy = steps[1];
    *x0 = starts[2], *sx = steps[2];
}

/* ---------------------------------------------------------- Lab, fast */

/* 3-channel u8/u16 input: a sample's float value after step 1 depends on
 * its level alone, so sRGB -> linear is a table of levels (the same values
 * as cs_srgb_to_linear of each float; f32: a table for the samples that
 * are 8-bit levels after step 1, cs_srgb_to_linear itself for the others),
 * and the rest of cie_from_linear (matrix, / white, f, L a b) runs in
 * double, in vector lanes: the cube
 * root as 4 Newton steps on t^(-1/3) from a float bit trick (relative error
 * < 1.1e-15 over lab_f's range, checked against cbrt; rounded to float,
 * L*a*b* equal the libm path's except where a value is within 1e-15 of a
 * float rounding boundary).  Every step is written once with the
 * same operations in the same order, so all instruction sets give the same
 * bits; no FMA (the C standard mode keeps contraction off). */
typedef struct lab_k {
    double m[9], w[3];
    float ratio;          /* multiplies each float result */
} lab_k;

#define LAB_EPS 0.008856
#define LAB_MAGIC 0x54a2fa8c

/* t^(1/3) for t > LAB_EPS as described (t <= LAB_EPS: finite, unused) */
static inline double lab_cbrt1(double t)
{
    float tf = (float)t;
    int32_t b;
    memcpy(&b, &tf, 4);
    int32_t q = LAB_MAGIC - (int32_t)((float)b * (1.0f / 3.0f));
    float rf;
    memcpy(&rf, &q, 4);
    double r = rf;
    for (int i = 0; i < 4; i++) {
        double r3 = (r * r) * r;
        r = r * ((4.0 - t * r3) * (1.0 / 3.0));
    }
    return (t * r) * r;
}

static inline double lab_f1(double t)
{
    return t > LAB_EPS ? lab_cbrt1(t) : 7.787 * t + 16.0 / 116.0;
}

/* n pixels of linear r, g, b -> L, A, B (times ratio) */
static void lab_run_scalar(const lab_k *k, const double *r, const double *g,
                           const double *b, int n, float *L, float *A, float *B)
{
    for (int i = 0; i < n; i++) {
        const double *m = k->m;
        double x = (m[0] * r[i] + m[1] * g[i]) + m[2] * b[i];
        double y = (m[3] * r[i] + m[4] * g[i]) + m[5] * b[i];
        double z = (m[6] * r[i] + m[7] * g[i]) + m[8] * b[i];
        double fx = lab_f1(x / k->w[0]), fy = lab_f1(y / k->w[1]), fz = lab_f1(z / k->w[2]);
        L[i] = (float)(116.0 * fy - 16.0) * k->ratio;
        A[i] = (float)(500.0 * (fx - fy)) * k->ratio;
        B[i] = (float)(200.0 * (fy - fz)) * k->ratio;
    }
}

/* ------------------------------------------------------------ the claim */

/* One centre's claim on the rows y0..y1-1, columns x0..x1-1 of the planes
 * img (nch = 3 or 4 planes; a 1- or 2-channel image is padded with zero
 * planes, which add nothing): every pixel where s = ((cy - y)^2 + (cx -
 * x)^2) sw plus the squared colour difference (3 planes: s + ((t0^2 + t1^2)
 * + t2^2); 4: (((s + t0^2) + t1^2) + t2^2) + t3^2) is below dist, or equal
 * to it with a label above k, takes label k: the centres may come in any
 * order and each pixel still ends with the first (lowest k) of its nearest
 * centres, which is what visiting them in order with a strict test gives
 * (skimage's).  A pixel whose spatial term s alone is above dist cannot
 * change (the float sum of s and non-negative terms is >= s), so its colour
 * is not read.  The vector kernels (slic_simd_body.h) do the same float
 * operations in the same order lane by lane: the same labels on every
 * instruction set. */
typedef struct claim_c {
    float cy, cx, c[4], sw;
    int32_t k;
    int yb;   /* dist holds rows yb.. (the band) */
} claim_c;

static inline void claim_px(const claim_c *c, float dy2, int x, const float *const *P, int nch,
                            int tie, float *D, int32_t *S)
{
    float dx = c->cx - (float)x;
    float s = (dy2 + dx * dx) * c->sw;
    if (!(D[x] >= s))
        return;
    float t[4], d;
    for (int f = 0; f < nch; f++)
        t[f] = P[f][x] - c->c[f];
    if (nch == 3) {
        d = s + ((t[0] * t[0] + t[1] * t[1]) + t[2] * t[2]);
    } else {
        d = s;
        for (int f = 0; f < nch; f++)
            d += t[f] * t[f];
    }
    if (D[x] > d || (tie && D[x] == d && S[x] > c->k)) {
        D[x] = d;
        S[x] = c->k;
    }
}

/* tie 0: only for a centre visited after centres of lower k alone (then
 * an equal distance keeps the label there, and the tie test is not needed) */
typedef void (*claim_fn)(const float *img, size_t n, int w, int y0, int y1, int x0, int x1,
                         const claim_c *c, float *dist, int32_t *labels);

static inline void claim_scalar(const float *img, size_t n, int w, int y0, int y1, int x0,
                                int x1, const claim_c *c, float *dist, int32_t *labels, int nch,
                                int tie)
{
    for (int y = y0; y < y1; y++) {
        float dy = c->cy - (float)y;
        dy *= dy;
        size_t o = (size_t)y * w;
        const float *P[4];
        for (int f = 0; f < nch; f++)
            P[f] = img + (size_t)f * n + o;
        for (int x = x0; x < x1; x++)
            claim_px(c, dy, x, P, nch, tie, dist + (size_t)(y - c->yb) * w, labels + o);
    }
}

#define SLIC_CLAIM(name, nch, tie)                                                            \
    static void name(const float *img, size_t n, int w, int y0, int y1, int x0, int x1,      \
                     const claim_c *c, float *dist, int32_t *labels)                         \
    {                                                                                         \
        claim_scalar(img, n, w, y0, y1, x0, x1, c, dist, labels, nch, tie);                   \
    }
SLIC_CLAIM(claim3_scalar, 3, 0)
SLIC_CLAIM(claim3t_scalar, 3, 1)
SLIC_CLAIM(claim4_scalar, 4, 0)
SLIC_CLAIM(claim4t_scalar, 4, 1)
#undef SLIC_CLAIM

/* ------------------------------------------------- the vector kernels */

#if CS_X86
/* 64-byte vectors pass between always-inline helpers only */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double vd4 __attribute__((vector_size(32)));
typedef int64_t vl4 __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));
typedef int32_t vi4 __attribute__((vector_size(16)));
typedef double vd8 __attribute__((vector_size(64)));
typedef int64_t vl8 __attribute__((vector_size(64)));
typedef float vf8 __attribute__((vector_size(32)));
typedef int32_t vi8 __attribute__((vector_size(32)));
typedef float vf16 __attribute__((vector_size(64)));
typedef int32_t vi16 __attribute__((vector_size(64)));

#define SLIC_VINLINE static inline __attribute__((always_inline))

CS_TARGET_AVX2 SLIC_VINLINE vd4 widen_avx2(vf4 v)
{
    return (vd4)_mm256_cvtps_pd((__m128)v);
}
CS_TARGET_AVX2 SLIC_VINLINE unsigned bits_avx2(vi8 m)
{
    return (unsigned)_mm256_movemask_ps((__m256)m);
}
CS_TARGET_AVX2 SLIC_VINLINE unsigned gebits_avx2(vf8 a, vf8 b)
{
    return (unsigned)_mm256_movemask_ps(_mm256_cmp_ps((__m256)a, (__m256)b, _CMP_GE_OQ));
}
CS_TARGET_AVX2 SLIC_VINLINE vf8 loadm_avx2(vi8 m, const float *p)
{
    return (vf8)_mm256_maskload_ps(p, (__m256i)m);
}
CS_TARGET_AVX2 SLIC_VINLINE void storem_avx2(vi8 m, float *p, vf8 v)
{
    _mm256_maskstore_ps(p, (__m256i)m, (__m256)v);
}
CS_TARGET_AVX2 SLIC_VINLINE void storemi_avx2(vi8 m, int32_t *p, vi8 v)
{
    _mm256_maskstore_epi32((int *)p, (__m256i)m, (__m256i)v);
}

CS_TARGET_AVX512 SLIC_VINLINE vd8 widen_avx512(vf8 v)
{
    return (vd8)_mm512_cvtps_pd((__m256)v);
}
CS_TARGET_AVX512 SLIC_VINLINE unsigned bits_avx512(vi16 m)
{
    return _mm512_movepi32_mask((__m512i)m);
}
CS_TARGET_AVX512 SLIC_VINLINE unsigned gebits_avx512(vf16 a, vf16 b)
{
    return _mm512_cmp_ps_mask((__m512)a, (__m512)b, _CMP_GE_OQ);
}
CS_TARGET_AVX512 SLIC_VINLINE vf16 loadm_avx512(vi16 m, const float *p)
{
    return (vf16)_mm512_maskz_loadu_ps(_mm512_movepi32_mask((__m512i)m), p);
}
CS_TARGET_AVX512 SLIC_VINLINE void storem_avx512(vi16 m, float *p, vf16 v)
{
    _mm512_mask_storeu_ps(p, _mm512_movepi32_mask((__m512i)m), (__m512)v);
}
CS_TARGET_AVX512 SLIC_VINLINE void storemi_avx512(vi16 m, int32_t *p, vi16 v)
{
    _mm512_mask_storeu_epi32(p, _mm512_movepi32_mask((__m512i)m), (__m512i)v);
}

#define vd vd4
#define vl vl4
#define vf vf4
#define vi vi4
#define vf2 vf8
#define vi2 vi8
#define NV 4
#define NF 8
#define SFX _avx2
#define TGT CS_TARGET_AVX2
#define MASKED_TAIL 0
#include "slic_simd_body.h"
#define vd vd8
#define vl vl8
#define vf vf8
#define vi vi8
#define vf2 vf16
#define vi2 vi16
#define NV 8
#define NF 16
#define SFX _avx512
#define TGT CS_TARGET_AVX512
#define MASKED_TAIL 1
#include "slic_simd_body.h"
#endif

static claim_fn pick_claim(int isa, int nch, int tie)
{
    static const claim_fn fn[3][4] = {
        {claim3_scalar, claim3t_scalar, claim4_scalar, claim4t_scalar},
#if CS_X86
        {claim3_avx2, claim3t_avx2, claim4_avx2, claim4t_avx2},
        {claim3_avx512, claim3t_avx512, claim4_avx512, claim4t_avx512},
#endif
    };
    int j = 2 * (nch == 4) + (tie != 0);
#if CS_X86
    isa = cs_isa(isa);
    if (isa >= CS_ISA_AVX512)
        return fn[2][j];
    if (isa >= CS_ISA_AVX2)
        return fn[1][j];
#else
    (void)isa;
#endif
    return fn[0][j];
}

typedef void (*lab_run_fn)(const lab_k *, const double *, const double *, const double *, int,
                           float *, float *, float *);

/* Steps 1-2 for a 3-channel u8/u16/f32 image (SEGKIT_ERR_ARG: an f32
 * sample not finite): the Lab planes (times ratio) of
 * the stretched samples into img (3 planes of w h floats). */
/* f32 samples: 8-bit levels (float)(k / 255.0) and their linear values */
typedef struct f32_tab {
    float lev[256];
    double lin[256];
} f32_tab;

/* the linear value of a stretched f32 sample: cs_srgb_to_linear's, from the
 * table where the sample is an 8-bit level */
static inline double f32_linear(float st, const f32_tab *t)
{
    if (st >= 0.0f && st <= 1.0f) {
        int q = (int)(st * 255.0f + 0.5f);
        if (t->lev[q] == st)
            return t->lin[q];
    }
    return cs_srgb_to_linear((double)st);
}

int cl_slic_lab(const segkit_image *src, float ratio, int isa, float *img)
{
    int w = src->width, h = src->height, u8 = src->type == SEGKIT_U8;
    int f32 = src->type == SEGKIT_F32;
    size_t nlev = u8 || f32 ? 256 : 65536, n = (size_t)w * h;
    /* the global min and max level (cl_planar's float values are monotone
     * in the level), or sample */
    unsigned lo = (unsigned)nlev - 1, hi = 0;
    float flo = 0, fhi = 0;
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(src, y);
        unsigned l = lo, m = hi;
        if (u8) {
            const uint8_t *p = row;
            for (int i = 0; i < 3 * w; i++) {
                l = p[i] < l ? p[i] : l;
                m = p[i] > m ? p[i] : m;
            }
        } else if (!f32) {
            const uint16_t *p = row;
            for (int i = 0; i < 3 * w; i++) {
                l = p[i] < l ? p[i] : l;
                m = p[i] > m ? p[i] : m;
            }
        } else {
            const float *p = row;
            if (y == 0)
                flo = fhi = p[0];
            for (int i = 0; i < 3 * w; i++) {
                if (!isfinite(p[i]))
                    return SEGKIT_ERR_ARG;
                flo = p[i] < flo ? p[i] : flo;
                fhi = p[i] > fhi ? p[i] : fhi;
            }
        }
        lo = l, hi = m;
    }
    double *lut = cl_alloc(nlev, sizeof *lut);
    double *buf = cl_alloc(3 * 256, sizeof *buf);
    if (!lut || !buf) {
        free(lut), free(buf);
        return SEGKIT_ERR_NOMEM;
    }
    /* as cl_planar (float level x float scale, f32 as it is) and the
     * stretch of step 1, then companded as segkit_color_convert does for a
     * float sample */
    float s = u8 ? (float)(1.0 / 255) : (float)(1.0 / 65535);
    if (!f32)
        flo = (float)lo * s, fhi = (float)hi * s;
    double span = (double)fhi - flo;
    f32_tab tab;
    for (size_t k = 0; k < nlev && !f32; k++) {
        float v = (float)k * s;
        float st = span != 0 ? (float)(((double)v - flo) / span) : (float)((double)v - flo);
        lut[k] = cs_srgb_to_linear((double)st);
    }
    for (int k = 0; k < 256 && f32; k++) {
        tab.lev[k] = (float)(k / 255.0);
        tab.lin[k] = cs_srgb_to_linear((double)tab.lev[k]);
    }
    segkit_color_space lcs = {SEGKIT_SPACE_LAB, 0, 0, 0};
    cs_ctx c;
    cs_ctx_init(&c, &lcs);
    lab_k kk;
    for (int i = 0; i < 9; i++)
        kk.m[i] = c.to_xyz[i / 3][i % 3];
    for (int i = 0; i < 3; i++)
        kk.w[i] = c.white[i];
    kk.ratio = ratio;
    lab_run_fn run = lab_run_scalar;
#if CS_X86
    isa = cs_isa(isa);
    run = isa >= CS_ISA_AVX512 ? lab_run_avx512 : isa >= CS_ISA_AVX2 ? lab_run_avx2 : run;
#else
    (void)isa;
#endif
    for (int y = 0; y < h; y++) {
        const void *row = segkit_image_row(src, y);
        size_t o = (size_t)y * w;
        for (int x0 = 0; x0 < w; x0 += 256) {
            int m = w - x0 < 256 ? w - x0 : 256;
            if (u8) {
                const uint8_t *p = (const uint8_t *)row + 3 * (size_t)x0;
                for (int i = 0; i < m; i++) {
                    buf[i] = lut[p[3 * i]];
                    buf[256 + i] = lut[p[3 * i + 1]];
                    buf[512 + i] = lut[p[3 * i + 2]];
                }
            } else if (!f32) {
                const uint16_t *p = (const uint16_t *)row + 3 * (size_t)x0;
                for (int i = 0; i < m; i++) {
                    buf[i] = lut[p[3 * i]];
                    buf[256 + i] = lut[p[3 * i + 1]];
                    buf[512 + i] = lut[p[3 * i + 2]];
                }
            } else {
                const float *p = (const float *)row + 3 * (size_t)x0;
                if (flo == 0 && fhi == 1) {
                    /* the stretch leaves every sample as it is */
                    for (int i = 0; i < m; i++)
                        for (int c = 0; c < 3; c++)
                            buf[256 * c + i] = f32_linear(p[3 * i + c], &tab);
                } else {
                    for (int i = 0; i < m; i++)
                        for (int c = 0; c < 3; c++) {
                            double v = (double)p[3 * i + c] - flo;
                            float st = span != 0 ? (float)(v / span) : (float)v;
                            buf[256 * c + i] = f32_linear(st, &tab);
                        }
                }
            }
            run(&kk, buf, buf + 256, buf + 512, m, img + o + x0, img + n + o + x0,
                img + 2 * n + o + x0);
        }
    }
    free(lut), free(buf);
    return SEGKIT_OK;
}


/* the sums of n floats in double of nch (1..4) planes (p, p + stride,
 * ...) into out: per plane 4 partial sums (of the elements i mod 4), added
 * as (s0 + s1) + (s2 + s3); the planes side by side (independent chains of
 * additions), with SSE2 pairs where available */
static void run_sums(const float *p, size_t stride, int nch, int n, double *out)
{
    double s[4][4];   /* (no initialiser: a rep stos per run) */
    int i = 0;
#if defined(__SSE2__)
    __m128d a[4], b[4];
    for (int c = 0; c < 4; c++)
        a[c] = b[c] = _mm_setzero_pd();
    if (nch == 3) {
        /* named registers for the usual case */
        __m128d a0 = a[0], b0 = b[0], a1 = a[1], b1 = b[1], a2 = a[2], b2 = b[2];
        const float *p1 = p + stride, *p2 = p + 2 * stride;
        for (; i + 4 <= n; i += 4) {
            __m128 v0 = _mm_loadu_ps(p + i), v1 = _mm_loadu_ps(p1 + i),
                   v2 = _mm_loadu_ps(p2 + i);
            a0 = _mm_add_pd(a0, _mm_cvtps_pd(v0));
            b0 = _mm_add_pd(b0, _mm_cvtps_pd(_mm_movehl_ps(v0, v0)));
            a1 = _mm_add_pd(a1, _mm_cvtps_pd(v1));
            b1 = _mm_add_pd(b1, _mm_cvtps_pd(_mm_movehl_ps(v1, v1)));
            a2 = _mm_add_pd(a2, _mm_cvtps_pd(v2));
            b2 = _mm_add_pd(b2, _mm_cvtps_pd(_mm_movehl_ps(v2, v2)));
        }
        a[0] = a0, b[0] = b0, a[1] = a1, b[1] = b1, a[2] = a2, b[2] = b2;
    } else {
        for (; i + 4 <= n; i += 4)
            for (int c = 0; c < nch; c++) {
                __m128 v = _mm_loadu_ps(p + (size_t)c * stride + i);
                a[c] = _mm_add_pd(a[c], _mm_cvtps_pd(v));
                b[c] = _mm_add_pd(b[c], _mm_cvtps_pd(_mm_movehl_ps(v, v)));
            }
    }
    for (int c = 0; c < nch; c++) {
        _mm_storeu_pd(s[c], a[c]);
        _mm_storeu_pd(s[c] + 2, b[c]);
    }
#else
    for (int c = 0; c < nch; c++)
        s[c][0] = s[c][1] = s[c][2] = s[c][3] = 0;
    for (; i + 4 <= n; i += 4)
        for (int c = 0; c < nch; c++)
            for (int j = 0; j < 4; j++)
                s[c][j] += p[(size_t)c * stride + i + j];
#endif
    for (int c = 0; c < nch; c++) {
        for (int j = i; j < n; j++)
            s[c][0] += p[(size_t)c * stride + j];
        out[c] = (s[c][0] + s[c][1]) + (s[c][2] + s[c][3]);
    }
}

/* the end of the run of value v that starts at x (x < w, r[x] == v) */
static int run_end(const int32_t *r, int x, int w, int32_t v)
{
    x++;
#if defined(__SSE2__)
    const __m128i vv = _mm_set1_epi32(v);
    for (; x + 4 <= w; x += 4) {
        int m = _mm_movemask_ps(_mm_castsi128_ps(
            _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(const void *)(r + x)), vv)));
        if (m != 0xf)
            return x + __builtin_ctz(~m & 0xf);
    }
#endif
    while (x < w && r[x] == v)
        x++;
    return x;
}

/* _enforce_label_connectivity_cython (2-D): in raster order, each
 * unvisited pixel starts a breadth-first search of its 4-connected
 * segment, cut at max_size pixels; a component smaller than min_size takes
 * the label of the last already-relabelled neighbour met (initially the
 * label it would get), else gets the next label. */
static int enforce_connectivity(const int32_t *seg, int w, int h,
                                long min_size, long max_size, int32_t start,
                                int32_t *out, int32_t *count)
{
    size_t n = (size_t)w * h;
    if (max_size < 1)
        max_size = 1;
    if ((size_t)max_size > n)
        max_size = (long)n;
    int32_t *list = cl_alloc((size_t)max_size, sizeof *list);
    if (!list)
        return SEGKIT_ERR_NOMEM;
    const int32_t unset = start - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = unset;
    int32_t cur = start;
    for (size_t p = 0; p < n; p++) {
        if (seg[p] == unset || out[p] > unset)
            continue;
        int32_t adjacent = cur, label = seg[p];
        out[p] = cur;
        long size = 1, visited = 0;
        list[0] = (int32_t)p;
        while (visited < size && size < max_size) {
            int32_t q = list[visited];
            int qx = q % w, qy = q / w;
            for (int i = 0; i < 4; i++) {
                /* skimage's neighbour order: x+1, x-1, y+1, y-1 */
                int xx = qx + (i == 0) - (i == 1), yy = qy + (i == 2) - (i == 3);
                if (xx < 0 || xx >= w || yy < 0 || yy >= h)
                    continue;
                size_t r = (size_t)yy * w + xx;
                if (seg[r] == label && out[r] == unset) {
                    out[r] = cur;
                    list[size++] = (int32_t)r;
                    if (size >= max_size)
                        break;
                } else if (out[r] > unset && out[r] != cur) {
                    adjacent = out[r];
                }
            }
            visited++;
        }
        if (size < min_size) {
            for (long i = 0; i < size; i++)
                out[list[i]] = adjacent;
        } else {
            cur++;
        }
    }
    free(list);
    *count = cur - start;
    return SEGKIT_OK;
}

/* The same result from the library's labeller: components of equal seg
 * value (4-connected) come numbered in raster order of their first pixel,
 * which is the order the flood above starts them in, with their sizes.  A
 * component of min_size..max_size pixels gets the next label; a smaller one
 * is searched breadth-first from its first pixel exactly as the flood does
 * (same neighbour order), only to find the neighbour label it takes, which
 * comes from the components before it.  Components the flood would cut
 * (more than max_size pixels), or min_size > max_size: the flood itself
 * (returns 0 and leaves out alone).  seg is modified (and restored);
 * comp: scratch of w h int32; list: of max_size. */
static int connect_by_labels(int32_t *seg, int w, int h, long min_size, long max_size,
                             int32_t start, int32_t *out, int32_t *comp, int32_t *list,
                             int32_t *count, int *done)
{
    size_t n = (size_t)w * h;
    *done = 0;
    if (min_size > max_size)
        return SEGKIT_OK;
    /* the labeller's background is 0: the unset value start - 1 */
    if (start == 0)
        for (size_t i = 0; i < n; i++)
            seg[i] += 1;
    segkit_image sv, cv;
    segkit_image_wrap(&sv, seg, w, h, 1, SEGKIT_I32, (size_t)w * 4);
    segkit_image_wrap(&cv, comp, w, h, 1, SEGKIT_I32, (size_t)w * 4);
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = 4;
    lp.mode = SEGKIT_LABEL_VALUES;
    int32_t nl = 0;
    segkit_label_stat *stats = NULL;
    int st = segkit_label_to(&sv, &lp, &cv, &nl, &stats);
    if (start == 0)
        for (size_t i = 0; i < n; i++)
            seg[i] -= 1;
    if (st)
        return st;
    int32_t *map = cl_alloc((size_t)nl + 1, sizeof *map);
    if (!map) {
        free(stats);
        return SEGKIT_ERR_NOMEM;
    }
    int cut = 0;
    for (int32_t i = 1; i <= nl && !cut; i++)
        cut = stats[i].area > max_size;
    if (cut) {
        free(stats), free(map);
        return SEGKIT_OK;
    }
    const int32_t unset = start - 1;
    map[0] = unset;
    int32_t cur = start, seen = 0;
    for (size_t p = 0; p < n; p++) {
        int32_t i = comp[p];
        if (i <= seen)
            continue;
        /* the first pixel of component i = seen + 1 */
        seen = i;
        if (stats[i].area >= min_size) {
            map[i] = cur++;
            continue;
        }
        int32_t adjacent = cur;
        long size = 1;
        list[0] = (int32_t)p;
        comp[p] = -i;
        for (long v = 0; v < size; v++) {
            int32_t q = list[v];
            int qy = (int)(q / w), qx = (int)(q - (int32_t)qy * w);
            for (int j = 0; j < 4; j++) {
                /* skimage's neighbour order: x+1, x-1, y+1, y-1 */
                int xx = qx + (j == 0) - (j == 1), yy = qy + (j == 2) - (j == 3);
                if (xx < 0 || xx >= w || yy < 0 || yy >= h)
                    continue;
                size_t r = (size_t)yy * w + xx;
                int32_t cr = comp[r];
                if (cr == i) {
                    comp[r] = -i;
                    list[size++] = (int32_t)r;
                } else if (cr > 0 && cr < i && map[cr] != cur) {
                    adjacent = map[cr];
                }
            }
        }
        for (long v = 0; v < size; v++)
            comp[list[v]] = i;
        map[i] = adjacent;
    }
    for (size_t p = 0; p < n; p++)
        out[p] = map[comp[p]];
    free(stats), free(map);
    *count = cur - start;
    *done = 1;
    return SEGKIT_OK;
}

int cl_slic_connect(int32_t *seg, int w, int h, long min_size, long max_size,
                    int32_t start, int32_t *out, int32_t *comp, int32_t *count, int flood)
{
    size_t n = (size_t)w * h;
    if (max_size < 1)
        max_size = 1;
    if ((size_t)max_size > n)
        max_size = (long)n;
    int32_t *list = cl_alloc((size_t)max_size, sizeof *list);
    if (!list)
        return SEGKIT_ERR_NOMEM;
    int done = 0, st = SEGKIT_OK;
    if (!flood)
        st = connect_by_labels(seg, w, h, min_size, max_size, start, out, comp, list, count,
                               &done);
    free(list);
    if (!st && !done) {
        /* the flood reads seg while it writes out */
        int32_t *copy = out == seg ? cl_alloc(n, sizeof *copy) : NULL;
        if (out == seg && !copy)
            return SEGKIT_ERR_NOMEM;
        if (copy)
            memcpy(copy, seg, n * sizeof *copy);
        st = enforce_connectivity(copy ? copy : seg, w, h, min_size, max_size, start, out,
                                  count);
        free(copy);
    }
    return st;
}

int segkit_slic(const segkit_image *src, const segkit_slic_params *params,
                segkit_image *labels, int32_t *count)
{
    return cl_slic_isa(src, params, labels, count, -1);
}

int cl_slic_isa(const segkit_image *src, const segkit_slic_params *params,
                segkit_image *labels, int32_t *count, int isa)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (count)
        *count = 0;
    segkit_slic_params prm = params ? *params : segkit_slic_params_default();
    if (!labels || prm.n_segments < 1 || !(prm.compactness > 0) ||
        !isfinite(prm.compactness) || prm.max_iter < 0 ||
        !(prm.sigma >= 0 && prm.sigma <= 1000) ||
        (prm.start_label != 0 && prm.start_label != 1) ||
        !(prm.min_size_factor >= 0 && prm.min_size_factor <= 1e6) ||
        !(prm.max_size_factor >= 0 && prm.max_size_factor <= 1e6))
        return SEGKIT_ERR_ARG;
    int st = cl_check_src(src);
    if (st)
        return st;
    int w = src->width, h = src->height, C = src->channels;
    if (C != 3 && prm.convert_lab == 1)
        return SEGKIT_ERR_TYPE;
    int lab = C == 3 && prm.convert_lab != 0;
    size_t n = (size_t)w * h;
    int planes = C < 3 ? 3 : C;
    /* the planes and the labels are 200 MB on 4096x3072, written once:
     * in huge pages, 512 times fewer page faults */
    float *in = NULL, *img = n <= SIZE_MAX / sizeof(float) / (size_t)planes
                                 ? huge_alloc(n * planes * sizeof(float))
                                 : NULL;
    /* the distances of one band of rows */
    float *dist = cl_alloc((size_t)SLIC_BAND * w, sizeof(float));
    /* the labels are made in the output image (tight: stride 4 w) */
    int32_t *seg = NULL;
    double *sums = NULL;
    float *cen = NULL;
    if (!img || !dist) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    seg = n <= SIZE_MAX / 4 ? huge_alloc(n * 4) : NULL;
    if (!seg) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if ((st = segkit_image_wrap(labels, seg, w, h, 1, SEGKIT_I32, (size_t)w * 4)) !=
        SEGKIT_OK) {
        free(seg);
        goto done;
    }
    labels->owns_data = 1; /* freed by segkit_image_free */
    st = SEGKIT_ERR_NOMEM;
    /* the image times 1 / compactness (step 5's colour weight), applied
     * after the smoothing */
    float ratio = (float)(1.0 / prm.compactness);
    int scaled = 0;
    if (lab) {
        /* steps 1-2 */
        scaled = !(prm.sigma > 0);
        if ((st = cl_slic_lab(src, scaled ? ratio : 1.0f, isa, img)) != SEGKIT_OK)
            goto done;
    } else {
        if ((st = cl_planar(src, 1.0 / 255, 1.0 / 65535, &in)) != SEGKIT_OK)
            goto done;
        /* 1. rescale by the global min and max (in double, as skimage) */
        float lo = in[0], hi = in[0];
        for (size_t i = 0; i < n * C; i++) {
            lo = in[i] < lo ? in[i] : lo;
            hi = in[i] > hi ? in[i] : hi;
        }
        double span = (double)hi - lo;
        for (size_t i = 0; i < n * C; i++)
            img[i] = span != 0 ? (float)(((double)in[i] - lo) / span)
                               : (float)((double)in[i] - lo);
        for (size_t i = n * C; i < n * (size_t)planes; i++)
            img[i] = 0;
        free(in);
        in = NULL;
    }
    /* 3. smoothing */
    for (int c = 0; c < C; c++)
        if ((st = cl_gaussian(img + (size_t)c * n, w, h, prm.sigma)) != SEGKIT_OK)
            goto done;
    if (!scaled)
        for (size_t i = 0; i < n * (size_t)C; i++)
            img[i] *= ratio;
    st = SEGKIT_ERR_NOMEM;
    /* 4. seeds */
    int gy0, gsy, gx0, gsx;
    regular_grid(h, w, prm.n_segments, &gy0, &gsy, &gx0, &gsx);
    int ny = (h - gy0 + gsy - 1) / gsy, nx = (w - gx0 + gsx - 1) / gsx;
    if (ny < 1)
        ny = 1;
    if (nx < 1)
        nx = 1;
    long nc = (long)ny * nx;
    double step = gsy > gsx ? gsy : gsx;
    if (step < 1)
        step = 1;
    int wy0, wsy, wx0, wsx;
    regular_grid(h, w, nc, &wy0, &wsy, &wx0, &wsx);
    (void)wy0, (void)wx0;
    int D = C < 3 ? 3 : C;         /* features per centre */
    cen = cl_alloc((size_t)nc, (size_t)(2 + D) * sizeof(float));
    sums = cl_alloc((size_t)nc, (size_t)(3 + D) * sizeof(double));
    int *win = cl_alloc((size_t)nc, 4 * sizeof(int));
    long *order = cl_alloc((size_t)nc, 3 * sizeof(long));
    if (!cen || !sums || !win || !order) {
        free(win), free(order);
        goto done;
    }
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            float *c = cen + ((size_t)j * nx + i) * (2 + D);
            c[0] = (float)(gy0 + j * gsy);
            c[1] = (float)(gx0 + i * gsx);
            for (int f = 0; f < D; f++)
                c[2 + f] = 0;   /* skimage starts the colour at 0 */
        }
    float sw = (float)(1.0 / (step * step));
    claim_fn claim = pick_claim(isa, D, 0), claim_tie = pick_claim(isa, D, 1);
    /* the band order's tiers: centres within half a grid step of the band's
     * middle row, within 1.5 steps, the rest */
    const float tier1 = 0.5f * (float)wsy, tier2 = 1.5f * (float)wsy;
    for (size_t i = 0; i < n; i++)
        seg[i] = prm.start_label - 1;
    for (int it = 0; it < prm.max_iter; it++) {
        /* each centre's window (y0 = y1: an emptied centre, NaN, which
         * never claims a pixel again, as in skimage) */
        for (long k = 0; k < nc; k++) {
            const float *c = cen + (size_t)k * (2 + D);
            int *wk = win + 4 * k;
            float cy = c[0], cx = c[1];
            if (cy != cy) {
                wk[0] = wk[1] = wk[2] = wk[3] = 0;
                continue;
            }
            wk[0] = (int)fmax(cy - 2 * wsy, 0), wk[1] = (int)fmin(cy + 2 * wsy + 1, h);
            wk[2] = (int)fmax(cx - 2 * wsx, 0), wk[3] = (int)fmin(cx + 2 * wsx + 1, w);
        }
        memset(sums, 0, (size_t)nc * (3 + D) * sizeof(double));
        /* bands of rows, each claimed by the centres that reach it while the
         * band stays in cache */
        for (int b0 = 0; b0 < h; b0 += SLIC_BAND) {
            int b1 = b0 + SLIC_BAND < h ? b0 + SLIC_BAND : h;
            for (size_t i = 0; i < (size_t)(b1 - b0) * w; i++)
                dist[i] = FLT_MAX;
            /* the centres whose windows meet the band, nearest rows first (see
             * claim_c: any order gives the same labels; near centres first
             * leave the far ones fewer pixels past the spatial skip) */
            long nt[3] = {0, 0, 0};
            float mid = 0.5f * (float)(b0 + b1 - 1);
            for (long k = 0; k < nc; k++) {
                const int *wk = win + 4 * k;
                if (wk[0] >= b1 || wk[1] <= b0)
                    continue;
                float e = fabsf(cen[(size_t)k * (2 + D)] - mid);
                int t = e < tier1 ? 0 : e < tier2 ? 1 : 2;
                order[(size_t)t * nc + nt[t]++] = k;
            }
            memmove(order + nt[0], order + nc, (size_t)nt[1] * sizeof *order);
            memmove(order + nt[0] + nt[1], order + 2 * nc, (size_t)nt[2] * sizeof *order);
            long nb = nt[0] + nt[1] + nt[2];
            for (long i = 0, kmax = -1; i < nb; i++) {
                long k = order[i];
                const int *wk = win + 4 * k;
                int y0 = wk[0] > b0 ? wk[0] : b0, y1 = wk[1] < b1 ? wk[1] : b1;
                const float *c = cen + (size_t)k * (2 + D);
                claim_c cc = {c[0], c[1], {c[2], c[3], c[4], D > 3 ? c[5] : 0}, sw,
                              (int32_t)k + prm.start_label, b0};
                (k > kmax ? claim : claim_tie)(img, n, w, y0, y1, wk[2], wk[3], &cc, dist, seg);
                kmax = k > kmax ? k : kmax;
            }
            /* the band's labels are final: runs of equal labels along each row
             * are summed in registers (4 interleaved partial sums per channel)
             * and added once per run, while the band is in cache; the sums stay
             * double, as skimage's */
            for (int y = b0; y < b1 && it + 1 < prm.max_iter; y++) {
                const int32_t *sr = seg + (size_t)y * w;
                size_t o = (size_t)y * w;
                for (int x = 0; x < w;) {
                    int32_t lk = sr[x];
                    int x0 = x;
                    x = run_end(sr, x, w, lk);
                    long k = lk - prm.start_label;
                    if (k < 0)
                        continue;
                    double *sk = sums + (size_t)k * (3 + D), len = x - x0;
                    sk[0] += len;
                    sk[1] += (double)y * len;
                    sk[2] += (double)(x0 + x - 1) * len / 2;
                    double rs[4];
                    run_sums(img + o + x0, n, D, x - x0, rs);
                    for (int c = 0; c < D; c++)
                        sk[3 + c] += rs[c];
                }
            }
        }
        if (it + 1 == prm.max_iter)
            break;   /* the last update would not change the labels */
        for (long k = 0; k < nc; k++) {
            const double *s = sums + (size_t)k * (3 + D);
            float *c = cen + (size_t)k * (2 + D);
            for (int f = 0; f < 2 + D; f++)
                c[f] = s[0] > 0 ? (float)(s[1 + f] / s[0]) : NAN;
        }
    }
    free(win), free(order);
    int32_t *out = seg;
    int32_t cnt = (int32_t)nc;
    if (prm.enforce_connectivity) {
        double segsize = (double)n / (double)nc;
        long min_size = (long)(prm.min_size_factor * segsize),
             max_size = (long)(prm.max_size_factor * segsize);
        st = cl_slic_connect(seg, w, h, min_size, max_size, prm.start_label, out,
                             (int32_t *)img, &cnt, 0);   /* img: done with */
        if (st)
            goto done;
    } else {
        /* count the labels in use */
        uint8_t *used = calloc((size_t)nc, 1);
        if (!used) {
            st = SEGKIT_ERR_NOMEM;
            goto done;
        }
        cnt = 0;
        for (size_t i = 0; i < n; i++) {
            long k = out[i] - prm.start_label;
            if (k >= 0 && !used[k])
                used[k] = 1, cnt++;
        }
        free(used);
    }
    if (count)
        *count = cnt;
    st = SEGKIT_OK;
done:
    if (st)
        segkit_image_free(labels);
    free(in), free(img), free(dist), free(sums), free(cen);
    return st;
}
