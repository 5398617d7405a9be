/* segkit_threshold_separation (segkit/threshold.h): how far apart the two
 * classes of a threshold are, in standard deviations of the narrower class
 * (the background's noise, on a field of objects: the objects' class may
 * be wide, e.g. with saturated pixels, and a pooled deviation then hides a
 * clear separation). */
#include <math.h>

#include "segkit/threshold.h"

int segkit_threshold_separation(const segkit_histogram *h, double t, double *sep)
{
    if (sep)
        *sep = 0;
    if (!h || !h->count || h->nbins <= 0 || !sep || isnan(t))
        return SEGKIT_ERR_ARG;
    /* class 0: bins whose value is <= t; class 1: above.  Two passes (the
     * means, then the squared deviations) about the bins' values. */
    double n[2] = {0, 0}, s[2] = {0, 0};
    for (int i = 0; i < h->nbins; i++) {
        if (!h->count[i])
            continue;
        double v = segkit_histogram_centre(h, i);
        int c = v > t;
        n[c] += (double)h->count[i];
        s[c] += (double)h->count[i] * v;
    }
    if (n[0] + n[1] == 0)
        return SEGKIT_ERR_EMPTY;
    if (n[0] == 0 || n[1] == 0)
        return SEGKIT_OK;                 /* one class: no separation */
    double mu[2] = {s[0] / n[0], s[1] / n[1]}, ss[2] = {0, 0};
    for (int i = 0; i < h->nbins; i++) {
        if (!h->count[i])
            continue;
        double v = segkit_histogram_centre(h, i);
        int c = v > t;
        ss[c] += (double)h->count[i] * (v - mu[c]) * (v - mu[c]);
    }
    double sd = fmin(sqrt(ss[0] / n[0]), sqrt(ss[1] / n[1]));
    *sep = sd > 0 ? (mu[1] - mu[0]) / sd : INFINITY;
    return SEGKIT_OK;
}
