/* Colour conversions and range masks.
 *  - every space against scikit-image 0.19.3 on 80 colours
 *    (tests/data/skimage/color_grid.txt, the Python calls in its header),
 *    1e-4 in float, and 16-bit x257 input giving the 8-bit results;
 *  - OKLab against Bjorn Ottosson's table of XYZ -> OKLab pairs ("A
 *    perceptual color space for image processing", 2020, section "Table of
 *    example XYZ and OKLab pairs"; 3 decimals);
 *  - every inverse (sRGB -> space -> sRGB) on the same colours;
 *  - range masks: the 8-bit hsv/hls fast path against the per-pixel
 *    reference on every 3rd level of the RGB cube, OpenCV units against
 *    segkit_color_convert_opencv + a comparison, wrapping hue by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static segkit_color_space space(const char *name)
{
    segkit_color_space cs;
    CHECKF(segkit_color_space_parse(name, &cs) == SEGKIT_OK, "%s", name);
    return cs;
}

#define NCOL 80
static int cols[NCOL][3];
static double ref[NCOL][8][3];

static int load_grid(void)
{
    char path[4096];
    if (!check_data(path, sizeof path, "skimage/color_grid.txt")) {
        printf("SKIP part: %s not found\n", path);
        return 0;
    }
    FILE *f = fopen(path, "r");
    char line[4096];
    int n = 0;
    while (f && fgets(line, sizeof line, f) && n < NCOL) {
        if (line[0] == '#')
            continue;
        char *p = line, *e;
        for (int k = 0; k < 3; k++)
            cols[n][k] = (int)strtol(p, &p, 10);
        for (int s = 0; s < 8; s++)
            for (int k = 0; k < 3; k++) {
                ref[n][s][k] = strtod(p, &e);
                p = e;
            }
        n++;
    }
    if (f)
        fclose(f);
    CHECKF(n == NCOL, "read %d colours", n);
    return n == NCOL;
}

static void test_skimage(void)
{
    if (!load_grid())
        return;
    /* the order of the file: rgb2hsv rgb2lab rgb2luv rgb2xyz rgb2ycbcr
     * rgb2yuv rgb2yiq rgb2hed */
    static const char *const names[8] = {"hsv", "lab", "luv", "xyz", "ycbcr", "yuv", "yiq", "hed"};
    segkit_image img8, img16;
    CHECK(segkit_image_create(&img8, NCOL, 1, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&img16, NCOL, 1, 3, SEGKIT_U16) == SEGKIT_OK);
    for (int i = 0; i < NCOL; i++)
        for (int k = 0; k < 3; k++) {
            ((uint8_t *)img8.data)[3 * i + k] = (uint8_t)cols[i][k];
            ((uint16_t *)img16.data)[3 * i + k] = (uint16_t)(cols[i][k] * 257);
        }
    for (int s = 0; s < 8; s++) {
        segkit_color_space cs = space(names[s]);
        segkit_image a, b;
        CHECK(segkit_color_convert(&img8, &cs, &a) == SEGKIT_OK);
        CHECK(segkit_color_convert(&img16, &cs, &b) == SEGKIT_OK);
        double worst = 0, worst16 = 0;
        for (int i = 0; i < NCOL; i++)
            for (int k = 0; k < 3; k++) {
                double v = ((float *)a.data)[3 * i + k], r = ref[i][s][k];
                if (s == 0 && k == 0)
                    v /= 360.0; /* skimage's hue is 0..1 */
                worst = fmax(worst, fabs(v - r));
                worst16 = fmax(worst16, fabs(((float *)a.data)[3 * i + k] -
                                             ((float *)b.data)[3 * i + k]));
            }
        CHECKF(worst <= 1e-4, "%s: max abs error %g vs skimage", names[s], worst);
        CHECKF(worst16 == 0, "%s: 16-bit x257 differs from 8-bit by %g", names[s], worst16);
        segkit_image_free(&a);
        segkit_image_free(&b);
    }
    segkit_image_free(&img8);
    segkit_image_free(&img16);
}

static void test_oklab(void)
{
    static const double pairs[4][6] = {
        {0.950, 1.000, 1.089, 1.000, 0.000, 0.000},
        {1.000, 0.000, 0.000, 0.450, 1.236, -0.019},
        {0.000, 1.000, 0.000, 0.922, -0.671, 0.263},
        {0.000, 0.000, 1.000, 0.153, -1.415, -0.449},
    };
    segkit_color_space xyz = space("xyz"), ok = space("oklab");
    for (int i = 0; i < 4; i++) {
        double rgb[3], lab[3];
        CHECK(segkit_color_to_rgb(&xyz, pairs[i], rgb) == SEGKIT_OK);
        CHECK(segkit_color_from_rgb(&ok, rgb, lab) == SEGKIT_OK);
        for (int k = 0; k < 3; k++)
            CHECKF(fabs(lab[k] - pairs[i][3 + k]) <= 0.0015, "XYZ pair %d channel %d: %.4f, "
                   "Ottosson %.3f", i, k, lab[k], pairs[i][3 + k]);
    }
}

static void test_inverse(void)
{
    static const char *const names[] = {
        "linear", "xyz", "xyz-d50", "lab", "lab-d50", "lch", "luv", "lchuv", "luv-d50",
        "oklab", "oklch", "hsv", "hls", "hsi", "ycbcr", "ycbcr709", "ycbcr601-full",
        "ycbcr709-full", "yuv", "yiq"};
    for (size_t s = 0; s < sizeof names / sizeof names[0]; s++) {
        segkit_color_space cs = space(names[s]);
        double worst = 0;
        for (int r = 0; r < 256; r += 15)
            for (int g = 0; g < 256; g += 15)
                for (int b = 0; b < 256; b += 15) {
                    double rgb[3] = {r / 255.0, g / 255.0, b / 255.0}, v[3], back[3];
                    segkit_color_from_rgb(&cs, rgb, v);
                    segkit_color_to_rgb(&cs, v, back);
                    for (int k = 0; k < 3; k++)
                        worst = fmax(worst, fabs(back[k] - rgb[k]));
                }
        CHECKF(worst < 1e-9, "%s: round trip error %g", names[s], worst);
    }
    /* hed clips negative stain densities at 0 (as skimage): colours whose
     * three densities are positive come back */
    {
        segkit_color_space cs = space("hed");
        static const double c[3][3] = {{0.4, 0.3, 0.5}, {0.7, 0.45, 0.6}, {0.5, 0.2, 0.35}};
        for (int i = 0; i < 3; i++) {
            double v[3], back[3];
            segkit_color_from_rgb(&cs, c[i], v);
            segkit_color_to_rgb(&cs, v, back);
            int positive = v[0] > 0 && v[1] > 0 && v[2] > 0;
            CHECKF(positive && fabs(back[0] - c[i][0]) + fabs(back[1] - c[i][1]) +
                                       fabs(back[2] - c[i][2]) < 1e-9,
                   "hed %d: %g %g %g", i, v[0], v[1], v[2]);
        }
    }
    /* names: canonical forms round-trip, junk is refused */
    char buf[32];
    segkit_color_space cs = space("YCbCr709-Full");
    CHECK(strcmp(segkit_color_space_name(&cs, buf, sizeof buf), "ycbcr709-full") == 0);
    CHECK(segkit_color_space_parse("hsv-d50", &cs) == SEGKIT_ERR_ARG);
    CHECK(segkit_color_space_parse("labx", &cs) == SEGKIT_ERR_ARG);
    /* D50 white maps to L 100, a = b = 0 (Bradford keeps the white white) */
    double w[3] = {1, 1, 1}, lab[3];
    cs = space("lab-d50");
    segkit_color_from_rgb(&cs, w, lab);
    CHECKF(fabs(lab[0] - 100) < 1e-6 && fabs(lab[1]) < 1e-6 && fabs(lab[2]) < 1e-6,
           "lab-d50 of white: %g %g %g", lab[0], lab[1], lab[2]);
}

/* every 3rd level of the cube as one 8-bit image, and the same x257 */
static void cube(segkit_image *img8, segkit_image *img16)
{
    int n = 86;
    segkit_image_create(img8, n * n, n, 3, SEGKIT_U8);
    segkit_image_create(img16, n * n, n, 3, SEGKIT_U16);
    size_t i = 0;
    for (int r = 0; r < n; r++)
        for (int g = 0; g < n; g++)
            for (int b = 0; b < n; b++, i += 3) {
                int v[3] = {3 * r, 3 * g, 3 * b};
                for (int k = 0; k < 3; k++) {
                    ((uint8_t *)img8->data)[i + k] = (uint8_t)v[k];
                    ((uint16_t *)img16->data)[i + k] = (uint16_t)(v[k] * 257);
                }
            }
}

static long long count_diff(const segkit_image *a, const segkit_image *b)
{
    long long n = 0;
    for (size_t i = 0; i < (size_t)a->width * (size_t)a->height; i++)
        n += ((uint8_t *)a->data)[i] != ((uint8_t *)b->data)[i];
    return n;
}

static long long count_set(const segkit_image *a)
{
    long long n = 0;
    for (size_t i = 0; i < (size_t)a->width * (size_t)a->height; i++)
        n += ((uint8_t *)a->data)[i] == 255;
    return n;
}

static void test_range(void)
{
    segkit_image img8, img16;
    cube(&img8, &img16);
    static const char *const specs[][2] = {
        {"hsv", "H:340..20,S:0.5..1,V:0.3..1"}, {"hsv", "H:30..90,S:10%..60%"},
        {"hsv", "H:0..350,V:0.2..0.8"},          {"hls", "H:200..40,L:0.25..0.75"},
        {"hls", "S:0.5..1"},                     {"hsv", "H:120..120"}};
    for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        r.space = space(specs[s][0]);
        r.nterms = 1;
        CHECK(segkit_color_range_parse(specs[s][1], r.space.id, 0, &r.term[0], NULL, 0) ==
              SEGKIT_OK);
        segkit_image fast, ref16;
        /* u8 takes the table path, u16 the per-pixel reference */
        CHECK(segkit_color_range_mask(&img8, &r, &fast) == SEGKIT_OK);
        CHECK(segkit_color_range_mask(&img16, &r, &ref16) == SEGKIT_OK);
        long long d = count_diff(&fast, &ref16), n = count_set(&fast);
        CHECKF(d == 0 && n > 0, "%s %s: %lld pixels differ (%lld set)", specs[s][0],
               specs[s][1], d, n);
        segkit_image_free(&fast);
        segkit_image_free(&ref16);
    }
    /* H:120..120 is pure green's hue: among the cube's pixels, those with
     * g the unique largest and r == b (hue exactly 120): for g = 3k > 0,
     * r = b < g gives k choices each: sum k for k = 1..85 = 3655 */
    {
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        r.space = space("hsv");
        r.nterms = 1;
        segkit_color_range_parse("H:120..120", r.space.id, 0, &r.term[0], NULL, 0);
        segkit_image m;
        segkit_color_range_mask(&img8, &r, &m);
        CHECKF(count_set(&m) == 3655, "H:120..120 sets %lld", count_set(&m));
        segkit_image_free(&m);
    }
    /* OpenCV units: the table path against cvtColor bytes + inRange */
    {
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        r.space = space("hsv");
        r.opencv = 1;
        r.nterms = 2;
        segkit_color_range_parse("H:170..10,S:100..255,V:50..255", r.space.id, 1, &r.term[0],
                                 NULL, 0);
        segkit_color_range_parse("H:100..130,S:0..40", r.space.id, 1, &r.term[1], NULL, 0);
        segkit_image m, hsv;
        CHECK(segkit_color_range_mask(&img8, &r, &m) == SEGKIT_OK);
        CHECK(segkit_color_convert_opencv(&img8, SEGKIT_SPACE_HSV, &hsv) == SEGKIT_OK);
        long long d = 0;
        for (size_t i = 0; i < (size_t)m.width * (size_t)m.height; i++) {
            const uint8_t *p = (uint8_t *)hsv.data + 3 * i;
            int in = ((p[0] >= 170 || p[0] <= 10) && p[1] >= 100 && p[2] >= 50) ||
                     (p[0] >= 100 && p[0] <= 130 && p[1] <= 40);
            d += (((uint8_t *)m.data)[i] == 255) != in;
        }
        CHECKF(d == 0, "OpenCV units: %lld pixels differ", d);
        segkit_image_free(&m);
        segkit_image_free(&hsv);
    }
    /* parse errors */
    segkit_range_term t;
    char err[128];
    CHECK(segkit_color_range_parse("S:0.9..0.1", SEGKIT_SPACE_HSV, 0, &t, err, sizeof err) ==
          SEGKIT_ERR_ARG);
    CHECK(strstr(err, "wraps") != NULL);
    CHECK(segkit_color_range_parse("Q:0..1", SEGKIT_SPACE_HSV, 0, &t, err, sizeof err) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_color_range_parse("H:1..", SEGKIT_SPACE_HSV, 0, &t, NULL, 0) == SEGKIT_ERR_ARG);
    CHECK(segkit_color_range_parse("H:1..2,H:3..4", SEGKIT_SPACE_HSV, 0, &t, NULL, 0) ==
          SEGKIT_ERR_ARG);
    CHECK(segkit_color_range_parse("h:350..10,c:20..200,0:50..100", SEGKIT_SPACE_LCH, 0, &t,
                                   NULL, 0) == SEGKIT_OK && t.n == 3 && t.cond[0].channel == 2);
    segkit_image_free(&img8);
    segkit_image_free(&img16);
}

int main(void)
{
    test_skimage();
    test_oklab();
    test_inverse();
    test_range();
    return check_done();
}
