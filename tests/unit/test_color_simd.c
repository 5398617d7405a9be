/* The vector paths of src/color against the scalar ones, on every 8-bit
 * colour, for every instruction set the CPU has (cs_isa: 0 baseline, 1
 * AVX2, 2 AVX-512; a level the CPU lacks runs the best it has, so the
 * comparison still holds, it just proves less):
 *   - range masks (segkit_color_range_mask_to): AVX2 / AVX-512 table
 *     lookups = the scalar table path, 3- and 4-channel input, widths that
 *     leave every tail length; the table path (built by bisection) = the
 *     per-pixel reference (u16 x257 input, which never takes the tables) or,
 *     in OpenCV units, inRange on the OpenCV bytes;
 *   - OpenCV 8-bit Lab (segkit_color_convert_opencv_to; 3-channel widths
 *     4096 and 4091 take the 64-pixel AVX-512 VBMI kernel where the CPU
 *     has it, 4-channel the 16-pixel one): the vector bytes =
 *     the scalar bytes (which equal cv2.cvtColor, tests/cli/color_peers.sh);
 *   - float conversions of 8-bit input through the companding table, and
 *     distance masks that skip colours by lightness: = the per-colour double
 *     path.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"
#include "segkit/color.h"
#include "color/color_internal.h" /* cs_*_isa, cs_isa, cs_de2000_batch */

/* the first n colours of r * 65536 + g * 256 + b in raster order (n =
 * 2^24: all), as a w-wide image (w need not divide n: the last row wraps
 * around to colour 0) */
static void all_colours(segkit_image *img, int w, int ch, size_t n)
{
    int h = (int)((n + (size_t)w - 1) / (size_t)w);
    segkit_image_create(img, w, h, ch, SEGKIT_U8);
    for (int y = 0; y < h; y++) {
        uint8_t *p = segkit_image_row(img, y);
        for (int x = 0; x < w; x++, p += ch) {
            uint32_t c = (uint32_t)(((size_t)y * (size_t)w + (size_t)x) & 0xffffff);
            p[0] = (uint8_t)(c >> 16), p[1] = (uint8_t)(c >> 8), p[2] = (uint8_t)c;
            if (ch == 4)
                p[3] = (uint8_t)(c * 7);
        }
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t next_u32(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static long long diff_bytes(const segkit_image *a, const segkit_image *b, int bytes_per_px)
{
    long long n = 0;
    for (int y = 0; y < a->height; y++) {
        const uint8_t *p = segkit_image_row(a, y), *q = segkit_image_row(b, y);
        for (size_t i = 0; i < (size_t)a->width * (size_t)bytes_per_px; i++)
            n += p[i] != q[i];
    }
    return n;
}

static long long count_set(const segkit_image *m)
{
    long long n = 0;
    for (int y = 0; y < m->height; y++) {
        const uint8_t *p = segkit_image_row(m, y);
        for (int x = 0; x < m->width; x++)
            n += p[x] == 255;
    }
    return n;
}

typedef struct spec {
    const char *space;
    int opencv;
    const char *terms[3];
} spec;

static const spec specs[] = {
    {"hsv", 1, {"H:170..10,S:100..255,V:80..255"}},
    {"hsv", 1, {"H:0..0,S:1..255", "H:179..179"}},
    {"hsv", 1, {"H:35..85,S:43..255,V:46..255", "S:0..30,V:221..255"}},
    {"hsv", 0, {"H:340..20,S:0.5..1,V:0.3..1"}},
    {"hsv", 0, {"H:120..240,S:0.5..0.5"}},
    {"hsv", 0, {"H:60..60", "H:300..300,V:0.2..0.8", "S:0..0.25"}},
    {"hsv", 0, {"H:359.5..0.5,S:25%..75%"}},
    {"hsv", 0, {"V:0.5..0.5,S:0.5..0.5"}},
    {"hls", 0, {"H:200..40,L:0.25..0.75"}},
    {"hls", 1, {"H:10..30,L:50..200,S:80..255"}},
    {"lab", 1, {"L:50.5..230,a:110..135,b:100..140", "a:0..120.7,b:3..250"}},
    /* S bounds where OpenCV's table rounding puts S on the other side of the
     * bound than 255 d / v does, by the most (found over all (v, d) with
     * OpenCV's sdiv table): S >= 236, >= 250, >= 55, >= 80 */
    {"hsv", 1, {"H:100..20,S:236..249", "S:55..79,V:9..200"}},
};
enum { NSPEC = sizeof specs / sizeof specs[0] };

static void make_ranges(const spec *s, segkit_color_ranges *r)
{
    memset(r, 0, sizeof *r);
    CHECK(segkit_color_space_parse(s->space, &r->space) == SEGKIT_OK);
    r->opencv = s->opencv;
    for (int i = 0; i < 3 && s->terms[i]; i++)
        CHECK(segkit_color_range_parse(s->terms[i], r->space.id, s->opencv,
                                       &r->term[r->nterms++], NULL, 0) == SEGKIT_OK);
}

/* a term's test on values v (OpenCV bytes), written out here */
static int holds(const segkit_color_ranges *r, const double v[3])
{
    for (int i = 0; i < r->nterms; i++) {
        int ok = 1;
        for (int k = 0; k < r->term[i].n; k++) {
            const segkit_range_cond *c = &r->term[i].cond[k];
            double x = v[c->channel];
            ok &= c->lo <= c->hi ? x >= c->lo && x <= c->hi : x >= c->lo || x <= c->hi;
        }
        if (ok)
            return 1;
    }
    return 0;
}

/* the table path against the per-pixel reference on random colours */
static void test_range_tables(void)
{
    enum { N = 1 << 18 };
    segkit_image img8, img16, m8, m16, cv;
    segkit_image_create(&img8, N / 512, 512, 3, SEGKIT_U8);
    segkit_image_create(&img16, N / 512, 512, 3, SEGKIT_U16);
    uint8_t *p8 = img8.data;
    uint16_t *p16 = img16.data;
    for (size_t i = 0; i < 3 * (size_t)N; i++) {
        /* near-grays and saturated colours too: both ends of d */
        uint32_t u = next_u32();
        p8[i] = (uint8_t)(i % 3 == 0 || (u >> 20) % 4 ? u & 255 : p8[i - 1] + (u >> 8) % 3);
        p16[i] = (uint16_t)(p8[i] * 257);
    }
    for (int s = 0; s < NSPEC; s++) {
        segkit_color_ranges r;
        make_ranges(&specs[s], &r);
        CHECK(segkit_color_range_mask(&img8, &r, &m8) == SEGKIT_OK);
        long long d = 0;
        if (!r.opencv) {
            CHECK(segkit_color_range_mask(&img16, &r, &m16) == SEGKIT_OK);
            d = diff_bytes(&m8, &m16, 1);
            segkit_image_free(&m16);
        } else {
            CHECK(segkit_color_convert_opencv(&img8, r.space.id, &cv) == SEGKIT_OK);
            const uint8_t *q = cv.data, *m = m8.data;
            for (size_t i = 0; i < (size_t)N; i++) {
                double v[3] = {q[3 * i], q[3 * i + 1], q[3 * i + 2]};
                d += (m[i] == 255) != holds(&r, v);
            }
            segkit_image_free(&cv);
        }
        CHECKF(d == 0, "%s %s...: the tables differ from the reference at %lld pixels",
               specs[s].space, specs[s].terms[0], d);
        segkit_image_free(&m8);
    }
    /* a hand-built term with two conditions on the hue (the tables then
     * take every class): H in 20..40 and in 30..340 = 30..40 */
    segkit_color_ranges r;
    memset(&r, 0, sizeof r);
    r.space.id = SEGKIT_SPACE_HSV;
    r.nterms = 1;
    r.term[0].n = 2;
    r.term[0].cond[0] = (segkit_range_cond){0, 20, 40};
    r.term[0].cond[1] = (segkit_range_cond){0, 30, 340};
    segkit_color_ranges r1 = r;
    r1.term[0].n = 1;
    r1.term[0].cond[0] = (segkit_range_cond){0, 30, 40};
    segkit_image a, b;
    CHECK(segkit_color_range_mask(&img8, &r, &a) == SEGKIT_OK);
    CHECK(segkit_color_range_mask(&img16, &r1, &b) == SEGKIT_OK);
    CHECK(diff_bytes(&a, &b, 1) == 0 && count_set(&a) > 0);
    segkit_image_free(&a), segkit_image_free(&b);
    segkit_image_free(&img8), segkit_image_free(&img16);
}

/* every ISA = the scalar path on all 2^24 colours (the first 2^20 for the
 * other widths, which leave tails of every length, and for the specs after
 * the first four) */
static void test_range_isa(void)
{
    static const int widths[][2] = {{4096, 3}, {4093, 4}, {37, 3}};
    for (int wi = 0; wi < 3; wi++) {
        for (int s = 0; s < NSPEC; s++) {
            segkit_image img;
            all_colours(&img, widths[wi][0], widths[wi][1],
                        wi == 0 && (s < 4 || s == NSPEC - 1) ? (size_t)1 << 24 : (size_t)1 << 20);
            segkit_color_ranges r;
            make_ranges(&specs[s], &r);
            segkit_image ref, m;
            segkit_image_create(&ref, img.width, img.height, 1, SEGKIT_U8);
            segkit_image_create(&m, img.width, img.height, 1, SEGKIT_U8);
            CHECK(cs_range_mask_isa(&img, &r, &ref, CS_ISA_BASE) == SEGKIT_OK);
            for (int isa = CS_ISA_AVX2; isa <= CS_ISA_AVX512; isa++) {
                memset(m.data, 0x5a, (size_t)m.stride * (size_t)m.height);
                CHECK(cs_range_mask_isa(&img, &r, &m, isa) == SEGKIT_OK);
                long long d = diff_bytes(&ref, &m, 1);
                CHECKF(d == 0, "isa %d (runs %d), width %d x %d ch, %s %s: %lld differ", isa,
                       cs_isa(isa), img.width, img.channels, specs[s].space, specs[s].terms[0], d);
            }
            if (s == 0 && wi == 0) /* the benchmark's red: a real mask (of 2^24) */
                CHECK(count_set(&ref) > 100000 && count_set(&ref) < (1 << 23));
            segkit_image_free(&ref), segkit_image_free(&m), segkit_image_free(&img);
        }
    }
}

static void test_lab8_isa(void)
{
    static const int widths[][2] = {{4096, 3}, {4093, 4}, {4091, 3}};
    for (int wi = 0; wi < 3; wi++) {
        segkit_image img, ref, o;
        all_colours(&img, widths[wi][0], widths[wi][1], wi == 0 ? (size_t)1 << 24 : (size_t)1 << 20);
        segkit_image_create(&ref, img.width, img.height, 3, SEGKIT_U8);
        segkit_image_create(&o, img.width, img.height, 3, SEGKIT_U8);
        CHECK(cs_convert_opencv_isa(&img, SEGKIT_SPACE_LAB, &ref, CS_ISA_BASE) == SEGKIT_OK);
        /* each kernel: AVX2 with the gamma polynomial (if the CPU has FMA)
         * and with gathers, AVX-512 (VBMI for 3 channels if the CPU has it) */
        static const int isas[] = {CS_ISA_AVX2, CS_ISA_AVX2 | CS_LAB8_GATHERS, CS_ISA_AVX512};
        for (int k = 0; k < 3; k++) {
            int isa = isas[k];
            memset(o.data, 0x5a, (size_t)o.stride * (size_t)o.height);
            CHECK(cs_convert_opencv_isa(&img, SEGKIT_SPACE_LAB, &o, isa) == SEGKIT_OK);
            long long d = diff_bytes(&ref, &o, 3);
            CHECKF(d == 0, "lab8 isa %d (runs %d), width %d x %d ch: %lld bytes differ", isa,
                   cs_isa(isa & ~CS_LAB8_GATHERS), img.width, img.channels, d);
        }
        /* spot values worked out from OpenCV's definition: white is
         * L 255, a b 128; black 0, 128, 128 */
        const uint8_t *q = segkit_image_row(&ref, 0);
        CHECK(q[0] == 0 && q[1] == 128 && q[2] == 128);
        segkit_image_free(&img), segkit_image_free(&ref), segkit_image_free(&o);
    }
}

/* 8-bit float conversions through the companding table = the per-colour
 * double path (segkit_color_from_rgb of k / 255) rounded to float, bit for
 * bit; SLIC's f32 input of 8-bit levels is checked by test_cluster (labels
 * equal skimage's) */
static void test_convert_lut(void)
{
    static const char *const spaces[] = {"linear", "xyz", "lab", "lch", "luv-d50", "oklab"};
    segkit_image img, o;
    segkit_image_create(&img, 509, 257, 3, SEGKIT_U8);
    uint8_t *p = img.data;
    for (size_t i = 0; i < 3 * (size_t)img.width * img.height; i++)
        p[i] = (uint8_t)next_u32();
    p[0] = p[1] = p[2] = 0, p[3] = p[4] = p[5] = 255;
    for (size_t s = 0; s < sizeof spaces / sizeof spaces[0]; s++) {
        segkit_color_space cs;
        CHECK(segkit_color_space_parse(spaces[s], &cs) == SEGKIT_OK);
        CHECK(segkit_color_convert(&img, &cs, &o) == SEGKIT_OK);
        long long d = 0;
        for (int y = 0; y < img.height; y++) {
            const uint8_t *q = segkit_image_row(&img, y);
            const float *f = segkit_image_row(&o, y);
            for (int x = 0; x < img.width; x++) {
                double rgb[3] = {q[3 * x] / 255.0, q[3 * x + 1] / 255.0, q[3 * x + 2] / 255.0}, v[3];
                segkit_color_from_rgb(&cs, rgb, v);
                for (int k = 0; k < 3; k++)
                    d += f[3 * x + k] != (float)v[k];
            }
        }
        CHECKF(d == 0, "convert %s: %lld samples differ from the double path", spaces[s], d);
        segkit_image_free(&o);
    }
    segkit_image_free(&img);
}

/* distance masks (which skip colours far in lightness alone) = the full
 * formula per colour, for every formula, two references, tolerances that
 * cut through the colours; a 2^18-pixel image takes the memo path too */
static void test_distance_mask(void)
{
    segkit_image img, m;
    segkit_image_create(&img, 1024, 256, 3, SEGKIT_U8);
    uint8_t *p = img.data;
    for (size_t i = 0; i < 3 * (size_t)img.width * img.height; i += 3) {
        uint32_t u = next_u32();
        if (u & 1) { /* near #ff7f00 */
            p[i] = (uint8_t)(255 - (u >> 1) % 40), p[i + 1] = (uint8_t)(107 + (u >> 8) % 40),
            p[i + 2] = (uint8_t)((u >> 16) % 40);
        } else {
            p[i] = (uint8_t)(u >> 1), p[i + 1] = (uint8_t)(u >> 9), p[i + 2] = (uint8_t)(u >> 17);
        }
    }
    segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    double ref[2][3], c0[3] = {1.0, 127 / 255.0, 0.0}, c1[3] = {0.2, 0.5, 0.3};
    segkit_color_from_rgb(&lab, c0, ref[0]);
    segkit_color_from_rgb(&lab, c1, ref[1]);
    static const double tols[] = {12, 2.5, 0, 40};
    for (int f = 0; f < SEGKIT_DE_COUNT; f++)
        for (int t = 0; t < 4; t++) {
            segkit_delta_e_params dp = segkit_delta_e_params_default();
            dp.formula = (segkit_delta_e)f;
            CHECK(segkit_color_distance_mask(&img, (const double(*)[3])ref, 2, &dp, tols[t], &m) ==
                  SEGKIT_OK);
            long long d = 0, n = 0;
            for (int y = 0; y < img.height; y++) {
                const uint8_t *q = segkit_image_row(&img, y), *mm = segkit_image_row(&m, y);
                for (int x = 0; x < img.width; x++) {
                    double rgb[3] = {q[3 * x] / 255.0, q[3 * x + 1] / 255.0, q[3 * x + 2] / 255.0};
                    double v[3];
                    segkit_color_from_rgb(&lab, rgb, v);
                    int in = segkit_delta_e_lab(&dp, ref[0], v) <= tols[t] ||
                             segkit_delta_e_lab(&dp, ref[1], v) <= tols[t];
                    d += in != (mm[x] == 255);
                    n += in;
                }
            }
            CHECKF(d == 0 && (t == 2 || n > 1000), "distance mask %s tol %g: %lld differ (%lld in)",
                   segkit_delta_e_name(dp.formula), tols[t], d, n);
            segkit_image_free(&m);
        }
    segkit_image_free(&img);
}


/* The vector float conversions (cs_convert_isa, u8 and u16 input) at every
 * instruction set = the per-colour double path rounded to float: every
 * 5th level of R, G, B (and 255) plus random 16-bit colours; a sample may
 * differ by at most one float ulp or 1e-9 (the cube root is not libm's),
 * and the differing ones are counted and printed. */
static void test_convert_isa(void)
{
    static const char *const spaces[] = {"linear", "xyz", "lab", "luv", "xyz-d50", "lab-d50",
                                         "luv-d50"};
    int lv[53], nl = 0;
    for (int v = 0; v < 256; v += 5)
        lv[nl++] = v;
    segkit_image img8, img16;
    int n = nl * nl * nl, w = 1024, h = (n + w - 1) / w;
    segkit_image_create(&img8, w, h, 3, SEGKIT_U8);
    segkit_image_create(&img16, 512, 300, 3, SEGKIT_U16);
    for (int i = 0; i < w * h; i++) {
        int j = i % n;
        uint8_t *q = (uint8_t *)segkit_image_row(&img8, i / w) + 3 * (i % w);
        q[0] = (uint8_t)lv[j / (nl * nl)], q[1] = (uint8_t)lv[j / nl % nl], q[2] = (uint8_t)lv[j % nl];
    }
    for (int y = 0; y < img16.height; y++) {
        uint16_t *q = segkit_image_row(&img16, y);
        for (int x = 0; x < 3 * img16.width; x++)
            q[x] = (uint16_t)next_u32();
    }
    for (size_t s = 0; s < sizeof spaces / sizeof spaces[0]; s++) {
        segkit_color_space cs;
        CHECK(segkit_color_space_parse(spaces[s], &cs) == SEGKIT_OK);
        for (int t = 0; t < 2; t++) {
            const segkit_image *img = t ? &img16 : &img8;
            double one = t ? 65535.0 : 255.0;
            size_t np = (size_t)img->width * img->height;
            float *ref = malloc(3 * np * sizeof *ref);
            for (int y = 0; y < img->height; y++)
                for (int x = 0; x < img->width; x++) {
                    double rgb[3], v[3];
                    for (int k = 0; k < 3; k++)
                        rgb[k] = (t ? ((const uint16_t *)segkit_image_row(img, y))[3 * x + k]
                                    : ((const uint8_t *)segkit_image_row(img, y))[3 * x + k]) / one;
                    segkit_color_from_rgb(&cs, rgb, v);
                    for (int k = 0; k < 3; k++)
                        ref[3 * ((size_t)y * img->width + x) + k] = (float)v[k];
                }
            for (int isa = CS_ISA_BASE; isa <= CS_ISA_AVX512; isa++) {
                segkit_image o;
                CHECK(cs_convert_isa(img, &cs, &o, isa) == SEGKIT_OK);
                long long nd = 0, far = 0;
                for (int y = 0; y < img->height; y++) {
                    const float *f = segkit_image_row(&o, y);
                    for (int x = 0; x < 3 * img->width; x++) {
                        float r = ref[3 * (size_t)y * img->width + x];
                        nd += f[x] != r;
                        /* (a*, b*, u*, v* of near-grays are differences of
                         * nearly equal numbers: 1e-9 absolute there) */
                        far += f[x] != r && f[x] != nextafterf(r, INFINITY) &&
                               f[x] != nextafterf(r, -INFINITY) && fabsf(f[x] - r) > 1e-9f;
                    }
                }
                CHECKF(far == 0, "convert %s %s isa %d: %lld samples more than 1 ulp off",
                       spaces[s], t ? "u16" : "u8", isa, far);
                if (nd)
                    printf("convert %s %s isa %d: %lld of %zu samples 1 ulp off\n", spaces[s],
                           t ? "u16" : "u8", isa, nd, 3 * np);
                segkit_image_free(&o);
            }
            free(ref);
        }
    }
    segkit_image_free(&img8), segkit_image_free(&img16);
}

/* cs_de2000_batch against segkit_delta_e_lab (which equals skimage's
 * deltaE_ciede2000, test_color.c): L*a*b* colours on a grid and at random,
 * grays, exact opposite hues of the references; where the batch does not
 * flag a colour unsure its distance is within 1e-9 of the exact one
 * (distance.c re-decides a band of 1e-7 (1 + tol): 100 times wider), and
 * exact opposite hues are flagged. */
static void test_de2000_batch(void)
{
    static const double refs[][3] = {{66.86, 43.32, 73.90}, {50, 0, 0}, {30, 20, -60},
                                     {70, -30, 5}, {90, 1e-3, -2e-3}};
    enum { N = 4096 };
    static double L[N], A[N], B[N], dm[N];
    static uint8_t un[N];
    segkit_delta_e_params dp = segkit_delta_e_params_default();
    double worst = 0;
    long long flagged = 0, total = 0;
    for (int isa = CS_ISA_BASE; isa <= CS_ISA_AVX512; isa++)
        for (int round = 0; round < 60; round++) {
            for (int i = 0; i < N; i++) {
                uint32_t u = next_u32();
                if (round == 0) { /* grid: L 0..100, a, b -120..120 */
                    L[i] = (i % 11) * 10.0, A[i] = (i / 11 % 17) * 15.0 - 120.0,
                    B[i] = (i / 187 % 17) * 15.0 - 120.0;
                } else {
                    L[i] = (u % 10001) / 100.0, A[i] = (next_u32() % 24001) / 100.0 - 120.0,
                    B[i] = (next_u32() % 24001) / 100.0 - 120.0;
                }
                if (i % 97 == 0) /* a gray */
                    A[i] = B[i] = 0.0;
                if (i % 89 == 0) { /* the exact opposite hue of a reference */
                    const double *r = refs[i / 89 % 5];
                    A[i] = -2.0 * r[1], B[i] = -2.0 * r[2];
                }
            }
            int nr = 1 + round % 5;
            const double(*rf)[3] = refs + (round / 5) % (6 - nr);
            const double *const lab[3] = {L, A, B};
            cs_de2000_batch(isa, &dp, rf, nr, INFINITY, N, lab, dm, un);
            for (int i = 0; i < N; i++) {
                double v[3] = {L[i], A[i], B[i]}, best = INFINITY;
                for (int r = 0; r < nr; r++) {
                    double d = segkit_delta_e_lab(&dp, rf[r], v);
                    best = d < best ? d : best;
                }
                total++;
                if (un[i]) {
                    flagged++;
                    continue;
                }
                double e = fabs(dm[i] - best);
                worst = e > worst ? e : worst;
            }
            /* an opposite hue of a reference in use must be flagged */
            for (int i = 0; i < N; i += 89) {
                int r = i / 89 % 5;
                if (rf - refs <= r && r < rf - refs + nr && (refs[r][1] != 0 || refs[r][2] != 0) &&
                    fabs(refs[r][1]) + fabs(refs[r][2]) > 1e-2)
                    CHECKF(un[i], "isa %d: opposite hue of reference %d not flagged", isa, r);
            }
        }
    printf("de2000 batch: worst |vector - exact| %.3g over %lld colours, %lld flagged\n", worst,
           total - flagged, flagged);
    CHECK(worst < 1e-9);
    CHECK(flagged < total / 50);
}

/* CIEDE2000 masks at every instruction set = the per-colour formula
 * (memo path and not), tolerances cutting through the colours */
static void test_de2000_mask_isa(void)
{
    segkit_image img, m;
    segkit_image_create(&img, 640, 512, 3, SEGKIT_U8);
    uint8_t *p = img.data;
    for (size_t i = 0; i < 3 * (size_t)img.width * img.height; i += 3) {
        uint32_t u = next_u32();
        if ((i / 3) % 7 == 0 && i >= 3) { /* runs of equal pixels */
            p[i] = p[i - 3], p[i + 1] = p[i - 2], p[i + 2] = p[i - 1];
            continue;
        }
        p[i] = (uint8_t)u, p[i + 1] = (uint8_t)(u >> 8), p[i + 2] = (uint8_t)(u >> 16);
    }
    segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    double ref[3][3], c[3][3] = {{1.0, 127 / 255.0, 0.0}, {0.1, 0.2, 0.8}, {0.5, 0.5, 0.5}};
    for (int k = 0; k < 3; k++)
        segkit_color_from_rgb(&lab, c[k], ref[k]);
    static const double tols[] = {12, 3, 30, 0, -1};
    segkit_delta_e_params dp = segkit_delta_e_params_default();
    uint8_t *want = malloc((size_t)img.width * img.height);
    for (int nr = 1; nr <= 3; nr += 2)
        for (int t = 0; t < 5; t++) {
            long long n = 0;
            for (int y = 0; y < img.height; y++) {
                const uint8_t *q = segkit_image_row(&img, y);
                for (int x = 0; x < img.width; x++) {
                    double rgb[3] = {q[3 * x] / 255.0, q[3 * x + 1] / 255.0, q[3 * x + 2] / 255.0};
                    double v[3];
                    segkit_color_from_rgb(&lab, rgb, v);
                    int in = 0;
                    for (int r = 0; r < nr; r++)
                        in |= segkit_delta_e_lab(&dp, ref[r], v) <= tols[t];
                    want[(size_t)y * img.width + x] = (uint8_t)in;
                    n += in;
                }
            }
            for (int isa = CS_ISA_BASE; isa <= CS_ISA_AVX512; isa++) {
                CHECK(cs_distance_mask_isa(&img, (const double(*)[3])ref, nr, &dp, tols[t], &m,
                                           isa) == SEGKIT_OK);
                long long d = 0;
                for (int y = 0; y < img.height; y++) {
                    const uint8_t *mm = segkit_image_row(&m, y);
                    for (int x = 0; x < img.width; x++)
                        d += want[(size_t)y * img.width + x] != (mm[x] == 255);
                }
                CHECKF(d == 0 && (t >= 3 || n > 100), "de2000 mask isa %d, %d refs, tol %g: %lld "
                       "differ (%lld in)", isa, nr, tols[t], d, n);
                segkit_image_free(&m);
            }
        }
    free(want);
    segkit_image_free(&img);
}

/* The vector paths' lightness filter (a cubic estimate of Y in place of
 * the tables, distance.c's yfar_poly) against the formula on every 8-bit
 * colour: the masks of all 2^24 colours at AVX2 and AVX-512 = the
 * per-colour CIEDE2000 (skipped only where |L2 - L1| > 1.75 kL tol + 1e-6,
 * out by the lightness term alone: S_L <= 1 + 0.015 * 2500 / sqrt(2520) <
 * 1.75 for L's mean in 0..100), for the benchmark's orange within 12 and
 * two references within 3; each case has colours in near both edges of
 * the lightness band (counted: in colours with |dL| > 0.9 tol) */
static void test_de2000_mask_all(void)
{
    segkit_image img, m;
    all_colours(&img, 4096, 3, (size_t)1 << 24);
    segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    double ref[3][3], c[3][3] = {{1.0, 127 / 255.0, 0.0}, {0.1, 0.2, 0.8}, {0.5, 0.5, 0.5}};
    for (int k = 0; k < 3; k++)
        segkit_color_from_rgb(&lab, c[k], ref[k]);
    segkit_delta_e_params dp = segkit_delta_e_params_default();
    uint8_t *want = malloc((size_t)1 << 24);
    static const struct { int first, n; double tol; } cases[] = {{0, 1, 12}, {1, 2, 3}};
    for (int cs = 0; cs < 2; cs++) {
        const double(*rf)[3] = (const double(*)[3])ref[cases[cs].first];
        int nr = cases[cs].n;
        double tol = cases[cs].tol;
        long long n = 0, edge = 0;
        for (uint32_t col = 0; col < (1u << 24); col++) {
            double rgb[3] = {(col >> 16) / 255.0, (col >> 8 & 255) / 255.0, (col & 255) / 255.0};
            double v[3];
            segkit_color_from_rgb(&lab, rgb, v);
            int in = 0, e = 0;
            for (int r = 0; r < nr; r++)
                if (fabs(v[0] - rf[r][0]) <= 1.75 * dp.kL * tol + 1e-6 &&
                    segkit_delta_e_lab(&dp, rf[r], v) <= tol)
                    in = 1, e |= fabs(v[0] - rf[r][0]) > 0.9 * tol;
            want[col] = (uint8_t)in;
            n += in, edge += e;
        }
        for (int isa = CS_ISA_AVX2; isa <= CS_ISA_AVX512; isa++) {
            CHECK(cs_distance_mask_isa(&img, rf, nr, &dp, tol, &m, isa) == SEGKIT_OK);
            long long d = 0;
            for (int y = 0; y < img.height; y++) {
                const uint8_t *mm = segkit_image_row(&m, y);
                for (int x = 0; x < img.width; x++)
                    d += want[(size_t)y * 4096 + (size_t)x] != (mm[x] == 255);
            }
            CHECKF(d == 0 && edge > 10, "de2000 mask of all colours, isa %d, %d refs, tol %g: "
                   "%lld differ (%lld in, %lld near the lightness edges)",
                   isa, nr, tol, d, n, edge);
            segkit_image_free(&m);
        }
    }
    free(want);
    segkit_image_free(&img);
}

int main(void)
{
    printf("cs_isa(-1) = %d\n", cs_isa(-1));
    test_range_tables();
    test_range_isa();
    test_lab8_isa();
    test_convert_lut();
    test_distance_mask();
    test_convert_isa();
    test_de2000_batch();
    test_de2000_mask_isa();
    test_de2000_mask_all();
    return check_done();
}
