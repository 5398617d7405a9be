/* Range masks: per-channel ranges in any colour space, hue ranges that wrap,
 * several terms OR-ed.
 *
 * The reference is plain: convert each pixel (cs_from_samples, or OpenCV's
 * bytes) and test the conditions.  8-bit RGB in hsv or hls (both units) has
 * an exact fast path: every value of these spaces is a function of
 * (max, d = max - min) and of (sector, n, d), where the sector says which
 * sample is the largest (red first, as OpenCV) and n is the difference of
 * the other two (|n| <= d); so each term becomes two bit tables, built by
 * running the reference on one pixel of each class: conditions on the
 * channels other than hue by (max, d) (8 KiB), on hue by (sector, d, n)
 * (24 KiB, n + d packed after d * d entries). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"

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
    for (int m = 0; m < 256; m++)
        for (int d = 0; d <= m; d++) {
            double v[3];
            ref_values(c, cv, opencv, m, m - d, m - d, v);
            if (term_holds(&rest, v))
                f->md[(m * 256 + d) >> 3] |= (uint8_t)(1u << ((m * 256 + d) & 7));
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

/* ------------------------------------------------------------ entry */

static int range_into(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask);

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
    st = range_into(rgb, r, mask);
    if (st != SEGKIT_OK)
        segkit_image_free(mask);
    return st;
}

int segkit_color_range_mask_to(const segkit_image *rgb, const segkit_color_ranges *r,
                               segkit_image *mask)
{
    if (!mask || !mask->data || !rgb || !rgb->data)
        return SEGKIT_ERR_ARG;
    if (mask->type != SEGKIT_U8 || mask->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(rgb, mask))
        return SEGKIT_ERR_SIZE;
    return range_into(rgb, r, mask);
}

static int range_into(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask)
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
    cs_ctx c;
    cs_ctx_init(&c, &r->space);
    cs_cv *cv = NULL;
    if (r->opencv) {
        cv = malloc(sizeof *cv);
        if (!cv)
            goto nomem;
        cs_cv_init(cv, r->space.id);
    }
    int fast = rgb->type == SEGKIT_U8 &&
               (r->space.id == SEGKIT_SPACE_HSV || r->space.id == SEGKIT_SPACE_HLS);
    if (fast) {
        fast_term *f = malloc(sizeof *f * (size_t)r->nterms);
        if (!f)
            goto nomem;
        for (int i = 0; i < r->nterms; i++)
            build_fast(&c, cv, r->opencv, &r->term[i], &f[i]);
        for (int y = 0; y < rgb->height; y++)
            fast_row(f, r->nterms, segkit_image_row(rgb, y), rgb->channels, rgb->width,
                     segkit_image_row(mask, y));
        free(f);
        free(cv);
        return SEGKIT_OK;
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
    free(cv);
    return SEGKIT_OK;
nomem:
    free(cv);
    return SEGKIT_ERR_NOMEM;
}
