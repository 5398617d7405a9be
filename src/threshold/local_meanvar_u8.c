/* Fast path of Sauvola and Niblack on u8 images, bit-exact with the double
 * arithmetic of local_meanvar.c (Doxa's), for windows of up to 257 x 257.
 *
 * Box sums: 32-bit running column sums of v and v^2 and a prefix scan along
 * the row (local_simd.h), so S = P[x+W] - P[x], Q = PQ[x+W] - PQ[x] exactly
 * (a window of n <= 66049 u8 pixels has Q <= 255^2 n < 2^32).
 *
 * Decision without sqrt or division, in float, vectorised: both methods are
 * T = alpha m + beta + B s with m = S/n, s = sqrt(var), var = D / n^2 and
 * D = n Q - S^2 (an exact integer, computed in 64 bits):
 *   sauvola  alpha = 1 - k, beta = 0,  B = (k / R) m
 *   niblack  alpha = 1,     beta = -C, B = k
 * With A = v - alpha m - beta and t = B s, "v > T" is "A > t", and since
 * t^2 = B^2 var needs no sqrt:
 *   B >= 0:  A > t  <=>  A > 0 and A^2 > t^2
 *   B <  0:  A > t  <=>  A > 0 or  A^2 < t^2.
 * A pixel is decided this way only when it is clearly away from the
 * threshold: |A^2 - t^2| = |A - t| |A + t| > E (2|A| + E) implies
 * |A - t| > E, with E = 2^-10 (1 + |k| + |k| 255 / R) in 8-bit units (niblack:
 * 128 |k| for the last term; |k| <= 4 here).  The float rounding of A and
 * t (relative 2^-23 of values below 2^9 (1 + |k| + |k| 255/R))
 * and the rounding of the double formula itself (its std is within
 * sqrt(3 2^-37) of the exact one, so its T within 1e-5 (1 + |k| 255/R) of
 * the exact T) are both far below E, so outside that band the float
 * decision, the exact one and the double one agree.  The few pixels inside
 * the band (about 2E of them per unit of threshold, 0.1-0.3 %) are decided
 * again with the double formula, so the mask is that of local_meanvar.c to
 * the bit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"
#include "local_simd.h"

static int map_index(int r, int n, segkit_border border)
{
    if (r >= 0 && r < n)
        return r;
    if (border == SEGKIT_BORDER_REPLICATE)
        return r < 0 ? 0 : n - 1;
    if (border == SEGKIT_BORDER_REFLECT) {
        long long period = 2LL * n;
        long long m = ((long long)r % period + period) % period;
        return (int)(m < n ? m : period - 1 - m);
    }
    return -1;
}

static void col_add(uint32_t *restrict c, uint32_t *restrict q,
                    const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++) {
        c[x] += s[x];
        q[x] += (uint32_t)s[x] * s[x];
    }
}

static void col_sub(uint32_t *restrict c, uint32_t *restrict q,
                    const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++) {
        c[x] -= s[x];
        q[x] -= (uint32_t)s[x] * s[x];
    }
}

static void col_addsub(uint32_t *restrict c, uint32_t *restrict q,
                       const uint8_t *restrict a, const uint8_t *restrict s,
                       int w)
{
    for (int x = 0; x < w; x++) {
        c[x] += (uint32_t)a[x] - s[x];
        q[x] += (uint32_t)a[x] * a[x] - (uint32_t)s[x] * s[x];
    }
}

typedef struct {
    float inv_n, inv_n2, alpha, beta, kr, kb, E;
    uint32_t n;
    uint8_t flip;
} row_consts;

/* One run of full-width windows: d[x] (0/255 ^ flip) and amb[x] (1 where
 * the pixel must be decided again). */
LOCAL_INLINE void decide_body(const uint8_t *restrict v,
                              const uint32_t *restrict P,
                              const uint32_t *restrict PQ, int W,
                              uint8_t *restrict d, uint8_t *restrict amb,
                              int len, row_consts c)
{
    for (int x = 0; x < len; x++) {
        uint32_t S = P[x + W] - P[x], Q = PQ[x + W] - PQ[x];
        uint64_t D = (uint64_t)c.n * Q - (uint64_t)S * S; /* < 2^48 */
        float Df = (float)(int32_t)(uint32_t)(D >> 24) * 16777216.0f +
                   (float)(int32_t)(uint32_t)(D & 0xffffffu);
        float var = Df * c.inv_n2;
        float m = (float)(int32_t)S * c.inv_n;
        float A = (float)v[x] - c.alpha * m - c.beta;
        float B = c.kr * m + c.kb;
        float t2 = B * B * var;
        float f = A * A - t2;
        int pos = A > 0;
        int fg = (pos & ((B <= 0) | (f > 0))) | ((pos ^ 1) & (B < 0) & (f < 0));
        amb[x] = (uint8_t)(fabsf(f) <= c.E * (2 * fabsf(A) + c.E));
        d[x] = (uint8_t)((uint8_t)-(uint8_t)fg ^ c.flip);
    }
}

static void decide_generic(const uint8_t *restrict v,
                           const uint32_t *restrict P,
                           const uint32_t *restrict PQ, int W,
                           uint8_t *restrict d, uint8_t *restrict amb,
                           int len, row_consts c)
{
    decide_body(v, P, PQ, W, d, amb, len, c);
}

#if LOCAL_HAVE_AVX2_CLONE
LOCAL_TARGET_AVX2
static void decide_avx2(const uint8_t *restrict v, const uint32_t *restrict P,
                        const uint32_t *restrict PQ, int W,
                        uint8_t *restrict d, uint8_t *restrict amb, int len,
                        row_consts c)
{
    decide_body(v, P, PQ, W, d, amb, len, c);
}
#endif

/* The double formula of local_meanvar.c for one pixel. */
static uint8_t exact_pixel(segkit_local_method m, int v, uint32_t S,
                           uint32_t Q, uint32_t n, double k, double R,
                           double C, int dark)
{
    double mean = (double)S / (double)n;
    double var = (double)Q / (double)n - mean * mean;
    double T = m == SEGKIT_LOCAL_SAUVOLA
                   ? mean * (1 + k * ((sqrt(var) / R) - 1))
                   : mean + k * sqrt(var) - C;
    return dark ? ((double)v <= T ? 255 : 0) : ((double)v > T ? 255 : 0);
}

int local_meanvar_u8(const segkit_image *g, segkit_local_method method,
                     int window, segkit_border border, double k, double R,
                     double C, int dark, segkit_image *out)
{
    int w = g->width, h = g->height, W = window;
    int a = local_before(W), b = local_after(W);
    if (g->type != SEGKIT_U8 || W > 257 ||
        (method != SEGKIT_LOCAL_SAUVOLA && method != SEGKIT_LOCAL_NIBLACK) ||
        !(fabs(k) <= 4) || !(R >= 1e-3) || !(fabs(C) <= 1e3))
        return SEGKIT_ERR_UNSUPPORTED; /* callers take the general path */
    size_t pw = (size_t)w + (size_t)W - 1;
    uint32_t *cb = calloc(pw, sizeof *cb), *qb = calloc(pw, sizeof *qb);
    uint32_t *P = malloc((pw + 1) * sizeof *P);
    uint32_t *PQ = malloc((pw + 1) * sizeof *PQ);
    uint8_t *amb = malloc((size_t)w);
    int *xmap = malloc(pw * sizeof *xmap);
    uint32_t *xcount = malloc((size_t)w * sizeof *xcount);
    int st = SEGKIT_ERR_NOMEM;
    if (!cb || !qb || !P || !PQ || !amb || !xmap || !xcount)
        goto done;
    void (*decide)(const uint8_t *restrict, const uint32_t *restrict,
                   const uint32_t *restrict, int, uint8_t *restrict,
                   uint8_t *restrict, int, row_consts) = decide_generic;
#if LOCAL_HAVE_AVX2_CLONE
    if (local_cpu_avx2())
        decide = decide_avx2;
#endif
    int sauvola = method == SEGKIT_LOCAL_SAUVOLA;
    row_consts rc;
    rc.alpha = sauvola ? (float)(1 - k) : 1.0f;
    rc.beta = sauvola ? 0.0f : (float)-C;
    rc.kr = sauvola ? (float)(k / R) : 0.0f;
    rc.kb = sauvola ? 0.0f : (float)k;
    rc.E = (float)((1.0 / 1024) *
                   (1 + fabs(k) + fabs(k) * (sauvola ? 255.0 / R : 128.0)));
    rc.flip = dark ? 0xff : 0;

    uint32_t *col = cb + a, *colq = qb + a;
    for (size_t j = 0; j < pw; j++)
        xmap[j] = map_index((int)j - a, w, border);
    for (int x = 0; x < w; x++) {
        int lo = x - a, hi = x + b;
        if (border == SEGKIT_BORDER_CLIP) {
            lo = lo < 0 ? 0 : lo;
            hi = hi > w - 1 ? w - 1 : hi;
        }
        xcount[x] = (uint32_t)(hi - lo + 1);
    }
    int x0 = 0, x1;
    while (x0 < w && xcount[x0] != (uint32_t)W)
        x0++;
    x1 = x0;
    while (x1 < w && xcount[x1] == (uint32_t)W)
        x1++;
    for (int r = -a; r < b; r++) {
        int mr = map_index(r, h, border);
        if (mr >= 0)
            col_add(col, colq, segkit_image_row(g, mr), w);
    }
    for (int y = 0; y < h; y++) {
        int add = map_index(y + b, h, border);
        int drop = y > 0 ? map_index(y - 1 - a, h, border) : -1;
        if (add >= 0 && drop >= 0)
            col_addsub(col, colq, segkit_image_row(g, add),
                       segkit_image_row(g, drop), w);
        else if (add >= 0)
            col_add(col, colq, segkit_image_row(g, add), w);
        else if (drop >= 0)
            col_sub(col, colq, segkit_image_row(g, drop), w);
        for (size_t j = 0; j < pw; j++) {
            if (j == (size_t)a)
                j = (size_t)a + (size_t)w;
            if (j >= pw)
                break;
            cb[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
            qb[j] = xmap[j] >= 0 ? colq[xmap[j]] : 0;
        }
        local_prefix2_u32(cb, P, qb, PQ, pw);
        int lo = y - a, hi = y + b;
        if (border == SEGKIT_BORDER_CLIP) {
            lo = lo < 0 ? 0 : lo;
            hi = hi > h - 1 ? h - 1 : hi;
        }
        uint32_t rows = (uint32_t)(hi - lo + 1);
        const uint8_t *src = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        uint32_t n = rows * (uint32_t)W;
        if (x1 > x0) {
            rc.n = n;
            rc.inv_n = (float)(1.0 / n);
            rc.inv_n2 = (float)(1.0 / ((double)n * n));
            decide(src + x0, P + x0, PQ + x0, W, d + x0, amb + x0, x1 - x0, rc);
            for (int x = x0; x < x1; x += 8) {
                uint64_t word = 0; /* 8 flags at a time: almost all are 0 */
                int m8 = x1 - x < 8 ? x1 - x : 8;
                memcpy(&word, amb + x, (size_t)m8);
                if (!word)
                    continue;
                for (int i = x; i < x + m8; i++)
                    if (amb[i])
                        d[i] = exact_pixel(method, src[i], P[i + W] - P[i],
                                           PQ[i + W] - PQ[i], n, k, R, C, dark);
            }
        }
        for (int x = 0; x < w; x++) {
            if (x == x0)
                x = x1;
            if (x >= w)
                break;
            d[x] = exact_pixel(method, src[x], P[x + W] - P[x],
                               PQ[x + W] - PQ[x], rows * xcount[x], k, R, C,
                               dark);
        }
    }
    st = SEGKIT_OK;
done:
    free(cb);
    free(qb);
    free(P);
    free(PQ);
    free(amb);
    free(xmap);
    free(xcount);
    return st;
}
