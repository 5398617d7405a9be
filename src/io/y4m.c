/* YUV4MPEG2 (Y4M): the stream header, frame layouts, and the conversions
 * between a frame's planes and segkit images.  The stream itself (reading
 * FRAME records from a FILE*) is frames.c's; see segkit/io.h "Streams".
 *
 * Format (the MJPEG tools' yuv4mpeg.5, as ffmpeg's yuv4mpegpipe writes it):
 *   "YUV4MPEG2" then parameters, each a space and a letter with its value:
 *   W width, H height, F rate n:d, I interlacing p/t/b/m, A aspect n:d,
 *   C colour space, X extension (XCOLORRANGE=FULL|LIMITED); unknown letters
 *   are ignored; '\n' ends the header.  Each frame is "FRAME" [params] '\n'
 *   then the Y plane, then Cb and Cr (none for mono), 8-bit samples (mono16:
 *   16-bit little-endian). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

/* Parses "n:d" into two non-negative ints; 0 on success. */
static int parse_ratio(const char *s, size_t n, int *num, int *den)
{
    long a = 0, b = 0;
    size_t i = 0;
    if (i >= n || s[i] < '0' || s[i] > '9')
        return -1;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        a = a * 10 + (s[i++] - '0');
        if (a > 0x7fffffff)
            return -1;
    }
    if (i >= n || s[i++] != ':' || i >= n)
        return -1;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        b = b * 10 + (s[i++] - '0');
        if (b > 0x7fffffff)
            return -1;
    }
    if (i != n)
        return -1;
    *num = (int)a;
    *den = (int)b;
    return 0;
}

static int parse_dim(const char *s, size_t n, int *out)
{
    long v = 0;
    if (n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
        if (v > 0x7fffffff)
            return -1;
    }
    *out = (int)v;
    return 0;
}

int segkit_y4m_parse_header(const char *line, size_t n, segkit_y4m_header *h,
                            segkit_y4m_layout *lay)
{
    memset(h, 0, sizeof *h);
    memset(lay, 0, sizeof *lay);
    if (n < 9 || memcmp(line, "YUV4MPEG2", 9) != 0)
        return SEGKIT_ERR_FORMAT;
    strcpy(h->colorspace, "420jpeg");
    int have_w = 0, have_h = 0;
    size_t i = 9;
    while (i < n) {
        if (line[i] != ' ')
            return SEGKIT_ERR_CORRUPT;
        i++;
        size_t s = i;
        while (i < n && line[i] != ' ')
            i++;
        if (i == s)
            continue; /* two spaces: tolerated */
        const char *v = line + s + 1;
        size_t vn = i - s - 1;
        switch (line[s]) {
        case 'W':
            if (parse_dim(v, vn, &h->width))
                return SEGKIT_ERR_CORRUPT;
            have_w = 1;
            break;
        case 'H':
            if (parse_dim(v, vn, &h->height))
                return SEGKIT_ERR_CORRUPT;
            have_h = 1;
            break;
        case 'F':
            if (parse_ratio(v, vn, &h->rate_num, &h->rate_den))
                return SEGKIT_ERR_CORRUPT;
            break;
        case 'A':
            if (parse_ratio(v, vn, &h->aspect_num, &h->aspect_den))
                return SEGKIT_ERR_CORRUPT;
            break;
        case 'I':
            if (vn != 1 || !strchr("ptbm", v[0]))
                return SEGKIT_ERR_CORRUPT;
            h->interlace = v[0];
            break;
        case 'C':
            if (vn == 0 || vn >= sizeof h->colorspace)
                return SEGKIT_ERR_UNSUPPORTED;
            memcpy(h->colorspace, v, vn);
            h->colorspace[vn] = '\0';
            break;
        case 'X':
            if (vn == 15 && memcmp(v, "COLORRANGE=FULL", 15) == 0)
                h->full_range = 1;
            else if (vn == 18 && memcmp(v, "COLORRANGE=LIMITED", 18) == 0)
                h->full_range = 0;
            break;
        default:
            break; /* unknown parameters are ignored */
        }
    }
    if (!have_w || !have_h || h->width <= 0 || h->height <= 0)
        return SEGKIT_ERR_CORRUPT;
    static const struct { const char *name; int chroma; } spaces[] = {
        {"420jpeg", Y4M_420}, {"420paldv", Y4M_420}, {"420mpeg2", Y4M_420},
        {"420", Y4M_420}, {"422", Y4M_422}, {"444", Y4M_444},
        {"mono", Y4M_MONO}, {"mono16", Y4M_MONO16},
    };
    lay->chroma = -1;
    for (size_t k = 0; k < sizeof spaces / sizeof spaces[0]; k++)
        if (strcmp(h->colorspace, spaces[k].name) == 0)
            lay->chroma = spaces[k].chroma;
    if (lay->chroma < 0)
        return SEGKIT_ERR_UNSUPPORTED;
    uint64_t w = (uint64_t)h->width, hh = (uint64_t)h->height;
    lay->luma = w * hh * (lay->chroma == Y4M_MONO16 ? 2 : 1);
    switch (lay->chroma) {
    case Y4M_420: lay->cw = (w + 1) / 2; lay->ch = (hh + 1) / 2; break;
    case Y4M_422: lay->cw = (w + 1) / 2; lay->ch = hh; break;
    case Y4M_444: lay->cw = w; lay->ch = hh; break;
    default: lay->cw = lay->ch = 0; break;
    }
    lay->frame = lay->luma + 2 * lay->cw * lay->ch;
    return SEGKIT_OK;
}

/* Fixed-point (16.16) tables of the Y'CbCr -> R'G'B' conversion for one
 * range and matrix: value = y[Y] + r_cr[Cr] (R), y[Y] + g_cb[Cb] + g_cr[Cr]
 * (G), y[Y] + b_cb[Cb] (B). */
typedef struct {
    int32_t y[256], r_cr[256], g_cb[256], g_cr[256], b_cb[256];
} ycc_tables;

static void matrix(int bt709, double *kr, double *kb)
{
    *kr = bt709 ? 0.2126 : 0.299;
    *kb = bt709 ? 0.0722 : 0.114;
}

static void make_tables(ycc_tables *t, int full, int bt709)
{
    double kr, kb;
    matrix(bt709, &kr, &kb);
    double kg = 1.0 - kr - kb;
    double ys = full ? 1.0 : 255.0 / 219.0, cs = full ? 1.0 : 255.0 / 224.0;
    for (int v = 0; v < 256; v++) {
        double yv = full ? v : (v - 16) * ys;
        double c = (v - 128) * cs;
        t->y[v] = (int32_t)lround(yv * 65536.0) + 32768;
        t->r_cr[v] = (int32_t)lround(2.0 * (1.0 - kr) * c * 65536.0);
        t->b_cb[v] = (int32_t)lround(2.0 * (1.0 - kb) * c * 65536.0);
        t->g_cb[v] = (int32_t)lround(-2.0 * kb * (1.0 - kb) / kg * c * 65536.0);
        t->g_cr[v] = (int32_t)lround(-2.0 * kr * (1.0 - kr) / kg * c * 65536.0);
    }
}

static inline uint8_t clamp16(int32_t v)
{
    v >>= 16;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

int segkit_y4m_decode(const uint8_t *data, const segkit_y4m_header *h,
                      const segkit_y4m_layout *lay, int color, int bt709,
                      segkit_image *img)
{
    int w = h->width, hh = h->height;
    memset(img, 0, sizeof *img);
    if (lay->chroma == Y4M_MONO16) {
        int st = segkit_image_create(img, w, hh, 1, SEGKIT_U16);
        if (st != SEGKIT_OK)
            return st;
        for (int y = 0; y < hh; y++) {
            uint16_t *row = segkit_image_row(img, y);
            const uint8_t *src = data + (size_t)y * (size_t)w * 2;
            for (int x = 0; x < w; x++)
                row[x] = (uint16_t)(src[2 * x] | src[2 * x + 1] << 8);
        }
        return SEGKIT_OK;
    }
    int rgb = color && lay->chroma != Y4M_MONO;
    int st = segkit_image_create(img, w, hh, rgb ? 3 : 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    if (!rgb) {
        uint8_t lut[256];
        for (int v = 0; v < 256; v++) {
            long e = h->full_range ? v : lround((v - 16) * 255.0 / 219.0);
            lut[v] = (uint8_t)(e < 0 ? 0 : e > 255 ? 255 : e);
        }
        for (int y = 0; y < hh; y++) {
            uint8_t *row = segkit_image_row(img, y);
            const uint8_t *src = data + (size_t)y * (size_t)w;
            for (int x = 0; x < w; x++)
                row[x] = lut[src[x]];
        }
        return SEGKIT_OK;
    }
    ycc_tables *t = malloc(sizeof *t);
    if (!t) {
        segkit_image_free(img);
        return SEGKIT_ERR_NOMEM;
    }
    make_tables(t, h->full_range, bt709);
    const uint8_t *cbp = data + lay->luma, *crp = cbp + lay->cw * lay->ch;
    int sx = lay->cw < (uint64_t)w ? 1 : 0;   /* chroma subsampled across */
    int sy = lay->ch < (uint64_t)hh ? 1 : 0;  /* ... and down */
    for (int y = 0; y < hh; y++) {
        uint8_t *row = segkit_image_row(img, y);
        const uint8_t *yr = data + (size_t)y * (size_t)w;
        size_t coff = (size_t)(y >> sy) * lay->cw;
        for (int x = 0; x < w; x++) {
            int32_t yv = t->y[yr[x]];
            uint8_t cb = cbp[coff + (size_t)(x >> sx)];
            uint8_t cr = crp[coff + (size_t)(x >> sx)];
            row[3 * x] = clamp16(yv + t->r_cr[cr]);
            row[3 * x + 1] = clamp16(yv + t->g_cb[cb] + t->g_cr[cr]);
            row[3 * x + 2] = clamp16(yv + t->b_cb[cb]);
        }
    }
    free(t);
    return SEGKIT_OK;
}

static inline uint8_t round_clamp(double v)
{
    long r = lround(v);
    return (uint8_t)(r < 0 ? 0 : r > 255 ? 255 : r);
}

int segkit_y4m_encode(const segkit_image *img, int chroma, int full, int bt709,
                      uint8_t *out)
{
    int w = img->width, hh = img->height;
    size_t n = (size_t)w * (size_t)hh;
    if (chroma == Y4M_MONO16) {
        for (int y = 0; y < hh; y++) {
            const void *row = segkit_image_row(img, y);
            uint8_t *dst = out + (size_t)y * (size_t)w * 2;
            for (int x = 0; x < w; x++) {
                int64_t v = img->type == SEGKIT_U16
                                ? ((const uint16_t *)row)[x]
                                : ((const int32_t *)row)[x];
                if (v < 0 || v > 65535)
                    return SEGKIT_ERR_RANGE;
                dst[2 * x] = (uint8_t)(v & 0xff);
                dst[2 * x + 1] = (uint8_t)(v >> 8);
            }
        }
        return SEGKIT_OK;
    }
    if (img->channels == 1) {
        for (int y = 0; y < hh; y++)
            memcpy(out + (size_t)y * (size_t)w, segkit_image_row(img, y),
                   (size_t)w);
        if (chroma == Y4M_420) /* neutral chroma for readers without mono */
            memset(out + n, 128, 2 * (size_t)((w + 1) / 2) * ((hh + 1) / 2));
        return SEGKIT_OK;
    }
    /* RGB -> Y'CbCr 4:4:4 */
    double kr, kb;
    matrix(bt709, &kr, &kb);
    double kg = 1.0 - kr - kb;
    double ys = full ? 1.0 : 219.0 / 255.0, cs = full ? 1.0 : 224.0 / 255.0;
    double yo = full ? 0.0 : 16.0;
    uint8_t *yp = out, *cbp = out + n, *crp = out + 2 * n;
    for (int y = 0; y < hh; y++) {
        const uint8_t *row = segkit_image_row(img, y);
        for (int x = 0; x < w; x++) {
            double r = row[3 * x], g = row[3 * x + 1], b = row[3 * x + 2];
            double yv = kr * r + kg * g + kb * b;
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            yp[i] = round_clamp(yo + yv * ys);
            cbp[i] = round_clamp(128.0 + (b - yv) / (2.0 * (1.0 - kb)) * cs);
            crp[i] = round_clamp(128.0 + (r - yv) / (2.0 * (1.0 - kr)) * cs);
        }
    }
    return SEGKIT_OK;
}
