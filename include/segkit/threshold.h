/* segkit/threshold.h - histograms and global thresholds.
 *
 * A threshold T is a sample value; a pixel v is foreground ("light"
 * polarity) when v > T, background when v <= T.  With ImageJ's words: level t
 * separates 0..t from t+1..max.  Dark polarity inverts the mask.
 *
 * Global methods look at a histogram only.  A histogram of an integer image
 * has one bin per value by default (256 for u8, 65536 for u16), so the 16-bit
 * result is exact; `bins` coarsens it.  A float image is binned over its
 * [min, max] (256 bins by default); NaNs are ignored.
 *
 * Where peers disagree (bin centres vs edges, > vs >=, Triangle's off-by-one,
 * IsoData's two variants), segkit_convention selects the behaviour:
 *   SEGKIT_CONV_IMAGEJ   Fiji/ImageJ AutoThresholder (the default)
 *   SEGKIT_CONV_SKIMAGE  scikit-image skimage.filters.threshold_*
 *   SEGKIT_CONV_OPENCV   OpenCV cv::threshold(THRESH_OTSU / THRESH_TRIANGLE)
 * Methods that exist in one peer only ignore the convention except for how a
 * bin is turned into a value (ImageJ: bin's upper value, skimage: centre).
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_THRESHOLD_H
#define SEGKIT_THRESHOLD_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct segkit_histogram {
    uint64_t *count;   /* count[i], i in [0, nbins) */
    int nbins;
    double lo;         /* lowest value of bin 0 */
    double width;      /* bin width in sample units (1 = one bin per value) */
    int integer;       /* 1 if samples are integers (u8/u16) */
    uint64_t total;    /* sum of counts */
    int f32_edges;     /* float, binned with numpy_f32 (below): bin i is
                          e[i] <= v < e[i + 1] for the float32 edges e[i] =
                          (float)(lo + i * width), e[nbins] = hi */
    double hi;         /* f32_edges: the last edge (the maximum) */
} segkit_histogram;

typedef struct segkit_histogram_options {
    int bins;          /* 0 = native (u8 256, u16 65536, f32 256) */
    int ignore_black;  /* leave out samples == 0 (ImageJ "ignore black") */
    int ignore_white;  /* leave out samples == type max (255, 65535, 1.0) */
    /* f32 images: bin as numpy.histogram(a, bins, (min, max)) bins a float32
     * array, which scikit-image's threshold_* use: float32 edges
     * np.linspace(min, max, bins + 1), then bin centres (e[i] + e[i + 1]) / 2
     * in float32.  0 (default): the edges min + i (max - min) / bins in
     * double, ImageJ's binning of 32-bit images.  They differ for the samples
     * between an edge and its float32 rounding. */
    int numpy_f32;
} segkit_histogram_options;

SEGKIT_API segkit_histogram_options segkit_histogram_options_default(void);

/* Histogram of a 1-channel u8/u16/f32 image.  mask (may be NULL): a 1-channel
 * u8 image of the same size; only pixels where mask != 0 count.
 * SEGKIT_ERR_TYPE (channels != 1 or i32), SEGKIT_ERR_SIZE (mask size),
 * SEGKIT_ERR_EMPTY (no pixel counted), SEGKIT_ERR_NOMEM.  Free with
 * segkit_histogram_free. */
SEGKIT_API int segkit_histogram_compute(const segkit_image *gray,
                                        const segkit_image *mask,
                                        const segkit_histogram_options *opts,
                                        segkit_histogram *hist);
SEGKIT_API void segkit_histogram_free(segkit_histogram *hist);

/* Value that bin i stands for: its centre (integer data with width 1: the
 * value itself; f32_edges: the float32 centre numpy computes). */
SEGKIT_API double segkit_histogram_centre(const segkit_histogram *h, int i);
/* Largest value in bin i (integer data) / upper edge (float). */
SEGKIT_API double segkit_histogram_upper(const segkit_histogram *h, int i);

typedef enum segkit_convention {
    SEGKIT_CONV_IMAGEJ = 0,
    SEGKIT_CONV_SKIMAGE,
    SEGKIT_CONV_OPENCV,
    SEGKIT_CONV_COUNT
} segkit_convention;

SEGKIT_API const char *segkit_convention_name(segkit_convention c);
SEGKIT_API int segkit_convention_parse(const char *name, segkit_convention *c);

typedef enum segkit_threshold_method {
    SEGKIT_THRESH_FIXED = 0,   /* T = params.value */
    SEGKIT_THRESH_BAND,        /* foreground = lo <= v <= hi (no histogram) */
    SEGKIT_THRESH_OTSU,
    SEGKIT_THRESH_MULTIOTSU,   /* params.classes - 1 thresholds */
    SEGKIT_THRESH_TRIANGLE,
    SEGKIT_THRESH_LI,
    SEGKIT_THRESH_YEN,
    SEGKIT_THRESH_ISODATA,
    SEGKIT_THRESH_MEAN,
    SEGKIT_THRESH_MINIMUM,
    SEGKIT_THRESH_INTERMODES,
    SEGKIT_THRESH_HUANG,
    SEGKIT_THRESH_HUANG2,
    SEGKIT_THRESH_MAXENTROPY,
    SEGKIT_THRESH_RENYIENTROPY,
    SEGKIT_THRESH_SHANBHAG,
    SEGKIT_THRESH_MOMENTS,
    SEGKIT_THRESH_PERCENTILE,
    SEGKIT_THRESH_MINERROR,
    SEGKIT_THRESH_DEFAULT,     /* ImageJ's IJ_IsoData ("Default") */
    SEGKIT_THRESH_KAPPASIGMA,  /* ITK KappaSigmaThresholdImageCalculator */
    SEGKIT_THRESH_METHOD_COUNT
} segkit_threshold_method;

/* "otsu", "multiotsu", ...; NULL for an invalid method. */
SEGKIT_API const char *segkit_threshold_method_name(segkit_threshold_method m);
/* Parses a method name (case-insensitive).  SEGKIT_ERR_ARG if unknown. */
SEGKIT_API int segkit_threshold_method_parse(const char *name,
                                             segkit_threshold_method *m);

#define SEGKIT_THRESHOLD_MAX 16   /* most thresholds a method returns */

typedef struct segkit_threshold_params {
    segkit_convention convention;
    double value;          /* fixed: T */
    double band_lo, band_hi; /* band: inclusive range */
    int classes;           /* multiotsu: 2..SEGKIT_THRESHOLD_MAX+1 (default 3) */
    double percentile;     /* percentile: fraction of background (0.5) */
    double li_initial;     /* li (skimage): initial guess; NaN = mean */
    double li_tolerance;   /* li (skimage): stop tolerance; NaN = default */
    double kappa;          /* kappasigma: kappa (default 2) */
    int iterations;        /* kappasigma: iterations (default 2) */
} segkit_threshold_params;

SEGKIT_API segkit_threshold_params segkit_threshold_params_default(void);

/* Computes a global method's threshold(s) from a histogram.  thresholds must
 * hold SEGKIT_THRESHOLD_MAX values; *count receives how many were written
 * (1, or classes-1 for multiotsu).  Fixed returns params.value; band returns
 * band_lo and band_hi (count 2), and is applied with
 * segkit_threshold_apply_band.  SEGKIT_ERR_ARG (bad params), SEGKIT_ERR_EMPTY
 * (empty histogram), SEGKIT_ERR_UNSUPPORTED (the method cannot find a
 * threshold on this histogram, e.g. Minimum on a histogram that never becomes
 * bimodal). */
SEGKIT_API int segkit_threshold_histogram(const segkit_histogram *hist,
                                          segkit_threshold_method method,
                                          const segkit_threshold_params *params,
                                          double *thresholds, int *count);

/* How well threshold t separates the histogram's two classes (values <= t
 * and values > t): the distance between the class means in standard
 * deviations of the narrower class, (mu1 - mu0) / min(sd0, sd1).  On a
 * field of objects the narrower class is the background, whose spread is
 * the noise; the objects' class may be wide (saturated pixels).  Splitting
 * one population gives a small figure (a Gaussian cut at its mean:
 * 2 sqrt(2/pi) / sqrt(1 - 2/pi) = 2.65; a uniform one: sqrt(12) = 3.46), so
 * a threshold found on a field with no objects (noise) can be refused.
 * *sep = 0 when one class is empty, +inf when a class is a single value.
 * SEGKIT_ERR_ARG (NULL, NaN t), SEGKIT_ERR_EMPTY (empty histogram). */
SEGKIT_API int segkit_threshold_separation(const segkit_histogram *hist,
                                           double t, double *sep);

/* Writes a new owned 1-channel image out from a 1-channel u8/u16/f32 gray.
 * count == 1: u8 mask, 255 where v > T (dark = 0: light foreground) or where
 * v <= T (dark = 1), else 0 (a NaN sample: 0 in both).  count > 1 (ascending thresholds): u8 labels
 * 0..count (label = number of thresholds below v; dark reverses the order). */
SEGKIT_API int segkit_threshold_apply(const segkit_image *gray,
                                      const double *thresholds, int count,
                                      int dark, segkit_image *out);

/* The same, into an existing 1-channel u8 image of gray's size (a view is
 * fine): no allocation, so a caller thresholding many frames reuses one
 * buffer.  SEGKIT_ERR_TYPE / SEGKIT_ERR_SIZE if out does not fit. */
SEGKIT_API int segkit_threshold_apply_to(const segkit_image *gray,
                                         const double *thresholds, int count,
                                         int dark, segkit_image *out);

/* u8 mask: 255 where lo <= v <= hi (dark = 1: outside the band; NaN: 0). */
SEGKIT_API int segkit_threshold_apply_band(const segkit_image *gray, double lo,
                                           double hi, int dark,
                                           segkit_image *out);
/* The same, into an existing 1-channel u8 image of gray's size. */
SEGKIT_API int segkit_threshold_apply_band_to(const segkit_image *gray,
                                              double lo, double hi, int dark,
                                              segkit_image *out);

/* ==================================================================== */
/* Local (adaptive) thresholds                                          */
/* ==================================================================== */
/*
 * A local method computes a threshold T(x, y) from the W x W window around
 * each pixel (see docs/local-thresholds.md for every formula and its
 * reference).  As for global methods, light polarity (dark = 0) marks
 * v > T(x, y) as foreground (255), dark polarity marks v <= T(x, y).
 *
 * Window statistics use exact integer sums for u8/u16 (64-bit running column
 * and row sums, so 16-bit images of any size are safe) and double sums for
 * f32.  Mean/variance methods cost O(1) per pixel whatever the window;
 * min/max methods use van Herk / Gil-Werman (O(1)); median and localotsu use
 * sliding 256-bin histograms (u16/f32 images are first mapped to 256 levels
 * of their own range, exactly for 8-bit data x257 or /255 and for u16 data
 * on a grid of at most 256 evenly spaced values: docs/local-thresholds.md);
 * gaussian is a separable convolution (O(W)).
 *
 * Units: parameters that are intensities (R, C, the Bernsen contrast limit
 * and fallback threshold) are given on the 8-bit scale 0..255 and scaled to
 * the sample type: x257 for u16, /255 for f32 (f32 data is taken to lie in
 * [0, 1]).  So a 16-bit image x257 gives the 8-bit result up to rounding.
 * Hysteresis low/high are plain sample values (as scikit-image's).
 *
 * Thread safety: reentrant, no global state.
 */
typedef enum segkit_local_method {
    SEGKIT_LOCAL_MEAN = 0,     /* T = mean - C (OpenCV ADAPTIVE_THRESH_MEAN_C) */
    SEGKIT_LOCAL_GAUSSIAN,     /* T = gaussian-weighted mean - C */
    SEGKIT_LOCAL_MEDIAN,       /* T = median - C (256 levels) */
    SEGKIT_LOCAL_MIDGREY,      /* T = (max + min) / 2 - C */
    SEGKIT_LOCAL_NIBLACK,      /* T = mean + k std - C */
    SEGKIT_LOCAL_SAUVOLA,      /* T = mean (1 + k (std / R - 1)) */
    SEGKIT_LOCAL_WOLF,         /* T = mean - k (1 - std/max std)(mean - min) */
    SEGKIT_LOCAL_NICK,         /* T = mean + k sqrt(var + mean^2) */
    SEGKIT_LOCAL_PHANSALKAR,   /* T = mean (1 + p e^(-q mean) + k (std/R - 1)) */
    SEGKIT_LOCAL_BERNSEN,      /* T = (max+min)/2 if max-min > L, else fallback */
    SEGKIT_LOCAL_CONTRAST,     /* ImageJ Contrast: nearer to max than to min */
    SEGKIT_LOCAL_LOCALOTSU,    /* Otsu of the window's histogram (256 levels) */
    SEGKIT_LOCAL_BRADLEY,      /* Bradley-Roth: T = mean (1 - k) */
    SEGKIT_LOCAL_TRSINGH,      /* T = mean (1 + k (d / (R' - d) - 1)), d = |v - mean| */
    SEGKIT_LOCAL_WAN,          /* T = (max + mean)/2 (1 + k (std / R - 1)) */
    SEGKIT_LOCAL_ISAUVOLA,     /* Sauvola kept where connected to high contrast */
    SEGKIT_LOCAL_HYSTERESIS,   /* weak > low connected to strong > high */
    SEGKIT_LOCAL_METHOD_COUNT
} segkit_local_method;

/* How a window that sticks out of the image is treated (the names are
 * numpy.pad's; docs/local-thresholds.md says which peer uses which).
 *   CLIP       only in-image pixels count (Doxa, ImageJ)
 *   REPLICATE  edge pixels repeated: aaa|abcd|ddd (OpenCV adaptiveThreshold,
 *              BORDER_REPLICATE; numpy "edge", scipy.ndimage "nearest")
 *   REFLECT    mirrored about the edge pixel, not repeated: dcb|abcd|cba
 *              (numpy "reflect": scikit-image threshold_sauvola/niblack;
 *              OpenCV BORDER_REFLECT_101, scipy.ndimage "mirror")
 *   SYMMETRIC  mirrored with the edge repeated: cba|abcd|dcb (numpy
 *              "symmetric"; OpenCV BORDER_REFLECT, scipy.ndimage "reflect",
 *              hence scikit-image threshold_local's default).  In
 *              segkit 0.1.0 this was what REFLECT meant.
 * Min/max statistics are the same under all four. */
typedef enum segkit_border {
    SEGKIT_BORDER_CLIP = 0,
    SEGKIT_BORDER_REPLICATE,
    SEGKIT_BORDER_REFLECT,
    SEGKIT_BORDER_SYMMETRIC,
    SEGKIT_BORDER_COUNT
} segkit_border;

/* The largest window side: window areas are counted in 32 bits.  A window
 * larger than the image is fine (clip: the in-image part; the other border
 * modes pad as they do for any window). */
#define SEGKIT_LOCAL_MAX_WINDOW 65535

/* window 0 and NaN in k, r, c, contrast mean "the method's default": the
 * defaults chosen for dark text on scanned paper (DIBCO 2009, by
 * cross-validation), listed with the kind of image they suit in
 * docs/local-thresholds.md, "Defaults"; segkit_local_params_for_method()
 * gives them as numbers. */
typedef struct segkit_local_params {
    int window;            /* side W of the square window, 1 to
                              SEGKIT_LOCAL_MAX_WINDOW; 0 = the method's
                              default (the default);
                              rows y-(W-1)/2 .. y+W/2 */
    double k;              /* method's k (NaN = method default) */
    double r;              /* R, dynamic range of std, 8-bit units (NaN = default) */
    double p, q;           /* phansalkar p (2), q (10) */
    double c;              /* C subtracted from T (mean, gaussian, median,
                              midgrey, niblack), 8-bit units (NaN = default) */
    double contrast;       /* bernsen contrast limit L, 8-bit units (NaN = default) */
    double fallback;       /* bernsen threshold when max-min <= L (128) */
    double low, high;      /* hysteresis thresholds, sample values */
    int connectivity;      /* hysteresis: 4 (default, as skimage) or 8 */
    segkit_border border;  /* default CLIP */
    int opencv;            /* mean/gaussian: 1 = cv::adaptiveThreshold
                              bit-exact (u8 only, replicate border, odd W,
                              mean rounded to u8, C rounded up (light) or
                              down (dark)) */
} segkit_local_params;

/* Every field at its default; window, k, r, c and contrast are the "method
 * default" placeholders (0, NaN). */
SEGKIT_API segkit_local_params segkit_local_params_default(void);
/* The same with method m's defaults filled in as numbers (window, k, r, c,
 * contrast; k, r, c are 0/128/0 where m has no such parameter); for an
 * invalid m, segkit_local_params_default(). */
SEGKIT_API segkit_local_params segkit_local_params_for_method(segkit_local_method m);

/* "mean", "gaussian", ...; NULL for an invalid method. */
SEGKIT_API const char *segkit_local_method_name(segkit_local_method m);
/* Parses a method name (case-insensitive).  SEGKIT_ERR_ARG if unknown. */
SEGKIT_API int segkit_local_method_parse(const char *name,
                                         segkit_local_method *m);
/* "clip", "replicate", "reflect", "symmetric"; NULL for an invalid value. */
SEGKIT_API const char *segkit_border_name(segkit_border b);
SEGKIT_API int segkit_border_parse(const char *name, segkit_border *b);

/* Thresholds a 1-channel u8/u16/f32 image with a local method and writes a
 * new owned 1-channel u8 mask (0/255, same size) to *out: 255 where
 * v > T(x, y) (dark = 0) or v <= T(x, y) (dark = 1).  NaN pixels are never
 * foreground.  Returns SEGKIT_ERR_ARG (NULL, bad parameter: window < 0 or
 * > SEGKIT_LOCAL_MAX_WINDOW,
 * connectivity not 4/8, low > high, opencv mode with an even window),
 * SEGKIT_ERR_TYPE (channels != 1, i32, or opencv mode on a type other than
 * u8), SEGKIT_ERR_NOMEM, SEGKIT_ERR_OVERFLOW.  *out is
 * zeroed on error. */
SEGKIT_API int segkit_threshold_local(const segkit_image *gray,
                                      segkit_local_method method,
                                      const segkit_local_params *params,
                                      int dark, segkit_image *out);

/* The same, into an existing 1-channel u8 image of gray's size (a view is
 * fine) that shares no memory with gray: no allocation of the output, so a
 * caller thresholding many frames reuses one buffer (every pixel of out is
 * written).  SEGKIT_ERR_TYPE / SEGKIT_ERR_SIZE if out does not fit,
 * SEGKIT_ERR_ARG if it overlaps gray; other codes as above.  On error out's
 * contents are unspecified. */
SEGKIT_API int segkit_threshold_local_to(const segkit_image *gray,
                                         segkit_local_method method,
                                         const segkit_local_params *params,
                                         int dark, segkit_image *out);

#ifdef __cplusplus
}
#endif
#endif
