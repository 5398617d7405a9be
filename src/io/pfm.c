/* Portable float map (.pfm): "Pf" (grayscale) or "PF" (RGB), width and
 * height, a scale whose sign is the byte order (negative: little-endian),
 * one whitespace character, then 32-bit floats with the rows from the BOTTOM
 * of the image to the top, as the format (Paul Debevec's page, netpbm's
 * pfm(5)) says.  We write "Pf"/"PF" with scale -1.0 (little-endian) and
 * read both byte orders; the scale's magnitude is not applied. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

int segkit_pfm_encode(const segkit_image *img, void **out, size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    if (img->type != SEGKIT_F32 || (img->channels != 1 && img->channels != 3))
        return SEGKIT_ERR_TYPE;
    char head[64];
    int hn = snprintf(head, sizeof head, "P%c\n%d %d\n-1.0\n",
                      img->channels == 1 ? 'f' : 'F', img->width, img->height);
    size_t bytes;
    int st = segkit_image_layout(img->width, img->height, img->channels,
                                 img->type, NULL, &bytes);
    if (st != SEGKIT_OK)
        return st;
    if (bytes > SIZE_MAX - (size_t)hn)
        return SEGKIT_ERR_OVERFLOW;
    uint8_t *buf = malloc((size_t)hn + bytes);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    memcpy(buf, head, (size_t)hn);
    segkit_io_put_samples_le(img, buf + hn, 1);
    *out = buf;
    *out_size = (size_t)hn + bytes;
    return SEGKIT_OK;
}

/* A whitespace-delimited token of at most size - 1 characters; at least one
 * whitespace character must precede it unless first. */
static int token(const uint8_t *data, size_t size, size_t *pos, char *out,
                 size_t cap)
{
    size_t p = *pos, n = 0;
    while (p < size && isspace(data[p]))
        p++;
    while (p < size && !isspace(data[p])) {
        if (n + 1 >= cap)
            return 0;
        out[n++] = (char)data[p++];
    }
    out[n] = '\0';
    *pos = p;
    return n > 0;
}

static int parse_dim(const char *s, uint64_t *v)
{
    char *end;
    if (!isdigit((unsigned char)s[0]))
        return 0;
    unsigned long long x = strtoull(s, &end, 10);
    *v = x;
    return *end == '\0';
}

typedef struct {
    uint64_t width, height;
    int channels;
    int little_endian;
    size_t data_offset, bytes;
} pfm_header;

static int parse_header(const uint8_t *data, size_t size,
                        const segkit_read_options *opts, pfm_header *hd)
{
    if (size < 3 || data[0] != 'P' || (data[1] != 'f' && data[1] != 'F') ||
        !isspace(data[2]))
        return size < 3 ? SEGKIT_ERR_TRUNCATED : SEGKIT_ERR_FORMAT;
    int channels = data[1] == 'f' ? 1 : 3;
    size_t pos = 2;
    char tw[24], th[24], ts[40];
    uint64_t w, h;
    if (!token(data, size, &pos, tw, sizeof tw) ||
        !token(data, size, &pos, th, sizeof th) ||
        !token(data, size, &pos, ts, sizeof ts))
        return pos >= size ? SEGKIT_ERR_TRUNCATED : SEGKIT_ERR_CORRUPT;
    if (!parse_dim(tw, &w) || !parse_dim(th, &h))
        return SEGKIT_ERR_CORRUPT;
    char *end;
    double scale = strtod(ts, &end);
    if (*end != '\0' || scale == 0 || scale != scale)
        return SEGKIT_ERR_CORRUPT;
    if (pos >= size || !isspace(data[pos]))
        return SEGKIT_ERR_TRUNCATED;
    pos++; /* the single whitespace character before the data */
    int st = segkit_io_check_size(w, h, channels, SEGKIT_F32, opts);
    if (st != SEGKIT_OK)
        return st;
    hd->width = w;
    hd->height = h;
    hd->channels = channels;
    hd->little_endian = scale < 0;
    hd->data_offset = pos;
    return segkit_image_layout((int)w, (int)h, channels, SEGKIT_F32, NULL,
                               &hd->bytes);
}

int segkit_pfm_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit)
{
    pfm_header h;
    int st = parse_header(data, size, opts, &h);
    if (st == SEGKIT_OK)
        *limit = (uint64_t)h.data_offset + h.bytes;
    return st;
}

int segkit_pfm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    pfm_header h;
    int st = parse_header(data, size, opts, &h);
    if (st != SEGKIT_OK)
        return st;
    size_t pos = h.data_offset, bytes = h.bytes;
    if (size - pos < bytes) /* bytes after the data are ignored */
        return SEGKIT_ERR_TRUNCATED;
    st = segkit_image_create(img, (int)h.width, (int)h.height, h.channels,
                             SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    if (h.little_endian) {
        segkit_io_get_samples_le(img, data + pos, 1);
        return SEGKIT_OK;
    }
    /* big-endian: reverse each float's bytes, then the little-endian path */
    uint8_t *le = malloc(bytes);
    if (!le) {
        segkit_image_free(img);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t i = 0; i < bytes; i += 4) {
        le[i] = data[pos + i + 3];
        le[i + 1] = data[pos + i + 2];
        le[i + 2] = data[pos + i + 1];
        le[i + 3] = data[pos + i];
    }
    segkit_io_get_samples_le(img, le, 1);
    free(le);
    return SEGKIT_OK;
}
