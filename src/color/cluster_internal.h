/* Private helpers of src/color's clustering and superpixels (kmeans.c,
 * slic.c, felzenszwalb.c, cluster_util.c).  Never installed. */
#ifndef SEGKIT_COLOR_CLUSTER_INTERNAL_H
#define SEGKIT_COLOR_CLUSTER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/color.h"

/* Overflow-checked malloc of n * size bytes (NULL on failure or n = 0). */
void *cl_alloc(size_t n, size_t size);

/* An input the three accept: data and a positive size (else
 * SEGKIT_ERR_ARG), 1..4 channels of u8, u16 or f32 (else _TYPE). */
int cl_check_src(const segkit_image *src);

/* Copies a 1..4 channel u8/u16/f32 image into planes[c] (each w*h floats,
 * one malloc'ed block of channels planes), each sample multiplied by scale
 * (u8/u16 only; f32 is copied as is).  SEGKIT_ERR_ARG when an f32 sample is
 * not finite, _TYPE, _NOMEM. */
int cl_planar(const segkit_image *src, double u8_scale, double u16_scale,
              float **planes);

/* scipy.ndimage.gaussian_filter(plane, sigma, mode='reflect', truncate=4)
 * on one w x h float plane, in place (sigma <= 0: no-op): the library's one
 * Gaussian (segkit_edges_filter's, double precision) rounded to float, row by
 * row (edges_gaussian_f32, internal/gaussian_f32.h). */
int cl_gaussian(float *plane, int w, int h, double sigma);

/* segkit_kmeans / segkit_slic with the vector code limited to an
 * instruction set (-1 the best the CPU has, 0 baseline, 1 AVX2, 2
 * AVX-512): for the benchmarks (tests/bench/peer_cluster.cpp) and tests. */
int cl_kmeans_isa(const segkit_image *src, const segkit_kmeans_params *params,
                  segkit_image *labels, segkit_kmeans_result *res, int isa);
int cl_slic_isa(const segkit_image *src, const segkit_slic_params *params,
                segkit_image *labels, int32_t *count, int isa);

/* SLIC's steps for the tests (slic.c).  cl_slic_lab: steps 1-2 (stretch,
 * Lab) of a 3-channel u8/u16/f32 image into 3 planes of w h floats, each value
 * times ratio.  cl_slic_connect: step 6 on seg (labels from start, start - 1
 * unset; modified, then restored) into out; max_size >= 1; comp: scratch of
 * w h int32; flood 1: skimage's flood as written, 0: the labeller's
 * components (the same result), falling back to the flood where needed. */
int cl_slic_lab(const segkit_image *src, float ratio, int isa, float *img);
int cl_slic_connect(int32_t *seg, int w, int h, long min_size, long max_size,
                    int32_t start, int32_t *out, int32_t *comp, int32_t *count, int flood);

#endif
