/* Local thresholds: the work of `segkit-threshold -m sauvola|mean --window W`
 * minus I/O, on a 4096x3072 8-bit image, windows 31 and 255 (the cost should
 * not depend on W).  Peers in ../shared/bench: cv2.adaptiveThreshold(MEAN_C,
 * block 31) and skimage threshold_sauvola(window 31).  Like the OpenCV
 * peer (which passes the same cv::Mat each time), the output is allocated
 * once and reused: segkit_threshold_local_to. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* The u8 Sauvola fast path with its instruction set capped
 * (src/threshold/local_impl.h: 0 baseline SSE2, 1 AVX2, 2 AVX-512), so one
 * run on an AVX-512 machine also measures what an AVX2-only CPU gets.  A
 * level the CPU lacks falls back to the next lower one. */
int local_meanvar_u8_isa(const segkit_image *g, segkit_local_method method,
                         int window, segkit_border border, double k, double R,
                         double C, int dark, segkit_image *out, int isa);

typedef struct {
    const segkit_image *gray;
    segkit_local_method method;
    segkit_local_params p;
    segkit_image *out;
    int isa; /* -1: the public call; 0..2: local_meanvar_u8_isa */
} job;

static void run(void *arg)
{
    const job *j = arg;
    if (j->isa >= 0) {
        /* Sauvola's defaults, as the public call resolves them: k 0.2, R 128 */
        if (local_meanvar_u8_isa(j->gray, j->method, j->p.window, j->p.border, 0.2, 128,
                                 j->p.c, 0, j->out, j->isa) != SEGKIT_OK) {
            fprintf(stderr, "segkit-bench: local sauvola (isa %d) failed\n", j->isa);
            exit(1);
        }
        return;
    }
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
        int window, opencv, isa;
    } k[] = {
        {"local mean 31", SEGKIT_LOCAL_MEAN, 31, 0, -1},
        {"local mean 255", SEGKIT_LOCAL_MEAN, 255, 0, -1},
        {"local mean-opencv 31", SEGKIT_LOCAL_MEAN, 31, 1, -1},
        {"local mean-opencv 255", SEGKIT_LOCAL_MEAN, 255, 1, -1},
        {"local sauvola 31", SEGKIT_LOCAL_SAUVOLA, 31, 0, -1},
        {"local sauvola 255", SEGKIT_LOCAL_SAUVOLA, 255, 0, -1},
        {"local sauvola 31 isa avx512", SEGKIT_LOCAL_SAUVOLA, 31, 0, 2},
        {"local sauvola 31 isa avx2", SEGKIT_LOCAL_SAUVOLA, 31, 0, 1},
        {"local sauvola 31 isa sse2", SEGKIT_LOCAL_SAUVOLA, 31, 0, 0},
        {"local sauvola 255 isa avx512", SEGKIT_LOCAL_SAUVOLA, 255, 0, 2},
        {"local sauvola 255 isa avx2", SEGKIT_LOCAL_SAUVOLA, 255, 0, 1},
        {"local sauvola 255 isa sse2", SEGKIT_LOCAL_SAUVOLA, 255, 0, 0},
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
        job j = {&img, k[i].m, segkit_local_params_default(), &out, k[i].isa};
        j.p.window = k[i].window;
        j.p.c = 5; /* as the OpenCV peer: C = 5 */
        j.p.opencv = k[i].opencv;
        bench_report(k[i].name, img.width, img.height, "u8", bench_time(o, run, &j));
    }
    segkit_image_free(&out);
    segkit_image_free(&img);
}
