/* Private helpers shared by src/metrics/boundary*.c: raw-array versions of
 * the public boundary functions, so that a per-image evaluation can reuse
 * buffers across thresholds and annotators. */
#ifndef SEGKIT_METRICS_BOUNDARY_INTERNAL_H
#define SEGKIT_METRICS_BOUNDARY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/boundary.h"

/* w*h as size_t, or SEGKIT_ERR_OVERFLOW / _ARG. */
int segkit__bdry_npix(int w, int h, size_t *n);

/* 1-channel image -> w*h bytes of 0/1 (nonzero = 1).  out has n bytes. */
int segkit__bdry_binary(const segkit_image *img, uint8_t *out);

/* 1-channel u8/u16/i32 label image -> w*h int32 labels. */
int segkit__bdry_labels(const segkit_image *img, int32_t *out);

/* 1-channel u8 (/255), u16 (/65535), f32 image -> w*h doubles. */
int segkit__bdry_soft(const segkit_image *img, double *out);

/* In-place thinning of a w*h map of 0/1 (see segkit_boundary_thin).
 * scratch: w*h int32 (candidate list).  Cannot fail. */
void segkit__bdry_thin(uint8_t *map, int w, int h, int max_iter,
                       int32_t *scratch);

/* seg2bdry 'imageSize' on w*h int32 labels into w*h 0/1 bytes. */
void segkit__bdry_from_labels(const int32_t *lab, int w, int h,
                              uint8_t *bdry);

/* Reusable buffers of the matcher (zero-initialise, free with _free). */
typedef struct segkit__matcher segkit__matcher;
segkit__matcher *segkit__matcher_new(void);
void segkit__matcher_free(segkit__matcher *m);

/* correspondPixels on raw 0/1 maps.  max_dist_px: in pixels; oc_px: the
 * outlier cost in pixels.  match1/match2 (may be NULL): w*h bytes, set to 1
 * at matched pixels (left untouched elsewhere, so they can accumulate).
 * *matched: matched pairs; cost (may be NULL): as in the public API. */
int segkit__bdry_correspond(segkit__matcher *m, const uint8_t *map1,
                            const uint8_t *map2, int w, int h,
                            double max_dist_px, double oc_px,
                            uint8_t *match1, uint8_t *match2,
                            int64_t *matched, double *cost);

#endif
