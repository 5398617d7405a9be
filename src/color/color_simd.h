/* Private to src/color: what the AVX2 / AVX-512 row kernels (range.c,
 * opencv.c) share: 8-bit RGB(A) pixels into 32-bit lanes.  3-channel
 * pixels come in as four pixels per 128-bit lane (12 of 16 bytes loaded),
 * spread by one byte shuffle per channel; 4-channel pixels are one load
 * and masks.  The 3-channel loads read 4 bytes past the last pixel (so 2
 * pixels short of a row's end at the latest). */
#ifndef SEGKIT_COLOR_SIMD_H
#define SEGKIT_COLOR_SIMD_H

#include "color_internal.h"

#if CS_X86
#include <immintrin.h>

#define CS_INLINE static inline __attribute__((always_inline))
#define CS_SPREAD(c) c, -1, -1, -1, c + 3, -1, -1, -1, c + 6, -1, -1, -1, c + 9, -1, -1, -1

/* 8 pixels at s (ch 3 or 4) */
CS_TARGET_AVX2 CS_INLINE void cs_rgb8_avx2(const uint8_t *s, int ch, __m256i *r, __m256i *g,
                                           __m256i *b)
{
    if (ch == 3) {
        __m256i v = _mm256_setr_m128i(_mm_loadu_si128((const __m128i *)s),
                                      _mm_loadu_si128((const __m128i *)(s + 12)));
        *r = _mm256_shuffle_epi8(v, _mm256_setr_epi8(CS_SPREAD(0), CS_SPREAD(0)));
        *g = _mm256_shuffle_epi8(v, _mm256_setr_epi8(CS_SPREAD(1), CS_SPREAD(1)));
        *b = _mm256_shuffle_epi8(v, _mm256_setr_epi8(CS_SPREAD(2), CS_SPREAD(2)));
    } else {
        const __m256i ff = _mm256_set1_epi32(0xff);
        __m256i v = _mm256_loadu_si256((const __m256i *)s);
        *r = _mm256_and_si256(v, ff);
        *g = _mm256_and_si256(_mm256_srli_epi32(v, 8), ff);
        *b = _mm256_and_si256(_mm256_srli_epi32(v, 16), ff);
    }
}

/* 16 pixels at s (ch 3 or 4) */
CS_TARGET_AVX512 CS_INLINE void cs_rgb16_avx512(const uint8_t *s, int ch, __m512i *r,
                                                __m512i *g, __m512i *b)
{
    if (ch == 3) {
        __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)s));
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(s + 12)), 1);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(s + 24)), 2);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(s + 36)), 3);
        *r = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(_mm_setr_epi8(CS_SPREAD(0))));
        *g = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(_mm_setr_epi8(CS_SPREAD(1))));
        *b = _mm512_shuffle_epi8(v, _mm512_broadcast_i32x4(_mm_setr_epi8(CS_SPREAD(2))));
    } else {
        const __m512i ff = _mm512_set1_epi32(0xff);
        __m512i v = _mm512_loadu_si512((const void *)s);
        *r = _mm512_and_si512(v, ff);
        *g = _mm512_and_si512(_mm512_srli_epi32(v, 8), ff);
        *b = _mm512_and_si512(_mm512_srli_epi32(v, 16), ff);
    }
}
#endif

#endif
