/* Region properties and filter expressions.  The coins case compares every
 * column with scikit-image's regionprops_table, stored with the Python
 * command that made it in tests/data/coins_regionprops.csv (a peer's
 * output, not ours). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static void test_coins(void)
{
    char path[4096], csv[4096];
    if (!check_path(path, sizeof path, "SEGKIT_DATA", "coins.png") ||
        !check_path(csv, sizeof csv, "SEGKIT_TESTS", "data/coins_regionprops.csv")) {
        CHECKF(0, "data/coins.png or tests/data/coins_regionprops.csv missing");
        return;
    }
    segkit_image im, mask, lab;
    CHECK(segkit_read_file(path, NULL, &im, NULL) == SEGKIT_OK);
    /* skimage.filters.threshold_otsu(coins) = 107 (see the CSV's header) */
    segkit_image_create(&mask, im.width, im.height, 1, SEGKIT_U8);
    for (int y = 0; y < im.height; y++)
        for (int x = 0; x < im.width; x++)
            ((uint8_t *)segkit_image_row(&mask, y))[x] =
                ((uint8_t *)segkit_image_row(&im, y))[x] > 107 ? 255 : 0;
    CHECK(segkit_mask_fill_holes(&mask, 4) == SEGKIT_OK);
    CHECK(segkit_mask_remove_small_objects(&mask, 64, 4) == SEGKIT_OK);
    int32_t n, nr;
    CHECK(segkit_label(&mask, NULL, &lab, &n, NULL) == SEGKIT_OK);
    segkit_region *reg;
    CHECK(segkit_regionprops(&lab, &im, SEGKIT_PROPS_ALL, &reg, &nr) == SEGKIT_OK);
    CHECK(nr == n);

    FILE *f = fopen(csv, "r");
    char line[8192];
    int cols[64], ncols = 0, rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = 0;
        if (!ncols) { /* header: our index of every column */
            for (char *t = strtok(line, ","); t; t = strtok(NULL, ",")) {
                cols[ncols] = segkit_region_prop_find(t, -1);
                CHECKF(cols[ncols] >= 0, "unknown column %s", t);
                ncols++;
            }
            continue;
        }
        int i = 0;
        for (char *t = strtok(line, ","); t && i < ncols; t = strtok(NULL, ","), i++) {
            double want = strtod(t, NULL);
            if (rows >= nr || cols[i] < 0)
                continue;
            double got = segkit_region_prop_value(&reg[rows], cols[i]);
            const char *name = segkit_region_prop_name(cols[i]);
            /* counts and boxes exact, the rest to 1e-9 (relative above 1),
             * solidity to 1e-6 as the issue asks (it is exact here too) */
            double tol = strstr(name, "solidity") ? 1e-6 : 1e-9 * fmax(1, fabs(want));
            CHECKF(fabs(got - want) <= tol, "object %d %s: %.17g vs skimage %.17g",
                   rows + 1, name, got, want);
        }
        rows++;
    }
    fclose(f);
    CHECKF(rows == n, "%d objects, skimage %d", n, rows);
    free(reg);
    segkit_image_free(&lab);
    segkit_image_free(&mask);
    segkit_image_free(&im);
}

/* Small shapes worked out by hand. */
static void test_hand(void)
{
    /* a 3x3 square with a hole in the middle, and an L of 3 pixels:
     *   ###..
     *   #.#.#
     *   ###.#
     *   ...##   */
    static const int32_t v[4][5] = {{1, 1, 1, 0, 0}, {1, 0, 1, 0, 2},
                                    {1, 1, 1, 0, 2}, {0, 0, 0, 2, 2}};
    segkit_image lab;
    segkit_image_wrap(&lab, (void *)v, 5, 4, 1, SEGKIT_I32, 20);
    segkit_region *r;
    int32_t n;
    CHECK(segkit_regionprops(&lab, NULL, SEGKIT_PROPS_PERIMETER | SEGKIT_PROPS_EULER |
                             SEGKIT_PROPS_CONVEX, &r, &n) == SEGKIT_OK);
    CHECK(n == 2);
    /* ring: 8 pixels, Euler 1 - 1 hole = 0, centroid (1, 1), its convex
     * hull covers the hole: 9 pixels, solidity 8/9, extent 8/9 */
    CHECK(r[0].area == 8 && r[0].euler_number == 0);
    CHECK(r[0].centroid[0] == 1 && r[0].centroid[1] == 1);
    CHECK(r[0].area_convex == 9 && fabs(r[0].solidity - 8.0 / 9) < 1e-15);
    /* every ring pixel is a border pixel; corners have 2 border
     * 4-neighbours and 1 diagonal (the hole is not): code 1+4+10 = 15 -> 1;
     * edge middles have 2 border 4-neighbours and 2 diagonals: 1+4+20 = 25
     * -> 1; perimeter 8 */
    CHECK(fabs(r[0].perimeter - 8) < 1e-12);
    /* symmetric ring: orientation pi/4 (a == c, b == 0), eccentricity 0 */
    CHECK(r[0].eccentricity == 0 && fabs(r[0].orientation - 0.78539816339744830962) < 1e-15);
    /* the L (4 px: (1,4), (2,4), (3,4), (3,3)): bbox rows 1..3, cols 3..4 */
    CHECK(r[1].area == 4 && r[1].bbox[0] == 1 && r[1].bbox[1] == 3 &&
          r[1].bbox[2] == 4 && r[1].bbox[3] == 5 && r[1].euler_number == 1);
    /* its hull image: the edge midpoints' hull contains (2,3)'s centre
     * ((2,3) lies on the segment from (1, 4-0.5) to (3-0.5... worked out:
     * the hull of (0.5,4) (1,3.5) (3,2.5) (3.5,3) (3.5,4) (1,4.5)... covers
     * pixel centres (1,4) (2,4) (3,4) (3,3) and (2,3): (2,3) is on the
     * segment from (1,3.5) to (3,2.5)), so the convex area is 5 */
    CHECK(r[1].area_convex == 5);
    free(r);
}

/* Intensity properties worked out by hand (numpy.median, population std). */
static void test_intensity(void)
{
    static const int32_t l[2][4] = {{1, 1, 2, 2}, {1, 1, 2, 0}};
    static const uint16_t v[2][4] = {{5, 1, 7, 9}, {3, 2, 8, 100}};
    segkit_image lab, im;
    segkit_image_wrap(&lab, (void *)l, 4, 2, 1, SEGKIT_I32, 16);
    segkit_image_wrap(&im, (void *)v, 4, 2, 1, SEGKIT_U16, 8);
    segkit_region *r;
    int32_t n;
    CHECK(segkit_regionprops(&lab, &im, SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN, &r,
                             &n) == SEGKIT_OK && n == 2);
    /* label 1: 5 1 3 2 -> min 1, max 5, mean 11/4, median (2 + 3)/2,
     * std sqrt(mean of squares 39/4 - (11/4)^2 = 35/16) */
    CHECK(r[0].intensity_min == 1 && r[0].intensity_max == 5 && r[0].intensity_mean == 2.75);
    CHECK(r[0].intensity_median == 2.5 && fabs(r[0].intensity_std - sqrt(35.0 / 16)) < 1e-12);
    /* weighted centroid of label 1: rows (5*0 + 1*0 + 3*1 + 2*1)/11,
     * cols (5*0 + 1*1 + 3*0 + 2*1)/11 */
    CHECK(fabs(r[0].centroid_weighted[0] - 5.0 / 11) < 1e-15 &&
          fabs(r[0].centroid_weighted[1] - 3.0 / 11) < 1e-15);
    /* label 2: 7 9 8 -> median 8 (the 100 is background) */
    CHECK(r[1].intensity_median == 8 && r[1].intensity_max == 9);
    free(r);
    CHECK(segkit_regionprops(&lab, NULL, SEGKIT_PROPS_INTENSITY, &r, &n) == SEGKIT_ERR_ARG);
}

static void test_expr(void)
{
    segkit_region r;
    memset(&r, 0, sizeof r);
    r.area = 60;
    r.solidity = 0.95;
    r.eccentricity = 0.5;
    r.bbox[0] = 3;
    segkit_expr *e;
    size_t pos;
    const char *msg;
    int groups;
    CHECK(segkit_expr_compile("area>=50 && solidity>0.9", &e, &pos, &msg, &groups) == SEGKIT_OK);
    CHECK(segkit_expr_eval(e, &r) == 1);
    CHECK(groups == (SEGKIT_PROPS_BASIC | SEGKIT_PROPS_CONVEX));
    segkit_expr_free(e);
    CHECK(segkit_expr_compile("!(area < 50) && (eccentricity*2 - 1 == 0 || bbox_0 > 5)",
                              &e, &pos, &msg, NULL) == SEGKIT_OK);
    CHECK(segkit_expr_eval(e, &r) == 1);
    segkit_expr_free(e);
    CHECK(segkit_expr_compile("-area + 2 * 30 / 1 != 0", &e, &pos, &msg, NULL) == SEGKIT_OK);
    CHECK(segkit_expr_eval(e, &r) == 0);
    segkit_expr_free(e);
    /* errors and their positions (0-based) */
    CHECK(segkit_expr_compile("area >= 50 && solidty > 0.9", &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG);
    CHECK(e == NULL && pos == 14 && strcmp(msg, "unknown property name") == 0);
    CHECK(segkit_expr_compile("(area > 3", &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG && pos == 9);
    CHECK(segkit_expr_compile("area > ", &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG && pos == 7);
    CHECK(segkit_expr_compile("area 3", &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG && pos == 5);
    CHECK(segkit_expr_compile("", &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG && pos == 0);
    char deep[2001];
    memset(deep, '(', 2000);
    deep[2000] = 0;
    CHECK(segkit_expr_compile(deep, &e, &pos, &msg, NULL) == SEGKIT_ERR_ARG);
}

int main(void)
{
    test_coins();
    test_hand();
    test_intensity();
    test_expr();
    return check_done();
}
