/* segkit_watershed_split's default rule (src/watershed/split_rule.c), on
 * masks worked out by hand: the object size, the extended-maxima markers
 * (a dome is split from its neighbour only if it stands more than h above
 * the saddle), the noise rules (all-boundary components and components
 * under a tenth of the typical object's area are dropped). */
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
 * One component whose largest distance is 4: d = 2 x 4 = 8, so the default
 * h is max(0.06 d, 1) = 1: a dome must stand MORE than h above the saddle
 * (the reconstruction of EDT - h fills a saddle exactly h deep). */
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
 * from the background) and a single pixel (1).  The components' largest
 * distances 10, 2, 1: median 2, d = 4 -> nothing under 0.1 pi 4 = 1.3
 * pixels to remove.  The square's top floods the background of the
 * reconstruction of EDT - h up to 0, so a component whose pixels are all
 * within h of the background is level with it and gets no seed: dropped
 * (the default h is max(0.06 x 4, 1) = 1: the pixel). */
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

    /* three 12x12 squares (largest distance 6) and two 3x3 blobs (2): the
     * median 6 gives d = 12, so the blobs (9 < 0.1 pi 12^2 / 4 = 11.3 pixels)
     * go first with the default min_size, and stay without (their centres
     * stand 2 > h = 1 above the background) */
    p = segkit_watershed_split_params_default();
    segkit_image_create(&m, 60, 30, 1, SEGKIT_U8);
    rect(&m, 2, 2, 12, 12);
    rect(&m, 2, 20, 12, 12);
    rect(&m, 2, 40, 12, 12);
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

/* Touching objects all in one component (a tutorial's coins, all
 * touching): a 4x4 grid of 9x9 squares, one pixel apart, each joined to its
 * neighbours by a 5-pixel neck across the gap.  A square's largest distance
 * is 5 (its centre), a neck's centre 3 (the gap is background 3 pixels up
 * and down): every dome stands 2 above its saddles.  The component's
 * largest distance is one square's, 5, not the cluster's: d = 10, h =
 * max(0.06 d, 1) = 1 < 2, so 16 objects.  (The median equivalent diameter,
 * sqrt(4 x 1416 / pi) = 42.5 for the one component, made h = 0.07 x 42.5 =
 * 2.97 > 2 and the cluster one object; p.h = 3 below stands for it.) */
static void test_cluster(void)
{
    segkit_watershed_split_params p = segkit_watershed_split_params_default();
    segkit_image m;
    segkit_image_create(&m, 45, 45, 1, SEGKIT_U8);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            rect(&m, 2 + 10 * i, 2 + 10 * j, 9, 9);
            if (j < 3)              /* neck to the right: rows 2..6 of the square */
                rect(&m, 2 + 10 * i + 2, 2 + 10 * j + 9, 5, 1);
            if (i < 3)              /* neck below */
                rect(&m, 2 + 10 * i + 9, 2 + 10 * j + 2, 1, 5);
        }
    CHECK(split_count(&m, &p) == 16);
    p.h = 3;                         /* the old rule's h: one object */
    CHECK(split_count(&m, &p) == 1);
    segkit_image_free(&m);
}

int main(void)
{
    test_neck();
    test_noise();
    test_cluster();
    return check_done();
}
