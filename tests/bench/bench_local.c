/* Local thresholds: the work of `segkit-threshold -m sauvola|mean --window W`
 * minus I/O, on a 4096x3072 8-bit image, windows 31 and 255 (the cost should
 * not depend on W).  Peers in ../shared/bench: cv2.adaptiveThreshold(MEAN_C,
 * block 31) and skimage threshold_sauvola(window 31).  Like the OpenCV
 * peer (which passes the same cv::Mat each time), the output is allocated
 * once and reused: segkit_threshold_local_to. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    const segkit_image *gray;
    segkit_local_method method;
    segkit_local_params p;
    segkit_image *out;
} job;

static void run(void *arg)
{
    const job *j = arg;
    if (segkit_threshold_local_to(j->gray, j->method, &j->p, 0, j->out) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: local %s failed\n", segkit_local_method_name(j->method));
        exit(1);
    }
}

void bench_local(const bench_opts *o)
{
    static const struct {
        const char *name;
        segkit_local_method m;
        int window, opencv;
    } k[] = {
        {"local mean 31", SEGKIT_LOCAL_MEAN, 31, 0},
        {"local mean 255", SEGKIT_LOCAL_MEAN, 255, 0},
        {"local mean-opencv 31", SEGKIT_LOCAL_MEAN, 31, 1},
        {"local mean-opencv 255", SEGKIT_LOCAL_MEAN, 255, 1},
        {"local sauvola 31", SEGKIT_LOCAL_SAUVOLA, 31, 0},
        {"local sauvola 255", SEGKIT_LOCAL_SAUVOLA, 255, 0},
    };
    int w = o->quick ? 512 : 4096, h = o->quick ? 512 : 3072;
    segkit_image img;
    bench_image(&img, w, h, SEGKIT_U8, 7);
    segkit_image out;
    if (segkit_image_create(&out, w, h, 1, SEGKIT_U8) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        if (!bench_selected(o, k[i].name))
            continue;
        job j = {&img, k[i].m, segkit_local_params_default(), &out};
        j.p.window = k[i].window;
        j.p.c = 5; /* as the OpenCV peer: C = 5 */
        j.p.opencv = k[i].opencv;
        bench_report(k[i].name, img.width, img.height, "u8", bench_time(o, run, &j));
    }
    segkit_image_free(&out);
    segkit_image_free(&img);
}
