/* Private helpers of src/color's clustering and superpixels (kmeans.c,
 * slic.c, felzenszwalb.c, cluster_util.c).  Never installed. */
#ifndef SEGKIT_COLOR_CLUSTER_INTERNAL_H
#define SEGKIT_COLOR_CLUSTER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/color.h"

/* Overflow-checked malloc of n * size bytes (NULL on failure or n = 0). */
void *cl_alloc(size_t n, size_t size);

/* Copies a 1..4 channel u8/u16/f32 image into planes[c] (each w*h floats,
 * one malloc'ed block of channels planes), each sample multiplied by scale
 * (u8/u16 only; f32 is copied as is).  SEGKIT_ERR_ARG when an f32 sample is
 * not finite, _TYPE, _NOMEM. */
int cl_planar(const segkit_image *src, double u8_scale, double u16_scale,
              float **planes);

/* scipy.ndimage.gaussian_filter(plane, sigma, mode='reflect', truncate=4)
 * on one w x h float plane, in place (sigma <= 0: no-op). */
int cl_gaussian(float *plane, int w, int h, double sigma);

#endif
