/* Box sums over a sliding W x W window: exact integer sums and sums of
 * squares for u8/u16, doubles for f32.
 *
 * This is the integral-image idea streamed row by row (Chan, "Memory-
 * efficient and fast implementation of local adaptive binarization
 * methods", 2019): a running sum per column over the window's rows is
 * updated by one row added and one removed, then a running sum along the row
 * gives each window's total.  Cost: 4 additions per pixel whatever W;
 * memory: a few rows instead of two 64-bit planes (an integral image of a
 * 4096x3072 image would take 200 MB).
 *
 * Overflow: column sums are uint64; a u16 square is < 2^32, so a window of
 * up to 2^32 pixels cannot overflow 64 bits (the window side is limited to
 * 2^28 by segkit_threshold_local and the image to INT_MAX pixels per side,
 * so a window holds < 2^62 pixels... of u16 squares < 2^32 each: sums below
 * 2^64 need the window to hold < 2^32 pixels, which the image size limit of
 * the decoders (2^28 pixels by default) guarantees for in-image pixels; with
 * replicate/reflect/symmetric the window may hold more virtual pixels than
 * the image, so init refuses windows above 2^32 pixels). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

static void *xcalloc(size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    return calloc(n, size);
}

void local_box_free(local_box *b)
{
    if (!b)
        return;
    free(b->xmap);
    free(b->col);
    free(b->colsq);
    free(b->fcol);
    free(b->fcolsq);
    free(b->S);
    free(b->Q);
    free(b->fS);
    free(b->fQ);
    free(b->n);
    free(b->xcount);
    memset(b, 0, sizeof *b);
}

/* Adds (sign +1) or subtracts (sign -1) image row r to the column sums. */
static void add_row(local_box *b, int r, int sign)
{
    const void *row = segkit_image_row(b->img, r);
    int w = b->width;
    if (b->isfloat) {
        const float *s = row;
        double *c = b->fcol + b->before, *q = b->fcolsq + b->before;
        double sg = sign;
        for (int x = 0; x < w; x++) {
            double v = s[x];
            c[x] += sg * v;
            if (b->need_sq)
                q[x] += sg * v * v;
        }
        return;
    }
    uint64_t *c = b->col + b->before, *q = b->colsq + b->before;
    if (b->img->type == SEGKIT_U8) {
        const uint8_t *s = row;
        if (sign > 0) {
            for (int x = 0; x < w; x++)
                c[x] += s[x];
            if (b->need_sq)
                for (int x = 0; x < w; x++)
                    q[x] += (uint32_t)s[x] * s[x];
        } else {
            for (int x = 0; x < w; x++)
                c[x] -= s[x];
            if (b->need_sq)
                for (int x = 0; x < w; x++)
                    q[x] -= (uint32_t)s[x] * s[x];
        }
    } else {
        const uint16_t *s = row;
        if (sign > 0) {
            for (int x = 0; x < w; x++)
                c[x] += s[x];
            if (b->need_sq)
                for (int x = 0; x < w; x++)
                    q[x] += (uint64_t)((uint32_t)s[x] * s[x]);
        } else {
            for (int x = 0; x < w; x++)
                c[x] -= s[x];
            if (b->need_sq)
                for (int x = 0; x < w; x++)
                    q[x] -= (uint64_t)((uint32_t)s[x] * s[x]);
        }
    }
}

int local_box_init(local_box *b, const segkit_image *img, int window,
                   segkit_border border, int need_sq)
{
    memset(b, 0, sizeof *b);
    if ((uint64_t)window * (uint64_t)window > ((uint64_t)1 << 32))
        return SEGKIT_ERR_OVERFLOW;
    b->img = img;
    b->width = img->width;
    b->height = img->height;
    b->before = local_before(window);
    b->after = local_after(window);
    b->need_sq = need_sq;
    b->isfloat = img->type == SEGKIT_F32;
    b->border = border;
    size_t pw = (size_t)img->width + (size_t)b->before + (size_t)b->after;
    size_t w = (size_t)img->width;
    b->xmap = xcalloc(pw, sizeof *b->xmap);
    b->n = xcalloc(w, sizeof *b->n);
    b->xcount = xcalloc(w, sizeof *b->xcount);
    if (b->isfloat) {
        b->fcol = xcalloc(pw, sizeof *b->fcol);
        b->fcolsq = xcalloc(pw, sizeof *b->fcolsq);
        b->fS = xcalloc(w, sizeof *b->fS);
        b->fQ = xcalloc(w, sizeof *b->fQ);
        if (!b->fcol || !b->fcolsq || !b->fS || !b->fQ)
            goto nomem;
    } else {
        b->col = xcalloc(pw, sizeof *b->col);
        b->colsq = xcalloc(pw, sizeof *b->colsq);
        b->S = xcalloc(w, sizeof *b->S);
        b->Q = xcalloc(w, sizeof *b->Q);
        if (!b->col || !b->colsq || !b->S || !b->Q)
            goto nomem;
    }
    if (!b->xmap || !b->n || !b->xcount)
        goto nomem;
    local_border_map(b->xmap, pw, b->before, b->width, border);
    for (int x = 0; x < b->width; x++)
        b->xcount[x] = (uint64_t)local_window_count(x, b->before, b->after,
                                                    b->width, border);
    /* prime the column sums with the rows of row 0's window but its last */
    for (int r = -b->before; r < b->after; r++) {
        int m = local_border_index(r, b->height, border);
        if (m >= 0)
            add_row(b, m, +1);
    }
    b->next_y = 0;
    return SEGKIT_OK;
nomem:
    local_box_free(b);
    return SEGKIT_ERR_NOMEM;
}

void local_box_row(local_box *b, int y)
{
    /* window of row y: rows y-before .. y+after; the sums hold rows
     * y-1-before .. y-1+after, i.e. add y+after and drop y-1-before */
    int add = local_border_index(y + b->after, b->height, b->border);
    if (add >= 0)
        add_row(b, add, +1);
    if (y > 0) {
        int drop = local_border_index(y - 1 - b->before, b->height, b->border);
        if (drop >= 0)
            add_row(b, drop, -1);
    }
    b->next_y = y + 1;

    uint64_t rows = (uint64_t)local_window_count(y, b->before, b->after,
                                                 b->height, b->border);
    int w = b->width, win = b->before + b->after + 1;
    int pw = w + win - 1;
    for (int x = 0; x < w; x++)
        b->n[x] = rows * b->xcount[x];

    if (b->isfloat) {
        double *c = b->fcol, *q = b->fcolsq;
        for (int j = 0; j < pw; j++) {
            if (j >= b->before && j < b->before + w)
                continue;
            int m = b->xmap[j];
            c[j] = m >= 0 ? c[b->before + m] : 0.0;
            q[j] = m >= 0 ? q[b->before + m] : 0.0;
        }
        /* fresh sums per row: no drift along the row */
        double s = 0, sq = 0;
        for (int j = 0; j < win - 1; j++) {
            s += c[j];
            sq += q[j];
        }
        for (int x = 0; x < w; x++) {
            s += c[x + win - 1];
            sq += q[x + win - 1];
            b->fS[x] = s;
            b->fQ[x] = sq;
            s -= c[x];
            sq -= q[x];
        }
        return;
    }
    uint64_t *c = b->col, *q = b->colsq;
    for (int j = 0; j < pw; j++) {
        if (j >= b->before && j < b->before + w)
            continue;
        int m = b->xmap[j];
        c[j] = m >= 0 ? c[b->before + m] : 0;
        q[j] = m >= 0 ? q[b->before + m] : 0;
    }
    uint64_t s = 0, sq = 0;
    for (int j = 0; j < win - 1; j++) {
        s += c[j];
        sq += q[j];
    }
    if (b->need_sq) {
        for (int x = 0; x < w; x++) {
            s += c[x + win - 1];
            sq += q[x + win - 1];
            b->S[x] = s;
            b->Q[x] = sq;
            s -= c[x];
            sq -= q[x];
        }
    } else {
        for (int x = 0; x < w; x++) {
            s += c[x + win - 1];
            b->S[x] = s;
            s -= c[x];
        }
    }
}
