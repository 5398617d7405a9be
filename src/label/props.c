/* Region properties with skimage.measure.regionprops' definitions, all
 * labels at once, in a few raster passes:
 *  1. runs of equal label: area, bbox, first pixel and the moment sums of
 *     every run in closed form (exact integers, 128-bit);
 *  2. PERIMETER: the 4-connected border pixels, then each border pixel's
 *     code (1 + 2 per border 4-neighbour + 10 per border diagonal neighbour
 *     of the same label, skimage's convolution); EULER: over every 2x2
 *     window, each label's configuration code for the Crofton and Euler
 *     tables;
 *  3. CONVEX/FERET: per label and row the column extents, then the hull
 *     (hull.c);
 *  4. INTENSITY: min, max, sums; MEDIAN: values grouped by label and a
 *     selection per label. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"
#include "internal/select_k.h"

__extension__ typedef __int128 i128;

typedef struct acc {
    int64_t n;
    int32_t r0, c0, r1, c1; /* bbox, inclusive */
    int32_t rf, cf;         /* first pixel: origin of the moment sums */
    i128 sr, sc, srr, scc, src;
} acc;

static i128 sum_to(int64_t b) /* 0 + 1 + ... + b, b >= -1 */
{
    return (i128)b * (b + 1) / 2;
}

static i128 sumsq_to(int64_t b) /* 0^2 + ... + b^2 for b >= 0; sum over
                                   [b+1, 0] for b < 0 as the negatives */
{
    if (b >= 0)
        return (i128)b * (b + 1) * (2 * b + 1) / 6;
    int64_t m = -b - 1; /* squares of b+1 .. -1 = 1 .. m, counted negatively */
    return -((i128)m * (m + 1) * (2 * m + 1) / 6);
}

/* Adds the run of columns s..e-1 at row r to a. */
static void add_run(acc *a, int r, int s, int e)
{
    if (a->n == 0) {
        a->r0 = a->r1 = a->rf = r;
        a->c0 = a->cf = s;
        a->c1 = e - 1;
    }
    if (s < a->c0)
        a->c0 = s;
    if (e - 1 > a->c1)
        a->c1 = e - 1;
    a->r1 = r;
    int64_t len = e - s, dr = r - a->rf;
    int64_t lo = s - a->cf, hi = e - 1 - a->cf; /* dc from lo to hi */
    i128 sdc = sum_to(hi) - sum_to(lo - 1);
    i128 sdc2 = sumsq_to(hi) - sumsq_to(lo - 1);
    a->n += len;
    a->sr += (i128)dr * len;
    a->srr += (i128)dr * dr * len;
    a->sc += sdc;
    a->scc += sdc2;
    a->src += (i128)dr * sdc;
}

/* Calls fn for every run of equal positive label of every row. */
#define FOR_RUNS(labels, y, s, e, l, body)                                   \
    for (int y = 0; y < (labels)->height; y++) {                           \
        const int32_t *row_ = segkit_image_row(labels, y);                  \
        int w_ = (labels)->width;                                           \
        for (int x_ = 0; x_ < w_;) {                                        \
            int32_t l = row_[x_];                                           \
            int s = x_++;                                                   \
            while (x_ < w_ && row_[x_] == l)                                \
                x_++;                                                       \
            int e = x_;                                                     \
            if (l > 0) {                                                    \
                body                                                        \
            }                                                               \
        }                                                                   \
    }

/* Row y of labels into buf[1..w], zeros in buf[0], buf[w + 1] and for a
 * row outside the image. */
static void padded_row(const segkit_image *labels, int y, int32_t *buf)
{
    int w = labels->width;
    if (y < 0 || y >= labels->height) {
        memset(buf, 0, (size_t)(w + 2) * sizeof *buf);
        return;
    }
    buf[0] = buf[w + 1] = 0;
    memcpy(buf + 1, segkit_image_row(labels, y), (size_t)w * sizeof *buf);
}

#define RING(base, r, k, stride) ((base) + (size_t)((((r) % (k)) + (k)) % (k)) * (stride))

/* skimage perimeter(image, 4) weights of the convolution codes */
static double perimeter_weight(int code)
{
    switch (code) {
    case 5: case 7: case 15: case 17: case 25: case 27: return 1;
    case 21: case 33: return LB_SQRT2;
    case 13: case 23: return (1 + LB_SQRT2) / 2;
    default: return 0;
    }
}

/* bl[x] = label of pixel x of row `cur` when it is a 4-connected border
 * pixel of its label (a 4-neighbour, or the outside, differs), else 0. */
static void border_row(const int32_t *up, const int32_t *cur, const int32_t *dn,
                       int w, int32_t *bl)
{
    bl[0] = bl[w + 1] = 0;
    for (int x = 1; x <= w; x++) {
        int32_t l = cur[x];
        bl[x] = l > 0 && (cur[x - 1] != l || cur[x + 1] != l || up[x] != l || dn[x] != l)
                    ? l : 0;
    }
}

/* Rolling rows: 4 padded label rows (y - 1 .. y + 2) and 3 border rows
 * (y - 1 .. y + 1); row y's border pixels get their code from the border
 * rows. */
static int perimeters(const segkit_image *labels, segkit_region *reg)
{
    int w = labels->width, h = labels->height;
    size_t W = (size_t)w + 2;
    int32_t *L = lb_alloc(7 * W, sizeof *L);
    if (!L)
        return SEGKIT_ERR_NOMEM;
    int32_t *B = L + 4 * W;
    double weight[64];
    for (int c = 0; c < 64; c++)
        weight[c] = perimeter_weight(c);
    for (int r = -1; r <= 1; r++)
        padded_row(labels, r, RING(L, r, 4, W));
    memset(RING(B, -1, 3, W), 0, W * sizeof *B);
    border_row(RING(L, -1, 4, W), RING(L, 0, 4, W), RING(L, 1, 4, W), w, RING(B, 0, 3, W));
    for (int y = 0; y < h; y++) {
        padded_row(labels, y + 2, RING(L, y + 2, 4, W));
        if (y + 1 < h)
            border_row(RING(L, y, 4, W), RING(L, y + 1, 4, W), RING(L, y + 2, 4, W), w,
                       RING(B, y + 1, 3, W));
        else
            memset(RING(B, y + 1, 3, W), 0, W * sizeof *B);
        const int32_t *up = RING(B, y - 1, 3, W), *cur = RING(B, y, 3, W),
                      *dn = RING(B, y + 1, 3, W);
        for (int x = 1; x <= w; x++) {
            int32_t l = cur[x];
            if (!l)
                continue;
            int code = 1 + 2 * ((cur[x - 1] == l) + (cur[x + 1] == l) + (up[x] == l) +
                                (dn[x] == l)) +
                       10 * ((up[x - 1] == l) + (up[x + 1] == l) + (dn[x - 1] == l) +
                             (dn[x + 1] == l));
            reg[l - 1].perimeter += weight[code];
        }
    }
    free(L);
    return SEGKIT_OK;
}

/* Over every 2x2 window a b / c d that touches the image, each label's
 * code d + 2 b + 4 c + 8 a (skimage's convolution with
 * [[0,0,0],[0,1,4],[0,2,8]] on the padded image) feeds the Crofton (4
 * directions) and Euler (8-connectivity) tables. */
static int crofton_euler(const segkit_image *labels, segkit_region *reg)
{
    int w = labels->width, h = labels->height;
    size_t W = (size_t)w + 2;
    int32_t *L = lb_alloc(2 * W, sizeof *L);
    if (!L)
        return SEGKIT_ERR_NOMEM;
    const double q = LB_PI / 4, s2 = LB_SQRT2;
    const double crofton[16] = {0, q * (1 + 1 / s2), LB_PI / (4 * s2), LB_PI / (2 * s2),
                                0, q * (1 + 1 / s2), 0, LB_PI / (4 * s2),
                                q, LB_PI / 2, LB_PI / (4 * s2), LB_PI / (4 * s2),
                                q, LB_PI / 2, 0, 0};
    static const int euler8[16] = {0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0};
    static const int bit[4] = {8, 2, 4, 1};
    padded_row(labels, -1, RING(L, -1, 2, W));
    for (int y = 0; y <= h; y++) {
        padded_row(labels, y, RING(L, y, 2, W));
        const int32_t *up = RING(L, y - 1, 2, W), *cur = RING(L, y, 2, W);
        for (int x = 0; x <= w; x++) {
            int32_t v[4] = {up[x], up[x + 1], cur[x], cur[x + 1]};
            if (v[0] == v[1] && v[1] == v[2] && v[2] == v[3])
                continue; /* code 0 or 15: both tables give 0 */
            for (int i = 0; i < 4; i++) {
                int32_t l = v[i];
                if (l <= 0)
                    continue;
                int seen = 0, code = 0;
                for (int k = 0; k < 4; k++) {
                    if (v[k] == l) {
                        seen |= k < i;
                        code |= bit[k];
                    }
                }
                if (seen)
                    continue; /* this label was done at its first corner */
                reg[l - 1].perimeter_crofton += crofton[code];
                reg[l - 1].euler_number += euler8[code];
            }
        }
    }
    free(L);
    return SEGKIT_OK;
}

static int convex(const segkit_image *labels, const acc *a, int32_t n,
                  segkit_region *reg, int feret)
{
    size_t total = 0, maxh = 0, maxw = 0;
    for (int32_t l = 0; l < n; l++) {
        if (!a[l].n)
            continue;
        size_t hh = (size_t)(a[l].r1 - a[l].r0 + 1), ww = (size_t)(a[l].c1 - a[l].c0 + 1);
        total += hh;
        maxh = hh > maxh ? hh : maxh;
        maxw = ww > maxw ? ww : maxw;
    }
    size_t *off = lb_alloc((size_t)n + 1, sizeof *off);
    int32_t *lo = lb_alloc(total + 1, sizeof *lo), *hi = lb_alloc(total + 1, sizeof *hi);
    int32_t *hlo = lb_alloc(maxh + 1, sizeof *hlo), *hhi = lb_alloc(maxh + 1, sizeof *hhi);
    int32_t *colt = lb_alloc(maxw + 1, sizeof *colt), *colb = lb_alloc(maxw + 1, sizeof *colb);
    lb_pt *work = lb_alloc(8 * (maxh + maxw) + 8, sizeof *work);
    int st = SEGKIT_OK;
    if (!off || !lo || !hi || !hlo || !hhi || !colt || !colb || !work) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    size_t o = 0;
    for (int32_t l = 0; l < n; l++) {
        off[l] = o;
        if (a[l].n)
            o += (size_t)(a[l].r1 - a[l].r0 + 1);
    }
    for (size_t i = 0; i < total; i++) {
        lo[i] = INT32_MAX;
        hi[i] = INT32_MIN;
    }
    FOR_RUNS(labels, y, s, e, l, {
        size_t i = off[l - 1] + (size_t)(y - a[l - 1].r0);
        if (s < lo[i])
            lo[i] = s;
        if (e - 1 > hi[i])
            hi[i] = e - 1;
    })
    for (int32_t l = 0; l < n; l++) {
        if (!a[l].n)
            continue;
        int hh = a[l].r1 - a[l].r0 + 1;
        reg[l].area_convex = lb_hull_rows(a[l].r0, hh, lo + off[l], hi + off[l],
                                          hlo, hhi, work);
        reg[l].solidity = (double)reg[l].area / (double)reg[l].area_convex;
        if (feret)
            reg[l].feret_diameter_max =
                lb_hull_feret(a[l].r0, hh, a[l].c0, a[l].c1 - a[l].c0 + 1, hlo, hhi,
                              colt, colb, work);
    }
done:
    free(off);
    free(lo);
    free(hi);
    free(hlo);
    free(hhi);
    free(colt);
    free(colb);
    free(work);
    return st;
}

static double sample(const segkit_image *img, const void *row, int x)
{
    switch (img->type) {
    case SEGKIT_U8: return ((const uint8_t *)row)[x];
    case SEGKIT_U16: return ((const uint16_t *)row)[x];
    default: return ((const float *)row)[x];
    }
}

static int intensities(const segkit_image *labels, const segkit_image *img,
                       int32_t n, segkit_region *reg)
{
    double *sum = lb_calloc((size_t)n * 5, sizeof *sum);
    if (!sum)
        return SEGKIT_ERR_NOMEM;
    for (int32_t l = 0; l < n; l++) {
        reg[l].intensity_min = INFINITY;
        reg[l].intensity_max = -INFINITY;
    }
    for (int y = 0; y < labels->height; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        const void *irow = segkit_image_row(img, y);
        for (int x = 0; x < labels->width; x++) {
            int32_t l = row[x];
            if (l <= 0)
                continue;
            double v = sample(img, irow, x);
            segkit_region *r = &reg[l - 1];
            double *s = sum + (size_t)(l - 1) * 5;
            if (v < r->intensity_min)
                r->intensity_min = v;
            if (v > r->intensity_max)
                r->intensity_max = v;
            s[0] += v;
            s[1] += v * v;
            s[2] += v * y;
            s[3] += v * x;
        }
    }
    for (int32_t l = 0; l < n; l++) {
        segkit_region *r = &reg[l];
        const double *s = sum + (size_t)l * 5;
        if (!r->area) {
            r->intensity_min = r->intensity_max = NAN;
            continue;
        }
        double nn = (double)r->area, mean = s[0] / nn;
        double var = s[1] / nn - mean * mean;
        r->intensity_mean = mean;
        r->intensity_std = sqrt(var > 0 ? var : 0);
        r->centroid_weighted[0] = s[2] / s[0];
        r->centroid_weighted[1] = s[3] / s[0];
    }
    free(sum);
    return SEGKIT_OK;
}

static int medians(const segkit_image *labels, const segkit_image *img,
                   int32_t n, segkit_region *reg)
{
    size_t total = 0;
    size_t *off = lb_alloc((size_t)n + 1, sizeof *off);
    if (!off)
        return SEGKIT_ERR_NOMEM;
    for (int32_t l = 0; l < n; l++) {
        off[l] = total;
        total += (size_t)reg[l].area;
    }
    double *v = lb_alloc(total + 1, sizeof *v);
    if (!v) {
        free(off);
        return SEGKIT_ERR_NOMEM;
    }
    for (int y = 0; y < labels->height; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        const void *irow = segkit_image_row(img, y);
        for (int x = 0; x < labels->width; x++)
            if (row[x] > 0)
                v[off[row[x] - 1]++] = sample(img, irow, x);
    }
    size_t start = 0;
    for (int32_t l = 0; l < n; l++) {
        size_t m = (size_t)reg[l].area;
        double *p = v + start;
        start += m;
        if (!m) {
            reg[l].intensity_median = NAN;
            continue;
        }
        select_k(p, m, m / 2);
        double hi = p[m / 2];
        if (m % 2) {
            reg[l].intensity_median = hi;
        } else {
            double lo = p[0]; /* the largest of the lower half */
            for (size_t i = 1; i < m / 2; i++)
                lo = p[i] > lo ? p[i] : lo;
            reg[l].intensity_median = (lo + hi) / 2;
        }
    }
    free(v);
    free(off);
    return SEGKIT_OK;
}

/* Moments -> axes, orientation, eccentricity (skimage's inertia tensor). */
static void moments(const acc *a, segkit_region *r)
{
    double nn = (double)a->n;
    r->centroid[0] = (double)((i128)a->n * a->rf + a->sr) / nn;
    r->centroid[1] = (double)((i128)a->n * a->cf + a->sc) / nn;
    /* mu / mu0 exactly up to the final division: (n S2 - S1^2) / n^2 */
    double n2 = nn * nn;
    double mu20 = (double)((i128)a->n * a->srr - a->sr * a->sr) / n2;
    double mu02 = (double)((i128)a->n * a->scc - a->sc * a->sc) / n2;
    double mu11 = (double)((i128)a->n * a->src - a->sr * a->sc) / n2;
    double ta = mu02, tb = -mu11, tc = mu20; /* tensor [[a, b], [b, c]] */
    double mid = (ta + tc) / 2, rad = sqrt((ta - tc) * (ta - tc) / 4 + tb * tb);
    double l1 = mid + rad, l2 = mid - rad;
    l1 = l1 < 0 ? 0 : l1;
    l2 = l2 < 0 ? 0 : l2;
    r->axis_major_length = 4 * sqrt(l1);
    r->axis_minor_length = 4 * sqrt(l2);
    r->eccentricity = l1 == 0 ? 0 : sqrt(1 - l2 / l1);
    if (ta - tc == 0)
        r->orientation = tb < 0 ? -LB_PI / 4 : LB_PI / 4;
    else
        r->orientation = 0.5 * atan2(-2 * tb, tc - ta);
}

int segkit_regionprops(const segkit_image *labels, const segkit_image *intensity,
                       int what, segkit_region **regions, int32_t *count)
{
    if (regions)
        *regions = NULL;
    if (count)
        *count = 0;
    if (!regions || !count)
        return SEGKIT_ERR_ARG;
    int st = lb_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if (what & SEGKIT_PROPS_FERET)
        what |= SEGKIT_PROPS_CONVEX;
    if (what & (SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN)) {
        if (!intensity || !intensity->data)
            return SEGKIT_ERR_ARG;
        if (intensity->channels != 1 || intensity->type == SEGKIT_I32 ||
            (unsigned)intensity->type >= SEGKIT_TYPE_COUNT)
            return SEGKIT_ERR_TYPE;
        if (!segkit_image_same_size(labels, intensity))
            return SEGKIT_ERR_SIZE;
    }
    int32_t n = lb_max_label(labels);
    segkit_region *reg = lb_calloc((size_t)n, sizeof *reg);
    acc *a = lb_calloc((size_t)n, sizeof *a);
    if (!reg || !a) {
        free(reg);
        free(a);
        return SEGKIT_ERR_NOMEM;
    }
    FOR_RUNS(labels, y, s, e, l, { add_run(&a[l - 1], y, s, e); })
    for (int32_t l = 0; l < n; l++) {
        segkit_region *r = &reg[l];
        r->label = l + 1;
        r->area = a[l].n;
        if (!a[l].n) {
            r->centroid[0] = r->centroid[1] = NAN;
            continue;
        }
        r->bbox[0] = a[l].r0;
        r->bbox[1] = a[l].c0;
        r->bbox[2] = a[l].r1 + 1;
        r->bbox[3] = a[l].c1 + 1;
        r->area_bbox = (int64_t)(r->bbox[2] - r->bbox[0]) * (r->bbox[3] - r->bbox[1]);
        r->extent = (double)r->area / (double)r->area_bbox;
        r->equivalent_diameter = pow(4 * (double)r->area / LB_PI, 0.5);
        moments(&a[l], r);
    }
    if (what & SEGKIT_PROPS_PERIMETER)
        st = perimeters(labels, reg);
    if (st == SEGKIT_OK && (what & SEGKIT_PROPS_EULER))
        st = crofton_euler(labels, reg);
    if (st == SEGKIT_OK && (what & SEGKIT_PROPS_CONVEX))
        st = convex(labels, a, n, reg, (what & SEGKIT_PROPS_FERET) != 0);
    if (st == SEGKIT_OK && (what & SEGKIT_PROPS_INTENSITY))
        st = intensities(labels, intensity, n, reg);
    if (st == SEGKIT_OK && (what & SEGKIT_PROPS_MEDIAN))
        st = medians(labels, intensity, n, reg);
    free(a);
    if (st != SEGKIT_OK) {
        free(reg);
        return st;
    }
    *regions = reg;
    *count = n;
    return SEGKIT_OK;
}
