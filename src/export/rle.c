/* COCO run-length encoding, as cocoapi's common/maskApi.c defines it
 * (rleEncode, rleToString, rleFrString, rleArea, rleToBbox): column-major
 * runs starting with background; the compressed string stores each count
 * (from the fourth on, as the difference to the count two before it) in
 * 5-bit groups, low first, bit 0x20 = "more groups follow", bit 0x10 of the
 * last group = the sign, each group + 48 as a character. */
#include <string.h>

#include "export_internal.h"

/* A growing count array. */
typedef struct runs {
    uint32_t *c;
    size_t n, cap;
} runs;

static int push(runs *r, uint64_t v)
{
    if (v > UINT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    if (ex_reserve((void **)&r->c, &r->cap, r->n + 1, sizeof *r->c))
        return SEGKIT_ERR_NOMEM;
    r->c[r->n++] = (uint32_t)v;
    return SEGKIT_OK;
}

static int check_size(int h, int w)
{
    if (h <= 0 || w <= 0)
        return SEGKIT_ERR_ARG;
    if ((uint64_t)h * (uint64_t)w > UINT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    return SEGKIT_OK;
}

/* Runs of value VALUE in the columns x0..x1-1, rows y0..y1-1 (the rest of
 * the image is taken as background). */
static int encode_box(const segkit_image *labels, int32_t value, int x0, int y0,
                      int x1, int y1, segkit_rle *rle)
{
    memset(rle, 0, sizeof *rle);
    int h = labels->height, w = labels->width;
    int st = check_size(h, w);
    if (st != SEGKIT_OK)
        return st;
    runs r = {0};
    uint64_t end = 0; /* where the last object run ended */
    const unsigned char *base = labels->data;
    size_t stride = labels->stride;
    for (int x = x0; x < x1 && st == SEGKIT_OK; x++) {
        const unsigned char *col = base + (size_t)x * sizeof(int32_t);
        int y = y0;
        while (y < y1 && st == SEGKIT_OK) {
            while (y < y1 && *(const int32_t *)(col + (size_t)y * stride) != value)
                y++;
            if (y == y1)
                break;
            int s = y;
            while (y < y1 && *(const int32_t *)(col + (size_t)y * stride) == value)
                y++;
            uint64_t a = (uint64_t)x * (uint64_t)h + (uint64_t)s;
            uint64_t b = (uint64_t)x * (uint64_t)h + (uint64_t)y;
            if (r.n >= 2 && a == end) {
                r.c[r.n - 1] += (uint32_t)(b - a); /* continues from the column before */
            } else {
                st = push(&r, a - end);
                if (st == SEGKIT_OK)
                    st = push(&r, b - a);
            }
            end = b;
        }
    }
    uint64_t total = (uint64_t)h * (uint64_t)w;
    if (st == SEGKIT_OK && (end < total || r.n == 0))
        st = push(&r, total - end);
    if (st != SEGKIT_OK) {
        free(r.c);
        return st;
    }
    rle->height = h;
    rle->width = w;
    rle->count = r.n;
    rle->counts = r.c;
    return SEGKIT_OK;
}

int segkit_rle_encode(const segkit_image *labels, int32_t value, segkit_rle *rle)
{
    if (rle)
        memset(rle, 0, sizeof *rle);
    if (!rle)
        return SEGKIT_ERR_ARG;
    int st = ex_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    return encode_box(labels, value, 0, 0, labels->width, labels->height, rle);
}

/* A stretch [a, b) of horizontal cracks on the line between rows y - 1 and
 * y. */
typedef struct ex_crack {
    int32_t y, a, b;
} ex_crack;

static inline void put_stretch(ex_crack *out, size_t *n, int32_t y, int32_t a, int32_t b)
{
    out[(*n)++] = (ex_crack){y, a, b};
}

/* Every stretch of horizontal cracks of an object (the columns where
 * exactly one of rows y - 1 and y holds it) from its runs r[0..nr) (raster
 * order), rows in ascending order, into out (room for 2 nr + 2 stretches:
 * each run end starts or ends at most one); returns how many. */
static size_t cracks(const ex_run *r, size_t nr, ex_crack *out)
{
    size_t n = 0;
    size_t pa = 0, pe = 0; /* the runs of the previous row, py */
    int32_t py = INT32_MIN;
    size_t i = 0;
    while (i < nr || pa < pe) {
        int32_t y = i < nr ? r[i].y : INT32_MAX;
        if (pa < pe && y != py + 1) { /* the previous row's bottom side */
            for (size_t k = pa; k < pe; k++)
                put_stretch(out, &n, py + 1, r[k].x0, r[k].x1);
            pa = pe = 0;
            continue;
        }
        size_t j = i + 1;
        while (j < nr && r[j].y == y)
            j++;
        if (pe - pa == 1 && j - i == 1) {
            /* one run over one run (most rows of blobs) */
            int32_t a0 = r[pa].x0, a1 = r[pa].x1, b0 = r[i].x0, b1 = r[i].x1;
            if (a0 < b1 && b0 < a1) {
                if (a0 != b0)
                    put_stretch(out, &n, y, a0 < b0 ? a0 : b0, a0 < b0 ? b0 : a0);
                if (a1 != b1)
                    put_stretch(out, &n, y, a1 < b1 ? a1 : b1, a1 < b1 ? b1 : a1);
            } else {
                put_stretch(out, &n, y, a0 < b0 ? a0 : b0, a0 < b0 ? a1 : b1);
                put_stretch(out, &n, y, a0 < b0 ? b0 : a0, a0 < b0 ? b1 : a1);
            }
        } else {
            /* merge the two rows' run ends: the object is in exactly one
             * row between the points where the parity (inA + inB) is odd */
            size_t ka = pa, kb = i;
            int ina = 0, inb = 0;
            int32_t open = 0;
            while (ka < pe || kb < j) {
                int32_t xa = ka < pe ? (ina ? r[ka].x1 : r[ka].x0) : INT32_MAX;
                int32_t xb = kb < j ? (inb ? r[kb].x1 : r[kb].x0) : INT32_MAX;
                int32_t x = xa < xb ? xa : xb;
                int before = ina ^ inb;
                if (xa == x) {
                    ina ^= 1;
                    if (!ina)
                        ka++;
                }
                if (xb == x) {
                    inb ^= 1;
                    if (!inb)
                        kb++;
                }
                int after = ina ^ inb;
                if (!before && after)
                    open = x;
                else if (before && !after)
                    put_stretch(out, &n, y, open, x);
            }
        }
        pa = i;
        pe = j;
        py = y;
        i = j;
    }
    return n;
}

int ex_rle_from_runs(const ex_object *o, const ex_run *runs, int height, int width,
                     ex_rle_scratch *s, segkit_rle *rle)
{
    memset(rle, 0, sizeof *rle);
    uint64_t h = (uint64_t)height, total = h * (uint64_t)width;
    if (total > UINT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    const ex_run *r = runs + o->run0;
    size_t cols = o->nruns ? (size_t)(o->x1 - o->x0) : 0;
    if (ex_reserve((void **)&s->cs, &s->cap_cs, cols + 1, sizeof *s->cs) ||
        ex_reserve((void **)&s->st, &s->cap_st, 2 * o->nruns + 2, sizeof *s->st))
        return SEGKIT_ERR_NOMEM;
    /* every horizontal crack toggles the object in its column: the cracks'
     * rows, bucketed by column (counting sort; rows come in ascending
     * order, so each column's list is sorted), are the run ends in
     * column-major order */
    size_t ns = cracks(r, o->nruns, s->st);
    size_t *cs = s->cs;
    const int32_t x0 = o->x0;
    memset(cs, 0, (cols + 1) * sizeof *cs);
    for (size_t i = 0; i < ns; i++)
        for (int32_t x = s->st[i].a; x < s->st[i].b; x++)
            cs[x - x0 + 1]++;
    for (size_t i = 1; i <= cols; i++)
        cs[i] += cs[i - 1];
    size_t n = cs[cols];
    if (ex_reserve((void **)&s->ys, &s->cap_ys, n, sizeof *s->ys))
        return SEGKIT_ERR_NOMEM;
    int32_t *ys = s->ys;
    for (size_t i = 0; i < ns; i++)
        for (int32_t x = s->st[i].a; x < s->st[i].b; x++)
            ys[cs[x - x0]++] = s->st[i].y;
    /* cs[c] is now where column c ends; column c starts at cs[c - 1] */
    uint32_t *c = ex_alloc(n + 2, sizeof *c);
    if (!c)
        return SEGKIT_ERR_NOMEM;
    /* the crack under a column's last pixel and the one over the next
     * column's first pixel share an index: a run going on, both drop */
    size_t m = 0;
    uint64_t pos = 0, prev = UINT64_MAX;
    int pending = 0;
    for (size_t col = 0; col < cols; col++) {
        uint64_t base = (uint64_t)(x0 + (int32_t)col) * h;
        for (size_t i = col ? cs[col - 1] : 0; i < cs[col]; i++) {
            uint64_t t = base + (uint64_t)ys[i];
            if (pending && t == prev) {
                pending = 0; /* the pair cancels */
                continue;
            }
            if (pending) {
                c[m++] = (uint32_t)(prev - pos);
                pos = prev;
            }
            prev = t;
            pending = 1;
        }
    }
    if (pending) {
        c[m++] = (uint32_t)(prev - pos);
        pos = prev;
    }
    if (pos < total || m == 0)
        c[m++] = (uint32_t)(total - pos);
    rle->height = height;
    rle->width = width;
    rle->count = m;
    rle->counts = c;
    return SEGKIT_OK;
}

/* The RLE of every object of labels (when rles is not NULL) and its
 * borders (when c is not NULL), from one pass over the image with the row
 * kernel of isa (ex_objects_isa). */
static int ex_rles(const segkit_image *labels, segkit_contours *c, segkit_rle **rles,
                   int32_t **values, size_t *n, int isa)
{
    ex_object *objs;
    size_t k;
    ex_run *runs;
    int st = ex_objects_isa(labels, &objs, &k, &runs, isa);
    if (st != SEGKIT_OK)
        return st;
    if (rles && (uint64_t)labels->width * (uint64_t)labels->height > UINT32_MAX)
        st = SEGKIT_ERR_OVERFLOW;
    if (st == SEGKIT_OK && c)
        st = ex_contours(labels, objs, k, runs, c);
    segkit_rle *r = NULL;
    int32_t *v = NULL;
    if (rles && st == SEGKIT_OK) {
        r = ex_calloc(k, sizeof *r);
        v = ex_alloc(k, sizeof *v);
        if (!r || !v)
            st = SEGKIT_ERR_NOMEM;
        ex_rle_scratch s = {0};
        for (size_t i = 0; i < k && st == SEGKIT_OK; i++) {
            v[i] = objs[i].label;
            st = ex_rle_from_runs(&objs[i], runs, labels->height, labels->width, &s, &r[i]);
        }
        ex_rle_scratch_free(&s);
    }
    free(objs);
    free(runs);
    if (st != SEGKIT_OK) {
        for (size_t i = 0; r && i < k; i++)
            segkit_rle_free(&r[i]);
        free(r);
        free(v);
        if (c)
            segkit_contours_free(c);
        return st;
    }
    if (rles) {
        *rles = r;
        *values = v;
        *n = k;
    }
    return SEGKIT_OK;
}

int segkit_rle_encode_all(const segkit_image *labels, segkit_rle **rles,
                          int32_t **values, size_t *n)
{
    if (rles)
        *rles = NULL;
    if (values)
        *values = NULL;
    if (n)
        *n = 0;
    if (!rles || !values || !n)
        return SEGKIT_ERR_ARG;
    return ex_rles(labels, NULL, rles, values, n, -1);
}

int ex_contours_rles(const segkit_image *labels, segkit_contours *c, segkit_rle **rles,
                     int32_t **values, size_t *n, int isa)
{
    if (c)
        memset(c, 0, sizeof *c);
    if (rles)
        *rles = NULL;
    if (values)
        *values = NULL;
    if (n)
        *n = 0;
    if ((!c && !rles) || (rles && (!values || !n)))
        return SEGKIT_ERR_ARG;
    return ex_rles(labels, c, rles, values, n, isa);
}

int segkit_rle_to_string(const segkit_rle *rle, char **text)
{
    if (text)
        *text = NULL;
    if (!rle || !text || (rle->count && !rle->counts))
        return SEGKIT_ERR_ARG;
    /* at most 7 characters per count (35 bits hold a 33-bit difference) */
    if (rle->count > (SIZE_MAX - 1) / 7)
        return SEGKIT_ERR_NOMEM;
    char *o = ex_alloc(rle->count * 7 + 1, 1);
    if (!o)
        return SEGKIT_ERR_NOMEM;
    size_t p = 0;
    for (size_t i = 0; i < rle->count; i++) {
        int64_t x = rle->counts[i];
        if (i > 2)
            x -= rle->counts[i - 2];
        int more = 1;
        while (more) {
            int c = (int)(x & 0x1f);
            /* floor division by 32, also for negative x */
            x = (x - c) / 32;
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more)
                c |= 0x20;
            o[p++] = (char)(c + 48);
        }
    }
    o[p] = '\0';
    *text = o;
    return SEGKIT_OK;
}

int segkit_rle_check(const segkit_rle *rle)
{
    if (!rle || check_size(rle->height, rle->width) != SEGKIT_OK ||
        (rle->count && !rle->counts))
        return SEGKIT_ERR_ARG;
    uint64_t sum = 0;
    for (size_t i = 0; i < rle->count; i++)
        sum += rle->counts[i];
    return sum == (uint64_t)rle->height * (uint64_t)rle->width ? SEGKIT_OK
                                                               : SEGKIT_ERR_CORRUPT;
}

int segkit_rle_from_string(const char *text, size_t len, int height, int width,
                           segkit_rle *rle)
{
    if (rle)
        memset(rle, 0, sizeof *rle);
    if (!rle || (!text && len))
        return SEGKIT_ERR_ARG;
    int st = check_size(height, width);
    if (st != SEGKIT_OK)
        return st;
    runs r = {0};
    size_t p = 0;
    while (p < len && st == SEGKIT_OK) {
        int64_t x = 0;
        int k = 0, more = 1;
        while (more) {
            if (p >= len || k >= 7) {
                st = SEGKIT_ERR_CORRUPT; /* a count cut short, or too long */
                break;
            }
            int c = (unsigned char)text[p] - 48;
            if (c < 0 || c > 63) {
                st = SEGKIT_ERR_CORRUPT;
                break;
            }
            x |= (int64_t)(c & 0x1f) << (5 * k);
            more = c & 0x20;
            p++;
            k++;
            if (!more && (c & 0x10))
                x -= (int64_t)1 << (5 * k); /* sign-extend */
        }
        if (st != SEGKIT_OK)
            break;
        if (r.n > 2)
            x += r.c[r.n - 2];
        if (x < 0 || x > UINT32_MAX) {
            st = SEGKIT_ERR_CORRUPT;
            break;
        }
        st = push(&r, (uint64_t)x);
    }
    if (st != SEGKIT_OK) {
        free(r.c);
        return st == SEGKIT_ERR_OVERFLOW ? SEGKIT_ERR_CORRUPT : st;
    }
    rle->height = height;
    rle->width = width;
    rle->count = r.n;
    rle->counts = r.c;
    st = segkit_rle_check(rle);
    if (st != SEGKIT_OK)
        segkit_rle_free(rle);
    return st;
}

int64_t segkit_rle_area(const segkit_rle *rle)
{
    int64_t a = 0;
    if (!rle || !rle->counts)
        return 0;
    for (size_t j = 1; j < rle->count; j += 2)
        a += rle->counts[j];
    return a;
}

void segkit_rle_bbox(const segkit_rle *rle, int bbox[4])
{
    bbox[0] = bbox[1] = bbox[2] = bbox[3] = 0;
    if (!rle || !rle->counts || rle->height <= 0)
        return;
    uint64_t h = (uint64_t)rle->height, pos = 0;
    uint64_t xs = UINT64_MAX, xe = 0, ys = UINT64_MAX, ye = 0;
    for (size_t j = 0; j + 1 < rle->count; j += 2) {
        pos += rle->counts[j];
        uint64_t n = rle->counts[j + 1];
        if (n == 0)
            continue;
        uint64_t a = pos, b = pos + n - 1; /* first and last pixel of the run */
        uint64_t xa = a / h, xb = b / h;
        if (xa < xs)
            xs = xa;
        if (xb > xe)
            xe = xb;
        if (xa != xb) { /* spans a column's end: every row */
            ys = 0;
            ye = h - 1;
        } else {
            if (a % h < ys)
                ys = a % h;
            if (b % h > ye)
                ye = b % h;
        }
        pos += n;
    }
    if (xs == UINT64_MAX)
        return;
    bbox[0] = (int)xs;
    bbox[1] = (int)ys;
    bbox[2] = (int)(xe - xs + 1);
    bbox[3] = (int)(ye - ys + 1);
}

int segkit_rle_paint(const segkit_rle *rle, segkit_image *labels, int32_t value)
{
    int st = ex_check_labels(labels);
    if (st != SEGKIT_OK)
        return st;
    if ((st = segkit_rle_check(rle)) != SEGKIT_OK)
        return st;
    if (rle->height != labels->height || rle->width != labels->width)
        return SEGKIT_ERR_SIZE;
    uint64_t h = (uint64_t)rle->height, pos = 0;
    for (size_t j = 0; j < rle->count; j++) {
        uint64_t n = rle->counts[j];
        if (j & 1) {
            for (uint64_t i = pos; i < pos + n; i++) {
                int32_t *row = segkit_image_row(labels, (int)(i % h));
                row[i / h] = value;
            }
        }
        pos += n;
    }
    return SEGKIT_OK;
}

void segkit_rle_free(segkit_rle *rle)
{
    if (!rle)
        return;
    free(rle->counts);
    memset(rle, 0, sizeof *rle);
}
