/* Where a label row changes value: bit x of the result is set when
 * row[x] != row[x - 1] (row[-1] taken as 0), for x in [0, w).  The first
 * pass over a label image (objects.c) reads every pixel once through this
 * kernel and then visits only the set bits, so its cost is that of
 * streaming the image (4 bytes a pixel) plus a few operations per run.
 *
 * Versions picked at run time as elsewhere in src/ (morph/erode.c,
 * threshold/local_meanvar_u8.c): AVX-512 (F), AVX2, and the baseline: SSE2
 * on x86-64, plain C elsewhere.  All give the same bits. */
#include <string.h>

#include "export_internal.h"

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define EX_X86 1
#include <immintrin.h>
#else
#define EX_X86 0
#endif

/* The word of bits for pixels [x0, min(x0 + 64, w)), x0 a multiple of 64. */
static inline uint64_t word_c(const int32_t *row, int x0, int w)
{
    int32_t prev = x0 ? row[x0 - 1] : 0;
    int n = w - x0 < 64 ? w - x0 : 64;
    uint64_t m = 0;
    for (int k = 0; k < n; k++) {
        int32_t v = row[x0 + k];
        m |= (uint64_t)(v != prev) << k;
        prev = v;
    }
    return m;
}

#if !defined(__SSE2__)
static void changes_c(const int32_t *row, int w, uint64_t *bits)
{
    for (int x0 = 0; x0 < w; x0 += 64)
        bits[x0 / 64] = word_c(row, x0, w);
}
#endif

#if defined(__SSE2__)
#include <emmintrin.h>
/* The x86-64 baseline: 4 lanes. */
static void changes_sse2(const int32_t *row, int w, uint64_t *bits)
{
    /* the first word in plain C (it compares pixel 0 with 0), then whole
     * words while row[x0 + 63] exists, each lane against the pixel before */
    bits[0] = word_c(row, 0, w);
    int x0 = 64;
    for (; x0 + 64 <= w; x0 += 64) {
        uint64_t m = 0;
        for (int k = 0; k < 64; k += 4) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(row + x0 + k));
            __m128i p = _mm_loadu_si128((const __m128i *)(const void *)(row + x0 + k - 1));
            uint32_t eq = (uint32_t)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, p)));
            m |= (uint64_t)(~eq & 0xfu) << k;
        }
        bits[x0 / 64] = m;
    }
    if (x0 < w) /* the last partial word (or a narrow row) */
        bits[x0 / 64] = word_c(row, x0, w);
}
#endif

#if EX_X86
__attribute__((target("avx2"))) static void changes_avx2(const int32_t *row, int w,
                                                          uint64_t *bits)
{
    /* the first word in plain C (it compares pixel 0 with 0), then whole
     * words while row[x0 + 63] exists, each lane against the pixel before */
    bits[0] = word_c(row, 0, w);
    int x0 = 64;
    for (; x0 + 64 <= w; x0 += 64) {
        uint64_t m = 0;
        for (int k = 0; k < 64; k += 8) {
            __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(row + x0 + k));
            __m256i p = _mm256_loadu_si256((const __m256i *)(const void *)(row + x0 + k - 1));
            uint32_t eq = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(v, p)));
            m |= (uint64_t)(~eq & 0xffu) << k;
        }
        bits[x0 / 64] = m;
    }
    if (x0 < w) /* the last partial word (or a narrow row) */
        bits[x0 / 64] = word_c(row, x0, w);
}

__attribute__((target("avx512f"))) static void changes_avx512(const int32_t *row, int w,
                                                                uint64_t *bits)
{
    __m512i prev = _mm512_setzero_si512();
    int x0 = 0;
    for (; x0 + 64 <= w; x0 += 64) {
        uint64_t m = 0;
        for (int k = 0; k < 64; k += 16) {
            __m512i v = _mm512_loadu_si512((const void *)(row + x0 + k));
            /* lane i: the pixel before lane i of v */
            __m512i p = _mm512_alignr_epi32(v, prev, 15);
            m |= (uint64_t)_mm512_cmpneq_epi32_mask(v, p) << k;
            prev = v;
        }
        bits[x0 / 64] = m;
    }
    if (x0 < w) {
        uint64_t m = 0;
        for (int k = 0; x0 + k < w; k += 16) {
            int n = w - x0 - k < 16 ? w - x0 - k : 16;
            __mmask16 lanes = (__mmask16)((1u << n) - 1);
            __m512i v = _mm512_maskz_loadu_epi32(lanes, (const void *)(row + x0 + k));
            __m512i p = _mm512_alignr_epi32(v, prev, 15);
            m |= (uint64_t)(_mm512_mask_cmpneq_epi32_mask(lanes, v, p)) << k;
            prev = v;
        }
        bits[x0 / 64] = m;
    }
}
#endif

ex_changes_fn ex_changes_kernel(int isa)
{
#if EX_X86
    __builtin_cpu_init();
    if ((isa < 0 || isa >= 2) && __builtin_cpu_supports("avx512f"))
        return changes_avx512;
    if ((isa < 0 || isa >= 1) && __builtin_cpu_supports("avx2"))
        return changes_avx2;
#else
    (void)isa;
#endif
#if defined(__SSE2__)
    return changes_sse2;
#else
    return changes_c;
#endif
}
