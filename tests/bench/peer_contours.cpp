// OpenCV's findContours and segkit's border tracing and COCO RLE of every object on the same
// 4096x3072 label image of coins-scale objects (coin_labels.h), alternated call by call in one
// process, single thread, so that the ratio holds on a loaded machine.  Not part of the build
// (it needs OpenCV); from the source tree, after a Release build in build-rel:
//
//   g++ -O2 -Iinclude -Isrc -Itests/bench -o /tmp/peer_contours tests/bench/peer_contours.cpp
//       build-rel/libsegkit.a $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm
//   /tmp/peer_contours [ROUNDS [ISA]]
//
// OpenCV: cv::findContours(mask, RETR_CCOMP, CHAIN_APPROX_SIMPLE) on the 8-bit mask of the
// objects (labels > 0; made outside the timing: OpenCV needs a binary image, segkit reads the
// labels) and RETR_TREE + CHAIN_APPROX_NONE.  segkit, each from one pass over the int32 labels
// with the row kernel of ISA (2 AVX-512, 1 AVX2, 0 plain C; default: the CPU's best):
// "contours" = segkit_contours_find (every label's borders, holes included); "rle" =
// segkit_rle_encode_all (every object's COCO RLE); "trace+rle" = both at once (the internal
// ex_contours_rles: one pass, then the borders and the RLEs).  Times are thread CPU time;
// each round keeps each kernel's best of REPS runs; printed: each round, and per segkit
// kernel the ratio OpenCV ccomp/simple time / segkit time of the best of all rounds and the
// median of the rounds' ratios.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
int ex_contours_rles(const segkit_image *labels, segkit_contours *c, segkit_rle **rles,
                     int32_t **values, size_t *n, int isa);
}
#include "coin_labels.h"

static double now()
{
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// what: 1 contours, 2 rle, 3 both
static void ours(const segkit_image *labels, int what, int isa)
{
    segkit_contours c;
    segkit_rle *r = NULL;
    int32_t *v = NULL;
    size_t n = 0;
    if (ex_contours_rles(labels, (what & 1) ? &c : NULL, (what & 2) ? &r : NULL, &v, &n, isa) !=
        SEGKIT_OK)
        exit(1);
    if (what & 1)
        segkit_contours_free(&c);
    for (size_t i = 0; i < n; i++)
        segkit_rle_free(&r[i]);
    free(r);
    free(v);
}

int main(int argc, char **argv)
{
    cv::setNumThreads(1);
    int rounds = argc > 1 ? atoi(argv[1]) : 7, isa = argc > 2 ? atoi(argv[2]) : -1;
    int reps = 5, w = 4096, h = 3072;
    segkit_image labels;
    if (rounds < 1 || segkit_image_create(&labels, w, h, 1, SEGKIT_I32) != SEGKIT_OK)
        return 1;
    int32_t n = coin_labels((int32_t *)labels.data, w, h, (int)(labels.stride / 4));
    cv::Mat mask(h, w, CV_8U);
    for (int y = 0; y < h; y++) {
        const int32_t *r = (const int32_t *)segkit_image_row(&labels, y);
        for (int x = 0; x < w; x++)
            mask.at<uint8_t>(y, x) = r[x] > 0 ? 255 : 0;
    }
    std::vector<std::vector<cv::Point>> cont;
    std::vector<cv::Vec4i> hier;
    cv::findContours(mask, cont, hier, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
    segkit_contours c;
    segkit_contours_find(&labels, &c);
    printf("%d objects; OpenCV %zu contours, segkit %zu borders; isa %d; %d rounds; ms "
           "(thread CPU)\n", n, cont.size(), c.count, isa, rounds);
    segkit_contours_free(&c);
    const char *names[] = {"cv ccomp simple", "cv tree none", "segkit contours", "segkit rle",
                           "segkit trace+rle"};
    const int K = 5;
    double all[K];
    std::vector<double> ratio[K];
    std::fill(all, all + K, 1e9);
    for (int r = 0; r < rounds; r++) {
        double best[K];
        std::fill(best, best + K, 1e9);
        for (int i = 0; i < reps; i++) {
            double t0 = now();
            cv::findContours(mask, cont, hier, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
            best[0] = std::min(best[0], now() - t0);
            t0 = now();
            cv::findContours(mask, cont, hier, cv::RETR_TREE, cv::CHAIN_APPROX_NONE);
            best[1] = std::min(best[1], now() - t0);
            for (int what = 1; what <= 3; what++) {
                t0 = now();
                ours(&labels, what, isa);
                best[1 + what] = std::min(best[1 + what], now() - t0);
            }
        }
        printf("round %d:", r);
        for (int j = 0; j < K; j++) {
            all[j] = std::min(all[j], best[j]);
            ratio[j].push_back(best[0] / best[j]);
            printf("  %s %.2f", names[j], best[j] * 1e3);
        }
        printf("\n");
    }
    for (int j = 2; j < K; j++) {
        std::sort(ratio[j].begin(), ratio[j].end());
        printf("%s: best %.2f ms, OpenCV ccomp/simple best %.2f ms, ratio of bests %.2f, "
               "median ratio %.2f, worst round %.2f\n",
               names[j], all[j] * 1e3, all[0] * 1e3, all[0] / all[j],
               ratio[j][ratio[j].size() / 2], ratio[j][0]);
    }
    segkit_image_free(&labels);
    return 0;
}
