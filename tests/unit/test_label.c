/* Connected components, mask filters and label filters: hand-worked cases
 * and an independent flood-fill reference on random masks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static segkit_image from_text(const char *const *rows, int h)
{
    segkit_image m;
    int w = (int)strlen(rows[0]);
    segkit_image_create(&m, w, h, 1, SEGKIT_U8);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            ((uint8_t *)segkit_image_row(&m, y))[x] = rows[y][x] == '#' ? 255 : 0;
    return m;
}

static int32_t at(const segkit_image *l, int x, int y)
{
    return ((const int32_t *)segkit_image_row(l, y))[x];
}

/* Reference: flood fill from each unlabelled foreground pixel in raster
 * order (the definition of skimage's numbering), with an explicit stack. */
static int32_t flood_label(const uint8_t *m, int w, int h, int conn, int32_t *out)
{
    int32_t n = 0;
    int *stack = malloc(sizeof(int) * (size_t)w * h);
    memset(out, 0, sizeof(int32_t) * (size_t)w * h);
    for (int i = 0; i < w * h; i++) {
        if (!m[i] || out[i])
            continue;
        out[i] = ++n;
        int sp = 0;
        stack[sp++] = i;
        while (sp) {
            int p = stack[--sp], px = p % w, py = p / w;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    if ((!dx && !dy) || (conn == 4 && dx && dy))
                        continue;
                    int qx = px + dx, qy = py + dy;
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
                        continue;
                    int q = qy * w + qx;
                    if (m[q] && !out[q]) {
                        out[q] = n;
                        stack[sp++] = q;
                    }
                }
        }
    }
    free(stack);
    return n;
}

static int lb_all_zero(const segkit_image *l)
{
    for (int y = 0; y < l->height; y++)
        for (int x = 0; x < l->width; x++)
            if (at(l, x, y))
                return 0;
    return 1;
}

static void test_hand(void)
{
    /* worked out by hand: with 8-connectivity the diagonal pair joins */
    static const char *const rows[] = {
        "##..#",
        "..#.#",
        "#...#",
        "#.##.",
    };
    segkit_image m = from_text(rows, 4), lab;
    int32_t n;
    segkit_label_stat *st;
    segkit_label_params p = segkit_label_params_default();
    CHECK(segkit_label(&m, &p, &lab, &n, &st) == SEGKIT_OK);
    /* 8: {(0,0),(1,0),(2,1)} = 1, column 4 rows 0-2 + (3,3),(2,3) = 2, (0,2),(0,3) = 3 */
    CHECK(n == 3);
    CHECK(at(&lab, 0, 0) == 1 && at(&lab, 2, 1) == 1);
    CHECK(at(&lab, 4, 0) == 2 && at(&lab, 2, 3) == 2 && at(&lab, 3, 3) == 2);
    CHECK(at(&lab, 0, 2) == 3 && at(&lab, 0, 3) == 3);
    CHECK(st[1].area == 3 && st[2].area == 5 && st[3].area == 2);
    CHECK(st[2].bbox[0] == 0 && st[2].bbox[1] == 2 && st[2].bbox[2] == 4 && st[2].bbox[3] == 5);
    /* label 2: rows 0,1,2,3,3 -> 9/5; cols 4,4,4,2,3 -> 17/5 */
    CHECK(st[2].centroid[0] == 9.0 / 5 && st[2].centroid[1] == 17.0 / 5);
    free(st);
    segkit_image_free(&lab);
    p.connectivity = 4;
    CHECK(segkit_label(&m, &p, &lab, &n, NULL) == SEGKIT_OK);
    /* 4: {(0,0),(1,0)}, {col 4 rows 0-2}, {(2,1)}, {(0,2),(0,3)}, {(2,3),(3,3)} */
    CHECK(n == 5);
    CHECK(at(&lab, 0, 0) == 1 && at(&lab, 4, 0) == 2 && at(&lab, 2, 1) == 3);
    CHECK(at(&lab, 0, 2) == 4 && at(&lab, 3, 3) == 5);
    segkit_image_free(&lab);
    segkit_image_free(&m);
}

static void test_random(void)
{
    /* widths across the 64-pixel words; densities from sparse to dense */
    static const int sizes[][2] = {{1, 1}, {1, 70}, {63, 5}, {64, 9}, {65, 7},
                                   {130, 40}, {200, 150}};
    uint32_t s = 12345;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        for (int dens = 1; dens <= 9; dens += 2) {
            int w = sizes[k][0], h = sizes[k][1];
            segkit_image m;
            segkit_image_create(&m, w, h, 1, SEGKIT_U8);
            uint8_t *flat = malloc((size_t)w * h);
            for (int i = 0; i < w * h; i++) {
                s ^= s << 13; s ^= s >> 17; s ^= s << 5;
                flat[i] = (s % 10) < (unsigned)dens ? (uint8_t)(1 + s % 200) : 0;
                ((uint8_t *)segkit_image_row(&m, i / w))[i % w] = flat[i];
            }
            int32_t *ref = malloc(sizeof(int32_t) * (size_t)w * h);
            for (int conn = 4; conn <= 8; conn += 4) {
                segkit_label_params p = segkit_label_params_default();
                p.connectivity = conn;
                segkit_image lab;
                int32_t n;
                segkit_label_stat *st;
                CHECK(segkit_label(&m, &p, &lab, &n, &st) == SEGKIT_OK);
                int32_t rn = flood_label(flat, w, h, conn, ref);
                CHECKF(n == rn, "%dx%d conn %d: %d vs %d", w, h, conn, n, rn);
                int same = 1;
                int64_t *area = calloc((size_t)rn + 1, sizeof *area);
                for (int i = 0; i < w * h; i++) {
                    same &= at(&lab, i % w, i / w) == ref[i];
                    area[ref[i]]++;
                }
                CHECKF(same, "%dx%d dens %d conn %d", w, h, dens, conn);
                int sa = 1;
                for (int32_t l = 1; l <= rn && l <= n; l++)
                    sa &= st[l].area == area[l];
                CHECK(sa);
                free(area);
                free(st);
                segkit_image_free(&lab);
            }
            free(ref);
            free(flat);
            segkit_image_free(&m);
        }
    }
}

/* Every output of segkit_label against the flood fill: labels, count and
 * statistics (area, bbox, centroid: sums of integers divided once, so
 * equal to the bit).  fg[i] is the foreground the selector should see. */
static void check_vs_flood(const segkit_image *src, const segkit_label_params *p,
                           const uint8_t *fg, const char *what)
{
    int w = src->width, h = src->height;
    int32_t *ref = malloc(sizeof(int32_t) * (size_t)w * h);
    int32_t rn = flood_label(fg, w, h, p->connectivity, ref);
    segkit_image lab;
    int32_t n;
    segkit_label_stat *st;
    CHECKF(segkit_label(src, p, &lab, &n, &st) == SEGKIT_OK, "%s", what);
    CHECKF(n == rn, "%s %dx%d conn %d: %d vs %d", what, w, h, p->connectivity, n, rn);
    int same = 1;
    segkit_label_stat *rs = calloc((size_t)rn + 1, sizeof *rs);
    double (*sum)[2] = calloc((size_t)rn + 1, sizeof *sum);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int32_t l = ref[y * w + x];
            same &= at(&lab, x, y) == l;
            if (!l)
                continue;
            segkit_label_stat *r = &rs[l];
            if (!r->area) {
                r->bbox[0] = y, r->bbox[1] = x, r->bbox[2] = y + 1, r->bbox[3] = x + 1;
            }
            r->area++;
            r->bbox[1] = x < r->bbox[1] ? x : r->bbox[1];
            r->bbox[2] = y + 1;
            r->bbox[3] = x + 1 > r->bbox[3] ? x + 1 : r->bbox[3];
            sum[l][0] += y;
            sum[l][1] += x;
        }
    CHECKF(same, "%s %dx%d conn %d: labels", what, w, h, p->connectivity);
    int ok = n == rn;
    for (int32_t l = 1; ok && l <= rn; l++)
        ok = st[l].area == rs[l].area && memcmp(st[l].bbox, rs[l].bbox, sizeof rs[l].bbox) == 0 &&
             st[l].centroid[0] == sum[l][0] / (double)rs[l].area &&
             st[l].centroid[1] == sum[l][1] / (double)rs[l].area;
    CHECKF(ok, "%s %dx%d conn %d: statistics", what, w, h, p->connectivity);
    CHECK(st[0].area == 0);
    free(sum);
    free(rs);
    free(st);
    free(ref);
    segkit_image_free(&lab);
}

/* Both scans (2x2 blocks for noisy masks with 8-connectivity, runs
 * otherwise): pixel noise and blobs of 5x5 cells, odd sizes across the
 * 64-pixel words, the three foreground paths (u8 nonzero, u8 zero, f32
 * above a value) and a view whose rows are further apart than its width. */
static void test_noise_and_blobs(void)
{
    static const int sizes[][2] = {{1, 1}, {2, 1}, {1, 2}, {3, 3}, {65, 33},
                                   {128, 64}, {129, 67}, {257, 130}};
    uint32_t s = 777;
    char what[64];
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        for (int cell = 1; cell <= 5; cell += 4) {
            uint8_t *fg = malloc((size_t)w * h), *cells = malloc((size_t)(w / cell + 1) * (h / cell + 1));
            for (int i = 0; i < (w / cell + 1) * (h / cell + 1); i++) {
                s ^= s << 13; s ^= s >> 17; s ^= s << 5;
                cells[i] = s >> 9 & 1;
            }
            segkit_image u8, f32, big, view;
            segkit_image_create(&u8, w, h, 1, SEGKIT_U8);
            segkit_image_create(&f32, w, h, 1, SEGKIT_F32);
            segkit_image_create(&big, w + 37, h + 2, 1, SEGKIT_U8);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    uint8_t on = cells[(y / cell) * (w / cell + 1) + x / cell];
                    fg[y * w + x] = on;
                    s ^= s << 13; s ^= s >> 17; s ^= s << 5;
                    ((uint8_t *)segkit_image_row(&u8, y))[x] = on ? (uint8_t)(1 + s % 255) : 0;
                    ((float *)segkit_image_row(&f32, y))[x] = on ? 0.75f : 0.25f;
                    ((uint8_t *)segkit_image_row(&big, y + 1))[x + 5] = on ? 0 : 9;
                }
            segkit_image_view(&big, 5, 1, w, h, &view);
            for (int conn = 4; conn <= 8; conn += 4) {
                segkit_label_params p = segkit_label_params_default();
                p.connectivity = conn;
                snprintf(what, sizeof what, "cell %d u8", cell);
                check_vs_flood(&u8, &p, fg, what);
                p.fg.mode = SEGKIT_FG_ABOVE;
                p.fg.value = 0.5;
                snprintf(what, sizeof what, "cell %d f32 >0.5", cell);
                check_vs_flood(&f32, &p, fg, what);
                p.fg.mode = SEGKIT_FG_ZERO;
                snprintf(what, sizeof what, "cell %d view zero", cell);
                check_vs_flood(&view, &p, fg, what);
            }
            segkit_image_free(&u8);
            segkit_image_free(&f32);
            segkit_image_free(&big);
            free(cells);
            free(fg);
        }
    }
}

/* A 6x13 mask and scikit-image's labels of it:
 *   m = np.array([[c == '#' for c in r] for r in rows])
 *   skimage.measure.label(m, connectivity=1)   (and connectivity=2)
 * (python3-skimage 0.19 here). */
static void test_skimage_small(void)
{
    static const char *const rows[] = {"#.#..##.#.#.#", ".#.#..#..#..#", "#..##.##...#.",
                                       ".#....#.#.#.#", "##.#.#...##..", "..#.#.##.#..#"};
    static const int32_t c1[6][13] = {
        {1, 0, 2, 0, 0, 3, 3, 0, 4, 0, 5, 0, 6},
        {0, 7, 0, 8, 0, 0, 3, 0, 0, 9, 0, 0, 6},
        {10, 0, 0, 8, 8, 0, 3, 3, 0, 0, 0, 11, 0},
        {0, 12, 0, 0, 0, 0, 3, 0, 13, 0, 14, 0, 15},
        {12, 12, 0, 16, 0, 17, 0, 0, 0, 14, 14, 0, 0},
        {0, 0, 18, 0, 19, 0, 20, 20, 0, 14, 0, 0, 21}};
    static const int32_t c2[6][13] = {
        {1, 0, 1, 0, 0, 1, 1, 0, 2, 0, 2, 0, 1},
        {0, 1, 0, 1, 0, 0, 1, 0, 0, 2, 0, 0, 1},
        {1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0},
        {0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1},
        {1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0},
        {0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 3}};
    segkit_image m = from_text(rows, 6), lab;
    for (int conn = 4; conn <= 8; conn += 4) {
        segkit_label_params p = segkit_label_params_default();
        p.connectivity = conn;
        int32_t n;
        CHECK(segkit_label(&m, &p, &lab, &n, NULL) == SEGKIT_OK);
        CHECKF(n == (conn == 4 ? 21 : 3), "conn %d: %d objects", conn, n);
        int same = 1;
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 13; x++)
                same &= at(&lab, x, y) == (conn == 4 ? c1 : c2)[y][x];
        CHECKF(same, "conn %d", conn);
        segkit_image_free(&lab);
    }
    segkit_image_free(&m);
}

/* 1024x1024 single-pixel checkerboard, 4-connectivity: 524288 objects,
 * pixel (x, y) with x + y even is object y * 512 + x / 2 + 1 (raster order);
 * far beyond 16-bit labels. */
static void test_checkerboard(void)
{
    segkit_image m, lab;
    segkit_image_create(&m, 1024, 1024, 1, SEGKIT_U8);
    for (int y = 0; y < 1024; y++)
        for (int x = 0; x < 1024; x++)
            ((uint8_t *)segkit_image_row(&m, y))[x] = (x + y) % 2 == 0;
    segkit_label_params p = segkit_label_params_default();
    p.connectivity = 4;
    int32_t n;
    segkit_label_stat *st;
    CHECK(segkit_label(&m, &p, &lab, &n, &st) == SEGKIT_OK);
    CHECK(n == 524288);
    int ok = 1;
    for (int y = 0; y < 1024; y++)
        for (int x = 0; x < 1024; x++)
            ok &= at(&lab, x, y) == ((x + y) % 2 ? 0 : y * 512 + x / 2 + 1);
    CHECK(ok);
    CHECK(st[524288].area == 1 && st[524288].centroid[0] == 1023 &&
          st[524288].centroid[1] == 1023);
    free(st);
    segkit_image_free(&lab);
    /* with 8-connectivity the whole board is one object */
    p.connectivity = 8;
    CHECK(segkit_label(&m, &p, &lab, &n, NULL) == SEGKIT_OK && n == 1);
    segkit_image_free(&lab);
    segkit_image_free(&m);
}

/* The --fg spec parser that segkit-label and segkit-metrics share. */
static void test_fg_parse(void)
{
    segkit_fg fg = {SEGKIT_FG_EQUAL, 7};
    CHECK(segkit_fg_parse("zero", &fg) == SEGKIT_OK && fg.mode == SEGKIT_FG_ZERO);
    CHECK(segkit_fg_parse("nonzero", &fg) == SEGKIT_OK && fg.mode == SEGKIT_FG_NONZERO);
    CHECK(segkit_fg_parse(">0.5", &fg) == SEGKIT_OK && fg.mode == SEGKIT_FG_ABOVE &&
          fg.value == 0.5);
    CHECK(segkit_fg_parse("255", &fg) == SEGKIT_OK && fg.mode == SEGKIT_FG_EQUAL &&
          fg.value == 255);
    CHECK(segkit_fg_parse(">", &fg) == SEGKIT_ERR_ARG && fg.value == 255);
    CHECK(segkit_fg_parse("nan", &fg) == SEGKIT_ERR_ARG);
    CHECK(segkit_fg_parse("5x", &fg) == SEGKIT_ERR_ARG);
    CHECK(segkit_fg_parse("", &fg) == SEGKIT_ERR_ARG);
    CHECK(segkit_fg_parse("Zero", &fg) == SEGKIT_ERR_ARG && fg.mode == SEGKIT_FG_EQUAL);
}

static void test_values_and_types(void)
{
    /* VALUES mode: equal values are components; 8-connectivity joins the
     * two 3s diagonally, the 5 beside them stays apart */
    static const int32_t v[3][4] = {{3, 0, 5, 5}, {0, 3, 5, 0}, {7, 7, 0, 3}};
    segkit_image img, lab;
    segkit_image_wrap(&img, (void *)v, 4, 3, 1, SEGKIT_I32, 16);
    segkit_label_params p = segkit_label_params_default();
    p.mode = SEGKIT_LABEL_VALUES;
    int32_t n;
    CHECK(segkit_label(&img, &p, &lab, &n, NULL) == SEGKIT_OK);
    /* 3 at (0,0),(1,1) = 1; 5s = 2; 7s = 3; the 3 at (3,2) = 4 */
    CHECK(n == 4 && at(&lab, 1, 1) == 1 && at(&lab, 3, 0) == 2 &&
          at(&lab, 0, 2) == 3 && at(&lab, 3, 2) == 4);
    segkit_image_free(&lab);
    /* a row of alternating values is w runs (not w / 2 as in a mask): 5000
     * one-pixel components numbered from the left (this overran the run
     * arrays once) */
    int32_t *alt = malloc(5000 * sizeof *alt);
    for (int x = 0; x < 5000; x++)
        alt[x] = 1 + (x & 1);
    segkit_image_wrap(&img, alt, 5000, 1, 1, SEGKIT_I32, 5000 * sizeof *alt);
    p.connectivity = 4;
    CHECK(segkit_label(&img, &p, &lab, &n, NULL) == SEGKIT_OK && n == 5000 &&
          at(&lab, 0, 0) == 1 && at(&lab, 4999, 0) == 5000);
    segkit_image_free(&lab);
    free(alt);
    p.connectivity = 8;
    /* a colour image is refused, an empty mask has 0 objects */
    segkit_image rgb, empty;
    segkit_image_create(&rgb, 4, 4, 3, SEGKIT_U8);
    CHECK(segkit_label(&rgb, NULL, &lab, &n, NULL) == SEGKIT_ERR_TYPE && !lab.data);
    segkit_image_create(&empty, 5, 5, 1, SEGKIT_U8);
    segkit_label_stat *st;
    CHECK(segkit_label(&empty, NULL, &lab, &n, &st) == SEGKIT_OK && n == 0);
    free(st);
    segkit_image_free(&lab);
    /* fg selectors: f32 above 0.5 */
    segkit_image f;
    segkit_image_create(&f, 3, 1, 1, SEGKIT_F32);
    ((float *)f.data)[0] = 0.7f;
    ((float *)f.data)[1] = 0.2f;
    ((float *)f.data)[2] = 0.9f;
    p = segkit_label_params_default();
    p.fg.mode = SEGKIT_FG_ABOVE;
    p.fg.value = 0.5;
    CHECK(segkit_label(&f, &p, &lab, &n, NULL) == SEGKIT_OK && n == 2 &&
          at(&lab, 2, 0) == 2 && at(&lab, 1, 0) == 0);
    segkit_image_free(&lab);
    segkit_image_free(&f);
    segkit_image_free(&rgb);
    segkit_image_free(&empty);
}

static int mask_equals(const segkit_image *m, const char *const *rows)
{
    for (int y = 0; y < m->height; y++)
        for (int x = 0; x < m->width; x++)
            if ((((const uint8_t *)segkit_image_row(m, y))[x] != 0) != (rows[y][x] == '#'))
                return 0;
    return 1;
}

static void test_mask_filters(void)
{
    static const char *const in[] = {
        "######..",
        "#..#.#..",
        "######.#",
        "........",
        ".##...##",
    };
    segkit_image m = from_text(in, 5);
    /* holes: (1,1),(2,1) (4-connected, enclosed) and (4,1); scipy's
     * binary_fill_holes fills both, the border-touching background stays */
    static const char *const filled[] = {
        "######..",
        "######..",
        "######.#",
        "........",
        ".##...##",
    };
    CHECK(segkit_mask_fill_holes(&m, 4) == SEGKIT_OK && mask_equals(&m, filled));
    segkit_image_free(&m);
    /* remove_small_holes(area 2): only the 1-pixel hole is filled */
    static const char *const holes2[] = {
        "######..",
        "#..###..",
        "######.#",
        "........",
        ".##...##",
    };
    m = from_text(in, 5);
    CHECK(segkit_mask_remove_small_holes(&m, 2, 4) == SEGKIT_OK && mask_equals(&m, holes2));
    segkit_image_free(&m);
    /* remove_small_objects(3): the two 2-pixel objects and the lone pixel
     * at (7,2) go (row 3 is empty, so it is alone with either connectivity) */
    static const char *const objs3[] = {
        "######..",
        "#..#.#..",
        "######..",
        "........",
        "........",
    };
    m = from_text(in, 5);
    CHECK(segkit_mask_remove_small_objects(&m, 3, 4) == SEGKIT_OK && mask_equals(&m, objs3));
    segkit_image_free(&m);
}

static void test_label_filters(void)
{
    static const int32_t v0[4][5] = {{1, 1, 0, 2, 0}, {0, 0, 0, 0, 0},
                                     {0, 9, 9, 0, 0}, {0, 9, 4, 4, 4}};
    int32_t v[4][5];
    segkit_image lab;
    int32_t n;
    /* relabel sequential: 1, 2, 4, 9 -> 1, 2, 3, 4 */
    memcpy(v, v0, sizeof v);
    segkit_image_wrap(&lab, v, 5, 4, 1, SEGKIT_I32, 20);
    CHECK(segkit_label_relabel_sequential(&lab, &n) == SEGKIT_OK && n == 4 &&
          v[2][1] == 4 && v[3][2] == 3 && v[0][3] == 2);
    /* clear border (width 1): all touch the border here */
    memcpy(v, v0, sizeof v);
    CHECK(segkit_label_clear_border(&lab, 1) == SEGKIT_OK);
    CHECK(lb_all_zero(&lab));
    /* keep the 2 largest: 9 (3 px) and 4 (3 px); ties by label */
    memcpy(v, v0, sizeof v);
    CHECK(segkit_label_keep_largest(&lab, 2) == SEGKIT_OK);
    CHECK(v[0][0] == 0 && v[0][3] == 0 && v[2][1] == 9 && v[3][4] == 4);
    memcpy(v, v0, sizeof v);
    CHECK(segkit_label_keep_largest(&lab, 1) == SEGKIT_OK);
    CHECK(v[2][1] == 0 && v[3][4] == 4);
    /* remove small (< 2): label 2 goes */
    memcpy(v, v0, sizeof v);
    CHECK(segkit_label_remove_small(&lab, 2) == SEGKIT_OK);
    CHECK(v[0][3] == 0 && v[0][0] == 1);
}

/* expand_labels: three seeds grown by 3 pixels.  Expected array from
 * scikit-image 0.19 (python3-skimage), no equidistant pixels within reach:
 *   a = np.zeros((9, 9), np.int32); a[4, 1] = 1; a[4, 6] = 2; a[0:2, 8] = 3
 *   skimage.segmentation.expand_labels(a, distance=3) */
static void test_expand(void)
{
    static const int32_t want[9][9] = {
        {0,0,0,0,0,3,3,3,3},
        {0,1,0,0,0,3,3,3,3},
        {1,1,1,1,2,2,2,3,3},
        {1,1,1,1,2,2,2,2,3},
        {1,1,1,1,2,2,2,2,2},
        {1,1,1,1,2,2,2,2,2},
        {1,1,1,1,2,2,2,2,2},
        {0,1,0,0,0,0,2,0,0},
        {0,0,0,0,0,0,0,0,0}};
    segkit_image l;
    CHECK(segkit_image_create(&l, 9, 9, 1, SEGKIT_I32) == SEGKIT_OK);
    for (int y = 0; y < 9; y++)
        memset(segkit_image_row(&l, y), 0, 9 * sizeof(int32_t));
    ((int32_t *)segkit_image_row(&l, 4))[1] = 1;
    ((int32_t *)segkit_image_row(&l, 4))[6] = 2;
    ((int32_t *)segkit_image_row(&l, 0))[8] = 3;
    ((int32_t *)segkit_image_row(&l, 1))[8] = 3;
    CHECK(segkit_label_expand(&l, 3) == SEGKIT_OK);
    int diff = 0;
    for (int y = 0; y < 9; y++)
        for (int x = 0; x < 9; x++)
            diff += at(&l, x, y) != want[y][x];
    CHECK(diff == 0);
    /* distance 0 changes nothing */
    CHECK(segkit_label_expand(&l, 0) == SEGKIT_OK);
    CHECK(at(&l, 0, 0) == 0 && at(&l, 5, 0) == 3);
    segkit_image_free(&l);
}

int main(void)
{
    test_hand();
    test_random();
    test_noise_and_blobs();
    test_skimage_small();
    test_checkerboard();
    test_fg_parse();
    test_values_and_types();
    test_mask_filters();
    test_label_filters();
    test_expand();
    return check_done();
}
