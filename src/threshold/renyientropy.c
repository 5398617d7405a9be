/* ImageJ "RenyiEntropy": Kapur, Sahoo and Wong's combination of the maximum
 * Renyi-entropy thresholds for alpha = 0.5, 1 and 2.
 *
 * Kapur J.N., Sahoo P.K. and Wong A.K.C. (1985) "A new method for gray-level
 * picture thresholding using the entropy of the histogram", Graphical Models
 * and Image Processing 29(3): 273-285; ImageJ's AutoThresholder port of
 * M. E. Celebi's fourier code by G. Landini.
 *
 * As in maxentropy.c: up to RENYI_DIRECT non-empty bins ImageJ's O(L^2) sums
 * are kept term by term over the non-empty bins (bit-identical: empty bins
 * add exactly 0); above that, running sums of p log p, sqrt(p) and p^2 give
 * the same entropies in O(L).  The three levels are then sorted and blended
 * with ImageJ's beta weights and truncated to an int, as ImageJ does.
 * One non-empty bin: the level of that bin (nothing is foreground).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_method.h"

#define RENYI_DIRECT 4096
#define JAVA_EPS 2.220446049250313E-16

typedef struct {
    const double *norm, *P1, *P2;
    const int *k;
    int n, first_bin, last_bin;
    /* running sums over k[0..j] (large path) */
    double *pre_plogp, *pre_p, *pre_sqrt, *pre_sq;
} renyi_ctx;

/* Entropy of background + object at level it = k[j] for one alpha
 * (0 = Shannon, 1 = 0.5, 2 = 2). */
static double split_entropy(const renyi_ctx *c, int j, int alpha)
{
    const double *norm = c->norm;
    int it = c->k[j], n = c->n;
    double P1 = c->P1[it], P2 = c->P2[it];
    double eb = 0.0, eo = 0.0;
    if (n <= RENYI_DIRECT) {
        for (int q = 0; q < n; q++) {
            double v = norm[c->k[q]];
            if (q <= j) {
                if (alpha == 0)
                    eb -= (v / P1) * log(v / P1);
                else if (alpha == 1)
                    eb += sqrt(v / P1);
                else
                    eb += (v * v) / (P1 * P1);
            } else {
                if (alpha == 0)
                    eo -= (v / P2) * log(v / P2);
                else if (alpha == 1)
                    eo += sqrt(v / P2);
                else
                    eo += (v * v) / (P2 * P2);
            }
        }
    } else {
        int last = n - 1;
        if (alpha == 0) {
            double a = c->pre_plogp[j], s = c->pre_p[j];
            eb = log(P1) * s / P1 - a / P1;
            if (j < last) {
                double ao = c->pre_plogp[last] - a, so = c->pre_p[last] - s;
                eo = log(P2) * so / P2 - ao / P2;
            }
        } else if (alpha == 1) {
            eb = c->pre_sqrt[j] / sqrt(P1);
            if (j < last)
                eo = (c->pre_sqrt[last] - c->pre_sqrt[j]) / sqrt(P2);
        } else {
            eb = c->pre_sq[j] / (P1 * P1);
            if (j < last)
                eo = (c->pre_sq[last] - c->pre_sq[j]) / (P2 * P2);
        }
    }
    if (alpha == 0)
        return eb + eo;
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
    const uint64_t *d = h->count;
    size_t per = 7 * sizeof(double) + sizeof(int);
    if ((size_t)L > SIZE_MAX / per)
        return SEGKIT_ERR_NOMEM;
    double *norm = malloc((size_t)L * per);
    if (!norm)
        return SEGKIT_ERR_NOMEM;
    double *P1 = norm + L, *P2 = P1 + L;
    renyi_ctx c;
    c.pre_plogp = P2 + L;
    c.pre_p = c.pre_plogp + L;
    c.pre_sqrt = c.pre_p + L;
    c.pre_sq = c.pre_sqrt + L;
    int *k = (int *)(c.pre_sq + L), n = 0;
    double total = (double)h->total;
    for (int i = 0; i < L; i++) {
        norm[i] = (double)d[i] / total;
        P1[i] = i ? P1[i - 1] + norm[i] : norm[i];
        P2[i] = 1.0 - P1[i];
        if (d[i]) {
            double v = norm[i];
            c.pre_plogp[n] = (n ? c.pre_plogp[n - 1] : 0) + v * log(v);
            c.pre_p[n] = (n ? c.pre_p[n - 1] : 0) + v;
            c.pre_sqrt[n] = (n ? c.pre_sqrt[n - 1] : 0) + sqrt(v);
            c.pre_sq[n] = (n ? c.pre_sq[n - 1] : 0) + v * v;
            k[n++] = i;
        }
    }
    if (n == 1) {
        int st = segkit_method_level(h, k[0], p, thr, count);
        free(norm);
        return st;
    }
    c.norm = norm;
    c.P1 = P1;
    c.P2 = P2;
    c.k = k;
    c.n = n;
    c.first_bin = 0;
    c.last_bin = L - 1;
    for (int i = 0; i < L; i++)
        if (!(fabs(P1[i]) < JAVA_EPS)) {
            c.first_bin = i;
            break;
        }
    for (int i = L - 1; i >= c.first_bin; i--)
        if (!(fabs(P2[i]) < JAVA_EPS)) {
            c.last_bin = i;
            break;
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
    free(norm);
    /* Java's (int) truncates toward zero (NaN -> 0); clamp to a bin */
    int level = !(opt >= 0) ? 0 : opt >= L ? L - 1 : (int)opt;
    return segkit_method_level(h, level, p, thr, count);
}
