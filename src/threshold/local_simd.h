/* Private to src/threshold/local_*.c: the pieces the fast u8 paths share.
 *
 * - local_prefix_u32: P[0] = 0, P[j + 1] = P[j] + c[j] (mod 2^32), with an
 *   SSE2 in-register scan where available.  A window sum is then
 *   P[x + W] - P[x], exact whenever the true sum is below 2^32.
 * - LOCAL_AVX2_CLONE: how a hot loop is compiled twice, once for the build's
 *   baseline and once with AVX2 enabled, chosen at run time
 *   (__builtin_cpu_supports), so that a generic x86-64 build still uses
 *   256-bit vectors on a machine that has them.  The loop bodies are plain C
 *   that gcc/clang vectorise; AVX2 only widens the vectors (FMA is not
 *   enabled, so floating-point results cannot change with the CPU). */
#ifndef SEGKIT_THRESHOLD_LOCAL_SIMD_H
#define SEGKIT_THRESHOLD_LOCAL_SIMD_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
#define LOCAL_HAVE_AVX2_CLONE 1
#define LOCAL_TARGET_AVX2 __attribute__((target("avx2")))
#define LOCAL_INLINE static inline __attribute__((always_inline))
static inline int local_cpu_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
#define LOCAL_HAVE_AVX2_CLONE 0
#define LOCAL_INLINE static inline
static inline int local_cpu_avx2(void) { return 0; }
#endif

static inline void local_prefix_u32(const uint32_t *restrict c,
                                    uint32_t *restrict P, size_t n)
{
    size_t j = 0;
    uint32_t run = 0;
    P[0] = 0;
#if defined(__SSE2__)
    __m128i carry = _mm_setzero_si128();
    for (; j + 4 <= n; j += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(c + j));
        v = _mm_add_epi32(v, _mm_slli_si128(v, 4));
        v = _mm_add_epi32(v, _mm_slli_si128(v, 8));
        v = _mm_add_epi32(v, carry);
        _mm_storeu_si128((__m128i *)(P + j + 1), v);
        carry = _mm_shuffle_epi32(v, 0xff);
    }
    run = (uint32_t)_mm_cvtsi128_si32(carry);
#endif
    for (; j < n; j++) {
        run += c[j];
        P[j + 1] = run;
    }
}

/* Two independent scans in one loop (their dependency chains overlap). */
static inline void local_prefix2_u32(const uint32_t *restrict c,
                                     uint32_t *restrict P,
                                     const uint32_t *restrict q,
                                     uint32_t *restrict PQ, size_t n)
{
    size_t j = 0;
    uint32_t run = 0, runq = 0;
    P[0] = 0;
    PQ[0] = 0;
#if defined(__SSE2__)
    __m128i carry = _mm_setzero_si128(), carryq = _mm_setzero_si128();
    for (; j + 4 <= n; j += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(c + j));
        __m128i u = _mm_loadu_si128((const __m128i *)(q + j));
        v = _mm_add_epi32(v, _mm_slli_si128(v, 4));
        u = _mm_add_epi32(u, _mm_slli_si128(u, 4));
        v = _mm_add_epi32(v, _mm_slli_si128(v, 8));
        u = _mm_add_epi32(u, _mm_slli_si128(u, 8));
        v = _mm_add_epi32(v, carry);
        u = _mm_add_epi32(u, carryq);
        _mm_storeu_si128((__m128i *)(P + j + 1), v);
        _mm_storeu_si128((__m128i *)(PQ + j + 1), u);
        carry = _mm_shuffle_epi32(v, 0xff);
        carryq = _mm_shuffle_epi32(u, 0xff);
    }
    run = (uint32_t)_mm_cvtsi128_si32(carry);
    runq = (uint32_t)_mm_cvtsi128_si32(carryq);
#endif
    for (; j < n; j++) {
        run += c[j];
        runq += q[j];
        P[j + 1] = run;
        PQ[j + 1] = runq;
    }
}

#endif
