/* Convex hull image of one region, as skimage's convex_hull_image: the hull
 * of the midpoints of the pixels' edges ((r +- 0.5, c) and (r, c +- 0.5)),
 * and the pixels whose centres lie in it, edges included.  All in doubled
 * coordinates (Y = 2 r, X = 2 c), where every point is an integer, so the
 * inclusion test is exact, as skimage's (its crossing test works on
 * quarter-integers, exact in doubles). */
#include <math.h>
#include <stdlib.h>

#include "label_internal.h"

typedef lb_pt pt;

static int64_t cross(pt o, pt a, pt b)
{
    return (a.y - o.y) * (b.x - o.x) - (a.x - o.x) * (b.y - o.y);
}

/* Monotone chain over points sorted by y: sign +1 keeps the chain of
 * smallest x (the left side), -1 the largest.  In place; returns the count. */
static size_t chain(pt *p, size_t n, int sign)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        while (k >= 2 && sign * cross(p[k - 2], p[k - 1], p[i]) <= 0)
            k--;
        p[k++] = p[i];
    }
    return k;
}

static int64_t floor_div(int64_t a, int64_t b) /* b > 0 */
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t ceil_div(int64_t a, int64_t b) /* b > 0 */
{
    return -floor_div(-a, b);
}

/* The chain's x at y (between its first and last y), as a fraction
 * num / den with den > 0. */
static void chain_at(const pt *c, size_t n, size_t *seg, int64_t y,
                     int64_t *num, int64_t *den)
{
    while (*seg + 1 < n - 1 && c[*seg + 1].y <= y)
        (*seg)++;
    if (n == 1) {
        *num = c[0].x;
        *den = 1;
        return;
    }
    pt a = c[*seg], b = c[*seg + 1];
    int64_t dy = b.y - a.y;
    if (dy == 0) { /* a flat top or bottom: the extreme x of the two */
        *num = a.x;
        *den = 1;
        return;
    }
    *num = a.x * dy + (y - a.y) * (b.x - a.x);
    *den = dy;
}

int64_t lb_hull_rows(int r0, int h, const int32_t *lo, const int32_t *hi,
                     int32_t *hlo, int32_t *hhi, pt *work)
{
    pt *L = work, *R = work + 3 * (size_t)h;
    size_t nl = 0, nr = 0;
    for (int i = 0; i < h; i++) {
        if (lo[i] > hi[i])
            continue;
        int64_t y = 2 * (int64_t)(r0 + i), a = 2 * (int64_t)lo[i], b = 2 * (int64_t)hi[i];
        pt l3[3] = {{y - 1, a}, {y, a - 1}, {y + 1, a}};
        pt r3[3] = {{y - 1, b}, {y, b + 1}, {y + 1, b}};
        for (int k = 0; k < 3; k++) {
            if (nl && L[nl - 1].y == l3[k].y) {
                if (l3[k].x < L[nl - 1].x)
                    L[nl - 1].x = l3[k].x;
            } else {
                L[nl++] = l3[k];
            }
            if (nr && R[nr - 1].y == r3[k].y) {
                if (r3[k].x > R[nr - 1].x)
                    R[nr - 1].x = r3[k].x;
            } else {
                R[nr++] = r3[k];
            }
        }
    }
    /* left side: smallest x, i.e. the chain turning one way; right: other */
    nl = chain(L, nl, 1);
    nr = chain(R, nr, -1);
    int64_t area = 0;
    size_t sl = 0, sr = 0;
    for (int i = 0; i < h; i++) {
        int64_t y = 2 * (int64_t)(r0 + i), n, d;
        chain_at(L, nl, &sl, y, &n, &d);
        int64_t a = ceil_div(n, 2 * d);
        chain_at(R, nr, &sr, y, &n, &d);
        int64_t b = floor_div(n, 2 * d);
        hlo[i] = (int32_t)a;
        hhi[i] = (int32_t)b;
        if (b >= a)
            area += b - a + 1;
    }
    return area;
}

/* Largest distance between two points of the hull image's 0.5 contour:
 * the midpoints between its pixels and the outside, i.e. beside the ends of
 * every row and every column (the hull image is convex along both). */
static int cmp_pt(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return (p->x > q->x) - (p->x < q->x);
}

double lb_hull_feret(int r0, int h, int c0, int w, const int32_t *hlo,
                     const int32_t *hhi, int32_t *colt, int32_t *colb, pt *work)
{
    for (int j = 0; j < w; j++) {
        colt[j] = INT32_MAX;
        colb[j] = INT32_MIN;
    }
    size_t n = 0;
    for (int i = 0; i < h; i++) {
        if (hlo[i] > hhi[i])
            continue;
        int64_t y = 2 * (int64_t)(r0 + i);
        work[n++] = (pt){y, 2 * (int64_t)hlo[i] - 1};
        work[n++] = (pt){y, 2 * (int64_t)hhi[i] + 1};
        for (int32_t c = hlo[i]; c <= hhi[i]; c++) {
            int j = c - c0;
            if (j < 0 || j >= w)
                continue;
            if (r0 + i < colt[j])
                colt[j] = r0 + i;
            colb[j] = r0 + i;
        }
    }
    for (int j = 0; j < w; j++) {
        if (colt[j] > colb[j])
            continue;
        int64_t x = 2 * (int64_t)(c0 + j);
        work[n++] = (pt){2 * (int64_t)colt[j] - 1, x};
        work[n++] = (pt){2 * (int64_t)colb[j] + 1, x};
    }
    if (n == 0)
        return NAN;
    qsort(work, n, sizeof *work, cmp_pt);
    /* hull vertices: the two monotone chains over the sorted points */
    pt *up = work + n; /* the caller gave 4 (h + w) >= 2 n points */
    for (size_t i = 0; i < n; i++)
        up[i] = work[i];
    size_t a = chain(work, n, 1), b = chain(up, n, -1);
    int64_t best = 0;
    for (size_t i = 0; i < a + b; i++) {
        pt p = i < a ? work[i] : up[i - a];
        for (size_t j = i + 1; j < a + b; j++) {
            pt q = j < a ? work[j] : up[j - a];
            int64_t dy = p.y - q.y, dx = p.x - q.x, d = dy * dy + dx * dx;
            if (d > best)
                best = d;
        }
    }
    return sqrt((double)best) / 2;
}
