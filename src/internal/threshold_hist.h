/* Private: histogram helpers shared by the global threshold methods: the
 * small ones static inline here, the allocating ones in
 * src/threshold/hist_util.c.  No state. */
#ifndef SEGKIT_INTERNAL_THRESHOLD_HIST_H
#define SEGKIT_INTERNAL_THRESHOLD_HIST_H

#include <stdint.h>

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

/* The histogram bracketed to its occupied range, as Fiji's Auto_Threshold
 * hands it to every method: count[0..n-1] are bins first..first+n-1, and a
 * level found in it is offset by first. */
typedef struct {
    const uint64_t *count;
    int first, n;
} segkit_hist_span;

static inline segkit_hist_span segkit_hist_bracket(const segkit_histogram *h)
{
    segkit_hist_span s;
    s.first = segkit_hist_first(h);
    s.n = segkit_hist_last(h) - s.first + 1;
    s.count = h->count + s.first;
    return s;
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

/* Indices of the non-empty bins, ascending, malloc'ed (free() it); *n gets
 * their number.  NULL when out of memory. */
int *segkit_hist_nonzero(const segkit_histogram *h, int *n);

/* copies * n doubles, malloc'ed (free() it); the first n hold the counts of
 * bins first..first+n-1, the rest is scratch.  NULL when out of memory or
 * when the size overflows. */
double *segkit_hist_doubles(const segkit_histogram *h, int first, int n,
                            int copies);

/* What ImageJ's entropy methods (MaxEntropy, RenyiEntropy, Shanbhag) build
 * first: the normalised histogram, its cumulative sums P1 and P2 = 1 - P1,
 * the non-empty bins k[0..n-1], and the search range first_bin..last_bin
 * (first bin with |P1| >= DBL_EPSILON, last with |P2| >= DBL_EPSILON, as
 * ImageJ scans them).  extra: that many more arrays of nbins doubles, for
 * the caller's own sums (NULL when 0).  One allocation; free with
 * segkit_ij_cumul_free. */
typedef struct {
    double *norm, *P1, *P2, *extra;
    int *k;
    int n, first_bin, last_bin;
    int nbins;           /* the histogram's: the length of each array */
} segkit_ij_cumul;

int segkit_ij_cumul_init(segkit_ij_cumul *c, const segkit_histogram *h,
                         int extra);
void segkit_ij_cumul_free(segkit_ij_cumul *c);

/* The end of MaxEntropy and Shanbhag: frees c, then the level (a bin index,
 * -1 when the search found none: ImageJ's getThreshold makes that 0) as
 * segkit_method_level gives it. */
int segkit_ij_cumul_level(segkit_ij_cumul *c, const segkit_histogram *h, int level,
                          const segkit_threshold_params *p, double *thr, int *count);

/* Up to this many non-empty bins the entropy methods keep ImageJ's O(n^2)
 * sums term by term over the non-empty bins (ImageJ's result to the last
 * bit: empty bins add exactly 0); above it they use running sums in O(n):
 * the same quantities, rounded differently. */
#define SEGKIT_IJ_DIRECT 4096

/* The Shannon entropy of background + object at level it = c->k[j], as
 * MaxEntropy and RenyiEntropy (alpha = 1) sum it, with p = norm[k[q]] and
 * P1, P2 at it:
 *   -sum_{q <= j} (p / P1) log(p / P1) - sum_{q > j} (p / P2) log(p / P2).
 * Above SEGKIT_IJ_DIRECT bins it comes from -sum (p/P) log(p/P) =
 * log(P) (sum p) / P - (sum p log p) / P, with the running sums over
 * k[0..j] that segkit_ij_shannon_sums writes into c->extra: sum p log p in
 * extra[0..n), sum p in extra[nbins..nbins + n) (init with extra >= 2). */
void segkit_ij_shannon_sums(segkit_ij_cumul *c);
double segkit_ij_shannon(const segkit_ij_cumul *c, int j);

/* Multi-Otsu search behind segkit_method_multiotsu (not public API; the
 * unit tests call it to compare the two strategies).  Writes classes - 1
 * ascending bin indices of hist into levels.  mode: 0 = automatic, 1 =
 * exhaustive search in skimage's order and float32 arithmetic, 2 = dynamic
 * programme.  SEGKIT_ERR_UNSUPPORTED when fewer than `classes` bins are
 * occupied, SEGKIT_ERR_NOMEM. */
int segkit_multiotsu_search(const segkit_histogram *hist, int classes,
                            int mode, int *levels);

#endif
