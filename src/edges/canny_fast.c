/* The native Canny of one gray plane without a mask, in float and row by
 * row, so that every intermediate stays in cache:
 *
 *   1. a row of the input on the 8-bit scale (edges_unit: u8 as is, u16 /
 *      257, f32 x 255 snapped to 1/4096), as float, into a ring of 2r + 1 rows;
 *   2. the Gaussian (edges_gauss_kernel: scipy's kernel, radius
 *      (int)(4 sigma + 0.5)) down the columns, then along the row; with the
 *      CLIP border the taps outside the image are 0 and the result is
 *      divided by the kernel's weight inside it (the row factor times the
 *      column factor: skimage's bleed-over division G(image) / G(ones));
 *      from sigma EDGES_BOX_SIGMA up, the box cascade of gaussian_box.c
 *      over the whole plane instead;
 *   3. ndi.sobel (mode 'reflect') of the smoothed rows, |g| = sqrtf(gx^2 + gy^2);
 *   4. skimage's interpolated non-maximum suppression (the four sectors of
 *      _get_local_maxima, as edges_nms) and the thresholds, into a state map
 *      that is the output image itself: 0 none, 1 weak, 2 strong; strong
 *      pixels go on a stack;
 *   5. hysteresis from the stack through 8-neighbours (as cv2.Canny), and a
 *      last pass 2 -> 255, else 0.
 * Every float operation is written out in one order (no FMA contraction: the
 * library builds as ISO C, -ffp-contract=off), so the baseline, AVX2 and
 * AVX-512 clones of the row loops give bit-identical results; the file is
 * compiled with -fno-math-errno -fno-trapping-math (CMakeLists.txt) so that
 * sqrtf and the NMS selects vectorise (neither changes a value).  The result
 * differs from the double path (canny.c) only where a float rounding moves a
 * pixel across a threshold or an NMS comparison (a few pixels in a million,
 * see tests/cli/edges_peers.sh). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"
#include "internal/u32vec.h"

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define CANNY_X86 1
#define TARGET_AVX2 __attribute__((target("avx2")))
#define TARGET_AVX512 \
    __attribute__((target("avx2,avx512f,avx512bw,avx512vl,prefer-vector-width=512")))
#define BODY static inline __attribute__((always_inline))
#else
#define CANNY_X86 0
#define TARGET_AVX2
#define TARGET_AVX512
#define BODY static inline
#endif

/* ------------------------------------------------------------ row loops */

/* o[x] = k[0] c[x] + sum_j k[j] (up_j[x] + dn_j[x]), taps two at a time */
BODY void vblur_body(float *restrict o, const float *const *rows, const float *k, int r,
                     int w)
{
    const float *restrict c = rows[r];
    float k0 = k[0];
    int j = 1;
    if (r >= 3) {
        const float *restrict a1 = rows[r - 1], *restrict b1 = rows[r + 1];
        const float *restrict a2 = rows[r - 2], *restrict b2 = rows[r + 2];
        const float *restrict a3 = rows[r - 3], *restrict b3 = rows[r + 3];
        float k1 = k[1], k2 = k[2], k3 = k[3];
        for (int x = 0; x < w; x++)
            o[x] = c[x] * k0 + ((a1[x] + b1[x]) * k1 + (a2[x] + b2[x]) * k2 +
                                (a3[x] + b3[x]) * k3);
        j = 4;
    } else
        for (int x = 0; x < w; x++)
            o[x] = c[x] * k0;
    for (; j + 2 <= r; j += 3) {
        const float *restrict a1 = rows[r - j], *restrict b1 = rows[r + j];
        const float *restrict a2 = rows[r - j - 1], *restrict b2 = rows[r + j + 1];
        const float *restrict a3 = rows[r - j - 2], *restrict b3 = rows[r + j + 2];
        float k1 = k[j], k2 = k[j + 1], k3 = k[j + 2];
        for (int x = 0; x < w; x++)
            o[x] = o[x] + ((a1[x] + b1[x]) * k1 + (a2[x] + b2[x]) * k2 + (a3[x] + b3[x]) * k3);
    }
    for (; j <= r; j++) {
        const float *restrict a1 = rows[r - j], *restrict b1 = rows[r + j];
        float k1 = k[j];
        for (int x = 0; x < w; x++)
            o[x] = o[x] + (a1[x] + b1[x]) * k1;
    }
}

/* the same along a row: t[-r .. w + r - 1] valid */
BODY void hblur_body(float *restrict o, const float *restrict t, const float *k, int r,
                     int w)
{
    float k0 = k[0];
    int j = 1;
    if (r >= 3) {
        float k1 = k[1], k2 = k[2], k3 = k[3];
        for (int x = 0; x < w; x++)
            o[x] = t[x] * k0 + ((t[x - 1] + t[x + 1]) * k1 + (t[x - 2] + t[x + 2]) * k2 +
                                (t[x - 3] + t[x + 3]) * k3);
        j = 4;
    } else
        for (int x = 0; x < w; x++)
            o[x] = t[x] * k0;
    for (; j + 2 <= r; j += 3) {
        float k1 = k[j], k2 = k[j + 1], k3 = k[j + 2];
        for (int x = 0; x < w; x++)
            o[x] = o[x] + ((t[x - j] + t[x + j]) * k1 + (t[x - j - 1] + t[x + j + 1]) * k2 +
                           (t[x - j - 2] + t[x + j + 2]) * k3);
    }
    for (; j <= r; j++) {
        float k1 = k[j];
        for (int x = 0; x < w; x++)
            o[x] = o[x] + (t[x - j] + t[x + j]) * k1;
    }
}

/* ndi.sobel axis 1 and 0 of rows s0, s1, s2 (each s[-1], s[w] valid) and
 * the magnitude, in scipy's order: the difference first, then [1 2 1] as
 * centre * 2 + (left + right) */
BODY void grad_body(const float *restrict s0, const float *restrict s1,
                    const float *restrict s2, float *restrict gx, float *restrict gy,
                    float *restrict m, int w)
{
    for (int x = 0; x < w; x++) {
        float dx0 = s0[x + 1] - s0[x - 1], dx1 = s1[x + 1] - s1[x - 1];
        float dx2 = s2[x + 1] - s2[x - 1];
        float dyl = s2[x - 1] - s0[x - 1], dyc = s2[x] - s0[x], dyr = s2[x + 1] - s0[x + 1];
        float X = dx1 * 2.0f + (dx0 + dx2), Y = dyc * 2.0f + (dyl + dyr);
        gx[x] = X;
        gy[x] = Y;
        m[x] = sqrtf(X * X + Y * Y);
    }
}

/* skimage's NMS and the thresholds for x in [1, w - 1) of the middle row:
 * st[x] = 2 strong, 1 weak, 0 (see edges_nms for the sectors) */
BODY void nms_range(const float *restrict m0, const float *restrict m1,
                    const float *restrict m2, const float *restrict gx,
                    const float *restrict gy, uint8_t *restrict st, int x0, int x1,
                    float lo, float hi)
{
    for (int x = x0; x < x1; x++) {
        float m = m1[x], I = gy[x], J = gx[x];
        float N = m0[x], S = m2[x], E = m1[x + 1], Wm = m1[x - 1];
        float NE = m0[x + 1], NW = m0[x - 1], SE = m2[x + 1], SW = m2[x - 1];
        float ai = fabsf(I), aj = fabsf(J);
        int opp = ((I <= 0.0f) & (J >= 0.0f)) | ((I >= 0.0f) & (J <= 0.0f));
        /* the sectors that interpolate with weight |gx| / |gy| (rows above
         * and below): 4th (hor && opp), 1st (hor && same, not ver) */
        int hs = (opp & (ai >= aj)) | ((opp ^ 1) & (ai > aj));
        float num = hs ? aj : ai, den = hs ? ai : aj;
        float wt = num / (den > 0.0f ? den : 1.0f), wc = 1.0f - wt;
        float c2a = opp ? NE : SE, c2b = opp ? SW : NW;
        float c1a = hs ? (opp ? N : S) : E, c1b = hs ? (opp ? S : N) : Wm;
        int keep = (c2a * wt + c1a * wc <= m) & (c2b * wt + c1b * wc <= m) & (m > 0.0f) &
                   (m >= lo);
        int strong = m >= hi;
        st[x] = (uint8_t)(keep + (keep & strong));
    }
}

/* u8 / u16 samples on the 8-bit scale as float (u16 / 257 is exact for
 * multiples of 257) */
BODY void load_u8_body(const uint8_t *restrict r, float *restrict d, int w)
{
    for (int x = 0; x < w; x++)
        d[x] = (float)r[x];
}
BODY void load_u16_body(const uint16_t *restrict r, float *restrict d, int w)
{
    for (int x = 0; x < w; x++)
        d[x] = (float)r[x] / 257.0f;
}

/* state 2 -> 255, else 0; returns the count of 255s */
BODY uint32_t finish_body(uint8_t *restrict s, int w)
{
    uint32_t n = 0;
    for (int x = 0; x < w; x++) {
        uint8_t e = (uint8_t)(s[x] >> 1);
        n += e;
        s[x] = (uint8_t)(0 - e);
    }
    return n;
}

typedef struct {
    void (*load_u8)(const uint8_t *restrict, float *restrict, int);
    void (*load_u16)(const uint16_t *restrict, float *restrict, int);
    uint32_t (*finish)(uint8_t *restrict, int);
    void (*vblur)(float *restrict, const float *const *, const float *, int, int);
    void (*hblur)(float *restrict, const float *restrict, const float *, int, int);
    void (*grad)(const float *restrict, const float *restrict, const float *restrict,
                 float *restrict, float *restrict, float *restrict, int);
    void (*nms)(const float *restrict, const float *restrict, const float *restrict,
                const float *restrict, const float *restrict, uint8_t *restrict, int,
                float, float);
} row_kernels;

#define WRAP(SFX, TGT)                                                                   \
    TGT static void load_u8##SFX(const uint8_t *restrict r, float *restrict d, int w)  \
    {                                                                                  \
        load_u8_body(r, d, w);                                                         \
    }                                                                                  \
    TGT static void load_u16##SFX(const uint16_t *restrict r, float *restrict d, int w) \
    {                                                                                  \
        load_u16_body(r, d, w);                                                        \
    }                                                                                  \
    TGT static uint32_t finish##SFX(uint8_t *restrict s, int w)                        \
    {                                                                                  \
        return finish_body(s, w);                                                      \
    }                                                                                  \
    TGT static void vblur##SFX(float *restrict o, const float *const *rows,            \
                               const float *k, int r, int w)                           \
    {                                                                                  \
        vblur_body(o, rows, k, r, w);                                                  \
    }                                                                                  \
    TGT static void hblur##SFX(float *restrict o, const float *restrict t,             \
                               const float *k, int r, int w)                           \
    {                                                                                  \
        hblur_body(o, t, k, r, w);                                                     \
    }                                                                                  \
    TGT static void grad##SFX(const float *restrict s0, const float *restrict s1,      \
                              const float *restrict s2, float *restrict gx,            \
                              float *restrict gy, float *restrict m, int w)            \
    {                                                                                  \
        grad_body(s0, s1, s2, gx, gy, m, w);                                           \
    }

WRAP(_base, )
#if CANNY_X86
WRAP(_avx2, TARGET_AVX2)
WRAP(_avx512, TARGET_AVX512)
#endif

static void nms_base(const float *restrict m0, const float *restrict m1,
                     const float *restrict m2, const float *restrict gx,
                     const float *restrict gy, uint8_t *restrict st, int w, float lo,
                     float hi)
{
    nms_range(m0, m1, m2, gx, gy, st, 1, w - 1, lo, hi);
}


#if CANNY_X86
#include <immintrin.h>

/* bytes_of[b]: byte i is bit i of b (so that a compare mask becomes 0/1 bytes) */
#define BOB(n)                                                                         \
    ((uint64_t)((n) & 1) | (uint64_t)(((n) >> 1) & 1) << 8 |                           \
     (uint64_t)(((n) >> 2) & 1) << 16 | (uint64_t)(((n) >> 3) & 1) << 24 |             \
     (uint64_t)(((n) >> 4) & 1) << 32 | (uint64_t)(((n) >> 5) & 1) << 40 |             \
     (uint64_t)(((n) >> 6) & 1) << 48 | (uint64_t)(((n) >> 7) & 1) << 56)
#define BOB4(n) BOB(n), BOB(n + 1), BOB(n + 2), BOB(n + 3)
#define BOB16(n) BOB4(n), BOB4(n + 4), BOB4(n + 8), BOB4(n + 12)
#define BOB64(n) BOB16(n), BOB16(n + 16), BOB16(n + 32), BOB16(n + 48)
static const uint64_t bytes_of[256] = {BOB64(0), BOB64(64), BOB64(128), BOB64(192)};

/* nms_range with SSE2 (4 lanes): blends by and/andnot/or */
static void nms_sse2(const float *restrict m0, const float *restrict m1,
                     const float *restrict m2, const float *restrict gx,
                     const float *restrict gy, uint8_t *restrict st, int w, float lo,
                     float hi)
{
#define SEL(mask, a, b) _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b)) /* m ? a : b */
    const __m128 zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f);
    const __m128 vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi);
    const __m128 absm = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
    int x = 1;
    for (; x + 4 <= w - 1; x += 4) {
        __m128 m = _mm_loadu_ps(m1 + x);
        __m128 cand = _mm_and_ps(_mm_cmpgt_ps(m, zero), _mm_cmpge_ps(m, vlo));
        if (!_mm_movemask_ps(cand)) {   /* no pixel reaches the low threshold */
            memset(st + x, 0, 4);
            continue;
        }
        __m128 I = _mm_loadu_ps(gy + x), J = _mm_loadu_ps(gx + x);
        __m128 ai = _mm_and_ps(I, absm), aj = _mm_and_ps(J, absm);
        __m128 opp = _mm_or_ps(_mm_and_ps(_mm_cmple_ps(I, zero), _mm_cmpge_ps(J, zero)),
                               _mm_and_ps(_mm_cmpge_ps(I, zero), _mm_cmple_ps(J, zero)));
        __m128 hs = SEL(opp, _mm_cmpge_ps(ai, aj), _mm_cmpgt_ps(ai, aj));
        __m128 num = SEL(hs, aj, ai), den = SEL(hs, ai, aj);
        den = SEL(_mm_cmpgt_ps(den, zero), den, one);
        __m128 wt = _mm_div_ps(num, den), wc = _mm_sub_ps(one, wt);
        __m128 c2a = SEL(opp, _mm_loadu_ps(m0 + x + 1), _mm_loadu_ps(m2 + x + 1));
        __m128 c2b = SEL(opp, _mm_loadu_ps(m2 + x - 1), _mm_loadu_ps(m0 + x - 1));
        __m128 N = _mm_loadu_ps(m0 + x), S = _mm_loadu_ps(m2 + x);
        __m128 c1a = SEL(hs, SEL(opp, N, S), _mm_loadu_ps(m1 + x + 1));
        __m128 c1b = SEL(hs, SEL(opp, S, N), _mm_loadu_ps(m1 + x - 1));
        __m128 va = _mm_add_ps(_mm_mul_ps(c2a, wt), _mm_mul_ps(c1a, wc));
        __m128 vb = _mm_add_ps(_mm_mul_ps(c2b, wt), _mm_mul_ps(c1b, wc));
        __m128 keep = _mm_and_ps(_mm_and_ps(_mm_cmple_ps(va, m), _mm_cmple_ps(vb, m)), cand);
        __m128 strong = _mm_and_ps(keep, _mm_cmpge_ps(m, vhi));
        uint32_t b = (uint32_t)(bytes_of[_mm_movemask_ps(keep)] +
                                bytes_of[_mm_movemask_ps(strong)]);
        memcpy(st + x, &b, 4);
    }
#undef SEL
    nms_range(m0, m1, m2, gx, gy, st, x, w - 1, lo, hi);
}

TARGET_AVX2 static void nms_avx2v(const float *restrict m0, const float *restrict m1,
                                  const float *restrict m2, const float *restrict gx,
                                  const float *restrict gy, uint8_t *restrict st, int w,
                                  float lo, float hi)
{
#define SEL(mask, a, b) _mm256_blendv_ps(b, a, mask) /* m ? a : b */
#define CMP(a, b, op) _mm256_cmp_ps(a, b, op)
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    const __m256 absm = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    int x = 1;
    for (; x + 8 <= w - 1; x += 8) {
        __m256 m = _mm256_loadu_ps(m1 + x);
        __m256 cand = _mm256_and_ps(CMP(m, zero, _CMP_GT_OQ), CMP(m, vlo, _CMP_GE_OQ));
        if (_mm256_testz_ps(cand, cand)) {   /* no pixel reaches the low threshold */
            memset(st + x, 0, 8);
            continue;
        }
        __m256 I = _mm256_loadu_ps(gy + x), J = _mm256_loadu_ps(gx + x);
        __m256 ai = _mm256_and_ps(I, absm), aj = _mm256_and_ps(J, absm);
        __m256 opp = _mm256_or_ps(
            _mm256_and_ps(CMP(I, zero, _CMP_LE_OQ), CMP(J, zero, _CMP_GE_OQ)),
            _mm256_and_ps(CMP(I, zero, _CMP_GE_OQ), CMP(J, zero, _CMP_LE_OQ)));
        __m256 hs = SEL(opp, CMP(ai, aj, _CMP_GE_OQ), CMP(ai, aj, _CMP_GT_OQ));
        __m256 num = SEL(hs, aj, ai), den = SEL(hs, ai, aj);
        den = SEL(CMP(den, zero, _CMP_GT_OQ), den, one);
        __m256 wt = _mm256_div_ps(num, den), wc = _mm256_sub_ps(one, wt);
        __m256 c2a = SEL(opp, _mm256_loadu_ps(m0 + x + 1), _mm256_loadu_ps(m2 + x + 1));
        __m256 c2b = SEL(opp, _mm256_loadu_ps(m2 + x - 1), _mm256_loadu_ps(m0 + x - 1));
        __m256 N = _mm256_loadu_ps(m0 + x), S = _mm256_loadu_ps(m2 + x);
        __m256 c1a = SEL(hs, SEL(opp, N, S), _mm256_loadu_ps(m1 + x + 1));
        __m256 c1b = SEL(hs, SEL(opp, S, N), _mm256_loadu_ps(m1 + x - 1));
        __m256 va = _mm256_add_ps(_mm256_mul_ps(c2a, wt), _mm256_mul_ps(c1a, wc));
        __m256 vb = _mm256_add_ps(_mm256_mul_ps(c2b, wt), _mm256_mul_ps(c1b, wc));
        __m256 keep = _mm256_and_ps(
            _mm256_and_ps(CMP(va, m, _CMP_LE_OQ), CMP(vb, m, _CMP_LE_OQ)), cand);
        __m256 strong = _mm256_and_ps(keep, CMP(m, vhi, _CMP_GE_OQ));
        uint64_t b = bytes_of[_mm256_movemask_ps(keep)] + bytes_of[_mm256_movemask_ps(strong)];
        memcpy(st + x, &b, 8);
    }
#undef SEL
#undef CMP
    nms_range(m0, m1, m2, gx, gy, st, x, w - 1, lo, hi);
}

TARGET_AVX512 static void nms_avx512v(const float *restrict m0, const float *restrict m1,
                                      const float *restrict m2, const float *restrict gx,
                                      const float *restrict gy, uint8_t *restrict st,
                                      int w, float lo, float hi)
{
#define SEL(k, a, b) _mm512_mask_blend_ps(k, b, a) /* k ? a : b */
#define CMP(a, b, op) _mm512_cmp_ps_mask(a, b, op)
    const __m512 zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1.0f);
    const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
    const __m128i ones = _mm_set1_epi8(1);
    int x = 1;
    for (; x + 16 <= w - 1; x += 16) {
        __m512 m = _mm512_loadu_ps(m1 + x);
        __mmask16 cand = (__mmask16)(CMP(m, zero, _CMP_GT_OQ) & CMP(m, vlo, _CMP_GE_OQ));
        if (!cand) {   /* no pixel reaches the low threshold (most of an image) */
            _mm_storeu_si128((__m128i *)(st + x), _mm_setzero_si128());
            continue;
        }
        __m512 I = _mm512_loadu_ps(gy + x), J = _mm512_loadu_ps(gx + x);
        __m512 ai = _mm512_abs_ps(I), aj = _mm512_abs_ps(J);
        __mmask16 opp = (__mmask16)((CMP(I, zero, _CMP_LE_OQ) & CMP(J, zero, _CMP_GE_OQ)) |
                                    (CMP(I, zero, _CMP_GE_OQ) & CMP(J, zero, _CMP_LE_OQ)));
        __mmask16 hs = (__mmask16)((opp & CMP(ai, aj, _CMP_GE_OQ)) |
                                   (~opp & CMP(ai, aj, _CMP_GT_OQ)));
        __m512 num = SEL(hs, aj, ai), den = SEL(hs, ai, aj);
        den = SEL(CMP(den, zero, _CMP_GT_OQ), den, one);
        __m512 wt = _mm512_div_ps(num, den), wc = _mm512_sub_ps(one, wt);
        __m512 c2a = SEL(opp, _mm512_loadu_ps(m0 + x + 1), _mm512_loadu_ps(m2 + x + 1));
        __m512 c2b = SEL(opp, _mm512_loadu_ps(m2 + x - 1), _mm512_loadu_ps(m0 + x - 1));
        __m512 N = _mm512_loadu_ps(m0 + x), S = _mm512_loadu_ps(m2 + x);
        __m512 c1a = SEL(hs, SEL(opp, N, S), _mm512_loadu_ps(m1 + x + 1));
        __m512 c1b = SEL(hs, SEL(opp, S, N), _mm512_loadu_ps(m1 + x - 1));
        __m512 va = _mm512_add_ps(_mm512_mul_ps(c2a, wt), _mm512_mul_ps(c1a, wc));
        __m512 vb = _mm512_add_ps(_mm512_mul_ps(c2b, wt), _mm512_mul_ps(c1b, wc));
        __mmask16 keep = (__mmask16)(CMP(va, m, _CMP_LE_OQ) & CMP(vb, m, _CMP_LE_OQ) & cand);
        __mmask16 strong = (__mmask16)(keep & CMP(m, vhi, _CMP_GE_OQ));
        __m128i b = _mm_add_epi8(_mm_maskz_mov_epi8(keep, ones), _mm_maskz_mov_epi8(strong, ones));
        _mm_storeu_si128((__m128i *)(st + x), b);
    }
#undef SEL
#undef CMP
    nms_range(m0, m1, m2, gx, gy, st, x, w - 1, lo, hi);
}
#endif

/* the loops of the best instruction set up to isa (0 baseline: SSE2 on x86,
 * 1 AVX2, 2 AVX-512 F/BW/VL) that this CPU has; -1: the plain C loops */
static row_kernels pick_kernels(int isa)
{
#define KERNELS(SFX, NMS)                                                              \
    (row_kernels)                                                                      \
    {                                                                                  \
        load_u8##SFX, load_u16##SFX, finish##SFX, vblur##SFX, hblur##SFX, grad##SFX, NMS \
    }
    row_kernels k = KERNELS(_base, nms_base);
#if CANNY_X86
    if (isa < 0)
        return k;   /* the plain C loops (tests) */
    __builtin_cpu_init();
    if (isa >= 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
        return KERNELS(_avx512, nms_avx512v);
    if (isa >= 1 && __builtin_cpu_supports("avx2"))
        return KERNELS(_avx2, nms_avx2v);
    k.nms = nms_sse2;
#else
    (void)isa;
#endif
    return k;
}

/* ------------------------------------------------------------- the plane */

/* row y of in on the 8-bit scale (edges_plane's EDGES_SCALE_8BIT) as float */
static void load_row(const row_kernels *K, const segkit_image *in, int y, float *d)
{
    int w = in->width;
    const void *row = segkit_image_row(in, y);
    if (y + 1 < in->height) {   /* the next row's lines: rows are page-sized streams */
        const char *nx = segkit_image_row(in, y + 1);
        size_t bytes = (size_t)w * (in->type == SEGKIT_U8 ? 1 : in->type == SEGKIT_U16 ? 2 : 4);
        for (size_t b = 0; b < bytes; b += 64)
            __builtin_prefetch(nx + b);
    }
    if (in->type == SEGKIT_U8)
        K->load_u8(row, d, w);
    else if (in->type == SEGKIT_U16)
        K->load_u16(row, d, w);
    else {
        const float *r = row;
        for (int x = 0; x < w; x++) {
            double v = r[x] * 255.0;
            d[x] = isfinite(v) ? (float)(nearbyint(v * 4096) / 4096) : 0.0f;
        }
    }
}

/* the least float >= v (so that m >= v in double iff m >= it, m a float) */
static float float_at_least(double v)
{
    if (!(v > -3e38))
        return -INFINITY;
    if (!(v < 3e38))
        return INFINITY;
    float f = (float)v;
    return (double)f < v ? nextafterf(f, INFINITY) : f;
}

/* 1 / (weight of the kernel k[0..r] (half, k[j] = k[-j]) inside [0, n)) at i */
static float inv_inside(const double *k, int r, int i, int n)
{
    double s = 0;
    for (int j = -r; j <= r; j++)
        if (i + j >= 0 && i + j < n)
            s += k[j < 0 ? -j : j];
    return (float)(1.0 / s);
}

/* Hysteresis's stack of pixel indices. */
typedef u32vec stack32;

static inline int push(stack32 *s, uint32_t i)
{
    return u32vec_push(s, i) ? SEGKIT_ERR_NOMEM : SEGKIT_OK;
}

/* state row y (st) -> its strong pixels onto the stack, 8 bytes at a time */
static int push_strong(stack32 *s, const uint8_t *st, int w, size_t base)
{
    int x = 0;
    for (; x + 8 <= w; x += 8) {
        uint64_t v;
        memcpy(&v, st + x, 8);
        if (!(v & 0x0202020202020202ull))
            continue;
        for (int i = 0; i < 8; i++)
            if (st[x + i] == 2 && push(s, (uint32_t)(base + x + i)) != SEGKIT_OK)
                return SEGKIT_ERR_NOMEM;
    }
    for (; x < w; x++)
        if (st[x] == 2 && push(s, (uint32_t)(base + x)) != SEGKIT_OK)
            return SEGKIT_ERR_NOMEM;
    return SEGKIT_OK;
}

int edges_canny_fast(const segkit_image *in, double sigma, segkit_border border,
                     double low, double high, segkit_image *out, int64_t *count, int isa)
{
    int w = in->width, h = in->height;
    *count = 0;
    if ((size_t)w * (size_t)h > UINT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    int st = segkit_image_create(out, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK || w < 3 || h < 3)
        return st;   /* the frame is never an edge: nothing more to do */
    row_kernels K = pick_kernels(isa);
    /* large sigma: the whole plane smoothed by the box cascade first */
    int box = sigma >= EDGES_BOX_SIGMA;
    int r = sigma > 0 && !box ? edges_gauss_radius(sigma, 4.0) : 0;
    int R = 2 * r + 1, clip = border == SEGKIT_BORDER_CLIP;
    size_t W = (size_t)w;
    double *kd = malloc(((size_t)R) * sizeof *kd);
    float *k = malloc(((size_t)r + 1) * sizeof *k);
    float *ring = malloc((size_t)R * W * sizeof *ring);
    float *zero = calloc(W, sizeof *zero);
    float *tmp = malloc((W + 2 * (size_t)r) * sizeof *tmp);
    float *srow = malloc(3 * (W + 2) * sizeof *srow);
    float *g = malloc(7 * W * sizeof *g);   /* gx, gy: 2 rows each; m: 3 rows */
    float *colf = malloc(W * sizeof *colf);
    const float **rows = malloc((size_t)R * sizeof *rows);
    float *plane = box ? malloc(W * (size_t)h * sizeof *plane) : NULL;
    stack32 stk = {0};
    if (!kd || !k || !ring || !zero || !tmp || !srow || !g || !colf || !rows ||
        (box && !plane)) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if (r > 0)
        edges_gauss_kernel(sigma, 0, r, kd);
    else
        kd[0] = 1;
    for (int j = 0; j <= r; j++)
        k[j] = (float)kd[r + j];
    for (int x = 0; x < w; x++)
        colf[x] = clip && (x < r || x >= w - r) ? inv_inside(kd + r, r, x, w) : 1.0f;
    float lo = float_at_least(low), hi = float_at_least(high);
    float *gxr[2] = {g, g + W}, *gyr[2] = {g + 2 * W, g + 3 * W};
    float *mr[3] = {g + 4 * W, g + 5 * W, g + 6 * W};
    float *sr[3] = {srow + 1, srow + (W + 2) + 1, srow + 2 * (W + 2) + 1};
    uint8_t *state = out->data;   /* tightly packed u8 */
    if (box) {
        for (int y = 0; y < h; y++)
            load_row(&K, in, y, plane + (size_t)y * W);
        if ((st = edges_gauss_box(plane, w, h, sigma, border)) != SEGKIT_OK)
            goto done;
    }
    int next_in = 0, next_s = 0;
    for (int y = 0; y < h; y++) {
        /* the smoothed rows up to y + 1 */
        for (int need = y + 1 < h ? y + 1 : h - 1; next_s <= need; next_s++) {
            if (box) {
                float *s = sr[next_s % 3];
                memcpy(s, plane + (size_t)next_s * W, W * sizeof *s);
                s[-1] = s[0];
                s[w] = s[w - 1];
                continue;
            }
            int last = next_s + r < h ? next_s + r : h - 1;
            for (; next_in <= last; next_in++)
                load_row(&K, in, next_in, ring + (size_t)(next_in % R) * W);
            for (int j = -r; j <= r; j++) {
                int yy = border_index(next_s + j, h, border);
                rows[r + j] = yy < 0 ? zero : ring + (size_t)(yy % R) * W;
            }
            float *t = tmp + r;
            K.vblur(t, rows, k, r, w);
            if (clip && (next_s < r || next_s >= h - r)) {
                float f = inv_inside(kd + r, r, next_s, h);
                for (int x = 0; x < w; x++)
                    t[x] *= f;
            }
            for (int j = 1; j <= r; j++) {
                int xl = border_index(-j, w, border), xr = border_index(w - 1 + j, w, border);
                t[-j] = xl < 0 ? 0.0f : t[xl];
                t[w - 1 + j] = xr < 0 ? 0.0f : t[xr];
            }
            float *s = sr[next_s % 3];
            K.hblur(s, t, k, r, w);
            if (clip && r > 0)   /* the columns within r of a side */
                for (int x = 0; x < w; x = x + 1 == r && w - r > x + 1 ? w - r : x + 1)
                    s[x] *= colf[x];
            s[-1] = s[0];   /* ndi.sobel's mode 'reflect' */
            s[w] = s[w - 1];
        }
        const float *s0 = sr[(y > 0 ? y - 1 : 0) % 3], *s1 = sr[y % 3];
        const float *s2 = sr[(y + 1 < h ? y + 1 : h - 1) % 3];
        K.grad(s0, s1, s2, gxr[y & 1], gyr[y & 1], mr[y % 3], w);
        if (y >= 2) {
            int c = y - 1;
            uint8_t *sto = state + (size_t)c * W;
            K.nms(mr[(c - 1) % 3], mr[c % 3], mr[y % 3], gxr[c & 1], gyr[c & 1], sto, w, lo,
                  hi);
            if (push_strong(&stk, sto, w, (size_t)c * W) != SEGKIT_OK) {
                st = SEGKIT_ERR_NOMEM;
                goto done;
            }
        }
    }
    /* hysteresis: the frame is 0, so an interior pixel's 8 neighbours exist */
    while (stk.n) {
        size_t i = stk.a[--stk.n];
        const ptrdiff_t off[8] = {-(ptrdiff_t)W - 1, -(ptrdiff_t)W, -(ptrdiff_t)W + 1, -1, 1,
                                  (ptrdiff_t)W - 1, (ptrdiff_t)W, (ptrdiff_t)W + 1};
        for (int d = 0; d < 8; d++) {
            size_t j = (size_t)((ptrdiff_t)i + off[d]);
            if (state[j] == 1) {
                state[j] = 2;
                if (push(&stk, (uint32_t)j) != SEGKIT_OK) {
                    st = SEGKIT_ERR_NOMEM;
                    goto done;
                }
            }
        }
    }
    int64_t cnt = 0;
    for (int y = 1; y < h - 1; y++)
        cnt += K.finish(state + (size_t)y * W, w);
    *count = cnt;
done:
    free(kd);
    free(k);
    free(ring);
    free(zero);
    free(tmp);
    free(srow);
    free(g);
    free(colf);
    free(rows);
    free(plane);
    free(stk.a);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}
