/* ImageJ "Shanbhag": Shanbhag's information-measure threshold.
 *
 * Shanbhag A.G. (1994) "Utilization of information measure as a means of
 * image thresholding", Graphical Models and Image Processing 56(5): 414-419;
 * ImageJ's AutoThresholder port of M. E. Celebi's fourier code by
 * G. Landini.
 *
 * The log's argument depends on both the level and the bin, so the measure
 * does not reduce to running sums: this stays O(n^2), n = number of
 * non-empty bins (empty bins add exactly 0 to ImageJ's sums and a level in a
 * run of empty bins scores like the non-empty bin before it, so skipping
 * them changes no bit of the result).  Quirk kept: the background sum starts
 * at bin 1 (ImageJ's "0+1?"), so bin 0 never contributes to it.
 * One non-empty bin: the level of that bin (nothing is foreground).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_method.h"

#define JAVA_EPS 2.220446049250313E-16

int segkit_method_shanbhag(const segkit_histogram *h, const segkit_threshold_params *p,
                           double *thr, int *count)
{
    int L = h->nbins;
    const uint64_t *d = h->count;
    if ((size_t)L > SIZE_MAX / (3 * sizeof(double) + sizeof(int)))
        return SEGKIT_ERR_NOMEM;
    double *norm = malloc((size_t)L * (3 * sizeof(double) + sizeof(int)));
    if (!norm)
        return SEGKIT_ERR_NOMEM;
    double *P1 = norm + L, *P2 = P1 + L;
    int *k = (int *)(P2 + L), n = 0;
    double total = (double)h->total;
    for (int i = 0; i < L; i++) {
        norm[i] = (double)d[i] / total;
        P1[i] = i ? P1[i - 1] + norm[i] : norm[i];
        P2[i] = 1.0 - P1[i];
        if (d[i])
            k[n++] = i;
    }
    if (n == 1) {
        int st = segkit_method_level(h, k[0], p, thr, count);
        free(norm);
        return st;
    }
    int first_bin = 0, last_bin = L - 1;
    for (int i = 0; i < L; i++)
        if (!(fabs(P1[i]) < JAVA_EPS)) {
            first_bin = i;
            break;
        }
    for (int i = L - 1; i >= first_bin; i--)
        if (!(fabs(P2[i]) < JAVA_EPS)) {
            last_bin = i;
            break;
        }

    int threshold = -1;
    double min_ent = DBL_MAX;
    for (int j = 0; j < n && k[j] <= last_bin; j++) {
        int it = k[j];
        if (it < first_bin)
            continue;
        double term = 0.5 / P1[it];
        double eb = 0.0;
        for (int q = 0; q <= j; q++)
            if (k[q] >= 1)
                eb -= norm[k[q]] * log(1.0 - term * P1[k[q] - 1]);
        eb *= term;
        term = 0.5 / P2[it];
        double eo = 0.0;
        for (int q = j + 1; q < n; q++)
            eo -= norm[k[q]] * log(1.0 - term * P2[k[q]]);
        eo *= term;
        double tot = fabs(eb - eo);
        if (tot < min_ent) {
            min_ent = tot;
            threshold = it;
        }
    }
    free(norm);
    if (threshold < 0)
        threshold = 0; /* ImageJ's getThreshold: -1 -> 0 */
    return segkit_method_level(h, threshold, p, thr, count);
}
