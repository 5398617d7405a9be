/* segkit/label.h - label images: connected components, relabelling and
 * filters, region properties.
 *
 * A label image is a 1-channel SEGKIT_I32 image; 0 is the background and
 * objects are 1..count.  Labels never wrap: any number of objects that fits
 * in int32 is fine (OpenCV's 16-bit labels wrap at 65535).
 *
 * Conventions (scikit-image's, so that numbers can be compared):
 *  - components are numbered in raster order of their first pixel
 *    (skimage.measure.label);
 *  - coordinates are (row, col); a bounding box is (min_row, min_col,
 *    max_row + 1, max_col + 1);
 *  - region properties have skimage.measure.regionprops' names and
 *    definitions (see segkit_region below).
 *
 * Thread safety: reentrant, no global state.  Nothing here prints.
 */
#ifndef SEGKIT_LABEL_H
#define SEGKIT_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/image.h"
#include "segkit/metrics.h"   /* segkit_fg: which pixels are foreground */

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ components */

typedef enum segkit_label_mode {
    SEGKIT_LABEL_MASK = 0,   /* components of the pixels selected by fg */
    SEGKIT_LABEL_VALUES      /* components of equal nonzero value (a label or
                                gray image); value 0 is background */
} segkit_label_mode;

typedef struct segkit_label_params {
    int connectivity;        /* 4 or 8 (default 8, skimage's default in 2-D) */
    segkit_label_mode mode;  /* default SEGKIT_LABEL_MASK */
    segkit_fg fg;            /* MASK mode: default SEGKIT_FG_NONZERO */
} segkit_label_params;

SEGKIT_API segkit_label_params segkit_label_params_default(void);

/* Per-component statistics gathered while labelling (OpenCV's
 * connectedComponentsWithStats plus the centroid). */
typedef struct segkit_label_stat {
    int64_t area;            /* pixels */
    int bbox[4];             /* min_row, min_col, max_row + 1, max_col + 1 */
    double centroid[2];      /* mean row, mean col */
} segkit_label_stat;

/* Labels the connected components of src.
 *   src     1 channel u8, u16, i32 or f32 (MASK mode; f32 only through fg
 *           modes that compare values), or u8/u16/i32 (VALUES mode).  A
 *           multi-channel image is SEGKIT_ERR_TYPE (convert to gray first).
 *   labels  out: a new owned SEGKIT_I32 image of src's size
 *           (segkit_label_to: an existing I32 image of that size, reused).
 *   count   out: number of components (0 for an empty mask: not an error).
 *   stats   out, may be NULL: a malloc'ed array of count + 1 entries indexed
 *           by label (entry 0, the background, is zero); free() it.
 * Returns SEGKIT_ERR_ARG, _TYPE, _SIZE, _NOMEM, _OVERFLOW (more than
 * INT32_MAX components).  On error the outputs are zeroed / NULL.
 * Algorithm: two passes with union-find (path halving).  8-connected masks
 * dense in short runs (noise) are scanned by 2x2 blocks, each block's joins
 * with its four labelled neighbours decided from the pixels around it
 * (Grana et al.'s block-based decision table, 32 blocks per word
 * operation); other masks, 4-connectivity and VALUES mode by runs (He et
 * al.'s run-based scan, runs found 64 pixels at a time).  Statistics are
 * accumulated per run or per block; the numbering is raster order of the
 * first pixel either way. */
SEGKIT_API int segkit_label(const segkit_image *src,
                            const segkit_label_params *params,
                            segkit_image *labels, int32_t *count,
                            segkit_label_stat **stats);
SEGKIT_API int segkit_label_to(const segkit_image *src,
                               const segkit_label_params *params,
                               segkit_image *labels, int32_t *count,
                               segkit_label_stat **stats);

/* ---------------------------------------------------- masks: objects/holes
 * mask: 1-channel u8, modified in place (0 = background, else foreground;
 * pixels that change are set to 0 or 255). */

/* A new owned u8 mask of src's size: 255 where src (1 channel, any type) is
 * foreground under fg, else 0.  SEGKIT_ERR_TYPE for several channels. */
SEGKIT_API int segkit_mask_from_fg(const segkit_image *src, segkit_fg fg,
                                   segkit_image *mask);

/* Removes the foreground components (connectivity 4 or 8) with fewer than
 * min_area pixels: skimage.morphology.remove_small_objects(mask, min_area,
 * connectivity=1 for 4, 2 for 8). */
SEGKIT_API int segkit_mask_remove_small_objects(segkit_image *mask,
                                                int64_t min_area,
                                                int connectivity);

/* Fills the background components (connectivity 4 or 8) with fewer than
 * area pixels, those touching the border included:
 * skimage.morphology.remove_small_holes(mask, area, connectivity=1|2). */
SEGKIT_API int segkit_mask_remove_small_holes(segkit_image *mask,
                                              int64_t area, int connectivity);

/* Fills every hole: background components (connectivity 4 or 8) that do not
 * touch the image border.  connectivity 4 is
 * scipy.ndimage.binary_fill_holes(mask) (its default structure). */
SEGKIT_API int segkit_mask_fill_holes(segkit_image *mask, int connectivity);

/* ----------------------------------------------------- label images
 * labels: SEGKIT_I32, modified in place.  Negative values are treated as
 * background by these functions' outputs (they are kept as they are). */

/* Sets pixels of label l to 0 where keep[l] == 0, for 1 <= l <= count;
 * labels outside 1..count are left alone. */
SEGKIT_API int segkit_label_keep(segkit_image *labels, const uint8_t *keep,
                                 int32_t count);

/* Renumbers the positive labels to 1..n in ascending order of their values
 * (skimage.segmentation.relabel_sequential); *count gets n. */
SEGKIT_API int segkit_label_relabel_sequential(segkit_image *labels,
                                               int32_t *count);

/* Clears the objects having a pixel within border_width (>= 1) pixels of
 * the image edge: skimage.segmentation.clear_border(labels,
 * buffer_size = border_width - 1) on an image of connected components. */
SEGKIT_API int segkit_label_clear_border(segkit_image *labels,
                                         int border_width);

/* Keeps the n largest objects by area (ties: the smaller label first). */
SEGKIT_API int segkit_label_keep_largest(segkit_image *labels, int32_t n);

/* Removes the objects with fewer than min_area pixels. */
SEGKIT_API int segkit_label_remove_small(segkit_image *labels,
                                         int64_t min_area);

/* Grows every label by up to distance pixels (Euclidean) into the
 * background without overlap: each background pixel within distance of an
 * object takes the label of its nearest object pixel
 * (skimage.segmentation.expand_labels). */
SEGKIT_API int segkit_label_expand(segkit_image *labels, double distance);

/* A viewable picture of a label image: a new owned 3-channel u8 image where
 * every positive label L has the colour segkit_palette_color gives it in the
 * Glasbey-style palette (segkit/render.h: entry (L - 1) mod 256, the same in
 * every image and run) and the rest is black. */
SEGKIT_API int segkit_label_colorize(const segkit_image *labels,
                                     segkit_image *rgb);

/* -------------------------------------------------- region properties */

/* Groups of properties: the cost of each group is paid only when asked. */
enum {
    SEGKIT_PROPS_BASIC = 1,      /* label, area, bbox, centroid, extent, area_bbox,
                                    equivalent diameter, moments: axes,
                                    orientation, eccentricity (always done) */
    SEGKIT_PROPS_PERIMETER = 2,  /* perimeter */
    SEGKIT_PROPS_CONVEX = 4,     /* area_convex, solidity */
    SEGKIT_PROPS_FERET = 8,      /* feret_diameter_max (implies CONVEX) */
    SEGKIT_PROPS_INTENSITY = 16, /* intensity min/max/mean/std, weighted
                                    centroid (needs an intensity image) */
    SEGKIT_PROPS_MEDIAN = 32,    /* intensity_median (needs an intensity image) */
    SEGKIT_PROPS_EULER = 64,     /* perimeter_crofton, euler_number */
    SEGKIT_PROPS_ALL = 127
};

/* One region.  Definitions are skimage.measure.regionprops' (0.19):
 *  perimeter        perimeter(image, 4): 4-connected border pixels weighted
 *                   by their border neighbours (1, sqrt 2, (1 + sqrt 2)/2);
 *  perimeter_crofton  perimeter_crofton(image, 4);
 *  euler_number     8-connectivity (objects minus 4-connected holes);
 *  axis lengths     4 sqrt(eigenvalue) of the inertia tensor;
 *  orientation      angle between the row axis and the major axis, radians
 *                   in [-pi/2, pi/2];
 *  area_convex      pixels whose centres lie in the convex hull of the
 *                   pixels' edge midpoints (convex_hull_image);
 *  feret_diameter_max  longest distance between points of the hull
 *                   image's 0.5 iso-contour;
 *  intensity_std    population standard deviation (ddof 0);
 *  intensity_median the middle value, the mean of the two middle ones for
 *                   an even count (numpy.median). */
typedef struct segkit_region {
    int32_t label;
    int64_t area, area_bbox, area_convex;
    int bbox[4];                  /* min_row, min_col, max_row + 1, max_col + 1 */
    double centroid[2];           /* row, col */
    double centroid_weighted[2];
    double perimeter, perimeter_crofton;
    int euler_number;
    double equivalent_diameter, axis_major_length, axis_minor_length;
    double orientation, eccentricity, solidity, extent;
    double feret_diameter_max;
    double intensity_min, intensity_max, intensity_mean, intensity_std,
           intensity_median;
} segkit_region;

/* Computes the properties of every label 1..max label of labels (I32; a
 * label without pixels gets area 0 and is reported with NaN where a value
 * is undefined).  intensity (may be NULL unless INTENSITY/MEDIAN is asked)
 * is 1-channel u8, u16 or f32 of labels' size.  *regions gets a malloc'ed
 * array of *count entries, regions[i].label = i + 1; free() it.
 * Returns SEGKIT_ERR_ARG, _TYPE, _SIZE, _NOMEM. */
SEGKIT_API int segkit_regionprops(const segkit_image *labels,
                                  const segkit_image *intensity, int what,
                                  segkit_region **regions, int32_t *count);

/* Scalar property names, as the columns of skimage's regionprops_table
 * ("label", "area", "bbox-0".."bbox-3", "centroid-0", "centroid-1",
 * "centroid_weighted-0", ...).  An index is 0..segkit_region_prop_count()-1. */
SEGKIT_API int segkit_region_prop_count(void);
SEGKIT_API const char *segkit_region_prop_name(int index);
/* The SEGKIT_PROPS_* group a property needs. */
SEGKIT_API int segkit_region_prop_group(int index);
/* Index of a name: the column names above, "bbox_0" for "bbox-0", and the
 * older skimage names (equivalent_diameter, major_axis_length,
 * minor_axis_length, convex_area, bbox_area, min_intensity, ...); -1 if
 * unknown.  n is the name's length (-1: NUL-terminated). */
SEGKIT_API int segkit_region_prop_find(const char *name, int n);
SEGKIT_API double segkit_region_prop_value(const segkit_region *r, int index);

/* --------------------------------------------------- filter expressions */

/* A compiled expression over property names: numbers, names, + - * /,
 * comparisons < <= > >= == !=, && || !, parentheses; true is nonzero.
 * Example: "area >= 50 && solidity > 0.9". */
typedef struct segkit_expr segkit_expr;

/* Compiles text.  On a syntax error or an unknown name returns
 * SEGKIT_ERR_ARG with *err_pos the 0-based byte offset of the error and
 * *err_msg a static message ("unknown property name", "expected ')'", ...).
 * *groups (may be NULL) gets the SEGKIT_PROPS_* groups the names need. */
SEGKIT_API int segkit_expr_compile(const char *text, segkit_expr **expr,
                                   size_t *err_pos, const char **err_msg,
                                   int *groups);
SEGKIT_API double segkit_expr_eval(const segkit_expr *expr,
                                   const segkit_region *r);
SEGKIT_API void segkit_expr_free(segkit_expr *expr);

#ifdef __cplusplus
}
#endif
#endif
