/* ImageJ "Intermodes": Prewitt and Mendelsohn's intermeans of the modes.
 *
 * Prewitt J.M.S. and Mendelsohn M.L. (1966) "The analysis of cell images",
 * Annals of the New York Academy of Sciences 128: 1035-1053; ImageJ's
 * AutoThresholder port (G. Landini, from A. Niemisto's Matlab code).
 *
 * The histogram, cut to its first..last non-empty bin, is smoothed with a
 * 3-point running mean (0 outside) until it has exactly two strict local
 * maxima j < k; the level is first + floor((j + k) / 2).  No two maxima
 * after 10000 smoothings: SEGKIT_ERR_UNSUPPORTED (ImageJ logs and reports
 * 0).  O(L) per smoothing.
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define INTERMODES_MAX_ITER 10000

/* ImageJ's bimodalTest: exactly two strict interior local maxima */
static int bimodal(const double *y, size_t len)
{
    int modes = 0;
    for (size_t k = 1; k + 1 < len; k++)
        if (y[k - 1] < y[k] && y[k + 1] < y[k] && ++modes > 2)
            return 0;
    return modes == 2;
}

int segkit_method_intermodes(const segkit_histogram *h, const segkit_threshold_params *p,
                             double *thr, int *count)
{
    const segkit_hist_span s = segkit_hist_bracket(h);
    const int first = s.first;
    const size_t len = (size_t)s.n;
    double *hist = segkit_hist_doubles(h, first, s.n, 1);
    if (!hist)
        return SEGKIT_ERR_NOMEM;
    int iter = 0;
    while (!bimodal(hist, len)) {
        double previous = 0, current = 0, next = hist[0];
        for (size_t i = 0; i + 1 < len; i++) {
            previous = current;
            current = next;
            next = hist[i + 1];
            hist[i] = (previous + current + next) / 3;
        }
        hist[len - 1] = (current + next) / 3;
        if (++iter > INTERMODES_MAX_ITER) {
            free(hist);
            return SEGKIT_ERR_UNSUPPORTED;
        }
    }
    size_t tt = 0;
    for (size_t i = 1; i + 1 < len; i++)
        if (hist[i - 1] < hist[i] && hist[i + 1] < hist[i])
            tt += i;
    free(hist);
    return segkit_method_level(h, first + (int)(tt / 2), p, thr, count);
}
