// OpenCV's adaptive mean 31 and segkit's u8 Sauvola (or Niblack) fast path at each instruction-set
// level, alternated call by call in one process, so that the ratios hold on a loaded machine where
// running segkit-bench and the OpenCV peer one after the other does not (another job can take the
// core for one of them only).  Not part of the build (it needs OpenCV); from the source tree:
//
//   g++ -O2 -Iinclude -o /tmp/peer_interleave tests/bench/peer_interleave.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lm        (one line)
//   /tmp/peer_interleave /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS [W [niblack]]]
//
// Each round times every kernel REPS times in turn (OpenCV, baseline, AVX2, AVX-512, ...) and keeps
// each one's best; a round's ratio is OpenCV's best over ours.  Printed: each round, the median
// ratio over the rounds, and the best of all rounds.  A level the CPU lacks runs the next lower one.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
int local_meanvar_u8_isa(const segkit_image *g, segkit_local_method method, int window,
                         segkit_border border, double k, double R, double C, int dark,
                         segkit_image *out, int isa);
}

static double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS [W [niblack]]]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat color = cv::imread(argv[1], cv::IMREAD_COLOR), gray, out;
    if (color.empty()) {
        fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
        return 1;
    }
    cv::cvtColor(color, gray, cv::COLOR_BGR2GRAY);
    int rounds = argc > 2 ? atoi(argv[2]) : 7, W = argc > 3 ? atoi(argv[3]) : 31, reps = 12;
    int niblack = argc > 4 && strcmp(argv[4], "niblack") == 0;
    segkit_local_method m = niblack ? SEGKIT_LOCAL_NIBLACK : SEGKIT_LOCAL_SAUVOLA;
    double k = niblack ? -0.2 : 0.2; /* Sauvola: its default k; Niblack: the usual negative k */
    segkit_image g, o;
    if (rounds < 1 || segkit_image_create(&g, gray.cols, gray.rows, 1, SEGKIT_U8) != SEGKIT_OK ||
        segkit_image_create(&o, gray.cols, gray.rows, 1, SEGKIT_U8) != SEGKIT_OK)
        return 1;
    for (int y = 0; y < gray.rows; y++)
        memcpy(segkit_image_row(&g, y), gray.ptr(y), (size_t)gray.cols);
    const char *names[] = {"opencv mean 31", "baseline", "avx2", "avx512"};
    double mp = gray.total() / 1e6, all[4] = {1e9, 1e9, 1e9, 1e9};
    std::vector<double> ratio[4];
    printf("%s, %d rounds, window %d, %.2f MP; MP/s (ratio to OpenCV)\n", niblack ? "niblack" : "sauvola",
           rounds, W, mp);
    for (int r = 0; r < rounds; r++) {
        double best[4] = {1e9, 1e9, 1e9, 1e9};
        for (int i = 0; i < reps; i++) {
            double t0 = now();
            cv::adaptiveThreshold(gray, out, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, 31, 5);
            best[0] = std::min(best[0], now() - t0);
            for (int isa = 0; isa <= 2; isa++) {
                if (isa == 0 && i % 4) /* the baseline is slow: a quarter of the runs */
                    continue;
                t0 = now();
                if (local_meanvar_u8_isa(&g, m, W, SEGKIT_BORDER_CLIP, k, 128, 0, 0, &o, isa) != SEGKIT_OK)
                    return 1;
                best[1 + isa] = std::min(best[1 + isa], now() - t0);
            }
        }
        printf("round %d:", r);
        for (int j = 0; j < 4; j++) {
            all[j] = std::min(all[j], best[j]);
            ratio[j].push_back(best[0] / best[j]);
            printf("  %s %.0f", names[j], mp / best[j]);
            if (j)
                printf(" (%.2fx)", best[0] / best[j]);
        }
        printf("\n");
        fflush(stdout);
    }
    printf("median ratio:");
    for (int j = 1; j < 4; j++) {
        std::sort(ratio[j].begin(), ratio[j].end());
        printf("  %s %.2fx", names[j], ratio[j][rounds / 2]);
    }
    printf("\nbest of all rounds:");
    for (int j = 0; j < 4; j++)
        printf("  %s %.0f%s", names[j], mp / all[j], j ? "" : " MP/s");
    printf("  (ratios %.2fx %.2fx %.2fx)\n", all[0] / all[1], all[0] / all[2], all[0] / all[3]);
    segkit_image_free(&g);
    segkit_image_free(&o);
    return 0;
}
