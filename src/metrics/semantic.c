/* Semantic segmentation: a growing confusion matrix and the metrics read
 * from it (per-class IoU / Dice, mIoU, frequency-weighted IoU, pixel and
 * mean class accuracy). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

#define MAX_CLASSES 2048

void segkit_confusion_free(segkit_confusion *cm)
{
    if (!cm)
        return;
    free(cm->values);
    free(cm->m);
    memset(cm, 0, sizeof *cm);
}

int segkit_metrics_confusion_add(segkit_confusion *cm, const segkit_image *pred,
                                 const segkit_image *gt,
                                 const segkit_metrics_params *params)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 1, cm, 0, &p);  /* cm is not cleared */
    if (st != SEGKIT_OK)
        return st;
    size_t npix = (size_t)gt->width * gt->height;
    uint8_t *skip = NULL;
    uint32_t *ia = NULL, *ib = NULL, na = 0, nb = 0;
    int64_t *va = NULL, *vb = NULL, *uni = NULL;
    uint64_t *m = NULL;
    uint64_t ignored = 0;
    if (p.has_ignore &&
        (st = mx_label_mask(gt, p.ignore_label, &skip, &ignored)) != SEGKIT_OK)
        return st;
    if ((st = mx_relabel(pred, skip, &ia, &va, &na)) != SEGKIT_OK ||
        (st = mx_relabel(gt, skip, &ib, &vb, &nb)) != SEGKIT_OK)
        goto done;
    /* union of the old classes and this image's */
    uni = mx_alloc((size_t)cm->n + na + nb, sizeof *uni);
    if (!uni) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    uint32_t nu = 0, i = 0, j = 0, k = 0;
    while (i < (uint32_t)cm->n || j < na || k < nb) {
        int64_t v = INT64_MAX;
        if (i < (uint32_t)cm->n && cm->values[i] < v) v = cm->values[i];
        if (j < na && va[j] < v) v = va[j];
        if (k < nb && vb[k] < v) v = vb[k];
        uni[nu++] = v;
        if (i < (uint32_t)cm->n && cm->values[i] == v) i++;
        if (j < na && va[j] == v) j++;
        if (k < nb && vb[k] == v) k++;
    }
    if (nu > MAX_CLASSES) {
        st = SEGKIT_ERR_CLASS_LIMIT;
        goto done;
    }
    m = mx_calloc((size_t)nu * nu, sizeof *m);
    if (!m) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    for (int r = 0; r < cm->n; r++) {
        uint32_t rr = mx_find(uni, nu, cm->values[r]);
        for (int c = 0; c < cm->n; c++)
            m[(size_t)rr * nu + mx_find(uni, nu, cm->values[c])] +=
                cm->m[(size_t)r * cm->n + c];
    }
    /* index maps of this image's dense labels into the union */
    for (uint32_t q = 0; q < na; q++)
        va[q] = mx_find(uni, nu, va[q]);
    for (uint32_t q = 0; q < nb; q++)
        vb[q] = mx_find(uni, nu, vb[q]);
    for (size_t q = 0; q < npix; q++)
        if (ib[q] != MX_SKIP)
            m[(size_t)vb[ib[q]] * nu + (size_t)va[ia[q]]]++;
    free(cm->values);
    free(cm->m);
    cm->values = uni;
    cm->m = m;
    cm->n = (int)nu;
    cm->ignored += ignored;
    uni = NULL;
    m = NULL;
done:
    free(skip), free(ia), free(ib), free(va), free(vb), free(uni), free(m);
    return st;
}

void segkit_semantic_metrics_free(segkit_semantic_metrics *s)
{
    if (!s)
        return;
    free(s->values), free(s->iou), free(s->dice), free(s->gt_pixels);
    memset(s, 0, sizeof *s);
}

int segkit_metrics_semantic(const segkit_confusion *cm, segkit_empty_policy e,
                            segkit_semantic_metrics *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!cm || cm->n < 0 || (cm->n > 0 && (!cm->values || !cm->m)))
        return SEGKIT_ERR_ARG;
    int n = cm->n;
    out->n = n;
    out->values = mx_alloc((size_t)n, sizeof *out->values);
    out->iou = mx_alloc((size_t)n, sizeof *out->iou);
    out->dice = mx_alloc((size_t)n, sizeof *out->dice);
    out->gt_pixels = mx_alloc((size_t)n, sizeof *out->gt_pixels);
    if (!out->values || !out->iou || !out->dice || !out->gt_pixels) {
        segkit_semantic_metrics_free(out);
        return SEGKIT_ERR_NOMEM;
    }
    double N = 0, trace = 0, sum_iou = 0, sum_dice = 0, fw = 0, acc = 0;
    int with_gt = 0;
    for (int c = 0; c < n; c++) {
        double row = 0, col = 0;
        for (int k = 0; k < n; k++) {
            row += (double)cm->m[(size_t)c * n + k];
            col += (double)cm->m[(size_t)k * n + c];
        }
        double tp = (double)cm->m[(size_t)c * n + c];
        N += row;
        trace += tp;
        out->values[c] = cm->values[c];
        out->gt_pixels[c] = (uint64_t)row;
        /* a class exists only if seen, so row + col > 0 */
        out->iou[c] = row + col > 0 ? tp / (row + col - tp) : 0;
        out->dice[c] = row + col > 0 ? 2 * tp / (row + col) : 0;
        sum_iou += out->iou[c];
        sum_dice += out->dice[c];
        fw += row * out->iou[c];
        if (row > 0) {
            acc += tp / row;
            with_gt++;
        }
    }
    int st = SEGKIT_OK;
    out->pixels = (uint64_t)N;
    out->miou = mx_ratio(sum_iou, n, e, 1, 0, &st);
    out->mdice = mx_ratio(sum_dice, n, e, 1, 0, &st);
    out->fwiou = mx_ratio(fw, N, e, 1, 0, &st);
    out->pixel_accuracy = mx_ratio(trace, N, e, 1, 0, &st);
    out->mean_accuracy = mx_ratio(acc, with_gt, e, 1, 0, &st);
    if (st != SEGKIT_OK)
        segkit_semantic_metrics_free(out);
    return st;
}
