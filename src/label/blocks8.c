/* Connected components, 8-connectivity: a 2x2 block-based two-pass scan.
 *
 * The four pixels of a 2x2 block are 8-connected to each other, so a block
 * needs one label; it touches four labelled blocks: P (up-left), Q (up),
 * R (up-right) and S (left).  Whether it joins each of them depends on six
 * pixels around it and on its own four (Grana, Borghesani & Cucchiara's
 * block-based decision table, IEEE TIP 19(6), 2010):
 *
 *      p  q0 q1 r          X joins Q iff (x0|x1) & (q0|q1)
 *      s0 x0 x1            X joins P iff x0 & p;   R iff x1 & r
 *      s1 x2 x3            X joins S iff (x0|x2) & (s0|s1)
 *
 * and some joins are known to be redundant from the same pixels (P and Q
 * are already one component when p & q0, Q and R when q1 & r, S and Q when
 * s0 & q0, S and P when s0 & p).  Here the conditions of 32 blocks are
 * computed at once with word operations on bit rows (one bit per pixel),
 * each block then takes one of 16 actions (which of Q, S, P, R it joins)
 * through a switch instead of a chain of unpredictable branches.  This
 * matters on noisy masks, where a run-based scan pays for millions of short
 * runs.  Equivalences: union-find with path halving, the smaller label as
 * root.
 *
 * Pass 1 stores the provisional label of block (by, bx) in the label image
 * itself (row 2 by, column bx), so no block buffer is allocated.  Pass 2
 * numbers the roots in raster order of their first pixel (skimage's order:
 * within a block row, the top pixel row comes first), writes each pixel as
 * its block's final label where the mask is set, and adds each block to its
 * component's statistics (area, bbox, centroid sums) from its 4-bit code.
 *
 * The block decision table is the cited paper's idea; this code is ours. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "label_internal.h"

#define EVEN 0x5555555555555555ull

/* The bit row of one mask row: words 1..nw hold the pixels (bits past w
 * are 0); words 0 and nw + 1 stay 0 as padding. */
static void bit_row(const uint8_t *p, int w, uint64_t flip, uint64_t *b)
{
    int nw = (w + 63) / 64;
    for (int k = 0; k < nw; k++) {
        int x0 = k * 64;
        if (w - x0 >= 64) {
            b[k + 1] = lb_nonzero_bits64(p + x0) ^ flip;
        } else {
            uint64_t m = 0;
            for (int i = 0; i < w - x0; i++)
                m |= (uint64_t)(p[x0 + i] != 0) << i;
            b[k + 1] = (m ^ flip) & (~(uint64_t)0 >> (64 - (w - x0)));
        }
    }
}

typedef struct uf {
    int32_t *par;
    int32_t n, cap;
} uf;

/* Joins the sets of a and b, returns the root (the smaller one). */
static inline int32_t uf_join(int32_t *par, int32_t a, int32_t b)
{
    if (a == b)
        return a;
    a = uf_find(par, a);
    b = uf_find(par, b);
    if (a < b) {
        par[b] = a;
        return a;
    }
    par[a] = b;
    return b;
}

/* Room for labels up to u->n + extra: SEGKIT_OK, _NOMEM or _OVERFLOW. */
static int uf_reserve(uf *u, int32_t extra)
{
    if (u->cap - u->n >= extra)
        return SEGKIT_OK;
    if (u->n > INT32_MAX - extra)
        return SEGKIT_ERR_OVERFLOW;
    int64_t cap = (int64_t)u->cap * 2 + 4096;
    if (cap > INT32_MAX)
        cap = INT32_MAX;
    int32_t *p = realloc(u->par, ((size_t)cap + 1) * sizeof *p);
    if (!p)
        return SEGKIT_ERR_NOMEM;
    u->par = p;
    u->cap = (int32_t)cap;
    return SEGKIT_OK;
}

/* The per-word conditions of 32 blocks: bit 2j of each word is block j's.
 * W: the pixel row two above the block row, U: the row above it, T/B:
 * its top/bottom rows (bit rows with padding words, k the word index). */
typedef struct conds {
    uint64_t any, code_lo, code_hi;
} conds;

static inline conds block_conds(const uint64_t *W, const uint64_t *U, const uint64_t *T,
                                const uint64_t *B, size_t k)
{
    uint64_t u = U[k], t = T[k], b = B[k];
    uint64_t u_l = (u << 1) | (U[k - 1] >> 63);     /* bit i: pixel i - 1 */
    uint64_t u_l2 = (u << 2) | (U[k - 1] >> 62);    /* pixel i - 2 */
    uint64_t u_r1 = (u >> 1) | (U[k + 1] << 63);    /* pixel i + 1 */
    uint64_t u_r2 = (u >> 2) | (U[k + 1] << 62);    /* pixel i + 2 */
    uint64_t t_l = (t << 1) | (T[k - 1] >> 63);
    uint64_t t_l2 = (t << 2) | (T[k - 1] >> 62);
    uint64_t v = t | b, v_l = t_l | (b << 1) | (B[k - 1] >> 63);
    /* the block row above: its pixels by column */
    uint64_t a = u | W[k], a_l = u_l | (W[k] << 1) | (W[k - 1] >> 63);
    uint64_t a_r1 = u_r1 | (W[k] >> 1) | (W[k + 1] << 63);
    uint64_t a_r2 = u_r2 | (W[k] >> 2) | (W[k + 1] << 62);
    uint64_t tn = (t | t >> 1) & EVEN, bn = (b | b >> 1) & EVEN;
    uint64_t un = (u | u_r1) & EVEN;
    uint64_t q = tn & un;                 /* (x0|x1) & (q0|q1) */
    uint64_t p = t & u_l & EVEN;          /* x0 & p */
    uint64_t r = (t >> 1) & u_r2 & EVEN;  /* x1 & r */
    uint64_t s = v & v_l & EVEN;          /* (x0|x2) & (s0|s1) */
    /* neighbours already joined: P-Q and Q-R side by side in the block row
     * above, S-P (S's top row on P's bottom row), S-Q (S's top-right pixel
     * on Q's bottom-left one); then through a third block */
    uint64_t pq = a_l & a, qr = a_r1 & a_r2;
    uint64_t sp = (t_l | t_l2) & (u_l | u_l2), sq = t_l & u;
    uint64_t sq2 = sq | (sp & pq), pq2 = pq | (sp & sq), sp2 = sp | (sq & pq);
    uint64_t sr2 = sq2 & qr, pr2 = pq2 & qr;
    /* join each neighbour unless an earlier one (Q, S, P, R) it is known
     * to be one with is joined */
    uint64_t s_k = s & ~(q & sq2);
    uint64_t p_k = p & ~(q & pq2) & ~(s & sp2);
    uint64_t r_k = r & ~(q & qr) & ~(s & sr2) & ~(p & pr2);
    conds c;
    c.any = tn | bn;
    c.code_lo = q | (s_k & EVEN) << 1;   /* bits 2j, 2j + 1 */
    c.code_hi = (p_k & EVEN) | (r_k & EVEN) << 1;
    return c;
}

/* out[x] = fin[x / 2] where mask row m is foreground, else 0 (no
 * branches: noisy masks would mispredict them). */
static void write_row(int32_t *out, const uint8_t *m, const int32_t *fin, int w, int flip)
{
    int x = 0;
#if defined(__SSE2__)
    const __m128i z = _mm_setzero_si128();
    const __m128i fl = flip ? _mm_set1_epi8(-1) : z;
    for (; x + 16 <= w; x += 16) {
        /* 0xff where background */
        __m128i bg = _mm_xor_si128(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(m + x)), z), fl);
        __m128i lo = _mm_unpacklo_epi8(bg, bg), hi = _mm_unpackhi_epi8(bg, bg);
        __m128i f0 = _mm_loadu_si128((const __m128i *)(const void *)(fin + x / 2));
        __m128i f1 = _mm_loadu_si128((const __m128i *)(const void *)(fin + x / 2 + 4));
        __m128i *o = (__m128i *)(void *)(out + x);
        _mm_storeu_si128(o, _mm_andnot_si128(_mm_unpacklo_epi16(lo, lo),
                                             _mm_unpacklo_epi32(f0, f0)));
        _mm_storeu_si128(o + 1, _mm_andnot_si128(_mm_unpackhi_epi16(lo, lo),
                                                 _mm_unpackhi_epi32(f0, f0)));
        _mm_storeu_si128(o + 2, _mm_andnot_si128(_mm_unpacklo_epi16(hi, hi),
                                                 _mm_unpacklo_epi32(f1, f1)));
        _mm_storeu_si128(o + 3, _mm_andnot_si128(_mm_unpackhi_epi16(hi, hi),
                                                 _mm_unpackhi_epi32(f1, f1)));
    }
#endif
    int32_t on = flip ? 0 : -1;
    for (; x < w; x++)
        out[x] = fin[x >> 1] & ((m[x] != 0 ? -1 : 0) ^ ~on);
}

/* Per 4-bit block code (bit 0 top-left, 1 top-right, 2 bottom-left, 3
 * bottom-right): pixels, pixels in the bottom row, in the right column. */
static const uint8_t code_n[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};
static const uint8_t code_dy[16] = {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
static const uint8_t code_dx[16] = {0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 2, 2, 1, 1, 2, 2};

typedef struct bstat {
    int64_t area, sy, sx;
    int r0, c0, r1, c1;
} bstat;

static inline void add_streak(bstat *s, int64_t area, int64_t sdy, int64_t sx, int rt,
                              int rb, int c0, int c1, int y)
{
    int r0 = rt ? y : y + 1, r1 = rb ? y + 2 : y + 1;
    s->area += area;
    s->sy += area * y + sdy;
    s->sx += sx;
    s->r0 = r0 < s->r0 ? r0 : s->r0;
    s->r1 = r1 > s->r1 ? r1 : s->r1;
    s->c0 = c0 < s->c0 ? c0 : s->c0;
    s->c1 = c1 > s->c1 ? c1 : s->c1;
}

/* Adds the blocks of one block row (pixel rows y, y + 1 with bit rows T,
 * B; final labels fin) to the statistics.  Neighbouring blocks mostly
 * belong to the same component: a streak of them is summed in registers
 * and added once (a chain of read-modify-writes of one entry, block after
 * block, would wait on the memory each time). */
static void add_stats(bstat *bs, const int32_t *fin, const uint64_t *T, const uint64_t *B,
                      size_t nw, int y)
{
    int32_t cur = 0;
    int64_t area = 0, sdy = 0, sx = 0;
    int rt = 0, rb = 0, c0 = 0, c1 = 0;
    for (size_t k = 1; k + 1 < nw; k++) {
        uint64_t t = T[k], b = B[k];
        uint64_t any = (t | t >> 1 | b | b >> 1) & EVEN;
        int j0 = (int)(k - 1) * 32;
        while (any) {
            int bit = __builtin_ctzll(any);
            any &= any - 1;
            int j = j0 + bit / 2;
            unsigned q = (unsigned)((t >> bit) & 3) | (unsigned)((b >> bit) & 3) << 2;
            int x = 2 * j;
            int32_t l = fin[j];
            if (l != cur) {
                if (cur)
                    add_streak(&bs[cur], area, sdy, sx, rt, rb, c0, c1, y);
                cur = l;
                area = sdy = sx = 0;
                rt = rb = 0;
                c0 = x + !(q & 5);
            }
            area += code_n[q];
            sdy += code_dy[q];
            sx += (int64_t)code_n[q] * x + code_dx[q];
            rt |= (q & 3) != 0;
            rb |= (q & 12) != 0;
            c1 = x + 1 + ((q & 10) != 0);
        }
    }
    if (cur)
        add_streak(&bs[cur], area, sdy, sx, rt, rb, c0, c1, y);
}

int lb_label_blocks8(const uint8_t *mask, size_t mask_stride, int flip,
                     segkit_image *labels, int32_t *count, segkit_label_stat **stats)
{
    int w = labels->width, h = labels->height;
    size_t nw = (size_t)(w + 63) / 64 + 2;
    int nb = (w + 1) / 2;
    uint64_t fl = flip ? ~(uint64_t)0 : 0;
    uint64_t *bits = calloc(4 * nw, sizeof *bits);
    int32_t *fin = malloc(((size_t)nb + 2) * sizeof *fin);
    uf u = {NULL, 0, 0};
    int32_t *num = NULL;
    bstat *bs = NULL;
    int st = SEGKIT_OK;
    if (!bits || !fin) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if ((st = uf_reserve(&u, 64)) != SEGKIT_OK)
        goto done;
    u.par[0] = 0;

    /* pass 1 */
    uint64_t *W = bits, *U = bits + nw, *T = bits + 2 * nw, *B = bits + 3 * nw;
    const int32_t *prev = NULL;
    for (int by = 0; 2 * by < h; by++) {
        int y = 2 * by;
        if (by > 0) { /* the previous block row's rows move up */
            uint64_t *w0 = W, *u0 = U;
            W = T;
            U = B;
            T = w0;
            B = u0;
        }
        bit_row(mask + (size_t)y * mask_stride, w, fl, T);
        if (y + 1 < h)
            bit_row(mask + (size_t)(y + 1) * mask_stride, w, fl, B);
        else
            memset(B, 0, nw * sizeof *B);
        int32_t *cur = segkit_image_row(labels, y);
        if (!prev)
            prev = cur; /* row 0 has no Q, P, R: never read */
        /* where the label of each single neighbour is: Q, S, P, R, and
         * the block itself for none (a new label, chosen below) */
        const int32_t *const nb_row[5] = {prev, cur, prev, prev, cur};
        static const int8_t nb_off[5] = {0, -1, -1, 1, 0};
        static const uint8_t first[16] = {4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0};
        int32_t *par = u.par;
        for (size_t k = 1; k + 1 < nw; k++) {
            conds c = block_conds(W, U, T, B, k);
            int j0 = (int)(k - 1) * 32;
            uint64_t any = c.any;
            /* empty blocks: label 0 (the block row is read back by
             * pass 2 and by the next block row) */
            for (int j = j0; j < j0 + 32 && j < nb; j++)
                cur[j] = 0;
            if ((st = uf_reserve(&u, 32)) != SEGKIT_OK)
                goto done;
            par = u.par;
            int32_t n = u.n;
            while (any) {
                int bit = __builtin_ctzll(any);
                any &= any - 1;
                int j = j0 + bit / 2;
                unsigned code = (unsigned)((c.code_lo >> bit) & 3) |
                                (unsigned)((c.code_hi >> bit) & 3) << 2;
                /* no branch for the common cases, a new label or the
                 * label of the one neighbour joined */
                unsigned f = first[code];
                int32_t lab = nb_row[f][j + nb_off[f]];
                int32_t fresh = n + 1;
                par[fresh] = fresh;
                lab = code ? lab : fresh;
                n += code == 0;
                if (code & (code - 1)) {
                    /* 1 Q, 2 S, 4 P, 8 R */
#define LQ prev[j]
#define LS cur[j - 1]
#define LP prev[j - 1]
#define LR prev[j + 1]
                    switch (code) {
                    case 3: lab = uf_join(par, LQ, LS); break;
                    case 5: lab = uf_join(par, LQ, LP); break;
                    case 6: lab = uf_join(par, LS, LP); break;
                    case 7: lab = uf_join(par, uf_join(par, LQ, LS), LP); break;
                    case 9: lab = uf_join(par, LQ, LR); break;
                    case 10: lab = uf_join(par, LS, LR); break;
                    case 11: lab = uf_join(par, uf_join(par, LQ, LS), LR); break;
                    case 12: lab = uf_join(par, LP, LR); break;
                    case 13: lab = uf_join(par, uf_join(par, LQ, LP), LR); break;
                    case 14: lab = uf_join(par, uf_join(par, LS, LP), LR); break;
                    default:
                        lab = uf_join(par, uf_join(par, uf_join(par, LQ, LS), LP), LR);
                        break;
                    }
#undef LQ
#undef LS
#undef LP
#undef LR
                }
                cur[j] = lab;
            }
            u.n = n;
        }
        prev = cur;
    }

    /* roots: par[i] <= i, so one increasing sweep flattens */
    int32_t *par = u.par;
    for (int32_t i = 1; i <= u.n; i++)
        par[i] = par[par[i]];
    num = calloc((size_t)u.n + 1, sizeof *num);
    if (!num) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    size_t scap = 0;
    int32_t n = 0;

    /* pass 2 */
    for (int by = 0; 2 * by < h; by++) {
        int y = 2 * by, two = y + 1 < h;
        const uint8_t *m0 = mask + (size_t)y * mask_stride;
        const uint8_t *m1 = two ? m0 + mask_stride : NULL;
        bit_row(m0, w, fl, T);
        if (two)
            bit_row(m1, w, fl, B);
        else
            memset(B, 0, nw * sizeof *B);
        int32_t *o0 = segkit_image_row(labels, y);
        /* numbering: blocks with a top pixel first, then the others */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = 1; k + 1 < nw; k++) {
                uint64_t tn = (T[k] | T[k] >> 1) & EVEN;
                uint64_t bn = (B[k] | B[k] >> 1) & EVEN;
                uint64_t sel = pass ? bn & ~tn : tn;
                int j0 = (int)(k - 1) * 32;
                if (!pass) {
                    for (int j = j0; j < j0 + 32 && j < nb; j++)
                        fin[j] = 0;
                }
                while (sel) {
                    int bit = __builtin_ctzll(sel);
                    sel &= sel - 1;
                    int j = j0 + bit / 2;
                    int32_t r = par[o0[j]];
                    if (!num[r]) {
                        num[r] = ++n;
                        if (stats) {
                            if ((size_t)n >= scap) {
                                size_t nc = scap * 2 + 1024;
                                bstat *t = realloc(bs, nc * sizeof *t);
                                if (!t) {
                                    st = SEGKIT_ERR_NOMEM;
                                    goto done;
                                }
                                bs = t;
                                scap = nc;
                            }
                            bstat *s = &bs[n];
                            s->area = s->sy = s->sx = 0;
                            s->r0 = s->c0 = INT_MAX;
                            s->r1 = s->c1 = INT_MIN;
                        }
                    }
                    fin[j] = num[r];
                }
            }
        }
        if (stats)
            add_stats(bs, fin, T, B, nw, y);
        /* the pixels: the block's label where the mask is set */
        write_row(o0, m0, fin, w, flip);
        if (two)
            write_row(segkit_image_row(labels, y + 1), m1, fin, w, flip);
    }
    *count = n;
    if (stats) {
        segkit_label_stat *out = lb_calloc((size_t)n + 1, sizeof *out);
        if (!out) {
            st = SEGKIT_ERR_NOMEM;
            goto done;
        }
        for (int32_t l = 1; l <= n; l++) {
            out[l].area = bs[l].area;
            out[l].bbox[0] = bs[l].r0;
            out[l].bbox[1] = bs[l].c0;
            out[l].bbox[2] = bs[l].r1;
            out[l].bbox[3] = bs[l].c1;
            out[l].centroid[0] = (double)bs[l].sy / (double)bs[l].area;
            out[l].centroid[1] = (double)bs[l].sx / (double)bs[l].area;
        }
        *stats = out;
    }
done:
    free(bits);
    free(fin);
    free(u.par);
    free(num);
    free(bs);
    return st;
}

/* Whether the block scan beats the run-based one (components.c) on this
 * mask: the run-based scan costs a little per run, the block scan about the
 * same per non-empty 2x2 block, so the blocks win when runs are short.
 * Measured on 4096x3072 masks (segkit-bench): the run density of every 16th
 * row decides; more than one run start per LB_BLOCKS_PIXELS_PER_RUN
 * pixels takes the blocks. */
#ifndef LB_BLOCKS_PIXELS_PER_RUN
#define LB_BLOCKS_PIXELS_PER_RUN 16
#endif
int lb_blocks_pay(const uint8_t *mask, size_t mask_stride, int w, int h, int flip)
{
    size_t nw = (size_t)(w + 63) / 64 + 2;
    uint64_t *b = calloc(nw, sizeof *b);
    if (!b)
        return 0;
    uint64_t fl = flip ? ~(uint64_t)0 : 0;
    int64_t starts = 0, pixels = 0;
    int step = h >= 64 ? 16 : 1;
    for (int y = step / 2; y < h; y += step) {
        bit_row(mask + (size_t)y * mask_stride, w, fl, b);
        for (size_t k = 1; k + 1 < nw; k++)
            for (uint64_t v = b[k] & ~((b[k] << 1) | (b[k - 1] >> 63)); v; v &= v - 1)
                starts++;
        pixels += w;
    }
    free(b);
    return starts * LB_BLOCKS_PIXELS_PER_RUN > pixels;
}
