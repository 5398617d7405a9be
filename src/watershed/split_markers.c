/* segkit_watershed_split's markers on the integer squared EDT, without a
 * general reconstruction (ws_internal.h: ws_extended_maxima_d2).
 *
 * The markers of the split are the regional maxima of rec, the
 * reconstruction by dilation of s = fl(f - h) under f (f the float EDT,
 * fl the rounding to float: split_rule.c).  rec(p) is the largest t such
 * that p is joined within {f >= t} to a q with s(q) >= t, so a regional
 * maximum of rec is a connected component C of {f >= fl(M - h)}, M the
 * largest value of f on C, and every such component is one: on C, rec is
 * fl(M - h) (no pixel of C has s above it, and a higher t leaves only
 * parts of C), and the pixels around C have f, hence rec, below it.
 * (Vincent, "Morphological grayscale reconstruction in image analysis",
 * IEEE TIP 2(2), 1993, for rec; Grimaud's dynamics, 1992, are the same
 * test: a dome is kept when its top stands h above the saddle that joins
 * it to a higher one.)
 *
 * f = (float)sqrt(k) of the integer squared distance k is one-to-one on
 * k < 2^22 and keeps the order, so {f >= t} = {k >= T(t)}, T(t) the least
 * k with (float)sqrt(k) >= t, and the test runs on k alone:
 *  1. candidates: pixels with k > 0 and no neighbour above them; every
 *     component C above holds one (a pixel of C at M);
 *  2. candidates by decreasing k: from an unvisited one c (k = M), a
 *     search of the component of {k >= T(fl(sqrt M - h))} around c, which
 *     fails on meeting a pixel above M or a pixel visited by an earlier
 *     search.  Such a pixel v was seen at a level T' >= T from a peak
 *     M' >= M whose component at T' holds a pixel above M', or is a kept
 *     marker with M' > M (with M' = M it would hold c); either way c's
 *     component, which contains v's, holds a pixel above M.  A search that
 *     ends without failing has gone round a whole component above T with
 *     M at its top: a marker.  Every pixel is searched at most once: the
 *     whole step is linear in the number of pixels (plus the candidates'
 *     sort).
 * A component whose fl(sqrt M - h) is <= 0 reaches the background, joined
 * to every other: no marker (the caller handles an image whose highest
 * dome is that low, where the whole image is one plateau of rec). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/u32vec.h"
#include "watershed/ws_internal.h"

float ws_d2_value(uint32_t k)
{
    return k == UINT32_MAX ? INFINITY : (float)sqrt((double)k);
}

/* The least k with ws_d2_value(k) >= t (t > 0, below 2048). */
static uint32_t level_of(float t)
{
    double g = ceil((double)t * t);
    uint32_t k = g < 1 ? 1 : (uint32_t)g;
    while (k > 1 && ws_d2_value(k - 1) >= t)
        k--;
    while (ws_d2_value(k) < t)
        k++;
    return k;
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Step 1: the candidates as (UINT32_MAX - k) << 32 | index, so that an
 * ascending sort gives decreasing k, then raster order. */
static int candidates(const uint32_t *d2, int w, int h, int nnb, uint64_t **out,
                      size_t *count)
{
    u32vec at = {0};
    for (int y = 0; y < h; y++) {
        const uint32_t *r = d2 + (size_t)y * w;
        const uint32_t *up = y > 0 ? r - w : NULL, *dn = y < h - 1 ? r + w : NULL;
        for (int x = 0; x < w; x++) {
            uint32_t v = r[x];
            if (!v)
                continue;
            int xl = x > 0, xr = x < w - 1;
            if ((xl && r[x - 1] > v) || (xr && r[x + 1] > v) || (up && up[x] > v) ||
                (dn && dn[x] > v))
                continue;
            if (nnb == 8 &&
                ((up && ((xl && up[x - 1] > v) || (xr && up[x + 1] > v))) ||
                 (dn && ((xl && dn[x - 1] > v) || (xr && dn[x + 1] > v)))))
                continue;
            if (u32vec_push(&at, (uint32_t)((size_t)y * w + x))) {
                free(at.a);
                return SEGKIT_ERR_NOMEM;
            }
        }
    }
    uint64_t *c = malloc((at.n ? at.n : 1) * sizeof *c);
    if (!c) {
        free(at.a);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t i = 0; i < at.n; i++)
        c[i] = (uint64_t)(UINT32_MAX - d2[at.a[i]]) << 32 | at.a[i];
    qsort(c, at.n, sizeof *c, by_key);
    *out = c;
    *count = at.n;
    free(at.a);
    return SEGKIT_OK;
}

int ws_extended_maxima_d2(const uint32_t *d2, double h, int connectivity,
                          segkit_image *markers, int32_t *count)
{
    *count = 0;
    int w = markers->width, hh = markers->height;
    static const int dx[8] = {0, -1, 1, 0, -1, 1, -1, 1};
    static const int dy[8] = {-1, 0, 0, 1, -1, -1, 1, 1};
    uint64_t *cand = NULL;
    size_t ncand = 0;
    int st = candidates(d2, w, hh, connectivity, &cand, &ncand);
    if (st != SEGKIT_OK)
        return st;
    /* visits: the pixels of every search, search after search; per
     * search its first visit, its first pixel in raster order, kept or not */
    u32vec vis = {0};
    typedef struct search {
        size_t from;
        uint32_t first;
        int kept;
    } search;
    search *sr = NULL;
    size_t nsr = 0, csr = 0;
    int32_t *mk = markers->data;
    size_t ms = markers->stride / sizeof *mk;
    for (size_t ci = 0; ci < ncand && st == SEGKIT_OK; ci++) {
        uint32_t c = (uint32_t)cand[ci];
        uint32_t M = UINT32_MAX - (uint32_t)(cand[ci] >> 32);
        int cx = (int)(c % (uint32_t)w), cy = (int)(c / (uint32_t)w);
        if (mk[(size_t)cy * ms + cx])
            continue;
        float t = (float)((double)ws_d2_value(M) - h);
        if (!(t > 0))
            continue;
        uint32_t T = level_of(t);
        if (nsr == csr) {
            csr = csr ? 2 * csr : 256;
            search *g = realloc(sr, csr * sizeof *g);
            if (!g) {
                st = SEGKIT_ERR_NOMEM;
                break;
            }
            sr = g;
        }
        int32_t id = (int32_t)(nsr + 1);
        search *s = &sr[nsr++];
        s->from = vis.n;
        s->first = c;
        s->kept = 1;
        mk[(size_t)cy * ms + cx] = id;
        if (u32vec_push(&vis, c)) {
            st = SEGKIT_ERR_NOMEM;
            break;
        }
        for (size_t q = s->from; q < vis.n && s->kept; q++) {
            uint32_t p = vis.a[q];
            int px = (int)(p % (uint32_t)w), py = (int)(p / (uint32_t)w);
            for (int i = 0; i < connectivity; i++) {
                int nx = px + dx[i], ny = py + dy[i];
                if (nx < 0 || nx >= w || ny < 0 || ny >= hh)
                    continue;
                uint32_t ni = (uint32_t)ny * (uint32_t)w + (uint32_t)nx;
                uint32_t v = d2[ni];
                if (v < T)
                    continue;
                int32_t *m = &mk[(size_t)ny * ms + nx];
                if (*m == id)
                    continue;
                if (v > M || *m) {   /* a higher dome, or an earlier search */
                    s->kept = 0;
                    break;
                }
                *m = id;
                if (u32vec_push(&vis, ni)) {
                    st = SEGKIT_ERR_NOMEM;
                    s->kept = 0;
                    break;
                }
                if (ni < s->first)
                    s->first = ni;
            }
        }
    }
    free(cand);
    /* the kept ones numbered in raster order of their first pixel (as
     * segkit_label numbers components); every visited pixel rewritten */
    int32_t *num = NULL;
    uint64_t *ord = NULL;
    if (st == SEGKIT_OK && nsr) {
        num = calloc(nsr, sizeof *num);
        ord = malloc(nsr * sizeof *ord);
        if (!num || !ord)
            st = SEGKIT_ERR_NOMEM;
    }
    if (st == SEGKIT_OK) {
        size_t nk = 0;
        for (size_t i = 0; i < nsr; i++)
            if (sr[i].kept)
                ord[nk++] = (uint64_t)sr[i].first << 32 | i;
        qsort(ord, nk, sizeof *ord, by_key);
        for (size_t i = 0; i < nk; i++)
            num[(uint32_t)ord[i]] = (int32_t)(i + 1);
        for (size_t i = 0; i < nsr; i++) {
            size_t end = i + 1 < nsr ? sr[i + 1].from : vis.n;
            for (size_t q = sr[i].from; q < end; q++) {
                uint32_t p = vis.a[q];
                mk[(size_t)(p / (uint32_t)w) * ms + p % (uint32_t)w] = num[i];
            }
        }
        *count = (int32_t)nk;
    }
    free(num);
    free(ord);
    free(sr);
    free(vis.a);
    return st;
}
