/* segkit-bench: Mpixel/s of segkit's kernels, optionally next to OpenCV and
 * scikit-image measured in the same invocation (../shared/bench).
 *
 *   segkit-bench [--quick] [--only NAME] [--min-time S] [--peers DIR [--image FILE]]
 *
 * Not a test: nothing here asserts a time.  With --peers DIR (the shared
 * bench folder) it runs DIR/../segkit-peer-bench's opencv_bench (1 thread) and
 * skimage_bench.py on the same image after our kernels and prints their rows,
 * so the ratios come from one run on one machine. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

double bench_time(const bench_opts *o, void (*fn)(void *), void *arg)
{
    fn(arg); /* warm-up */
    double best = INFINITY, start = bench_now();
    int runs = 0;
    while (runs < 3 || bench_now() - start < o->min_seconds) {
        double t0 = bench_now();
        fn(arg);
        double dt = bench_now() - t0;
        if (dt < best)
            best = dt;
        runs++;
    }
    return best;
}

void bench_report(const char *name, int width, int height, const char *type,
                  double seconds)
{
    double mp = (double)width * height / 1e6;
    printf("%-28s %5dx%-5d %-4s %10.3f ms %10.1f Mpixel/s\n", name, width, height,
           type, seconds * 1e3, mp / seconds);
    fflush(stdout);
}

int bench_selected(const bench_opts *o, const char *name)
{
    return !o->only || strstr(name, o->only) != NULL;
}

static const segkit_image *photo;

void bench_set_photo(const segkit_image *gray) { photo = gray; }

void bench_image(segkit_image *img, int width, int height, segkit_type type,
                 unsigned seed)
{
    if (segkit_image_create(img, width, height, 1, type) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: out of memory\n");
        exit(1);
    }
    uint32_t s = seed ? seed : 1;
    for (int y = 0; y < height; y++) {
        void *row = segkit_image_row(img, y);
        for (int x = 0; x < width; x++) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            double v;
            if (photo) {
                const uint8_t *pr = segkit_image_row(photo, (int)((int64_t)y * photo->height / height));
                v = (pr[(int64_t)x * photo->width / width] + (s & 0xff) / 256.0) / 256.0;
            } else {
                /* two overlapping blobs and a ramp: a bimodal histogram */
                double fx = (double)x / width, fy = (double)y / height;
                v = 0.25 + 0.5 * (fx * 0.3 + 0.7 * (sin(fx * 9.0) * cos(fy * 7.0) > 0));
                v += ((s & 0xffff) / 65535.0 - 0.5) * 0.2;
                v = v < 0 ? 0 : v > 1 ? 1 : v;
            }
            switch (type) {
            case SEGKIT_U8: ((uint8_t *)row)[x] = (uint8_t)(photo ? v * 256 : v * 255 + 0.5); break;
            case SEGKIT_U16: ((uint16_t *)row)[x] = (uint16_t)(v * 65535 + 0.5); break;
            default: ((float *)row)[x] = (float)v; break;
            }
        }
    }
}

void bench_mask_otsu(segkit_image *mask, int width, int height)
{
    segkit_image img;
    segkit_histogram hist;
    double t[SEGKIT_THRESHOLD_MAX];
    int n;
    bench_image(&img, width, height, SEGKIT_U8, 3);
    if (segkit_histogram_compute(&img, NULL, NULL, &hist) != SEGKIT_OK ||
        segkit_threshold_histogram(&hist, SEGKIT_THRESH_OTSU, NULL, t, &n) != SEGKIT_OK ||
        segkit_threshold_apply(&img, t, 1, 0, mask) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: cannot make the Otsu mask\n");
        exit(1);
    }
    segkit_histogram_free(&hist);
    segkit_image_free(&img);
}

void bench_mask_random(segkit_image *mask, int width, int height, unsigned seed)
{
    if (segkit_image_create(mask, width, height, 1, SEGKIT_U8) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: out of memory\n");
        exit(1);
    }
    uint32_t s = seed ? seed : 1;
    for (int y = 0; y < height; y++) {
        uint8_t *row = segkit_image_row(mask, y);
        for (int x = 0; x < width; x++) {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            row[x] = (s >> 7) & 1 ? 255 : 0;
        }
    }
}

void bench_each_mask(const bench_opts *o,
                     void (*fn)(const bench_opts *o, const segkit_image *mask,
                                const char *tag, void *arg),
                     void *arg)
{
    static const int sizes[][2] = {{512, 512}, {4096, 3072}};
    for (size_t s = 0; s < 2 && !(o->quick && s > 0); s++)
        for (int which = 0; which < 2; which++) {
            segkit_image mask;
            if (which == 0)
                bench_mask_otsu(&mask, sizes[s][0], sizes[s][1]);
            else
                bench_mask_random(&mask, sizes[s][0], sizes[s][1], 11);
            fn(o, &mask, which ? "random" : "otsu", arg);
            segkit_image_free(&mask);
        }
}

static void run_peers(const char *dir, const char *image)
{
    const char *out = getenv("BENCH_OUT") ? getenv("BENCH_OUT") : "/tmp/segkit-peer-bench";
    char cmd[32768];
    printf("\n# peers on %s (same invocation)\n", image);
    fflush(stdout);
    snprintf(cmd, sizeof cmd,
             "test -x '%s/build/opencv_bench' || '%s/build.sh' >&2; "
             "echo '## OpenCV, 1 thread'; '%s/build/opencv_bench' '%s' 1 1 2>&1; "
             "echo '## OpenCV, 1 thread, scale 0.125'; '%s/build/opencv_bench' '%s' 0.125 1 2>&1; "
             "echo '## scikit-image'; /usr/bin/python3 '%s/skimage_bench.py' '%s' 1 2>&1",
             out, dir, out, image, out, image, dir, image);
    int rc = system(cmd);
#ifdef SEGKIT_BENCH_DIR
    /* the peers of the kernels ../shared/bench does not time */
    if (rc == 0) {
        snprintf(cmd, sizeof cmd,
                 "echo '## OpenCV 1 thread, scipy, scikit-image: masks (tests/bench/peers_morph.py)'; "
                 "/usr/bin/python3 '%s/peers_morph.py' '%s' 2>&1", SEGKIT_BENCH_DIR, image);
        rc = system(cmd);
    }
    if (rc == 0) {
        snprintf(cmd, sizeof cmd,
                 "echo '## OpenCV 1 thread, scikit-image: labels (tests/bench/peers_label.py)'; "
                 "/usr/bin/python3 '%s/peers_label.py' '%s' 0.5 --lib '%s' 2>&1", SEGKIT_BENCH_DIR,
                 image, SEGKIT_BENCH_LIB);
        rc = system(cmd);
    }
#if defined(SEGKIT_BENCH_LIB) && defined(SEGKIT_BENCH_LIB_STATIC)
    if (rc == 0) {
        snprintf(cmd, sizeof cmd,
                 "echo '## OpenCV 1 thread: kmeans, interleaved (tests/bench/peer_cluster.cpp)'; "
                 "g++ -O2 -I'%s/../../include' -I'%s/../../src' -o '%s/peer_cluster' "
                 "'%s/peer_cluster.cpp' '%s' $(pkg-config --cflags --libs opencv4) "
                 "-lpng -ljpeg -lz -lstb -lm && '%s/peer_cluster' '%s' 3 2>&1; "
                 "echo '## scikit-image: slic, felzenszwalb, interleaved, sides / 4 "
                 "(tests/bench/peers_cluster.py)'; "
                 "/usr/bin/python3 '%s/peers_cluster.py' '%s' '%s' 3 0.25 2>&1",
                 SEGKIT_BENCH_DIR, SEGKIT_BENCH_DIR, out, SEGKIT_BENCH_DIR, SEGKIT_BENCH_LIB_STATIC,
                 out, image, SEGKIT_BENCH_DIR, image, SEGKIT_BENCH_LIB);
        rc = system(cmd);
    }
#endif
#endif
    if (rc != 0)
        fprintf(stderr, "segkit-bench: peer benchmarks failed (status %d)\n", rc);
}

int main(int argc, char **argv)
{
    bench_opts o = {0.5, 0, NULL};
    const char *peers = NULL, *image = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            o.quick = 1;
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            o.only = argv[++i];
        else if (strcmp(argv[i], "--min-time") == 0 && i + 1 < argc)
            o.min_seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--peers") == 0 && i + 1 < argc)
            peers = argv[++i];
        else if (strcmp(argv[i], "--image") == 0 && i + 1 < argc)
            image = argv[++i];
        else {
            fprintf(stderr, "usage: segkit-bench [--quick] [--only NAME] [--min-time S] "
                            "[--peers SHARED_BENCH_DIR [--image FILE]]\n");
            return 2;
        }
    }
    char def[4096];
    if (peers && !image) {
        const char *out = getenv("BENCH_OUT") ? getenv("BENCH_OUT") : "/tmp/segkit-peer-bench";
        snprintf(def, sizeof def, "%s/fruits_4096x3072.png", out);
        image = def;
    }
    segkit_image rgb, gray;
    if (image) {
        if (segkit_read_file(image, NULL, &rgb, NULL) != SEGKIT_OK ||
            segkit_color_to_gray(&rgb, SEGKIT_GRAY_BT601, &gray) != SEGKIT_OK ||
            gray.type != SEGKIT_U8) {
            fprintf(stderr, "segkit-bench: %s: cannot read an 8-bit image "
                            "(run %s/build.sh first?)\n", image, peers ? peers : "shared/bench");
            return 1;
        }
        bench_set_photo(&gray);
    }
    printf("# segkit %s benchmark (best of runs, single thread), image: %s\n",
           segkit_version_string(), image ? image : "synthetic");
    bench_global(&o);
    bench_local(&o);
    bench_metrics(&o);
    bench_distance(&o);
    bench_label(&o);
    bench_morph(&o);
    bench_watershed(&o);
    bench_export(&o);
    bench_cluster(&o, image && rgb.type == SEGKIT_U8 && rgb.channels == 3 ? &rgb : NULL);
    bench_render(&o);
    if (peers)
        run_peers(peers, image);
    if (image) {
        segkit_image_free(&gray);
        segkit_image_free(&rgb);
    }
    return 0;
}
