/* correspondPixels: minimum-cost matching of two boundary maps.
 *
 * The benchmark (BSR/bench/source/match.cc, D. Martin and C. Fowlkes) builds
 * an assignment problem: the "matchable" pixels of map1 (those with a map2
 * pixel within maxDist) against those of map2, an edge for every pair within
 * maxDist costing rint(100 x distance), plus outlier nodes so that a pixel
 * may stay unmatched at cost ow = ceil(100 x outlierCost) (with sparse random
 * outlier connections and a high-cost overlay that guarantees a perfect
 * assignment), and solves it with Goldberg's CSA.  Every node that is not in
 * a pixel-pixel pair pays ow, so the assignment's cost is
 *     sum over matched pairs (c_ij) + ow x (n1 + n2 - pairs)
 * and the problem is: choose a matching minimising sum (c_ij - ow).
 *
 * We solve that exactly, without the random outlier graph: every map1 pixel
 * i (a "row") is assigned either to a map2 pixel j (a "column", cost c_ij) or
 * to a private dummy column (cost ow).  Rows are added one at a time and
 * each gets a shortest augmenting path (Dijkstra on reduced costs with
 * column potentials, as in Jonker-Volgenant / the Hungarian method).  The
 * search stops at the first free column popped, so it stays local: a
 * typical row touches a few dozen pixels.  A row that ends on its dummy can
 * never be displaced again (only it reaches its dummy), so it drops out.
 * Ties between equally cheap matchings may be broken differently from CSA;
 * the number of matched pixels is the same in every optimum except where
 * ties change which map1 pixels are matched.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

typedef struct { int32_t col; int32_t cost; } edge_t;
typedef struct { int64_t key; int32_t col; } heap_t;

struct segkit__matcher {
    /* per call, sized by capacity */
    int32_t *pix2col; size_t cap_pix;        /* w*h: column of a map2 pixel */
    int32_t *col_pix, *row_pix; size_t cap_col, cap_row;
    int32_t *adj_start; edge_t *adj; size_t cap_adj;
    int32_t *col_row;    /* row assigned to column, -1 free */
    int32_t *row_col;    /* column of row: >= 0 real, -1 dummy, -2 none yet */
    int32_t *row_cost;   /* cost of the row's assigned edge */
    int64_t *v;          /* potentials: n2 real columns then n1 dummies */
    int64_t *dist;
    int32_t *pred, *pred_cost;
    uint8_t *done;
    int32_t *touched;
    heap_t *heap; size_t cap_heap;
    size_t cap_n[10];
};

segkit__matcher *segkit__matcher_new(void)
{
    return calloc(1, sizeof(segkit__matcher));
}

void segkit__matcher_free(segkit__matcher *m)
{
    if (!m)
        return;
    free(m->pix2col); free(m->col_pix); free(m->row_pix);
    free(m->adj_start); free(m->adj);
    free(m->col_row); free(m->row_col); free(m->row_cost);
    free(m->v); free(m->dist); free(m->pred); free(m->pred_cost);
    free(m->done); free(m->touched); free(m->heap);
    free(m);
}

/* Grows *p to hold n elements of size sz (contents not kept). */
static int grow(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return SEGKIT_OK;
    size_t c = *cap ? *cap : 1024;
    while (c < n) {
        if (c > SIZE_MAX / 2)
            return SEGKIT_ERR_OVERFLOW;
        c *= 2;
    }
    if (c > SIZE_MAX / sz)
        return SEGKIT_ERR_OVERFLOW;
    void *q = malloc(c * sz);
    if (!q)
        return SEGKIT_ERR_NOMEM;
    free(*p);
    *p = q;
    *cap = c;
    return SEGKIT_OK;
}

static void heap_push(heap_t *h, size_t *n, int64_t key, int32_t col)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p].key <= key)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].key = key;
    h[i].col = col;
}

static heap_t heap_pop(heap_t *h, size_t *n)
{
    heap_t top = h[0], last = h[--(*n)];
    size_t i = 0, m = *n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= m)
            break;
        if (c + 1 < m && h[c + 1].key < h[c].key)
            c++;
        if (h[c].key >= last.key)
            break;
        h[i] = h[c];
        i = c;
    }
    if (m)
        h[i] = last;
    return top;
}

/* Grows the edge array keeping its contents. */
static int grow_keep(edge_t **p, size_t *cap, size_t n)
{
    size_t c = *cap ? *cap : 4096;
    while (c < n) {
        if (c > SIZE_MAX / 2 / sizeof(edge_t))
            return SEGKIT_ERR_OVERFLOW;
        c *= 2;
    }
    edge_t *q = realloc(*p, c * sizeof *q);
    if (!q)
        return SEGKIT_ERR_NOMEM;
    *p = q;
    *cap = c;
    return SEGKIT_OK;
}

typedef struct { int du, dv; int32_t cost; } offset_t;

int segkit__bdry_correspond(segkit__matcher *m, const uint8_t *map1,
                            const uint8_t *map2, int w, int h,
                            double max_dist, double oc_px, uint8_t *match1,
                            uint8_t *match2, int64_t *matched, double *cost)
{
    *matched = 0;
    if (cost)
        *cost = 0.0;
    if (!(max_dist >= 0.0) || !(oc_px > max_dist) || max_dist > 1e6)
        return SEGKIT_ERR_ARG;
    size_t npix = (size_t)w * (size_t)h;
    int st;

    /* Offsets within max_dist, as match.cc tests them (d2 > maxDist^2
     * excluded), cheapest first. */
    const int r = (int)ceil(max_dist);
    size_t noff_cap = (size_t)(2 * r + 1) * (size_t)(2 * r + 1);
    offset_t *off = malloc(noff_cap * sizeof *off);
    if (!off)
        return SEGKIT_ERR_NOMEM;
    size_t noff = 0;
    for (int dv = -r; dv <= r; dv++)
        for (int du = -r; du <= r; du++) {
            double d2 = (double)(du * du + dv * dv);
            if (d2 > max_dist * max_dist)
                continue;
            off[noff].du = du;
            off[noff].dv = dv;
            off[noff].cost = (int32_t)rint(sqrt(d2) * 100.0);
            noff++;
        }
    const int64_t ow = (int64_t)ceil(oc_px * 100.0);

    /* Columns: every map2 pixel (unmatchable ones are simply never
     * reached). */
    size_t n1all = 0, n2 = 0;
    for (size_t i = 0; i < npix; i++) {
        n1all += map1[i] != 0;
        n2 += map2[i] != 0;
    }
    if (n1all > INT32_MAX / 2 || n2 > INT32_MAX / 2) {
        free(off);
        return SEGKIT_ERR_OVERFLOW;
    }
    if ((st = grow((void **)&m->pix2col, &m->cap_pix, npix, sizeof(int32_t))) ||
        (st = grow((void **)&m->col_pix, &m->cap_col, n2 + 1, sizeof(int32_t))) ||
        (st = grow((void **)&m->row_pix, &m->cap_row, n1all + 1, sizeof(int32_t)))) {
        free(off);
        return st;
    }
    size_t ncolall = n2 + n1all + 1;
    if ((st = grow((void **)&m->col_row, &m->cap_n[0], n2 + 1, sizeof(int32_t))) ||
        (st = grow((void **)&m->row_col, &m->cap_n[1], n1all + 1, sizeof(int32_t))) ||
        (st = grow((void **)&m->row_cost, &m->cap_n[2], n1all + 1, sizeof(int32_t))) ||
        (st = grow((void **)&m->adj_start, &m->cap_n[3], n1all + 2, sizeof(int32_t))) ||
        (st = grow((void **)&m->v, &m->cap_n[4], ncolall, sizeof(int64_t))) ||
        (st = grow((void **)&m->dist, &m->cap_n[5], ncolall, sizeof(int64_t))) ||
        (st = grow((void **)&m->pred, &m->cap_n[6], ncolall, sizeof(int32_t))) ||
        (st = grow((void **)&m->pred_cost, &m->cap_n[7], ncolall, sizeof(int32_t))) ||
        (st = grow((void **)&m->done, &m->cap_n[8], ncolall, 1)) ||
        (st = grow((void **)&m->touched, &m->cap_n[9], ncolall, sizeof(int32_t)))) {
        free(off);
        return st;
    }

    int32_t nc = 0;
    for (size_t i = 0; i < npix; i++) {
        if (map2[i]) {
            m->pix2col[i] = nc;
            m->col_pix[nc++] = (int32_t)i;
        } else {
            m->pix2col[i] = -1;
        }
    }

    /* Rows: map1 pixels with at least one edge; adjacency in CSR form. */
    size_t nadj = 0;
    int32_t nr = 0;
    m->adj_start[0] = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            if (!map1[(size_t)y * w + x])
                continue;
            size_t start = nadj;
            for (size_t k = 0; k < noff; k++) {
                int x2 = x + off[k].du, y2 = y + off[k].dv;
                if (x2 < 0 || x2 >= w || y2 < 0 || y2 >= h)
                    continue;
                int32_t c = m->pix2col[(size_t)y2 * w + x2];
                if (c < 0)
                    continue;
                if (nadj >= m->cap_adj &&
                    (st = grow_keep(&m->adj, &m->cap_adj, nadj + 1))) {
                    free(off);
                    return st;
                }
                m->adj[nadj].col = c;
                m->adj[nadj].cost = off[k].cost;
                nadj++;
            }
            if (nadj > start) {
                m->row_pix[nr] = (int32_t)((size_t)y * w + x);
                m->adj_start[++nr] = (int32_t)nadj;
            }
        }
    }
    free(off);
    if (nadj > INT32_MAX)
        return SEGKIT_ERR_OVERFLOW;
    if ((st = grow((void **)&m->heap, &m->cap_heap, nadj + 2 * (size_t)nr + 2,
                   sizeof(heap_t))))
        return st;

    const int32_t ncol = (int32_t)n2;          /* dummies: ncol + row */
    for (int32_t j = 0; j < ncol; j++)
        m->col_row[j] = -1;
    for (int32_t i = 0; i < nr; i++)
        m->row_col[i] = -2;
    for (size_t k = 0; k < (size_t)ncol + (size_t)nr; k++) {
        m->v[k] = 0;
        m->dist[k] = INT64_MAX;
        m->done[k] = 0;
    }

    for (int32_t i0 = 0; i0 < nr; i0++) {
        size_t nheap = 0, ntouched = 0;
        /* touched[0..ntouched) = columns given a tentative distance */
        int32_t *touched = m->touched;
#define RELAX(colx, nd, row, c)                                             \
    do {                                                                    \
        int32_t cc_ = (colx);                                               \
        int64_t nd_ = (nd);                                                 \
        if (!m->done[cc_] && nd_ < m->dist[cc_]) {                          \
            if (m->dist[cc_] == INT64_MAX)                                  \
                touched[ntouched++] = cc_;                                  \
            m->dist[cc_] = nd_;                                             \
            m->pred[cc_] = (row);                                           \
            m->pred_cost[cc_] = (c);                                        \
            heap_push(m->heap, &nheap, nd_, cc_);                           \
        }                                                                   \
    } while (0)
        /* row i0 has potential 0: reduced cost c - v >= 0 as v <= 0 */
        for (int32_t e = m->adj_start[i0]; e < m->adj_start[i0 + 1]; e++)
            RELAX(m->adj[e].col, m->adj[e].cost - m->v[m->adj[e].col], i0,
                  m->adj[e].cost);
        RELAX(ncol + i0, ow - m->v[ncol + i0], i0, (int32_t)ow);
        int32_t jfree = -1;
        int64_t delta = 0;
        while (nheap) {
            heap_t top = heap_pop(m->heap, &nheap);
            int32_t j = top.col;
            if (m->done[j] || top.key != m->dist[j])
                continue;
            m->done[j] = 1;
            int free_col;
            int32_t i;
            if (j < ncol) {
                i = m->col_row[j];
                free_col = i < 0;
            } else {
                i = j - ncol;
                /* a dummy is free unless its row sits on it; a row on its
                 * dummy is unreachable, so a popped dummy is free */
                free_col = 1;
            }
            if (free_col) {
                jfree = j;
                delta = top.key;
                break;
            }
            /* row i is matched to j with reduced cost 0:
             * u_i = cost(i, j) - v_j */
            int64_t ui = (int64_t)m->row_cost[i] - m->v[j];
            int64_t dj = top.key;
            for (int32_t e = m->adj_start[i]; e < m->adj_start[i + 1]; e++) {
                int32_t c2 = m->adj[e].col;
                RELAX(c2, dj + m->adj[e].cost - ui - m->v[c2], i,
                      m->adj[e].cost);
            }
            RELAX(ncol + i, dj + ow - ui - m->v[ncol + i], i, (int32_t)ow);
        }
        /* jfree is always found: the dummy of i0 is reachable. */
        /* potentials of the finalised columns */
        for (size_t k = 0; k < ntouched; k++) {
            int32_t j = touched[k];
            if (m->done[j] && j != jfree)
                m->v[j] += m->dist[j] - delta;
        }
        /* augment along the predecessors */
        int32_t j = jfree;
        for (;;) {
            int32_t i = m->pred[j];
            int32_t prev = m->row_col[i];
            if (j < ncol) {
                m->col_row[j] = i;
                m->row_col[i] = j;
            } else {
                m->row_col[i] = -1;
            }
            m->row_cost[i] = m->pred_cost[j];
            if (i == i0)
                break;
            j = prev;
        }
        for (size_t k = 0; k < ntouched; k++) {
            int32_t t = touched[k];
            m->dist[t] = INT64_MAX;
            m->done[t] = 0;
        }
#undef RELAX
    }

    int64_t pairs = 0;
    double c = 0.0;
    for (int32_t i = 0; i < nr; i++) {
        int32_t j = m->row_col[i];
        if (j < 0)
            continue;
        pairs++;
        int32_t p1 = m->row_pix[i], p2 = m->col_pix[j];
        if (match1)
            match1[p1] = 1;
        if (match2)
            match2[p2] = 1;
        if (cost) {
            double dx = (double)(p1 % w - p2 % w), dy = (double)(p1 / w - p2 / w);
            c += sqrt(dx * dx + dy * dy);   /* 0.5 from each side */
        }
    }
    *matched = pairs;
    if (cost)
        *cost = c + oc_px * (double)((int64_t)n1all + (int64_t)n2 - 2 * pairs);
    return SEGKIT_OK;
}

static int make_match_image(segkit_image *img, const uint8_t *src, int w,
                            int h)
{
    int st = segkit_image_create(img, w, h, 1, SEGKIT_U8);
    if (st)
        return st;
    for (int y = 0; y < h; y++)
        memcpy(segkit_image_row(img, y), src + (size_t)y * w, (size_t)w);
    return SEGKIT_OK;
}

int segkit_boundary_match(const segkit_image *map1, const segkit_image *map2,
                          double max_dist, double outlier_cost,
                          segkit_image *match1, segkit_image *match2,
                          segkit_boundary_match_result *res)
{
    if (match1)
        memset(match1, 0, sizeof *match1);
    if (match2)
        memset(match2, 0, sizeof *match2);
    if (res)
        memset(res, 0, sizeof *res);
    if (!map1 || !map2 || !map1->data || !map2->data)
        return SEGKIT_ERR_ARG;
    if (!(max_dist > 0.0) || !(outlier_cost > 1.0))
        return SEGKIT_ERR_ARG;
    if (map1->channels != 1 || map2->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(map1, map2))
        return SEGKIT_ERR_SIZE;
    int w = map1->width, h = map1->height;
    size_t n;
    int st = segkit__bdry_npix(w, h, &n);
    if (st)
        return st;
    if (n > (size_t)INT32_MAX || n > SIZE_MAX / 4)
        return SEGKIT_ERR_OVERFLOW;
    uint8_t *buf = calloc(n, 4);
    segkit__matcher *m = segkit__matcher_new();
    if (!buf || !m) {
        free(buf);
        segkit__matcher_free(m);
        return SEGKIT_ERR_NOMEM;
    }
    uint8_t *b1 = buf, *b2 = buf + n, *m1 = buf + 2 * n, *m2 = buf + 3 * n;
    st = segkit__bdry_binary(map1, b1);
    if (!st)
        st = segkit__bdry_binary(map2, b2);
    double diag = sqrt((double)w * w + (double)h * h);
    double md = max_dist * diag;
    int64_t pairs = 0;
    double cost = 0.0;
    if (!st)
        st = segkit__bdry_correspond(m, b1, b2, w, h, md, outlier_cost * md,
                                     m1, m2, &pairs, &cost);
    if (!st && match1)
        st = make_match_image(match1, m1, w, h);
    if (!st && match2)
        st = make_match_image(match2, m2, w, h);
    if (!st && res) {
        for (size_t i = 0; i < n; i++) {
            res->n1 += b1[i];
            res->n2 += b2[i];
        }
        res->matched = pairs;
        res->cost = cost;
    }
    if (st) {
        if (match1)
            segkit_image_free(match1);
        if (match2)
            segkit_image_free(match2);
        if (res)
            memset(res, 0, sizeof *res);
    }
    free(buf);
    segkit__matcher_free(m);
    return st;
}
