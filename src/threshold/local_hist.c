/* Sliding-histogram methods: median (T = median - C) and localotsu (T =
 * Otsu's level of the window histogram), on 256 levels.
 *
 * Perreault & Hebert, "Median Filtering in Constant Time" (IEEE TIP 2007):
 * one histogram per image column covers the window's rows and is updated by
 * one row in, one row out; the window histogram moves along the row by
 * adding one column histogram and subtracting another.  256 additions per
 * pixel whatever the window size.  The median is the smallest level m with
 * at least (n + 1) / 2 samples <= m (the lower median for even n).
 *
 * Levels.  u8 samples are their own levels.  u16 and f32 images are first
 * mapped to 256 levels over the image's own range (one pass to choose the
 * map, then each row is converted when the histograms need it, so the cost
 * stays O(1) per pixel):
 *   u16, every sample a multiple of 257 (8-bit data x257): level = v / 257,
 *        exactly the 8-bit values.
 *   u16, samples min + g j (g the gcd of all v - min) with j <= 255 (e.g.
 *        integer data spanning at most 256 values, or 8-bit data x256):
 *        level = (v - min) / g, lossless.
 *   u16 otherwise: level = (v - min) 256 / (max - min + 1) rounded down,
 *        256 bins of (max - min + 1) / 256 values each.
 *   f32, every sample k/255 for an integer k in 0..255 as float (k / 255.0f
 *        or (float)(k / 255.0): 8-bit data /255): level = k, exactly the
 *        8-bit values.
 *   f32 otherwise: level = (v - min) 256 / (max - min) rounded down and
 *        clamped to 0..255 (min, max over the finite samples; +inf level
 *        255, -inf level 0; a flat image is all level 0).  NaN samples are
 *        left out of every histogram and are never foreground.
 * The decision is taken in level space: median: level(v) > median level -
 * C', with C' the constant C (8-bit units, i.e. C x257 u16 or C/255 f32
 * sample units) expressed in levels; localotsu: level(v) > Otsu's level.
 * So on the two "8-bit data" maps the mask is the u8 one bit for bit, and
 * the lossless map keeps every distinction the image has. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

/* ---- Otsu's level, decided exactly ----
 * For a split with q1 samples (sum s1) below and q2 = n - q1 above, the
 * between-class variance is A^2 / (q1 q2 n^2) with the integer
 * A = n s1 - S q1 (S the window sum; A = q1 q2 (mean1 - mean2)).  It is
 * estimated in double from the exact A; two splits within 1e-12 of each
 * other (exact ties are common: 2 pixels in 700 on small random windows)
 * are compared exactly, A1^2 q1' q2' against A2^2 q1 q2 in multiword
 * integers, so "first maximum" means the first exact maximum, whatever the
 * rounding and whatever shift or scale the u16/f32 level map applied. */

/* |n s1 - S q1| in 4 little-endian 32-bit limbs (n < 2^32, s1, S < 2^40,
 * q1 < 2^32: each product below 2^72). */
static void otsu_a(uint64_t n, uint64_t s1, uint64_t S, uint64_t q1,
                   uint32_t r[4])
{
    uint32_t x[4] = {0}, y[4] = {0};
    const uint64_t in[2][2] = {{n, s1}, {S, q1}};
    for (int k = 0; k < 2; k++) {
        uint32_t *o = k ? y : x;
        uint32_t a2[2] = {(uint32_t)in[k][0], (uint32_t)(in[k][0] >> 32)};
        uint32_t b2[2] = {(uint32_t)in[k][1], (uint32_t)(in[k][1] >> 32)};
        for (int i = 0; i < 2; i++) {
            uint64_t carry = 0;
            for (int j = 0; j < 2; j++) {
                uint64_t t = (uint64_t)a2[i] * b2[j] + o[i + j] + carry;
                o[i + j] = (uint32_t)t;
                carry = t >> 32;
            }
            o[i + 2] = (uint32_t)carry;
        }
    }
    int less = 0; /* x < y? */
    for (int i = 3; i >= 0; i--)
        if (x[i] != y[i]) {
            less = x[i] < y[i];
            break;
        }
    const uint32_t *hi = less ? y : x, *lo = less ? x : y;
    int64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        int64_t t = (int64_t)hi[i] - lo[i] - borrow;
        borrow = t < 0;
        r[i] = (uint32_t)(t + (borrow << 32));
    }
}

/* r (na + nb limbs) = a * b. */
static void mw_mul(const uint32_t *a, int na, const uint32_t *b, int nb,
                   uint32_t *r)
{
    memset(r, 0, (size_t)(na + nb) * sizeof *r);
    for (int i = 0; i < na; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < nb; j++) {
            uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + carry;
            r[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        r[i + nb] = (uint32_t)carry;
    }
}

/* A(s1, q1)^2 / (q1 (n - q1)) compared with the same for (t1, p1): > 0, 0,
 * < 0 as the first is larger, equal, smaller. */
static int otsu_cmp(uint64_t n, uint64_t S, uint64_t s1, uint64_t q1,
                    uint64_t t1, uint64_t p1)
{
    uint32_t A[4], B[4], A2[8], B2[8], PA[4], PB[4], L[12], R[12];
    otsu_a(n, s1, S, q1, A);
    otsu_a(n, t1, S, p1, B);
    mw_mul(A, 4, A, 4, A2);
    mw_mul(B, 4, B, 4, B2);
    uint32_t qa[2] = {(uint32_t)q1, (uint32_t)(n - q1)};
    uint32_t qb[2] = {(uint32_t)p1, (uint32_t)(n - p1)};
    mw_mul(qa, 1, qa + 1, 1, PA);
    mw_mul(qb, 1, qb + 1, 1, PB);
    PA[2] = PA[3] = PB[2] = PB[3] = 0;
    mw_mul(A2, 8, PB, 4, L); /* A^2 qb1 qb2 vs B^2 qa1 qa2 */
    mw_mul(B2, 8, PA, 4, R);
    for (int i = 11; i >= 0; i--)
        if (L[i] != R[i])
            return L[i] > R[i] ? 1 : -1;
    return 0;
}

/* Otsu level (first maximum of the between-class variance): v > level is
 * the upper class; splits are taken after occupied levels only (a split at
 * an empty level is the same split).  A window with a single level has no
 * split; its level is that value, so a flat window is all background
 * whatever its grey (as scikit-image's threshold_otsu returns a constant
 * image's value), and the result does not depend on where the u16/f32
 * level map puts that grey. */
static int otsu_level(const uint32_t *hist, uint64_t n)
{
    uint64_t S = 0, s1 = 0, q1 = 0, best_s1 = 0, best_q1 = 0;
    int first = -1;
    for (int i = 0; i < 256; i++) {
        S += (uint64_t)i * hist[i];
        if (first < 0 && hist[i])
            first = i;
    }
    /* A = n s1 - S q1 fits in int64 while 255 n^2 < 2^63 */
    int small = n < ((uint64_t)1 << 27);
    double best = 0;
    int thr = first < 0 ? 0 : first;
    for (int i = 0; i < 256; i++) {
        if (!hist[i])
            continue;
        q1 += hist[i];
        s1 += (uint64_t)i * hist[i];
        uint64_t q2 = n - q1;
        if (q2 == 0)
            break;
        double A;
        if (small) {
            A = (double)((int64_t)(n * s1) - (int64_t)(S * q1));
        } else {
            uint32_t r[4];
            otsu_a(n, s1, S, q1, r);
            A = ldexp((double)r[3], 96) + ldexp((double)r[2], 64) +
                ldexp((double)r[1], 32) + (double)r[0];
        }
        double between = A * A / ((double)q1 * (double)q2);
        if (between <= 0)
            continue;
        int better;
        if (between > best * (1 + 1e-12))
            better = 1;
        else if (between < best * (1 - 1e-12))
            better = 0;
        else
            better = otsu_cmp(n, S, s1, q1, best_s1, best_q1) > 0;
        if (better) {
            best = between;
            best_s1 = s1;
            best_q1 = q1;
            thr = i;
        }
    }
    return thr;
}

#define LEVEL_NONE 256 /* a NaN sample: counted in no histogram */

enum { MAP_U8, MAP_DIV, MAP_LIN16, MAP_K255, MAP_LINF };

typedef struct level_map {
    int kind;
    uint32_t base, div, span;  /* MAP_DIV: (v - base) / div; MAP_LIN16: span */
    double fmin, fscale;       /* MAP_LINF: (v - fmin) fscale */
    double c;                  /* C in levels */
} level_map;

static uint32_t gcd_u32(uint32_t a, uint32_t b)
{
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* k if v is k/255 as a float for an integer k in 0..255 (either rounding a
 * caller is likely to have used), else -1. */
static int k255(float v)
{
    if (!(v >= 0.0f && v <= 1.0f))
        return -1;
    long k = lrint((double)v * 255.0);
    if (v == (float)k / 255.0f || v == (float)((double)k / 255.0))
        return (int)k;
    return -1;
}

static void map_u16(const segkit_image *g, double C, level_map *lm)
{
    uint32_t v0 = ((const uint16_t *)segkit_image_row(g, 0))[0];
    uint32_t mn = v0, mx = v0, G = 0;
    int x257 = 1;
    for (int y = 0; y < g->height; y++) {
        const uint16_t *s = segkit_image_row(g, y);
        for (int x = 0; x < g->width; x++) {
            uint32_t v = s[x];
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
            x257 &= v % 257 == 0;
            /* the gcd of all v - v0 is the gcd of all v - min */
            if (G != 1)
                G = gcd_u32(G, v > v0 ? v - v0 : v0 - v);
        }
    }
    if (x257) {
        lm->kind = MAP_DIV;
        lm->base = 0;
        lm->div = 257;
        lm->c = C; /* one level = 257 = one 8-bit unit */
    } else if (G == 0 || (mx - mn) / G <= 255) {
        lm->kind = MAP_DIV;
        lm->base = mn;
        lm->div = G ? G : 1;
        lm->c = C * 257.0 / lm->div;
    } else {
        lm->kind = MAP_LIN16;
        lm->base = mn;
        lm->span = mx - mn + 1;
        lm->c = C * 257.0 * 256.0 / lm->span;
    }
}

static void map_f32(const segkit_image *g, double C, level_map *lm)
{
    double mn = INFINITY, mx = -INFINITY;
    int all255 = 1;
    for (int y = 0; y < g->height; y++) {
        const float *s = segkit_image_row(g, y);
        for (int x = 0; x < g->width; x++) {
            float v = s[x];
            if (isnan(v))
                continue;
            if (all255 && k255(v) < 0)
                all255 = 0;
            if (isinf(v))
                continue;
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
        }
    }
    if (all255) {
        lm->kind = MAP_K255;
        lm->c = C; /* one level = 1/255 = one 8-bit unit */
        return;
    }
    lm->kind = MAP_LINF;
    if (mx > mn) {
        lm->fmin = mn;
        lm->fscale = 256.0 / (mx - mn);
        lm->c = C / 255.0 * lm->fscale;
    } else { /* flat (or no finite sample): finite samples are level 0 */
        lm->fmin = 0.0;
        lm->fscale = 0.0;
        lm->c = C; /* any C' of C's sign gives v > v - C/255 */
    }
}

/* Levels (0..255, or LEVEL_NONE) of row y. */
static void level_row(const segkit_image *g, const level_map *lm, int y,
                      uint16_t *out)
{
    int w = g->width;
    const void *row = segkit_image_row(g, y);
    switch (lm->kind) {
    case MAP_U8: {
        const uint8_t *s = row;
        for (int x = 0; x < w; x++)
            out[x] = s[x];
        break;
    }
    case MAP_DIV: {
        const uint16_t *s = row;
        for (int x = 0; x < w; x++)
            out[x] = (uint16_t)((s[x] - lm->base) / lm->div);
        break;
    }
    case MAP_LIN16: {
        const uint16_t *s = row;
        for (int x = 0; x < w; x++)
            out[x] = (uint16_t)((uint32_t)(s[x] - lm->base) * 256u / lm->span);
        break;
    }
    case MAP_K255: {
        const float *s = row;
        for (int x = 0; x < w; x++)
            out[x] = isnan(s[x]) ? LEVEL_NONE : (uint16_t)lrint((double)s[x] * 255.0);
        break;
    }
    default: {
        const float *s = row;
        for (int x = 0; x < w; x++) {
            float v = s[x];
            if (isnan(v)) {
                out[x] = LEVEL_NONE;
                continue;
            }
            double t = ((double)v - lm->fmin) * lm->fscale;
            if (isinf(v)) /* inf * 0 on a flat image */
                t = v > 0 ? 255.0 : 0.0;
            out[x] = (uint16_t)(t >= 255.0 ? 255 : t > 0 ? (int)t : 0);
        }
        break;
    }
    }
}

/* Adds (sign +1) or removes (-1) a row of levels to the column histograms. */
static void col_update(uint32_t *col, const uint16_t *lev, int w, int sign)
{
    for (int x = 0; x < w; x++)
        if (lev[x] < LEVEL_NONE)
            col[(size_t)x * 256 + lev[x]] += (uint32_t)sign;
}

int local_hist_methods(const segkit_image *g, segkit_local_method m,
                       const segkit_local_params *p, int dark,
                       segkit_image *out)
{
    level_map lm;
    memset(&lm, 0, sizeof lm);
    if (g->type == SEGKIT_U8) {
        lm.kind = MAP_U8;
        lm.c = p->c;
    } else if (g->type == SEGKIT_U16) {
        map_u16(g, p->c, &lm);
    } else if (g->type == SEGKIT_F32) {
        map_f32(g, p->c, &lm);
    } else {
        return SEGKIT_ERR_TYPE;
    }
    int w = g->width, h = g->height, W = p->window;
    int a = local_before(W), b = local_after(W);
    if ((uint64_t)W * (uint64_t)W >= ((uint64_t)1 << 32))
        return SEGKIT_ERR_OVERFLOW;
    size_t pw = (size_t)w + (size_t)W - 1;
    if (pw > SIZE_MAX / 256 / sizeof(uint32_t) ||
        (size_t)w > SIZE_MAX / 3 / sizeof(uint16_t))
        return SEGKIT_ERR_OVERFLOW;
    uint32_t *col = calloc((size_t)w * 256, sizeof *col);
    int *xmap = malloc(pw * sizeof *xmap);
    uint16_t *lev = malloc((size_t)w * 3 * sizeof *lev);
    if (!col || !xmap || !lev) {
        free(col);
        free(xmap);
        free(lev);
        return SEGKIT_ERR_NOMEM;
    }
    uint16_t *lin = lev, *lout = lev + w, *lcur = lev + 2 * (size_t)w;
    local_border_map(xmap, pw, a, w, p->border);
    /* column histograms hold rows y-1-a .. y-1+b before row y */
    for (int r = -a; r < b; r++) {
        int mr = local_border_index(r, h, p->border);
        if (mr < 0)
            continue;
        level_row(g, &lm, mr, lin);
        col_update(col, lin, w, 1);
    }
    double Cd = lm.c;
    for (int y = 0; y < h; y++) {
        int add = local_border_index(y + b, h, p->border);
        if (add >= 0) {
            level_row(g, &lm, add, lin);
            col_update(col, lin, w, 1);
        }
        if (y > 0) {
            int drop = local_border_index(y - 1 - a, h, p->border);
            if (drop >= 0) {
                level_row(g, &lm, drop, lout);
                col_update(col, lout, w, -1);
            }
        }
        uint32_t hist[256] = {0};
        uint64_t n = 0;
        for (int j = 0; j < W - 1; j++)
            if (xmap[j] >= 0) {
                const uint32_t *c = col + (size_t)xmap[j] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] += c[v];
            }
        level_row(g, &lm, y, lcur);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            int jin = x + W - 1, jout = x - 1;
            if (xmap[jin] >= 0) {
                const uint32_t *c = col + (size_t)xmap[jin] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] += c[v];
            }
            if (jout >= 0 && xmap[jout] >= 0) {
                const uint32_t *c = col + (size_t)xmap[jout] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] -= c[v];
            }
            if (lcur[x] == LEVEL_NONE) { /* NaN: never foreground */
                d[x] = 0;
                continue;
            }
            n = 0;
            for (int v = 0; v < 256; v++)
                n += hist[v];
            int fg;
            if (m == SEGKIT_LOCAL_MEDIAN) {
                uint64_t half = (n + 1) / 2, cum = 0;
                int med = 0;
                for (int v = 0; v < 256; v++) {
                    cum += hist[v];
                    if (cum >= half) {
                        med = v;
                        break;
                    }
                }
                fg = (double)lcur[x] > med - Cd;
            } else {
                fg = lcur[x] > otsu_level(hist, n);
            }
            d[x] = (uint8_t)((fg ^ dark) ? 255 : 0);
        }
    }
    free(col);
    free(xmap);
    free(lev);
    return SEGKIT_OK;
}
