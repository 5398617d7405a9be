/* src/export: contours, Douglas-Peucker, COCO RLE (counts and compressed
 * strings), COCO / GeoJSON / SVG export and import.
 *
 * Expected values are worked out by hand (the tracing rules: pixel-edge
 * rings, object on the right-hand side, vertices at turns; maskApi.c's
 * rleEncode / rleToString for RLE), or published by other projects (cited
 * beside each string). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "export/export_internal.h"
#include "segkit/export.h"
#include "segkit/segkit.h"

/* A label image from a string of digits, one row per line. */
static segkit_image labels_from(const char *rows, int w, int h)
{
    segkit_image img;
    if (segkit_image_create(&img, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
        abort();
    const char *p = rows;
    for (int y = 0; y < h; y++) {
        int32_t *r = segkit_image_row(&img, y);
        for (int x = 0; x < w; x++) {
            while (*p == ' ' || *p == '\n')
                p++;
            r[x] = *p++ - '0';
        }
    }
    return img;
}

static int same_ring(const segkit_contours *c, size_t i, const int32_t *xy, size_t n)
{
    if (i >= c->count || c->items[i].count != n)
        return 0;
    return memcmp(&c->xy[2 * c->items[i].first], xy, 2 * n * sizeof *xy) == 0;
}

static int same_counts(const segkit_rle *r, const uint32_t *c, size_t n)
{
    return r->count == n && memcmp(r->counts, c, n * sizeof *c) == 0;
}

static int same_labels(const segkit_image *a, const segkit_image *b)
{
    if (a->width != b->width || a->height != b->height)
        return 0;
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y),
                   (size_t)a->width * 4) != 0)
            return 0;
    return 1;
}

/* Shoelace area of a ring (pixel units). */
static double ring_area(const segkit_contours *c, size_t i)
{
    const int32_t *v = &c->xy[2 * c->items[i].first];
    size_t n = c->items[i].count;
    double a = 0;
    for (size_t k = 0; k < n; k++) {
        size_t j = (k + 1) % n;
        a += (double)v[2 * k] * v[2 * j + 1] - (double)v[2 * j] * v[2 * k + 1];
    }
    return a / 2;
}

/* ------------------------------------------------ hand-worked masks */

static void test_diagonal(void)
{
    /* a 1-pixel-wide diagonal: one 8-connected object, no hole (the two
     * background triangles touch the border) */
    segkit_image l = labels_from("1000 0100 0010 0001", 4, 4);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    CHECK(c.count == 1);
    /* traced from corner (0,0) east, object on the right; the ring passes
     * twice through the corners the pixels share */
    static const int32_t ring[] = {1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 4, 3, 4, 4,
                                   3, 4, 3, 3, 2, 3, 2, 2, 1, 2, 1, 1, 0, 1, 0, 0};
    CHECK(same_ring(&c, 0, ring, 16));
    CHECK(c.count == 1 && c.items[0].label == 1 && !c.items[0].hole &&
          c.items[0].parent == -1);
    CHECK(c.count == 1 && ring_area(&c, 0) == 4); /* clockwise on screen: +4 */
    segkit_contours_free(&c);

    /* RLE, column-major: pixels 0, 5, 10, 15 of 16 */
    segkit_rle r;
    static const uint32_t counts[] = {0, 1, 4, 1, 4, 1, 4, 1};
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK);
    CHECK(same_counts(&r, counts, 8));
    char *s = NULL;
    /* rleToString: 0, 1, 4 as they are, then differences to the count two
     * before: 1-1, 4-4, 1-1, 4-4, 1-1 = 0 */
    CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK && s && strcmp(s, "01400000") == 0);
    CHECK(segkit_rle_area(&r) == 4);
    int bb[4];
    segkit_rle_bbox(&r, bb);
    CHECK(bb[0] == 0 && bb[1] == 0 && bb[2] == 4 && bb[3] == 4);
    free(s);
    segkit_rle_free(&r);
    segkit_image_free(&l);
}

static void test_ring(void)
{
    segkit_image l = labels_from("00000 01110 01010 01110 00000", 5, 5);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    CHECK(c.count == 2);
    static const int32_t outer[] = {4, 1, 4, 4, 1, 4, 1, 1};
    static const int32_t hole[] = {2, 3, 3, 3, 3, 2, 2, 2};
    CHECK(same_ring(&c, 0, outer, 4));
    CHECK(same_ring(&c, 1, hole, 4));
    CHECK(c.count == 2 && !c.items[0].hole && c.items[1].hole &&
          c.items[0].parent == -1 && c.items[1].parent == 0);
    CHECK(c.count == 2 && ring_area(&c, 0) == 9 && ring_area(&c, 1) == -1);
    segkit_contours_free(&c);

    segkit_rle r;
    /* column 1: pixels 6-8; column 2: 11 and 13; column 3: 16-18 */
    static const uint32_t counts[] = {6, 3, 2, 1, 1, 1, 2, 3, 6};
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK);
    CHECK(same_counts(&r, counts, 9));
    char *s = NULL;
    /* 6 3 2, then 1-3=-2 -> 'N' (30+48), 1-2=-1 -> 'O', 1-1=0, 2-1=1,
     * 3-1=2, 6-2=4 */
    CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK && s && strcmp(s, "632NO0124") == 0);
    free(s);
    segkit_rle_free(&r);
    segkit_image_free(&l);
}

static void test_borders(void)
{
    /* a plus touching every border of a 3x3 image */
    segkit_image l = labels_from("010 111 010", 3, 3);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    static const int32_t ring[] = {2, 0, 2, 1, 3, 1, 3, 2, 2, 2, 2, 3,
                                   1, 3, 1, 2, 0, 2, 0, 1, 1, 1, 1, 0};
    CHECK(c.count == 1 && same_ring(&c, 0, ring, 12) && ring_area(&c, 0) == 5);
    segkit_contours_free(&c);
    segkit_rle r;
    static const uint32_t counts[] = {1, 1, 1, 3, 1, 1, 1};
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK && same_counts(&r, counts, 7));
    segkit_rle_free(&r);
    segkit_image_free(&l);

    /* a frame filling the border, hole in the middle */
    l = labels_from("111 101 111", 3, 3);
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    static const int32_t outer[] = {3, 0, 3, 3, 0, 3, 0, 0};
    static const int32_t hole[] = {1, 2, 2, 2, 2, 1, 1, 1};
    CHECK(c.count == 2 && same_ring(&c, 0, outer, 4) && same_ring(&c, 1, hole, 4));
    CHECK(c.count == 2 && c.items[1].hole && c.items[1].parent == 0);
    segkit_contours_free(&c);
    static const uint32_t fcounts[] = {0, 4, 1, 4};
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK && same_counts(&r, fcounts, 4));
    segkit_rle_free(&r);
    segkit_image_free(&l);
}

static void test_empty_full(void)
{
    segkit_image l = labels_from("000 000", 3, 2);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK && c.count == 0 && c.npoints == 0);
    segkit_contours_free(&c);
    segkit_rle r;
    char *s = NULL;
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK && r.count == 1 && r.counts[0] == 6);
    CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK && s && strcmp(s, "6") == 0);
    CHECK(segkit_rle_area(&r) == 0);
    free(s);
    segkit_rle_free(&r);
    segkit_image_free(&l);

    l = labels_from("111 111", 3, 2);
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    static const int32_t ring[] = {3, 0, 3, 2, 0, 2, 0, 0};
    CHECK(c.count == 1 && same_ring(&c, 0, ring, 4));
    segkit_contours_free(&c);
    static const uint32_t full[] = {0, 6};
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK && same_counts(&r, full, 2));
    CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK && s && strcmp(s, "06") == 0);
    int bb[4];
    segkit_rle_bbox(&r, bb);
    CHECK(bb[0] == 0 && bb[1] == 0 && bb[2] == 3 && bb[3] == 2);
    free(s);
    segkit_rle_free(&r);
    segkit_image_free(&l);
}

static void test_hierarchy(void)
{
    /* label 1: a ring with an island of label 1 in its hole (RETR_TREE:
     * outer -> hole -> island); label 2 touching the ring from the right
     * is outlined on its own */
    segkit_image l = labels_from("0000000 0111112 0100012 0101012 0100012 0111112 0000000",
                                 7, 7);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    /* label 1 in scan order: ring (row 1, col 1), hole (row 2, col 2),
     * island (row 3, col 3); then label 2 */
    CHECK(c.count == 4);
    if (c.count == 4) {
        CHECK(c.items[0].label == 1 && !c.items[0].hole && c.items[0].parent == -1);
        CHECK(c.items[1].label == 1 && c.items[1].hole && c.items[1].parent == 0);
        CHECK(c.items[2].label == 1 && !c.items[2].hole && c.items[2].parent == 1);
        CHECK(c.items[3].label == 2 && !c.items[3].hole && c.items[3].parent == -1);
        CHECK(ring_area(&c, 0) == 25 && ring_area(&c, 1) == -9 &&
              ring_area(&c, 2) == 1 && ring_area(&c, 3) == 5);
    }
    segkit_contours_free(&c);
    segkit_image_free(&l);

    /* labels whose boxes add up to more than twice the image (49 + 49 + 4
     * > 98): the one-scan path, then label order; label 2's ring has the
     * label-1 pixel in its corner (outside it: area 8) */
    l = labels_from("1110002 1010000 1110000 0003000 0000222 0000202 2003221", 7, 7);
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    CHECK(c.count == 9);
    if (c.count == 9) {
        static const int32_t lab[9] = {1, 1, 1, 2, 2, 2, 2, 3, 3};
        static const int32_t hole[9] = {0, 1, 0, 0, 0, 1, 0, 0, 0};
        static const int32_t par[9] = {-1, 0, -1, -1, -1, 4, -1, -1, -1};
        static const double area[9] = {9, -1, 1, 1, 8, -1, 1, 1, 1};
        for (int i = 0; i < 9; i++)
            CHECKF(c.items[i].label == lab[i] && c.items[i].hole == hole[i] &&
                   c.items[i].parent == par[i] && ring_area(&c, (size_t)i) == area[i],
                   "border %d: label %d hole %d parent %d area %g", i, c.items[i].label,
                   c.items[i].hole, c.items[i].parent, ring_area(&c, (size_t)i));
    }
    segkit_contours_free(&c);
    segkit_image_free(&l);
}

/* ------------------------------------------------ compressed strings */

static void test_string_codec(void)
{
    /* hand-worked groups: 100 = 4 + 3*32 -> 'T' (4|0x20 + 48) '3';
     * -5 -> 27 with the sign bit -> 'K' */
    uint32_t big[] = {100, 6, 1, 1}; /* the last one is 1 - 6 = -5 */
    segkit_rle rb = {108, 1, 4, big};
    char *s = NULL;
    CHECK(segkit_rle_to_string(&rb, &s) == SEGKIT_OK && s && strcmp(s, "T361K") == 0);
    segkit_rle back;
    CHECK(s && segkit_rle_from_string(s, strlen(s), 108, 1, &back) == SEGKIT_OK &&
          same_counts(&back, big, 4));
    segkit_rle_free(&back);
    free(s);
    /* refusals: a character outside '0'..'o', a count cut short, counts not
     * adding up to h * w */
    CHECK(segkit_rle_from_string("06p", 3, 2, 3, &back) == SEGKIT_ERR_CORRUPT);
    CHECK(segkit_rle_from_string("0T", 2, 2, 3, &back) == SEGKIT_ERR_CORRUPT);
    CHECK(segkit_rle_from_string("05", 2, 2, 3, &back) == SEGKIT_ERR_CORRUPT);
    CHECK(segkit_rle_from_string("0o", 2, 2, 3, &back) == SEGKIT_ERR_CORRUPT);
    CHECK(back.counts == NULL);
}

/* A random label image: blobs of labels 1..nlab on noise, some pixels
 * negative (background too). */
static segkit_image random_labels(int w, int h, int nlab, unsigned seed)
{
    segkit_image img;
    if (segkit_image_create(&img, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
        abort();
    uint32_t s = seed * 2654435761u + 1;
    for (int y = 0; y < h; y++) {
        int32_t *r = segkit_image_row(&img, y);
        for (int x = 0; x < w; x++) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            int v = (int)(s % 7u);
            r[x] = v < 3 ? 0 : v == 3 ? -1 : (int32_t)(1 + (x / 3 + y / 4 + (int)(s >> 8) % 2) % nlab);
        }
    }
    return img;
}

static void test_rle_round_trip(void)
{
    for (unsigned seed = 1; seed <= 20; seed++) {
        int w = 1 + (int)(seed * 7 % 23), h = 1 + (int)(seed * 5 % 19);
        segkit_image l = random_labels(w, h, 4, seed), back;
        CHECK(segkit_image_create(&back, w, h, 1, SEGKIT_I32) == SEGKIT_OK);
        /* every label through RLE and the compressed string, painted back */
        for (int32_t v = 1; v <= 4; v++) {
            segkit_rle r, r2;
            char *s = NULL;
            CHECK(segkit_rle_encode(&l, v, &r) == SEGKIT_OK);
            CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK);
            CHECK(segkit_rle_from_string(s, strlen(s), h, w, &r2) == SEGKIT_OK);
            CHECK(r2.count == r.count && same_counts(&r2, r.counts, r.count));
            CHECK(segkit_rle_paint(&r2, &back, v) == SEGKIT_OK);
            free(s);
            segkit_rle_free(&r);
            segkit_rle_free(&r2);
        }
        /* all at once: the same counts as one by one */
        segkit_rle *all;
        int32_t *vals;
        size_t n;
        CHECK(segkit_rle_encode_all(&l, &all, &vals, &n) == SEGKIT_OK);
        for (size_t i = 0; i < n; i++) {
            segkit_rle one;
            CHECK(segkit_rle_encode(&l, vals[i], &one) == SEGKIT_OK);
            CHECKF(same_counts(&all[i], one.counts, one.count), "seed %u label %d", seed, vals[i]);
            segkit_rle_free(&one);
            segkit_rle_free(&all[i]);
        }
        free(all);
        free(vals);
        for (int y = 0; y < h; y++) { /* negative labels are background */
            int32_t *row = segkit_image_row(&l, y);
            for (int x = 0; x < w; x++)
                row[x] = row[x] < 0 ? 0 : row[x];
        }
        CHECKF(same_labels(&l, &back), "seed %u", seed);
        segkit_image_free(&l);
        segkit_image_free(&back);
    }
}

/* ------------------------------------------------ published strings */

static void test_published(void)
{
    /* hoel-bagard/cocotools-rs, rpycocotools/tests/test_mask.py
     * (test_convert_mask): RLE(size=[4,4], counts=[5, 2, 2, 2, 5]) encodes
     * to COCO_RLE(size=[4,4], counts="52203"), i.e. the 2x2 square at rows
     * 1-2, columns 1-2 (area 4, COCO bbox [1, 1, 2, 2]) */
    segkit_rle r;
    static const uint32_t c44[] = {5, 2, 2, 2, 5};
    CHECK(segkit_rle_from_string("52203", 5, 4, 4, &r) == SEGKIT_OK && same_counts(&r, c44, 5));
    CHECK(segkit_rle_area(&r) == 4);
    int bb[4];
    segkit_rle_bbox(&r, bb);
    CHECK(bb[0] == 1 && bb[1] == 1 && bb[2] == 2 && bb[3] == 2);
    segkit_rle_free(&r);
    segkit_image l = labels_from("0000 0110 0110 0000", 4, 4);
    char *s = NULL;
    CHECK(segkit_rle_encode(&l, 1, &r) == SEGKIT_OK && segkit_rle_to_string(&r, &s) == SEGKIT_OK &&
          s && strcmp(s, "52203") == 0);
    free(s);
    segkit_rle_free(&r);
    segkit_image_free(&l);

    /* the same file (test_decode_rle): RLE(size=[7,7], counts=[15, 5, 2, 5,
     * 2, 5, 15]) is the mask with ones at rows 1-5, columns 2-4 */
    const char *json = "[{\"id\": 3, \"segmentation\": {\"size\": [7, 7], "
                       "\"counts\": [15, 5, 2, 5, 2, 5, 15]}}]";
    segkit_import_params ip = segkit_import_params_default();
    ip.width = ip.height = 7;
    segkit_image got;
    segkit_import_error err;
    CHECK(segkit_import_coco(json, strlen(json), &ip, &got, &err) == SEGKIT_OK);
    l = labels_from("0000000 0033300 0033300 0033300 0033300 0033300 0000000", 7, 7);
    CHECK(got.data && same_labels(&got, &l));
    segkit_image_free(&got);
    segkit_image_free(&l);

    /* armengot/COCOtoolsFORK, python/README.md (commit 3b137b9): a 50 x 70
     * mask encoded by pycocotools (encode(np.asfortranarray(mask))), its
     * compressed string published in full.  Its counts must add up to
     * 50 * 70 = 3500 (segkit_rle_from_string checks), and rleToString of
     * those counts must give back pycocotools' very string. */
    static const char pub[] =
        "0g05b08J4M2N2NA^O1`0OCO=0E090H080IO68DH;>@C>a0_O_O`0j0OWOF<:CM72I24NL43JM92FN;1ENKO72L0LO91J0"
        "MO92INO0NO122OO0M031O000NO31OO11MO40N011MO41MO21L06OL021L06OL021L06OL021L060J040L060J040L060J0"
        "40L060J040L060J040L060J040L060KO31L060KO31L06OL021L06OL021L06OL021MO41MO21MO40N100NO310O00M0310"
        "O00NO1220NO92IONO91KOMO72M0<1EO:2GN63KM34OLM73JF<;=1G_O_Ob0=AC`07EH=1IO71H090F0:1DO>1_O1b0>2N2"
        "N3L6H]O";
    s = NULL;
    CHECK(segkit_rle_from_string(pub, strlen(pub), 50, 70, &r) == SEGKIT_OK);
    CHECK(segkit_rle_to_string(&r, &s) == SEGKIT_OK && s && strcmp(s, pub) == 0);
    free(s);
    segkit_rle_free(&r);
    /* one character changed ('g' -> 'h': a count one larger) no longer adds up */
    char bad[sizeof pub];
    memcpy(bad, pub, sizeof pub);
    bad[1] = 'h';
    CHECK(segkit_rle_from_string(bad, strlen(bad), 50, 70, &r) == SEGKIT_ERR_CORRUPT);
}

/* ------------------------------------------------ simplify */

static void test_simplify(void)
{
    segkit_image l = labels_from("1000 0100 0010 0001", 4, 4);
    segkit_contours c;
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    /* tolerance 0: unchanged */
    CHECK(segkit_contours_simplify(&c, 0) == SEGKIT_OK && c.count == 1 && c.items[0].count == 16);
    /* tolerance 1 (worked by hand): cut at (1,0) and the farthest vertex
     * (4,4); the first half stays within 0.6 of its chord; in the second,
     * (0,1) is 1.4 from the chord (4,4)-(1,0) and is kept, the rest is
     * within 1 */
    CHECK(segkit_contours_simplify(&c, 1.0) == SEGKIT_OK);
    static const int32_t tri[] = {1, 0, 4, 4, 0, 1};
    CHECK(c.count == 1 && same_ring(&c, 0, tri, 3) && c.npoints == 3);
    /* a ring that would drop below 3 vertices stays as it was */
    segkit_contours_free(&c);
    segkit_image_free(&l);
    l = labels_from("010 000", 3, 2);
    CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
    CHECK(segkit_contours_simplify(&c, 10) == SEGKIT_OK && c.count == 1 && c.items[0].count == 4);
    CHECK(segkit_contours_simplify(&c, -1) == SEGKIT_ERR_ARG);
    CHECK(segkit_contours_simplify(&c, NAN) == SEGKIT_ERR_ARG);
    segkit_contours_free(&c);
    segkit_image_free(&l);
}

/* ------------------------------------------------ export -> import */

static void zero_negative(segkit_image *l)
{
    for (int y = 0; y < l->height; y++) {
        int32_t *row = segkit_image_row(l, y);
        for (int x = 0; x < l->width; x++)
            row[x] = row[x] < 0 ? 0 : row[x];
    }
}

static void test_round_trips(void)
{
    for (unsigned seed = 1; seed <= 30; seed++) {
        int w = 1 + (int)(seed * 11 % 29), h = 1 + (int)(seed * 7 % 31);
        segkit_image l = random_labels(w, h, 5, seed), back;
        segkit_import_params ip = segkit_import_params_default();
        ip.width = w;
        ip.height = h;
        segkit_export_params ep = segkit_export_params_default();
        char *text;
        size_t len;
        segkit_import_error err;
        segkit_image ref;
        CHECK(segkit_image_copy(&l, &ref) == SEGKIT_OK);
        zero_negative(&ref);
        for (int m = 0; m < 3; m++) {
            ep.segmentation = (segkit_coco_segm)m;
            CHECK(segkit_export_coco(&l, &ep, &text, &len) == SEGKIT_OK);
            int st = segkit_import_coco(text, len, &ip, &back, &err);
            CHECKF(st == SEGKIT_OK, "seed %u mode %d: %s", seed, m, err.message);
            CHECKF(st == SEGKIT_OK && same_labels(&back, &ref), "seed %u COCO mode %d", seed, m);
            segkit_image_free(&back);
            free(text);
        }
        /* GeoJSON, identity and a mirroring transform (north-up geo) */
        static const double tr[6] = {0.5, 0, 100, 0, -0.25, 200};
        for (int t = 0; t < 2; t++) {
            if (t) {
                memcpy(ep.transform, tr, sizeof tr);
                memcpy(ip.transform, tr, sizeof tr);
            }
            CHECK(segkit_export_geojson(&l, &ep, &text, &len) == SEGKIT_OK);
            int st = segkit_import_geojson(text, len, &ip, &back, &err);
            CHECKF(st == SEGKIT_OK, "seed %u: %s", seed, err.message);
            CHECKF(st == SEGKIT_OK && same_labels(&back, &ref), "seed %u GeoJSON %d", seed, t);
            segkit_image_free(&back);
            free(text);
        }
        segkit_image_free(&ref);
        segkit_image_free(&l);
    }
}

static void test_export_text(void)
{
    /* the ring with a hole: COCO polygons list both rings; GeoJSON closes
     * each ring; the bbox and area are the pixels' */
    segkit_image l = labels_from("00000 01110 01010 01110 00000", 5, 5);
    segkit_export_params ep = segkit_export_params_default();
    ep.segmentation = SEGKIT_COCO_POLYGON;
    char *text = NULL;
    size_t len;
    CHECK(segkit_export_coco(&l, &ep, &text, &len) == SEGKIT_OK);
    CHECK(text && strstr(text, "\"area\": 8, \"bbox\": [1, 1, 3, 3], "
                               "\"segmentation\": [[4, 1, 4, 4, 1, 4, 1, 1], "
                               "[2, 3, 3, 3, 3, 2, 2, 2]]"));
    free(text);
    ep.segmentation = SEGKIT_COCO_RLE;
    CHECK(segkit_export_coco(&l, &ep, &text, &len) == SEGKIT_OK);
    CHECK(text && strstr(text, "{\"size\": [5, 5], \"counts\": \"632NO0124\"}"));
    free(text);
    CHECK(segkit_export_geojson(&l, &ep, &text, &len) == SEGKIT_OK);
    CHECK(text && strstr(text, "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                               "[[[4, 1], [4, 4], [1, 4], [1, 1], [4, 1]], "
                               "[[2, 3], [3, 3], [3, 2], [2, 2], [2, 3]]]}"));
    free(text);
    CHECK(segkit_export_svg(&l, &ep, &text, &len) == SEGKIT_OK);
    CHECK(text && strstr(text, "<path data-label=\"1\" fill-rule=\"evenodd\" "
                               "d=\"M4 1 L4 4 L1 4 L1 1 Z M2 3 L3 3 L3 2 L2 2 Z\"/>"));
    free(text);
    segkit_image_free(&l);
}

static void test_import_errors(void)
{
    segkit_import_params ip = segkit_import_params_default();
    ip.width = 4;
    ip.height = 3;
    segkit_image got;
    segkit_import_error err;
    struct {
        const char *text;
        int status;
        const char *message;
    } cases[] = {
        {"{\"annotations\": [", SEGKIT_ERR_CORRUPT, "line 1, column 18: unexpected end"},
        {"{\"annotations\": []}x", SEGKIT_ERR_CORRUPT, "text after the JSON value"},
        {"[1, 2,]", SEGKIT_ERR_CORRUPT, "line 1, column 7: invalid number"},
        {"{\"a\" 1}", SEGKIT_ERR_CORRUPT, "expected ':'"},
        {"\"\\ud800\"", SEGKIT_ERR_CORRUPT, "unpaired surrogate"},
        {"\"\xff\"", SEGKIT_ERR_CORRUPT, "invalid UTF-8"},
        {"[01]", SEGKIT_ERR_CORRUPT, "expected ',' or ']'"},
        {"{\"images\": []}", SEGKIT_ERR_UNSUPPORTED, "no \"annotations\""},
        {"[{\"segmentation\": {\"size\": [3, 5], \"counts\": \"?\"}}]", SEGKIT_ERR_CORRUPT,
         "differs from the image's 4x3"},
        {"[{\"segmentation\": {\"size\": [3, 4], \"counts\": [1, 2]}}]", SEGKIT_ERR_CORRUPT,
         "do not add up"},
        {"[{\"segmentation\": [[0, 0, 1]]}]", SEGKIT_ERR_CORRUPT, "at least 3 x, y pairs"},
        {"[{\"image_id\": 1, \"segmentation\": []}, {\"image_id\": 2, \"segmentation\": []}]",
         SEGKIT_ERR_CORRUPT, "several images"},
        {"{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1]]]}}",
         SEGKIT_ERR_CORRUPT, "a ring is not a list"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int geo = strstr(cases[i].text, "\"type\"") != NULL;
        int st = geo ? segkit_import_geojson(cases[i].text, strlen(cases[i].text), &ip, &got, &err)
                     : segkit_import_coco(cases[i].text, strlen(cases[i].text), &ip, &got, &err);
        CHECKF(st == cases[i].status && strstr(err.message, cases[i].message) && !got.data,
               "case %zu: status %d, '%s'", i, st, err.message);
    }
    /* nesting past the limit */
    char deep[200];
    memset(deep, '[', sizeof deep);
    ip.max_depth = 64;
    CHECK(segkit_import_coco(deep, sizeof deep, &ip, &got, &err) == SEGKIT_ERR_TOO_LARGE &&
          strstr(err.message, "nested too deeply"));
    /* image_id picks one image's annotations; id = label */
    const char *two = "[{\"id\": 7, \"image_id\": 1, \"segmentation\": [[0, 0, 1, 0, 1, 1, 0, 1]]},"
                      " {\"id\": 9, \"image_id\": 2, \"segmentation\": [[3, 2, 4, 2, 4, 3, 3, 3]]}]";
    ip.image_id = 2;
    CHECK(segkit_import_coco(two, strlen(two), &ip, &got, &err) == SEGKIT_OK);
    segkit_image want = labels_from("0000 0000 0009", 4, 3);
    CHECK(got.data && same_labels(&got, &want));
    segkit_image_free(&got);
    segkit_image_free(&want);
}

/* ------------------------------------------------ first pass, per ISA */

/* Labels in runs of random length 1..maxrun (values -1..nlab, 0 most
 * often), so that rows have long equal stretches as well as short ones. */
static void fill_runs(segkit_image *img, int nlab, int maxrun, uint32_t s)
{
    for (int y = 0; y < img->height; y++) {
        int32_t *r = segkit_image_row(img, y);
        int x = 0;
        while (x < img->width) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            int len = 1 + (int)(s % (uint32_t)maxrun);
            int k = (int)((s >> 12) % (uint32_t)(nlab + 4));
            int32_t v = k >= nlab + 1 ? 0 : k == nlab ? -1 : k + 1;
            if ((s >> 20) % 3 == 0 && y > 0) /* repeat the row above here */
                v = ((const int32_t *)segkit_image_row(img, y - 1))[x];
            for (int i = 0; i < len && x < img->width; i++)
                r[x++] = v;
        }
    }
}

/* ex_objects_isa with each row kernel against a scan written here: each
 * positive label's runs (maximal stretches of it on a row) in raster order,
 * its area, box and run count.  Widths around the kernels' block sizes (8,
 * 16, 64 pixels), a view whose rows are wider than its width. */
static void test_objects_isa(void)
{
    static const int widths[] = {1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 66, 127, 128, 129, 200, 257};
    for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++)
        for (int pattern = 0; pattern < 3; pattern++) {
            int w = widths[wi], h = 1 + (int)(wi * 3 + (size_t)pattern) % 9;
            segkit_image big, l;
            if (segkit_image_create(&big, w + 5, h, 1, SEGKIT_I32) != SEGKIT_OK)
                abort();
            int32_t *all = big.data;
            for (size_t i = 0; i < big.stride / 4 * (size_t)h; i++)
                all[i] = 3; /* the columns outside the view are label 3 */
            l = big;
            l.width = w;
            l.owns_data = 0;
            fill_runs(&l, 4, pattern == 0 ? 2 : pattern == 1 ? 9 : 70,
                      (uint32_t)(wi * 131 + (size_t)pattern * 7 + 1));
            for (int isa = 0; isa <= 2; isa++) {
                ex_object *o;
                ex_run *r;
                size_t n;
                CHECK(ex_objects_isa(&l, &o, &n, &r, isa) == SEGKIT_OK);
                size_t k = 0;
                for (int32_t v = 1; v <= 4; v++) {
                    int64_t area = 0;
                    size_t nr = 0, run0 = k < n ? o[k].run0 : 0;
                    int x0 = w, x1 = 0, y0 = h, y1 = 0, ok = 1;
                    for (int y = 0; y < h; y++) {
                        const int32_t *row = segkit_image_row(&l, y);
                        for (int x = 0; x < w; x++) {
                            if (row[x] != v || (x > 0 && row[x - 1] == v))
                                continue;
                            int e = x;
                            while (e < w && row[e] == v)
                                e++;
                            if (k < n && nr < o[k].nruns) {
                                const ex_run *q = &r[run0 + nr];
                                ok &= q->y == y && q->x0 == x && q->x1 == e;
                            }
                            nr++;
                            area += e - x;
                            x0 = x < x0 ? x : x0;
                            x1 = e > x1 ? e : x1;
                            y0 = y < y0 ? y : y0;
                            y1 = y + 1;
                        }
                    }
                    if (nr == 0)
                        continue;
                    CHECKF(k < n && o[k].label == v && o[k].nruns == nr && ok &&
                               o[k].area == area && o[k].x0 == x0 && o[k].x1 == x1 &&
                               o[k].y0 == y0 && o[k].y1 == y1,
                           "w %d pattern %d isa %d label %d", w, pattern, isa, v);
                    k++;
                }
                CHECKF(n == k, "w %d pattern %d isa %d: %zu objects, expected %zu", w, pattern,
                       isa, n, k);
                free(o);
                free(r);
            }
            segkit_image_free(&big);
        }
}

/* The RLEs and borders of ex_contours_rles (one pass, each row kernel)
 * equal segkit_rle_encode (pixel by pixel, column-major) and
 * segkit_contours_find, on images whose objects touch the top and bottom
 * rows (a run going on into the next column) and skip rows. */
static void test_contours_rles(void)
{
    for (unsigned seed = 1; seed <= 12; seed++) {
        int w = 3 + (int)(seed * 37 % 150), h = 1 + (int)(seed * 5 % 13);
        segkit_image l;
        if (segkit_image_create(&l, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
            abort();
        fill_runs(&l, 3, 1 + (int)(seed % 6) * 4, seed * 977u);
        segkit_contours ref;
        CHECK(segkit_contours_find(&l, &ref) == SEGKIT_OK);
        for (int isa = 0; isa <= 2; isa++) {
            segkit_contours c;
            segkit_rle *r;
            int32_t *v;
            size_t n;
            CHECK(ex_contours_rles(&l, &c, &r, &v, &n, isa) == SEGKIT_OK);
            CHECKF(c.count == ref.count && c.npoints == ref.npoints &&
                       memcmp(c.xy, ref.xy, 2 * ref.npoints * sizeof *ref.xy) == 0,
                   "seed %u isa %d: borders", seed, isa);
            for (size_t i = 0; i < n; i++) {
                segkit_rle one;
                CHECK(segkit_rle_encode(&l, v[i], &one) == SEGKIT_OK);
                CHECKF(same_counts(&r[i], one.counts, one.count), "seed %u isa %d label %d",
                       seed, isa, v[i]);
                segkit_rle_free(&one);
                segkit_rle_free(&r[i]);
            }
            free(r);
            free(v);
            segkit_contours_free(&c);
        }
        segkit_contours_free(&ref);
        segkit_image_free(&l);
    }
}

/* Labels far apart (COCO-like ids up to 2^31 - 1): the objects' table
 * follows their number, not the largest label.  Each label's RLE equals
 * segkit_rle_encode's; the borders equal those of the same image with the
 * labels renumbered 1, 2, 3 (order kept); COCO export -> import gives the
 * labels back.  The second image nests labels; in the third, labels 1 and 2
 * span the image from corner to corner (boxes adding up to more than twice
 * the image: the one-scan path). */
static void test_big_labels(void)
{
    static const int32_t big[3] = {7, 1000000000, INT32_MAX};
    const char *pics[3] = {"1100233 1100233 0000000 2200111 2200111",
                           "3333333 3111113 3122213 3121213 3122213 3111113 3333333",
                           "1000002 0000000 0033300 0030300 0033300 0000000 2000001"};
    const int ws[3] = {7, 7, 7}, hs[3] = {5, 7, 7};
    for (int k = 0; k < 3; k++) {
        segkit_image small = labels_from(pics[k], ws[k], hs[k]), l;
        CHECK(segkit_image_copy(&small, &l) == SEGKIT_OK);
        for (int y = 0; y < l.height; y++) {
            int32_t *r = segkit_image_row(&l, y);
            for (int x = 0; x < l.width; x++)
                r[x] = r[x] ? big[r[x] - 1] : 0;
        }
        segkit_contours c, cs;
        CHECK(segkit_contours_find(&l, &c) == SEGKIT_OK);
        CHECK(segkit_contours_find(&small, &cs) == SEGKIT_OK);
        CHECKF(c.count == cs.count && c.npoints == cs.npoints && c.count > 0 &&
                   memcmp(c.xy, cs.xy, 2 * cs.npoints * sizeof *cs.xy) == 0,
               "image %d: borders", k);
        for (size_t i = 0; i < c.count && i < cs.count; i++)
            CHECKF(c.items[i].label == big[cs.items[i].label - 1] &&
                       c.items[i].parent == cs.items[i].parent && c.items[i].hole == cs.items[i].hole,
                   "image %d border %zu", k, i);
        segkit_contours_free(&c);
        segkit_contours_free(&cs);
        segkit_rle *r;
        int32_t *v;
        size_t n;
        CHECK(segkit_rle_encode_all(&l, &r, &v, &n) == SEGKIT_OK && n == 3);
        for (size_t i = 0; i < n; i++) {
            segkit_rle one;
            CHECK(v[i] == big[i] && segkit_rle_encode(&l, v[i], &one) == SEGKIT_OK);
            CHECKF(same_counts(&r[i], one.counts, one.count), "image %d label %d", k, v[i]);
            segkit_rle_free(&one);
            segkit_rle_free(&r[i]);
        }
        free(r);
        free(v);
        segkit_export_params ep = segkit_export_params_default();
        segkit_import_params ip = segkit_import_params_default();
        ip.width = l.width;
        ip.height = l.height;
        char *text;
        size_t len;
        segkit_image back;
        segkit_import_error err;
        CHECK(segkit_export_coco(&l, &ep, &text, &len) == SEGKIT_OK);
        CHECK(segkit_import_coco(text, len, &ip, &back, &err) == SEGKIT_OK && same_labels(&back, &l));
        segkit_image_free(&back);
        free(text);
        segkit_image_free(&l);
        segkit_image_free(&small);
    }
}

int main(void)
{
    test_diagonal();
    test_ring();
    test_borders();
    test_empty_full();
    test_hierarchy();
    test_string_codec();
    test_rle_round_trip();
    test_published();
    test_simplify();
    test_round_trips();
    test_export_text();
    test_import_errors();
    test_objects_isa();
    test_contours_rles();
    test_big_labels();
    return check_done();
}
