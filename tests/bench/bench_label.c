/* Label images on 4096x3072 masks: the photo's Otsu mask and a random 50%
 * mask (the same hash as tests/bench/peers_label.py, which times OpenCV's
 * connectedComponentsWithStats and scikit-image's label / regionprops_table
 * on the same two masks).
 *   label cc8 stats   segkit_label_to, 8-connectivity, with statistics
 *                     (area, bbox, centroid), label image reused;
 *   label props       segkit_regionprops of the same label image with the
 *                     list the peer asks skimage for: label, area, bbox,
 *                     centroid, perimeter, eccentricity, solidity. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* fg of the random mask: murmur3's finaliser of the pixel index, bit 0 */
static int random_bit(uint32_t i)
{
    uint32_t v = i * 2654435761u;
    v ^= v >> 16;
    v *= 0x85ebca6bu;
    v ^= v >> 13;
    v *= 0xc2b2ae35u;
    v ^= v >> 16;
    return v & 1;
}

/* The photo's Otsu mask is segkit-bench's; the random mask is this hash
 * (not bench_mask_random's xorshift) so that peers_label.py can make the
 * same one in numpy. */
static void make_mask(int w, int h, int random, segkit_image *mask)
{
    if (!random) {
        bench_mask_otsu(mask, w, h);
        return;
    }
    if (segkit_image_create(mask, w, h, 1, SEGKIT_U8) != SEGKIT_OK)
        exit(1);
    for (int y = 0; y < h; y++) {
        uint8_t *d = segkit_image_row(mask, y);
        for (int x = 0; x < w; x++)
            d[x] = random_bit((uint32_t)y * (uint32_t)w + (uint32_t)x) ? 255 : 0;
    }
}

typedef struct {
    const segkit_image *mask;
    segkit_image *labels;
    int connectivity;
    int32_t count;
} cc_job;

static void run_cc(void *arg)
{
    cc_job *j = arg;
    segkit_label_params p = segkit_label_params_default();
    p.connectivity = j->connectivity;
    segkit_label_stat *st;
    if (segkit_label_to(j->mask, &p, j->labels, &j->count, &st) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: label failed\n");
        exit(1);
    }
    free(st);
}

typedef struct {
    const segkit_image *labels;
} props_job;

static void run_props(void *arg)
{
    props_job *j = arg;
    segkit_region *r;
    int32_t n;
    if (segkit_regionprops(j->labels, NULL, SEGKIT_PROPS_BASIC | SEGKIT_PROPS_PERIMETER |
                           SEGKIT_PROPS_CONVEX, &r, &n) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: regionprops failed\n");
        exit(1);
    }
    free(r);
}

void bench_label(const bench_opts *o)
{
    static const int sizes[][2] = {{512, 512}, {4096, 3072}};
    static const char *const kinds[] = {"photo", "random50"};
    for (size_t s = 0; s < 2; s++) {
        if (o->quick && s > 0)
            break;
        for (int k = 0; k < 2; k++) {
            int w = sizes[s][0], h = sizes[s][1];
            segkit_image mask, labels;
            make_mask(w, h, k, &mask);
            if (segkit_image_create(&labels, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
                exit(1);
            char name[64];
            for (int conn = 8; conn >= 4; conn -= 4) {
                snprintf(name, sizeof name, "label cc%d stats %s", conn, kinds[k]);
                if (bench_selected(o, name)) {
                    cc_job j = {&mask, &labels, conn, 0};
                    bench_report(name, w, h, "u8", bench_time(o, run_cc, &j));
                    printf("#   %d components\n", j.count);
                }
            }
            snprintf(name, sizeof name, "label props %s", kinds[k]);
            if (bench_selected(o, name)) {
                cc_job j = {&mask, &labels, 8, 0};
                run_cc(&j);
                props_job pj = {&labels};
                bench_report(name, w, h, "i32", bench_time(o, run_props, &pj));
            }
            segkit_image_free(&labels);
            segkit_image_free(&mask);
        }
    }
}
