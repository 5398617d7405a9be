/* segkit/boundary.h - the BSDS500 boundary and region benchmarks.
 *
 * A C reimplementation of the Berkeley benchmark (Arbelaez, Maire, Fowlkes,
 * Malik, "Contour Detection and Hierarchical Image Segmentation", TPAMI
 * 33(5), 2011; BSR/bench):
 *
 *   boundary  a soft boundary map (or an ultrametric contour map, or a set
 *             of segmentations) is thresholded at N levels, each binary map
 *             is thinned (MATLAB bwmorph 'thin', Inf), and its pixels are
 *             put in minimum-cost one-to-one correspondence with each human
 *             annotator's boundary pixels (correspondPixels: Euclidean cost,
 *             pairs farther than maxDist = 0.0075 x image diagonal are not
 *             allowed, an unmatched pixel costs 100 x maxDist).  Recall
 *             counts matched annotator pixels summed over annotators,
 *             precision counts machine pixels matched to any annotator.
 *             Over a data set: ODS (best F on the summed counts, with the
 *             benchmark's linear interpolation between thresholds), OIS
 *             (best threshold per image) and AP (area under the
 *             interpolated PR curve on R = 0:0.01:1).
 *   region    segmentation covering, probabilistic Rand index and variation
 *             of information between a segmentation (or each level of an
 *             ultrametric contour map) and several ground truths; ODS/OIS.
 *
 * All images here are 1-channel.  Binary maps: any type, nonzero = on.
 * Label maps: u8, u16 or i32.  Soft maps: u8 (value/255), u16
 * (value/65535) or f32 (as is, expected in [0, 1]).
 *
 * Thread safety: reentrant, no global state; calls on different data may
 * run in parallel.  Nothing here prints or touches files.
 */
#ifndef SEGKIT_BOUNDARY_H
#define SEGKIT_BOUNDARY_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- building blocks ------------------------------------------------- */

/* Morphological thinning exactly as MATLAB bwmorph(bw, 'thin', n): Lam, Lee
 * and Suen's two-subiteration parallel algorithm (IEEE TPAMI 14(9), 1992,
 * conditions G1, G2, G3 / G3'), pixels outside the image are 0.
 * src: 1 channel, any type, nonzero = foreground.  max_iter: number of
 * iterations (one iteration = both subiterations); < 0 means until the
 * image stops changing (MATLAB's Inf).  dst: a new owned u8 image of 0/1.
 * Returns SEGKIT_ERR_ARG, _TYPE, _NOMEM; dst zeroed on error. */
SEGKIT_API int segkit_boundary_thin(const segkit_image *src, segkit_image *dst,
                                    int max_iter);

/* The benchmark's seg2bdry(seg, 'imageSize'): a pixel is on the boundary
 * when its label differs from its right, lower or (via the shared corner)
 * lower-right neighbours as the doubleSize construction defines; the last
 * row and column follow the same construction.  labels: u8/u16/i32.
 * bdry: new owned u8 image of 0/1. */
SEGKIT_API int segkit_boundary_from_labels(const segkit_image *labels,
                                           segkit_image *bdry);

/* Samples an ultrametric contour map in 'doubleSize' format ((2h+1) x
 * (2w+1)) at the benchmark's pixel positions, ucm2(3:2:end, 3:2:end) in
 * MATLAB terms, giving an h x w f32 soft map.  ucm2: u8 (/255), u16
 * (/65535, e.g. ucm2 * 65535 stored in a PNG) or f32.  Both dimensions of
 * ucm2 must be odd and >= 3 (SEGKIT_ERR_SIZE otherwise). */
SEGKIT_API int segkit_boundary_ucm2_to_pb(const segkit_image *ucm2,
                                          segkit_image *pb);

typedef struct segkit_boundary_match_result {
    int64_t n1, n2;      /* boundary pixels in map1, map2 */
    int64_t matched;     /* matched pairs (= matched pixels of either map) */
    double cost;         /* correspondPixels' cost: 0.5 x distance for each
                            matched pixel of either map, the outlier cost in
                            pixels (outlier_cost x max_dist x diagonal) for
                            each unmatched one */
} segkit_boundary_match_result;

/* correspondPixels: minimum-cost one-to-one matching between the "on"
 * pixels of map1 and map2 (same size).  A pair may match when its
 * Euclidean distance is <= max_dist x diagonal (max_dist is a fraction of
 * the image diagonal, the benchmark uses 0.0075); costs are distances in
 * hundredths of a pixel, rounded, as in the original; an unmatched pixel
 * costs ceil(100 x outlier_cost x max_dist x diagonal) (outlier_cost: a
 * multiple of the maximum distance, the benchmark uses 100).  The matching
 * is exact (successive shortest augmenting paths on the sparse graph).
 * match1 / match2 (may be NULL): receive new owned u8 images, 1 where a
 * pixel of that map is matched.  res (may be NULL): counts and cost.
 * Returns SEGKIT_ERR_ARG (max_dist <= 0, outlier_cost <= 1), _TYPE,
 * _SIZE, _NOMEM, _OVERFLOW. */
SEGKIT_API int segkit_boundary_match(const segkit_image *map1,
                                     const segkit_image *map2,
                                     double max_dist, double outlier_cost,
                                     segkit_image *match1,
                                     segkit_image *match2,
                                     segkit_boundary_match_result *res);

/* ---- boundary benchmark ---------------------------------------------- */

typedef struct segkit_boundary_params {
    int nthresh;          /* thresholds for soft maps (default 99) */
    double max_dist;      /* fraction of the diagonal (default 0.0075) */
    double outlier_cost;  /* multiple of max_dist (default 100) */
    int thin;             /* thin each machine map first (default 1) */
} segkit_boundary_params;

SEGKIT_API segkit_boundary_params segkit_boundary_params_default(void);

/* Counts at one threshold of one image, as in the *_ev1.txt files:
 * recall = cnt_r / sum_r, precision = cnt_p / sum_p. */
typedef struct segkit_boundary_counts {
    double thresh;
    int64_t cnt_r, sum_r, cnt_p, sum_p;
} segkit_boundary_counts;

/* The thresholds the benchmark uses for a soft map:
 * linspace(1/(n+1), 1 - 1/(n+1), n), into thresh[0..n-1]. */
SEGKIT_API int segkit_boundary_thresholds(int nthresh, double *thresh);

/* evaluation_bdry_image on a soft map pb (u8/u16/f32, see above): for each
 * threshold t, machine map = pb >= t (thinned if params->thin), matched
 * against each of the ngt annotator boundary maps gt[k] (same size, nonzero
 * = boundary, used as they are).  counts: params->nthresh entries.
 * params may be NULL (defaults).  Returns SEGKIT_ERR_ARG, _TYPE, _SIZE,
 * _NOMEM. */
SEGKIT_API int segkit_boundary_eval_image(const segkit_image *pb,
                                          const segkit_image *const *gt,
                                          int ngt,
                                          const segkit_boundary_params *params,
                                          segkit_boundary_counts *counts);

/* The same for a set of machine segmentations (label maps): level k uses
 * segkit_boundary_from_labels(segs[k]) as machine map and thresh = k + 1,
 * as the benchmark does for a 'segs' cell.  params->nthresh is ignored;
 * counts: nsegs entries. */
SEGKIT_API int segkit_boundary_eval_segs(const segkit_image *const *segs,
                                         int nsegs,
                                         const segkit_image *const *gt,
                                         int ngt,
                                         const segkit_boundary_params *params,
                                         segkit_boundary_counts *counts);

typedef struct segkit_boundary_prf {
    double thresh, recall, precision, f;
} segkit_boundary_prf;

typedef struct segkit_boundary_summary {
    segkit_boundary_prf ods;    /* optimal data-set scale (interpolated) */
    double ois_recall, ois_precision, ois_f;  /* optimal image scale */
    double ap;                  /* area under the interpolated PR curve */
} segkit_boundary_summary;

/* collect_eval_bdry: counts is nimages x nthresh, image-major
 * (counts[i * nthresh + t]); all images must use the same thresholds.
 * summary: eval_bdry.txt.  per_image (may be NULL, nimages entries): each
 * image's best (interpolated) threshold, R, P, F (eval_bdry_img.txt).
 * per_thresh (may be NULL, nthresh entries): R, P, F of the summed counts
 * at each threshold (eval_bdry_thr.txt).  Returns SEGKIT_ERR_ARG. */
SEGKIT_API int segkit_boundary_collect(const segkit_boundary_counts *counts,
                                       int nimages, int nthresh,
                                       segkit_boundary_summary *summary,
                                       segkit_boundary_prf *per_image,
                                       segkit_boundary_prf *per_thresh);

/* ---- region benchmark ------------------------------------------------ */

/* One threshold of one image (the *_ev2.txt and *_ev4.txt files):
 * covering of the ground truths by the segmentation = cnt_r / sum_r (the
 * benchmark's "R"), of the segmentation by the ground truths = cnt_p /
 * sum_p; ri and voi are averaged over the ground truths (the PRI and the
 * mean VOI, VOI in bits). */
typedef struct segkit_region_counts {
    double thresh;
    double cnt_r, sum_r, cnt_p, sum_p;
    double ri, voi;
} segkit_region_counts;

/* evaluation_reg_image on an ultrametric contour map in doubleSize format
 * (see segkit_boundary_ucm2_to_pb for its types): for each of nthresh
 * thresholds t, the segmentation is the 8-connected components of ucm2 <= t
 * sampled at the pixel centres.  gt_segs: ngt label maps (u8/u16/i32) of
 * the image size.  counts: nthresh entries.  cnt_r_best (may be NULL): the
 * image's covering count with every ground-truth region taking its best
 * threshold (the *_ev3.txt value). */
SEGKIT_API int segkit_region_eval_ucm2(const segkit_image *ucm2,
                                       const segkit_image *const *gt_segs,
                                       int ngt, int nthresh,
                                       segkit_region_counts *counts,
                                       double *cnt_r_best);

/* The same for a set of machine segmentations: level k is segs[k],
 * thresh = k + 1.  counts: nsegs entries. */
SEGKIT_API int segkit_region_eval_segs(const segkit_image *const *segs,
                                       int nsegs,
                                       const segkit_image *const *gt_segs,
                                       int ngt, segkit_region_counts *counts,
                                       double *cnt_r_best);

typedef struct segkit_region_summary {
    double cover_ods_thresh, cover_ods, cover_ois, cover_best;
    double pri_ods_thresh, pri_ods, pri_ois;
    double voi_ods_thresh, voi_ods, voi_ois;
} segkit_region_summary;

/* Per-threshold data-set values (eval_cover_th.txt, eval_RI_VOI_thr.txt). */
typedef struct segkit_region_thresh {
    double thresh, cover, pri, voi;
} segkit_region_thresh;

/* Per-image best covering (eval_cover_img.txt). */
typedef struct segkit_region_image {
    double thresh, cover_r, cover_p;
} segkit_region_image;

/* collect_eval_reg: counts is nimages x nthresh, image-major; cnt_r_best:
 * nimages values from the eval functions.  summary: eval_cover.txt and
 * eval_RI_VOI.txt; per_image / per_thresh may be NULL. */
SEGKIT_API int segkit_region_collect(const segkit_region_counts *counts,
                                     const double *cnt_r_best, int nimages,
                                     int nthresh,
                                     segkit_region_summary *summary,
                                     segkit_region_image *per_image,
                                     segkit_region_thresh *per_thresh);

#ifdef __cplusplus
}
#endif
#endif
