/* The exact Euclidean distance transform (Meijster, Roerdink & Hesselink,
 * "A general algorithm for computing distance transforms in linear time",
 * 2000; the 1-D step as Felzenszwalb & Huttenlocher, "Distance Transforms of
 * Sampled Functions", Theory of Computing 8(19), 2012).
 *
 * Phase 1 finds for every pixel the nearest feature row of its column, by
 * one scan down and one up, both row by row so that memory is read in
 * order; the scan up is fused with phase 2, row by row.  Phase 2 takes each row's vertical squared distances f[q] and
 * computes d[p] = min_q sx^2 (p - q)^2 + f[q] from the lower envelope of
 * the parabolas, in O(w).  The envelope's breakpoints are kept as fractions
 * num/den (den > 0) and compared by cross-multiplying, so that no division
 * is needed; for whole-number pixel sizes every quantity is an integer below
 * 2^53 (images up to 65536 on a side), so the result is exact. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/distance_edt.h"
#include "segkit/image.h"

/* The downward scan: for every pixel the nearest feature row at or above
 * it in its column (-1: none). */
static void nearest_above(const dist_features *f, int w, int h, int32_t *r,
                          size_t rstride)
{
    const uint8_t nz = (uint8_t)(f->nonzero != 0);
    for (int y = 0; y < h; y++) {
        const uint8_t *m = f->m + (size_t)y * f->stride;
        int32_t *rr = r + (size_t)y * rstride;
        const int32_t *up = y ? rr - rstride : NULL;
        /* two plain selects, so that the compiler vectorises them */
        if (!up)
            for (int x = 0; x < w; x++)
                rr[x] = (m[x] != 0) == nz ? 0 : -1;
        else if (nz)
            for (int x = 0; x < w; x++)
                rr[x] = m[x] ? y : up[x];
        else
            for (int x = 0; x < w; x++)
                rr[x] = m[x] ? up[x] : y;
    }
}

/* Row y of the upward scan: rr (the nearest at or above, in place) becomes
 * the nearest in the whole column, given down = row y + 1's result (NULL
 * for the last row).  Ties keep the upper one. */
static void nearest_merge(int32_t *rr, const int32_t *down, int w, int y)
{
    if (!down)
        return;
    for (int x = 0; x < w; x++) {
        /* b: nearest at or below y + 1 (below y only when b > y);
         * a: at or above y, or -1 */
        int32_t a = rr[x], b = down[x];
        int take = b > y && (a < 0 || b - y < y - a);
        rr[x] = take ? b : a;
    }
}

void dist_nearest_rows(const dist_features *f, int w, int h, int32_t *r,
                       size_t rstride)
{
    nearest_above(f, w, h, r, rstride);
    for (int y = h - 2; y >= 0; y--)
        nearest_merge(r + (size_t)y * rstride, r + (size_t)(y + 1) * rstride, w, y);
}

/* The lower envelope of the parabolas sx2 (p - q)^2 + f[q] of the columns
 * q in [lo, hi] that have a feature (rr[q] >= 0), evaluated at the pixels
 * [from, to]: d[p] and nx[p] (may be NULL), the minimising q. */
static void envelope(const double *f, const int32_t *rr, int lo, int hi, int from,
                     int to, double sx2, const double *qq, int *v, double *zn,
                     double *zd, double *d, int32_t *nx)
{
    int k = -1;
    for (int q = lo; q <= hi; q++) {
        if (rr[q] < 0)
            continue;
        double fq = f[q] + qq[q];
        while (k >= 0) {
            int p = v[k];
            /* breakpoint of parabolas p and q: num / den */
            double num = fq - (f[p] + qq[p]), den = 2 * sx2 * (q - p);
            if (num * zd[k] <= zn[k] * den) {   /* at or left of p's own */
                k--;
                continue;
            }
            k++;
            v[k] = q;
            zn[k] = num;
            zd[k] = den;
            break;
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            zn[0] = -1;  /* -inf */
            zd[0] = 0;
        }
    }
    if (k < 0) {
        for (int p = from; p <= to; p++)
            d[p] = INFINITY;
        if (nx)
            for (int p = from; p <= to; p++)
                nx[p] = -1;
        return;
    }
    zn[k + 1] = 1;  /* +inf */
    zd[k + 1] = 0;
    int j = 0;
    for (int p = from; p <= to; p++) {
        while (zn[j + 1] < p * zd[j + 1])
            j++;
        int q = v[j];
        double dp = p - q;
        d[p] = sx2 * dp * dp + f[q];
        if (nx)
            nx[p] = q;
    }
}

/* One row.  A feature pixel of the row itself (f = 0) is a wall: a pixel
 * on one side of it is nearer to it than to any column on the other side.
 * So the row is cut at its own feature pixels and each gap between two of
 * them is solved alone, from the columns of the gap and its two ends: a
 * random mask's gaps are a pixel or two wide, solved directly. */
static void edt_row(const double *f, const int32_t *rr, int w, int y, double sx2,
                    const double *qq, int *v, double *zn, double *zd, double *d,
                    int32_t *nx)
{
    int prev = -1;
    for (int q = 0; q <= w; q++) {
        if (q < w && rr[q] != y)
            continue;
        int from = prev + 1, to = q - 1;
        if (from == to && prev >= 0 && q < w) {
            /* one pixel between two features: its own column or a side */
            double side = sx2, own = rr[from] < 0 ? INFINITY : f[from];
            d[from] = own < side ? own : side;
            if (nx)
                nx[from] = own < side ? from : prev;
        } else if (from <= to) {
            envelope(f, rr, prev < 0 ? 0 : prev, q < w ? q : w - 1, from, to, sx2, qq,
                     v, zn, zd, d, nx);
        }
        if (q < w) {
            d[q] = 0;
            if (nx)
                nx[q] = q;
        }
        prev = q;
    }
}

int dist_edt_rows(const dist_features *feat, int w, int h, double sx, double sy,
                  int want_near, const uint8_t *need, int32_t *r, size_t rstride,
                  dist_edt_visit visit, void *arg)
{
    int32_t *own = NULL;
    if (!r) {
        r = own = malloc((size_t)w * h * sizeof *r);
        rstride = (size_t)w;
    }
    double *f = malloc((size_t)w * sizeof *f), *d = malloc((size_t)w * sizeof *d);
    double *qq = malloc((size_t)w * sizeof *qq);
    double *zn = malloc(((size_t)w + 1) * sizeof *zn), *zd = malloc(((size_t)w + 1) * sizeof *zd);
    int *v = malloc((size_t)w * sizeof *v);
    int32_t *rr = malloc((size_t)w * sizeof *rr), *down = malloc((size_t)w * sizeof *down);
    int32_t *nx = want_near ? malloc((size_t)w * sizeof *nx) : NULL;
    int32_t *ny = want_near ? malloc((size_t)w * sizeof *ny) : NULL;
    int st = SEGKIT_OK;
    if (!r || !f || !d || !qq || !zn || !zd || !v || !rr || !down ||
        (want_near && (!nx || !ny))) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    nearest_above(feat, w, h, r, rstride);
    double sx2 = sx * sx, sy2 = sy * sy;
    for (int x = 0; x < w; x++)
        qq[x] = sx2 * (double)x * x;
    /* upwards: finish each row's nearest feature rows (from the row below,
     * kept in `down`), then transform it; the visit may reuse row y of r */
    for (int y = h - 1; y >= 0; y--) {
        memcpy(rr, r + (size_t)y * rstride, (size_t)w * sizeof *rr);
        nearest_merge(rr, y < h - 1 ? down : NULL, w, y);
        memcpy(down, rr, (size_t)w * sizeof *rr);
        if (need && !need[y])
            continue;
        for (int x = 0; x < w; x++) {
            double g = (double)(y - rr[x]);
            f[x] = sy2 * g * g;
        }
        edt_row(f, rr, w, y, sx2, qq, v, zn, zd, d, nx);
        if (want_near)
            for (int x = 0; x < w; x++)
                ny[x] = nx[x] < 0 ? -1 : rr[nx[x]];
        dist_edt_row row = {y, d, nx, ny};
        visit(&row, arg);
    }
done:
    free(own), free(f), free(d), free(qq), free(zn), free(zd), free(v), free(rr);
    free(down), free(nx), free(ny);
    return st;
}
