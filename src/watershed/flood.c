/* Marker-controlled watershed by priority flooding (segkit/watershed.h).
 *
 * Work images have a 1-pixel border that is never flooded, so that the
 * neighbours of a pixel need no bounds test (skimage pads the same way).
 * Indices into them are uint32.  Neighbours are visited in skimage's order
 * (_offsets_to_raveled_neighbors: by distance, then raster): N W E S, then
 * NW NE SW SE, because the order of the pushes sets the ages.
 *
 * Two engines:
 *  - flood_buckets: no compactness.  One FIFO per grey level (linked
 *    through next[]), a two-level bitmap of the non-empty levels.  Every
 *    pixel is queued once: without lines skimage labels a pixel when first
 *    pushed and never pushes it again; with lines it may push a pixel
 *    several times, but all the copies have the pixel's value, so the
 *    first one pushed (the smallest age) leaves first and decides, and the
 *    later ones are dropped when they leave.  Dropping them at push time
 *    leaves the relative order of the rest unchanged.
 *  - flood_heap: compactness or exact_ties (or a test's force_heap).  skimage's loop and binary heap
 *    push for push and pop for pop (heap_general.pxi: sift-up while
 *    strictly smaller than the parent; pop moves the last item to the root
 *    and sifts it down towards the smaller child, left first), so even
 *    the order of equal-valued markers is theirs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "watershed/ws_internal.h"

enum { ST_OUT = 0, ST_FREE, ST_QUEUED, ST_DONE };

segkit_watershed_params segkit_watershed_params_default(void)
{
    segkit_watershed_params p = {4, 0.0, 0, 0};
    return p;
}

/* The padded work state shared by both engines. */
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

static int work_init(ws_work *k, const segkit_image *surface,
                     const segkit_image *markers, const segkit_image *mask,
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

/* skimage's _diff_neighbors: 1 if the flooded (in-mask) labelled neighbours
 * of p carry two different labels.  Labelled = ST_DONE here: queued pixels
 * have no label yet in the lines mode. */
static int diff_neighbors(const ws_work *k, uint32_t p)
{
    int32_t first = 0;
    for (int i = 0; i < k->nnb; i++) {
        uint32_t q = p + (uint32_t)k->off[i];
        if (k->state[q] != ST_DONE)
            continue;
        int32_t l = k->lab[q];
        if (!first)
            first = l;
        else if (l != first)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------- bucket engine */

#define NIL UINT32_MAX

typedef struct bucketq {
    uint32_t *head, *tail;  /* per level; NIL = empty */
    uint32_t *next;         /* per padded pixel */
    uint64_t *bits;         /* bit l: level l is not empty */
    uint64_t *sum;          /* bit j: bits[j] != 0 */
    uint32_t nlevels, nwords, nsum;
    uint32_t cur;           /* no non-empty level below cur */
} bucketq;

static int bq_init(bucketq *q, uint32_t nlevels, uint32_t npix)
{
    memset(q, 0, sizeof *q);
    q->nlevels = nlevels;
    q->nwords = (nlevels + 63) / 64;
    q->nsum = (q->nwords + 63) / 64;
    q->head = malloc((size_t)nlevels * sizeof *q->head);
    q->tail = malloc((size_t)nlevels * sizeof *q->tail);
    q->next = malloc((size_t)npix * sizeof *q->next);
    q->bits = calloc(q->nwords, sizeof *q->bits);
    q->sum = calloc(q->nsum, sizeof *q->sum);
    if (!q->head || !q->tail || !q->next || !q->bits || !q->sum)
        return SEGKIT_ERR_NOMEM;
    memset(q->head, 0xff, (size_t)nlevels * sizeof *q->head);
    q->cur = nlevels;
    return SEGKIT_OK;
}

static void bq_free(bucketq *q)
{
    free(q->head);
    free(q->tail);
    free(q->next);
    free(q->bits);
    free(q->sum);
}

static inline void bq_push(bucketq *q, uint32_t p, uint32_t l)
{
    q->next[p] = NIL;
    if (q->head[l] == NIL) {
        q->head[l] = p;
        q->bits[l >> 6] |= (uint64_t)1 << (l & 63);
        q->sum[l >> 12] |= (uint64_t)1 << ((l >> 6) & 63);
    } else {
        q->next[q->tail[l]] = p;
    }
    q->tail[l] = p;
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
        if (l >= q->nlevels)
            return 0;
    }
    uint32_t h = q->head[l];
    *p = h;
    q->head[l] = q->next[h];
    if (q->head[l] == NIL) {
        q->bits[l >> 6] &= ~((uint64_t)1 << (l & 63));
        if (!q->bits[l >> 6])
            q->sum[l >> 12] &= ~((uint64_t)1 << ((l >> 6) & 63));
    }
    return 1;
}

/* The flooding itself, for a level array of type T (padded). */
#define DEFINE_FLOOD_BUCKETS(NAME, T)                                          \
static void NAME(ws_work *k, bucketq *q, const T *lev, int lines)            \
{                                                                              \
    uint8_t *st = k->state;                                                    \
    int32_t *lab = k->lab;                                                     \
    const int nnb = k->nnb;                                                    \
    const int32_t *off = k->off;                                               \
    for (size_t i = 0; i < k->nseeds; i++)                                     \
        bq_push(q, k->seeds[i], lev[k->seeds[i]]);                             \
    uint32_t p;                                                                \
    while (bq_pop(q, &p)) {                                                    \
        if (lines) {                                                           \
            int marker = st[p] == ST_DONE;                                     \
            if (diff_neighbors(k, p)) {                                        \
                st[p] = ST_OUT;                                                \
                if (!marker)                                                   \
                    lab[p] = 0;                                                \
                continue;                                                      \
            }                                                                  \
            st[p] = ST_DONE;                                                   \
        }                                                                      \
        int32_t l = lab[p];                                                    \
        for (int i = 0; i < nnb; i++) {                                        \
            uint32_t n = p + (uint32_t)off[i];                                 \
            if (st[n] != ST_FREE)                                              \
                continue;                                                      \
            st[n] = lines ? ST_QUEUED : ST_DONE;                               \
            lab[n] = l;                                                        \
            bq_push(q, n, lev[n]);                                             \
        }                                                                      \
    }                                                                          \
}

DEFINE_FLOOD_BUCKETS(flood_u8, uint8_t)
DEFINE_FLOOD_BUCKETS(flood_u16, uint16_t)
DEFINE_FLOOD_BUCKETS(flood_u32, uint32_t)

/* A float as a uint32 that sorts as the float does: -0 is +0, every NaN
 * is the one above +inf. */
static inline uint32_t f32_key(float f)
{
    uint32_t u;
    if (f != f)
        f = NAN;
    if (f == 0.0f)
        f = 0.0f;
    memcpy(&u, &f, sizeof u);
    if (f != f)
        u = 0x7fc00000u;
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/* Ranks of the f32 surface values (0 = smallest distinct value) into the
 * padded lev[] (border 0, never read as a level of a queued pixel).  The
 * keys are sorted by two 16-bit LSD radix passes, made unique, and every
 * pixel's rank found by binary search inside its top-16-bit bucket. */
static int rank_f32(const ws_work *k, const segkit_image *s, uint32_t *lev,
                    uint32_t *nlevels)
{
    size_t npx = (size_t)k->w * k->h;
    uint32_t *a = malloc(npx * sizeof *a), *b = malloc(npx * sizeof *b);
    uint32_t *cnt = malloc(65537 * sizeof *cnt);
    if (!a || !b || !cnt) {
        free(a);
        free(b);
        free(cnt);
        return SEGKIT_ERR_NOMEM;
    }
    size_t i = 0;
    for (int y = 0; y < k->h; y++) {
        const float *r = segkit_image_row(s, y);
        for (int x = 0; x < k->w; x++)
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
    for (int y = 0; y < k->h; y++) {
        const float *r = segkit_image_row(s, y);
        uint32_t *o = lev + (size_t)(y + 1) * k->W + 1;
        for (int x = 0; x < k->w; x++) {
            uint32_t key = f32_key(r[x]);
            uint32_t lo = cnt[key >> 16], hi = cnt[(key >> 16) + 1];
            while (hi - lo > 1) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (a[mid] <= key)
                    lo = mid;
                else
                    hi = mid;
            }
            o[x] = lo;
        }
    }
    *nlevels = (uint32_t)(u ? u : 1);
    free(a);
    free(b);
    free(cnt);
    return SEGKIT_OK;
}

static int flood_buckets(ws_work *k, const segkit_image *s, int lines)
{
    size_t esz = s->type == SEGKIT_U8 ? 1 : s->type == SEGKIT_U16 ? 2 : 4;
    void *lev = calloc(k->n, esz);
    if (!lev)
        return SEGKIT_ERR_NOMEM;
    uint32_t nlevels = s->type == SEGKIT_U8 ? 256 : 65536;
    int st = SEGKIT_OK;
    if (s->type == SEGKIT_F32) {
        st = rank_f32(k, s, lev, &nlevels);
    } else {
        for (int y = 0; y < k->h; y++) {
            char *o = (char *)lev + ((size_t)(y + 1) * k->W + 1) * esz;
            memcpy(o, segkit_image_row(s, y), (size_t)k->w * esz);
        }
    }
    bucketq q;
    if (st == SEGKIT_OK)
        st = bq_init(&q, nlevels, k->n);
    if (st == SEGKIT_OK) {
        if (s->type == SEGKIT_U8)
            flood_u8(k, &q, lev, lines);
        else if (s->type == SEGKIT_U16)
            flood_u16(k, &q, lev, lines);
        else
            flood_u32(k, &q, lev, lines);
    }
    bq_free(&q);
    free(lev);
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
    st = work_init(&k, surface, markers, mask, p.connectivity);
    if (st == SEGKIT_OK) {
        if (force_heap || p.compactness > 0 || p.exact_ties)
            st = flood_heap(&k, surface, &p);
        else
            st = flood_buckets(&k, surface, p.lines);
    }
    if (st == SEGKIT_OK)
        for (int y = 0; y < k.h; y++)
            memcpy(segkit_image_row(labels, y),
                   k.lab + (size_t)(y + 1) * k.W + 1,
                   (size_t)k.w * sizeof(int32_t));
    work_free(&k);
    return st;
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
