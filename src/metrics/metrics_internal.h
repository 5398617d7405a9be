/* Private helpers shared by the files of src/metrics (never installed). */
#ifndef SEGKIT_METRICS_INTERNAL_H
#define SEGKIT_METRICS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/metrics.h"

/* Index value meaning "this pixel is left out" in a relabelled image. */
#define MX_SKIP UINT32_MAX

/* pred/gt non-NULL, 1 channel, same size, data present. */
int mx_check_pair(const segkit_image *a, const segkit_image *b);

/* Number of pixels, overflow-checked; SEGKIT_ERR_OVERFLOW. */
int mx_pixels(const segkit_image *img, size_t *n);

/* A tight w*h buffer with 1 where img is foreground under fg, else 0. */
int mx_mask(const segkit_image *img, segkit_fg fg, uint8_t **out);

/* Label images: reads pixel i (row-major) as int64.  Types u8/u16/i32. */
int mx_label_type_ok(const segkit_image *img);
int64_t mx_label_at(const segkit_image *img, int x, int y);

/* Maps every label value of img to a dense index 0..n-1 (values ascending);
 * pixels where skip[i] != 0 (skip may be NULL) get MX_SKIP and do not count
 * as values.  *idx has w*h entries; *values n entries (both malloc'ed). */
int mx_relabel(const segkit_image *img, const uint8_t *skip, uint32_t **idx,
               int64_t **values, uint32_t *n);

/* One nonzero cell of a contingency table. */
typedef struct mx_cell {
    uint32_t a, b;
    uint64_t count;
} mx_cell;

/* Sparse contingency table of two dense labelings of npix pixels (pixels
 * with MX_SKIP on either side are left out), cells sorted by (a, b). */
int mx_contingency(const uint32_t *a, uint32_t na, const uint32_t *b,
                   uint32_t nb, size_t npix, mx_cell **cells, size_t *ncells);

/* num/den; 0/0 goes by policy (best / worst values given), setting *st to
 * SEGKIT_ERR_EMPTY under SEGKIT_EMPTY_ERROR. */
double mx_ratio(double num, double den, segkit_empty_policy policy,
                double best, double worst, int *st);

/* Overflow-checked malloc of n * size bytes (NULL on overflow / failure). */
void *mx_alloc(size_t n, size_t size);
void *mx_calloc(size_t n, size_t size);

#endif
