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
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"


int segkit_method_shanbhag(const segkit_histogram *h, const segkit_threshold_params *p,
                           double *thr, int *count)
{
    segkit_ij_cumul c;
    int st = segkit_ij_cumul_init(&c, h, 0);
    if (st != SEGKIT_OK)
        return st;
    const double *norm = c.norm, *P1 = c.P1, *P2 = c.P2;
    const int *k = c.k, n = c.n, first_bin = c.first_bin, last_bin = c.last_bin;

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
    return segkit_ij_cumul_level(&c, h, threshold, p, thr, count);
}
