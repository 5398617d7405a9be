/* Before stb_image decodes a BMP, GIF, PSD, TGA or HDR file, walk its data
 * the way stb_image will read it and check every byte it needs is there.
 *
 * stb_image reads past the end of its buffer as zeros instead of failing:
 * a truncated file decodes as a partial image (a 34-byte RLE TGA header
 * claiming 16000 x 16000 pixels "decodes" to 1.5 GB of zeros), and an RLE
 * HDR scanline that runs off the end never ends (a zero count reads no
 * pixel and stb's reader no longer advances).  The walks below are linear
 * in the file size and allocate nothing; what stb itself rejects (bad
 * codes, bad RLE counts) is left to stb unless it would be read past the
 * end.  Compressed pixel data (GIF's LZW) is only checked to be complete
 * as a structure (the raster's sub-blocks end with their terminator). */
#include <string.h>

#include "internal/io_codec.h"

typedef struct {
    const uint8_t *p;
    size_t size, pos;
} walk;

/* 1 if n more bytes are there (and skips them), else 0. */
static int take(walk *w, uint64_t n)
{
    if (n > w->size - w->pos)
        return 0;
    w->pos += (size_t)n;
    return 1;
}

static int byte(walk *w, unsigned *v)
{
    if (w->pos >= w->size)
        return 0;
    *v = w->p[w->pos++];
    return 1;
}

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }
static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }

/* BMP: stb reads uncompressed rows (and BI_BITFIELDS) only; its header
 * sizes are 12 (OS/2 v1) and 40..124. */
static int bmp_check(const uint8_t *p, size_t size, uint64_t w, uint64_t h)
{
    if (size < 30)
        return SEGKIT_ERR_TRUNCATED;
    uint32_t hsz = le32(p + 14), off = le32(p + 10), bpp;
    if (hsz == 12) {
        bpp = le16(p + 24);
    } else {
        if (size < 34)
            return SEGKIT_ERR_TRUNCATED;
        bpp = le16(p + 28);
        /* stb refuses RLE, JPEG and PNG BMPs itself: 1, 2 and >= 4 as a
         * signed int, so a negative value passes (found by fuzz_stb) */
        int32_t comp = (int32_t)le32(p + 30);
        if (comp == 1 || comp == 2 || comp >= 4)
            return SEGKIT_OK;
    }
    if (bpp == 0 || bpp > 32)
        return SEGKIT_OK; /* stb refuses it */
    uint64_t row = (w * bpp + 31) / 32 * 4; /* w < 2^31: no overflow */
    if ((uint64_t)off + row * h > size)
        return SEGKIT_ERR_TRUNCATED;
    if (bpp != 1 && bpp != 4 && bpp != 8)
        return SEGKIT_OK;
    /* Palette images: stb_image sizes the palette from the pixel offset
     * (for OS/2 headers with 24 bytes where 12 are meant) and then looks
     * every index up in a 256-entry stack array of which only that many
     * entries are set: a palette it computes as empty or negative, or an
     * index past its end, would put uninitialized stack bytes in the image
     * (found by fuzz_stb).  Both are corrupt files. */
    int64_t psize = hsz == 12 ? ((int64_t)off - 14 - 24) / 3
                              : ((int64_t)off - 14 - (int64_t)hsz) / 4;
    if (psize < 1)
        return SEGKIT_ERR_CORRUPT;
    if (psize >= (1 << bpp))
        return SEGKIT_OK; /* every index has an entry */
    for (uint64_t y = 0; y < h; y++) {
        const uint8_t *r = p + off + y * row;
        for (uint64_t x = 0; x < w; x++) {
            unsigned v = bpp == 8 ? r[x]
                         : bpp == 4 ? (r[x / 2] >> (x % 2 ? 0 : 4)) & 15u
                                    : (r[x / 8] >> (7 - x % 8)) & 1u;
            if (v >= psize)
                return SEGKIT_ERR_CORRUPT;
        }
    }
    return SEGKIT_OK;
}

/* GIF: the header, color tables and blocks up to the end of the first
 * frame's raster (stb decodes the first frame only). */
static int gif_check(const uint8_t *p, size_t size, uint64_t sw, uint64_t sh)
{
    walk r = {p, size, 0};
    if (!take(&r, 13))
        return SEGKIT_ERR_TRUNCATED;
    unsigned flags = p[10], tag, n;
    if ((flags & 0x80) && !take(&r, 3u * (2u << (flags & 7))))
        return SEGKIT_ERR_TRUNCATED;
    for (;;) {
        if (!byte(&r, &tag))
            return SEGKIT_ERR_TRUNCATED;
        if (tag == 0x3B) /* trailer before any frame: stb's business */
            return SEGKIT_OK;
        if (tag == 0x21) { /* extension: label, then sub-blocks */
            if (!take(&r, 1))
                return SEGKIT_ERR_TRUNCATED;
        } else if (tag == 0x2C) { /* image descriptor */
            const uint8_t *d = p + r.pos;
            if (!take(&r, 9))
                return SEGKIT_ERR_TRUNCATED;
            if (le16(d) + le16(d + 4) > sw || le16(d + 2) + le16(d + 6) > sh)
                return SEGKIT_ERR_CORRUPT; /* frame outside the screen */
            unsigned lflags = d[8];
            if ((lflags & 0x80) && !take(&r, 3u * (2u << (lflags & 7))))
                return SEGKIT_ERR_TRUNCATED;
            if (!take(&r, 1)) /* LZW minimum code size */
                return SEGKIT_ERR_TRUNCATED;
        } else {
            return SEGKIT_ERR_CORRUPT;
        }
        do { /* sub-blocks up to the zero-length terminator */
            if (!byte(&r, &n) || !take(&r, n))
                return SEGKIT_ERR_TRUNCATED;
        } while (n != 0);
        if (tag == 0x2C)
            return SEGKIT_OK;
    }
}

/* PSD: header, three length-prefixed sections, then raw or PackBits data
 * for the first min(channels, 4) channels (all stb reads). */
static int psd_check(const uint8_t *p, size_t size)
{
    walk r = {p, size, 0};
    if (!take(&r, 26))
        return SEGKIT_ERR_TRUNCATED;
    uint32_t ch = be16(p + 12), h = be32(p + 14), w = be32(p + 18);
    uint32_t depth = be16(p + 22);
    for (int s = 0; s < 3; s++) {
        const uint8_t *len = p + r.pos;
        if (!take(&r, 4) || !take(&r, be32(len)))
            return SEGKIT_ERR_TRUNCATED;
    }
    const uint8_t *c = p + r.pos;
    if (!take(&r, 2))
        return SEGKIT_ERR_TRUNCATED;
    uint64_t pixels = (uint64_t)w * h, used = ch < 4 ? ch : 4;
    if (be16(c) == 0)
        return take(&r, used * pixels * (depth == 16 ? 2 : 1))
                   ? SEGKIT_OK : SEGKIT_ERR_TRUNCATED;
    if (be16(c) != 1)
        return SEGKIT_OK; /* stb refuses other compressions */
    if (!take(&r, (uint64_t)h * ch * 2)) /* per-row byte counts */
        return SEGKIT_ERR_TRUNCATED;
    for (uint64_t k = 0; k < used; k++) {
        uint64_t got = 0;
        unsigned len;
        while (got < pixels) {
            if (!byte(&r, &len))
                return SEGKIT_ERR_TRUNCATED;
            if (len == 128)
                continue;
            uint64_t run = len < 128 ? len + 1u : 257u - len;
            if (run > pixels - got)
                return SEGKIT_OK; /* stb reports this corrupt run itself */
            if (!take(&r, len < 128 ? run : 1))
                return SEGKIT_ERR_TRUNCATED;
            got += run;
        }
    }
    return SEGKIT_OK;
}

/* TGA (no magic; stb_image has accepted the header): image ID, palette
 * (stb skips "first entry" bytes before it), then raw or RLE pixels. */
static int tga_check(const uint8_t *p, size_t size, uint64_t w, uint64_t h)
{
    walk r = {p, size, 0};
    if (!take(&r, 18))
        return SEGKIT_ERR_TRUNCATED;
    int indexed = p[1] == 1, rle = p[2] >= 8;
    uint64_t bpp = (p[16] + 7u) / 8; /* bytes per pixel or per index */
    if (!take(&r, p[0]))
        return SEGKIT_ERR_TRUNCATED;
    if (indexed && !take(&r, (uint64_t)le16(p + 3) +
                                 (uint64_t)le16(p + 5) * ((p[7] + 7u) / 8)))
        return SEGKIT_ERR_TRUNCATED;
    uint64_t pixels = w * h;
    if (!rle)
        return take(&r, pixels * bpp) ? SEGKIT_OK : SEGKIT_ERR_TRUNCATED;
    for (uint64_t got = 0; got < pixels;) {
        unsigned cmd;
        if (!byte(&r, &cmd))
            return SEGKIT_ERR_TRUNCATED;
        uint64_t run = (cmd & 127u) + 1, left = pixels - got;
        if (run > left)
            run = left; /* stb stops at the last pixel */
        if (!take(&r, (cmd & 128u) ? bpp : run * bpp))
            return SEGKIT_ERR_TRUNCATED;
        got += run;
    }
    return SEGKIT_OK;
}

/* Radiance HDR: text header, resolution line, then flat RGBE or per-row
 * RLE scanlines (widths 8..32767), as stb_image reads them. */
static int hdr_check(const uint8_t *p, size_t size, uint64_t w, uint64_t h)
{
    walk r = {p, size, 0};
    /* the header ends at an empty line; the resolution line follows */
    int lines_after_empty = -1;
    while (lines_after_empty < 1) {
        const uint8_t *nl = memchr(p + r.pos, '\n', size - r.pos);
        if (!nl)
            return SEGKIT_ERR_TRUNCATED;
        size_t len = (size_t)(nl - (p + r.pos));
        r.pos += len + 1;
        if (lines_after_empty >= 0)
            lines_after_empty++;
        else if (len == 0)
            lines_after_empty = 0;
    }
    if (w < 8 || w >= 32768)
        return take(&r, 4 * w * h) ? SEGKIT_OK : SEGKIT_ERR_TRUNCATED;
    for (uint64_t y = 0; y < h; y++) {
        const uint8_t *s = p + r.pos;
        if (size - r.pos < 4)
            return SEGKIT_ERR_TRUNCATED;
        if (s[0] != 2 || s[1] != 2 || (s[2] & 0x80))
            /* not RLE: stb restarts and reads every pixel flat from here */
            return take(&r, 4 * w * h) ? SEGKIT_OK : SEGKIT_ERR_TRUNCATED;
        r.pos += 4;
        if (((uint64_t)s[2] << 8 | s[3]) != w)
            return SEGKIT_OK; /* stb reports the bad scanline length */
        for (int k = 0; k < 4; k++) {
            for (uint64_t x = 0; x < w;) {
                unsigned count;
                if (!byte(&r, &count))
                    return SEGKIT_ERR_TRUNCATED;
                uint64_t n = count > 128 ? count - 128u : count;
                if (n > w - x)
                    return SEGKIT_OK; /* stb reports the bad run */
                if (!take(&r, count > 128 ? 1 : n))
                    return SEGKIT_ERR_TRUNCATED;
                x += n;
            }
        }
    }
    return SEGKIT_OK;
}

int segkit_stb_check_data(segkit_format format, const uint8_t *p, size_t size,
                          int w, int h)
{
    uint64_t uw = (uint64_t)(w > 0 ? w : 0), uh = (uint64_t)(h > 0 ? h : 0);
    switch (format) {
    case SEGKIT_FORMAT_BMP:
        return bmp_check(p, size, uw, uh);
    case SEGKIT_FORMAT_GIF:
        return gif_check(p, size, uw, uh);
    case SEGKIT_FORMAT_PSD:
        return psd_check(p, size);
    case SEGKIT_FORMAT_HDR:
        return hdr_check(p, size, uw, uh);
    case SEGKIT_FORMAT_UNKNOWN:
        return tga_check(p, size, uw, uh);
    default:
        return SEGKIT_OK;
    }
}
