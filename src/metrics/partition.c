/* Comparing two partitions: variation of information (Meila 2007), adapted
 * Rand error (as scikit-image / CREMI), Rand index and PRI (Unnikrishnan et
 * al. 2007), segmentation covering (Arbelaez et al. 2011). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

static double c2(double n) { return n * (n - 1) / 2; }

int segkit_metrics_partition(const segkit_image *pred, const segkit_image *gt,
                             const segkit_metrics_params *params,
                             segkit_partition_metrics *out)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 1, out, sizeof *out, &p);
    if (st != SEGKIT_OK)
        return st;
    uint8_t *skip = NULL;
    uint32_t *ia = NULL, *ib = NULL, na = 0, nb = 0;
    int64_t *va = NULL, *vb = NULL;
    mx_cell *cells = NULL;
    size_t ncells = 0;
    double *asum = NULL, *bsum = NULL, *best = NULL;
    size_t npix = (size_t)gt->width * gt->height;
    /* gt pixels to leave out (none without an ignore label) */
    if ((p.has_ignore && (st = mx_label_mask(gt, p.ignore_label, &skip, NULL)) != SEGKIT_OK) ||
        (st = mx_relabel(pred, skip, &ia, &va, &na)) != SEGKIT_OK ||
        (st = mx_relabel(gt, skip, &ib, &vb, &nb)) != SEGKIT_OK ||
        (st = mx_contingency(ib, nb, ia, na, npix, &cells, &ncells)) != SEGKIT_OK)
        goto done;
    /* cells: a = gt region i, b = pred region j */
    asum = mx_calloc(nb, sizeof *asum);
    bsum = mx_calloc(na, sizeof *bsum);
    best = mx_calloc(nb, sizeof *best);
    if (!asum || !bsum || !best) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    double N = 0;
    for (size_t k = 0; k < ncells; k++) {
        asum[cells[k].a] += (double)cells[k].count;
        bsum[cells[k].b] += (double)cells[k].count;
        N += (double)cells[k].count;
    }
    if (N == 0) {
        st = SEGKIT_ERR_EMPTY;
        goto done;
    }
    double split = 0, merge = 0, nij2 = 0, a2 = 0, b2 = 0, x2 = 0, a_c2 = 0, b_c2 = 0;
    for (size_t k = 0; k < ncells; k++) {
        double n = (double)cells[k].count, ai = asum[cells[k].a], bj = bsum[cells[k].b];
        split -= n / N * log2(n / ai);   /* H(pred | gt) */
        merge -= n / N * log2(n / bj);   /* H(gt | pred) */
        nij2 += n * n;
        x2 += c2(n);
        double iou = n / (ai + bj - n);
        if (iou > best[cells[k].a])
            best[cells[k].a] = iou;
    }
    double cover = 0;
    for (uint32_t i = 0; i < nb; i++) {
        a2 += asum[i] * asum[i];
        a_c2 += c2(asum[i]);
        cover += asum[i] * best[i];
    }
    for (uint32_t j = 0; j < na; j++) {
        b2 += bsum[j] * bsum[j];
        b_c2 += c2(bsum[j]);
    }
    /* log2(1) may give -0 */
    out->voi_split = split + 0.0 <= 0 ? 0 : split;
    out->voi_merge = merge + 0.0 <= 0 ? 0 : merge;
    out->voi = out->voi_split + out->voi_merge;
    out->are_precision = mx_ratio(nij2 - N, a2 - N, SEGKIT_EMPTY_WORST, 1, 0, &st);
    out->are_recall = mx_ratio(nij2 - N, b2 - N, SEGKIT_EMPTY_WORST, 1, 0, &st);
    double f = mx_ratio(2 * out->are_precision * out->are_recall,
                        out->are_precision + out->are_recall, SEGKIT_EMPTY_WORST, 1, 0, &st);
    out->are = 1 - f;
    double T = c2(N);
    out->rand_index = mx_ratio(T + 2 * x2 - a_c2 - b_c2, T, SEGKIT_EMPTY_WORST, 1, 0, &st);
    out->covering = cover / N;
done:
    free(skip), free(ia), free(ib), free(va), free(vb), free(cells);
    free(asum), free(bsum), free(best);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}

int segkit_metrics_partition_multi(const segkit_image *pred,
                                   const segkit_image *const *gts, int n_gt,
                                   const segkit_metrics_params *p,
                                   segkit_partition_metrics *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!gts || n_gt <= 0)
        return SEGKIT_ERR_ARG;
    segkit_partition_metrics sum;
    memset(&sum, 0, sizeof sum);
    for (int k = 0; k < n_gt; k++) {
        segkit_partition_metrics m;
        int st = segkit_metrics_partition(pred, gts[k], p, &m);
        if (st != SEGKIT_OK)
            return st;
        sum.voi_split += m.voi_split;
        sum.voi_merge += m.voi_merge;
        sum.voi += m.voi;
        sum.are += m.are;
        sum.are_precision += m.are_precision;
        sum.are_recall += m.are_recall;
        sum.rand_index += m.rand_index;
        sum.covering += m.covering;
    }
    double k = n_gt;
    out->voi_split = sum.voi_split / k;
    out->voi_merge = sum.voi_merge / k;
    out->voi = sum.voi / k;
    out->are = sum.are / k;
    out->are_precision = sum.are_precision / k;
    out->are_recall = sum.are_recall / k;
    out->rand_index = sum.rand_index / k;
    out->covering = sum.covering / k;
    return SEGKIT_OK;
}
