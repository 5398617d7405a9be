/* Streams of frames (segkit/io.h): concatenated netpbm images and Y4M, read
 * and written one frame at a time.  Expected values are written by hand in
 * the streams below, or come from ffmpeg (Debian's, run here when it is on
 * PATH: its own Y4M -> gray / RGB conversions of lavfi test sources). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

static FILE *mem(const void *data, size_t n)
{
    return fmemopen((void *)data, n, "rb");
}

static unsigned px(const segkit_image *im, int x, int y, int c)
{
    const uint8_t *row = segkit_image_row(im, y);
    if (im->type == SEGKIT_U16)
        return ((const uint16_t *)(const void *)row)[x * im->channels + c];
    return row[x * im->channels + c];
}

/* A frame reader over bytes in memory. */
typedef struct memin {
    FILE *f;
    segkit_frame_reader *r;
} memin;

static int memin_open(memin *in, const void *data, size_t n, const segkit_frame_options *o)
{
    in->f = mem(data, n);
    return segkit_frame_reader_open(&in->r, in->f, o);
}

static void memin_close(memin *in)
{
    segkit_frame_reader_close(in->r);
    fclose(in->f);
}

/* A frame writer into memory: after memout_close, buf (malloc'ed) holds
 * the len bytes written. */
typedef struct memout {
    char *buf;
    size_t len;
    FILE *f;
    segkit_frame_writer *w;
} memout;

static int memout_open(memout *out, segkit_stream_kind kind, const segkit_y4m_header *like,
                       const segkit_frame_write_options *wo)
{
    out->buf = NULL;
    out->len = 0;
    out->f = open_memstream(&out->buf, &out->len);
    return segkit_frame_writer_open(&out->w, out->f, kind, like, wo);
}

static int memout_close(memout *out)
{
    int st = segkit_frame_writer_close(out->w);
    fclose(out->f);
    return st;
}

/* A netpbm stream of six images of every kind, written by hand. */
static void test_pnm_stream(void)
{
    static const char s[] =
        "P5\n2 2\n255\n\x01\x02\x03\x04"          /* gray 2x2 */
        "\n\n"                                     /* whitespace between */
        "P6 1 1 255\n\x0a\x0b\x0c"                 /* RGB 1x1 */
        "P2\n# a comment\n3 1\n# more\n9\n0 5 9\n" /* plain gray */
        "P1 3 1 101"                               /* plain PBM, no spaces */
        "P4\n3 1\n\xa0"                            /* raw PBM: 101 */
        "P7\nWIDTH 1\nHEIGHT 1\nDEPTH 2\nMAXVAL 65535\nTUPLTYPE GRAYSCALE_ALPHA\n"
        "ENDHDR\n\x12\x34\xff\xff"                 /* 16-bit gray+alpha */
        "  \n";
    memin in;
    CHECK(memin_open(&in, s, sizeof s - 1, NULL) == SEGKIT_OK);
    segkit_frame_reader *r = in.r;
    CHECK(segkit_frame_reader_kind(r) == SEGKIT_STREAM_PNM);
    CHECK(segkit_frame_reader_y4m(r) == NULL);
    segkit_image im;
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
    CHECK(im.width == 2 && im.height == 2 && im.channels == 1);
    CHECK(px(&im, 0, 0, 0) == 1 && px(&im, 1, 1, 0) == 4);
    segkit_image_free(&im);
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
    CHECK(im.width == 1 && im.channels == 3 && px(&im, 0, 0, 2) == 12);
    segkit_image_free(&im);
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
    CHECK(im.width == 3 && px(&im, 0, 0, 0) == 0 && px(&im, 1, 0, 0) == 5 &&
          px(&im, 2, 0, 0) == 9);
    segkit_image_free(&im);
    /* PBM, plain then raw: 1 = black -> 0 */
    for (int k = 0; k < 2; k++) {
        CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
        CHECKF(im.width == 3 && px(&im, 0, 0, 0) == 0 && px(&im, 1, 0, 0) == 255 &&
                   px(&im, 2, 0, 0) == 0,
               "%s PBM", k ? "raw" : "plain");
        segkit_image_free(&im);
    }
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
    CHECK(im.type == SEGKIT_U16 && im.channels == 2 &&
          px(&im, 0, 0, 0) == 0x1234 && px(&im, 0, 0, 1) == 0xffff);
    segkit_image_free(&im);
    /* the end: OK with no image, and again */
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK && im.data == NULL);
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK && im.data == NULL);
    CHECK(segkit_frame_reader_count(r) == 6);
    memin_close(&in);
}

/* Reads every frame of s; returns the status that stopped it and the count
 * of frames read before. */
static int read_all(const char *s, size_t n, const segkit_frame_options *o,
                    int *frames)
{
    memin in;
    int st = memin_open(&in, s, n, o);
    *frames = 0;
    while (st == SEGKIT_OK) {
        segkit_image im;
        st = segkit_frame_read(in.r, &im);
        if (st != SEGKIT_OK || !im.data)
            break;
        (*frames)++;
        segkit_image_free(&im);
    }
    memin_close(&in);
    return st;
}

/* A stream that stops the reader: its bytes, the read limits (NULL: the
 * defaults), the status expected and the frames read before it (-1: not
 * checked). */
typedef struct bad_stream {
    const char *what, *s;
    size_t n;
    const segkit_frame_options *o;
    int status, frames;
} bad_stream;
#define BYTES(lit) lit, sizeof lit - 1

static void test_bad_streams(void)
{
    int n;
    /* a header over the pixel limit is refused before any raster is read */
    segkit_frame_options pixels = segkit_frame_options_default();
    pixels.read.max_pixels = 1000;
    segkit_frame_options memory = segkit_frame_options_default();
    memory.read.max_memory = 100000;
    const bad_stream bad[] = {
        {"a second frame cut short", BYTES("P5 1 1 255\nxP5 2 2 255\nabc"), NULL,
         SEGKIT_ERR_TRUNCATED, 1},
        {"garbage after a frame", BYTES("P5 1 1 255\nxGIF89a"), NULL, SEGKIT_ERR_CORRUPT, 1},
        {"a header cut short", BYTES("P5 1 1 255\nxP6 1"), NULL, SEGKIT_ERR_TRUNCATED, 1},
        {"a plain raster cut short", BYTES("P2 2 1 9 1"), NULL, SEGKIT_ERR_TRUNCATED, 0},
        {"a sample above maxval", BYTES("P2 2 1 9 1 10 "), NULL, SEGKIT_ERR_CORRUPT, 0},
        {"empty stream", BYTES(""), NULL, SEGKIT_ERR_TRUNCATED, 0},
        {"PNM over the pixel limit", BYTES("P5 1000 1001 255\n"), &pixels,
         SEGKIT_ERR_TOO_LARGE, 0},
        {"Y4M over the pixel limit", BYTES("YUV4MPEG2 W1000 H1001 C420jpeg\nFRAME\n"),
         &pixels, SEGKIT_ERR_TOO_LARGE, -1},
        /* 16000 x 16000 is within the default limits: truncated, after
         * reading what came */
        {"a big frame that never comes", BYTES("YUV4MPEG2 W16000 H16000 Cmono\nFRAME\nabc"),
         NULL, SEGKIT_ERR_TRUNCATED, 0},
        {"the memory budget", BYTES("YUV4MPEG2 W300 H300 Cmono\n"), &memory,
         SEGKIT_ERR_MEMORY_LIMIT, -1},
        /* Y4M headers: no size, bad size, unsupported colour space, not FRAME */
        {"Y4M without a height", BYTES("YUV4MPEG2 W4\n"), NULL, SEGKIT_ERR_CORRUPT, -1},
        {"Y4M bad height", BYTES("YUV4MPEG2 W4 H-2\n"), NULL, SEGKIT_ERR_CORRUPT, -1},
        {"Y4M C420p10", BYTES("YUV4MPEG2 W4 H2 C420p10\n"), NULL, SEGKIT_ERR_UNSUPPORTED, -1},
        {"Y4M FRAMX", BYTES("YUV4MPEG2 W1 H1 Cmono\nFRAME\nxFRAMX\ny"), NULL,
         SEGKIT_ERR_CORRUPT, 1},
        {"Y4M FRA", BYTES("YUV4MPEG2 W1 H1 Cmono\nFRAME\nxFRA"), NULL, SEGKIT_ERR_TRUNCATED, 1},
        {"Y4M frame cut short", BYTES("YUV4MPEG2 W2 H1 Cmono\nFRAME\nxxFRAME\nx"), NULL,
         SEGKIT_ERR_TRUNCATED, 1},
        {"Y4M no end of header", BYTES("YUV4MPEG2 W2 H1"), NULL, SEGKIT_ERR_TRUNCATED, -1},
        {"YUV4MPEGX", BYTES("YUV4MPEGX W2 H1\n"), NULL, SEGKIT_ERR_FORMAT, -1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int st = read_all(bad[i].s, bad[i].n, bad[i].o, &n);
        CHECKF(st == bad[i].status && (bad[i].frames < 0 || n == bad[i].frames),
               "%s: status %d after %d frames", bad[i].what, st, n);
    }
    /* a header line without end: stops at 64 KiB */
    size_t big = 200000;
    char *b = malloc(big);
    memcpy(b, "YUV4MPEG2 W1 H1 X", 17);
    memset(b + 17, 'a', big - 17);
    CHECK(read_all(b, big, NULL, &n) == SEGKIT_ERR_CORRUPT);
    memcpy(b, "P5 # ", 5);
    CHECK(read_all(b, big, NULL, &n) == SEGKIT_ERR_CORRUPT);
    free(b);
}

/* A 4x2 C420jpeg frame, limited range, worked by hand.  Y row 0: 16 235 126
 * 81; row 1: 145 41 16 16.  One chroma sample per 2x2 block: block 0
 * (x 0-1) Cb 128 Cr 128 (neutral), block 1 (x 2-3) Cb 90 Cr 240. */
static void test_y4m_read(void)
{
    static const char s[] =
        "YUV4MPEG2 W4 H2 F30000:1001 It A1:1 C420jpeg XYSCSS=420JPEG "
        "XCOLORRANGE=LIMITED\n"
        "FRAME\n\x10\xeb\x7e\x51\x91\x29\x10\x10\x80\x5a\x80\xf0"
        "FRAME Ixyz\n\x10\xeb\x7e\x51\x91\x29\x10\x10\x80\x5a\x80\xf0";
    memin in;
    CHECK(memin_open(&in, s, sizeof s - 1, NULL) == SEGKIT_OK);
    segkit_frame_reader *r = in.r;
    CHECK(segkit_frame_reader_kind(r) == SEGKIT_STREAM_Y4M);
    const segkit_y4m_header *h = segkit_frame_reader_y4m(r);
    CHECK(h && h->width == 4 && h->height == 2 && h->rate_num == 30000 &&
          h->rate_den == 1001 && h->interlace == 't' && h->full_range == 0 &&
          strcmp(h->colorspace, "420jpeg") == 0);
    segkit_image im;
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK);
    /* gray: (Y - 16) * 255 / 219 rounded: 16 -> 0, 235 -> 255, 126 ->
     * 128.08 -> 128, 81 -> 75.68 -> 76, 145 -> 150.2 -> 150, 41 -> 29.1 -> 29 */
    CHECK(im.channels == 1 && im.type == SEGKIT_U8);
    CHECK(px(&im, 0, 0, 0) == 0 && px(&im, 1, 0, 0) == 255 &&
          px(&im, 2, 0, 0) == 128 && px(&im, 3, 0, 0) == 76 &&
          px(&im, 0, 1, 0) == 150 && px(&im, 1, 1, 0) == 29);
    segkit_image_free(&im);
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK && im.data);
    segkit_image_free(&im);
    CHECK(segkit_frame_read(r, &im) == SEGKIT_OK && !im.data);
    memin_close(&in);

    /* colour: BT.601 limited.  Neutral chroma: gray (Y 235 -> 255,255,255).
     * (81, 90, 240) is the textbook BT.601 code of pure red (255, 0, 0):
     * R = 1.164*65 + 1.596*112 = 254.4, G = 75.66 - 0.392*(-38) - 0.813*112
     * = 0.0, B = 75.66 + 2.017*(-38) = -1.0 -> (254, 0, 0). */
    segkit_frame_options o = segkit_frame_options_default();
    o.color = 1;
    CHECK(memin_open(&in, s, sizeof s - 1, &o) == SEGKIT_OK);
    CHECK(segkit_frame_read(in.r, &im) == SEGKIT_OK);
    CHECK(im.channels == 3);
    CHECK(px(&im, 1, 0, 0) == 255 && px(&im, 1, 0, 1) == 255 && px(&im, 1, 0, 2) == 255);
    CHECK(px(&im, 0, 0, 0) == 0 && px(&im, 0, 0, 1) == 0 && px(&im, 0, 0, 2) == 0);
    CHECKF(px(&im, 3, 0, 0) >= 253 && px(&im, 3, 0, 1) <= 1 && px(&im, 3, 0, 2) <= 1,
           "red %u %u %u", px(&im, 3, 0, 0), px(&im, 3, 0, 1), px(&im, 3, 0, 2));
    segkit_image_free(&im);
    memin_close(&in);
}

/* Writes frames to a memory stream and reads them back. */
static void test_y4m_write(void)
{
    segkit_y4m_header like;
    memset(&like, 0, sizeof like);
    like.rate_num = 24;
    like.rate_den = 1;
    like.interlace = 'p';
    memout out;
    CHECK(memout_open(&out, SEGKIT_STREAM_Y4M, &like, NULL) == SEGKIT_OK);
    segkit_image m;
    CHECK(segkit_image_create(&m, 3, 2, 1, SEGKIT_U8) == SEGKIT_OK);
    uint8_t *p = m.data;
    for (int i = 0; i < 3; i++)
        p[i] = (uint8_t)(i ? 255 : 0);
    memset(segkit_image_row(&m, 1), 255, 3);
    CHECK(segkit_frame_write(out.w, &m) == SEGKIT_OK);
    CHECK(segkit_frame_write(out.w, &m) == SEGKIT_OK);
    segkit_image other;
    CHECK(segkit_image_create(&other, 4, 2, 1, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_frame_write(out.w, &other) == SEGKIT_ERR_SIZE);
    segkit_image_free(&other);
    CHECK(memout_close(&out) == SEGKIT_OK);
    const char *want = "YUV4MPEG2 W3 H2 F24:1 Ip A1:1 Cmono XCOLORRANGE=FULL\n"
                       "FRAME\n";
    CHECK(out.len == strlen(want) + 6 + 6 + 6 && memcmp(out.buf, want, strlen(want)) == 0);
    memin in;
    CHECK(memin_open(&in, out.buf, out.len, NULL) == SEGKIT_OK);
    segkit_image im;
    int frames = 0;
    while (segkit_frame_read(in.r, &im) == SEGKIT_OK && im.data) {
        frames++;
        CHECK(px(&im, 0, 0, 0) == 0 && px(&im, 1, 0, 0) == 255 && px(&im, 2, 1, 0) == 255);
        segkit_image_free(&im);
    }
    CHECK(frames == 2);
    memin_close(&in);
    free(out.buf);

    /* labels as Cmono16; one above 65535 is refused */
    CHECK(memout_open(&out, SEGKIT_STREAM_Y4M, NULL, NULL) == SEGKIT_OK);
    segkit_image lab;
    CHECK(segkit_image_create(&lab, 2, 1, 1, SEGKIT_I32) == SEGKIT_OK);
    ((int32_t *)lab.data)[0] = 0;
    ((int32_t *)lab.data)[1] = 40000;
    CHECK(segkit_frame_write(out.w, &lab) == SEGKIT_OK);
    ((int32_t *)lab.data)[1] = 70000;
    CHECK(segkit_frame_write(out.w, &lab) == SEGKIT_ERR_RANGE);
    segkit_image_free(&lab);
    CHECK(memout_close(&out) == SEGKIT_OK);
    CHECK(strstr(out.buf, "Cmono16") != NULL);
    CHECK(memin_open(&in, out.buf, out.len, NULL) == SEGKIT_OK);
    CHECK(segkit_frame_read(in.r, &im) == SEGKIT_OK && im.type == SEGKIT_U16 &&
          px(&im, 1, 0, 0) == 40000);
    segkit_image_free(&im);
    memin_close(&in);
    free(out.buf);

    /* RGB -> C444 (full range) -> RGB: within 1 of the original */
    CHECK(memout_open(&out, SEGKIT_STREAM_Y4M, NULL, NULL) == SEGKIT_OK);
    segkit_image rgb;
    CHECK(segkit_image_create(&rgb, 8, 1, 3, SEGKIT_U8) == SEGKIT_OK);
    static const uint8_t cols[24] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255,
                                     0, 0, 0, 12, 200, 77, 250, 128, 3, 90, 90, 91};
    memcpy(rgb.data, cols, 24);
    CHECK(segkit_frame_write(out.w, &rgb) == SEGKIT_OK);
    CHECK(memout_close(&out) == SEGKIT_OK);
    CHECK(strstr(out.buf, "C444 XCOLORRANGE=FULL") != NULL);
    segkit_frame_options o = segkit_frame_options_default();
    o.color = 1;
    CHECK(memin_open(&in, out.buf, out.len, &o) == SEGKIT_OK);
    CHECK(segkit_frame_read(in.r, &im) == SEGKIT_OK && im.channels == 3);
    int worst = 0;
    for (int i = 0; i < 24; i++) {
        int d = abs((int)((uint8_t *)im.data)[i] - cols[i]);
        worst = d > worst ? d : worst;
    }
    CHECKF(worst <= 1, "worst %d", worst);
    segkit_image_free(&im);
    segkit_image_free(&rgb);
    memin_close(&in);
    free(out.buf);

    /* one frame's bytes without a writer: no stream header after the first */
    void *fb;
    size_t fl;
    CHECK(segkit_frame_encode(SEGKIT_STREAM_Y4M, NULL, NULL, 0, &m, &fb, &fl) == SEGKIT_OK);
    CHECK(fl == 6 + 6 && memcmp(fb, "FRAME\n", 6) == 0 && ((uint8_t *)fb)[6] == 0 &&
          ((uint8_t *)fb)[7] == 255);
    free(fb);
    CHECK(segkit_frame_encode(SEGKIT_STREAM_Y4M, NULL, NULL, 1, &m, &fb, &fl) == SEGKIT_OK);
    CHECK(fl > 12 && memcmp(fb, "YUV4MPEG2 W3 H2 F25:1 Ip A1:1 Cmono", 35) == 0);
    free(fb);
    /* mono_as_420: neutral chroma after the Y plane */
    segkit_frame_write_options wo = segkit_frame_write_options_default();
    wo.mono_as_420 = 1;
    CHECK(memout_open(&out, SEGKIT_STREAM_Y4M, NULL, &wo) == SEGKIT_OK);
    CHECK(segkit_frame_write(out.w, &m) == SEGKIT_OK);
    CHECK(memout_close(&out) == SEGKIT_OK);
    const char *h420 = "YUV4MPEG2 W3 H2 F25:1 Ip A1:1 C420jpeg XCOLORRANGE=FULL\nFRAME\n";
    size_t hl = strlen(h420);
    /* 6 luma + 2 x (2x1) chroma */
    CHECK(out.len == hl + 6 + 4 && memcmp(out.buf, h420, hl) == 0 &&
          (uint8_t)out.buf[hl + 6] == 128 && (uint8_t)out.buf[hl + 9] == 128);
    free(out.buf);
    segkit_image_free(&m);
}

/* PNM writer + a single PNG as a stream of one frame. */
static void test_pnm_write_single(void)
{
    memout out;
    CHECK(memout_open(&out, SEGKIT_STREAM_SINGLE, NULL, NULL) == SEGKIT_ERR_ARG);
    CHECK(segkit_frame_writer_open(&out.w, out.f, SEGKIT_STREAM_PNM, NULL, NULL) == SEGKIT_OK);
    segkit_image m;
    CHECK(segkit_image_create(&m, 2, 1, 1, SEGKIT_U8) == SEGKIT_OK);
    ((uint8_t *)m.data)[0] = 7;
    ((uint8_t *)m.data)[1] = 9;
    CHECK(segkit_frame_write(out.w, &m) == SEGKIT_OK);
    CHECK(segkit_frame_write(out.w, &m) == SEGKIT_OK);
    CHECK(memout_close(&out) == SEGKIT_OK);
    CHECK(out.len == 2 * (11 + 2) &&
          memcmp(out.buf, "P5\n2 1\n255\n\x07\x09P5\n2 1\n255\n", 24) == 0);
    free(out.buf);

    void *png;
    size_t pn;
    CHECK(segkit_write_memory(&m, SEGKIT_FORMAT_PNG, &png, &pn) == SEGKIT_OK);
    memin in;
    CHECK(memin_open(&in, png, pn, NULL) == SEGKIT_OK);
    CHECK(segkit_frame_reader_kind(in.r) == SEGKIT_STREAM_SINGLE);
    segkit_image im;
    CHECK(segkit_frame_read(in.r, &im) == SEGKIT_OK && im.data && px(&im, 1, 0, 0) == 9);
    CHECK(segkit_frame_reader_format(in.r) == SEGKIT_FORMAT_PNG);
    segkit_image_free(&im);
    CHECK(segkit_frame_read(in.r, &im) == SEGKIT_OK && !im.data);
    memin_close(&in);
    free(png);
    segkit_image_free(&m);
}

/* Reads all of a command's output. */
static char *run(const char *cmd, size_t *len)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t k;
    while ((k = fread(b + n, 1, cap - n, p)) > 0) {
        n += k;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    if (pclose(p) != 0) {
        free(b);
        return NULL;
    }
    *len = n;
    return b;
}

/* ffmpeg's own conversions of its test source, Y4M (yuv420p, limited
 * range) -> gray and -> rgb24 (nearest-neighbour chroma: -sws_flags
 * neighbor+accurate_rnd+full_chroma_int, BT.601 by default), against ours
 * of the same Y4M frames. */
static void test_vs_ffmpeg(void)
{
    if (system("command -v ffmpeg >/dev/null 2>&1") != 0) {
        printf("skipped: ffmpeg comparisons (no ffmpeg on PATH; Debian: apt-get install ffmpeg)\n");
        return;
    }
    const char *src = "ffmpeg -v error -f lavfi -i testsrc2=size=96x64:rate=5 -frames:v 3";
    char cmd[512];
    size_t ylen, glen, clen;
    snprintf(cmd, sizeof cmd, "%s -pix_fmt yuv420p -f yuv4mpegpipe -", src);
    char *y4m = run(cmd, &ylen);
    snprintf(cmd, sizeof cmd,
             "%s -pix_fmt yuv420p -f yuv4mpegpipe - | ffmpeg -v error -f yuv4mpegpipe -i - "
             "-sws_flags neighbor+accurate_rnd+full_chroma_int -pix_fmt gray -f image2pipe -c:v pgm -",
             src);
    char *gray = run(cmd, &glen);
    snprintf(cmd, sizeof cmd,
             "%s -pix_fmt yuv420p -f yuv4mpegpipe - | ffmpeg -v error -f yuv4mpegpipe -i - "
             "-sws_flags neighbor+accurate_rnd+full_chroma_int -pix_fmt rgb24 -f image2pipe -c:v ppm -",
             src);
    char *rgb = run(cmd, &clen);
    CHECK(y4m && gray && rgb);
    if (!y4m || !gray || !rgb) {
        free(y4m), free(gray), free(rgb);
        return;
    }
    for (int color = 0; color <= 1; color++) {
        segkit_frame_options o = segkit_frame_options_default();
        o.color = color;
        memin a, b;
        CHECK(memin_open(&a, y4m, ylen, &o) == SEGKIT_OK);
        CHECK(memin_open(&b, color ? rgb : gray, color ? clen : glen, NULL) == SEGKIT_OK);
        segkit_frame_reader *ra = a.r, *rb = b.r;
        CHECK(segkit_frame_reader_kind(rb) == SEGKIT_STREAM_PNM);
        int frames = 0, worst = 0;
        long off = 0, total = 0;
        for (;;) {
            segkit_image ia, ib;
            int sa = segkit_frame_read(ra, &ia), sb = segkit_frame_read(rb, &ib);
            CHECK(sa == SEGKIT_OK && sb == SEGKIT_OK);
            if (sa || sb || !ia.data || !ib.data) {
                CHECK(!ia.data && !ib.data);
                segkit_image_free(&ia);
                segkit_image_free(&ib);
                break;
            }
            frames++;
            CHECK(ia.width == ib.width && ia.height == ib.height &&
                  ia.channels == ib.channels);
            for (int y = 0; y < ia.height && ia.channels == ib.channels; y++)
                for (int x = 0; x < ia.width * ia.channels; x++) {
                    int d = abs((int)((uint8_t *)segkit_image_row(&ia, y))[x] -
                                (int)((uint8_t *)segkit_image_row(&ib, y))[x]);
                    worst = d > worst ? d : worst;
                    off += d != 0;
                    total++;
                }
            segkit_image_free(&ia);
            segkit_image_free(&ib);
        }
        printf("vs ffmpeg %s: %d frames, %ld of %ld samples differ, by at most %d\n",
               color ? "rgb24" : "gray", frames, off, total, worst);
        CHECK(frames == 3);
        CHECKF(worst <= 1, "%s worst %d", color ? "rgb" : "gray", worst);
        memin_close(&a);
        memin_close(&b);
    }
    free(y4m);
    free(gray);
    free(rgb);
}

int main(void)
{
    test_pnm_stream();
    test_bad_streams();
    test_y4m_read();
    test_y4m_write();
    test_pnm_write_single();
    test_vs_ffmpeg();
    return check_done();
}
