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
 * values), then flooded the same way.  Memory: about 10 bytes per pixel
 * besides the output.  With compactness a binary heap (pixels may be
 * queued several times).
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

#ifdef __cplusplus
}
#endif
#endif
