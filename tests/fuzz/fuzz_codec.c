/* Fuzz target for one codec family, chosen at compile time with
 * -DFUZZ_CODEC=1 (PNG), 2 (JPEG), 3 (PNM) or 4 (stb_image: BMP, GIF, PSD,
 * TGA, HDR): fuzz_png, fuzz_jpeg, fuzz_pnm, fuzz_stb.
 *
 * Input that does not already start with the family's magic gets it put in
 * front (for stb, the first byte picks the format), so the fuzzer spends its
 * time inside the decoder rather than finding the magic.  Each input is
 * decoded twice: from memory, and as a stream (fmemopen) through the
 * bounded reader, with the same limits.  Checked, beyond "no crash, no
 * sanitizer report": what decodes from memory decodes from the stream, to
 * the same pixels (inputs here are far below the stream reader's probe and
 * caps, so it must see the whole file). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/segkit.h"

#ifndef FUZZ_CODEC
#error "define FUZZ_CODEC (1 png, 2 jpeg, 3 pnm, 4 stb)"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input with the family's magic in front unless it has one already;
 * NULL for an input this target does not take. */
static uint8_t *with_magic(const uint8_t *data, size_t size, size_t *out_size)
{
    static const char *const stb_magic[] = {"", "BM", "GIF89a", "8BPS",
                                            "#?RADIANCE\n"};
    segkit_format f = segkit_format_detect(data, size);
    const char *magic;
    size_t skip = 0;
    switch (FUZZ_CODEC) {
    case 1:
        magic = f == SEGKIT_FORMAT_PNG ? "" : "\x89PNG\r\n\x1a\n";
        break;
    case 2:
        magic = f == SEGKIT_FORMAT_JPEG ? "" : "\xff\xd8\xff";
        break;
    case 3:
        if (f == SEGKIT_FORMAT_PNM) {
            magic = "";
        } else {
            if (size == 0)
                return NULL;
            static char pnm[3] = "P1";
            pnm[1] = (char)('1' + data[0] % 7);
            magic = pnm;
            skip = 1;
        }
        break;
    default:
        if (f == SEGKIT_FORMAT_BMP || f == SEGKIT_FORMAT_GIF ||
            f == SEGKIT_FORMAT_PSD || f == SEGKIT_FORMAT_HDR) {
            magic = "";
        } else {
            if (size == 0)
                return NULL;
            magic = stb_magic[data[0] % 5];
            skip = 1;
        }
        break;
    }
    size_t ml = strlen(magic);
    uint8_t *buf = malloc(ml + size - skip + 1);
    if (!buf)
        return NULL;
    memcpy(buf, magic, ml);
    if (size > skip)
        memcpy(buf + ml, data + skip, size - skip);
    *out_size = ml + size - skip;
    /* a TGA attempt must not turn into another format by accident */
    if (FUZZ_CODEC == 4 && ml == 0 &&
        segkit_format_detect(buf, *out_size) != SEGKIT_FORMAT_UNKNOWN &&
        segkit_format_detect(data, size) == SEGKIT_FORMAT_UNKNOWN) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int same_image(const segkit_image *a, const segkit_image *b)
{
    if (a->width != b->width || a->height != b->height ||
        a->channels != b->channels || a->type != b->type)
        return 0;
    size_t row = (size_t)a->width * (size_t)a->channels * segkit_type_size(a->type);
    for (int y = 0; y < a->height; y++)
        if (memcmp(segkit_image_row(a, y), segkit_image_row(b, y), row) != 0)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    uint8_t *buf = with_magic(data, size, &n);
    if (!buf)
        return 0;
    segkit_read_options o = segkit_read_options_default();
    o.max_pixels = 1 << 22;      /* keep runs fast; the limits are tested */
    o.max_memory = 64u << 20;
    o.max_scans = 100;
    segkit_image a, b;
    int sa = segkit_read_memory(buf, n, &o, &a, NULL);
    int sb = -1;
    FILE *f = n ? fmemopen(buf, n, "rb") : NULL;
    if (f) {
        sb = segkit_read_stream(f, &o, &b, NULL);
        fclose(f);
    }
    if (sa == SEGKIT_OK && f && (sb != SEGKIT_OK || !same_image(&a, &b))) {
        fprintf(stderr, "memory decode ok, stream decode: %s\n",
                sb == SEGKIT_OK ? "different pixels" : segkit_strerror(sb));
        abort();
    }
    if (sa == SEGKIT_OK)
        segkit_image_free(&a);
    if (sb == SEGKIT_OK)
        segkit_image_free(&b);
    free(buf);
    return 0;
}

#include "replay.h"
