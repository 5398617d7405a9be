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

/* Squared EDT to the nonzero pixels of m (w*h), in place into d (w*h). */
static int edt_sq(const uint8_t *m, int w, int h, double sx, double sy, double *d)
{
    int n = w > h ? w : h;
    double *f = mx_alloc((size_t)n, sizeof *f), *g = mx_alloc((size_t)n, sizeof *g);
    double *z = mx_alloc((size_t)n + 1, sizeof *z);
    int *v = mx_alloc((size_t)n, sizeof *v);
    if (!f || !g || !z || !v) {
        free(f), free(g), free(z), free(v);
        return SEGKIT_ERR_NOMEM;
    }
    /* columns */
    for (int x = 0; x < w; x++) {
        for (int y = 0; y < h; y++)
            f[y] = m[(size_t)y * w + x] ? 0 : INFINITY;
        edt_1d(f, g, h, sy * sy, v, z);
        for (int y = 0; y < h; y++)
            d[(size_t)y * w + x] = g[y];
    }
    /* rows */
    for (int y = 0; y < h; y++) {
        double *row = d + (size_t)y * w;
        memcpy(f, row, (size_t)w * sizeof *f);
        edt_1d(f, row, w, sx * sx, v, z);
    }
    free(f), free(g), free(z), free(v);
    return SEGKIT_OK;
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
    double *d = mx_alloc(n, sizeof *d);
    if (!m || !d) {
        free(m), free(d);
        return SEGKIT_ERR_NOMEM;
    }
    for (int y = 0; y < h; y++)
        memcpy(m + (size_t)y * w, segkit_image_row(mask, y), (size_t)w);
    st = edt_sq(m, w, h, sx, sy, d);
    if (st == SEGKIT_OK)
        st = segkit_image_create(out, w, h, 1, SEGKIT_F32);
    if (st == SEGKIT_OK)
        for (int y = 0; y < h; y++) {
            float *o = segkit_image_row(out, y);
            for (int x = 0; x < w; x++)
                o[x] = (float)sqrt(d[(size_t)y * w + x]);
        }
    free(m), free(d);
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

/* Distances from every pixel of surface `from` to the nearest pixel of
 * surface `to`, in raster order (count entries). */
static int directed(const uint8_t *from, const uint8_t *to, int w, int h,
                    double sx, double sy, double *dist, double *buf)
{
    int st = edt_sq(to, w, h, sx, sy, buf);
    if (st != SEGKIT_OK)
        return st;
    size_t k = 0, n = (size_t)w * h;
    for (size_t i = 0; i < n; i++)
        if (from[i])
            dist[k++] = sqrt(buf[i]);
    return SEGKIT_OK;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy.percentile, linear interpolation, of sorted d[0..n-1]. */
static double percentile(const double *d, size_t n, double q)
{
    double pos = q / 100.0 * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    if (lo >= n - 1)
        return d[n - 1];
    double fr = pos - (double)lo;
    return d[lo] + fr * (d[lo + 1] - d[lo]);
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
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    segkit_metrics_params p = params ? *params : segkit_metrics_params_default();
    int st = mx_check_pair(pred, gt);
    if (st != SEGKIT_OK)
        return st;
    if (!(p.spacing_x > 0) || !(p.spacing_y > 0) || isinf(p.spacing_x) ||
        isinf(p.spacing_y) || !(p.percentile >= 0 && p.percentile <= 100) ||
        !(p.tolerance >= 0))
        return SEGKIT_ERR_ARG;
    int w = pred->width, h = pred->height;
    size_t n = (size_t)w * h, na = 0, nb = 0;
    uint8_t *ma = NULL, *mb = NULL, *sa = NULL, *sb = NULL;
    double *da = NULL, *db = NULL, *buf = NULL, *pool = NULL;
    if ((st = mx_mask(pred, p.fg_pred, &ma)) != SEGKIT_OK ||
        (st = mx_mask(gt, p.fg_gt, &mb)) != SEGKIT_OK)
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
    buf = mx_alloc(n, sizeof *buf);
    pool = mx_alloc(na + nb, sizeof *pool);
    if (!da || !db || !buf || !pool) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if ((st = directed(sa, sb, w, h, p.spacing_x, p.spacing_y, da, buf)) != SEGKIT_OK ||
        (st = directed(sb, sa, w, h, p.spacing_x, p.spacing_y, db, buf)) != SEGKIT_OK)
        goto done;
    size_t ca = 0, cb = 0;
    for (size_t i = 0; i < na; i++)
        ca += da[i] <= p.tolerance;
    for (size_t i = 0; i < nb; i++)
        cb += db[i] <= p.tolerance;
    out->surface_dice = (double)(ca + cb) / (double)(na + nb);
    out->msd = mean(da, na);
    out->assd = (out->msd + mean(db, nb)) / 2;
    qsort(da, na, sizeof *da, cmp_d);
    qsort(db, nb, sizeof *db, cmp_d);
    memcpy(pool, da, na * sizeof *da);
    memcpy(pool + na, db, nb * sizeof *db);
    qsort(pool, na + nb, sizeof *pool, cmp_d);
    out->hausdorff = fmax(da[na - 1], db[nb - 1]);
    out->hd95_pooled = percentile(pool, na + nb, 95);
    out->hd95_max = fmax(percentile(da, na, 95), percentile(db, nb, 95));
    out->hd_percentile = p.hd_mode == SEGKIT_HD95_MAX
                             ? fmax(percentile(da, na, p.percentile),
                                    percentile(db, nb, p.percentile))
                             : percentile(pool, na + nb, p.percentile);
done:
    free(ma), free(mb), free(sa), free(sb);
    free(da), free(db), free(buf), free(pool);
    if (st != SEGKIT_OK)
        memset(out, 0, sizeof *out);
    return st;
}
