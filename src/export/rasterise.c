/* Even-odd polygon fill at pixel centres: pixel (x, y) is inside when a
 * ray from its centre (x + 0.5, y + 0.5) crosses the rings an odd number
 * of times.  Edges are half-open in y (an edge covers the centres with
 * y0 <= yc < y1), so a vertex on a row of centres counts once; a centre
 * exactly on a vertical edge belongs to the pixel right of the edge.
 * Crossings are bucketed per row, then sorted within the row. */
#include <math.h>
#include <string.h>

#include "export_internal.h"

/* More crossings than this is refused (a hostile polygon: many long edges):
 * 2^28 crossings hold 2 GiB of doubles. */
#define MAX_CROSSINGS ((size_t)1 << 28)

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The rows whose centre an edge from y0 to y1 covers: [*r0, *r1). */
static void edge_rows(double y0, double y1, int h, int *r0, int *r1)
{
    double lo = y0 < y1 ? y0 : y1, hi = y0 < y1 ? y1 : y0;
    /* centres yc = r + 0.5 with lo <= yc < hi */
    double a = ceil(lo - 0.5), b = ceil(hi - 0.5);
    *r0 = a < 0 ? 0 : a > h ? h : (int)a;
    *r1 = b < 0 ? 0 : b > h ? h : (int)b;
}

int segkit_rasterize_polygons(segkit_image *labels, const double *xy,
                              const size_t *counts, size_t nrings, int32_t value)
{
    int st = ex_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (nrings && (!xy || !counts))
        return SEGKIT_ERR_ARG;
    int h = labels->height, w = labels->width;
    size_t total = 0, nv = 0;
    for (size_t r = 0; r < nrings; r++) {
        for (size_t k = 0; k < 2 * counts[r]; k++)
            if (!isfinite(xy[2 * nv + k]))
                return SEGKIT_ERR_ARG;
        nv += counts[r];
    }
    size_t *row_start = ex_calloc((size_t)h + 1, sizeof *row_start);
    if (!row_start)
        return SEGKIT_ERR_NOMEM;
    /* pass 1: crossings per row; pass 2: their x */
    double *xs = NULL;
    size_t *fill = NULL;
    for (int pass = 0; pass < 2; pass++) {
        const double *v = xy;
        for (size_t r = 0; r < nrings; r++) {
            size_t n = counts[r];
            for (size_t k = 0; k < n; k++) {
                const double *a = &v[2 * k], *b = &v[2 * ((k + 1) % n)];
                int r0, r1;
                edge_rows(a[1], b[1], h, &r0, &r1);
                if (a[1] == b[1])
                    continue;
                for (int y = r0; y < r1; y++) {
                    if (pass == 0) {
                        row_start[y + 1]++;
                        continue;
                    }
                    double yc = y + 0.5;
                    xs[fill[y]++] = a[0] + (yc - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                }
                if (pass == 0) {
                    total += (size_t)(r1 - r0);
                    if (total > MAX_CROSSINGS) {
                        free(row_start);
                        return SEGKIT_ERR_TOO_LARGE;
                    }
                }
            }
            v += 2 * n;
        }
        if (pass == 0) {
            for (int y = 0; y < h; y++)
                row_start[y + 1] += row_start[y];
            xs = ex_alloc(total, sizeof *xs);
            fill = ex_alloc((size_t)h, sizeof *fill);
            if (!xs || !fill) {
                free(xs);
                free(fill);
                free(row_start);
                return SEGKIT_ERR_NOMEM;
            }
            memcpy(fill, row_start, (size_t)h * sizeof *fill);
        }
    }
    for (int y = 0; y < h; y++) {
        double *x = xs + row_start[y];
        size_t n = row_start[y + 1] - row_start[y];
        if (n < 2)
            continue;
        qsort(x, n, sizeof *x, cmp_double);
        int32_t *row = segkit_image_row(labels, y);
        for (size_t i = 0; i + 1 < n; i += 2) {
            /* centres xc = c + 0.5 with x[i] <= xc < x[i + 1] */
            double a = ceil(x[i] - 0.5), b = ceil(x[i + 1] - 0.5);
            int c0 = a < 0 ? 0 : a > w ? w : (int)a;
            int c1 = b < 0 ? 0 : b > w ? w : (int)b;
            for (int c = c0; c < c1; c++)
                row[c] = value;
        }
    }
    free(xs);
    free(fill);
    free(row_start);
    return SEGKIT_OK;
}
