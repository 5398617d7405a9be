/* ImageJ "RenyiEntropy": Kapur, Sahoo and Wong's combination of the maximum
 * Renyi-entropy thresholds for alpha = 0.5, 1 and 2.
 *
 * Kapur J.N., Sahoo P.K. and Wong A.K.C. (1985) "A new method for gray-level
 * picture thresholding using the entropy of the histogram", Graphical Models
 * and Image Processing 29(3): 273-285; ImageJ's AutoThresholder port of
 * M. E. Celebi's fourier code by G. Landini.
 *
 * Alpha = 1 is MaxEntropy's Shannon entropy (segkit_ij_shannon, hist_util.c).
 * For 0.5 and 2, as there: up to SEGKIT_IJ_DIRECT non-empty bins ImageJ's
 * O(L^2) sums are kept term by term over the non-empty bins (bit-identical:
 * empty bins add exactly 0); above that, running sums of sqrt(p) and p^2
 * give the same entropies in O(L).  The three levels are then sorted and blended
 * with ImageJ's beta weights and truncated to an int, as ImageJ does.
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

typedef struct {
    const segkit_ij_cumul *cu;
    const double *norm, *P1, *P2;
    const int *k;
    int n, first_bin, last_bin;
    /* running sums over k[0..j] (large path) */
    double *pre_sqrt, *pre_sq;
} renyi_ctx;

/* Entropy of background + object at level it = k[j] for one alpha
 * (0 = Shannon, 1 = 0.5, 2 = 2). */
static double split_entropy(const renyi_ctx *c, int j, int alpha)
{
    if (alpha == 0)
        return segkit_ij_shannon(c->cu, j);
    const double *norm = c->norm;
    int it = c->k[j], n = c->n;
    double P1 = c->P1[it], P2 = c->P2[it];
    double eb = 0.0, eo = 0.0;
    if (n <= SEGKIT_IJ_DIRECT) {
        for (int q = 0; q < n; q++) {
            double v = norm[c->k[q]];
            if (q <= j) {
                if (alpha == 1)
                    eb += sqrt(v / P1);
                else
                    eb += (v * v) / (P1 * P1);
            } else {
                if (alpha == 1)
                    eo += sqrt(v / P2);
                else
                    eo += (v * v) / (P2 * P2);
            }
        }
    } else {
        int last = n - 1;
        if (alpha == 1) {
            eb = c->pre_sqrt[j] / sqrt(P1);
            if (j < last)
                eo = (c->pre_sqrt[last] - c->pre_sqrt[j]) / sqrt(P2);
        } else {
            eb = c->pre_sq[j] / (P1 * P1);
            if (j < last)
                eo = (c->pre_sq[last] - c->pre_sq[j]) / (P2 * P2);
        }
    }
    /* term = 1 / (1 - alpha): 2 for alpha 0.5, -1 for alpha 2 */
    double term = alpha == 1 ? 2.0 : -1.0;
    return term * ((eb * eo) > 0.0 ? log(eb * eo) : 0.0);
}

static int best_level(const renyi_ctx *c, int alpha)
{
    int threshold = 0; /* ImageJ: 0, not MIN_INT */
    double max_ent = 0.0;
    for (int j = 0; j < c->n && c->k[j] <= c->last_bin; j++) {
        if (c->k[j] < c->first_bin)
            continue;
        double tot = split_entropy(c, j, alpha);
        if (tot > max_ent) {
            max_ent = tot;
            threshold = c->k[j];
        }
    }
    return threshold;
}

int segkit_method_renyientropy(const segkit_histogram *h, const segkit_threshold_params *p,
                               double *thr, int *count)
{
    int L = h->nbins;
    segkit_ij_cumul cu;
    int st = segkit_ij_cumul_init(&cu, h, 4);
    if (st != SEGKIT_OK)
        return st;
    const double *P1 = cu.P1, *P2 = cu.P2;
    renyi_ctx c;
    c.cu = &cu;
    c.norm = cu.norm;
    c.P1 = P1;
    c.P2 = P2;
    c.k = cu.k;
    c.n = cu.n;
    c.first_bin = cu.first_bin;
    c.last_bin = cu.last_bin;
    segkit_ij_shannon_sums(&cu); /* extra[0 .. 2L) */
    c.pre_sqrt = cu.extra + 2 * (size_t)L;
    c.pre_sq = c.pre_sqrt + L;
    for (int j = 0; j < c.n; j++) {
        double v = c.norm[c.k[j]];
        c.pre_sqrt[j] = (j ? c.pre_sqrt[j - 1] : 0) + sqrt(v);
        c.pre_sq[j] = (j ? c.pre_sq[j - 1] : 0) + v * v;
    }

    int t2 = best_level(&c, 0); /* alpha = 1: maximum entropy */
    int t1 = best_level(&c, 1); /* alpha = 0.5 */
    int t3 = best_level(&c, 2); /* alpha = 2 */
    int tmp;
    if (t2 < t1) { tmp = t1; t1 = t2; t2 = tmp; }
    if (t3 < t2) { tmp = t2; t2 = t3; t3 = tmp; }
    if (t2 < t1) { tmp = t1; t1 = t2; t2 = tmp; }
    int b1, b2, b3;
    if (abs(t1 - t2) <= 5) {
        if (abs(t2 - t3) <= 5) { b1 = 1; b2 = 2; b3 = 1; }
        else { b1 = 0; b2 = 1; b3 = 3; }
    } else {
        if (abs(t2 - t3) <= 5) { b1 = 3; b2 = 1; b3 = 0; }
        else { b1 = 1; b2 = 2; b3 = 1; }
    }
    double omega = P1[t3] - P1[t1];
    double opt = t1 * (P1[t1] + 0.25 * omega * b1) + 0.25 * t2 * omega * b2 +
                 t3 * (P2[t3] + 0.25 * omega * b3);
    segkit_ij_cumul_free(&cu);
    /* Java's (int) truncates toward zero (NaN -> 0); clamp to a bin */
    int level = !(opt >= 0) ? 0 : opt >= L ? L - 1 : (int)opt;
    return segkit_method_level(h, level, p, thr, count);
}
