/* Area opening and closing: union-find over the pixels in decreasing
 * (opening) or increasing (closing) value (Meijster & Wilkinson, "A
 * comparison of algorithms for connected set openings and closings", IEEE
 * PAMI 24(4), 2002).  A component keeps growing while its area is below
 * the threshold; once it is large enough it stops absorbing, and every
 * pixel then takes the value of the nearest such component above it. */
#include <stdlib.h>
#include <string.h>

#include "morph/morph_internal.h"

typedef struct keyed {
    float v;
    int32_t i;
} keyed;

static int by_value_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Pixel indices by decreasing v (ties in raster order). */
static int32_t *sort_desc(const float *v, size_t n, segkit_type type, int negated)
{
    int32_t *ord = malloc(n * sizeof *ord);
    if (!ord)
        return NULL;
    if (type != SEGKIT_F32) {
        /* counting sort on the integer values */
        size_t nb = type == SEGKIT_U8 ? 256 : 65536;
        size_t *cnt = calloc(nb + 1, sizeof *cnt);
        if (!cnt) {
            free(ord);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            long k = (long)(negated ? -v[i] : v[i]);
            cnt[negated ? k : (long)nb - 1 - k]++;
        }
        size_t s = 0;
        for (size_t k = 0; k < nb; k++) {
            size_t c = cnt[k];
            cnt[k] = s;
            s += c;
        }
        for (size_t i = 0; i < n; i++) {
            long k = (long)(negated ? -v[i] : v[i]);
            ord[cnt[negated ? k : (long)nb - 1 - k]++] = (int32_t)i;
        }
        free(cnt);
        return ord;
    }
    keyed *k = malloc(n * sizeof *k);
    if (!k) {
        free(ord);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){v[i], (int32_t)i};
    qsort(k, n, sizeof *k, by_value_desc);
    for (size_t i = 0; i < n; i++)
        ord[i] = k[i].i;
    free(k);
    return ord;
}

static int32_t find_root(int32_t *parent, int32_t x)
{
    int32_t r = x;
    while (parent[r] >= 0)
        r = parent[r];
    while (parent[x] >= 0) {
        int32_t nx = parent[x];
        parent[x] = r;
        x = nx;
    }
    return r;
}

int segkit_morph_area_open(const segkit_image *in, long long area, int connectivity,
                           int closing, segkit_image *out)
{
    int st = morph_begin(in, connectivity, out);
    if (st != SEGKIT_OK)
        return st;
    if (area < 0)
        return SEGKIT_ERR_ARG;
    int w = in->width, h = in->height;
    size_t n = (size_t)w * h;
    if (n > INT32_MAX)
        return SEGKIT_ERR_TOO_LARGE;
    int32_t lambda = area > INT32_MAX ? INT32_MAX : (int32_t)area;
    float *v = morph_to_float(in);
    int32_t *parent = malloc(n * sizeof *parent), *ord = NULL;
    /* parent[p]: -1 - (area - 1)... stored as -area for roots (>= -lambda);
     * INT32_MIN: not reached yet */
    if (v && closing)
        for (size_t i = 0; i < n; i++)
            v[i] = -v[i];
    if (!v || !parent || !(ord = sort_desc(v, n, in->type, closing))) {
        free(v), free(parent), free(ord);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        parent[i] = INT32_MIN;
    static const int dx[8] = {-1, 1, 0, 0, -1, 1, -1, 1}, dy[8] = {0, 0, -1, 1, -1, -1, 1, 1};
    for (size_t k = 0; k < n; k++) {
        int32_t p = ord[k];
        parent[p] = -1;
        int x = p % w, y = p / w;
        for (int d = 0; d < connectivity; d++) {
            int qx = x + dx[d], qy = y + dy[d];
            if (qx < 0 || qx >= w || qy < 0 || qy >= h)
                continue;
            int32_t q = qy * w + qx;
            if (parent[q] == INT32_MIN)
                continue;
            int32_t r = find_root(parent, q);
            if (r == p)
                continue;
            if (v[r] == v[p] || -parent[r] < lambda) {
                long long s = (long long)parent[p] + parent[r];
                parent[p] = s < -(long long)INT32_MAX ? -INT32_MAX : (int32_t)s;
                parent[r] = p;
            } else {
                parent[p] = -lambda;
            }
        }
    }
    /* resolve from the last pixel reached back: parents come first */
    for (size_t k = n; k-- > 0;) {
        int32_t p = ord[k];
        if (parent[p] >= 0)
            v[p] = v[parent[p]];
    }
    if (closing)
        for (size_t i = 0; i < n; i++)
            v[i] = -v[i];
    st = morph_from_float(v, w, h, in->type, out);
    free(v), free(parent), free(ord);
    return st;
}
