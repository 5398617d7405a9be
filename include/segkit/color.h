/* segkit/color.h - colour conversions.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_COLOR_H
#define SEGKIT_COLOR_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Formulas that turn RGB into one gray channel.
 *   BT601  0.299 R + 0.587 G + 0.114 B  (OpenCV cvtColor, ImageJ "weighted",
 *          PIL "L"; the default)
 *   BT709  0.2125 R + 0.7154 G + 0.0721 B  (scikit-image rgb2gray)
 *   AVG    (R + G + B) / 3  (ImageJ's unweighted default)
 *   DOXA   (11 R + 16 G + 5 B) / 32, integer division (Doxa, DIBCO tools)
 *   RED, GREEN, BLUE  one channel
 *   MAX    max(R, G, B) (HSV value)
 *   LIGHTNESS (max + min) / 2 (HLS lightness)
 * Integer outputs are rounded to nearest, except DOXA, which truncates as
 * its reference does. */
typedef enum segkit_gray_formula {
    SEGKIT_GRAY_BT601 = 0,
    SEGKIT_GRAY_BT709,
    SEGKIT_GRAY_AVG,
    SEGKIT_GRAY_DOXA,
    SEGKIT_GRAY_RED,
    SEGKIT_GRAY_GREEN,
    SEGKIT_GRAY_BLUE,
    SEGKIT_GRAY_MAX,
    SEGKIT_GRAY_LIGHTNESS,
    SEGKIT_GRAY_COUNT
} segkit_gray_formula;

SEGKIT_API const char *segkit_gray_formula_name(segkit_gray_formula f);
SEGKIT_API int segkit_gray_formula_parse(const char *name,
                                         segkit_gray_formula *f);

/* Converts any 1..4 channel u8/u16/f32 image to a new owned 1-channel image
 * of the same type.  Alpha is dropped (not premultiplied); a 1-channel input
 * is copied.  SEGKIT_ERR_TYPE for i32. */
SEGKIT_API int segkit_color_to_gray(const segkit_image *src,
                                    segkit_gray_formula formula,
                                    segkit_image *gray);

/* ==================================================================== */
/* Colour spaces                                                        */
/* ==================================================================== */
/*
 * Every conversion starts from sRGB (IEC 61966-2-1, exact piecewise
 * companding: linear = c / 12.92 for c <= 0.04045, else ((c + 0.055) /
 * 1.055)^2.4).  Input samples are scaled to 0..1 as scikit-image's
 * img_as_float does: u8 / 255, u16 / 65535, f32 as is.  Float results have
 * these units (names as `segkit-color convert --to NAME` takes them):
 *
 *   rgb      R G B 0..1 (the input, as floats)
 *   linear   linear-light R G B 0..1
 *   xyz      CIE XYZ, Y 0..1 (white Y = 1); sRGB matrix and D65 white
 *            (0.95047, 1, 1.08883) as skimage rgb2xyz / xyz2lab
 *   lab      CIELAB L* 0..100, a*, b* (about -128..127)   skimage rgb2lab
 *   lch      LCh(ab): L* 0..100, C*ab >= 0, h 0..360 degrees
 *   luv      CIELUV L* 0..100, u*, v*                     skimage rgb2luv
 *   lchuv    LCh(uv): L*, C*uv, h 0..360 degrees
 *   oklab    OKLab (Ottosson 2020): L 0..1, a, b (about -0.4..0.4)
 *   oklch    OKLCh: L 0..1, C, h 0..360 degrees
 *   hsv      H 0..360 degrees, S 0..1, V 0..1     skimage rgb2hsv (H x 360)
 *   hls      H 0..360 degrees, L 0..1, S 0..1     (Python colorsys order)
 *   hsi      H 0..360 degrees, S 0..1, I 0..1     (Gonzalez & Woods)
 *   ycbcr    Y Cb Cr on the 0..255 scale; BT.601 limited range (Y 16..235,
 *            Cb Cr 16..240) is skimage rgb2ycbcr; full range: Y = 255 Y'
 *            (0..255), Cb Cr = 128 + 255 Pb, Pr (0.5..255.5: Cr of pure
 *            red is 255.5; JPEG's formula before it rounds and clamps)
 *   yuv      Y 0..1, U, V (analogue BT.601)       skimage rgb2yuv
 *   yiq      Y 0..1, I, Q (NTSC)                  skimage rgb2yiq
 *   hed      Haematoxylin, Eosin, DAB optical densities (Ruifrok &
 *            Johnston 2001 matrix, as skimage rgb2hed)
 *
 * Hues of grays (no chroma) are 0.  Variants (suffixes of the name):
 *   xyz, lab, lch, luv, lchuv: "-d50" adapts to D50 with the Bradford
 *     transform (white 0.964212, 1, 0.825188, skimage's D50; the matrix
 *     is Lindbloom's Bradford-adapted sRGB one to 6e-5 relative);
 *   ycbcr: "ycbcr" = "ycbcr601" (BT.601 limited), "ycbcr709", and
 *     "-full" for full range ("ycbcr601-full", "ycbcr709-full").
 */
typedef enum segkit_space {
    SEGKIT_SPACE_RGB = 0,
    SEGKIT_SPACE_LINEAR,
    SEGKIT_SPACE_XYZ,
    SEGKIT_SPACE_LAB,
    SEGKIT_SPACE_LCH,
    SEGKIT_SPACE_LUV,
    SEGKIT_SPACE_LCHUV,
    SEGKIT_SPACE_OKLAB,
    SEGKIT_SPACE_OKLCH,
    SEGKIT_SPACE_HSV,
    SEGKIT_SPACE_HLS,
    SEGKIT_SPACE_HSI,
    SEGKIT_SPACE_YCBCR,
    SEGKIT_SPACE_YUV,
    SEGKIT_SPACE_YIQ,
    SEGKIT_SPACE_HED,
    SEGKIT_SPACE_COUNT
} segkit_space;

/* A space with its variant. */
typedef struct segkit_color_space {
    segkit_space id;
    int d50;          /* xyz lab lch luv lchuv: 1 = D50 white (Bradford) */
    int bt709;        /* ycbcr: 1 = BT.709 coefficients, 0 = BT.601 */
    int full_range;   /* ycbcr: 1 = full range (Y 0..255, Cb Cr 0.5..255.5),
                         0 = limited */
} segkit_color_space;

/* Parses "lab", "lab-d50", "ycbcr709-full", ... (case-insensitive).
 * SEGKIT_ERR_ARG if unknown. */
SEGKIT_API int segkit_color_space_parse(const char *name, segkit_color_space *cs);
/* The canonical name of cs ("lab-d50") into buf (at least 16 bytes). */
SEGKIT_API const char *segkit_color_space_name(const segkit_color_space *cs,
                                               char *buf, size_t size);
/* The one-letter-or-more channel names of a space: "H", "S", "V" (for hsv),
 * "L", "a", "b" (lab), ...; NULL for a bad space or channel (0..2). */
SEGKIT_API const char *segkit_color_channel_name(segkit_space space, int channel);
/* 1 if channel c of the space is a hue angle in degrees. */
SEGKIT_API int segkit_color_channel_is_hue(segkit_space space, int channel);
/* 1 if the space has an inverse back to sRGB (all but none today). */
SEGKIT_API int segkit_color_space_invertible(segkit_space space);

/* One colour: sRGB (0..1 each, not clipped) -> the space, in double
 * precision with the units above.  SEGKIT_ERR_ARG for a bad space. */
SEGKIT_API int segkit_color_from_rgb(const segkit_color_space *cs,
                                     const double rgb[3], double out[3]);
/* The inverse: a colour of the space -> sRGB 0..1 (not clipped: colours
 * outside the sRGB gamut come out below 0 or above 1). */
SEGKIT_API int segkit_color_to_rgb(const segkit_color_space *cs,
                                   const double in[3], double rgb[3]);

/* Converts a 3- or 4-channel u8/u16/f32 sRGB image (alpha dropped) to a new
 * owned 3-channel f32 image in the space.  SEGKIT_ERR_TYPE for 1-2 channels
 * or i32, SEGKIT_ERR_ARG, SEGKIT_ERR_NOMEM.  *out is zeroed on error. */
SEGKIT_API int segkit_color_convert(const segkit_image *rgb,
                                    const segkit_color_space *to,
                                    segkit_image *out);
/* The inverse: a 3-channel f32 image in the space -> a new owned 3-channel
 * f32 sRGB image (0..1, not clipped). */
SEGKIT_API int segkit_color_convert_back(const segkit_image *src,
                                         const segkit_color_space *from,
                                         segkit_image *rgb);

/* OpenCV's 8-bit encodings (cv::cvtColor on CV_8UC3 RGB input, bit for
 * bit): hsv (COLOR_RGB2HSV: H 0..179 = degrees / 2, S V 0..255), hls
 * (COLOR_RGB2HLS), lab (COLOR_RGB2Lab: L * 255 / 100, a + 128, b + 128).
 * 1 if the space has an OpenCV 8-bit encoding. */
SEGKIT_API int segkit_color_has_opencv(segkit_space space);
/* A 3- or 4-channel u8 RGB image -> a new owned 3-channel u8 image in
 * OpenCV's encoding of the space.  SEGKIT_ERR_TYPE if the input is not u8
 * with 3-4 channels, SEGKIT_ERR_ARG if the space has no OpenCV encoding. */
SEGKIT_API int segkit_color_convert_opencv(const segkit_image *rgb, segkit_space space,
                                           segkit_image *out);
/* The same into an existing 3-channel u8 image of rgb's size (a view is
 * fine): no allocation of the output.  SEGKIT_ERR_TYPE / SEGKIT_ERR_SIZE if
 * out does not fit. */
SEGKIT_API int segkit_color_convert_opencv_to(const segkit_image *rgb, segkit_space space,
                                              segkit_image *out);

/* ==================================================================== */
/* Range masks                                                          */
/* ==================================================================== */
/*
 * A pixel is in a range term when every condition of the term holds
 * (AND); the mask is 255 where any term holds (OR), else 0.  A condition
 * is lo <= v <= hi on one channel of the space, in the space's units (see
 * above) or, with opencv = 1, in OpenCV's 8-bit units (hsv, hls, lab; u8
 * input only).  On a hue channel (H of hsv/hls/hsi, h of the LCh spaces)
 * lo > hi wraps around: 340..20 is v >= 340 or v <= 20 (OpenCV units:
 * 170..10), which inRange cannot do in one call (opencv#8728).  Values are
 * compared as segkit_color_from_rgb computes them in double precision (hue
 * and saturation of integer samples from their exact integer differences);
 * NaN never matches.
 *
 * Text form (segkit_color_range_parse), one term:
 *   "H:340..20,S:0.5..1,V:0.3..1"
 * channel names as segkit_color_channel_name gives them (any case), or the
 * channel index 0..2; a number may end in '%' (percent of 1: 50% = 0.5).
 */
#define SEGKIT_RANGE_MAX_TERMS 16

typedef struct segkit_range_cond {
    int channel;      /* 0..2 */
    double lo, hi;    /* inclusive; lo > hi only on a hue channel (wraps) */
} segkit_range_cond;

typedef struct segkit_range_term {
    int n;            /* conditions, 0..3 (0: every pixel) */
    segkit_range_cond cond[3];
} segkit_range_term;

typedef struct segkit_color_ranges {
    segkit_color_space space;
    int opencv;       /* 1: OpenCV 8-bit units (hsv hls lab, u8 input) */
    int nterms;       /* 1..SEGKIT_RANGE_MAX_TERMS */
    segkit_range_term term[SEGKIT_RANGE_MAX_TERMS];
} segkit_color_ranges;

/* Parses one term of text (above) for `space` (opencv: OpenCV units) into
 * *term.  SEGKIT_ERR_ARG for a bad channel, number or lo > hi on a channel
 * that is not a hue; err (may be NULL) then gets a short reason. */
SEGKIT_API int segkit_color_range_parse(const char *text, segkit_space space, int opencv,
                                        segkit_range_term *term, char *err, size_t errsize);

/* The u8 mask (255 in any term, else 0) of a 3- or 4-channel u8/u16/f32
 * sRGB image.  SEGKIT_ERR_ARG (bad ranges), SEGKIT_ERR_TYPE (not RGB, or
 * opencv with a type other than u8 or a space without OpenCV encoding),
 * SEGKIT_ERR_NOMEM.  *mask is zeroed on error. */
SEGKIT_API int segkit_color_range_mask(const segkit_image *rgb, const segkit_color_ranges *r,
                                       segkit_image *mask);
/* The same into an existing 1-channel u8 image of rgb's size (a view is
 * fine), so that a caller masking many frames reuses one buffer. */
SEGKIT_API int segkit_color_range_mask_to(const segkit_image *rgb,
                                          const segkit_color_ranges *r, segkit_image *mask);

/* ==================================================================== */
/* Colour differences and distance masks                                */
/* ==================================================================== */
/*
 * Colour differences between CIELAB colours, as scikit-image 0.19's
 * deltaE_cie76, deltaE_ciede94, deltaE_ciede2000 and deltaE_cmc (the first
 * colour is the reference; CIE94 and CMC are not symmetric):
 *   76    Euclidean distance in L*a*b*
 *   94    CIE94, graphic arts (kL kC kH, K1 0.045, K2 0.015)
 *   2000  CIEDE2000 (kL kC kH), Sharma, Wu & Dalal's implementation notes
 *   cmc   CMC(l:c), default 2:1 (acceptability; 1:1 perceptibility)
 */
typedef enum segkit_delta_e {
    SEGKIT_DE76 = 0,
    SEGKIT_DE94,
    SEGKIT_DE2000,
    SEGKIT_DECMC,
    SEGKIT_DE_COUNT
} segkit_delta_e;

typedef struct segkit_delta_e_params {
    segkit_delta_e formula; /* default 2000 */
    double kL, kC, kH;      /* 94, 2000: weights (1, 1, 1) */
    double k1, k2;          /* 94: 0.045, 0.015 */
    double cmc_l, cmc_c;    /* cmc: l and c (2, 1) */
} segkit_delta_e_params;

SEGKIT_API segkit_delta_e_params segkit_delta_e_params_default(void);
/* "76", "94", "2000", "cmc"; parse also takes "de2000", "cie94", ... */
SEGKIT_API const char *segkit_delta_e_name(segkit_delta_e f);
SEGKIT_API int segkit_delta_e_parse(const char *name, segkit_delta_e *f);
/* The difference of lab2 from the reference lab1 (p NULL: defaults). */
SEGKIT_API double segkit_delta_e_lab(const segkit_delta_e_params *p, const double lab1[3],
                                     const double lab2[3]);

/* A colour by name, as sRGB 0..1: the 148 CSS named colours, "#rrggbb",
 * "#rgb", "rgb(R, G, B)" (0..255 or percentages), "R,G,B", or
 * "lab(L, a, b)" (CIELAB D65).  SEGKIT_ERR_ARG if none of these. */
SEGKIT_API int segkit_color_parse(const char *text, double rgb[3]);
/* The mean sRGB colour (0..1) of the w x h box at (x, y) of an RGB image. */
SEGKIT_API int segkit_color_mean(const segkit_image *img, int x, int y, int w, int h,
                                 double rgb[3]);

/* The difference of every pixel of a 3-4 channel u8/u16/f32 sRGB image
 * (its CIELAB D65 colour) from the nearest of nref reference colours
 * (CIELAB): a new owned 1-channel f32 image. */
SEGKIT_API int segkit_color_distance(const segkit_image *rgb, const double (*ref_lab)[3],
                                     int nref, const segkit_delta_e_params *p,
                                     segkit_image *dist);
/* The u8 mask (255 where the nearest difference <= tol, else 0). */
SEGKIT_API int segkit_color_distance_mask(const segkit_image *rgb, const double (*ref_lab)[3],
                                          int nref, const segkit_delta_e_params *p, double tol,
                                          segkit_image *mask);

/* ==================================================================== */
/* Colour indices                                                       */
/* ==================================================================== */
/*
 * Vegetation and stain indices of RGB images, thresholded to segment
 * plants from soil or stains from background (src/color/index.c gives the
 * references):
 *   exg   2g - r - b            exr  1.4 r - g          exgr  exg - exr
 *   cive  0.441 r - 0.811 g + 0.385 b + 18.78745 (vegetation is LOW)
 *   vari  (G - R) / (G + R - B) ngrdi (G - R) / (G + R)
 *   hed-h, hed-e, hed-d: one channel of the hed space (rgb2hed)
 * r g b: chromatic coordinates R / (R + G + B) etc. (0 for black);
 * VARI, NGRDI: NaN where the denominator is 0.
 */
typedef enum segkit_index_kind {
    SEGKIT_INDEX_EXG = 0,
    SEGKIT_INDEX_EXR,
    SEGKIT_INDEX_EXGR,
    SEGKIT_INDEX_CIVE,
    SEGKIT_INDEX_VARI,
    SEGKIT_INDEX_NGRDI,
    SEGKIT_INDEX_HED_H,
    SEGKIT_INDEX_HED_E,
    SEGKIT_INDEX_HED_D,
    SEGKIT_INDEX_COUNT
} segkit_index_kind;

SEGKIT_API const char *segkit_color_index_name(segkit_index_kind i);
SEGKIT_API int segkit_color_index_parse(const char *name, segkit_index_kind *i);
/* The index of every pixel of a 3-4 channel u8/u16/f32 sRGB image: a new
 * owned 1-channel f32 image. */
SEGKIT_API int segkit_color_index(const segkit_image *rgb, segkit_index_kind idx,
                                  segkit_image *out);

/* ==================================================================== */
/* Colour classes: a table of rules -> one label image                  */
/* ==================================================================== */
/*
 * A class is a name, a display colour and one rule: a range rule (ranges
 * in a space, as segkit_color_range_mask) or a distance rule (within tol of
 * the nearest of 1..16 reference colours, as segkit_color_distance_mask).
 * A pixel gets the id of the FIRST class of the table whose rule it
 * matches, 0 if none: when classes overlap, the earlier class wins (put the
 * narrower classes first).  Ids are 1, 2, ... in table order unless the
 * JSON table gives them.
 *
 * Text forms (segkit_color_classes_parse; the first character that is not
 * white space tells them apart: '[' or '{' is JSON, anything else CSV):
 *
 * CSV, one class a line ('#' starts a comment line, blank lines ignored):
 *   NAME,DISPLAY,range SPACE SPEC[;SPEC...]
 *   NAME,DISPLAY,near COLOR[|COLOR...] TOL [76|94|2000|cmc]
 * DISPLAY and COLOR as segkit_color_parse takes them (DISPLAY ends at the
 * first comma outside parentheses: rgb(255, 0, 0) is one field, the R,G,B
 * form is not available in CSV); SPACE a space name,
 * with "-opencv" appended for OpenCV's 8-bit units (hsv-opencv); SPEC a
 * range term as segkit_color_range_parse takes it; TOL >= 0.
 *
 * JSON, read by the bounded reader of src/io/json.c (nesting <= 16): an
 * array of class objects, or an object {"classes": [...]}; members:
 *   "name"   string (required; at most 63 bytes)
 *   "color"  (or "colour") the display colour (required): a string as
 *            segkit_color_parse takes it, or [R, G, B] integers 0..255
 *   "id"     optional label, an integer 1..2^31-1, unique in the table
 *            (default: the class's 1-based position)
 * and one rule:
 *   "range"  a term string or an array of 1..16 term strings (OR-ed), with
 *            "space" (default "hsv") and "opencv" (true/false, default false)
 *   "near"   a colour string or an array of 1..16 of them, with "tol"
 *            (required, >= 0) and "de" ("76" "94" "2000" "cmc" or the
 *            number 76, 94, 2000; default 2000)
 * Any other member is an error, so that a misspelt key is not silently
 * ignored.  With ids and "#rrggbb" colours the same file is a class table
 * for segkit_class_table_parse (segkit-overlay --classes), which ignores
 * the rule members.
 */
#define SEGKIT_COLOR_CLASSES_MAX 255
#define SEGKIT_COLOR_CLASS_MAX_REFS 16

typedef struct segkit_color_class {
    int32_t id;               /* the label, >= 1 */
    char name[64];
    double display[3];        /* sRGB 0..1 */
    int near;                 /* 0: range rule, 1: distance rule */
    segkit_color_ranges ranges;                   /* range rule */
    double ref_lab[SEGKIT_COLOR_CLASS_MAX_REFS][3]; /* distance rule: CIELAB */
    int nref;
    segkit_delta_e_params de;
    double tol;
} segkit_color_class;

typedef struct segkit_color_class_table {
    segkit_color_class *classes; /* in table order */
    int count;                   /* 1..SEGKIT_COLOR_CLASSES_MAX */
} segkit_color_class_table;

/* Parses a class table from TEXT (LEN bytes, need not end in NUL).  On
 * error returns SEGKIT_ERR_CORRUPT (err, if not NULL, gets "line N: reason"
 * or "line N, column C: reason"), SEGKIT_ERR_NOMEM, and zeroes *table.
 * Free the table with segkit_color_classes_free. */
SEGKIT_API int segkit_color_classes_parse(const char *text, size_t len,
                                          segkit_color_class_table *table, char *err,
                                          size_t errsize);
SEGKIT_API void segkit_color_classes_free(segkit_color_class_table *table);

/* The label image (a new owned 1-channel I32 image: the id of the first
 * class each pixel matches, 0 for none) of a 3-4 channel u8/u16/f32 sRGB
 * image.  counts (may be NULL) gets table->count + 1 entries: counts[0]
 * the unclassified pixels, counts[k + 1] the pixels labelled by class k;
 * *overlap (may be NULL) the pixels that matched more than one class.
 * SEGKIT_ERR_ARG (bad table), SEGKIT_ERR_TYPE (not RGB; a class in OpenCV
 * units on input other than u8), SEGKIT_ERR_NOMEM; *labels zeroed on
 * error. */
SEGKIT_API int segkit_color_classes(const segkit_image *rgb,
                                    const segkit_color_class_table *table,
                                    segkit_image *labels, int64_t *counts,
                                    int64_t *overlap);

#ifdef __cplusplus
}
#endif
#endif

/* ------------------------------------------------------------------------
 * Clustering and superpixels (src/color/kmeans.c, slic.c, felzenszwalb.c).
 * Outputs are label images (1-channel SEGKIT_I32) as segkit_label writes
 * them.  Reentrant, no global state; nothing here prints. */
#ifndef SEGKIT_COLOR_CLUSTER_H
#define SEGKIT_COLOR_CLUSTER_H

#ifdef __cplusplus
extern "C" {
#endif

#define SEGKIT_KMEANS_MAX_K 256

typedef struct segkit_kmeans_params {
    int k;                 /* clusters, 1..256 (default 4) */
    int max_iter;          /* Lloyd iterations per attempt, >= 1 (default 100) */
    double tol;            /* an attempt stops when no centre moved farther
                              than tol (Euclidean, feature units; default
                              0.01) or no point changed cluster */
    int attempts;          /* attempts from different k-means++ seedings;
                              the one with the lowest compactness is kept
                              (ties: the first); default 1 */
    uint64_t seed;         /* seed of the PRNG (splitmix64); default 0 */
    double spatial_weight; /* > 0: x * w and y * w (pixels) are two more
                              features; default 0 (colour only) */
} segkit_kmeans_params;

SEGKIT_API segkit_kmeans_params segkit_kmeans_params_default(void);

typedef struct segkit_kmeans_result {
    int k;                 /* clusters with pixels (< params.k when the image
                              has fewer distinct feature vectors) */
    int channels;          /* feature channels of the input (1..4) */
    double center[SEGKIT_KMEANS_MAX_K][4];  /* mean features of label i + 1 */
    double center_xy[SEGKIT_KMEANS_MAX_K][2]; /* mean x, y (pixels), with a
                                              spatial weight only */
    int64_t count[SEGKIT_KMEANS_MAX_K];     /* pixels of label i + 1 */
    double compactness;    /* sum over pixels of the squared distance to
                              their centre (spatial features included) */
    int iterations;        /* Lloyd iterations of the kept attempt */
    int attempt;           /* the kept attempt, 0-based */
} segkit_kmeans_result;

/* k-means (Lloyd) with k-means++ seeding on the pixels of `features`.
 *   features  1..4 channels, u8, u16 or f32 (values taken as they are: the
 *             caller converts to the colour space it wants); f32 values
 *             must be finite (SEGKIT_ERR_ARG otherwise).
 *   labels    out: a new owned I32 image of features' size, values 1..k.
 *   res       out: centres, counts, compactness (may be NULL).
 * Labels are numbered by their centres in ascending lexicographic order
 * (first channel first, then x, y), so that the numbering does not depend
 * on the seeding.
 * Determinism: without spatial weight the clustering runs on the distinct
 * feature vectors with their pixel counts, sorted lexicographically; sums
 * are taken in that order in double, distances in float without fused
 * multiply-add.  The result therefore depends only on the histogram of
 * feature vectors and the seed: the same on every run and machine, and the
 * same (permuted) for the pixels in any order.  With a spatial weight, or
 * when more than half of the pixels are distinct, points are taken in
 * raster order instead.  Returns SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_kmeans(const segkit_image *features,
                             const segkit_kmeans_params *params,
                             segkit_image *labels, segkit_kmeans_result *res);

typedef struct segkit_slic_params {
    int n_segments;        /* approximate number of superpixels (default 100) */
    double compactness;    /* colour vs space balance, > 0 (default 10) */
    int max_iter;          /* k-means iterations (default 10) */
    double sigma;          /* Gaussian pre-smoothing, pixels (default 0) */
    int convert_lab;       /* 3 channels: -1 auto (= yes), 0 no, 1 yes */
    int enforce_connectivity; /* default 1 */
    double min_size_factor;   /* default 0.5 */
    double max_size_factor;   /* default 3 */
    int start_label;       /* 0 or 1 (default 1) */
} segkit_slic_params;

SEGKIT_API segkit_slic_params segkit_slic_params_default(void);

/* SLIC superpixels (Achanta et al., TPAMI 34(11), 2012) with the steps and
 * parameters of skimage.segmentation.slic (0.19): the image is scaled to
 * [0, 1] (u8 /255, u16 /65535), then shifted and stretched by its global
 * min and max, converted to CIE Lab (D65) if it has 3 channels, smoothed by
 * a Gaussian of sigma (segkit_edges_filter's: scipy's kernel, truncate 4,
 * reflect border, in double precision, rounded to float), seeded
 * on skimage's regular grid, clustered for max_iter iterations with the
 * distance d_colour^2 / compactness^2 + d_xy^2 / step^2 in a window of
 * +-2 steps, and, if enforce_connectivity, made connected as skimage does
 * (4-neighbour components smaller than min_size_factor x the mean segment
 * size join the last labelled neighbour met; components are cut at
 * max_size_factor x that size).  Computed in float rather than double, and
 * tie-breaking may differ, so labels agree with skimage's closely but not
 * bit for bit.
 *   src    1..4 channels, u8, u16 or f32 (finite).
 *   labels out: a new owned I32 image, values from start_label (a
 *          start_label of 0 makes 0 a superpixel, not background).
 *   count  out (may be NULL): the number of superpixels.
 * Returns SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_slic(const segkit_image *src,
                           const segkit_slic_params *params,
                           segkit_image *labels, int32_t *count);

typedef struct segkit_felzenszwalb_params {
    double scale;          /* observation level k: larger = larger segments
                              (default 1) */
    double sigma;          /* Gaussian pre-smoothing (default 0.8) */
    int min_size;          /* segments smaller than this are merged (20) */
} segkit_felzenszwalb_params;

SEGKIT_API segkit_felzenszwalb_params segkit_felzenszwalb_params_default(void);

/* Felzenszwalb & Huttenlocher's graph segmentation (IJCV 59(2), 2004) as
 * skimage.segmentation.felzenszwalb (0.19): the image scaled to [0, 1]
 * (u8 /255, u16 /65535, f32 as is), smoothed per channel by a Gaussian of
 * sigma (segkit_edges_filter's, double precision, reflect border, as skimage
 * smooths float64), 8-connected grid edges weighted by the Euclidean
 * distance of the channel vectors, sorted by weight (ties in skimage's edge
 * order: right, down, down-right, up-right edges, each in raster order),
 * merged when weight < min(Int(C1) + k/|C1|, Int(C2) + k/|C2|) with
 * k = scale / 255, then every edge whose side has fewer than min_size
 * pixels is merged in the same order.
 *   src    1..4 channels, u8, u16 or f32 (finite).
 *   labels out: a new owned I32 image; segments are numbered 1..count in
 *          raster order of their first pixel (skimage's labels + 1).
 * Edges take 16 bytes each (4 per pixel) while sorting. */
SEGKIT_API int segkit_felzenszwalb(const segkit_image *src,
                                   const segkit_felzenszwalb_params *params,
                                   segkit_image *labels, int32_t *count);

#ifdef __cplusplus
}
#endif
#endif /* SEGKIT_COLOR_CLUSTER_H */
