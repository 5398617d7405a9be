/* BMP, GIF (first frame), PSD, TGA, HDR through stb_image, and BMP/TGA
 * writing through stb_image_write -- both from Debian's libstb (the
 * implementation lives in libstb.so, so no STB_*_IMPLEMENTATION here).
 *
 * stb_image reads past the end of its buffer as zeros instead of failing, so
 * for uncompressed BMP and TGA we check the file is long enough for its
 * pixels ourselves (a truncated file would otherwise decode as a partial
 * image).  RLE-compressed BMP/TGA, GIF, PSD and HDR are left to stb.
 * stb keeps its failure reason in a thread-local; we only read it. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>
#include <stb_image_write.h>

#include "internal/io_codec.h"

static int failure_status(void)
{
    const char *why = stbi_failure_reason();
    if (why && strcmp(why, "outofmem") == 0)
        return SEGKIT_ERR_NOMEM;
    if (why && strcmp(why, "too large") == 0)
        return SEGKIT_ERR_TOO_LARGE;
    return SEGKIT_ERR_CORRUPT;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Uncompressed BMP (BI_RGB / BI_BITFIELDS): is the pixel array complete? */
static int bmp_check_length(const uint8_t *p, size_t size, uint64_t w,
                            uint64_t h)
{
    if (size < 34 || p[0] != 'B' || p[1] != 'M')
        return SEGKIT_OK;
    uint32_t hsz = le32(p + 14);
    if (hsz < 40) /* OS/2 v1 header: leave it to stb */
        return SEGKIT_OK;
    uint32_t off = le32(p + 10);
    uint32_t bpp = (uint32_t)p[28] | (uint32_t)p[29] << 8;
    uint32_t comp = le32(p + 30);
    if ((comp != 0 && comp != 3) || bpp == 0 || bpp > 32)
        return SEGKIT_OK;
    uint64_t row = (w * bpp + 31) / 32 * 4; /* w < 2^31: no overflow */
    uint64_t need = (uint64_t)off + row * h;
    return need > size ? SEGKIT_ERR_TRUNCATED : SEGKIT_OK;
}

/* Uncompressed TGA (image types 1, 2, 3): is the pixel data complete?  TGA
 * has no magic, so this runs only on data with no other format's magic and
 * a header that agrees with stb's idea of the size. */
static int tga_check_length(const uint8_t *p, size_t size, int w, int h)
{
    if (size < 18 || segkit_format_detect(p, size) != SEGKIT_FORMAT_UNKNOWN)
        return SEGKIT_OK;
    int type = p[2];
    if (type != 1 && type != 2 && type != 3)
        return SEGKIT_OK;
    int tw = p[12] | p[13] << 8, th = p[14] | p[15] << 8;
    if (tw != w || th != h)
        return SEGKIT_OK;
    uint64_t cmap = p[1] ? (uint64_t)(p[5] | p[6] << 8) * ((p[7] + 7u) / 8)
                         : 0;
    uint64_t need = 18 + (uint64_t)p[0] + cmap +
                    (uint64_t)tw * (uint64_t)th * ((p[16] + 7u) / 8);
    return need > size ? SEGKIT_ERR_TRUNCATED : SEGKIT_OK;
}

int segkit_stb_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    if (size > INT_MAX)
        return SEGKIT_ERR_UNSUPPORTED;
    int len = (int)size, w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, len, &w, &h, &comp))
        return failure_status();
    if (comp < 1 || comp > 4)
        return SEGKIT_ERR_UNSUPPORTED;
    int hdr = stbi_is_hdr_from_memory(data, len);
    int is16 = !hdr && stbi_is_16_bit_from_memory(data, len);
    segkit_type type = hdr ? SEGKIT_F32 : is16 ? SEGKIT_U16 : SEGKIT_U8;
    int st = segkit_io_check_size((uint64_t)(w > 0 ? w : 0),
                                  (uint64_t)(h > 0 ? h : 0), comp, type, opts);
    if (st != SEGKIT_OK)
        return st;
    st = bmp_check_length(data, size, (uint64_t)w, (uint64_t)h);
    if (st == SEGKIT_OK)
        st = tga_check_length(data, size, w, h);
    if (st != SEGKIT_OK)
        return st;

    /* Ask for exactly comp channels so the buffer layout is known even where
     * stb's reported count and its buffer could differ. */
    int lw = 0, lh = 0, lc = 0;
    void *pix;
    if (hdr)
        pix = stbi_loadf_from_memory(data, len, &lw, &lh, &lc, comp);
    else if (is16)
        pix = stbi_load_16_from_memory(data, len, &lw, &lh, &lc, comp);
    else
        pix = stbi_load_from_memory(data, len, &lw, &lh, &lc, comp);
    if (!pix)
        return failure_status();
    if (lw != w || lh != h) {
        stbi_image_free(pix);
        return SEGKIT_ERR_CORRUPT;
    }
    st = segkit_image_create(img, w, h, comp, type);
    if (st == SEGKIT_OK) /* stb's buffer is tightly packed, like ours */
        memcpy(img->data, pix, img->stride * (size_t)h);
    stbi_image_free(pix);
    return st;
}

typedef struct {
    uint8_t *data;
    size_t size, cap;
    int failed;
} stb_sink;

static void on_write(void *ctx, void *data, int n)
{
    stb_sink *s = ctx;
    if (s->failed || n <= 0)
        return;
    size_t need = (size_t)n;
    if (need > s->cap - s->size) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap - s->size < need) {
            if (cap > SIZE_MAX / 2) {
                s->failed = 1;
                return;
            }
            cap *= 2;
        }
        uint8_t *nd = realloc(s->data, cap);
        if (!nd) {
            s->failed = 1;
            return;
        }
        s->data = nd;
        s->cap = cap;
    }
    memcpy(s->data + s->size, data, need);
    s->size += need;
}

int segkit_stb_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    if (img->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    if (img->channels < 1 || img->channels > 4)
        return SEGKIT_ERR_TYPE;
    if (format != SEGKIT_FORMAT_BMP && format != SEGKIT_FORMAT_TGA)
        return SEGKIT_ERR_FORMAT;
    size_t row, bytes;
    int st = segkit_image_layout(img->width, img->height, img->channels,
                                 img->type, &row, &bytes);
    if (st != SEGKIT_OK)
        return st;
    if (bytes > INT_MAX) /* stb_image_write uses int sizes */
        return SEGKIT_ERR_TOO_LARGE;
    /* stb_image_write wants tightly packed rows */
    const void *pix = img->data;
    uint8_t *packed = NULL;
    if (img->stride != row) {
        packed = malloc(bytes);
        if (!packed)
            return SEGKIT_ERR_NOMEM;
        for (int y = 0; y < img->height; y++)
            memcpy(packed + (size_t)y * row, segkit_image_row(img, y), row);
        pix = packed;
    }
    stb_sink sink = {NULL, 0, 0, 0};
    int ok = format == SEGKIT_FORMAT_BMP
                 ? stbi_write_bmp_to_func(on_write, &sink, img->width,
                                          img->height, img->channels, pix)
                 : stbi_write_tga_to_func(on_write, &sink, img->width,
                                          img->height, img->channels, pix);
    free(packed);
    if (!ok || sink.failed) {
        free(sink.data);
        return sink.failed ? SEGKIT_ERR_NOMEM : SEGKIT_ERR_ARG;
    }
    *out = sink.data;
    *out_size = sink.size;
    return SEGKIT_OK;
}
