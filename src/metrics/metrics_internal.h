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

/* The common start of every metric of pred against gt, in this order:
 * out NULL -> SEGKIT_ERR_ARG; out[0..size) zeroed (size 0: not touched);
 * *p = *params, or the defaults when params is NULL; mx_check_pair; with
 * labels != 0 both sides must also be label types (SEGKIT_ERR_TYPE). */
int mx_begin(const segkit_image *pred, const segkit_image *gt,
             const segkit_metrics_params *params, int labels, void *out,
             size_t size, segkit_metrics_params *p);

/* Number of pixels, overflow-checked; SEGKIT_ERR_OVERFLOW. */
int mx_pixels(const segkit_image *img, size_t *n);

/* The foreground masks of pred (p->fg_pred) and gt (p->fg_gt); on error
 * both are NULL. */
int mx_masks(const segkit_image *pred, const segkit_image *gt,
             const segkit_metrics_params *p, uint8_t **a, uint8_t **b);

/* The 2x2 confusion counts of two 0/1 masks of n pixels, indexed
 * pred * 2 + gt: c[0] TN, c[1] FN, c[2] FP, c[3] TP. */
void mx_count2x2(const uint8_t *pred, const uint8_t *gt, size_t n, uint64_t c[4]);

/* Label images: reads pixel i (row-major) as int64.  Types u8/u16/i32. */
int mx_label_type_ok(const segkit_image *img);
int64_t mx_label_at(const segkit_image *img, int x, int y);

/* A tight w*h buffer with 1 where the label of img equals value, else 0;
 * *count (may be NULL) gets the number of 1s.  Label types only. */
int mx_label_mask(const segkit_image *img, int64_t value, uint8_t **out,
                  uint64_t *count);

/* Index of v in the ascending vals[0..n-1] (n > 0): the last entry <= v. */
uint32_t mx_find(const int64_t *vals, uint32_t n, int64_t v);

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
