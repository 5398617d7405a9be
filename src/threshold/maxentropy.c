/* ImageJ "MaxEntropy": Kapur, Sahoo and Wong's maximum entropy threshold.
 *
 * Kapur J.N., Sahoo P.K. and Wong A.K.C. (1985) "A new method for gray-level
 * picture thresholding using the entropy of the histogram", Graphical Models
 * and Image Processing 29(3): 273-285; ImageJ's AutoThresholder port of
 * M. E. Celebi's fourier code by G. Landini.
 *
 * ImageJ's double loop is O(L^2).  The entropy of a split is
 * segkit_ij_shannon's (hist_util.c, shared with RenyiEntropy's alpha = 1):
 * up to SEGKIT_IJ_DIRECT non-empty bins ImageJ's sums term by term over the
 * non-empty bins only (empty bins are skipped by ImageJ too, and a level
 * inside a run of empty bins scores exactly like the non-empty bin before
 * it), so the result is ImageJ's to the last bit; above that (16-bit data)
 * running sums of p*log(p) in O(L): the same quantity, rounded differently.
 *
 * Quirks kept: the search runs from the first bin with P1 >= DBL_EPSILON to
 * the last with |1 - P1| >= DBL_EPSILON, and the running maximum starts at
 * Java's Double.MIN_VALUE (the smallest positive double), so a histogram
 * whose every split has zero entropy has no maximum (ImageJ: level 0).
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

#define JAVA_MIN_VALUE 4.9E-324

int segkit_method_maxentropy(const segkit_histogram *h, const segkit_threshold_params *p,
                             double *thr, int *count)
{
    segkit_ij_cumul c;
    int st = segkit_ij_cumul_init(&c, h, 2);
    if (st != SEGKIT_OK)
        return st;
    segkit_ij_shannon_sums(&c);
    int threshold = -1;
    double max_ent = JAVA_MIN_VALUE;
    for (int j = 0; j < c.n && c.k[j] <= c.last_bin; j++) {
        if (c.k[j] < c.first_bin)
            continue;
        double tot = segkit_ij_shannon(&c, j);
        if (max_ent < tot) {
            max_ent = tot;
            threshold = c.k[j];
        }
    }
    return segkit_ij_cumul_level(&c, h, threshold, p, thr, count);
}
