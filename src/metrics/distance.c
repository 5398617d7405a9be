/* Surface distances: Hausdorff, HD95 (MedPy and MONAI conventions), ASSD,
 * mean surface distance and surface Dice, on exact Euclidean distance
 * transforms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

/* 1-D squared distance transform of one line (Felzenszwalb & Huttenlocher,
 * "Distance Transforms of Sampled Functions", ToC 8(19), 2012), with sample
 * spacing s: d[p] = min_q s^2 (p - q)^2 + f[q].  Infinite f[q] take no part.
 * v (int) and z (double) hold n and n+1 entries. */
static void edt_1d(const double *f, double *d, int n, double s2, int *v, double *z)
{
    int k = -1;
    for (int q = 0; q < n; q++) {
        if (isinf(f[q]))
            continue;
        double fq = f[q] + s2 * (double)q * q;
        while (k >= 0) {
            int r = v[k];
            double sx = (fq - (f[r] + s2 * (double)r * r)) / (2 * s2 * (q - r));
            if (sx <= z[k]) {
                k--;
                continue;
            }
            k++;
            v[k] = q;
            z[k] = sx;
            z[k + 1] = INFINITY;
            break;
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -INFINITY;
            z[1] = INFINITY;
        }
    }
    if (k < 0) {
        for (int p = 0; p < n; p++)
            d[p] = INFINITY;
        return;
    }
    int j = 0;
    for (int p = 0; p < n; p++) {
        while (z[j + 1] < p)
            j++;
        double dp = p - v[j];
        d[p] = s2 * dp * dp + f[v[j]];
    }
}

/* Exact squared EDT to the nonzero pixels of m (w*h), as Meijster et al.
 * (2000): first the vertical distance g of every pixel to the nearest mask
 * pixel of its column (-1: none), swept row by row so that memory is read
 * in order; then per row the exact 1-D lower envelope of (sy g)^2 with
 * spacing sx.  The caller's visit(y, row, arg) receives each finished row of
 * squared distances, for the rows whose need[y] is set (need NULL: all). */
typedef void (*edt_visit)(int y, const double *row, void *arg);

static int edt_rows(const uint8_t *m, int w, int h, double sx, double sy,
                    const uint8_t *need, edt_visit visit, void *arg)
{
    int32_t *g = mx_alloc((size_t)w * h, sizeof *g);
    double *f = mx_alloc((size_t)w, sizeof *f), *row = mx_alloc((size_t)w, sizeof *row);
    double *z = mx_alloc((size_t)w + 1, sizeof *z);
    int *v = mx_alloc((size_t)w, sizeof *v);
    if (!g || !f || !row || !z || !v) {
        free(g), free(f), free(row), free(z), free(v);
        return SEGKIT_ERR_NOMEM;
    }
    for (int x = 0; x < w; x++)
        g[x] = m[x] ? 0 : -1;
    for (int y = 1; y < h; y++) {
        const uint8_t *mr = m + (size_t)y * w;
        const int32_t *up = g + (size_t)(y - 1) * w;
        int32_t *gr = g + (size_t)y * w;
        for (int x = 0; x < w; x++)
            gr[x] = mr[x] ? 0 : up[x] < 0 ? -1 : up[x] + 1;
    }
    for (int y = h - 2; y >= 0; y--) {
        const int32_t *down = g + (size_t)(y + 1) * w;
        int32_t *gr = g + (size_t)y * w;
        for (int x = 0; x < w; x++)
            if (down[x] >= 0 && (gr[x] < 0 || down[x] + 1 < gr[x]))
                gr[x] = down[x] + 1;
    }
    double sy2 = sy * sy;
    for (int y = 0; y < h; y++) {
        if (need && !need[y])
            continue;
        const int32_t *gr = g + (size_t)y * w;
        for (int x = 0; x < w; x++)
            f[x] = gr[x] < 0 ? INFINITY : sy2 * (double)gr[x] * gr[x];
        edt_1d(f, row, w, sx * sx, v, z);
        visit(y, row, arg);
    }
    free(g), free(f), free(row), free(z), free(v);
    return SEGKIT_OK;
}

typedef struct edt_out {
    segkit_image *img;
} edt_out;

static void store_row(int y, const double *row, void *arg)
{
    segkit_image *img = ((edt_out *)arg)->img;
    float *o = segkit_image_row(img, y);
    for (int x = 0; x < img->width; x++)
        o[x] = (float)sqrt(row[x]);
}

int segkit_metrics_edt(const segkit_image *mask, double sx, double sy,
                       segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!mask || !mask->data || !(sx > 0) || !(sy > 0) || isinf(sx) || isinf(sy))
        return SEGKIT_ERR_ARG;
    if (mask->type != SEGKIT_U8 || mask->channels != 1)
        return SEGKIT_ERR_TYPE;
    size_t n;
    int st = mx_pixels(mask, &n);
    if (st != SEGKIT_OK)
        return st;
    int w = mask->width, h = mask->height;
    uint8_t *m = mx_alloc(n, 1);
    if (!m)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < h; y++)
        memcpy(m + (size_t)y * w, segkit_image_row(mask, y), (size_t)w);
    st = segkit_image_create(out, w, h, 1, SEGKIT_F32);
    if (st == SEGKIT_OK) {
        edt_out eo = {out};
        st = edt_rows(m, w, h, sx, sy, NULL, store_row, &eo);
        if (st != SEGKIT_OK)
            segkit_image_free(out);
    }
    free(m);
    return st;
}

/* Surface: foreground pixels with a background 4-neighbour or on the
 * border (mask XOR its erosion by a cross, outside = background). */
static uint8_t *surface(const uint8_t *m, int w, int h, size_t *count)
{
    uint8_t *s = mx_alloc((size_t)w * h, 1);
    if (!s)
        return NULL;
    size_t c = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            int on = 0;
            if (m[i])
                on = x == 0 || y == 0 || x == w - 1 || y == h - 1 || !m[i - 1] ||
                     !m[i + 1] || !m[i - (size_t)w] || !m[i + (size_t)w];
            s[i] = (uint8_t)on;
            c += (size_t)on;
        }
    *count = c;
    return s;
}

typedef struct gather {
    const uint8_t *from;
    int w;
    double *dist;
    size_t k;
} gather;

static void gather_row(int y, const double *row, void *arg)
{
    gather *g = arg;
    const uint8_t *fr = g->from + (size_t)y * g->w;
    for (int x = 0; x < g->w; x++)
        if (fr[x])
            g->dist[g->k++] = sqrt(row[x]);
}

/* Distances from every pixel of surface `from` to the nearest pixel of
 * surface `to`, in raster order. */
static int directed(const uint8_t *from, const uint8_t *to, int w, int h,
                    double sx, double sy, double *dist)
{
    uint8_t *need = mx_calloc((size_t)h, 1);
    if (!need)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < h; y++) {
        const uint8_t *r = from + (size_t)y * w;
        for (int x = 0; x < w && !need[y]; x++)
            need[y] = r[x];
    }
    gather g = {from, w, dist, 0};
    int st = edt_rows(to, w, h, sx, sy, need, gather_row, &g);
    free(need);
    return st;
}

/* Quickselect: reorders a[0..n-1] so that a[k] is the k-th smallest and
 * nothing before it is larger. */
static void select_k(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        /* median of three as the pivot */
        double x = a[lo], y = a[mid], z = a[hi];
        double piv = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < piv)
                i++;
            while (a[j] > piv)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* numpy.percentile (linear interpolation) of a[0..n-1], reordering a. */
static double percentile(double *a, size_t n, double q)
{
    double pos = q / 100.0 * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1) {
        double m = a[0];
        for (size_t i = 1; i < n; i++)
            m = a[i] > m ? a[i] : m;
        return m;
    }
    select_k(a, n, lo);
    double next = a[lo + 1];
    for (size_t i = lo + 2; i < n; i++)
        next = a[i] < next ? a[i] : next;
    double fr = pos - (double)lo;
    return a[lo] + fr * (next - a[lo]);
}

static double max_of(const double *a, size_t n)
{
    double m = a[0];
    for (size_t i = 1; i < n; i++)
        m = a[i] > m ? a[i] : m;
    return m;
}

static double mean(const double *d, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += d[i];
    return s / (double)n;
}

static void fill(segkit_distance_metrics *o, double dist, double sdice)
{
    o->hausdorff = o->hd_percentile = o->hd95_pooled = o->hd95_max = dist;
    o->assd = o->msd = dist;
    o->surface_dice = sdice;
}

int segkit_metrics_distance(const segkit_image *pred, const segkit_image *gt,
                            const segkit_metrics_params *params,
                            segkit_distance_metrics *out)
{
    segkit_metrics_params p;
    int st = mx_begin(pred, gt, params, 0, out, sizeof *out, &p);
    if (st != SEGKIT_OK)
        return st;
    if (!(p.spacing_x > 0) || !(p.spacing_y > 0) || isinf(p.spacing_x) ||
        isinf(p.spacing_y) || !(p.percentile >= 0 && p.percentile <= 100) ||
        !(p.tolerance >= 0))
        return SEGKIT_ERR_ARG;
    int w = pred->width, h = pred->height;
    size_t na = 0, nb = 0;
    uint8_t *ma = NULL, *mb = NULL, *sa = NULL, *sb = NULL;
    double *da = NULL, *db = NULL, *pool = NULL;
    if ((st = mx_masks(pred, gt, &p, &ma, &mb)) != SEGKIT_OK)
        goto done;
    sa = surface(ma, w, h, &na);
    sb = surface(mb, w, h, &nb);
    if (!sa || !sb) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    out->n_pred_surface = na;
    out->n_gt_surface = nb;
    if (na == 0 || nb == 0) {
        switch (p.empty) {
        case SEGKIT_EMPTY_ERROR: st = SEGKIT_ERR_EMPTY; break;
        case SEGKIT_EMPTY_SKIP: fill(out, NAN, NAN); break;
        case SEGKIT_EMPTY_BEST:
            if (na == 0 && nb == 0)
                fill(out, 0, 1);
            else
                fill(out, INFINITY, 0);
            break;
        default: fill(out, INFINITY, 0); break;
        }
        goto done;
    }
    da = mx_alloc(na, sizeof *da);
    db = mx_alloc(nb, sizeof *db);
    pool = mx_alloc(na + nb, sizeof *pool);
    if (!da || !db || !pool) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if ((st = directed(sa, sb, w, h, p.spacing_x, p.spacing_y, da)) != SEGKIT_OK ||
        (st = directed(sb, sa, w, h, p.spacing_x, p.spacing_y, db)) != SEGKIT_OK)
        goto done;
    size_t ca = 0, cb = 0;
    for (size_t i = 0; i < na; i++)
        ca += da[i] <= p.tolerance;
    for (size_t i = 0; i < nb; i++)
        cb += db[i] <= p.tolerance;
    out->surface_dice = (double)(ca + cb) / (double)(na + nb);
    out->msd = mean(da, na);
    out->assd = (out->msd + mean(db, nb)) / 2;
    memcpy(pool, da, na * sizeof *da);
    memcpy(pool + na, db, nb * sizeof *db);
    out->hausdorff = fmax(max_of(da, na), max_of(db, nb));
    out->hd95_pooled = percentile(pool, na + nb, 95);
    double pa = percentile(da, na, 95), pb = percentile(db, nb, 95);
    out->hd95_max = fmax(pa, pb);
    if (p.percentile == 95)
        out->hd_percentile = p.hd_mode == SEGKIT_HD95_MAX ? out->hd95_max : out->hd95_pooled;
    else if (p.hd_mode == SEGKIT_HD95_MAX)
        out->hd_percentile = fmax(percentile(da, na, p.percentile),
                                  percentile(db, nb, p.percentile));
    else
        out->hd_percentile = percentile(pool, na + nb, p.percentile);
done:
    free(ma), free(mb), free(sa), free(sb);
    free(da), free(db), free(pool);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}
