/* Morphology on 4096x3072 masks (the photo thresholded with Otsu, and a
 * random 50% mask): open with a 5x5 square (OpenCV morphologyEx MORPH_OPEN
 * MORPH_RECT 5x5 single thread is the peer), erode with a 31x31 square and
 * with disk(15) (the issue: within 3x of the square), disk(3).  Peers in the
 * same run: tests/bench/peers_morph.py. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    const segkit_image *in;
    segkit_morph_op op;
    segkit_se se;
    segkit_image out;
} job;

static void run(void *arg)
{
    job *j = arg;
    int st = segkit_morph_to(j->in, j->op, &j->se, &j->out);
    if (st != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: morph: %s\n", segkit_strerror(st));
        exit(1);
    }
}

static void kernels_on(const bench_opts *o, const segkit_image *mask, const char *tag,
                       void *arg)
{
    (void)arg;
    static const struct {
        const char *name, *se;
        segkit_morph_op op;
    } kernels[] = {{"morph open square 5", "square:5", SEGKIT_MORPH_OPEN},
                   {"morph erode square 31", "square:31", SEGKIT_MORPH_ERODE},
                   {"morph erode disk 15", "disk:15", SEGKIT_MORPH_ERODE},
                   {"morph open disk 3", "disk:3", SEGKIT_MORPH_OPEN}};
    for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s %s", kernels[k].name, tag);
        if (!bench_selected(o, name))
            continue;
        /* the output is made once and reused, as OpenCV's dst */
        job j = {mask, kernels[k].op, {0}, {0}};
        segkit_se_parse(kernels[k].se, &j.se);
        segkit_image_create(&j.out, mask->width, mask->height, 1, SEGKIT_U8);
        bench_report(name, mask->width, mask->height, "u8", bench_time(o, run, &j));
        segkit_image_free(&j.out);
    }
}

void bench_morph(const bench_opts *o)
{
    bench_each_mask(o, kernels_on, NULL);
}
