/* segkit/render.h: text in the built-in 5x7 font.  The expected pictures are
 * drawn by hand from the glyph design ('1' is ..#.. .##.. ..#.. x4 .###.)
 * and the cell rules in render.h (advance 6, line 9). */
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static segkit_image blank(int w, int h, int ch)
{
    segkit_image img;
    CHECK(segkit_image_create(&img, w, h, ch, SEGKIT_U8) == SEGKIT_OK);
    for (int y = 0; y < h; y++)
        memset(segkit_image_row(&img, y), 0, (size_t)w * ch);
    return img;
}

/* The image as rows of '#' (nonzero) and '.'. */
static int looks_like(const segkit_image *img, const char *const *rows)
{
    for (int y = 0; y < img->height; y++) {
        const uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            if ((r[x] != 0) != (rows[y][x] == '#')) {
                fprintf(stderr, "  differs at (%d, %d)\n", x, y);
                return 0;
            }
    }
    return 1;
}

static long count(const segkit_image *img, uint8_t v)
{
    long n = 0;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width * img->channels; x++)
            n += r[x] == v;
    }
    return n;
}

static void test_size(void)
{
    segkit_text_options o = segkit_text_options_default();
    int w, h;
    CHECK(segkit_render_text_size("ab", &o, &w, &h) == SEGKIT_OK && w == 11 && h == 7);
    CHECK(segkit_render_text_size("a\nbcd", NULL, &w, &h) == SEGKIT_OK && w == 17 && h == 16);
    CHECK(segkit_render_text_size("", &o, &w, &h) == SEGKIT_OK && w == 0 && h == 0);
    o.scale = 2;
    o.box = 1;
    CHECK(segkit_render_text_size("x", &o, &w, &h) == SEGKIT_OK && w == 12 && h == 16);
    o.scale = 0;
    CHECK(segkit_render_text_size("x", &o, &w, &h) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_text_size(NULL, NULL, &w, &h) == SEGKIT_ERR_ARG);
}

static void test_glyph(void)
{
    /* "1" at (1, 1) on 7 x 9 */
    static const char *const one[] = {
        ".......",
        "...#...",
        "..##...",
        "...#...",
        "...#...",
        "...#...",
        "...#...",
        "..###..",
        ".......",
    };
    segkit_image img = blank(7, 9, 1);
    CHECK(segkit_render_text(&img, 1, 1, "1", NULL) == SEGKIT_OK);
    CHECK(looks_like(&img, one));
    CHECK(count(&img, 255) == 10);
    segkit_image_free(&img);

    /* "11" clipped at the right: the second glyph starts at x 1 + 6 = 7,
     * outside a 7-wide image, so the picture is the same */
    img = blank(7, 9, 1);
    CHECK(segkit_render_text(&img, 1, 1, "11", NULL) == SEGKIT_OK);
    CHECK(looks_like(&img, one));
    segkit_image_free(&img);

    /* scale 2: 10 font pixels -> 40 image pixels; the top one at x 4..5 */
    segkit_text_options o = segkit_text_options_default();
    o.scale = 2;
    img = blank(12, 16, 1);
    CHECK(segkit_render_text(&img, 0, 0, "1", &o) == SEGKIT_OK);
    CHECK(count(&img, 255) == 40);
    const uint8_t *r0 = segkit_image_row(&img, 0), *r1 = segkit_image_row(&img, 1);
    CHECK(r0[3] == 0 && r0[4] == 255 && r0[5] == 255 && r0[6] == 0 && r1[4] == 255);
    segkit_image_free(&img);

    /* off the top-left corner: only the bottom row .###. shows, shifted
     * left 3 and up 6 -> pixels x -2, -1, 0 of row 0: one in the image */
    img = blank(4, 2, 1);
    CHECK(segkit_render_text(&img, -3, -6, "1", NULL) == SEGKIT_OK);
    CHECK(count(&img, 255) == 1);
    CHECK(((uint8_t *)segkit_image_row(&img, 0))[0] == 255);
    segkit_image_free(&img);

    /* a second line starts 9 rows lower at the same x; from x -2 columns
     * 2..4 of each glyph show: 1 + 1 + 4 + 2 = 8 pixels a glyph */
    img = blank(5, 16, 1);
    CHECK(segkit_render_text(&img, -2, 0, "1\n1", NULL) == SEGKIT_OK);
    CHECK(((uint8_t *)segkit_image_row(&img, 0))[0] == 255);
    CHECK(((uint8_t *)segkit_image_row(&img, 9))[0] == 255);
    CHECK(((uint8_t *)segkit_image_row(&img, 8))[0] == 0);
    CHECK(count(&img, 255) == 16);
    segkit_image_free(&img);
}

static void test_colour_box(void)
{
    /* RGB ink, a box of bg with pad 1: the box is 7 x 9, ink 10 pixels */
    segkit_text_options o = segkit_text_options_default();
    o.color[0] = 10, o.color[1] = 20, o.color[2] = 30;
    o.box = 1;
    o.bg[0] = o.bg[1] = o.bg[2] = 7;
    segkit_image img = blank(9, 11, 3);
    CHECK(segkit_render_text(&img, 1, 1, "1", &o) == SEGKIT_OK);
    CHECK(count(&img, 10) == 10 && count(&img, 20) == 10 && count(&img, 30) == 10);
    CHECK(count(&img, 7) == 3 * (7 * 9 - 10));
    const uint8_t *p = (const uint8_t *)segkit_image_row(&img, 2) + 4 * 3;
    CHECK(p[0] == 10 && p[1] == 20 && p[2] == 30);
    segkit_image_free(&img);

    /* bytes outside 32..126 are drawn as '?' */
    segkit_image a = blank(12, 7, 1), b = blank(12, 7, 1);
    CHECK(segkit_render_text(&a, 0, 0, "\xc3\xa9", NULL) == SEGKIT_OK);
    CHECK(segkit_render_text(&b, 0, 0, "??", NULL) == SEGKIT_OK);
    CHECK(memcmp(a.data, b.data, (size_t)a.stride * 7) == 0 && count(&a, 255) > 0);
    segkit_image_free(&a);
    segkit_image_free(&b);

    segkit_image u16;
    CHECK(segkit_image_create(&u16, 4, 4, 1, SEGKIT_U16) == SEGKIT_OK);
    CHECK(segkit_render_text(&u16, 0, 0, "1", NULL) == SEGKIT_ERR_TYPE);
    segkit_image_free(&u16);
    img = blank(4, 4, 1);
    o = segkit_text_options_default();
    o.scale = 65;
    CHECK(segkit_render_text(&img, 0, 0, "1", &o) == SEGKIT_ERR_ARG);
    CHECK(segkit_render_text(&img, 0, 0, NULL, NULL) == SEGKIT_ERR_ARG);
    segkit_image_free(&img);
}

int main(void)
{
    test_size();
    test_glyph();
    test_colour_box();
    return check_done();
}
