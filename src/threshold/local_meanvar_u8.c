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
 * |C| / 256 for the last term; |k| <= 4, |C| <= 1000 here).  The float
 * rounding of A and t (relative 2^-23 of values below 2^9 (1 + |k| +
 * |k| 255/R), niblack 2^9 (1 + |k| + |C|/256): |A| <= 255 + |C|,
 * t = |k| s <= 128 |k|) and the rounding of the double formula itself
 * (its std is within sqrt(3 2^-37) of the exact one, so its T within
 * 1e-5 (1 + |k| 255/R) of the exact T, niblack 1e-5 (1 + |k|)) are both
 * far below E, so outside that band the float
 * decision, the exact one and the double one agree.  The few pixels inside
 * the band (about 2E of them per unit of threshold, 0.1-0.3 %) are decided
 * again with the double formula, so the mask is that of local_meanvar.c to
 * the bit (test_band in tests/unit/test_threshold_local.c puts pixels on
 * and within 2^-40 of T).
 *
 * The AVX2 decision (lanes8) skips the 64-bit D, which costs more than the
 * rest of the decision on 8 lanes, and takes var = Q/n - m^2 in float,
 * widening the band by X = 2^-19 B^2 Q/n.  With u = 2^-24: S and 1/n reach
 * float within u each, and so does Q below 2^31; when it may pass
 * 2^31 (W > 181) it is converted as the signed Q - 2^32 and 2^32 added
 * back, two roundings within 1.5u of Q.  So m = S (1/n) is within 3u
 * (relative) of its exact value, Q/n within 3.5u, m^2 within 7u, and the
 * difference adds u of the result: |var - var*| <= 3.5u Q/n + 7u m^2 +
 * u var <= 10.5u Q/n (m^2 and var are at most Q/n and sum to it; 10.6u
 * counting second-order terms and the computed Q/n, B^2 in place of the
 * exact ones).  That moves t^2 = B^2 var by at most 10.6u B^2 Q/n < X/3,
 * so |A^2 - t^2| > E (2|A| + E) + X leaves |A^2 - t'^2| > E (2|A| + E) for
 * the t' of the exact variance, and the argument above goes on unchanged.
 * (test_band's flat bright case, m 250, s 1, B 4, is wrong without X.)
 *
 * Row pipeline with AVX2: the column update is fused into 8-lane prefix
 * scans, in blocks of 1024 columns that are decided as soon as their
 * windows are complete (P, PQ still in L1); the decision runs on 16 pixels
 * a step (two 8-lane vectors, band pixels decided again after each chunk
 * of 512 so that the vector loop calls nothing), or on 16 lanes with
 * AVX-512 (F/BW/DQ/VL, exact D converted in one rounding), specialised per
 * method and sign of k; the clipped border columns take the same code with
 * per-column n.  Without AVX2: the plain C loops below (SSE2 scans),
 * exact_pixel at the borders. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"
#include "local_simd.h"

static void col_add(uint32_t *restrict c, uint32_t *restrict q,
                    const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++) {
        c[x] += s[x];
        q[x] += (uint32_t)s[x] * s[x];
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

/* The float decision of one pixel (value v, window sums S, Q of n pixels):
 * *fg = "A > t"; returns 1 when |A^2 - t^2| is inside the band, i.e. the
 * pixel must be decided again with exact_pixel. */
LOCAL_INLINE int decide_float(int v, uint32_t S, uint32_t Q, uint32_t n,
                              float inv_n, float inv_n2, const row_consts *c,
                              int *fg)
{
    uint64_t D = (uint64_t)n * Q - (uint64_t)S * S; /* < 2^48 */
    float Df = (float)(int32_t)(uint32_t)(D >> 24) * 16777216.0f +
               (float)(int32_t)(uint32_t)(D & 0xffffffu);
    float var = Df * inv_n2;
    float m = (float)(int32_t)S * inv_n;
    float A = (float)v - c->alpha * m - c->beta;
    float B = c->kr * m + c->kb;
    float t2 = B * B * var;
    float f = A * A - t2;
    int pos = A > 0;
    *fg = (pos & ((B <= 0) | (f > 0))) | ((pos ^ 1) & (B < 0) & (f < 0));
    return fabsf(f) <= c->E * (2 * fabsf(A) + c->E);
}

/* One run of full-width windows: d[x] (0/255 ^ flip) and amb[x] (1 where
 * the pixel must be decided again). */
LOCAL_INLINE void decide_body(const uint8_t *restrict v,
                              const uint32_t *restrict P,
                              const uint32_t *restrict PQ, int W,
                              uint8_t *restrict d, uint8_t *restrict amb,
                              int len, row_consts c)
{
    for (int x = 0; x < len; x++) {
        int fg;
        amb[x] = (uint8_t)decide_float(v[x], P[x + W] - P[x],
                                       PQ[x + W] - PQ[x], c.n, c.inv_n,
                                       c.inv_n2, &c, &fg);
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

/* ==== AVX2 path: fused column update + 8-lane scans, 8-lane decision ==== */
#if LOCAL_HAVE_AVX2_CLONE
#include <immintrin.h>

/* Columns [x0, x1): col += add - drop, colq += add^2 - drop^2, and the
 * prefix sums P[j + 1] = P[j] + col[j] (padded index j = a + x) continued
 * from P[a + x0] (already written). */
LOCAL_TARGET_AVX2
static void update_scan_avx2(uint32_t *restrict col, uint32_t *restrict colq,
                             const uint8_t *restrict add,
                             const uint8_t *restrict drop,
                             uint32_t *restrict P, uint32_t *restrict PQ,
                             int x0, int x1)
{
    /* P and PQ are indexed like col: P[x + 1] follows col[x] */
    int x = x0;
    __m256i carry = _mm256_set1_epi32((int)P[x0]);
    __m256i carryq = _mm256_set1_epi32((int)PQ[x0]);
    const __m256i last = _mm256_set1_epi32(7), third = _mm256_set1_epi32(3);
    const __m256i hi = _mm256_setr_epi32(0, 0, 0, 0, -1, -1, -1, -1);
    for (; x + 8 <= x1; x += 8) {
        __m256i ad = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(add + x)));
        __m256i dr = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(drop + x)));
        __m256i df = _mm256_sub_epi32(ad, dr), sm = _mm256_add_epi32(ad, dr);
        /* (add - drop)(add + drop) per 32-bit lane: the high 16 bits of sm
         * are 0, so madd's second product vanishes */
        __m256i c = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(col + x)), df);
        __m256i q = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(colq + x)),
                                     _mm256_madd_epi16(df, sm));
        _mm256_storeu_si256((__m256i *)(col + x), c);
        _mm256_storeu_si256((__m256i *)(colq + x), q);
        c = _mm256_add_epi32(c, _mm256_slli_si256(c, 4));
        q = _mm256_add_epi32(q, _mm256_slli_si256(q, 4));
        c = _mm256_add_epi32(c, _mm256_slli_si256(c, 8));
        q = _mm256_add_epi32(q, _mm256_slli_si256(q, 8));
        /* the low lane's total (element 3) added to the high lane: one
         * cross-lane permute and a mask */
        c = _mm256_add_epi32(c, _mm256_and_si256(_mm256_permutevar8x32_epi32(c, third), hi));
        q = _mm256_add_epi32(q, _mm256_and_si256(_mm256_permutevar8x32_epi32(q, third), hi));
        /* the block totals are broadcast off the carry chain, which is
         * then one add per 8 columns */
        __m256i bt = _mm256_permutevar8x32_epi32(c, last);
        __m256i btq = _mm256_permutevar8x32_epi32(q, last);
        _mm256_storeu_si256((__m256i *)(P + x + 1), _mm256_add_epi32(c, carry));
        _mm256_storeu_si256((__m256i *)(PQ + x + 1), _mm256_add_epi32(q, carryq));
        carry = _mm256_add_epi32(carry, bt);
        carryq = _mm256_add_epi32(carryq, btq);
    }
    uint32_t run = P[x], runq = PQ[x];
    for (; x < x1; x++) {
        col[x] += (uint32_t)add[x] - drop[x];
        colq[x] += (uint32_t)add[x] * add[x] - (uint32_t)drop[x] * drop[x];
        run += col[x];
        runq += colq[x];
        P[x + 1] = run;
        PQ[x + 1] = runq;
    }
}
typedef struct {
    segkit_local_method method;
    double k, R, C;
    int dark;
} exact_ctx;

/* The decision of one pixel of a vector loop: the float one of
 * decide_body, or exact_pixel when the pixel is inside the band. */
static uint8_t decide_one(int v, uint32_t S, uint32_t Q, uint32_t n,
                          float inv_n, float inv_n2, const row_consts *c,
                          const exact_ctx *e)
{
    int fg;
    if (decide_float(v, S, Q, n, inv_n, inv_n2, c, &fg))
        return exact_pixel(e->method, v, S, Q, n, e->k, e->R, e->C, e->dark);
    return (uint8_t)((uint8_t)-(uint8_t)fg ^ c->flip);
}

/* What the 8- and 16-lane loops share around their vector arithmetic:
 * band_redo decides the pixels x + i (i a set bit of amb) again with
 * exact_pixel; decide_tail decides [x, len), the rest of a run shorter
 * than a vector, one by one.  n per pixel from nv when nv != NULL, else
 * c->n (likewise inv, inv2). */
LOCAL_INLINE void band_redo(unsigned amb, int x, const uint8_t *restrict v,
                            const uint32_t *restrict P,
                            const uint32_t *restrict PQ, int W,
                            uint8_t *restrict d, const row_consts *c,
                            const uint32_t *nv, const exact_ctx *e)
{
    while (amb) {
        int i = x + __builtin_ctz(amb);
        amb &= amb - 1;
        d[i] = exact_pixel(e->method, v[i], P[i + W] - P[i],
                           PQ[i + W] - PQ[i], nv ? nv[i] : c->n, e->k,
                           e->R, e->C, e->dark);
    }
}

LOCAL_INLINE void decide_tail(int x, int len, const uint8_t *restrict v,
                              const uint32_t *restrict P,
                              const uint32_t *restrict PQ, int W,
                              uint8_t *restrict d, const row_consts *c,
                              const uint32_t *nv, const float *inv,
                              const float *inv2, const exact_ctx *e)
{
    for (; x < len; x++)
        d[x] = decide_one(v[x], P[x + W] - P[x], PQ[x + W] - PQ[x],
                          nv ? nv[x] : c->n, nv ? inv[x] : c->inv_n,
                          nv ? inv2[x] : c->inv_n2, c, e);
}

/* One clone of a decision body per (method, sign of k[, W > 181]): the
 * body's trailing arguments (sauv, kpos[, bigq]); each with n per row
 * (nv = NULL, a constant the compiler folds) or per column. */
#define DECIDE_CLONE(target, body, name, ...)                                 \
    target static void name(                                                  \
        const uint8_t *restrict v, const uint32_t *restrict P,                \
        const uint32_t *restrict PQ, int W, uint8_t *restrict d, int len,     \
        const row_consts *c, const uint32_t *nv, const float *inv,            \
        const float *inv2, const exact_ctx *e)                                \
    {                                                                         \
        if (nv)                                                               \
            body(v, P, PQ, W, d, len, c, nv, inv, inv2, e, __VA_ARGS__);      \
        else                                                                  \
            body(v, P, PQ, W, d, len, c, NULL, NULL, NULL, e, __VA_ARGS__);   \
    }

/* The broadcast constants of the 8-lane decision. */
typedef struct {
    __m256 in, alpha, beta, kr, bb, bbx, E2, EE, xs, zero, absmask, two32;
} lanes8_consts;

/* The decision of the 8 pixels x .. x + 7: returns "A > t" as lane masks,
 * *amb the lanes inside the band.  Unlike decide_one, the variance is taken
 * in float as var = Q/n - m^2, without the exact D: its error (at most
 * 10.6 2^-24 Q/n, see the top of the file) moves t^2 = B^2 var by at most
 * 10.6 2^-24 B^2 Q/n, so the band is widened by X = 2^-19 B^2 Q/n (three
 * times that).  bigq: Q may pass 2^31 (W > 181), where the signed
 * conversion gives Q - 2^32; 2^32 is added back to the negative lanes. */
LOCAL_TARGET_AVX2 LOCAL_INLINE __m256i lanes8(const uint8_t *restrict v,
                                              const uint32_t *restrict P,
                                              const uint32_t *restrict PQ,
                                              int W, int x,
                                              const lanes8_consts *k,
                                              const float *inv, int sauv,
                                              int kpos, int bigq, int *amb)
{
    __m256 in = inv ? _mm256_loadu_ps(inv + x) : k->in;
    __m256i S = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(P + x + W)),
                                 _mm256_loadu_si256((const __m256i *)(P + x)));
    __m256i Q = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(PQ + x + W)),
                                 _mm256_loadu_si256((const __m256i *)(PQ + x)));
    __m256 Qf = _mm256_cvtepi32_ps(Q);
    if (bigq) /* Q >= 2^31 came out as Q - 2^32 < 0 */
        Qf = _mm256_blendv_ps(Qf, _mm256_add_ps(Qf, k->two32), Qf);
    __m256 m = _mm256_mul_ps(_mm256_cvtepi32_ps(S), in);
    __m256 Qn = _mm256_mul_ps(Qf, in);
    __m256 var = _mm256_sub_ps(Qn, _mm256_mul_ps(m, m));
    __m256 vf = _mm256_cvtepi32_ps(
        _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(v + x))));
    /* the float operations of decide_one, minus those that are exact
     * identities for the method (Sauvola: beta = kb = 0; Niblack:
     * alpha = 1, kr = 0 so B B = kb kb) */
    __m256 A, t2, X;
    if (sauv) {
        A = _mm256_sub_ps(vf, _mm256_mul_ps(k->alpha, m));
        __m256 B = _mm256_mul_ps(k->kr, m);
        __m256 B2 = _mm256_mul_ps(B, B);
        t2 = _mm256_mul_ps(B2, var);
        X = _mm256_mul_ps(B2, _mm256_mul_ps(Qn, k->xs));
    } else {
        A = _mm256_sub_ps(_mm256_sub_ps(vf, m), k->beta);
        t2 = _mm256_mul_ps(k->bb, var);
        X = _mm256_mul_ps(k->bbx, Qn);
    }
    __m256 f = _mm256_sub_ps(_mm256_mul_ps(A, A), t2);
    /* B has the sign of k (m >= 0): k >= 0: A > t <=> A > 0 and f > 0;
     * k < 0: A > t <=> A > 0 or f < 0 (B = 0 fits both) */
    __m256 pos = _mm256_cmp_ps(A, k->zero, _CMP_GT_OQ);
    __m256 fg = kpos ? _mm256_and_ps(pos, _mm256_cmp_ps(f, k->zero, _CMP_GT_OQ))
                     : _mm256_or_ps(pos, _mm256_cmp_ps(f, k->zero, _CMP_LT_OQ));
    /* band E (2|A| + E) + X */
    __m256 band = _mm256_add_ps(
        _mm256_add_ps(_mm256_mul_ps(_mm256_and_ps(A, k->absmask), k->E2), k->EE), X);
    *amb = _mm256_movemask_ps(
        _mm256_cmp_ps(_mm256_and_ps(f, k->absmask), band, _CMP_LE_OQ));
    return _mm256_castps_si256(fg);
}

/* d[x] for x in [0, len): window sums S = P[x + W] - P[x] (same for Q);
 * n, 1/n, 1/n^2 from c, or per pixel from nv, inv, inv2 when nv != NULL
 * (clipped border columns).  16 pixels (two 8-lane vectors) per step, in
 * chunks of 512 whose band pixels are decided again after the vector loop,
 * so that the loop calls nothing and keeps its constants in registers. */
LOCAL_TARGET_AVX2 LOCAL_INLINE void decide8_body(const uint8_t *restrict v,
                               const uint32_t *restrict P,
                               const uint32_t *restrict PQ, int W,
                               uint8_t *restrict d, int len,
                               const row_consts *c, const uint32_t *nv,
                               const float *inv, const float *inv2,
                               const exact_ctx *e, int sauv, int kpos,
                               int bigq)
{
    lanes8_consts k;
    k.in = _mm256_set1_ps(c->inv_n);
    k.alpha = _mm256_set1_ps(c->alpha);
    k.beta = _mm256_set1_ps(c->beta);
    k.kr = _mm256_set1_ps(c->kr);
    k.bb = _mm256_set1_ps(c->kb * c->kb);
    k.xs = _mm256_set1_ps(0x1p-19f);
    k.bbx = _mm256_set1_ps(c->kb * c->kb * 0x1p-19f);
    k.E2 = _mm256_set1_ps(2 * c->E);
    k.EE = _mm256_set1_ps(c->E * c->E);
    k.zero = _mm256_setzero_ps();
    k.absmask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    k.two32 = _mm256_set1_ps(4294967296.0f);
    const __m128i flip = _mm_set1_epi8((char)c->flip);
    /* dword i of the packed bytes: pixels 0-3, 8-11, 4-7, 12-15 */
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int x = 0;
    while (len - x >= 16) {
        uint16_t ambs[32];
        unsigned any = 0;
        int x0 = x, end = len - x > 512 ? x + 512 : len;
        for (; x + 16 <= end; x += 16) {
            int a0, a1;
            __m256i f0 = lanes8(v, P, PQ, W, x, &k, inv, sauv, kpos, bigq, &a0);
            __m256i f1 = lanes8(v, P, PQ, W, x + 8, &k, inv, sauv, kpos, bigq, &a1);
            /* words: 0-3, 8-11 | 4-7, 12-15; bytes: the same twice */
            __m256i w16 = _mm256_packs_epi32(f0, f1);
            __m256i w8 = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(w16, w16), order);
            _mm_storeu_si128((__m128i *)(d + x),
                             _mm_xor_si128(_mm256_castsi256_si128(w8), flip));
            unsigned a = (unsigned)a0 | (unsigned)a1 << 8;
            ambs[(x - x0) >> 4] = (uint16_t)a;
            any |= a;
        }
        if (any)
            for (int i = x0; i < x; i += 16)
                band_redo(ambs[(i - x0) >> 4], i, v, P, PQ, W, d, c, nv, e);
    }
    /* the rest: 8 pixels, then the last 8 again (overlapping what is
     * done) when the run has them, else one by one */
    for (int last = 0; len >= 8 && x < len && !last;) {
        if (len - x < 8) {
            x = len - 8;
            last = 1;
        }
        int a;
        __m256i f = lanes8(v, P, PQ, W, x, &k, inv, sauv, kpos, bigq, &a);
        __m128i w16 = _mm_packs_epi32(_mm256_castsi256_si128(f),
                                      _mm256_extracti128_si256(f, 1));
        _mm_storel_epi64((__m128i *)(d + x),
                         _mm_xor_si128(_mm_packs_epi16(w16, w16), flip));
        band_redo((unsigned)a, x, v, P, PQ, W, d, c, nv, e);
        x += 8;
    }
    decide_tail(x, len, v, P, PQ, W, d, c, nv, inv, inv2, e);
}

DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_sauv_kpos, 1, 1, 0)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_sauv_kneg, 1, 0, 0)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_nib_kpos, 0, 1, 0)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_nib_kneg, 0, 0, 0)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_sauv_kpos_bigq, 1, 1, 1)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_sauv_kneg_bigq, 1, 0, 1)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_nib_kpos_bigq, 0, 1, 1)
DECIDE_CLONE(LOCAL_TARGET_AVX2, decide8_body, decide8_nib_kneg_bigq, 0, 0, 1)
typedef void (*decide8_fn)(const uint8_t *restrict, const uint32_t *restrict,
                           const uint32_t *restrict, int, uint8_t *restrict,
                           int, const row_consts *, const uint32_t *,
                           const float *, const float *, const exact_ctx *);

/* The same decision on 16 lanes with AVX-512 (F, BW, DQ, VL; no FMA): D
 * goes to float in one rounding (vcvtuqq2ps), as in decide8_body. */
#define LOCAL_TARGET_AVX512 \
    __attribute__((target("avx2,avx512f,avx512bw,avx512dq,avx512vl")))
LOCAL_TARGET_AVX512 LOCAL_INLINE void decide16_body(
    const uint8_t *restrict v, const uint32_t *restrict P,
    const uint32_t *restrict PQ, int W, uint8_t *restrict d, int len,
    const row_consts *c, const uint32_t *nv, const float *inv,
    const float *inv2, const exact_ctx *e, int sauv, int kpos)
{
    int x = 0;
    __m512i n = _mm512_set1_epi32((int)c->n);
    __m512 in = _mm512_set1_ps(c->inv_n), in2 = _mm512_set1_ps(c->inv_n2);
    const __m512 alpha = _mm512_set1_ps(c->alpha), beta = _mm512_set1_ps(c->beta);
    const __m512 kr = _mm512_set1_ps(c->kr);
    const __m512 bb = _mm512_set1_ps(c->kb * c->kb);
    const __m512 E = _mm512_set1_ps(c->E), zero = _mm512_setzero_ps();
    const __m512i inter = _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4,
                                           19, 3, 18, 2, 17, 1, 16, 0);
    const __m128i flip = _mm_set1_epi8((char)c->flip);
    for (; x + 16 <= len; x += 16) {
        if (nv) {
            n = _mm512_loadu_si512((const void *)(nv + x));
            in = _mm512_loadu_ps(inv + x);
            in2 = _mm512_loadu_ps(inv2 + x);
        }
        __m512i S = _mm512_sub_epi32(_mm512_loadu_si512((const void *)(P + x + W)),
                                     _mm512_loadu_si512((const void *)(P + x)));
        __m512i Q = _mm512_sub_epi32(_mm512_loadu_si512((const void *)(PQ + x + W)),
                                     _mm512_loadu_si512((const void *)(PQ + x)));
        __m512i De = _mm512_sub_epi64(_mm512_mul_epu32(n, Q), _mm512_mul_epu32(S, S));
        __m512i So = _mm512_srli_epi64(S, 32);
        __m512i Do = _mm512_sub_epi64(
            _mm512_mul_epu32(_mm512_srli_epi64(n, 32), _mm512_srli_epi64(Q, 32)),
            _mm512_mul_epu32(So, So));
        __m512 Df = _mm512_permutex2var_ps(
            _mm512_castps256_ps512(_mm512_cvtepu64_ps(De)), inter,
            _mm512_castps256_ps512(_mm512_cvtepu64_ps(Do)));
        __m512 var = _mm512_mul_ps(Df, in2);
        __m512 m = _mm512_mul_ps(_mm512_cvtepi32_ps(S), in);
        __m512 vf = _mm512_cvtepi32_ps(
            _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(v + x))));
        __m512 A, t2;
        if (sauv) {
            A = _mm512_sub_ps(vf, _mm512_mul_ps(alpha, m));
            __m512 B = _mm512_mul_ps(kr, m);
            t2 = _mm512_mul_ps(_mm512_mul_ps(B, B), var);
        } else {
            A = _mm512_sub_ps(_mm512_sub_ps(vf, m), beta);
            t2 = _mm512_mul_ps(bb, var);
        }
        __m512 f = _mm512_sub_ps(_mm512_mul_ps(A, A), t2);
        __mmask16 pos = _mm512_cmp_ps_mask(A, zero, _CMP_GT_OQ);
        __mmask16 fg = kpos ? (__mmask16)(pos & _mm512_cmp_ps_mask(f, zero, _CMP_GT_OQ))
                            : (__mmask16)(pos | _mm512_cmp_ps_mask(f, zero, _CMP_LT_OQ));
        __m512 aA = _mm512_abs_ps(A);
        __m512 band = _mm512_mul_ps(E, _mm512_add_ps(_mm512_add_ps(aA, aA), E));
        unsigned amb = _mm512_cmp_ps_mask(_mm512_abs_ps(f), band, _CMP_LE_OQ);
        _mm_storeu_si128((__m128i *)(d + x), _mm_xor_si128(_mm_movm_epi8(fg), flip));
        band_redo(amb, x, v, P, PQ, W, d, c, nv, e);
    }
    decide_tail(x, len, v, P, PQ, W, d, c, nv, inv, inv2, e);
}

DECIDE_CLONE(LOCAL_TARGET_AVX512, decide16_body, decide16_sauv_kpos, 1, 1)
DECIDE_CLONE(LOCAL_TARGET_AVX512, decide16_body, decide16_sauv_kneg, 1, 0)
DECIDE_CLONE(LOCAL_TARGET_AVX512, decide16_body, decide16_nib_kpos, 0, 1)
DECIDE_CLONE(LOCAL_TARGET_AVX512, decide16_body, decide16_nib_kneg, 0, 0)
#undef DECIDE_CLONE

/* update_scan_avx2 on 16 lanes: in-lane scans, then the 128-bit lanes'
 * totals added in two masked permute steps. */
LOCAL_TARGET_AVX512
static void update_scan_avx512(uint32_t *restrict col, uint32_t *restrict colq,
                               const uint8_t *restrict add,
                               const uint8_t *restrict drop,
                               uint32_t *restrict P, uint32_t *restrict PQ,
                               int x0, int x1)
{
    int x = x0;
    __m512i carry = _mm512_set1_epi32((int)P[x0]);
    __m512i carryq = _mm512_set1_epi32((int)PQ[x0]);
    const __m512i last = _mm512_set1_epi32(15);
    /* lane L >= 1 takes element 4L - 1, then lane L >= 2 element 4L - 5 */
    const __m512i i1 = _mm512_set_epi32(11, 11, 11, 11, 7, 7, 7, 7, 3, 3, 3, 3,
                                        0, 0, 0, 0);
    const __m512i i2 = _mm512_set_epi32(7, 7, 7, 7, 3, 3, 3, 3, 0, 0, 0, 0,
                                        0, 0, 0, 0);
    for (; x + 16 <= x1; x += 16) {
        __m512i ad = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(add + x)));
        __m512i dr = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(drop + x)));
        __m512i df = _mm512_sub_epi32(ad, dr), sm = _mm512_add_epi32(ad, dr);
        __m512i c = _mm512_add_epi32(_mm512_loadu_si512((const void *)(col + x)), df);
        __m512i q = _mm512_add_epi32(_mm512_loadu_si512((const void *)(colq + x)),
                                     _mm512_madd_epi16(df, sm));
        _mm512_storeu_si512((void *)(col + x), c);
        _mm512_storeu_si512((void *)(colq + x), q);
        c = _mm512_add_epi32(c, _mm512_bslli_epi128(c, 4));
        q = _mm512_add_epi32(q, _mm512_bslli_epi128(q, 4));
        c = _mm512_add_epi32(c, _mm512_bslli_epi128(c, 8));
        q = _mm512_add_epi32(q, _mm512_bslli_epi128(q, 8));
        c = _mm512_add_epi32(c, _mm512_maskz_permutexvar_epi32(0xfff0, i1, c));
        q = _mm512_add_epi32(q, _mm512_maskz_permutexvar_epi32(0xfff0, i1, q));
        c = _mm512_add_epi32(c, _mm512_maskz_permutexvar_epi32(0xff00, i2, c));
        q = _mm512_add_epi32(q, _mm512_maskz_permutexvar_epi32(0xff00, i2, q));
        __m512i bt = _mm512_permutexvar_epi32(last, c);
        __m512i btq = _mm512_permutexvar_epi32(last, q);
        _mm512_storeu_si512((void *)(P + x + 1), _mm512_add_epi32(c, carry));
        _mm512_storeu_si512((void *)(PQ + x + 1), _mm512_add_epi32(q, carryq));
        carry = _mm512_add_epi32(carry, bt);
        carryq = _mm512_add_epi32(carryq, btq);
    }
    update_scan_avx2(col, colq, add, drop, P, PQ, x, x1);
}

static int cpu_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
#endif

int local_meanvar_u8(const segkit_image *g, segkit_local_method method,
                     int window, segkit_border border, double k, double R,
                     double C, int dark, segkit_image *out)
{
    return local_meanvar_u8_isa(g, method, window, border, k, R, C, dark, out,
                                2);
}

int local_meanvar_u8_isa(const segkit_image *g, segkit_local_method method,
                         int window, segkit_border border, double k, double R,
                         double C, int dark, segkit_image *out, int isa)
{
    int w = g->width, h = g->height, W = window;
    int a = local_before(W), b = local_after(W);
    if (g->type != SEGKIT_U8 || W > 257 ||
        (method != SEGKIT_LOCAL_SAUVOLA && method != SEGKIT_LOCAL_NIBLACK) ||
        !(fabs(k) <= 4) || !(R >= 1e-3) || !(fabs(C) <= 1e3))
        return SEGKIT_ERR_UNSUPPORTED; /* callers take the general path */
    /* w, W < 2^31 and W <= 257: no size below can overflow size_t */
    size_t pw = (size_t)w + (size_t)W - 1;
    uint32_t *cb = calloc(pw, sizeof *cb), *qb = calloc(pw, sizeof *qb);
    uint32_t *P = malloc((pw + 1) * sizeof *P);
    uint32_t *PQ = malloc((pw + 1) * sizeof *PQ);
    uint8_t *amb = malloc((size_t)w);
    uint8_t *zero = calloc((size_t)w, 1);
    int *xmap = malloc(pw * sizeof *xmap);
    uint32_t *xcount = malloc((size_t)w * sizeof *xcount);
    uint32_t *en = malloc((size_t)w * sizeof *en);
    float *einv = malloc((size_t)w * sizeof *einv);
    float *einv2 = malloc((size_t)w * sizeof *einv2);
    int st = SEGKIT_ERR_NOMEM;
    if (!cb || !qb || !P || !PQ || !amb || !zero || !xmap || !xcount ||
        !en || !einv || !einv2)
        goto done;
    int avx2 = 0;
#if LOCAL_HAVE_AVX2_CLONE
    avx2 = isa >= 1 && local_cpu_avx2();
#endif
    void (*decide)(const uint8_t *restrict, const uint32_t *restrict,
                   const uint32_t *restrict, int, uint8_t *restrict,
                   uint8_t *restrict, int, row_consts) = decide_generic;
    int sauvola = method == SEGKIT_LOCAL_SAUVOLA;
    row_consts rc;
    rc.alpha = sauvola ? (float)(1 - k) : 1.0f;
    rc.beta = sauvola ? 0.0f : (float)-C;
    rc.kr = sauvola ? (float)(k / R) : 0.0f;
    rc.kb = sauvola ? 0.0f : (float)k;
    rc.E = (float)((1.0 / 1024) *
                   (1 + fabs(k) + (sauvola ? fabs(k) * 255.0 / R : fabs(C) / 256)));
    rc.flip = dark ? 0xff : 0;
#if LOCAL_HAVE_AVX2_CLONE
    exact_ctx ec = {method, k, R, C, dark};
    decide8_fn dec8 =
        W <= 181 ? (sauvola ? (k >= 0 ? decide8_sauv_kpos : decide8_sauv_kneg)
                            : (k >= 0 ? decide8_nib_kpos : decide8_nib_kneg))
                 : (sauvola ? (k >= 0 ? decide8_sauv_kpos_bigq : decide8_sauv_kneg_bigq)
                            : (k >= 0 ? decide8_nib_kpos_bigq : decide8_nib_kneg_bigq));
    void (*upscan)(uint32_t *restrict, uint32_t *restrict,
                   const uint8_t *restrict, const uint8_t *restrict,
                   uint32_t *restrict, uint32_t *restrict, int, int) =
        update_scan_avx2;
    if (avx2 && isa >= 2 && cpu_avx512()) {
        dec8 = sauvola ? (k >= 0 ? decide16_sauv_kpos : decide16_sauv_kneg)
                       : (k >= 0 ? decide16_nib_kpos : decide16_nib_kneg);
        upscan = update_scan_avx512;
    }
#endif

    uint32_t *col = cb + a, *colq = qb + a;
    /* left padding reads columns < lfirst, right padding columns >= rlast */
    int lneed = 0;
    local_border_map(xmap, pw, a, w, border);
    for (int j = 0; j < a; j++)
        if (xmap[j] + 1 > lneed)
            lneed = xmap[j] + 1;
    for (int x = 0; x < w; x++)
        xcount[x] = (uint32_t)local_window_count(x, a, b, w, border);
    /* full-width windows: [x0, x1), x0 = x1 = w when there is none (then
     * every column goes the per-n way) */
    int x0, x1;
    local_full_run(xcount, w, (uint32_t)W, &x0, &x1);
    for (int r = -a; r < b; r++) {
        int mr = local_border_index(r, h, border);
        if (mr >= 0)
            col_add(col, colq, segkit_image_row(g, mr), w);
    }
    uint32_t prev_rows = 0;
    for (int y = 0; y < h; y++) {
        int ia = local_border_index(y + b, h, border);
        int id = y > 0 ? local_border_index(y - 1 - a, h, border) : -1;
        const uint8_t *addr = ia >= 0 ? segkit_image_row(g, ia) : zero;
        const uint8_t *dropr = id >= 0 ? segkit_image_row(g, id) : zero;
        uint32_t rows = (uint32_t)local_window_count(y, a, b, h, border);
        const uint8_t *src = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        uint32_t n = rows * (uint32_t)W;
        rc.n = n;
        rc.inv_n = (float)(1.0 / n);
        rc.inv_n2 = (float)(1.0 / ((double)n * n));
#if LOCAL_HAVE_AVX2_CLONE
        if (avx2) {
            /* columns the left padding reads, then the padding and its
             * scan, then update + scan of the rest in one pass, then the
             * right padding */
            col_addsub(col, colq, addr, dropr, lneed);
            uint32_t run = 0, runq = 0;
            P[0] = PQ[0] = 0;
            for (int j = 0; j < a + lneed; j++) {
                if (j < a) {
                    cb[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
                    qb[j] = xmap[j] >= 0 ? colq[xmap[j]] : 0;
                }
                run += cb[j];
                runq += qb[j];
                P[j + 1] = run;
                PQ[j + 1] = runq;
            }
            /* in blocks of 1024 columns, each decided as soon as its
             * windows are scanned, so that P and PQ are read back from L1 */
            int xd = x0;
            for (int c0 = lneed; c0 < w; c0 += 1024) {
                int c1 = w - c0 > 1024 ? c0 + 1024 : w;
                upscan(col, colq, addr, dropr, P + a, PQ + a, c0, c1);
                int lim = a + c1 + 1 - W; /* P[x + W] known for x < lim */
                lim = lim < x1 ? lim : x1;
                lim = xd + ((lim - xd) & ~63);
                if (lim > xd) {
                    dec8(src + xd, P + xd, PQ + xd, W, d + xd, lim - xd, &rc,
                         NULL, NULL, NULL, &ec);
                    xd = lim;
                }
            }
            run = P[a + w];
            runq = PQ[a + w];
            for (size_t j = (size_t)a + (size_t)w; j < pw; j++) {
                cb[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
                qb[j] = xmap[j] >= 0 ? colq[xmap[j]] : 0;
                run += cb[j];
                runq += qb[j];
                P[j + 1] = run;
                PQ[j + 1] = runq;
            }
            if (x1 > xd)
                dec8(src + xd, P + xd, PQ + xd, W, d + xd, x1 - xd, &rc, NULL,
                     NULL, NULL, &ec);
            if (x0 > 0 || x1 < w) {
                if (rows != prev_rows) { /* per-column n of clipped windows */
                    for (int x = 0; x < w; x++) {
                        if (x == x0)
                            x = x1;
                        if (x >= w)
                            break;
                        en[x] = rows * xcount[x];
                        einv[x] = (float)(1.0 / en[x]);
                        einv2[x] = (float)(1.0 / ((double)en[x] * en[x]));
                    }
                    prev_rows = rows;
                }
                dec8(src, P, PQ, W, d, x0, &rc, en, einv, einv2,
                                 &ec);
                dec8(src + x1, P + x1, PQ + x1, W, d + x1, w - x1,
                                 &rc, en + x1, einv + x1, einv2 + x1, &ec);
            }
            continue;
        }
#endif
        col_addsub(col, colq, addr, dropr, w);
        for (size_t j = 0; j < pw; j++) {
            if (j == (size_t)a)
                j = (size_t)a + (size_t)w;
            if (j >= pw)
                break;
            cb[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
            qb[j] = xmap[j] >= 0 ? colq[xmap[j]] : 0;
        }
        local_prefix2_u32(cb, P, qb, PQ, pw);
        if (x1 > x0) {
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
    free(zero);
    free(xmap);
    free(xcount);
    free(en);
    free(einv);
    free(einv2);
    return st;
}
