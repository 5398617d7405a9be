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

/* ---------------------------------------------------- overlapping discs */

/* Seven discs (centre x, y, radius), each overlapping one or two others by
 * centre distances of 0.8 - 0.87 (r1 + r2): the shared lens is under 10 %
 * of a disc, so a correct split has IoU >= 0.9 with every disc. */
static const double discs[7][3] = {
    {50, 50, 24}, {88, 62, 20}, {120, 40, 18}, {60, 100, 22},
    {150, 90, 26}, {195, 70, 20}, {110, 128, 21}};
enum { DW = 240, DH = 170 };

/* The discs image: 200 inside a disc, 40 outside, as u8, u16 (x257) or f32
 * (/255). */
static void make_discs(segkit_type t, segkit_image *img)
{
    segkit_image_create(img, DW, DH, 1, t);
    for (int y = 0; y < DH; y++) {
        void *r = segkit_image_row(img, y);
        for (int x = 0; x < DW; x++) {
            int in = 0;
            for (int k = 0; k < 7; k++) {
                double dx = x - discs[k][0], dy = y - discs[k][1];
                in |= dx * dx + dy * dy <= discs[k][2] * discs[k][2];
            }
            int v = in ? 200 : 40;
            if (t == SEGKIT_U8)
                ((uint8_t *)r)[x] = (uint8_t)v;
            else if (t == SEGKIT_U16)
                ((uint16_t *)r)[x] = (uint16_t)(v * 257);
            else
                ((float *)r)[x] = (float)v / 255.0f;
        }
    }
}

/* The tool's --threshold otsu --split pipeline: Otsu, fill holes, split. */
static int otsu_split(const segkit_image *img, segkit_image *labels, int32_t *n)
{
    segkit_histogram hist;
    segkit_histogram_options ho = segkit_histogram_options_default();
    segkit_threshold_params tp = segkit_threshold_params_default();
    double thr[SEGKIT_THRESHOLD_MAX];
    int count;
    segkit_image mask;
    if (segkit_histogram_compute(img, NULL, &ho, &hist) != SEGKIT_OK)
        return -1;
    int st = segkit_threshold_histogram(&hist, SEGKIT_THRESH_OTSU, &tp, thr, &count);
    segkit_histogram_free(&hist);
    if (st != SEGKIT_OK || segkit_threshold_apply(img, thr, 1, 0, &mask) != SEGKIT_OK)
        return -1;
    st = segkit_mask_fill_holes(&mask, 4);
    if (st == SEGKIT_OK)
        st = segkit_watershed_split(&mask, NULL, labels, n);
    segkit_image_free(&mask);
    return st;
}

static void test_discs(void)
{
    segkit_image img, lab8;
    int32_t n = 0;
    make_discs(SEGKIT_U8, &img);
    CHECK(otsu_split(&img, &lab8, &n) == SEGKIT_OK);
    CHECKF(n == 7, "discs: %d objects, want 7", (int)n);
    /* every disc: the object holding its centre has IoU >= 0.9 with it */
    int used[8] = {0};
    for (int k = 0; k < 7 && n == 7; k++) {
        int cx = (int)discs[k][0], cy = (int)discs[k][1];
        int32_t l = ((int32_t *)segkit_image_row(&lab8, cy))[cx];
        long inter = 0, uni = 0;
        for (int y = 0; y < DH; y++) {
            const int32_t *r = segkit_image_row(&lab8, y);
            for (int x = 0; x < DW; x++) {
                double dx = x - discs[k][0], dy = y - discs[k][1];
                int in = dx * dx + dy * dy <= discs[k][2] * discs[k][2];
                int obj = l > 0 && r[x] == l;
                inter += in && obj;
                uni += in || obj;
            }
        }
        double iou = uni ? (double)inter / uni : 0;
        CHECKF(l > 0 && iou >= 0.9, "disc %d: label %d, IoU %.3f", k, (int)l, iou);
        if (l > 0 && l <= 7)
            used[l]++;
    }
    for (int l = 1; l <= 7 && n == 7; l++)
        CHECKF(used[l] == 1, "object %d holds %d disc centres", l, used[l]);
    /* 16-bit x257 and float /255: the same labels */
    for (int t = 0; t < 2; t++) {
        segkit_image other, lab;
        int32_t m = 0;
        make_discs(t ? SEGKIT_F32 : SEGKIT_U16, &other);
        CHECK(otsu_split(&other, &lab, &m) == SEGKIT_OK);
        CHECKF(m == n && ndiff(&lab, lab8.data, 0) == 0, "discs %s: %d objects, "
               "%ld pixels differ from 8-bit", t ? "f32" : "u16", (int)m,
               ndiff(&lab, lab8.data, 0));
        segkit_image_free(&lab);
        segkit_image_free(&other);
    }
    segkit_image_free(&lab8);
    segkit_image_free(&img);
}

/* The watershed on the same surface as u8, u16 x257 and f32 gives the same
 * labels (coins, regional-minima markers of the inverted image). */
static void test_types_equal(void)
{
    segkit_image coins;
    if (!load("SEGKIT_DATA", "coins.png", &coins))
        return;
    segkit_image inv, mk, ref;
    int32_t n;
    CHECK(segkit_watershed_surface(&coins, SEGKIT_SURFACE_INVERT, &inv) == SEGKIT_OK);
    CHECK(segkit_watershed_markers_extrema(&inv, 10, 0, 8, NULL, &mk, &n) == SEGKIT_OK);
    CHECK(n > 10);
    CHECK(segkit_watershed(&inv, &mk, NULL, NULL, &ref) == SEGKIT_OK);
    for (int t = 0; t < 2; t++) {
        segkit_image s, out;
        segkit_image_create(&s, coins.width, coins.height, 1, t ? SEGKIT_F32 : SEGKIT_U16);
        for (int y = 0; y < coins.height; y++) {
            const uint8_t *a = segkit_image_row(&inv, y);
            void *b = segkit_image_row(&s, y);
            for (int x = 0; x < coins.width; x++) {
                if (t)
                    ((float *)b)[x] = a[x] / 255.0f;
                else
                    ((uint16_t *)b)[x] = (uint16_t)(a[x] * 257);
            }
        }
        CHECK(segkit_watershed(&s, &mk, NULL, NULL, &out) == SEGKIT_OK);
        CHECKF(ndiff(&out, ref.data, 0) == 0, "coins as %s differ from u8",
               t ? "f32" : "u16");
        segkit_image_free(&out);
        segkit_image_free(&s);
    }
    segkit_image_free(&coins);
    segkit_image_free(&inv);
    segkit_image_free(&mk);
    segkit_image_free(&ref);
}

/* Markers, worked by hand. */
static void test_markers(void)
{
    /* regional minima of a 1x7 row 3 1 1 4 0 2 0: plateaus {1,2}, {4}, {6} */
    uint8_t row[7] = {3, 1, 1, 4, 0, 2, 0};
    segkit_image r, mk;
    int32_t n;
    segkit_image_wrap(&r, row, 7, 1, 1, SEGKIT_U8, 7);
    CHECK(segkit_watershed_markers_extrema(&r, 0, 0, 4, NULL, &mk, &n) == SEGKIT_OK);
    static const int32_t want_min[7] = {0, 1, 1, 0, 2, 0, 3};
    CHECK(n == 3 && ndiff(&mk, want_min, 0) == 0);
    segkit_image_free(&mk);
    /* h-minima (img + h reconstructed by erosion, residue >= h): h = 4
     * drops the minimum 1 (it reaches the 0s over the 4: residue 3) and
     * keeps both 0s (residue 4); skimage agrees:
     *   mo.h_minima(np.array([[3,1,1,4,0,2,0]], np.uint8), 4,
     *               footprint=<cross>) -> [[0 0 0 0 1 0 1]] */
    CHECK(segkit_watershed_markers_extrema(&r, 4, 0, 4, NULL, &mk, &n) == SEGKIT_OK);
    static const int32_t want_h4[7] = {0, 0, 0, 0, 1, 0, 2};
    CHECKF(n == 2 && ndiff(&mk, want_h4, 0) == 0, "hmin 4: %d markers", (int)n);
    segkit_image_free(&mk);
    /* a mask drops the extrema outside it */
    uint8_t m[7] = {1, 1, 1, 1, 0, 1, 1};
    segkit_image mi;
    segkit_image_wrap(&mi, m, 7, 1, 1, SEGKIT_U8, 7);
    CHECK(segkit_watershed_markers_extrema(&r, 0, 0, 4, &mi, &mk, &n) == SEGKIT_OK);
    static const int32_t want_mask[7] = {0, 1, 1, 0, 0, 0, 2};
    CHECK(n == 2 && ndiff(&mk, want_mask, 0) == 0);
    segkit_image_free(&mk);
    /* fraction: values 0 1 2 3 4 5 6 (max 6), F = 0.5: > 3 -> {4, 5, 6} */
    uint8_t d[7] = {0, 1, 2, 3, 4, 5, 6};
    segkit_image di;
    segkit_image_wrap(&di, d, 7, 1, 1, SEGKIT_U8, 7);
    CHECK(segkit_watershed_markers_fraction(&di, 0.5, 8, &mk, &n) == SEGKIT_OK);
    static const int32_t want_f[7] = {0, 0, 0, 0, 1, 1, 1};
    CHECK(n == 1 && ndiff(&mk, want_f, 0) == 0);
    /* background: mask {3} dilated by radius 1 -> {2,3,4}; the rest -> 9 */
    uint8_t bm[7] = {0, 0, 0, 1, 0, 0, 0};
    segkit_image bi;
    segkit_image_wrap(&bi, bm, 7, 1, 1, SEGKIT_U8, 7);
    CHECK(segkit_watershed_markers_background(&mk, &bi, 1, 9) == SEGKIT_OK);
    static const int32_t want_bg[7] = {9, 9, 0, 0, 1, 9, 9};
    CHECK(ndiff(&mk, want_bg, 0) == 0);
    segkit_image_free(&mk);
    /* points: (x, y) rounded; outside -> ERR_ARG with its index */
    double xy[6] = {0.4, 0.6, 2.5, 1.0, 6.0, 0.0};
    size_t bad = 99;
    CHECK(segkit_watershed_markers_points(7, 2, xy, 3, &mk, &bad) == SEGKIT_OK);
    static const int32_t want_p[14] = {0, 0, 0, 0, 0, 0, 3, 1, 0, 0, 2, 0, 0, 0};
    CHECK(ndiff(&mk, want_p, 0) == 0);
    segkit_image_free(&mk);
    xy[3] = 1.6;
    CHECK(segkit_watershed_markers_points(7, 2, xy, 3, &mk, &bad) == SEGKIT_ERR_ARG);
    CHECK(bad == 1 && mk.data == NULL);
}

/* Surfaces, worked by hand. */
static void test_surfaces(void)
{
    /* a vertical step 0 | 10 in a 4x3 image: Sobel gx = 40 on the two
     * columns beside the step (replicated rows), gy = 0 */
    uint8_t px[12] = {0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10};
    segkit_image s, g;
    segkit_image_wrap(&s, px, 4, 3, 1, SEGKIT_U8, 4);
    CHECK(segkit_watershed_surface(&s, SEGKIT_SURFACE_GRADIENT, &g) == SEGKIT_OK);
    CHECK(g.type == SEGKIT_U16);
    const uint16_t *r = segkit_image_row(&g, 1);
    CHECK(r[0] == 0 && r[1] == 40 && r[2] == 40 && r[3] == 0);
    segkit_image_free(&g);
    /* the same step x257 (u16) and as floats: f32 magnitudes 40 x 257, 40 */
    uint16_t p16[12];
    float pf[12];
    for (int i = 0; i < 12; i++) {
        p16[i] = (uint16_t)(px[i] * 257);
        pf[i] = px[i];
    }
    segkit_image_wrap(&s, p16, 4, 3, 1, SEGKIT_U16, 8);
    CHECK(segkit_watershed_surface(&s, SEGKIT_SURFACE_GRADIENT, &g) == SEGKIT_OK);
    const float *rf = segkit_image_row(&g, 1);
    CHECK(g.type == SEGKIT_F32 && rf[0] == 0 && fabsf(rf[1] - 10280) < 1e-2f &&
          fabsf(rf[2] - 10280) < 1e-2f && rf[3] == 0);
    segkit_image_free(&g);
    segkit_image_wrap(&s, pf, 4, 3, 1, SEGKIT_F32, 16);
    CHECK(segkit_watershed_surface(&s, SEGKIT_SURFACE_GRADIENT, &g) == SEGKIT_OK);
    rf = segkit_image_row(&g, 1);
    CHECK(g.type == SEGKIT_F32 && rf[0] == 0 && fabsf(rf[1] - 40) < 1e-4f &&
          fabsf(rf[2] - 40) < 1e-4f && rf[3] == 0);
    segkit_image_free(&g);
    segkit_image_wrap(&s, px, 4, 3, 1, SEGKIT_U8, 4);
    CHECK(segkit_watershed_surface(&s, SEGKIT_SURFACE_INVERT, &g) == SEGKIT_OK);
    CHECK(((uint8_t *)g.data)[0] == 255 && ((uint8_t *)g.data)[2] == 245);
    segkit_image_free(&g);
    /* dt of a 1x5 mask 0 1 1 1 0: -EDT = 0 -1 -2 -1 0 */
    uint8_t m[5] = {0, 1, 1, 1, 0};
    segkit_image_wrap(&s, m, 5, 1, 1, SEGKIT_U8, 5);
    CHECK(segkit_watershed_surface(&s, SEGKIT_SURFACE_DT, &g) == SEGKIT_OK);
    const float *f = g.data;
    CHECK(g.type == SEGKIT_F32 && f[0] == 0 && f[1] == -1 && f[2] == -2 && f[3] == -1);
    segkit_image_free(&g);
    segkit_watershed_surface_kind k;
    CHECK(segkit_watershed_surface_parse("gradient", &k) == SEGKIT_OK &&
          k == SEGKIT_SURFACE_GRADIENT);
    CHECK(segkit_watershed_surface_parse("sobel", &k) == SEGKIT_ERR_ARG);
    CHECK(strcmp(segkit_watershed_surface_name(SEGKIT_SURFACE_DT), "dt") == 0);
}

/* segkit_watershed_split ranks -EDT by the integer squared distances; it
 * must give the partition the float surface gives: coins' Otsu mask, EDT,
 * split's markers (extended maxima, h 2, 8-connected), watershed of -EDT
 * (f32) in the mask, compared label for label up to the numbering. */
static void test_split_equals_float(void)
{
    segkit_image coins;
    if (!load("SEGKIT_DATA", "coins.png", &coins))
        return;
    int w = coins.width, h = coins.height;
    segkit_image mask, edt, neg, mk, ref, lab;
    int32_t n, m;
    segkit_image_create(&mask, w, h, 1, SEGKIT_U8);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            ((uint8_t *)segkit_image_row(&mask, y))[x] =
                ((uint8_t *)segkit_image_row(&coins, y))[x] > 107 ? 255 : 0;
    CHECK(segkit_distance_transform(&mask, NULL, &edt, NULL) == SEGKIT_OK);
    CHECK(segkit_watershed_surface(&mask, SEGKIT_SURFACE_DT, &neg) == SEGKIT_OK);
    CHECK(ws_extended_maxima(&edt, 2, 8, &mask, &mk, &n) == SEGKIT_OK);
    segkit_watershed_params wp = segkit_watershed_params_default();
    wp.connectivity = 8;
    CHECK(segkit_watershed(&neg, &mk, &mask, &wp, &ref) == SEGKIT_OK);
    CHECK(segkit_watershed_split(&mask, NULL, &lab, NULL) == SEGKIT_OK); /* count may be NULL */
    segkit_image_free(&lab);
    segkit_watershed_split_params sp = segkit_watershed_split_params_default();
    sp.h = 2;           /* fixed, every component kept, none removed */
    sp.keep_all = 1;
    sp.min_size = 0;
    CHECK(segkit_watershed_split(&mask, &sp, &lab, &m) == SEGKIT_OK);
    /* the components without an extended maximum (small specks) get one
     * seed each on top of the markers; the rest must match */
    CHECKF(m > n, "split: %d objects, markers %d", (int)m, (int)n);
    int32_t *to = calloc((size_t)m + 1, sizeof *to);
    long bad = 0;
    for (int y = 0; y < h && to; y++) {
        const int32_t *a = segkit_image_row(&lab, y), *b = segkit_image_row(&ref, y);
        for (int x = 0; x < w; x++) {
            if (b[x] == 0)    /* background, or a speck split seeded */
                continue;
            if (a[x] <= 0 || a[x] > m) {
                bad++;
                continue;
            }
            if (a[x] && !to[a[x]])
                to[a[x]] = b[x];
            bad += a[x] && to[a[x]] != b[x];
        }
    }
    CHECKF(bad == 0, "split and the float flooding differ at %ld pixels", bad);
    free(to);
    segkit_image *imgs[] = {&coins, &mask, &edt, &neg, &mk, &ref, &lab};
    for (size_t i = 0; i < sizeof imgs / sizeof *imgs; i++)
        segkit_image_free(imgs[i]);
}

/* Random masks: a few overlapping discs and ellipses of radius 2-14, specks
 * and holes (an LCG, so the same every run). */
static void random_mask(unsigned seed, int w, int h, segkit_image *mask)
{
    uint32_t r = seed * 2654435761u + 1;
#define RND(n) ((r = r * 1664525u + 1013904223u), (int)((r >> 8) % (unsigned)(n)))
    segkit_image_create(mask, w, h, 1, SEGKIT_U8);
    int nd = 3 + RND(12);
    for (int k = 0; k < nd + 20; k++) {
        int cx = RND(w), cy = RND(h), a = 2 + RND(13), b = k < nd ? a : 1 + RND(3);
        int val = k < nd || k % 2 ? 255 : 0;   /* discs; then specks, holes */
        if (k >= nd)
            a = 1 + RND(3);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double dx = (double)(x - cx) / a, dy = (double)(y - cy) / b;
                if (dx * dx + dy * dy <= 1)
                    ((uint8_t *)segkit_image_row(mask, y))[x] = (uint8_t)val;
            }
    }
#undef RND
}

/* segkit_watershed_split's integer path against the general one built from
 * its float pieces: the markers straight from the squared EDT
 * (ws_extended_maxima_d2) must be the regional maxima of the
 * reconstruction of EDT - h under EDT (ws_extended_maxima, through
 * segkit_morph_reconstruct), pixel for pixel with the same numbers; and
 * the split with a fixed h (nothing removed) must be the float watershed
 * of -EDT from those markers, objects numbered by segkit_label. */
static void test_split_integer_path(void)
{
    static const double hs[] = {1, 1.5, 2, 2.5, 3.7, 6};
    long bad_mk = 0, bad_lab = 0, cases = 0, split_cases = 0;
    for (unsigned seed = 0; seed < 60; seed++) {
        segkit_image mask, edt;
        random_mask(seed, 40 + (int)(seed * 7 % 61), 30 + (int)(seed * 5 % 43), &mask);
        int w = mask.width, hh = mask.height;
        CHECK(segkit_distance_transform(&mask, NULL, &edt, NULL) == SEGKIT_OK);
        uint32_t *d2 = malloc((size_t)w * hh * sizeof *d2);
        float emax = 0;
        for (int y = 0; y < hh; y++)
            for (int x = 0; x < w; x++) {
                float e = ((float *)segkit_image_row(&edt, y))[x];
                d2[(size_t)y * w + x] = (uint32_t)lrint((double)e * e);
                emax = e > emax ? e : emax;
            }
        for (size_t hi = 0; hi < sizeof hs / sizeof *hs; hi++)
            for (int conn = 4; conn <= 8; conn += 4) {
                if (!((float)(emax - hs[hi]) > 0))
                    continue;   /* no dome that high: not the integer path */
                segkit_image ref, fast;
                int32_t nref = -1, nfast = -2;
                CHECK(ws_extended_maxima(&edt, hs[hi], conn, &mask, &ref, &nref) ==
                      SEGKIT_OK);
                CHECK(segkit_image_create(&fast, w, hh, 1, SEGKIT_I32) == SEGKIT_OK);
                CHECK(ws_extended_maxima_d2(d2, hs[hi], conn, &fast, &nfast) ==
                      SEGKIT_OK);
                cases++;
                bad_mk += nref != nfast;
                for (int y = 0; y < hh; y++)
                    bad_mk += memcmp(segkit_image_row(&ref, y), segkit_image_row(&fast, y),
                                     (size_t)w * 4) != 0;
                for (int lines = 0; lines < 2; lines++) {
                    segkit_image neg, fl, want, got;
                    int32_t nwant, ngot;
                    segkit_watershed_params wp = segkit_watershed_params_default();
                    wp.connectivity = conn;
                    wp.lines = lines;
                    CHECK(segkit_watershed_surface(&mask, SEGKIT_SURFACE_DT, &neg) ==
                          SEGKIT_OK);
                    CHECK(segkit_watershed(&neg, &ref, &mask, &wp, &fl) == SEGKIT_OK);
                    segkit_label_params lp = segkit_label_params_default();
                    lp.connectivity = 8;
                    lp.mode = SEGKIT_LABEL_VALUES;
                    CHECK(segkit_label(&fl, &lp, &want, &nwant, NULL) == SEGKIT_OK);
                    segkit_watershed_split_params sp = segkit_watershed_split_params_default();
                    sp.h = hs[hi];
                    sp.min_size = 0;
                    sp.connectivity = conn;
                    sp.lines = lines;
                    CHECK(segkit_watershed_split(&mask, &sp, &got, &ngot) == SEGKIT_OK);
                    split_cases++;
                    bad_lab += nwant != ngot;
                    for (int y = 0; y < hh; y++)
                        bad_lab += memcmp(segkit_image_row(&want, y),
                                          segkit_image_row(&got, y), (size_t)w * 4) != 0;
                    segkit_image *im[] = {&neg, &fl, &want, &got};
                    for (size_t i = 0; i < 4; i++)
                        segkit_image_free(im[i]);
                }
                segkit_image_free(&ref);
                segkit_image_free(&fast);
            }
        free(d2);
        segkit_image_free(&mask);
        segkit_image_free(&edt);
    }
    CHECKF(cases > 500, "only %ld marker cases", cases);
    CHECKF(bad_mk == 0, "integer markers differ from the reconstruction's: %ld rows/counts "
           "over %ld cases", bad_mk, cases);
    CHECKF(bad_lab == 0, "integer split differs from the float pieces: %ld rows/counts over "
           "%ld cases", bad_lab, split_cases);
}

int main(void)
{
    test_skimage_examples();
    test_skimage_properties();
    test_coins();
    test_args();
    test_float_order();
    test_discs();
    test_types_equal();
    test_markers();
    test_surfaces();
    test_split_equals_float();
    test_split_integer_path();
    return check_done();
}
