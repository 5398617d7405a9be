// OpenCV's Sobel magnitude and blur + Canny against segkit-edges, alternated kernel by kernel in
// one process (single thread), so that the ratios hold on a loaded machine.  Not part of the build
// (it needs OpenCV); from the source tree, after a Release build in build-rel:
//
//   g++ -O2 -Iinclude -o /tmp/peer_edges tests/bench/peer_edges.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm        (one line)
//   /tmp/peer_edges /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS [REPS]]
//
// Kernels (gray image):
//   cv sobel_mag 16S      ../shared/bench's: Sobel 16S x, y, convertScaleAbs, addWeighted 0.5
//   cv sobel x2 + mag     Sobel 32F x, Sobel 32F y, magnitude
//   segkit sobel mag      segkit_edges_filter sobel magnitude, f32 out
//   cv blur1.4 + canny    GaussianBlur(0, 0, 1.4) + Canny(50, 150, 3, L2): ../shared/bench's
//   segkit canny s1.4     segkit_edges_canny native, sigma 1.4, 50/150 (u8 and the image x257)
//   segkit ... avx2/sse2  the same fast path capped at AVX2 / the SSE2 baseline (edges_canny_fast)
//   cv canny 50/150       Canny(gray, 50, 150) ; segkit canny --opencv the same
// Printed: per round MP/s, then the best of all rounds and the ratios of the bests.
#include <opencv2/opencv.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
int edges_canny_fast(const segkit_image *in, double sigma, segkit_border border, double low,
                     double high, segkit_image *out, int64_t *count, int isa);
}

// thread CPU time (CPUTIME=0 in the environment: wall clock): on a loaded
// machine a preempted run does not count against the kernel that ran
static bool cpu_time = !getenv("CPUTIME") || strcmp(getenv("CPUTIME"), "0");
static double now()
{
    if (cpu_time) {
        timespec t;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return t.tv_sec + t.tv_nsec * 1e-9;
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS [REPS]]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat gray = cv::imread(argv[1], cv::IMREAD_GRAYSCALE), gx, gy, ax, ay, out, blur, f1, f2, mag;
    if (gray.empty())
        return 1;
    int rounds = argc > 2 ? atoi(argv[2]) : 3, reps = argc > 3 ? atoi(argv[3]) : 3;
    segkit_image g, g16, o;
    segkit_image_create(&g, gray.cols, gray.rows, 1, SEGKIT_U8);
    segkit_image_create(&g16, gray.cols, gray.rows, 1, SEGKIT_U16);
    for (int y = 0; y < gray.rows; y++) {
        memcpy(segkit_image_row(&g, y), gray.ptr(y), (size_t)gray.cols);
        uint16_t *r = (uint16_t *)segkit_image_row(&g16, y);
        for (int x = 0; x < gray.cols; x++)
            r[x] = (uint16_t)(gray.at<uchar>(y, x) * 257);
    }
    segkit_edges_params sp = segkit_edges_params_default();
    segkit_canny_params cp = segkit_canny_params_default();
    cp.sigma = 1.4, cp.low = 50, cp.high = 150;
    segkit_canny_params cp16 = cp;
    cp16.low *= 257, cp16.high *= 257;
    segkit_canny_params co = segkit_canny_params_default();
    co.mode = SEGKIT_CANNY_OPENCV, co.low = 50, co.high = 150;
    struct K { const char *name; std::function<void()> f; double best; };
    std::vector<K> ks = {
        {"cv sobel_mag 16S", [&] { cv::Sobel(gray, gx, CV_16S, 1, 0); cv::Sobel(gray, gy, CV_16S, 0, 1);
                                   cv::convertScaleAbs(gx, ax); cv::convertScaleAbs(gy, ay);
                                   cv::addWeighted(ax, 0.5, ay, 0.5, 0, out); }, 1e9},
        {"cv sobel x2 + mag", [&] { cv::Sobel(gray, f1, CV_32F, 1, 0); cv::Sobel(gray, f2, CV_32F, 0, 1);
                                    cv::magnitude(f1, f2, mag); }, 1e9},
        {"segkit sobel mag", [&] { segkit_edges_filter(&g, &sp, &o); segkit_image_free(&o); }, 1e9},
        {"cv blur1.4 + canny", [&] { cv::GaussianBlur(gray, blur, cv::Size(0, 0), 1.4);
                                     cv::Canny(blur, out, 50, 150, 3, true); }, 1e9},
        {"segkit canny s1.4 u8", [&] { segkit_edges_canny(&g, NULL, &cp, &o, NULL); segkit_image_free(&o); }, 1e9},
        {"segkit canny s1.4 u16", [&] { segkit_edges_canny(&g16, NULL, &cp16, &o, NULL); segkit_image_free(&o); }, 1e9},
        {"segkit canny s1.4 avx2", [&] { int64_t c; edges_canny_fast(&g, 1.4, SEGKIT_BORDER_CLIP, 50, 150, &o, &c, 1);
                                         segkit_image_free(&o); }, 1e9},
        {"segkit canny s1.4 sse2", [&] { int64_t c; edges_canny_fast(&g, 1.4, SEGKIT_BORDER_CLIP, 50, 150, &o, &c, 0);
                                         segkit_image_free(&o); }, 1e9},
        {"cv canny 50/150", [&] { cv::Canny(gray, out, 50, 150); }, 1e9},
        {"segkit canny --opencv", [&] { segkit_edges_canny(&g, NULL, &co, &o, NULL); segkit_image_free(&o); }, 1e9},
    };
    double mp = gray.total() / 1e6;
    for (auto &k : ks)
        k.f();   // warm-up
    for (int r = 0; r < rounds; r++) {
        printf("round %d:", r + 1);
        for (auto &k : ks) {
            double b = 1e9;
            for (int i = 0; i < reps; i++) {
                double t = now();
                k.f();
                b = std::min(b, now() - t);
            }
            k.best = std::min(k.best, b);
            printf(" %s %.0f |", k.name, mp / b);
        }
        printf("\n");
    }
    printf("best MP/s:\n");
    for (auto &k : ks)
        printf("  %-24s %8.1f MP/s  %8.2f ms\n", k.name, mp / k.best, k.best * 1e3);
    printf("ratios (ours / OpenCV's time, > 1 = faster):\n");
    printf("  sobel mag vs cv 16S recipe   %.2f\n", ks[0].best / ks[2].best);
    printf("  sobel mag vs cv x2 + mag     %.2f\n", ks[1].best / ks[2].best);
    printf("  canny s1.4 u8 vs cv (best ISA) %.3f\n", ks[3].best / ks[4].best);
    printf("  canny s1.4 u16 / u8 time     %.2f\n", ks[5].best / ks[4].best);
    printf("  canny s1.4 AVX2 path vs cv   %.3f\n", ks[3].best / ks[6].best);
    printf("  canny s1.4 SSE2 path vs cv   %.3f\n", ks[3].best / ks[7].best);
    printf("  canny --opencv vs cv Canny   %.3f\n", ks[8].best / ks[9].best);
    return 0;
}
