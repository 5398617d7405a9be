/* segkit/morph.h - mathematical morphology on masks and gray images.
 *
 * Images: 1 channel, u8, u16 or f32 (a mask is a u8 image of 0 and 255, or
 * 0 and any one value: every operation here keeps the values it is given,
 * so a mask stays a mask).  Outputs are new owned images of the input's
 * type unless said otherwise.
 *
 * Erosion is out(p) = min of in(p + b) over the offsets b of the
 * structuring element; dilation is max of in(p - b) (the reflected element,
 * so that opening and closing are the true opening and closing).  Pixels
 * outside the image do not count: erosion pads with +max, dilation with
 * -min.  This is scikit-image's result (skimage.morphology.erosion/dilation,
 * which use scipy's mode 'reflect': for an element that is symmetric and
 * convex along rows and columns, as square, rect, cross, diamond and disk
 * are, reflected pixels are never nearer extremes than pixels already in
 * the window) and binary_erosion's border_value=True / binary_dilation's
 * border_value=0.  For a line at an angle the results differ from
 * mode='reflect' near the border; ours is the "out-of-image does not count"
 * one.
 *
 * Cost: every element is cut into horizontal runs, row by row; a run of
 * length L is a running min/max in O(log L) vector operations, and the
 * rows are combined as they stream past, so a rectangle costs
 * O(log W + log H) per pixel (the vertical pass by doubling too) and a disk
 * of radius r O(r) row operations (2r + 1 chords), whatever the image.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_MORPH_H
#define SEGKIT_MORPH_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum segkit_se_shape {
    SEGKIT_SE_RECT = 0,  /* width x height; "square:N" is N x N */
    SEGKIT_SE_CROSS,     /* a plus of arms `radius`: (2r+1) wide and tall */
    SEGKIT_SE_DIAMOND,   /* |dx| + |dy| <= radius: skimage.morphology.diamond */
    SEGKIT_SE_DISK,      /* dx^2 + dy^2 <= radius^2: skimage.morphology.disk */
    SEGKIT_SE_LINE,      /* a digital segment of `length` pixels through the
                          * centre at `angle` degrees (counter-clockwise from
                          * the x axis, y up); even lengths become odd */
    SEGKIT_SE_SHAPE_COUNT
} segkit_se_shape;

/* A structuring element.  Even rectangles are centred at (W/2, H/2)
 * (integer division), as scipy's. */
typedef struct segkit_se {
    segkit_se_shape shape;
    int width, height;   /* rect */
    int radius;          /* cross, diamond, disk */
    int length;          /* line */
    double angle;        /* line, degrees */
} segkit_se;

/* Parses "square:N", "rect:WxH", "cross:R", "diamond:R", "disk:R" or
 * "line:L,ANGLE" (sizes 1..4095, radii 0..2047, any angle).  SEGKIT_ERR_ARG
 * on anything else. */
SEGKIT_API int segkit_se_parse(const char *spec, segkit_se *se);

/* The element as a u8 image of 0/1 (the centre is at (w/2, h/2)): for disk
 * r exactly skimage.morphology.disk(r), diamond r diamond(r), square N
 * square(N).  SEGKIT_ERR_ARG for an invalid element. */
SEGKIT_API int segkit_se_footprint(const segkit_se *se, segkit_image *out);

typedef enum segkit_morph_op {
    SEGKIT_MORPH_ERODE = 0,
    SEGKIT_MORPH_DILATE,
    SEGKIT_MORPH_OPEN,      /* dilate(erode(in)) */
    SEGKIT_MORPH_CLOSE,     /* erode(dilate(in)) */
    SEGKIT_MORPH_TOPHAT,    /* in - open(in)   (white top-hat) */
    SEGKIT_MORPH_BLACKHAT,  /* close(in) - in  (black top-hat) */
    SEGKIT_MORPH_GRADIENT,  /* dilate(in) - erode(in) */
    SEGKIT_MORPH_OP_COUNT
} segkit_morph_op;

/* "erode", "dilate", "open", "close", "tophat", "blackhat", "gradient". */
SEGKIT_API const char *segkit_morph_op_name(segkit_morph_op op);
SEGKIT_API int segkit_morph_op_parse(const char *name, segkit_morph_op *op);

/* out = op(in) with element se.  SEGKIT_ERR_ARG (NULL, bad op or element),
 * SEGKIT_ERR_TYPE (not 1 channel of u8/u16/f32), SEGKIT_ERR_NOMEM. */
SEGKIT_API int segkit_morph(const segkit_image *in, segkit_morph_op op,
                            const segkit_se *se, segkit_image *out);

/* The same into an existing image of in's size and type (a view is fine;
 * it may not overlap in).  No image-sized allocation for erode and dilate,
 * one for the others. */
SEGKIT_API int segkit_morph_to(const segkit_image *in, segkit_morph_op op,
                               const segkit_se *se, segkit_image *out);

/* Morphological reconstruction (Vincent, "Morphological grayscale
 * reconstruction in image analysis", IEEE TIP 2(2), 1993; the hybrid
 * algorithm: two raster scans, then a FIFO).  By dilation: the largest
 * image <= mask obtained by dilating seed (seed is first clipped to
 * min(seed, mask)); by erosion (by_erosion = 1) the dual.  connectivity 4
 * or 8 (skimage's default footprint is the 3x3 square: 8).  seed and mask:
 * same size and type.  Equal to skimage.morphology.reconstruction. */
SEGKIT_API int segkit_morph_reconstruct(const segkit_image *seed,
                                        const segkit_image *mask,
                                        int by_erosion, int connectivity,
                                        segkit_image *out);

/* Regional maxima (minima = 1: minima): the connected plateaus with no
 * neighbour above (below) them, image borders allowed, as
 * skimage.morphology.local_maxima(image, connectivity) with
 * allow_borders=True.  out: u8 mask, 255 on the extrema, else 0.  A
 * constant image is one maximum. */
SEGKIT_API int segkit_morph_regional_extrema(const segkit_image *in,
                                             int connectivity, int minima,
                                             segkit_image *out);

/* h-maxima (minima = 1: h-minima) as skimage.morphology.h_maxima: the
 * maxima of height >= h: in - reconstruct(in - h, in) >= h (in - h clipped
 * at 0 for u8/u16; for f32 also minus skimage's 2 * 1e-6 * |in|).  h > 0;
 * an h above max - min gives no pixel.  out: u8 mask, 255 where skimage
 * has 1. */
SEGKIT_API int segkit_morph_hextrema(const segkit_image *in, double h,
                                     int connectivity, int minima,
                                     segkit_image *out);

/* Area opening (closing = 1: area closing), as
 * skimage.morphology.area_opening(image, area_threshold, connectivity):
 * bright (dark) connected components of every upper (lower) level set
 * smaller than area_threshold pixels are flattened to their surroundings
 * (union-find over the pixels in value order: Meijster & Wilkinson, IEEE
 * PAMI 24(4), 2002).  connectivity 4 (skimage's connectivity=1) or 8. */
SEGKIT_API int segkit_morph_area_open(const segkit_image *in,
                                      long long area_threshold,
                                      int connectivity, int closing,
                                      segkit_image *out);

/* Fills the holes of every object: a hole is a set of pixels darker than
 * its surroundings that no 4-connected path reaches from the image border
 * without going up.  On a mask (0 and one value) this is exactly
 * scipy.ndimage.binary_fill_holes (default structure: the background is
 * 4-connected); on gray images it is the gray fill of Soille (2003, 6.3.7):
 * reconstruction by erosion from the border. */
SEGKIT_API int segkit_morph_fill_holes(const segkit_image *in, segkit_image *out);

#ifdef __cplusplus
}
#endif
#endif
