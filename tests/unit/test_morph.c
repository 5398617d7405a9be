/* Morphology against scikit-image 0.19.3 / scipy 1.10.1 (python3-skimage,
 * python3-scipy) on data/camera.png and data/coins.png, and hand-worked
 * cases.  Expected values are FNV-1a 64 hashes of the result's bytes in
 * raster order (boolean results as 0/1 bytes; ours are 0/255 and are
 * hashed as 0/1), printed by the script at the end of this file:
 *   fnv(mo.erosion(img, fp)), fnv(mo.binary_erosion(img > 128, fp)), ... */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/morph.h"

static uint64_t fnv(const segkit_image *img, int as01)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++) {
            h ^= as01 ? r[x] != 0 : r[x];
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

static int load_gray(const char *name, segkit_image *g)
{
    char path[4096];
    if (!check_path(path, sizeof path, "SEGKIT_DATA", name) ||
        segkit_read_file(path, NULL, g, NULL) != SEGKIT_OK || g->channels != 1)
        return 0;
    return 1;
}

/* mask = 255 where img > t */
static void threshold(const segkit_image *img, int t, segkit_image *m)
{
    segkit_image_create(m, img->width, img->height, 1, SEGKIT_U8);
    for (int y = 0; y < img->height; y++) {
        const uint8_t *s = segkit_image_row(img, y);
        uint8_t *d = segkit_image_row(m, y);
        for (int x = 0; x < img->width; x++)
            d[x] = s[x] > t ? 255 : 0;
    }
}

typedef struct se_ref {
    const char *se;
    uint64_t gray[3], bin[3];  /* erosion, dilation, opening */
} se_ref;

typedef struct image_ref {
    const char *file;
    se_ref se[3];
    uint64_t close_disk3, tophat_disk3, blackhat_disk3;
    uint64_t fill_holes;
    uint64_t hmax10, hmin10;
    uint64_t locmax8, locmax4, locmin8;
    uint64_t areaopen64, areaclose64, areaopen200_8;
    uint64_t rec_dil, rec_ero;
} image_ref;

static const image_ref refs[] = {
    {"camera.png",
     {{"disk:3",
       {0x23595f6df0dab849ull, 0xa73c82e4b722182cull, 0x7aaf08538b8c1861ull},
       {0xd1fdbfe0172a228ull, 0x5c70b23890ed9af5ull, 0x73a11113d013c660ull}},
      {"square:5",
       {0x1860fd96c1711788ull, 0xd0ce88d00c317f81ull, 0x3e7a94f392eba680ull},
       {0x81989abab3a5f6b2ull, 0x79afb08c70461775ull, 0xc99c305b6bc35e1dull}},
      {"diamond:2",
       {0xdcd518e02e10ba8bull, 0x1c237fa99108884eull, 0xa730e1f89bc1302ull},
       {0xac31113e59271130ull, 0x2b30d67f445557d3ull, 0x6ec9514efdfde4eeull}}},
     0xbe47765714a426f4ull, 0xe8e2687fd1b85454ull, 0x964ab9db98aebe3dull,
     0xc821ea5d906ada9dull,
     0x432e8fc7a006660ull, 0xdb14ed3e78a084f4ull,
     0x8cacf6c8c355c7c9ull, 0x49e7cb090e85b502ull, 0x64e0bd8364b50e4ull,
     0x1e697c35b8a29328ull, 0xf79b0715c4a6e44full, 0xe6a3495faf8f0201ull,
     0x9793d0f2f06884c3ull, 0x1cfd5d546de3290full},
    {"coins.png",
     {{"disk:3",
       {0x6d480cfae4e8d53dull, 0x925d4414f828178bull, 0xdd6b6ff28aa9b3eaull},
       {0xecc4e128c7fab0e5ull, 0x4230d71a8ab952b9ull, 0x3db873701a19df1eull}},
      {"square:5",
       {0x2890cbe16690c22full, 0x26473f20c1fd837full, 0x6615a05b16b7fff9ull},
       {0xfb1bbfe69200c41full, 0x9baba5daf2d888acull, 0xb969a4478fdc3be3ull}},
      {"diamond:2",
       {0x5dfff9e1bb0597c6ull, 0x2ff4681e2ea5546cull, 0xa37a494ccbcb0762ull},
       {0x51e4a2cb25abec8bull, 0x619a476b8f03a8edull, 0xe02a2d9608e3e184ull}}},
     0xfccedcff31590a2full, 0xe5bdbdcfa27c1b75ull, 0xfc9bd306bbc477c4ull,
     0x8322c137e8752078ull,
     0xa346df281efe5d4bull, 0x7974e26e599aa048ull,
     0x1b3842050c26a9f7ull, 0xf2870494b0ec0edbull, 0x5db0951539390d28ull,
     0xae0b8ca61f555710ull, 0x48dc3a78fd98315cull, 0x74d55da9a021a83dull,
     0x2d963715ef3ffa9dull, 0xaad7cc765ab9fef2ull},
};

#define HASH_IS(call, as01, want, what)                                          \
    do {                                                                         \
        segkit_image o_;                                                         \
        int st_ = (call);                                                        \
        CHECKF(st_ == SEGKIT_OK, "%s: %s", what, segkit_strerror(st_));          \
        if (st_ == SEGKIT_OK) {                                                  \
            uint64_t h_ = fnv(&o_, as01);                                        \
            CHECKF(h_ == (want), "%s %s: hash %#llx", r->file, what,              \
                   (unsigned long long)h_);                                      \
            segkit_image_free(&o_);                                              \
        }                                                                        \
    } while (0)

/* u16 (x 257) and f32 (/ 255) give the u8 result, mapped the same way:
 * erosion commutes with increasing maps */
static void check_types(const segkit_image *g, const segkit_se *se, segkit_morph_op op)
{
    segkit_image u8o, w16, f32, o16, of;
    segkit_image_create(&w16, g->width, g->height, 1, SEGKIT_U16);
    segkit_image_create(&f32, g->width, g->height, 1, SEGKIT_F32);
    for (int y = 0; y < g->height; y++)
        for (int x = 0; x < g->width; x++) {
            uint8_t v = ((uint8_t *)segkit_image_row(g, y))[x];
            ((uint16_t *)segkit_image_row(&w16, y))[x] = (uint16_t)(v * 257);
            ((float *)segkit_image_row(&f32, y))[x] = v / 255.0f;
        }
    CHECK(segkit_morph(g, op, se, &u8o) == SEGKIT_OK);
    CHECK(segkit_morph(&w16, op, se, &o16) == SEGKIT_OK);
    CHECK(segkit_morph(&f32, op, se, &of) == SEGKIT_OK);
    int bad = 0;
    for (int y = 0; y < g->height; y++)
        for (int x = 0; x < g->width; x++) {
            uint8_t v = ((uint8_t *)segkit_image_row(&u8o, y))[x];
            bad += ((uint16_t *)segkit_image_row(&o16, y))[x] != v * 257;
            bad += ((float *)segkit_image_row(&of, y))[x] != v / 255.0f;
        }
    CHECKF(bad == 0, "%s: %d u16/f32 pixels differ from u8", segkit_morph_op_name(op), bad);
    segkit_image_free(&u8o), segkit_image_free(&w16), segkit_image_free(&f32);
    segkit_image_free(&o16), segkit_image_free(&of);
}

static void test_images(void)
{
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        const image_ref *r = &refs[i];
        segkit_image g, m;
        if (!load_gray(r->file, &g)) {
            CHECKF(0, "%s not readable (SEGKIT_DATA)", r->file);
            continue;
        }
        threshold(&g, 128, &m);
        for (int s = 0; s < 3; s++) {
            segkit_se se;
            CHECK(segkit_se_parse(r->se[s].se, &se) == SEGKIT_OK);
            static const segkit_morph_op ops[3] = {SEGKIT_MORPH_ERODE, SEGKIT_MORPH_DILATE,
                                                   SEGKIT_MORPH_OPEN};
            for (int k = 0; k < 3; k++) {
                char what[64];
                snprintf(what, sizeof what, "%s %s", segkit_morph_op_name(ops[k]), r->se[s].se);
                HASH_IS(segkit_morph(&g, ops[k], &se, &o_), 0, r->se[s].gray[k], what);
                snprintf(what, sizeof what, "binary %s %s", segkit_morph_op_name(ops[k]),
                         r->se[s].se);
                HASH_IS(segkit_morph(&m, ops[k], &se, &o_), 1, r->se[s].bin[k], what);
            }
            if (i == 0)
                check_types(&g, &se, SEGKIT_MORPH_OPEN);
        }
        segkit_se d3;
        segkit_se_parse("disk:3", &d3);
        HASH_IS(segkit_morph(&g, SEGKIT_MORPH_CLOSE, &d3, &o_), 0, r->close_disk3, "close");
        HASH_IS(segkit_morph(&g, SEGKIT_MORPH_TOPHAT, &d3, &o_), 0, r->tophat_disk3, "tophat");
        HASH_IS(segkit_morph(&g, SEGKIT_MORPH_BLACKHAT, &d3, &o_), 0, r->blackhat_disk3,
                "blackhat");
        HASH_IS(segkit_morph_fill_holes(&m, &o_), 1, r->fill_holes, "fill holes");
        HASH_IS(segkit_morph_hextrema(&g, 10, 8, 0, &o_), 1, r->hmax10, "h_maxima 10");
        HASH_IS(segkit_morph_hextrema(&g, 10, 8, 1, &o_), 1, r->hmin10, "h_minima 10");
        HASH_IS(segkit_morph_regional_extrema(&g, 8, 0, &o_), 1, r->locmax8, "local_maxima");
        HASH_IS(segkit_morph_regional_extrema(&g, 4, 0, &o_), 1, r->locmax4, "local_maxima 4");
        HASH_IS(segkit_morph_regional_extrema(&g, 8, 1, &o_), 1, r->locmin8, "local_minima");
        HASH_IS(segkit_morph_area_open(&g, 64, 4, 0, &o_), 0, r->areaopen64, "area_opening");
        HASH_IS(segkit_morph_area_open(&g, 64, 4, 1, &o_), 0, r->areaclose64, "area_closing");
        HASH_IS(segkit_morph_area_open(&g, 200, 8, 0, &o_), 0, r->areaopen200_8,
                "area_opening 200 8");
        /* reconstruction: seed = img -/+ 40 clipped */
        segkit_image sd, se2;
        segkit_image_copy(&g, &sd);
        segkit_image_copy(&g, &se2);
        for (int y = 0; y < g.height; y++)
            for (int x = 0; x < g.width; x++) {
                uint8_t *a = (uint8_t *)segkit_image_row(&sd, y) + x;
                uint8_t *b = (uint8_t *)segkit_image_row(&se2, y) + x;
                *a = *a < 40 ? 0 : *a - 40;
                *b = *b > 215 ? 255 : *b + 40;
            }
        HASH_IS(segkit_morph_reconstruct(&sd, &g, 0, 8, &o_), 0, r->rec_dil, "reconstruction");
        HASH_IS(segkit_morph_reconstruct(&se2, &g, 1, 8, &o_), 0, r->rec_ero,
                "reconstruction by erosion");
        segkit_image_free(&sd), segkit_image_free(&se2);
        segkit_image_free(&g), segkit_image_free(&m);
    }
}

static void test_footprints(void)
{
    /* fnv(mo.disk(r)), fnv(mo.diamond(r)) for r = 0..20 */
    static const uint64_t disk[21] = {
        0xaf63bc4c8601b62cull, 0x36e88241e07614dcull, 0xf231cdf0b0b67f7cull,
        0x690f507315b657fcull, 0xbf1fe681515c4244ull, 0x216cfb715ad96e5cull,
        0xc01950218875eecull,  0xea232776926680bcull, 0x619553411adf8874ull,
        0xa33d7c61dfd2936cull, 0x1236605c8bf6e5ccull, 0x738c589d25887a14ull,
        0xc4f4e222fde430cull,  0xdcaa9faa546148f4ull, 0x78b32daae9b8f54ull,
        0x651d3690a612c44cull, 0x7425f0f393862174ull, 0x72f98fdc5e638c74ull,
        0x74c5bccd96261934ull, 0xbc69c399a617d9ccull, 0xe797d0a09e7b1f8cull};
    static const uint64_t diamond[21] = {
        0xaf63bc4c8601b62cull, 0x36e88241e07614dcull, 0xf231cdf0b0b67f7cull,
        0x676d36ab98289d8cull, 0x324ddf78d9c8eccull,  0x7040cde6ebbe723cull,
        0x6dbe28cd3c7e221cull, 0x681e9338ea97d4ecull, 0xbbcce84bf304976cull,
        0xa4b4af71153279cull,  0x889658ce8bad6cbcull, 0xed8b0b330247ec4cull,
        0x6c0a67a936f7400cull, 0xbdaf635fd399c4fcull, 0xd16fc47b3526cf5cull,
        0xa3b6ec1c4c8373acull, 0x45a50d20df03f8acull, 0x35b06e961b79da5cull,
        0x3c445fa753eeb9fcull, 0x16848a760ec6fb0cull, 0x40374afe63ac314cull};
    for (int r = 0; r <= 20; r++) {
        segkit_se se = {.shape = SEGKIT_SE_DISK, .radius = r};
        segkit_image fp;
        CHECK(segkit_se_footprint(&se, &fp) == SEGKIT_OK);
        CHECKF(fnv(&fp, 0) == disk[r], "disk(%d)", r);
        segkit_image_free(&fp);
        se.shape = SEGKIT_SE_DIAMOND;
        CHECK(segkit_se_footprint(&se, &fp) == SEGKIT_OK);
        CHECKF(fnv(&fp, 0) == diamond[r], "diamond(%d)", r);
        segkit_image_free(&fp);
    }
    /* lines by hand: line:5,0 is the middle row of 5x5; line:5,45 the
     * anti-diagonal (y up); line:4,90 becomes 5 tall */
    segkit_se se;
    segkit_image fp;
    CHECK(segkit_se_parse("line:5,45", &se) == SEGKIT_OK && segkit_se_footprint(&se, &fp) == SEGKIT_OK);
    int ok = fp.width == 5 && fp.height == 5;
    for (int y = 0; ok && y < 5; y++)
        for (int x = 0; x < 5; x++)
            ok &= ((uint8_t *)segkit_image_row(&fp, y))[x] == (x + y == 4);
    CHECK(ok);
    segkit_image_free(&fp);
    CHECK(segkit_se_parse("line:4,90", &se) == SEGKIT_OK && segkit_se_footprint(&se, &fp) == SEGKIT_OK);
    ok = fp.width == 5 && fp.height == 5;
    for (int y = 0; ok && y < 5; y++)
        for (int x = 0; x < 5; x++)
            ok &= ((uint8_t *)segkit_image_row(&fp, y))[x] == (x == 2);
    CHECK(ok);
    segkit_image_free(&fp);
    CHECK(segkit_se_parse("rect:7x3", &se) == SEGKIT_OK && se.width == 7 && se.height == 3);
    CHECK(segkit_se_parse("cross:2", &se) == SEGKIT_OK && se.shape == SEGKIT_SE_CROSS);
    CHECK(segkit_se_parse("disk:-1", &se) == SEGKIT_ERR_ARG);
    CHECK(segkit_se_parse("rect:7", &se) == SEGKIT_ERR_ARG);
    CHECK(segkit_se_parse("square:5x", &se) == SEGKIT_ERR_ARG);
    CHECK(segkit_se_parse("ball:3", &se) == SEGKIT_ERR_ARG);
    CHECK(segkit_se_parse("line:9", &se) == SEGKIT_ERR_ARG);
    CHECK(segkit_se_parse("square:0", &se) == SEGKIT_ERR_ARG);
}

static uint8_t px(const segkit_image *o, int x, int y)
{
    return ((uint8_t *)segkit_image_row(o, y))[x];
}

static void test_small(void)
{
    /* a line:3,0 dilation of one pixel at (0,1) of 4x3: (0,1) and (1,1);
     * the border does not count: an erosion by rect:3x1 of a full row
     * keeps its ends */
    uint8_t a[12] = {0};
    a[4] = 200;
    segkit_image in, o;
    segkit_image_wrap(&in, a, 4, 3, 1, SEGKIT_U8, 4);
    segkit_se se;
    segkit_se_parse("line:3,0", &se);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_DILATE, &se, &o) == SEGKIT_OK);
    CHECK(px(&o, 0, 1) == 200 && px(&o, 1, 1) == 200 && px(&o, 2, 1) == 0 && px(&o, 0, 0) == 0);
    segkit_image_free(&o);
    uint8_t row[5] = {9, 9, 9, 9, 9};
    segkit_image_wrap(&in, row, 5, 1, 1, SEGKIT_U8, 5);
    segkit_se_parse("rect:3x1", &se);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_ERODE, &se, &o) == SEGKIT_OK);
    CHECK(px(&o, 0, 0) == 9 && px(&o, 4, 0) == 9);
    segkit_image_free(&o);
    /* an even rect 2x1 erodes with the pixel and its left neighbour
     * (offsets -1, 0: centre at W/2); dilation uses the reflection */
    uint8_t r2[4] = {5, 1, 7, 8};
    segkit_image_wrap(&in, r2, 4, 1, 1, SEGKIT_U8, 4);
    segkit_se_parse("rect:2x1", &se);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_ERODE, &se, &o) == SEGKIT_OK);
    CHECK(px(&o, 0, 0) == 5 && px(&o, 1, 0) == 1 && px(&o, 2, 0) == 1 && px(&o, 3, 0) == 7);
    segkit_image_free(&o);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_DILATE, &se, &o) == SEGKIT_OK);
    CHECK(px(&o, 0, 0) == 5 && px(&o, 1, 0) == 7 && px(&o, 2, 0) == 8 && px(&o, 3, 0) == 8);
    segkit_image_free(&o);
    /* gradient of a step: 1 pixel each side with square:3 */
    uint8_t st[6] = {0, 0, 0, 100, 100, 100};
    segkit_image_wrap(&in, st, 6, 1, 1, SEGKIT_U8, 6);
    segkit_se_parse("square:3", &se);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_GRADIENT, &se, &o) == SEGKIT_OK);
    CHECK(px(&o, 1, 0) == 0 && px(&o, 2, 0) == 100 && px(&o, 3, 0) == 100 && px(&o, 4, 0) == 0);
    segkit_image_free(&o);
    /* fill holes: a ring of 255 around a 0 pixel; a 0 on the border stays */
    uint8_t ring[25] = {0, 0, 0, 0, 0, 0, 255, 255, 255, 0, 0, 255, 0, 255, 0,
                        0, 255, 255, 255, 0, 0, 0, 0, 0, 0};
    segkit_image_wrap(&in, ring, 5, 5, 1, SEGKIT_U8, 5);
    CHECK(segkit_morph_fill_holes(&in, &o) == SEGKIT_OK);
    CHECK(px(&o, 2, 2) == 255 && px(&o, 0, 0) == 0 && px(&o, 1, 1) == 255);
    segkit_image_free(&o);
    /* a hole reached only diagonally is still a hole (4-connected
     * background, as scipy) */
    uint8_t diag[9] = {255, 255, 0, 255, 0, 255, 255, 255, 255};
    segkit_image_wrap(&in, diag, 3, 3, 1, SEGKIT_U8, 3);
    CHECK(segkit_morph_fill_holes(&in, &o) == SEGKIT_OK);
    CHECK(px(&o, 1, 1) == 255 && px(&o, 2, 0) == 0);
    segkit_image_free(&o);
    /* h-maxima: h above max - min gives nothing; a constant image is one
     * regional maximum */
    uint8_t c[4] = {7, 7, 7, 7};
    segkit_image_wrap(&in, c, 2, 2, 1, SEGKIT_U8, 2);
    CHECK(segkit_morph_hextrema(&in, 1, 8, 0, &o) == SEGKIT_OK && px(&o, 0, 0) == 0);
    segkit_image_free(&o);
    CHECK(segkit_morph_regional_extrema(&in, 8, 0, &o) == SEGKIT_OK && px(&o, 1, 1) == 255);
    segkit_image_free(&o);
    /* errors */
    uint8_t rgb[12] = {0};
    segkit_image_wrap(&in, rgb, 2, 2, 3, SEGKIT_U8, 6);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_ERODE, &se, &o) == SEGKIT_ERR_TYPE && !o.data);
    segkit_image_wrap(&in, c, 2, 2, 1, SEGKIT_U8, 2);
    CHECK(segkit_morph(&in, SEGKIT_MORPH_OP_COUNT, &se, &o) == SEGKIT_ERR_ARG);
    CHECK(segkit_morph_hextrema(&in, 0, 8, 0, &o) == SEGKIT_ERR_ARG);
    CHECK(segkit_morph_reconstruct(&in, &in, 0, 6, &o) == SEGKIT_ERR_ARG);
    segkit_morph_op op;
    CHECK(segkit_morph_op_parse("blackhat", &op) == SEGKIT_OK && op == SEGKIT_MORPH_BLACKHAT);
    CHECK(segkit_morph_op_parse("thin", &op) == SEGKIT_ERR_ARG);
}

int main(void)
{
    test_footprints();
    test_small();
    test_images();
    return check_done();
}

/* The script (python3-skimage 0.19.3, python3-scipy 1.10.1):
 *
 * import numpy as np
 * from skimage import io, morphology as mo
 * from scipy import ndimage as ndi
 * def fnv(a):
 *     h = 0xcbf29ce484222325
 *     for b in np.ascontiguousarray(a).astype(np.uint8).tobytes():
 *         h ^= b; h = (h * 0x100000001b3) & 0xffffffffffffffff
 *     return h
 * fps = {'disk3': mo.disk(3), 'square5': mo.square(5), 'diamond2': mo.diamond(2)}
 * for name in ('camera', 'coins'):
 *     img = io.imread('data/%s.png' % name)
 *     b = img > 128
 *     for fn, fp in fps.items():
 *         g = [fnv(mo.erosion(img, fp)), fnv(mo.dilation(img, fp)), fnv(mo.opening(img, fp))]
 *         bb = [fnv(mo.binary_erosion(b, fp)), fnv(mo.binary_dilation(b, fp)),
 *               fnv(mo.binary_opening(b, fp))]
 *     closing, white_tophat, black_tophat with mo.disk(3);
 *     fnv(ndi.binary_fill_holes(b));
 *     fnv(mo.h_maxima(img, 10)), fnv(mo.h_minima(img, 10));
 *     fnv(mo.local_maxima(img)), fnv(mo.local_maxima(img, connectivity=1)),
 *     fnv(mo.local_minima(img));
 *     fnv(mo.area_opening(img, 64)), fnv(mo.area_closing(img, 64)),
 *     fnv(mo.area_opening(img, 200, connectivity=2));
 *     fnv(mo.reconstruction(np.clip(img.astype(int) - 40, 0, 255).astype(np.uint8), img))
 *     fnv(mo.reconstruction(np.clip(img.astype(int) + 40, 0, 255).astype(np.uint8), img,
 *                           method='erosion'))
 * for r in range(21): fnv(mo.disk(r)), fnv(mo.diamond(r))
 */
