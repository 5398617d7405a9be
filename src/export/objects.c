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

/* A run as recorded in the pass, before grouping by object: the object's
 * index in order of appearance. */
typedef struct raw_run {
    uint32_t obj;
    int32_t y, x0, x1;
} raw_run;

/* The objects in order of appearance, and label -> index: labels below
 * DIRECT_MAX through a table indexed by label (4 bytes an entry, grown to
 * the largest such label seen), larger ones by open addressing (keys 0:
 * free; labels here are positive), so that memory follows the number of
 * objects, not the largest label (COCO ids, say). */
#define DIRECT_MAX ((size_t)1 << 20)
typedef struct obj_table {
    ex_object *o;
    size_t n, cap;
    uint32_t *direct; /* index + 1, 0: none yet */
    size_t ndirect;
    int32_t *keys;
    uint32_t *vals;
    size_t mask; /* slots - 1 (a power of two), 0 before the first */
} obj_table;

static int64_t object_of_hashed(obj_table *t, int32_t l);

/* The index of label l's object, added (zeroed, with its label) when new;
 * -1 if out of memory. */
static int64_t object_of(obj_table *t, int32_t l)
{
    if ((size_t)l >= DIRECT_MAX)
        return object_of_hashed(t, l);
    if ((size_t)l >= t->ndirect) {
        size_t old = t->ndirect;
        if (ex_reserve((void **)&t->direct, &t->ndirect, (size_t)l + 1, sizeof *t->direct))
            return -1;
        memset(t->direct + old, 0, (t->ndirect - old) * sizeof *t->direct);
    }
    if (t->direct[l])
        return (int64_t)t->direct[l] - 1;
    if (t->n >= UINT32_MAX - 1 ||
        ex_reserve((void **)&t->o, &t->cap, t->n + 1, sizeof *t->o))
        return -1;
    memset(&t->o[t->n], 0, sizeof *t->o);
    t->o[t->n].label = l;
    t->direct[l] = (uint32_t)t->n + 1;
    return (int64_t)t->n++;
}

static inline size_t slot_of(int32_t label, size_t mask)
{
    return (size_t)(((uint32_t)label * 2654435761u) ^ ((uint32_t)label >> 15)) & mask;
}

/* object_of for labels of DIRECT_MAX and more. */
static int64_t object_of_hashed(obj_table *t, int32_t l)
{
    size_t i = t->mask ? slot_of(l, t->mask) : 0;
    if (t->mask) {
        while (t->keys[i] != 0) {
            if (t->keys[i] == l)
                return t->vals[i];
            i = (i + 1) & t->mask;
        }
    }
    if (t->n >= UINT32_MAX - 1)
        return -1;
    if (2 * (t->n + 1) > t->mask + 1) { /* keep the load under one half */
        size_t slots = t->mask ? 2 * (t->mask + 1) : 64;
        int32_t *k = ex_calloc(slots, sizeof *k);
        uint32_t *v = ex_alloc(slots, sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return -1;
        }
        for (size_t j = 0; t->mask && j <= t->mask; j++) {
            if (!t->keys[j])
                continue;
            size_t q = slot_of(t->keys[j], slots - 1);
            while (k[q])
                q = (q + 1) & (slots - 1);
            k[q] = t->keys[j];
            v[q] = t->vals[j];
        }
        free(t->keys);
        free(t->vals);
        t->keys = k;
        t->vals = v;
        t->mask = slots - 1;
        i = slot_of(l, t->mask);
        while (t->keys[i])
            i = (i + 1) & t->mask;
    }
    if (ex_reserve((void **)&t->o, &t->cap, t->n + 1, sizeof *t->o))
        return -1;
    memset(&t->o[t->n], 0, sizeof *t->o);
    t->o[t->n].label = l;
    t->keys[i] = l;
    t->vals[i] = (uint32_t)t->n;
    return (int64_t)t->n++;
}

static int by_label(const void *a, const void *b)
{
    int32_t x = ((const ex_object *)a)->label, y = ((const ex_object *)b)->label;
    return (x > y) - (x < y);
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
     * only the set bits are visited; each run is recorded so that nothing
     * after this pass reads the image */
    const int w = labels->width, words = (w + 63) / 64;
    const ex_changes_fn changes = ex_changes_kernel(isa);
    obj_table t = {0};
    raw_run *raw = NULL;
    size_t nraw = 0, capraw = 0;
    uint64_t *bits = ex_alloc((size_t)words, sizeof *bits);
    if (!bits)
        return SEGKIT_ERR_NOMEM;
    int32_t last = 0; /* the label looked up last, and its object */
    int64_t last_obj = -1;
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
        for (int i = 0; i <= words && st == SEGKIT_OK; i++) {
            uint64_t b = i < words ? bits[i] : 1; /* x = w ends the last run */
            while (b) {
                int x = i < words ? i * 64 + __builtin_ctzll(b) : w;
                b &= b - 1;
                if (cur > 0) { /* the run [start, x) of label cur */
                    if (cur != last) {
                        last_obj = object_of(&t, cur);
                        last = cur;
                        if (last_obj < 0) {
                            st = SEGKIT_ERR_NOMEM;
                            break;
                        }
                    }
                    if (runs)
                        raw[nraw++] = (raw_run){(uint32_t)last_obj, y, start, x};
                    ex_object *o = &t.o[last_obj];
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
        }
    }
    free(bits);
    free(t.direct);
    free(t.keys);
    free(t.vals);
    if (st != SEGKIT_OK) {
        free(t.o);
        free(raw);
        return st;
    }
    /* the runs grouped by object (a counting sort keeps the raster order) */
    size_t total = 0;
    for (size_t i = 0; i < t.n; i++) {
        t.o[i].run0 = total;
        total += t.o[i].nruns;
    }
    if (runs) {
        ex_run *g = ex_alloc(nraw, sizeof *g);
        if (!g) {
            free(t.o);
            free(raw);
            return SEGKIT_ERR_NOMEM;
        }
        for (size_t i = 0; i < nraw; i++)
            g[t.o[raw[i].obj].run0++] = (ex_run){raw[i].y, raw[i].x0, raw[i].x1};
        for (size_t i = 0; i < t.n; i++)
            t.o[i].run0 -= t.o[i].nruns;
        free(raw);
        *runs = g;
    }
    /* ascending labels (each object keeps its runs) */
    if (t.n > 1)
        qsort(t.o, t.n, sizeof *t.o, by_label);
    *objs = t.o;
    *n = t.n;
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
