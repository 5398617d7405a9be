/* Local (adaptive) thresholds.
 *
 * Expected values come from
 *  - Doxa's reference binarizations of 2JohnC1V3 (../shared/data/doxa, CC0),
 *    which Doxa asserts bit-exact in Doxa.Test/BinarizationTests.cpp;
 *  - checksums of cv2.adaptiveThreshold masks (snippet below);
 *  - hand-worked cases, derived in the comments.
 * Never from segkit's own output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

/* ---- tiny netpbm readers (P6 RGB 8-bit, P4 bitmap) for the Doxa files ---- */
static int pnm_token(FILE *f, long *v)
{
    int c;
    do {
        c = fgetc(f);
        if (c == '#')
            while (c != '\n' && c != EOF)
                c = fgetc(f);
    } while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if (c < '0' || c > '9')
        return -1;
    *v = 0;
    while (c >= '0' && c <= '9') {
        *v = *v * 10 + (c - '0');
        c = fgetc(f);
    }
    return 0; /* the single whitespace after the token is consumed */
}

/* P6 -> 3-channel u8 image; P4 -> 1-channel u8 mask, 255 where the bit is 1
 * (black = text in Doxa's files). */
static int read_pnm(const char *path, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char m[2];
    long w, h, maxv = 1;
    int rc = -1;
    if (fread(m, 1, 2, f) != 2 || m[0] != 'P' || (m[1] != '6' && m[1] != '4'))
        goto out;
    if (pnm_token(f, &w) || pnm_token(f, &h))
        goto out;
    if (m[1] == '6' && (pnm_token(f, &maxv) || maxv != 255))
        goto out;
    if (segkit_image_create(img, (int)w, (int)h, m[1] == '6' ? 3 : 1, SEGKIT_U8))
        goto out;
    for (int y = 0; y < h; y++) {
        uint8_t *d = segkit_image_row(img, y);
        if (m[1] == '6') {
            if (fread(d, 1, (size_t)w * 3, f) != (size_t)w * 3)
                goto out;
        } else {
            size_t nb = (size_t)(w + 7) / 8;
            uint8_t buf[4096];
            if (nb > sizeof buf || fread(buf, 1, nb, f) != nb)
                goto out;
            for (int x = 0; x < w; x++)
                d[x] = (buf[x / 8] >> (7 - x % 8)) & 1 ? 255 : 0;
        }
    }
    rc = 0;
out:
    fclose(f);
    if (rc)
        segkit_image_free(img);
    return rc;
}

static long count_diff(const segkit_image *a, const segkit_image *b)
{
    if (a->width != b->width || a->height != b->height)
        return -1;
    long n = 0;
    for (int y = 0; y < a->height; y++) {
        const uint8_t *p = segkit_image_row(a, y), *q = segkit_image_row(b, y);
        for (int x = 0; x < a->width; x++)
            n += p[x] != q[x];
    }
    return n;
}

/* Builds a 1-channel u8 image from a literal. */
static segkit_image make_u8(int w, int h, const uint8_t *v)
{
    segkit_image img;
    segkit_image_create(&img, w, h, 1, SEGKIT_U8);
    for (int y = 0; y < h; y++)
        memcpy(segkit_image_row(&img, y), v + (size_t)y * w, (size_t)w);
    return img;
}

/* 1 when the w x h u8 mask m equals want; else prints the differing pixels
 * of the first row that differs (labelled what + tag) and returns 0. */
static int mask_matches(const segkit_image *m, int w, int h,
                        const uint8_t *want, const char *what, const char *tag)
{
    int ok = 1;
    for (int y = 0; ok && y < h; y++) {
        const uint8_t *r = segkit_image_row(m, y);
        for (int x = 0; x < w; x++) {
            if (r[x] != want[y * w + x]) {
                fprintf(stderr, "%s%s: pixel (%d,%d) = %d, want %d\n", what,
                        tag, x, y, r[x], want[y * w + x]);
                ok = 0;
            }
        }
    }
    return ok;
}

/* Runs a method and compares with the expected 0/255 mask. */
static int run_case(const char *what, int w, int h, const uint8_t *in,
                    segkit_local_method m, const segkit_local_params *p,
                    int dark, const uint8_t *want)
{
    segkit_image img = make_u8(w, h, in), out;
    int st = segkit_threshold_local(&img, m, p, dark, &out);
    int ok = st == SEGKIT_OK;
    if (!ok)
        fprintf(stderr, "%s: %s\n", what, segkit_strerror(st));
    if (ok)
        ok = mask_matches(&out, w, h, want, what, "");
    segkit_image_free(&out);
    /* the same into an existing buffer full of another value: every pixel
     * must be written */
    segkit_image buf;
    segkit_image_create(&buf, w, h, 1, SEGKIT_U8);
    for (int y = 0; y < h; y++)
        memset(segkit_image_row(&buf, y), 0x5a, (size_t)w);
    st = segkit_threshold_local_to(&img, m, p, dark, &buf);
    if (st != SEGKIT_OK) {
        fprintf(stderr, "%s (_to): %s\n", what, segkit_strerror(st));
        ok = 0;
    }
    if (st == SEGKIT_OK && !mask_matches(&buf, w, h, want, what, " (_to)"))
        ok = 0;
    segkit_image_free(&buf);
    segkit_image_free(&img);
    return ok;
}

/* Parameters for the worked cases: explicit window, C 0 and Bernsen
 * contrast limit 15 (the values the cases below were worked out with), so
 * that they do not depend on the defaults; k and R are set by each case
 * that uses them. */
static segkit_local_params P(int window)
{
    segkit_local_params p = segkit_local_params_default();
    p.window = window;
    p.c = 0;
    p.contrast = 15;
    return p;
}

static void test_api(void)
{
    segkit_local_method m;
    CHECK(segkit_local_method_parse("Sauvola", &m) == SEGKIT_OK && m == SEGKIT_LOCAL_SAUVOLA);
    CHECK(segkit_local_method_parse("nope", &m) == SEGKIT_ERR_ARG);
    for (int i = 0; i < SEGKIT_LOCAL_METHOD_COUNT; i++) {
        CHECK(segkit_local_method_parse(segkit_local_method_name(i), &m) == SEGKIT_OK &&
              (int)m == i);
    }
    CHECK(segkit_local_method_name(SEGKIT_LOCAL_METHOD_COUNT) == NULL);
    segkit_border b;
    CHECK(segkit_border_parse("reflect", &b) == SEGKIT_OK && b == SEGKIT_BORDER_REFLECT);
    CHECK(segkit_border_parse("Symmetric", &b) == SEGKIT_OK && b == SEGKIT_BORDER_SYMMETRIC);
    CHECK(strcmp(segkit_border_name(SEGKIT_BORDER_SYMMETRIC), "symmetric") == 0);
    CHECK(segkit_border_name(SEGKIT_BORDER_COUNT) == NULL);
    CHECK(segkit_border_parse("wrap", &b) == SEGKIT_ERR_ARG);

    uint8_t px[4] = {1, 2, 3, 4};
    segkit_image img = make_u8(2, 2, px), out;
    segkit_local_params p = P(-1);
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_ERR_ARG);
    CHECK(out.data == NULL);
    /* the largest window (larger than the image: clip = the whole image,
     * mean 2.5, so 3 and 4 are foreground); one more is a bad argument */
    p = P(SEGKIT_LOCAL_MAX_WINDOW);
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_OK);
    CHECK(out.data && ((uint8_t *)segkit_image_row(&out, 0))[0] == 0 &&
          ((uint8_t *)segkit_image_row(&out, 0))[1] == 0 &&
          ((uint8_t *)segkit_image_row(&out, 1))[0] == 255 &&
          ((uint8_t *)segkit_image_row(&out, 1))[1] == 255);
    segkit_image_free(&out);
    p = P(SEGKIT_LOCAL_MAX_WINDOW + 1);
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_SAUVOLA, &p, 0, &out) == SEGKIT_ERR_ARG);
    CHECK(out.data == NULL);
    p = P(3);
    p.c = INFINITY;
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_ERR_ARG);
    p = P(3);
    p.r = -1;
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_SAUVOLA, &p, 0, &out) == SEGKIT_ERR_ARG);
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_METHOD_COUNT, &p, 0, &out) == SEGKIT_ERR_ARG);
    p = P(3);
    p.connectivity = 6;
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_HYSTERESIS, &p, 0, &out) == SEGKIT_ERR_ARG);
    p = P(4);
    p.opencv = 1;
    CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_ERR_ARG);
    p = P(3);
    CHECK(segkit_threshold_local(NULL, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_ERR_ARG);
    segkit_image rgb;
    segkit_image_create(&rgb, 2, 2, 3, SEGKIT_U8);
    CHECK(segkit_threshold_local(&rgb, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_ERR_TYPE);
    segkit_image_free(&rgb);

    /* segkit_threshold_local_to: out must be 1-channel u8 of gray's size and
     * must not overlap gray */
    segkit_image o8, o16, small;
    segkit_image_create(&o8, 2, 2, 1, SEGKIT_U8);
    segkit_image_create(&o16, 2, 2, 1, SEGKIT_U16);
    segkit_image_create(&small, 2, 1, 1, SEGKIT_U8);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, &o8) == SEGKIT_OK);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, NULL) == SEGKIT_ERR_ARG);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, &o16) == SEGKIT_ERR_TYPE);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, &small) == SEGKIT_ERR_SIZE);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, &img) == SEGKIT_ERR_ARG);
    p = P(-1);
    CHECK(segkit_threshold_local_to(&img, SEGKIT_LOCAL_MEAN, &p, 0, &o8) == SEGKIT_ERR_ARG);
    segkit_image_free(&o8);
    segkit_image_free(&o16);
    segkit_image_free(&small);
    segkit_image_free(&img);
}

/* ---- method defaults ----
 * segkit_local_params_default() leaves window 0 and NaN k, R, C, contrast:
 * "the method's default".  segkit_local_params_for_method() gives those
 * defaults as numbers; both must give the same mask, for every method, and
 * the numbers must be usable values (the values themselves are documented
 * in docs/local-thresholds.md, "Defaults", and chosen there from data). */
static void test_defaults(void)
{
    uint32_t rng = 777;
    int w = 97, h = 61;
    segkit_image g;
    CHECK(segkit_image_create(&g, w, h, 1, SEGKIT_U8) == SEGKIT_OK);
    for (int y = 0; y < h; y++) {
        uint8_t *row = segkit_image_row(&g, y);
        for (int x = 0; x < w; x++) {
            rng = rng * 1103515245u + 12345u;
            /* dark strokes on a bright, shaded page */
            row[x] = (uint8_t)((x / 5 + y / 7) % 4 == 0 ? 40 + (rng >> 28)
                                                         : 150 + x / 2 + (rng >> 27));
        }
    }
    segkit_local_params d = segkit_local_params_default();
    CHECK(d.window == 0 && isnan(d.k) && isnan(d.r) && isnan(d.c) && isnan(d.contrast));
    for (int m = 0; m < SEGKIT_LOCAL_METHOD_COUNT; m++) {
        if (m == SEGKIT_LOCAL_HYSTERESIS)
            continue; /* no window; low/high have no method default */
        segkit_local_params f = segkit_local_params_for_method((segkit_local_method)m);
        CHECKF(f.window >= 3 && !isnan(f.k) && f.r > 0 && !isnan(f.c) && !isnan(f.contrast),
               "%s: defaults W %d k %g R %g C %g L %g", segkit_local_method_name(m),
               f.window, f.k, f.r, f.c, f.contrast);
        for (int dark = 0; dark < 2; dark++) {
            segkit_image a, b;
            int sa = segkit_threshold_local(&g, (segkit_local_method)m, &d, dark, &a);
            int sb = segkit_threshold_local(&g, (segkit_local_method)m, &f, dark, &b);
            CHECK(sa == SEGKIT_OK && sb == SEGKIT_OK);
            if (sa == SEGKIT_OK && sb == SEGKIT_OK) {
                long diff = count_diff(&a, &b);
                CHECKF(diff == 0, "%s dark %d: placeholders vs numbers: %ld pixels differ",
                       segkit_local_method_name(m), dark, diff);
            }
            segkit_image_free(&a);
            segkit_image_free(&b);
        }
    }
    segkit_local_params f = segkit_local_params_for_method(SEGKIT_LOCAL_METHOD_COUNT);
    CHECK(f.window == 0 && isnan(f.k));
    segkit_image_free(&g);
}

/* ---- naive references on random images ----
 * The definitions of docs/local-thresholds.md evaluated directly, O(W^2) per
 * pixel: window rows/columns c-(W-1)/2 .. c+W/2 mapped by the border mode,
 * exact integer sums, and Doxa's double arithmetic for the statistics
 * (mean = S/n, var = Q/n - mean^2, std = sqrt(var)).  These check the fast
 * paths (vectorised box sums, division-free compares) against the plain
 * formulas on inputs the hand cases do not reach: every border, odd and even
 * windows, windows larger than the image, large |C|. */
static int naive_map(int r, int n, segkit_border b)
{
    if (r >= 0 && r < n)
        return r;
    if (b == SEGKIT_BORDER_CLIP)
        return -1;
    if (b == SEGKIT_BORDER_REPLICATE)
        return r < 0 ? 0 : n - 1;
    /* mirrored step by step, as numpy.pad does: symmetric cba|abcd|dcb
     * (edge repeated), reflect dcb|abcd|cba (edge not repeated; a single
     * pixel reflects onto itself) */
    int sym = b == SEGKIT_BORDER_SYMMETRIC;
    if (!sym && n == 1)
        return 0;
    for (;;) {
        if (r < 0)
            r = sym ? -r - 1 : -r;
        else if (r >= n)
            r = sym ? 2 * n - 1 - r : 2 * n - 2 - r;
        else
            return r;
    }
}

static uint8_t naive_decide(int v, long long S, long long Q, long long n,
                            segkit_local_method m, const segkit_local_params *p,
                            int dark);

static uint8_t naive_pixel(const segkit_image *g, int x, int y,
                           segkit_local_method m, const segkit_local_params *p,
                           int dark)
{
    int W = p->window, a = (W - 1) / 2, b = W / 2;
    long long S = 0, Q = 0, n = 0;
    for (int yy = y - a; yy <= y + b; yy++) {
        int ry = naive_map(yy, g->height, p->border);
        if (ry < 0)
            continue;
        const uint8_t *row = segkit_image_row(g, ry);
        for (int xx = x - a; xx <= x + b; xx++) {
            int rx = naive_map(xx, g->width, p->border);
            if (rx < 0)
                continue;
            S += row[rx];
            Q += (long long)row[rx] * row[rx];
            n++;
        }
    }
    return naive_decide(((const uint8_t *)segkit_image_row(g, y))[x], S, Q, n,
                        m, p, dark);
}

/* The decision of a pixel of value v whose window holds n pixels of sum S
 * and sum of squares Q. */
static uint8_t naive_decide(int v, long long S, long long Q, long long n,
                            segkit_local_method m, const segkit_local_params *p,
                            int dark)
{
    int fg;
    if (m == SEGKIT_LOCAL_MEAN) {
        /* v > S/n - C, C integral: (v + C) n > S */
        fg = (v + (long long)p->c) * n > S;
        return (uint8_t)((fg ^ dark) ? 255 : 0);
    }
    double mean = (double)S / (double)n;
    double var = (double)Q / (double)n - mean * mean;
    double T;
    if (m == SEGKIT_LOCAL_SAUVOLA)
        T = mean * (1 + p->k * ((sqrt(var) / p->r) - 1));
    else /* niblack */
        T = mean + p->k * sqrt(var) - p->c;
    return dark ? ((double)v <= T ? 255 : 0) : ((double)v > T ? 255 : 0);
}

/* P(window) with a case row's border, k, R (<= 0: the method's default)
 * and C. */
static segkit_local_params case_params(int window, segkit_border border, double k,
                                       double r, double c)
{
    segkit_local_params p = P(window);
    p.border = border;
    p.k = k;
    p.r = r > 0 ? r : NAN;
    p.c = c;
    return p;
}

/* The pixels of the mask out (g's size) that differ from naive_pixel. */
static long naive_mismatch(const segkit_image *g, const segkit_image *out,
                           segkit_local_method m, const segkit_local_params *p, int dark)
{
    long bad = 0;
    for (int y = 0; y < g->height; y++)
        for (int x = 0; x < g->width; x++)
            bad += ((const uint8_t *)segkit_image_row(out, y))[x] !=
                   naive_pixel(g, x, y, m, p, dark);
    return bad;
}

/* The pixels of segkit_threshold_local(g, m, p, dark) that differ from
 * naive_pixel; -1 (a failed check) when it fails. */
static long naive_diffs(const segkit_image *g, segkit_local_method m,
                        const segkit_local_params *p, int dark)
{
    segkit_image out;
    int st = segkit_threshold_local(g, m, p, dark, &out);
    CHECK(st == SEGKIT_OK);
    if (st != SEGKIT_OK)
        return -1;
    long bad = naive_mismatch(g, &out, m, p, dark);
    segkit_image_free(&out);
    return bad;
}

static void test_naive(void)
{
    uint32_t rng = 12345;
    static const struct {
        segkit_local_method m;
        int window;
        segkit_border border;
        double k, r, c;
    } cs[] = {
        {SEGKIT_LOCAL_MEAN, 3, SEGKIT_BORDER_CLIP, 0, 0, 0},
        {SEGKIT_LOCAL_MEAN, 7, SEGKIT_BORDER_REPLICATE, 0, 0, 5},
        {SEGKIT_LOCAL_MEAN, 8, SEGKIT_BORDER_REFLECT, 0, 0, -3},
        {SEGKIT_LOCAL_MEAN, 31, SEGKIT_BORDER_CLIP, 0, 0, 2},
        {SEGKIT_LOCAL_MEAN, 5, SEGKIT_BORDER_CLIP, 0, 0, 300},
        {SEGKIT_LOCAL_MEAN, 5, SEGKIT_BORDER_REPLICATE, 0, 0, -300},
        {SEGKIT_LOCAL_MEAN, 64, SEGKIT_BORDER_REFLECT, 0, 0, 1},
        {SEGKIT_LOCAL_SAUVOLA, 3, SEGKIT_BORDER_CLIP, 0.2, 128, 0},
        {SEGKIT_LOCAL_SAUVOLA, 15, SEGKIT_BORDER_REPLICATE, 0.5, 64, 0},
        {SEGKIT_LOCAL_SAUVOLA, 16, SEGKIT_BORDER_REFLECT, 0.1, 128, 0},
        {SEGKIT_LOCAL_SAUVOLA, 27, SEGKIT_BORDER_CLIP, -0.3, 100, 0},
        {SEGKIT_LOCAL_SAUVOLA, 61, SEGKIT_BORDER_CLIP, 0.2, 128, 0},
        {SEGKIT_LOCAL_SAUVOLA, 9, SEGKIT_BORDER_CLIP, 0, 128, 0},
        {SEGKIT_LOCAL_NIBLACK, 11, SEGKIT_BORDER_CLIP, -0.6, 0, 3},
        {SEGKIT_LOCAL_NIBLACK, 12, SEGKIT_BORDER_REFLECT, 0.2, 0, 0},
        {SEGKIT_LOCAL_MEAN, 9, SEGKIT_BORDER_SYMMETRIC, 0, 0, 4},
        {SEGKIT_LOCAL_MEAN, 80, SEGKIT_BORDER_SYMMETRIC, 0, 0, -1},
        {SEGKIT_LOCAL_MEAN, 81, SEGKIT_BORDER_REFLECT, 0, 0, 0},
        {SEGKIT_LOCAL_SAUVOLA, 31, SEGKIT_BORDER_REFLECT, 0.2, 127.5, 0},
        {SEGKIT_LOCAL_SAUVOLA, 16, SEGKIT_BORDER_SYMMETRIC, 0.1, 128, 0},
        {SEGKIT_LOCAL_SAUVOLA, 90, SEGKIT_BORDER_REFLECT, 0.3, 128, 0},
        {SEGKIT_LOCAL_NIBLACK, 13, SEGKIT_BORDER_SYMMETRIC, -0.4, 0, 2},
    };
    /* three kinds of image: uniform noise, a few grey levels in flat blocks
     * (ties and zero variance), and a smooth ramp with noise */
    for (int kind = 0; kind < 3; kind++) {
        int w = 53 + 17 * kind, h = 37 + 5 * kind;
        segkit_image g;
        segkit_image_create(&g, w, h, 1, SEGKIT_U8);
        for (int y = 0; y < h; y++) {
            uint8_t *row = segkit_image_row(&g, y);
            for (int x = 0; x < w; x++) {
                rng = rng * 1103515245u + 12345u;
                unsigned r = rng >> 16;
                row[x] = kind == 0 ? (uint8_t)r
                         : kind == 1 ? (uint8_t)(((x / 9 + y / 7) % 3) * 100 + (r % 50 == 0 ? 55 : 0))
                                     : (uint8_t)((x * 3 + y * 2 + r % 9) % 256);
            }
        }
        for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
            for (int dark = 0; dark < 2; dark++) {
                segkit_local_params p =
                    case_params(cs[i].window, cs[i].border, cs[i].k, cs[i].r, cs[i].c);
                long bad = naive_diffs(&g, cs[i].m, &p, dark);
                if (bad < 0)
                    continue;
                CHECKF(bad == 0, "image %d, %s W %d border %s dark %d: %ld pixels differ",
                       kind, segkit_local_method_name(cs[i].m), cs[i].window,
                       segkit_border_name(cs[i].border), dark, bad);
            }
        }
        segkit_image_free(&g);
    }
}

/* ---- the u8 Sauvola/Niblack re-decision band ----
 * local_meanvar_u8.c decides in float and re-decides with the double formula
 * every pixel whose threshold is within about 2^-10 of its value.  Here
 * many pixels sit exactly on, or within 2^-40 of, their threshold.
 *
 * Image: a checkerboard of lo and hi.  With an even W every window of W x W
 * (and every clipped window with an even number of rows and of columns)
 * holds as many lo as hi pixels, so m = (lo + hi)/2 and s = (hi - lo)/2
 * exactly (all values below are dyadic, so the double statistics are
 * exact too):
 *   lo 96, hi 160: m 128, s 32.
 *     Sauvola R 64, k 0.5:  T = 128 (1 + 0.5 (0.5 - 1)) = 96 = lo.
 *     Sauvola R 64, k -0.5: T = 128 (1 - 0.5 (0.5 - 1)) = 160 = hi.
 *     Sauvola R 16, k 0.25: T = 128 (1 + 0.25 (2 - 1)) = 160 = hi.
 *   lo 100, hi 140: m 120, s 20.
 *     Niblack k 1, C 0:   T = 120 + 20 = 140 = hi.
 *     Niblack k -1, C 0:  T = 100 = lo.
 *     Niblack k 1, C 40:  T = 120 + 20 - 40 = 100 = lo.
 * Each k is also nudged by +-2^-40: T moves by 64 2^-40 (Sauvola) or
 * 20 2^-40 (Niblack), so v > T flips, but (float)k is the unnudged k and the
 * float decision alone cannot see it (it gets one of the two signs wrong).
 * Expected: the double formula (naive_pixel), pixel by pixel; the test also
 * counts the pixels within 2^-10 of T, so that it fails if the image stops
 * reaching the band.  Width 1100 > 1024 crosses the fast path's column
 * blocks; the wide random image below checks those against the naive
 * reference as well. */
/* The u8 Sauvola/Niblack fast path with its instruction set capped
 * (src/threshold/local_impl.h; 0 baseline, 1 AVX2, 2 AVX-512 decision,
 * each used only where the CPU has it): every level must give the naive
 * mask, so the baseline and AVX2 code stay tested on an AVX-512 machine.
 * Returns the number of differing pixels over all levels. */
int local_meanvar_u8_isa(const segkit_image *g, segkit_local_method method,
                         int window, segkit_border border, double k, double R,
                         double C, int dark, segkit_image *out, int isa);

static long isa_diffs(const segkit_image *g, segkit_local_method m,
                      const segkit_local_params *p, int dark)
{
    long bad = 0;
    segkit_image out;
    if (segkit_image_create(&out, g->width, g->height, 1, SEGKIT_U8) != SEGKIT_OK)
        return -1;
    for (int isa = 0; isa <= 2; isa++) {
        double R = isnan(p->r) ? 128 : p->r;
        int st = local_meanvar_u8_isa(g, m, p->window, p->border, p->k, R, p->c,
                                      dark, &out, isa);
        if (st != SEGKIT_OK) {
            bad = -1;
            break;
        }
        bad += naive_mismatch(g, &out, m, p, dark);
    }
    segkit_image_free(&out);
    return bad;
}

static void test_band(void)
{
    static const struct {
        segkit_local_method m;
        int lo, hi;
        double k, r, c;
        int wide; /* a third window besides 2 and 4, or 0 */
    } cs[] = {
        {SEGKIT_LOCAL_SAUVOLA, 96, 160, 0.5, 64, 0, 0},
        {SEGKIT_LOCAL_SAUVOLA, 96, 160, -0.5, 64, 0, 0},
        {SEGKIT_LOCAL_SAUVOLA, 96, 160, 0.25, 16, 0, 0},
        /* bright and flat: m 250, s 1, R 1.25, so B = k m / R = 4 and
         * T = 249 (k 0.02) or 251 (k -0.02).  The AVX2 decision takes
         * var = Q/n - m^2 in float: at W 40 (n 240: 6 rows x 40) it comes
         * out 1 - 2^-8, which moves t^2 = B^2 var by 2^-4, more than the
         * band E (2|A| + E) ~ 0.04 alone */
        {SEGKIT_LOCAL_SAUVOLA, 249, 251, 0.02, 1.25, 0, 40},
        {SEGKIT_LOCAL_SAUVOLA, 249, 251, -0.02, 1.25, 0, 40},
        {SEGKIT_LOCAL_NIBLACK, 100, 140, 1, 0, 0, 0},
        {SEGKIT_LOCAL_NIBLACK, 100, 140, -1, 0, 0, 0},
        {SEGKIT_LOCAL_NIBLACK, 100, 140, 1, 0, 40, 0},
    };
    static const double nudge[] = {0, 0x1p-40, -0x1p-40};
    static const segkit_border borders[] = {SEGKIT_BORDER_CLIP, SEGKIT_BORDER_REFLECT,
                                            SEGKIT_BORDER_SYMMETRIC};
    int w = 1100, h = 6;
    segkit_image g;
    CHECK(segkit_image_create(&g, w, h, 1, SEGKIT_U8) == SEGKIT_OK);
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        for (int y = 0; y < h; y++) {
            uint8_t *row = segkit_image_row(&g, y);
            for (int x = 0; x < w; x++)
                row[x] = (uint8_t)(((x + y) & 1) ? cs[i].hi : cs[i].lo);
        }
        int Ws[3] = {2, 4, cs[i].wide};
        for (size_t j = 0; j < 3; j++)
            for (int wi = 0; wi < 3 && Ws[wi]; wi++)
                for (size_t bi = 0; bi < 2; bi++)
                    for (int dark = 0; dark < 2; dark++) {
                        int W = Ws[wi];
                        segkit_local_params p = case_params(
                            W, borders[bi], cs[i].k + nudge[j], cs[i].r, cs[i].c);
                        long bad = naive_diffs(&g, cs[i].m, &p, dark);
                        if (bad < 0)
                            continue;
                        long near = 0;
                        double m = (cs[i].lo + cs[i].hi) / 2.0, sd = (cs[i].hi - cs[i].lo) / 2.0;
                        double T = cs[i].m == SEGKIT_LOCAL_SAUVOLA
                                       ? m * (1 + p.k * (sd / p.r - 1))
                                       : m + p.k * sd - p.c;
                        for (int y = 0; y < h; y++)
                            for (int x = 0; x < w; x++)
                                near += fabs(((uint8_t *)segkit_image_row(&g, y))[x] - T) <
                                        0x1p-10;
                        /* half the pixels hold the value at T; most
                         * windows are balanced (all but clipped ones with
                         * an odd count of rows or columns) */
                        CHECKF(near >= (long)w * h / 2 - 2 * (w + h),
                               "band case %zu: only %ld pixels near T", i, near);
                        CHECKF(bad == 0,
                               "band %s lo %d hi %d k %.17g W %d border %s dark %d: %ld pixels differ",
                               segkit_local_method_name(cs[i].m), cs[i].lo, cs[i].hi, p.k, W,
                               segkit_border_name(p.border), dark, bad);
                        long ib = isa_diffs(&g, cs[i].m, &p, dark);
                        CHECKF(ib == 0, "band case %zu nudge %zu W %d: %ld pixels differ over the ISA levels",
                               i, j, W, ib);
                    }
    }
    segkit_image_free(&g);

    /* a wide random image: several 1024-column blocks, every border */
    uint32_t rng = 777;
    int ww = 2100, wh = 24;
    segkit_image r;
    CHECK(segkit_image_create(&r, ww, wh, 1, SEGKIT_U8) == SEGKIT_OK);
    for (int y = 0; y < wh; y++) {
        uint8_t *row = segkit_image_row(&r, y);
        for (int x = 0; x < ww; x++) {
            rng = rng * 1103515245u + 12345u;
            row[x] = (uint8_t)((x / 37 % 2 ? 60 : 170) + (rng >> 16) % 40);
        }
    }
    static const struct {
        segkit_local_method m;
        int window;
        segkit_border border;
        double k, r, c;
    } ws[] = {
        {SEGKIT_LOCAL_SAUVOLA, 31, SEGKIT_BORDER_CLIP, 0.2, 128, 0},
        {SEGKIT_LOCAL_SAUVOLA, 24, SEGKIT_BORDER_REFLECT, -0.2, 100, 0},
        {SEGKIT_LOCAL_NIBLACK, 33, SEGKIT_BORDER_REPLICATE, -0.6, 0, 2},
    };
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        segkit_local_params p =
            case_params(ws[i].window, ws[i].border, ws[i].k, ws[i].r, ws[i].c);
        long bad = naive_diffs(&r, ws[i].m, &p, 0);
        if (bad < 0)
            continue;
        CHECKF(bad == 0, "wide %s W %d border %s: %ld pixels differ",
               segkit_local_method_name(ws[i].m), ws[i].window,
               segkit_border_name(ws[i].border), bad);
        long ib = isa_diffs(&r, ws[i].m, &p, 1);
        CHECKF(ib == 0, "wide case %zu: %ld pixels differ over the ISA levels", i, ib);
    }
    segkit_image_free(&r);
}

/* Windows over 181 x 181 of bright pixels: the sum of squares Q passes
 * 2^31 (here up to ~2.5e9 of 200 x 200 pixels), which the AVX2 decision
 * must read as unsigned.  Mostly 245..255 with 3 % of dark pixels 100..199
 * that straddle T (Sauvola k 0.5: T ~ 141; Niblack k -4: T ~ 175).
 * Expected: the double formula on window sums from a 64-bit integral image
 * (clip: n shrinks at the borders; replicate: the edge pixels repeated,
 * n = W^2 everywhere), at every instruction-set level. */
static void test_big_window(void)
{
    int w = 200, h = 200, W = 201, a = (W - 1) / 2, b = W / 2;
    segkit_image g;
    CHECK(segkit_image_create(&g, w, h, 1, SEGKIT_U8) == SEGKIT_OK);
    uint32_t rng = 4242;
    for (int y = 0; y < h; y++) {
        uint8_t *row = segkit_image_row(&g, y);
        for (int x = 0; x < w; x++) {
            rng = rng * 1103515245u + 12345u;
            uint32_t r = rng >> 8;
            row[x] = (uint8_t)(r % 100 < 3 ? 100 + (r / 100) % 100 : 245 + (r / 100) % 11);
        }
    }
    /* padded by the window on each side (replicate), 64-bit sums */
    int pw = w + 2 * W, ph = h + 2 * W;
    long long *IS = calloc((size_t)(pw + 1) * (ph + 1), sizeof *IS);
    long long *IQ = calloc((size_t)(pw + 1) * (ph + 1), sizeof *IQ);
    long long *IN = calloc((size_t)(pw + 1) * (ph + 1), sizeof *IN);
    segkit_image out;
    CHECK(IS && IQ && IN && segkit_image_create(&out, w, h, 1, SEGKIT_U8) == SEGKIT_OK);
    static const struct {
        segkit_local_method m;
        double k, r;
    } cs[] = {{SEGKIT_LOCAL_SAUVOLA, 0.5, 128}, {SEGKIT_LOCAL_NIBLACK, -4, NAN}};
    static const segkit_border borders[] = {SEGKIT_BORDER_CLIP, SEGKIT_BORDER_REPLICATE};
    for (size_t bi = 0; bi < 2 && IS && IQ && IN; bi++) {
        int clip = borders[bi] == SEGKIT_BORDER_CLIP;
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++) {
                int gy = y - W, gx = x - W, inside = gy >= 0 && gy < h && gx >= 0 && gx < w;
                gy = gy < 0 ? 0 : gy >= h ? h - 1 : gy;
                gx = gx < 0 ? 0 : gx >= w ? w - 1 : gx;
                long long v = ((uint8_t *)segkit_image_row(&g, gy))[gx];
                int use = !clip || inside;
                size_t i = (size_t)(y + 1) * (pw + 1) + x + 1, u = i - (pw + 1);
                IS[i] = use * v + IS[i - 1] + IS[u] - IS[u - 1];
                IQ[i] = use * v * v + IQ[i - 1] + IQ[u] - IQ[u - 1];
                IN[i] = use + IN[i - 1] + IN[u] - IN[u - 1];
            }
        for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
            segkit_local_params p = P(W);
            p.border = borders[bi];
            p.k = cs[i].k;
            p.r = cs[i].r;
            long long qmax = 0;
            long bad[3] = {0, 0, 0};
            for (int isa = 0; isa <= 2; isa++) {
                int st = local_meanvar_u8_isa(&g, cs[i].m, W, p.border, p.k,
                                              isnan(p.r) ? 128 : p.r, 0, 0, &out, isa);
                CHECK(st == SEGKIT_OK);
                for (int y = 0; y < h && st == SEGKIT_OK; y++)
                    for (int x = 0; x < w; x++) {
                        /* window rows y - a .. y + b, padded index + W + 1 */
                        int y0 = y - a + W, y1 = y + b + W + 1, x0 = x - a + W, x1 = x + b + W + 1;
#define BOX(I) (I[(size_t)y1 * (pw + 1) + x1] - I[(size_t)y0 * (pw + 1) + x1] - \
                I[(size_t)y1 * (pw + 1) + x0] + I[(size_t)y0 * (pw + 1) + x0])
                        long long S = BOX(IS), Q = BOX(IQ), n = BOX(IN);
#undef BOX
                        if (Q > qmax)
                            qmax = Q;
                        int v = ((uint8_t *)segkit_image_row(&g, y))[x];
                        bad[isa] += ((uint8_t *)segkit_image_row(&out, y))[x] !=
                                    naive_decide(v, S, Q, n, cs[i].m, &p, 0);
                    }
            }
            CHECKF(qmax > 0x80000000LL, "big window: Q only reaches %lld", qmax);
            CHECKF(bad[0] == 0 && bad[1] == 0 && bad[2] == 0,
                   "big window %s border %s: %ld / %ld / %ld pixels differ (baseline / AVX2 / AVX-512)",
                   segkit_local_method_name(cs[i].m), segkit_border_name(p.border), bad[0],
                   bad[1], bad[2]);
        }
    }
    free(IS);
    free(IQ);
    free(IN);
    segkit_image_free(&out);
    segkit_image_free(&g);
}

/* ---- hand-worked cases ---- */
static void test_hand(void)
{
    /* mean, 1x5 [60 90 0 0 0], W 5, pixel 0:
     *   clip      window {60,90,0}            mean 50
     *   replicate 60 60 | 60 90 0             mean 270/5 = 54
     *   reflect   0 90 | 60 90 0              mean 240/5 = 48
     *   symmetric 90 60 | 60 90 0             mean 300/5 = 60
     * C = 0: 60 > 50 yes, 60 > 54 yes, 60 > 48 yes, 60 > 60 no;
     * C = -8 (T = mean + 8): 60 > 58 yes, 60 > 62 no, 60 > 56 yes, 60 > 68 no.
     * (pixels 1..4 are computed too but only pixel 0 is checked;
     * test_border_hand checks whole rows.) */
    {
        const uint8_t in[5] = {60, 90, 0, 0, 0};
        const int want_c0[4] = {255, 255, 255, 0}, want_c8[4] = {255, 0, 255, 0};
        for (int b = 0; b < 4; b++) {
            for (int pass = 0; pass < 2; pass++) {
                segkit_local_params p = P(5);
                p.border = (segkit_border)b;
                p.c = pass ? -8 : 0;
                segkit_image img = make_u8(5, 1, in), out;
                CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_OK);
                int want = pass ? want_c8[b] : want_c0[b];
                CHECKF(((uint8_t *)out.data)[0] == want, "mean border %d C %g", b, p.c);
                /* the same with a non-integral C goes through doubles:
                 * C = -8.5 -> T = 58.5 / 62.5 / 56.5 / 68.5, same answers */
                segkit_image_free(&out);
                p.c = pass ? -8.5 : -0.5; /* C -0.5: 50.5 / 54.5 / 48.5 / 60.5 */
                CHECK(segkit_threshold_local(&img, SEGKIT_LOCAL_MEAN, &p, 0, &out) == SEGKIT_OK);
                CHECKF(((uint8_t *)out.data)[0] == want, "mean border %d C %g", b, p.c);
                segkit_image_free(&out);
                segkit_image_free(&img);
            }
        }
    }

    /* 2x2 [0 0; 8 8], W 3, clip: every window is the whole image:
     * mean 4, population variance (16+16+16+16)/4 = 16, std 4. */
    const uint8_t sq[4] = {0, 0, 8, 8};
    const uint8_t bottom[4] = {0, 0, 255, 255}, none[4] = {0, 0, 0, 0};
    const uint8_t top[4] = {255, 255, 0, 0};
    segkit_local_params p;

    /* niblack T = 4 + 4k: k 0.5 -> 6 (8 > 6); k 1.5 -> 10 (none) */
    p = P(3); p.k = 0.5;
    CHECK(run_case("niblack k0.5", 2, 2, sq, SEGKIT_LOCAL_NIBLACK, &p, 0, bottom));
    CHECK(run_case("niblack k0.5 dark", 2, 2, sq, SEGKIT_LOCAL_NIBLACK, &p, 1, top));
    p.k = 1.5;
    CHECK(run_case("niblack k1.5", 2, 2, sq, SEGKIT_LOCAL_NIBLACK, &p, 0, none));
    /* niblack with C: k 1.5, C 5 -> T = 10 - 5 = 5 -> bottom */
    p.c = 5;
    CHECK(run_case("niblack C", 2, 2, sq, SEGKIT_LOCAL_NIBLACK, &p, 0, bottom));

    /* sauvola T = 4 (1 + k (4/R - 1)): R 8 k 0.5 -> 3 (bottom); R 1 k 0.5 -> 10 */
    p = P(3); p.k = 0.5; p.r = 8;
    CHECK(run_case("sauvola R8", 2, 2, sq, SEGKIT_LOCAL_SAUVOLA, &p, 0, bottom));
    p.r = 1;
    CHECK(run_case("sauvola R1", 2, 2, sq, SEGKIT_LOCAL_SAUVOLA, &p, 0, none));

    /* nick T = 4 + k sqrt(16 + 16) = 4 + 5.657k: k -0.5 -> 1.17; k 0.8 -> 8.53 */
    p = P(3); p.k = -0.5;
    CHECK(run_case("nick -0.5", 2, 2, sq, SEGKIT_LOCAL_NICK, &p, 0, bottom));
    p.k = 0.8;
    CHECK(run_case("nick 0.8", 2, 2, sq, SEGKIT_LOCAL_NICK, &p, 0, none));

    /* phansalkar T = m (1 + p e^(-q m) + k (s/R - 1)), q 0 makes e^0 = 1:
     * R 8, k 0.5: p 1 -> 4 (2 - 0.25) = 7 (8 > 7); p 2 -> 4 (3 - 0.25) = 11 */
    p = P(3); p.k = 0.5; p.r = 8; p.q = 0; p.p = 1;
    CHECK(run_case("phansalkar p1", 2, 2, sq, SEGKIT_LOCAL_PHANSALKAR, &p, 0, bottom));
    p.p = 2;
    CHECK(run_case("phansalkar p2", 2, 2, sq, SEGKIT_LOCAL_PHANSALKAR, &p, 0, none));

    /* bradley T = m (1 - k): k 0.5 -> 2; k -1.5 -> 10 */
    p = P(3); p.k = 0.5;
    CHECK(run_case("bradley 0.5", 2, 2, sq, SEGKIT_LOCAL_BRADLEY, &p, 0, bottom));
    p.k = -1.5;
    CHECK(run_case("bradley -1.5", 2, 2, sq, SEGKIT_LOCAL_BRADLEY, &p, 0, none));

    /* trsingh d = |v - 4| = 4 everywhere; R' 12: d / (R' - d) = 0.5;
     * T = 4 (1 + k (0.5 - 1)): k 1 -> 2 (bottom); k -3 -> 10 (none) */
    p = P(3); p.r = 12; p.k = 1;
    CHECK(run_case("trsingh 1", 2, 2, sq, SEGKIT_LOCAL_TRSINGH, &p, 0, bottom));
    p.k = -3;
    CHECK(run_case("trsingh -3", 2, 2, sq, SEGKIT_LOCAL_TRSINGH, &p, 0, none));

    /* wan T = (max + mean)/2 (1 + k (s/R - 1)) = 6 (...): R 8 k 0.5 -> 4.5;
     * R 1 k 0.5 -> 15 */
    p = P(3); p.r = 8; p.k = 0.5;
    CHECK(run_case("wan R8", 2, 2, sq, SEGKIT_LOCAL_WAN, &p, 0, bottom));
    p.r = 1;
    CHECK(run_case("wan R1", 2, 2, sq, SEGKIT_LOCAL_WAN, &p, 0, none));

    /* wolf on 1x3 [0 6 12], W 3, clip, k 1:
     *   x0 {0,6}: m 3, var 18 - 9 = 9, s 3
     *   x1 {0,6,12}: m 6, var 60 - 36 = 24, s sqrt 24 = max s
     *   x2 {6,12}: m 9, var 90 - 81 = 9, s 3;  image min 0
     *   T = m - (1 - s/maxs)(m - 0): x0 3 - 0.388*3 = 1.84 (0 > no),
     *   x1 6 - 0 = 6 (6 > 6 no), x2 9 - 0.388*9 = 5.51 (12 > yes) */
    {
        const uint8_t in[3] = {0, 6, 12}, want[3] = {0, 0, 255}, wantd[3] = {255, 255, 0};
        p = P(3); p.k = 1;
        CHECK(run_case("wolf", 3, 1, in, SEGKIT_LOCAL_WOLF, &p, 0, want));
        CHECK(run_case("wolf dark", 3, 1, in, SEGKIT_LOCAL_WOLF, &p, 1, wantd));
    }

    /* min/max methods on 1x5 [0 10 0 0 50], W 3 (clipped):
     *   min 0 everywhere; max 10 10 10 50 50
     *   midgrey T = 5 5 5 25 25 -> [0 255 0 0 255]
     *   bernsen L 15, fallback 128: contrast 10 <= 15 -> T 128 at x0..2;
     *     50 > 15 -> T 25 at x3, x4 -> [0 0 0 0 255]
     *   contrast: |v - max| <= |v - min| -> x1 (0 <= 10), x4 -> [0 255 0 0 255] */
    {
        const uint8_t in[5] = {0, 10, 0, 0, 50};
        const uint8_t mg[5] = {0, 255, 0, 0, 255}, be[5] = {0, 0, 0, 0, 255};
        p = P(3);
        CHECK(run_case("midgrey", 5, 1, in, SEGKIT_LOCAL_MIDGREY, &p, 0, mg));
        CHECK(run_case("contrast", 5, 1, in, SEGKIT_LOCAL_CONTRAST, &p, 0, mg));
        /* median (lower median for even counts): windows {0,10} {0,10,0}
         * {10,0,0} {0,0,50} {0,50} -> 0 everywhere, so v > 0: [0 255 0 0 255].
         * localotsu: Otsu of {0,10} etc. splits at level 0 (first maximum),
         * so v > 0 again.  C 20 for the median: T = -20, all foreground. */
        CHECK(run_case("median", 5, 1, in, SEGKIT_LOCAL_MEDIAN, &p, 0, mg));
        CHECK(run_case("localotsu", 5, 1, in, SEGKIT_LOCAL_LOCALOTSU, &p, 0, mg));
        const uint8_t all[5] = {255, 255, 255, 255, 255};
        p.c = 20;
        CHECK(run_case("median C", 5, 1, in, SEGKIT_LOCAL_MEDIAN, &p, 0, all));
        p.c = 0;
        p.contrast = 15; p.fallback = 128;
        CHECK(run_case("bernsen", 5, 1, in, SEGKIT_LOCAL_BERNSEN, &p, 0, be));
        /* fallback 0 instead: x0..2 T = 0 -> x1 (10 > 0) too */
        const uint8_t be0[5] = {0, 255, 0, 0, 255};
        p.fallback = 0;
        CHECK(run_case("bernsen fb0", 5, 1, in, SEGKIT_LOCAL_BERNSEN, &p, 0, be0));
    }
    /* a tie: 1x3 [0 5 10], W 3, x1: min 0, max 10.  midgrey T = 5, 5 > 5 no;
     * contrast |5 - 10| <= |5 - 0| yes (ImageJ: ties go to the object);
     * bernsen (L 4): contrast 10 > 4, T = (0 + 10)/2 = 5 -> no.
     * x0 (window {0,5}): midgrey T 2.5 no; contrast |0-5| <= 0 no;
     *   bernsen contrast 5 > 4, T = floor(2.5) = 2, 0 > 2 no.
     * x2 (window {5,10}): midgrey 7.5 yes; contrast yes; bernsen T = 7 yes. */
    {
        const uint8_t in[3] = {0, 5, 10};
        const uint8_t mg[3] = {0, 0, 255}, ct[3] = {0, 255, 255};
        p = P(3);
        CHECK(run_case("midgrey tie", 3, 1, in, SEGKIT_LOCAL_MIDGREY, &p, 0, mg));
        CHECK(run_case("contrast tie", 3, 1, in, SEGKIT_LOCAL_CONTRAST, &p, 0, ct));
        p.contrast = 4;
        CHECK(run_case("bernsen tie", 3, 1, in, SEGKIT_LOCAL_BERNSEN, &p, 0, mg));
    }

    /* gaussian, W 3, clip: sigma = 0.3 (1 - 1) + 0.8 = 0.8, taps
     * e^(-1/1.28) = 0.45783, 1, 0.45783.  1x3 [0 30 40]:
     *   x0 (taps x0, x1): G = 0.45783*30 / 1.45783 = 9.42
     *   x1: G = (30 + 0.45783*40) / 1.91566 = 25.22
     *   x2 (taps x1, x2): G = (0.45783*30 + 40) / 1.45783 = 36.86
     * C -3: T = 12.42 28.22 39.86 -> [0 255 255];
     * C -5: T = 14.42 30.22 41.86 -> [0 0 0] (the box mean at x1, 23.33,
     * would still give 30 > 28.33). */
    {
        const uint8_t in[3] = {0, 30, 40}, w3[3] = {0, 255, 255}, w5[3] = {0, 0, 0};
        p = P(3); p.c = -3;
        CHECK(run_case("gaussian C-3", 3, 1, in, SEGKIT_LOCAL_GAUSSIAN, &p, 0, w3));
        p.c = -5;
        CHECK(run_case("gaussian C-5", 3, 1, in, SEGKIT_LOCAL_GAUSSIAN, &p, 0, w5));
        const uint8_t m5[3] = {0, 255, 0}; /* mean: T = 20 28.33 40 */
        CHECK(run_case("mean C-5", 3, 1, in, SEGKIT_LOCAL_MEAN, &p, 0, m5));
    }

    /* hysteresis (skimage apply_hysteresis_threshold: weak = v > low,
     * strong = v > high, keep weak components holding a strong pixel):
     * 1x7 [5 1 5 9 5 1 5], low 4, high 8: weak 1 0 1 1 1 0 1, strong at x3;
     * components {0} {2,3,4} {6} -> keep {2,3,4}. */
    {
        const uint8_t in[7] = {5, 1, 5, 9, 5, 1, 5};
        const uint8_t want[7] = {0, 0, 255, 255, 255, 0, 0};
        p = P(3); p.low = 4; p.high = 8;
        CHECK(run_case("hysteresis", 7, 1, in, SEGKIT_LOCAL_HYSTERESIS, &p, 0, want));
        /* dark: weak = v < 8 -> 1 1 1 0 1 1 1, strong = v < 4 -> x1, x5;
         * components {0,1,2} {4,5,6} both hold a strong pixel */
        const uint8_t wantd[7] = {255, 255, 255, 0, 255, 255, 255};
        CHECK(run_case("hysteresis dark", 7, 1, in, SEGKIT_LOCAL_HYSTERESIS, &p, 1, wantd));
    }
    /* 2x2 [[9 0] [0 5]], low 4, high 8: weak (0,0) and (1,1) touch only
     * diagonally; strong (0,0).  4-connected: only (0,0); 8: both. */
    {
        const uint8_t in[4] = {9, 0, 0, 5};
        const uint8_t w4[4] = {255, 0, 0, 0}, w8[4] = {255, 0, 0, 255};
        p = P(3); p.low = 4; p.high = 8; p.connectivity = 4;
        CHECK(run_case("hysteresis 4", 2, 2, in, SEGKIT_LOCAL_HYSTERESIS, &p, 0, w4));
        p.connectivity = 8;
        CHECK(run_case("hysteresis 8", 2, 2, in, SEGKIT_LOCAL_HYSTERESIS, &p, 0, w8));
    }
}

/* ---- Doxa bit-exactness ---- */
typedef struct {
    const char *file;
    segkit_local_method method;
    int window;
    double k, contrast, fallback;
} doxa_case;

static void test_doxa(void)
{
    check_require_shared("doxa/2JohnC1V3.ppm");
    char path[4096];
    segkit_image rgb, gray;
    snprintf(path, sizeof path, "%s/doxa/2JohnC1V3.ppm", getenv("SEGKIT_SHARED_DATA"));
    CHECK(read_pnm(path, &rgb) == 0);
    CHECK(segkit_color_to_gray(&rgb, SEGKIT_GRAY_DOXA, &gray) == SEGKIT_OK);
    segkit_image_free(&rgb);

    /* parameters as in Doxa.Test/BinarizationTests.cpp.  Bernsen: that test
     * passes {"contrast-limit", 25} (SOURCE.txt and the issue say 15; with
     * 15, 589 pixels differ, with Doxa's own 25 none do). */
    const doxa_case cases[] = {
        {"Sauvola", SEGKIT_LOCAL_SAUVOLA, 27, 0.10, 0, 0},
        {"Niblack", SEGKIT_LOCAL_NIBLACK, 223, -0.61, 0, 0},
        {"Wolf", SEGKIT_LOCAL_WOLF, 21, 0.18, 0, 0},
        {"NICK", SEGKIT_LOCAL_NICK, 45, -0.10, 0, 0},
        {"Bensen", SEGKIT_LOCAL_BERNSEN, 61, 0, 25, 150},
        {"TRSingh", SEGKIT_LOCAL_TRSINGH, 27, 0.1, 0, 0},
        {"WAN", SEGKIT_LOCAL_WAN, 75, 0.2, 0, 0},
        {"ISauvola", SEGKIT_LOCAL_ISAUVOLA, 15, 0.01, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const doxa_case *c = &cases[i];
        segkit_image want, got;
        snprintf(path, sizeof path, "%s/doxa/2JohnC1V3-%s.pbm",
                 getenv("SEGKIT_SHARED_DATA"), c->file);
        CHECK(read_pnm(path, &want) == 0);
        segkit_local_params p = P(c->window);
        p.k = c->k;
        p.contrast = c->contrast;
        p.fallback = c->fallback;
        p.border = SEGKIT_BORDER_CLIP;
        /* Doxa: v <= T is black = text = PBM bit 1: dark polarity */
        int st = segkit_threshold_local(&gray, c->method, &p, 1, &got);
        CHECKF(st == SEGKIT_OK, "%s: %s", c->file, segkit_strerror(st));
        long diff = st == SEGKIT_OK ? count_diff(&got, &want) : -1;
        CHECKF(diff == 0, "%s: %ld pixels differ from Doxa's output", c->file, diff);
        segkit_image_free(&got);
        segkit_image_free(&want);
    }

    /* Otsu (global) through the histogram API */
    {
        segkit_histogram h;
        segkit_histogram_options ho = segkit_histogram_options_default();
        segkit_threshold_params tp = segkit_threshold_params_default();
        double t[SEGKIT_THRESHOLD_MAX];
        int n = 0;
        segkit_image want, got;
        CHECK(segkit_histogram_compute(&gray, NULL, &ho, &h) == SEGKIT_OK);
        CHECK(segkit_threshold_histogram(&h, SEGKIT_THRESH_OTSU, &tp, t, &n) == SEGKIT_OK);
        segkit_histogram_free(&h);
        snprintf(path, sizeof path, "%s/doxa/2JohnC1V3-Otsu.pbm", getenv("SEGKIT_SHARED_DATA"));
        CHECK(read_pnm(path, &want) == 0);
        CHECK(segkit_threshold_apply(&gray, t, 1, 1, &got) == SEGKIT_OK);
        long diff = count_diff(&got, &want);
        CHECKF(diff == 0, "Otsu: %ld pixels differ from Doxa's output (T %g)", diff, t[0]);
        segkit_image_free(&got);
        segkit_image_free(&want);
    }

    /* 16-bit and float: the 8-bit image x257 (u16) and /255 (f32) give the
     * 8-bit Sauvola mask (R, given in 8-bit units, is scaled with the type).
     * T16 = 257 T8 exactly in real arithmetic; doubles may only break exact
     * ties v == T, which the Doxa image does not produce at w 27 k 0.1 if
     * the 8-bit result above is right, so we require equality. */
    {
        segkit_image g16, g32, m8, m16, m32;
        segkit_image_create(&g16, gray.width, gray.height, 1, SEGKIT_U16);
        segkit_image_create(&g32, gray.width, gray.height, 1, SEGKIT_F32);
        for (int y = 0; y < gray.height; y++) {
            const uint8_t *s = segkit_image_row(&gray, y);
            uint16_t *d = segkit_image_row(&g16, y);
            float *f = segkit_image_row(&g32, y);
            for (int x = 0; x < gray.width; x++) {
                d[x] = (uint16_t)(s[x] * 257);
                f[x] = s[x] / 255.0f;
            }
        }
        segkit_local_params p = P(27);
        p.k = 0.10;
        CHECK(segkit_threshold_local(&gray, SEGKIT_LOCAL_SAUVOLA, &p, 1, &m8) == SEGKIT_OK);
        CHECK(segkit_threshold_local(&g16, SEGKIT_LOCAL_SAUVOLA, &p, 1, &m16) == SEGKIT_OK);
        CHECK(segkit_threshold_local(&g32, SEGKIT_LOCAL_SAUVOLA, &p, 1, &m32) == SEGKIT_OK);
        long d16 = count_diff(&m8, &m16), d32 = count_diff(&m8, &m32);
        CHECKF(d16 == 0, "16-bit Sauvola: %ld pixels differ from 8-bit", d16);
        /* f32: sums in double of values k/255 are not exact; allow the
         * ties that rounding can flip: at most 0.01% of the pixels */
        CHECKF(d32 >= 0 && d32 <= (long)gray.width * gray.height / 10000,
               "float Sauvola: %ld pixels differ from 8-bit", d32);
        segkit_image_free(&m8);
        segkit_image_free(&m16);
        segkit_image_free(&m32);
        segkit_image_free(&g16);
        segkit_image_free(&g32);
    }
    segkit_image_free(&gray);
}

/* ---- OpenCV adaptiveThreshold ----
 * Reference checksums, from OpenCV 4.6.0 (Debian python3-opencv), computed
 * with this snippet (no segkit involved):
 *
 *   import cv2, numpy as np
 *   img = cv2.imread('samples_data/sudoku.png', cv2.IMREAD_UNCHANGED)
 *   img = np.ascontiguousarray(img[:, :, 1])        # the green channel
 *   def fnv(b):                                      # FNV-1a 64
 *       h = 0xcbf29ce484222325
 *       for x in b: h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
 *       return h
 *   for meth in (cv2.ADAPTIVE_THRESH_MEAN_C, cv2.ADAPTIVE_THRESH_GAUSSIAN_C):
 *       for typ in (cv2.THRESH_BINARY, cv2.THRESH_BINARY_INV):
 *           m = cv2.adaptiveThreshold(img, 255, meth, typ, 11, 2)
 *           print(int((m == 255).sum()), hex(fnv(m.tobytes())))
 *
 *   mean bin 233615 0x6ed04b685c764fa0    mean inv 80539 0x9d3543c30d8eed2e
 *   gauss bin 243727 0x3ec6a2f9f4813558   gauss inv 70427 0xc5a40daaf92dab1e */
static uint64_t fnv1a(const segkit_image *m, long *count)
{
    uint64_t h = 0xcbf29ce484222325ull;
    *count = 0;
    for (int y = 0; y < m->height; y++) {
        const uint8_t *r = segkit_image_row(m, y);
        for (int x = 0; x < m->width; x++) {
            h = (h ^ r[x]) * 0x100000001b3ull;
            *count += r[x] == 255;
        }
    }
    return h;
}

static void test_opencv(void)
{
    check_require_shared("opencv/samples_data/sudoku.png");
    char path[4096];
    snprintf(path, sizeof path, "%s/opencv/samples_data/sudoku.png",
             getenv("SEGKIT_SHARED_DATA"));
    segkit_read_options ro = segkit_read_options_default();
    segkit_image img, gray;
    CHECK(segkit_read_file(path, &ro, &img, NULL) == SEGKIT_OK);
    CHECK(img.channels == 3);
    CHECK(segkit_color_to_gray(&img, SEGKIT_GRAY_GREEN, &gray) == SEGKIT_OK);
    segkit_image_free(&img);
    const struct {
        segkit_local_method m;
        int dark;
        long count;
        uint64_t hash;
    } ref[] = {
        {SEGKIT_LOCAL_MEAN, 0, 233615, 0x6ed04b685c764fa0ull},
        {SEGKIT_LOCAL_MEAN, 1, 80539, 0x9d3543c30d8eed2eull},
        {SEGKIT_LOCAL_GAUSSIAN, 0, 243727, 0x3ec6a2f9f4813558ull},
        {SEGKIT_LOCAL_GAUSSIAN, 1, 70427, 0xc5a40daaf92dab1eull},
    };
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        segkit_local_params p = P(11);
        p.c = 2;
        p.opencv = 1;
        segkit_image m;
        int st = segkit_threshold_local(&gray, ref[i].m, &p, ref[i].dark, &m);
        CHECKF(st == SEGKIT_OK, "opencv %s dark %d: %s",
               segkit_local_method_name(ref[i].m), ref[i].dark, segkit_strerror(st));
        if (st != SEGKIT_OK)
            continue;
        long count;
        uint64_t h = fnv1a(&m, &count);
        CHECKF(count == ref[i].count && h == ref[i].hash,
               "opencv %s dark %d: %ld pixels at 255 (want %ld), hash %016llx",
               segkit_local_method_name(ref[i].m), ref[i].dark, count, ref[i].count,
               (unsigned long long)h);
        segkit_image_free(&m);
    }
    segkit_image_free(&gray);
}

/* ---- median and localotsu on u16 and f32 ----
 * src/threshold/local_hist.c maps a u16/f32 image to 256 levels and runs
 * the u8 histogram machinery on them (docs/local-thresholds.md, "Units and
 * types").  Checked here:
 *  - the u8 machinery itself against a direct O(W^2) reference: the lower
 *    median of the window, and Otsu's first maximum evaluated in exact
 *    integers (between-class variance of a split with q1, q2 samples and
 *    sums s1, s2 is (s1 q2 - s2 q1)^2 / (q1 q2 n^2), compared by
 *    cross-multiplying; windows of at most 15 x 15 keep that below 2^64;
 *    a window with one level has no split and its T is that level);
 *  - equivalence: the u16 image u8 x257 and the f32 images u8/255 (both
 *    k/255.0f and (float)(k/255.0)) give the u8 mask bit for bit, on images
 *    whose values cover only part of 0..255 (so a map stretching [min, max]
 *    to 256 levels would not give it), every border, odd and even windows,
 *    windows larger than the image, both polarities, C = 0, 5, -7.5;
 *  - hand-worked cases of the other maps (test_hist_hand). */
static int naive_window(const segkit_image *g, int x, int y,
                        const segkit_local_params *p, uint32_t hist[256])
{
    int W = p->window, a = (W - 1) / 2, b = W / 2, n = 0;
    memset(hist, 0, 256 * sizeof *hist);
    for (int yy = y - a; yy <= y + b; yy++) {
        int ry = naive_map(yy, g->height, p->border);
        if (ry < 0)
            continue;
        const uint8_t *row = segkit_image_row(g, ry);
        for (int xx = x - a; xx <= x + b; xx++) {
            int rx = naive_map(xx, g->width, p->border);
            if (rx >= 0) {
                hist[row[rx]]++;
                n++;
            }
        }
    }
    return n;
}

static uint8_t naive_hist_pixel(const segkit_image *g, int x, int y,
                                segkit_local_method m,
                                const segkit_local_params *p, int dark)
{
    uint32_t hist[256];
    int n = naive_window(g, x, y, p, hist);
    int v = ((const uint8_t *)segkit_image_row(g, y))[x], fg;
    if (m == SEGKIT_LOCAL_MEDIAN) {
        int cum = 0, med = 0;
        while (cum + (int)hist[med] < (n + 1) / 2)
            cum += hist[med++];
        fg = v > med - p->c;
    } else {
        uint64_t tot = 0, q1 = 0, s1 = 0, bq1 = 1, bq2 = 1, bnum = 0;
        for (int i = 0; i < 256; i++)
            tot += (uint64_t)i * hist[i];
        int best = 0;
        for (int t = 0; t < 255; t++) {
            q1 += hist[t];
            s1 += (uint64_t)t * hist[t];
            uint64_t q2 = (uint64_t)n - q1;
            if (q1 == 0 || q2 == 0)
                continue;
            uint64_t s2 = tot - s1;
            /* |s1 q2 - s2 q1|; squared over q1 q2 */
            uint64_t d = s1 * q2 > s2 * q1 ? s1 * q2 - s2 * q1 : s2 * q1 - s1 * q2;
            uint64_t num = d * d;
            /* num / (q1 q2) > bnum / (bq1 bq2), strictly (first maximum);
             * both products stay below 2^64 for n <= 225 (d <= 255 n^2 / 4) */
            if (num * bq1 * bq2 > bnum * q1 * q2) {
                bnum = num;
                bq1 = q1;
                bq2 = q2;
                best = t;
            }
        }
        if (bnum == 0) /* one level only: no split, T is that level */
            while (hist[best] == 0)
                best++;
        fg = v > best;
    }
    return (uint8_t)((fg ^ dark) ? 255 : 0);
}

/* u8 image -> u16 x257, or f32 k/255 (rounding 0: k / 255.0f, 1:
 * (float)(k / 255.0)). */
static segkit_image widen(const segkit_image *g, segkit_type t, int rounding)
{
    segkit_image o;
    segkit_image_create(&o, g->width, g->height, 1, t);
    for (int y = 0; y < g->height; y++) {
        const uint8_t *s = segkit_image_row(g, y);
        void *d = segkit_image_row(&o, y);
        for (int x = 0; x < g->width; x++) {
            if (t == SEGKIT_U16)
                ((uint16_t *)d)[x] = (uint16_t)(s[x] * 257);
            else
                ((float *)d)[x] = rounding ? (float)(s[x] / 255.0) : (float)s[x] / 255.0f;
        }
    }
    return o;
}

static void test_hist_types(void)
{
    uint32_t rng = 777;
    static const int windows[] = {1, 2, 3, 8, 15, 45};
    static const double cs[] = {0, 5, -7.5};
    for (int kind = 0; kind < 3; kind++) {
        int w = 26 + 5 * kind, h = 19 - 2 * kind;
        segkit_image g;
        segkit_image_create(&g, w, h, 1, SEGKIT_U8);
        for (int y = 0; y < h; y++) {
            uint8_t *row = segkit_image_row(&g, y);
            for (int x = 0; x < w; x++) {
                rng = rng * 1103515245u + 12345u;
                unsigned r = rng >> 16;
                /* noise in 17..230; flat blocks of 40/90/170 with
                 * speckles (ties); a ramp with noise in 60..159 */
                row[x] = kind == 0 ? (uint8_t)(17 + r % 214)
                         : kind == 1 ? (uint8_t)(((x / 6 + y / 5) % 3 == 0 ? 40
                                                  : (x / 6 + y / 5) % 3 == 1 ? 90 : 170) +
                                                 (r % 23 == 0 ? 9 : 0))
                                     : (uint8_t)(60 + (x * 2 + y + r % 7) % 100);
            }
        }
        segkit_image wide[3] = {widen(&g, SEGKIT_U16, 0), widen(&g, SEGKIT_F32, 0),
                                widen(&g, SEGKIT_F32, 1)};
        static const char *const wname[3] = {"u16 x257", "f32 k/255.0f", "f32 (float)(k/255.0)"};
        for (size_t iw = 0; iw < sizeof windows / sizeof windows[0]; iw++) {
            for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
                for (int mi = 0; mi < 4; mi++) {
                    segkit_local_method m = mi < 3 ? SEGKIT_LOCAL_MEDIAN : SEGKIT_LOCAL_LOCALOTSU;
                    for (int dark = 0; dark < 2; dark++) {
                        segkit_local_params p = P(windows[iw]);
                        p.border = (segkit_border)b;
                        p.c = mi < 3 ? cs[mi] : 0;
                        segkit_image ref;
                        int st = segkit_threshold_local(&g, m, &p, dark, &ref);
                        CHECK(st == SEGKIT_OK);
                        if (st != SEGKIT_OK)
                            continue;
                        if (windows[iw] <= 15) {
                            long bad = 0;
                            for (int y = 0; y < h; y++)
                                for (int x = 0; x < w; x++)
                                    bad += ((uint8_t *)segkit_image_row(&ref, y))[x] !=
                                           naive_hist_pixel(&g, x, y, m, &p, dark);
                            CHECKF(bad == 0, "u8 image %d, %s C %g W %d border %s dark %d: "
                                   "%ld pixels differ from the direct reference",
                                   kind, segkit_local_method_name(m), p.c, windows[iw],
                                   segkit_border_name(p.border), dark, bad);
                        }
                        for (int t = 0; t < 3; t++) {
                            segkit_image out;
                            st = segkit_threshold_local(&wide[t], m, &p, dark, &out);
                            CHECKF(st == SEGKIT_OK, "%s: %s", wname[t], segkit_strerror(st));
                            if (st != SEGKIT_OK)
                                continue;
                            long bad = count_diff(&ref, &out);
                            CHECKF(bad == 0, "image %d as %s, %s C %g W %d border %s dark %d: "
                                   "%ld pixels differ from the u8 mask",
                                   kind, wname[t], segkit_local_method_name(m), p.c,
                                   windows[iw], segkit_border_name(p.border), dark, bad);
                            segkit_image_free(&out);
                        }
                        segkit_image_free(&ref);
                    }
                }
            }
        }
        for (int t = 0; t < 3; t++)
            segkit_image_free(&wide[t]);
        segkit_image_free(&g);
    }
}

/* Runs median/localotsu on a 1-row u16 or f32 image and compares with want
 * (0/255 per pixel). */
static int run_row(const char *what, segkit_type t, int w, const double *v,
                   segkit_local_method m, const segkit_local_params *p, int dark,
                   const uint8_t *want)
{
    segkit_image img, out;
    segkit_image_create(&img, w, 1, 1, t);
    for (int x = 0; x < w; x++) {
        if (t == SEGKIT_U16)
            ((uint16_t *)img.data)[x] = (uint16_t)v[x];
        else
            ((float *)img.data)[x] = (float)v[x];
    }
    int st = segkit_threshold_local(&img, m, p, dark, &out), ok = st == SEGKIT_OK;
    if (!ok)
        fprintf(stderr, "%s: %s\n", what, segkit_strerror(st));
    for (int x = 0; ok && x < w; x++)
        if (((uint8_t *)out.data)[x] != want[x]) {
            fprintf(stderr, "%s: pixel %d = %d, want %d\n", what, x,
                    ((uint8_t *)out.data)[x], want[x]);
            ok = 0;
        }
    if (st == SEGKIT_OK)
        segkit_image_free(&out);
    segkit_image_free(&img);
    return ok;
}

static void test_hist_hand(void)
{
    const segkit_local_method MED = SEGKIT_LOCAL_MEDIAN, OTSU = SEGKIT_LOCAL_LOCALOTSU;
    segkit_local_params p = P(3);
    /* u16 with few levels (gcd map): 1x3 [1010 1000 1010], W 3, clip.
     * Not all multiples of 257; min 1000, gcd of v - min = 10, so levels
     * [1 0 1] (lossless).  Lower medians: x0 {1010,1000} -> 1000,
     * x1 {1010,1000,1010} -> 1010, x2 {1000,1010} -> 1000.
     * C 0: 1010 > 1000 yes, 1000 > 1010 no, yes -> [255 0 255].
     * C is in 8-bit units, x257 for u16:
     *   C 0.05 = 12.85: x1 1000 > 997.15 yes -> all 255;
     *   C 0.03 = 7.71:  x1 1000 > 1002.29 no -> [255 0 255];
     *   C -0.03: x0 1010 > 1007.71 yes, x1 no -> [255 0 255];
     *   C -0.05: x0 1010 > 1012.85 no -> [0 0 0].
     * localotsu: x0/x2 windows {0,1} in levels: Otsu level 0 (the only
     * split); x1 {1,0,1}: level 0; so level > 0: [255 0 255]. */
    {
        const double v[3] = {1010, 1000, 1010};
        const uint8_t lo[3] = {255, 0, 255}, all[3] = {255, 255, 255}, none[3] = {0, 0, 0};
        const uint8_t lo_d[3] = {0, 255, 0};
        p = P(3);
        CHECK(run_row("u16 gcd median", SEGKIT_U16, 3, v, MED, &p, 0, lo));
        CHECK(run_row("u16 gcd median dark", SEGKIT_U16, 3, v, MED, &p, 1, lo_d));
        CHECK(run_row("u16 gcd localotsu", SEGKIT_U16, 3, v, OTSU, &p, 0, lo));
        CHECK(run_row("u16 gcd localotsu dark", SEGKIT_U16, 3, v, OTSU, &p, 1, lo_d));
        p.c = 0.05;
        CHECK(run_row("u16 gcd median C 0.05", SEGKIT_U16, 3, v, MED, &p, 0, all));
        p.c = 0.03;
        CHECK(run_row("u16 gcd median C 0.03", SEGKIT_U16, 3, v, MED, &p, 0, lo));
        p.c = -0.03;
        CHECK(run_row("u16 gcd median C -0.03", SEGKIT_U16, 3, v, MED, &p, 0, lo));
        p.c = -0.05;
        CHECK(run_row("u16 gcd median C -0.05", SEGKIT_U16, 3, v, MED, &p, 0, none));
    }
    /* u16 two levels far apart: 1x5 [300 300 5000 300 300], W 3: gcd 4700,
     * levels [0 0 1 0 0].  Every window's median is 300 (level 0) except
     * none: x1 {300,300,5000}, x2 {300,5000,300}, x3 likewise -> 300.
     * localotsu: windows {0,0,1} split at level 0.  Both: [0 0 255 0 0]. */
    {
        const double v[5] = {300, 300, 5000, 300, 300};
        const uint8_t want[5] = {0, 0, 255, 0, 0};
        p = P(3);
        CHECK(run_row("u16 two levels median", SEGKIT_U16, 5, v, MED, &p, 0, want));
        CHECK(run_row("u16 two levels localotsu", SEGKIT_U16, 5, v, OTSU, &p, 0, want));
    }
    /* u16 linear map (more than 256 distinct steps): 1x4 [0 1 0 65535],
     * gcd 1, range 65535 -> level = v 256 / 65536: [0 0 0 255]; a level
     * spans 256 values, so 1 and 0 share level 0.  W 3 clip:
     * x0 {0,1} median level 0, 0 > 0 no; x1 {0,0,0} 0 > 0 no (the exact
     * median 0 would give 1 > 0: lost to the quantisation, as documented);
     * x2 {0,0,255} 0 no; x3 {0,255} lower median 0, 255 > 0 yes. */
    {
        const double v[4] = {0, 1, 0, 65535};
        const uint8_t want[4] = {0, 0, 0, 255};
        p = P(3);
        CHECK(run_row("u16 linear median", SEGKIT_U16, 4, v, MED, &p, 0, want));
        CHECK(run_row("u16 linear localotsu", SEGKIT_U16, 4, v, OTSU, &p, 0, want));
    }
    /* u16 linear map and C: 1x3 [0 32768 65535] (gcd 1) -> levels
     * [0 128 255]; one level is 256 values, C' = C 257 / 256 levels.
     * x2: window {128,255}, lower median 128: 255 > 128 - C'.
     *   C -100: C' -100.4, 255 > 228.4 yes (exact: 65535 > 58468 yes);
     *   C -130: C' -130.5, 255 > 258.5 no  (exact: 65535 > 66178 no).
     * x0 {0,128} median 0: 0 > 0 - C' no for both; x1 {0,128,255} median
     * 128: 128 > 128 - C' no.  -> [0 0 255] and [0 0 0]. */
    {
        const double v[3] = {0, 32768, 65535};
        const uint8_t a[3] = {0, 0, 255}, none[3] = {0, 0, 0};
        p = P(3);
        p.c = -100;
        CHECK(run_row("u16 linear median C -100", SEGKIT_U16, 3, v, MED, &p, 0, a));
        p.c = -130;
        CHECK(run_row("u16 linear median C -130", SEGKIT_U16, 3, v, MED, &p, 0, none));
    }
    /* f32 linear map: 1x3 [0 1 2] (2 > 1, so not 8-bit data /255): min 0,
     * max 2, level = v 128 -> [0 128 255 (256 clamped)].  C' = C/255 128.
     * W 3 clip: x0 {0,128} median 0, x1 {0,128,255} 128, x2 {128,255} 128.
     *   C 0: [0 0 255]; C 1 (C' 0.502): 0 > -0.502, 128 > 127.5, yes: all;
     *   C -250 (C' -125.5): x2 255 > 253.5 yes -> [0 0 255]
     *     (exact: 2 > 1 + 250/255 = 1.980 yes);
     *   C -300 (C' -150.6): x2 255 > 278.6 no -> [0 0 0]
     *     (exact: 2 > 2.176 no).
     * localotsu: x0 {0,128} level 0; x1 {0,128,255}: splits {0}|{128,255}
     * and {0,128}|{255} have equal variance (1 x 2 x 191.5^2 / 3^2 vs
     * 2 x 1 x 191^2 / 3^2: d = 191.5 - 0 = 191.5 vs 255 - 64 = 191, so the
     * first, level 0, wins; 128 > 0 yes; x2 {128,255} level 128, 255 > 128.
     * -> [0 255 255]. */
    {
        const double v[3] = {0, 1, 2};
        const uint8_t a[3] = {0, 0, 255}, all[3] = {255, 255, 255}, none[3] = {0, 0, 0};
        const uint8_t ot[3] = {0, 255, 255};
        p = P(3);
        CHECK(run_row("f32 linear median", SEGKIT_F32, 3, v, MED, &p, 0, a));
        CHECK(run_row("f32 linear localotsu", SEGKIT_F32, 3, v, OTSU, &p, 0, ot));
        p.c = 1;
        CHECK(run_row("f32 linear median C 1", SEGKIT_F32, 3, v, MED, &p, 0, all));
        p.c = -250;
        CHECK(run_row("f32 linear median C -250", SEGKIT_F32, 3, v, MED, &p, 0, a));
        p.c = -300;
        CHECK(run_row("f32 linear median C -300", SEGKIT_F32, 3, v, MED, &p, 0, none));
    }
    /* f32 NaN: 1x4 [0.2 NaN 0.6 0.4] (51/255, 153/255, 102/255 as floats:
     * 8-bit data, levels 51 - 153 102).  NaN counts in no window and is
     * never foreground.  W 3 clip: x0 {51} median 51, 51 > 51 no;
     * x2 {153,102} lower median 102, 153 > 102 yes; x3 {153,102} 102 > 102
     * no.  Light [0 0 255 0], dark [255 0 0 255]. */
    {
        const double v[4] = {0.2, NAN, 0.6, 0.4};
        const uint8_t l[4] = {0, 0, 255, 0}, d[4] = {255, 0, 0, 255};
        p = P(3);
        CHECK(run_row("f32 NaN median", SEGKIT_F32, 4, v, MED, &p, 0, l));
        CHECK(run_row("f32 NaN median dark", SEGKIT_F32, 4, v, MED, &p, 1, d));
    }
    /* localotsu: an exact tie between two different splits, with numbers
     * large enough that double rounding can order them either way.
     * Histogram k x {74:2, 76:1, 77:1, 78:3, 79:1, 83:1}, k = 1125 (n = 9k,
     * window sum S = 697k).  With q1 samples of sum s1 at or below the
     * split, the between-class variance is A^2 / (q1 q2 n^2), A = n s1 -
     * S q1; in units of k^2 / n^2 (A in k^2, q1 q2 in k^2):
     *   74: q1 2, s1 148: A 9 148 - 697 2 = -62, 62^2 / (2 7) = 274.6
     *   76: q1 3, s1 224: A 2016 - 2091 = -75, 75^2 / (3 6) = 312.5
     *   77: q1 4, s1 301: A 2709 - 2788 = -79, 79^2 / (4 5) = 312.05
     *   78: q1 7, s1 535: A 4815 - 4879 = -64, 64^2 / (7 2) = 292.6
     *   79: q1 8, s1 614: A 5526 - 5576 = -50, 50^2 / (8 1) = 312.5
     * so 76 and 79 tie exactly and the first maximum is 76: foreground
     * v > 76.  (In double, A^2 / (q1 q2) for k = 1125 puts 79 a rounding
     * above 76.)  The image is 135 x 75 = 9k pixels; W 301 clip makes every
     * window the whole image.  The same mask from u16 x257, u16 1000 + 3v
     * (levels v - 74 after the gcd map: the same tie, shifted) and f32
     * v/255. */
    {
        const int k = 1125, w = 135, h = 75;
        const int vals[6] = {74, 76, 77, 78, 79, 83}, cnt[6] = {2, 1, 1, 3, 1, 1};
        segkit_image g, g16, gs, gf;
        segkit_image_create(&g, w, h, 1, SEGKIT_U8);
        segkit_image_create(&gs, w, h, 1, SEGKIT_U16);
        int i = 0, c = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                while (c == cnt[i] * k) {
                    i++;
                    c = 0;
                }
                c++;
                ((uint8_t *)segkit_image_row(&g, y))[x] = (uint8_t)vals[i];
                ((uint16_t *)segkit_image_row(&gs, y))[x] = (uint16_t)(1000 + 3 * vals[i]);
            }
        g16 = widen(&g, SEGKIT_U16, 0);
        gf = widen(&g, SEGKIT_F32, 0);
        segkit_image *imgs[4] = {&g, &g16, &gs, &gf};
        static const char *const names[4] = {"u8", "u16 x257", "u16 1000 + 3v", "f32"};
        p = P(301);
        for (int t = 0; t < 4; t++) {
            segkit_image out;
            int st = segkit_threshold_local(imgs[t], OTSU, &p, 0, &out);
            CHECKF(st == SEGKIT_OK, "%s: %s", names[t], segkit_strerror(st));
            if (st != SEGKIT_OK)
                continue;
            long bad = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    bad += ((uint8_t *)segkit_image_row(&out, y))[x] !=
                           (((uint8_t *)segkit_image_row(&g, y))[x] > 76 ? 255 : 0);
            CHECKF(bad == 0, "localotsu exact tie, %s: %ld pixels differ from v > 76",
                   names[t], bad);
            segkit_image_free(&out);
        }
        for (int t = 0; t < 4; t++)
            segkit_image_free(imgs[t]);
    }
    /* constant images: every window's median is the pixel itself, so light
     * gives v > v - C: all 255 iff C > 0; dark the complement.  Otsu: one
     * occupied level, no split, so T is that level (as skimage's
     * threshold_otsu returns a constant image's value): all background,
     * whichever level the map gives (0 for 1234 and 0.3, 7 and 102 for the
     * 8-bit maps).  u16 1234 (not a multiple of 257), u16
     * 1799 = 7 x 257, f32 0.3 (0.3 255 = 76.5: not 8-bit data), f32
     * 0.4 = 102/255. */
    {
        const double vals[4] = {1234, 1799, 0.3, 0.4};
        const segkit_type ts[4] = {SEGKIT_U16, SEGKIT_U16, SEGKIT_F32, SEGKIT_F32};
        const uint8_t all[5] = {255, 255, 255, 255, 255}, none[5] = {0, 0, 0, 0, 0};
        for (int i = 0; i < 4; i++) {
            double v[5];
            for (int x = 0; x < 5; x++)
                v[x] = vals[i];
            for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
                p = P(4);
                p.border = (segkit_border)b;
                CHECKF(run_row("constant median", ts[i], 5, v, MED, &p, 0, none), "value %g", vals[i]);
                CHECKF(run_row("constant median dark", ts[i], 5, v, MED, &p, 1, all), "value %g", vals[i]);
                CHECKF(run_row("constant localotsu", ts[i], 5, v, OTSU, &p, 0, none), "value %g", vals[i]);
                CHECKF(run_row("constant localotsu dark", ts[i], 5, v, OTSU, &p, 1, all), "value %g", vals[i]);
                p.c = 2;
                CHECKF(run_row("constant median C 2", ts[i], 5, v, MED, &p, 0, all), "value %g", vals[i]);
                p.c = -2;
                CHECKF(run_row("constant median C -2", ts[i], 5, v, MED, &p, 0, none), "value %g", vals[i]);
            }
        }
    }
}

/* ---- border modes, worked by hand ----
 * Window means under each border (numbers checked with numpy.pad(a, pad,
 * mode) for reflect / symmetric / edge, the window mean taken by hand):
 *
 * A. 1x5 [60 90 0 0 0], W 5 (pad 2):
 *   reflect   0 90 | 60 90 0 0 0 | 0 0   means 48 48 30 18 0
 *   symmetric 90 60 | 60 90 0 0 0 | 0 0  means 60 42 30 18 0
 *   v > mean: reflect [255 255 0 0 0], symmetric [0 255 0 0 0].
 * B. 1x3 [0 30 90], W 9 (pad 4, wider than the image, so the mirror
 *   repeats: reflect with period 2n - 2 = 4, symmetric 2n = 6):
 *   reflect   0 30 90 30 | 0 30 90 | 30 0 30 90: x1 window 30 90 30 0 30
 *             90 30 0 30 = 330/9 = 36.67
 *   symmetric 90 90 30 0 | 0 30 90 | 90 30 0 0: x1 window 90 30 0 0 30 90
 *             90 30 0 = 360/9 = 40
 *   clip {0 30 90} = 40; replicate 0 0 0 0 30 90 90 90 90 = 390/9 = 43.33.
 *   C 7: T = 29.67 / 33 / 33 / 36.33, so x1 (30) is foreground only under
 *   reflect.  The same image as a column (3x1) runs through the row code.
 *   Niblack with k 0 is T = mean - C too and runs through the u8
 *   mean/variance path.
 * C. gaussian W 3 (taps t = e^(-1/1.28) = 0.45783, 1, t) on 1x3 [40 30 0],
 *   x0: reflect 30 | 40 30: (40 + 60 t) / (1 + 2t) = 35.22;
 *   symmetric 40 | 40 30: (40 + 70 t) / (1 + 2t) = 37.61 (= replicate);
 *   clip (40 + 30 t) / (1 + t) = 36.86.  C -3.5: T = 38.72 / 41.11 / 40.36,
 *   so x0 (40) is foreground only under reflect. */
static void test_border_hand(void)
{
    static const char *const bn[SEGKIT_BORDER_COUNT] = {"clip", "replicate",
                                                        "reflect", "symmetric"};
    segkit_local_params p;
    {
        const uint8_t in[5] = {60, 90, 0, 0, 0};
        const uint8_t refl[5] = {255, 255, 0, 0, 0}, sym[5] = {0, 255, 0, 0, 0};
        p = P(5);
        p.border = SEGKIT_BORDER_REFLECT;
        CHECK(run_case("A mean reflect", 5, 1, in, SEGKIT_LOCAL_MEAN, &p, 0, refl));
        p.border = SEGKIT_BORDER_SYMMETRIC;
        CHECK(run_case("A mean symmetric", 5, 1, in, SEGKIT_LOCAL_MEAN, &p, 0, sym));
        /* the transposed image (5x1 -> 1x5 column) gives the same */
        p.border = SEGKIT_BORDER_REFLECT;
        CHECK(run_case("A mean reflect column", 1, 5, in, SEGKIT_LOCAL_MEAN, &p, 0, refl));
        p.border = SEGKIT_BORDER_SYMMETRIC;
        CHECK(run_case("A mean symmetric column", 1, 5, in, SEGKIT_LOCAL_MEAN, &p, 0, sym));
    }
    {
        const uint8_t in[3] = {0, 30, 90};
        for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
            uint8_t want[3] = {0, b == SEGKIT_BORDER_REFLECT ? 255 : 0, 255};
            char what[64];
            for (int col = 0; col < 2; col++) {
                for (int nib = 0; nib < 2; nib++) {
                    p = P(9);
                    p.border = (segkit_border)b;
                    p.c = 7;
                    p.k = 0;
                    snprintf(what, sizeof what, "B %s %s%s", nib ? "niblack" : "mean",
                             bn[b], col ? " column" : "");
                    CHECK(run_case(what, col ? 1 : 3, col ? 3 : 1, in,
                                   nib ? SEGKIT_LOCAL_NIBLACK : SEGKIT_LOCAL_MEAN, &p,
                                   0, want));
                }
            }
        }
    }
    {
        /* x1's window lies in the image under every border: (30 + 40 t) /
         * (1 + 2t) = 25.22, C -3.5: T 28.72, 30 > 28.72; x2 (0) is below
         * any T > 0. */
        const uint8_t in[3] = {40, 30, 0};
        for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
            if (b == SEGKIT_BORDER_REPLICATE)
                continue; /* the same as symmetric for W 3 */
            uint8_t want[3] = {b == SEGKIT_BORDER_REFLECT ? 255 : 0, 255, 0};
            char what[64];
            p = P(3);
            p.border = (segkit_border)b;
            p.c = -3.5;
            snprintf(what, sizeof what, "C gaussian %s", bn[b]);
            CHECK(run_case(what, 3, 1, in, SEGKIT_LOCAL_GAUSSIAN, &p, 0, want));
        }
    }
}

/* ---- scikit-image threshold_sauvola ----
 * skimage.filters.threshold_sauvola pads with numpy.pad(mode='reflect')
 * (skimage/filters/thresholding.py, _mean_std), i.e. segkit's reflect
 * border; its R defaults to half the dtype range, 127.5 for uint8.  Counts
 * and FNV-1a hashes of the 0/255 masks, from scikit-image 0.19.3 (Debian
 * python3-skimage), no segkit involved:
 *
 *   import numpy as np, skimage.io, skimage.filters as f
 *   img = skimage.io.imread('data/camera.png')           # 512x512 uint8
 *   def fnv(b):                                           # FNV-1a 64
 *       h = 0xcbf29ce484222325
 *       for x in b: h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
 *       return h
 *   T = f.threshold_sauvola(img, window_size=31)          # k 0.2, r 127.5
 *   for m in (img > T, img <= T):
 *       m = m.astype(np.uint8) * 255
 *       print(int((m == 255).sum()), hex(fnv(m.tobytes())))
 *
 *   light 218448 0xbf5bfb41781e724f    dark 43696 0x4836685672cc767
 *
 * Checked on the u8 fast path and on the general path (the u16 image x257,
 * R scaled by the library), light and dark; the other borders must not
 * give skimage's mask. */
static void test_skimage_sauvola(void)
{
    char path[4096];
    if (!check_path(path, sizeof path, "SEGKIT_DATA", "camera.png")) {
        printf("SKIP: data/camera.png not found (SEGKIT_DATA), skimage Sauvola not run\n");
        return;
    }
    segkit_read_options ro = segkit_read_options_default();
    segkit_image img, g16;
    CHECK(segkit_read_file(path, &ro, &img, NULL) == SEGKIT_OK);
    CHECK(img.channels == 1 && img.type == SEGKIT_U8);
    if (img.channels != 1 || img.type != SEGKIT_U8) {
        segkit_image_free(&img);
        return;
    }
    g16 = widen(&img, SEGKIT_U16, 0);
    const long count[2] = {218448, 43696};
    const uint64_t hash[2] = {0xbf5bfb41781e724full, 0x4836685672cc767ull};
    for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
        for (int dark = 0; dark < 2; dark++) {
            for (int wide = 0; wide < 2; wide++) {
                segkit_local_params p = P(31);
                p.k = 0.2;
                p.r = 127.5;
                p.border = (segkit_border)b;
                segkit_image m;
                int st = segkit_threshold_local(wide ? &g16 : &img, SEGKIT_LOCAL_SAUVOLA,
                                                &p, dark, &m);
                CHECK(st == SEGKIT_OK);
                if (st != SEGKIT_OK)
                    continue;
                long n;
                uint64_t h = fnv1a(&m, &n);
                int same = n == count[dark] && h == hash[dark];
                CHECKF(same == (b == SEGKIT_BORDER_REFLECT),
                       "skimage sauvola %s dark %d %s: %ld at 255 (skimage %ld), hash %016llx",
                       segkit_border_name((segkit_border)b), dark, wide ? "u16" : "u8", n,
                       count[dark], (unsigned long long)h);
                segkit_image_free(&m);
            }
        }
    }
    segkit_image_free(&g16);
    segkit_image_free(&img);
}

int main(void)
{
    test_api();
    test_defaults();
    test_hand();
    test_naive();
    test_band();
    test_big_window();
    test_hist_types();
    test_hist_hand();
    test_border_hand();
    test_skimage_sauvola();
    /* data-dependent parts last: each may exit 77 when data is absent */
    if (getenv("SEGKIT_SHARED_DATA")) {
        char buf[4096];
        if (check_path(buf, sizeof buf, "SEGKIT_SHARED_DATA", "opencv/samples_data/sudoku.png"))
            test_opencv();
        if (check_path(buf, sizeof buf, "SEGKIT_SHARED_DATA", "doxa/2JohnC1V3.ppm"))
            test_doxa();
        else
            printf("SKIP: doxa data absent, bit-exact tests not run\n");
    }
    return check_done();
}
