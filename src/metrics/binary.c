/* Binary overlap metrics from the 2x2 confusion counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

int segkit_metrics_binary_from_counts(segkit_empty_policy e,
                                      segkit_binary_metrics *m)
{
    int st = SEGKIT_OK;
    /* the policy is for two empty masks; a 0/0 with some foreground on
     * either side takes the worst value (sklearn zero_division=0) */
    if (m->tp + m->fp + m->fn != 0)
        e = SEGKIT_EMPTY_WORST;
    double tp = (double)m->tp, fp = (double)m->fp, fn = (double)m->fn,
           tn = (double)m->tn;
    m->dice = mx_ratio(2 * tp, 2 * tp + fp + fn, e, 1, 0, &st);
    m->iou = mx_ratio(tp, tp + fp + fn, e, 1, 0, &st);
    m->precision = mx_ratio(tp, tp + fp, e, 1, 0, &st);
    m->recall = mx_ratio(tp, tp + fn, e, 1, 0, &st);
    m->specificity = mx_ratio(tn, tn + fp, e, 1, 0, &st);
    m->accuracy = mx_ratio(tp + tn, tp + tn + fp + fn, e, 1, 0, &st);
    m->balanced_accuracy = (m->recall + m->specificity) / 2;
    /* MCC: the denominator is 0 when a row or column of the 2x2 table is
     * empty; then the numerator is 0 too. */
    double den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
    m->mcc = mx_ratio(tp * tn - fp * fn, sqrt(den), e, 1, 0, &st);
    double vs = mx_ratio(fabs(fp - fn), 2 * tp + fp + fn, e, 0, 1, &st);
    m->volume_similarity = 1 - vs;
    return st;
}

int segkit_metrics_binary(const segkit_image *pred, const segkit_image *gt,
                          const segkit_metrics_params *params,
                          segkit_binary_metrics *out)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 0, out, sizeof *out, &p);
    if (st != SEGKIT_OK)
        return st;
    uint8_t *a, *b;
    if ((st = mx_masks(pred, gt, &p, &a, &b)) != SEGKIT_OK)
        return st;
    uint64_t c[4];
    mx_count2x2(a, b, (size_t)pred->width * (size_t)pred->height, c);
    free(a);
    free(b);
    out->tn = c[0];
    out->fn = c[1];
    out->fp = c[2];
    out->tp = c[3];
    st = segkit_metrics_binary_from_counts(p.empty, out);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}
