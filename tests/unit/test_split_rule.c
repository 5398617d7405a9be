/* segkit_watershed_split's default rule (src/watershed/split_rule.c), on
 * masks worked out by hand: the object size, the extended-maxima markers
 * (a dome is split from its neighbour only if it stands more than h above
 * the saddle), the noise rules (all-boundary components and components
 * under a tenth of the median area are dropped). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/watershed.h"

static void rect(segkit_image *m, int r0, int c0, int h, int w)
{
    for (int y = r0; y < r0 + h; y++)
        memset((uint8_t *)segkit_image_row(m, y) + c0, 255, (size_t)w);
}

static int32_t split_count(const segkit_image *m, const segkit_watershed_split_params *p)
{
    segkit_image lab;
    int32_t n = -1;
    int st = segkit_watershed_split(m, p, &lab, &n);
    CHECKF(st == SEGKIT_OK, "status %d", st);
    segkit_image_free(&lab);
    return n;
}

/* Two 7x7 squares (rows 10..16, columns 10..16 and 18..24: distance 4 at
 * their centres) joined by a neck in column 17.  Neck rows 11..15: its
 * centre (13, 17) is 3 from the background at (10, 17) -> the domes stand
 * 4 - 3 = 1 above the saddle.  Neck rows 12..14: 2 from (11, 17) -> 2.
 * One component: area 49 + 49 + neck, d = sqrt(4 area / pi) ~ 11.3, so the
 * default h is max(0.07 d, 1) = 1: a dome must stand MORE than h above the
 * saddle (the reconstruction of EDT - h fills a saddle exactly h deep). */
static void test_neck(void)
{
    segkit_watershed_split_params p = segkit_watershed_split_params_default();
    segkit_image m;
    segkit_image_create(&m, 40, 30, 1, SEGKIT_U8);
    rect(&m, 10, 10, 7, 7);
    rect(&m, 10, 18, 7, 7);
    rect(&m, 11, 17, 5, 1);
    CHECK(split_count(&m, &p) == 1);      /* wide neck: one object */
    segkit_image_free(&m);
    segkit_image_create(&m, 40, 30, 1, SEGKIT_U8);
    rect(&m, 10, 10, 7, 7);
    rect(&m, 10, 18, 7, 7);
    rect(&m, 12, 17, 3, 1);
    CHECK(split_count(&m, &p) == 2);      /* narrow neck: two */
    p.h = 2;                              /* explicit h: 2 is not above 2 */
    CHECK(split_count(&m, &p) == 1);
    p.h = 1.5;
    CHECK(split_count(&m, &p) == 2);
    segkit_image_free(&m);
}

/* A 20x20 square (distance 10 at its centre), a 3x3 blob (its centre is 2
 * from the background) and a single pixel (1).  Median area 9 -> nothing
 * under 0.9 pixels to remove.  The square's top floods the background of
 * the reconstruction of EDT - h up to 0, so a component whose pixels are
 * all within h of the background is level with it and gets no seed:
 * dropped (the default h is max(0.07 sqrt(36 / pi), 1) = 1: the pixel). */
static void test_noise(void)
{
    segkit_watershed_split_params p = segkit_watershed_split_params_default();
    segkit_image m;
    segkit_image_create(&m, 30, 30, 1, SEGKIT_U8);
    rect(&m, 2, 2, 20, 20);
    rect(&m, 24, 10, 3, 3);
    rect(&m, 25, 25, 1, 1);
    CHECK(split_count(&m, &p) == 2);      /* the square and the blob */
    p.h = 2;                              /* the blob's 2 is not above 2 */
    CHECK(split_count(&m, &p) == 1);
    p.h = 1.9;
    CHECK(split_count(&m, &p) == 2);
    p.keep_all = 1;                       /* every component one object */
    CHECK(split_count(&m, &p) == 3);
    segkit_image_free(&m);

    /* three 10x10 squares and two 3x3 blobs: median area 100, so the blobs
     * (9 < 0.1 x 100) go first with the default min_size, stay without */
    p = segkit_watershed_split_params_default();
    segkit_image_create(&m, 60, 30, 1, SEGKIT_U8);
    rect(&m, 2, 2, 10, 10);
    rect(&m, 2, 20, 10, 10);
    rect(&m, 2, 40, 10, 10);
    rect(&m, 20, 5, 3, 3);
    rect(&m, 20, 25, 3, 3);
    CHECK(split_count(&m, &p) == 3);
    p.min_size = 0;
    CHECK(split_count(&m, &p) == 5);
    p.min_size = -1;
    segkit_image lab;
    CHECK(segkit_watershed_split(&m, &p, &lab, NULL) == SEGKIT_ERR_ARG);
    segkit_image_free(&m);
}

int main(void)
{
    test_neck();
    test_noise();
    return check_done();
}
