/* Watershed kernels (issue 11): the flooding alone on the Sobel gradient of
 * the picture with its h-minima (h 20) as markers, and the whole split
 * pipeline (EDT, h-maxima, watershed, numbering) on the masks.  Peers, in
 * one process so that the ratios hold on a loaded machine:
 * tests/bench/peer_watershed.cpp (cv::watershed, single thread) and
 * tests/bench/peers_watershed.py (skimage watershed, scipy EDT). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    segkit_image surface, markers, labels;
    const segkit_image *mask;
} job;

static void die(const char *what, int st)
{
    fprintf(stderr, "segkit-bench: %s: %s\n", what, segkit_strerror(st));
    exit(1);
}

static void run_flood(void *arg)
{
    job *j = arg;
    int st = segkit_watershed_to(&j->surface, &j->markers, NULL, NULL, &j->labels);
    if (st != SEGKIT_OK)
        die("watershed", st);
}

static void run_split(void *arg)
{
    job *j = arg;
    segkit_image out;
    int st = segkit_watershed_split(j->mask, NULL, &out, NULL);
    if (st != SEGKIT_OK)
        die("watershed split", st);
    segkit_image_free(&out);
}

static void split_on(const bench_opts *o, const segkit_image *mask, const char *tag,
                     void *arg)
{
    (void)arg;
    char name[64];
    snprintf(name, sizeof name, "watershed split %s", tag);
    if (!bench_selected(o, name))
        return;
    job j = {{0}, {0}, {0}, mask};
    bench_report(name, mask->width, mask->height, "u8", bench_time(o, run_split, &j));
}

void bench_watershed(const bench_opts *o)
{
    static const int sizes[][2] = {{512, 512}, {4096, 3072}};
    for (int s = 0; s < (o->quick ? 1 : 2); s++) {
        const char *name = "watershed gradient hmin20";
        if (!bench_selected(o, name))
            break;
        segkit_image img;
        job j;
        int w = sizes[s][0], h = sizes[s][1], st;
        bench_image(&img, w, h, SEGKIT_U8, 5);
        if ((st = segkit_watershed_surface(&img, SEGKIT_SURFACE_GRADIENT, &j.surface)) ||
            (st = segkit_watershed_markers_extrema(&j.surface, 20, 0, 4, NULL, &j.markers,
                                                   NULL)) ||
            (st = segkit_image_create(&j.labels, w, h, 1, SEGKIT_I32)))
            die(name, st);
        bench_report(name, w, h, "u16", bench_time(o, run_flood, &j));
        segkit_image_free(&j.surface);
        segkit_image_free(&j.markers);
        segkit_image_free(&j.labels);
        segkit_image_free(&img);
    }
    bench_each_mask(o, split_on, NULL);
}
