/* Borders of every label: Suzuki-Abe border following (S. Suzuki, K. Abe,
 * "Topological structural analysis of digitized binary images by border
 * following", CVGIP 30, 1985), the algorithm of OpenCV's findContours, with
 * two changes:
 *   - the border is followed along the cracks between pixels (the pixel
 *     edges) instead of through the border pixels' centres, so that the
 *     rings enclose exactly the object's pixels;
 *   - a label image is scanned once for all labels: each label is the
 *     "1-pixels" of its own binary image, with its own last-border (LNBD)
 *     per row.
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
    int32_t *mark;          /* width * height: 0, border id or -border id */
    size_t mark_stride;     /* elements per row */
    segkit_contours *out;
    size_t cap_items, cap_xy;
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
    if (2 * o->npoints + 2 > t->cap_xy) {
        size_t cap = t->cap_xy ? 2 * t->cap_xy : 1024;
        int32_t *nb = ex_realloc_array(o->xy, cap, sizeof *nb);
        if (!nb)
            return SEGKIT_ERR_NOMEM;
        o->xy = nb;
        t->cap_xy = cap;
    }
    o->xy[2 * o->npoints] = x;
    o->xy[2 * o->npoints + 1] = y;
    o->npoints++;
    return SEGKIT_OK;
}

/* Follows the border through the crack leaving corner (x, y) in direction
 * d0 with LABEL on its right, marking the pixels on its right with id
 * (-id for a pixel whose right side the border passes, as Suzuki's
 * "examined 0-pixel on the right"). */
static int follow(tracer *t, int x0, int y0, int d0, int32_t label, int32_t id)
{
    int x = x0, y = y0, d = d0;
    for (;;) {
        /* the crack from (x, y) in direction d: mark its object pixel */
        int px, py;
        switch (d) {
        case 0: px = x; py = y; break;
        case 1: px = x - 1; py = y; break;
        case 2: px = x - 1; py = y - 1; break;
        default: px = x; py = y - 1; break;
        }
        int32_t *m = t->mark + (size_t)py * t->mark_stride + px;
        if (d == 1)
            *m = -id;
        else if (*m == 0)
            *m = id;
        x += DX[d];
        y += DY[d];
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

static int new_border(tracer *t, int x, int y, int d, int32_t label, int hole,
                      int32_t lnbd)
{
    segkit_contours *o = t->out;
    if (o->count >= (size_t)INT32_MAX - 1)
        return SEGKIT_ERR_OVERFLOW;
    if (o->count == t->cap_items) {
        size_t cap = t->cap_items ? 2 * t->cap_items : 64;
        segkit_contour *nb = ex_realloc_array(o->items, cap, sizeof *nb);
        if (!nb)
            return SEGKIT_ERR_NOMEM;
        o->items = nb;
        t->cap_items = cap;
    }
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
    int st = follow(t, x, y, d, label, (int32_t)o->count);
    c->count = o->npoints - c->first;
    return st;
}

int segkit_contours_find(const segkit_image *labels, segkit_contours *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!labels || !out || !labels->data)
        return SEGKIT_ERR_ARG;
    if (labels->channels != 1 || labels->type != SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    int w = labels->width, h = labels->height;
    out->width = w;
    out->height = h;
    int32_t max = ex_max_label(labels);
    tracer t = {labels, NULL, (size_t)w, out, 0, 0};
    int32_t *lnbd = NULL, *lnbd_row = NULL;
    int st = SEGKIT_OK;
    if (max == 0)
        return SEGKIT_OK;
    t.mark = ex_calloc((size_t)w * (size_t)h, sizeof *t.mark);
    lnbd = ex_calloc((size_t)max + 1, sizeof *lnbd);
    lnbd_row = ex_alloc((size_t)max + 1, sizeof *lnbd_row);
    if (!t.mark || !lnbd || !lnbd_row) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    memset(lnbd_row, 0xff, ((size_t)max + 1) * sizeof *lnbd_row); /* -1 */
    for (int y = 0; y < h && st == SEGKIT_OK; y++) {
        const int32_t *row = segkit_image_row(labels, y);
        int32_t *mrow = t.mark + (size_t)y * t.mark_stride;
        int32_t prev = 0;
        for (int x = 0; x <= w; x++) {
            int32_t cur = x < w ? row[x] : 0;
            if (cur == prev)
                continue;
            if (prev > 0) {
                /* the right side of pixel x - 1: a hole starts here unless
                 * a border already passed it (mark -id) */
                int32_t *m = &mrow[x - 1];
                if (*m >= 0) {
                    int32_t b = lnbd_row[prev] == y ? lnbd[prev] : 0;
                    st = new_border(&t, x, y, 1, prev, 1, b);
                    if (st != SEGKIT_OK)
                        break;
                }
                lnbd[prev] = *m < 0 ? -*m : *m;
                lnbd_row[prev] = y;
            }
            if (cur > 0) {
                /* the left side of pixel x: an unmarked pixel starts an
                 * outer border */
                int32_t *m = &mrow[x];
                if (*m == 0) {
                    int32_t b = lnbd_row[cur] == y ? lnbd[cur] : 0;
                    st = new_border(&t, x, y, 0, cur, 0, b);
                    if (st != SEGKIT_OK)
                        break;
                }
                lnbd[cur] = *m < 0 ? -*m : *m;
                lnbd_row[cur] = y;
            }
            prev = cur;
        }
    }
done:
    free(t.mark);
    free(lnbd);
    free(lnbd_row);
    if (st != SEGKIT_OK)
        segkit_contours_free(out);
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
