/* Private: scipy.ndimage.gaussian_filter of one float plane in place, in
 * double precision (src/edges/plane.c), shared by src/edges and the
 * smoothing of SLIC and Felzenszwalb (src/color).  Not installed. */
#ifndef SEGKIT_INTERNAL_GAUSSIAN_F32_H
#define SEGKIT_INTERNAL_GAUSSIAN_F32_H

#include "segkit/threshold.h" /* segkit_border */

/* The w x h floats at p (rows of w, tight) smoothed as edges_gaussian_plane
 * smooths their double values (scipy's kernel of radius (int)(truncate
 * sigma + 0.5), axis 0 then axis 1, scipy's summation order, the border by
 * segkit_border), each result rounded to float: the bits of
 * segkit_edges_filter's SEGKIT_EDGES_GAUSSIAN on the plane as an F32 image,
 * row by row with a ring of r rows instead of whole double planes.
 * SEGKIT_OK or SEGKIT_ERR_NOMEM. */
int edges_gaussian_f32(float *p, int w, int h, double sigma, double truncate,
                       segkit_border border);

#endif
