/* segkit_read_* / segkit_write_*: format detection, whole-file reading,
 * dispatch to the codecs.  Safe file output: output.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal/io_codec.h"

segkit_read_options segkit_read_options_default(void)
{
    segkit_read_options o;
    memset(&o, 0, sizeof o);
    o.max_pixels = SEGKIT_DEFAULT_MAX_PIXELS;
    o.autorotate = 1;
    o.max_memory = SEGKIT_DEFAULT_MAX_MEMORY;
    o.max_scans = SEGKIT_DEFAULT_MAX_SCANS;
    return o;
}

static const char *const format_names[SEGKIT_FORMAT_COUNT] = {
    "unknown", "png", "jpeg", "pnm", "bmp", "tga", "gif", "psd", "hdr",
    "pbm", "pam", "npy", "pfm", "rgbid"};

const char *segkit_format_name(segkit_format f)
{
    return (unsigned)f < SEGKIT_FORMAT_COUNT ? format_names[f] : "unknown";
}

/* The formats we write, by the names (and extensions) users give; the order
 * is the one segkit_write_format_names() lists. */
static const struct { const char *name; segkit_format f; } write_names[] = {
    {"png", SEGKIT_FORMAT_PNG}, {"pnm", SEGKIT_FORMAT_PNM},
    {"pgm", SEGKIT_FORMAT_PNM}, {"ppm", SEGKIT_FORMAT_PNM},
    {"pbm", SEGKIT_FORMAT_PBM}, {"pam", SEGKIT_FORMAT_PAM},
    {"jpeg", SEGKIT_FORMAT_JPEG}, {"jpg", SEGKIT_FORMAT_JPEG},
    {"bmp", SEGKIT_FORMAT_BMP}, {"tga", SEGKIT_FORMAT_TGA},
    {"npy", SEGKIT_FORMAT_NPY}, {"pfm", SEGKIT_FORMAT_PFM},
    {"rgbid", SEGKIT_FORMAT_RGBID}, /* a PNG flavour: no extension */
};

segkit_format segkit_format_parse(const char *name)
{
    if (!name)
        return SEGKIT_FORMAT_UNKNOWN;
    for (size_t i = 0; i < sizeof write_names / sizeof write_names[0]; i++)
        if (strcasecmp(name, write_names[i].name) == 0)
            return write_names[i].f;
    return SEGKIT_FORMAT_UNKNOWN;
}

const char *segkit_write_format_names(void)
{
    return "png pnm pgm ppm pbm pam jpeg jpg bmp tga npy pfm rgbid";
}

const char *segkit_write_extensions(void)
{
    return ".png .pnm .pgm .ppm .pbm .pam .jpeg .jpg .bmp .tga .npy .pfm";
}

int segkit_format_is_lossy(segkit_format f)
{
    return f == SEGKIT_FORMAT_JPEG;
}

segkit_format segkit_format_from_name(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return SEGKIT_FORMAT_UNKNOWN;
    segkit_format f = segkit_format_parse(dot + 1);
    return f == SEGKIT_FORMAT_RGBID ? SEGKIT_FORMAT_UNKNOWN : f;
}

segkit_format segkit_format_detect(const void *data, size_t size)
{
    const uint8_t *p = data;
    if (!p)
        return SEGKIT_FORMAT_UNKNOWN;
    if (size >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return SEGKIT_FORMAT_PNG;
    if (size >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
        return SEGKIT_FORMAT_JPEG;
    if (size >= 2 && p[0] == 'P' && p[1] >= '1' && p[1] <= '7')
        return SEGKIT_FORMAT_PNM;
    if (size >= 6 && memcmp(p, "\x93NUMPY", 6) == 0)
        return SEGKIT_FORMAT_NPY;
    if (size >= 3 && p[0] == 'P' && (p[1] == 'f' || p[1] == 'F') &&
        (p[2] == '\n' || p[2] == '\r' || p[2] == ' ' || p[2] == '\t'))
        return SEGKIT_FORMAT_PFM;
    if (size >= 2 && p[0] == 'B' && p[1] == 'M')
        return SEGKIT_FORMAT_BMP;
    if (size >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return SEGKIT_FORMAT_GIF;
    if (size >= 4 && memcmp(p, "8BPS", 4) == 0)
        return SEGKIT_FORMAT_PSD;
    if ((size >= 10 && memcmp(p, "#?RADIANCE", 10) == 0) ||
        (size >= 6 && memcmp(p, "#?RGBE", 6) == 0))
        return SEGKIT_FORMAT_HDR;
    return SEGKIT_FORMAT_UNKNOWN;
}

int segkit_io_check_memory(uint64_t bytes, const segkit_read_options *opts)
{
    return opts && opts->max_memory && bytes > opts->max_memory
               ? SEGKIT_ERR_MEMORY_LIMIT
               : SEGKIT_OK;
}

int segkit_io_check_size(uint64_t width, uint64_t height, int channels,
                         segkit_type type, const segkit_read_options *opts)
{
    if (width == 0 || height == 0 || width > INT_MAX || height > INT_MAX)
        return SEGKIT_ERR_CORRUPT;
    if (opts && opts->max_pixels && width > opts->max_pixels / height)
        return SEGKIT_ERR_TOO_LARGE;
    size_t bytes;
    int st = segkit_image_layout((int)width, (int)height, channels, type, NULL,
                                 &bytes);
    if (st != SEGKIT_OK)
        return st;
    return segkit_io_check_memory(bytes, opts);
}

int segkit_read_memory(const void *data, size_t size,
                       const segkit_read_options *opts, segkit_image *img,
                       segkit_format *format)
{
    segkit_read_options def = segkit_read_options_default();
    if (format)
        *format = SEGKIT_FORMAT_UNKNOWN;
    if (!img)
        return SEGKIT_ERR_ARG;
    memset(img, 0, sizeof *img);
    if (!data && size)
        return SEGKIT_ERR_ARG;
    if (!opts)
        opts = &def;
    if (size == 0)
        return SEGKIT_ERR_TRUNCATED;
    segkit_format f = segkit_format_detect(data, size);
    int st;
    switch (f) {
    case SEGKIT_FORMAT_PNG:
        st = segkit_png_decode(data, size, opts, img);
        break;
    case SEGKIT_FORMAT_JPEG:
        st = segkit_jpeg_decode(data, size, opts, img);
        break;
    case SEGKIT_FORMAT_PNM:
        st = segkit_pnm_decode(data, size, opts, img);
        break;
    case SEGKIT_FORMAT_NPY:
        st = segkit_npy_decode(data, size, opts, img);
        break;
    case SEGKIT_FORMAT_PFM:
        st = segkit_pfm_decode(data, size, opts, img);
        break;
    case SEGKIT_FORMAT_UNKNOWN:
        /* TGA has no magic: let stb_image try it as the last resort */
        st = segkit_stb_decode(data, size, opts, img);
        if (st == SEGKIT_OK)
            f = SEGKIT_FORMAT_TGA;
        else if (st == SEGKIT_ERR_CORRUPT)
            st = SEGKIT_ERR_FORMAT;
        break;
    default:
        st = segkit_stb_decode(data, size, opts, img);
        break;
    }
    if (st == SEGKIT_OK && opts->rgbid)
        st = segkit_rgbid_to_labels(img);
    if (st != SEGKIT_OK) {
        segkit_image_free(img);
        return st;
    }
    if (format)
        *format = f;
    return SEGKIT_OK;
}

/* The most bytes a file starting with these n bytes can plausibly need
 * (see io_codec.h); SEGKIT_ERR_TRUNCATED while its header is incomplete. */
static int input_limit(const uint8_t *p, size_t n,
                       const segkit_read_options *opts, uint64_t *limit)
{
    switch (segkit_format_detect(p, n)) {
    case SEGKIT_FORMAT_PNG:
        return segkit_png_input_limit(p, n, opts, limit);
    case SEGKIT_FORMAT_JPEG:
        return segkit_jpeg_input_limit(p, n, opts, limit);
    case SEGKIT_FORMAT_PNM:
        return segkit_pnm_input_limit(p, n, opts, limit);
    case SEGKIT_FORMAT_NPY:
        return segkit_npy_input_limit(p, n, opts, limit);
    case SEGKIT_FORMAT_PFM:
        return segkit_pfm_input_limit(p, n, opts, limit);
    case SEGKIT_FORMAT_UNKNOWN: {
        /* TGA, or nothing: an 18-byte header decides */
        if (n < 18)
            return SEGKIT_ERR_TRUNCATED;
        int st = segkit_stb_input_limit(p, n, opts, limit);
        return st == SEGKIT_ERR_CORRUPT ? SEGKIT_ERR_FORMAT : st;
    }
    default:
        return segkit_stb_input_limit(p, n, opts, limit);
    }
}

/* Reads the header (the first 64 KiB, or all of a shorter stream), asks the
 * format how much it can need, and reads no more than that and the memory
 * budget.  Bytes beyond are left unread: a valid image never needs them
 * (trailing data is ignored by every decoder), and if the decoder misses
 * them the file is reported for what it is. */
int segkit_read_stream(FILE *f, const segkit_read_options *opts,
                       segkit_image *img, segkit_format *format)
{
    return segkit_io_read_stream_prefix(f, NULL, 0, opts, img, format);
}

int segkit_io_read_stream_prefix(FILE *f, const uint8_t *prefix, size_t npre,
                                 const segkit_read_options *opts,
                                 segkit_image *img, segkit_format *format)
{
    segkit_read_options def = segkit_read_options_default();
    if (format)
        *format = SEGKIT_FORMAT_UNKNOWN;
    if (img)
        memset(img, 0, sizeof *img);
    if (!f || !img)
        return SEGKIT_ERR_ARG;
    if (!opts)
        opts = &def;
    const size_t probe = 1 << 16;
    uint64_t budget = opts->max_memory ? opts->max_memory : UINT64_MAX;
    if (budget > SIZE_MAX - 1)
        budget = SIZE_MAX - 1;
    uint64_t cap = budget;  /* read at most cap bytes (+1 to see if more) */
    int capped_by_budget = 1, known = 0;
    size_t len = 0, size = 0;
    uint8_t *buf = NULL;
    int st = SEGKIT_OK, more = 0;
    /* A regular file's remaining size: once the header is known, read into a
     * buffer of that size (+1, to see the end), not of the format's limit
     * (64 MiB of metadata allowance and more), which malloc would map and
     * unmap for every image.  Only a hint: a file that grows is read on
     * as before. */
    uint64_t hint = 0;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
        off_t pos = ftello(f);
        if (pos >= 0 && sb.st_size >= pos)
            hint = (uint64_t)(sb.st_size - pos) + npre + 1;
    }
    if (npre) {
        buf = malloc(npre < probe ? probe : npre);
        if (!buf)
            return SEGKIT_ERR_NOMEM;
        memcpy(buf, prefix, npre);
        len = npre;
        size = npre < probe ? probe : npre;
    }
    for (;;) {
        /* the next read: the probe, then doubling, up to cap + 1 */
        uint64_t want = len < probe ? probe : (uint64_t)len * 2;
        if (known || want > cap + 1)
            want = cap + 1;
        if (known && hint > len && hint < want)
            want = hint; /* the file's size + 1: a file that grew goes on to cap + 1 */
        if (want > size) {
            uint8_t *nb = realloc(buf, (size_t)want);
            if (!nb) {
                st = SEGKIT_ERR_NOMEM;
                break;
            }
            buf = nb;
            size = (size_t)want;
        }
        size_t n = fread(buf + len, 1, size - len, f);
        len += n;
        if (len < size) {
            if (ferror(f))
                st = SEGKIT_ERR_IO;
            break; /* end of stream */
        }
        if (!known) {
            uint64_t limit;
            int ls = input_limit(buf, len, opts, &limit);
            if (ls == SEGKIT_OK) {
                known = 1;
                if (limit < cap) {
                    cap = limit;
                    capped_by_budget = 0;
                }
            } else if (ls != SEGKIT_ERR_TRUNCATED) {
                st = ls; /* the header alone is bad or too big */
                break;
            } else if (len >= SEGKIT_IO_METADATA_ALLOWANCE) {
                more = 1; /* no header in sight: let the decoder say so */
                capped_by_budget = 0;
                break;
            }
        }
        if (len > cap) {
            more = 1; /* the stream goes on beyond what may be read */
            len = (size_t)cap;
            break;
        }
    }
    if (st == SEGKIT_OK) {
        st = segkit_read_memory(buf, len, opts, img, format);
        /* cut short: "truncated" would be wrong, say what was hit */
        if (more && st == SEGKIT_ERR_TRUNCATED)
            st = capped_by_budget ? SEGKIT_ERR_MEMORY_LIMIT : SEGKIT_ERR_CORRUPT;
    }
    free(buf);
    return st;
}

int segkit_read_file(const char *path, const segkit_read_options *opts,
                     segkit_image *img, segkit_format *format)
{
    if (img)
        memset(img, 0, sizeof *img);
    if (!path || !img)
        return SEGKIT_ERR_ARG;
    FILE *f = fopen(path, "rb");
    if (!f)
        return SEGKIT_ERR_IO;
    int st = segkit_read_stream(f, opts, img, format);
    int saved = errno;
    fclose(f);
    errno = saved;
    return st;
}

segkit_write_options segkit_write_options_default(void)
{
    segkit_write_options o;
    memset(&o, 0, sizeof o);
    o.quality = 90;
    o.png_level = -1;
    return o;
}

int segkit_write_memory_opts(const segkit_image *img, segkit_format format,
                             const segkit_write_options *opts, void **data,
                             size_t *size)
{
    segkit_write_options def = segkit_write_options_default();
    if (data)
        *data = NULL;
    if (size)
        *size = 0;
    if (!img || !img->data || !data || !size)
        return SEGKIT_ERR_ARG;
    if (img->width <= 0 || img->height <= 0 || img->channels < 1 ||
        img->channels > 4)
        return SEGKIT_ERR_ARG;
    if (!opts)
        opts = &def;
    switch (format) {
    case SEGKIT_FORMAT_PNG:
        if (img->type == SEGKIT_I32 && img->channels == 1)
            return segkit_labels_png16_encode(img, opts->png_level, data, size);
        return segkit_png_encode(img, opts->png_level, 0, data, size);
    case SEGKIT_FORMAT_RGBID:
        return segkit_rgbid_encode(img, opts->png_level, data, size);
    case SEGKIT_FORMAT_NPY:
        return segkit_npy_encode(img, data, size);
    case SEGKIT_FORMAT_PFM:
        return segkit_pfm_encode(img, data, size);
    case SEGKIT_FORMAT_PNM:
        if (img->type == SEGKIT_I32 && img->channels == 1)
            return segkit_labels_pgm16_encode(img, data, size);
        /* fall through */
    case SEGKIT_FORMAT_PBM:
    case SEGKIT_FORMAT_PAM:
        return segkit_pnm_encode(img, format, data, size);
    case SEGKIT_FORMAT_JPEG:
        return segkit_jpeg_encode(img, opts->quality, data, size);
    case SEGKIT_FORMAT_BMP:
    case SEGKIT_FORMAT_TGA:
        return segkit_stb_encode(img, format, data, size);
    default:
        return SEGKIT_ERR_FORMAT;
    }
}

int segkit_write_memory(const segkit_image *img, segkit_format format,
                        void **data, size_t *size)
{
    return segkit_write_memory_opts(img, format, NULL, data, size);
}

int segkit_write_file_opts(const char *path, const segkit_image *img,
                           segkit_format format,
                           const segkit_write_options *opts)
{
    void *buf;
    size_t len;
    int st = segkit_write_memory_opts(img, format, opts, &buf, &len);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_write_bytes_atomic(path, buf, len);
    int saved = errno;
    free(buf);
    errno = saved;
    return st;
}

int segkit_write_file(const char *path, const segkit_image *img,
                      segkit_format format)
{
    return segkit_write_file_opts(path, img, format, NULL);
}
