/* tools/metrics_boundary.h - segkit-metrics --task boundary: the BSDS500
 * boundary (and optionally region) benchmark over a directory of machine
 * outputs and a directory of ground truths with several annotators per
 * image.  Finds the files, reads them, runs include/segkit/boundary.h per
 * image and collects the data-set figures; the caller reports them.
 *
 * File names (ID = the image id; EXT = any format segkit reads):
 *   GTDIR/ID_bdryK.EXT   annotator K's boundary map (nonzero = boundary)
 *   GTDIR/ID_segK.EXT    annotator K's label map (region benchmark; also the
 *                        boundary maps, through seg2bdry, when an image has
 *                        no ID_bdryK files)
 *   PREDDIR, --input pb     ID.EXT soft boundary map (u8 /255, u16 /65535)
 *   PREDDIR, --input ucm2   ID.EXT or ID_SUFFIX.EXT, doubleSize ucm2 (u8 /255,
 *                           u16 /65535, e.g. the shared 2018_ucm2x65535.png)
 *   PREDDIR, --input segs   ID_segK.EXT, K = 1, 2, ...: one level each
 * as BSR/bench/data and its groundTruth_png conversion are laid out. */
#ifndef SEGKIT_TOOLS_METRICS_BOUNDARY_H
#define SEGKIT_TOOLS_METRICS_BOUNDARY_H

#include <stddef.h>

#include "cli.h"
#include "segkit/boundary.h"

enum { MB_PB, MB_UCM2, MB_SEGS };

typedef struct mb_options {
    int input;         /* MB_PB, MB_UCM2, MB_SEGS */
    int nthresh;       /* pb / ucm2: thresholds (default 99) */
    double max_dist;   /* fraction of the image diagonal (default 0.0075) */
    int region;        /* also run the region benchmark (ucm2 / segs) */
} mb_options;

typedef struct mb_image {
    char *id;
    char *pred;                 /* first machine file (display) */
    char *gt;                   /* first ground-truth file (display) */
    int npred, ngt;             /* machine levels, annotators */
    segkit_boundary_prf best;   /* this image's best threshold, R, P, F */
    segkit_region_image cover;  /* region: best covering threshold, R, P */
    double pri, voi;            /* region: best PRI (max), VOI (min) */
    double seconds;             /* wall time of the evaluation (no I/O) */
} mb_image;

typedef struct mb_result {
    size_t n;                   /* images */
    mb_image *img;
    int nthresh;                /* thresholds (pb/ucm2) or levels (segs) */
    segkit_boundary_summary bdry;
    segkit_boundary_prf *per_thresh;      /* nthresh entries */
    segkit_region_summary reg;            /* with opts->region */
    segkit_region_thresh *reg_thresh;     /* nthresh entries, or NULL */
    double seconds;             /* summed evaluation time */
} mb_result;

/* Runs the benchmark; prints "prog: FILE: reason" and returns CLI_FAIL on
 * an error, CLI_OK otherwise.  res is zeroed first; free with mb_free. */
int mb_run(const mb_options *opts, const cli_common *common,
           const char *preddir, const char *gtdir, mb_result *res);
void mb_free(mb_result *res);

#endif
