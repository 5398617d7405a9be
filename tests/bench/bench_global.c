/* Global thresholds: histogram + threshold + mask, the work of
 * `segkit-threshold -m otsu` minus I/O, on 8- and 16-bit images.
 * OpenCV's threshold(THRESH_OTSU) does the same three steps. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    const segkit_image *gray;
    segkit_image *mask; /* reused across runs, as OpenCV reuses its Mat */
    segkit_threshold_method method;
} job;

static void run(void *arg)
{
    const job *j = arg;
    segkit_histogram h;
    double t[SEGKIT_THRESHOLD_MAX];
    int n;
    segkit_threshold_params p = segkit_threshold_params_default();
    if (segkit_histogram_compute(j->gray, NULL, NULL, &h) != SEGKIT_OK ||
        segkit_threshold_histogram(&h, j->method, &p, t, &n) != SEGKIT_OK ||
        segkit_threshold_apply_to(j->gray, t, n, 0, j->mask) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: %s failed\n", segkit_threshold_method_name(j->method));
        exit(1);
    }
    segkit_histogram_free(&h);
}

void bench_global(const bench_opts *o)
{
    static const int sizes[][2] = {{512, 512}, {4096, 3072}};
    static const segkit_threshold_method methods[] = {
        SEGKIT_THRESH_OTSU, SEGKIT_THRESH_TRIANGLE, SEGKIT_THRESH_LI,
        SEGKIT_THRESH_YEN, SEGKIT_THRESH_MULTIOTSU};
    static const segkit_type types[] = {SEGKIT_U8, SEGKIT_U16};
    for (size_t s = 0; s < 2; s++) {
        if (o->quick && s > 0)
            break;
        for (size_t ty = 0; ty < 2; ty++) {
            segkit_image img, mask;
            bench_image(&img, sizes[s][0], sizes[s][1], types[ty], 7);
            bench_image(&mask, sizes[s][0], sizes[s][1], SEGKIT_U8, 1);
            for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
                char name[64];
                snprintf(name, sizeof name, "threshold %s", segkit_threshold_method_name(methods[m]));
                if (!bench_selected(o, name))
                    continue;
                job j = {&img, &mask, methods[m]};
                bench_report(name, img.width, img.height, segkit_type_name(img.type),
                             bench_time(o, run, &j));
            }
            segkit_image_free(&mask);
            segkit_image_free(&img);
        }
    }
}
