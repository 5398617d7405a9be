/* Huang's fuzzy-entropy threshold, two variants from ImageJ / Fiji:
 *
 *   huang   ImageJ AutoThresholder "Huang" (M. E. Celebi's fourier code as
 *           ported by G. Landini): fuzzy membership 1 / (1 + |i - mu| / C)
 *           with mu the exact class mean, C = last - first non-empty bin.
 *   huang2  Fiji Auto_Threshold "Huang2" (J. Schindelin, 2011): the same
 *           measure with mu rounded to a bin, so that the per-distance
 *           entropy terms come from a table.
 *
 * Huang L.-K. and Wang M.-J.J. (1995) "Image thresholding by minimizing the
 * measures of fuzziness", Pattern Recognition 28(1): 41-51.
 *
 * Both sum only over non-empty bins: empty bins add exactly 0 to ImageJ's
 * sums, and a level inside a run of empty bins scores exactly like the
 * non-empty bin before it (which ImageJ's strict comparison prefers), so the
 * result is ImageJ's while the cost is O(n^2) in the number n of non-empty
 * bins rather than in the number of bins.  That is still quadratic: a 16-bit
 * image with tens of thousands of distinct values takes seconds here.
 *
 * One or two non-empty bins: global.c (huang: ImageJ's bilevel() rule;
 * huang2, Fiji only: one bin -> its level, as Fiji's Auto_Threshold).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

/* Shannon's function of a membership value. */
static double shannon(double mu)
{
    return -mu * log(mu) - (1.0 - mu) * log(1.0 - mu);
}

int segkit_method_huang(const segkit_histogram *h, const segkit_threshold_params *p,
                        double *thr, int *count)
{
    /* n >= 2: global.c answers one-bin histograms */
    int n;
    int *k = segkit_hist_nonzero(h, &n);
    if (!k)
        return SEGKIT_ERR_NOMEM;
    const uint64_t *d = h->count;
    int first = k[0], last = k[n - 1];
    double term = 1.0 / (double)(last - first);
    /* m0[j]: mean of bins k[0..j]; m1[j]: mean of bins k[j+1..n-1] (as
     * ImageJ's mu_0[it] and mu_1[it]; integer sums below 2^53 are exact, so
     * summation order does not matter). */
    double *m0 = malloc(2 * (size_t)n * sizeof *m0);
    if (!m0) {
        free(k);
        return SEGKIT_ERR_NOMEM;
    }
    double *m1 = m0 + n;
    double s = 0, c = 0;
    for (int j = 0; j < n; j++) {
        s += (double)k[j] * (double)d[k[j]];
        c += (double)d[k[j]];
        m0[j] = s / c;
    }
    s = c = 0;
    m1[n - 1] = 0; /* unused: the object class is empty */
    for (int j = n - 1; j > 0; j--) {
        s += (double)k[j] * (double)d[k[j]];
        c += (double)d[k[j]];
        m1[j - 1] = s / c;
    }
    double overall = m0[n - 1];

    /* ImageJ tries every level it = 0..255 in turn and keeps the first
     * strict minimum.  Levels below the first non-empty bin all see one
     * class with the overall mean; so does every level from the last
     * non-empty bin on. */
    int best = -1;
    double best_ent = DBL_MAX;
    for (int j = first > 0 ? -1 : 0; j < n; j++) {
        double ent = 0.0;
        for (int q = 0; q < n; q++) {
            double mu;
            if (j < 0)
                mu = overall;               /* it < first: all "object" */
            else if (q <= j)
                mu = m0[j];
            else
                mu = m1[j];
            double x = 1.0 / (1.0 + term * fabs((double)k[q] - mu));
            if (!(x < 1e-06 || x > 0.999999))
                ent += (double)d[k[q]] * shannon(x);
        }
        if (ent < best_ent) {
            best_ent = ent;
            best = j < 0 ? 0 : k[j];
        }
    }
    free(m0);
    free(k);
    if (best < 0) /* all NaN: ImageJ's getThreshold turns -1 into 0 */
        best = 0;
    return segkit_method_level(h, best, p, thr, count);
}

/* Java's (int) Math.round(x): floor(x + 0.5), NaN -> 0. */
static long java_round(double x)
{
    if (isnan(x))
        return 0;
    return (long)floor(x + 0.5);
}

int segkit_method_huang2(const segkit_histogram *h, const segkit_threshold_params *p,
                         double *thr, int *count)
{
    /* n >= 2: global.c answers one-bin histograms */
    int n;
    int *k = segkit_hist_nonzero(h, &n);
    if (!k)
        return SEGKIT_ERR_NOMEM;
    const uint64_t *d = h->count;
    int first = k[0], last = k[n - 1];
    size_t span = (size_t)(last - first) + 1;
    /* S, W: cumulative count and count*index at each non-empty bin;
     * Smu[x]: entropy summand for the distance x = |i - mu| */
    if (span > SIZE_MAX / sizeof(double) - 2 * (size_t)n) {
        free(k);
        return SEGKIT_ERR_NOMEM;
    }
    double *S = malloc((2 * (size_t)n + span) * sizeof *S);
    if (!S) {
        free(k);
        return SEGKIT_ERR_NOMEM;
    }
    double *W = S + n, *Smu = W + n;
    double cs = 0, cw = 0;
    for (int j = 0; j < n; j++) {
        cs += (double)d[k[j]];
        cw += (double)k[j] * (double)d[k[j]];
        S[j] = cs;
        W[j] = cw;
    }
    double C = (double)(last - first);
    Smu[0] = 0.0;
    for (size_t x = 1; x < span; x++)
        Smu[x] = shannon(1.0 / (1.0 + (double)x / C));

    int best = 0;
    double best_ent = DBL_MAX;
    for (int j = 0; j < n; j++) {
        double ent = 0;
        long mu = java_round(W[j] / S[j]);
        for (int q = 0; q <= j; q++) {
            long x = labs(k[q] - mu);
            ent += Smu[x < (long)span ? x : (long)span - 1] * (double)d[k[q]];
        }
        mu = java_round((W[n - 1] - W[j]) / (S[n - 1] - S[j]));
        for (int q = j + 1; q < n; q++) {
            long x = labs(k[q] - mu);
            ent += Smu[x < (long)span ? x : (long)span - 1] * (double)d[k[q]];
        }
        if (best_ent > ent) {
            best_ent = ent;
            best = k[j];
        }
    }
    free(S);
    free(k);
    return segkit_method_level(h, best, p, thr, count);
}
