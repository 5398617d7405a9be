// OpenCV's findContours and segkit's border tracing (+ COCO RLE of every object) on the same
// 4096x3072 label image of coins-scale objects (coin_labels.h), alternated call by call in one
// process, single thread, so that the ratio holds on a loaded machine.  Not part of the build
// (it needs OpenCV); from the source tree, after a Release build in build-rel:
//
//   g++ -O2 -Iinclude -Itests/bench -o /tmp/peer_contours tests/bench/peer_contours.cpp
//       build-rel/libsegkit.a $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm
//   /tmp/peer_contours [ROUNDS]
//
// OpenCV: cv::findContours(mask, RETR_CCOMP, CHAIN_APPROX_SIMPLE) on the 8-bit mask of the
// objects (labels > 0; made outside the timing: OpenCV needs a binary image, segkit reads the
// labels) and RETR_TREE + CHAIN_APPROX_NONE.  segkit: segkit_contours_find on the labels (every
// label's borders, holes included), and segkit_rle_encode_all (traces the borders, then each
// object's runs from their horizontal cracks: contour tracing + RLE).  Each round keeps
// each kernel's best of REPS runs; printed: each round, the median ratio, the best of all.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
}
#include "coin_labels.h"

static double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// rle = 0: every border (segkit_contours_find); 1: every object's COCO RLE, which traces the
// borders and sorts their horizontal cracks (segkit_rle_encode_all)
static void ours(const segkit_image *labels, int rle)
{
    if (!rle) {
        segkit_contours c;
        if (segkit_contours_find(labels, &c) != SEGKIT_OK)
            exit(1);
        segkit_contours_free(&c);
        return;
    }
    segkit_rle *r;
    int32_t *v;
    size_t n;
    if (segkit_rle_encode_all(labels, &r, &v, &n) != SEGKIT_OK)
        exit(1);
    for (size_t i = 0; i < n; i++)
        segkit_rle_free(&r[i]);
    free(r);
    free(v);
}

int main(int argc, char **argv)
{
    cv::setNumThreads(1);
    int rounds = argc > 1 ? atoi(argv[1]) : 7, reps = 5, w = 4096, h = 3072;
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
    printf("%d objects; OpenCV %zu contours, segkit %zu borders; %d rounds; ms (ratio OpenCV / segkit)\n",
           n, cont.size(), c.count, rounds);
    segkit_contours_free(&c);
    const char *names[] = {"cv ccomp simple", "cv tree none", "segkit contours", "segkit trace+rle"};
    double all[4] = {1e9, 1e9, 1e9, 1e9};
    std::vector<double> ratio[4];
    for (int r = 0; r < rounds; r++) {
        double best[4] = {1e9, 1e9, 1e9, 1e9};
        for (int i = 0; i < reps; i++) {
            double t0 = now();
            cv::findContours(mask, cont, hier, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
            best[0] = std::min(best[0], now() - t0);
            t0 = now();
            cv::findContours(mask, cont, hier, cv::RETR_TREE, cv::CHAIN_APPROX_NONE);
            best[1] = std::min(best[1], now() - t0);
            t0 = now();
            ours(&labels, 0);
            best[2] = std::min(best[2], now() - t0);
            t0 = now();
            ours(&labels, 1);
            best[3] = std::min(best[3], now() - t0);
        }
        printf("round %d:", r);
        for (int j = 0; j < 4; j++) {
            all[j] = std::min(all[j], best[j]);
            ratio[j].push_back(best[0] / best[j]);
            printf("  %s %.1f", names[j], best[j] * 1e3);
        }
        printf("\n");
    }
    for (int j = 2; j < 4; j++) {
        std::sort(ratio[j].begin(), ratio[j].end());
        printf("%s: best %.1f ms, OpenCV ccomp/simple best %.1f ms, ratio of bests %.2f, median ratio %.2f\n",
               names[j], all[j] * 1e3, all[0] * 1e3, all[0] / all[j], ratio[j][ratio[j].size() / 2]);
    }
    segkit_image_free(&labels);
    return 0;
}
