/* Distance transforms on 4096x3072 masks: the photo thresholded with Otsu
 * and a random 50% mask; peers (same run, tests/bench/peers_morph.py):
 * OpenCV distanceTransform(DIST_L2, DIST_MASK_PRECISE) single thread and
 * scipy.ndimage.distance_transform_edt. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    const segkit_image *mask;
    segkit_distance_params p;
    segkit_image out;
} job;

static void run(void *arg)
{
    job *j = arg;
    int st = segkit_distance_transform_to(j->mask, &j->p, &j->out, NULL);
    if (st != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: distance: %s\n", segkit_strerror(st));
        exit(1);
    }
}

static void kernels_on(const bench_opts *o, const segkit_image *mask, const char *tag,
                       void *arg)
{
    (void)arg;
    static const struct {
        const char *name;
        segkit_distance_metric m;
    } kernels[] = {{"distance edt", SEGKIT_DISTANCE_EUCLIDEAN},
                   {"distance cityblock", SEGKIT_DISTANCE_CITYBLOCK},
                   {"distance chamfer34", SEGKIT_DISTANCE_CHAMFER34}};
    for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s %s", kernels[k].name, tag);
        if (!bench_selected(o, name))
            continue;
        /* the output is made once and reused, as OpenCV's dst */
        job j = {mask, segkit_distance_params_default(), {0}};
        j.p.metric = kernels[k].m;
        segkit_image_create(&j.out, mask->width, mask->height, 1, SEGKIT_F32);
        bench_report(name, mask->width, mask->height, "u8", bench_time(o, run, &j));
        segkit_image_free(&j.out);
    }
}

void bench_distance(const bench_opts *o)
{
    bench_each_mask(o, kernels_on, NULL);
}
