/* Private: small histogram helpers shared by the global threshold methods
 * (static inline, no state). */
#ifndef SEGKIT_INTERNAL_THRESHOLD_HIST_H
#define SEGKIT_INTERNAL_THRESHOLD_HIST_H

#include "segkit/threshold.h"

/* First / last non-empty bin (the histogram is non-empty: hist->total > 0).
 * scikit-image trims its histograms to this range ("source_range='image'"),
 * so its indices are ours minus the first. */
static inline int segkit_hist_first(const segkit_histogram *h)
{
    int i = 0;
    while (i < h->nbins - 1 && h->count[i] == 0)
        i++;
    return i;
}

static inline int segkit_hist_last(const segkit_histogram *h)
{
    int i = h->nbins - 1;
    while (i > 0 && h->count[i] == 0)
        i--;
    return i;
}

/* ImageJ's AutoThresholder.bilevel(), applied by getThreshold() before any
 * method: with one non-empty bin b the level is b - 1, with two (a < b) it
 * is b - 1.  Returns -1 when it does not apply (three or more bins, or a
 * single bin at 0), in which case the method runs. */
static inline int segkit_ij_bilevel(const segkit_histogram *h)
{
    int first = -1, second = -1, n = 0;
    for (int i = 0; i < h->nbins; i++) {
        if (h->count[i] == 0)
            continue;
        if (++n > 2)
            return -1;
        if (first < 0)
            first = i;
        else
            second = i;
    }
    if (n == 1)
        return first - 1;
    if (n == 2)
        return second - 1;
    return -1;
}

/* Multi-Otsu search behind segkit_method_multiotsu (not public API; the
 * unit tests call it to compare the two strategies).  Writes classes - 1
 * ascending bin indices of hist into levels.  mode: 0 = automatic, 1 =
 * exhaustive search in skimage's order and float32 arithmetic, 2 = dynamic
 * programme.  SEGKIT_ERR_UNSUPPORTED when fewer than `classes` bins are
 * occupied, SEGKIT_ERR_NOMEM. */
int segkit_multiotsu_search(const segkit_histogram *hist, int classes,
                            int mode, int *levels);

#endif
