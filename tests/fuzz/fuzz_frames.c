/* Fuzz target for streams of frames (segkit/io.h): the input is read as a
 * stream (fmemopen) in gray and in colour, every frame is written back to a
 * stream of the same kind, and that stream must read back to the same
 * number of frames.  The first byte picks the kind when the input has no
 * magic of its own: even -> a Y4M header is put in front, odd -> "P5".
 * Limits are small (1 Mpixel, 64 MiB) so the fuzzer stays fast. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/segkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_all(const uint8_t *data, size_t size, int color, int rewrite,
                    int *frames)
{
    segkit_frame_options o = segkit_frame_options_default();
    o.read.max_pixels = 1 << 20;
    o.read.max_memory = 64 << 20;
    o.color = color;
    *frames = 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return -1;
    segkit_frame_reader *r;
    int st = segkit_frame_reader_open(&r, f, &o);
    char *out = NULL;
    size_t olen = 0;
    FILE *of = NULL;
    segkit_frame_writer *w = NULL;
    if (st == SEGKIT_OK && rewrite && segkit_frame_reader_kind(r) != SEGKIT_STREAM_SINGLE) {
        of = open_memstream(&out, &olen);
        if (of && segkit_frame_writer_open(&w, of, segkit_frame_reader_kind(r),
                                           segkit_frame_reader_y4m(r), NULL) != SEGKIT_OK)
            w = NULL;
    }
    int written = 0;
    while (st == SEGKIT_OK) {
        segkit_image im;
        st = segkit_frame_read(r, &im);
        if (st != SEGKIT_OK || !im.data)
            break;
        (*frames)++;
        if (w && segkit_frame_write(w, &im) == SEGKIT_OK)
            written++;
        segkit_image_free(&im);
    }
    segkit_frame_reader_close(r);
    fclose(f);
    if (w) {
        segkit_frame_writer_close(w);
        fclose(of);
        int back = 0;
        /* what we wrote reads back, frame for frame */
        if (written == *frames && written > 0 &&
            read_all((const uint8_t *)out, olen, color, 0, &back) != SEGKIT_OK)
            abort();
        if (written == *frames && written > 0 && back != written)
            abort();
    } else if (of) {
        fclose(of);
    }
    free(out);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t *in = data;
    size_t n = size;
    uint8_t *buf = NULL;
    if (!(size >= 2 && data[0] == 'P') && !(size >= 9 && memcmp(data, "YUV4MPEG2", 9) == 0)) {
        static const char y4m[] = "YUV4MPEG2 W8 H6 C420jpeg\n";
        const char *magic = data[0] & 1 ? "P5" : y4m;
        size_t m = strlen(magic);
        buf = malloc(m + size - 1);
        if (!buf)
            return 0;
        memcpy(buf, magic, m);
        memcpy(buf + m, data + 1, size - 1);
        in = buf;
        n = m + size - 1;
    }
    int frames;
    read_all(in, n, 0, 1, &frames);
    read_all(in, n, 1, 1, &frames);
    free(buf);
    return 0;
}

#include "replay.h"
