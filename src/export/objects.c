/* What every exporter needs: the objects of a label image (label, area,
 * box), their contours grouped by label, and the default parameters. */
#include <math.h>
#include <string.h>

#include "export_internal.h"

segkit_export_params segkit_export_params_default(void)
{
    segkit_export_params p;
    memset(&p, 0, sizeof p);
    p.transform[0] = 1;
    p.transform[4] = 1;
    p.segmentation = SEGKIT_COCO_RLE;
    p.image_id = 1;
    p.category_id = 1;
    return p;
}

/* A run as recorded in the pass, before grouping by label. */
typedef struct raw_run {
    int32_t label, y, x0, x1;
} raw_run;

/* Grows the table indexed by label to hold label l (new entries zeroed). */
static int grow_table(ex_object **all, size_t *cap, int32_t l)
{
    size_t old = *cap;
    if (ex_reserve((void **)all, cap, (size_t)l + 1, sizeof **all))
        return SEGKIT_ERR_NOMEM;
    memset(*all + old, 0, (*cap - old) * sizeof **all);
    return SEGKIT_OK;
}

int ex_objects_isa(const segkit_image *labels, ex_object **objs, size_t *n, ex_run **runs,
                   int isa)
{
    *objs = NULL;
    *n = 0;
    if (runs)
        *runs = NULL;
    int st = ex_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    /* one pass: each row's value changes as bits (ex_changes_kernel), then
     * only the set bits are visited; the table indexed by label grows as
     * labels appear; each run is recorded so that nothing after this pass
     * reads the image */
    const int w = labels->width, words = (w + 63) / 64;
    const ex_changes_fn changes = ex_changes_kernel(isa);
    ex_object *all = NULL;
    raw_run *raw = NULL;
    size_t cap = 0, nraw = 0, capraw = 0;
    uint64_t *bits = ex_alloc((size_t)words, sizeof *bits);
    if (!bits)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < labels->height && st == SEGKIT_OK; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        changes(row, w, bits);
        /* a row holds at most w runs */
        if (runs && ex_reserve((void **)&raw, &capraw, nraw + (size_t)w, sizeof *raw)) {
            st = SEGKIT_ERR_NOMEM;
            break;
        }
        int32_t cur = 0;
        int start = 0;
        for (int i = 0; i <= words; i++) {
            uint64_t b = i < words ? bits[i] : 1; /* x = w ends the last run */
            while (b) {
                int x = i < words ? i * 64 + __builtin_ctzll(b) : w;
                b &= b - 1;
                if (cur > 0) { /* the run [start, x) of label cur */
                    if ((size_t)cur >= cap && (st = grow_table(&all, &cap, cur)) != SEGKIT_OK)
                        break;
                    if (runs)
                        raw[nraw++] = (raw_run){cur, y, start, x};
                    ex_object *o = &all[cur];
                    if (o->nruns == 0) {
                        o->x0 = start;
                        o->x1 = x;
                        o->y0 = y;
                    }
                    o->area += x - start;
                    o->nruns++;
                    o->x0 = start < o->x0 ? start : o->x0;
                    o->x1 = x > o->x1 ? x : o->x1;
                    o->y1 = y + 1;
                }
                if (x < w) {
                    cur = row[x];
                    start = x;
                }
            }
            if (st != SEGKIT_OK)
                break;
        }
    }
    free(bits);
    if (st != SEGKIT_OK) {
        free(all);
        free(raw);
        return st;
    }
    /* the runs grouped by label (a counting sort keeps the raster order) */
    size_t total = 0;
    for (size_t l = 1; l < cap; l++) {
        all[l].run0 = total;
        total += all[l].nruns;
    }
    if (runs) {
        ex_run *g = ex_alloc(nraw, sizeof *g);
        if (!g) {
            free(all);
            free(raw);
            return SEGKIT_ERR_NOMEM;
        }
        for (size_t i = 0; i < nraw; i++) {
            ex_object *o = &all[raw[i].label];
            g[o->run0++] = (ex_run){raw[i].y, raw[i].x0, raw[i].x1};
        }
        for (size_t l = 1; l < cap; l++)
            all[l].run0 -= all[l].nruns;
        free(raw);
        *runs = g;
    }
    size_t k = 0;
    for (size_t l = 1; l < cap; l++) {
        if (!all[l].nruns)
            continue;
        all[k] = all[l];
        all[k].label = (int32_t)l;
        k++;
    }
    *objs = all;
    *n = k;
    return SEGKIT_OK;
}

int ex_objects(const segkit_image *labels, ex_object **objs, size_t *n, ex_run **runs)
{
    return ex_objects_isa(labels, objs, n, runs, -1);
}

int ex_group_contours(const segkit_contours *c, const ex_object *objs, size_t n,
                      size_t **idx, size_t **start)
{
    size_t *which = ex_alloc(c->count, sizeof *which);
    size_t *s = ex_calloc(n + 1, sizeof *s), *fill = ex_alloc(n + 1, sizeof *fill);
    size_t *order = ex_alloc(c->count, sizeof *order);
    *idx = *start = NULL;
    if (!which || !s || !fill || !order) {
        free(which);
        free(s);
        free(fill);
        free(order);
        return SEGKIT_ERR_NOMEM;
    }
    /* objs is sorted by label: each contour's object by bisection, then a
     * counting sort that keeps the contours' order within an object */
    for (size_t i = 0; i < c->count; i++) {
        size_t lo = 0, hi = n;
        while (lo + 1 < hi) {
            size_t mid = (lo + hi) / 2;
            if (objs[mid].label <= c->items[i].label)
                lo = mid;
            else
                hi = mid;
        }
        which[i] = lo;
        s[lo + 1 <= n ? lo + 1 : n]++;
    }
    for (size_t i = 1; i <= n; i++)
        s[i] += s[i - 1];
    memcpy(fill, s, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < c->count; i++)
        order[fill[which[i]]++] = i;
    free(which);
    free(fill);
    *idx = order;
    *start = s;
    return SEGKIT_OK;
}

int ex_export_begin(const segkit_image *labels, const segkit_export_params *p,
                    int outlines, ex_export *e)
{
    memset(e, 0, sizeof *e);
    if (!p)
        return SEGKIT_ERR_ARG;
    if (!(p->simplify >= 0) || isinf(p->simplify))
        return SEGKIT_ERR_ARG;
    for (int i = 0; i < 6; i++)
        if (!isfinite(p->transform[i]))
            return SEGKIT_ERR_ARG;
    int st = ex_objects(labels, &e->objs, &e->n, &e->runs);
    if (st == SEGKIT_OK && outlines) {
        st = ex_contours(labels, e->objs, e->n, e->runs, &e->c);
        if (st == SEGKIT_OK && p->simplify > 0)
            st = segkit_contours_simplify(&e->c, p->simplify);
        if (st == SEGKIT_OK)
            st = ex_group_contours(&e->c, e->objs, e->n, &e->idx, &e->start);
    }
    if (st != SEGKIT_OK)
        ex_export_end(e);
    return st;
}

void ex_export_end(ex_export *e)
{
    free(e->objs);
    free(e->runs);
    segkit_contours_free(&e->c);
    free(e->idx);
    free(e->start);
    memset(e, 0, sizeof *e);
}

void ex_ring_vertices(const segkit_contours *c, size_t r, const double *t,
                      int reverse, int close,
                      void (*put)(double x, double y, size_t k, void *ctx), void *ctx)
{
    const int32_t *v = &c->xy[2 * c->items[r].first];
    size_t n = c->items[r].count;
    for (size_t k = 0; k < n + (close ? 1 : 0); k++) {
        size_t i = k % n;
        if (reverse)
            i = (n - i) % n; /* the same first vertex, the other way round */
        double x = v[2 * i], y = v[2 * i + 1];
        if (t)
            put(t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5], k, ctx);
        else
            put(x, y, k, ctx);
    }
}
