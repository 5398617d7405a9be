/* Marker-controlled watershed by priority flooding (segkit/watershed.h).
 *
 * Work images have a 1-pixel border that is never flooded, so that the
 * neighbours of a pixel need no bounds test (skimage pads the same way).
 * Indices into them are uint32.  Neighbours are visited in skimage's order
 * (_offsets_to_raveled_neighbors: by distance, then raster): N W E S, then
 * NW NE SW SE, because the order of the pushes sets the ages.
 *
 * Two engines:
 *  - flood_buckets: no compactness.  One FIFO per grey level (chains of
 *    blocks of pixel indices from one pool), a two-level bitmap of the
 *    non-empty levels; one 8-byte cell per pixel (label, level and state
 *    together, so that the neighbours of a pixel cost three cache lines),
 *    and the cells of the pixels a few places behind the queue's front
 *    prefetched (every cache line of their neighbourhoods; the queue's next
 *    block; and, at push time, the rows around a pixel queued at or below
 *    the current level, which leaves before the look-ahead sees it), since
 *    on a large image the queue's order is a random walk through memory.  Every pixel is queued once: without lines skimage
 *    labels a pixel when first pushed and never pushes it again; with
 *    lines it may push a pixel several times, but all the copies have the
 *    pixel's value, so the first one pushed (the smallest age) leaves
 *    first and decides, and the later ones are dropped when they leave.
 *    Dropping them at push time leaves the relative order of the rest
 *    unchanged.
 *  - flood_heap: compactness or exact_ties (or a test's force_heap).  skimage's loop and binary heap
 *    push for push and pop for pop (heap_general.pxi: sift-up while
 *    strictly smaller than the parent; pop moves the last item to the root
 *    and sifts it down towards the smaller child, left first), so even
 *    the order of equal-valued markers is theirs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal/huge_alloc.h"
#include "watershed/ws_internal.h"

enum { ST_OUT = 0, ST_FREE, ST_QUEUED, ST_DONE };

segkit_watershed_params segkit_watershed_params_default(void)
{
    segkit_watershed_params p = {4, 0.0, 0, 0};
    return p;
}

/* The padded geometry, and the heap engine's state. */
typedef struct ws_work {
    int w, h;            /* image size */
    uint32_t W, n;       /* padded width, padded pixel count */
    int nnb;             /* 4 or 8 */
    int32_t off[8];      /* neighbour offsets in skimage's order */
    uint8_t *state;      /* ST_* per padded pixel */
    int32_t *lab;        /* labels per padded pixel */
    uint32_t *seeds;     /* padded indices of the marker pixels, raster order */
    size_t nseeds;
} ws_work;

static double value_at(const segkit_image *img, int x, int y)
{
    const void *r = segkit_image_row(img, y);
    switch (img->type) {
    case SEGKIT_U8:  return ((const uint8_t *)r)[x];
    case SEGKIT_U16: return ((const uint16_t *)r)[x];
    default:         return ((const float *)r)[x];
    }
}

static int work_geometry(ws_work *k, const segkit_image *surface,
                         int connectivity)
{
    int w = surface->width, h = surface->height;
    memset(k, 0, sizeof *k);
    k->w = w;
    k->h = h;
    uint64_t n = (uint64_t)(w + 2) * (uint64_t)(h + 2);
    if (n >= UINT32_MAX)
        return SEGKIT_ERR_TOO_LARGE;
    k->W = (uint32_t)(w + 2);
    k->n = (uint32_t)n;
    int32_t W = (int32_t)k->W;
    int32_t off[8] = {-W, -1, 1, W, -W - 1, -W + 1, W - 1, W + 1};
    k->nnb = connectivity;
    memcpy(k->off, off, sizeof off);
    return SEGKIT_OK;
}

/* The heap engine's state: labels, in-mask flags and the seeds. */
static int work_init(ws_work *k, const segkit_image *markers,
                     const segkit_image *mask)
{
    int w = k->w, h = k->h;
    size_t n = k->n;
    k->state = calloc(n, 1);
    k->lab = calloc(n, sizeof *k->lab);
    if (!k->state || !k->lab)
        return SEGKIT_ERR_NOMEM;
    size_t nseeds = 0;
    for (int y = 0; y < h; y++) {
        const int32_t *m = segkit_image_row(markers, y);
        const void *mr = mask ? segkit_image_row(mask, y) : NULL;
        uint8_t *st = k->state + (size_t)(y + 1) * k->W + 1;
        int32_t *lb = k->lab + (size_t)(y + 1) * k->W + 1;
        for (int x = 0; x < w; x++) {
            if (mr && !ws_nonzero(mask, mr, x))
                continue;
            if (m[x]) {
                st[x] = ST_DONE;
                lb[x] = m[x];
                nseeds++;
            } else {
                st[x] = ST_FREE;
            }
        }
    }
    k->seeds = malloc((nseeds ? nseeds : 1) * sizeof *k->seeds);
    if (!k->seeds)
        return SEGKIT_ERR_NOMEM;
    size_t i = 0;
    for (uint32_t p = 0; p < k->n; p++)
        if (k->state[p] == ST_DONE)
            k->seeds[i++] = p;
    k->nseeds = nseeds;
    return SEGKIT_OK;
}

static void work_free(ws_work *k)
{
    free(k->state);
    free(k->lab);
    free(k->seeds);
}

/* ------------------------------------------------------- bucket engine */

/* One cell per padded pixel, so that a pixel's neighbours cost three cache
 * lines: its label and (level << 2 | state). */
typedef struct cell {
    int32_t lab;
    uint32_t ls;
} cell;

#define ST(c) ((c).ls & 3u)
#define NIL UINT32_MAX

/* The FIFO of a level is a chain of blocks of BLK pixel indices; blocks come
 * from one pool (indices, so the pool may grow) and go back to a free list,
 * so the queue holds about what is queued, and a pop reads memory in order
 * instead of chasing a link per pixel. */
enum { BLK = 30 };
typedef struct blk {
    uint32_t next;           /* next block of the level, NIL: the tail */
    uint16_t rd, wr;         /* entries [rd, wr) are queued */
    uint32_t e[BLK];
} blk;

typedef struct bucketq {
    uint32_t *head, *tail;   /* per level: first and last block, NIL = empty */
    uint64_t *bits;          /* bit l: level l is not empty */
    uint64_t *sum;           /* bit j: bits[j] != 0 */
    uint32_t nlevels, nwords, nsum;
    uint32_t cur;            /* no non-empty level below cur */
    blk *pool;
    uint32_t npool, used, free;
    int nomem;
} bucketq;

/* n blocks on 64-byte boundaries (two cache lines each, not three), the
 * first nold copied from old, which is freed; NULL if out of memory (old
 * is then kept). */
static blk *pool_alloc(uint32_t n, blk *old, uint32_t nold)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, (size_t)n * sizeof(blk)) != 0)
        return NULL;
    if (old) {
        memcpy(p, old, (size_t)nold * sizeof(blk));
        free(old);
    }
    return p;
}

static int bq_init(bucketq *q, uint32_t nlevels, uint32_t npix)
{
    memset(q, 0, sizeof *q);
    q->nlevels = nlevels;
    q->nwords = (nlevels + 63) / 64;
    q->nsum = (q->nwords + 63) / 64;
    q->head = malloc((size_t)nlevels * sizeof *q->head);
    q->tail = malloc((size_t)nlevels * sizeof *q->tail);
    q->bits = calloc(q->nwords, sizeof *q->bits);
    q->sum = calloc(q->nsum, sizeof *q->sum);
    q->npool = npix / 256 + 64;
    q->pool = pool_alloc(q->npool, NULL, 0);
    q->free = NIL;
    if (!q->head || !q->tail || !q->bits || !q->sum || !q->pool)
        return SEGKIT_ERR_NOMEM;
    memset(q->head, 0xff, (size_t)nlevels * sizeof *q->head);
    memset(q->tail, 0xff, (size_t)nlevels * sizeof *q->tail);
    q->cur = nlevels;
    return SEGKIT_OK;
}

static void bq_free(bucketq *q)
{
    free(q->head);
    free(q->tail);
    free(q->bits);
    free(q->sum);
    free(q->pool);
}

static uint32_t bq_block(bucketq *q)
{
    uint32_t b = q->free;
    if (b != NIL) {
        q->free = q->pool[b].next;
    } else {
        if (q->used == q->npool) {
            if (q->npool > UINT32_MAX / 2 - 1) {
                q->nomem = 1;
                return NIL;
            }
            uint32_t nn = q->npool * 2;
            blk *np = pool_alloc(nn, q->pool, q->npool);
            if (!np) {
                q->nomem = 1;
                return NIL;
            }
            q->pool = np;
            q->npool = nn;
        }
        b = q->used++;
    }
    q->pool[b].next = NIL;
    q->pool[b].rd = q->pool[b].wr = 0;
    return b;
}

static inline void bq_push(bucketq *q, uint32_t p, uint32_t l)
{
    uint32_t t = q->tail[l];
    if (t == NIL || q->pool[t].wr == BLK) {
        uint32_t nb = bq_block(q);
        if (nb == NIL)
            return;          /* q->nomem is set; the flood stops */
        if (t == NIL) {
            q->head[l] = nb;
            q->bits[l >> 6] |= (uint64_t)1 << (l & 63);
            q->sum[l >> 12] |= (uint64_t)1 << ((l >> 6) & 63);
        } else {
            q->pool[t].next = nb;
        }
        q->tail[l] = t = nb;
    }
    blk *b = &q->pool[t];
    b->e[b->wr++] = p;
    if (l < q->cur)
        q->cur = l;
}

/* The lowest non-empty level >= from, or nlevels. */
static uint32_t bq_find(const bucketq *q, uint32_t from)
{
    if (from >= q->nlevels)
        return q->nlevels;
    uint32_t w = from >> 6;
    uint64_t b = q->bits[w] & (~(uint64_t)0 << (from & 63));
    if (b)
        return (w << 6) + (uint32_t)__builtin_ctzll(b);
    uint32_t wn = w + 1;                 /* next word to look at */
    uint32_t s = wn >> 6;
    if (s >= q->nsum)
        return q->nlevels;
    uint64_t sb = (wn & 63) ? q->sum[s] & (~(uint64_t)0 << (wn & 63)) : q->sum[s];
    while (!sb) {
        if (++s >= q->nsum)
            return q->nlevels;
        sb = q->sum[s];
    }
    uint32_t word = (s << 6) + (uint32_t)__builtin_ctzll(sb);
    return (word << 6) + (uint32_t)__builtin_ctzll(q->bits[word]);
}

static inline int bq_pop(bucketq *q, uint32_t *p)
{
    uint32_t l = q->cur;
    if (l >= q->nlevels || q->head[l] == NIL) {
        l = q->cur = bq_find(q, l);
        if (l >= q->nlevels || q->nomem)
            return 0;
    }
    uint32_t hb = q->head[l];
    blk *b = &q->pool[hb];
    *p = b->e[b->rd++];
    if (b->rd == 1 && b->next != NIL) {  /* the next block, for bq_peek */
        __builtin_prefetch(&q->pool[b->next]);
        __builtin_prefetch((const char *)&q->pool[b->next] + 64);
    }
    if (b->rd == b->wr) {                /* block used up */
        uint32_t nx = b->next;
        b->next = q->free;
        q->free = hb;
        q->head[l] = nx;
        if (nx == NIL) {                 /* it was the tail: level empty */
            q->tail[l] = NIL;
            q->bits[l >> 6] &= ~((uint64_t)1 << (l & 63));
            if (!q->bits[l >> 6])
                q->sum[l >> 12] &= ~((uint64_t)1 << ((l >> 6) & 63));
        }
    }
    return 1;
}

/* skimage's _diff_neighbors: 1 if the flooded (in-mask) labelled neighbours
 * of p carry two different labels.  Labelled = ST_DONE here: queued pixels
 * have no label yet in the lines mode. */
static inline int diff_neighbors(const cell *c, uint32_t p, const int32_t *off,
                                 int nnb)
{
    int32_t first = 0;
    for (int i = 0; i < nnb; i++) {
        const cell *d = &c[p + (uint32_t)off[i]];
        if (ST(*d) != ST_DONE)
            continue;
        if (!first)
            first = d->lab;
        else if (d->lab != first)
            return 1;
    }
    return 0;
}

/* The cells: zeroed, and on Linux in transparent huge pages where the
 * system allows it (madvise mode), since the flooding's random walk through
 * a large image otherwise misses the TLB on almost every pixel. */
static cell *cells_alloc(size_t n)
{
    if (n > SIZE_MAX / sizeof(cell))
        return NULL;
    cell *p = huge_alloc(n * sizeof(cell));
    if (p)
        memset(p, 0, n * sizeof(cell));
    return p;
}

/* The pixel AHEAD places behind the front of the current level's first
 * block, or NIL: the flooding fetches its cells into the cache early, as
 * the order of the queue is the order of memory accesses and a cell read
 * is otherwise a cache miss on a large image. */
enum { AHEAD = 8 };
static inline uint32_t bq_peek(const bucketq *q)
{
    uint32_t l = q->cur;
    if (l >= q->nlevels || q->head[l] == NIL)
        return NIL;
    const blk *b = &q->pool[q->head[l]];
    unsigned i = b->rd + AHEAD;
    if (i < b->wr)
        return b->e[i];
    if (b->next == NIL)
        return NIL;
    b = &q->pool[b->next];              /* blocks before the tail are full */
    return i - BLK < b->wr ? b->e[i - BLK] : NIL;
}

/* The flooding, for a constant neighbourhood size and lines flag. */
static inline __attribute__((always_inline)) void
flood_cells(cell *c, bucketq *q, const int32_t *off, const int nnb, const int lines)
{
    uint32_t p;
    const uint32_t W = (uint32_t)off[3];
    while (bq_pop(q, &p)) {
        uint32_t a = bq_peek(q);
        if (a != NIL) {
            if (nnb == 4) {
                __builtin_prefetch(&c[a - W], 1);
                __builtin_prefetch(&c[a + W], 1);
            } else {
                __builtin_prefetch(&c[a - W - 1], 1);
                __builtin_prefetch(&c[a - W + 1], 1);
                __builtin_prefetch(&c[a + W - 1], 1);
                __builtin_prefetch(&c[a + W + 1], 1);
            }
            __builtin_prefetch(&c[a - 1], 1);
            __builtin_prefetch(&c[a + 1], 1);
        }
        if (lines) {
            int marker = ST(c[p]) == ST_DONE;
            if (diff_neighbors(c, p, off, nnb)) {
                c[p].ls &= ~3u;          /* ST_OUT */
                if (!marker)
                    c[p].lab = 0;
                continue;
            }
            c[p].ls |= ST_DONE;
        }
        int32_t l = c[p].lab;
        for (int i = 0; i < nnb; i++) {
            uint32_t n = p + (uint32_t)off[i];
            cell *d = &c[n];
            if (ST(*d) != ST_FREE)
                continue;
            d->ls += lines ? 1 : 2;     /* FREE -> QUEUED or DONE */
            d->lab = l;
            uint32_t nl = d->ls >> 2;
            if (nl <= q->cur) {        /* popped soon: bq_peek may miss it */
                __builtin_prefetch(&c[n - W], 1);
                __builtin_prefetch(&c[n + W], 1);
            }
            bq_push(q, n, nl);
        }
    }
}

/* A float as a uint32 that sorts as the float does: -0 is +0, every NaN
 * is the one above +inf. */
static inline uint32_t f32_key(float f)
{
    uint32_t u;
    if (f == 0.0f)
        f = 0.0f;
    memcpy(&u, &f, sizeof u);
    if (f != f)
        u = 0x7fc00000u;
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/* Ranks of the f32 surface values (0 = smallest distinct value) into
 * rank[] (w*h, raster order).  The keys are sorted by two 16-bit LSD radix
 * passes, made unique, and every pixel's rank found by binary search inside
 * its top-16-bit bucket. */
static int rank_f32(const segkit_image *s, uint32_t *rank, uint32_t *nlevels)
{
    int w = s->width, h = s->height;
    size_t npx = (size_t)w * h;
    uint32_t *a = malloc(npx * sizeof *a), *b = malloc(npx * sizeof *b);
    uint32_t *cnt = malloc(65537 * sizeof *cnt);
    if (!a || !b || !cnt) {
        free(a);
        free(b);
        free(cnt);
        return SEGKIT_ERR_NOMEM;
    }
    size_t i = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(s, y);
        for (int x = 0; x < w; x++)
            a[i++] = f32_key(r[x]);
    }
    for (int pass = 0; pass < 2; pass++) {
        int sh = pass * 16;
        memset(cnt, 0, 65537 * sizeof *cnt);
        for (i = 0; i < npx; i++)
            cnt[((a[i] >> sh) & 0xffff) + 1]++;
        for (int j = 0; j < 65536; j++)
            cnt[j + 1] += cnt[j];
        for (i = 0; i < npx; i++)
            b[cnt[(a[i] >> sh) & 0xffff]++] = a[i];
        uint32_t *t = a;
        a = b;
        b = t;
    }
    size_t u = 0;                 /* unique keys in a[0..u) */
    for (i = 0; i < npx; i++)
        if (u == 0 || a[u - 1] != a[i])
            a[u++] = a[i];
    /* cnt[t]: first unique key whose top 16 bits are >= t */
    size_t j = 0;
    for (uint32_t t = 0; t <= 65536; t++) {
        while (j < u && (a[j] >> 16) < t)
            j++;
        cnt[t] = (uint32_t)j;
    }
    i = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(s, y);
        for (int x = 0; x < w; x++) {
            uint32_t key = f32_key(r[x]);
            uint32_t lo = cnt[key >> 16], hi = cnt[(key >> 16) + 1];
            while (hi - lo > 1) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (a[mid] <= key)
                    lo = mid;
                else
                    hi = mid;
            }
            rank[i++] = lo;
        }
    }
    *nlevels = (uint32_t)(u ? u : 1);
    free(a);
    free(b);
    free(cnt);
    return SEGKIT_OK;
}

/* The bucket-queue flooding of levels: those of s (u8, u16) or, when rank
 * is given, rank[y * w + x] < nlevels (raster order); rank is freed here. */
static int flood_buckets(const ws_work *k, const segkit_image *s,
                         uint32_t *rank, uint32_t nlevels,
                         const segkit_image *markers, const segkit_image *mask,
                         int lines, segkit_image *labels)
{
    int w = k->w, h = k->h;
    cell *c = cells_alloc(k->n);
    bucketq q;
    int st = bq_init(&q, nlevels, k->n);
    if (!c || st != SEGKIT_OK) {
        free(c);
        free(rank);
        bq_free(&q);
        return SEGKIT_ERR_NOMEM;
    }
    /* cells, and the markers queued in raster order */
    for (int y = 0; y < h; y++) {
        const void *sr = rank ? NULL : segkit_image_row(s, y);
        const int32_t *mr = segkit_image_row(markers, y);
        const void *kr = mask ? segkit_image_row(mask, y) : NULL;
        uint32_t p0 = (uint32_t)(y + 1) * k->W + 1;
        for (int x = 0; x < w; x++) {
            if (kr && !ws_nonzero(mask, kr, x))
                continue;
            uint32_t l = rank                    ? rank[(size_t)y * w + x]
                         : s->type == SEGKIT_U8  ? ((const uint8_t *)sr)[x]
                                                 : ((const uint16_t *)sr)[x];
            cell *d = &c[p0 + x];
            d->ls = l << 2 | (mr[x] ? ST_DONE : ST_FREE);
            d->lab = mr[x];
            if (mr[x])
                bq_push(&q, p0 + x, l);
        }
    }
    free(rank);
    const int32_t *off = k->off;
    if (k->nnb == 4)
        lines ? flood_cells(c, &q, off, 4, 1) : flood_cells(c, &q, off, 4, 0);
    else
        lines ? flood_cells(c, &q, off, 8, 1) : flood_cells(c, &q, off, 8, 0);
    st = q.nomem ? SEGKIT_ERR_NOMEM : SEGKIT_OK;
    if (st == SEGKIT_OK)
        for (int y = 0; y < h; y++) {
            int32_t *o = segkit_image_row(labels, y);
            const cell *r = c + (size_t)(y + 1) * k->W + 1;
            for (int x = 0; x < w; x++)
                o[x] = r[x].lab;
        }
    bq_free(&q);
    free(c);
    return st;
}

/* --------------------------------------------------------- heap engine */

typedef struct heap_item {
    double value;
    uint32_t age;        /* skimage: int32 */
    uint32_t index, source;
} heap_item;

typedef struct heap {
    heap_item *a;
    size_t n, cap;
} heap;

static inline int smaller(const heap_item *x, const heap_item *y)
{
    if (x->value != y->value)
        return x->value < y->value;
    return x->age < y->age;
}

static int heap_push(heap *h, const heap_item *it)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 1024;
        heap_item *a = realloc(h->a, nc * sizeof *a);
        if (!a)
            return SEGKIT_ERR_NOMEM;
        h->a = a;
        h->cap = nc;
    }
    size_t c = h->n++;
    h->a[c] = *it;
    while (c > 0) {
        size_t p = (c + 1) / 2 - 1;
        if (!smaller(&h->a[c], &h->a[p]))
            break;
        heap_item t = h->a[p];
        h->a[p] = h->a[c];
        h->a[c] = t;
        c = p;
    }
    return SEGKIT_OK;
}

static void heap_pop(heap *h, heap_item *out)
{
    *out = h->a[0];
    if (--h->n == 0)
        return;
    h->a[0] = h->a[h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l >= h->n)
            break;
        if (smaller(&h->a[l], &h->a[i]))
            m = l;
        if (r < h->n && smaller(&h->a[r], &h->a[m]))
            m = r;
        if (m == i)
            break;
        heap_item t = h->a[i];
        h->a[i] = h->a[m];
        h->a[m] = t;
        i = m;
    }
}

static int flood_heap(ws_work *k, const segkit_image *s,
                      const segkit_watershed_params *p)
{
    double *val = calloc(k->n, sizeof *val);
    if (!val)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < k->h; y++)
        for (int x = 0; x < k->w; x++) {
            double v = value_at(s, x, y);
            val[(size_t)(y + 1) * k->W + x + 1] = v;
        }
    uint8_t *st = k->state;  /* here: OUT = not in mask, else in mask */
    int32_t *lab = k->lab;   /* 0 = not labelled (skimage's output) */
    const double c = p->compactness;
    const int compact = c > 0, lines = p->lines;
    heap h = {0};
    heap_item e, ne;
    int rc = SEGKIT_OK;
    /* skimage's ties: every marker has age 0; raster ties: ages in raster
     * order, below every later push */
    for (size_t i = 0; i < k->nseeds && rc == SEGKIT_OK; i++) {
        e.value = val[k->seeds[i]];
        e.age = p->exact_ties ? 0 : (uint32_t)i;
        e.index = e.source = k->seeds[i];
        rc = heap_push(&h, &e);
    }
    uint32_t age = p->exact_ties ? 1 : (uint32_t)k->nseeds;
    while (rc == SEGKIT_OK && h.n > 0) {
        heap_pop(&h, &e);
        if (compact || lines) {
            if (lab[e.index] && e.index != e.source)
                continue;
            if (lines) {
                if (st[e.index] == ST_OUT)
                    continue;
                /* labelled neighbours in the mask: lab != 0 and not OUT */
                int32_t first = 0;
                int diff = 0;
                for (int i = 0; i < k->nnb && !diff; i++) {
                    uint32_t q = e.index + (uint32_t)k->off[i];
                    if (st[q] == ST_OUT || !lab[q])
                        continue;
                    if (!first)
                        first = lab[q];
                    else if (lab[q] != first)
                        diff = 1;
                }
                if (diff) {
                    st[e.index] = ST_OUT;
                    continue;
                }
            }
            lab[e.index] = lab[e.source];
        }
        for (int i = 0; i < k->nnb; i++) {
            uint32_t q = e.index + (uint32_t)k->off[i];
            if (st[q] == ST_OUT || lab[q])
                continue;
            age++;
            ne.value = val[q];
            if (compact) {
                double dr = (double)(q / k->W) - (double)(e.source / k->W);
                double dc = (double)(q % k->W) - (double)(e.source % k->W);
                ne.value += c * sqrt(dr * dr + dc * dc);
            } else if (!lines) {
                lab[q] = lab[e.index];
            }
            ne.age = age;
            ne.index = q;
            ne.source = e.source;
            rc = heap_push(&h, &ne);
            if (rc != SEGKIT_OK)
                break;
        }
    }
    free(h.a);
    free(val);
    return rc;
}

/* ---------------------------------------------------------------- API */

static int check_plane(const segkit_image *img)
{
    if (!img->data || img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    return img->channels == 1 ? SEGKIT_OK : SEGKIT_ERR_TYPE;
}

int ws_flood_engine(const segkit_image *surface, const segkit_image *markers,
                    const segkit_image *mask,
                    const segkit_watershed_params *params,
                    segkit_image *labels, int force_heap)
{
    segkit_watershed_params p = params ? *params
                                       : segkit_watershed_params_default();
    if (!surface || !markers || !labels)
        return SEGKIT_ERR_ARG;
    if ((p.connectivity != 4 && p.connectivity != 8) || !(p.compactness >= 0) ||
        isinf(p.compactness))
        return SEGKIT_ERR_ARG;
    int st;
    if ((st = check_plane(surface)) || (st = check_plane(markers)) ||
        (st = check_plane(labels)) || (mask && (st = check_plane(mask))))
        return st;
    if (surface->type != SEGKIT_U8 && surface->type != SEGKIT_U16 &&
        surface->type != SEGKIT_F32)
        return SEGKIT_ERR_TYPE;
    if (markers->type != SEGKIT_I32 || labels->type != SEGKIT_I32 ||
        (mask && mask->type >= SEGKIT_TYPE_COUNT))
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(surface, markers) ||
        !segkit_image_same_size(surface, labels) ||
        (mask && !segkit_image_same_size(surface, mask)))
        return SEGKIT_ERR_SIZE;

    ws_work k;
    st = work_geometry(&k, surface, p.connectivity);
    if (st != SEGKIT_OK)
        return st;
    if (!force_heap && p.compactness == 0 && !p.exact_ties) {
        uint32_t nlevels = surface->type == SEGKIT_U8 ? 256 : 65536, *rank = NULL;
        if (surface->type == SEGKIT_F32) {
            if ((uint64_t)k.w * k.h >= ((uint64_t)1 << 30))
                return SEGKIT_ERR_TOO_LARGE;     /* ranks must fit 30 bits */
            rank = malloc((size_t)k.w * k.h * sizeof *rank);
            if (!rank)
                return SEGKIT_ERR_NOMEM;
            if ((st = rank_f32(surface, rank, &nlevels)) != SEGKIT_OK) {
                free(rank);
                return st;
            }
        }
        return flood_buckets(&k, surface, rank, nlevels, markers, mask, p.lines,
                             labels);
    }
    st = work_init(&k, markers, mask);
    if (st == SEGKIT_OK)
        st = flood_heap(&k, surface, &p);
    if (st == SEGKIT_OK)
        for (int y = 0; y < k.h; y++)
            memcpy(segkit_image_row(labels, y),
                   k.lab + (size_t)(y + 1) * k.W + 1,
                   (size_t)k.w * sizeof(int32_t));
    work_free(&k);
    return st;
}

int ws_flood_levels(uint32_t *levels, uint32_t nlevels,
                    const segkit_image *markers, const segkit_image *mask,
                    int connectivity, int lines, segkit_image *labels)
{
    ws_work k;
    int st = work_geometry(&k, markers, connectivity);
    if (st != SEGKIT_OK || (uint64_t)k.w * k.h >= ((uint64_t)1 << 30) ||
        nlevels > ((uint32_t)1 << 30)) {
        free(levels);
        return st ? st : SEGKIT_ERR_TOO_LARGE;
    }
    return flood_buckets(&k, NULL, levels, nlevels, markers, mask, lines, labels);
}

int segkit_watershed_to(const segkit_image *surface,
                        const segkit_image *markers, const segkit_image *mask,
                        const segkit_watershed_params *params,
                        segkit_image *labels)
{
    return ws_flood_engine(surface, markers, mask, params, labels, 0);
}

int segkit_watershed(const segkit_image *surface, const segkit_image *markers,
                     const segkit_image *mask,
                     const segkit_watershed_params *params,
                     segkit_image *labels)
{
    if (!labels)
        return SEGKIT_ERR_ARG;
    memset(labels, 0, sizeof *labels);
    if (!surface || !surface->data || surface->width <= 0 ||
        surface->height <= 0)
        return SEGKIT_ERR_ARG;
    int st = segkit_image_create(labels, surface->width, surface->height, 1,
                                 SEGKIT_I32);
    if (st == SEGKIT_OK)
        st = segkit_watershed_to(surface, markers, mask, params, labels);
    if (st != SEGKIT_OK)
        segkit_image_free(labels);
    return st;
}
