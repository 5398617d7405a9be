// Label overlay, OpenCV against segkit, alternated call by call in one process (the ratios hold on
// a loaded machine).  The peer is the shared bench's overlay_lut_blend: int32 labels -> u8
// (convertTo), -> 3 channels (cvtColor GRAY2BGR), colour table (LUT), addWeighted 0.55/0.45, all
// into reused outputs, single thread.  segkit: segkit_overlay_to --mode fill, alpha 0.45, the
// Glasbey palette, background left as the image (which OpenCV's blend does not do), into a reused
// picture.  Labels: connectedComponents (8) of the photo's Otsu mask.  Not part of the build (it
// needs OpenCV); from the source tree, with a release build in build-rel:
//
//   g++ -O2 -Iinclude -o /tmp/peer_overlay tests/bench/peer_overlay.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lm        (one line)
//   /tmp/peer_overlay /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS]
//
// Each round times both REPS times in turn and keeps each one's best; a round's ratio is OpenCV's
// best over segkit's.  Printed: each round, the median ratio, and the best of all rounds.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
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
    cv::Mat color = cv::imread(argv[1], cv::IMREAD_COLOR), gray, bin, lbl;
    if (color.empty()) {
        fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
        return 1;
    }
    cv::cvtColor(color, gray, cv::COLOR_BGR2GRAY);
    cv::threshold(gray, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    int n = cv::connectedComponents(bin, lbl, 8, CV_32S);
    int rounds = argc > 2 ? atoi(argv[2]) : 7, reps = 10;
    cv::Mat lut(1, 256, CV_8UC3), lbl8, colored, blend;
    for (int i = 0; i < 256; i++)
        lut.at<cv::Vec3b>(i) = cv::Vec3b((uchar)(i * 97), (uchar)(i * 57), (uchar)(i * 31));
    segkit_image img, labels, out;
    if (segkit_image_wrap(&img, color.data, color.cols, color.rows, 3, SEGKIT_U8, color.step) != SEGKIT_OK ||
        segkit_image_wrap(&labels, lbl.data, lbl.cols, lbl.rows, 1, SEGKIT_I32, lbl.step) != SEGKIT_OK ||
        segkit_image_create(&out, color.cols, color.rows, 3, SEGKIT_U8) != SEGKIT_OK)
        return 1;
    segkit_overlay_params p = segkit_overlay_params_default();
    double mp = color.total() / 1e6, all[2] = {1e9, 1e9};
    std::vector<double> ratio;
    printf("overlay fill, %d labels, %.2f MP, %d rounds; MP/s\n", n - 1, mp, rounds);
    for (int r = 0; r < rounds; r++) {
        double best[2] = {1e9, 1e9};
        for (int i = 0; i < reps; i++) {
            double t0 = now();
            lbl.convertTo(lbl8, CV_8U);
            cv::cvtColor(lbl8, colored, cv::COLOR_GRAY2BGR);
            cv::LUT(colored, lut, colored);
            cv::addWeighted(color, 0.55, colored, 0.45, 0, blend);
            best[0] = std::min(best[0], now() - t0);
            t0 = now();
            if (segkit_overlay_to(&img, &labels, &p, &out) != SEGKIT_OK)
                return 1;
            best[1] = std::min(best[1], now() - t0);
        }
        all[0] = std::min(all[0], best[0]);
        all[1] = std::min(all[1], best[1]);
        ratio.push_back(best[0] / best[1]);
        printf("round %d:  opencv %.0f  segkit %.0f (%.2fx)\n", r, mp / best[0], mp / best[1],
               best[0] / best[1]);
        fflush(stdout);
    }
    std::sort(ratio.begin(), ratio.end());
    printf("median ratio %.2fx; best of all rounds: opencv %.0f MP/s, segkit %.0f MP/s (%.2fx)\n",
           ratio[rounds / 2], mp / all[0], mp / all[1], all[0] / all[1]);
    segkit_image_free(&out);
    return 0;
}
