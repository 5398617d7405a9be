/* PNG through libpng: every bit depth, palette, gray+alpha and tRNS in;
 * 8/16-bit gray, GA, RGB, RGBA out.  CRC errors in any chunk are errors. */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

typedef struct {
    const uint8_t *data;
    size_t size, pos;
    int status;     /* set by the callbacks before png_error() */
} png_source;

static void on_error(png_structp png, png_const_charp msg)
{
    png_source *src = png_get_error_ptr(png);
    (void)msg;
    if (src && src->status == SEGKIT_OK)
        src->status = SEGKIT_ERR_CORRUPT;
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg; /* the library never prints */
}

static void on_read(png_structp png, png_bytep out, size_t n)
{
    png_source *src = png_get_io_ptr(png);
    if (n > src->size - src->pos) {
        src->status = SEGKIT_ERR_TRUNCATED;
        png_error(png, "truncated");
    }
    memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* The file is in memory: walk the chunk list up to IEND and check every
 * length against the bytes left before libpng sees it (libpng would
 * allocate what a chunk claims -- 2 GB for a 78-byte file -- and only then
 * find the data missing).  A list that simply stops (no IEND) is left to
 * libpng, which reports it when it gets there. */
static int check_chunks(const uint8_t *p, size_t size)
{
    size_t pos = 8;
    while (size - pos >= 8) {
        uint32_t len = be32(p + pos);
        if (len > 0x7fffffffu)
            return SEGKIT_ERR_CORRUPT;
        if ((size_t)len + 12 > size - pos)
            return SEGKIT_ERR_TRUNCATED;
        int iend = memcmp(p + pos + 4, "IEND", 4) == 0;
        pos += (size_t)len + 12;
        if (iend)
            break;
    }
    return SEGKIT_OK;
}

/* Samples per pixel as stored, for a valid color type; 0 otherwise. */
static int stored_samples(int ctype)
{
    switch (ctype) {
    case PNG_COLOR_TYPE_GRAY: case PNG_COLOR_TYPE_PALETTE: return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    default: return 0;
    }
}

/* From IHDR: twice the filtered image data (deflate's stored blocks, many
 * small IDATs and Adam7's extra filter bytes stay well within that) plus
 * the metadata allowance. */
int segkit_png_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit)
{
    if (size < 33)
        return SEGKIT_ERR_TRUNCATED;
    if (be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0)
        return SEGKIT_ERR_CORRUPT;
    uint32_t w = be32(data + 16), h = be32(data + 20);
    int depth = data[24], spp = stored_samples(data[25]);
    if (spp == 0 || depth < 1 || depth > 16)
        return SEGKIT_ERR_CORRUPT;
    int st = segkit_io_check_size(w, h, data[25] == PNG_COLOR_TYPE_PALETTE ? 3 : spp,
                                  depth == 16 ? SEGKIT_U16 : SEGKIT_U8, opts);
    if (st != SEGKIT_OK)
        return st;
    /* check_size bounded w*h*spp*2 by SIZE_MAX: no overflow below */
    uint64_t row = 1 + ((uint64_t)w * (uint64_t)spp * (uint64_t)depth + 7) / 8;
    *limit = SEGKIT_IO_METADATA_ALLOWANCE + 2 * row * h;
    return SEGKIT_OK;
}

/* Ancillary chunks we never use are discarded unread (their CRC is still
 * checked): text, profiles, palettes and the rest cannot cost memory. */
static const png_byte ignored_chunks[] =
    "bKGD\0cHRM\0eXIf\0gAMA\0hIST\0iCCP\0iTXt\0oFFs\0pCAL\0pHYs\0sBIT\0"
    "sCAL\0sPLT\0sRGB\0sTER\0tEXt\0tIME\0zTXt";

int segkit_png_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    png_source src = {data, size, 0, SEGKIT_OK};
    png_bytep *volatile rows = NULL;
    memset(img, 0, sizeof *img);

    int st0 = check_chunks(data, size);
    if (st0 != SEGKIT_OK)
        return st0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src,
                                             on_error, on_warning);
    if (!png)
        return SEGKIT_ERR_NOMEM;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return SEGKIT_ERR_NOMEM;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        segkit_image_free(img);
        png_destroy_read_struct(&png, &info, NULL);
        return src.status != SEGKIT_OK ? src.status : SEGKIT_ERR_CORRUPT;
    }
    png_set_read_fn(png, &src, on_read);
    /* strict: a bad CRC in a critical or an ancillary chunk is an error */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    /* our own size checks come first; libpng's are backstops */
    png_set_user_limits(png, 0x7fffffffU, 0x7fffffffU);
    png_set_chunk_cache_max(png, 128);
    png_set_chunk_malloc_max(png, 8u << 20);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, ignored_chunks,
                                (int)(sizeof ignored_chunks / 5));
    png_read_info(png, info);

    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    int depth = png_get_bit_depth(png, info);
    int ctype = png_get_color_type(png, info);
    int trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    /* Check the size before png_read_update_info(): it allocates row
     * buffers sized by the width, which a hostile IHDR makes huge.  The
     * output channels are known already (tRNS precedes IDAT). */
    int out_ch = ctype == PNG_COLOR_TYPE_PALETTE ? 3 + trns
                 : ctype == PNG_COLOR_TYPE_GRAY  ? 1 + trns
                 : ctype == PNG_COLOR_TYPE_RGB   ? 3 + trns
                                                 : stored_samples(ctype);
    segkit_type out_type = depth == 16 ? SEGKIT_U16 : SEGKIT_U8;
    int st = segkit_io_check_size(w, h, out_ch, out_type, opts);
    if (st == SEGKIT_OK) {
        /* the image, our row pointers and libpng's row buffers */
        uint64_t row = (uint64_t)w * (uint64_t)out_ch * segkit_type_size(out_type);
        st = segkit_io_check_memory(row * h + sizeof(png_bytep) * (uint64_t)h +
                                        4 * row, opts);
    }
    if (st != SEGKIT_OK) {
        png_destroy_read_struct(&png, &info, NULL);
        return st;
    }

    if (ctype == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (depth == 16)
        png_set_swap(png); /* PNG is big-endian; samples are native uint16 */
#endif
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int channels = png_get_channels(png, info);
    int outdepth = png_get_bit_depth(png, info);
    segkit_type type = outdepth == 16 ? SEGKIT_U16 : SEGKIT_U8;
    st = segkit_io_check_size(w, h, channels, type, opts);
    if (st == SEGKIT_OK)
        st = segkit_image_create(img, (int)w, (int)h, channels, type);
    if (st == SEGKIT_OK && png_get_rowbytes(png, info) != img->stride)
        st = SEGKIT_ERR_CORRUPT;
    if (st == SEGKIT_OK) {
        rows = malloc(sizeof *rows * h);
        if (!rows)
            st = SEGKIT_ERR_NOMEM;
    }
    if (st != SEGKIT_OK) {
        segkit_image_free(img);
        png_destroy_read_struct(&png, &info, NULL);
        return st;
    }
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = segkit_image_row(img, (int)y);
    png_read_image(png, rows);
    png_read_end(png, NULL); /* checks the chunks after IDAT and IEND */
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return SEGKIT_OK;
}

typedef struct {
    uint8_t *data;
    size_t size, cap;
    int failed;
} png_sink;

static void on_write(png_structp png, png_bytep in, size_t n)
{
    png_sink *s = png_get_io_ptr(png);
    if (n > s->cap - s->size) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap - s->size < n) {
            if (cap > SIZE_MAX / 2) {
                s->failed = 1;
                png_error(png, "out of memory");
            }
            cap *= 2;
        }
        uint8_t *nd = realloc(s->data, cap);
        if (!nd) {
            s->failed = 1;
            png_error(png, "out of memory");
        }
        s->data = nd;
        s->cap = cap;
    }
    memcpy(s->data + s->size, in, n);
    s->size += n;
}

static void on_flush(png_structp png) { (void)png; }

/* A 1-channel u8 image holding at most two values: a mask. */
static int is_mask(const segkit_image *img)
{
    if (img->channels != 1 || img->type != SEGKIT_U8)
        return 0;
    int a = -1, b = -1;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *row = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++) {
            int v = row[x];
            if (v == a || v == b)
                continue;
            if (a < 0)
                a = v;
            else if (b < 0)
                b = v;
            else
                return 0;
        }
    }
    return 1;
}

int segkit_png_encode(const segkit_image *img, int level, int labels,
                      void **out, size_t *out_size)
{
    static const int ctypes[5] = {0, PNG_COLOR_TYPE_GRAY,
                                  PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                  PNG_COLOR_TYPE_RGB_ALPHA};
    if (img->type != SEGKIT_U8 && img->type != SEGKIT_U16)
        return SEGKIT_ERR_TYPE;
    png_sink sink = {NULL, 0, 0, 0};
    png_source err = {NULL, 0, 0, SEGKIT_OK};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &err,
                                              on_error, on_warning);
    if (!png)
        return SEGKIT_ERR_NOMEM;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return SEGKIT_ERR_NOMEM;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(sink.data);
        return sink.failed ? SEGKIT_ERR_NOMEM : SEGKIT_ERR_ARG;
    }
    png_set_write_fn(png, &sink, on_write, on_flush);
    /* Defaults measured on Otsu masks and their labels of camera, coins and
     * page (docs/batch.md, "PNG encoding"): a mask's long runs of one byte
     * are what zlib's Z_RLE strategy codes best, unfiltered: 5-24% smaller
     * than level 6 with libpng's adaptive filters and 4x faster; labels
     * (16-bit, or RGB ids): level 6 unfiltered; other images: level 6 with
     * the adaptive filters (libpng's default).  An explicit level 0..9 is
     * zlib's default strategy with the adaptive filters, for any image. */
    if (level >= 0) {
        png_set_compression_level(png, level);
    } else if (is_mask(img)) {
        png_set_compression_level(png, 1);
        png_set_compression_strategy(png, 3 /* Z_RLE */);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    } else {
        png_set_compression_level(png, 6);
        if (labels)
            png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    }
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height,
                 img->type == SEGKIT_U16 ? 16 : 8, ctypes[img->channels],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (img->type == SEGKIT_U16)
        png_set_swap(png);
#endif
    for (int y = 0; y < img->height; y++)
        png_write_row(png, segkit_image_row(img, y));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *out_size = sink.size;
    return SEGKIT_OK;
}
