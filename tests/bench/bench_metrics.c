/* Metrics on 4096x3072 masks: the binary confusion counts + ratios (what
 * MONAI's DiceMetric / sklearn do per image) and the surface distances
 * (Hausdorff, HD95 both conventions, ASSD, surface Dice: MedPy's hd95 and
 * MONAI's compute_hausdorff_distance do one EDT per direction too). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct {
    const segkit_image *pred, *gt;
    int kind;
} job;

static void run(void *arg)
{
    const job *j = arg;
    int st;
    if (j->kind == 0) {
        segkit_binary_metrics m;
        st = segkit_metrics_binary(j->pred, j->gt, NULL, &m);
    } else if (j->kind == 1) {
        segkit_distance_metrics m;
        st = segkit_metrics_distance(j->pred, j->gt, NULL, &m);
    } else {
        segkit_dibco_metrics m;
        st = segkit_metrics_dibco(j->pred, j->gt, NULL, NULL, NULL, &m);
    }
    if (st != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: metrics kernel %d: %s\n", j->kind, segkit_strerror(st));
        exit(1);
    }
}

/* mask = 255 where img > t */
static void to_mask(const segkit_image *img, int t, segkit_image *mask)
{
    if (segkit_image_create(mask, img->width, img->height, 1, SEGKIT_U8) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: out of memory\n");
        exit(1);
    }
    for (int y = 0; y < img->height; y++) {
        const uint8_t *s = segkit_image_row(img, y);
        uint8_t *d = segkit_image_row(mask, y);
        for (int x = 0; x < img->width; x++)
            d[x] = s[x] > t ? 255 : 0;
    }
}

void bench_metrics(const bench_opts *o)
{
    static const int sizes[][2] = {{512, 512}, {4096, 3072}};
    static const char *const names[] = {"metrics binary", "metrics distance",
                                        "metrics dibco"};
    for (size_t s = 0; s < 2; s++) {
        if (o->quick && s > 0)
            break;
        segkit_image img, gt, pred;
        bench_image(&img, sizes[s][0], sizes[s][1], SEGKIT_U8, 7);
        /* two nearby thresholds: overlapping masks with ragged borders */
        to_mask(&img, 128, &gt);
        to_mask(&img, 120, &pred);
        for (int k = 0; k < 3; k++) {
            if (!bench_selected(o, names[k]))
                continue;
            job j = {&pred, &gt, k};
            bench_report(names[k], img.width, img.height, "u8", bench_time(o, run, &j));
        }
        segkit_image_free(&pred);
        segkit_image_free(&gt);
        segkit_image_free(&img);
    }
}
