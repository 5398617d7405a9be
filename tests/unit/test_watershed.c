/* Watershed against scikit-image 0.19.3 (python3-skimage, Debian bookworm).
 *
 * 1. The examples of scikit-image's own tests
 *    (skimage/segmentation/tests/test_watershed.py, test_watershed01 .. 06,
 *    10, 12 and test_compact_watershed): their inputs, and their expected
 *    arrays where they give one (a 0 there means "either", as their diff()
 *    ignores it), plus the full output of skimage.segmentation.watershed on
 *    the same inputs, printed by this (recorded) script:
 *      ring = ... (test_watershed01's data), m1 = its markers, ...
 *      watershed(ring, m1, np.ones((3, 3), bool))     -> ws01 below, etc.
 *    (each array is preceded by its call).
 * 2. coins (data/coins.png) with markers from h-maxima of the EDT, 8-bit and
 *    float surfaces, with and without watershed_line, compactness 0.01:
 *    label images made by tests/data/watershed/make_skimage.py (its calls
 *    are in it), compared pixel by pixel; the number of differing pixels is
 *    checked against 0 or against the count that the documented tie rule
 *    explains.
 * 3. Hand-worked cases of the raster-order tie rule and of the API's
 *    argument checks. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/watershed.h"
#include "watershed/ws_internal.h"

/* Output of skimage.segmentation.watershed (0.19.3) on the inputs of
 * test_watershed.py, as printed by the calls in each comment. */
/* watershed(ring, m1, np.ones((3, 3), bool)) */
static const int32_t ws01[70] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(ring2, m2) */
static const int32_t ws02[77] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1,  1,  1,  1, -1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1, -1,  1,  1,  1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(two, m3) */
static const int32_t ws03[70] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1,  2, -1,  3, -1, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1, -1,  2, -1,  3, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(two, m3, np.ones((3, 3), bool)) */
static const int32_t ws04[70] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1,  2,  2,  2,  3,  3, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(two, m5, np.ones((3, 3), bool)) */
static const int32_t ws05[70] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1,  3,  3,  3,  2,  2, -1,
    -1,  3,  3,  3,  2,  2, -1,
    -1,  3,  3,  3,  2,  2, -1,
    -1,  3,  3,  3,  2,  2, -1,
    -1,  3,  3,  3,  2,  2, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(d6, m6, np.ones((3, 3), bool)) */
static const int32_t ws06[63] = {
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1,  1,  1,  1,  1,  1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};
/* watershed(d10, m10, np.ones((3, 3), bool)) */
static const int32_t ws10[16] = {
     1,  1,  2,  2,
     1,  1,  2,  2,
     3,  3,  4,  4,
     3,  3,  4,  4,
};
/* watershed(image, seeds, compactness=0.01) */
static const int32_t wsc[30] = {
     1,  1,  1,  2,  2,  2,
     1,  1,  1,  2,  2,  2,
     1,  1,  1,  2,  2,  2,
     1,  1,  1,  2,  2,  2,
     1,  1,  1,  2,  2,  2,
};
/* watershed(image, seeds) */
static const int32_t wsn[30] = {
     1,  1,  1,  1,  1,  1,
     1,  1,  1,  1,  1,  1,
     1,  1,  1,  2,  2,  2,
     1,  1,  1,  1,  1,  1,
     1,  1,  1,  1,  1,  1,
};
/* watershed(d10, m10, np.ones((3, 3), bool), watershed_line=True) */
static const int32_t ws10l[16] = {
     1,  1,  0,  2,
     1,  1,  0,  0,
     0,  0,  0,  4,
     3,  0,  4,  4,
};
/* watershed(two, m3, watershed_line=True) */
static const int32_t ws03l[70] = {
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1,  0, -1,  0, -1, -1,
    -1,  0,  2,  0,  3,  0, -1,
    -1,  0,  2,  0,  3,  0, -1,
    -1,  0,  2,  0,  3,  0, -1,
    -1, -1,  0, -1,  0, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,
};

/* test_watershed.py's inputs (same names as in the calls above) */
static const uint8_t ring[70] = {
    0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 0,  0, 1, 0, 0, 0, 1, 0,  0, 1, 0, 0, 0, 1, 0,
    0, 1, 0, 0, 0, 1, 0,  0, 1, 1, 1, 1, 1, 0,  0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0};
static const int32_t m1[70] = {[0] = -1, [5 * 7 + 3] = 1};
static const uint8_t ring2[77] = {
    0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0,  0, 1, 1, 1, 1, 1, 0,  0, 1, 0, 0, 0, 1, 0,
    0, 1, 0, 0, 0, 1, 0,  0, 1, 0, 0, 0, 1, 0,  0, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0};
static const int32_t m2[77] = {[0] = -1, [6 * 7 + 3] = 1};
static const uint8_t two[70] = {
    0, 0, 0, 0, 0, 0, 0,  0, 1, 1, 1, 1, 1, 0,  0, 1, 0, 1, 0, 1, 0,
    0, 1, 0, 1, 0, 1, 0,  0, 1, 0, 1, 0, 1, 0,  0, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0};
static const int32_t m3[70] = {[3 * 7 + 2] = 2, [3 * 7 + 4] = 3, [69] = -1};
static const int32_t m5[70] = {[3 * 7 + 2] = 3, [3 * 7 + 4] = 2, [69] = -1};
static const uint8_t d6[63] = {
    0, 1, 0, 0, 0, 1, 0,  0, 1, 0, 0, 0, 1, 0,  0, 1, 0, 0, 0, 1, 0,
    0, 1, 1, 1, 1, 1, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0};
static const int32_t m6[63] = {[1 * 7 + 3] = 1, [8 * 7] = -1};
static const uint8_t d10[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static const int32_t m10[16] = {1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4};
/* test_compact_watershed: image[:, 3:] = 1, seeds[2, 0] = 1, seeds[2, 3] = 2 */
static const uint8_t cimg[30] = {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1,
                                 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1};
static const int32_t cseeds[30] = {[2 * 6] = 1, [2 * 6 + 3] = 2};

/* test_watershed.py's expected arrays where they differ from ws01.. (a 0
 * there is "either"): test_watershed03 leaves the ring's cells between the
 * basins open. */
static const int32_t exp03[70] = {
    -1, -1, -1, -1, -1, -1, -1,  -1, 0, 2, 0, 3, 0, -1,  -1, 2, 2, 0, 3, 3, -1,
    -1, 2, 2, 0, 3, 3, -1,  -1, 2, 2, 0, 3, 3, -1,  -1, 0, 2, 0, 3, 0, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1};
static const int32_t exp04[70] = {
    -1, -1, -1, -1, -1, -1, -1,  -1, 2, 2, 0, 3, 3, -1,  -1, 2, 2, 0, 3, 3, -1,
    -1, 2, 2, 0, 3, 3, -1,  -1, 2, 2, 0, 3, 3, -1,  -1, 2, 2, 0, 3, 3, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1};
static const int32_t exp05[70] = {
    -1, -1, -1, -1, -1, -1, -1,  -1, 3, 3, 0, 2, 2, -1,  -1, 3, 3, 0, 2, 2, -1,
    -1, 3, 3, 0, 2, 2, -1,  -1, 3, 3, 0, 2, 2, -1,  -1, 3, 3, 0, 2, 2, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1,  -1, -1, -1, -1, -1, -1, -1};

/* Worked by hand: ws10l's input flooded with the markers started in raster
 * order (1, 2, 3, 4) instead of skimage's heap order (its heap pops the
 * first marker, then moves the last one, 4, to the root: 1, 4, ...).  Each
 * marker queues its three unlabelled neighbours (N W E S NW NE SW SE
 * order), then the twelve queued pixels leave in that order; a pixel with
 * two labels among its finished neighbours becomes 0. */
static const int32_t ws10l_raster[16] = {
    1, 1, 0, 2,
    1, 1, 0, 2,
    0, 0, 0, 0,
    3, 3, 0, 4};

static int run(const void *surf, segkit_type type, const int32_t *mk, int w,
               int h, const segkit_image *mask, int conn, double compact,
               int lines, int exact, segkit_image *out)
{
    segkit_image s, m;
    segkit_image_wrap(&s, (void *)surf, w, h, 1, type,
                      (size_t)w * segkit_type_size(type));
    segkit_image_wrap(&m, (void *)mk, w, h, 1, SEGKIT_I32, (size_t)w * 4);
    segkit_watershed_params p = segkit_watershed_params_default();
    p.connectivity = conn;
    p.compactness = compact;
    p.lines = lines;
    p.exact_ties = exact;
    return segkit_watershed(&s, &m, mask, &p, out);
}

/* Pixels where out differs from want (want 0 = either when dont_care). */
static long ndiff(const segkit_image *out, const int32_t *want, int dont_care)
{
    long n = 0;
    for (int y = 0; y < out->height; y++) {
        const int32_t *r = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++) {
            int32_t e = want[(size_t)y * out->width + x];
            if (dont_care && e == 0)
                continue;
            n += r[x] != e;
        }
    }
    return n;
}

static long count_label(const segkit_image *out, int32_t l)
{
    long n = 0;
    for (int y = 0; y < out->height; y++) {
        const int32_t *r = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++)
            n += r[x] == l;
    }
    return n;
}

typedef struct small_case {
    const char *name;
    const uint8_t *data;
    const int32_t *markers;
    int w, h, conn, lines;
    double compact;
    const int32_t *skimage;   /* full skimage output */
    const int32_t *expected;  /* test_watershed.py's expected (0 = either) */
} small_case;

static void test_skimage_examples(void)
{
    const small_case cases[] = {
        {"watershed01", ring, m1, 7, 10, 8, 0, 0, ws01, ws01},
        {"watershed02", ring2, m2, 7, 11, 4, 0, 0, ws02, ws02},
        {"watershed03", two, m3, 7, 10, 4, 0, 0, ws03, exp03},
        {"watershed04", two, m3, 7, 10, 8, 0, 0, ws04, exp04},
        {"watershed05", two, m5, 7, 10, 8, 0, 0, ws05, exp05},
        {"watershed06", d6, m6, 7, 9, 8, 0, 0, ws06, ws06},
        {"watershed10", d10, m10, 4, 4, 8, 0, 0, ws10, ws10},
        {"compact", cimg, cseeds, 6, 5, 4, 0, 0.01, wsc, wsc},
        {"compact-normal", cimg, cseeds, 6, 5, 4, 0, 0, wsn, wsn},
        {"watershed03-lines", two, m3, 7, 10, 4, 1, 0, ws03l, ws03l},
        {"watershed10-lines", d10, m10, 4, 4, 8, 1, 0, ws10l, ws10l},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const small_case *c = &cases[i];
        for (int exact = 0; exact <= 1; exact++) {
            segkit_image out;
            int st = run(c->data, SEGKIT_U8, c->markers, c->w, c->h, NULL,
                         c->conn, c->compact, c->lines, exact, &out);
            CHECKF(st == SEGKIT_OK, "%s: %s", c->name, segkit_strerror(st));
            if (st != SEGKIT_OK)
                continue;
            long d = ndiff(&out, c->skimage, 0);
            long e = ndiff(&out, c->expected, 1);
            /* the one case of equal-valued markers whose order shows */
            int raster_tie = !exact && c->data == d10 && c->lines;
            if (!exact) { /* bucket queue == heap with raster marker ages */
                segkit_image heap, s, m;
                segkit_watershed_params p = segkit_watershed_params_default();
                p.connectivity = c->conn;
                p.compactness = c->compact;
                p.lines = c->lines;
                segkit_image_wrap(&s, (void *)c->data, c->w, c->h, 1, SEGKIT_U8, c->w);
                segkit_image_wrap(&m, (void *)c->markers, c->w, c->h, 1,
                                  SEGKIT_I32, (size_t)c->w * 4);
                segkit_image_create(&heap, c->w, c->h, 1, SEGKIT_I32);
                CHECK(ws_flood_engine(&s, &m, NULL, &p, &heap, 1) == SEGKIT_OK);
                CHECKF(ndiff(&out, heap.data, 0) == 0, "%s: engines differ", c->name);
                segkit_image_free(&heap);
            }
            if (raster_tie) {
                CHECKF(ndiff(&out, ws10l_raster, 0) == 0,
                       "%s: raster-order ties", c->name);
                CHECKF(d == 4, "%s: %ld pixels differ from skimage (4 "
                       "explained by the tie rule)", c->name, d);
            } else {
                CHECKF(d == 0, "%s (exact %d): %ld pixels differ from skimage",
                       c->name, exact, d);
                CHECKF(e == 0, "%s (exact %d): %ld pixels differ from "
                       "test_watershed.py's expected", c->name, exact, e);
            }
            segkit_image_free(&out);
        }
    }
}

/* test_watershed07/08 (blob, two markers, 8-connected, mask data != 255:
 * the two objects are within 6 pixels of the same size) and
 * test_watershed12 (watershed lines; areas of labels 0..3 are 34, 74, 74,
 * 74 with markers = label(data == 0)). */
static const uint8_t blob[21 * 16] = {
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 204, 204, 204, 204, 204, 204, 255, 255, 255, 255, 255,
    255, 255, 255, 204, 204, 183, 153, 153, 153, 153, 183, 204, 204, 255, 255, 255,
    255, 255, 204, 183, 153, 141, 111, 103, 103, 111, 141, 153, 183, 204, 255, 255,
    255, 255, 204, 153, 111,  94,  72,  52,  52,  72,  94, 111, 153, 204, 255, 255,
    255, 255, 204, 153, 111,  72,  39,   1,   1,  39,  72, 111, 153, 204, 255, 255,
    255, 255, 204, 183, 141, 111,  72,  39,  39,  72, 111, 141, 183, 204, 255, 255,
    255, 255, 255, 204, 183, 141, 111,  72,  72, 111, 141, 183, 204, 255, 255, 255,
    255, 255, 255, 255, 204, 183, 141,  94,  94, 141, 183, 204, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 204, 153, 103, 103, 153, 204, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 204, 183, 141,  94,  94, 141, 183, 204, 255, 255, 255, 255,
    255, 255, 255, 204, 183, 141, 111,  72,  72, 111, 141, 183, 204, 255, 255, 255,
    255, 255, 204, 183, 141, 111,  72,  39,  39,  72, 111, 141, 183, 204, 255, 255,
    255, 255, 204, 153, 111,  72,  39,   1,   1,  39,  72, 111, 153, 204, 255, 255,
    255, 255, 204, 153, 111,  94,  72,  52,  52,  72,  94, 111, 153, 204, 255, 255,
    255, 255, 204, 183, 153, 141, 111, 103, 103, 111, 141, 153, 183, 204, 255, 255,
    255, 255, 255, 204, 204, 183, 153, 153, 153, 153, 183, 204, 204, 255, 255, 255,
    255, 255, 255, 255, 255, 204, 204, 204, 204, 204, 204, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};

static const uint8_t wsl_data[16 * 16] = {
    203, 255, 203, 153, 153, 153, 153, 153, 153, 153, 153, 153, 153, 153, 153, 153,
    203, 255, 203, 153, 153, 153, 102, 102, 102, 102, 102, 102, 153, 153, 153, 153,
    203, 255, 203, 203, 153, 153, 102, 102,  77,   0, 102, 102, 153, 153, 203, 203,
    203, 255, 255, 203, 153, 153, 153, 102, 102, 102, 102, 153, 153, 203, 203, 255,
    203, 203, 255, 203, 203, 203, 153, 153, 153, 153, 153, 153, 203, 203, 255, 255,
    153, 203, 255, 255, 255, 203, 203, 203, 203, 203, 203, 203, 203, 255, 255, 203,
    153, 203, 203, 203, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 203, 203,
    153, 153, 153, 203, 203, 203, 203, 203, 255, 203, 203, 203, 203, 203, 203, 153,
    102, 102, 153, 153, 153, 153, 203, 203, 255, 203, 203, 255, 203, 153, 153, 153,
    102, 102, 102, 102, 102, 153, 203, 255, 255, 203, 203, 203, 203, 153, 102, 153,
    102,  51,  51, 102, 102, 153, 203, 255, 203, 203, 153, 153, 153, 153, 102, 153,
     77,  51,  51, 102, 153, 153, 203, 255, 203, 203, 203, 153, 102, 102, 102, 153,
     77,   0,  51, 102, 153, 203, 203, 255, 203, 255, 203, 153, 102,  51, 102, 153,
     77,   0,  51, 102, 153, 203, 255, 255, 203, 203, 203, 153, 102,   0, 102, 153,
    102,   0,  51, 102, 153, 203, 255, 203, 203, 153, 153, 153, 102, 102, 102, 153,
    102, 102, 102, 102, 153, 203, 255, 203, 153, 153, 153, 153, 153, 153, 153, 153};

static void test_skimage_properties(void)
{
    int32_t mk[21 * 16] = {0};
    uint8_t mdata[21 * 16];
    for (int i = 0; i < 21 * 16; i++)
        mdata[i] = blob[i] != 255;
    segkit_image mask;
    segkit_image_wrap(&mask, mdata, 16, 21, 1, SEGKIT_U8, 16);
    mk[6 * 16 + 7] = 1;
    mk[14 * 16 + 7] = 2;
    for (int variant = 0; variant < 2; variant++) {
        uint8_t d[21 * 16];
        memcpy(d, blob, sizeof d);
        if (variant) /* test_watershed08: data[10, 7:9] = 141 */
            d[10 * 16 + 7] = d[10 * 16 + 8] = 141;
        for (int i = 0; i < 21 * 16; i++)
            mdata[i] = d[i] != 255;
        segkit_image out;
        CHECK(run(d, SEGKIT_U8, mk, 16, 21, &mask, 8, 0, 0, 0, &out) == SEGKIT_OK);
        long a1 = count_label(&out, 1), a2 = count_label(&out, 2);
        CHECKF(labs(a1 - a2) <= 6, "watershed0%d: sizes %ld %ld", 7 + variant, a1, a2);
        CHECK(a1 > 0 && a2 > 0);
        segkit_image_free(&out);
    }
    /* test_watershed12: markers = label(data == 0) (8-connected; the three
     * zero groups numbered in raster order of their first pixel) */
    int32_t m12[256] = {0};
    m12[2 * 16 + 9] = 1;
    m12[12 * 16 + 1] = m12[13 * 16 + 1] = m12[14 * 16 + 1] = 2;
    m12[13 * 16 + 13] = 3;
    for (int exact = 0; exact <= 1; exact++) {
        segkit_image out;
        CHECK(run(wsl_data, SEGKIT_U8, m12, 16, 16, NULL, 8, 0, 1, exact, &out) ==
              SEGKIT_OK);
        static const long area[4] = {34, 74, 74, 74};
        for (int l = 0; l < 4; l++)
            CHECKF(count_label(&out, l) == area[l], "watershed12 (exact %d): "
                   "label %d area %ld, want %ld", exact, l, count_label(&out, l),
                   area[l]);
        segkit_image_free(&out);
    }
}

/* ------------------------------------------------------------------ coins */

static int load(const char *env, const char *rel, segkit_image *img)
{
    char path[4096];
    return check_path(path, sizeof path, env, rel) &&
           segkit_read_file(path, NULL, img, NULL) == SEGKIT_OK &&
           img->channels == 1;
}

/* Pixels where a (I32) differs from b (u16 from a PNG). */
static long ndiff_u16(const segkit_image *a, const segkit_image *b)
{
    long n = 0;
    for (int y = 0; y < a->height; y++) {
        const int32_t *r = segkit_image_row(a, y);
        const uint16_t *s = segkit_image_row(b, y);
        for (int x = 0; x < a->width; x++)
            n += r[x] != (int32_t)s[x];
    }
    return n;
}

static void to_i32(const segkit_image *u16, segkit_image *out)
{
    segkit_image_create(out, u16->width, u16->height, 1, SEGKIT_I32);
    for (int y = 0; y < u16->height; y++) {
        const uint16_t *s = segkit_image_row(u16, y);
        int32_t *d = segkit_image_row(out, y);
        for (int x = 0; x < u16->width; x++)
            d[x] = s[x];
    }
}

typedef struct coins_case {
    const char *file;      /* tests/data/watershed/<file>.png */
    int dt;                /* surface: 1 = -EDT (f32), 0 = coins (u8) */
    int conn, lines;
    double compact;
} coins_case;

static void test_coins(void)
{
    segkit_image coins, skm;
    if (!load("SEGKIT_DATA", "coins.png", &coins) ||
        !load("SEGKIT_TESTS", "data/watershed/coins_markers.png", &skm)) {
        CHECKF(0, "data/coins.png or tests/data/watershed missing");
        return;
    }
    int w = coins.width, h = coins.height;
    /* mask = coins > threshold_otsu(coins) = 107 (make_skimage.py) */
    segkit_image mask, edt, negedt, markers, ours;
    segkit_image_create(&mask, w, h, 1, SEGKIT_U8);
    for (int y = 0; y < h; y++) {
        const uint8_t *s = segkit_image_row(&coins, y);
        uint8_t *d = segkit_image_row(&mask, y);
        for (int x = 0; x < w; x++)
            d[x] = s[x] > 107 ? 255 : 0;
    }
    CHECK(segkit_distance_transform(&mask, NULL, &edt, NULL) == SEGKIT_OK);
    segkit_image_create(&negedt, w, h, 1, SEGKIT_F32);
    for (int y = 0; y < h; y++) {
        const float *s = segkit_image_row(&edt, y);
        float *d = segkit_image_row(&negedt, y);
        for (int x = 0; x < w; x++)
            d[x] = -s[x];
    }
    to_i32(&skm, &markers);

    /* our own markers by the same recipe: label(h_maxima(edt, 2), 8) */
    segkit_image hm;
    int32_t n = 0;
    CHECK(segkit_morph_hextrema(&edt, 2, 8, 0, &hm) == SEGKIT_OK);
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = 8;
    CHECK(segkit_label(&hm, &lp, &ours, &n, NULL) == SEGKIT_OK);
    CHECKF(n == 66, "h-maxima markers: %d, skimage 66", (int)n);
    CHECKF(ndiff_u16(&ours, &skm) == 0, "h-maxima markers differ from skimage's");
    segkit_image_free(&ours);
    segkit_image_free(&hm);

    const coins_case cases[] = {
        {"coins_dt", 1, 4, 0, 0},
        {"coins_dt_lines", 1, 4, 1, 0},
        {"coins_dt_compact", 1, 4, 0, 0.01},
        {"coins_dt_8", 1, 8, 0, 0},
        {"coins_u8", 0, 4, 0, 0},
        {"coins_u8_lines", 0, 4, 1, 0},
        {"coins_u8_8_lines", 0, 8, 1, 0},
        {"coins_u8_compact", 0, 4, 0, 0.01},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const coins_case *c = &cases[i];
        char rel[256];
        snprintf(rel, sizeof rel, "data/watershed/%s.png", c->file);
        segkit_image want;
        if (!load("SEGKIT_TESTS", rel, &want)) {
            CHECKF(0, "%s missing", rel);
            continue;
        }
        segkit_watershed_params p = segkit_watershed_params_default();
        p.connectivity = c->conn;
        p.lines = c->lines;
        p.compactness = c->compact;
        for (int exact = 0; exact <= 1; exact++) {
            p.exact_ties = exact;
            segkit_image out;
            int st = segkit_watershed(c->dt ? &negedt : &coins, &markers,
                                      c->dt ? &mask : NULL, &p, &out);
            CHECKF(st == SEGKIT_OK, "%s: %s", c->file, segkit_strerror(st));
            if (st != SEGKIT_OK)
                continue;
            long d = ndiff_u16(&out, &want);
            if (exact) {
                CHECKF(d == 0, "%s (exact): %ld pixels differ from skimage",
                       c->file, d);
            } else {
                /* the raster tie rule: the heap engine with the markers'
                 * ages in raster order must give the same labels, and the
                 * difference to skimage is all of the tie rule's doing */
                segkit_image heap;
                CHECK(segkit_image_create(&heap, w, h, 1, SEGKIT_I32) == SEGKIT_OK);
                CHECK(ws_flood_engine(c->dt ? &negedt : &coins, &markers,
                                      c->dt ? &mask : NULL, &p, &heap, 1) ==
                      SEGKIT_OK);
                long e = ndiff(&out, heap.data, 0);
                CHECKF(e == 0, "%s: bucket and heap engines differ by %ld "
                       "pixels under the raster tie rule", c->file, e);
                printf("%s: raster ties: %ld pixels differ from skimage\n",
                       c->file, d);
                CHECKF(d <= (long)w * h / 500, "%s (raster ties): %ld pixels "
                       "differ from skimage", c->file, d);
                segkit_image_free(&heap);
            }
            segkit_image_free(&out);
        }
        segkit_image_free(&want);
    }
    segkit_image_free(&coins);
    segkit_image_free(&skm);
    segkit_image_free(&mask);
    segkit_image_free(&edt);
    segkit_image_free(&negedt);
    segkit_image_free(&markers);
}

static void test_args(void)
{
    uint8_t s[4] = {0};
    int32_t m[4] = {1, 0, 0, 0};
    segkit_image si, mi, out;
    segkit_image_wrap(&si, s, 2, 2, 1, SEGKIT_U8, 2);
    segkit_image_wrap(&mi, m, 2, 2, 1, SEGKIT_I32, 8);
    segkit_watershed_params p = segkit_watershed_params_default();
    CHECK(p.connectivity == 4 && p.compactness == 0 && !p.lines);
    CHECK(segkit_watershed(NULL, &mi, NULL, NULL, &out) == SEGKIT_ERR_ARG);
    CHECK(out.data == NULL);
    CHECK(segkit_watershed(&si, NULL, NULL, NULL, &out) == SEGKIT_ERR_ARG);
    CHECK(segkit_watershed(&si, &mi, NULL, NULL, NULL) == SEGKIT_ERR_ARG);
    p.connectivity = 6;
    CHECK(segkit_watershed(&si, &mi, NULL, &p, &out) == SEGKIT_ERR_ARG);
    p.connectivity = 4;
    p.compactness = -1;
    CHECK(segkit_watershed(&si, &mi, NULL, &p, &out) == SEGKIT_ERR_ARG);
    p.compactness = NAN;
    CHECK(segkit_watershed(&si, &mi, NULL, &p, &out) == SEGKIT_ERR_ARG);
    segkit_image mu8;
    segkit_image_wrap(&mu8, s, 2, 2, 1, SEGKIT_U8, 2);
    CHECK(segkit_watershed(&si, &mu8, NULL, NULL, &out) == SEGKIT_ERR_TYPE);
    segkit_image small;
    segkit_image_wrap(&small, m, 1, 2, 1, SEGKIT_I32, 4);
    CHECK(segkit_watershed(&si, &small, NULL, NULL, &out) == SEGKIT_ERR_SIZE);
    segkit_image rgb;
    uint8_t px[12] = {0};
    segkit_image_wrap(&rgb, px, 2, 2, 3, SEGKIT_U8, 6);
    CHECK(segkit_watershed(&rgb, &mi, NULL, NULL, &out) == SEGKIT_ERR_TYPE);
    /* one marker floods everything; no marker floods nothing */
    CHECK(segkit_watershed(&si, &mi, NULL, NULL, &out) == SEGKIT_OK);
    CHECK(count_label(&out, 1) == 4);
    segkit_image_free(&out);
    m[0] = 0;
    CHECK(segkit_watershed(&si, &mi, NULL, NULL, &out) == SEGKIT_OK);
    CHECK(count_label(&out, 0) == 4);
    segkit_image_free(&out);
}

/* Hand-worked: a float surface with -0, +0, NaN and infinities floods in
 * value order (NaN last): a 1x5 row, markers at both ends. */
static void test_float_order(void)
{
    float s[5] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY};
    int32_t m[5] = {1, 0, 0, 0, 2};
    segkit_image out;
    CHECK(run(s, SEGKIT_F32, m, 5, 1, NULL, 4, 0, 0, 0, &out) == SEGKIT_OK);
    /* 1 pops (0), labels -0 -> 1; 2 pops (-inf), labels inf -> 2;
     * -0 pops (0, before inf), its neighbour NaN is free -> 1. */
    static const int32_t want[5] = {1, 1, 1, 2, 2};
    CHECK(ndiff(&out, want, 0) == 0);
    segkit_image_free(&out);
}

int main(void)
{
    test_skimage_examples();
    test_skimage_properties();
    test_coins();
    test_args();
    test_float_order();
    return check_done();
}
