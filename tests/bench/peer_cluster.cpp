// k-means: OpenCV's cv::kmeans and segkit_kmeans at each instruction-set level on the same
// features (the image converted by cv::cvtColor(COLOR_BGR2Lab) on 8U, as float: what
// ../shared/bench/opencv_bench.cpp's kmeans_lab_k4 clusters), alternated call by call in one
// process so that the ratios hold on a loaded machine.  Both run 10 iterations at most with
// tolerance 1.0 (OpenCV: TermCriteria(EPS + COUNT, 10, 1.0), 1 attempt, KMEANS_PP_CENTERS;
// segkit: max_iter 10, tol 1.0, attempts 1).  Not part of the build (it needs OpenCV):
//
//   g++ -O2 -Iinclude -Isrc -o /tmp/peer_cluster tests/bench/peer_cluster.cpp
//       build-rel/libsegkit.a $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm
//   /tmp/peer_cluster /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS]
//
// SLIC and Felzenszwalb have no OpenCV peer here (ximgproc is not installed); their
// scikit-image peers are timed in the same process by tests/bench/peers_cluster.py.
// Printed: each round's best times, then per kernel the median ratio over the rounds and the
// best of all rounds.  A level the CPU lacks runs the next lower one.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
#include "color/cluster_internal.h"
}

static double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat color = cv::imread(argv[1], cv::IMREAD_COLOR), lab, ks, kl, kc;
    if (color.empty()) {
        fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
        return 1;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    cv::cvtColor(color, lab, cv::COLOR_BGR2Lab);
    lab.convertTo(ks, CV_32F);
    ks = ks.reshape(1, (int)lab.total());
    segkit_image f;
    segkit_image_wrap(&f, ks.ptr<float>(), color.cols, color.rows, 3, SEGKIT_F32,
                      (size_t)color.cols * 3 * sizeof(float));
    segkit_kmeans_params p = segkit_kmeans_params_default();
    p.k = 4;
    p.max_iter = 10;
    p.tol = 1.0;
    const char *names[] = {"opencv kmeans k=4", "segkit baseline", "segkit avx2", "segkit avx512"};
    double mp = color.total() / 1e6, all[4] = {1e9, 1e9, 1e9, 1e9};
    std::vector<double> ratio[4];
    printf("k-means Lab k=4, 10 iterations, %.2f MP, %d rounds; ms (ratio OpenCV/segkit)\n", mp, rounds);
    for (int r = 0; r < rounds; r++) {
        double best[4] = {1e9, 1e9, 1e9, 1e9};
        for (int rep = 0; rep < 2; rep++)
            for (int i = 0; i < 4; i++) {
                double t0 = now();
                if (i == 0) {
                    cv::kmeans(ks, 4, kl, cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 10, 1.0),
                               1, cv::KMEANS_PP_CENTERS, kc);
                } else {
                    segkit_image out;
                    segkit_kmeans_result res;
                    if (cl_kmeans_isa(&f, &p, &out, &res, i - 1) != SEGKIT_OK)
                        return 1;
                    segkit_image_free(&out);
                }
                best[i] = std::min(best[i], now() - t0);
            }
        printf("round %d:", r);
        for (int i = 0; i < 4; i++) {
            all[i] = std::min(all[i], best[i]);
            if (i)
                ratio[i].push_back(best[0] / best[i]);
            printf("  %s %.0f", names[i], best[i] * 1e3);
        }
        printf("\n");
    }
    for (int i = 1; i < 4; i++) {
        std::sort(ratio[i].begin(), ratio[i].end());
        printf("%-18s median ratio %.2f, best-of-all %.0f ms vs OpenCV %.0f ms = %.2fx\n", names[i],
               ratio[i][ratio[i].size() / 2], all[i] * 1e3, all[0] * 1e3, all[0] / all[i]);
    }
    return 0;
}
