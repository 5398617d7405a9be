/* Netpbm: our own reader for P1..P7 and writer for P5/P6/P7.
 *
 * Reading (http://netpbm.sourceforge.net/doc/ pbm, pgm, ppm, pam):
 *   - header tokens are separated by any whitespace; '#' starts a comment
 *     that runs to the end of the line (also inside plain P1..P3 rasters);
 *   - maxval 1..65535: maxval <= 255 gives SEGKIT_U8, above gives SEGKIT_U16
 *     (native endian; the file's 2-byte samples are big-endian);
 *   - sample values are kept AS STORED: a PGM with maxval 1000 gives u16
 *     values 0..1000, one with maxval 15 gives u8 values 0..15 (no scaling
 *     to the full range; a caller who wants it scales by 255/maxval);
 *   - PBM (P1/P4): 1 = black -> 0, 0 = white -> 255, u8, 1 channel;
 *   - PAM (P7): DEPTH 1..4 channels; TUPLTYPE BLACKANDWHITE[_ALPHA] with
 *     maxval 1 is mapped like PBM's output (black 0 -> 0, white 1 -> 255,
 *     alpha 1 -> 255).  Note PAM's BLACKANDWHITE has 0 = black, 1 = white,
 *     the opposite of PBM's bits;
 *   - a sample above maxval is SEGKIT_ERR_CORRUPT, too few samples
 *     SEGKIT_ERR_TRUNCATED; dimensions are checked (and, for binary rasters,
 *     the data length too) before any pixel memory is allocated.
 * Writing: 1 channel -> P5, 3 -> P6, 2 -> P7 GRAYSCALE_ALPHA, 4 -> P7
 *   RGB_ALPHA; u8 with maxval 255, u16 with maxval 65535 (big-endian);
 *   f32/i32 -> SEGKIT_ERR_TYPE. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

typedef struct {
    const uint8_t *p;
    size_t size, pos;
} pnm_reader;

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* Skips whitespace and comments. */
static void skip_space(pnm_reader *r)
{
    while (r->pos < r->size) {
        uint8_t c = r->p[r->pos];
        if (c == '#') {
            while (r->pos < r->size && r->p[r->pos] != '\n' &&
                   r->p[r->pos] != '\r')
                r->pos++;
        } else if (is_space(c)) {
            r->pos++;
        } else {
            break;
        }
    }
}

/* Reads an unsigned decimal number (after skipping whitespace/comments).
 * TRUNCATED at the end of data, CORRUPT for a non-digit or a value above
 * limit. */
static int read_uint(pnm_reader *r, uint32_t limit, uint32_t *out)
{
    skip_space(r);
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    if (r->p[r->pos] < '0' || r->p[r->pos] > '9')
        return SEGKIT_ERR_CORRUPT;
    uint64_t v = 0;
    while (r->pos < r->size && r->p[r->pos] >= '0' && r->p[r->pos] <= '9') {
        v = v * 10 + (uint64_t)(r->p[r->pos] - '0');
        if (v > limit)
            return SEGKIT_ERR_CORRUPT;
        r->pos++;
    }
    /* a number must end at whitespace, a comment, or the end of data */
    if (r->pos < r->size && !is_space(r->p[r->pos]) && r->p[r->pos] != '#')
        return SEGKIT_ERR_CORRUPT;
    *out = (uint32_t)v;
    return SEGKIT_OK;
}

typedef struct {
    int kind;         /* 1..7 */
    uint32_t width, height, depth, maxval;
    int bw;           /* PBM or PAM BLACKANDWHITE: map samples to 0/255 */
    int pbm_invert;   /* PBM: 1 = black */
} pnm_header;

/* Reads one PAM header line's keyword and value region.  Returns OK with
 * line [*ls, *le) or TRUNCATED at the end of data. */
static int pam_line(pnm_reader *r, size_t *ls, size_t *le)
{
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    *ls = r->pos;
    while (r->pos < r->size && r->p[r->pos] != '\n')
        r->pos++;
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    *le = r->pos;
    r->pos++; /* the newline */
    return SEGKIT_OK;
}

static int pam_header(pnm_reader *r, pnm_header *h)
{
    int have_w = 0, have_h = 0, have_d = 0, have_m = 0;
    char tupl[64] = "";
    size_t tlen = 0;
    /* the magic "P7" must be followed by a newline */
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    if (r->p[r->pos] == '\r')
        r->pos++;
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    if (r->p[r->pos] != '\n')
        return SEGKIT_ERR_CORRUPT;
    r->pos++;
    for (;;) {
        size_t ls, le;
        int st = pam_line(r, &ls, &le);
        if (st != SEGKIT_OK)
            return st;
        while (ls < le && is_space(r->p[ls]))
            ls++;
        while (le > ls && is_space(r->p[le - 1]))
            le--;
        if (ls == le || r->p[ls] == '#')
            continue;
        size_t ks = ls;
        while (ls < le && !is_space(r->p[ls]))
            ls++;
        size_t klen = ls - ks;
        while (ls < le && is_space(r->p[ls]))
            ls++;
        const char *key = (const char *)r->p + ks;
#define KEY(s) (klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)
        if (KEY("ENDHDR"))
            break;
        if (KEY("TUPLTYPE")) {
            /* several TUPLTYPE lines concatenate, separated by a space */
            size_t vlen = le - ls;
            if (tlen && tlen + 1 < sizeof tupl)
                tupl[tlen++] = ' ';
            if (vlen > sizeof tupl - 1 - tlen)
                vlen = sizeof tupl - 1 - tlen;
            memcpy(tupl + tlen, r->p + ls, vlen);
            tlen += vlen;
            tupl[tlen] = '\0';
            continue;
        }
        uint32_t *dst;
        int *have;
        uint32_t limit = INT_MAX;
        if (KEY("WIDTH")) {
            dst = &h->width; have = &have_w;
        } else if (KEY("HEIGHT")) {
            dst = &h->height; have = &have_h;
        } else if (KEY("DEPTH")) {
            dst = &h->depth; have = &have_d;
        } else if (KEY("MAXVAL")) {
            dst = &h->maxval; have = &have_m; limit = 65535;
        } else {
            return SEGKIT_ERR_CORRUPT;
        }
#undef KEY
        pnm_reader v = {r->p, le, ls};
        st = read_uint(&v, limit, dst);
        if (st != SEGKIT_OK)
            return SEGKIT_ERR_CORRUPT;
        skip_space(&v);
        if (v.pos != le)
            return SEGKIT_ERR_CORRUPT;
        *have = 1;
    }
    if (!have_w || !have_h || !have_d || !have_m)
        return SEGKIT_ERR_CORRUPT;
    if (h->depth < 1)
        return SEGKIT_ERR_CORRUPT;
    if (h->depth > 4)
        return SEGKIT_ERR_UNSUPPORTED;
    if (h->maxval < 1)
        return SEGKIT_ERR_CORRUPT;
    if (strncmp(tupl, "BLACKANDWHITE", 13) == 0 && h->maxval == 1)
        h->bw = 1;
    return SEGKIT_OK;
}

static int parse_header(pnm_reader *r, pnm_header *h)
{
    memset(h, 0, sizeof *h);
    if (r->size < 2 || r->p[0] != 'P' || r->p[1] < '1' || r->p[1] > '7')
        return SEGKIT_ERR_FORMAT;
    h->kind = r->p[1] - '0';
    r->pos = 2;
    if (h->kind == 7)
        return pam_header(r, h);
    /* the magic must be followed by whitespace or a comment */
    if (r->pos >= r->size)
        return SEGKIT_ERR_TRUNCATED;
    if (!is_space(r->p[r->pos]) && r->p[r->pos] != '#')
        return SEGKIT_ERR_CORRUPT;
    int st = read_uint(r, INT_MAX, &h->width);
    if (st == SEGKIT_OK)
        st = read_uint(r, INT_MAX, &h->height);
    if (st != SEGKIT_OK)
        return st;
    if (h->kind == 1 || h->kind == 4) {
        h->maxval = 1;
        h->bw = h->pbm_invert = 1;
        h->depth = 1;
    } else {
        st = read_uint(r, 65535, &h->maxval);
        if (st != SEGKIT_OK)
            return st;
        if (h->maxval < 1)
            return SEGKIT_ERR_CORRUPT;
        h->depth = (h->kind == 3 || h->kind == 6) ? 3 : 1;
    }
    if (h->kind >= 4) {
        /* exactly one whitespace character before the binary raster */
        if (r->pos >= r->size)
            return SEGKIT_ERR_TRUNCATED;
        if (!is_space(r->p[r->pos]))
            return SEGKIT_ERR_CORRUPT;
        r->pos++;
    }
    return SEGKIT_OK;
}

/* Stores sample v (already checked against maxval) at index i. */
static inline void put_sample(segkit_image *img, const pnm_header *h,
                              size_t row_off, size_t i, uint32_t v)
{
    if (h->bw)
        v = h->pbm_invert ? (v ? 0 : 255) : (v ? 255 : 0);
    uint8_t *row = (uint8_t *)img->data + row_off;
    if (img->type == SEGKIT_U8)
        row[i] = (uint8_t)v;
    else
        ((uint16_t *)(void *)row)[i] = (uint16_t)v;
}

static int decode_plain(pnm_reader *r, const pnm_header *h, segkit_image *img)
{
    size_t n = (size_t)h->width * h->depth;
    for (uint32_t y = 0; y < h->height; y++) {
        size_t off = (size_t)y * img->stride;
        for (size_t i = 0; i < n; i++) {
            uint32_t v;
            if (h->kind == 1) {
                /* plain PBM: one '0' or '1' per pixel, whitespace optional */
                skip_space(r);
                if (r->pos >= r->size)
                    return SEGKIT_ERR_TRUNCATED;
                uint8_t c = r->p[r->pos++];
                if (c != '0' && c != '1')
                    return SEGKIT_ERR_CORRUPT;
                v = (uint32_t)(c - '0');
            } else {
                int st = read_uint(r, UINT32_MAX / 16, &v);
                if (st != SEGKIT_OK)
                    return st;
                if (v > h->maxval)
                    return SEGKIT_ERR_CORRUPT;
            }
            put_sample(img, h, off, i, v);
        }
    }
    return SEGKIT_OK;
}

static int decode_raw(pnm_reader *r, const pnm_header *h, segkit_image *img)
{
    const uint8_t *p = r->p + r->pos;
    if (h->kind == 4) {
        size_t rowbytes = ((size_t)h->width + 7) / 8;
        for (uint32_t y = 0; y < h->height; y++) {
            uint8_t *row = segkit_image_row(img, (int)y);
            const uint8_t *src = p + (size_t)y * rowbytes;
            for (uint32_t x = 0; x < h->width; x++)
                row[x] = (src[x >> 3] >> (7 - (x & 7))) & 1 ? 0 : 255;
        }
        return SEGKIT_OK;
    }
    size_t n = (size_t)h->width * h->depth;
    int wide = h->maxval > 255;
    size_t rowbytes = n * (wide ? 2 : 1);
    for (uint32_t y = 0; y < h->height; y++) {
        const uint8_t *src = p + (size_t)y * rowbytes;
        size_t off = (size_t)y * img->stride;
        for (size_t i = 0; i < n; i++) {
            uint32_t v = wide ? (uint32_t)src[2 * i] << 8 | src[2 * i + 1]
                              : src[i];
            if (v > h->maxval)
                return SEGKIT_ERR_CORRUPT;
            put_sample(img, h, off, i, v);
        }
    }
    return SEGKIT_OK;
}

/* The header, its sample type, and the size limits. */
static int checked_header(pnm_reader *r, pnm_header *h,
                          const segkit_read_options *opts, segkit_type *type)
{
    int st = parse_header(r, h);
    if (st != SEGKIT_OK)
        return st;
    *type = h->maxval > 255 ? SEGKIT_U16 : SEGKIT_U8;
    return segkit_io_check_size(h->width, h->height, (int)h->depth, *type, opts);
}

/* Binary rasters: the header plus the raster exactly (a stream may hold
 * more images after it); plain ones: a generous 24 characters per sample
 * plus the metadata allowance for comments. */
int segkit_pnm_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit)
{
    segkit_pnm_layout l;
    int st = segkit_pnm_frame_layout(data, size, opts, &l);
    if (st != SEGKIT_OK)
        return st;
    *limit = l.kind >= 4 ? l.header_len + l.raster
                         : SEGKIT_IO_METADATA_ALLOWANCE + l.header_len + 24 * l.samples;
    return SEGKIT_OK;
}

int segkit_pnm_frame_layout(const uint8_t *data, size_t size,
                            const segkit_read_options *opts,
                            segkit_pnm_layout *out)
{
    pnm_reader r = {data, size, 0};
    pnm_header h;
    segkit_type type;
    memset(out, 0, sizeof *out);
    int st = checked_header(&r, &h, opts, &type);
    if (st != SEGKIT_OK)
        return st;
    out->kind = h.kind;
    out->header_len = r.pos;
    out->samples = (uint64_t)h.width * h.height * h.depth;
    if (h.kind == 4)
        out->raster = ((uint64_t)h.width + 7) / 8 * h.height;
    else if (h.kind >= 5)
        out->raster = out->samples * (h.maxval > 255 ? 2 : 1);
    return SEGKIT_OK;
}

int segkit_pnm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    pnm_reader r = {data, size, 0};
    pnm_header h;
    segkit_type type;
    int st = checked_header(&r, &h, opts, &type);
    if (st != SEGKIT_OK)
        return st;
    /* Enough data?  Checked before allocating so that a tiny file cannot
     * make us allocate a big image.  Sizes cannot overflow: check_size
     * bounded width*height*depth*2 by SIZE_MAX. */
    size_t left = size - r.pos;
    size_t samples = (size_t)h.width * h.height * h.depth;
    if (h.kind == 4) {
        size_t need = ((size_t)h.width + 7) / 8;
        if (need > SIZE_MAX / h.height || left < need * h.height)
            return SEGKIT_ERR_TRUNCATED;
    } else if (h.kind >= 5) {
        if (left / (h.maxval > 255 ? 2 : 1) < samples)
            return SEGKIT_ERR_TRUNCATED;
    } else {
        /* plain: at least one character per sample (P1), or a digit and a
         * separator for every sample but the last (P2, P3) */
        size_t need = h.kind == 1 ? samples : samples + (samples - 1);
        if (h.kind != 1 && samples > SIZE_MAX / 2)
            return SEGKIT_ERR_TRUNCATED;
        if (left < need)
            return SEGKIT_ERR_TRUNCATED;
    }
    st = segkit_image_create(img, (int)h.width, (int)h.height, (int)h.depth,
                             type);
    if (st != SEGKIT_OK)
        return st;
    st = h.kind <= 3 ? decode_plain(&r, &h, img) : decode_raw(&r, &h, img);
    if (st != SEGKIT_OK)
        segkit_image_free(img);
    return st;
}

/* PBM (P4): one bit per pixel, rows padded to a byte, 1 = black.  A
 * nonzero sample (a mask's foreground) is written as black, as netpbm users
 * expect of a mask; zero is white. */
static int pbm_encode(const segkit_image *img, void **out, size_t *out_size)
{
    if (img->channels != 1)
        return SEGKIT_ERR_TYPE;
    char header[64];
    int hn = snprintf(header, sizeof header, "P4\n%d %d\n", img->width,
                      img->height);
    size_t rowbytes = ((size_t)img->width + 7) / 8;
    if (rowbytes > (SIZE_MAX - (size_t)hn) / (size_t)img->height)
        return SEGKIT_ERR_OVERFLOW;
    size_t total = (size_t)hn + rowbytes * (size_t)img->height;
    uint8_t *buf = calloc(total, 1);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    memcpy(buf, header, (size_t)hn);
    for (int y = 0; y < img->height; y++) {
        uint8_t *dst = buf + hn + (size_t)y * rowbytes;
        const void *row = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++) {
            int on = img->type == SEGKIT_U8 ? ((const uint8_t *)row)[x] != 0
                                            : ((const uint16_t *)row)[x] != 0;
            if (on)
                dst[x >> 3] |= (uint8_t)(0x80u >> (x & 7));
        }
    }
    *out = buf;
    *out_size = total;
    return SEGKIT_OK;
}

int segkit_pnm_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size)
{
    static const char *const tupltypes[5] = {"", "GRAYSCALE",
                                             "GRAYSCALE_ALPHA", "RGB",
                                             "RGB_ALPHA"};
    *out = NULL;
    *out_size = 0;
    if (img->type != SEGKIT_U8 && img->type != SEGKIT_U16)
        return SEGKIT_ERR_TYPE;
    if (img->channels < 1 || img->channels > 4 || img->width <= 0 ||
        img->height <= 0)
        return SEGKIT_ERR_ARG;
    if (format == SEGKIT_FORMAT_PBM)
        return pbm_encode(img, out, out_size);
    int wide = img->type == SEGKIT_U16;
    unsigned maxval = wide ? 65535u : 255u;
    char header[160];
    int hn;
    if (format != SEGKIT_FORMAT_PAM &&
        (img->channels == 1 || img->channels == 3))
        hn = snprintf(header, sizeof header, "P%c\n%d %d\n%u\n",
                      img->channels == 1 ? '5' : '6', img->width, img->height,
                      maxval);
    else
        hn = snprintf(header, sizeof header,
                      "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL %u\n"
                      "TUPLTYPE %s\nENDHDR\n",
                      img->width, img->height, img->channels, maxval,
                      tupltypes[img->channels]);
    if (hn < 0 || (size_t)hn >= sizeof header)
        return SEGKIT_ERR_ARG;
    size_t rowbytes;
    int st = segkit_image_layout(img->width, img->height, img->channels,
                                 img->type, &rowbytes, NULL);
    if (st != SEGKIT_OK)
        return st;
    if (rowbytes > (SIZE_MAX - (size_t)hn) / (size_t)img->height)
        return SEGKIT_ERR_OVERFLOW;
    size_t total = (size_t)hn + rowbytes * (size_t)img->height;
    uint8_t *buf = malloc(total);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    memcpy(buf, header, (size_t)hn);
    uint8_t *dst = buf + hn;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *row = segkit_image_row(img, y);
        if (!wide) {
            memcpy(dst, row, rowbytes);
        } else {
            const uint16_t *s = (const uint16_t *)(const void *)row;
            for (size_t i = 0; i < rowbytes / 2; i++) {
                dst[2 * i] = (uint8_t)(s[i] >> 8);
                dst[2 * i + 1] = (uint8_t)(s[i] & 0xff);
            }
        }
        dst += rowbytes;
    }
    *out = buf;
    *out_size = total;
    return SEGKIT_OK;
}
