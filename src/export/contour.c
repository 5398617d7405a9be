/* Borders of every label: Suzuki-Abe border following (S. Suzuki, K. Abe,
 * "Topological structural analysis of digitized binary images by border
 * following", CVGIP 30, 1985), the algorithm of OpenCV's findContours, with
 * two changes:
 *   - the border is followed along the cracks between pixels (the pixel
 *     edges) instead of through the border pixels' centres, so that the
 *     rings enclose exactly the object's pixels;
 *   - each label is the "1-pixels" of its own binary image: the scan runs
 *     over each label's runs (recorded in the one pass over the image that
 *     finds the objects), the tracer over a copy of the label's box as
 *     bytes, with a mark buffer of the box's size (no image-sized buffer:
 *     on these machines a fresh page costs ~10 us; nothing after that pass
 *     reads the image, whose rows have left the cache by then), or,
 *     when the boxes add up to more than twice the image (nested labels),
 *     once over the image for all labels, each with its own last border
 *     (LNBD) per row; borders are then put in label order.
 * The raster scan, the pixel marks (NBD, -NBD when the border passes the
 * pixel's right side), the start conditions and the parent rule (Suzuki and
 * Abe's Table 1) are the paper's.  Objects are 8-connected: at a corner
 * where the object touches itself only diagonally, the tracer turns to stay
 * on the object. */
#include <stdlib.h>
#include <string.h>

#include "export_internal.h"

/* directions: 0 east (+x), 1 south (+y), 2 west, 3 north; y grows down */
static const int DX[4] = {1, 0, -1, 0}, DY[4] = {0, 1, 0, -1};
/* relative to corner (cx, cy), the pixel ahead on the left / on the right
 * of a step in each direction, and the pixel on the right of the step */
static const int ALX[4] = {0, 0, -1, -1}, ALY[4] = {-1, 0, 0, -1};
static const int ARX[4] = {0, -1, -1, 0}, ARY[4] = {0, 0, -1, -1};

typedef struct tracer {
    const segkit_image *labels;
    int32_t *mark;          /* the scanned region's marks: 0, id or -id */
    size_t mstride;         /* elements per row of mark */
    int mx0, my0;           /* the region's origin */
    segkit_contours *out;
    size_t cap_items, cap_xy;
    /* per-label mode: the label's pixels as bytes (1: the label), padded
     * by a frame of 0 (stride bstride), pixel (x, y) of the image at
     * box[(y - my0 + 1) * bstride + x - mx0 + 1]; NULL: read the image */
    uint8_t *box;
    ptrdiff_t bstride;
} tracer;

static inline int is_obj(const tracer *t, int x, int y, int32_t label)
{
    if (x < 0 || y < 0 || x >= t->labels->width || y >= t->labels->height)
        return 0;
    return ((const int32_t *)segkit_image_row(t->labels, y))[x] == label;
}

static int push_point(tracer *t, int x, int y)
{
    segkit_contours *o = t->out;
    if (ex_reserve((void **)&o->xy, &t->cap_xy, 2 * o->npoints + 2, sizeof *o->xy))
        return SEGKIT_ERR_NOMEM;
    o->xy[2 * o->npoints] = x;
    o->xy[2 * o->npoints + 1] = y;
    o->npoints++;
    return SEGKIT_OK;
}

/* Follows the border through the crack leaving corner (x, y) in direction
 * d0 with LABEL on its right.  Vertical cracks mark the pixel on their
 * right as Suzuki marks border pixels: -id when the border passes the
 * pixel's right side (his "examined 0-pixel on the right"), else id if
 * unmarked; only those marks are ever read (at the ends of runs), so
 * horizontal cracks mark nothing, and a straight horizontal stretch is
 * crossed in one search of the two rows it runs between. */
static int follow(tracer *t, int x0, int y0, int d0, int32_t label, int32_t id)
{
    const int w = t->labels->width, h = t->labels->height;
    int x = x0, y = y0, d = d0;
    for (;;) {
        if (d & 1) { /* south or north: mark the object pixel on the right */
            int32_t *m = t->mark + (size_t)(y + ARY[d] - t->my0) * t->mstride +
                         (size_t)(x + ARX[d] - t->mx0);
            if (d == 1)
                *m = -id;
            else if (*m == 0)
                *m = id;
        }
        x += DX[d];
        y += DY[d];
        if (d == 0) {
            /* east: straight while the pixel below is the object and the
             * one above is not */
            const int32_t *below = segkit_image_row(t->labels, y);
            int e = ex_run_end(below, x, w, label);
            if (y > 0)
                e = ex_find_value(segkit_image_row(t->labels, y - 1), x, e, label);
            x = e;
        } else if (d == 2) {
            /* west: straight while the pixel above is the object and the
             * one below is not */
            const int32_t *above = segkit_image_row(t->labels, y - 1);
            int b = ex_run_start(above, 0, x, label);
            if (y < h)
                b = ex_find_value_back(segkit_image_row(t->labels, y), b, x, label);
            x = b;
        }
        int nd;
        if (is_obj(t, x + ALX[d], y + ALY[d], label))
            nd = (d + 3) & 3; /* left: the object goes on (8-connected) */
        else if (is_obj(t, x + ARX[d], y + ARY[d], label))
            nd = d;
        else
            nd = (d + 1) & 3;
        if (nd != d) {
            int st = push_point(t, x, y);
            if (st != SEGKIT_OK)
                return st;
        }
        if (x == x0 && y == y0 && nd == d0)
            return SEGKIT_OK;
        d = nd;
    }
}

/* follow() on the label's padded byte box (t->box): the same path, read
 * from a buffer that stays in cache, with no bounds checks. */
static int follow_box(tracer *t, int gx0, int gy0, int d0, int32_t id)
{
    const ptrdiff_t bs = t->bstride;
    const uint8_t *b = t->box;
    /* local corner (x, y) (box coordinates); the pixel at offset (ax, ay)
     * from it is b[(y + ay + 1) * bs + x + ax + 1] */
    const ptrdiff_t OL[4] = {-bs, 0, -1, -bs - 1}, OR[4] = {0, -1, -bs - 1, -bs};
    const int x0 = gx0 - t->mx0, y0 = gy0 - t->my0;
    int x = x0, y = y0, d = d0;
    for (;;) {
        if (d & 1) {
            int32_t *m = t->mark + (size_t)(y + ARY[d]) * t->mstride + (size_t)(x + ARX[d]);
            if (d == 1)
                *m = -id;
            else if (*m == 0)
                *m = id;
        }
        x += DX[d];
        y += DY[d];
        if (d == 0) {
            /* east: straight while the pixel below is the object and the
             * one above is not */
            const uint8_t *below = b + (ptrdiff_t)(y + 1) * bs + 1, *above = below - bs;
            while (below[x] && !above[x])
                x++;
        } else if (d == 2) {
            /* west: straight while the pixel above is the object and the
             * one below is not */
            const uint8_t *below = b + (ptrdiff_t)(y + 1) * bs + 1, *above = below - bs;
            while (above[x - 1] && !below[x - 1])
                x--;
        }
        const uint8_t *c = b + (ptrdiff_t)(y + 1) * bs + x + 1;
        int nd;
        if (c[OL[d]])
            nd = (d + 3) & 3; /* left: the object goes on (8-connected) */
        else if (c[OR[d]])
            nd = d;
        else
            nd = (d + 1) & 3;
        if (nd != d) {
            int st = push_point(t, x + t->mx0, y + t->my0);
            if (st != SEGKIT_OK)
                return st;
        }
        if (x == x0 && y == y0 && nd == d0)
            return SEGKIT_OK;
        d = nd;
    }
}

static int new_border(tracer *t, int x, int y, int d, int32_t label, int hole,
                      int32_t lnbd)
{
    segkit_contours *o = t->out;
    if (o->count >= (size_t)INT32_MAX - 1)
        return SEGKIT_ERR_OVERFLOW;
    if (ex_reserve((void **)&o->items, &t->cap_items, o->count + 1, sizeof *o->items))
        return SEGKIT_ERR_NOMEM;
    /* Suzuki-Abe Table 1: B is the last border met on this row (0: the
     * frame).  Same type as the new one: they share a parent; else B
     * encloses it. */
    int32_t parent = -1;
    if (lnbd > 0) {
        const segkit_contour *b = &o->items[lnbd - 1];
        parent = b->hole == hole ? b->parent : lnbd - 1;
    }
    segkit_contour *c = &o->items[o->count++];
    c->label = label;
    c->hole = hole;
    c->parent = parent;
    c->first = o->npoints;
    int st = t->box ? follow_box(t, x, y, d, (int32_t)o->count)
                    : follow(t, x, y, d, label, (int32_t)o->count);
    c->count = o->npoints - c->first;
    return st;
}

/* The index of label l among objs[0..n) (sorted by label; l is one). */
static size_t index_of(const ex_object *objs, size_t n, int32_t l)
{
    size_t lo = 0, hi = n;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (objs[mid].label <= l)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The raster scan of the whole image for every label at once (t->mark
 * covers it, zeroed): the last border per row of objs[i]'s label in
 * lnbd[i], lnbd_row[i]. */
static int scan(tracer *t, const ex_object *objs, size_t n, int32_t *lnbd, int32_t *lnbd_row)
{
    const int w = t->labels->width, h = t->labels->height;
    for (int y = 0; y < h; y++) {
        const int32_t *row = segkit_image_row(t->labels, y);
        int32_t *mrow = t->mark + (size_t)y * t->mstride;
        int32_t prev = 0;
        for (int x = 0; x <= w; x++) {
            int32_t cur = x < w ? row[x] : 0;
            if (cur == prev)
                continue;
            if (prev > 0) {
                /* the right side of pixel x - 1: a hole starts here unless
                 * a border already passed it (mark -id) */
                size_t k = index_of(objs, n, prev);
                int32_t *m = &mrow[x - 1];
                if (*m >= 0) {
                    int st = new_border(t, x, y, 1, prev, 1, lnbd_row[k] == y ? lnbd[k] : 0);
                    if (st != SEGKIT_OK)
                        return st;
                }
                lnbd[k] = *m < 0 ? -*m : *m;
                lnbd_row[k] = y;
            }
            if (cur > 0) {
                /* the left side of pixel x: an unmarked pixel starts an
                 * outer border */
                size_t k = index_of(objs, n, cur);
                int32_t *m = &mrow[x];
                if (*m == 0) {
                    int st = new_border(t, x, y, 0, cur, 0, lnbd_row[k] == y ? lnbd[k] : 0);
                    if (st != SEGKIT_OK)
                        return st;
                }
                lnbd[k] = *m < 0 ? -*m : *m;
                lnbd_row[k] = y;
            }
            prev = cur;
        }
    }
    return SEGKIT_OK;
}

/* scan() of one label over its box, from its runs r[0..nr) (raster order)
 * instead of its pixels: the scan's events are the runs' ends. */
static int scan_runs(tracer *t, const ex_run *r, size_t nr, int32_t label)
{
    int32_t lnbd = 0, lnbd_row = -1;
    for (size_t i = 0; i < nr; i++) {
        int y = r[i].y;
        int32_t *mrow = t->mark + (size_t)(y - t->my0) * t->mstride - t->mx0;
        /* the left side of pixel x0: an unmarked pixel starts an outer
         * border */
        int32_t *m = &mrow[r[i].x0];
        if (*m == 0) {
            int st = new_border(t, r[i].x0, y, 0, label, 0, lnbd_row == y ? lnbd : 0);
            if (st != SEGKIT_OK)
                return st;
        }
        lnbd = *m < 0 ? -*m : *m;
        lnbd_row = y;
        /* the right side of pixel x1 - 1: a hole starts here unless a
         * border already passed it (mark -id) */
        m = &mrow[r[i].x1 - 1];
        if (*m >= 0) {
            int st = new_border(t, r[i].x1, y, 1, label, 1, lnbd_row == y ? lnbd : 0);
            if (st != SEGKIT_OK)
                return st;
        }
        lnbd = *m < 0 ? -*m : *m;
        lnbd_row = y;
    }
    return SEGKIT_OK;
}

/* Borders in label order (stable: raster order within a label), parents
 * renumbered. */
static int sort_by_label(segkit_contours *c, const ex_object *objs, size_t n)
{
    size_t *idx, *start;
    int st = ex_group_contours(c, objs, n, &idx, &start);
    if (st != SEGKIT_OK)
        return st;
    segkit_contour *items = ex_alloc(c->count, sizeof *items);
    size_t *where = ex_alloc(c->count, sizeof *where);
    if (!items || !where) {
        free(items);
        free(where);
        free(idx);
        free(start);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->count; i++)
        where[idx[i]] = i;
    for (size_t i = 0; i < c->count; i++) {
        items[i] = c->items[idx[i]];
        if (items[i].parent >= 0)
            items[i].parent = (int32_t)where[items[i].parent];
    }
    free(c->items);
    c->items = items;
    free(where);
    free(idx);
    free(start);
    return SEGKIT_OK;
}

int ex_contours(const segkit_image *labels, const ex_object *objs, size_t n,
                const ex_run *runs, segkit_contours *out)
{
    memset(out, 0, sizeof *out);
    int w = labels->width, h = labels->height;
    out->width = w;
    out->height = h;
    if (n == 0)
        return SEGKIT_OK;
    tracer t = {labels, NULL, 0, 0, 0, out, 0, 0, NULL, 0};
    /* per label over its box, unless the boxes overlap a lot */
    uint64_t boxes = 0, biggest = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = (uint64_t)(objs[i].x1 - objs[i].x0) * (uint64_t)(objs[i].y1 - objs[i].y0);
        boxes += a;
        biggest = a > biggest ? a : biggest;
    }
    int st = SEGKIT_OK;
    if (boxes <= 2 * (uint64_t)w * (uint64_t)h) {
        /* each label from its runs, over its box: marks, and its pixels as
         * bytes with a frame of background */
        uint64_t padded = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = (uint64_t)(objs[i].x1 - objs[i].x0 + 2) * (uint64_t)(objs[i].y1 - objs[i].y0 + 2);
            padded = a > padded ? a : padded;
        }
        t.mark = ex_alloc((size_t)biggest, sizeof *t.mark);
        t.box = ex_alloc((size_t)padded, 1);
        if (!t.mark || !t.box) {
            free(t.mark);
            free(t.box);
            return SEGKIT_ERR_NOMEM;
        }
        for (size_t i = 0; i < n && st == SEGKIT_OK; i++) {
            const ex_object *o = &objs[i];
            const ex_run *r = runs + o->run0;
            t.mstride = (size_t)(o->x1 - o->x0);
            t.bstride = (ptrdiff_t)t.mstride + 2;
            t.mx0 = o->x0;
            t.my0 = o->y0;
            size_t bh = (size_t)(o->y1 - o->y0);
            memset(t.mark, 0, t.mstride * bh * sizeof *t.mark);
            memset(t.box, 0, (size_t)t.bstride * (bh + 2));
            for (size_t k = 0; k < o->nruns; k++)
                memset(t.box + (ptrdiff_t)(r[k].y - o->y0 + 1) * t.bstride + (r[k].x0 - o->x0 + 1), 1,
                       (size_t)(r[k].x1 - r[k].x0));
            st = scan_runs(&t, r, o->nruns, o->label);
        }
        free(t.mark);
        free(t.box);
        t.box = NULL;
    } else {
        int32_t *lnbd = ex_calloc(n, sizeof *lnbd);
        int32_t *lnbd_row = ex_alloc(n, sizeof *lnbd_row);
        t.mark = ex_calloc((size_t)w * (size_t)h, sizeof *t.mark);
        t.mstride = (size_t)w;
        if (!t.mark || !lnbd || !lnbd_row) {
            st = SEGKIT_ERR_NOMEM;
        } else {
            memset(lnbd_row, 0xff, n * sizeof *lnbd_row); /* -1 */
            st = scan(&t, objs, n, lnbd, lnbd_row);
        }
        free(t.mark);
        free(lnbd);
        free(lnbd_row);
        if (st == SEGKIT_OK)
            st = sort_by_label(out, objs, n);
    }
    if (st != SEGKIT_OK)
        segkit_contours_free(out);
    return st;
}

int segkit_contours_find(const segkit_image *labels, segkit_contours *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!labels || !out)
        return SEGKIT_ERR_ARG;
    ex_object *objs;
    size_t n;
    ex_run *runs;
    int st = ex_objects(labels, &objs, &n, &runs);
    if (st != SEGKIT_OK)
        return st;
    st = ex_contours(labels, objs, n, runs, out);
    free(objs);
    free(runs);
    return st;
}

void segkit_contours_free(segkit_contours *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->xy);
    memset(c, 0, sizeof *c);
}
