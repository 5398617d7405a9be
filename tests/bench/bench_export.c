/* Outlines and COCO RLE of every object of a 4096x3072 label image of
 * coins-scale objects (coin_labels.h: ~3000 disks and rings):
 *   export contours     segkit_contours_find (every border, holes included);
 *   export rle          segkit_rle_encode_all (every object's RLE);
 *   export trace+rle    both from one pass (ex_contours_rles), the issue's
 *                       figure;
 *   export coco         segkit_export_coco, compressed RLE strings, as text;
 *   export pass isa X   the first pass alone (ex_objects_isa: objects and
 *                       their runs) with the row kernel of AVX-512, AVX2 or
 *                       the baseline (SSE2 on x86-64), capped by what
 *                       the CPU has.
 * OpenCV's findContours on the same objects is timed in the same process,
 * interleaved, by tests/bench/peer_contours.cpp (it needs OpenCV). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "coin_labels.h"
#include "export/export_internal.h"

typedef struct {
    const segkit_image *labels;
    int what; /* 1 contours, 2 rle, 3 both, 4 coco, 10 + isa: the pass */
} ex_job;

static void run(void *arg)
{
    ex_job *j = arg;
    if (j->what == 4) {
        segkit_export_params p = segkit_export_params_default();
        char *text;
        size_t len;
        if (segkit_export_coco(j->labels, &p, &text, &len) != SEGKIT_OK)
            exit(1);
        free(text);
        return;
    }
    if (j->what >= 10) {
        ex_object *o;
        ex_run *r;
        size_t n;
        if (ex_objects_isa(j->labels, &o, &n, &r, j->what - 10) != SEGKIT_OK)
            exit(1);
        free(o);
        free(r);
        return;
    }
    segkit_contours c;
    segkit_rle *r = NULL;
    int32_t *v = NULL;
    size_t n = 0;
    if (ex_contours_rles(j->labels, (j->what & 1) ? &c : NULL, (j->what & 2) ? &r : NULL, &v,
                         &n, -1) != SEGKIT_OK)
        exit(1);
    if (j->what & 1)
        segkit_contours_free(&c);
    for (size_t i = 0; i < n; i++)
        segkit_rle_free(&r[i]);
    free(r);
    free(v);
}

void bench_export(const bench_opts *o)
{
    static const char *names[] = {"export contours",     "export rle",          "export trace+rle",
                                  "export coco",         "export pass isa sse2",   "export pass isa avx2",
                                  "export pass isa avx512"};
    static const int what[] = {1, 2, 3, 4, 10, 11, 12};
    int w = o->quick ? 512 : 4096, h = o->quick ? 512 : 3072;
    segkit_image labels;
    if (segkit_image_create(&labels, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
        exit(1);
    coin_labels(labels.data, w, h, (int)(labels.stride / 4));
    for (int k = 0; k < 7; k++) {
        if (!bench_selected(o, names[k]))
            continue;
        ex_job j = {&labels, what[k]};
        bench_report(names[k], w, h, "i32", bench_time(o, run, &j));
    }
    segkit_image_free(&labels);
}
