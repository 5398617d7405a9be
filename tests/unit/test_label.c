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
    test_checkerboard();
    test_values_and_types();
    test_mask_filters();
    test_label_filters();
    test_expand();
    return check_done();
}
