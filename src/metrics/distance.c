/* Surface distances: Hausdorff, HD95 (MedPy and MONAI conventions), ASSD,
 * mean surface distance and surface Dice, on the exact Euclidean distance
 * transform of src/distance (internal/distance_edt.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/distance_edt.h"
#include "internal/select_k.h"
#include "metrics/metrics_internal.h"
#include "segkit/distance.h"

/* segkit_metrics_edt: the distance transform of src/distance, to the
 * nonzero pixels. */
int segkit_metrics_edt(const segkit_image *mask, double sx, double sy,
                       segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (mask && mask->data && (mask->type != SEGKIT_U8 || mask->channels != 1))
        return SEGKIT_ERR_TYPE;
    segkit_distance_params p = segkit_distance_params_default();
    p.target = SEGKIT_DISTANCE_TO_NONZERO;
    p.spacing_x = sx;
    p.spacing_y = sy;
    return segkit_distance_transform(mask, &p, out, NULL);
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

static void gather_row(const dist_edt_row *row, void *arg)
{
    gather *g = arg;
    const uint8_t *fr = g->from + (size_t)row->y * g->w;
    for (int x = 0; x < g->w; x++)
        if (fr[x])
            g->dist[g->k++] = sqrt(row->d2[x]);
}

/* Distances from every pixel of surface `from` to the nearest pixel of
 * surface `to`, in no particular order (the EDT visits rows bottom-up). */
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
    dist_features feat = {to, (size_t)w, 1};
    int st = dist_edt_rows(&feat, w, h, sx, sy, 0, need, NULL, 0, gather_row, &g);
    free(need);
    return st;
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
