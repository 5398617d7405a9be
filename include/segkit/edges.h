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
 *            A 1-channel image without a mask and with absolute thresholds
 *            takes the fast path: float, row by row in cache, SIMD (SSE2,
 *            AVX2 or AVX-512 chosen at run time, all giving the same bytes);
 *            it differs from skimage.feature.canny only where a float
 *            rounding moves a pixel across a comparison (1 pixel in 2 of
 *            24 camera/coins cases, 0 in the rest); from sigma
 *            12 up it smooths with 4 box filters per axis (step response
 *            within 1 % of the exact kernel's).  Colour, a mask, quantile
 *            or automatic thresholds compute in double.
 *   SKIMAGE  skimage.feature.canny (0.19) step by step, in double.
 *   OPENCV   cv2.Canny (4.6) bit for bit: integer Sobel (aperture 3/5/7;
 *            7 divided by 16 and rounded, thresholds / 16, as OpenCV 4) on
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
                                    segkit_color_convert), each channel / 100 */
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

/* ------------------------------------------------------ soft boundaries */

#define SEGKIT_SOFT_MAX_SCALES 4
#define SEGKIT_SOFT_CUES 4   /* brightness L*, colour a*, colour b*, texture */

/* A soft boundary map for boundary benchmarks (segkit-metrics -t boundary),
 * after Martin, Fowlkes and Malik's Pb (PAMI 2004):
 *  - cues: CIE L* (gray input: the gray value), a*, b* (all / 100) in 8, 6
 *    and 6 linearly interpolated histogram bins, and 10 textons (flat or by
 *    gradient orientation in 4 bins, times the sign of a difference of
 *    Gaussians; from L at sigma 1 and 2);
 *  - at each scale s (Gaussian sigma; sigma >= 4 on a grid pooled by
 *    floor(sigma / 2) and interpolated back) each cue's bin fractions S_k
 *    are smoothed and differentiated (3x3 Sobel) and summed into the tensor
 *    T = sum_k g_k g_k^T / (S_k + 0.02): n^T T n is the first-order
 *    chi-squared distance of the two half-windows' histograms across a
 *    boundary of normal n, and f(n) = sqrt(n^T T n) the cue's gradient;
 *  - per pixel, the normal of 8 orientations (refined by a parabola) with
 *    the largest sum of weight x f, and there p = 1 / (1 + exp(-(bias +
 *    sum weight x f))), a boundary probability (the weights are logistic
 *    regression fitted on the BSDS500 train split);
 *  - skimage's non-maximum suppression thins p; the map is p on the maxima,
 *    0 elsewhere (so in [0, 1)), optionally scaled down on short curves
 *    (length).  Samples are on the [0, 1] scale (8-bit / 255). */
typedef struct segkit_soft_params {
    double sigmas[SEGKIT_SOFT_MAX_SCALES];  /* 0 ends the list (default 1, 2, 4, 8) */
    /* weights[cue][scale] and the bias: the fitted ones by default (they
     * belong to the default scales) */
    double weights[SEGKIT_SOFT_CUES][SEGKIT_SOFT_MAX_SCALES];
    double bias;
    int color;             /* 1 (default): colour input gives the a*, b* cues;
                              0: gray only (colour is converted) */
    double texture;        /* multiplies the texture cue's weights; 0 = no
                              texture cue (default 1) */
    double length;         /* > 0: a maximum on an 8-connected curve of L
                              maxima of 0.05 or more is scaled by
                              L / (L + length) (others as L = 1), so that
                              short texture fragments fade (default 20) */
    segkit_type out_type;  /* SEGKIT_F32 (default) or SEGKIT_U16 (x 65535) */
} segkit_soft_params;

SEGKIT_API segkit_soft_params segkit_soft_params_default(void);

/* The soft boundary map of a 1- or 3-channel u8/u16/f32 image, into a new
 * owned 1-channel image.  SEGKIT_ERR_ARG, _TYPE, _NOMEM, _OVERFLOW. */
SEGKIT_API int segkit_edges_soft(const segkit_image *in, const segkit_soft_params *params,
                                 segkit_image *out);

/* For fitting the weights: the cue gradients f at each pixel's chosen
 * normal, features[(cue * SEGKIT_SOFT_MAX_SCALES + scale) * w * h + pixel]
 * (0 for cues and scales not computed), and the non-maximum suppression's
 * maxima (w * h bytes, 1 = maximum), under params' weights. */
SEGKIT_API int segkit_edges_soft_features(const segkit_image *in,
                                          const segkit_soft_params *params,
                                          float *features, uint8_t *maxima);

/* ------------------------------------------------------ edges -> regions */

typedef enum segkit_regions_mode {
    SEGKIT_REGIONS_CLOSE = 0, /* a closing done in two halves: the edges are
                                 dilated by disk(ceil(gap / 2)) (segkit_morph),
                                 which shuts gaps up to gap pixels, and the
                                 regions found between them grow back over
                                 the dilation (segkit_label_expand); a plain
                                 closing cannot bridge a gap in a 1-pixel line */
    SEGKIT_REGIONS_LINK,      /* every curve end is joined by a straight
                                 segment to the edge pixel it points at
                                 within gap pixels (see segkit_edges_regions) */
    SEGKIT_REGIONS_WATERSHED, /* segkit_watershed on the surface from the
                                 h-minima of the surface (no edges needed) */
    SEGKIT_REGIONS_MODE_COUNT
} segkit_regions_mode;

typedef struct segkit_regions_params {
    segkit_regions_mode mode;
    int gap;             /* close/link: longest gap bridged, pixels (default 3) */
    int64_t min_area;    /* regions with fewer pixels are dropped (default 0) */
    double h;            /* watershed: depth of the h-minima markers, surface
                            units (default 0.02: a skimage-scale magnitude) */
    int keep_edges;      /* close/link: 1 leaves edge pixels 0 (close: the
                            dilated edges); 0 (default) gives them to the
                            nearest region within ceil(gap / 2) + 2 pixels
                            (segkit_label_expand) */
} segkit_regions_params;

SEGKIT_API segkit_regions_params segkit_regions_params_default(void);
SEGKIT_API const char *segkit_regions_mode_name(segkit_regions_mode m);

/* Regions enclosed by edges.
 *   edges    close/link: 1-channel u8, nonzero = edge (Canny's output);
 *            ignored (may be NULL) for watershed.
 *   surface  watershed: 1-channel u8/u16/f32 (a gradient magnitude); else
 *            ignored (may be NULL).
 *   labels   out: new owned SEGKIT_I32, regions 1..count in raster order of
 *            their first pixel, 0 = edges / dropped regions.
 * Close/link: the gaps are bridged, the non-edge pixels are labelled
 * 4-connected (segkit_label), regions under min_area are dropped
 * (segkit_label_remove_small) and the rest renumbered.  Link: an end is an
 * edge pixel with one 8-neighbour on the edge; its direction is the end
 * minus the pixel 4 steps back along the curve; the target is the edge pixel
 * within gap (Euclidean) that is not within 2 gap + 2 steps of the end along
 * the curve and lies within 60 degrees of that direction (gap missing pixels:
 * gap + 1 away), the one with the
 * least distance x (2 - cos angle), other ends counting 0.7 times.
 * SEGKIT_ERR_ARG, _TYPE, _SIZE, _NOMEM. */
SEGKIT_API int segkit_edges_regions(const segkit_image *edges,
                                    const segkit_image *surface,
                                    const segkit_regions_params *params,
                                    segkit_image *labels, int32_t *count);

#ifdef __cplusplus
}
#endif
#endif
