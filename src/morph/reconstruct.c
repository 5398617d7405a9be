/* Reconstruction (Vincent's hybrid algorithm), regional extrema, h-maxima
 * and h-minima, hole filling.  They work on a float copy of the image:
 * u8 and u16 values are exact in a float, and every result value is one of
 * the input values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "morph/morph_internal.h"

float *morph_to_float(const segkit_image *img)
{
    int w = img->width, h = img->height;
    float *v = malloc((size_t)w * h * sizeof *v);
    if (!v)
        return NULL;
    for (int y = 0; y < h; y++) {
        const void *r = segkit_image_row(img, y);
        float *o = v + (size_t)y * w;
        for (int x = 0; x < w; x++)
            o[x] = img->type == SEGKIT_U8    ? ((const uint8_t *)r)[x]
                   : img->type == SEGKIT_U16 ? ((const uint16_t *)r)[x]
                                             : ((const float *)r)[x];
    }
    return v;
}

int morph_from_float(const float *v, int w, int h, segkit_type type, segkit_image *out)
{
    int st = segkit_image_create(out, w, h, 1, type);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        void *r = segkit_image_row(out, y);
        const float *s = v + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            if (type == SEGKIT_U8)
                ((uint8_t *)r)[x] = (uint8_t)s[x];
            else if (type == SEGKIT_U16)
                ((uint16_t *)r)[x] = (uint16_t)s[x];
            else
                ((float *)r)[x] = s[x];
        }
    }
    return SEGKIT_OK;
}

/* A growing FIFO of pixel indices. */
typedef struct fifo {
    int32_t *q;
    size_t cap, head, len;
} fifo;

static int fifo_push(fifo *f, int32_t v)
{
    if (f->len == f->cap) {
        size_t nc = f->cap ? 2 * f->cap : 4096;
        int32_t *q = malloc(nc * sizeof *q);
        if (!q)
            return 0;
        for (size_t i = 0; i < f->len; i++)
            q[i] = f->q[(f->head + i) % f->cap];
        free(f->q);
        f->q = q;
        f->cap = nc;
        f->head = 0;
    }
    f->q[(f->head + f->len) % f->cap] = v;
    f->len++;
    return 1;
}

static int32_t fifo_pop(fifo *f)
{
    int32_t v = f->q[f->head];
    f->head = (f->head + 1) % f->cap;
    f->len--;
    return v;
}

/* Neighbour offsets: the first half come before the pixel in raster order. */
static const int nb_dx[8] = {-1, 0, -1, 1, 1, 0, 1, -1};
static const int nb_dy[8] = {0, -1, -1, -1, 0, 1, 1, 1};
/* for 4-connectivity: (-1,0) (0,-1) | (1,0) (0,1) */
static const int nb4[4] = {0, 1, 4, 5};

/* Neighbour k (0..c-1) of (x, y): its index, or -1 outside the image. */
static inline long nb(int c, int k, int x, int y, int w, int h)
{
    int dx = c == 4 ? nb_dx[nb4[k]] : nb_dx[k];
    int dy = c == 4 ? nb_dy[nb4[k]] : nb_dy[k];
    int qx = x + dx, qy = y + dy;
    if (qx < 0 || qx >= w || qy < 0 || qy >= h)
        return -1;
    return (long)qy * w + qx;
}

int morph_reconstruct_f(float *j, const float *m, int w, int h, int c)
{
    size_t n = (size_t)w * h;
    int half = c / 2;
    for (size_t i = 0; i < n; i++)
        j[i] = j[i] < m[i] ? j[i] : m[i];
    /* forward: the neighbours before p */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            float v = j[i];
            for (int k = 0; k < half; k++) {
                long q = nb(c, k, x, y, w, h);
                if (q >= 0 && j[q] > v)
                    v = j[q];
            }
            j[i] = v < m[i] ? v : m[i];
        }
    /* backward: the neighbours after p; queue p where one of them can
     * still rise */
    fifo f = {0};
    for (int y = h - 1; y >= 0; y--)
        for (int x = w - 1; x >= 0; x--) {
            size_t i = (size_t)y * w + x;
            float v = j[i];
            for (int k = half; k < c; k++) {
                long q = nb(c, k, x, y, w, h);
                if (q >= 0 && j[q] > v)
                    v = j[q];
            }
            j[i] = v < m[i] ? v : m[i];
            for (int k = half; k < c; k++) {
                long q = nb(c, k, x, y, w, h);
                if (q >= 0 && j[q] < j[i] && j[q] < m[q]) {
                    if (!fifo_push(&f, (int32_t)i)) {
                        free(f.q);
                        return SEGKIT_ERR_NOMEM;
                    }
                    break;
                }
            }
        }
    while (f.len) {
        int32_t p = fifo_pop(&f);
        int x = p % w, y = p / w;
        for (int k = 0; k < c; k++) {
            long q = nb(c, k, x, y, w, h);
            if (q >= 0 && j[q] < j[p] && m[q] != j[q]) {
                j[q] = j[p] < m[q] ? j[p] : m[q];
                if (!fifo_push(&f, (int32_t)q)) {
                    free(f.q);
                    return SEGKIT_ERR_NOMEM;
                }
            }
        }
    }
    free(f.q);
    return SEGKIT_OK;
}

static void negate(float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        v[i] = -v[i];
}

/* Reconstruction of float j under m, by erosion when by_erosion. */
static int reconstruct(float *j, float *m, int w, int h, int c, int by_erosion)
{
    size_t n = (size_t)w * h;
    if (by_erosion) {
        negate(j, n);
        negate(m, n);
    }
    int st = morph_reconstruct_f(j, m, w, h, c);
    if (by_erosion) {
        negate(j, n);
        negate(m, n);
    }
    return st;
}

int segkit_morph_reconstruct(const segkit_image *seed, const segkit_image *mask,
                             int by_erosion, int connectivity, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    int st;
    if ((st = morph_check(seed)) != SEGKIT_OK || (st = morph_check(mask)) != SEGKIT_OK)
        return st;
    if (connectivity != 4 && connectivity != 8)
        return SEGKIT_ERR_ARG;
    if (seed->type != mask->type)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(seed, mask))
        return SEGKIT_ERR_SIZE;
    int w = seed->width, h = seed->height;
    float *j = morph_to_float(seed), *m = morph_to_float(mask);
    if (!j || !m)
        st = SEGKIT_ERR_NOMEM;
    if (st == SEGKIT_OK && (st = reconstruct(j, m, w, h, connectivity, by_erosion)) == SEGKIT_OK)
        st = morph_from_float(j, w, h, seed->type, out);
    free(j), free(m);
    return st;
}

/* out (u8, allocated) = 255 where set[i], else 0. */
static int mask_out(const uint8_t *set, int w, int h, segkit_image *out)
{
    int st = segkit_image_create(out, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        uint8_t *o = segkit_image_row(out, y);
        for (int x = 0; x < w; x++)
            o[x] = set[(size_t)y * w + x] ? 255 : 0;
    }
    return SEGKIT_OK;
}

int segkit_morph_regional_extrema(const segkit_image *in, int connectivity, int minima,
                                  segkit_image *out)
{
    int st = morph_begin(in, connectivity, out);
    if (st != SEGKIT_OK)
        return st;
    int w = in->width, h = in->height, c = connectivity;
    size_t n = (size_t)w * h;
    float *v = morph_to_float(in);
    uint8_t *seen = calloc(n, 1), *is = calloc(n, 1);
    int32_t *q = malloc(n * sizeof *q);
    if (!v || !seen || !is || !q) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if (minima)
        negate(v, n);
    /* every plateau once: breadth-first over equal values; it is an
     * extremum if no neighbour is higher */
    for (size_t s = 0; s < n; s++) {
        if (seen[s])
            continue;
        size_t head = 0, len = 0;
        q[len++] = (int32_t)s;
        seen[s] = 1;
        int ext = 1;
        float val = v[s];
        while (head < len) {
            int32_t p = q[head++];
            int x = p % w, y = p / w;
            for (int k = 0; k < c; k++) {
                long r = nb(c, k, x, y, w, h);
                if (r < 0)
                    continue;
                if (v[r] > val)
                    ext = 0;
                else if (v[r] == val && !seen[r]) {
                    seen[r] = 1;
                    q[len++] = (int32_t)r;
                }
            }
        }
        if (ext)
            for (size_t i = 0; i < len; i++)
                is[q[i]] = 1;
    }
    st = mask_out(is, w, h, out);
done:
    free(v), free(seen), free(is), free(q);
    return st;
}

int segkit_morph_hextrema(const segkit_image *in, double hh, int connectivity, int minima,
                          segkit_image *out)
{
    int st = morph_begin(in, connectivity, out);
    if (st != SEGKIT_OK)
        return st;
    if (!(hh > 0) || isinf(hh))
        return SEGKIT_ERR_ARG;
    int w = in->width, h = in->height;
    size_t n = (size_t)w * h;
    float *f = morph_to_float(in), *seed = malloc(n * sizeof *seed);
    uint8_t *set = calloc(n, 1);
    if (!f || !seed || !set) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    float lo = f[0], hi = f[0];
    for (size_t i = 1; i < n; i++) {
        lo = f[i] < lo ? f[i] : lo;
        hi = f[i] > hi ? f[i] : hi;
    }
    if (!(hh > (double)hi - lo)) {
        /* skimage: integer images with a whole h subtract (add) it clipped
         * at the type's range; otherwise it also takes 2 * resolution *
         * |v| (float32: resolution 1e-6) so the seed is surely h below */
        int whole = in->type != SEGKIT_F32 && hh == floor(hh);
        double top = in->type == SEGKIT_U8 ? 255 : 65535;
        float hf = (float)hh;
        for (size_t i = 0; i < n; i++) {
            if (whole)
                seed[i] = (float)(minima ? fmin(f[i] + hh, top) : fmax(f[i] - hh, 0));
            else if (in->type == SEGKIT_F32) {
                float res = 2 * 1e-6f * fabsf(f[i]);
                seed[i] = minima ? f[i] + hf + res : f[i] - hf - res;
            } else
                seed[i] = (float)(minima ? f[i] + hh : f[i] - hh);
        }
        if ((st = reconstruct(seed, f, w, h, connectivity, minima)) != SEGKIT_OK)
            goto done;
        for (size_t i = 0; i < n; i++)
            set[i] = (minima ? (double)seed[i] - f[i] : (double)f[i] - seed[i]) >= hh;
    }
    st = mask_out(set, w, h, out);
done:
    free(f), free(seed), free(set);
    return st;
}

int segkit_morph_fill_holes(const segkit_image *in, segkit_image *out)
{
    int st = morph_begin(in, 0, out);
    if (st != SEGKIT_OK)
        return st;
    int w = in->width, h = in->height;
    size_t n = (size_t)w * h;
    float *m = morph_to_float(in), *j = malloc(n * sizeof *j);
    if (!m || !j) {
        free(m), free(j);
        return SEGKIT_ERR_NOMEM;
    }
    /* the seed: the image on its border, +inf inside; eroded under it */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            j[i] = x == 0 || y == 0 || x == w - 1 || y == h - 1 ? m[i] : INFINITY;
        }
    if ((st = reconstruct(j, m, w, h, 4, 1)) == SEGKIT_OK)
        st = morph_from_float(j, w, h, in->type, out);
    free(m), free(j);
    return st;
}
