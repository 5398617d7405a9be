/* JPEG through libjpeg-turbo's jpeglib.h API (8-bit build).
 *
 *   gray -> 1 channel; YCbCr / RGB -> 3 channels RGB; CMYK / YCCK -> RGB.
 *   CMYK: a file with an Adobe APP14 marker stores inverted CMYK (as
 *   Photoshop writes it), so R = C*K/255 on the stored values -- the formula
 *   of libjpeg-turbo's own cmyk_to_rgb() (cmyk.h, used by djpeg/tjbench).
 *   Without an Adobe marker the values are taken as plain CMYK:
 *   R = (255-C)(255-K)/255.
 *   12-bit files (the library is built for 8-bit samples) -> UNSUPPORTED.
 *
 * Strictness: libjpeg pads a truncated stream with a fake EOI and only
 * warns; here the "premature end of data" warning is SEGKIT_ERR_TRUNCATED
 * and the "Corrupt JPEG data" warnings are SEGKIT_ERR_CORRUPT.  The error
 * manager never prints.
 *
 * EXIF orientation (APP1 "Exif\0\0", IFD0 tag 0x0112) is applied when
 * opts->autorotate is set. */
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h> /* after jpeglib.h: needs its JPEG_LIB_VERSION */

#include "internal/io_codec.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int status;
} jpeg_err;

static int status_for_error(int code)
{
    switch (code) {
    case JERR_BAD_PRECISION:
    case JERR_NOT_COMPILED:
    case JERR_NOTIMPL:
    case JERR_ARITH_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_CCIR601_NOTIMPL:
        return SEGKIT_ERR_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
        return SEGKIT_ERR_NOMEM;
    case JERR_NO_BACKING_STORE: /* beyond max_memory_to_use */
        return SEGKIT_ERR_MEMORY_LIMIT;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        return SEGKIT_ERR_TRUNCATED;
    default:
        return SEGKIT_ERR_CORRUPT;
    }
}

static void on_error_exit(j_common_ptr cinfo)
{
    jpeg_err *err = (jpeg_err *)(void *)cinfo->err;
    if (err->status == SEGKIT_OK)
        err->status = status_for_error(err->pub.msg_code);
    longjmp(err->jump, 1);
}

/* Warnings (level -1) that mean lost or damaged data become errors; trace
 * messages (level >= 0) and harmless warnings are dropped.  Nothing is
 * printed. */
static void on_emit_message(j_common_ptr cinfo, int level)
{
    jpeg_err *err = (jpeg_err *)(void *)cinfo->err;
    if (level >= 0)
        return;
    int st = SEGKIT_OK;
    switch (err->pub.msg_code) {
    case JWRN_JPEG_EOF:
        st = SEGKIT_ERR_TRUNCATED;
        break;
    case JWRN_HIT_MARKER:
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
        st = SEGKIT_ERR_CORRUPT;
        break;
    default:
        err->pub.num_warnings++;
        return;
    }
    if (err->status == SEGKIT_OK)
        err->status = st;
    longjmp(err->jump, 1);
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

/* ---------------------------------------------------------------- EXIF */

static uint32_t rd16(const uint8_t *p, int le)
{
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8
              : (uint32_t)p[0] << 8 | (uint32_t)p[1];
}

static uint32_t rd32(const uint8_t *p, int le)
{
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                    (uint32_t)p[3] << 24
              : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Orientation 1..8 from an APP1 segment's payload, or 1 if absent or
 * malformed.  Every read is checked against len. */
static int exif_orientation(const uint8_t *p, size_t len)
{
    if (len < 6 || memcmp(p, "Exif\0\0", 6) != 0)
        return 1;
    const uint8_t *t = p + 6; /* TIFF header; offsets are relative to it */
    size_t tl = len - 6;
    if (tl < 8)
        return 1;
    int le;
    if (t[0] == 'I' && t[1] == 'I')
        le = 1;
    else if (t[0] == 'M' && t[1] == 'M')
        le = 0;
    else
        return 1;
    if (rd16(t + 2, le) != 42)
        return 1;
    uint32_t ifd = rd32(t + 4, le);
    if (ifd > tl || tl - ifd < 2)
        return 1;
    uint32_t n = rd16(t + ifd, le);
    for (uint32_t i = 0; i < n; i++) {
        size_t e = (size_t)ifd + 2 + (size_t)i * 12;
        if (e > tl || tl - e < 12)
            return 1;
        if (rd16(t + e, le) != 0x0112)
            continue;
        uint32_t type = rd16(t + e + 2, le), count = rd32(t + e + 4, le);
        if (type != 3 || count != 1) /* SHORT, one value */
            return 1;
        uint32_t v = rd16(t + e + 8, le);
        return v >= 1 && v <= 8 ? (int)v : 1;
    }
    return 1;
}

/* Returns a new image holding src transformed for display according to
 * EXIF orientation o (2..8).  For output pixel (ox, oy) the source is:
 *   2 mirror:   (w-1-ox, oy)         3 rotate 180: (w-1-ox, h-1-oy)
 *   4 flip:     (ox, h-1-oy)         5 transpose:  (oy, ox)
 *   6 rot 90 CW: (oy, h-1-ox)        7 transverse: (w-1-oy, h-1-ox)
 *   8 rot 90 CCW: (w-1-oy, ox)
 * (orientations 5..8 swap width and height). */
static int orient_image(const segkit_image *src, int o, segkit_image *dst)
{
    int w = src->width, h = src->height;
    int swap = o >= 5;
    int st = segkit_image_create(dst, swap ? h : w, swap ? w : h,
                                 src->channels, src->type);
    if (st != SEGKIT_OK)
        return st;
    size_t px = (size_t)src->channels * segkit_type_size(src->type);
    for (int oy = 0; oy < dst->height; oy++) {
        uint8_t *out = segkit_image_row(dst, oy);
        for (int ox = 0; ox < dst->width; ox++) {
            int sx, sy;
            switch (o) {
            case 2: sx = w - 1 - ox; sy = oy; break;
            case 3: sx = w - 1 - ox; sy = h - 1 - oy; break;
            case 4: sx = ox; sy = h - 1 - oy; break;
            case 5: sx = oy; sy = ox; break;
            case 6: sx = oy; sy = h - 1 - ox; break;
            case 7: sx = w - 1 - oy; sy = h - 1 - ox; break;
            case 8: sx = w - 1 - oy; sy = ox; break;
            default: sx = ox; sy = oy; break;
            }
            const uint8_t *in =
                (const uint8_t *)segkit_image_row(src, sy) + (size_t)sx * px;
            memcpy(out + (size_t)ox * px, in, px);
        }
    }
    return SEGKIT_OK;
}

/* ---------------------------------------------------------------- decode */

typedef struct {
    struct jpeg_decompress_struct cinfo; /* first: the callbacks cast back */
    jpeg_err err;
    struct jpeg_progress_mgr progress;
    int max_scans;
    uint8_t *cmyk_row;
} jpeg_state;

/* Called by libjpeg while it reads (per iMCU row, and in
 * jpeg_start_decompress for every pass over a multi-scan file): stops a
 * file with more scans than opts->max_scans, as libjpeg-turbo's djpeg
 * -maxscans does.  Each scan costs a pass over the whole image, so
 * thousands of them cost seconds however small the file. */
static void on_progress(j_common_ptr cinfo)
{
    jpeg_state *s = (jpeg_state *)(void *)cinfo;
    if (s->max_scans > 0 && s->cinfo.input_scan_number > s->max_scans) {
        s->err.status = SEGKIT_ERR_SCAN_LIMIT;
        longjmp(s->err.jump, 1);
    }
}

static int decode(jpeg_state *s, const uint8_t *data, size_t size,
                  const segkit_read_options *opts, segkit_image *img,
                  int *orientation)
{
    struct jpeg_decompress_struct *cinfo = &s->cinfo;
    if (setjmp(s->err.jump))
        return s->err.status != SEGKIT_OK ? s->err.status
                                          : SEGKIT_ERR_CORRUPT;
    jpeg_create_decompress(cinfo);
    s->progress.progress_monitor = on_progress;
    cinfo->progress = &s->progress;
    /* libjpeg's own allocations (coefficient buffers of multi-scan files)
     * stay within the budget: beyond it libjpeg would need a backing store
     * and stops with JERR_NO_BACKING_STORE */
    if (opts && opts->max_memory)
        cinfo->mem->max_memory_to_use =
            opts->max_memory > (uint64_t)LONG_MAX ? LONG_MAX
                                                  : (long)opts->max_memory;
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(cinfo, TRUE);

    int st = segkit_io_check_size(cinfo->image_width, cinfo->image_height,
                                  cinfo->num_components == 1 ? 1 : 3,
                                  SEGKIT_U8, opts);
    if (st != SEGKIT_OK)
        return st;

    *orientation = 1;
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1) {
            int o = exif_orientation(m->data, m->data_length);
            if (o != 1 || (m->data_length >= 6 &&
                           memcmp(m->data, "Exif\0\0", 6) == 0)) {
                *orientation = o;
                break;
            }
        }

    int cmyk = 0;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo->out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        cinfo->out_color_space = JCS_CMYK;
        cmyk = 1;
        break;
    default:
        cinfo->out_color_space = JCS_RGB;
        break;
    }
    /* the image, a second one if it is rotated, and for a multi-scan
     * (progressive) file libjpeg's 2-byte coefficients of every sample */
    uint64_t px = (uint64_t)cinfo->image_width * cinfo->image_height;
    uint64_t bytes = px * (cinfo->num_components == 1 ? 1 : 3);
    uint64_t need = bytes * (opts && opts->autorotate && *orientation != 1 ? 2 : 1);
    if (cinfo->progressive_mode)
        need += 2 * px * (uint64_t)cinfo->num_components;
    st = segkit_io_check_memory(need, opts);
    if (st != SEGKIT_OK)
        return st;
    jpeg_start_decompress(cinfo);
    int channels = cmyk ? 3 : cinfo->output_components;
    if ((cmyk && cinfo->output_components != 4) ||
        (!cmyk && channels != 1 && channels != 3))
        return SEGKIT_ERR_UNSUPPORTED;
    st = segkit_io_check_size(cinfo->output_width, cinfo->output_height,
                              channels, SEGKIT_U8, opts);
    if (st == SEGKIT_OK)
        st = segkit_image_create(img, (int)cinfo->output_width,
                                 (int)cinfo->output_height, channels,
                                 SEGKIT_U8);
    if (st == SEGKIT_OK && cmyk) {
        s->cmyk_row = malloc((size_t)cinfo->output_width * 4);
        if (!s->cmyk_row)
            st = SEGKIT_ERR_NOMEM;
    }
    if (st != SEGKIT_OK)
        return st;
    int inverted = cinfo->saw_Adobe_marker;
    while (cinfo->output_scanline < cinfo->output_height) {
        int y = (int)cinfo->output_scanline;
        uint8_t *row = segkit_image_row(img, y);
        JSAMPROW rp = cmyk ? s->cmyk_row : row;
        if (jpeg_read_scanlines(cinfo, &rp, 1) != 1)
            return SEGKIT_ERR_TRUNCATED;
        if (cmyk) {
            const uint8_t *c = s->cmyk_row;
            for (JDIMENSION x = 0; x < cinfo->output_width; x++, c += 4) {
                unsigned k = inverted ? c[3] : 255u - c[3];
                for (int i = 0; i < 3; i++) {
                    unsigned v = inverted ? c[i] : 255u - c[i];
                    row[3 * x + (unsigned)i] = (uint8_t)((v * k + 127) / 255);
                }
            }
        }
    }
    jpeg_finish_decompress(cinfo); /* reads up to EOI: detects truncation */
    return SEGKIT_OK;
}

/* Walks the markers up to the frame header (SOFn): the most a JPEG of that
 * size can need is a generous 16 bytes per sample (Huffman codes of up to
 * 27 bits per coefficient, byte stuffing, refinement scans) plus the
 * metadata allowance. */
int segkit_jpeg_input_limit(const uint8_t *data, size_t size,
                            const segkit_read_options *opts, uint64_t *limit)
{
    size_t pos = 2;
    for (;;) {
        while (pos < size && data[pos] == 0xff && pos + 1 < size &&
               data[pos + 1] == 0xff)
            pos++; /* fill bytes */
        if (size - pos < 4)
            return SEGKIT_ERR_TRUNCATED;
        if (data[pos] != 0xff)
            return SEGKIT_ERR_CORRUPT;
        unsigned m = data[pos + 1];
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) { /* no length */
            pos += 2;
            continue;
        }
        if (m == 0xda || m == 0xd9 || m == 0xd8)
            return SEGKIT_ERR_CORRUPT; /* scan or end before the frame */
        size_t len = (size_t)data[pos + 2] << 8 | data[pos + 3];
        if (len < 2)
            return SEGKIT_ERR_CORRUPT;
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            if (size - pos < 10)
                return SEGKIT_ERR_TRUNCATED;
            const uint8_t *f = data + pos + 4; /* P, Y, X, Nf */
            uint64_t hgt = (uint64_t)f[1] << 8 | f[2], wid = (uint64_t)f[3] << 8 | f[4];
            unsigned nf = f[5];
            if (hgt == 0) /* DNL: libjpeg-turbo does not support it */
                return SEGKIT_ERR_UNSUPPORTED;
            int st = segkit_io_check_size(wid, hgt, nf == 1 ? 1 : 3, SEGKIT_U8, opts);
            if (st != SEGKIT_OK)
                return st;
            *limit = SEGKIT_IO_METADATA_ALLOWANCE + 16 * wid * hgt * (nf ? nf : 1);
            return SEGKIT_OK;
        }
        pos += 2 + len;
        if (pos > size)
            return SEGKIT_ERR_TRUNCATED;
    }
}

int segkit_jpeg_decode(const uint8_t *data, size_t size,
                       const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    if (size > (unsigned long)-1)
        return SEGKIT_ERR_TOO_LARGE;
    jpeg_state *s = calloc(1, sizeof *s);
    if (!s)
        return SEGKIT_ERR_NOMEM;
    s->cinfo.err = jpeg_std_error(&s->err.pub);
    s->err.pub.error_exit = on_error_exit;
    s->err.pub.emit_message = on_emit_message;
    s->err.pub.output_message = on_output_message;
    s->err.status = SEGKIT_OK;
    s->max_scans = opts ? opts->max_scans : 0;
    int orientation = 1;
    int st = decode(s, data, size, opts, img, &orientation);
    jpeg_destroy_decompress(&s->cinfo);
    free(s->cmyk_row);
    free(s);
    if (st == SEGKIT_OK && opts && opts->autorotate && orientation != 1) {
        segkit_image rot;
        st = orient_image(img, orientation, &rot);
        segkit_image_free(img);
        if (st == SEGKIT_OK)
            *img = rot;
    }
    if (st != SEGKIT_OK)
        segkit_image_free(img);
    return st;
}

/* ---------------------------------------------------------------- encoder */

/* A growing malloc'ed buffer as libjpeg's destination (jpeg_mem_dest's
 * buffer cannot be freed after an error in the middle). */
typedef struct {
    struct jpeg_destination_mgr pub;
    JOCTET *data;
    size_t cap;
} jpeg_sink;

static boolean sink_grow(j_compress_ptr c)
{
    jpeg_sink *s = (jpeg_sink *)(void *)c->dest;
    size_t used = s->cap; /* empty_output_buffer: the whole buffer is full */
    size_t cap = s->cap ? s->cap * 2 : 65536;
    JOCTET *d = cap > s->cap ? realloc(s->data, cap) : NULL;
    if (!d)
        ERREXIT1(c, JERR_OUT_OF_MEMORY, 0);
    s->data = d;
    s->cap = cap;
    s->pub.next_output_byte = d + used;
    s->pub.free_in_buffer = cap - used;
    return TRUE;
}

static void sink_init(j_compress_ptr c) { sink_grow(c); }

static void sink_term(j_compress_ptr c) { (void)c; }

/* Baseline JPEG with libjpeg's defaults (4:2:0 for RGB) and Huffman tables
 * optimised; gray or RGB u8 only: JPEG has no alpha, and this encoder no
 * 12/16-bit path. */
int segkit_jpeg_encode(const segkit_image *img, int quality, void **out,
                       size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    if (img->type != SEGKIT_U8 || (img->channels != 1 && img->channels != 3))
        return SEGKIT_ERR_TYPE;
    if (quality < 1 || quality > 100)
        return SEGKIT_ERR_ARG;
    if (img->width > JPEG_MAX_DIMENSION || img->height > JPEG_MAX_DIMENSION)
        return SEGKIT_ERR_TOO_LARGE;
    struct jpeg_compress_struct c;
    jpeg_err err;
    jpeg_sink sink;
    memset(&c, 0, sizeof c);
    memset(&err, 0, sizeof err);
    memset(&sink, 0, sizeof sink);
    c.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error_exit;
    err.pub.output_message = on_output_message;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&c);
        free(sink.data);
        return err.status == SEGKIT_ERR_NOMEM ? SEGKIT_ERR_NOMEM
                                              : SEGKIT_ERR_ARG;
    }
    jpeg_create_compress(&c);
    sink.pub.init_destination = sink_init;
    sink.pub.empty_output_buffer = sink_grow;
    sink.pub.term_destination = sink_term;
    c.dest = &sink.pub;
    c.image_width = (JDIMENSION)img->width;
    c.image_height = (JDIMENSION)img->height;
    c.input_components = img->channels;
    c.in_color_space = img->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    c.optimize_coding = TRUE;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = segkit_image_row(img, (int)c.next_scanline);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    *out_size = sink.cap - sink.pub.free_in_buffer;
    *out = sink.data;
    jpeg_destroy_compress(&c);
    return SEGKIT_OK;
}
