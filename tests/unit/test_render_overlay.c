/* segkit/render.h boundaries and overlays.  Boundary masks equal
 * skimage.segmentation.find_boundaries (scikit-image 0.19.3) on hand-worked
 * cases and on two label images made from data/coins.png, whose expected
 * masks are recorded below as pixel counts and FNV-1a 64 hashes of the
 * row-major 0/1 bytes, computed by this Python (no segkit involved):
 *
 *   import numpy as np; from skimage import io
 *   from skimage.segmentation import find_boundaries
 *   coins = io.imread('data/coins.png')
 *   def fnv(a):
 *       h = 0xcbf29ce484222325
 *       for b in a.astype(np.uint8).ravel().tobytes():
 *           h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
 *       return h
 *   quant = (coins // 32).astype(np.int32)
 *   fg = np.where(coins > 107, coins // 16 - 5, 0).astype(np.int32)
 *   for lab in (quant, fg):
 *       for mode in ('thick', 'inner', 'outer', 'subpixel'):
 *           m = find_boundaries(lab, mode=mode); print(m.shape, m.sum(), hex(fnv(m)))
 *
 * (int32 labels: with int64 labels scipy's grey_erosion overflows on the
 * int64 maximum that mode='outer' puts in the background.)  The overlay
 * pixels are worked out by hand from the rules in render.h. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static segkit_image from_rows(const int32_t *v, int w, int h)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, w, h, 1, SEGKIT_I32) == SEGKIT_OK);
    for (int y = 0; y < h; y++)
        memcpy(segkit_image_row(&img, y), v + y * w, (size_t)w * 4);
    return img;
}

/* the mask as rows of '#' (255) and '.' (0) */
static int mask_is(const segkit_image *m, const char *const *rows)
{
    for (int y = 0; y < m->height; y++) {
        const uint8_t *r = segkit_image_row(m, y);
        if ((int)strlen(rows[y]) != m->width)
            return 0;
        for (int x = 0; x < m->width; x++)
            if ((r[x] == 255) != (rows[y][x] == '#') || (r[x] != 0 && r[x] != 255)) {
                fprintf(stderr, "  differs at (%d, %d)\n", x, y);
                return 0;
            }
    }
    return 1;
}

static void test_small(void)
{
    static const int32_t v[] = {0, 0, 0, 0, 0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 0,
                                0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    segkit_image l = from_rows(v, 5, 5), m;
    /* find_boundaries(a.astype(np.int32), mode=...) printed by skimage */
    static const char *const thick[] = {".###.", "#####", "#####", ".###.", "....."};
    static const char *const inner[] = {".....", ".###.", ".###.", ".....", "....."};
    static const char *const outer[] = {".###.", "#.###", "#.###", ".###.", "....."};
    CHECK(segkit_render_boundaries(&l, SEGKIT_BOUNDARY_THICK, &m) == SEGKIT_OK && mask_is(&m, thick));
    segkit_image_free(&m);
    CHECK(segkit_render_boundaries(&l, SEGKIT_BOUNDARY_INNER, &m) == SEGKIT_OK && mask_is(&m, inner));
    segkit_image_free(&m);
    CHECK(segkit_render_boundaries(&l, SEGKIT_BOUNDARY_OUTER, &m) == SEGKIT_OK && mask_is(&m, outer));
    segkit_image_free(&m);
    segkit_image_free(&l);
    /* find_boundaries(np.array([[1, 2], [1, 1]]), mode='subpixel') */
    static const int32_t s[] = {1, 2, 1, 1};
    static const char *const sub[] = {".#.", ".##", "..."};
    l = from_rows(s, 2, 2);
    CHECK(segkit_render_boundaries(&l, SEGKIT_BOUNDARY_SUBPIXEL, &m) == SEGKIT_OK &&
          m.width == 3 && m.height == 3 && mask_is(&m, sub));
    segkit_image_free(&m);
    /* u8 labels are read as the same values */
    segkit_image u8;
    CHECK(segkit_image_create(&u8, 2, 2, 1, SEGKIT_U8) == SEGKIT_OK);
    for (int i = 0; i < 4; i++)
        ((uint8_t *)segkit_image_row(&u8, i / 2))[i % 2] = (uint8_t)s[i];
    CHECK(segkit_render_boundaries(&u8, SEGKIT_BOUNDARY_SUBPIXEL, &m) == SEGKIT_OK && mask_is(&m, sub));
    segkit_image_free(&m);
    segkit_image_free(&u8);
    /* one label: no boundary (the image edge is none) */
    static const int32_t one[] = {3, 3, 3, 3};
    segkit_image o = from_rows(one, 2, 2);
    static const char *const none[] = {"..", ".."};
    CHECK(segkit_render_boundaries(&o, SEGKIT_BOUNDARY_THICK, &m) == SEGKIT_OK && mask_is(&m, none));
    segkit_image_free(&m);
    segkit_image_free(&o);
    CHECK(segkit_render_boundaries(&l, SEGKIT_BOUNDARY_COUNT, &m) == SEGKIT_ERR_ARG && !m.data);
    CHECK(segkit_render_boundaries(NULL, SEGKIT_BOUNDARY_THICK, &m) == SEGKIT_ERR_ARG);
    segkit_image_free(&l);
}

static uint64_t fnv(const segkit_image *m, long *count)
{
    uint64_t h = 0xcbf29ce484222325ull;
    *count = 0;
    for (int y = 0; y < m->height; y++) {
        const uint8_t *r = segkit_image_row(m, y);
        for (int x = 0; x < m->width; x++) {
            h = (h ^ (r[x] != 0)) * 0x100000001b3ull;
            *count += r[x] != 0;
        }
    }
    return h;
}

static void test_coins(void)
{
    char path[1024];
    if (!check_path(path, sizeof path, "SEGKIT_DATA", "coins.png")) {
        printf("skipped: data/coins.png not found\n");
        return;
    }
    segkit_image coins;
    CHECK(segkit_read_file(path, NULL, &coins, NULL) == SEGKIT_OK);
    static const struct { long count; uint64_t hash; } want[2][4] = {
        {{55097, 0x6f528969fedc0036ull}, {51077, 0xcad662b70367d1deull},
         {51290, 0x402a825b04ca4f33ull}, {103472, 0xd5f90fa58143f0a7ull}},
        {{44542, 0x282dc3c03b9f37b9ull}, {38871, 0xfc220dd8eceb35beull},
         {44075, 0xea141b0be64957a8ull}, {97244, 0x0f4f08a710df14b1ull}},
    };
    for (int k = 0; k < 2; k++) {
        segkit_image l;
        CHECK(segkit_image_create(&l, coins.width, coins.height, 1, SEGKIT_I32) == SEGKIT_OK);
        for (int y = 0; y < coins.height; y++) {
            const uint8_t *c = segkit_image_row(&coins, y);
            int32_t *d = segkit_image_row(&l, y);
            for (int x = 0; x < coins.width; x++)
                d[x] = k == 0 ? c[x] / 32 : c[x] > 107 ? c[x] / 16 - 5 : 0;
        }
        for (int mode = 0; mode < SEGKIT_BOUNDARY_COUNT; mode++) {
            segkit_image m;
            long n;
            CHECK(segkit_render_boundaries(&l, (segkit_boundary_mode)mode, &m) == SEGKIT_OK);
            uint64_t h = fnv(&m, &n);
            CHECKF(n == want[k][mode].count && h == want[k][mode].hash,
                   "labels %d, mode %s: %ld pixels, hash %#llx", k,
                   segkit_boundary_mode_name((segkit_boundary_mode)mode), n,
                   (unsigned long long)h);
            CHECK(m.width == (mode == SEGKIT_BOUNDARY_SUBPIXEL ? 767 : 384));
            segkit_image_free(&m);
        }
        segkit_image_free(&l);
    }
    segkit_image_free(&coins);
}

static segkit_image gray_row(const uint8_t *v, int w)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, w, 1, 1, SEGKIT_U8) == SEGKIT_OK);
    memcpy(img.data, v, (size_t)w);
    return img;
}

static int px(const segkit_image *img, int x, int y, int r, int g, int b)
{
    const uint8_t *p = (const uint8_t *)segkit_image_row(img, y) + 3 * x;
    if (p[0] == r && p[1] == g && p[2] == b)
        return 1;
    fprintf(stderr, "  (%d, %d) is %d %d %d, expected %d %d %d\n", x, y, p[0], p[1], p[2], r, g, b);
    return 0;
}

static void test_overlay(void)
{
    static const uint8_t g[] = {10, 20, 30, 40, 50};
    static const int32_t lv[] = {0, 1, 1, 0, 2};
    segkit_image img = gray_row(g, 5), l = from_rows(lv, 5, 1), out;
    static const uint8_t red_green[2][3] = {{255, 0, 0}, {0, 255, 0}};
    segkit_overlay_params p = segkit_overlay_params_default();
    CHECK(p.alpha == 0.45 && p.mode == SEGKIT_OVERLAY_FILL && p.palette.kind == SEGKIT_PALETTE_GLASBEY);
    p.palette = (segkit_palette){SEGKIT_PALETTE_CUSTOM, red_green, 2};
    /* alpha 0.25: a = 64; (v * 192 + c * 64 + 128) >> 8 */
    p.alpha = 0.25;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 10, 10, 10) && px(&out, 1, 0, 79, 15, 15) && px(&out, 2, 0, 86, 23, 23) &&
          px(&out, 3, 0, 40, 40, 40) && px(&out, 4, 0, 38, 101, 38));
    segkit_image_free(&out);
    /* both, width 1, thick: every pixel here is a boundary pixel (each has a
     * 4-neighbour of another label); background pixels take the largest
     * label next to them: pixel 0 label 1 (red), pixel 3 label 2 (green) */
    p.mode = SEGKIT_OVERLAY_BOTH;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 255, 0, 0) && px(&out, 1, 0, 255, 0, 0) && px(&out, 3, 0, 0, 255, 0) &&
          px(&out, 4, 0, 0, 255, 0));
    segkit_image_free(&out);
    /* boundary inner in one colour: the labelled pixels only */
    p.mode = SEGKIT_OVERLAY_BOUNDARY;
    p.boundary = SEGKIT_BOUNDARY_INNER;
    p.boundary_color_set = 1;
    memcpy(p.boundary_color, (uint8_t[3]){1, 2, 3}, 3);
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 10, 10, 10) && px(&out, 1, 0, 1, 2, 3) && px(&out, 2, 0, 1, 2, 3) &&
          px(&out, 3, 0, 40, 40, 40) && px(&out, 4, 0, 1, 2, 3));
    segkit_image_free(&out);
    /* avg: label 1 = mean(20, 30) = 25, label 2 = 50, background black */
    p.mode = SEGKIT_OVERLAY_AVG;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 0, 0, 0) && px(&out, 1, 0, 25, 25, 25) && px(&out, 2, 0, 25, 25, 25) &&
          px(&out, 4, 0, 50, 50, 50));
    segkit_image_free(&out);
    /* avg truncates as numpy's astype(uint8): mean(20, 31) = 25.5 -> 25 */
    ((uint8_t *)img.data)[2] = 31;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK && px(&out, 1, 0, 25, 25, 25));
    segkit_image_free(&out);
    /* labels 1..max over a colormap: label L -> entry (L - 1) * 256 / max:
     * label 1 -> gray 0, label 2 -> gray 128 */
    p.mode = SEGKIT_OVERLAY_FILL;
    p.alpha = 1;
    p.palette.kind = SEGKIT_PALETTE_GRAY;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 1, 0, 0, 0, 0) && px(&out, 4, 0, 128, 128, 128) && px(&out, 0, 0, 10, 10, 10));
    segkit_image_free(&out);
    /* a class table overrides label 2 */
    segkit_class_table t;
    const char *csv = "2,b,#0000ff\n";
    CHECK(segkit_class_table_parse(csv, strlen(csv), &t, NULL) == SEGKIT_OK);
    p.classes = &t;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK && px(&out, 4, 0, 0, 0, 255));
    segkit_image_free(&out);
    segkit_class_table_free(&t);
    p.classes = NULL;
    /* errors */
    segkit_image small = from_rows(lv, 4, 1);
    CHECK(segkit_overlay(&img, &small, &p, &out) == SEGKIT_ERR_SIZE && !out.data);
    p.alpha = 1.5;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_ERR_ARG);
    p.alpha = 0.5;
    p.width = 0;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_ERR_ARG);
    CHECK(segkit_overlay(&img, &l, NULL, &out) == SEGKIT_OK);
    segkit_image_free(&out);
    CHECK(segkit_overlay(&l, &l, NULL, &out) == SEGKIT_ERR_TYPE);
    segkit_image_free(&small);
    segkit_image_free(&img);
    segkit_image_free(&l);
}

static void test_width_subpixel_text(void)
{
    /* a 9 x 9 image, one 3 x 3 object in the middle */
    segkit_image img, l, out;
    CHECK(segkit_image_create(&img, 9, 9, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&l, 9, 9, 1, SEGKIT_I32) == SEGKIT_OK);
    for (int y = 3; y < 6; y++)
        for (int x = 3; x < 6; x++)
            ((int32_t *)segkit_image_row(&l, y))[x] = 1;
    segkit_overlay_params p = segkit_overlay_params_default();
    p.mode = SEGKIT_OVERLAY_BOUNDARY;
    p.boundary = SEGKIT_BOUNDARY_OUTER;
    p.width = 2;
    p.boundary_color_set = 1;
    memcpy(p.boundary_color, (uint8_t[3]){255, 255, 255}, 3);
    /* outer: the 4-neighbours of the square (a ring without its corners),
     * grown by a 3 x 3 square and kept in the background: rows 1..7 columns
     * 1..7, less the object, less the four corners (1,1) (7,1) (1,7) (7,7)
     * that no grown pixel reaches (their nearest outer pixels (2,3) and
     * (3,2) are two steps away) */
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    int ok = 1;
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 9; x++) {
            int in_square = x >= 3 && x < 6 && y >= 3 && y < 6;
            int corner = (x == 1 || x == 7) && (y == 1 || y == 7);
            int want = x >= 1 && x <= 7 && y >= 1 && y <= 7 && !in_square && !corner;
            ok &= ((const uint8_t *)segkit_image_row(&out, y))[3 * x] == (want ? 255 : 0);
        }
    CHECK(ok);
    segkit_image_free(&out);
    /* subpixel: 17 x 17, the image's pixels at even positions */
    p.boundary = SEGKIT_BOUNDARY_SUBPIXEL;
    p.width = 1;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK && out.width == 17 && out.height == 17);
    /* position (5, 6) lies between pixels (2, 3) (background) and (3, 3) */
    CHECK(px(&out, 5, 6, 255, 255, 255) && px(&out, 4, 6, 0, 0, 0) && px(&out, 6, 6, 0, 0, 0));
    segkit_image_free(&out);
    /* label text: "1" (5 x 7 + 1-pixel box) centred on the centroid (4, 4):
     * box from (1, 0) to (7, 8): its corners are black box pixels, the glyph
     * '1' has its top pixel at column 2 of the glyph: (4, 1) white */
    p.mode = SEGKIT_OVERLAY_FILL;
    p.alpha = 0;
    p.label_text = 1;
    CHECK(segkit_overlay(&img, &l, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 4, 1, 255, 255, 255) && px(&out, 1, 0, 0, 0, 0) && px(&out, 0, 0, 0, 0, 0));
    segkit_image_free(&out);
    segkit_image_free(&img);
    segkit_image_free(&l);
}

static void test_windows(void)
{
    /* 16-bit: 0, 100, 200, 300, 1000 */
    segkit_image img, out;
    CHECK(segkit_image_create(&img, 5, 1, 1, SEGKIT_U16) == SEGKIT_OK);
    static const uint16_t v[] = {0, 100, 200, 300, 1000};
    memcpy(img.data, v, sizeof v);
    double lo, hi;
    segkit_window w = {SEGKIT_WINDOW_AUTO, 0, 0};
    CHECK(segkit_window_resolve(&img, &w, &lo, &hi) == SEGKIT_OK && lo == 0 && hi == 1000);
    /* percentiles 25 and 75: ranks floor(0.25 * 4) = 1, floor(0.75 * 4) = 3 */
    w = (segkit_window){SEGKIT_WINDOW_PERCENTILE, 25, 75};
    CHECK(segkit_window_resolve(&img, &w, &lo, &hi) == SEGKIT_OK && lo == 100 && hi == 300);
    /* 100..300: 0 0 128 255 255 (200 -> 127.5 -> 128) */
    CHECK(segkit_render_display(&img, &w, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 0, 0, 0) && px(&out, 1, 0, 0, 0, 0) && px(&out, 2, 0, 128, 128, 128) &&
          px(&out, 3, 0, 255, 255, 255) && px(&out, 4, 0, 255, 255, 255));
    segkit_image_free(&out);
    /* as float with a NaN: the finite 100 200 300 1000, ranks floor(0.25 * 3)
     * = 0 and floor(0.75 * 3) = 2; through gray floor(t * 256), capped: 200 -> 128 */
    segkit_image f;
    CHECK(segkit_image_create(&f, 5, 1, 1, SEGKIT_F32) == SEGKIT_OK);
    for (int i = 0; i < 5; i++)
        ((float *)f.data)[i] = v[i];
    ((float *)f.data)[0] = NAN;
    CHECK(segkit_window_resolve(&f, &w, &lo, &hi) == SEGKIT_OK && lo == 100 && hi == 300);
    w = (segkit_window){SEGKIT_WINDOW_VALUES, 100, 300};
    CHECK(segkit_render_colormap(&f, SEGKIT_PALETTE_GRAY, &w, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 0, 0, 0) && px(&out, 2, 0, 128, 128, 128) && px(&out, 3, 0, 255, 255, 255));
    segkit_image_free(&out);
    w = (segkit_window){SEGKIT_WINDOW_PERCENTILE, 50, 101};
    CHECK(segkit_window_resolve(&img, &w, &lo, &hi) == SEGKIT_ERR_ARG);
    w = (segkit_window){SEGKIT_WINDOW_VALUES, 3, 2};
    CHECK(segkit_render_display(&img, &w, &out) == SEGKIT_ERR_ARG && !out.data);
    /* a float map over an image: NaN stays transparent */
    segkit_image base;
    CHECK(segkit_image_create(&base, 5, 1, 1, SEGKIT_U8) == SEGKIT_OK);
    segkit_overlay_params p = segkit_overlay_params_default();
    p.alpha = 1;
    p.palette.kind = SEGKIT_PALETTE_GRAY;
    p.value_window = (segkit_window){SEGKIT_WINDOW_VALUES, 100, 300};
    memset(base.data, 7, 5);
    CHECK(segkit_overlay(&base, &f, &p, &out) == SEGKIT_OK);
    CHECK(px(&out, 0, 0, 7, 7, 7) && px(&out, 2, 0, 128, 128, 128) && px(&out, 4, 0, 255, 255, 255));
    segkit_image_free(&out);
    segkit_image_free(&base);
    segkit_image_free(&f);
    segkit_image_free(&img);
}

/* segkit_overlay_to: the one-pass fill of an RGB image equals the fill
 * drawn over the image's copy (window 0..255 takes that path); OUT checks */
static void test_overlay_to(void)
{
    segkit_image img, l, a, b;
    CHECK(segkit_image_create(&img, 37, 11, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&l, 37, 11, 1, SEGKIT_I32) == SEGKIT_OK);
    for (int y = 0; y < 11; y++)
        for (int x = 0; x < 37; x++) {
            uint8_t *d = (uint8_t *)segkit_image_row(&img, y) + 3 * x;
            d[0] = (uint8_t)(x * 7), d[1] = (uint8_t)(y * 23), d[2] = (uint8_t)(x * y);
            /* labels 0..4999 and one past the colour table (4096) */
            ((int32_t *)segkit_image_row(&l, y))[x] = (x * 131 + y * 977) % 5000 - 3;
        }
    segkit_overlay_params p = segkit_overlay_params_default();
    CHECK(segkit_image_create(&a, 37, 11, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_overlay_to(&img, &l, &p, &a) == SEGKIT_OK);
    p.window = (segkit_window){SEGKIT_WINDOW_VALUES, 0, 255};
    CHECK(segkit_overlay(&img, &l, &p, &b) == SEGKIT_OK);
    int same = 1;
    for (int y = 0; y < 11; y++)
        same &= memcmp(segkit_image_row(&a, y), segkit_image_row(&b, y), 37 * 3) == 0;
    CHECK(same);
    /* a label past the table gets its palette colour too: alpha 1 */
    p.alpha = 1;
    ((int32_t *)l.data)[0] = 4097;
    CHECK(segkit_overlay_to(&img, &l, &p, &a) == SEGKIT_OK);
    uint8_t c[3];
    segkit_palette_color(&p.palette, 4097, c);
    CHECK(memcmp(a.data, c, 3) == 0);
    segkit_image_free(&b);
    /* OUT of the wrong size or type */
    CHECK(segkit_image_create(&b, 36, 11, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_overlay_to(&img, &l, &p, &b) == SEGKIT_ERR_SIZE);
    segkit_image_free(&b);
    CHECK(segkit_image_create(&b, 37, 11, 4, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_overlay_to(&img, &l, &p, &b) == SEGKIT_ERR_TYPE);
    segkit_image_free(&b);
    /* subpixel needs the doubled size */
    p.mode = SEGKIT_OVERLAY_BOUNDARY;
    p.boundary = SEGKIT_BOUNDARY_SUBPIXEL;
    CHECK(segkit_overlay_to(&img, &l, &p, &a) == SEGKIT_ERR_SIZE);
    CHECK(segkit_image_create(&b, 73, 21, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_overlay_to(&img, &l, &p, &b) == SEGKIT_OK);
    segkit_image_free(&b);
    segkit_image_free(&a);
    segkit_image_free(&l);
    segkit_image_free(&img);
}

int main(void)
{
    test_overlay_to();
    test_small();
    test_coins();
    test_overlay();
    test_width_subpixel_text();
    test_windows();
    return check_done();
}
