/* segkit/render.h palettes: the Glasbey-style palette's colours are distinct
 * (every pair, consecutive entries) by CIEDE2000 computed here from the
 * formulas of Sharma, Wu and Dalal, "The CIEDE2000 color-difference formula:
 * implementation notes, supplementary test data, and mathematical
 * observations", Color Res. Appl. 30(1), 2005, and sRGB -> CIELAB (D65) as
 * skimage.color.rgb2lab; both checked against scikit-image 0.19.3 values
 * recorded below.  Colour parsing, tab20 and colormap entries against
 * matplotlib's published colours. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

#define PI 3.14159265358979323846

static double deg(double r) { return r * 180.0 / PI; }
static double rad(double d) { return d * PI / 180.0; }

static double ciede2000(const double l1[3], const double l2[3])
{
    double L1 = l1[0], a1 = l1[1], b1 = l1[2], L2 = l2[0], a2 = l2[1], b2 = l2[2];
    double C1 = hypot(a1, b1), C2 = hypot(a2, b2), Cm = (C1 + C2) / 2;
    double G = 0.5 * (1 - sqrt(pow(Cm, 7) / (pow(Cm, 7) + pow(25, 7))));
    double a1p = (1 + G) * a1, a2p = (1 + G) * a2;
    double C1p = hypot(a1p, b1), C2p = hypot(a2p, b2);
    double h1p = (a1p == 0 && b1 == 0) ? 0 : deg(atan2(b1, a1p));
    double h2p = (a2p == 0 && b2 == 0) ? 0 : deg(atan2(b2, a2p));
    if (h1p < 0) h1p += 360;
    if (h2p < 0) h2p += 360;
    double dLp = L2 - L1, dCp = C2p - C1p, dhp;
    if (C1p * C2p == 0) dhp = 0;
    else if (fabs(h2p - h1p) <= 180) dhp = h2p - h1p;
    else if (h2p - h1p > 180) dhp = h2p - h1p - 360;
    else dhp = h2p - h1p + 360;
    double dHp = 2 * sqrt(C1p * C2p) * sin(rad(dhp / 2));
    double Lpm = (L1 + L2) / 2, Cpm = (C1p + C2p) / 2, hpm;
    if (C1p * C2p == 0) hpm = h1p + h2p;
    else if (fabs(h1p - h2p) <= 180) hpm = (h1p + h2p) / 2;
    else if (h1p + h2p < 360) hpm = (h1p + h2p + 360) / 2;
    else hpm = (h1p + h2p - 360) / 2;
    double T = 1 - 0.17 * cos(rad(hpm - 30)) + 0.24 * cos(rad(2 * hpm)) +
               0.32 * cos(rad(3 * hpm + 6)) - 0.20 * cos(rad(4 * hpm - 63));
    double dtheta = 30 * exp(-pow((hpm - 275) / 25, 2));
    double RC = 2 * sqrt(pow(Cpm, 7) / (pow(Cpm, 7) + pow(25, 7)));
    double SL = 1 + 0.015 * pow(Lpm - 50, 2) / sqrt(20 + pow(Lpm - 50, 2));
    double SC = 1 + 0.045 * Cpm, SH = 1 + 0.015 * Cpm * T;
    double RT = -sin(rad(2 * dtheta)) * RC;
    return sqrt(pow(dLp / SL, 2) + pow(dCp / SC, 2) + pow(dHp / SH, 2) +
                RT * (dCp / SC) * (dHp / SH));
}

/* sRGB (0..255) -> CIELAB, D65 2-degree white (0.95047, 1, 1.08883), the
 * sRGB -> XYZ matrix of skimage.color.colorconv */
static void rgb2lab(const uint8_t rgb[3], double lab[3])
{
    static const double M[3][3] = {{0.412453, 0.357580, 0.180423},
                                   {0.212671, 0.715160, 0.072169},
                                   {0.019334, 0.119193, 0.950227}};
    static const double white[3] = {0.95047, 1.0, 1.08883};
    double lin[3], f[3];
    for (int c = 0; c < 3; c++) {
        double v = rgb[c] / 255.0;
        lin[c] = v > 0.04045 ? pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }
    for (int i = 0; i < 3; i++) {
        double t = (M[i][0] * lin[0] + M[i][1] * lin[1] + M[i][2] * lin[2]) / white[i];
        f[i] = t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

static void test_reference_formulas(void)
{
    /* skimage.color.deltaE_ciede2000(np.array(a), np.array(b)), scikit-image
     * 0.19.3; the pairs are Sharma et al.'s test data, whose published
     * values (2.0425, 1.0000, 4.3065, 1.2644, 2.0373, 1.4441) agree */
    static const struct { double a[3], b[3], de; } pairs[] = {
        {{50, 2.6772, -79.7751}, {50, 0, -82.7485}, 2.0424596801565738},
        {{50, -1.3802, -84.2814}, {50, 0, -82.7485}, 0.9999988647524645},
        {{50, 2.5, 0}, {50, 0, -2.5}, 4.306482095827058},
        {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644200135991874},
        {{22.7233, 20.0904, -46.694}, {23.0331, 14.973, -42.5619}, 2.037258269709003},
        {{90.8027, -2.0831, 1.441}, {91.1528, -1.6435, 0.0447}, 1.4441290780930247},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double d = ciede2000(pairs[i].a, pairs[i].b);
        CHECKF(fabs(d - pairs[i].de) < 1e-9, "pair %zu: %.12f vs %.12f", i, d, pairs[i].de);
        CHECK(fabs(ciede2000(pairs[i].b, pairs[i].a) - d) < 1e-9);
    }
    /* skimage.color.rgb2lab(np.array([[c]], dtype=np.float64) / 255)[0, 0] */
    static const struct { uint8_t rgb[3]; double lab[3]; } colours[] = {
        {{255, 0, 0}, {53.2405879437449, 80.0923082256922, 67.2027510444287}},
        {{31, 119, 180}, {47.979330599947914, -3.2125943758282705, -39.31947241304519}},
        {{190, 12, 255}, {50.01430956335389, 88.30393242262163, -78.00224828279387}},
        {{255, 255, 255}, {100.0, -0.0024549378620508655, 0.004653421154054982}},
        {{12, 200, 60}, {70.67088780993208, -68.36403935376745, 55.76463271349403}},
    };
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++) {
        double lab[3];
        rgb2lab(colours[i].rgb, lab);
        for (int c = 0; c < 3; c++)
            CHECKF(fabs(lab[c] - colours[i].lab[c]) < 1e-9, "colour %zu channel %d: %.12f", i,
                   c, lab[c]);
    }
}

static void test_glasbey(void)
{
    segkit_palette p = {SEGKIT_PALETTE_GLASBEY, NULL, 0};
    double lab[SEGKIT_GLASBEY_SIZE][3], black[3], white[3];
    uint8_t rgb[SEGKIT_GLASBEY_SIZE][3];
    static const uint8_t k[3] = {0, 0, 0}, w[3] = {255, 255, 255};
    rgb2lab(k, black);
    rgb2lab(w, white);
    for (int i = 0; i < SEGKIT_GLASBEY_SIZE; i++) {
        CHECK(segkit_palette_color(&p, i + 1, rgb[i]) == SEGKIT_OK);
        rgb2lab(rgb[i], lab[i]);
        /* label L and L + 256 share the entry; the same answer every call */
        uint8_t again[3], wrap[3];
        CHECK(segkit_palette_color(&p, i + 1, again) == SEGKIT_OK && !memcmp(again, rgb[i], 3));
        CHECK(segkit_palette_color(&p, i + 1 + 256, wrap) == SEGKIT_OK && !memcmp(wrap, rgb[i], 3));
    }
    double pair = 1e9, next = 1e9, seed = 1e9;
    int distinct = 1;
    for (int i = 0; i < SEGKIT_GLASBEY_SIZE; i++) {
        for (int j = i + 1; j < SEGKIT_GLASBEY_SIZE; j++) {
            double d = ciede2000(lab[i], lab[j]);
            pair = d < pair ? d : pair;
            distinct &= memcmp(rgb[i], rgb[j], 3) != 0;
        }
        if (i + 1 < SEGKIT_GLASBEY_SIZE) {
            double d = ciede2000(lab[i], lab[i + 1]);
            next = d < next ? d : next;
        }
        double db = ciede2000(lab[i], black), dw = ciede2000(lab[i], white);
        seed = db < seed ? db : seed;
        seed = dw < seed ? dw : seed;
    }
    printf("glasbey: min CIEDE2000 between entries %.4f, consecutive %.4f, to black/white %.4f\n",
           pair, next, seed);
    CHECK(distinct);
    /* the figures render.h states (tests/gen/render_tables.py, from
     * skimage.color.deltaE_ciede2000 on the same colours) */
    CHECKF(fabs(pair - 8.2789) < 1e-4, "%.6f", pair);
    CHECKF(fabs(next - 10.9445) < 1e-4, "%.6f", next);
    CHECKF(fabs(seed - 9.1657) < 1e-4, "%.6f", seed);
    /* label 0 and negative labels: black */
    uint8_t c[3] = {1, 1, 1};
    CHECK(segkit_palette_color(&p, 0, c) == SEGKIT_OK && c[0] == 0 && c[1] == 0 && c[2] == 0);
    CHECK(segkit_palette_color(&p, -5, c) == SEGKIT_OK && c[0] == 0);
    /* an object's colour is far from black: no object disappears */
    CHECK(seed > 9);
}

static void test_tab20_colormaps(void)
{
    /* matplotlib's tab20 (Tableau): #1f77b4, #aec7e8, ..., #9edae5 */
    segkit_palette p = {SEGKIT_PALETTE_TAB20, NULL, 0};
    uint8_t c[3];
    CHECK(segkit_palette_color(&p, 1, c) == SEGKIT_OK && c[0] == 0x1f && c[1] == 0x77 && c[2] == 0xb4);
    CHECK(segkit_palette_color(&p, 2, c) == SEGKIT_OK && c[0] == 0xae && c[1] == 0xc7 && c[2] == 0xe8);
    CHECK(segkit_palette_color(&p, 20, c) == SEGKIT_OK && c[0] == 0x9e && c[1] == 0xda && c[2] == 0xe5);
    CHECK(segkit_palette_color(&p, 21, c) == SEGKIT_OK && c[0] == 0x1f);
    /* viridis: matplotlib's first and last entries (0.267004, 0.004874,
     * 0.329415) and (0.993248, 0.906157, 0.143936) in _cm_listed.py, as bytes
     * (x 255, truncated, as cmap(i, bytes=True)); magma (0.001462, 0.000466,
     * 0.013866) and (0.987053, 0.991438, 0.749504) */
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_VIRIDIS, 0, c) == SEGKIT_OK && c[0] == 0x44 &&
          c[1] == 0x01 && c[2] == 0x54);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_VIRIDIS, 255, c) == SEGKIT_OK && c[0] == 0xfd &&
          c[1] == 0xe7 && c[2] == 0x24);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_MAGMA, 0, c) == SEGKIT_OK && c[0] == 0 &&
          c[1] == 0 && c[2] == 3);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_MAGMA, 255, c) == SEGKIT_OK && c[0] == 251 &&
          c[1] == 252 && c[2] == 191);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_GRAY, 77, c) == SEGKIT_OK && c[0] == 77 && c[2] == 77);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_TAB20, 0, c) == SEGKIT_ERR_ARG);
    CHECK(segkit_colormap_entry(SEGKIT_PALETTE_GRAY, 256, c) == SEGKIT_ERR_ARG);
    /* a custom palette repeats */
    static const uint8_t mine[2][3] = {{1, 2, 3}, {4, 5, 6}};
    segkit_palette q = {SEGKIT_PALETTE_CUSTOM, mine, 2};
    CHECK(segkit_palette_color(&q, 3, c) == SEGKIT_OK && c[0] == 1 && c[2] == 3);
    CHECK(segkit_palette_color(&q, 4, c) == SEGKIT_OK && c[0] == 4);
    q.n = 0;
    CHECK(segkit_palette_color(&q, 1, c) == SEGKIT_ERR_ARG);
    segkit_palette_kind k;
    CHECK(segkit_palette_parse("magma", &k) == SEGKIT_OK && k == SEGKIT_PALETTE_MAGMA);
    CHECK(segkit_palette_parse("jet", &k) == SEGKIT_ERR_ARG);
}

static void test_parse_color(void)
{
    uint8_t c[3];
    CHECK(segkit_render_parse_color("#ff8000", c) == SEGKIT_OK && c[0] == 255 && c[1] == 128 && c[2] == 0);
    CHECK(segkit_render_parse_color("#F80", c) == SEGKIT_OK && c[0] == 255 && c[1] == 136 && c[2] == 0);
    CHECK(segkit_render_parse_color("1, 2,3", c) == SEGKIT_OK && c[0] == 1 && c[1] == 2 && c[2] == 3);
    CHECK(segkit_render_parse_color("yellow", c) == SEGKIT_OK && c[0] == 255 && c[1] == 255 && c[2] == 0);
    CHECK(segkit_render_parse_color("256,0,0", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_parse_color("1,2", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_parse_color("1,2,3,4", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_parse_color("#12345", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_parse_color("#gg0000", c) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_parse_color("", c) == SEGKIT_ERR_ARG);
    /* names: CSS Color Module Level 4, section 6.1 (the table segkit-color
     * uses): green is #008000, lime #00ff00, rebeccapurple #663399; case
     * does not matter */
    CHECK(segkit_render_parse_color("green", c) == SEGKIT_OK && c[0] == 0 && c[1] == 128 && c[2] == 0);
    CHECK(segkit_render_parse_color("Lime", c) == SEGKIT_OK && c[0] == 0 && c[1] == 255 && c[2] == 0);
    CHECK(segkit_render_parse_color("REBECCAPURPLE", c) == SEGKIT_OK && c[0] == 0x66 &&
          c[1] == 0x33 && c[2] == 0x99);
    CHECK(segkit_render_parse_color("notacolour", c) == SEGKIT_ERR_ARG);
}

static void test_class_table(void)
{
    segkit_class_table t;
    int line;
    const char *csv = "id,name,colour\n# a comment\n7, nucleus ,#00ff00\r\n2,\"cell\",10,20,30\n\n";
    CHECK(segkit_class_table_parse(csv, strlen(csv), &t, &line) == SEGKIT_OK && t.count == 2);
    const segkit_class *k = segkit_class_table_find(&t, 7);
    CHECK(k && strcmp(k->name, "nucleus") == 0 && k->color[1] == 255 && k->color[0] == 0);
    k = segkit_class_table_find(&t, 2);
    CHECK(k && strcmp(k->name, "cell") == 0 && k->color[0] == 10 && k->color[2] == 30);
    CHECK(segkit_class_table_find(&t, 3) == NULL);
    segkit_class_table_free(&t);
    const char *json = "[{\"id\": 3, \"color\": \"red\"},\n {\"name\": \"x\\\"y\", \"colour\": [1,2,3], \"id\": 1, "
                       "\"meta\": {\"a\": [true, null, -1.5e3]}}]";
    CHECK(segkit_class_table_parse(json, strlen(json), &t, &line) == SEGKIT_OK && t.count == 2);
    CHECK(t.classes[0].id == 1 && strcmp(t.classes[0].name, "x\"y") == 0 && t.classes[0].color[2] == 3);
    CHECK(t.classes[1].id == 3 && t.classes[1].color[0] == 255 && t.classes[1].name[0] == 0);
    segkit_class_table_free(&t);
    /* errors: the line of the problem */
    const char *bad = "id,name,colour\n1,a,#fff\n2,b,#ggg\n";
    CHECK(segkit_class_table_parse(bad, strlen(bad), &t, &line) == SEGKIT_ERR_CORRUPT && line == 3 &&
          t.classes == NULL);
    const char *dup = "1,a,#fff\n1,b,#000\n";
    CHECK(segkit_class_table_parse(dup, strlen(dup), &t, &line) == SEGKIT_ERR_CORRUPT);
    const char *bj = "[{\"id\": 1, \"color\": \"#fff\"},\n{\"id\": 2}]";
    CHECK(segkit_class_table_parse(bj, strlen(bj), &t, &line) == SEGKIT_ERR_CORRUPT && line == 2);
    const char *trail = "[] x";
    CHECK(segkit_class_table_parse(trail, strlen(trail), &t, &line) == SEGKIT_ERR_CORRUPT);
    /* a bad colour on line 3 of a wrapped table; an id that is not an
     * integer; a class that is not an object; a JSON syntax error on line 2 */
    const char *bc = "{\"version\": 2, \"classes\": [\n {\"id\": 1, \"color\": \"#fff\"},\n {\"id\": 2, "
                     "\"color\": [1, 2, 256]}]}";
    CHECK(segkit_class_table_parse(bc, strlen(bc), &t, &line) == SEGKIT_ERR_CORRUPT && line == 3);
    const char *fid = "[{\"id\": 1.5, \"color\": \"red\"}]";
    CHECK(segkit_class_table_parse(fid, strlen(fid), &t, &line) == SEGKIT_ERR_CORRUPT && line == 1);
    const char *num = "[\n\n 7]";
    CHECK(segkit_class_table_parse(num, strlen(num), &t, &line) == SEGKIT_ERR_CORRUPT && line == 3);
    const char *syn = "[{\"id\": 1,\n \"color\" \"red\"}]";
    CHECK(segkit_class_table_parse(syn, strlen(syn), &t, &line) == SEGKIT_ERR_CORRUPT && line == 2);
    const char *nocls = "{\"classez\": []}";
    CHECK(segkit_class_table_parse(nocls, strlen(nocls), &t, &line) == SEGKIT_ERR_CORRUPT);
    /* names: \u escapes decoded to UTF-8 (U+00E9 is C3 A9), a CSS name as
     * the colour; a name longer than 63 bytes is cut before a character
     * that would not fit whole (62 'a' then the two bytes of U+00E9) */
    const char *utf = "[{\"id\": 4, \"name\": \"caf\\u00e9\", \"color\": \"Lime\"}, {\"id\": 5, \"name\": "
                      "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\u00e9\", "
                      "\"color\": \"#000\"}]";
    CHECK(segkit_class_table_parse(utf, strlen(utf), &t, &line) == SEGKIT_OK && t.count == 2);
    CHECK(t.count == 2 && strcmp(t.classes[0].name, "caf\xc3\xa9") == 0 && t.classes[0].color[1] == 255 &&
          t.classes[0].color[0] == 0 && strlen(t.classes[1].name) == 62);
    segkit_class_table_free(&t);
    const char *empty = "[]";
    CHECK(segkit_class_table_parse(empty, strlen(empty), &t, &line) == SEGKIT_OK && t.count == 0);
    segkit_class_table_free(&t);
    CHECK(segkit_class_table_parse(NULL, 0, &t, &line) == SEGKIT_ERR_ARG);
}

/* segkit_label_colorize draws labels in the same palette */
static void test_colorize(void)
{
    segkit_image l, rgb;
    CHECK(segkit_image_create(&l, 3, 1, 1, SEGKIT_I32) == SEGKIT_OK);
    int32_t *v = l.data;
    v[0] = 0;
    v[1] = 1;
    v[2] = 300;
    CHECK(segkit_label_colorize(&l, &rgb) == SEGKIT_OK);
    segkit_palette p = {SEGKIT_PALETTE_GLASBEY, NULL, 0};
    uint8_t c1[3], c300[3];
    segkit_palette_color(&p, 1, c1);
    segkit_palette_color(&p, 44, c300); /* 300 - 1 = 299 = 256 + 43 */
    const uint8_t *d = rgb.data;
    CHECK(d[0] == 0 && d[1] == 0 && d[2] == 0);
    CHECK(memcmp(d + 3, c1, 3) == 0 && memcmp(d + 6, c300, 3) == 0);
    segkit_image_free(&rgb);
    segkit_image_free(&l);
}

int main(void)
{
    test_colorize();
    test_reference_formulas();
    test_glasbey();
    test_tab20_colormaps();
    test_parse_color();
    test_class_table();
    return check_done();
}
