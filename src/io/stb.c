/* BMP, GIF (first frame), PSD, TGA, HDR through stb_image, and BMP/TGA
 * writing through stb_image_write -- both from Debian's libstb (the
 * implementation lives in libstb.so, so no STB_*_IMPLEMENTATION here).
 *
 * Before stb decodes: the header's size goes through the pixel limit, the
 * memory stb and we will hold goes through the memory budget, stb's own
 * size limits are checked (so that they get their own message), and
 * stb_check.c walks the data to make sure the file holds the whole image
 * (stb_image reads past the end of its buffer as zeros instead of failing).
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
        return SEGKIT_ERR_DECODER_LIMIT;
    return SEGKIT_ERR_CORRUPT;
}

/* Width, height, channels and sample type of the image stb_image will
 * return, from the header alone. */
static int stb_header(const uint8_t *data, int len, int *w, int *h, int *comp,
                      segkit_type *type)
{
    if (!stbi_info_from_memory(data, len, w, h, comp))
        return failure_status();
    if (*comp < 1 || *comp > 4)
        return SEGKIT_ERR_UNSUPPORTED;
    int hdr = stbi_is_hdr_from_memory(data, len);
    int is16 = !hdr && stbi_is_16_bit_from_memory(data, len);
    *type = hdr ? SEGKIT_F32 : is16 ? SEGKIT_U16 : SEGKIT_U8;
    return SEGKIT_OK;
}

/* The memory the decode holds at its peak: stb's working buffers plus our
 * copy of the result (bytes); *stb_max: the largest buffer stb sizes in
 * int. */
static uint64_t stb_peak(segkit_format f, uint64_t px, uint64_t bytes,
                         int comp, segkit_type type, uint64_t *stb_max)
{
    if (f == SEGKIT_FORMAT_GIF) { /* canvas, background (4 B/px), history */
        *stb_max = 4 * px;
        return 9 * px + bytes;
    }
    if (f == SEGKIT_FORMAT_PSD) { /* always 4 channels, then converted */
        *stb_max = 4 * px * segkit_type_size(type);
        return *stb_max + (comp != 4 ? bytes : 0) + bytes;
    }
    *stb_max = bytes;
    return 2 * bytes;
}

/* stb_image's own limits (STBI_MAX_DIMENSIONS = 2^24 per side, buffers
 * sized in int): SEGKIT_ERR_DECODER_LIMIT; then the memory budget. */
static int stb_limits(segkit_format f, uint64_t w, uint64_t h, int comp,
                      segkit_type type, const segkit_read_options *opts,
                      int check_memory)
{
    uint64_t px = w * h, stb_max;
    uint64_t bytes = px * (uint64_t)comp * segkit_type_size(type);
    uint64_t peak = stb_peak(f, px, bytes, comp, type, &stb_max);
    if (w > (1u << 24) || h > (1u << 24) || stb_max > INT_MAX)
        return SEGKIT_ERR_DECODER_LIMIT;
    return check_memory ? segkit_io_check_memory(peak, opts) : SEGKIT_OK;
}

/* The header (format, size, channels, sample type), the pixel limit and
 * stb_image's own limits; len is capped to int by the callers. */
typedef struct {
    segkit_format f;
    int w, h, comp;
    segkit_type type;
} stb_info;

static int checked_header(const uint8_t *data, int len,
                          const segkit_read_options *opts, stb_info *i)
{
    int st = stb_header(data, len, &i->w, &i->h, &i->comp, &i->type);
    if (st != SEGKIT_OK)
        return st;
    i->f = segkit_format_detect(data, (size_t)len);
    st = segkit_io_check_size((uint64_t)(i->w > 0 ? i->w : 0),
                              (uint64_t)(i->h > 0 ? i->h : 0), i->comp, i->type,
                              opts);
    if (st != SEGKIT_OK)
        return st;
    return stb_limits(i->f, (uint64_t)i->w, (uint64_t)i->h, i->comp, i->type,
                      opts, 0);
}

int segkit_stb_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit)
{
    stb_info i;
    int st = checked_header(data, size > INT_MAX ? INT_MAX : (int)size, opts, &i);
    if (st == SEGKIT_OK)
        st = stb_limits(i.f, (uint64_t)i.w, (uint64_t)i.h, i.comp, i.type, opts, 1);
    if (st != SEGKIT_OK)
        return st;
    /* at most 4 bytes per sample and pixel plus 1 per pixel (TGA RLE
     * packets), row padding, and metadata; PSD's layers can be anything */
    uint64_t px = (uint64_t)i.w * (uint64_t)i.h;
    *limit = i.f == SEGKIT_FORMAT_PSD
                 ? UINT64_MAX
                 : SEGKIT_IO_METADATA_ALLOWANCE + px * (4u * (unsigned)i.comp + 1u) +
                       4 * (uint64_t)i.h;
    return SEGKIT_OK;
}

int segkit_stb_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    if (size > INT_MAX)
        return SEGKIT_ERR_DECODER_LIMIT; /* stb_image takes an int length */
    int len = (int)size;
    stb_info i;
    /* the header's limits, then the data (a truncated file is reported as
     * such even when it claims a size over the budget), then the budget */
    int st = checked_header(data, len, opts, &i);
    if (st == SEGKIT_OK)
        st = segkit_stb_check_data(i.f, data, size, i.w, i.h);
    if (st == SEGKIT_OK)
        st = stb_limits(i.f, (uint64_t)i.w, (uint64_t)i.h, i.comp, i.type, opts, 1);
    if (st != SEGKIT_OK)
        return st;
    int w = i.w, h = i.h, comp = i.comp;
    segkit_type type = i.type;

    /* Ask for exactly comp channels so the buffer layout is known even where
     * stb's reported count and its buffer could differ. */
    int lw = 0, lh = 0, lc = 0;
    void *pix;
    if (type == SEGKIT_F32)
        pix = stbi_loadf_from_memory(data, len, &lw, &lh, &lc, comp);
    else if (type == SEGKIT_U16)
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
