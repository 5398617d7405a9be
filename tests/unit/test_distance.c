/* Distance transforms against scipy.ndimage (python3-scipy 1.10.1) and
 * hand-worked cases.
 *
 * Reference hashes: FNV-1a 64 over the little-endian uint32 values, in
 * raster order, of round(4 d^2) (Euclidean: exact integers for pixel sizes
 * 1 and 2.5) or of d (city-block, chessboard), made by:
 *   m = io.imread('data/horse.png')[..., 0] < 128           # the horse
 *   d = ndi.distance_transform_edt(m, sampling=(sy, sx))
 *   q = np.rint(4 * d * d).astype(np.uint32)
 *   d = ndi.distance_transform_cdt(m, metric='taxicab' | 'chessboard')
 * and the random mask of rand_mask() below (the same LCG in Python:
 *   s = (s * 1103515245 + 12345) & 0x7fffffff; m.flat[i] = ((s >> 16) & 63) != 0).
 * The whole script: see the comment at the end of this file. */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"

static uint64_t fnv_add(uint64_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* hash of round(4 d^2) (squared = 1) or round(d) over a f32 image */
static uint64_t hash_f32(const segkit_image *d, int squared, double *sum, double *max)
{
    uint64_t h = 0xcbf29ce484222325ull;
    *sum = 0;
    *max = 0;
    for (int y = 0; y < d->height; y++) {
        const float *r = segkit_image_row(d, y);
        for (int x = 0; x < d->width; x++) {
            double v = r[x];
            *sum += v;
            *max = v > *max ? v : *max;
            h = fnv_add(h, (uint32_t)llround(squared ? 4 * v * v : v));
        }
    }
    return h;
}

static void rand_mask(segkit_image *m, int w, int h, uint32_t seed)
{
    segkit_image_create(m, w, h, 1, SEGKIT_U8);
    uint32_t s = seed;
    for (int y = 0; y < h; y++) {
        uint8_t *r = segkit_image_row(m, y);
        for (int x = 0; x < w; x++) {
            s = (s * 1103515245u + 12345u) & 0x7fffffffu;
            r[x] = ((s >> 16) & 63) != 0 ? 255 : 0;
        }
    }
}

static int horse_mask(segkit_image *m)
{
    char path[4096];
    segkit_image rgba;
    if (!check_path(path, sizeof path, "SEGKIT_DATA", "horse.png") ||
        segkit_read_file(path, NULL, &rgba, NULL) != SEGKIT_OK)
        return 0;
    segkit_image_create(m, rgba.width, rgba.height, 1, SEGKIT_U8);
    for (int y = 0; y < rgba.height; y++) {
        const uint8_t *s = segkit_image_row(&rgba, y);
        uint8_t *d = segkit_image_row(m, y);
        for (int x = 0; x < rgba.width; x++)
            d[x] = s[x * rgba.channels] < 128 ? 1 : 0;
    }
    segkit_image_free(&rgba);
    return 1;
}

typedef struct ref {
    double sx, sy;
    uint64_t fnv;
    double sum, max;
} ref;

/* every nearest pixel is a feature pixel at exactly the reported distance */
static void check_nearest(const segkit_image *m, const segkit_image *d,
                          const segkit_image *nn, double sx, double sy)
{
    int bad = 0;
    for (int y = 0; y < m->height; y++)
        for (int x = 0; x < m->width; x++) {
            const int32_t *p = (const int32_t *)segkit_image_row(nn, y) + 2 * x;
            int ny = p[0], nx = p[1];
            if (ny < 0 || nx < 0 || ny >= m->height || nx >= m->width) {
                bad++;
                continue;
            }
            uint8_t f = ((uint8_t *)segkit_image_row(m, ny))[nx];
            double e = hypot((nx - x) * sx, (ny - y) * sy);
            double v = ((float *)segkit_image_row(d, y))[x];
            bad += f != 0 || fabs(e - v) > 1e-4;
        }
    CHECKF(bad == 0, "%d pixels with a wrong nearest feature", bad);
}

static void check_edt(const char *name, const segkit_image *m, const ref *refs,
                      int nrefs, uint64_t taxicab, uint64_t chess)
{
    for (int i = 0; i < nrefs; i++) {
        segkit_distance_params p = segkit_distance_params_default();
        p.spacing_x = refs[i].sx;
        p.spacing_y = refs[i].sy;
        segkit_image d, nn;
        CHECK(segkit_distance_transform(m, &p, &d, &nn) == SEGKIT_OK);
        double sum, max;
        uint64_t h = hash_f32(&d, 1, &sum, &max);
        CHECKF(h == refs[i].fnv, "%s sx %g sy %g: hash %#llx", name, refs[i].sx,
               refs[i].sy, (unsigned long long)h);
        CHECKF(fabs(sum - refs[i].sum) < 1e-6 * refs[i].sum, "%s: sum %.10g", name, sum);
        CHECKF(fabs(max - refs[i].max) < 1e-4, "%s: max %.10g", name, max);
        check_nearest(m, &d, &nn, refs[i].sx, refs[i].sy);
        /* the same into a view of a wider image (the work space is the
         * output itself, rows further apart than tight) */
        segkit_image big, view;
        CHECK(segkit_image_create(&big, m->width + 3, m->height, 1, SEGKIT_F32) == SEGKIT_OK);
        CHECK(segkit_image_view(&big, 2, 0, m->width, m->height, &view) == SEGKIT_OK);
        CHECK(segkit_distance_transform_to(m, &p, &view, NULL) == SEGKIT_OK);
        int diff = 0;
        for (int y = 0; y < m->height; y++)
            diff += memcmp(segkit_image_row(&view, y), segkit_image_row(&d, y),
                           (size_t)m->width * 4) != 0;
        CHECK(diff == 0);
        segkit_image_free(&big);
        segkit_image_free(&d);
        segkit_image_free(&nn);
    }
    static const segkit_distance_metric ms[] = {SEGKIT_DISTANCE_CITYBLOCK,
                                                SEGKIT_DISTANCE_CHESSBOARD};
    uint64_t want[] = {taxicab, chess};
    for (int k = 0; k < 2; k++) {
        segkit_distance_params p = segkit_distance_params_default();
        p.metric = ms[k];
        segkit_image d;
        CHECK(segkit_distance_transform(m, &p, &d, NULL) == SEGKIT_OK);
        double sum, max;
        uint64_t h = hash_f32(&d, 0, &sum, &max);
        CHECKF(h == want[k], "%s %s: hash %#llx", name, segkit_distance_metric_name(ms[k]),
               (unsigned long long)h);
        segkit_image_free(&d);
    }
}

static void test_references(void)
{
    segkit_image m;
    if (horse_mask(&m)) {
        static const ref r[] = {
            {1, 1, 0x2bb8f4e933630dc1ull, 700734.0828, 53.33854141},
            {2.5, 1, 0x7b96bb16c146c11dull, 968154.2559, 74.46643539},  /* sampling=(1, 2.5) */
            {1, 2.5, 0x25c1e322814505c3ull, 1129036.877, 105.0047618},  /* sampling=(2.5, 1) */
        };
        check_edt("horse", &m, r, 3, 0x834d4f377b064d2eull, 0xd410f29f773ae1a6ull);
        segkit_image_free(&m);
    } else {
        CHECKF(0, "data/horse.png not readable (SEGKIT_DATA)");
    }
    rand_mask(&m, 300, 200, 12345);
    static const ref r[] = {
        {1, 1, 0x109d989966dd029ull, 244874.0149, 13.89244399},
        {2.5, 1, 0x39e039a2127041baull, 389664.0346, 23.32380758},
        {1, 2.5, 0x45beff058deb3961ull, 389834.2674, 27.66315239},
    };
    check_edt("random", &m, r, 3, 0x9157aa20058e26full, 0x8f0526ac5e6f0cc4ull);
    segkit_image_free(&m);
}

static float at(const segkit_image *d, int x, int y)
{
    return ((float *)segkit_image_row(d, y))[x];
}

static void test_small(void)
{
    /* one zero pixel at (3, 2) in 7x5 of ones */
    uint8_t px[35];
    memset(px, 1, sizeof px);
    px[2 * 7 + 3] = 0;
    segkit_image m, d, nn;
    segkit_image_wrap(&m, px, 7, 5, 1, SEGKIT_U8, 7);
    segkit_distance_params p = segkit_distance_params_default();
    /* chessboard: scipy distance_transform_cdt(m, 'chessboard') has 3 at the
     * corners, 2 at (1, 0) */
    p.metric = SEGKIT_DISTANCE_CHESSBOARD;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(at(&d, 0, 0) == 3 && at(&d, 1, 0) == 2 && at(&d, 3, 2) == 0 && at(&d, 4, 3) == 1);
    segkit_image_free(&d);
    /* chamfer 3-4 by hand: (0,0) is 3 right, 2 up: 2 diagonals (8) + 1
     * straight (3) = 11, /3; chamfer 5-7-11: one knight (11) + one
     * diagonal (7) = 18, /5 */
    p.metric = SEGKIT_DISTANCE_CHAMFER34;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(fabs(at(&d, 0, 0) - 11.0 / 3) < 1e-6 && fabs(at(&d, 3, 0) - 2) < 1e-6);
    segkit_image_free(&d);
    p.metric = SEGKIT_DISTANCE_CHAMFER5711;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(fabs(at(&d, 0, 0) - 18.0 / 5) < 1e-6 && fabs(at(&d, 1, 1) - 11.0 / 5) < 1e-6);
    segkit_image_free(&d);
    /* chamfer with a square pixel of 2 scales; with a non-square pixel it is refused */
    p.spacing_x = p.spacing_y = 2;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(fabs(at(&d, 0, 0) - 36.0 / 5) < 1e-6);
    segkit_image_free(&d);
    p.spacing_y = 1;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_ERR_ARG && !d.data);

    /* euclidean to the nonzero pixels: one pixel at (1, 1) in 4x3 zeros;
     * (3, 2) is sqrt(4 + 1) away; nearest (row 1, col 1) everywhere */
    uint8_t q[12] = {0};
    q[5] = 9;
    segkit_image_wrap(&m, q, 4, 3, 1, SEGKIT_U8, 4);
    p = segkit_distance_params_default();
    p.target = SEGKIT_DISTANCE_TO_NONZERO;
    CHECK(segkit_distance_transform(&m, &p, &d, &nn) == SEGKIT_OK);
    CHECK(fabs(at(&d, 3, 2) - sqrt(5.0)) < 1e-6 && at(&d, 1, 1) == 0);
    CHECK(nn.channels == 2 && nn.type == SEGKIT_I32);
    const int32_t *n0 = segkit_image_row(&nn, 2);
    CHECK(n0[2 * 3] == 1 && n0[2 * 3 + 1] == 1);
    segkit_image_free(&d);
    segkit_image_free(&nn);
    /* signed: +1 on the pixel (its nearest zero is 1 away), -sqrt 5 at (3, 2) */
    p.target = SEGKIT_DISTANCE_SIGNED;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(at(&d, 1, 1) == 1 && fabs(at(&d, 3, 2) + sqrt(5.0)) < 1e-6 &&
          fabs(at(&d, 0, 0) + sqrt(2.0)) < 1e-6);
    segkit_image_free(&d);
    /* u16 output: round(d * 10), saturating; no feature at all: 65535 */
    p.target = SEGKIT_DISTANCE_TO_NONZERO;
    p.out_type = SEGKIT_U16;
    p.scale = 10;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(d.type == SEGKIT_U16 && ((uint16_t *)segkit_image_row(&d, 2))[3] == 22);
    segkit_image_free(&d);
    p.scale = 40000;
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK);
    CHECK(((uint16_t *)segkit_image_row(&d, 2))[3] == 65535 &&
          ((uint16_t *)segkit_image_row(&d, 1))[1] == 0);
    segkit_image_free(&d);
    p.target = SEGKIT_DISTANCE_TO_ZERO;  /* only one nonzero: fine; all zero -> no object */
    uint8_t none[4] = {0};
    segkit_image z;
    segkit_image_wrap(&z, none, 2, 2, 1, SEGKIT_U8, 2);
    p = segkit_distance_params_default();
    p.target = SEGKIT_DISTANCE_TO_NONZERO;
    CHECK(segkit_distance_transform(&z, &p, &d, &nn) == SEGKIT_OK);
    CHECK(isinf(at(&d, 1, 1)) && ((int32_t *)nn.data)[0] == -1);
    segkit_image_free(&d);
    segkit_image_free(&nn);

    /* other types: f32 and i32 masks, nonzero = foreground */
    float fq[3] = {0.5f, 0, 0};
    segkit_image_wrap(&m, fq, 3, 1, 1, SEGKIT_F32, 12);
    CHECK(segkit_distance_transform(&m, &p, &d, NULL) == SEGKIT_OK && at(&d, 2, 0) == 2);
    segkit_image_free(&d);

    /* errors; _to with an output of the wrong size or type */
    CHECK(segkit_distance_transform(&z, NULL, &d, NULL) == SEGKIT_OK);
    CHECK(segkit_distance_transform_to(&m, NULL, &d, NULL) == SEGKIT_ERR_SIZE);
    p = segkit_distance_params_default();
    p.out_type = SEGKIT_U16;
    CHECK(segkit_distance_transform_to(&z, &p, &d, NULL) == SEGKIT_ERR_TYPE);
    segkit_image_free(&d);

    uint8_t rgb[12] = {0};
    segkit_image c;
    segkit_image_wrap(&c, rgb, 2, 2, 3, SEGKIT_U8, 6);
    CHECK(segkit_distance_transform(&c, NULL, &d, NULL) == SEGKIT_ERR_TYPE);
    CHECK(segkit_distance_transform(NULL, NULL, &d, NULL) == SEGKIT_ERR_ARG);
    p.spacing_x = 0;
    CHECK(segkit_distance_transform(&z, &p, &d, NULL) == SEGKIT_ERR_ARG);
    p = segkit_distance_params_default();
    p.metric = SEGKIT_DISTANCE_METRIC_COUNT;
    CHECK(segkit_distance_transform(&z, &p, &d, NULL) == SEGKIT_ERR_ARG);
    segkit_distance_metric mm;
    CHECK(segkit_distance_metric_parse("chamfer5711", &mm) == SEGKIT_OK &&
          mm == SEGKIT_DISTANCE_CHAMFER5711);
    CHECK(segkit_distance_metric_parse("l2", &mm) == SEGKIT_ERR_ARG);
}

/* The nearest feature pixels against scipy's return_indices on a 6x5 mask:
 *   m = np.array([[int(c) for c in r] for r in rows])
 *   d, ind = ndi.distance_transform_edt(m, return_indices=True)
 *   d, ind = ndi.distance_transform_edt(m, sampling=(2.5, 1), return_indices=True)
 * (ind[0] rows, ind[1] columns, below).  Where several zero pixels are
 * equally near, scipy and we may pick different ones: then the distance to
 * ours must equal the distance to scipy's; where the nearest is unique
 * (counted here by brute force) the indices must be equal. */
static void test_nearest_vs_scipy(void)
{
    static const char *const rows[] = {"111111", "110111", "111110", "111111", "011111"};
    static const int32_t iy1[5][6] = {{1, 1, 1, 1, 1, 2}, {1, 1, 1, 1, 2, 2}, {4, 1, 1, 1, 2, 2},
                                      {4, 4, 1, 1, 2, 2}, {4, 4, 4, 2, 2, 2}};
    static const int32_t ix1[5][6] = {{2, 2, 2, 2, 2, 5}, {2, 2, 2, 2, 5, 5}, {0, 2, 2, 2, 5, 5},
                                      {0, 0, 2, 2, 5, 5}, {0, 0, 0, 5, 5, 5}};
    static const int32_t iy2[5][6] = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 2}, {1, 1, 1, 2, 2, 2},
                                      {4, 4, 4, 2, 2, 2}, {4, 4, 4, 4, 4, 4}};
    static const int32_t ix2[5][6] = {{2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 5}, {2, 2, 2, 5, 5, 5},
                                      {0, 0, 0, 5, 5, 5}, {0, 0, 0, 0, 0, 0}};
    uint8_t px[30];
    for (int i = 0; i < 30; i++)
        px[i] = rows[i / 6][i % 6] == '1';
    segkit_image m;
    segkit_image_wrap(&m, px, 6, 5, 1, SEGKIT_U8, 6);
    for (int k = 0; k < 2; k++) {
        double sy = k ? 2.5 : 1, sx = 1;
        const int32_t(*iy)[6] = k ? iy2 : iy1, (*ix)[6] = k ? ix2 : ix1;
        segkit_distance_params p = segkit_distance_params_default();
        p.spacing_x = sx;
        p.spacing_y = sy;
        segkit_image d, nn;
        CHECK(segkit_distance_transform(&m, &p, &d, &nn) == SEGKIT_OK);
        int bad_dist = 0, bad_idx = 0, unique = 0;
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++) {
                const int32_t *q = (const int32_t *)segkit_image_row(&nn, y) + 2 * x;
                double want = hypot((iy[y][x] - y) * sy, (ix[y][x] - x) * sx);
                double got = hypot((q[0] - y) * sy, (q[1] - x) * sx);
                bad_dist += q[0] < 0 || q[0] >= 5 || q[1] < 0 || q[1] >= 6 ||
                            px[q[0] * 6 + q[1]] != 0 || fabs(got - want) > 1e-9 ||
                            fabs(at(&d, x, y) - want) > 1e-5;
                int ties = 0;
                for (int j = 0; j < 30; j++)
                    ties += !px[j] && fabs(hypot((j / 6 - y) * sy, (j % 6 - x) * sx) - want) < 1e-9;
                if (ties == 1) {
                    unique++;
                    bad_idx += q[0] != iy[y][x] || q[1] != ix[y][x];
                }
            }
        CHECKF(bad_dist == 0, "sampling (%g, %g): %d pixels", sy, sx, bad_dist);
        CHECKF(bad_idx == 0 && unique > 10, "sampling (%g, %g): %d of %d", sy, sx, bad_idx,
               unique);
        segkit_image_free(&d);
        segkit_image_free(&nn);
    }
}

int main(void)
{
    test_references();
    test_small();
    test_nearest_vs_scipy();
    return check_done();
}

/* The script that printed the references (python3-skimage 0.19.3, scipy 1.10.1):
 *
 * import numpy as np
 * from skimage import io
 * from scipy import ndimage as ndi
 * def fnv(vals):
 *     h = 0xcbf29ce484222325
 *     for v in vals.ravel().tolist():
 *         for b in int(v).to_bytes(4, 'little'):
 *             h ^= b; h = (h * 0x100000001b3) & 0xffffffffffffffff
 *     return h
 * def randmask(w, h, seed):
 *     s = seed; m = np.zeros((h, w), bool)
 *     for i in range(w * h):
 *         s = (s * 1103515245 + 12345) & 0x7fffffff
 *         m.flat[i] = ((s >> 16) & 63) != 0
 *     return m
 * horse = io.imread('data/horse.png')[..., 0] < 128
 * rnd = randmask(300, 200, 12345)
 * for name, m in (('horse', horse), ('random', rnd)):
 *     for samp in ((1, 1), (1, 2.5), (2.5, 1)):
 *         d = ndi.distance_transform_edt(m, sampling=samp)
 *         q = np.rint(4 * d * d).astype(np.uint32)
 *         print(name, samp, 'fnv %#x' % fnv(q), 'sum %.10g' % d.sum(), 'max %.10g' % d.max())
 *     for met in ('taxicab', 'chessboard'):
 *         d = ndi.distance_transform_cdt(m, metric=met)
 *         print(name, met, 'fnv %#x' % fnv(d.astype(np.uint32)), 'sum', d.sum())
 */
