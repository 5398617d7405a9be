/* Fuzz target: decode any bytes as an image, and when that works, take the
 * image through gray conversion, a histogram, Otsu and the mask.  Built two
 * ways: with -DSEGKIT_FUZZ=ON (clang, libFuzzer) for fuzzing, and always as a
 * plain program that replays the files named on its command line (the
 * corpus, the crashers we keep, the malformed samples) under ctest: see
 * replay.h and docs/fuzzing.md. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "segkit/segkit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    segkit_read_options o = segkit_read_options_default();
    o.max_pixels = 1 << 22; /* keep runs fast; the limit itself is tested */
    segkit_image img, gray, mask;
    if (segkit_read_memory(data, size, &o, &img, NULL) != SEGKIT_OK)
        return 0;
    if (segkit_color_to_gray(&img, SEGKIT_GRAY_BT601, &gray) == SEGKIT_OK) {
        segkit_histogram h;
        if (segkit_histogram_compute(&gray, NULL, NULL, &h) == SEGKIT_OK) {
            double t[SEGKIT_THRESHOLD_MAX];
            int n;
            if (segkit_threshold_histogram(&h, SEGKIT_THRESH_OTSU, NULL, t, &n) ==
                    SEGKIT_OK &&
                segkit_threshold_apply(&gray, t, n, 0, &mask) == SEGKIT_OK)
                segkit_image_free(&mask);
            segkit_histogram_free(&h);
        }
        segkit_image_free(&gray);
    }
    /* re-encode what was decoded: PNG and PNM take every u8/u16 layout */
    void *buf;
    size_t len;
    if (segkit_write_memory(&img, SEGKIT_FORMAT_PNG, &buf, &len) == SEGKIT_OK)
        free(buf);
    segkit_image_free(&img);
    return 0;
}

#include "replay.h"
