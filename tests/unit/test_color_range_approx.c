/* Range masks in the spaces without tables (src/color/range_simd.c): the
 * channel values in single precision with an error bound, the pixels
 * within the bound of a range's end decided by the double formula.
 *   - the bound: |float value - double value| <= the bound of the channel
 *     (the hue's per-pixel bound where it is finite) on every 8-bit colour
 *     for lab and ycbcr-full (the benchmark's spaces) and every 3rd
 *     level plus 1, 254 for the others, at every instruction set the CPU
 *     has (cs_isa: a level the CPU lacks runs the best it has); hsv, hls
 *     (the float path of 16-bit samples) on 2^18 random 16-bit colours too;
 *   - the masks: u8 RGB, RGBA and u16 (x257) images of a grid of colours
 *     plus colours lying exactly on a range's end (the ends are the double
 *     values of chosen colours) and their neighbours, at every instruction
 *     set = the double formula per pixel (cs_from_samples, as the range
 *     masks define their values: segkit_color_from_rgb of samples / 255,
 *     hue and saturation of hsi from the integer samples), with
 *     wrapping hues; and the unsure pixels are there (the fallback runs);
 *   - hls in OpenCV units (bytes computed lane by lane as opencv.c does).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/color.h"
#include "color/range_approx.h"

static const char *const spaces[] = {"lab",   "lch",   "ycbcr-full", "rgb",        "linear",
                                     "xyz",   "xyz-d50", "lab-d50",  "luv",        "lchuv",
                                     "luv-d50", "oklab", "oklch",    "hsi",        "ycbcr",
                                     "ycbcr709", "ycbcr709-full", "yuv", "yiq",     "lch-d50",
                                     "hsv",   "hls"};
enum { NSPACES = sizeof spaces / sizeof spaces[0] };

/* the double value of 8-bit colour (r, g, b): cs_from_samples, as the
 * masks' reference uses */
static void exact(const cs_ctx *c, int r, int g, int b, double v[3])
{
    double s[3] = {r, g, b};
    cs_from_samples(c, s, 255.0, v);
}

static void test_bounds(void)
{
    float lut[256];
    for (int k = 0; k < 256; k++)
        lut[k] = (float)cs_srgb_to_linear(k / 255.0);
    int lv[256], nl = 0;
    for (int s = 0; s < NSPACES; s++) {
        int all = s == 0 || s == 2;
        nl = 0;
        for (int k = 0; k < 256; k++)
            if (all || k % 3 == 0 || k == 1 || k == 254)
                lv[nl++] = k;
        segkit_color_space cs;
        CHECK(segkit_color_space_parse(spaces[s], &cs) == SEGKIT_OK);
        cs_ctx c;
        cs_ctx_init(&c, &cs);
        ra_space a;
        ra_init(&a, &c, 255.0, lut);
        int cie = cs_space_is_cie(cs.id);
        float s0[256], s1[256], s2[256], v[3][256], eh[256];
        double worst[3][4] = {{0}}; /* isa, channel (3: hue): |dv| / bound */
        long long hue_known = 0;
        for (int ri = 0; ri < nl; ri++)
            for (int gi = 0; gi < nl; gi++) {
                int r = lv[ri], g = lv[gi], n = (nl + 15) / 16 * 16;
                for (int i = 0; i < n; i++) {
                    int b = i < nl ? lv[i] : 0;
                    s0[i] = cie ? lut[r] : r, s1[i] = cie ? lut[g] : g, s2[i] = cie ? lut[b] : b;
                }
                double ex[256][3];
                for (int i = 0; i < nl; i++)
                    exact(&c, r, g, lv[i], ex[i]);
                for (int isa = 0; isa < 3; isa++) {
                    ra_values(&a, cs_isa(isa), n, s0, s1, s2, v[0], v[1], v[2], eh);
                    for (int i = 0; i < nl; i++)
                        for (int k = 0; k < 3; k++) {
                            double d = fabs((double)v[k][i] - ex[i][k]), q;
                            if (k == a.hue) {
                                if (isinf(eh[i]))
                                    continue;
                                hue_known += isa == 0;
                                d = fmin(d, 360.0 - d);
                                q = d == 0 ? 0 : d / eh[i]; /* eh 0: exact */
                                if (!(q <= worst[isa][3]))
                                    worst[isa][3] = q;
                            } else {
                                q = d / a.err[k];
                                if (!(q <= worst[isa][k]))
                                    worst[isa][k] = q;
                            }
                        }
                }
            }
        for (int isa = 0; isa < 3; isa++) {
            double w = fmax(fmax(worst[isa][0], worst[isa][1]), fmax(worst[isa][2], worst[isa][3]));
            CHECKF(w <= 1.0, "%s isa %d (runs %d): error / bound %.3g %.3g %.3g hue %.3g",
                   spaces[s], isa, cs_isa(isa), worst[isa][0], worst[isa][1], worst[isa][2],
                   worst[isa][3]);
            if (isa == 0)
                printf("%-14s error / bound %.3f %.3f %.3f hue %.3f\n", spaces[s], worst[0][0],
                       worst[0][1], worst[0][2], worst[0][3]);
        }
        /* hsv hls take the float path with 16-bit samples: 2^18 random ones */
        if (cs.id == SEGKIT_SPACE_HSV || cs.id == SEGKIT_SPACE_HLS) {
            ra_space a16;
            ra_init(&a16, &c, 65535.0, NULL);
            uint64_t st = 0x243f6a8885a308d3ull;
            double w16 = 0;
            for (int rep = 0; rep < 1024; rep++) {
                double ex[256][3];
                for (int i = 0; i < 256; i++) {
                    double sm[3];
                    for (int k = 0; k < 3; k++) {
                        st ^= st << 13, st ^= st >> 7, st ^= st << 17;
                        /* near-equal samples too: hues near 0 / 360 */
                        sm[k] = k && (st >> 40) % 4 == 0 ? sm[0] + (double)((st >> 20) % 3) - 1
                                                         : (double)((st >> 16) & 0xffff);
                        sm[k] = sm[k] < 0 ? 0 : sm[k] > 65535 ? 65535 : sm[k];
                    }
                    s0[i] = (float)sm[0], s1[i] = (float)sm[1], s2[i] = (float)sm[2];
                    cs_from_samples(&c, sm, 65535.0, ex[i]);
                }
                for (int isa = 0; isa < 3; isa++) {
                    ra_values(&a16, cs_isa(isa), 256, s0, s1, s2, v[0], v[1], v[2], eh);
                    for (int i = 0; i < 256; i++)
                        for (int k = 0; k < 3; k++) {
                            double d = fabs((double)v[k][i] - ex[i][k]);
                            if (k == 0)
                                d = fmin(d, 360.0 - d);
                            double bound = k == 0 ? (double)eh[i] : (double)a16.err[k];
                            double q = d == 0 ? 0 : d / bound;
                            if (!(q <= w16))
                                w16 = q;
                        }
                }
            }
            CHECKF(w16 <= 1.0, "%s u16: error / bound %.3g", spaces[s], w16);
            printf("%-14s u16 error / bound %.3f\n", spaces[s], w16);
        }
        /* the hue's bound is finite for all but the grays and near-grays */
        if (a.hue >= 0)
            CHECKF(hue_known > (long long)nl * nl * nl * 9 / 10, "%s: hue bound on %lld of %d",
                   spaces[s], hue_known, nl * nl * nl);
    }
}

typedef struct mspec {
    const char *space;
    const char *terms[3];
    /* a condition whose ends are the double values of colours: channel,
     * then the colours of lo and hi (-1: keep the text's) */
    int ch, lo[3], hi[3];
    int nudge; /* 1: the ends one double inside the range, so that the colours
                * on them fail (by less than any float can tell) */
} mspec;

static const mspec mspecs[] = {
    {"lab", {"L:20..90,a:20..80,b:10..80"}, 0, {120, 60, 30}, {200, 180, 170}, 1},
    {"lab", {"a:0..0.5", "L:50..50.5,b:-200..200"}, 1, {128, 128, 128}, {-1}, 0},
    {"lch", {"h:340..20,C:30..200", "h:90..150,L:30..70"}, 2, {250, 10, 40}, {200, 40, 10}, 0},
    {"lch", {"C:0..0.1"}, 1, {-1}, {60, 60, 61}, 0},
    {"ycbcr-full", {"Y:40.5..220.5,Cb:60.5..120.5,Cr:135.5..200.5"}, 0, {40, 40, 40}, {-1}, 1},
    {"ycbcr", {"Y:16..100,Cb:128..128", "Cr:200..240"}, 1, {-1}, {-1}, 0},
    {"yuv", {"Y:0.2..0.6,U:-0.1..0.1"}, 1, {70, 60, 50}, {50, 60, 70}, 1},
    {"yiq", {"I:0..0.3,Q:-0.1..0"}, 1, {0, 0, 0}, {-1}, 0},
    {"rgb", {"R:0..0.5,G:0..0.25,B:0.2..0.2"}, 2, {0, 0, 51}, {0, 0, 51}, 0},
    {"linear", {"R:0.2..0.6"}, 0, {124, 0, 0}, {203, 0, 0}, 1},
    {"xyz-d50", {"Y:0.2..0.5,X:0.1..0.3"}, 1, {100, 100, 100}, {-1}, 0},
    {"luv", {"u:5..100,v:-20..40", "L:99..100"}, 1, {70, 60, 50}, {210, 90, 90}, 0},
    {"lchuv", {"h:300..60,C:20..300"}, 2, {255, 0, 128}, {255, 128, 0}, 1},
    {"oklab", {"L:0.4..0.8,a:-0.05..0.1"}, 0, {60, 60, 60}, {180, 181, 182}, 0},
    {"oklch", {"h:350..30,C:0.05..0.4"}, 2, {255, 0, 0}, {-1}, 0},
    {"hsi", {"H:330..30,S:0.2..1,I:0.2..0.9"}, 0, {255, 0, 64}, {255, 64, 0}, 0},
    {"hsi", {"H:120..120", "S:0..0"}, 0, {0, 255, 0}, {0, 255, 0}, 0},
    /* hsv hls: u8 through range.c's tables, u16 the float path */
    {"hsv", {"H:340..20,S:0.5..1,V:0.3..1", "H:0..0,V:0.5..0.6"}, 0, {255, 10, 40}, {255, 40, 10}, 1},
    {"hsv", {"H:0..0.5,S:0.2..1", "H:120..240,S:0.5..0.5"}, 1, {255, 100, 100}, {-1}, 0},
    {"hls", {"H:200..40,L:0.25..0.75,S:0.1..0.9"}, 2, {200, 100, 100}, {240, 10, 10}, 1},
};
enum { NMSPECS = sizeof mspecs / sizeof mspecs[0] };

static int holds(const segkit_color_ranges *r, const double v[3])
{
    for (int i = 0; i < r->nterms; i++) {
        int ok = 1;
        for (int k = 0; k < r->term[i].n; k++) {
            const segkit_range_cond *c = &r->term[i].cond[k];
            double x = v[c->channel];
            ok &= c->lo <= c->hi ? x >= c->lo && x <= c->hi : x >= c->lo || x <= c->hi;
        }
        if (ok)
            return 1;
    }
    return 0;
}

static void test_masks(void)
{
    for (int s = 0; s < NMSPECS; s++) {
        const mspec *ms = &mspecs[s];
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        CHECK(segkit_color_space_parse(ms->space, &r.space) == SEGKIT_OK);
        for (int i = 0; i < 3 && ms->terms[i]; i++)
            CHECK(segkit_color_range_parse(ms->terms[i], r.space.id, 0, &r.term[r.nterms++], NULL,
                                           0) == SEGKIT_OK);
        /* the first term's condition on ch gets ends on colours */
        segkit_range_cond *cd = NULL;
        for (int k = 0; k < r.term[0].n; k++)
            if (r.term[0].cond[k].channel == ms->ch)
                cd = &r.term[0].cond[k];
        CHECK(cd != NULL);
        int pts[2][3], np = 0;
        for (int e = 0; e < 2 && cd; e++) {
            const int *col = e ? ms->hi : ms->lo;
            if (col[0] < 0)
                continue;
            double rgb[3] = {col[0] / 255.0, col[1] / 255.0, col[2] / 255.0}, v[3];
            segkit_color_from_rgb(&r.space, rgb, v);
            double x = v[ms->ch];
            if (ms->nudge)
                x = nextafter(x, e ? -INFINITY : INFINITY);
            *(e ? &cd->hi : &cd->lo) = x;
            memcpy(pts[np++], col, sizeof pts[0]);
        }
        /* the image: every 5th level, then the colours on the ends and
         * their 26 neighbours, then the grays */
        int n = 52 * 52 * 52 + np * 27 + 256, w = 509, h = (n + w - 1) / w;
        segkit_image img8, img4, img16;
        segkit_image_create(&img8, w, h, 3, SEGKIT_U8);
        segkit_image_create(&img4, w, h, 4, SEGKIT_U8);
        segkit_image_create(&img16, w, h, 3, SEGKIT_U16);
        uint8_t *p = img8.data;
        memset(p, 0, (size_t)img8.stride * (size_t)h);
        int i = 0;
        for (int R = 0; R < 256; R += 5)
            for (int G = 0; G < 256; G += 5)
                for (int B = 0; B < 256; B += 5, i++)
                    p[3 * i] = (uint8_t)R, p[3 * i + 1] = (uint8_t)G, p[3 * i + 2] = (uint8_t)B;
        for (int k = 0; k < np; k++)
            for (int d = 0; d < 27; d++, i++)
                for (int c = 0; c < 3; c++) {
                    int x = pts[k][c] + (d / (c == 0 ? 1 : c == 1 ? 3 : 9)) % 3 - 1;
                    p[3 * i + c] = (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
                }
        for (int k = 0; k < 256; k++, i++)
            p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = (uint8_t)k;
        for (int y = 0; y < h; y++) {
            const uint8_t *q = segkit_image_row(&img8, y);
            uint8_t *q4 = segkit_image_row(&img4, y);
            uint16_t *q16 = segkit_image_row(&img16, y);
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 4; c++) {
                    q4[4 * x + c] = c < 3 ? q[3 * x + c] : (uint8_t)(x * 7);
                    if (c < 3)
                        q16[3 * x + c] = (uint16_t)(q[3 * x + c] * 257);
                }
        }
        /* the references: the double formula as the range masks define it
         * (cs_from_samples: segkit_color_from_rgb of the samples / 255 or
         * / 65535, hsi's hue and saturation from the integer samples) */
        cs_ctx cc;
        cs_ctx_init(&cc, &r.space);
        segkit_image ref8, ref16, m;
        segkit_image_create(&ref8, w, h, 1, SEGKIT_U8);
        segkit_image_create(&ref16, w, h, 1, SEGKIT_U8);
        segkit_image_create(&m, w, h, 1, SEGKIT_U8);
        long long set = 0;
        for (int y = 0; y < h; y++) {
            const uint8_t *q = segkit_image_row(&img8, y);
            uint8_t *o8 = segkit_image_row(&ref8, y), *o16 = segkit_image_row(&ref16, y);
            for (int x = 0; x < w; x++) {
                double a[3], b[3], v[3];
                for (int c = 0; c < 3; c++)
                    a[c] = q[3 * x + c], b[c] = q[3 * x + c] * 257;
                cs_from_samples(&cc, a, 255.0, v);
                o8[x] = holds(&r, v) ? 255 : 0;
                set += o8[x] == 255;
                cs_from_samples(&cc, b, 65535.0, v);
                o16[x] = holds(&r, v) ? 255 : 0;
            }
        }
        CHECKF(set > 0 && set < (long long)w * h, "%s %s: %lld of %d pixels set", ms->space,
               ms->terms[0], set, w * h);
        const segkit_image *ins[3] = {&img8, &img4, &img16};
        for (int isa = 0; isa < 3; isa++)
            for (int t = 0; t < 3; t++) {
                memset(m.data, 0x5a, (size_t)m.stride * (size_t)h);
                CHECK(cs_range_mask_isa(ins[t], &r, &m, isa) == SEGKIT_OK);
                const segkit_image *ref = t == 2 ? &ref16 : &ref8;
                long long d = 0;
                for (int y = 0; y < h; y++) {
                    const uint8_t *a = segkit_image_row(ref, y), *b = segkit_image_row(&m, y);
                    for (int x = 0; x < w; x++)
                        d += a[x] != b[x];
                }
                CHECKF(d == 0, "%s %s (%s), isa %d: %lld pixels differ", ms->space,
                       ms->terms[0], t == 0 ? "u8" : t == 1 ? "rgba" : "u16", isa, d);
            }
        /* the colours on the ends are left to the double formula */
        if (np) {
            cs_ctx c;
            cs_ctx_init(&c, &r.space);
            float lut[256];
            for (int k = 0; k < 256; k++)
                lut[k] = (float)cs_srgb_to_linear(k / 255.0);
            ra_space a;
            ra_init(&a, &c, 255.0, lut);
            ra_plan plan;
            ra_plan_init(&a, &r, &plan);
            long long unsure = 0;
            for (int y = 0; y < h; y++) {
                uint8_t *o = segkit_image_row(&m, y);
                ra_row(&a, &plan, cs_isa(-1), segkit_image_row(&img8, y), SEGKIT_U8, 3, w, o);
                for (int x = 0; x < w; x++)
                    unsure += o[x] == 1;
            }
            CHECKF(unsure >= np, "%s %s: %lld unsure pixels", ms->space, ms->terms[0], unsure);
        }
        segkit_image_free(&img8), segkit_image_free(&img4), segkit_image_free(&img16);
        segkit_image_free(&ref8), segkit_image_free(&ref16), segkit_image_free(&m);
    }
}

/* hls in OpenCV units: the vector bytes against the bounds = inRange on
 * the scalar bytes (cs_cv_pixel, which equal cv2.cvtColor's: test_color_simd,
 * tests/cli/color_peers.sh) on every 8-bit colour (RGBA: the first 2^20,
 * width 4093 leaving a tail), wrapping and fractional bounds */
static void test_hls8(void)
{
    static const char *const terms[][2] = {{"H:10..30,L:50..200,S:80..255", NULL},
                                           {"H:170..10.5,S:0.5..254.5", "L:0..0.9"},
                                           {"H:179.5..0,L:128..128", "H:90..90,S:255..255"}};
    segkit_image img, img4, m;
    int w = 4096, h = 4096;
    segkit_image_create(&img, w, h, 3, SEGKIT_U8);
    segkit_image_create(&img4, 4093, 257, 4, SEGKIT_U8);
    segkit_image_create(&m, w, h, 1, SEGKIT_U8);
    uint8_t *bytes = malloc((size_t)3 << 24);
    const cs_cv *cv = cs_cv_tables(SEGKIT_SPACE_HLS);
    CHECK(cv != NULL);
    for (uint32_t c = 0; c < 1u << 24; c++) {
        uint8_t *p = (uint8_t *)img.data + 3 * (size_t)c;
        p[0] = (uint8_t)(c >> 16), p[1] = (uint8_t)(c >> 8), p[2] = (uint8_t)c;
        cs_cv_pixel(cv, p[0], p[1], p[2], bytes + 3 * (size_t)c);
    }
    for (int y = 0; y < img4.height; y++) {
        uint8_t *q = segkit_image_row(&img4, y);
        for (int x = 0; x < img4.width; x++) {
            uint32_t c = (uint32_t)(y * img4.width + x) & 0xffffff;
            q[4 * x] = (uint8_t)(c >> 16), q[4 * x + 1] = (uint8_t)(c >> 8), q[4 * x + 2] = (uint8_t)c;
            q[4 * x + 3] = (uint8_t)x;
        }
    }
    for (int s = 0; s < 3; s++) {
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        r.space.id = SEGKIT_SPACE_HLS;
        r.opencv = 1;
        for (int i = 0; i < 2 && terms[s][i]; i++)
            CHECK(segkit_color_range_parse(terms[s][i], r.space.id, 1, &r.term[r.nterms++], NULL,
                                           0) == SEGKIT_OK);
        long long set = 0;
        for (int isa = 0; isa < 3; isa++) {
            memset(m.data, 0x5a, (size_t)m.stride * (size_t)h);
            CHECK(cs_range_mask_isa(&img, &r, &m, isa) == SEGKIT_OK);
            long long d = 0;
            for (uint32_t c = 0; c < 1u << 24; c++) {
                const uint8_t *b = bytes + 3 * (size_t)c;
                double v[3] = {b[0], b[1], b[2]};
                int in = holds(&r, v);
                d += ((uint8_t *)m.data)[c] != (in ? 255 : 0);
                set += isa == 0 && in;
            }
            CHECKF(d == 0, "hls8 %s, isa %d (runs %d): %lld of 2^24 colours differ", terms[s][0],
                   isa, cs_isa(isa), d);
            segkit_image m4;
            segkit_image_create(&m4, img4.width, img4.height, 1, SEGKIT_U8);
            CHECK(cs_range_mask_isa(&img4, &r, &m4, isa) == SEGKIT_OK);
            d = 0;
            for (int y = 0; y < img4.height; y++) {
                const uint8_t *q = segkit_image_row(&m4, y);
                for (int x = 0; x < img4.width; x++) {
                    uint32_t c = (uint32_t)(y * img4.width + x) & 0xffffff;
                    d += q[x] != ((uint8_t *)m.data)[c];
                }
            }
            CHECKF(d == 0, "hls8 rgba %s, isa %d: %lld differ", terms[s][0], isa, d);
            segkit_image_free(&m4);
        }
        CHECKF(set > 1000 && set < (1 << 24) - 1000, "hls8 %s: %lld set", terms[s][0], set);
    }
    free(bytes);
    segkit_image_free(&img), segkit_image_free(&img4), segkit_image_free(&m);
}

int main(void)
{
    test_hls8();
    test_bounds();
    test_masks();
    return check_done();
}
