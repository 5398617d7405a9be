/* Range masks: per-channel ranges in any colour space, hue ranges that wrap,
 * several terms OR-ed.
 *
 * The reference is plain: convert each pixel (cs_from_samples, or OpenCV's
 * bytes) and test the conditions.  8-bit RGB in hsv (both units) or hls (its
 * own units: OpenCV's hls hue depends on more) has an exact fast path: every value of these spaces is a function of
 * (max, d = max - min) and of (sector, n, d), where the sector says which
 * sample is the largest (red first, as OpenCV) and n is the difference of
 * the other two (|n| <= d); so each term becomes two bit tables, built by
 * running the reference on one pixel of each class: conditions on the
 * channels other than hue by (max, d) (8 KiB), on hue by (sector, d, n)
 * (24 KiB, n + d packed after d * d entries); build_fast finds most of
 * them by bisection.  The rows are looked up 8 or 16 pixels at a time with
 * AVX2 or AVX-512 gathers where the CPU has them.  hsv in OpenCV units has
 * gather-free kernels: the conditions decided by cross-multiplying in 16-bit
 * lanes (3 channels, see cv_plan), or the bytes computed (4 channels).
 * The other spaces of u8 and u16 samples (all but hed) go through float
 * vectors with an error bound (range_approx.h, range_simd.c): the pixels
 * within the bound of a range's end are decided here by the reference,
 * through a small cache of colours; hls in OpenCV units computes OpenCV's
 * bytes in float vectors as opencv.c does, lane by lane. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_simd.h"
#include "range_approx.h"

static void set_err(char *err, size_t size, const char *fmt, const char *arg)
{
    if (err && size)
        snprintf(err, size, fmt, arg);
}

/* the whole of s (n bytes): a number with an optional '%' (percent of 1) */
static int parse_value(const char *s, size_t n, double *v)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int pct = buf[n - 1] == '%';
    if (pct)
        buf[n - 1] = '\0';
    char *e;
    *v = strtod(buf, &e);
    if (e == buf || *e || isnan(*v) || isinf(*v))
        return -1;
    if (pct)
        *v /= 100.0;
    return 0;
}

static int channel_index(segkit_space space, const char *name, size_t len)
{
    if (len == 1 && name[0] >= '0' && name[0] <= '2')
        return name[0] - '0';
    for (int c = 0; c < 3; c++) {
        const char *cn = segkit_color_channel_name(space, c);
        if (strlen(cn) == len && strncasecmp(cn, name, len) == 0)
            return c;
    }
    return -1;
}

static int cond_is_hue(segkit_space space, int opencv, int channel)
{
    (void)opencv;
    return segkit_color_channel_is_hue(space, channel);
}

int segkit_color_range_parse(const char *text, segkit_space space, int opencv,
                             segkit_range_term *term, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = '\0';
    if (!text || !term || (unsigned)space >= SEGKIT_SPACE_COUNT)
        return SEGKIT_ERR_ARG;
    memset(term, 0, sizeof *term);
    const char *p = text;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t comma = strcspn(p, ",");
        if (!colon || (size_t)(colon - p) > comma) {
            set_err(err, errsize, "'%s': expected CHANNEL:LO..HI", p);
            return SEGKIT_ERR_ARG;
        }
        int ch = channel_index(space, p, (size_t)(colon - p));
        if (ch < 0) {
            char name[16];
            snprintf(name, sizeof name, "%.*s", (int)(colon - p), p);
            set_err(err, errsize, "no channel '%s' in this space", name);
            return SEGKIT_ERR_ARG;
        }
        for (int k = 0; k < term->n; k++)
            if (term->cond[k].channel == ch) {
                set_err(err, errsize, "channel %s given twice",
                        segkit_color_channel_name(space, ch));
                return SEGKIT_ERR_ARG;
            }
        double lo, hi;
        const char *v = colon + 1, *e = p + comma;
        const char *dots = strstr(v, "..");
        if (!dots || dots > e || parse_value(v, (size_t)(dots - v), &lo) != 0 ||
            parse_value(dots + 2, (size_t)(e - dots - 2), &hi) != 0) {
            char item[64];
            snprintf(item, sizeof item, "%.*s", (int)comma, p);
            set_err(err, errsize, "'%s': expected CHANNEL:LO..HI", item);
            return SEGKIT_ERR_ARG;
        }
        if (lo > hi && !cond_is_hue(space, opencv, ch)) {
            set_err(err, errsize, "%s: LO is above HI (only a hue range wraps)",
                    segkit_color_channel_name(space, ch));
            return SEGKIT_ERR_ARG;
        }
        term->cond[term->n].channel = ch;
        term->cond[term->n].lo = lo;
        term->cond[term->n].hi = hi;
        term->n++;
        p = *e ? e + 1 : e;
    }
    return SEGKIT_OK;
}

static inline int cond_holds(const segkit_range_cond *c, double v)
{
    if (c->lo <= c->hi)
        return v >= c->lo && v <= c->hi;
    return v >= c->lo || v <= c->hi; /* wrapping hue; NaN fails both */
}

static int term_holds(const segkit_range_term *t, const double v[3])
{
    for (int k = 0; k < t->n; k++)
        if (!cond_holds(&t->cond[k], v[t->cond[k].channel]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------ fast path */

enum { HUE_BITS = 3 * 65536 };

typedef struct fast_term {
    uint8_t md[65536 / 8];     /* non-hue conditions by max * 256 + d */
    uint8_t hue[HUE_BITS / 8]; /* hue condition by sector, d, n */
} fast_term;

/* the values of pixel (r, g, b) by the reference */
static void ref_values(const cs_ctx *c, const cs_cv *cv, int opencv, int r, int g, int b,
                       double v[3])
{
    if (opencv) {
        uint8_t o[3];
        cs_cv_pixel(cv, r, g, b, o);
        v[0] = o[0], v[1] = o[1], v[2] = o[2];
    } else {
        double s[3] = {r, g, b};
        cs_from_samples(c, s, 255.0, v);
    }
}

/* one pixel of class (sector, n, d): the largest sample 255 */
static void hue_pixel(int sector, int n, int d, int px[3])
{
    int hi = 255, lo = 255 - d;
    /* sector 0: r max, n = g - b; 1: g max, n = b - r; 2: b max, n = r - g */
    int a = sector == 0 ? 1 : sector == 1 ? 2 : 0; /* n = x[a] - x[b'] */
    int bb = sector == 0 ? 2 : sector == 1 ? 0 : 1;
    px[sector] = hi;
    if (n >= 0) {
        px[bb] = lo;
        px[a] = lo + n;
    } else {
        px[a] = lo;
        px[bb] = lo - n;
    }
}

/* A class's value of one channel by the reference: fixed part a, varying
 * part k.  md_value: a = max * 4 + channel, k = d (pixel (max, max - d,
 * max - d)); hue_value: a = sector * 256 + d, k = n. */
typedef struct probe {
    const cs_ctx *c;
    const cs_cv *cv;
    int opencv;
} probe;

static double md_value(const probe *p, int a, int k)
{
    double v[3];
    int m = a >> 2;
    ref_values(p->c, p->cv, p->opencv, m, m - k, m - k, v);
    return v[a & 3];
}

static double hue_value(const probe *p, int a, int k)
{
    int px[3];
    double v[3];
    hue_pixel(a >> 8, k, a & 255, px);
    ref_values(p->c, p->cv, p->opencv, px[0], px[1], px[2], v);
    return v[0];
}

typedef double (*class_fn)(const probe *, int, int);

/* With f(a, k) non-decreasing in k on [lo, hi]: the first k with f >= t
 * (gt = 0) or f > t (gt = 1), hi + 1 if none (NaN never compares true) */
static int first_k(const probe *p, class_fn f, int a, int lo, int hi, double t, int gt)
{
    int L = lo, R = hi + 1;
    while (L < R) {
        int mid = L + (R - L) / 2;
        double v = f(p, a, mid);
        if (gt ? v > t : v >= t)
            R = mid;
        else
            L = mid + 1;
    }
    return L;
}

static void set_bits(uint8_t *t, int i0, int i1) /* bits i0..i1 */
{
    for (int i = i0; i <= i1; i++)
        t[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* the bits of k in [lo, hi] (at base + k) where condition cd holds, f
 * non-decreasing in k there: an interval, or a prefix and a suffix for a
 * wrapping hue */
static void set_cond(const probe *p, class_fn f, int a, int lo, int hi,
                     const segkit_range_cond *cd, uint8_t *t, int base)
{
    int from = first_k(p, f, a, lo, hi, cd->lo, 0);
    int to = first_k(p, f, a, lo, hi, cd->hi, 1) - 1;
    if (cd->lo <= cd->hi) {
        if (from <= to)
            set_bits(t, base + from, base + to);
    } else {
        if (from <= hi)
            set_bits(t, base + from, base + hi);
        if (to >= lo)
            set_bits(t, base + lo, base + (to < from ? to : from - 1));
    }
}

/* The tables of one term.  Every value of hsv and hls is non-decreasing in
 * n for fixed (sector, d) on each side of a hue step (sector 0 steps from
 * 360 to 0 between n = -1 and n = 0; OpenCV units likewise), and S and V
 * of hsv in d for a fixed max (V does not depend on d, S = d / max, or
 * OpenCV's d * sdiv[max] >> 12): so the set of a condition is found by
 * bisection, ~16 reference values per (sector, d) or max instead of every
 * class.  hls's S is not monotone in d: its (max, d) table takes every
 * class, as does a term with two conditions on the hue. */
static void build_fast(const cs_ctx *c, const cs_cv *cv, int opencv, const segkit_range_term *t,
                       fast_term *f)
{
    segkit_range_term rest = {0}, hue = {0};
    for (int k = 0; k < t->n; k++) {
        if (t->cond[k].channel == 0)
            hue.cond[hue.n++] = t->cond[k];
        else
            rest.cond[rest.n++] = t->cond[k];
    }
    memset(f, 0, sizeof *f);
    probe pr = {c, cv, opencv};
    if (c->cs.id == SEGKIT_SPACE_HSV) {
        uint8_t one[256 / 8];
        for (int m = 0; m < 256; m++) {
            memset(one, 0, sizeof one);
            int lo = 0, hi = m;
            for (int k = 0; k < rest.n; k++) {
                const segkit_range_cond *cd = &rest.cond[k];
                int a = m * 4 + cd->channel;
                int from = first_k(&pr, md_value, a, 0, m, cd->lo, 0);
                int to = first_k(&pr, md_value, a, 0, m, cd->hi, 1) - 1;
                lo = from > lo ? from : lo;
                hi = to < hi ? to : hi;
            }
            if (lo <= hi)
                set_bits(f->md, m * 256 + lo, m * 256 + hi);
        }
    } else {
        for (int m = 0; m < 256; m++)
            for (int d = 0; d <= m; d++) {
                double v[3];
                ref_values(c, cv, opencv, m, m - d, m - d, v);
                if (term_holds(&rest, v))
                    f->md[(m * 256 + d) >> 3] |= (uint8_t)(1u << ((m * 256 + d) & 7));
            }
    }
    if (hue.n <= 1) {
        for (int s = 0; s < 3; s++)
            for (int d = 0; d < 256; d++) {
                int base = s * 65536 + d * d + d; /* + n */
                if (hue.n == 0) {
                    set_bits(f->hue, base - d, base + d);
                } else if (s == 0 && d > 0) {
                    set_cond(&pr, hue_value, s * 256 + d, -d, -1, &hue.cond[0], f->hue, base);
                    set_cond(&pr, hue_value, s * 256 + d, 0, d, &hue.cond[0], f->hue, base);
                } else {
                    set_cond(&pr, hue_value, s * 256 + d, -d, d, &hue.cond[0], f->hue, base);
                }
            }
        return;
    }
    for (int s = 0; s < 3; s++)
        for (int d = 0; d < 256; d++)
            for (int n = -d; n <= d; n++) {
                int px[3];
                double v[3];
                hue_pixel(s, n, d, px);
                ref_values(c, cv, opencv, px[0], px[1], px[2], v);
                int i = s * 65536 + d * d + n + d;
                if (term_holds(&hue, v))
                    f->hue[i >> 3] |= (uint8_t)(1u << (i & 7));
            }
}

static inline int bit(const uint8_t *t, int i) { return (t[i >> 3] >> (i & 7)) & 1; }

/* the two table indices of a pixel, without branches (photographs make
 * "which sample is largest" unpredictable) */
static inline void fast_index(int r, int g, int b, int *imd, int *ih)
{
    int M = r > g ? r : g;
    M = M > b ? M : b;
    int m = r < g ? r : g;
    m = m < b ? m : b;
    int d = M - m;
    int isr = r == M, isg = (g == M) & !isr;
    int n = isr ? g - b : isg ? b - r : r - g;
    int sec = isr ? 0 : isg ? 1 : 2;
    *imd = M * 256 + d;
    *ih = sec * 65536 + d * d + n + d;
}

static void fast_row(const fast_term *f, int nt, const uint8_t *s, int ch, int w, uint8_t *out)
{
    if (nt == 1 && ch == 3) {
        const uint8_t *md = f->md, *hue = f->hue;
        for (int x = 0; x < w; x++, s += 3) {
            int imd, ih;
            fast_index(s[0], s[1], s[2], &imd, &ih);
            out[x] = (uint8_t)(-(bit(md, imd) & bit(hue, ih)));
        }
        return;
    }
    for (int x = 0; x < w; x++, s += ch) {
        int imd, ih, ok = 0;
        fast_index(s[0], s[1], s[2], &imd, &ih);
        for (int k = 0; k < nt && !ok; k++)
            ok = bit(f[k].md, imd) & bit(f[k].hue, ih);
        out[x] = ok ? 255 : 0;
    }
}

/* OpenCV's bytes against the bounds of a range: a byte passes [lo, hi] as
 * ceil(lo) <= v <= floor(hi) (or either, wrapping) */
typedef struct cv_bounds {
    int lo[SEGKIT_RANGE_MAX_TERMS][3], hi[SEGKIT_RANGE_MAX_TERMS][3];
    int wrap[SEGKIT_RANGE_MAX_TERMS][3];
} cv_bounds;

/* a condition's integer bounds on a byte: ceil(lo), floor(hi) within -1..256 */
static void cv_bounds_init(const segkit_color_ranges *r, cv_bounds *cb)
{
    for (int k = 0; k < r->nterms; k++) {
        for (int c = 0; c < 3; c++)
            cb->lo[k][c] = 0, cb->hi[k][c] = 255, cb->wrap[k][c] = 0;
        for (int i = 0; i < r->term[k].n; i++) {
            const segkit_range_cond *cd = &r->term[k].cond[i];
            double lo = ceil(cd->lo), hi = floor(cd->hi);
            cb->lo[k][cd->channel] = lo < -1 ? -1 : lo > 256 ? 256 : (int)lo;
            cb->hi[k][cd->channel] = hi < -1 ? -1 : hi > 256 ? 256 : (int)hi;
            cb->wrap[k][cd->channel] = cd->lo > cd->hi;
        }
    }
}

/* a row of 3-channel bytes (lab: no wrapping) against the bounds */
static void bytes_row(const cv_bounds *cb, int nt, const uint8_t *p, int w, uint8_t *out)
{
    for (int x = 0; x < w; x++, p += 3) {
        int ok = 0;
        for (int k = 0; k < nt && !ok; k++)
            ok = p[0] >= cb->lo[k][0] && p[0] <= cb->hi[k][0] && p[1] >= cb->lo[k][1] &&
                 p[1] <= cb->hi[k][1] && p[2] >= cb->lo[k][2] && p[2] <= cb->hi[k][2];
        out[x] = ok ? 255 : 0;
    }
}

/* The same with AVX2 (8 pixels) or AVX-512 (16): the table indices in
 * 32-bit lanes, the bits by gathers from the same tables (read as 32-bit
 * words: bit i of the byte table is bit i & 31 of word i >> 5 on x86), so
 * the masks are those of fast_row bit for bit (pixels to lanes by
 * color_simd.h); the last pixels of a row go through fast_row. */
#if CS_X86

CS_TARGET_AVX2 static void fast_row_avx2(const fast_term *f, int nt, const uint8_t *s, int ch,
                                         int w, uint8_t *out)
{
    const __m256i k31 = _mm256_set1_epi32(31),
                  one = _mm256_set1_epi32(1), s1 = _mm256_set1_epi32(65536),
                  s2 = _mm256_set1_epi32(2 * 65536);
    int x = 0, need = ch == 3 ? 10 : 8; /* 3 channels: 28 bytes read */
    for (; x + need <= w; x += 8) {
        __m256i r, g, b;
        cs_rgb8_avx2(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        __m256i M = _mm256_max_epi32(_mm256_max_epi32(r, g), b);
        __m256i m = _mm256_min_epi32(_mm256_min_epi32(r, g), b);
        __m256i d = _mm256_sub_epi32(M, m);
        __m256i isr = _mm256_cmpeq_epi32(r, M);
        __m256i isg = _mm256_andnot_si256(isr, _mm256_cmpeq_epi32(g, M));
        __m256i n = _mm256_sub_epi32(r, g);
        n = _mm256_blendv_epi8(n, _mm256_sub_epi32(b, r), isg);
        n = _mm256_blendv_epi8(n, _mm256_sub_epi32(g, b), isr);
        __m256i sec = _mm256_blendv_epi8(s2, s1, isg);
        sec = _mm256_andnot_si256(isr, sec);
        __m256i imd = _mm256_or_si256(_mm256_slli_epi32(M, 8), d);
        __m256i ih = _mm256_add_epi32(_mm256_add_epi32(sec, _mm256_mullo_epi32(d, d)),
                                      _mm256_add_epi32(n, d));
        __m256i wmd = _mm256_srli_epi32(imd, 5), sm = _mm256_and_si256(imd, k31);
        __m256i wh = _mm256_srli_epi32(ih, 5), sh = _mm256_and_si256(ih, k31);
        __m256i acc = _mm256_setzero_si256();
        for (int k = 0; k < nt; k++) {
            __m256i a = _mm256_i32gather_epi32((const int *)(const void *)f[k].md, wmd, 4);
            __m256i c = _mm256_i32gather_epi32((const int *)(const void *)f[k].hue, wh, 4);
            a = _mm256_and_si256(_mm256_srlv_epi32(a, sm), _mm256_srlv_epi32(c, sh));
            acc = _mm256_or_si256(acc, a);
        }
        acc = _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_and_si256(acc, one));
        __m128i p16 = _mm_packs_epi32(_mm256_castsi256_si128(acc),
                                      _mm256_extracti128_si256(acc, 1));
        _mm_storel_epi64((__m128i *)(out + x), _mm_packs_epi16(p16, p16));
    }
    if (x < w)
        fast_row(f, nt, s + (size_t)x * (size_t)ch, ch, w - x, out + x);
}

CS_TARGET_AVX512 static void fast_row_avx512(const fast_term *f, int nt, const uint8_t *s,
                                             int ch, int w, uint8_t *out)
{
    const __m512i k31 = _mm512_set1_epi32(31),
                  one = _mm512_set1_epi32(1), s1 = _mm512_set1_epi32(65536),
                  s2 = _mm512_set1_epi32(2 * 65536);
    int x = 0, need = ch == 3 ? 18 : 16; /* 3 channels: 52 bytes read */
    for (; x + need <= w; x += 16) {
        __m512i r, g, b;
        cs_rgb16_avx512(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        __m512i M = _mm512_max_epi32(_mm512_max_epi32(r, g), b);
        __m512i m = _mm512_min_epi32(_mm512_min_epi32(r, g), b);
        __m512i d = _mm512_sub_epi32(M, m);
        __mmask16 isr = _mm512_cmpeq_epi32_mask(r, M);
        __mmask16 isg = _mm512_cmpeq_epi32_mask(g, M) & (__mmask16)~isr;
        __m512i n = _mm512_sub_epi32(r, g);
        n = _mm512_mask_sub_epi32(n, isg, b, r);
        n = _mm512_mask_sub_epi32(n, isr, g, b);
        __m512i sec = _mm512_mask_mov_epi32(s2, isg, s1);
        sec = _mm512_maskz_mov_epi32((__mmask16)~isr, sec);
        __m512i imd = _mm512_or_si512(_mm512_slli_epi32(M, 8), d);
        __m512i ih = _mm512_add_epi32(_mm512_add_epi32(sec, _mm512_mullo_epi32(d, d)),
                                      _mm512_add_epi32(n, d));
        __m512i wmd = _mm512_srli_epi32(imd, 5), sm = _mm512_and_si512(imd, k31);
        __m512i wh = _mm512_srli_epi32(ih, 5), sh = _mm512_and_si512(ih, k31);
        __mmask16 acc = 0;
        for (int k = 0; k < nt; k++) {
            __m512i a = _mm512_i32gather_epi32(wmd, (const void *)f[k].md, 4);
            __m512i c = _mm512_i32gather_epi32(wh, (const void *)f[k].hue, 4);
            a = _mm512_and_si512(_mm512_srlv_epi32(a, sm), _mm512_srlv_epi32(c, sh));
            acc |= _mm512_test_epi32_mask(a, one);
        }
        _mm_storeu_si128((__m128i *)(out + x), _mm_movm_epi8(acc));
    }
    if (x < w)
        fast_row(f, nt, s + (size_t)x * (size_t)ch, ch, w - x, out + x);
}
/* OpenCV units of hsv: the bytes themselves, as RGB2HSV_b computes them,
 * then integer bounds, without tables (gathers are slow on some CPUs).
 * hdiv[d] = round(122880 / d) is the float quotient rounded to nearest
 * (no quotient lies within its float error, 0.008, of a half); sdiv[v] =
 * round(1044480 / v) is the float quotient rounded, corrected by one from
 * the exact remainder (the error there is up to 0.07); d = 0 and v = 0
 * multiply their garbage by 0.  A byte passes [lo, hi] as ceil(lo) <= v <=
 * floor(hi) (or either, wrapping). */
CS_TARGET_AVX512 static void cv_row_avx512(const cv_bounds *cb, int nt, const fast_term *f,
                                           const uint8_t *s, int ch, int w, uint8_t *out)
{
    const __m512i half = _mm512_set1_epi32(2048),
                  k180 = _mm512_set1_epi32(180), k1044480 = _mm512_set1_epi32(1044480),
                  one = _mm512_set1_epi32(1), zero = _mm512_setzero_si512();
    const __m512 f122880 = _mm512_set1_ps(122880.f), f1044480 = _mm512_set1_ps(1044480.f);
    int x = 0, need = ch == 3 ? 18 : 16;
    for (; x + need <= w; x += 16) {
        __m512i r, g, b;
        cs_rgb16_avx512(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        __m512i M = _mm512_max_epi32(_mm512_max_epi32(r, g), b);
        __m512i m = _mm512_min_epi32(_mm512_min_epi32(r, g), b);
        __m512i d = _mm512_sub_epi32(M, m);
        __mmask16 isr = _mm512_cmpeq_epi32_mask(r, M);
        __mmask16 isg = _mm512_cmpeq_epi32_mask(g, M) & (__mmask16)~isr;
        __m512i d2 = _mm512_add_epi32(d, d);
        __m512i hr = _mm512_add_epi32(_mm512_sub_epi32(r, g), _mm512_add_epi32(d2, d2));
        hr = _mm512_mask_mov_epi32(hr, isg, _mm512_add_epi32(_mm512_sub_epi32(b, r), d2));
        hr = _mm512_mask_sub_epi32(hr, isr, g, b);
        __m512i hdiv = _mm512_cvtps_epi32(_mm512_div_ps(f122880, _mm512_cvtepi32_ps(d)));
        __m512i h = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(hr, hdiv), half), 12);
        h = _mm512_mask_add_epi32(h, _mm512_cmplt_epi32_mask(h, zero), h, k180);
        __m512i q = _mm512_cvtps_epi32(_mm512_div_ps(f1044480, _mm512_cvtepi32_ps(M)));
        __m512i rem = _mm512_sub_epi32(k1044480, _mm512_mullo_epi32(q, M));
        __m512i rem2 = _mm512_add_epi32(rem, rem);
        q = _mm512_mask_add_epi32(q, _mm512_cmpgt_epi32_mask(rem2, M), q, one);
        q = _mm512_mask_sub_epi32(q, _mm512_cmplt_epi32_mask(rem2, _mm512_sub_epi32(zero, M)), q,
                                  one);
        __m512i sv = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(d, q), half), 12);
        const __m512i val[3] = {h, sv, M};
        __mmask16 acc = 0;
        for (int k = 0; k < nt; k++) {
            __mmask16 ok = 0xffff;
            for (int c = 0; c < 3; c++) {
                __mmask16 a = _mm512_cmpge_epi32_mask(val[c], _mm512_set1_epi32(cb->lo[k][c]));
                __mmask16 z = _mm512_cmple_epi32_mask(val[c], _mm512_set1_epi32(cb->hi[k][c]));
                ok &= cb->wrap[k][c] ? (a | z) : (a & z);
            }
            acc |= ok;
        }
        _mm_storeu_si128((__m128i *)(out + x), _mm_movm_epi8(acc));
    }
    if (x < w)
        fast_row(f, nt, s + (size_t)x * (size_t)ch, ch, w - x, out + x);
}

CS_TARGET_AVX2 static void cv_row_avx2(const cv_bounds *cb, int nt, const fast_term *f,
                                       const uint8_t *s, int ch, int w, uint8_t *out)
{
    const __m256i half = _mm256_set1_epi32(2048),
                  k180 = _mm256_set1_epi32(180), k1044480 = _mm256_set1_epi32(1044480),
                  zero = _mm256_setzero_si256();
    const __m256 f122880 = _mm256_set1_ps(122880.f), f1044480 = _mm256_set1_ps(1044480.f);
    int x = 0, need = ch == 3 ? 10 : 8;
    for (; x + need <= w; x += 8) {
        __m256i r, g, b;
        cs_rgb8_avx2(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        __m256i M = _mm256_max_epi32(_mm256_max_epi32(r, g), b);
        __m256i m = _mm256_min_epi32(_mm256_min_epi32(r, g), b);
        __m256i d = _mm256_sub_epi32(M, m);
        __m256i isr = _mm256_cmpeq_epi32(r, M);
        __m256i isg = _mm256_andnot_si256(isr, _mm256_cmpeq_epi32(g, M));
        __m256i d2 = _mm256_add_epi32(d, d);
        __m256i hr = _mm256_add_epi32(_mm256_sub_epi32(r, g), _mm256_add_epi32(d2, d2));
        hr = _mm256_blendv_epi8(hr, _mm256_add_epi32(_mm256_sub_epi32(b, r), d2), isg);
        hr = _mm256_blendv_epi8(hr, _mm256_sub_epi32(g, b), isr);
        __m256i hdiv = _mm256_cvtps_epi32(_mm256_div_ps(f122880, _mm256_cvtepi32_ps(d)));
        __m256i h = _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(hr, hdiv), half), 12);
        h = _mm256_add_epi32(h, _mm256_and_si256(_mm256_cmpgt_epi32(zero, h), k180));
        __m256i q = _mm256_cvtps_epi32(_mm256_div_ps(f1044480, _mm256_cvtepi32_ps(M)));
        __m256i rem = _mm256_sub_epi32(k1044480, _mm256_mullo_epi32(q, M));
        __m256i rem2 = _mm256_add_epi32(rem, rem);
        q = _mm256_sub_epi32(q, _mm256_cmpgt_epi32(rem2, M)); /* -(-1) */
        q = _mm256_add_epi32(q, _mm256_cmpgt_epi32(_mm256_sub_epi32(zero, M), rem2));
        __m256i sv = _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(d, q), half), 12);
        const __m256i val[3] = {h, sv, M};
        __m256i acc = zero;
        for (int k = 0; k < nt; k++) {
            __m256i ok = _mm256_set1_epi32(-1);
            for (int c = 0; c < 3; c++) {
                /* v >= lo: !(lo > v); v <= hi: !(v > hi) */
                __m256i nlo = _mm256_cmpgt_epi32(_mm256_set1_epi32(cb->lo[k][c]), val[c]);
                __m256i nhi = _mm256_cmpgt_epi32(val[c], _mm256_set1_epi32(cb->hi[k][c]));
                __m256i bad = cb->wrap[k][c] ? _mm256_and_si256(nlo, nhi) : _mm256_or_si256(nlo, nhi);
                ok = _mm256_andnot_si256(bad, ok);
            }
            acc = _mm256_or_si256(acc, ok);
        }
        __m128i p16 = _mm_packs_epi32(_mm256_castsi256_si128(acc),
                                      _mm256_extracti128_si256(acc, 1));
        _mm_storel_epi64((__m128i *)(out + x), _mm_packs_epi16(p16, p16));
    }
    if (x < w)
        fast_row(f, nt, s + (size_t)x * (size_t)ch, ch, w - x, out + x);
}

/* OpenCV units of hsv without the bytes (AVX2 32, AVX-512 64 pixels at a
 * time, 3 channels).  OpenCV's H is floor(t + 1/2 + e) mod 180 with t = 30 hr / d
 * the exact hue (0 <= t < 180) and e its table error, |e| <= |hr| / 8192
 * (hdiv[d] within 1/2 of 122880 / d, |hr| <= 5 d); S is floor(255 d / v +
 * 1/2 + e') with |e'| <= d / 8192.  So a condition on a byte is one on t
 * (or on d / v) against half-integers, decided by cross-multiplying in
 * 16-bit lanes: within sector s (red with g >= b: 0, green 1, blue 2, red
 * with g < b: 3) t = 60 s + 30 n / d, n the difference of the other two
 * samples (|n| <= d), so t >= P / 2 <=> X = 60 n - (P - 120 s) d >= 0 (the
 * factor clamped to +-61: beyond it the sign is that of the clamp); and S >=
 * L <=> W = 255 d + (v >> 1) - L v >= 0.  That is OpenCV's answer unless
 * the value lies within its error of the half-integer: |X| <= 5 d^2 / 4096
 * or |W| <= 8; those pixels (~0.2% of all colours) are decided by the
 * exact tables, one at a time.  d = 0 (gray) has H = S = 0. */
typedef struct cv_plan_term {
    int has_h, h_or;              /* t in [P1/2, P2/2): and (P1 < P2) or or (wrapping) */
    int16_t q1[8], q2[8];         /* the clamped factors by sector (0..3) */
    int has_slo, has_shi, slo, shi1; /* S >= slo; S < shi1 */
    uint8_t vlo, vhi;
    int c0;                       /* H = S = 0 passes */
} cv_plan_term;

typedef struct cv_plan {
    int nt;
    cv_plan_term t[SEGKIT_RANGE_MAX_TERMS];
} cv_plan;

static void cv_plan_factors(int P, int16_t q[8])
{
    memset(q, 0, 8 * sizeof *q);
    for (int s = 0; s < 4; s++) {
        int f = P - 120 * s;
        q[s] = (int16_t)(f < -61 ? -61 : f > 61 ? 61 : f);
    }
}

/* the terms a pixel can pass, from the byte bounds */
static void cv_plan_init(const cv_bounds *cb, int nterms, cv_plan *p)
{
    p->nt = 0;
    for (int k = 0; k < nterms; k++) {
        cv_plan_term t;
        memset(&t, 0, sizeof t);
        int ok[180], n = 0;
        for (int v = 0; v < 180; v++) {
            int a = v >= cb->lo[k][0], z = v <= cb->hi[k][0];
            ok[v] = cb->wrap[k][0] ? a | z : a & z;
            n += ok[v];
        }
        int slo = cb->lo[k][1] < 0 ? 0 : cb->lo[k][1];
        int shi = cb->hi[k][1] > 255 ? 255 : cb->hi[k][1];
        int vlo = cb->lo[k][2] < 0 ? 0 : cb->lo[k][2];
        int vhi = cb->hi[k][2] > 255 ? 255 : cb->hi[k][2];
        if (n == 0 || slo > shi || vlo > vhi)
            continue; /* no pixel passes this term */
        if (n < 180) {
            int a = 0, e = 0;
            for (int v = 0; v < 180; v++) {
                if (ok[v] && !ok[(v + 179) % 180])
                    a = v;
                if (ok[v] && !ok[(v + 1) % 180])
                    e = v;
            }
            int P1 = (2 * a + 359) % 360, P2 = (2 * e + 1) % 360;
            t.has_h = 1;
            t.h_or = P1 > P2;
            cv_plan_factors(P1, t.q1);
            cv_plan_factors(P2, t.q2);
        }
        t.has_slo = slo > 0, t.slo = slo;
        t.has_shi = shi < 255, t.shi1 = shi + 1;
        t.vlo = (uint8_t)vlo, t.vhi = (uint8_t)vhi;
        t.c0 = ok[0] && slo == 0;
        p->t[p->nt++] = t;
    }
}

/* a term on 16 pixels (16-bit lanes): sure pass and sure fail */
CS_TARGET_AVX2 CS_INLINE void cv_term16(const cv_plan_term *t, __m256i d, __m256i M, __m256i n60,
                                        __m256i idx, __m256i bp1, __m256i A, __m256i *pass,
                                        __m256i *fail)
{
    const __m256i ones = _mm256_set1_epi16(-1);
    __m256i in = ones, amb = _mm256_setzero_si256(), out = _mm256_setzero_si256();
    if (t->has_h) {
        __m256i q1 = _mm256_shuffle_epi8(
            _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->q1)), idx);
        __m256i q2 = _mm256_shuffle_epi8(
            _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t->q2)), idx);
        __m256i x1 = _mm256_sub_epi16(n60, _mm256_mullo_epi16(q1, d));
        __m256i x2 = _mm256_sub_epi16(n60, _mm256_mullo_epi16(q2, d));
        __m256i ge1 = _mm256_cmpgt_epi16(x1, ones), ge2 = _mm256_cmpgt_epi16(x2, ones);
        __m256i hin = t->h_or ? _mm256_xor_si256(_mm256_andnot_si256(ge1, ge2), ones)
                              : _mm256_andnot_si256(ge2, ge1);
        __m256i hamb = _mm256_or_si256(_mm256_cmpgt_epi16(bp1, _mm256_abs_epi16(x1)),
                                       _mm256_cmpgt_epi16(bp1, _mm256_abs_epi16(x2)));
        in = hin;
        amb = hamb;
        out = _mm256_andnot_si256(hamb, _mm256_xor_si256(hin, ones));
    }
    if (t->has_slo | t->has_shi) {
        const __m256i k8 = _mm256_set1_epi16(8), k16 = _mm256_set1_epi16(16);
        __m256i sin = ones, samb = _mm256_setzero_si256();
        if (t->has_slo) {
            __m256i lm = _mm256_mullo_epi16(M, _mm256_set1_epi16((short)t->slo));
            sin = _mm256_cmpeq_epi16(_mm256_max_epu16(A, lm), A);
            __m256i w = _mm256_add_epi16(_mm256_sub_epi16(A, lm), k8);
            samb = _mm256_cmpeq_epi16(_mm256_min_epu16(w, k16), w);
        }
        if (t->has_shi) {
            __m256i lm = _mm256_mullo_epi16(M, _mm256_set1_epi16((short)t->shi1));
            sin = _mm256_andnot_si256(_mm256_cmpeq_epi16(_mm256_max_epu16(A, lm), A), sin);
            __m256i w = _mm256_add_epi16(_mm256_sub_epi16(A, lm), k8);
            samb = _mm256_or_si256(samb, _mm256_cmpeq_epi16(_mm256_min_epu16(w, k16), w));
        }
        in = _mm256_and_si256(in, sin);
        amb = _mm256_or_si256(amb, samb);
        out = _mm256_or_si256(out, _mm256_andnot_si256(samb, _mm256_xor_si256(sin, ones)));
    }
    *pass = _mm256_andnot_si256(amb, in);
    *fail = out;
}

/* 32 pixels of 3-channel rows into r, g, b bytes (pixel order) */
CS_TARGET_AVX2 CS_INLINE void cs_rgb32_avx2(const uint8_t *s, __m256i *r, __m256i *g, __m256i *b)
{
#define Z -1
    __m256i a = _mm256_loadu2_m128i((const __m128i *)(s + 48), (const __m128i *)s);
    __m256i bb = _mm256_loadu2_m128i((const __m128i *)(s + 64), (const __m128i *)(s + 16));
    __m256i c = _mm256_loadu2_m128i((const __m128i *)(s + 80), (const __m128i *)(s + 32));
    /* bytes 0..47 of each lane: channel k of pixel i at 3 i + k */
#define SEL(k, part)                                                                          \
    _mm256_broadcastsi128_si256(_mm_setr_epi8(                                                 \
        CS_PICK(k, part, 0), CS_PICK(k, part, 1), CS_PICK(k, part, 2), CS_PICK(k, part, 3),    \
        CS_PICK(k, part, 4), CS_PICK(k, part, 5), CS_PICK(k, part, 6), CS_PICK(k, part, 7),    \
        CS_PICK(k, part, 8), CS_PICK(k, part, 9), CS_PICK(k, part, 10), CS_PICK(k, part, 11),  \
        CS_PICK(k, part, 12), CS_PICK(k, part, 13), CS_PICK(k, part, 14), CS_PICK(k, part, 15)))
#define CS_PICK(k, part, i) ((3 * (i) + (k)) / 16 == (part) ? (3 * (i) + (k)) % 16 : Z)
    *r = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, SEL(0, 0)),
                                         _mm256_shuffle_epi8(bb, SEL(0, 1))),
                         _mm256_shuffle_epi8(c, SEL(0, 2)));
    *g = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, SEL(1, 0)),
                                         _mm256_shuffle_epi8(bb, SEL(1, 1))),
                         _mm256_shuffle_epi8(c, SEL(1, 2)));
    *b = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, SEL(2, 0)),
                                         _mm256_shuffle_epi8(bb, SEL(2, 1))),
                         _mm256_shuffle_epi8(c, SEL(2, 2)));
#undef CS_PICK
#undef SEL
#undef Z
}

static inline int fast_pixel(const fast_term *f, int nt, const uint8_t *s)
{
    int imd, ih;
    fast_index(s[0], s[1], s[2], &imd, &ih);
    for (int k = 0; k < nt; k++)
        if (bit(f[k].md, imd) & bit(f[k].hue, ih))
            return 255;
    return 0;
}

CS_TARGET_AVX2 static void cv_row32_avx2(const cv_plan *p, const cv_bounds *cb, int nt,
                                         const fast_term *f, const uint8_t *s, int w,
                                         uint8_t *out)
{
    const __m256i zero = _mm256_setzero_si256(), k2 = _mm256_set1_epi8(2),
                  k3 = _mm256_set1_epi8(3), k60 = _mm256_set1_epi16(60),
                  k80 = _mm256_set1_epi16(80), k255 = _mm256_set1_epi16(255),
                  one16 = _mm256_set1_epi16(1), one8 = _mm256_set1_epi8(1),
                  ones8 = _mm256_set1_epi8(-1);
    int x = 0;
    for (; x + 32 <= w; x += 32) {
        const uint8_t *px = s + (size_t)x * 3;
        __m256i r, g, b;
        cs_rgb32_avx2(px, &r, &g, &b);
        __m256i M = _mm256_max_epu8(_mm256_max_epu8(r, g), b);
        __m256i m = _mm256_min_epu8(_mm256_min_epu8(r, g), b);
        __m256i d = _mm256_sub_epi8(M, m);
        __m256i dz = _mm256_cmpeq_epi8(d, zero);
        __m256i isr = _mm256_cmpeq_epi8(r, M);
        __m256i isg = _mm256_andnot_si256(isr, _mm256_cmpeq_epi8(g, M));
        /* n = a - c: g - b (red), b - r (green), r - g (blue) */
        __m256i a = _mm256_blendv_epi8(_mm256_blendv_epi8(r, b, isg), g, isr);
        __m256i c = _mm256_blendv_epi8(_mm256_blendv_epi8(g, r, isg), b, isr);
        __m256i gneb = _mm256_cmpeq_epi8(_mm256_max_epu8(g, b), g); /* g >= b */
        __m256i sec = _mm256_blendv_epi8(_mm256_add_epi8(k2, isg), _mm256_andnot_si256(gneb, k3),
                                         isr);
        sec = _mm256_add_epi8(sec, sec); /* pshufb index of the low byte */
        __m256i secp = _mm256_add_epi8(sec, one8);
        __m256i d16[2], M16[2], n60[2], idx[2], bp1[2], A[2];
#define unpack(x, y) (h ? _mm256_unpackhi_epi8(x, y) : _mm256_unpacklo_epi8(x, y))
        for (int h = 0; h < 2; h++) {
            d16[h] = unpack(d, zero);
            M16[h] = unpack(M, zero);
            n60[h] = _mm256_mullo_epi16(_mm256_sub_epi16(unpack(a, zero), unpack(c, zero)), k60);
            idx[h] = unpack(sec, secp);
            bp1[h] = _mm256_add_epi16(_mm256_mulhi_epu16(d16[h], _mm256_mullo_epi16(d16[h], k80)),
                                      one16);
            A[h] = _mm256_add_epi16(_mm256_mullo_epi16(d16[h], k255), _mm256_srli_epi16(M16[h], 1));
        }
#undef unpack
        __m256i pass = zero, maybe = zero;
        for (int k = 0; k < p->nt; k++) {
            const cv_plan_term *t = &p->t[k];
            __m256i ps[2], fl[2];
            for (int h = 0; h < 2; h++)
                cv_term16(t, d16[h], M16[h], n60[h], idx[h], bp1[h], A[h], &ps[h], &fl[h]);
            __m256i tp = _mm256_packs_epi16(ps[0], ps[1]), tf = _mm256_packs_epi16(fl[0], fl[1]);
            __m256i c0 = _mm256_set1_epi8(t->c0 ? -1 : 0);
            tp = _mm256_blendv_epi8(tp, c0, dz);
            __m256i tm = _mm256_blendv_epi8(_mm256_xor_si256(tf, ones8), c0, dz);
            __m256i v = _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_max_epu8(M, _mm256_set1_epi8((char)t->vlo)), M),
                _mm256_cmpeq_epi8(_mm256_min_epu8(M, _mm256_set1_epi8((char)t->vhi)), M));
            pass = _mm256_or_si256(pass, _mm256_and_si256(tp, v));
            maybe = _mm256_or_si256(maybe, _mm256_and_si256(tm, v));
        }
        _mm256_storeu_si256((__m256i *)(out + x), pass);
        /* the pixels within the error of a bound: by the tables */
        unsigned left = (unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(pass, maybe));
        while (left) {
            int i = __builtin_ctz(left);
            left &= left - 1;
            out[x + i] = (uint8_t)fast_pixel(f, nt, px + 3 * i);
        }
    }
    if (x < w)
        cv_row_avx2(cb, nt, f, s + (size_t)x * 3, 3, w - x, out + x);
}

/* cv_row32_avx2 with AVX-512 BW: 64 pixels a step, the per-pixel flags in
 * mask registers, the factor by sector through vpermw */
CS_TARGET_AVX512 static void cv_row64_avx512(const cv_plan *p, const cv_bounds *cb, int nt,
                                             const fast_term *f, const uint8_t *s, int w,
                                             uint8_t *out)
{
    const __m512i zero = _mm512_setzero_si512(), k60 = _mm512_set1_epi16(60),
                  k80 = _mm512_set1_epi16(80), k255 = _mm512_set1_epi16(255),
                  one16 = _mm512_set1_epi16(1), k8 = _mm512_set1_epi16(8),
                  k16 = _mm512_set1_epi16(16), m1 = _mm512_set1_epi16(-1);
    int x = 0;
    for (; x + 64 <= w; x += 64) {
        const uint8_t *px = s + (size_t)x * 3;
        __m512i in[3];
        for (int part = 0; part < 3; part++) { /* lane k: pixels 16 k .. 16 k + 15 */
            __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(px + 16 * part)));
            v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(px + 48 + 16 * part)), 1);
            v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(px + 96 + 16 * part)), 2);
            in[part] = _mm512_inserti32x4(
                v, _mm_loadu_si128((const __m128i *)(px + 144 + 16 * part)), 3);
        }
        __m512i ch[3];
#define CS_PICK(k, part, i) ((3 * (i) + (k)) / 16 == (part) ? (3 * (i) + (k)) % 16 : -1)
#define SEL(k, part)                                                                          \
    _mm512_broadcast_i32x4(_mm_setr_epi8(                                                      \
        CS_PICK(k, part, 0), CS_PICK(k, part, 1), CS_PICK(k, part, 2), CS_PICK(k, part, 3),    \
        CS_PICK(k, part, 4), CS_PICK(k, part, 5), CS_PICK(k, part, 6), CS_PICK(k, part, 7),    \
        CS_PICK(k, part, 8), CS_PICK(k, part, 9), CS_PICK(k, part, 10), CS_PICK(k, part, 11),  \
        CS_PICK(k, part, 12), CS_PICK(k, part, 13), CS_PICK(k, part, 14), CS_PICK(k, part, 15)))
        for (int k = 0; k < 3; k++)
            ch[k] = _mm512_or_si512(_mm512_or_si512(_mm512_shuffle_epi8(in[0], SEL(k, 0)),
                                                    _mm512_shuffle_epi8(in[1], SEL(k, 1))),
                                    _mm512_shuffle_epi8(in[2], SEL(k, 2)));
#undef SEL
#undef CS_PICK
        __m512i r = ch[0], g = ch[1], b = ch[2];
        __m512i M = _mm512_max_epu8(_mm512_max_epu8(r, g), b);
        __m512i d = _mm512_sub_epi8(M, _mm512_min_epu8(_mm512_min_epu8(r, g), b));
        __mmask64 dz = _mm512_cmpeq_epi8_mask(d, zero);
        __mmask64 isr = _mm512_cmpeq_epi8_mask(r, M);
        __mmask64 isg = _mm512_cmpeq_epi8_mask(g, M) & ~isr;
        /* n = a - c: g - b (red), b - r (green), r - g (blue) */
        __m512i a = _mm512_mask_blend_epi8(isr, _mm512_mask_blend_epi8(isg, r, b), g);
        __m512i c = _mm512_mask_blend_epi8(isr, _mm512_mask_blend_epi8(isg, g, r), b);
        __mmask64 glb = _mm512_cmplt_epu8_mask(g, b);
        __m512i sec = _mm512_mask_blend_epi8(isg, _mm512_set1_epi8(2), _mm512_set1_epi8(1));
        sec = _mm512_mask_blend_epi8(isr, sec, _mm512_maskz_mov_epi8(glb, _mm512_set1_epi8(3)));
        __m512i d16[2], M16[2], n60[2], sec16[2], bp1[2], A[2];
        for (int h = 0; h < 2; h++) { /* pixels 32 h .. 32 h + 31 */
#define HALF(v) _mm512_cvtepu8_epi16(h ? _mm512_extracti64x4_epi64(v, 1) : _mm512_castsi512_si256(v))
            d16[h] = HALF(d);
            M16[h] = HALF(M);
            n60[h] = _mm512_mullo_epi16(_mm512_sub_epi16(HALF(a), HALF(c)), k60);
            sec16[h] = HALF(sec);
#undef HALF
            bp1[h] = _mm512_add_epi16(_mm512_mulhi_epu16(d16[h], _mm512_mullo_epi16(d16[h], k80)),
                                      one16);
            A[h] = _mm512_add_epi16(_mm512_mullo_epi16(d16[h], k255), _mm512_srli_epi16(M16[h], 1));
        }
        __mmask64 pass = 0, maybe = 0;
        for (int k = 0; k < p->nt; k++) {
            const cv_plan_term *t = &p->t[k];
            __mmask32 ps[2], fl[2];
            for (int h = 0; h < 2; h++) {
                __mmask32 tin = 0xffffffffu, amb = 0, tout = 0;
                if (t->has_h) {
                    __m512i q1 = _mm512_permutexvar_epi16(
                        sec16[h], _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)t->q1)));
                    __m512i q2 = _mm512_permutexvar_epi16(
                        sec16[h], _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)t->q2)));
                    __m512i x1 = _mm512_sub_epi16(n60[h], _mm512_mullo_epi16(q1, d16[h]));
                    __m512i x2 = _mm512_sub_epi16(n60[h], _mm512_mullo_epi16(q2, d16[h]));
                    __mmask32 ge1 = _mm512_cmpgt_epi16_mask(x1, m1);
                    __mmask32 ge2 = _mm512_cmpgt_epi16_mask(x2, m1);
                    __mmask32 hin = t->h_or ? ge1 | ~ge2 : ge1 & ~ge2;
                    __mmask32 hamb = _mm512_cmpgt_epi16_mask(bp1[h], _mm512_abs_epi16(x1)) |
                                     _mm512_cmpgt_epi16_mask(bp1[h], _mm512_abs_epi16(x2));
                    tin = hin, amb = hamb, tout = ~hin & ~hamb;
                }
                if (t->has_slo | t->has_shi) {
                    __mmask32 sin = 0xffffffffu, samb = 0;
                    if (t->has_slo) {
                        __m512i lm = _mm512_mullo_epi16(M16[h], _mm512_set1_epi16((short)t->slo));
                        sin = _mm512_cmpge_epu16_mask(A[h], lm);
                        samb = _mm512_cmple_epu16_mask(
                            _mm512_add_epi16(_mm512_sub_epi16(A[h], lm), k8), k16);
                    }
                    if (t->has_shi) {
                        __m512i lm = _mm512_mullo_epi16(M16[h], _mm512_set1_epi16((short)t->shi1));
                        sin &= ~_mm512_cmpge_epu16_mask(A[h], lm);
                        samb |= _mm512_cmple_epu16_mask(
                            _mm512_add_epi16(_mm512_sub_epi16(A[h], lm), k8), k16);
                    }
                    tin &= sin, amb |= samb, tout |= ~sin & ~samb;
                }
                ps[h] = tin & ~amb;
                fl[h] = tout;
            }
            __mmask64 tp = (__mmask64)ps[0] | (__mmask64)ps[1] << 32;
            __mmask64 tm = ~((__mmask64)fl[0] | (__mmask64)fl[1] << 32);
            __mmask64 c0 = t->c0 ? dz : 0;
            __mmask64 v = _mm512_cmpge_epu8_mask(M, _mm512_set1_epi8((char)t->vlo)) &
                          _mm512_cmple_epu8_mask(M, _mm512_set1_epi8((char)t->vhi));
            pass |= v & ((tp & ~dz) | c0);
            maybe |= v & ((tm & ~dz) | c0);
        }
        _mm512_storeu_si512((void *)(out + x), _mm512_movm_epi8(pass));
        /* the pixels within the error of a bound: by the tables */
        for (uint64_t left = maybe & ~pass; left; left &= left - 1) {
            int i = __builtin_ctzll(left);
            out[x + i] = (uint8_t)fast_pixel(f, nt, px + 3 * i);
        }
    }
    if (x < w)
        cv_row_avx512(cb, nt, f, s + (size_t)x * 3, 3, w - x, out + x);
}

/* bytes_row, 32 pixels at a time */
CS_TARGET_AVX2 static void bytes_row_avx2(const cv_bounds *cb, int nt, const uint8_t *p, int w,
                                          uint8_t *out)
{
    int x = 0;
    for (; x + 32 <= w; x += 32) {
        __m256i v[3], acc = _mm256_setzero_si256();
        cs_rgb32_avx2(p + (size_t)x * 3, &v[0], &v[1], &v[2]);
        for (int k = 0; k < nt; k++) {
            __m256i ok = _mm256_set1_epi8(-1);
            for (int c = 0; c < 3; c++) {
                int lo = cb->lo[k][c], hi = cb->hi[k][c];
                if (lo > hi) {
                    ok = _mm256_setzero_si256();
                    break;
                }
                if (lo > 0)
                    ok = _mm256_and_si256(ok, _mm256_cmpeq_epi8(
                                                  _mm256_max_epu8(v[c], _mm256_set1_epi8((char)lo)),
                                                  v[c]));
                if (hi < 255)
                    ok = _mm256_and_si256(ok, _mm256_cmpeq_epi8(
                                                  _mm256_min_epu8(v[c], _mm256_set1_epi8((char)hi)),
                                                  v[c]));
            }
            acc = _mm256_or_si256(acc, ok);
        }
        _mm256_storeu_si256((__m256i *)(out + x), acc);
    }
    if (x < w)
        bytes_row(cb, nt, p + (size_t)x * 3, w - x, out + x);
}

#endif

typedef void (*fast_row_fn)(const fast_term *, int, const uint8_t *, int, int, uint8_t *);

static fast_row_fn pick_row(int isa)
{
#if CS_X86
    isa = cs_isa(isa);
    if (isa >= CS_ISA_AVX512)
        return fast_row_avx512;
    if (isa >= CS_ISA_AVX2)
        return fast_row_avx2;
#else
    (void)isa;
#endif
    return fast_row;
}

/* below this many pixels, hsv and hls of 8-bit samples go pixel by pixel
 * instead of through the tables (~160 x 154: where both took as long on
 * a Xeon; 64 x 64 hls 6.4 -> 45 MP/s) */
enum { RANGE_TABLE_MIN_PX = 24576 };

/* lab in OpenCV units: the bytes by segkit_color_convert_opencv's kernels
 * (vector where the CPU has them), a strip of rows of ~256 KiB at a time
 * (they stay in the cache for the byte bounds), then the byte bounds */
static int lab8_mask(const segkit_image *rgb, const segkit_color_ranges *r, segkit_image *mask,
                     int isa)
{
    cv_bounds cb;
    cv_bounds_init(r, &cb);
    int w = rgb->width, rows = (int)((size_t)256 * 1024 / ((size_t)w * 3));
    rows = rows < 1 ? 1 : rows > rgb->height ? rgb->height : rows;
    uint8_t *buf = malloc((size_t)w * 3 * (size_t)rows);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    void (*row)(const cv_bounds *, int, const uint8_t *, int, uint8_t *) = bytes_row;
#if CS_X86
    if (cs_isa(isa) >= CS_ISA_AVX2)
        row = bytes_row_avx2;
#endif
    int st = SEGKIT_OK;
    for (int y0 = 0; y0 < rgb->height && st == SEGKIT_OK; y0 += rows) {
        int n = rgb->height - y0 < rows ? rgb->height - y0 : rows;
        segkit_image in, out;
        st = segkit_image_view(rgb, 0, y0, w, n, &in);
        if (st == SEGKIT_OK)
            st = segkit_image_wrap(&out, buf, w, n, 3, SEGKIT_U8, (size_t)w * 3);
        if (st == SEGKIT_OK)
            st = cs_convert_opencv_isa(&in, SEGKIT_SPACE_LAB, &out, isa);
        for (int i = 0; i < n && st == SEGKIT_OK; i++)
            row(&cb, r->nterms, buf + (size_t)i * (size_t)w * 3, w, segkit_image_row(mask, y0 + i));
    }
    free(buf);
    return st;
}

/* ------------------------------------------------ float vectors + bound */

/* the double formula's answer for one pixel (samples s), remembered for
 * the next pixels of that colour in a small direct-mapped cache (grays and
 * flat areas repeat) */
typedef struct exact_cache {
    uint64_t key[4096]; /* colour + 1; 0 empty */
    uint8_t val[4096];
} exact_cache;

static int exact_pixel(const cs_ctx *c, const segkit_color_ranges *r, const double *dlut,
                       double one, const double s[3])
{
    double v[3];
    if (dlut) { /* u8 cie: cie_from_linear of the table's entries = cs_from_samples */
        double lin[3] = {dlut[(int)s[0]], dlut[(int)s[1]], dlut[(int)s[2]]};
        cie_from_linear(c, lin, v);
    } else {
        cs_from_samples(c, s, one, v);
    }
    for (int i = 0; i < r->nterms; i++)
        if (term_holds(&r->term[i], v))
            return 255;
    return 0;
}

static int approx_mask(const segkit_image *rgb, const segkit_color_ranges *r, const cs_ctx *c,
                       segkit_image *mask, int isa)
{
    int u8 = rgb->type == SEGKIT_U8, nlev = u8 ? 256 : 65536, ch = rgb->channels;
    double one = cs_sample_max(rgb->type);
    int cie = cs_space_is_cie(r->space.id);
    float *lut = cie ? malloc((size_t)nlev * sizeof *lut) : NULL;
    double dlut[256];
    exact_cache *cache = calloc(1, sizeof *cache);
    if ((cie && !lut) || !cache) {
        free(lut);
        free(cache);
        return SEGKIT_ERR_NOMEM;
    }
    if (cie) {
        for (int k = 0; k < nlev; k++)
            lut[k] = (float)cs_srgb_to_linear(k / one);
        cs_linear_lut(dlut, 0);
    }
    ra_space a;
    ra_init(&a, c, one, lut);
    ra_plan plan;
    ra_plan_init(&a, r, &plan);
    isa = cs_isa(isa);
    for (int y = 0; y < rgb->height; y++) {
        const void *row = segkit_image_row(rgb, y);
        uint8_t *out = segkit_image_row(mask, y);
        ra_row(&a, &plan, isa, row, rgb->type, ch, rgb->width, out);
        for (uint8_t *q = memchr(out, 1, (size_t)rgb->width); q;
             q = memchr(q + 1, 1, (size_t)(out + rgb->width - q - 1))) {
            size_t x = (size_t)(q - out) * (size_t)ch;
            uint64_t k;
            double sm[3];
            if (u8) {
                const uint8_t *p = (const uint8_t *)row + x;
                k = (uint64_t)p[0] << 16 | (uint64_t)p[1] << 8 | p[2];
                sm[0] = p[0], sm[1] = p[1], sm[2] = p[2];
            } else {
                const uint16_t *p = (const uint16_t *)row + x;
                k = (uint64_t)p[0] << 32 | (uint64_t)p[1] << 16 | p[2];
                sm[0] = p[0], sm[1] = p[1], sm[2] = p[2];
            }
            size_t h = (size_t)((k * 0x9e3779b97f4a7c15ull) >> 52);
            if (cache->key[h] != k + 1) {
                cache->key[h] = k + 1;
                cache->val[h] = (uint8_t)exact_pixel(c, r, cie && u8 ? dlut : NULL, one, sm);
            }
            *q = cache->val[h];
            if (q + 1 >= out + rgb->width)
                break;
        }
    }
    free(lut);
    free(cache);
    return SEGKIT_OK;
}

/* ------------------------------------------------------------ entry */

static int range_into(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask, int isa);

int segkit_color_range_mask(const segkit_image *rgb, const segkit_color_ranges *r,
                            segkit_image *mask)
{
    if (!mask)
        return SEGKIT_ERR_ARG;
    memset(mask, 0, sizeof *mask);
    if (!rgb || !rgb->data)
        return SEGKIT_ERR_ARG;
    int st = segkit_image_create(mask, rgb->width, rgb->height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    st = range_into(rgb, r, mask, -1);
    if (st != SEGKIT_OK)
        segkit_image_free(mask);
    return st;
}

int segkit_color_range_mask_to(const segkit_image *rgb, const segkit_color_ranges *r,
                               segkit_image *mask)
{
    return cs_range_mask_isa(rgb, r, mask, -1);
}

int cs_range_mask_isa(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask, int isa)
{
    if (!mask || !mask->data || !rgb || !rgb->data)
        return SEGKIT_ERR_ARG;
    if (mask->type != SEGKIT_U8 || mask->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(rgb, mask))
        return SEGKIT_ERR_SIZE;
    return range_into(rgb, r, mask, isa);
}

static int range_into(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask, int isa)
{
    if (!rgb || !rgb->data || !r || (unsigned)r->space.id >= SEGKIT_SPACE_COUNT ||
        r->nterms < 1 || r->nterms > SEGKIT_RANGE_MAX_TERMS)
        return SEGKIT_ERR_ARG;
    for (int i = 0; i < r->nterms; i++) {
        const segkit_range_term *t = &r->term[i];
        if (t->n < 0 || t->n > 3)
            return SEGKIT_ERR_ARG;
        for (int k = 0; k < t->n; k++)
            if ((unsigned)t->cond[k].channel > 2 || isnan(t->cond[k].lo) ||
                isnan(t->cond[k].hi) ||
                (t->cond[k].lo > t->cond[k].hi &&
                 !segkit_color_channel_is_hue(r->space.id, t->cond[k].channel)))
                return SEGKIT_ERR_ARG;
    }
    if (rgb->type == SEGKIT_I32 || rgb->channels < 3 || rgb->channels > 4)
        return SEGKIT_ERR_TYPE;
    if (r->opencv && (rgb->type != SEGKIT_U8 || !segkit_color_has_opencv(r->space.id) ||
                      r->space.d50))
        return SEGKIT_ERR_TYPE;
    if (r->opencv && r->space.id == SEGKIT_SPACE_LAB)
        return lab8_mask(rgb, r, mask, isa);
    if (r->opencv && r->space.id == SEGKIT_SPACE_HLS) {
        ra_bytes p;
        ra_bytes_init(r, &p);
        int level = cs_isa(isa);
        for (int y = 0; y < rgb->height; y++)
            ra_hls8_row(&p, level, segkit_image_row(rgb, y), rgb->channels, rgb->width,
                        segkit_image_row(mask, y));
        return SEGKIT_OK;
    }
    cs_ctx c;
    cs_ctx_init(&c, &r->space);
    const cs_cv *cv = NULL;
    if (r->opencv && (cv = cs_cv_tables(r->space.id)) == NULL)
        goto nomem;
    /* (hls in OpenCV units went to ra_hls8_row above: its hue comes from
     * float differences of the scaled samples, which depend on more than
     * (sector, n, d)) */
    /* the tables take ~0.25-0.6 ms a term to make: a small image is done
     * sooner pixel by pixel below (the same values: the tables are made
     * of them, by ref_values) */
    int fast = rgb->type == SEGKIT_U8 &&
               (uint64_t)rgb->width * (uint64_t)rgb->height >= RANGE_TABLE_MIN_PX &&
               (r->space.id == SEGKIT_SPACE_HSV ||
                (r->space.id == SEGKIT_SPACE_HLS && !r->opencv));
    if (fast) {
        fast_term *f = malloc(sizeof *f * (size_t)r->nterms);
        if (!f)
            goto nomem;
        for (int i = 0; i < r->nterms; i++)
            build_fast(&c, cv, r->opencv, &r->term[i], &f[i]);
#if CS_X86
        int level = cs_isa(isa);
        if (r->opencv && r->space.id == SEGKIT_SPACE_HSV && level >= CS_ISA_AVX2) {
            cv_bounds cb;
            cv_bounds_init(r, &cb);
            cv_plan plan;
            cv_plan_init(&cb, r->nterms, &plan);
            for (int y = 0; y < rgb->height; y++) {
                const uint8_t *in = segkit_image_row(rgb, y);
                uint8_t *o = segkit_image_row(mask, y);
                if (level >= CS_ISA_AVX512 && rgb->channels == 3)
                    cv_row64_avx512(&plan, &cb, r->nterms, f, in, rgb->width, o);
                else if (level >= CS_ISA_AVX512)
                    cv_row_avx512(&cb, r->nterms, f, in, rgb->channels, rgb->width, o);
                else if (rgb->channels == 3)
                    cv_row32_avx2(&plan, &cb, r->nterms, f, in, rgb->width, o);
                else
                    cv_row_avx2(&cb, r->nterms, f, in, rgb->channels, rgb->width, o);
            }
            free(f);
            return SEGKIT_OK;
        }
#endif
        fast_row_fn row = pick_row(isa);
        for (int y = 0; y < rgb->height; y++)
            row(f, r->nterms, segkit_image_row(rgb, y), rgb->channels, rgb->width,
                     segkit_image_row(mask, y));
        free(f);
        return SEGKIT_OK;
    }
    /* u16 only when the image is large enough to pay for its table */
    if (!r->opencv && ra_supported(&r->space, rgb->type) &&
        (rgb->type == SEGKIT_U8 ||
         (uint64_t)rgb->width * (uint64_t)rgb->height >= 65536 ||
         !cs_space_is_cie(r->space.id))) {
        return approx_mask(rgb, r, &c, mask, isa);
    }
    double one = cs_sample_max(rgb->type);
    for (int y = 0; y < rgb->height; y++) {
        const void *row = segkit_image_row(rgb, y);
        uint8_t *out = segkit_image_row(mask, y);
        for (int x = 0; x < rgb->width; x++) {
            double s[3], v[3];
            cs_load_rgb(rgb, row, x, s);
            if (cv) {
                uint8_t o[3];
                cs_cv_pixel(cv, (int)s[0], (int)s[1], (int)s[2], o);
                v[0] = o[0], v[1] = o[1], v[2] = o[2];
            } else {
                cs_from_samples(&c, s, one, v);
            }
            int ok = 0;
            for (int i = 0; i < r->nterms && !ok; i++)
                ok = term_holds(&r->term[i], v);
            out[x] = ok ? 255 : 0;
        }
    }
    return SEGKIT_OK;
nomem:
    return SEGKIT_ERR_NOMEM;
}
