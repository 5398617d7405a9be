/* PNG encoder settings (segkit_write_options.png_level): masks are written
 * unfiltered (every row's filter byte 0), labels too, other images with
 * libpng's adaptive filters (a horizontal ramp gets Sub somewhere); an
 * explicit level 0 stores the data (the file holds every byte); every
 * setting reads back to the same pixels.  The filter bytes are read from
 * the inflated IDAT stream with zlib here, not through segkit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "segkit/segkit.h"

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The filter byte of every row (rows of rowbytes after it), from the PNG's
 * IDAT chunks; returns the count of rows, -1 on a malformed stream. */
static int filter_bytes(const uint8_t *png, size_t n, size_t rowbytes, uint8_t *filters,
                        int maxrows)
{
    uint8_t *z = malloc(n), *raw;
    size_t zl = 0;
    for (size_t p = 8; p + 12 <= n;) {
        uint32_t len = be32(png + p);
        if (memcmp(png + p + 4, "IDAT", 4) == 0) {
            memcpy(z + zl, png + p + 8, len);
            zl += len;
        }
        p += 12 + len;
    }
    uLongf rl = (uLongf)(rowbytes + 1) * (uLongf)maxrows;
    raw = malloc(rl);
    int ok = uncompress(raw, &rl, z, zl) == Z_OK;
    int rows = ok ? (int)(rl / (rowbytes + 1)) : -1;
    for (int r = 0; r < rows && r < maxrows; r++)
        filters[r] = raw[(size_t)r * (rowbytes + 1)];
    free(z);
    free(raw);
    return rows;
}

static int same_pixels(const segkit_image *a, const segkit_image *b)
{
    if (a->width != b->width || a->height != b->height || a->channels != b->channels)
        return 0;
    size_t rb = (size_t)a->width * a->channels * segkit_type_size(a->type);
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y), rb) != 0)
            return 0;
    return 1;
}

int main(void)
{
    enum { W = 200, H = 150 };
    uint8_t filters[H];
    segkit_image mask, ramp, labels;
    CHECK(segkit_image_create(&mask, W, H, 1, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&ramp, W, H, 1, SEGKIT_U8) == SEGKIT_OK);
    CHECK(segkit_image_create(&labels, W, H, 1, SEGKIT_I32) == SEGKIT_OK);
    for (int y = 0; y < H; y++) {
        uint8_t *m = segkit_image_row(&mask, y), *r = segkit_image_row(&ramp, y);
        int32_t *l = segkit_image_row(&labels, y);
        for (int x = 0; x < W; x++) {
            int in = (x - 60) * (x - 60) + (y - 70) * (y - 70) < 40 * 40;
            int in2 = (x - 150) * (x - 150) + (y - 70) * (y - 70) < 30 * 30;
            m[x] = in || in2 ? 255 : 0;
            l[x] = in ? 1 : in2 ? 300 : 0;
            r[x] = (uint8_t)(x + y / 8);
        }
    }
    segkit_write_options o = segkit_write_options_default();
    CHECK(o.png_level == -1);
    struct { const char *name; segkit_image *img; int level; size_t rowbytes; int want_none; } cases[] = {
        {"mask default", &mask, -1, W, 1},
        {"labels default", &labels, -1, 2 * W, 1},
        {"ramp default", &ramp, -1, W, 0},
        {"mask level 9", &mask, 9, W, -1},
        {"mask level 0", &mask, 0, W, -1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        o.png_level = cases[c].level;
        void *data;
        size_t n;
        CHECK(segkit_write_memory_opts(cases[c].img, SEGKIT_FORMAT_PNG, &o, &data, &n) == SEGKIT_OK);
        int rows = filter_bytes(data, n, cases[c].rowbytes, filters, H);
        CHECKF(rows == H, "%s: %d rows", cases[c].name, rows);
        int nonzero = 0;
        for (int r = 0; r < rows; r++)
            nonzero += filters[r] != 0;
        if (cases[c].want_none == 1)
            CHECKF(nonzero == 0, "%s: %d filtered rows", cases[c].name, nonzero);
        else if (cases[c].want_none == 0)
            CHECKF(nonzero > 0, "%s: no filtered row", cases[c].name);
        if (cases[c].level == 0) /* stored: every raw byte is in the file */
            CHECKF(n > (size_t)H * (W + 1), "%s: %zu bytes", cases[c].name, n);
        segkit_image back;
        CHECK(segkit_read_memory(data, n, NULL, &back, NULL) == SEGKIT_OK);
        if (cases[c].img == &labels) {
            /* labels come back as 16-bit gray */
            int ok = back.type == SEGKIT_U16;
            for (int y = 0; ok && y < H; y++)
                for (int x = 0; x < W; x++)
                    ok &= ((uint16_t *)segkit_image_row(&back, y))[x] ==
                          ((int32_t *)segkit_image_row(&labels, y))[x];
            CHECKF(ok, "%s: labels differ", cases[c].name);
        } else {
            CHECKF(same_pixels(&back, cases[c].img), "%s: pixels differ", cases[c].name);
        }
        segkit_image_free(&back);
        free(data);
    }
    segkit_image_free(&mask);
    segkit_image_free(&ramp);
    segkit_image_free(&labels);
    return check_done();
}
