/* segkit/edges.h - gradients, Laplacians, Gaussian smoothing and Canny.
 *
 * Filters (segkit_edges_filter) follow scikit-image's definitions: integer
 * samples are first scaled to [0, 1] (u8 / 255, u16 / 65535, f32 as it is,
 * as img_as_float does), kernels are scipy.ndimage correlations, and the
 * gradient magnitude is sqrt((gx^2 + gy^2) / 2) as skimage.filters.sobel
 * computes it.  Output is f32, or u16 = round(value * out_scale) saturated.
 *
 * Canny (segkit_edges_canny) has three modes:
 *   NATIVE   Gaussian (sigma), 3x3 Sobel, interpolated non-maximum
 *            suppression and 8-connected hysteresis as scikit-image does it,
 *            computed on the 8-bit scale (u8 as is, u16 / 257, f32 x 255), so
 *            that a 16-bit image x257 with thresholds x257, or a float image
 *            /255 with thresholds /255, gives the 8-bit result exactly.
 *   SKIMAGE  skimage.feature.canny (0.19) step by step, in double.
 *   OPENCV   cv2.Canny (4.6) bit for bit: integer Sobel (aperture 3/5/7) on
 *            u8 with BORDER_REPLICATE, L1 or squared-L2 integer magnitude,
 *            the TG22 sector test and 8-connected hysteresis on > thresholds.
 * Thresholds are in sample units of the unnormalised Sobel magnitude (as both
 * peers take them): a u8 image's 50/150 are cv2.Canny's 50/150 and
 * skimage's low_threshold=50, high_threshold=150.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_EDGES_H
#define SEGKIT_EDGES_H

#include "segkit/image.h"
#include "segkit/threshold.h"   /* segkit_border */

#ifdef __cplusplus
extern "C" {
#endif

typedef enum segkit_edges_method {
    SEGKIT_EDGES_SOBEL = 0,  /* aperture 3 (skimage), 5 or 7 (OpenCV's kernels) */
    SEGKIT_EDGES_SCHARR,     /* [3 10 3]/16 x [1 0 -1] */
    SEGKIT_EDGES_PREWITT,    /* [1 1 1]/3 x [1 0 -1] */
    SEGKIT_EDGES_ROBERTS,    /* 2x2 diagonal differences (skimage.filters.roberts) */
    SEGKIT_EDGES_FARID,      /* Farid & Simoncelli 5-tap (skimage) or 7-tap */
    SEGKIT_EDGES_CENTRAL,    /* (I[x+1] - I[x-1]) / 2 */
    SEGKIT_EDGES_LAPLACE,    /* 4 I - N - S - E - W (skimage.filters.laplace) */
    SEGKIT_EDGES_LOG,        /* scipy.ndimage.gaussian_laplace(sigma) */
    SEGKIT_EDGES_DOG,        /* G(sigma) - G(sigma2) (skimage difference_of_gaussians) */
    SEGKIT_EDGES_GAUSSIAN,   /* skimage.filters.gaussian(sigma) */
    SEGKIT_EDGES_METHOD_COUNT
} segkit_edges_method;

/* What a gradient operator returns. */
typedef enum segkit_edges_output {
    SEGKIT_EDGES_MAGNITUDE = 0, /* sqrt((gx^2 + gy^2) / 2); L1: (|gx| + |gy|) / 2 */
    SEGKIT_EDGES_X,             /* gx: positive where the image gets brighter to the right */
    SEGKIT_EDGES_Y,             /* gy: positive where it gets brighter downwards */
    SEGKIT_EDGES_DIRECTION,     /* atan2(gy, gx) in radians, (-pi, pi] */
    SEGKIT_EDGES_OUTPUT_COUNT
} segkit_edges_output;

/* How the gradient of a colour (3-channel) image is formed. */
typedef enum segkit_edges_color {
    SEGKIT_EDGES_COLOR_NONE = 0, /* gray only: colour input is SEGKIT_ERR_TYPE */
    SEGKIT_EDGES_COLOR_RGB,      /* Di Zenzo structure tensor over R, G, B */
    SEGKIT_EDGES_COLOR_LAB,      /* Di Zenzo over CIE L*a*b* (D65, sRGB input,
                                    each channel divided by 100) */
    SEGKIT_EDGES_COLOR_MAX,      /* the channel with the largest magnitude */
    SEGKIT_EDGES_COLOR_COUNT
} segkit_edges_color;

typedef struct segkit_edges_params {
    segkit_edges_method method;
    segkit_edges_output output;
    int aperture;          /* sobel 3/5/7, farid 5/7, laplace 3; 0 = 3 (farid 5) */
    int l1;                /* magnitude (|gx| + |gy|) / 2 instead of L2 */
    segkit_border border;  /* default SYMMETRIC (scipy's 'reflect', skimage's
                              default); CLIP pads with 0 (scipy 'constant') */
    double sigma;          /* log, dog (low), gaussian: > 0 (default 1) */
    double sigma2;         /* dog high sigma; 0 = 1.6 sigma (skimage's default) */
    double truncate;       /* kernel radius = (int)(truncate * sigma + 0.5); 4 */
    segkit_edges_color color;
    segkit_type out_type;  /* SEGKIT_F32 (default) or SEGKIT_U16 */
    double out_scale;      /* u16: round(v * out_scale), clamped to 0..65535;
                              0 = 65535 (so a magnitude in [0, 1] fills it) */
} segkit_edges_params;

SEGKIT_API segkit_edges_params segkit_edges_params_default(void);

/* "sobel", "scharr", ... ; NULL for an invalid value. */
SEGKIT_API const char *segkit_edges_method_name(segkit_edges_method m);
SEGKIT_API int segkit_edges_method_parse(const char *name, segkit_edges_method *m);

/* Filters a 1-channel u8/u16/f32 image (3-channel with params->color) into a
 * new owned 1-channel image (F32 or U16).  Laplace/LoG/DoG/Gaussian ignore
 * output and color (gray only).  SEGKIT_ERR_ARG (bad params), _TYPE, _NOMEM,
 * _OVERFLOW.  Accuracy: double arithmetic, f32 result (skimage within 1e-6). */
SEGKIT_API int segkit_edges_filter(const segkit_image *in,
                                   const segkit_edges_params *params,
                                   segkit_image *out);

/* ---------------------------------------------------------------- Canny */

typedef enum segkit_canny_mode {
    SEGKIT_CANNY_NATIVE = 0,
    SEGKIT_CANNY_SKIMAGE,
    SEGKIT_CANNY_OPENCV,
    SEGKIT_CANNY_MODE_COUNT
} segkit_canny_mode;

typedef enum segkit_canny_thresholds {
    SEGKIT_CANNY_ABSOLUTE = 0, /* low/high in sample units */
    SEGKIT_CANNY_QUANTILE,     /* low/high in [0, 1]: numpy.percentile (linear)
                                  of the magnitude (skimage use_quantiles) */
    SEGKIT_CANNY_AUTO          /* high = Otsu threshold of the magnitude
                                  (256 bins over its range, skimage
                                  convention), low = high / 2 (low/high unused) */
} segkit_canny_thresholds;

typedef struct segkit_canny_params {
    segkit_canny_mode mode;
    double sigma;          /* native/skimage: Gaussian sigma (default 1; 0 = none) */
    double low, high;      /* see threshold_kind; NaN = skimage's default (0.1
                              and 0.2 of the type's range: 25.5, 51 for u8) */
    segkit_canny_thresholds threshold_kind;
    int l2;                /* opencv: L2 magnitude (native/skimage are L2) */
    int aperture;          /* opencv: Sobel aperture 3, 5 or 7 (default 3) */
    segkit_border border;  /* native/skimage: Gaussian border; default CLIP,
                              i.e. skimage's mode='constant' renormalised by
                              the filtered mask (its bleed-over division) */
    segkit_edges_color color; /* 3-channel input: how gradients combine
                                 (opencv: only MAX, as cv2.Canny does) */
} segkit_canny_params;

SEGKIT_API segkit_canny_params segkit_canny_params_default(void);
SEGKIT_API const char *segkit_canny_mode_name(segkit_canny_mode m);

/* What a Canny run used and found. */
typedef struct segkit_canny_result {
    double low, high;      /* the thresholds used, in sample units of the
                              magnitude (quantile/auto resolved) */
    int64_t edge_pixels;
} segkit_canny_result;

/* Canny edges of a 1-channel (or 3-channel, with params->color) u8/u16/f32
 * image into a new owned u8 mask (255 = edge).  mask (may be NULL): 1-channel
 * u8 of the same size; only pixels where it is nonzero take part (skimage's
 * mask; the opencv mode has none).  result may be NULL.
 * SEGKIT_ERR_ARG (low > high, quantiles outside [0, 1], bad aperture),
 * _TYPE (opencv on non-u8), _SIZE, _NOMEM, _OVERFLOW. */
SEGKIT_API int segkit_edges_canny(const segkit_image *in, const segkit_image *mask,
                                  const segkit_canny_params *params,
                                  segkit_image *out, segkit_canny_result *result);

#ifdef __cplusplus
}
#endif
#endif
