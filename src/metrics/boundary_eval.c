/* evaluation_bdry_image: precision/recall counts of one image at every
 * threshold, against every annotator (BSR/bench/benchmarks/
 * evaluation_bdry_image.m).  For each threshold t:
 *   bmap = thin(pb >= t)                          (bwmorph 'thin', Inf)
 *   for each annotator k: correspondPixels(bmap, gt_k, maxDist)
 *       cnt_r += matched gt_k pixels, sum_r += pixels of gt_k
 *   cnt_p = machine pixels matched to any annotator, sum_p = pixels of bmap
 * Identical machine maps at consecutive thresholds (common with ucm2 input)
 * are evaluated once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

segkit_boundary_params segkit_boundary_params_default(void)
{
    segkit_boundary_params p;
    p.nthresh = 99;
    p.max_dist = 0.0075;
    p.outlier_cost = 100.0;
    p.thin = 1;
    return p;
}

int segkit_boundary_thresholds(int nthresh, double *thresh)
{
    if (nthresh < 1 || !thresh)
        return SEGKIT_ERR_ARG;
    /* MATLAB linspace(d1, d2, n): d1 + (0:n-1) * (d2 - d1) / (n - 1), the
     * last value set to d2 exactly. */
    double d1 = 1.0 / (nthresh + 1), d2 = 1.0 - 1.0 / (nthresh + 1);
    if (nthresh == 1) {
        thresh[0] = d2;
        return SEGKIT_OK;
    }
    double step = (d2 - d1) / (double)(nthresh - 1);
    for (int k = 0; k < nthresh - 1; k++)
        thresh[k] = d1 + (double)k * step;
    thresh[nthresh - 1] = d2;
    return SEGKIT_OK;
}

/* Everything one image needs, shared by the soft-map and segs entries. */
typedef struct {
    int w, h;
    size_t n;
    int ngt;
    uint8_t *gt;        /* ngt maps of n bytes */
    int64_t gt_sum;     /* pixels over all annotators */
    uint8_t *bmap, *prev, *acc;
    int32_t *scratch;
    segkit__matcher *m;
    double md, oc;
    segkit_boundary_params p;
} bdry_ctx;

static void ctx_free(bdry_ctx *c)
{
    free(c->gt);
    free(c->bmap);
    free(c->prev);
    free(c->acc);
    free(c->scratch);
    segkit__matcher_free(c->m);
}

static int ctx_init(bdry_ctx *c, int w, int h, const segkit_image *const *gt,
                    int ngt, const segkit_boundary_params *params)
{
    memset(c, 0, sizeof *c);
    c->p = params ? *params : segkit_boundary_params_default();
    if (!gt || ngt < 1 || !(c->p.max_dist > 0.0) || !(c->p.outlier_cost > 1.0))
        return SEGKIT_ERR_ARG;
    int st = segkit__bdry_npix(w, h, &c->n);
    if (st)
        return st;
    if (c->n > (size_t)INT32_MAX || c->n > SIZE_MAX / (size_t)ngt ||
        c->n > SIZE_MAX / sizeof(int32_t))
        return SEGKIT_ERR_OVERFLOW;
    for (int k = 0; k < ngt; k++) {
        if (!gt[k] || !gt[k]->data)
            return SEGKIT_ERR_ARG;
        if (gt[k]->channels != 1)
            return SEGKIT_ERR_TYPE;
        if (gt[k]->width != w || gt[k]->height != h)
            return SEGKIT_ERR_SIZE;
    }
    c->w = w;
    c->h = h;
    c->ngt = ngt;
    c->gt = malloc(c->n * (size_t)ngt);
    c->bmap = malloc(c->n);
    c->prev = malloc(c->n);
    c->acc = malloc(c->n);
    c->scratch = malloc(c->n * sizeof(int32_t));
    c->m = segkit__matcher_new();
    if (!c->gt || !c->bmap || !c->prev || !c->acc || !c->scratch || !c->m) {
        ctx_free(c);
        return SEGKIT_ERR_NOMEM;
    }
    for (int k = 0; k < ngt; k++) {
        uint8_t *g = c->gt + c->n * (size_t)k;
        if ((st = segkit__bdry_binary(gt[k], g))) {
            ctx_free(c);
            return st;
        }
        for (size_t i = 0; i < c->n; i++)
            c->gt_sum += g[i];
    }
    /* correspondPixels.cc: maxDist and the outlier cost in pixels */
    double diag = sqrt((double)w * w + (double)h * h);
    c->md = c->p.max_dist * diag;
    c->oc = c->p.outlier_cost * c->md;
    return SEGKIT_OK;
}

/* Counts for the machine map in c->bmap (before thinning). */
static int ctx_eval(bdry_ctx *c, segkit_boundary_counts *out)
{
    if (c->p.thin)
        segkit__bdry_thin(c->bmap, c->w, c->h, -1, c->scratch);
    memset(c->acc, 0, c->n);
    out->cnt_r = 0;
    out->sum_r = c->gt_sum;
    for (int k = 0; k < c->ngt; k++) {
        int64_t pairs;
        int st = segkit__bdry_correspond(c->m, c->bmap,
                                         c->gt + c->n * (size_t)k, c->w, c->h,
                                         c->md, c->oc, c->acc, NULL, &pairs,
                                         NULL);
        if (st)
            return st;
        out->cnt_r += pairs;
    }
    out->cnt_p = 0;
    out->sum_p = 0;
    for (size_t i = 0; i < c->n; i++) {
        out->cnt_p += c->acc[i];
        out->sum_p += c->bmap[i];
    }
    return SEGKIT_OK;
}

int segkit_boundary_eval_image(const segkit_image *pb,
                               const segkit_image *const *gt, int ngt,
                               const segkit_boundary_params *params,
                               segkit_boundary_counts *counts)
{
    if (!pb || !pb->data || !counts)
        return SEGKIT_ERR_ARG;
    int nthresh = params ? params->nthresh : 99;
    if (nthresh < 1)
        return SEGKIT_ERR_ARG;
    memset(counts, 0, (size_t)nthresh * sizeof *counts);
    if (pb->channels != 1 || pb->type == SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    bdry_ctx c;
    int st = ctx_init(&c, pb->width, pb->height, gt, ngt, params);
    if (st)
        return st;
    double *soft = NULL, *thr = NULL;
    if (c.n > SIZE_MAX / sizeof(double) ||
        !(soft = malloc(c.n * sizeof *soft)) ||
        !(thr = malloc((size_t)nthresh * sizeof *thr))) {
        free(soft);
        ctx_free(&c);
        return SEGKIT_ERR_NOMEM;
    }
    st = segkit__bdry_soft(pb, soft);
    if (!st)
        st = segkit_boundary_thresholds(nthresh, thr);
    for (int t = 0; !st && t < nthresh; t++) {
        for (size_t i = 0; i < c.n; i++)
            c.bmap[i] = soft[i] >= thr[t];
        if (t > 0 && memcmp(c.bmap, c.prev, c.n) == 0) {
            counts[t] = counts[t - 1];
        } else {
            memcpy(c.prev, c.bmap, c.n);
            st = ctx_eval(&c, &counts[t]);
        }
        counts[t].thresh = thr[t];
    }
    if (st)
        memset(counts, 0, (size_t)nthresh * sizeof *counts);
    free(soft);
    free(thr);
    ctx_free(&c);
    return st;
}

int segkit_boundary_eval_segs(const segkit_image *const *segs, int nsegs,
                              const segkit_image *const *gt, int ngt,
                              const segkit_boundary_params *params,
                              segkit_boundary_counts *counts)
{
    if (!segs || nsegs < 1 || !counts || !segs[0] || !segs[0]->data)
        return SEGKIT_ERR_ARG;
    memset(counts, 0, (size_t)nsegs * sizeof *counts);
    bdry_ctx c;
    int st = ctx_init(&c, segs[0]->width, segs[0]->height, gt, ngt, params);
    if (st)
        return st;
    int32_t *lab = malloc(c.n * sizeof *lab);
    if (!lab) {
        ctx_free(&c);
        return SEGKIT_ERR_NOMEM;
    }
    for (int t = 0; !st && t < nsegs; t++) {
        if (!segs[t] || !segs[t]->data) {
            st = SEGKIT_ERR_ARG;
            break;
        }
        if (segs[t]->width != c.w || segs[t]->height != c.h) {
            st = SEGKIT_ERR_SIZE;
            break;
        }
        if ((st = segkit__bdry_labels(segs[t], lab)))
            break;
        segkit__bdry_from_labels(lab, c.w, c.h, c.bmap);
        st = ctx_eval(&c, &counts[t]);
        counts[t].thresh = t + 1;
    }
    if (st)
        memset(counts, 0, (size_t)nsegs * sizeof *counts);
    free(lab);
    ctx_free(&c);
    return st;
}
