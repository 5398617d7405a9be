/* ImageJ "MaxEntropy": Kapur, Sahoo and Wong's maximum entropy threshold.
 *
 * Kapur J.N., Sahoo P.K. and Wong A.K.C. (1985) "A new method for gray-level
 * picture thresholding using the entropy of the histogram", Graphical Models
 * and Image Processing 29(3): 273-285; ImageJ's AutoThresholder port of
 * M. E. Celebi's fourier code by G. Landini.
 *
 * ImageJ's double loop is O(L^2).  Up to MAXENT_DIRECT non-empty bins we
 * keep its sums term by term over the non-empty bins only (empty bins are
 * skipped by ImageJ too, and a level inside a run of empty bins scores
 * exactly like the non-empty bin before it), so the result is ImageJ's to
 * the last bit.  Above that (16-bit data) the entropies come from running
 * sums of p*log(p) in O(L): the same quantity, rounded differently.
 *
 * Quirks kept: the search runs from the first bin with P1 >= DBL_EPSILON to
 * the last with |1 - P1| >= DBL_EPSILON, and the running maximum starts at
 * Java's Double.MIN_VALUE (the smallest positive double), so a histogram
 * whose every split has zero entropy has no maximum (ImageJ: level 0).
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define MAXENT_DIRECT 4096
#define JAVA_MIN_VALUE 4.9E-324

int segkit_method_maxentropy(const segkit_histogram *h, const segkit_threshold_params *p,
                             double *thr, int *count)
{
    segkit_ij_cumul c;
    int st = segkit_ij_cumul_init(&c, h, 0);
    if (st != SEGKIT_OK)
        return st;
    const double *norm = c.norm, *P1 = c.P1, *P2 = c.P2;
    const int *k = c.k, n = c.n, first_bin = c.first_bin, last_bin = c.last_bin;

    int threshold = -1;
    double max_ent = JAVA_MIN_VALUE;
    if (n <= MAXENT_DIRECT) {
        for (int j = 0; j < n && k[j] <= last_bin; j++) {
            int it = k[j];
            if (it < first_bin)
                continue;
            double eb = 0.0, eo = 0.0;
            for (int q = 0; q <= j; q++)
                eb -= (norm[k[q]] / P1[it]) * log(norm[k[q]] / P1[it]);
            for (int q = j + 1; q < n; q++)
                eo -= (norm[k[q]] / P2[it]) * log(norm[k[q]] / P2[it]);
            double tot = eb + eo;
            if (max_ent < tot) {
                max_ent = tot;
                threshold = it;
            }
        }
    } else {
        /* -sum (p/P) log(p/P) = log(P) * (sum p)/P - (sum p log p)/P */
        double plogp_all = 0, p_all = 0;
        for (int q = 0; q < n; q++) {
            plogp_all += norm[k[q]] * log(norm[k[q]]);
            p_all += norm[k[q]];
        }
        double a = 0, s = 0;
        for (int j = 0; j < n && k[j] <= last_bin; j++) {
            int it = k[j];
            a += norm[it] * log(norm[it]);
            s += norm[it];
            if (it < first_bin)
                continue;
            double ao = plogp_all - a, so = p_all - s;
            double eb = log(P1[it]) * s / P1[it] - a / P1[it];
            double eo = j + 1 < n ? log(P2[it]) * so / P2[it] - ao / P2[it] : 0.0;
            double tot = eb + eo;
            if (max_ent < tot) {
                max_ent = tot;
                threshold = it;
            }
        }
    }
    return segkit_ij_cumul_level(&c, h, threshold, p, thr, count);
}
