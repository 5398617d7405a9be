/* Private to src/edges: double planes and the scipy.ndimage-ordered
 * separable correlation every filter here is built from.  Not installed. */
#ifndef SEGKIT_EDGES_INTERNAL_H
#define SEGKIT_EDGES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/edges.h"

/* How samples become doubles. */
typedef enum {
    EDGES_SCALE_UNIT = 0, /* skimage img_as_float: u8 x * (1/255), u16 x * (1/65535), f32 as is */
    EDGES_SCALE_8BIT      /* 8-bit scale: u8 x, u16 x / 257, f32 x * 255 snapped to
                             1/4096 (so float(k/255) gives k back exactly) */
} edges_scale;

/* Sample units -> the plane's units (multiply a threshold given in sample
 * units by this). */
double edges_unit(segkit_type t, edges_scale s);

/* Channel c of in (any channel count, u8/u16/f32) as a w*h double plane. */
void edges_plane(const segkit_image *in, int c, edges_scale s, double *out);

/* All channels of in as planes[c] (C of them), or, for a 3-channel image
 * with color LAB, its CIE L*a*b* channels / 100 (x 2.55 on the 8-bit scale).
 * SEGKIT_OK or the conversion's error. */
int edges_planes(const segkit_image *in, segkit_edges_color color, edges_scale s,
                 double *const *planes);

/* Allocates n doubles (NULL on overflow or failure). */
double *edges_alloc(size_t w, size_t h);

/* scipy.ndimage.correlate1d along axis 0 (columns: down the rows) or 1
 * (along a row), weights k[0..2r] (k[r] is the centre), with scipy's own
 * summation order (symmetric and antisymmetric kernels folded), border by
 * segkit_border (CLIP pads with 0, scipy's 'constant').  in may equal out.
 * Returns SEGKIT_OK or SEGKIT_ERR_NOMEM. */
int edges_correlate1d(const double *in, double *out, int w, int h, int axis,
                      const double *k, int r, segkit_border border);

/* scipy's _gaussian_kernel1d(sigma, order 0 or 2, radius) into k[0..2r]. */
void edges_gauss_kernel(double sigma, int order, int r, double *k);
/* radius = (int)(truncate * sigma + 0.5) */
int edges_gauss_radius(double sigma, double truncate);

/* scipy.ndimage.gaussian_filter (axis 0 then 1) of a plane; in may equal out. */
int edges_gaussian_plane(const double *in, double *out, int w, int h,
                         double sigma, double truncate, segkit_border border);

/* ndi.sobel(plane, axis=1) -> gx and (axis=0) -> gy (mode 'reflect' =
 * SYMMETRIC unless given), unnormalised [-1 0 1] x [1 2 1]. */
int edges_sobel3_planes(const double *in, double *gx, double *gy, int w, int h,
                        segkit_border border);

/* Gradient of one or three channels as one (gx, gy) field: colour combined by
 * mode (Di Zenzo: the principal direction with magnitude sqrt(lambda / C);
 * max: the channel with the largest gx^2 + gy^2, first on ties).  grad(plane,
 * gx, gy) computes one channel's gradient.  planes: C input planes. */
typedef int (*edges_grad_fn)(const double *in, double *gx, double *gy, int w,
                             int h, const void *ctx);
int edges_color_gradient(double *const *planes, int C, int w, int h,
                         segkit_edges_color mode, edges_grad_fn grad,
                         const void *ctx, double *gx, double *gy);

/* Writes a double plane into a new owned 1-channel image of type t (F32, or
 * U16 = round(v * scale) clamped). */
int edges_plane_to_image(const double *p, int w, int h, segkit_type t,
                         double scale, segkit_image *out);

/* skimage's interpolated non-maximum suppression (_get_local_maxima):
 * lm[i] = 1 where pixel i (not on the image frame, em[i] != 0, mag > 0) is
 * a local maximum of mag along the gradient (gx, gy), else 0. */
void edges_nms(const double *gx, const double *gy, const double *mag,
               const uint8_t *em, int w, int h, uint8_t *lm);

/* Keeps the 8-connected components of cand (1 weak, 2 strong, 0 none) that
 * contain a strong pixel: out (w*h bytes) 255 / 0; stack holds w*h indices.
 * Returns the edge pixel count.  The result does not depend on the order in
 * which pixels are visited (cv2.Canny's stack order gives the same set). */
int64_t edges_hysteresis(uint8_t *cand, int w, int h, uint8_t *out, size_t *stack);

/* The 3x3 Sobel magnitude (L2, or L1 with l1) of a 1-channel u8 image in
 * one integer pass (sobel_u8.c), as segkit_edges_filter defines it, into a
 * new owned F32 or U16 (x out_scale) image. */
int edges_sobel_mag_u8(const segkit_image *in, segkit_border border, int l1,
                       segkit_type out_type, double out_scale, segkit_image *out);

/* Canny in cv2.Canny's integer arithmetic (canny_opencv.c). */
int edges_canny_opencv(const segkit_image *in, const segkit_canny_params *p,
                       segkit_image *out, segkit_canny_result *res);

/* Large sigma: the native Canny's fast path smooths with EDGES_BOX_PASSES
 * box filters per axis (gaussian_box.c) from sigma EDGES_BOX_SIGMA up,
 * instead of the exact kernel of 8 sigma + 1 taps (where the box cascade
 * got faster on 4096x3072: its cost does not grow with sigma).  Error
 * against the exact kernel (tests/unit/test_canny.c): impulse <= 4.5 % of
 * the peak per axis (8.7 % in 2D), step response <= 1 % of the step. */
#define EDGES_BOX_PASSES 4
#define EDGES_BOX_SIGMA 12.0

/* The n box widths (odd) for sigma, smallest first (Kovesi 2010). */
void edges_box_widths(double sigma, int n, int *width);

/* The box-cascade Gaussian of a w x h float plane, in place, the outside by
 * the border mode; CLIP: divided by the cascade of ones (skimage's bleed-over
 * division).  SEGKIT_OK or SEGKIT_ERR_NOMEM. */
int edges_gauss_box(float *p, int w, int h, double sigma, segkit_border border);

/* The native Canny of a 1-channel u8/u16/f32 image without a mask, in float,
 * row by row (canny_fast.c): Gaussian sigma (border: CLIP renormalised as
 * skimage's bleed-over division, or padded by the mode), ndi.sobel,
 * skimage's NMS, low <= m, strong m >= high (both on the 8-bit scale),
 * 8-connected hysteresis.  out: a new owned u8 image, 255 = edge; *count the
 * edge pixels.  isa caps the instruction set (-1 plain C, 0 baseline (SSE2
 * on x86-64), 1 AVX2, 2 AVX-512; the CPU's best up to it is used): every
 * level gives the same output.
 * SEGKIT_OK, _NOMEM, _OVERFLOW (more than 2^32 pixels). */
int edges_canny_fast(const segkit_image *in, double sigma, segkit_border border,
                     double low, double high, segkit_image *out, int64_t *count, int isa);

#endif
