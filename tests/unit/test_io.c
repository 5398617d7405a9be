/* Image I/O: PngSuite against its references, strict rejection of corrupt
 * and truncated files, pixel limits, JPEG against libjpeg-turbo's reference
 * data, EXIF orientation, netpbm, round trips, format detection, atomic
 * writes.
 *
 * Independent references used here:
 *   - PngSuite primary_check/<name>.png: stb_image's 8-bit RGBA decode of each
 *     primary/ file (stb tests/pngsuite, see SOURCE.txt);
 *   - stb_image's own 16-bit PNG decoder (libstb, linked through
 *     libsegkit) for PngSuite 16bit/;
 *   - stb's tests/pbm files, which are conversions of PngSuite images;
 *   - hand-worked pixel values for every hand-made buffer (in comments).
 * The PngSuite, libjpeg-turbo and stb files ship in tests/data (see its
 * README.md); the few that do not (PngSuite's Apple CgBI files, a 12-bit
 * JPEG) are tested when ../shared/data is there.  The hand-made cases need
 * nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <stb/stb_image.h>

#include "check.h"
#include "segkit/io.h"

/* ---------------------------------------------------------------- helpers */

static uint8_t *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *len = 0;
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* rel in tests/data or ../shared/data (check_data) */
static const char *shared(char *buf, size_t size, const char *rel)
{
    check_data(buf, size, rel);
    return buf;
}

static unsigned sample(const segkit_image *im, int x, int y, int c)
{
    const uint8_t *row = segkit_image_row(im, y);
    size_t i = (size_t)x * (size_t)im->channels + (size_t)c;
    if (im->type == SEGKIT_U16)
        return ((const uint16_t *)(const void *)row)[i];
    return row[i];
}

static int decode_mem(const void *data, size_t size, segkit_image *img)
{
    return segkit_read_memory(data, size, NULL, img, NULL);
}

/* Files of dir ending in .png, sorted; returns the count (<= max). */
static int list_png(const char *dir, char names[][64], int max)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < max) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l < 64 && strcmp(e->d_name + l - 4, ".png") == 0)
            memcpy(names[n++], e->d_name, l + 1);
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[64];
            memcpy(t, names[j], 64);
            memcpy(names[j], names[j - 1], 64);
            memcpy(names[j - 1], t, 64);
        }
    return n;
}

/* ---------------------------------------------------------------- PngSuite */

/* Expands an 8-bit image to RGBA the way stb_image's req_comp = 4 does:
 * gray -> R=G=B, missing alpha -> 255. */
static void rgba_pixel(const segkit_image *im, int x, int y, unsigned px[4])
{
    unsigned s[4];
    for (int c = 0; c < im->channels; c++)
        s[c] = sample(im, x, y, c);
    switch (im->channels) {
    case 1: px[0] = px[1] = px[2] = s[0]; px[3] = 255; break;
    case 2: px[0] = px[1] = px[2] = s[0]; px[3] = s[1]; break;
    case 3: px[0] = s[0]; px[1] = s[1]; px[2] = s[2]; px[3] = 255; break;
    default: for (int c = 0; c < 4; c++) px[c] = s[c]; break;
    }
}

static void test_pngsuite_primary(void)
{
    char dir[2048], p[16384], names[128][64];
    int n = list_png(shared(dir, sizeof dir, "malformed/pngsuite/primary"),
                     names, 128);
    CHECKF(n == 77, "found %d primary files", n);
    int matched = 0;
    for (int i = 0; i < n; i++) {
        segkit_image a, b;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        int sa = segkit_read_file(p, NULL, &a, NULL);
        shared(p, sizeof p, "malformed/pngsuite/primary_check/");
        strncat(p, names[i], sizeof p - strlen(p) - 1);
        int sb = segkit_read_file(p, NULL, &b, NULL);
        CHECKF(sa == SEGKIT_OK && sb == SEGKIT_OK, "%s: %s / %s", names[i],
               segkit_strerror(sa), segkit_strerror(sb));
        if (sa == SEGKIT_OK && sb == SEGKIT_OK) {
            CHECKF(a.type == SEGKIT_U8, "%s", names[i]);
            CHECKF(b.channels == 4 && b.type == SEGKIT_U8, "%s", names[i]);
            int ok = segkit_image_same_size(&a, &b) && a.type == SEGKIT_U8 &&
                     b.channels == 4;
            for (int y = 0; ok && y < a.height; y++)
                for (int x = 0; ok && x < a.width; x++) {
                    unsigned px[4];
                    rgba_pixel(&a, x, y, px);
                    for (int c = 0; c < 4; c++)
                        if (px[c] != sample(&b, x, y, c)) {
                            CHECKF(0, "%s: (%d,%d) ch %d: %u != %u", names[i],
                                   x, y, c, px[c], sample(&b, x, y, c));
                            ok = 0;
                            break;
                        }
                }
            matched += ok;
        }
        segkit_image_free(&a);
        segkit_image_free(&b);
    }
    CHECKF(matched == 77, "%d of 77 primary files match primary_check",
           matched);
}

static int has_chunk(const uint8_t *d, size_t n, const char *type)
{
    for (size_t i = 8; i + 8 <= n;) {
        uint32_t len = (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
                       (uint32_t)d[i + 2] << 8 | d[i + 3];
        if (memcmp(d + i + 4, type, 4) == 0)
            return 1;
        if (len > n)
            return 0;
        i += 12 + (size_t)len;
    }
    return 0;
}

static void test_pngsuite_16bit(void)
{
    char dir[2048], p[16384], names[64][64];
    int n = list_png(shared(dir, sizeof dir, "malformed/pngsuite/16bit"),
                     names, 64);
    CHECKF(n == 23, "found %d 16-bit files", n);
    int matched = 0;
    for (int i = 0; i < n; i++) {
        size_t len;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        uint8_t *data = load(p, &len);
        segkit_image a;
        int st = decode_mem(data, len, &a);
        CHECKF(st == SEGKIT_OK && a.type == SEGKIT_U16, "%s: %s", names[i],
               segkit_strerror(st));
        if (st != SEGKIT_OK) {
            free(data);
            continue;
        }
        /* stb_image applies tRNS too (to gray and RGB as well as palette),
         * but with req_comp = 0 it returns a buffer with the extra alpha
         * channel while reporting the file's channel count (3 for tRNS RGB).
         * So ask stb for exactly our channel count -- no conversion happens
         * because that equals stb's internal output count -- and accept a
         * reported count one less than ours only when the file has tRNS. */
        int w, h, nc;
        uint16_t *ref = stbi_load_16_from_memory(data, (int)len, &w, &h, &nc,
                                                 a.channels);
        CHECKF(ref != NULL, "%s: stb failed", names[i]);
        int trns = has_chunk(data, len, "tRNS");
        CHECKF(nc == a.channels || (trns && nc + 1 == a.channels),
               "%s: stb reports %d channels, we have %d (tRNS %d)", names[i],
               nc, a.channels, trns);
        int ok = ref && w == a.width && h == a.height;
        CHECKF(ok, "%s: size", names[i]);
        for (int y = 0; ok && y < h; y++)
            for (int x = 0; ok && x < w; x++)
                for (int c = 0; ok && c < a.channels; c++) {
                    unsigned r = ref[((size_t)y * w + x) * a.channels + c];
                    if (r != sample(&a, x, y, c)) {
                        CHECKF(0, "%s: (%d,%d) ch %d: %u != stb %u", names[i],
                               x, y, c, sample(&a, x, y, c), r);
                        ok = 0;
                    }
                }
        matched += ok;
        stbi_image_free(ref);
        segkit_image_free(&a);
        free(data);
    }
    CHECKF(matched == 23, "%d of 23 16-bit files match stb", matched);
}

static void test_pngsuite_corrupt(void)
{
    char dir[2048], p[16384], names[32][64];
    int n = list_png(shared(dir, sizeof dir, "malformed/pngsuite/corrupt"),
                     names, 32);
    CHECKF(n == 14, "found %d corrupt files", n);
    for (int i = 0; i < n; i++) {
        segkit_image a;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        int st = segkit_read_file(p, NULL, &a, NULL);
        CHECKF(st != SEGKIT_OK, "%s accepted", names[i]);
        CHECKF(a.data == NULL && a.width == 0, "%s: image not zeroed",
               names[i]);
        segkit_image_free(&a);
    }
    /* Apple CgBI files are not valid PNG either (deflate without zlib
     * header, BGRA): libpng refuses them (../shared/data only: their licence
     * is not PngSuite's) */
    if (!check_data(dir, sizeof dir, "malformed/pngsuite/iphone")) {
        printf("SKIP: %s absent, CgBI files not tested\n", dir);
        return;
    }
    n = list_png(dir, names, 32);
    CHECK(n == 7);
    for (int i = 0; i < n; i++) {
        segkit_image a;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        CHECKF(segkit_read_file(p, NULL, &a, NULL) != SEGKIT_OK, "%s",
               names[i]);
        segkit_image_free(&a);
    }
}

/* Every proper prefix of a valid file must fail with TRUNCATED or CORRUPT
 * (FORMAT when too short for the magic bytes, magic_len), and the whole
 * file must decode. */
static void check_prefixes(const char *rel, size_t magic_len)
{
    char p[4096];
    size_t len;
    uint8_t *data = load(shared(p, sizeof p, rel), &len);
    CHECKF(data && len > 0, "%s missing", rel);
    if (!data)
        return;
    segkit_image img;
    CHECKF(decode_mem(data, len, &img) == SEGKIT_OK, "%s whole", rel);
    segkit_image_free(&img);
    size_t bad = 0;
    for (size_t k = 0; k < len; k++) {
        /* a fresh heap copy, so ASan sees any read past the prefix */
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, data, k);
        int st = decode_mem(cut, k, &img);
        int ok = st == SEGKIT_ERR_TRUNCATED || st == SEGKIT_ERR_CORRUPT ||
                 (k < magic_len && st == SEGKIT_ERR_FORMAT);
        if (!ok && bad++ < 5)
            CHECKF(0, "%s cut at %zu: %s", rel, k, segkit_strerror(st));
        CHECK(ok || bad > 5);
        if (img.data)
            CHECKF(0, "%s cut at %zu: image left allocated", rel, k);
        segkit_image_free(&img);
        free(cut);
    }
    CHECKF(bad == 0, "%s: %zu prefixes misreported", rel, bad);
    free(data);
}

static void test_truncations(void)
{
    check_prefixes("malformed/pngsuite/primary/basn2c08.png", 8);
    check_prefixes("malformed/pngsuite/primary/basi6a08.png", 8);
    check_prefixes("malformed/libjpeg-turbo/testorig.jpg", 3);
    check_prefixes("malformed/libjpeg-turbo/testimgari.jpg", 3);
    check_prefixes("malformed/stb-pnm/cdfn2c08.ppm", 2);
    check_prefixes("malformed/stb-pnm/basi0g16.pgm", 2);
}

/* ---------------------------------------------------------------- limits */

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

static void put32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static void put32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Signature + IHDR (w x h, 8-bit RGB) with a valid CRC + an empty IDAT +
 * IEND: a well-formed chunk sequence whose image data is missing, so that
 * a decoder which does not check the size first would allocate and then
 * fail on the data. */
static size_t make_png_header(uint8_t *b, uint32_t w, uint32_t h)
{
    memcpy(b, "\x89PNG\r\n\x1a\n", 8);
    put32be(b + 8, 13);
    memcpy(b + 12, "IHDR", 4);
    put32be(b + 16, w);
    put32be(b + 20, h);
    b[24] = 8; b[25] = 2; b[26] = 0; b[27] = 0; b[28] = 0;
    put32be(b + 29, crc32_of(b + 12, 17));
    put32be(b + 33, 0);
    memcpy(b + 37, "IDAT", 4);
    put32be(b + 41, crc32_of(b + 37, 4));
    put32be(b + 45, 0);
    memcpy(b + 49, "IEND", 4);
    put32be(b + 53, crc32_of(b + 49, 4));
    return 57;
}

static uint8_t *encode_gray_jpeg(const uint8_t *pix, int w, int h,
                                 const uint8_t *app1, size_t app1_len,
                                 unsigned long *out_len);

static void test_limits(void)
{
    segkit_image img;
    uint8_t png[64];
    size_t n = make_png_header(png, 100000, 100000);
    /* 10^10 pixels > the default 2^28 */
    CHECK(decode_mem(png, n, &img) == SEGKIT_ERR_TOO_LARGE);
    CHECK(img.data == NULL);
    /* the same header with a wrong CRC is corrupt, not too large */
    png[32] ^= 1;
    CHECK(decode_mem(png, n, &img) == SEGKIT_ERR_CORRUPT);

    const char *pgm = "P5 100000 100000 255\n";
    CHECK(decode_mem(pgm, strlen(pgm), &img) == SEGKIT_ERR_TOO_LARGE);
    const char *pam = "P7\nWIDTH 100000\nHEIGHT 100000\nDEPTH 4\nMAXVAL 255\n"
                      "ENDHDR\n";
    CHECK(decode_mem(pam, strlen(pam), &img) == SEGKIT_ERR_TOO_LARGE);

    /* BMP: BITMAPFILEHEADER + BITMAPINFOHEADER, 100000 x 100000 x 24 bit */
    uint8_t bmp[54] = {'B', 'M'};
    put32le(bmp + 2, 54);
    put32le(bmp + 10, 54);
    put32le(bmp + 14, 40);
    put32le(bmp + 18, 100000);
    put32le(bmp + 22, 100000);
    bmp[26] = 1;
    bmp[28] = 24;
    CHECK(decode_mem(bmp, sizeof bmp, &img) == SEGKIT_ERR_TOO_LARGE);

    /* JPEG: a real 8x8 JPEG whose SOF0 claims 60000 x 60000 */
    uint8_t g[64] = {0};
    unsigned long jl;
    uint8_t *jpg = encode_gray_jpeg(g, 8, 8, NULL, 0, &jl);
    size_t sof = 0;
    for (size_t i = 2; i + 9 < jl; i++)
        if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) {
            sof = i;
            break;
        }
    CHECK(sof != 0);
    if (sof) {
        jpg[sof + 5] = 0xea; jpg[sof + 6] = 0x60; /* height 60000 */
        jpg[sof + 7] = 0xea; jpg[sof + 8] = 0x60; /* width 60000 */
        CHECK(decode_mem(jpg, jl, &img) == SEGKIT_ERR_TOO_LARGE);
    }
    free(jpg);

    /* the limit is the caller's: a 3 x 2 image with max_pixels 5 and 6 */
    segkit_read_options o = segkit_read_options_default();
    CHECK(o.max_pixels == SEGKIT_DEFAULT_MAX_PIXELS && o.autorotate == 1);
    const char *small = "P5 3 2 255\n\1\2\3\4\5\6";
    o.max_pixels = 5;
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) ==
          SEGKIT_ERR_TOO_LARGE);
    o.max_pixels = 6;
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) ==
          SEGKIT_OK);
    segkit_image_free(&img);
    o.max_pixels = 0; /* no limit */
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) ==
          SEGKIT_OK);
    segkit_image_free(&img);

    /* zero-sized dimensions are corrupt */
    CHECK(decode_mem("P5 0 2 255\n", 11, &img) == SEGKIT_ERR_CORRUPT);
    n = make_png_header(png, 0, 5);
    CHECK(decode_mem(png, n, &img) != SEGKIT_OK);
}

/* The memory budget, the scan limit and bounded stream reads (the crafted
 * hostile files are in tests/cli/hostile_inputs.sh). */
static void test_budget_and_streams(void)
{
    segkit_image img;
    segkit_read_options o = segkit_read_options_default();
    CHECK(o.max_memory == ((uint64_t)1 << 30) && o.max_scans == 500);
    /* a 3 x 2 u8 image is 6 bytes */
    const char *small = "P5 3 2 255\n\1\2\3\4\5\6";
    o.max_memory = 5;
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) ==
          SEGKIT_ERR_MEMORY_LIMIT);
    CHECK(img.data == NULL);
    o.max_memory = 6;
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) == SEGKIT_OK);
    segkit_image_free(&img);
    o.max_memory = 0; /* no limit */
    CHECK(segkit_read_memory(small, strlen(small), &o, &img, NULL) == SEGKIT_OK);
    segkit_image_free(&img);

    /* a progressive JPEG (libjpeg's simple progression): as many scans as
     * it has SOS markers are allowed, one fewer is refused */
    uint8_t pix[32 * 32];
    for (int i = 0; i < 32 * 32; i++)
        pix[i] = (uint8_t)(i * 7);
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *jpg = NULL;
    unsigned long jl = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &jpg, &jl);
    c.image_width = c.image_height = 32;
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW r = pix + (size_t)c.next_scanline * 32;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    int sos = 0;
    for (unsigned long i = 0; i + 1 < jl; i++)
        sos += jpg[i] == 0xff && jpg[i + 1] == 0xda;
    CHECKF(sos > 2, "%d scans", sos);
    o = segkit_read_options_default();
    o.max_scans = sos - 1;
    CHECK(segkit_read_memory(jpg, jl, &o, &img, NULL) == SEGKIT_ERR_SCAN_LIMIT);
    CHECK(img.data == NULL);
    o.max_scans = sos;
    CHECK(segkit_read_memory(jpg, jl, &o, &img, NULL) == SEGKIT_OK);
    segkit_image_free(&img);
    o.max_scans = 0;
    CHECK(segkit_read_memory(jpg, jl, &o, &img, NULL) == SEGKIT_OK);
    segkit_image_free(&img);
    /* the coefficient buffers of a progressive file count in the budget:
     * 32 x 32 u8 is 1024 bytes, with 2 bytes per coefficient 3072 */
    o = segkit_read_options_default();
    o.max_memory = 2048;
    CHECK(segkit_read_memory(jpg, jl, &o, &img, NULL) == SEGKIT_ERR_MEMORY_LIMIT);
    free(jpg);

    /* streams: trailing data after a PNM is never read (nor needed), even
     * with a budget far below the stream's size; zeros are no format */
    size_t big = 1 << 20, sl = strlen(small);
    uint8_t *buf = calloc(1, big);
    CHECK(buf != NULL);
    if (!buf)
        return;
    memcpy(buf, small, sl);
    FILE *f = fmemopen(buf, big, "rb");
    o = segkit_read_options_default();
    o.max_memory = 1000;
    CHECK(f && segkit_read_stream(f, &o, &img, NULL) == SEGKIT_OK);
    CHECK(img.width == 3 && img.height == 2 && sample(&img, 2, 1, 0) == 6);
    CHECK(f && ftell(f) <= 1001); /* the budget, and one byte to see more */
    segkit_image_free(&img);
    if (f)
        fclose(f);
    memset(buf, 0, sl);
    f = fmemopen(buf, big, "rb");
    CHECK(f && segkit_read_stream(f, NULL, &img, NULL) == SEGKIT_ERR_FORMAT);
    CHECK(f && ftell(f) <= 65536); /* the header probe only */
    if (f)
        fclose(f);
    free(buf);
}

/* ---------------------------------------------------------------- JPEG */

static void test_jpeg_files(void)
{
    char p[4096];
    segkit_image j, ref;
    int sj = segkit_read_file(
        shared(p, sizeof p, "malformed/libjpeg-turbo/testorig.jpg"), NULL, &j,
        NULL);
    int sr = segkit_read_file(
        shared(p, sizeof p, "malformed/libjpeg-turbo/testorig.ppm"), NULL,
        &ref, NULL);
    CHECK(sj == SEGKIT_OK && sr == SEGKIT_OK);
    CHECK(j.width == 227 && j.height == 149 && j.channels == 3 &&
          j.type == SEGKIT_U8);
    CHECK(ref.width == 227 && ref.height == 149 && ref.channels == 3);
    if (sj == SEGKIT_OK && sr == SEGKIT_OK && segkit_image_same_size(&j, &ref)) {
        unsigned maxd = 0;
        double sum = 0;
        for (int y = 0; y < j.height; y++)
            for (int x = 0; x < j.width; x++)
                for (int c = 0; c < 3; c++) {
                    int d = (int)sample(&j, x, y, c) - (int)sample(&ref, x, y, c);
                    unsigned a = (unsigned)(d < 0 ? -d : d);
                    maxd = a > maxd ? a : maxd;
                    sum += a;
                }
        printf("testorig.jpg vs testorig.ppm: max |diff| %u, mean %.4f\n",
               maxd, sum / (227.0 * 149 * 3));
        /* testorig.ppm is a reference decode of testorig.jpg shipped with
         * libjpeg-turbo's test images, but not bit-exact with libjpeg-turbo
         * 2.1's own output under any dct_method / do_fancy_upsampling
         * combination (measured outside this test: islow or float with
         * fancy upsampling differ by at most 3 on ~16% of the samples; any
         * decode without fancy upsampling differs by up to 34-36).  It
         * comes from a decoder with slightly different IDCT/upsampling
         * rounding, so the tolerance separates "the same decode up to
         * rounding" (<= 4, mean < 0.5) from a wrong upsampling or colour
         * conversion (tens of levels). */
        CHECKF(maxd <= 4, "max diff %u", maxd);
        CHECKF(sum / (227.0 * 149 * 3) < 0.5, "mean diff %f",
               sum / (227.0 * 149 * 3));
    }
    segkit_image_free(&j);
    segkit_image_free(&ref);

    /* arithmetic-coded: same picture */
    segkit_image a;
    CHECK(segkit_read_file(
              shared(p, sizeof p, "malformed/libjpeg-turbo/testimgari.jpg"),
              NULL, &a, NULL) == SEGKIT_OK);
    CHECK(a.width == 227 && a.height == 149 && a.channels == 3);
    segkit_image_free(&a);

    /* 12-bit: refused, no crash, no leak (../shared/data only) */
    int st;
    if (check_data(p, sizeof p, "malformed/libjpeg-turbo/monkey12.jpg")) {
        st = segkit_read_file(p, NULL, &a, NULL);
        CHECKF(st == SEGKIT_ERR_UNSUPPORTED, "monkey12: %s", segkit_strerror(st));
        CHECK(a.data == NULL);
    } else {
        printf("SKIP: %s absent, 12-bit JPEG not tested\n", p);
    }

    /* a JPEG with garbage in its entropy data is corrupt, not a partial
     * image: overwrite the middle of testorig.jpg's scan with 0xff 0xd0
     * pairs (unexpected RST markers) */
    size_t len;
    uint8_t *d = load(shared(p, sizeof p, "malformed/libjpeg-turbo/testorig.jpg"),
                      &len);
    if (d) {
        for (size_t i = len / 2; i < len / 2 + 64; i += 2) {
            d[i] = 0xff;
            d[i + 1] = 0xd3;
        }
        st = decode_mem(d, len, &a);
        CHECKF(st == SEGKIT_ERR_CORRUPT, "damaged scan: %s",
               segkit_strerror(st));
        segkit_image_free(&a);
        free(d);
    }
}

static uint8_t *encode_jpeg(const uint8_t *pix, int w, int h, int comps,
                            J_COLOR_SPACE cs, const uint8_t *app1,
                            size_t app1_len, unsigned long *out_len)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *out = NULL;
    *out_len = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, out_len);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = comps;
    c.in_color_space = cs;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 100, TRUE);
    if (cs == JCS_CMYK)
        jpeg_set_colorspace(&c, JCS_CMYK); /* writes an Adobe marker */
    jpeg_start_compress(&c, TRUE);
    if (app1)
        jpeg_write_marker(&c, JPEG_APP0 + 1, app1, (unsigned)app1_len);
    while (c.next_scanline < c.image_height) {
        JSAMPROW r = (JSAMPROW)(pix + (size_t)c.next_scanline * w * comps);
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return out;
}

static uint8_t *encode_gray_jpeg(const uint8_t *pix, int w, int h,
                                 const uint8_t *app1, size_t app1_len,
                                 unsigned long *out_len)
{
    return encode_jpeg(pix, w, h, 1, JCS_GRAYSCALE, app1, app1_len, out_len);
}

/* "Exif\0\0" + a TIFF header + IFD0 with one entry: Orientation (0x0112,
 * SHORT, count 1) = o, little- or big-endian.  Returns its length. */
static size_t make_exif(uint8_t *b, int o, int le)
{
    uint8_t t[26];
    memset(t, 0, sizeof t);
#define W16(p, v) (le ? ((p)[0] = (uint8_t)(v), (p)[1] = (uint8_t)((v) >> 8)) \
                      : ((p)[0] = (uint8_t)((v) >> 8), (p)[1] = (uint8_t)(v)))
    t[0] = t[1] = le ? 'I' : 'M';
    W16(t + 2, 42);
    /* IFD0 at offset 8 (32-bit) */
    if (le) t[4] = 8; else t[7] = 8;
    W16(t + 8, 1);            /* one entry */
    W16(t + 10, 0x0112);      /* tag */
    W16(t + 12, 3);           /* SHORT */
    if (le) t[14] = 1; else t[17] = 1; /* count 1 */
    W16(t + 18, o);           /* value, left-justified in the 4 bytes */
    /* t[22..25]: next IFD offset 0 */
#undef W16
    memcpy(b, "Exif\0\0", 6);
    memcpy(b + 6, t, sizeof t);
    return 6 + sizeof t;
}

static void test_exif(void)
{
    /* Stored 3 x 2 gray image, values far apart so JPEG (quality 100, gray)
     * cannot confuse them:
     *     A B C        A=0   B=50  C=100
     *     D E F        D=150 E=200 F=250
     * EXIF orientation says where stored row 0 / column 0 go on display.
     * Worked by hand from the EXIF 2.3 definitions:
     *  1 top/left      ABC/DEF          2 top/right     CBA/FED
     *  3 bottom/right  FED/CBA          4 bottom/left   DEF/ABC
     *  5 left/top      AD/BE/CF         6 right/top     DA/EB/FC
     *  7 right/bottom  FC/EB/DA         8 left/bottom   CF/BE/AD */
    static const uint8_t stored[6] = {0, 50, 100, 150, 200, 250};
    static const char *expect[9] = {"", "ABCDEF", "CBAFED", "FEDCBA",
                                    "DEFABC", "ADBECF", "DAEBFC", "FCEBDA",
                                    "CFBEAD"};
    for (int o = 1; o <= 8; o++)
        for (int le = 0; le <= 1; le++) {
            uint8_t exif[64];
            size_t el = make_exif(exif, o, le);
            unsigned long jl;
            uint8_t *jpg = encode_gray_jpeg(stored, 3, 2, exif, el, &jl);
            segkit_image img;
            segkit_read_options opt = segkit_read_options_default();
            int st = segkit_read_memory(jpg, jl, &opt, &img, NULL);
            CHECKF(st == SEGKIT_OK, "orientation %d", o);
            int ow = o >= 5 ? 2 : 3, oh = o >= 5 ? 3 : 2;
            CHECKF(img.width == ow && img.height == oh && img.channels == 1,
                   "orientation %d (%s): %dx%d", o, le ? "II" : "MM",
                   img.width, img.height);
            if (st == SEGKIT_OK && img.width == ow && img.height == oh) {
                for (int i = 0; i < 6; i++) {
                    int want = stored[expect[o][i] - 'A'];
                    int got = (int)sample(&img, i % ow, i / ow, 0);
                    CHECKF(abs(got - want) <= 12,
                           "orientation %d %s: pixel %d = %d, want %d (%c)", o,
                           le ? "II" : "MM", i, got, want, expect[o][i]);
                }
            }
            segkit_image_free(&img);
            /* autorotate = 0 keeps the stored layout */
            opt.autorotate = 0;
            st = segkit_read_memory(jpg, jl, &opt, &img, NULL);
            CHECK(st == SEGKIT_OK && img.width == 3 && img.height == 2);
            for (int i = 0; st == SEGKIT_OK && i < 6; i++)
                CHECKF(abs((int)sample(&img, i % 3, i / 3, 0) - stored[i]) <= 12,
                       "raw pixel %d", i);
            segkit_image_free(&img);
            free(jpg);
        }

    /* malformed EXIF blocks are ignored (orientation 1), never read out of
     * bounds: IFD offset past the end, an entry count past the end, a
     * truncated TIFF header, a bad byte-order mark, orientation 9 */
    uint8_t exif[64];
    for (int k = 0; k < 5; k++) {
        size_t el = make_exif(exif, 6, 1);
        switch (k) {
        case 0: exif[6 + 4] = 200; break;           /* IFD offset 200 */
        case 1: /* the one entry is not 0x0112, and the count claims 50
                 * entries: the walk must stop at the end of the segment */
            exif[6 + 10] = 0x13;
            exif[6 + 8] = 50;
            break;
        case 2: el = 6 + 6; break;                  /* header cut */
        case 3: exif[6] = 'X'; break;               /* byte order */
        case 4: exif[6 + 18] = 9; break;            /* orientation 9 */
        }
        unsigned long jl;
        uint8_t *jpg = encode_gray_jpeg(stored, 3, 2, exif, el, &jl);
        segkit_image img;
        int st = decode_mem(jpg, jl, &img);
        CHECKF(st == SEGKIT_OK && img.width == 3 && img.height == 2,
               "malformed exif %d", k);
        segkit_image_free(&img);
        free(jpg);
    }
}

static void test_jpeg_cmyk(void)
{
    /* An 8 x 8 CMYK JPEG as libjpeg writes it (with an Adobe marker, so the
     * stored values are Adobe's inverted CMYK: 255 = no ink).  Stored
     * (C,M,Y,K) = (255, 128, 0, 255) means no cyan, half magenta, full
     * yellow, no black: R = 255*255/255 = 255, G = 128*255/255 = 128,
     * B = 0.  Second half (255, 255, 255, 128): no ink but half black:
     * R = G = B = 255*128/255 = 128. */
    uint8_t pix[8 * 8 * 4];
    for (int i = 0; i < 64; i++) {
        uint8_t *p = pix + 4 * i;
        if (i < 32) {
            p[0] = 255; p[1] = 128; p[2] = 0; p[3] = 255;
        } else {
            p[0] = 255; p[1] = 255; p[2] = 255; p[3] = 128;
        }
    }
    unsigned long jl;
    uint8_t *jpg = encode_jpeg(pix, 8, 8, 4, JCS_CMYK, NULL, 0, &jl);
    segkit_image img;
    int st = decode_mem(jpg, jl, &img);
    CHECK(st == SEGKIT_OK && img.channels == 3 && img.width == 8);
    if (st == SEGKIT_OK) {
        /* centre pixels of each half, away from the edge between them */
        int r = (int)sample(&img, 4, 1, 0), g = (int)sample(&img, 4, 1, 1),
            b = (int)sample(&img, 4, 1, 2);
        CHECKF(abs(r - 255) <= 3 && abs(g - 128) <= 3 && b <= 3,
               "cmyk top: %d %d %d", r, g, b);
        r = (int)sample(&img, 4, 6, 0); g = (int)sample(&img, 4, 6, 1);
        b = (int)sample(&img, 4, 6, 2);
        CHECKF(abs(r - 128) <= 3 && abs(g - 128) <= 3 && abs(b - 128) <= 3,
               "cmyk bottom: %d %d %d", r, g, b);
    }
    segkit_image_free(&img);
    free(jpg);
}

/* ---------------------------------------------------------------- PNM */

static void test_pnm_hand(void)
{
    segkit_image img;
    /* P1 with a comment; 1 = black -> 0, 0 = white -> 255 */
    const char *p1 = "P1\n# a comment\n3 2\n1 0 1\n0 1 0\n";
    CHECK(decode_mem(p1, strlen(p1), &img) == SEGKIT_OK);
    CHECK(img.width == 3 && img.height == 2 && img.channels == 1 &&
          img.type == SEGKIT_U8);
    if (img.data) {
        CHECK(sample(&img, 0, 0, 0) == 0 && sample(&img, 1, 0, 0) == 255 &&
              sample(&img, 2, 0, 0) == 0);
        CHECK(sample(&img, 0, 1, 0) == 255 && sample(&img, 1, 1, 0) == 0 &&
              sample(&img, 2, 1, 0) == 255);
    }
    segkit_image_free(&img);
    /* plain PBM pixels need no separating whitespace */
    const char *p1b = "P1 3 2 101010";
    CHECK(decode_mem(p1b, strlen(p1b), &img) == SEGKIT_OK);
    CHECK(img.data && sample(&img, 1, 0, 0) == 255 && sample(&img, 1, 1, 0) == 0);
    segkit_image_free(&img);
    CHECK(decode_mem("P1 3 2 10101", 12, &img) == SEGKIT_ERR_TRUNCATED);
    CHECK(decode_mem("P1 3 2 101012", 13, &img) == SEGKIT_ERR_CORRUPT);

    /* P2 maxval 1000: u16, values kept as stored */
    const char *p2 = "P2\t2 2\r\n1000 # max\n0 1000\n500 7\n";
    CHECK(decode_mem(p2, strlen(p2), &img) == SEGKIT_OK);
    CHECK(img.type == SEGKIT_U16 && img.channels == 1);
    if (img.data)
        CHECK(sample(&img, 0, 0, 0) == 0 && sample(&img, 1, 0, 0) == 1000 &&
              sample(&img, 0, 1, 0) == 500 && sample(&img, 1, 1, 0) == 7);
    segkit_image_free(&img);
    CHECK(decode_mem("P2 2 1 10 5 11", 14, &img) == SEGKIT_ERR_CORRUPT);
    CHECK(decode_mem("P2 2 1 10 5 ", 12, &img) == SEGKIT_ERR_TRUNCATED);
    CHECK(decode_mem("P2 2 1 0 0 0", 12, &img) == SEGKIT_ERR_CORRUPT);
    CHECK(decode_mem("P2 2 1 65536 0 0", 16, &img) == SEGKIT_ERR_CORRUPT);
    CHECK(decode_mem("P2 2 x 255 0 0", 14, &img) == SEGKIT_ERR_CORRUPT);

    /* P3 */
    const char *p3 = "P3\n2 1\n255\n255 0 0  0 0 255\n";
    CHECK(decode_mem(p3, strlen(p3), &img) == SEGKIT_OK);
    CHECK(img.channels == 3 && img.type == SEGKIT_U8);
    if (img.data)
        CHECK(sample(&img, 0, 0, 0) == 255 && sample(&img, 0, 0, 2) == 0 &&
              sample(&img, 1, 0, 0) == 0 && sample(&img, 1, 0, 2) == 255);
    segkit_image_free(&img);

    /* P4 10 x 2: rows of 2 bytes, MSB first.  Row 0 = 10000000 01000000:
     * x = 0 and x = 9 black (0), the rest white; row 1 all white.  The
     * padding bits of the second byte are ignored. */
    const char p4[] = "P4\n10 2\n\x80\x40\x00\x3f";
    CHECK(decode_mem(p4, sizeof p4 - 1, &img) == SEGKIT_OK);
    if (img.data) {
        int ok = sample(&img, 0, 0, 0) == 0 && sample(&img, 9, 0, 0) == 0;
        for (int x = 1; x < 9; x++)
            ok &= sample(&img, x, 0, 0) == 255;
        for (int x = 0; x < 10; x++)
            ok &= sample(&img, x, 1, 0) == 255;
        CHECK(ok);
    }
    segkit_image_free(&img);
    CHECK(decode_mem(p4, sizeof p4 - 2, &img) == SEGKIT_ERR_TRUNCATED);

    /* P5 8-bit, 16-bit (big-endian in the file), sample above maxval */
    const char p5[] = "P5 3 1 255\n\x00\x80\xff";
    CHECK(decode_mem(p5, sizeof p5 - 1, &img) == SEGKIT_OK);
    CHECK(img.data && sample(&img, 1, 0, 0) == 128 && sample(&img, 2, 0, 0) == 255);
    segkit_image_free(&img);
    const char p5w[] = "P5 2 1 65535\n\x12\x34\xab\xcd";
    CHECK(decode_mem(p5w, sizeof p5w - 1, &img) == SEGKIT_OK);
    CHECK(img.type == SEGKIT_U16 && img.data && sample(&img, 0, 0, 0) == 0x1234 &&
          sample(&img, 1, 0, 0) == 0xabcd);
    segkit_image_free(&img);
    const char p5big[] = "P5 2 1 100\n\x64\x65";
    CHECK(decode_mem(p5big, sizeof p5big - 1, &img) == SEGKIT_ERR_CORRUPT);
    const char p5w2[] = "P5 1 1 1000\n\x03\xe9"; /* 1001 > 1000 */
    CHECK(decode_mem(p5w2, sizeof p5w2 - 1, &img) == SEGKIT_ERR_CORRUPT);
    /* no whitespace byte after maxval */
    CHECK(decode_mem("P5 1 1 255", 10, &img) == SEGKIT_ERR_TRUNCATED);

    /* P6 truncated by one byte */
    const char p6[] = "P6 2 1 255\n\1\2\3\4\5";
    CHECK(decode_mem(p6, sizeof p6 - 1, &img) == SEGKIT_ERR_TRUNCATED);

    /* P7 GRAYSCALE_ALPHA with comments */
    const char p7[] = "P7\n# pam\nWIDTH 2\nHEIGHT 1\nDEPTH 2\nMAXVAL 255\n"
                      "TUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n\x10\x20\x30\x40";
    CHECK(decode_mem(p7, sizeof p7 - 1, &img) == SEGKIT_OK);
    CHECK(img.channels == 2 && img.width == 2 && img.data &&
          sample(&img, 0, 0, 1) == 0x20 && sample(&img, 1, 0, 0) == 0x30);
    segkit_image_free(&img);
    /* PAM BLACKANDWHITE: 0 = black -> 0, 1 = white -> 255 */
    const char p7bw[] = "P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\n"
                        "TUPLTYPE BLACKANDWHITE\nENDHDR\n\x00\x01";
    CHECK(decode_mem(p7bw, sizeof p7bw - 1, &img) == SEGKIT_OK);
    CHECK(img.data && sample(&img, 0, 0, 0) == 0 && sample(&img, 1, 0, 0) == 255);
    segkit_image_free(&img);
    /* RGB_ALPHA 16-bit */
    const char p7w[] = "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 4\nMAXVAL 65535\n"
                       "TUPLTYPE RGB_ALPHA\nENDHDR\n\x01\x02\x03\x04\x05\x06\xff\xff";
    CHECK(decode_mem(p7w, sizeof p7w - 1, &img) == SEGKIT_OK);
    CHECK(img.type == SEGKIT_U16 && img.channels == 4 && img.data &&
          sample(&img, 0, 0, 1) == 0x0304 && sample(&img, 0, 0, 3) == 0xffff);
    segkit_image_free(&img);
    const char *p7bad[] = {
        "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\n",          /* no ENDHDR */
        "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 5\nMAXVAL 255\nENDHDR\n0000", /* depth */
        "P7\nWIDTH 1\nDEPTH 1\nMAXVAL 255\nENDHDR\n0",           /* no HEIGHT */
        "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nCOLOUR 3\nENDHDR\n0",
        "P7\nWIDTH 1x\nHEIGHT 1\nDEPTH 1\nMAXVAL 255\nENDHDR\n0",
    };
    for (size_t i = 0; i < sizeof p7bad / sizeof p7bad[0]; i++) {
        CHECKF(decode_mem(p7bad[i], strlen(p7bad[i]), &img) != SEGKIT_OK,
               "bad PAM %zu", i);
        CHECK(img.data == NULL);
    }
    CHECK(decode_mem(p7bad[0], strlen(p7bad[0]), &img) == SEGKIT_ERR_TRUNCATED);
}

/* stb's tests/pbm files are GIMP exports of PngSuite images: the same
 * pixels as the PNGs (16-bit stays 16-bit, 4-bit gray is scaled by 17 as
 * libpng's expansion does). */
static void test_pnm_stb(void)
{
    static const char *pairs[][2] = {
        {"stb-pnm/basi0g16.pgm", "pngsuite/16bit/basi0g16.png"},
        {"stb-pnm/basi2c16.ppm", "pngsuite/16bit/basi2c16.png"},
        {"stb-pnm/cdfn2c08.ppm", "pngsuite/unused/cdfn2c08.png"},
        {"stb-pnm/cdun2c08.ppm", "pngsuite/unused/cdun2c08.png"},
        {"stb-pnm/ctfn0g04.pgm", "pngsuite/unused/ctfn0g04.png"},
        {"stb-pnm/comment.pgm", "pngsuite/unused/ctfn0g04.png"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char p[4096], rel[256];
        segkit_image a, b;
        snprintf(rel, sizeof rel, "malformed/%s", pairs[i][0]);
        int sa = segkit_read_file(shared(p, sizeof p, rel), NULL, &a, NULL);
        snprintf(rel, sizeof rel, "malformed/%s", pairs[i][1]);
        int sb = segkit_read_file(shared(p, sizeof p, rel), NULL, &b, NULL);
        CHECKF(sa == SEGKIT_OK && sb == SEGKIT_OK, "%s", pairs[i][0]);
        int ok = sa == SEGKIT_OK && sb == SEGKIT_OK &&
                 segkit_image_same_size(&a, &b) && a.channels == b.channels &&
                 a.type == b.type;
        CHECKF(ok, "%s: %dx%dx%d %s vs %dx%dx%d %s", pairs[i][0], a.width,
               a.height, a.channels, segkit_type_name(a.type), b.width,
               b.height, b.channels, segkit_type_name(b.type));
        for (int y = 0; ok && y < a.height; y++)
            ok = memcmp(segkit_image_row(&a, y), segkit_image_row(&b, y),
                        a.stride) == 0;
        CHECKF(ok, "%s pixels differ from %s", pairs[i][0], pairs[i][1]);
        segkit_image_free(&a);
        segkit_image_free(&b);
    }
}

/* ---------------------------------------------------------------- writing */

static void fill_pattern(segkit_image *img, unsigned seed)
{
    for (int y = 0; y < img->height; y++) {
        uint8_t *r = segkit_image_row(img, y);
        for (int i = 0; i < img->width * img->channels; i++) {
            unsigned v = (seed + 37u * (unsigned)i + 101u * (unsigned)y) * 2654435761u;
            if (img->type == SEGKIT_U16)
                ((uint16_t *)(void *)r)[i] = (uint16_t)(v >> 16);
            else
                r[i] = (uint8_t)(v >> 24);
        }
    }
}

static int same_pixels(const segkit_image *a, const segkit_image *b)
{
    if (!segkit_image_same_size(a, b) || a->channels != b->channels ||
        a->type != b->type)
        return 0;
    size_t row = (size_t)a->width * a->channels * segkit_type_size(a->type);
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y), row))
            return 0;
    return 1;
}

static void test_round_trips(void)
{
    struct { segkit_format f; segkit_type t; int ch; } cases[] = {
        {SEGKIT_FORMAT_PNG, SEGKIT_U8, 1}, {SEGKIT_FORMAT_PNG, SEGKIT_U8, 2},
        {SEGKIT_FORMAT_PNG, SEGKIT_U8, 3}, {SEGKIT_FORMAT_PNG, SEGKIT_U8, 4},
        {SEGKIT_FORMAT_PNG, SEGKIT_U16, 1}, {SEGKIT_FORMAT_PNG, SEGKIT_U16, 2},
        {SEGKIT_FORMAT_PNG, SEGKIT_U16, 3}, {SEGKIT_FORMAT_PNG, SEGKIT_U16, 4},
        {SEGKIT_FORMAT_PNM, SEGKIT_U8, 1}, {SEGKIT_FORMAT_PNM, SEGKIT_U8, 2},
        {SEGKIT_FORMAT_PNM, SEGKIT_U8, 3}, {SEGKIT_FORMAT_PNM, SEGKIT_U8, 4},
        {SEGKIT_FORMAT_PNM, SEGKIT_U16, 1}, {SEGKIT_FORMAT_PNM, SEGKIT_U16, 2},
        {SEGKIT_FORMAT_PNM, SEGKIT_U16, 3}, {SEGKIT_FORMAT_PNM, SEGKIT_U16, 4},
        {SEGKIT_FORMAT_BMP, SEGKIT_U8, 3}, {SEGKIT_FORMAT_BMP, SEGKIT_U8, 4},
        {SEGKIT_FORMAT_TGA, SEGKIT_U8, 1}, {SEGKIT_FORMAT_TGA, SEGKIT_U8, 2},
        {SEGKIT_FORMAT_TGA, SEGKIT_U8, 3}, {SEGKIT_FORMAT_TGA, SEGKIT_U8, 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        segkit_image src, view, back;
        /* write a strided view (7 x 5 out of 9 x 6) to exercise stride */
        CHECK(segkit_image_create(&src, 9, 6, cases[i].ch, cases[i].t) ==
              SEGKIT_OK);
        fill_pattern(&src, (unsigned)i);
        CHECK(segkit_image_view(&src, 1, 1, 7, 5, &view) == SEGKIT_OK);
        void *buf;
        size_t len;
        int st = segkit_write_memory(&view, cases[i].f, &buf, &len);
        CHECKF(st == SEGKIT_OK, "write %s %s x%d: %s",
               segkit_format_name(cases[i].f), segkit_type_name(cases[i].t),
               cases[i].ch, segkit_strerror(st));
        segkit_format got = SEGKIT_FORMAT_UNKNOWN;
        st = segkit_read_memory(buf, len, NULL, &back, &got);
        CHECKF(st == SEGKIT_OK && got == cases[i].f && same_pixels(&view, &back),
               "round trip %s %s x%d: %s, format %s, %dx%dx%d", 
               segkit_format_name(cases[i].f), segkit_type_name(cases[i].t),
               cases[i].ch, segkit_strerror(st), segkit_format_name(got),
               back.width, back.height, back.channels);
        segkit_image_free(&back);
        free(buf);
        segkit_image_free(&src);
    }

    /* 1-channel BMP is written as 24-bit gray: reads back as R = G = B */
    segkit_image g, back;
    CHECK(segkit_image_create(&g, 5, 3, 1, SEGKIT_U8) == SEGKIT_OK);
    fill_pattern(&g, 7);
    void *buf;
    size_t len;
    CHECK(segkit_write_memory(&g, SEGKIT_FORMAT_BMP, &buf, &len) == SEGKIT_OK);
    CHECK(decode_mem(buf, len, &back) == SEGKIT_OK && back.channels == 3);
    int ok = back.data != NULL;
    for (int y = 0; ok && y < 3; y++)
        for (int x = 0; x < 5; x++)
            for (int c = 0; c < 3; c++)
                ok &= sample(&back, x, y, c) == sample(&g, x, y, 0);
    CHECK(ok);
    segkit_image_free(&back);
    /* a BMP cut short is truncated, not zero-padded (stb would pad) */
    CHECK(decode_mem(buf, len - 1, &back) == SEGKIT_ERR_TRUNCATED);
    free(buf);

    /* the PNM header written for a P5, hand-checked */
    CHECK(segkit_write_memory(&g, SEGKIT_FORMAT_PNM, &buf, &len) == SEGKIT_OK);
    CHECK(len == 11 + 15 && memcmp(buf, "P5\n5 3\n255\n", 11) == 0);
    free(buf);
    segkit_image_free(&g);

    /* 16-bit PNM: big-endian on disk */
    segkit_image w;
    CHECK(segkit_image_create(&w, 1, 1, 1, SEGKIT_U16) == SEGKIT_OK);
    *(uint16_t *)w.data = 0x1234;
    CHECK(segkit_write_memory(&w, SEGKIT_FORMAT_PNM, &buf, &len) == SEGKIT_OK);
    CHECK(len == 15 && memcmp(buf, "P5\n1 1\n65535\n\x12\x34", 15) == 0);
    free(buf);
    /* types a format cannot hold */
    CHECK(segkit_write_memory(&w, SEGKIT_FORMAT_BMP, &buf, &len) ==
          SEGKIT_ERR_TYPE);
    CHECK(buf == NULL && len == 0);
    CHECK(segkit_write_memory(&w, SEGKIT_FORMAT_TGA, &buf, &len) ==
          SEGKIT_ERR_TYPE);
    segkit_image_free(&w);
    segkit_image f;
    CHECK(segkit_image_create(&f, 2, 2, 1, SEGKIT_F32) == SEGKIT_OK);
    CHECK(segkit_write_memory(&f, SEGKIT_FORMAT_PNM, &buf, &len) ==
          SEGKIT_ERR_TYPE);
    CHECK(segkit_write_memory(&f, SEGKIT_FORMAT_PNG, &buf, &len) ==
          SEGKIT_ERR_TYPE);
    segkit_image_free(&f);
    /* i32 labels in PNM: a 16-bit PGM when they fit (as in PNG), never
     * wrapped around */
    CHECK(segkit_image_create(&f, 2, 2, 1, SEGKIT_I32) == SEGKIT_OK);
    int32_t *lv = f.data;
    lv[0] = 0, lv[1] = 1, lv[2] = 300, lv[3] = 65535;
    CHECK(segkit_write_memory(&f, SEGKIT_FORMAT_PNM, &buf, &len) == SEGKIT_OK);
    static const unsigned char pgm16[] = "P5\n2 2\n65535\n\0\0\0\1\1\x2c\xff\xff";
    CHECK(len == sizeof pgm16 - 1 && memcmp(buf, pgm16, len) == 0);
    free(buf);
    lv[3] = 65536;
    CHECK(segkit_write_memory(&f, SEGKIT_FORMAT_PNM, &buf, &len) == SEGKIT_ERR_RANGE);
    CHECK(buf == NULL && len == 0);
    lv[3] = -1;
    CHECK(segkit_write_memory(&f, SEGKIT_FORMAT_PNM, &buf, &len) == SEGKIT_ERR_RANGE);
    segkit_image_free(&f);
}

/* PBM (P4) and PAM (P7) bytes worked out by hand from pbm(5)/pam(5); JPEG of
 * flat images decoded back (a flat 8x8 block is DC only: for gray 100 at
 * quality 90 the DC step is 3 (16 * 0.2 rounded), DC = (100 - 128) * 8 =
 * -224 -> -75 * 3 = -225 -> 128 - 28.1 = 99.9, i.e. 100 +- 1). */
static void test_write_formats(void)
{
    segkit_image m, back;
    void *buf;
    size_t len;
    segkit_format f;
    /* 10 x 2 mask: 0 0 1 1 0 1 0 0 1 1 / 1 1 1 1 1 1 1 1 1 0 (u16, 1 =
     * any nonzero: 7 and 65535 as well) */
    static const uint16_t mv[20] = {0, 0, 7, 65535, 0, 1, 0, 0, 255, 9,
                                    1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    CHECK(segkit_image_create(&m, 10, 2, 1, SEGKIT_U16) == SEGKIT_OK);
    memcpy(m.data, mv, sizeof mv);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PBM, &buf, &len) == SEGKIT_OK);
    CHECK(len == 8 + 4 && memcmp(buf, "P4\n10 2\n\x34\xc0\xff\x80", 12) == 0);
    /* read back: PBM is intensities, black (1) -> 0, white -> 255 */
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_PNM && back.type == SEGKIT_U8);
    CHECK(back.data && sample(&back, 2, 0, 0) == 0 && sample(&back, 0, 0, 0) == 255 &&
          sample(&back, 9, 1, 0) == 255 && sample(&back, 8, 1, 0) == 0);
    segkit_image_free(&back);
    free(buf);
    segkit_image_free(&m);
    /* PBM holds one channel only */
    CHECK(segkit_image_create(&m, 2, 2, 3, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PBM, &buf, &len) == SEGKIT_ERR_TYPE);
    segkit_image_free(&m);

    /* PAM: always P7, TUPLTYPE by channel count */
    static const char *const tt[5] = {"", "GRAYSCALE", "GRAYSCALE_ALPHA", "RGB",
                                      "RGB_ALPHA"};
    for (int ch = 1; ch <= 4; ch++) {
        char head[128];
        int hn = snprintf(head, sizeof head,
                          "P7\nWIDTH 3\nHEIGHT 2\nDEPTH %d\nMAXVAL 255\n"
                          "TUPLTYPE %s\nENDHDR\n", ch, tt[ch]);
        CHECK(segkit_image_create(&m, 3, 2, ch, SEGKIT_U8) == SEGKIT_OK);
        fill_pattern(&m, (unsigned)ch);
        CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PAM, &buf, &len) == SEGKIT_OK);
        CHECK(len == (size_t)hn + 6u * (size_t)ch && memcmp(buf, head, (size_t)hn) == 0);
        CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
              same_pixels(&m, &back));
        segkit_image_free(&back);
        free(buf);
        segkit_image_free(&m);
    }

    /* JPEG: flat gray 100 and flat colour, 16 x 16 */
    CHECK(segkit_image_create(&m, 16, 16, 1, SEGKIT_U8) == SEGKIT_OK);
    memset(m.data, 100, 256);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_JPEG, &buf, &len) == SEGKIT_OK);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_JPEG && back.channels == 1 && back.width == 16);
    int ok = back.data != NULL;
    for (int y = 0; ok && y < 16; y++)
        for (int x = 0; x < 16; x++)
            ok &= abs((int)sample(&back, x, y, 0) - 100) <= 1;
    CHECK(ok);
    segkit_image_free(&back);
    free(buf);
    /* quality is checked */
    segkit_write_options wo = segkit_write_options_default();
    CHECK(wo.quality == 90);
    wo.quality = 0;
    CHECK(segkit_write_memory_opts(&m, SEGKIT_FORMAT_JPEG, &wo, &buf, &len) ==
          SEGKIT_ERR_ARG);
    segkit_image_free(&m);
    CHECK(segkit_image_create(&m, 16, 16, 3, SEGKIT_U8) == SEGKIT_OK);
    for (int i = 0; i < 256; i++) {
        ((uint8_t *)m.data)[3 * i] = 200;
        ((uint8_t *)m.data)[3 * i + 1] = 40;
        ((uint8_t *)m.data)[3 * i + 2] = 90;
    }
    wo.quality = 95;
    CHECK(segkit_write_memory_opts(&m, SEGKIT_FORMAT_JPEG, &wo, &buf, &len) ==
          SEGKIT_OK);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          back.channels == 3);
    ok = back.data != NULL;
    for (int y = 0; ok && y < 16; y++)
        for (int x = 0; x < 16; x++)
            ok &= abs((int)sample(&back, x, y, 0) - 200) <= 3 &&
                  abs((int)sample(&back, x, y, 1) - 40) <= 3 &&
                  abs((int)sample(&back, x, y, 2) - 90) <= 3;
    CHECK(ok);
    segkit_image_free(&back);
    free(buf);
    segkit_image_free(&m);
    /* no alpha, no 16-bit in JPEG */
    CHECK(segkit_image_create(&m, 4, 4, 4, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_JPEG, &buf, &len) == SEGKIT_ERR_TYPE);
    segkit_image_free(&m);
    CHECK(segkit_image_create(&m, 4, 4, 1, SEGKIT_U16) == SEGKIT_OK);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_JPEG, &buf, &len) == SEGKIT_ERR_TYPE);
    segkit_image_free(&m);

    /* names and extensions */
    CHECK(segkit_format_from_name("a/b.PBM") == SEGKIT_FORMAT_PBM);
    CHECK(segkit_format_from_name("x.pam") == SEGKIT_FORMAT_PAM);
    CHECK(segkit_format_from_name("x.jpeg") == SEGKIT_FORMAT_JPEG);
    CHECK(segkit_format_from_name("x.JPG") == SEGKIT_FORMAT_JPEG);
    CHECK(segkit_format_from_name("x.tif") == SEGKIT_FORMAT_UNKNOWN);
    CHECK(segkit_format_is_lossy(SEGKIT_FORMAT_JPEG) &&
          !segkit_format_is_lossy(SEGKIT_FORMAT_PNG));
    CHECK(strcmp(segkit_format_name(SEGKIT_FORMAT_PBM), "pbm") == 0);
}

/* numpy.load of a file we wrote equals what the Python snippet expects
 * (1 = yes, 0 = no, -1 = no python3 with numpy here). */
static int numpy_agrees(const char *path, const char *check)
{
    static const char *const pythons[] = {"python3", "/usr/bin/python3"};
    char cmd[1024];
    for (size_t i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "%s -c 'import numpy' 2>/dev/null", pythons[i]);
        if (system(cmd) != 0)
            continue;
        snprintf(cmd, sizeof cmd,
                 "%s -c 'import numpy as np, sys; a = np.load(sys.argv[1]); "
                 "sys.exit(0 if (%s) else 1)' '%s'", pythons[i], check, path);
        return system(cmd) == 0;
    }
    return -1;
}

/* .npy, .pfm, RGB ids and 16-bit PNG labels; bytes worked out by hand from
 * the NumPy format description (numpy/lib/format.py docstring) and the PFM
 * page; numpy.load reads what we write. */
static void test_label_formats(void)
{
    void *buf;
    size_t len;
    segkit_image m, back;
    segkit_format f;

    /* i32 labels 3 x 2: 0 1 -2 / 65536 7 2147483647 */
    static const int32_t lv[6] = {0, 1, -2, 65536, 7, 2147483647};
    CHECK(segkit_image_create(&m, 3, 2, 1, SEGKIT_I32) == SEGKIT_OK);
    memcpy(m.data, lv, sizeof lv);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_NPY, &buf, &len) == SEGKIT_OK);
    static const char dict[] = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }";
    /* 10 + 59 + 1 = 70 -> padded to 128: header length 118 = 0x76 */
    CHECK(len == 128 + 24);
    CHECK(buf && memcmp(buf, "\x93NUMPY\x01\x00\x76\x00", 10) == 0 &&
          memcmp((char *)buf + 10, dict, sizeof dict - 1) == 0 &&
          ((char *)buf)[127] == '\n' && ((char *)buf)[126] == ' ');
    static const uint8_t data_le[24] = {0, 0, 0, 0, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff,
                                        0, 0, 1, 0, 7, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f};
    CHECK(buf && memcmp((uint8_t *)buf + 128, data_le, 24) == 0);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_NPY && same_pixels(&m, &back));
    segkit_image_free(&back);
    /* numpy reads it */
    char tmpl[] = "/tmp/segkit-test-npy-XXXXXX";
    char *dir = mkdtemp(tmpl);
    char path[512];
    snprintf(path, sizeof path, "%s/l.npy", dir ? dir : "/tmp");
    CHECK(dir && segkit_write_file(path, &m, SEGKIT_FORMAT_NPY) == SEGKIT_OK);
    int np = numpy_agrees(path, "a.dtype == np.int32 and a.shape == (2, 3) and "
                                "a.tolist() == [[0, 1, -2], [65536, 7, 2147483647]]");
    if (np < 0)
        printf("note: no python3 with numpy: numpy.load checks skipped\n");
    else
        CHECK(np == 1);

    /* every (truncated, trailing, fortran, dtype) problem is refused */
    uint8_t *b = buf;
    CHECK(segkit_read_memory(b, len - 1, NULL, &back, NULL) == SEGKIT_ERR_TRUNCATED);
    uint8_t *more = malloc(len + 1);
    memcpy(more, b, len);
    more[len] = 0;
    /* a byte after the array is ignored, as by every decoder */
    CHECK(segkit_read_memory(more, len + 1, NULL, &back, NULL) == SEGKIT_OK &&
          same_pixels(&m, &back));
    segkit_image_free(&back);
    memcpy(more + 10, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), } ", 59);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_UNSUPPORTED);
    CHECK(segkit_npy_explain(more, len) && strstr(segkit_npy_explain(more, len), "Fortran"));
    memcpy(more + 10, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 59);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_UNSUPPORTED);
    CHECK(segkit_npy_explain(more, len) && strstr(segkit_npy_explain(more, len), "dtype"));
    memcpy(more + 10, "{'descr': '>i4', 'fortran_order': False, 'shape': (2, 3), }", 59);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_UNSUPPORTED);
    memcpy(more + 10, "{'descr': '<i4', 'fortran_order': False, 'shape': (6,),   }", 59);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_UNSUPPORTED);
    memcpy(more + 10, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3),  ", 59);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_CORRUPT);
    memcpy(more + 10, "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 59);
    more[127] = ' '; /* no final newline */
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_ERR_CORRUPT);
    more[127] = '\n';
    /* version 2.0: a 4-byte header length, same dict (one byte shorter pad) */
    more[6] = 2;
    more[8] = 0x74; more[9] = 0; more[10] = 0; more[11] = 0;
    memcpy(more + 12, dict, sizeof dict - 1);
    memset(more + 12 + sizeof dict - 1, ' ', 128 - 12 - (sizeof dict - 1) - 1);
    CHECK(segkit_read_memory(more, len, NULL, &back, NULL) == SEGKIT_OK &&
          same_pixels(&m, &back));
    segkit_image_free(&back);
    free(more);
    free(buf);

    /* i32 labels as PNG: 16-bit when they fit, else SEGKIT_ERR_RANGE */
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PNG, &buf, &len) == SEGKIT_ERR_RANGE);
    CHECK(buf == NULL);
    int32_t *px = m.data;
    px[2] = 65535;
    px[5] = 3;
    /* 0 1 65535 / 65536 7 3: one label too many */
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PNG, &buf, &len) == SEGKIT_ERR_RANGE);
    px[3] = 4;
    /* values now 0 1 65535 / 4 7 3 */
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PNG, &buf, &len) == SEGKIT_OK);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          back.type == SEGKIT_U16 && back.channels == 1);
    CHECK(back.data && sample(&back, 2, 0, 0) == 65535 && sample(&back, 0, 1, 0) == 4 &&
          sample(&back, 2, 1, 0) == 3);
    segkit_image_free(&back);
    free(buf);
    px[1] = -1;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PNG, &buf, &len) == SEGKIT_ERR_RANGE);

    /* RGB ids: id = R + 256 G + 65536 B */
    px[0] = 0; px[1] = 1; px[2] = 256; px[3] = 65536 + 2; px[4] = 0x123456; px[5] = 0xffffff;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_RGBID, &buf, &len) == SEGKIT_OK);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_PNG && back.channels == 3 && back.type == SEGKIT_U8);
    /* 0x123456 -> R 0x56, G 0x34, B 0x12 */
    CHECK(back.data && sample(&back, 1, 1, 0) == 0x56 && sample(&back, 1, 1, 1) == 0x34 &&
          sample(&back, 1, 1, 2) == 0x12 && sample(&back, 0, 1, 0) == 2 &&
          sample(&back, 0, 1, 2) == 1);
    segkit_image_free(&back);
    segkit_read_options ro = segkit_read_options_default();
    ro.rgbid = 1;
    CHECK(segkit_read_memory(buf, len, &ro, &back, &f) == SEGKIT_OK &&
          back.type == SEGKIT_I32 && same_pixels(&m, &back));
    segkit_image_free(&back);
    free(buf);
    px[5] = 0x1000000;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_RGBID, &buf, &len) == SEGKIT_ERR_RANGE);
    px[5] = -1;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_RGBID, &buf, &len) == SEGKIT_ERR_RANGE);
    segkit_image_free(&m);

    /* f32 2 x 2 [[1, 2], [3, 4]] as PFM: rows bottom to top, little-endian */
    CHECK(segkit_image_create(&m, 2, 2, 1, SEGKIT_F32) == SEGKIT_OK);
    float *fp = m.data;
    fp[0] = 1; fp[1] = 2; fp[2] = 3; fp[3] = 4;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PFM, &buf, &len) == SEGKIT_OK);
    /* 3.0f = 0x40400000, 4.0f = 0x40800000, 1.0f = 0x3f800000, 2.0f = 0x40000000 */
    static const uint8_t pfm[] = "Pf\n2 2\n-1.0\n"
                                 "\x00\x00\x40\x40" "\x00\x00\x80\x40"
                                 "\x00\x00\x80\x3f" "\x00\x00\x00\x40";
    CHECK(len == sizeof pfm - 1 && memcmp(buf, pfm, len) == 0);
    CHECK(segkit_read_memory(buf, len, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_PFM && same_pixels(&m, &back));
    segkit_image_free(&back);
    free(buf);
    /* big-endian (positive scale) reads the same */
    static const uint8_t pfm_be[] = "Pf\n2 2\n1.0\n"
                                    "\x40\x40\x00\x00" "\x40\x80\x00\x00"
                                    "\x3f\x80\x00\x00" "\x40\x00\x00\x00";
    CHECK(segkit_read_memory(pfm_be, sizeof pfm_be - 1, NULL, &back, &f) == SEGKIT_OK &&
          same_pixels(&m, &back));
    segkit_image_free(&back);
    CHECK(segkit_read_memory(pfm_be, sizeof pfm_be - 2, NULL, &back, &f) ==
          SEGKIT_ERR_TRUNCATED);
    /* f32 as .npy, and numpy agrees */
    snprintf(path, sizeof path, "%s/f.npy", dir ? dir : "/tmp");
    CHECK(segkit_write_file(path, &m, SEGKIT_FORMAT_NPY) == SEGKIT_OK);
    if (np >= 0)
        CHECK(numpy_agrees(path, "a.dtype == np.float32 and a.tolist() == [[1, 2], [3, 4]]") == 1);
    CHECK(segkit_read_file(path, NULL, &back, &f) == SEGKIT_OK && same_pixels(&m, &back));
    segkit_image_free(&back);
    unlink(path);
    segkit_image_free(&m);
    /* u16 RGB as .npy: shape (H, W, 3) */
    CHECK(segkit_image_create(&m, 2, 1, 3, SEGKIT_U16) == SEGKIT_OK);
    for (int i = 0; i < 6; i++)
        ((uint16_t *)m.data)[i] = (uint16_t)(1000 * i + 1);
    snprintf(path, sizeof path, "%s/u.npy", dir ? dir : "/tmp");
    CHECK(segkit_write_file(path, &m, SEGKIT_FORMAT_NPY) == SEGKIT_OK);
    if (np >= 0)
        CHECK(numpy_agrees(path, "a.dtype == np.uint16 and "
                                 "a.tolist() == [[[1, 1001, 2001], [3001, 4001, 5001]]]") == 1);
    CHECK(segkit_read_file(path, NULL, &back, &f) == SEGKIT_OK && same_pixels(&m, &back));
    segkit_image_free(&back);
    unlink(path);
    segkit_image_free(&m);
    /* tiny files claiming huge arrays are refused before any allocation,
     * also from a stream (which then reads no more than the header) */
    static const char huge_npy[] =
        "\x93NUMPY\x01\x00\x46\x00" /* header length 70 */
        "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }\n";
    static const char huge_pfm[] = "Pf\n1000000 1000000\n-1.0\n";
    CHECK(segkit_read_memory(huge_npy, sizeof huge_npy - 1, NULL, &back, &f) ==
          SEGKIT_ERR_TOO_LARGE);
    CHECK(segkit_read_memory(huge_pfm, sizeof huge_pfm - 1, NULL, &back, &f) ==
          SEGKIT_ERR_TOO_LARGE);
    FILE *tf = tmpfile();
    CHECK(tf != NULL);
    if (tf) {
        fwrite(huge_npy, 1, sizeof huge_npy - 1, tf);
        rewind(tf);
        CHECK(segkit_read_stream(tf, NULL, &back, &f) == SEGKIT_ERR_TOO_LARGE);
        fclose(tf);
    }
    /* PFM holds f32 only */
    CHECK(segkit_image_create(&m, 2, 1, 1, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PFM, &buf, &len) == SEGKIT_ERR_TYPE);
    segkit_image_free(&m);
    snprintf(path, sizeof path, "%s/l.npy", dir ? dir : "/tmp");
    unlink(path);
    if (dir)
        rmdir(dir);
}

static void test_stb_formats(void)
{
    segkit_image img;
    segkit_format f;
    /* Radiance HDR, 2 x 1 flat (non-RLE since width < 8).  RGBE
     * (128, 64, 0, 129): scale 2^(129 - 136) = 1/128, so R = 1.0, G = 0.5,
     * B = 0; (0,0,0,0) is black. */
    const char hdr[] = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 2\n"
                       "\x80\x40\x00\x81\x00\x00\x00\x00";
    int st = segkit_read_memory(hdr, sizeof hdr - 1, NULL, &img, &f);
    CHECKF(st == SEGKIT_OK, "hdr: %s", segkit_strerror(st));
    CHECK(f == SEGKIT_FORMAT_HDR && img.type == SEGKIT_F32 && img.channels == 3);
    if (st == SEGKIT_OK) {
        const float *p = img.data;
        CHECK(p[0] == 1.0f && p[1] == 0.5f && p[2] == 0.0f && p[3] == 0.0f);
    }
    segkit_image_free(&img);

    /* GIF89a 1 x 1: palette {white, black}, graphic control extension with
     * transparent index 0, LZW data 02 44 01 = codes CLEAR(4), 0, EOI(5):
     * one pixel of index 0, i.e. transparent -> alpha 0. */
    const uint8_t gif[] = {
        'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
        0xff, 0xff, 0xff, 0, 0, 0,
        0x21, 0xf9, 4, 1, 0, 0, 0, 0,
        0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0,
        2, 2, 0x44, 0x01, 0, 0x3b};
    st = segkit_read_memory(gif, sizeof gif, NULL, &img, &f);
    CHECKF(st == SEGKIT_OK, "gif: %s", segkit_strerror(st));
    CHECK(f == SEGKIT_FORMAT_GIF && img.width == 1 && img.height == 1 &&
          img.channels == 4);
    CHECK(img.data && sample(&img, 0, 0, 3) == 0);
    segkit_image_free(&img);

    /* uncompressed 8-bit gray TGA (type 3), 2 x 1, bottom-up: header of
     * 18 bytes + 2 pixel bytes; one byte short is truncated (stb alone
     * would pad with zeros) */
    const uint8_t tga[20] = {0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             2, 0, 1, 0, 8, 0, 10, 200};
    st = segkit_read_memory(tga, sizeof tga, NULL, &img, &f);
    CHECKF(st == SEGKIT_OK, "tga: %s", segkit_strerror(st));
    CHECK(f == SEGKIT_FORMAT_TGA && img.width == 2 && img.channels == 1 &&
          img.data && sample(&img, 0, 0, 0) == 10 && sample(&img, 1, 0, 0) == 200);
    segkit_image_free(&img);
    CHECK(segkit_read_memory(tga, sizeof tga - 1, NULL, &img, &f) ==
          SEGKIT_ERR_TRUNCATED);

    /* a text file is no image */
    const char *txt = "hello, this is not an image\n";
    CHECK(segkit_read_memory(txt, strlen(txt), NULL, &img, &f) ==
          SEGKIT_ERR_FORMAT);
    CHECK(f == SEGKIT_FORMAT_UNKNOWN && img.data == NULL);
    CHECK(segkit_read_memory("", 0, NULL, &img, &f) == SEGKIT_ERR_TRUNCATED);
}

/* ---------------------------------------------------------------- detect */

static void test_detect(void)
{
    CHECK(segkit_format_detect("\x89PNG\r\n\x1a\n", 8) == SEGKIT_FORMAT_PNG);
    CHECK(segkit_format_detect("\x89PNG\r\n\x1a", 7) == SEGKIT_FORMAT_UNKNOWN);
    CHECK(segkit_format_detect("\xff\xd8\xff\xe0", 4) == SEGKIT_FORMAT_JPEG);
    CHECK(segkit_format_detect("P6", 2) == SEGKIT_FORMAT_PNM);
    CHECK(segkit_format_detect("P8", 2) == SEGKIT_FORMAT_UNKNOWN);
    CHECK(segkit_format_detect("BM", 2) == SEGKIT_FORMAT_BMP);
    CHECK(segkit_format_detect("GIF87a", 6) == SEGKIT_FORMAT_GIF);
    CHECK(segkit_format_detect("8BPS", 4) == SEGKIT_FORMAT_PSD);
    CHECK(segkit_format_detect("#?RADIANCE", 10) == SEGKIT_FORMAT_HDR);
    CHECK(segkit_format_detect(NULL, 0) == SEGKIT_FORMAT_UNKNOWN);
    CHECK(segkit_format_from_name("a/b.PNG") == SEGKIT_FORMAT_PNG);
    CHECK(segkit_format_from_name("x.pgm") == SEGKIT_FORMAT_PNM);
    CHECK(segkit_format_from_name("x.pam") == SEGKIT_FORMAT_PAM);
    CHECK(segkit_format_from_name("x.tga") == SEGKIT_FORMAT_TGA);
    CHECK(segkit_format_from_name("x.webp") == SEGKIT_FORMAT_UNKNOWN);
    CHECK(segkit_format_from_name("dir.png/x") == SEGKIT_FORMAT_UNKNOWN);
    CHECK(strcmp(segkit_format_name(SEGKIT_FORMAT_JPEG), "jpeg") == 0);
    CHECK(strcmp(segkit_format_name((segkit_format)99), "unknown") == 0);
}

/* ---------------------------------------------------------------- files */

static int count_entries(const char *dir, const char *containing)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (!containing || strstr(e->d_name, containing)))
            n++;
    closedir(d);
    return n;
}

static void test_files(void)
{
    char tmpl[] = "/tmp/segkit-test-io-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[512];
    segkit_image img, back;
    CHECK(segkit_image_create(&img, 4, 3, 3, SEGKIT_U8) == SEGKIT_OK);
    fill_pattern(&img, 3);

    /* a PNG named .jpg is still read as PNG: magic bytes decide */
    snprintf(path, sizeof path, "%s/photo.jpg", dir);
    CHECK(segkit_write_file(path, &img, SEGKIT_FORMAT_PNG) == SEGKIT_OK);
    segkit_format f = SEGKIT_FORMAT_UNKNOWN;
    CHECK(segkit_read_file(path, NULL, &back, &f) == SEGKIT_OK);
    CHECK(f == SEGKIT_FORMAT_PNG && same_pixels(&img, &back));
    segkit_image_free(&back);
    /* a successful write leaves no temporary */
    CHECK(count_entries(dir, ".tmp-") == 0);
    CHECK(count_entries(dir, NULL) == 1);

    /* overwriting replaces the file (atomically) */
    CHECK(segkit_write_file(path, &img, SEGKIT_FORMAT_PNM) == SEGKIT_OK);
    CHECK(segkit_read_file(path, NULL, &back, &f) == SEGKIT_OK);
    CHECK(f == SEGKIT_FORMAT_PNM && same_pixels(&img, &back));
    segkit_image_free(&back);
    CHECK(count_entries(dir, NULL) == 1);

    /* into a directory that does not exist: IO error, nothing created */
    snprintf(path, sizeof path, "%s/no-such-dir/out.png", dir);
    errno = 0;
    CHECK(segkit_write_file(path, &img, SEGKIT_FORMAT_PNG) == SEGKIT_ERR_IO);
    CHECK(errno == ENOENT);
    struct stat sb;
    snprintf(path, sizeof path, "%s/no-such-dir", dir);
    CHECK(stat(path, &sb) != 0);
    CHECK(count_entries(dir, NULL) == 1);

    /* an encoding error (f32 to PNG) leaves the existing file untouched */
    snprintf(path, sizeof path, "%s/photo.jpg", dir);
    segkit_image fl;
    CHECK(segkit_image_create(&fl, 2, 2, 1, SEGKIT_F32) == SEGKIT_OK);
    CHECK(segkit_write_file(path, &fl, SEGKIT_FORMAT_PNG) == SEGKIT_ERR_TYPE);
    segkit_image_free(&fl);
    CHECK(segkit_read_file(path, NULL, &back, &f) == SEGKIT_OK &&
          f == SEGKIT_FORMAT_PNM);
    segkit_image_free(&back);
    CHECK(count_entries(dir, NULL) == 1);

    /* reading a missing file */
    snprintf(path, sizeof path, "%s/missing.png", dir);
    CHECK(segkit_read_file(path, NULL, &back, NULL) == SEGKIT_ERR_IO);

    /* clean up */
    snprintf(path, sizeof path, "%s/photo.jpg", dir);
    unlink(path);
    rmdir(dir);
    segkit_image_free(&img);
}

/* segkit_write_file through a relative symlink chain into a read-only
 * (for us) or writable regular file, and the output steps' temporary name. */
static void test_safe_output(void)
{
    char tmpl[] = "/tmp/segkit-test-out-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    char path[512], link1[512], link2[512], sub[512];
    segkit_image img, back;
    CHECK(segkit_image_create(&img, 3, 2, 1, SEGKIT_U8) == SEGKIT_OK);
    fill_pattern(&img, 1);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK(mkdir(sub, 0755) == 0);
    snprintf(path, sizeof path, "%s/sub/target.pgm", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK(chmod(path, 0604) == 0);
    /* link1 -> sub/link2 (relative to link1's directory),
     * sub/link2 -> target.pgm (relative to sub/) */
    snprintf(link1, sizeof link1, "%s/link1.pgm", dir);
    snprintf(link2, sizeof link2, "%s/sub/link2.pgm", dir);
    CHECK(symlink("sub/link2.pgm", link1) == 0);
    CHECK(symlink("target.pgm", link2) == 0);
    CHECK(segkit_write_file(link1, &img, SEGKIT_FORMAT_PNM) == SEGKIT_OK);
    struct stat sb;
    CHECK(lstat(link1, &sb) == 0 && S_ISLNK(sb.st_mode));
    CHECK(lstat(link2, &sb) == 0 && S_ISLNK(sb.st_mode));
    CHECK(lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
          (sb.st_mode & 07777) == 0604);
    CHECK(segkit_read_file(path, NULL, &back, NULL) == SEGKIT_OK &&
          same_pixels(&img, &back));
    segkit_image_free(&back);
    CHECK(count_entries(sub, NULL) == 2 && count_entries(dir, NULL) == 2);

    /* the steps: the temporary sits beside the resolved target until the
     * commit; abort removes it and leaves the target alone */
    segkit_output out;
    CHECK(segkit_output_open(&out, link1) == SEGKIT_OK);
    CHECK(out.tmp != NULL && strncmp(out.tmp, path, strlen(path)) == 0);
    CHECK(out.tmp && stat(out.tmp, &sb) == 0);
    CHECK(segkit_output_write(&out, "abc", 3) == SEGKIT_OK);
    segkit_output_abort(&out);
    CHECK(out.fd == -1 && out.tmp == NULL);
    CHECK(count_entries(sub, ".tmp-") == 0);
    CHECK(segkit_read_file(path, NULL, &back, NULL) == SEGKIT_OK &&
          same_pixels(&img, &back));
    segkit_image_free(&back);

    /* a loop of links: ELOOP, nothing created */
    snprintf(link2, sizeof link2, "%s/loop", dir);
    CHECK(symlink("loop", link2) == 0);
    errno = 0;
    CHECK(segkit_write_file(link2, &img, SEGKIT_FORMAT_PNM) == SEGKIT_ERR_IO);
    CHECK(errno == ELOOP);
    CHECK(count_entries(dir, NULL) == 3);

    unlink(link2);
    unlink(link1);
    snprintf(link2, sizeof link2, "%s/sub/link2.pgm", dir);
    unlink(link2);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
    segkit_image_free(&img);
}

int main(void)
{
    /* hand-made cases: always run */
    test_limits();
    test_budget_and_streams();
    test_exif();
    test_jpeg_cmyk();
    test_pnm_hand();
    test_round_trips();
    test_write_formats();
    test_label_formats();
    test_stb_formats();
    test_detect();
    test_files();
    test_safe_output();
    /* PngSuite, libjpeg-turbo's and stb's test files: tests/data */
    test_pngsuite_primary();
    test_pngsuite_16bit();
    test_pngsuite_corrupt();
    test_truncations();
    test_jpeg_files();
    test_pnm_stb();
    return check_done();
}
