/* Douglas-Peucker simplification of closed rings (D. Douglas, T. Peucker,
 * Cartographica 10(2), 1973): a chain keeps its farthest vertex when that
 * vertex is more than the tolerance from the segment joining the chain's
 * ends (distance to the segment, as GEOS's DouglasPeuckerLineSimplifier),
 * and both halves are simplified in turn.  A ring is cut into two chains at
 * its first vertex and the vertex farthest from it. */
#include <math.h>
#include <string.h>

#include "export_internal.h"

static double seg_dist2(const int32_t *a, const int32_t *b, const int32_t *p)
{
    double dx = (double)b[0] - a[0], dy = (double)b[1] - a[1];
    double px = (double)p[0] - a[0], py = (double)p[1] - a[1];
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double ex = px - t * dx, ey = py - t * dy;
    return ex * ex + ey * ey;
}

/* Marks keep[] for the chain v[i0] .. v[i1] (indices modulo k). */
static void chain(const int32_t *v, size_t k, size_t i0, size_t i1, double tol2,
                  uint8_t *keep, size_t *stack)
{
    size_t sp = 0;
    stack[sp++] = i0;
    stack[sp++] = i1;
    while (sp) {
        size_t b = stack[--sp], a = stack[--sp];
        size_t n = (b + k - a) % k; /* steps from a to b */
        double best = -1;
        size_t bi = a;
        for (size_t s = 1; s < n; s++) {
            size_t i = (a + s) % k;
            double d = seg_dist2(&v[2 * a], &v[2 * (b % k)], &v[2 * i]);
            if (d > best) {
                best = d;
                bi = i;
            }
        }
        if (n > 1 && best > tol2) {
            keep[bi] = 1;
            stack[sp++] = a;
            stack[sp++] = bi;
            stack[sp++] = bi;
            stack[sp++] = b;
        }
    }
}

int segkit_contours_simplify(segkit_contours *c, double tolerance)
{
    if (!c || !(tolerance >= 0) || isinf(tolerance))
        return SEGKIT_ERR_ARG;
    if (tolerance == 0 || c->count == 0)
        return SEGKIT_OK;
    size_t maxk = 0;
    for (size_t r = 0; r < c->count; r++)
        maxk = c->items[r].count > maxk ? c->items[r].count : maxk;
    uint8_t *keep = ex_alloc(maxk, 1);
    size_t *stack = ex_alloc(4 * maxk + 4, sizeof *stack);
    if (!keep || !stack) {
        free(keep);
        free(stack);
        return SEGKIT_ERR_NOMEM;
    }
    double tol2 = tolerance * tolerance;
    size_t out = 0; /* vertices are compacted in place */
    for (size_t r = 0; r < c->count; r++) {
        segkit_contour *ring = &c->items[r];
        const int32_t *v = &c->xy[2 * ring->first];
        size_t k = ring->count, far = 0;
        memset(keep, 0, k);
        double best = -1;
        for (size_t i = 1; i < k; i++) {
            double dx = (double)v[2 * i] - v[0], dy = (double)v[2 * i + 1] - v[1];
            if (dx * dx + dy * dy > best) {
                best = dx * dx + dy * dy;
                far = i;
            }
        }
        keep[0] = keep[far] = 1;
        chain(v, k, 0, far, tol2, keep, stack);
        chain(v, k, far, k, tol2, keep, stack); /* k = vertex 0 again */
        size_t kept = 0;
        for (size_t i = 0; i < k; i++)
            kept += keep[i];
        if (kept < 3)
            memset(keep, 1, k);
        size_t first = out;
        for (size_t i = 0; i < k; i++) {
            if (!keep[i])
                continue;
            c->xy[2 * out] = v[2 * i];
            c->xy[2 * out + 1] = v[2 * i + 1];
            out++;
        }
        ring->first = first;
        ring->count = out - first;
    }
    c->npoints = out;
    free(keep);
    free(stack);
    return SEGKIT_OK;
}
