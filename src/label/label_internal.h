/* Private helpers shared by the files of src/label (never installed). */
#ifndef SEGKIT_LABEL_INTERNAL_H
#define SEGKIT_LABEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/label.h"

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

#endif
