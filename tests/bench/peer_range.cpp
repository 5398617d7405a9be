// segkit_color_range_mask beside OpenCV's cvtColor + inRange, space by space, alternated call by
// call in one process (single thread, thread CPU time), so that the ratios hold on a loaded machine.
// Not part of the build (it needs OpenCV); from the source tree:
//
//   g++ -O2 -Iinclude -o /tmp/peer_range tests/bench/peer_range.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lm                 (one line)
//   /tmp/peer_range /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS [CASE]]
//
// Cases (the image as 8-bit RGB; OpenCV's side is what a user writes for the same mask):
//   hsv8     --opencv hsv H:170..10,S:100..255,V:80..255; OpenCV cvtColor(RGB2HSV) + inRange twice
//            (a wrapping red) + bitwise_or (as peer_color.cpp)
//   hsvf     hsv H:340..20,S:0.5..1,V:0.3..1 (degrees, 0..1); OpenCV convertTo(CV_32F, 1/255) +
//            cvtColor(RGB2HSV) on floats (H in degrees) + inRange twice + bitwise_or; also timed
//            against hsv8's OpenCV pipeline (the 8-bit route a user might take instead)
//   lab8     --opencv lab L:50..230,a:150..255,b:140..255; OpenCV cvtColor(RGB2Lab) + inRange
//   labf     lab L:20..90,a:20..80,b:10..80; OpenCV convertTo(CV_32F, 1/255) + cvtColor(RGB2Lab)
//            (L 0..100) + inRange
//   hls8     --opencv hls H:10..30,L:50..200,S:80..255; OpenCV cvtColor(RGB2HLS) + inRange
//   hlsf     hls H:20..60,L:0.2..0.8,S:0.3..1; OpenCV float cvtColor(RGB2HLS) + inRange
//   ycc      ycbcr-full (BT.601, Y Cb Cr 0..255 unrounded) Y:40.5..220.5,Cb:60.5..120.5,
//            Cr:135.5..200.5; OpenCV cvtColor(RGB2YCrCb) + inRange(41..220, Cr 136..200,
//            Cb 61..120) (OpenCV rounds to bytes, segkit compares the unrounded values: bounds at
//            .5 give the same mask up to OpenCV's fixed-point rounding; the count is printed)
// Each round times every kernel REPS times and keeps the best; printed per case: differing mask
// pixels, then the median over rounds of OpenCV's best / segkit's best for segkit's default path
// and its AVX2 path (isa 1), and each side's best Mpixel/s.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
// src/color/color_internal.h: the same call with the vector code limited to an instruction set
int cs_range_mask_isa(const segkit_image *rgb, const segkit_color_ranges *r, segkit_image *mask,
                      int isa);
int cs_isa(int isa);
}

static double cpu_now()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double best_of(int reps, const std::function<void()> &f)
{
    double b = 1e9;
    for (int i = 0; i < reps; i++) {
        double t = cpu_now();
        f();
        b = std::min(b, cpu_now() - t);
    }
    return b;
}

struct Case {
    const char *name, *space, *spec;
    int opencv;
    std::function<void(const cv::Mat &rgb, cv::Mat &m)> peer;
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS [CASE]]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat bgr = cv::imread(argv[1], cv::IMREAD_COLOR), rgb;
    if (bgr.empty())
        return 1;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    const char *only = argc > 3 ? argv[3] : NULL;
    double mp = rgb.total() / 1e6;
    // OpenCV's temporaries made once, outside the timed calls
    cv::Mat f32, conv, m1, m2;
    auto hsv8 = [&](const cv::Mat &in, cv::Mat &m) {
        cv::cvtColor(in, conv, cv::COLOR_RGB2HSV);
        cv::inRange(conv, cv::Scalar(170, 100, 80), cv::Scalar(179, 255, 255), m1);
        cv::inRange(conv, cv::Scalar(0, 100, 80), cv::Scalar(10, 255, 255), m2);
        cv::bitwise_or(m1, m2, m);
    };
    std::vector<Case> cases = {
        {"hsv8", "hsv", "H:170..10,S:100..255,V:80..255", 1, hsv8},
        {"hsvf", "hsv", "H:340..20,S:0.5..1,V:0.3..1", 0,
         [&](const cv::Mat &in, cv::Mat &m) {
             in.convertTo(f32, CV_32F, 1 / 255.0);
             cv::cvtColor(f32, conv, cv::COLOR_RGB2HSV);
             cv::inRange(conv, cv::Scalar(340, 0.5, 0.3), cv::Scalar(360, 1, 1), m1);
             cv::inRange(conv, cv::Scalar(0, 0.5, 0.3), cv::Scalar(20, 1, 1), m2);
             cv::bitwise_or(m1, m2, m);
         }},
        {"hsvf/8", "hsv", "H:340..20,S:0.5..1,V:0.3..1", 0, hsv8},
        {"lab8", "lab", "L:50..230,a:150..255,b:140..255", 1,
         [&](const cv::Mat &in, cv::Mat &m) {
             cv::cvtColor(in, conv, cv::COLOR_RGB2Lab);
             cv::inRange(conv, cv::Scalar(50, 150, 140), cv::Scalar(230, 255, 255), m);
         }},
        {"labf", "lab", "L:20..90,a:20..80,b:10..80", 0,
         [&](const cv::Mat &in, cv::Mat &m) {
             in.convertTo(f32, CV_32F, 1 / 255.0);
             cv::cvtColor(f32, conv, cv::COLOR_RGB2Lab);
             cv::inRange(conv, cv::Scalar(20, 20, 10), cv::Scalar(90, 80, 80), m);
         }},
        {"hls8", "hls", "H:10..30,L:50..200,S:80..255", 1,
         [&](const cv::Mat &in, cv::Mat &m) {
             cv::cvtColor(in, conv, cv::COLOR_RGB2HLS);
             cv::inRange(conv, cv::Scalar(10, 50, 80), cv::Scalar(30, 200, 255), m);
         }},
        {"hlsf", "hls", "H:20..60,L:0.2..0.8,S:0.3..1", 0,
         [&](const cv::Mat &in, cv::Mat &m) {
             in.convertTo(f32, CV_32F, 1 / 255.0);
             cv::cvtColor(f32, conv, cv::COLOR_RGB2HLS);
             cv::inRange(conv, cv::Scalar(20, 0.2, 0.3), cv::Scalar(60, 0.8, 1), m);
         }},
        {"ycc", "ycbcr-full", "Y:40.5..220.5,Cb:60.5..120.5,Cr:135.5..200.5", 0,
         [&](const cv::Mat &in, cv::Mat &m) {
             cv::cvtColor(in, conv, cv::COLOR_RGB2YCrCb);
             cv::inRange(conv, cv::Scalar(41, 136, 61), cv::Scalar(220, 200, 120), m);
         }},
    };
    segkit_image img, bm;
    segkit_image_wrap(&img, rgb.data, rgb.cols, rgb.rows, 3, SEGKIT_U8, rgb.step);
    segkit_image_create(&bm, rgb.cols, rgb.rows, 1, SEGKIT_U8);
    cv::Mat sm(rgb.rows, rgb.cols, CV_8U, bm.data, bm.stride), om;
    printf("segkit default path: isa %d (0 baseline, 1 AVX2, 2 AVX-512)\n", cs_isa(-1));
    for (const Case &c : cases) {
        if (only && strcmp(only, c.name) != 0)
            continue;
        segkit_color_ranges r;
        memset(&r, 0, sizeof r);
        if (segkit_color_space_parse(c.space, &r.space) != SEGKIT_OK ||
            segkit_color_range_parse(c.spec, r.space.id, c.opencv, &r.term[0], NULL, 0) !=
                SEGKIT_OK) {
            fprintf(stderr, "%s: bad spec\n", c.name);
            return 1;
        }
        r.opencv = c.opencv, r.nterms = 1;
        c.peer(rgb, om);
        cs_range_mask_isa(&img, &r, &bm, -1);
        int differ = cv::countNonZero(sm != om);
        cs_range_mask_isa(&img, &r, &bm, 1);
        int differ1 = cv::countNonZero(sm != om);
        // a slow path gets fewer repetitions
        double t0 = best_of(1, [&] { cs_range_mask_isa(&img, &r, &bm, -1); });
        int reps = t0 > 0.2 ? 1 : 5;
        std::vector<double> q[2];
        double ob = 1e9, sb[2] = {1e9, 1e9};
        for (int k = 0; k < rounds; k++) {
            double o = best_of(reps, [&] { c.peer(rgb, om); });
            for (int i = 0; i < 2; i++) {
                double s = best_of(reps, [&] { cs_range_mask_isa(&img, &r, &bm, i ? 1 : -1); });
                q[i].push_back(o / s);
                sb[i] = std::min(sb[i], s);
            }
            ob = std::min(ob, o);
        }
        for (int i = 0; i < 2; i++)
            std::sort(q[i].begin(), q[i].end());
        printf("%-7s %-10s %-44s differ %d/%d px (%.3f%% of %d set); OpenCV %7.1f MP/s; segkit "
               "default %7.1f MP/s x%.2f (rounds %.2f..%.2f), AVX2 %7.1f MP/s x%.2f (%.2f..%.2f)\n",
               c.name, c.space, c.spec, differ, differ1,
               100.0 * differ / std::max(1, cv::countNonZero(om)), cv::countNonZero(om), mp / ob,
               mp / sb[0], q[0][q[0].size() / 2], q[0].front(), q[0].back(), mp / sb[1],
               q[1][q[1].size() / 2], q[1].front(), q[1].back());
        fflush(stdout);
    }
    segkit_image_free(&bm);
    return 0;
}
