/* segkit/metrics.h - segmentation metrics: binary overlap, semantic
 * (confusion matrix), instance matching, panoptic quality, surface
 * distances, partition comparison and document binarization (DIBCO).
 *
 * Conventions shared by every function here:
 *  - `pred` is the segmentation under test, `gt` the reference.  Both are
 *    1-channel images of the same width and height (SEGKIT_ERR_SIZE
 *    otherwise; SEGKIT_ERR_TYPE for more than one channel).
 *  - Binary masks may be u8, u16, i32 or f32; which pixels are foreground is
 *    chosen per side with a segkit_fg selector (DIBCO ground truth marks
 *    text as 0, so its selector is SEGKIT_FG_ZERO).
 *  - Label images (semantic classes, instances, partitions) are u8, u16 or
 *    i32 (f32 is SEGKIT_ERR_TYPE).
 *  - A ratio whose numerator and denominator are both 0 (e.g. Dice of two
 *    empty masks) is resolved by the segkit_empty_policy in the parameters:
 *    never a silent NaN.  With SEGKIT_EMPTY_SKIP the value is NaN *on
 *    purpose*, and segkit_metrics_undefined() says so.
 *  - Results are plain structs; those holding arrays have a _free function.
 *    On error every output is zeroed.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_METRICS_H
#define SEGKIT_METRICS_H

#include <stdint.h>
#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ parameters */

typedef enum segkit_fg_mode {
    SEGKIT_FG_NONZERO = 0,   /* v != 0 is foreground (default) */
    SEGKIT_FG_ZERO,          /* v == 0 is foreground (DIBCO GT: text = 0) */
    SEGKIT_FG_EQUAL,         /* v == value */
    SEGKIT_FG_ABOVE          /* v > value (soft maps, probabilities) */
} segkit_fg_mode;

typedef struct segkit_fg {
    segkit_fg_mode mode;
    double value;            /* for SEGKIT_FG_EQUAL / SEGKIT_FG_ABOVE */
} segkit_fg;

/* Parses a foreground spec as the tools' --fg takes it: "nonzero", "zero",
 * a number V (equal to V) or ">V" (above V).  SEGKIT_OK, or SEGKIT_ERR_ARG
 * (fg unchanged) for anything else, NaN included. */
SEGKIT_API int segkit_fg_parse(const char *spec, segkit_fg *fg);

/* What a metric is when it is 0/0 (both masks empty, no predicted pixel for
 * precision, one surface empty for a distance, ...). */
typedef enum segkit_empty_policy {
    SEGKIT_EMPTY_ERROR = 0,  /* the call returns SEGKIT_ERR_EMPTY (default) */
    SEGKIT_EMPTY_SKIP,       /* the value is NaN, to be left out of averages */
    SEGKIT_EMPTY_BEST,       /* perfect score: 1 for overlaps, 0 distance */
    SEGKIT_EMPTY_WORST       /* worst score: 0 for overlaps, +inf distance */
} segkit_empty_policy;

/* Names "error", "skip", "best", "worst" (-1 if unknown) and back. */
SEGKIT_API int segkit_empty_policy_parse(const char *name);
SEGKIT_API const char *segkit_empty_policy_name(segkit_empty_policy p);

typedef enum segkit_hd95_mode {
    SEGKIT_HD95_POOLED = 0,  /* percentile of both directed distance sets
                                pooled together (MedPy hd95) */
    SEGKIT_HD95_MAX          /* max of the two directed percentiles (MONAI) */
} segkit_hd95_mode;

typedef struct segkit_metrics_params {
    segkit_fg fg_pred, fg_gt;      /* binary foreground selectors */
    segkit_empty_policy empty;     /* default SEGKIT_EMPTY_ERROR */
    int has_ignore;                /* 1: gt pixels == ignore_label are left out */
    int64_t ignore_label;          /* e.g. 255 (semantic), 0 (partition as skimage) */
    int64_t background;            /* instance/panoptic: label of "no object" (0) */
    double spacing_x, spacing_y;   /* pixel size for distances (1, 1) */
    double percentile;             /* HD percentile, default 95 */
    segkit_hd95_mode hd_mode;      /* default SEGKIT_HD95_POOLED */
    double tolerance;              /* surface Dice tolerance tau, default 1 */
    double iou_threshold;          /* instance matching: IoU > t, default 0.5 */
} segkit_metrics_params;

SEGKIT_API segkit_metrics_params segkit_metrics_params_default(void);

/* 1 if v is the NaN that SEGKIT_EMPTY_SKIP puts in an undefined metric. */
static inline int segkit_metrics_undefined(double v) { return v != v; }

/* ------------------------------------------------------------ binary */

typedef struct segkit_binary_metrics {
    uint64_t tp, fp, fn, tn;
    double dice;               /* 2TP / (2TP + FP + FN) (= F1) */
    double iou;                /* TP / (TP + FP + FN) (Jaccard) */
    double precision;          /* TP / (TP + FP) */
    double recall;             /* TP / (TP + FN) (sensitivity) */
    double specificity;        /* TN / (TN + FP) */
    double accuracy;           /* (TP + TN) / N */
    double balanced_accuracy;  /* (recall + specificity) / 2 */
    double mcc;                /* (TP TN - FP FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) */
    double volume_similarity;  /* 1 - |FP - FN| / (2TP + FP + FN) */
} segkit_binary_metrics;

/* Counts TP/FP/FN/TN of pred against gt with p->fg_pred / p->fg_gt (p may
 * be NULL: defaults) and derives the ratios.  SEGKIT_ERR_EMPTY if a ratio
 * is 0/0 under SEGKIT_EMPTY_ERROR. */
SEGKIT_API int segkit_metrics_binary(const segkit_image *pred,
                                     const segkit_image *gt,
                                     const segkit_metrics_params *p,
                                     segkit_binary_metrics *out);

/* The ratios from counts already in out->tp..tn (to pool several images). */
SEGKIT_API int segkit_metrics_binary_from_counts(segkit_empty_policy empty,
                                                 segkit_binary_metrics *out);

/* ------------------------------------------------------------ semantic */

/* A confusion matrix over the label values seen so far; it grows as images
 * are added, so a dataset's matrix is the sum of its images'.  Zero it
 * before the first segkit_metrics_confusion_add. */
typedef struct segkit_confusion {
    int n;                 /* number of classes */
    int64_t *values;       /* n label values, ascending */
    uint64_t *m;           /* n*n counts, m[g*n + p]: gt class g, predicted p */
    uint64_t ignored;      /* gt pixels with the ignore label */
} segkit_confusion;

/* Adds pred vs gt (label images) to cm.  Pixels where gt == ignore_label
 * (if p->has_ignore) are counted in cm->ignored only.  At most 2048
 * distinct classes (SEGKIT_ERR_CLASS_LIMIT beyond). */
SEGKIT_API int segkit_metrics_confusion_add(segkit_confusion *cm,
                                            const segkit_image *pred,
                                            const segkit_image *gt,
                                            const segkit_metrics_params *p);
SEGKIT_API void segkit_confusion_free(segkit_confusion *cm);

typedef struct segkit_semantic_metrics {
    int n;                  /* classes (same order as the confusion matrix) */
    int64_t *values;        /* class label values */
    double *iou;            /* per class TP / (TP + FP + FN) */
    double *dice;           /* per class 2TP / (2TP + FP + FN) */
    uint64_t *gt_pixels;    /* per class gt pixel count */
    double miou;            /* mean IoU over the n classes */
    double mdice;           /* mean Dice */
    double fwiou;           /* sum_c (gt_c / N) IoU_c */
    double pixel_accuracy;  /* trace / N */
    double mean_accuracy;   /* mean over classes with gt pixels of recall */
    uint64_t pixels;        /* N: pixels counted (ignored ones excluded) */
} segkit_semantic_metrics;

/* Metrics from a confusion matrix.  Only classes seen in pred or gt exist,
 * so every class has a defined IoU; SEGKIT_ERR_EMPTY / policy when no pixel
 * was counted at all. */
SEGKIT_API int segkit_metrics_semantic(const segkit_confusion *cm,
                                       segkit_empty_policy empty,
                                       segkit_semantic_metrics *out);
SEGKIT_API void segkit_semantic_metrics_free(segkit_semantic_metrics *m);

/* ------------------------------------------------------------ instance */

typedef struct segkit_instance_metrics {
    int n_pred, n_gt;       /* objects (labels != background) */
    int tp, fp, fn;         /* at IoU > p->iou_threshold, unique matching */
    double precision, recall, f1;
    double mean_matched_iou;   /* mean IoU of the TP pairs */
    double panoptic_quality;   /* sum IoU(TP) / (TP + FP/2 + FN/2) */
    double dsb_score;          /* mean over t = 0.50:0.05:0.95 of TP/(TP+FP+FN) */
    int splits;                /* gt objects with > 1 pred at IoU > 0.1 */
    int merges;                /* pred objects with > 1 gt at IoU > 0.1 */
} segkit_instance_metrics;

/* Object matching of two instance label images.  A pair (pred i, gt j)
 * matches if IoU > t; for t >= 0.5 such a match is unique by construction;
 * below 0.5 pairs are taken greedily by decreasing IoU, each object at most
 * once. */
SEGKIT_API int segkit_metrics_instance(const segkit_image *pred,
                                       const segkit_image *gt,
                                       const segkit_metrics_params *p,
                                       segkit_instance_metrics *out);

typedef struct segkit_panoptic_metrics {
    double pq, sq, rq;         /* mean over classes with TP+FP+FN > 0 */
    int tp, fp, fn;            /* summed over classes */
    int n_classes;             /* classes averaged */
} segkit_panoptic_metrics;

/* Panoptic quality (Kirillov et al. 2019): segments are the instance labels
 * (!= background); a segment's class is the majority class of its pixels in
 * pred_class / gt_class (both NULL: one class).  Matches need the same class
 * and IoU > 0.5.  PQ_c = sum IoU / (TP + FP/2 + FN/2), SQ_c = sum IoU / TP,
 * RQ_c = TP / (TP + FP/2 + FN/2).  gt pixels whose gt_class is the ignore
 * label (p->has_ignore) are left out. */
SEGKIT_API int segkit_metrics_panoptic(const segkit_image *pred,
                                       const segkit_image *gt,
                                       const segkit_image *pred_class,
                                       const segkit_image *gt_class,
                                       const segkit_metrics_params *p,
                                       segkit_panoptic_metrics *out);

/* ------------------------------------------------------------ distance */

typedef struct segkit_distance_metrics {
    double hausdorff;        /* max of both directed maxima */
    double hd_percentile;    /* HD at p->percentile, p->hd_mode convention */
    double hd95_pooled;      /* 95th percentile, MedPy convention */
    double hd95_max;         /* 95th percentile, MONAI convention */
    double assd;             /* (mean d(pred->gt) + mean d(gt->pred)) / 2 */
    double msd;              /* mean d(pred->gt) (MedPy asd) */
    double surface_dice;     /* share of both surfaces within p->tolerance */
    uint64_t n_pred_surface, n_gt_surface;
} segkit_distance_metrics;

/* Surface distances.  A surface pixel is a foreground pixel with a
 * background 4-neighbour or on the image border (mask minus its erosion, as
 * MedPy and MONAI).  Distances are exact Euclidean (separable squared-EDT,
 * Felzenszwalb & Huttenlocher 2012) in units of p->spacing_x/_y.
 * Percentiles interpolate linearly (numpy's default).  Empty masks: both
 * empty = 0/0 (policy); only one empty = +inf (or SEGKIT_ERR_EMPTY under
 * SEGKIT_EMPTY_ERROR, NaN under SKIP). */
SEGKIT_API int segkit_metrics_distance(const segkit_image *pred,
                                       const segkit_image *gt,
                                       const segkit_metrics_params *p,
                                       segkit_distance_metrics *out);

/* Exact Euclidean distance transform: out (f32, allocated here) holds for
 * every pixel the distance to the nearest pixel where mask (u8) is nonzero,
 * +inf if there is none.  sx, sy: pixel spacing.  The same as
 * segkit_distance_transform (segkit/distance.h) with target
 * SEGKIT_DISTANCE_TO_NONZERO, which it calls. */
SEGKIT_API int segkit_metrics_edt(const segkit_image *mask, double sx,
                                  double sy, segkit_image *out);

/* ------------------------------------------------------------ partition */

typedef struct segkit_partition_metrics {
    double voi_split;        /* H(pred | gt) in bits (over-segmentation) */
    double voi_merge;        /* H(gt | pred) in bits (under-segmentation) */
    double voi;              /* split + merge */
    double are;              /* adapted Rand error, 1 - F (scikit-image) */
    double are_precision;    /* sum n_ij^2 - N over sum a_i^2 - N (gt sums a) */
    double are_recall;       /* sum n_ij^2 - N over sum b_j^2 - N (pred sums b) */
    double rand_index;       /* agreeing pixel pairs / C(N, 2) */
    double covering;         /* sum_gt |R| max_pred IoU(R, R') / N */
} segkit_partition_metrics;

/* Compares two partitions (label images, every value a region).  With
 * p->has_ignore, gt pixels == ignore_label are left out (scikit-image's
 * adapted_rand_error ignores label 0 of the true image by default). */
SEGKIT_API int segkit_metrics_partition(const segkit_image *pred,
                                        const segkit_image *gt,
                                        const segkit_metrics_params *p,
                                        segkit_partition_metrics *out);

/* Several ground truths: every field is the mean over the n_gt
 * comparisons; rand_index is then the probabilistic Rand index (PRI). */
SEGKIT_API int segkit_metrics_partition_multi(const segkit_image *pred,
                                              const segkit_image *const *gts,
                                              int n_gt,
                                              const segkit_metrics_params *p,
                                              segkit_partition_metrics *out);

/* ------------------------------------------------------------ DIBCO */

typedef struct segkit_dibco_metrics {
    uint64_t tp, fp, fn, tn;  /* text = foreground */
    double fm, recall, precision;                  /* percent */
    double pseudo_fm, pseudo_recall, pseudo_precision; /* percent, NaN-free:
                                 0 when no weights were given (has_pseudo 0) */
    int has_pseudo;
    double psnr;              /* 10 log10(N / (FP + FN)); +inf if equal */
    double drd;               /* Lu et al. 2004, 5x5 weights, 8x8 blocks */
    uint64_t nubn;            /* non-uniform 8x8 gt blocks */
    double nrm;               /* (FN/(FN+TP) + FP/(FP+TN)) / 2 */
    double mcc;
    double accuracy;          /* percent */
} segkit_dibco_metrics;

/* Document binarization metrics as the DIBCO evaluation tool computes them
 * (Pratikakis et al.; Ntirogiannis et al., IEEE TIP 2013).  Text pixels are
 * p->fg_pred / p->fg_gt.  rweights / pweights (may be NULL: no pseudo
 * metrics) hold width*height recall and precision weights, row-major, as in
 * the official *_RWeights.dat / *_PWeights.dat files:
 *   pseudo-recall    = sum_TP Rw / (sum_TP Rw + sum_FN Rw)
 *   pseudo-precision = sum_TP (1 + Pw) / (sum_TP (1 + Pw) + sum_FP (1 + Pw)).
 * DRD: each flipped pixel adds the normalised 5x5 reciprocal-distance
 * weights of the gt pixels in its window that differ from its predicted
 * value (outside the image: nothing); the sum is divided by NUBN, the
 * number of full 8x8 gt blocks (from the top-left) holding both values. */
SEGKIT_API int segkit_metrics_dibco(const segkit_image *pred,
                                    const segkit_image *gt,
                                    const double *rweights,
                                    const double *pweights,
                                    const segkit_metrics_params *p,
                                    segkit_dibco_metrics *out);

/* Reads a DIBCO weight file (text, one number per pixel separated by
 * white space; plain or gzip'ed) into *weights (malloc'ed, free() it),
 * expecting exactly count numbers.  SEGKIT_ERR_IO (errno), _CORRUPT (not a
 * number), _TRUNCATED (fewer), _SIZE (more), _NOMEM. */
SEGKIT_API int segkit_metrics_read_weights(const char *path, size_t count,
                                           double **weights);

#ifdef __cplusplus
}
#endif
#endif
