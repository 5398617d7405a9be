/* ImageJ "MinError(I)": Kittler and Illingworth's iterative minimum-error
 * threshold.
 *
 * Kittler J. and Illingworth J. (1986) "Minimum error thresholding", Pattern
 * Recognition 19: 41-47; Glasbey C.A. (1993) "An analysis of histogram-based
 * thresholding algorithms", CVGIP: Graphical Models and Image Processing 55:
 * 532-537.  ImageJ's AutoThresholder port (G. Landini, from A. Niemisto's
 * Matlab code).
 *
 * Starts from ImageJ's Mean level floor(sum i*h[i] / sum h[i]) and solves
 * the quadratic of the two-Gaussian model until the level repeats.  ImageJ's
 * partial sums A, B, C (counts, first and second moments up to a level) are
 * prefix sums here: the same additions in the same order, O(L) per step
 * instead of O(L^2).  They are doubles, where ImageJ multiplies i*i*h[i] in
 * 32-bit ints (which can overflow on large images); a level outside the
 * histogram is clamped as ImageJ's A/B/C clamp their index.
 *
 * As ImageJ: a negative discriminant stops with the current level; a NaN
 * step keeps the previous one.  ImageJ loops forever if the level cycles;
 * here that is SEGKIT_ERR_UNSUPPORTED after MINERROR_MAX_ITER steps.
 * One or two non-empty bins: ImageJ's bilevel() rule, in global.c.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal/threshold_method.h"

#define MINERROR_MAX_ITER 10000

typedef struct {
    const double *a, *b, *c;
    int L;
} prefix;

/* ImageJ's A/B/C(y, j): sums over i = 0..j, j clamped to the last bin; an
 * empty sum (j < 0) is 0. */
static double at(const double *s, int L, long j)
{
    if (j < 0)
        return 0.0;
    if (j >= L)
        j = L - 1;
    return s[j];
}

/* Java's (int) of a double: truncation, saturating, NaN -> 0 */
static long java_int(double x)
{
    if (isnan(x))
        return 0;
    if (x >= (double)INT_MAX)
        return INT_MAX;
    if (x <= (double)INT_MIN)
        return INT_MIN;
    return (long)x;
}

int segkit_method_minerror(const segkit_histogram *h, const segkit_threshold_params *p,
                           double *thr, int *count)
{
    int L = h->nbins;
    const uint64_t *d = h->count;
    if ((size_t)L > SIZE_MAX / (3 * sizeof(double)))
        return SEGKIT_ERR_NOMEM;
    double *A = malloc(3 * (size_t)L * sizeof *A);
    if (!A)
        return SEGKIT_ERR_NOMEM;
    double *B = A + L, *C = B + L;
    double sa = 0, sb = 0, sc = 0;
    for (int i = 0; i < L; i++) {
        double di = (double)i, v = (double)d[i];
        sa += v;
        sb += di * v;
        sc += di * di * v;
        A[i] = sa;
        B[i] = sb;
        C[i] = sc;
    }
    /* ImageJ's Mean: floor(sum / tot) */
    long threshold = (long)floor(B[L - 1] / A[L - 1]);
    long prev = -2;
    double An = A[L - 1], Bn = B[L - 1], Cn = C[L - 1];
    int iter = 0, st = SEGKIT_OK;
    while (threshold != prev) {
        if (++iter > MINERROR_MAX_ITER) {
            st = SEGKIT_ERR_UNSUPPORTED;
            break;
        }
        double At = at(A, L, threshold), Bt = at(B, L, threshold),
               Ct = at(C, L, threshold);
        double mu = Bt / At;
        double nu = (Bn - Bt) / (An - At);
        double pp = At / An;
        double q = (An - At) / An;
        double sigma2 = Ct / At - (mu * mu);
        double tau2 = (Cn - Ct) / (An - At) - (nu * nu);
        double w0 = 1.0 / sigma2 - 1.0 / tau2;
        double w1 = mu / sigma2 - nu / tau2;
        double w2 = (mu * mu) / sigma2 - (nu * nu) / tau2 +
                    log10((sigma2 * (q * q)) / (tau2 * (pp * pp)));
        double sqterm = (w1 * w1) - w0 * w2;
        if (sqterm < 0)
            break; /* "not converging": keep the current level */
        prev = threshold;
        double temp = (w1 + sqrt(sqterm)) / w0;
        if (isnan(temp))
            threshold = prev;
        else
            threshold = java_int(floor(temp));
    }
    free(A);
    if (st != SEGKIT_OK)
        return st;
    /* ImageJ reports -1 as 0; other levels outside the histogram mean all
     * foreground / all background */
    if (threshold < 0)
        threshold = 0;
    if (threshold >= L)
        threshold = L - 1;
    return segkit_method_level(h, (int)threshold, p, thr, count);
}
