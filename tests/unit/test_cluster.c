/* k-means, SLIC and Felzenszwalb (src/color/kmeans.c, slic.c,
 * felzenszwalb.c).
 *
 * k-means: a synthetic image of 4 known colours plus bounded noise, made
 * here; the expected centres are the sample means of each colour's pixels
 * (computed here, independently of the library) and lie within 1 unit of
 * the true colours; every label must be right.  Determinism is tested by
 * running twice, by permuting the pixels (the labels must follow the
 * permutation, the centres must be bit-identical) and by feeding the same
 * values as u8 and f32.  No expected checksum of our own output is stored.
 *
 * SLIC and Felzenszwalb against scikit-image 0.19.3 (python3-skimage):
 * reference label images in tests/data/skimage, made by
 *   img = skimage.io.imread('tests/data/malformed/libjpeg-turbo/testorig.ppm')
 *   s = segmentation.slic(img, n_segments=200, compactness=10, sigma=1,
 *                         start_label=1)                    -> testorig_slic.png
 *   rgba = np.dstack([img, 255 - img[:, :, 0]])
 *   s = segmentation.slic(rgba, n_segments=200, compactness=10, sigma=1,
 *                         start_label=1)               -> testorig_rgba_slic.png
 *   for c in (30, 1):   # compactness other than the default 10
 *       s = segmentation.slic(img, n_segments=200, compactness=c, sigma=1,
 *                             start_label=1)   -> testorig_slic_c30.png, _c1.png
 *   f = segmentation.felzenszwalb(img, scale=100, sigma=0.8, min_size=20) + 1
 *                                                   -> testorig_felzenszwalb.png
 *   cam = skimage.io.imread('data/camera.png')
 *   c = segmentation.felzenszwalb(cam, scale=100, sigma=0.8, min_size=20) + 1
 *                                                   -> camera_felzenszwalb.png
 * (saved with skimage.io.imsave(..., a.astype(np.uint16)), which stores
 * the testorig maps as 8-bit PNGs).  What is compared, with the tolerance
 * the implementations' float/tie differences allow (documented in the
 * README and segkit-color(1)): the number of segments within 2 %, and
 * the boundary recall both ways >= 0.98 with a 2-pixel tolerance; for
 * Felzenszwalb also every label (its Gaussian is the library's double one,
 * as skimage smooths float64: identical on both images), where a
 * boundary pixel is one whose label differs from its right or lower
 * neighbour and recall(A by B) is the fraction of A's boundary pixels with
 * a boundary pixel of B within Chebyshev distance 2. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/color.h"
#include "segkit/io.h"
#include "label/label_internal.h"   /* lb_max_label */
#include "color/cluster_internal.h" /* cl_kmeans_isa, cl_slic_isa */
#include "internal/gaussian_f32.h"  /* edges_gaussian_f32 */
#include "segkit/edges.h"

/* the test's own generator (not the library's) */
static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static const int truth[4][3] = {
    {200, 30, 30}, {30, 200, 30}, {100, 40, 200}, {230, 220, 210}};

/* W x H RGB u8: pixel class cls[p] (random), colour truth + noise in
 * [-amp, amp] per channel. */
static void make_synthetic(int w, int h, int amp, segkit_image *img, int *cls)
{
    uint32_t s = 12345;
    segkit_image_create(img, w, h, 3, SEGKIT_U8);
    uint8_t *d = img->data;
    for (int p = 0; p < w * h; p++) {
        int c = (int)(lcg(&s) % 4);
        cls[p] = c;
        for (int j = 0; j < 3; j++)
            d[p * 3 + j] = (uint8_t)(truth[c][j] + (int)(lcg(&s) % (uint32_t)(2 * amp + 1)) - amp);
    }
}

static int same_image(const segkit_image *a, const segkit_image *b)
{
    if (a->width != b->width || a->height != b->height)
        return 0;
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y),
                   (size_t)a->width * 4))
            return 0;
    return 1;
}

/* amp 3: fewer distinct colours than half the pixels (the histogram path,
 * where permutation invariance is documented); amp 20: almost every pixel
 * distinct (raster order: determinism by running twice). */
static void test_kmeans_synthetic(int amp)
{
    enum { W = 64, H = 48, N = W * H };
    static int cls[N];
    segkit_image img, lab, lab2;
    make_synthetic(W, H, amp, &img, cls);
    /* sample means per true class, computed here */
    double mean[4][3] = {{0}};
    int n[4] = {0};
    const uint8_t *d = img.data;
    for (int p = 0; p < N; p++) {
        n[cls[p]]++;
        for (int j = 0; j < 3; j++)
            mean[cls[p]][j] += d[p * 3 + j];
    }
    for (int c = 0; c < 4; c++)
        for (int j = 0; j < 3; j++)
            mean[c][j] /= n[c];

    segkit_kmeans_params prm = segkit_kmeans_params_default();
    prm.k = 4;
    prm.seed = 7;
    segkit_kmeans_result r, r2;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_OK);
    CHECK(r.k == 4 && r.channels == 3);
    /* documented numbering: centres in lexicographic order, i.e. classes
     * 1 (30,200,30), 2 (100,40,200), 0 (200,30,30), 3 (230,220,210) */
    static const int order[4] = {1, 2, 0, 3};
    for (int i = 0; i < 4; i++) {
        int c = order[i];
        for (int j = 0; j < 3; j++) {
            CHECKF(fabs(r.center[i][j] - truth[c][j]) <= 1.0,
                   "centre %d ch %d: %g vs %d", i, j, r.center[i][j], truth[c][j]);
            CHECKF(fabs(r.center[i][j] - mean[c][j]) < 1e-9,
                   "centre %d ch %d: %g vs sample mean %g", i, j,
                   r.center[i][j], mean[c][j]);
        }
        CHECK(r.count[i] == n[c]);
    }
    int wrong = 0;
    const int32_t *L = lab.data;
    for (int p = 0; p < N; p++)
        wrong += L[p] < 1 || L[p] > 4 || order[L[p] - 1] != cls[p];
    CHECKF(wrong == 0, "%d of %d labels wrong", wrong, N);

    /* twice: the same bits */
    CHECK(segkit_kmeans(&img, &prm, &lab2, &r2) == SEGKIT_OK);
    CHECK(same_image(&lab, &lab2));
    CHECK(memcmp(r.center, r2.center, sizeof r.center) == 0);
    CHECK(r.compactness == r2.compactness);
    segkit_image_free(&lab2);

    /* permuted pixels: labels follow, centres bit-identical */
    if (amp > 3)
        goto skip_perm;
    segkit_image perm;
    segkit_image_create(&perm, W, H, 3, SEGKIT_U8);
    static int pi[N];
    for (int p = 0; p < N; p++)
        pi[p] = p;
    uint32_t s = 99;
    for (int p = N - 1; p > 0; p--) {
        int q = (int)(lcg(&s) % (uint32_t)(p + 1)), t = pi[p];
        pi[p] = pi[q];
        pi[q] = t;
    }
    uint8_t *pd = perm.data;
    for (int p = 0; p < N; p++)
        memcpy(pd + p * 3, d + pi[p] * 3, 3);
    CHECK(segkit_kmeans(&perm, &prm, &lab2, &r2) == SEGKIT_OK);
    CHECK(memcmp(r.center, r2.center, sizeof r.center) == 0);
    CHECK(r.compactness == r2.compactness);
    int moved = 0;
    const int32_t *L2 = lab2.data;
    for (int p = 0; p < N; p++)
        moved += L2[p] != L[pi[p]];
    CHECK(moved == 0);
    segkit_image_free(&lab2);
    segkit_image_free(&perm);
skip_perm:;

    /* the same values as f32: the same result */
    segkit_image f;
    segkit_image_create(&f, W, H, 3, SEGKIT_F32);
    float *fd = f.data;
    for (int p = 0; p < N * 3; p++)
        fd[p] = d[p];
    CHECK(segkit_kmeans(&f, &prm, &lab2, &r2) == SEGKIT_OK);
    CHECK(same_image(&lab, &lab2));
    CHECK(memcmp(r.center, r2.center, sizeof r.center) == 0);
    segkit_image_free(&lab2);

    /* restarts: every attempt on this easy image finds the same optimum */
    prm.attempts = 5;
    CHECK(segkit_kmeans(&f, &prm, &lab2, &r2) == SEGKIT_OK);
    CHECK(same_image(&lab, &lab2));
    CHECK(r2.attempt >= 0 && r2.attempt < 5);
    segkit_image_free(&lab2);

    /* every instruction-set level (baseline, AVX2, AVX-512 where the CPU
     * has them) gives the same bits: the vector loops keep the scalar
     * order of operations per point */
    for (int isa = 0; isa <= 2; isa++) {
        CHECK(cl_kmeans_isa(&f, &prm, &lab2, &r2, isa) == SEGKIT_OK);
        CHECK(same_image(&lab, &lab2));
        CHECK(r.compactness == r2.compactness);
        segkit_image_free(&lab2);
    }

    /* with a spatial weight (raster-order points): twice the same */
    prm.attempts = 1;
    prm.spatial_weight = 0.5;
    segkit_image lab3;
    CHECK(segkit_kmeans(&f, &prm, &lab2, &r2) == SEGKIT_OK);
    CHECK(segkit_kmeans(&f, &prm, &lab3, &r) == SEGKIT_OK);
    CHECK(same_image(&lab3, &lab2));
    CHECK(memcmp(r.center, r2.center, sizeof r.center) == 0);
    CHECK(r.center_xy[0][0] > 0 && r.center_xy[0][0] < W);
    segkit_image_free(&lab2);
    segkit_image_free(&lab3);
    segkit_image_free(&f);
    segkit_image_free(&lab);
    segkit_image_free(&img);
}

static void test_kmeans_small(void)
{
    /* 2x3 gray: values 10, 10, 20, 20, 20, 90 */
    uint8_t px[6] = {10, 10, 20, 20, 20, 90};
    segkit_image img, lab;
    segkit_image_wrap(&img, px, 3, 2, 1, SEGKIT_U8, 3);
    segkit_kmeans_params prm = segkit_kmeans_params_default();
    segkit_kmeans_result r;
    /* k = 5 > 3 distinct values: 3 clusters, one per value */
    prm.k = 5;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_OK);
    CHECK(r.k == 3);
    CHECK(r.center[0][0] == 10 && r.center[1][0] == 20 && r.center[2][0] == 90);
    CHECK(r.count[0] == 2 && r.count[1] == 3 && r.count[2] == 1);
    const int32_t *L = lab.data;
    CHECK(L[0] == 1 && L[1] == 1 && L[2] == 2 && L[3] == 2 && L[4] == 2 && L[5] == 3);
    CHECK(r.compactness == 0);
    segkit_image_free(&lab);
    /* k = 1: the mean, 170 / 6; compactness = sum of squares about it */
    prm.k = 1;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_OK);
    CHECK(r.k == 1 && fabs(r.center[0][0] - 170.0 / 6) < 1e-12);
    double ss = 0;
    for (int i = 0; i < 6; i++)
        ss += (px[i] - 170.0 / 6) * (px[i] - 170.0 / 6);
    CHECK(fabs(r.compactness - ss) < 1e-9);
    segkit_image_free(&lab);
    /* k = 2: {10, 10, 20, 20, 20} and {90} (the only stable split) */
    prm.k = 2;
    for (uint64_t seed = 0; seed < 8; seed++) {
        prm.seed = seed;
        CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_OK);
        CHECK(r.k == 2 && r.center[0][0] == 16 && r.center[1][0] == 90);
        segkit_image_free(&lab);
    }
    /* bad arguments */
    prm.k = 0;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_ERR_ARG);
    prm.k = 257;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_ERR_ARG);
    prm.k = 2;
    prm.max_iter = 0;
    CHECK(segkit_kmeans(&img, &prm, &lab, &r) == SEGKIT_ERR_ARG);
    prm.max_iter = 10;
    float fp[2] = {1, NAN};
    segkit_image f;
    segkit_image_wrap(&f, fp, 2, 1, 1, SEGKIT_F32, 8);
    CHECK(segkit_kmeans(&f, &prm, &lab, &r) == SEGKIT_ERR_ARG);
    CHECK(lab.data == NULL);
    int32_t ip[2] = {1, 2};
    segkit_image_wrap(&f, ip, 2, 1, 1, SEGKIT_I32, 8);
    CHECK(segkit_kmeans(&f, &prm, &lab, &r) == SEGKIT_ERR_TYPE);
}

/* ---------------------------------------------------- superpixels */

static uint8_t *boundary(const segkit_image *l)
{
    int w = l->width, h = l->height;
    uint8_t *b = calloc((size_t)w * h, 1);
    for (int y = 0; y < h; y++) {
        const int32_t *r = segkit_image_row(l, y);
        const int32_t *d = y + 1 < h ? segkit_image_row(l, y + 1) : NULL;
        for (int x = 0; x < w; x++)
            b[y * w + x] = (x + 1 < w && r[x] != r[x + 1]) || (d && r[x] != d[x]);
    }
    return b;
}

/* fraction of a's boundary pixels with one of b's within distance tol */
static double recall(const segkit_image *a, const segkit_image *b, int tol)
{
    int w = a->width, h = a->height;
    uint8_t *ba = boundary(a), *bb = boundary(b);
    long tot = 0, hit = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (!ba[y * w + x])
                continue;
            tot++;
            int found = 0;
            for (int yy = y - tol; yy <= y + tol && !found; yy++)
                for (int xx = x - tol; xx <= x + tol && !found; xx++)
                    found = yy >= 0 && yy < h && xx >= 0 && xx < w && bb[yy * w + xx];
            hit += found;
        }
    free(ba), free(bb);
    return tot ? (double)hit / tot : 1.0;
}

/* reads a reference label PNG (8 or 16 bits: imageio writes labels
 * below 256 as 8-bit) as I32 */
static int load_ref(const char *rel, segkit_image *out)
{
    char path[4096];
    segkit_image u;
    if (!check_path(path, sizeof path, "SEGKIT_TESTS", rel) ||
        segkit_read_file(path, NULL, &u, NULL) != SEGKIT_OK)
        return 0;
    segkit_image_create(out, u.width, u.height, 1, SEGKIT_I32);
    for (int y = 0; y < u.height; y++) {
        const void *s = segkit_image_row(&u, y);
        int32_t *d = segkit_image_row(out, y);
        for (int x = 0; x < u.width; x++)
            d[x] = u.type == SEGKIT_U16 ? ((const uint16_t *)s)[x]
                                        : ((const uint8_t *)s)[x];
    }
    segkit_image_free(&u);
    return 1;
}

static void compare_ref(const char *what, const segkit_image *ours,
                        int32_t count, const char *ref_rel, int exact)
{
    segkit_image ref;
    if (!load_ref(ref_rel, &ref)) {
        CHECKF(0, "cannot read %s", ref_rel);
        return;
    }
    int32_t nref = lb_max_label(&ref);
    double r1 = recall(&ref, ours, 2), r2 = recall(ours, &ref, 2);
    long same = 0, n = (long)ref.width * ref.height;
    const int32_t *a = ref.data, *b = ours->data;
    for (long i = 0; i < n; i++)
        same += a[i] == b[i];
    printf("%s: segments %d (skimage %d), boundary recall %.4f / %.4f, "
           "identical labels %.2f %%\n", what, count, nref, r1, r2, 100.0 * same / n);
    CHECKF(fabs((double)count - nref) <= 0.02 * nref, "%s: %d segments vs %d",
           what, count, nref);
    CHECK(lb_max_label(ours) == count);
    CHECKF(r1 >= 0.98 && r2 >= 0.98, "%s: recall %.4f %.4f", what, r1, r2);
    if (exact)
        CHECKF(same == n, "%s: %ld of %ld labels differ from skimage's", what, n - same, n);
    segkit_image_free(&ref);
}

/* cl_slic_isa at every instruction-set level gives labels and count */
static void slic_every_isa(const segkit_image *img, const segkit_slic_params *sp,
                           const segkit_image *labels, int32_t count)
{
    for (int isa = 0; isa <= 2; isa++) {
        segkit_image l2;
        int32_t c2;
        CHECK(cl_slic_isa(img, sp, &l2, &c2, isa) == SEGKIT_OK);
        CHECKF(c2 == count && same_image(labels, &l2), "slic at isa %d: other labels", isa);
        segkit_image_free(&l2);
    }
}

static void test_superpixels(void)
{
    char path[4096];
    segkit_image img, cam, lab;
    int32_t count;
    if (!check_path(path, sizeof path, "SEGKIT_TESTS",
                    "data/malformed/libjpeg-turbo/testorig.ppm") ||
        segkit_read_file(path, NULL, &img, NULL) != SEGKIT_OK) {
        CHECKF(0, "cannot read testorig.ppm");
        return;
    }
    segkit_slic_params sp = segkit_slic_params_default();
    sp.n_segments = 200;
    sp.sigma = 1;
    CHECK(segkit_slic(&img, &sp, &lab, &count) == SEGKIT_OK);
    compare_ref("slic testorig", &lab, count, "data/skimage/testorig_slic.png", 0);
    slic_every_isa(&img, &sp, &lab, count);
    segkit_image_free(&lab);

    /* compactness 30 and 1 (skimage: 183 and 99 segments, 158 at 10) */
    static const struct { double c; const char *what, *ref; } comp[] = {
        {30, "slic testorig compactness 30", "data/skimage/testorig_slic_c30.png"},
        {1, "slic testorig compactness 1", "data/skimage/testorig_slic_c1.png"}};
    for (int i = 0; i < 2; i++) {
        segkit_slic_params cp = sp;
        cp.compactness = comp[i].c;
        CHECK(segkit_slic(&img, &cp, &lab, &count) == SEGKIT_OK);
        compare_ref(comp[i].what, &lab, count, comp[i].ref, 0);
        slic_every_isa(&img, &cp, &lab, count);
        segkit_image_free(&lab);
    }

    /* 4 channels (RGBA, alpha 255 - R): clustered as they are, no Lab (as
     * skimage, which converts 3-channel images only); the same labels on
     * every instruction set (the 4-plane claim kernels) */
    segkit_image rgba;
    CHECK(segkit_image_create(&rgba, img.width, img.height, 4, SEGKIT_U8) == SEGKIT_OK);
    for (int y = 0; y < img.height; y++) {
        const uint8_t *s = segkit_image_row(&img, y);
        uint8_t *d = segkit_image_row(&rgba, y);
        for (int x = 0; x < img.width; x++) {
            memcpy(d + 4 * x, s + 3 * x, 3);
            d[4 * x + 3] = (uint8_t)(255 - s[3 * x]);
        }
    }
    CHECK(segkit_slic(&rgba, &sp, &lab, &count) == SEGKIT_OK);
    compare_ref("slic testorig rgba", &lab, count, "data/skimage/testorig_rgba_slic.png", 0);
    slic_every_isa(&rgba, &sp, &lab, count);
    segkit_image_free(&lab);
    segkit_image_free(&rgba);

    /* hand-worked ties: a flat 16x16 image, 4 segments, one round, no
     * connectivity step: regular_grid((1, 16, 16), 4) has starts (0, 4, 4)
     * and steps (1, 8, 8), seeds (4, 4) (4, 12) (12, 4) (12, 12), all of
     * colour 0 as the image (stretched to 0); each pixel takes its nearest
     * seed, the first one where several are as near (row 8 and column 8),
     * as skimage's strict test in seed order gives:
     *   slic(np.full((16, 16, 3), 77, np.uint8), n_segments=4,
     *        compactness=10, max_iter=1, enforce_connectivity=False,
     *        start_label=1)
     * is 1 on rows 0..8 x columns 0..8, 2 on rows 0..8 x 9..15, 3 on 9..15 x
     * 0..8, 4 on 9..15 x 9..15.  The band of rows 8..15 meets seeds 3 and 4
     * first (nearest first), so the tie rule decides row 8. */
    {
        uint8_t flat[16 * 16 * 3];
        memset(flat, 77, sizeof flat);
        segkit_image fi;
        segkit_image_wrap(&fi, flat, 16, 16, 3, SEGKIT_U8, 48);
        segkit_slic_params tp = segkit_slic_params_default();
        tp.n_segments = 4;
        tp.max_iter = 1;
        tp.enforce_connectivity = 0;
        for (int isa = 0; isa <= 2; isa++) {
            CHECK(cl_slic_isa(&fi, &tp, &lab, &count, isa) == SEGKIT_OK);
            CHECK(count == 4);
            long bad = 0;
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++)
                    bad += ((const int32_t *)lab.data)[16 * y + x] !=
                           1 + (x > 8) + 2 * (y > 8);
            CHECKF(bad == 0, "slic ties, isa %d: %ld labels wrong", isa, bad);
            segkit_image_free(&lab);
        }
    }

    segkit_felzenszwalb_params fp = segkit_felzenszwalb_params_default();
    fp.scale = 100;
    CHECK(segkit_felzenszwalb(&img, &fp, &lab, &count) == SEGKIT_OK);
    compare_ref("felzenszwalb testorig", &lab, count,
                "data/skimage/testorig_felzenszwalb.png", 1);
    segkit_image_free(&lab);

    if (check_path(path, sizeof path, "SEGKIT_DATA", "camera.png") &&
        segkit_read_file(path, NULL, &cam, NULL) == SEGKIT_OK) {
        CHECK(segkit_felzenszwalb(&cam, &fp, &lab, &count) == SEGKIT_OK);
        compare_ref("felzenszwalb camera", &lab, count,
                    "data/skimage/camera_felzenszwalb.png", 1);
        segkit_image_free(&lab);
        segkit_image_free(&cam);
    } else {
        CHECKF(0, "cannot read data/camera.png");
    }

    /* hand-worked: a 6x4 image of two flat halves; with min_size 1 and a
     * tiny scale only the zero-weight edges merge: 2 segments numbered in
     * raster order of their first pixel */
    uint8_t px[24];
    for (int i = 0; i < 24; i++)
        px[i] = (i % 6) < 3 ? 10 : 200;
    segkit_image two;
    segkit_image_wrap(&two, px, 6, 4, 1, SEGKIT_U8, 6);
    fp.scale = 1e-6;
    fp.sigma = 0;
    fp.min_size = 1;
    CHECK(segkit_felzenszwalb(&two, &fp, &lab, &count) == SEGKIT_OK);
    CHECK(count == 2);
    const int32_t *L = lab.data;
    for (int i = 0; i < 24; i++)
        CHECK(L[i] == ((i % 6) < 3 ? 1 : 2));
    segkit_image_free(&lab);
    /* min_size 13 > either half (12): everything merges into one */
    fp.min_size = 13;
    CHECK(segkit_felzenszwalb(&two, &fp, &lab, &count) == SEGKIT_OK);
    CHECK(count == 1);
    segkit_image_free(&lab);

    /* SLIC on the same halves, 2 segments asked: regular_grid((1, 4, 6), 2)
     * has starts (0, 1, 1) and steps (1, 3, 3), so the seeds are (1, 1) and
     * (1, 4); both start with colour 0, the first round splits by distance
     * at x = 2 | 3, which is the halves' border */
    sp = segkit_slic_params_default();
    sp.n_segments = 2;
    CHECK(segkit_slic(&two, &sp, &lab, &count) == SEGKIT_OK);
    CHECK(count == 2);
    L = lab.data;
    for (int i = 0; i < 24; i++)
        CHECK(L[i] == ((i % 6) < 3 ? 1 : 2));
    segkit_image_free(&lab);
    sp.start_label = 2;
    CHECK(segkit_slic(&two, &sp, &lab, &count) == SEGKIT_ERR_ARG);
    segkit_image_free(&img);
}

/* SLIC's steps checked on their own (cluster_internal.h).
 * Lab: cl_slic_lab (table of levels + vector cube root) against the
 * library's float conversion (segkit_color_convert to Lab, f32 in, which is
 * skimage's rgb2lab: test_color) on every 3rd level of each channel
 * (86^3 colours, levels 0 and 255 present so the stretch is the identity),
 * with the samples cl_planar makes (level x (float)(1 / 255)): within 1e-4
 * (the float path's tolerance), at least 99.99 % of the values bit-equal
 * (the cube roots differ in the last double bits, which shows only where a
 * value is within ~1e-15 of a float rounding boundary: 1 of 1.9 million
 * here), and the same bits on every instruction set.
 * Connectivity: the labeller-based step 6 against skimage's flood as
 * written (_enforce_label_connectivity_cython, transliterated in slic.c)
 * on blocky random label maps with fragments, unset pixels, both start
 * labels, and a max_size small enough to cut components (the fallback). */
static void test_slic_steps(void)
{
    int w = 86 * 86, h = 86;
    segkit_image rgb, f, lab;
    CHECK(segkit_image_create(&rgb, w, h, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&f, w, h, 3, SEGKIT_F32) == SEGKIT_OK);
    for (int y = 0; y < h; y++) {
        uint8_t *r = segkit_image_row(&rgb, y);
        float *fr = segkit_image_row(&f, y);
        for (int x = 0; x < w; x++) {
            int v[3] = {3 * y, 3 * (x / 86), 3 * (x % 86)};
            for (int c = 0; c < 3; c++) {
                if (v[c] > 255)
                    v[c] = 255;
                r[3 * x + c] = (uint8_t)v[c];
                fr[3 * x + c] = (float)v[c] * (float)(1.0 / 255); /* as cl_planar */
            }
        }
    }
    segkit_color_space cs = {SEGKIT_SPACE_LAB, 0, 0, 0};
    CHECK(segkit_color_convert(&f, &cs, &lab) == SEGKIT_OK);
    size_t n = (size_t)w * h;
    float *p[3];
    for (int isa = 0; isa <= 2; isa++) {
        p[isa] = malloc(3 * n * sizeof(float));
        CHECK(cl_slic_lab(&rgb, 1.0f, isa, p[isa]) == SEGKIT_OK);
    }
    double worst = 0;
    long exact = 0;
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(&lab, y);
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++) {
                float a = p[0][(size_t)c * n + (size_t)y * w + x];
                double e = fabs((double)a - r[3 * x + c]);
                worst = e > worst ? e : worst;
                exact += a == r[3 * x + c];
            }
    }
    printf("slic lab: max abs error %.3g, %ld of %zu values bit-equal\n", worst, exact, 3 * n);
    CHECKF(worst <= 1e-4, "slic lab: error %g", worst);
    CHECKF(exact >= (long)(0.9999 * 3 * n), "slic lab: %ld bit-equal", exact);
    CHECK(memcmp(p[0], p[1], 3 * n * sizeof(float)) == 0);
    CHECK(memcmp(p[0], p[2], 3 * n * sizeof(float)) == 0);
    /* f32 input: the same samples as f32 give the same planes (the stretch
     * is the identity, each sample companded as the u8 table's entry) */
    float *q = malloc(3 * n * sizeof(float));
    for (int isa = 0; isa <= 2; isa++) {
        CHECK(cl_slic_lab(&f, 1.0f, isa, q) == SEGKIT_OK);
        CHECKF(memcmp(p[0], q, 3 * n * sizeof(float)) == 0, "slic lab f32 = u8, isa %d", isa);
    }
    segkit_image_free(&lab);
    /* f32 samples that are not 8-bit levels (v * 0.8 + 0.1, stretched back
     * to 0..1 by step 1) against segkit_color_convert of the stretched
     * samples (made here as step 1 says: (v - min) / (max - min) in double,
     * rounded to float) */
    float flo = 1, fhi = 0;
    for (int y = 0; y < h; y++) {
        float *fr = segkit_image_row(&f, y);
        for (int i = 0; i < 3 * w; i++) {
            fr[i] = fr[i] * 0.8f + 0.1f;
            flo = fr[i] < flo ? fr[i] : flo;
            fhi = fr[i] > fhi ? fr[i] : fhi;
        }
    }
    segkit_image fs;
    CHECK(segkit_image_create(&fs, w, h, 3, SEGKIT_F32) == SEGKIT_OK);
    long levels = 0;
    for (int y = 0; y < h; y++) {
        const float *fr = segkit_image_row(&f, y);
        float *sr = segkit_image_row(&fs, y);
        for (int i = 0; i < 3 * w; i++) {
            sr[i] = (float)(((double)fr[i] - flo) / ((double)fhi - flo));
            levels += sr[i] == (float)((int)(sr[i] * 255.0f + 0.5f) / 255.0);
        }
    }
    CHECK(segkit_color_convert(&fs, &cs, &lab) == SEGKIT_OK);
    worst = 0, exact = 0;
    for (int isa = 0; isa <= 2; isa++) {
        CHECK(cl_slic_lab(&f, 1.0f, isa, p[isa]) == SEGKIT_OK);
        if (isa)
            CHECK(memcmp(p[0], p[isa], 3 * n * sizeof(float)) == 0);
    }
    for (int y = 0; y < h; y++) {
        const float *r = segkit_image_row(&lab, y);
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++) {
                float a = p[0][(size_t)c * n + (size_t)y * w + x];
                double e = fabs((double)a - r[3 * x + c]);
                worst = e > worst ? e : worst;
                exact += a == r[3 * x + c];
            }
    }
    printf("slic lab f32 (%ld of %zu samples 8-bit levels): max abs error %.3g, %ld of %zu "
           "values bit-equal\n", levels, 3 * n, worst, exact, 3 * n);
    CHECKF(worst <= 1e-4, "slic lab f32: error %g", worst);
    CHECKF(exact >= (long)(0.9999 * 3 * n), "slic lab f32: %ld bit-equal", exact);
    float nan_px[3] = {0.5f, NAN, 0.5f};
    segkit_image bad;
    segkit_image_wrap(&bad, nan_px, 1, 1, 3, SEGKIT_F32, sizeof nan_px);
    CHECK(cl_slic_lab(&bad, 1.0f, -1, q) == SEGKIT_ERR_ARG);
    free(q);
    segkit_image_free(&fs);
    for (int isa = 0; isa <= 2; isa++)
        free(p[isa]);
    segkit_image_free(&lab);
    segkit_image_free(&f);
    segkit_image_free(&rgb);

    int cw = 97, ch = 61;
    size_t cn = (size_t)cw * ch;
    int32_t *seg = malloc(cn * 4), *a = malloc(cn * 4), *b = malloc(cn * 4),
            *comp = malloc(cn * 4);
    uint32_t s = 777;
    for (int trial = 0; trial < 200; trial++) {
        int start = trial & 1;
        /* blocks of bw x bh pixels with labels 0..nv-1 (+ start), then
         * single-pixel noise */
        int bw = 1 + trial % 7, bh = 1 + (trial / 7) % 5, nv = 2 + trial % 5;
        int32_t blk[97 * 61];
        for (int i = 0; i < 97 * 61; i++)
            blk[i] = (int32_t)(lcg(&s) % (uint32_t)nv) + start;
        for (int y = 0; y < ch; y++)
            for (int x = 0; x < cw; x++) {
                int32_t v = blk[(y / bh) * 97 + x / bw];
                uint32_t r = lcg(&s) % 100;
                if (r < (uint32_t)(trial % 5) * 4)
                    v = (int32_t)(lcg(&s) % (uint32_t)nv) + start;
                if (r == 99 && trial % 3 == 0)
                    v = start - 1;   /* unset */
                seg[(size_t)y * cw + x] = v;
            }
        long min_size = 3 + trial % 40, max_size = trial % 4 == 3 ? 60 : 100000;
        int32_t ca = -5, cb = -6;
        memcpy(comp, seg, cn * 4);
        CHECK(cl_slic_connect(seg, cw, ch, min_size, max_size, start, a, b, &ca, 1) ==
              SEGKIT_OK);
        CHECK(memcmp(comp, seg, cn * 4) == 0);
        CHECK(cl_slic_connect(seg, cw, ch, min_size, max_size, start, b, comp, &cb, 0) ==
              SEGKIT_OK);
        CHECKF(ca == cb && memcmp(a, b, cn * 4) == 0,
               "connectivity trial %d: %d vs %d labels", trial, ca, cb);
    }
    free(seg), free(a), free(b), free(comp);

    /* segkit_slic's step 6 (made in place in the output image) = the flood
     * on its labels without step 6, on the labeller's path (factors 0.5, 3)
     * and the cutting flood's (0.1, 0.5), both start labels */
    segkit_image img;
    char path[4096];
    if (!check_path(path, sizeof path, "SEGKIT_TESTS",
                    "data/malformed/libjpeg-turbo/testorig.ppm") ||
        segkit_read_file(path, NULL, &img, NULL) != SEGKIT_OK) {
        CHECKF(0, "cannot read testorig.ppm");
        return;
    }
    for (int v = 0; v < 4; v++) {
        segkit_slic_params sp = segkit_slic_params_default();
        sp.n_segments = 150;
        sp.start_label = v & 1;
        sp.min_size_factor = v < 2 ? 0.5 : 0.1;
        sp.max_size_factor = v < 2 ? 3 : 0.5;
        segkit_image with, without;
        int32_t cw2, cwo, cref;
        CHECK(segkit_slic(&img, &sp, &with, &cw2) == SEGKIT_OK);
        sp.enforce_connectivity = 0;
        CHECK(segkit_slic(&img, &sp, &without, &cwo) == SEGKIT_OK);
        size_t np = (size_t)img.width * img.height;
        int32_t *ref = malloc(np * 4), *scratch = malloc(np * 4);
        /* the seeds: regular_grid((1, h, w), 150) */
        double segsize = (double)np / cwo;   /* every seed keeps pixels here */
        CHECK(cl_slic_connect(without.data, img.width, img.height,
                              (long)(sp.min_size_factor * segsize),
                              (long)(sp.max_size_factor * segsize), sp.start_label, ref,
                              scratch, &cref, 1) == SEGKIT_OK);
        CHECKF(cref == cw2 && memcmp(ref, with.data, np * 4) == 0,
               "slic step 6 in place, variant %d: %d vs %d labels", v, cw2, cref);
        free(ref), free(scratch);
        segkit_image_free(&with);
        segkit_image_free(&without);
    }
    segkit_image_free(&img);
}

/* The smoothing of SLIC and Felzenszwalb (cl_gaussian -> edges_gaussian_f32,
 * row by row in place) against segkit_edges_filter's Gaussian of the same
 * plane as an F32 image (whole double planes; scipy's gaussian_filter in
 * test_edges): the same bits, on random planes whose sides are below, near
 * and above the kernel's radius, for each border mode. */
static void test_gaussian_rows(void)
{
    static const int size[][2] = {{37, 23}, {5, 3}, {1, 9}, {64, 40}};
    static const double sig[] = {0.5, 1, 2.5, 7};
    uint32_t seed = 99;
    long diff = 0, total = 0;
    for (int si = 0; si < 4; si++) {
        int w = size[si][0], h = size[si][1];
        float *p = malloc((size_t)w * h * sizeof *p);
        for (int gi = 0; gi < 4; gi++)
            for (int b = 0; b < SEGKIT_BORDER_COUNT; b++) {
                for (int i = 0; i < w * h; i++)
                    p[i] = (float)(lcg(&seed) % 100000) / 100000.0f;
                segkit_image in, ref;
                segkit_image_wrap(&in, p, w, h, 1, SEGKIT_F32, (size_t)w * sizeof *p);
                segkit_edges_params ep = segkit_edges_params_default();
                ep.method = SEGKIT_EDGES_GAUSSIAN;
                ep.sigma = sig[gi];
                ep.truncate = 4;
                ep.border = (segkit_border)b;
                CHECK(segkit_edges_filter(&in, &ep, &ref) == SEGKIT_OK);
                if (b == SEGKIT_BORDER_SYMMETRIC)
                    CHECK(cl_gaussian(p, w, h, sig[gi]) == SEGKIT_OK);
                else
                    CHECK(edges_gaussian_f32(p, w, h, sig[gi], 4, (segkit_border)b) ==
                          SEGKIT_OK);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        diff += memcmp(p + (size_t)y * w + x,
                                       (const float *)segkit_image_row(&ref, y) + x, 4) != 0;
                total += (long)w * h;
                segkit_image_free(&ref);
            }
        free(p);
    }
    printf("gaussian rows: %ld of %ld values differ from segkit_edges_filter's\n", diff, total);
    CHECK(diff == 0);
}

int main(void)
{
    test_gaussian_rows();
    test_kmeans_synthetic(3);
    test_kmeans_synthetic(20);
    test_kmeans_small();
    test_superpixels();
    test_slic_steps();
    return check_done();
}
