/* Colour conversions and range masks.
 *  - every space against scikit-image 0.19.3 on 80 colours
 *    (tests/data/skimage/color_grid.txt, the Python calls in its header),
 *    1e-4 in float, and 16-bit x257 input giving the 8-bit results;
 *  - OKLab against Bjorn Ottosson's table of XYZ -> OKLab pairs ("A
 *    perceptual color space for image processing", 2020, section "Table of
 *    example XYZ and OKLab pairs"; 3 decimals), and OKLCh against their
 *    polar forms worked by hand;
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
    /* OKLCh of the same pairs: his (a, b) in polar form, h in degrees 0..360,
     * worked by hand: C = sqrt(a^2 + b^2), h = atan2(b, a) (+ 360 if < 0)
     *   (1.236, -0.019): C = sqrt(1.528057) = 1.236146, h = 360 - atan(0.019 /
     *     1.236) = 360 - 0.8807 = 359.1193
     *   (-0.671, 0.263): C = sqrt(0.519410) = 0.720701, h = 180 - atan(0.263 /
     *     0.671) = 180 - 21.4028 = 158.5972
     *   (-1.415, -0.449): C = sqrt(2.203826) = 1.484529, h = 180 + atan(0.449 /
     *     1.415) = 180 + 17.6050 = 197.6050
     * a and b within 0.0015 (above) put (a, b) within 0.0015 sqrt 2 < 0.0022,
     * and so C and the hue's arc C dh (radians); the white's hue is free. */
    static const double lch[4][3] = {{1.000, 0.000, 0.0},
                                     {0.450, 1.236146, 359.1193},
                                     {0.922, 0.720701, 158.5972},
                                     {0.153, 1.484529, 197.6050}};
    segkit_color_space okl = space("oklch");
    for (int i = 0; i < 4; i++) {
        double rgb[3], v[3];
        CHECK(segkit_color_to_rgb(&xyz, pairs[i], rgb) == SEGKIT_OK);
        CHECK(segkit_color_from_rgb(&okl, rgb, v) == SEGKIT_OK);
        double dh = fabs(v[2] - lch[i][2]);
        dh = fmin(dh, 360 - dh) * (3.14159265358979 / 180);
        CHECKF(v[2] >= 0 && v[2] < 360 && fabs(v[0] - lch[i][0]) <= 0.0015 &&
                   fabs(v[1] - lch[i][1]) <= 0.0022 && lch[i][1] * dh <= 0.0022,
               "OKLCh of XYZ pair %d: %.4f %.4f %.4f, Ottosson's in polar form %.3f %.4f %.4f",
               i, v[0], v[1], v[2], lch[i][0], lch[i][1], lch[i][2]);
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

/* the pixels of whole (the mask of img by r) that the masks of img's
 * 128 x 86 tiles disagree with: a tile is below RANGE_TABLE_MIN_PX
 * (range.c), so it goes pixel by pixel where the whole image takes the
 * tables */
static long long tiles_diff(const segkit_image *img, const segkit_color_ranges *r,
                            const segkit_image *whole)
{
    long long d = 0;
    for (int x0 = 0; x0 < img->width; x0 += 128) {
        int w = img->width - x0 < 128 ? img->width - x0 : 128;
        segkit_image v, m;
        CHECK(segkit_image_view(img, x0, 0, w, img->height, &v) == SEGKIT_OK);
        CHECK(segkit_color_range_mask(&v, r, &m) == SEGKIT_OK);
        for (int y = 0; y < img->height; y++)
            for (int x = 0; x < w; x++)
                d += ((uint8_t *)segkit_image_row(&m, y))[x] !=
                     ((uint8_t *)segkit_image_row(whole, y))[x0 + x];
        segkit_image_free(&m);
    }
    return d;
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
        d = tiles_diff(&img8, &r, &fast);
        CHECKF(d == 0, "%s %s: small tiles differ at %lld pixels", specs[s][0], specs[s][1], d);
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
        d = tiles_diff(&img8, &r, &m);
        CHECKF(d == 0, "OpenCV units: small tiles differ at %lld pixels", d);
        segkit_image_free(&m);
        segkit_image_free(&hsv);
    }
    /* the _to variants write the same into caller buffers, and check them */
    {
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        r.space = space("hsv");
        r.nterms = 1;
        segkit_color_range_parse("H:300..60,S:0.2..1", r.space.id, 0, &r.term[0], NULL, 0);
        segkit_image a, b, c, d, small;
        CHECK(segkit_color_range_mask(&img8, &r, &a) == SEGKIT_OK);
        segkit_image_create(&b, img8.width, img8.height, 1, SEGKIT_U8);
        CHECK(segkit_color_range_mask_to(&img8, &r, &b) == SEGKIT_OK);
        CHECK(count_diff(&a, &b) == 0 && count_set(&a) > 0);
        CHECK(segkit_color_convert_opencv(&img8, SEGKIT_SPACE_LAB, &c) == SEGKIT_OK);
        segkit_image_create(&d, img8.width, img8.height, 3, SEGKIT_U8);
        CHECK(segkit_color_convert_opencv_to(&img8, SEGKIT_SPACE_LAB, &d) == SEGKIT_OK);
        CHECK(memcmp(c.data, d.data, (size_t)c.width * c.height * 3) == 0);
        segkit_image_create(&small, 2, 2, 1, SEGKIT_U8);
        CHECK(segkit_color_range_mask_to(&img8, &r, &small) == SEGKIT_ERR_SIZE);
        CHECK(segkit_color_convert_opencv_to(&img8, SEGKIT_SPACE_LAB, &small) == SEGKIT_ERR_TYPE);
        segkit_image_free(&a), segkit_image_free(&b), segkit_image_free(&c);
        segkit_image_free(&d), segkit_image_free(&small);
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

/* CIEDE2000 on the 34 pairs of Sharma, Wu & Dalal, "The CIEDE2000
 * color-difference formula: implementation notes, supplementary test data,
 * and mathematical observations", Color Res. Appl. 30(1):21-30, 2005,
 * Table 1 (L1 a1 b1, L2 a2 b2, dE00 to 4 decimals; as scikit-image ships
 * them in skimage/color/tests/ciede2000_test_data.txt). */
static void test_ciede2000(void)
{
    static const double t[34][7] = {
        {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
        {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
        {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
        {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
        {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
        {50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
        {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
        {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
        {50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
        {50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
        {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
        {61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
        {35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
        {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
        {36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
        {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
        {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
        {6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
        {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
    };
    segkit_delta_e_params p = segkit_delta_e_params_default();
    for (int i = 0; i < 34; i++) {
        double d = segkit_delta_e_lab(&p, t[i], t[i] + 3);
        double r = segkit_delta_e_lab(&p, t[i] + 3, t[i]);
        CHECKF(fabs(d - t[i][6]) < 0.5e-4 + 1e-12, "pair %d: %.6f, Sharma %.4f", i + 1, d,
               t[i][6]);
        CHECKF(fabs(d - r) < 1e-12, "pair %d not symmetric: %.12f %.12f", i + 1, d, r);
    }
    /* CIE76 by hand: (50, 0, 0) to (53, 4, 0) is 5 */
    p.formula = SEGKIT_DE76;
    double a[3] = {50, 0, 0}, b[3] = {53, 4, 0};
    CHECK(fabs(segkit_delta_e_lab(&p, a, b) - 5.0) < 1e-12);
    /* CIE94 of a pure lightness difference is dL (SL = 1); CMC(2:1) of
     * L1 >= 16 divides dL by 2 SL, SL = 0.040975 L1 / (1 + 0.01765 L1) */
    p.formula = SEGKIT_DE94;
    CHECK(fabs(segkit_delta_e_lab(&p, a, b + 0) - segkit_delta_e_lab(&p, a, b)) == 0);
    double c[3] = {53, 0, 0};
    CHECK(fabs(segkit_delta_e_lab(&p, a, c) - 3.0) < 1e-12);
    p.formula = SEGKIT_DECMC;
    double sl = 0.040975 * 50 / (1 + 0.01765 * 50);
    CHECKF(fabs(segkit_delta_e_lab(&p, a, c) - 3.0 / (2 * sl)) < 1e-12, "cmc %g",
           segkit_delta_e_lab(&p, a, c));
    /* names */
    segkit_delta_e f;
    CHECK(segkit_delta_e_parse("dE2000", &f) == SEGKIT_OK && f == SEGKIT_DE2000);
    CHECK(segkit_delta_e_parse("cie94", &f) == SEGKIT_OK && f == SEGKIT_DE94);
    CHECK(segkit_delta_e_parse("95", &f) == SEGKIT_ERR_ARG);
}

/* colour names: CSS Color 4 values worked out by hand */
static void test_parse(void)
{
    double c[3];
    CHECK(segkit_color_parse("darkorange", c) == SEGKIT_OK && c[0] == 1.0 &&
          fabs(c[1] - 140 / 255.0) < 1e-15 && c[2] == 0.0);
    CHECK(segkit_color_parse("RebeccaPurple", c) == SEGKIT_OK &&
          fabs(c[0] - 0x66 / 255.0) < 1e-15 && fabs(c[1] - 0x33 / 255.0) < 1e-15 &&
          fabs(c[2] - 0x99 / 255.0) < 1e-15);
    CHECK(segkit_color_parse("#ff7f00", c) == SEGKIT_OK && fabs(c[1] - 127 / 255.0) < 1e-15);
    CHECK(segkit_color_parse("rgb(255, 50%, 0)", c) == SEGKIT_OK && fabs(c[1] - 0.5) < 1e-15);
    CHECK(segkit_color_parse("rgb(10 20 30)", c) == SEGKIT_OK && fabs(c[2] - 30 / 255.0) < 1e-15);
    CHECK(segkit_color_parse("lab(100, 0, 0)", c) == SEGKIT_OK);
    CHECKF(fabs(c[0] - 1) < 1e-3 && fabs(c[1] - 1) < 1e-3 && fabs(c[2] - 1) < 1e-3,
           "lab(100,0,0) -> %g %g %g", c[0], c[1], c[2]);
    CHECK(segkit_color_parse("rgb(256, 0, 0)", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_color_parse("notacolour", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_color_parse("rgb(1, 2)", c) == SEGKIT_ERR_ARG);
    /* the mean of a box */
    segkit_image img;
    segkit_image_create(&img, 2, 1, 3, SEGKIT_U8);
    uint8_t *d = img.data;
    d[0] = 255, d[3] = 0, d[1] = d[4] = 100, d[2] = d[5] = 51;
    CHECK(segkit_color_mean(&img, 0, 0, 2, 1, c) == SEGKIT_OK &&
          fabs(c[0] - 127.5 / 255) < 1e-15 && fabs(c[1] - 100 / 255.0) < 1e-15);
    CHECK(segkit_color_mean(&img, 1, 0, 2, 1, c) == SEGKIT_ERR_ARG);
    segkit_image_free(&img);
}

int main(void)
{
    test_skimage();
    test_oklab();
    test_inverse();
    test_range();
    test_ciede2000();
    test_parse();
    return check_done();
}
