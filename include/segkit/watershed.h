/* segkit/watershed.h - marker-controlled watershed, markers and surfaces.
 *
 * The watershed floods a surface (a 1-channel u8, u16 or f32 image) from
 * markers (a SEGKIT_I32 label image: nonzero pixels are seeds, their value
 * is the label they spread; negative labels are fine), lowest values first,
 * by priority flooding (Meyer, "Topographic distance and watershed lines",
 * Signal Processing 38, 1994).  The rules are scikit-image's
 * (skimage.segmentation.watershed, 0.19), so that the label images are
 * equal:
 *  - a pixel waits in the queue with the priority (value, age); the age
 *    grows with every push, so ties at one level go first-in first-out and
 *    a plateau is shared between the fronts that reach it, each pixel to
 *    the nearest one (Soille 1990);
 *  - every marker pixel starts in the queue with age 0;
 *  - without lines and compactness a pixel takes its label when it is first
 *    pushed (from the neighbour that pushed it); with lines or compactness
 *    when it leaves the queue;
 *  - lines (watershed_line=True): a pixel leaving the queue with in-mask,
 *    already labelled neighbours of two different labels becomes a line
 *    pixel: label 0, and out of the flooding from then on;
 *  - compactness C > 0 (Neubert & Protzel, "Compact watershed and
 *    preemptive SLIC", ICPR 2014): the priority of a pixel pushed from a
 *    front is its value + C * (Euclidean distance to the marker pixel the
 *    front started from), so a pixel may be pushed by several fronts and
 *    takes the first to leave the queue.
 *
 * Ties at age 0 (marker pixels of equal value): segkit starts them in raster
 * order (as if the markers were pushed with ages 0, 1, 2, ... in raster
 * order, before any other pixel); scikit-image's binary heap starts them in
 * the order its heap layout happens to give.  Where the fronts of such
 * markers meet on a plateau the meeting line can move by a pixel (on coins
 * with h-maxima markers of the EDT: 21 pixels of 116 k, 4-connected).
 * exact_ties = 1 uses a binary heap that does every push and pop exactly as
 * scikit-image's does, so the labels are equal in every case (slower:
 * O(N log N)).
 *
 * Cost without compactness: a hierarchical bucket queue (one FIFO per grey
 * level, a two-level bitmap of the non-empty levels), every pixel queued
 * once: O(N) for u8/u16; f32 surfaces are first ranked (a radix sort of the
 * values), then flooded the same way.  Memory: 8 bytes per pixel plus the
 * queue (about 4 bytes per queued pixel) besides the output; f32 adds 12
 * bytes per pixel for the ranking.  With compactness or exact_ties a
 * binary heap (pixels may be queued several times).
 *
 * Thread safety: reentrant, no global state.  Nothing here prints.
 */
#ifndef SEGKIT_WATERSHED_H
#define SEGKIT_WATERSHED_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ flooding */

typedef struct segkit_watershed_params {
    int connectivity;    /* 4 (default: skimage's connectivity=1) or 8 */
    double compactness;  /* >= 0 (default 0: plain watershed) */
    int lines;           /* 1: label 0 between basins (watershed_line) */
    int exact_ties;      /* 1: skimage's heap order for equal-valued markers */
} segkit_watershed_params;

SEGKIT_API segkit_watershed_params segkit_watershed_params_default(void);

/* Floods surface from markers.
 *   surface  1 channel u8, u16 or f32 (NaN counts as above every number).
 *   markers  SEGKIT_I32 of surface's size; nonzero = seed with that label.
 *            Seeds outside the mask are dropped (skimage: markers * mask).
 *   mask     may be NULL (every pixel); else 1 channel u8/u16/i32/f32 of
 *            surface's size, nonzero = flooded.
 *   params   may be NULL (defaults).
 *   labels   out: a new owned SEGKIT_I32 image (segkit_watershed_to: an
 *            existing I32 image of surface's size, a view is fine).  Pixels
 *            outside the mask, line pixels and pixels no front reaches are 0.
 * Returns SEGKIT_ERR_ARG (NULL, connectivity, negative or NaN compactness),
 * _TYPE, _SIZE, _TOO_LARGE (more than 2^32 - 2 pixels with a 1-pixel
 * border), _NOMEM.  On error *labels is zeroed (segkit_watershed_to: its
 * contents are unspecified). */
SEGKIT_API int segkit_watershed(const segkit_image *surface,
                                const segkit_image *markers,
                                const segkit_image *mask,
                                const segkit_watershed_params *params,
                                segkit_image *labels);
SEGKIT_API int segkit_watershed_to(const segkit_image *surface,
                                   const segkit_image *markers,
                                   const segkit_image *mask,
                                   const segkit_watershed_params *params,
                                   segkit_image *labels);

/* -------------------------------------------------------------- markers
 * Every function here writes a new owned SEGKIT_I32 label image *markers
 * (0 = no seed, objects 1..*count numbered in raster order of their first
 * pixel, as segkit_label) unless said otherwise; *count (may be NULL) gets
 * the number of markers.  connectivity (4 or 8) is the labelling's.
 * On error *markers is zeroed. */

/* The regional minima (maxima = 0) or maxima (maxima = 1) of img (1 channel
 * u8/u16/f32): with h <= 0 every regional extremum (skimage's markerless
 * watershed: local_minima(image, connectivity) then label), with h > 0 the
 * h-extrema (the dynamics-based markers: label(h_minima(image, h))).  mask
 * (may be NULL; 1 channel, nonzero = kept) drops the extrema outside it
 * after they are found, as skimage's local_minima(...) * mask. */
SEGKIT_API int segkit_watershed_markers_extrema(const segkit_image *img,
                                                double h, int maxima,
                                                int connectivity,
                                                const segkit_image *mask,
                                                segkit_image *markers,
                                                int32_t *count);

/* OpenCV's recipe (py_watershed tutorial): the components of
 * dist > fraction * max(dist), fraction in [0, 1).  dist: 1 channel
 * u8/u16/f32 (a distance map).  SEGKIT_ERR_EMPTY if dist has no positive
 * pixel. */
SEGKIT_API int segkit_watershed_markers_fraction(const segkit_image *dist,
                                                 double fraction,
                                                 int connectivity,
                                                 segkit_image *markers,
                                                 int32_t *count);

/* Sure background (OpenCV's recipe: dilate the mask 3x3 `radius` times):
 * the pixels of markers (SEGKIT_I32, modified in place) outside the mask
 * dilated by a (2 radius + 1) square become seeds of label `label` (give a
 * label no object has, and clear it from the result afterwards).
 * radius >= 0; mask: 1 channel of markers' size, nonzero = object. */
SEGKIT_API int segkit_watershed_markers_background(segkit_image *markers,
                                                   const segkit_image *mask,
                                                   int radius, int32_t label);

/* Point seeds: label i + 1 at pixel (round(xy[2i]), round(xy[2i+1])) (x =
 * column, y = row) of a new w x h image; a later point on the same pixel
 * wins.  SEGKIT_ERR_ARG if a point lies outside the image (*bad gets its
 * index when bad is not NULL). */
SEGKIT_API int segkit_watershed_markers_points(int w, int h, const double *xy,
                                               size_t n, segkit_image *markers,
                                               size_t *bad);

/* ------------------------------------------------------------- surfaces */

typedef enum segkit_watershed_surface_kind {
    SEGKIT_SURFACE_IMAGE = 0,  /* the image itself (a copy) */
    SEGKIT_SURFACE_INVERT,     /* max - v (255 - v, 65535 - v; f32: -v) */
    SEGKIT_SURFACE_GRADIENT,   /* Sobel magnitude sqrt(gx^2 + gy^2), edge
                                  pixels replicated: u16 (rounded) from u8,
                                  f32 from u16 and f32 */
    SEGKIT_SURFACE_DT,         /* -EDT of the image as a mask (nonzero =
                                  object), f32: basins at object centres */
    SEGKIT_SURFACE_COUNT
} segkit_watershed_surface_kind;

/* "image", "invert", "gradient", "dt"; NULL if invalid. */
SEGKIT_API const char *segkit_watershed_surface_name(segkit_watershed_surface_kind k);
SEGKIT_API int segkit_watershed_surface_parse(const char *name,
                                              segkit_watershed_surface_kind *k);

/* The surface of kind k from in (1 channel u8/u16/f32; DT: any type) into
 * a new owned image.  SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_watershed_surface(const segkit_image *in,
                                        segkit_watershed_surface_kind k,
                                        segkit_image *out);

/* ---------------------------------------------------------------- split
 * Touching objects of a mask apart: EDT of the mask -> markers -> watershed
 * of -EDT inside the mask. */

typedef struct segkit_watershed_split_params {
    int connectivity;   /* flooding and labelling: 4 or 8 (default 8) */
    double h;           /* markers: the extended maxima of the EDT, domes
                           standing more than h pixels above their saddles
                           (regional maxima of the reconstruction of
                           EDT - h under EDT); 0 (default): h_size x d, at
                           least 1, d twice the median over the mask's
                           8-connected components of their largest EDT
                           value (a cluster of touching objects counts as
                           one of them) */
    int lines;          /* 1: label 0 between touching objects */
    double compactness; /* as segkit_watershed_params (default 0) */
    double h_size;      /* > 0, default 0.06 (chosen on BBBC039's training
                           fields: docs/watershed-nuclei.md) */
    int keep_all;       /* 1: a component of the mask without such a dome
                           (no pixel farther than about h from the
                           background: specks, threads) still becomes one
                           object; 0 (default): it is dropped as noise */
    double min_size;    /* >= 0: components of the mask smaller than
                           min_size x pi d^2 / 4 are removed first
                           (default 0.1; 0: none) */
} segkit_watershed_split_params;

SEGKIT_API segkit_watershed_split_params segkit_watershed_split_params_default(void);

/* Splits mask (1 channel, nonzero = object) into objects: a new owned I32
 * label image *labels, objects 1..*count (count may be NULL) numbered in
 * raster order of their first pixel.  With keep_all every component of
 * the mask gets at least one object; by default the components with no
 * seed are left out (0).  SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_watershed_split(const segkit_image *mask,
                                      const segkit_watershed_split_params *params,
                                      segkit_image *labels, int32_t *count);

/* ==================================================================== */
/* peak_local_max (src/watershed/peaks.c)                               */
/* ==================================================================== */
/*
 * Local maxima of an image that are at least min_distance apart, exactly as
 * skimage.feature.peak_local_max (scikit-image 0.19):
 *  1. candidates: pixels equal to the maximum of their footprint window
 *     (scipy.ndimage.maximum_filter, mode 'constant': outside the image
 *     counts as 0) and above the threshold, max(threshold_abs or the image
 *     minimum, threshold_rel * image maximum); strictly above.  An image
 *     whose pixels are all equal to their window maximum has no peak.
 *  2. candidates within exclude_border pixels of an edge are dropped.
 *  3. candidates are ordered by decreasing value; equal values come in the
 *     order numpy.argsort(-values) (kind 'quicksort', an introsort: not
 *     stable) gives them, candidates listed in raster order: this order is
 *     reproduced exactly, as it decides which of two equal peaks is kept.
 *  4. in that order, a candidate is kept unless a kept one lies at a
 *     distance < min_distance (Minkowski p_norm: Chebyshev by default);
 *     the first num_peaks kept ones are returned.
 * With labels, 1-3 run per label (labels 1, 2, ... in that order) on the
 * label's bounding box (computed after the border exclusion), pixels of
 * other labels set to the type's lowest value, at most num_peaks_per_label
 * each; a label whose pixels are all window maxima yields the pixels that
 * an opening by the 3x3 cross removes; the lists are concatenated, and if
 * more than num_peaks, 3-4 run once more over all of them.
 * The comparisons are numpy's: u8/u16 values against the threshold in
 * double, f32 values against the threshold rounded to float.
 * Differences from skimage: NaN pixels of an f32 image are never peaks and
 * count as -inf in the windows (skimage's default threshold becomes NaN
 * and it returns no peak at all).
 */

/* exclude_border value meaning "min_distance" (skimage's True) */
#define SEGKIT_PEAKS_BORDER_MIN_DISTANCE (-1)
/* num_peaks / num_peaks_per_label value meaning "no limit" (np.inf) */
#define SEGKIT_PEAKS_ALL (-1)

typedef struct segkit_peaks_params {
    int min_distance;        /* >= 0, default 1; the footprint is the
                                (2 min_distance + 1)^2 square when
                                footprint is NULL */
    double threshold_abs;    /* NaN (default): None (the image minimum) */
    double threshold_rel;    /* NaN (default): None */
    int exclude_border[2];   /* rows, columns: pixels dropped at each edge;
                                SEGKIT_PEAKS_BORDER_MIN_DISTANCE (default,
                                skimage's True), 0 (False) or n >= 0 */
    int64_t num_peaks;       /* >= 0 or SEGKIT_PEAKS_ALL (default) */
    int64_t num_peaks_per_label;  /* the same, per label */
    double p_norm;           /* >= 1; INFINITY (default): Chebyshev */
    const segkit_image *footprint;  /* NULL, or 1-channel u8 (nonzero = in
                                the window), centred at (w/2, h/2):
                                out(p) = max of in(p + k - centre) */
    const segkit_image *labels;     /* NULL, or I32 of the image's size;
                                labels <= 0 are background */
} segkit_peaks_params;

SEGKIT_API segkit_peaks_params segkit_peaks_params_default(void);

typedef struct segkit_peak {
    int32_t row, col;
} segkit_peak;

/* The peaks of image (1 channel u8, u16 or f32), in skimage's order:
 * *peaks gets a malloc'ed array of *count (row, col) pairs (NULL when
 * *count is 0); free() it.  params may be NULL (defaults).
 * Returns SEGKIT_ERR_ARG (NULL, bad parameter, footprint larger than
 * 4095 x 4095 or empty), SEGKIT_ERR_TYPE (image or footprint or labels of
 * another type), SEGKIT_ERR_SIZE (labels of another size),
 * SEGKIT_ERR_NOMEM.  On error *peaks is NULL and *count 0. */
SEGKIT_API int segkit_peak_local_max(const segkit_image *image,
                                     const segkit_peaks_params *params,
                                     segkit_peak **peaks, int64_t *count);

/* Markers from peaks, as scikit-image's watershed example makes them: a
 * new owned I32 image (width x height) of the components of the peaks'
 * mask, numbered in raster order (connectivity 4:
 * scipy.ndimage.label(mask); or 8).  (One label per peak in list order:
 * segkit_watershed_markers_points.)  Peaks outside the image are
 * SEGKIT_ERR_ARG.  *n (may be NULL) gets the number of markers. */
SEGKIT_API int segkit_peaks_to_markers(const segkit_peak *peaks, int64_t count,
                                       int width, int height, int connectivity,
                                       segkit_image *markers, int32_t *n);

#ifdef __cplusplus
}
#endif
#endif
