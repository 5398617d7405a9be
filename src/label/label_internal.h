/* Private helpers shared by the files of src/label (never installed). */
#ifndef SEGKIT_LABEL_INTERNAL_H
#define SEGKIT_LABEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "internal/union_find.h" /* uf_find */
#include "segkit/label.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define LB_PI 3.14159265358979323846
#define LB_SQRT2 1.41421356237309504880

/* 1-channel SEGKIT_I32 with data: OK, else SEGKIT_ERR_ARG / _TYPE. */
int lb_check_labels(const segkit_image *labels);

/* Largest label value of a label image (0 if none is positive). */
int32_t lb_max_label(const segkit_image *labels);

/* Overflow-checked malloc / calloc of n * size bytes (NULL on failure). */
void *lb_alloc(size_t n, size_t size);
void *lb_calloc(size_t n, size_t size);

/* Pixel counts of labels 1..count of a label image: area[0..count]
 * (area[0] is 0; labels outside 1..count are not counted). */
int lb_areas(const segkit_image *labels, int32_t count, int64_t **area);

/* Convex hull image of one region (hull.c): rows r0..r0+h-1 with column
 * extents lo[i]..hi[i] (lo > hi: empty row) -> the hull image's row extents
 * hlo/hhi and its area.  work: room for 6 h points. */
typedef struct lb_pt {
    int64_t y, x;
} lb_pt;
int64_t lb_hull_rows(int r0, int h, const int32_t *lo, const int32_t *hi,
                     int32_t *hlo, int32_t *hhi, lb_pt *work);
/* Feret diameter max of a hull image (row extents hlo/hhi over rows
 * r0..r0+h-1, columns c0..c0+w-1).  colt/colb: room for w entries; work:
 * room for 4 (h + w) points. */
double lb_hull_feret(int r0, int h, int c0, int w, const int32_t *hlo,
                     const int32_t *hhi, int32_t *colt, int32_t *colb,
                     lb_pt *work);

/* Bit i of the result: p[i] != 0, for 64 bytes. */
static inline uint64_t lb_nonzero_bits64(const uint8_t *p)
{
#if defined(__SSE2__)
    const __m128i z = _mm_setzero_si128();
    uint64_t m0 = (uint16_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), z));
    uint64_t m1 = (uint16_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), z));
    uint64_t m2 = (uint16_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)), z));
    uint64_t m3 = (uint16_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 48)), z));
    return ~(m0 | m1 << 16 | m2 << 32 | m3 << 48);
#else
    uint64_t m = 0;
    for (int i = 0; i < 64; i++)
        m |= (uint64_t)(p[i] != 0) << i;
    return m;
#endif
}


/* 8-connected components of a byte mask (rows mask_stride apart;
 * foreground: nonzero, or zero when flip) by 2x2 blocks (blocks8.c):
 * segkit_label_to's outputs, labels an I32 image of the mask's size. */
int lb_label_blocks8(const uint8_t *mask, size_t mask_stride, int flip,
                     segkit_image *labels, int32_t *count,
                     segkit_label_stat **stats);
/* 1 if lb_label_blocks8 is expected to be faster than the run-based scan
 * on this mask (a sample of its rows is dense in runs). */
int lb_blocks_pay(const uint8_t *mask, size_t mask_stride, int w, int h, int flip);

#endif
