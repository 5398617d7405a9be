/* segkit_peak_local_max against skimage.feature.peak_local_max
 * (python3-skimage 0.19.3, numpy 1.24.2, scipy 1.10.1 on this machine):
 * every expected list below is skimage's output, in its order, with the
 * Python call beside it.  Shared setup of those calls:
 *   import numpy as np, scipy.ndimage as ndi, skimage.io as io
 *   from skimage.feature import peak_local_max as plm
 *   c = io.imread('data/coins.png')        # == skimage.data.coins()
 *   mask = c > 110
 *   d = ndi.distance_transform_edt(mask).astype(np.float32)
 *   lab = ndi.label(mask)[0]
 * Lists are hashed (when long) as FNV-1a 64 over the little-endian uint32
 * values row, col, row, col, ... */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/watershed.h"

static uint64_t fnv_list(const segkit_peak *p, int64_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int64_t i = 0; i < n; i++) {
        uint32_t v[2] = {(uint32_t)p[i].row, (uint32_t)p[i].col};
        for (int k = 0; k < 2; k++)
            for (int b = 0; b < 4; b++) {
                h ^= (v[k] >> (8 * b)) & 0xff;
                h *= 0x100000001b3ull;
            }
    }
    return h;
}

/* Runs peak_local_max and compares with the expected (row, col) pairs. */
static void expect(const char *what, const segkit_image *img,
                   const segkit_peaks_params *p, const int *exp, int64_t n)
{
    segkit_peak *pk;
    int64_t count;
    int st = segkit_peak_local_max(img, p, &pk, &count);
    CHECKF(st == SEGKIT_OK, "%s: status %d", what, st);
    CHECKF(count == n, "%s: %lld peaks, expected %lld", what, (long long)count,
           (long long)n);
    for (int64_t i = 0; i < count && i < n; i++)
        if (pk[i].row != exp[2 * i] || pk[i].col != exp[2 * i + 1]) {
            CHECKF(0, "%s: peak %lld is (%d, %d), expected (%d, %d)", what,
                   (long long)i, pk[i].row, pk[i].col, exp[2 * i], exp[2 * i + 1]);
            break;
        }
    free(pk);
}

/* skimage's own docstring example (feature/peak.py, peak_local_max):
 *   img1 = np.zeros((7, 7)); img1[3, 4] = 1; img1[3, 2] = 1.5
 *   plm(img1, min_distance=1) -> [[3, 2], [3, 4]]
 *   plm(img1, min_distance=2) -> [[3, 2]]                                 */
static void test_docstring(void)
{
    segkit_image img;
    segkit_image_create(&img, 7, 7, 1, SEGKIT_F32);
    ((float *)segkit_image_row(&img, 3))[4] = 1.0f;
    ((float *)segkit_image_row(&img, 3))[2] = 1.5f;
    segkit_peaks_params p = segkit_peaks_params_default();
    expect("docstring md1", &img, &p, (const int[]){3, 2, 3, 4}, 2);
    p.min_distance = 2;
    expect("docstring md2", &img, &p, (const int[]){3, 2}, 1);
    segkit_image_free(&img);
}

/* 20 equal isolated peaks: their order is numpy's argsort (an unstable
 * introsort), and which one survives min_distance follows from it.
 *   t = np.zeros((9, 40), np.uint8)
 *   for k in range(20): t[2 + (k % 3) * 2, 1 + 2 * k - (k % 2)] = 7
 *   t[4, 20] = 9; t[6, 33] = 3                                            */
static void test_ties(void)
{
    segkit_image t;
    segkit_image_create(&t, 40, 9, 1, SEGKIT_U8);
    for (int k = 0; k < 20; k++)
        ((uint8_t *)segkit_image_row(&t, 2 + (k % 3) * 2))[1 + 2 * k - (k % 2)] = 7;
    ((uint8_t *)segkit_image_row(&t, 4))[20] = 9;
    ((uint8_t *)segkit_image_row(&t, 6))[33] = 3;
    segkit_peaks_params p = segkit_peaks_params_default();
    p.exclude_border[0] = p.exclude_border[1] = 0;
    /* plm(t, min_distance=1, exclude_border=False) */
    expect("ties md1", &t, &p, (const int[]){
        4,20, 2,1, 6,22, 6,17, 6,10, 6,5, 4,38, 4,33, 4,26, 4,14, 4,9, 4,2,
        2,37, 2,30, 2,25, 2,18, 2,13, 2,6, 6,29, 6,34}, 20);
    /* plm(t, min_distance=2) */
    p = segkit_peaks_params_default();
    p.min_distance = 2;
    expect("ties md2", &t, &p, (const int[]){
        4,20, 2,6, 2,13, 2,25, 2,30, 2,37, 4,2, 4,9, 4,14, 4,26, 4,33, 6,5,
        6,10, 6,17, 6,29, 6,34}, 16);
    /* plm(t, min_distance=3, num_peaks=5, exclude_border=False) */
    p.min_distance = 3;
    p.num_peaks = 5;
    p.exclude_border[0] = p.exclude_border[1] = 0;
    expect("ties md3 num_peaks", &t, &p, (const int[]){4,20, 2,1, 6,10, 6,5, 4,38}, 5);
    segkit_image_free(&t);
}

/* 200 isolated peaks whose values (with ties) drive numpy's introsort into
 * its heapsort fallback: made by McIlroy's "killer adversary" run against a
 * Python port of numpy's argsort (values v below, then ties by v // 2).
 *   t = np.zeros((1, 400), np.uint16); t[0, ::2] = v
 *   plm(t, min_distance=1, exclude_border=False): 200 peaks, FNV-1a
 *   0xdf5581286d4ec4d1, beginning (0,0) (0,198) (0,4) (0,200) (0,8) (0,202) */
static void test_heapsort_order(void)
{
    static const uint16_t v[200] = {
        100, 85, 99, 85, 98, 84, 97, 84, 96, 83, 95, 83, 94, 82, 93, 82, 92, 81, 91, 81,
        90, 80, 89, 80, 88, 79, 87, 79, 86, 78, 78, 77, 77, 76, 76, 75, 75, 74, 74, 73,
        73, 72, 72, 71, 71, 70, 70, 69, 69, 68, 68, 67, 67, 66, 66, 65, 65, 64, 64, 63,
        63, 62, 62, 61, 61, 60, 60, 59, 59, 58, 58, 57, 57, 56, 56, 55, 55, 54, 54, 53,
        53, 52, 52, 51, 51, 50, 50, 49, 49, 48, 48, 47, 47, 46, 46, 45, 45, 44, 44, 100,
        99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 43, 43, 42, 42, 41, 41,
        40, 40, 39, 39, 38, 38, 37, 37, 36, 36, 35, 35, 34, 34, 33, 33, 32, 32, 31, 31,
        30, 30, 29, 29, 28, 28, 27, 27, 26, 26, 25, 25, 24, 24, 23, 23, 22, 22, 21, 21,
        20, 20, 19, 19, 18, 18, 17, 17, 16, 16, 15, 15, 14, 14, 13, 13, 12, 12, 11, 11,
        10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1,
    };
    segkit_image t;
    segkit_image_create(&t, 400, 1, 1, SEGKIT_U16);
    for (int i = 0; i < 200; i++)
        ((uint16_t *)t.data)[2 * i] = v[i];
    segkit_peaks_params p = segkit_peaks_params_default();
    p.exclude_border[0] = p.exclude_border[1] = 0;
    segkit_peak *pk;
    int64_t n;
    CHECK(segkit_peak_local_max(&t, &p, &pk, &n) == SEGKIT_OK);
    CHECK(n == 200);
    CHECK(fnv_list(pk, n) == 0xdf5581286d4ec4d1ull);
    CHECK(n >= 6 && pk[1].col == 198 && pk[3].col == 200 && pk[5].col == 202);
    free(pk);
    segkit_image_free(&t);
}

/* Hand-made corner rules. */
static void test_rules(void)
{
    segkit_peaks_params p = segkit_peaks_params_default();
    /* Outside the image counts as 0 (maximum_filter mode='constant'), so a
     * negative pixel near the edge is no peak:
     *   a = -np.ones((5, 5), np.float32); a[2, 2] = -0.5; a[0, 0] = -0.2
     *   plm(a, min_distance=1, exclude_border=False) -> [[2, 2]]           */
    segkit_image a;
    segkit_image_create(&a, 5, 5, 1, SEGKIT_F32);
    for (int y = 0; y < 5; y++)
        for (int x = 0; x < 5; x++)
            ((float *)segkit_image_row(&a, y))[x] = -1.0f;
    ((float *)segkit_image_row(&a, 2))[2] = -0.5f;
    ((float *)segkit_image_row(&a, 0))[0] = -0.2f;
    p.exclude_border[0] = p.exclude_border[1] = 0;
    expect("negative border", &a, &p, (const int[]){2, 2}, 1);
    segkit_image_free(&a);

    /* f32 images compare with the threshold cast to float32:
     *   c = np.zeros((9, 9), np.float32); c[4, 4] = 0.1; c[2, 2] = 0.05
     *   plm(c, threshold_rel=0.5) -> [[4, 4]]
     *   plm(c, threshold_abs=0.0999999999) -> []   (0.1f > float32(...) is false)
     *   plm(c, threshold_abs=0.09999) -> [[4, 4]]                          */
    segkit_image c;
    segkit_image_create(&c, 9, 9, 1, SEGKIT_F32);
    ((float *)segkit_image_row(&c, 4))[4] = 0.1f;
    ((float *)segkit_image_row(&c, 2))[2] = 0.05f;
    p = segkit_peaks_params_default();
    p.threshold_rel = 0.5;
    expect("f32 rel", &c, &p, (const int[]){4, 4}, 1);
    p = segkit_peaks_params_default();
    p.threshold_abs = 0.0999999999;
    expect("f32 abs float32", &c, &p, NULL, 0);
    p.threshold_abs = 0.09999;
    expect("f32 abs", &c, &p, (const int[]){4, 4}, 1);
    segkit_image_free(&c);

    /* A label whose pixels are all window maxima gives the pixels a 3x3
     * cross opening removes; a 1-pixel label is compared with the
     * threshold only:
     *   b = np.full((6, 7), 5, np.uint8); lab = np.zeros((6, 7), int)
     *   lab[1:5, 1:4] = 1; lab[1, 3] = 0; lab[4, 5] = 2; lab[2, 5] = 3; lab[3, 5] = 3
     *   plm(b, labels=lab, exclude_border=False, threshold_abs=0)
     *     -> [[1, 1], [4, 1], [4, 3], [4, 5], [2, 5], [3, 5]]
     * and without threshold_abs (the image minimum, 5: nothing above) -> []. */
    segkit_image b, lab;
    segkit_image_create(&b, 7, 6, 1, SEGKIT_U8);
    segkit_image_create(&lab, 7, 6, 1, SEGKIT_I32);
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 7; x++) {
            ((uint8_t *)segkit_image_row(&b, y))[x] = 5;
            int32_t *l = segkit_image_row(&lab, y);
            if (y >= 1 && y <= 4 && x >= 1 && x <= 3 && !(y == 1 && x == 3))
                l[x] = 1;
        }
    ((int32_t *)segkit_image_row(&lab, 4))[5] = 2;
    ((int32_t *)segkit_image_row(&lab, 2))[5] = 3;
    ((int32_t *)segkit_image_row(&lab, 3))[5] = 3;
    p = segkit_peaks_params_default();
    p.labels = &lab;
    p.exclude_border[0] = p.exclude_border[1] = 0;
    p.threshold_abs = 0;
    expect("flat labels", &b, &p, (const int[]){1,1, 4,1, 4,3, 4,5, 2,5, 3,5}, 6);
    p.threshold_abs = NAN;
    expect("flat labels, default threshold", &b, &p, NULL, 0);
    segkit_image_free(&b);
    segkit_image_free(&lab);
}

/* The distance map of the coins (see the header comment), computed here
 * with segkit_distance_transform, which equals scipy's. */
static int coins_edt(segkit_image *d, segkit_image *lab)
{
    char path[4096];
    segkit_image c, m;
    if (!check_path(path, sizeof path, "SEGKIT_DATA", "coins.png") ||
        segkit_read_file(path, NULL, &c, NULL) != SEGKIT_OK)
        return 0;
    segkit_image_create(&m, c.width, c.height, 1, SEGKIT_U8);
    for (int y = 0; y < c.height; y++) {
        const uint8_t *s = segkit_image_row(&c, y);
        uint8_t *o = segkit_image_row(&m, y);
        for (int x = 0; x < c.width; x++)
            o[x] = s[x * c.channels] > 110 ? 255 : 0;
    }
    int st = segkit_distance_transform(&m, NULL, d, NULL);
    CHECK(st == SEGKIT_OK);
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = 4;   /* ndi.label's default structure */
    int32_t n;
    CHECK(segkit_label(&m, &lp, lab, &n, NULL) == SEGKIT_OK);
    CHECK(n == 159);       /* lab.max() */
    segkit_image_free(&c);
    segkit_image_free(&m);
    return st == SEGKIT_OK;
}

static void test_coins(void)
{
    segkit_image d, lab;
    if (!coins_edt(&d, &lab)) {
        CHECKF(0, "data/coins.png not readable");
        return;
    }
    segkit_peaks_params p = segkit_peaks_params_default();
    /* plm(d, min_distance=7) */
    p.min_distance = 7;
    expect("coins md7", &d, &p, (const int[]){
        51,155, 124,44, 127,153, 124,103, 52,49, 195,360, 54,101, 56,212, 255,311,
        261,255, 187,329, 276,357, 268,123, 122,344, 122,284, 196,163, 48,316,
        189,105, 277,245, 187,282, 54,346, 204,220, 122,254, 129,213, 263,371,
        123,199, 279,303, 205,35, 196,33, 133,328, 253,159, 204,48, 63,330, 50,271,
        181,224, 204,200, 254,357, 272,294, 23,341, 246,185, 259,345, 43,337,
        102,276, 267,226, 258,227, 264,281, 257,102, 185,49, 191,142, 239,42,
        104,264, 262,58, 65,282, 244,59, 196,84, 259,25, 281,35, 251,27, 192,193,
        241,172, 183,196, 64,271, 279,60, 281,182, 212,277, 35,326, 182,258,
        268,170, 283,173, 275,163, 202,259, 20,326, 270,155, 254,71, 261,71,
        270,189, 285,48, 257,46, 269,24, 246,11, 8,367, 12,239, 13,248, 56,13,
        63,13, 72,190, 86,88, 87,72, 151,66}, 89);

    /* scikit-image's watershed example: footprint 3x3, labels
     * plm(d, footprint=np.ones((3, 3)), labels=lab): 1706 peaks, FNV-1a
     * 0xe4e2f2f9e7cfcbf9, beginning as below */
    segkit_image fp;
    segkit_image_create(&fp, 3, 3, 1, SEGKIT_U8);
    for (int y = 0; y < 3; y++)
        memset(segkit_image_row(&fp, y), 1, 3);
    p = segkit_peaks_params_default();
    p.footprint = &fp;
    p.labels = &lab;
    {
        segkit_peak *pk;
        int64_t n;
        CHECK(segkit_peak_local_max(&d, &p, &pk, &n) == SEGKIT_OK);
        CHECKF(n == 1706, "%lld peaks", (long long)n);
        CHECK(fnv_list(pk, n) == 0xe4e2f2f9e7cfcbf9ull);
        static const int first[] = {1,78, 1,66, 1,30, 1,53, 1,54, 1,43, 1,109, 23,1,
                                    17,14, 20,8, 1,167, 1,179, 1,178, 1,175, 1,135, 1,134};
        for (int i = 0; i < 16 && i < n; i++)
            CHECKF(pk[i].row == first[2 * i] && pk[i].col == first[2 * i + 1],
                   "fp3 peak %d is (%d, %d)", i, pk[i].row, pk[i].col);
        /* as markers: ndi.label of their mask, 4-connected */
        segkit_image mk;
        int32_t nm;
        CHECK(segkit_peaks_to_markers(pk, n, d.width, d.height, 4, &mk, &nm) == SEGKIT_OK);
        CHECK(nm > 0 && nm <= n);
        segkit_image_free(&mk);
        free(pk);
    }
    segkit_image_free(&fp);

    /* plm(d, min_distance=5, threshold_rel=0.2, exclude_border=False,
     *     labels=lab, num_peaks_per_label=3) */
    p = segkit_peaks_params_default();
    p.min_distance = 5;
    p.threshold_rel = 0.2;
    p.exclude_border[0] = p.exclude_border[1] = 0;
    p.labels = &lab;
    p.num_peaks_per_label = 3;
    expect("coins labels per label", &d, &p, (const int[]){
        0,78, 0,66, 0,31, 48,316, 54,346, 63,330, 51,155, 56,212, 50,225, 52,49,
        50,271, 54,99, 122,284, 122,254, 124,44, 129,213, 118,217, 123,199, 122,344,
        133,328, 124,103, 127,153, 195,360, 187,329, 204,220, 181,224, 204,200,
        187,282, 189,105, 205,35, 196,33, 203,47, 192,161, 253,159, 246,185,
        255,311, 279,303, 271,292, 261,255, 277,245, 268,123, 276,357, 263,371,
        254,357}, 44);

    /* plm(d, min_distance=10, threshold_abs=5, num_peaks=30, p_norm=2) */
    p = segkit_peaks_params_default();
    p.min_distance = 10;
    p.threshold_abs = 5;
    p.num_peaks = 30;
    p.p_norm = 2;
    expect("coins euclidean num_peaks", &d, &p, (const int[]){
        51,155, 124,45, 127,153, 124,103, 52,49, 195,360, 54,99, 56,212, 255,311,
        261,255, 187,329, 276,357, 268,123, 122,344, 122,284, 196,163, 48,316,
        189,105, 277,245, 187,282, 54,346, 204,220, 129,213, 122,254, 263,371,
        123,199, 279,303, 205,35, 133,328, 203,47}, 30);

    /* 16-bit: plm((d * 1000).astype(np.uint16), min_distance=4,
     *             exclude_border=(3, 20), threshold_rel=0.5) */
    segkit_image d16, d8;
    segkit_image_create(&d16, d.width, d.height, 1, SEGKIT_U16);
    segkit_image_create(&d8, d.width, d.height, 1, SEGKIT_U8);
    for (int y = 0; y < d.height; y++) {
        const float *s = segkit_image_row(&d, y);
        uint16_t *o = segkit_image_row(&d16, y);
        uint8_t *o8 = segkit_image_row(&d8, y);
        for (int x = 0; x < d.width; x++) {
            o[x] = (uint16_t)(s[x] * 1000.0f);   /* float32 product, truncated */
            o8[x] = (uint8_t)rintf(s[x] * 10.0f); /* np.round: half to even */
        }
    }
    p = segkit_peaks_params_default();
    p.min_distance = 4;
    p.exclude_border[0] = 3;
    p.exclude_border[1] = 20;
    p.threshold_rel = 0.5;
    expect("coins u16", &d16, &p, (const int[]){
        51,155, 124,44, 127,153, 124,103, 52,49, 195,360, 54,99}, 7);

    /* 8-bit, an odd footprint:
     *   fp = np.array([[0,1,0],[1,1,1],[0,1,1],[0,0,1]], bool)
     *   plm(np.round(d * 10).astype(np.uint8), footprint=fp, min_distance=3,
     *       threshold_abs=100)                                            */
    static const uint8_t fpv[4][3] = {{0, 1, 0}, {1, 1, 1}, {0, 1, 1}, {0, 0, 1}};
    segkit_image_create(&fp, 3, 4, 1, SEGKIT_U8);
    for (int y = 0; y < 4; y++)
        memcpy(segkit_image_row(&fp, y), fpv[y], 3);
    p = segkit_peaks_params_default();
    p.footprint = &fp;
    p.min_distance = 3;
    p.threshold_abs = 100;
    expect("coins u8 footprint", &d8, &p, (const int[]){
        5,30, 6,25, 4,37, 5,61, 6,66, 6,76, 4,49, 4,84, 6,80, 5,33, 6,69, 5,53, 4,40,
        3,25, 5,56, 4,43, 51,155, 17,14, 22,3, 21,6, 19,10, 48,156, 125,44, 123,47,
        127,153, 124,103, 52,49, 45,158, 51,46, 127,156, 195,360, 54,101, 123,50,
        191,363, 53,38, 55,104, 188,364, 123,106, 56,212, 185,364, 44,161, 56,215,
        255,311, 201,357, 182,364, 125,159, 50,52, 55,218, 261,255, 122,53, 178,363,
        258,254, 259,313, 50,225, 174,361, 52,222, 187,329, 170,356, 120,107,
        254,251, 252,248, 41,161, 171,359, 52,106, 116,47, 268,123, 276,357, 47,225,
        122,344, 186,332, 122,284, 264,124, 251,244, 181,326, 42,164, 253,314,
        44,225, 48,316, 122,161, 194,162, 48,55, 119,344, 277,245, 185,337, 189,105,
        273,358, 201,163}, 87);
    segkit_image_free(&fp);
    segkit_image_free(&d16);
    segkit_image_free(&d8);
    segkit_image_free(&d);
    segkit_image_free(&lab);
}

/* Markers from points, worked by hand. */
static void test_markers(void)
{
    const segkit_peak pts[] = {{1, 1}, {1, 2}, {3, 3}, {1, 1}, {2, 3}};
    segkit_image m;
    int32_t n;
    int32_t *r1, *r2, *r3;
    /* 4-connected: {(1,1),(1,2)} is 1, {(2,3),(3,3)} is 2 (raster order) */
    CHECK(segkit_peaks_to_markers(pts, 5, 5, 4, 4, &m, &n) == SEGKIT_OK);
    CHECK(n == 2);
    r1 = segkit_image_row(&m, 1), r2 = segkit_image_row(&m, 2), r3 = segkit_image_row(&m, 3);
    CHECK(r1[1] == 1 && r1[2] == 1 && r2[3] == 2 && r3[3] == 2);
    segkit_image_free(&m);
    /* 8-connected: (1,2) and (2,3) touch diagonally: one marker */
    CHECK(segkit_peaks_to_markers(pts, 5, 5, 4, 8, &m, &n) == SEGKIT_OK);
    CHECK(n == 1);
    segkit_image_free(&m);
    const segkit_peak out[] = {{4, 0}};
    CHECK(segkit_peaks_to_markers(out, 1, 5, 4, 4, &m, &n) == SEGKIT_ERR_ARG);
    CHECK(m.data == NULL && n == 0);
    CHECK(segkit_peaks_to_markers(pts, 5, 5, 4, 0, &m, &n) == SEGKIT_ERR_ARG);
}

static void test_errors(void)
{
    segkit_image img, rgb, lab;
    segkit_image_create(&img, 4, 4, 1, SEGKIT_U8);
    segkit_image_create(&rgb, 4, 4, 3, SEGKIT_U8);
    segkit_image_create(&lab, 5, 4, 1, SEGKIT_I32);
    segkit_peak *pk = (segkit_peak *)&img;
    int64_t n = 7;
    CHECK(segkit_peak_local_max(NULL, NULL, &pk, &n) == SEGKIT_ERR_ARG);
    CHECK(pk == NULL && n == 0);
    CHECK(segkit_peak_local_max(&rgb, NULL, &pk, &n) == SEGKIT_ERR_TYPE);
    segkit_peaks_params p = segkit_peaks_params_default();
    p.min_distance = -1;
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_ERR_ARG);
    p = segkit_peaks_params_default();
    p.p_norm = 0.5;
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_ERR_ARG);
    p = segkit_peaks_params_default();
    p.labels = &lab;
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_ERR_SIZE);
    p = segkit_peaks_params_default();
    p.footprint = &lab;
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_ERR_TYPE);
    segkit_image zero;
    segkit_image_create(&zero, 3, 3, 1, SEGKIT_U8);
    p.footprint = &zero;   /* no cell in the window */
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_ERR_ARG);
    /* a constant image has no peak (skimage: "no peak for a trivial image") */
    p = segkit_peaks_params_default();
    p.threshold_abs = -1;
    CHECK(segkit_peak_local_max(&img, &p, &pk, &n) == SEGKIT_OK);
    CHECK(n == 0 && pk == NULL);
    segkit_image_free(&zero);
    segkit_image_free(&img);
    segkit_image_free(&rgb);
    segkit_image_free(&lab);
}

int main(void)
{
    test_docstring();
    test_ties();
    test_heapsort_order();
    test_rules();
    test_coins();
    test_markers();
    test_errors();
    return check_done();
}
