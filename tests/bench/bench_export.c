/* Outlines and COCO RLE of every object of a 4096x3072 label image of
 * coins-scale objects (coin_labels.h: ~3000 disks and rings):
 *   export contours     segkit_contours_find (every border, holes included);
 *   export trace+rle    segkit_rle_encode_all: traces the borders, then
 *                       each object's runs from their horizontal cracks
 *                       (what COCO export does), the figure;
 *   export coco         segkit_export_coco, compressed RLE strings, as text.
 * OpenCV's findContours on the same objects is timed in the same process,
 * interleaved, by tests/bench/peer_contours.cpp (it needs OpenCV). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "coin_labels.h"

typedef struct {
    const segkit_image *labels;
    int rle, coco;
} ex_job;

static void run(void *arg)
{
    ex_job *j = arg;
    if (j->coco) {
        segkit_export_params p = segkit_export_params_default();
        char *text;
        size_t len;
        if (segkit_export_coco(j->labels, &p, &text, &len) != SEGKIT_OK)
            exit(1);
        free(text);
        return;
    }
    if (!j->rle) {
        segkit_contours c;
        if (segkit_contours_find(j->labels, &c) != SEGKIT_OK)
            exit(1);
        segkit_contours_free(&c);
    } else {
        segkit_rle *r;
        int32_t *v;
        size_t n;
        if (segkit_rle_encode_all(j->labels, &r, &v, &n) != SEGKIT_OK)
            exit(1);
        for (size_t i = 0; i < n; i++)
            segkit_rle_free(&r[i]);
        free(r);
        free(v);
    }
}

void bench_export(const bench_opts *o)
{
    static const char *names[] = {"export contours", "export trace+rle", "export coco"};
    int w = o->quick ? 512 : 4096, h = o->quick ? 512 : 3072;
    segkit_image labels;
    if (segkit_image_create(&labels, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
        exit(1);
    coin_labels(labels.data, w, h, (int)(labels.stride / 4));
    for (int k = 0; k < 3; k++) {
        if (!bench_selected(o, names[k]))
            continue;
        ex_job j = {&labels, k >= 1, k == 2};
        bench_report(names[k], w, h, "i32", bench_time(o, run, &j));
    }
    segkit_image_free(&labels);
}
