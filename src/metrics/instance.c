/* Instance segmentation: object matching by IoU (F1@t, the 2018 Data
 * Science Bowl score, splits and merges) and panoptic quality (Kirillov et
 * al., CVPR 2019). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

/* Objects of both images and their overlaps. */
typedef struct objects {
    uint32_t na, nb;         /* pred, gt objects (dense indices) */
    double *area_a, *area_b;
    mx_cell *cells;          /* a = pred object, b = gt object */
    double *iou;             /* per cell */
    size_t ncells;
    uint32_t *ia, *ib;       /* per pixel (MX_SKIP: background/ignored) */
    int64_t *va, *vb;
} objects;

static void objects_free(objects *o)
{
    free(o->area_a), free(o->area_b), free(o->cells), free(o->iou);
    free(o->ia), free(o->ib), free(o->va), free(o->vb);
    memset(o, 0, sizeof *o);
}

/* skip_all: pixels left out of both images (may be NULL). */
static int objects_build(const segkit_image *pred, const segkit_image *gt,
                         int64_t background, const uint8_t *skip_all, objects *o)
{
    memset(o, 0, sizeof *o);
    size_t npix = (size_t)gt->width * gt->height;
    uint8_t *skip = mx_alloc(npix, 1);
    if (!skip)
        return SEGKIT_ERR_NOMEM;
    int st;
    for (int pass = 0; pass < 2; pass++) {
        const segkit_image *img = pass ? gt : pred;
        for (int y = 0; y < img->height; y++)
            for (int x = 0; x < img->width; x++) {
                size_t i = (size_t)y * img->width + x;
                skip[i] = (uint8_t)((skip_all && skip_all[i]) ||
                                    mx_label_at(img, x, y) == background);
            }
        st = pass ? mx_relabel(gt, skip, &o->ib, &o->vb, &o->nb)
                  : mx_relabel(pred, skip, &o->ia, &o->va, &o->na);
        if (st != SEGKIT_OK)
            goto fail;
    }
    free(skip);
    skip = NULL;
    o->area_a = mx_calloc(o->na, sizeof *o->area_a);
    o->area_b = mx_calloc(o->nb, sizeof *o->area_b);
    if (!o->area_a || !o->area_b) {
        st = SEGKIT_ERR_NOMEM;
        goto fail;
    }
    for (size_t i = 0; i < npix; i++) {
        if (o->ia[i] != MX_SKIP)
            o->area_a[o->ia[i]]++;
        if (o->ib[i] != MX_SKIP)
            o->area_b[o->ib[i]]++;
    }
    st = mx_contingency(o->ia, o->na, o->ib, o->nb, npix, &o->cells, &o->ncells);
    if (st != SEGKIT_OK)
        goto fail;
    o->iou = mx_alloc(o->ncells, sizeof *o->iou);
    if (!o->iou) {
        st = SEGKIT_ERR_NOMEM;
        goto fail;
    }
    for (size_t k = 0; k < o->ncells; k++) {
        double n = (double)o->cells[k].count;
        o->iou[k] = n / (o->area_a[o->cells[k].a] + o->area_b[o->cells[k].b] - n);
    }
    return SEGKIT_OK;
fail:
    free(skip);
    objects_free(o);
    return st;
}

typedef struct cand {
    double iou;
    uint32_t a, b;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *p = x, *q = y;
    if (p->iou != q->iou)
        return p->iou < q->iou ? 1 : -1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* Unique matching of the pairs with IoU > t (class-aware if ca/cb are
 * given): greedy by decreasing IoU.  Returns TP count, sum of their IoU in
 * *sum; matched flags in used_a / used_b (zeroed here). */
static int match(const objects *o, double t, const int64_t *ca, const int64_t *cb,
                 uint8_t *used_a, uint8_t *used_b, double *sum, int *tp)
{
    memset(used_a, 0, o->na ? o->na : 1);
    memset(used_b, 0, o->nb ? o->nb : 1);
    cand *c = mx_alloc(o->ncells, sizeof *c);
    if (!c)
        return SEGKIT_ERR_NOMEM;
    size_t n = 0;
    for (size_t k = 0; k < o->ncells; k++) {
        if (!(o->iou[k] > t))
            continue;
        if (ca && ca[o->cells[k].a] != cb[o->cells[k].b])
            continue;
        c[n].iou = o->iou[k];
        c[n].a = o->cells[k].a;
        c[n++].b = o->cells[k].b;
    }
    qsort(c, n, sizeof *c, cmp_cand);
    *sum = 0;
    *tp = 0;
    for (size_t k = 0; k < n; k++) {
        if (used_a[c[k].a] || used_b[c[k].b])
            continue;
        used_a[c[k].a] = used_b[c[k].b] = 1;
        *sum += c[k].iou;
        ++*tp;
    }
    free(c);
    return SEGKIT_OK;
}

int segkit_metrics_instance(const segkit_image *pred, const segkit_image *gt,
                            const segkit_metrics_params *params,
                            segkit_instance_metrics *out)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 1, out, sizeof *out, &p);
    if (st != SEGKIT_OK)
        return st;
    if (!(p.iou_threshold >= 0 && p.iou_threshold < 1))
        return SEGKIT_ERR_ARG;
    objects o;
    if ((st = objects_build(pred, gt, p.background, NULL, &o)) != SEGKIT_OK)
        return st;
    uint8_t *ua = mx_alloc(o.na ? o.na : 1, 1), *ub = mx_alloc(o.nb ? o.nb : 1, 1);
    int *cnt_a = mx_calloc(o.na ? o.na : 1, sizeof *cnt_a);
    int *cnt_b = mx_calloc(o.nb ? o.nb : 1, sizeof *cnt_b);
    if (!ua || !ub || !cnt_a || !cnt_b) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    double sum;
    int tp;
    if ((st = match(&o, p.iou_threshold, NULL, NULL, ua, ub, &sum, &tp)) != SEGKIT_OK)
        goto done;
    /* policy only when neither side has an object */
    segkit_empty_policy e = o.na + o.nb ? SEGKIT_EMPTY_WORST : p.empty;
    out->n_pred = (int)o.na;
    out->n_gt = (int)o.nb;
    out->tp = tp;
    out->fp = (int)o.na - tp;
    out->fn = (int)o.nb - tp;
    out->precision = mx_ratio(tp, o.na, e, 1, 0, &st);
    out->recall = mx_ratio(tp, o.nb, e, 1, 0, &st);
    out->f1 = mx_ratio(2.0 * tp, (double)o.na + o.nb, e, 1, 0, &st);
    out->mean_matched_iou = mx_ratio(sum, tp, e, 1, 0, &st);
    out->panoptic_quality = mx_ratio(sum, tp + 0.5 * out->fp + 0.5 * out->fn, e, 1, 0, &st);
    double dsb = 0;
    for (int k = 0; k < 10; k++) {
        double t = (50 + 5 * k) / 100.0; /* exact at 0.75 */
        double s2;
        int tp2;
        int st2 = match(&o, t, NULL, NULL, ua, ub, &s2, &tp2);
        if (st2 != SEGKIT_OK) {
            st = st2;
            goto done;
        }
        dsb += mx_ratio(tp2, (double)o.na + o.nb - tp2, e, 1, 0, &st);
    }
    out->dsb_score = dsb / 10;
    for (size_t k = 0; k < o.ncells; k++)
        if (o.iou[k] > 0.1) {
            cnt_a[o.cells[k].a]++;
            cnt_b[o.cells[k].b]++;
        }
    for (uint32_t i = 0; i < o.na; i++)
        out->merges += cnt_a[i] > 1;
    for (uint32_t j = 0; j < o.nb; j++)
        out->splits += cnt_b[j] > 1;
done:
    free(ua), free(ub), free(cnt_a), free(cnt_b);
    objects_free(&o);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}

/* Majority class of every object (ties: the smaller class value). */
static int majority(const uint32_t *idx, uint32_t nobj, const segkit_image *cls,
                    const uint8_t *skip, int64_t **out)
{
    *out = NULL;
    size_t npix = (size_t)cls->width * cls->height;
    uint32_t *ic = NULL, nc = 0;
    int64_t *vc = NULL;
    mx_cell *cells = NULL;
    size_t ncells = 0;
    int st = mx_relabel(cls, skip, &ic, &vc, &nc);
    if (st == SEGKIT_OK)
        st = mx_contingency(idx, nobj, ic, nc, npix, &cells, &ncells);
    int64_t *res = NULL;
    uint64_t *best = NULL;
    if (st == SEGKIT_OK) {
        res = mx_calloc(nobj ? nobj : 1, sizeof *res);
        best = mx_calloc(nobj ? nobj : 1, sizeof *best);
        if (!res || !best)
            st = SEGKIT_ERR_NOMEM;
    }
    if (st == SEGKIT_OK) {
        /* cells sorted by (object, class): the first maximum wins */
        for (size_t k = 0; k < ncells; k++)
            if (cells[k].count > best[cells[k].a]) {
                best[cells[k].a] = cells[k].count;
                res[cells[k].a] = vc[cells[k].b];
            }
        *out = res;
        res = NULL;
    }
    free(ic), free(vc), free(cells), free(res), free(best);
    return st;
}

int segkit_metrics_panoptic(const segkit_image *pred, const segkit_image *gt,
                            const segkit_image *pred_class,
                            const segkit_image *gt_class,
                            const segkit_metrics_params *params,
                            segkit_panoptic_metrics *out)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 1, out, sizeof *out, &p);
    if (st != SEGKIT_OK)
        return st;
    if (!pred_class != !gt_class)
        return SEGKIT_ERR_ARG;
    if (pred_class) {
        if ((st = mx_check_pair(pred_class, gt)) != SEGKIT_OK ||
            (st = mx_check_pair(gt_class, gt)) != SEGKIT_OK)
            return st;
        if (!mx_label_type_ok(pred_class) || !mx_label_type_ok(gt_class))
            return SEGKIT_ERR_TYPE;
    }
    uint8_t *skip = NULL, *ua = NULL, *ub = NULL;
    int64_t *ca = NULL, *cb = NULL, *classes = NULL;
    objects o;
    memset(&o, 0, sizeof o);
    if (pred_class && p.has_ignore &&
        (st = mx_label_mask(gt_class, p.ignore_label, &skip, NULL)) != SEGKIT_OK)
        return st;
    if ((st = objects_build(pred, gt, p.background, skip, &o)) != SEGKIT_OK)
        goto done;
    ca = mx_calloc(o.na ? o.na : 1, sizeof *ca);
    cb = mx_calloc(o.nb ? o.nb : 1, sizeof *cb);
    ua = mx_alloc(o.na ? o.na : 1, 1);
    ub = mx_alloc(o.nb ? o.nb : 1, 1);
    classes = mx_alloc((size_t)o.na + o.nb + 1, sizeof *classes);
    if (!ca || !cb || !ua || !ub || !classes) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if (pred_class) {
        free(ca), free(cb);
        ca = cb = NULL;
        if ((st = majority(o.ia, o.na, pred_class, skip, &ca)) != SEGKIT_OK ||
            (st = majority(o.ib, o.nb, gt_class, skip, &cb)) != SEGKIT_OK)
            goto done;
    }
    double sum;
    int tp;
    if ((st = match(&o, 0.5, ca, cb, ua, ub, &sum, &tp)) != SEGKIT_OK)
        goto done;
    /* the distinct classes of all segments */
    size_t nc = 0;
    for (uint32_t i = 0; i < o.na; i++)
        classes[nc++] = ca[i];
    for (uint32_t j = 0; j < o.nb; j++)
        classes[nc++] = cb[j];
    double spq = 0, ssq = 0, srq = 0;
    int ncls = 0;
    for (size_t k = 0; k < nc; k++) {
        int64_t c = classes[k];
        int seen = 0;
        for (size_t q = 0; q < k; q++)
            if (classes[q] == c) {
                seen = 1;
                break;
            }
        if (seen)
            continue;
        /* this class's TP, FP, FN and IoU sum */
        double ctp = 0, cfp = 0, cfn = 0, csum = 0;
        for (uint32_t i = 0; i < o.na; i++)
            if (ca[i] == c) {
                if (ua[i])
                    ctp++;
                else
                    cfp++;
            }
        for (uint32_t j = 0; j < o.nb; j++)
            if (cb[j] == c && !ub[j])
                cfn++;
        for (size_t q = 0; q < o.ncells; q++) {
            uint32_t a = o.cells[q].a, b = o.cells[q].b;
            if (ca[a] == c && cb[b] == c && ua[a] && ub[b] && o.iou[q] > 0.5)
                csum += o.iou[q];
        }
        double den = ctp + 0.5 * cfp + 0.5 * cfn;
        spq += csum / den;
        ssq += ctp > 0 ? csum / ctp : 0;
        srq += ctp / den;
        ncls++;
    }
    out->tp = tp;
    out->fp = (int)o.na - tp;
    out->fn = (int)o.nb - tp;
    out->n_classes = ncls;
    segkit_empty_policy e = p.empty;
    out->pq = mx_ratio(spq, ncls, e, 1, 0, &st);
    out->sq = mx_ratio(ssq, ncls, e, 1, 0, &st);
    out->rq = mx_ratio(srq, ncls, e, 1, 0, &st);
done:
    free(skip), free(ua), free(ub), free(ca), free(cb), free(classes);
    objects_free(&o);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}
