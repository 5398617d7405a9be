/* segkit/distance.h - distance transforms of masks.
 *
 * For every pixel, the distance to the nearest "feature" pixel: by default
 * the nearest zero pixel, so that object pixels get their distance to the
 * background and background pixels 0, as scipy.ndimage.distance_transform_edt
 * and OpenCV's distanceTransform.  The input is one channel of any type;
 * nonzero is foreground.
 *
 * Metrics:
 *   euclidean   exact, in linear time: the nearest feature row of every
 *               column (two scans), then per row the lower envelope of
 *               parabolas (Meijster et al. 2000; Felzenszwalb & Huttenlocher,
 *               "Distance Transforms of Sampled Functions", 2012).  Equal to
 *               scipy's distance_transform_edt, with `sampling` = (sy, sx).
 *   cityblock   exact |dx| sx + |dy| sy (scipy's cdt 'taxicab').
 *   chessboard  exact max(|dx|, |dy|) (scipy's cdt 'chessboard').
 *   chamfer34   Borgefors' 3-4 chamfer (two raster scans), divided by 3.
 *   chamfer5711 Borgefors' 5-7-11 chamfer (knight moves too), divided by 5.
 * Euclidean and city-block take any pixel size (spacing_x, spacing_y); the
 * others take only a square pixel (sx == sy, the result is scaled by it):
 * SEGKIT_ERR_ARG otherwise.
 *
 * Pixels with no feature pixel anywhere (an image with no zero pixel, say)
 * get +inf (65535 in u16 output; nearest index -1).
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_DISTANCE_H
#define SEGKIT_DISTANCE_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum segkit_distance_metric {
    SEGKIT_DISTANCE_EUCLIDEAN = 0,
    SEGKIT_DISTANCE_CITYBLOCK,
    SEGKIT_DISTANCE_CHESSBOARD,
    SEGKIT_DISTANCE_CHAMFER34,
    SEGKIT_DISTANCE_CHAMFER5711,
    SEGKIT_DISTANCE_METRIC_COUNT
} segkit_distance_metric;

typedef enum segkit_distance_target {
    /* distance to the nearest zero pixel (0 on zero pixels): scipy, OpenCV */
    SEGKIT_DISTANCE_TO_ZERO = 0,
    /* distance to the nearest nonzero pixel (0 on nonzero pixels) */
    SEGKIT_DISTANCE_TO_NONZERO,
    /* signed: to-zero minus to-nonzero, so > 0 inside the objects (distance
     * to the background), < 0 outside (minus the distance to the nearest
     * object pixel); never 0 when both classes are present */
    SEGKIT_DISTANCE_SIGNED,
    SEGKIT_DISTANCE_TARGET_COUNT
} segkit_distance_target;

typedef struct segkit_distance_params {
    segkit_distance_metric metric;  /* default euclidean */
    segkit_distance_target target;  /* default SEGKIT_DISTANCE_TO_ZERO */
    double spacing_x, spacing_y;    /* pixel size; default 1, 1 */
    segkit_type out_type;           /* SEGKIT_F32 (default) or SEGKIT_U16 */
    /* u16 output: round(d * scale) saturated to 0..65535 (signed: |d|
     * is not taken, negative values become 0); default 1 */
    double scale;
} segkit_distance_params;

SEGKIT_API segkit_distance_params segkit_distance_params_default(void);

/* "euclidean", "cityblock", "chessboard", "chamfer34", "chamfer5711";
 * "?" for an invalid value. */
SEGKIT_API const char *segkit_distance_metric_name(segkit_distance_metric m);
/* The metric named `name` (as above); SEGKIT_ERR_ARG if none. */
SEGKIT_API int segkit_distance_metric_parse(const char *name,
                                            segkit_distance_metric *m);

/* The distance transform of mask (1 channel, u8/u16/f32/i32; nonzero =
 * foreground) into *out (allocated here: p->out_type, 1 channel).  params
 * may be NULL (defaults).  nearest (may be NULL) receives, as scipy's
 * return_indices, the nearest feature pixel of every pixel: an I32 image of
 * 2 channels, (row, column) as scipy's indices[0], indices[1]; -1, -1 where
 * there is none.  With SEGKIT_DISTANCE_SIGNED it is the nearest pixel of the
 * other class.  Ties between equally near feature pixels go to either.
 * Returns SEGKIT_ERR_ARG (NULL, bad params, non-square pixel for a metric
 * that needs one), SEGKIT_ERR_TYPE, SEGKIT_ERR_NOMEM; on error the outputs
 * are zeroed. */
SEGKIT_API int segkit_distance_transform(const segkit_image *mask,
                                         const segkit_distance_params *params,
                                         segkit_image *out,
                                         segkit_image *nearest);

/* The same into existing images (views are fine): out of p->out_type, 1
 * channel, nearest (may be NULL) I32 of 2 channels, both of mask's size.
 * No image-sized allocation for a Euclidean or city-block transform to f32
 * that is not signed (the work space is out itself), so a caller
 * transforming many frames reuses its buffers.  SEGKIT_ERR_TYPE /
 * SEGKIT_ERR_SIZE if they do not fit; on error the outputs' contents are
 * unspecified. */
SEGKIT_API int segkit_distance_transform_to(const segkit_image *mask,
                                            const segkit_distance_params *params,
                                            segkit_image *out,
                                            segkit_image *nearest);

#ifdef __cplusplus
}
#endif
#endif
