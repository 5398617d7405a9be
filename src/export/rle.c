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

int ex_rle_from_borders(const segkit_contours *c, const size_t *idx, size_t k,
                        segkit_rle *rle)
{
    memset(rle, 0, sizeof *rle);
    uint64_t h = (uint64_t)c->height, total = h * (uint64_t)c->width;
    if (total > UINT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    /* the horizontal cracks' rows, bucketed by column (counting sort),
     * then sorted within each column (a handful each) */
    int32_t xmin = INT32_MAX, xmax = -1;
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        const segkit_contour *b = &c->items[idx[i]];
        const int32_t *v = &c->xy[2 * b->first];
        for (size_t j = 0; j < b->count; j++) {
            const int32_t *p = &v[2 * j], *q = &v[2 * ((j + 1) % b->count)];
            n += (size_t)(p[0] > q[0] ? p[0] - q[0] : q[0] - p[0]);
            xmin = p[0] < xmin ? p[0] : xmin;
            xmax = p[0] > xmax ? p[0] : xmax;
        }
    }
    size_t cols = xmax >= xmin ? (size_t)(xmax - xmin) + 1 : 1;
    size_t *cs = ex_calloc(cols + 1, sizeof *cs);
    int32_t *ys = ex_alloc(n, sizeof *ys);
    if (!cs || !ys) {
        free(cs);
        free(ys);
        return SEGKIT_ERR_NOMEM;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < k; i++) {
            const segkit_contour *b = &c->items[idx[i]];
            const int32_t *v = &c->xy[2 * b->first];
            for (size_t j = 0; j < b->count; j++) {
                const int32_t *p = &v[2 * j], *q = &v[2 * ((j + 1) % b->count)];
                int32_t a = p[0] < q[0] ? p[0] : q[0], e = p[0] < q[0] ? q[0] : p[0];
                for (int32_t x = a; x < e; x++) {
                    if (pass == 0)
                        cs[x - xmin + 1]++;
                    else
                        ys[cs[x - xmin]++] = p[1];
                }
            }
        }
        if (pass == 0)
            for (size_t i = 1; i <= cols; i++)
                cs[i] += cs[i - 1];
        else /* cs[i] is now where column i ends: shift back to starts */
            memmove(cs + 1, cs, cols * sizeof *cs), cs[0] = 0;
    }
    for (size_t col = 0; col < cols; col++) /* insertion sort of each column */
        for (size_t i = cs[col] + 1; i < cs[col + 1]; i++)
            for (size_t j = i; j > cs[col] && ys[j - 1] > ys[j]; j--) {
                int32_t tmp = ys[j];
                ys[j] = ys[j - 1];
                ys[j - 1] = tmp;
            }
    /* the crack under a column's last pixel and the one over the next
     * column's first pixel share an index: a run going on, both drop */
    runs r = {0};
    uint64_t pos = 0, prev = UINT64_MAX;
    int st = SEGKIT_OK, pending = 0;
    for (size_t col = 0; col < cols && st == SEGKIT_OK; col++) {
        for (size_t i = cs[col]; i < cs[col + 1] && st == SEGKIT_OK; i++) {
            uint64_t t = (uint64_t)(xmin + (int32_t)col) * h + (uint64_t)ys[i];
            if (pending && t == prev) {
                pending = 0; /* the pair cancels */
                continue;
            }
            if (pending) {
                st = push(&r, prev - pos);
                pos = prev;
            }
            prev = t;
            pending = 1;
        }
    }
    if (st == SEGKIT_OK && pending) {
        st = push(&r, prev - pos);
        pos = prev;
    }
    if (st == SEGKIT_OK && (pos < total || r.n == 0))
        st = push(&r, total - pos);
    free(cs);
    free(ys);
    if (st != SEGKIT_OK) {
        free(r.c);
        return st;
    }
    rle->height = c->height;
    rle->width = c->width;
    rle->count = r.n;
    rle->counts = r.c;
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
    ex_object *objs;
    size_t k, *idx = NULL, *start = NULL;
    segkit_contours c;
    ex_run *runs;
    int st = ex_objects(labels, &objs, &k, &runs);
    if (st != SEGKIT_OK)
        return st;
    /* from the borders: their cracks are far fewer than the pixels */
    st = ex_contours(labels, objs, k, runs, &c);
    free(runs);
    if (st == SEGKIT_OK)
        st = ex_group_contours(&c, objs, k, &idx, &start);
    segkit_rle *r = ex_calloc(k, sizeof *r);
    int32_t *v = ex_alloc(k, sizeof *v);
    if (st == SEGKIT_OK && (!r || !v))
        st = SEGKIT_ERR_NOMEM;
    for (size_t i = 0; i < k && st == SEGKIT_OK; i++) {
        v[i] = objs[i].label;
        st = ex_rle_from_borders(&c, idx + start[i], start[i + 1] - start[i], &r[i]);
    }
    free(objs);
    free(idx);
    free(start);
    segkit_contours_free(&c);
    if (st != SEGKIT_OK) {
        for (size_t i = 0; r && i < k; i++)
            segkit_rle_free(&r[i]);
        free(r);
        free(v);
        return st;
    }
    *rles = r;
    *values = v;
    *n = k;
    return SEGKIT_OK;
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
