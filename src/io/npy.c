/* NumPy .npy (format version 1.0 written; 1.0, 2.0 and 3.0 read), the
 * exchange format of label images and float maps with Python pipelines.
 *
 * A file is the magic "\x93NUMPY", the version (major, minor bytes), the
 * header length (u16 little-endian for 1.0, u32 for 2.0/3.0), then the
 * header: a Python dict literal
 *     {'descr': '<i4', 'fortran_order': False, 'shape': (H, W), }
 * padded with spaces and ended by '\n' so that the data starts at a
 * multiple of 64 bytes, then the array in C order.  Our dtypes: '|u1' (u8),
 * '<u2' (u16), '<i4' (i32), '<f4' (f32); shape (H, W) is one channel,
 * (H, W, C) C channels (1..4).  Reading is strict: any other dtype, Fortran
 * order, other shapes or unknown keys are refused (bytes after the array are
 * ignored, as by every decoder here). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

static const struct {
    const char *descr;
    segkit_type type;
} npy_types[] = {
    {"|u1", SEGKIT_U8}, {"<u2", SEGKIT_U16}, {"<i4", SEGKIT_I32},
    {"<f4", SEGKIT_F32},
};

enum { NPY_ALIGN = 64 };

/* little-endian stores and loads, independent of the host */
static void put_le(uint8_t *p, uint32_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le(const uint8_t *p, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

/* Copies img's samples, row by row, as little-endian bytes into dst (the
 * layout .npy and little-endian PFM share). */
void segkit_io_put_samples_le(const segkit_image *img, uint8_t *dst,
                              int bottom_up)
{
    size_t sz = segkit_type_size(img->type);
    size_t n = (size_t)img->width * (size_t)img->channels;
    for (int yy = 0; yy < img->height; yy++) {
        int y = bottom_up ? img->height - 1 - yy : yy;
        const uint8_t *row = segkit_image_row(img, y);
        for (size_t i = 0; i < n; i++, dst += sz) {
            uint32_t v;
            if (sz == 1) {
                v = row[i];
            } else if (sz == 2) {
                uint16_t u;
                memcpy(&u, row + 2 * i, 2);
                v = u;
            } else {
                memcpy(&v, row + 4 * i, 4);
            }
            put_le(dst, v, sz);
        }
    }
}

void segkit_io_get_samples_le(segkit_image *img, const uint8_t *src,
                              int bottom_up)
{
    size_t sz = segkit_type_size(img->type);
    size_t n = (size_t)img->width * (size_t)img->channels;
    for (int yy = 0; yy < img->height; yy++) {
        int y = bottom_up ? img->height - 1 - yy : yy;
        uint8_t *row = segkit_image_row(img, y);
        for (size_t i = 0; i < n; i++, src += sz) {
            uint32_t v = get_le(src, sz);
            if (sz == 1) {
                row[i] = (uint8_t)v;
            } else if (sz == 2) {
                uint16_t u = (uint16_t)v;
                memcpy(row + 2 * i, &u, 2);
            } else {
                memcpy(row + 4 * i, &v, 4);
            }
        }
    }
}

int segkit_npy_encode(const segkit_image *img, void **out, size_t *out_size)
{
    *out = NULL;
    *out_size = 0;
    const char *descr = NULL;
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++)
        if (npy_types[i].type == img->type)
            descr = npy_types[i].descr;
    if (!descr)
        return SEGKIT_ERR_TYPE;
    char dict[160];
    int dn = img->channels == 1
                 ? snprintf(dict, sizeof dict,
                            "{'descr': '%s', 'fortran_order': False, "
                            "'shape': (%d, %d), }",
                            descr, img->height, img->width)
                 : snprintf(dict, sizeof dict,
                            "{'descr': '%s', 'fortran_order': False, "
                            "'shape': (%d, %d, %d), }",
                            descr, img->height, img->width, img->channels);
    if (dn < 0 || (size_t)dn >= sizeof dict)
        return SEGKIT_ERR_ARG;
    /* 10 bytes of preamble + dict + padding + '\n', a multiple of 64 */
    size_t head = ((size_t)10 + (size_t)dn + 1 + NPY_ALIGN - 1) / NPY_ALIGN *
                  NPY_ALIGN;
    size_t bytes;
    int st = segkit_image_layout(img->width, img->height, img->channels,
                                 img->type, NULL, &bytes);
    if (st != SEGKIT_OK)
        return st;
    if (bytes > SIZE_MAX - head)
        return SEGKIT_ERR_OVERFLOW;
    uint8_t *buf = malloc(head + bytes);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    put_le(buf + 8, (uint32_t)(head - 10), 2);
    memcpy(buf + 10, dict, (size_t)dn);
    memset(buf + 10 + dn, ' ', head - 10 - (size_t)dn - 1);
    buf[head - 1] = '\n';
    segkit_io_put_samples_le(img, buf + head, 0);
    *out = buf;
    *out_size = head + bytes;
    return SEGKIT_OK;
}

/* ---------------------------------------------------------------- reading */

typedef struct {
    const char *p, *end;
} npy_lexer;

static void skip_space(npy_lexer *l)
{
    while (l->p < l->end && (*l->p == ' ' || *l->p == '\t'))
        l->p++;
}

static int eat(npy_lexer *l, char c)
{
    skip_space(l);
    if (l->p < l->end && *l->p == c) {
        l->p++;
        return 1;
    }
    return 0;
}

/* A quoted Python string ('...' or "...") without escapes, into out. */
static int read_string(npy_lexer *l, char *out, size_t size)
{
    skip_space(l);
    if (l->p >= l->end || (*l->p != '\'' && *l->p != '"'))
        return 0;
    char q = *l->p++;
    size_t n = 0;
    while (l->p < l->end && *l->p != q) {
        if (*l->p == '\\' || n + 1 >= size)
            return 0;
        out[n++] = *l->p++;
    }
    if (l->p >= l->end)
        return 0;
    l->p++;
    out[n] = '\0';
    return 1;
}

static int read_word(npy_lexer *l, const char *word)
{
    skip_space(l);
    size_t n = strlen(word);
    if ((size_t)(l->end - l->p) < n || memcmp(l->p, word, n) != 0)
        return 0;
    l->p += n;
    return 1;
}

/* A non-negative decimal integer (Python may write "512L" in old files). */
static int read_uint(npy_lexer *l, uint64_t *v)
{
    skip_space(l);
    if (l->p >= l->end || !isdigit((unsigned char)*l->p))
        return 0;
    *v = 0;
    while (l->p < l->end && isdigit((unsigned char)*l->p)) {
        if (*v > (UINT64_MAX - 9) / 10)
            return 0;
        *v = *v * 10 + (uint64_t)(*l->p++ - '0');
    }
    if (l->p < l->end && *l->p == 'L')
        l->p++;
    return 1;
}

typedef struct {
    segkit_type type;
    uint64_t shape[3];
    int ndim;
    size_t data_offset;
    const char *problem; /* for segkit_npy_explain */
} npy_header;

/* Parses and validates the header.  SEGKIT_ERR_CORRUPT for a malformed
 * one, SEGKIT_ERR_UNSUPPORTED for a valid array we do not take. */
static int parse_header(const uint8_t *data, size_t size, npy_header *h)
{
    memset(h, 0, sizeof *h);
    if (size < 10 || memcmp(data, "\x93NUMPY", 6) != 0) {
        h->problem = "not a NumPy .npy file";
        return size < 10 ? SEGKIT_ERR_TRUNCATED : SEGKIT_ERR_FORMAT;
    }
    int major = data[6];
    size_t hl, pre;
    if (major == 1) {
        hl = get_le(data + 8, 2);
        pre = 10;
    } else if (major == 2 || major == 3) {
        if (size < 12) {
            h->problem = "truncated .npy header";
            return SEGKIT_ERR_TRUNCATED;
        }
        hl = get_le(data + 8, 4);
        pre = 12;
    } else {
        h->problem = ".npy format version not 1, 2 or 3";
        return SEGKIT_ERR_UNSUPPORTED;
    }
    if (hl > size - pre) {
        h->problem = "truncated .npy header";
        return SEGKIT_ERR_TRUNCATED;
    }
    h->data_offset = pre + hl;
    npy_lexer l = {(const char *)data + pre, (const char *)data + pre + hl};
    /* the dict ends with '\n' and only spaces may precede it */
    if (hl == 0 || l.end[-1] != '\n') {
        h->problem = "malformed .npy header (no final newline)";
        return SEGKIT_ERR_CORRUPT;
    }
    l.end--;
    int have_descr = 0, have_order = 0, have_shape = 0;
    char descr[16];
    if (!eat(&l, '{'))
        goto malformed;
    while (!eat(&l, '}')) {
        char key[32];
        if (!read_string(&l, key, sizeof key) || !eat(&l, ':'))
            goto malformed;
        if (strcmp(key, "descr") == 0 && !have_descr) {
            if (!read_string(&l, descr, sizeof descr))
                goto malformed;
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0 && !have_order) {
            if (read_word(&l, "True")) {
                h->problem = "array in Fortran order (fortran_order: True); "
                             "save a C-order array (numpy.ascontiguousarray)";
                return SEGKIT_ERR_UNSUPPORTED;
            }
            if (!read_word(&l, "False"))
                goto malformed;
            have_order = 1;
        } else if (strcmp(key, "shape") == 0 && !have_shape) {
            if (!eat(&l, '('))
                goto malformed;
            while (!eat(&l, ')')) {
                uint64_t v;
                if (h->ndim == 3 || !read_uint(&l, &v))
                    goto bad_shape;
                h->shape[h->ndim++] = v;
                if (!eat(&l, ',') && (skip_space(&l), l.p < l.end && *l.p != ')'))
                    goto malformed;
            }
            have_shape = 1;
        } else {
            goto malformed;
        }
        if (!eat(&l, ',') && (skip_space(&l), l.p < l.end && *l.p != '}'))
            goto malformed;
    }
    skip_space(&l);
    if (l.p != l.end || !have_descr || !have_order || !have_shape)
        goto malformed;
    int known = 0;
    for (size_t i = 0; i < sizeof npy_types / sizeof npy_types[0]; i++) {
        if (strcmp(descr, npy_types[i].descr) == 0) {
            h->type = npy_types[i].type;
            known = 1;
        }
    }
    if (!known) {
        h->problem = "NumPy dtype not one of uint8 '|u1', uint16 '<u2', "
                     "int32 '<i4', float32 '<f4'";
        return SEGKIT_ERR_UNSUPPORTED;
    }
    if (h->ndim < 2 || (h->ndim == 3 && (h->shape[2] < 1 || h->shape[2] > 4)))
        goto bad_shape;
    return SEGKIT_OK;
bad_shape:
    h->problem = "NumPy shape not (height, width) or (height, width, 1..4)";
    return SEGKIT_ERR_UNSUPPORTED;
malformed:
    h->problem = "malformed .npy header";
    return SEGKIT_ERR_CORRUPT;
}

/* The header, checked against the limits, and the array's byte count. */
static int checked_header(const uint8_t *data, size_t size,
                          const segkit_read_options *opts, npy_header *h,
                          int *channels, size_t *bytes)
{
    int st = parse_header(data, size, h);
    if (st != SEGKIT_OK)
        return st;
    *channels = h->ndim == 3 ? (int)h->shape[2] : 1;
    st = segkit_io_check_size(h->shape[1], h->shape[0], *channels, h->type, opts);
    if (st != SEGKIT_OK)
        return st;
    return segkit_image_layout((int)h->shape[1], (int)h->shape[0], *channels,
                               h->type, NULL, bytes);
}

int segkit_npy_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit)
{
    npy_header h;
    int channels;
    size_t bytes;
    int st = checked_header(data, size, opts, &h, &channels, &bytes);
    if (st == SEGKIT_OK)
        *limit = (uint64_t)h.data_offset + bytes;
    return st;
}

int segkit_npy_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img)
{
    memset(img, 0, sizeof *img);
    npy_header h;
    int channels;
    size_t bytes;
    int st = checked_header(data, size, opts, &h, &channels, &bytes);
    if (st != SEGKIT_OK)
        return st;
    /* bytes after the array are ignored, as every decoder here does */
    if (size - h.data_offset < bytes)
        return SEGKIT_ERR_TRUNCATED;
    st = segkit_image_create(img, (int)h.shape[1], (int)h.shape[0], channels,
                             h.type);
    if (st != SEGKIT_OK)
        return st;
    segkit_io_get_samples_le(img, data + h.data_offset, 0);
    return SEGKIT_OK;
}

const char *segkit_npy_explain(const void *data, size_t size)
{
    npy_header h;
    if (!data || size < 6 || memcmp(data, "\x93NUMPY", 6) != 0)
        return NULL;
    if (parse_header(data, size, &h) != SEGKIT_OK)
        return h.problem;
    size_t bytes;
    int channels = h.ndim == 3 ? (int)h.shape[2] : 1;
    if (h.shape[0] == 0 || h.shape[1] == 0 || h.shape[0] > INT32_MAX ||
        h.shape[1] > INT32_MAX)
        return "NumPy array with an empty or huge dimension";
    if (segkit_image_layout((int)h.shape[1], (int)h.shape[0], channels, h.type,
                            NULL, &bytes) != SEGKIT_OK)
        return NULL;
    if (size - h.data_offset < bytes)
        return "NumPy array data shorter than its shape says";
    return NULL;
}
