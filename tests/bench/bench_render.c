/* Overlays on 4096x3072 (and 512x512): the photo as RGB with the labels of
 * its Otsu mask (8-connectivity), the picture reused as OpenCV's dst.
 *   overlay fill        segkit_overlay_to, --mode fill (alpha 0.45, glasbey):
 *                       the peer is OpenCV's LUT + addWeighted (the shared
 *                       bench's overlay_lut_blend, and tests/bench/
 *                       peer_overlay.cpp interleaved in one process);
 *   overlay both inner  fill + inner boundaries (segkit-overlay's --overlay
 *                       picture of labels);
 *   overlay avg         label2rgb(kind='avg'). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct {
    const segkit_image *rgb, *labels;
    segkit_overlay_params p;
    segkit_image out;
} job;

static void run(void *arg)
{
    job *j = arg;
    int st = segkit_overlay_to(j->rgb, j->labels, &j->p, &j->out);
    if (st != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: overlay: %s\n", segkit_strerror(st));
        exit(1);
    }
}

static void sized(const bench_opts *o, int w, int h)
{
    segkit_image gray, rgb, mask, labels;
    bench_image(&gray, w, h, SEGKIT_U8, 11);
    bench_mask_otsu(&mask, w, h);
    segkit_label_params lp = segkit_label_params_default();
    int32_t count;
    if (segkit_image_create(&rgb, w, h, 3, SEGKIT_U8) != SEGKIT_OK ||
        segkit_label(&mask, &lp, &labels, &count, NULL) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: overlay: setup failed\n");
        exit(1);
    }
    for (int y = 0; y < h; y++) {
        const uint8_t *g = segkit_image_row(&gray, y);
        uint8_t *d = segkit_image_row(&rgb, y);
        for (int x = 0; x < w; x++) {
            d[3 * x] = g[x];
            d[3 * x + 1] = (uint8_t)(g[x] ^ 0x5a);
            d[3 * x + 2] = (uint8_t)(255 - g[x]);
        }
    }
    static const struct {
        const char *name;
        segkit_overlay_mode mode;
    } kernels[] = {{"overlay fill", SEGKIT_OVERLAY_FILL},
                   {"overlay both inner", SEGKIT_OVERLAY_BOTH},
                   {"overlay avg", SEGKIT_OVERLAY_AVG}};
    for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        if (!bench_selected(o, kernels[k].name))
            continue;
        job j = {&rgb, &labels, segkit_overlay_params_default(), {0}};
        j.p.mode = kernels[k].mode;
        j.p.boundary = SEGKIT_BOUNDARY_INNER;
        segkit_image_create(&j.out, w, h, 3, SEGKIT_U8);
        bench_report(kernels[k].name, w, h, "u8x3+i32", bench_time(o, run, &j));
        segkit_image_free(&j.out);
    }
    segkit_image_free(&labels);
    segkit_image_free(&mask);
    segkit_image_free(&rgb);
    segkit_image_free(&gray);
}

void bench_render(const bench_opts *o)
{
    sized(o, 512, 512);
    if (!o->quick)
        sized(o, 4096, 3072);
}
