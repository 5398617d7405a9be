// segkit-color's kernels beside OpenCV's, alternated call by call in one process (single thread),
// so that the ratios hold on a loaded machine.  Not part of the build (it needs OpenCV); from the
// source tree:
//
//   g++ -O2 -Iinclude -o /tmp/peer_color tests/bench/peer_color.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm        (one line)
//   /tmp/peer_color /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS [lab|sk]]
//
// Kernels (the image as 8-bit RGB):
//   hsv+range  OpenCV: cvtColor(RGB2HSV) + inRange twice (H 170..179 and 0..10, S 100..255,
//              V 80..255) + bitwise_or, as a wrapping red range needs; segkit:
//              segkit_color_range_mask with --opencv units H:170..10,S:100..255,V:80..255 (one
//              pass, the same mask: checked here)
//   lab8       OpenCV: cvtColor(RGB2Lab) on 8U; segkit: segkit_color_convert_opencv(lab) (the
//              same bytes: checked here)
//   de2000     segkit only: CIEDE2000 mask within 12 of one colour (for the scikit-image ratio,
//              tests/bench/peers_color.py times skimage on the same image)
// Each round times every kernel REPS times and keeps the best; printed: the median over rounds of
// OpenCV's best / segkit's best, for segkit's AVX2 and AVX-512 paths (isa 1, 2) and its default.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
// src/color/color_internal.h: the same calls with the vector code limited to an instruction set
// (0 baseline, 1 AVX2, 2 AVX-512; the best the CPU has up to that)
int cs_range_mask_isa(const segkit_image *rgb, const segkit_color_ranges *r, segkit_image *mask,
                      int isa);
int cs_convert_opencv_isa(const segkit_image *rgb, segkit_space space, segkit_image *out, int isa);
int cs_isa(int isa);
}

static double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class F> static double best_of(int reps, F f)
{
    double b = 1e9;
    for (int i = 0; i < reps; i++) {
        double t = now();
        f();
        b = std::min(b, now() - t);
    }
    return b;
}

// ---- Issue 12's Lab and CIEDE2000 figures per instruction set, beside scikit-image ----
// With a third argument "sk" (run from the source tree), scikit-image runs in a co-process
// (/usr/bin/python3 tests/bench/peers_color.py --serve IMAGE: skimage.color.rgb2lab and
// deltaE_ciede2000(rgb2lab(#ff7f00), rgb2lab(img)) <= 12 on the top-left 1024 x 768 crop, best of
// 2 each) that times one round whenever asked, between segkit's rounds, so both see the same load.
// segkit, single thread, on the whole image, for isa 0 (baseline), 1 (AVX2), 2 (AVX-512):
//   lab8   segkit_color_convert_opencv_to (OpenCV's bytes)
//   labf   segkit_color_convert(lab) (float, skimage's values; allocates its output as skimage does)
//   de     segkit_color_distance_mask(#ff7f00, CIEDE2000, tol 12) on the image, and on an image of
//          the same size of random colours (xorshift; ~8.6 M distinct colours: the worst case for
//          the per-colour memo)
#include <sys/wait.h>
#include <unistd.h>
extern "C" {
int cs_convert_isa(const segkit_image *rgb, const segkit_color_space *to, segkit_image *out,
                   int isa);
int cs_distance_mask_isa(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                         const segkit_delta_e_params *p, double tol, segkit_image *mask, int isa);
}

static FILE *sk_to, *sk_from;

static bool sk_start(const char *image)
{
    int a[2], b[2];
    if (pipe(a) || pipe(b))
        return false;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(a[0], 0), dup2(b[1], 1);
        close(a[1]), close(b[0]);
        execl("/usr/bin/python3", "python3", "tests/bench/peers_color.py", "--serve", image,
              (char *)NULL);
        _exit(127);
    }
    close(a[0]), close(b[1]);
    sk_to = fdopen(a[1], "w"), sk_from = fdopen(b[0], "r");
    return pid > 0 && sk_to && sk_from;
}

// skimage's rgb2lab and CIEDE2000-mask rates (MP/s) of one round, 0 without the co-process
static bool sk_round(double *lab, double *de)
{
    *lab = *de = 0;
    if (!sk_to)
        return false;
    fputs("round\n", sk_to);
    fflush(sk_to);
    return fscanf(sk_from, "%lf %lf", lab, de) == 2;
}

static double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

static void lab_rounds(const cv::Mat &rgb, segkit_image *img, int rounds, bool sk, const char *path)
{
    if (sk && !sk_start(path))
        fprintf(stderr, "no scikit-image co-process\n");
    double mp = rgb.total() / 1e6;
    segkit_image rnd, bl;
    segkit_image_create(&rnd, rgb.cols, rgb.rows, 3, SEGKIT_U8);
    segkit_image_create(&bl, rgb.cols, rgb.rows, 3, SEGKIT_U8);
    uint64_t x = 88172645463325252ull;
    for (int y = 0; y < rnd.height; y++) {
        uint8_t *p = (uint8_t *)segkit_image_row(&rnd, y);
        for (int i = 0; i < 3 * rnd.width; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            p[i] = (uint8_t)(x >> 24);
        }
    }
    double ref[1][3], c[3] = {1.0, 127 / 255.0, 0.0};
    segkit_color_space cl;
    segkit_color_space_parse("lab", &cl);
    segkit_color_from_rgb(&cl, c, ref[0]);
    segkit_delta_e_params dp = segkit_delta_e_params_default();
    // [what][isa]: MP/s per round; what 0 lab8, 1 labf, 2 de, 3 de on random colours
    std::vector<double> r[4][3], q[4][3], skl, skd;
    const char *names[4] = {"lab8", "labf", "de2000", "de2000 random"};
    for (int k = 0; k < rounds; k++) {
        double sl, sd;
        bool have = sk_round(&sl, &sd);
        if (have)
            skl.push_back(sl), skd.push_back(sd);
        for (int isa = 0; isa < 3; isa++) {
            double t[4];
            t[0] = best_of(5, [&] { cs_convert_opencv_isa(img, SEGKIT_SPACE_LAB, &bl, isa); });
            t[1] = best_of(3, [&] {
                segkit_image o;
                cs_convert_isa(img, &cl, &o, isa);
                segkit_image_free(&o);
            });
            t[2] = best_of(3, [&] {
                segkit_image o;
                cs_distance_mask_isa(img, (const double(*)[3])ref, 1, &dp, 12, &o, isa);
                segkit_image_free(&o);
            });
            t[3] = best_of(1, [&] {
                segkit_image o;
                cs_distance_mask_isa(&rnd, (const double(*)[3])ref, 1, &dp, 12, &o, isa);
                segkit_image_free(&o);
            });
            for (int w = 0; w < 4; w++) {
                r[w][isa].push_back(mp / t[w]);
                if (have)
                    q[w][isa].push_back(mp / t[w] / (w < 2 ? sl : sd));
            }
        }
        printf("round %d: skimage rgb2lab %.2f MP/s, CIEDE2000 mask %.2f MP/s; segkit MP/s "
               "(isa 0/1/2): lab8 %.0f/%.0f/%.0f labf %.0f/%.0f/%.0f de2000 %.0f/%.0f/%.0f "
               "random %.0f/%.0f/%.0f\n", k, sl, sd, r[0][0].back(), r[0][1].back(),
               r[0][2].back(), r[1][0].back(), r[1][1].back(), r[1][2].back(), r[2][0].back(),
               r[2][1].back(), r[2][2].back(), r[3][0].back(), r[3][1].back(), r[3][2].back());
        fflush(stdout);
    }
    printf("medians over %d rounds (skimage rgb2lab %.2f MP/s, CIEDE2000 mask %.2f MP/s):\n",
           rounds, median(skl), median(skd));
    for (int w = 0; w < 4; w++)
        for (int isa = 0; isa < 3; isa++)
            printf("  %-14s isa %d (runs %d): %7.1f MP/s, x%.1f skimage\n", names[w], isa,
                   cs_isa(isa), median(r[w][isa]), median(q[w][isa]));
    if (sk_to) {
        fclose(sk_to);
        fclose(sk_from);
        wait(NULL);
    }
    segkit_image_free(&rnd);
    segkit_image_free(&bl);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat bgr = cv::imread(argv[1], cv::IMREAD_COLOR), rgb, hsv, lab, m1, m2, m;
    if (bgr.empty())
        return 1;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    int rounds = argc > 2 ? atoi(argv[2]) : 5, reps = 5;
    segkit_image img;
    segkit_image_wrap(&img, rgb.data, rgb.cols, rgb.rows, 3, SEGKIT_U8, rgb.step);
    segkit_color_ranges r;
    memset(&r, 0, sizeof r);
    segkit_color_space_parse("hsv", &r.space);
    r.opencv = 1;
    r.nterms = 1;
    segkit_color_range_parse("H:170..10,S:100..255,V:80..255", SEGKIT_SPACE_HSV, 1, &r.term[0], NULL, 0);
    double mp = rgb.total() / 1e6;
    segkit_image sm = {0}, sl = {0}, sd = {0}, bm, bl;
    // segkit writes into buffers made once, as OpenCV reuses its outputs
    segkit_image_create(&bm, rgb.cols, rgb.rows, 1, SEGKIT_U8);
    segkit_image_create(&bl, rgb.cols, rgb.rows, 3, SEGKIT_U8);
    // correctness first
    cv::cvtColor(rgb, hsv, cv::COLOR_RGB2HSV);
    cv::inRange(hsv, cv::Scalar(170, 100, 80), cv::Scalar(179, 255, 255), m1);
    cv::inRange(hsv, cv::Scalar(0, 100, 80), cv::Scalar(10, 255, 255), m2);
    cv::bitwise_or(m1, m2, m);
    segkit_color_range_mask(&img, &r, &sm);
    cv::Mat smm(rgb.rows, rgb.cols, CV_8U, sm.data, sm.stride);
    printf("hsv+range masks differ at %d pixels\n", cv::countNonZero(smm != m));
    for (int isa = 0; isa <= 2; isa++) { // each vector path, not only the default
        cs_range_mask_isa(&img, &r, &bm, isa);
        cv::Mat bmm(rgb.rows, rgb.cols, CV_8U, bm.data, bm.stride);
        printf("  isa %d (runs %d): differ at %d pixels\n", isa, cs_isa(isa), cv::countNonZero(bmm != m));
    }
    cv::cvtColor(rgb, lab, cv::COLOR_RGB2Lab);
    segkit_color_convert_opencv(&img, SEGKIT_SPACE_LAB, &sl);
    cv::Mat slm(rgb.rows, rgb.cols, CV_8UC3, sl.data, sl.stride);
    cv::Mat diff;
    cv::absdiff(slm, lab, diff);
    printf("lab8 bytes differ at %d samples\n", cv::countNonZero(diff.reshape(1)));
    segkit_image_free(&sm);
    segkit_image_free(&sl);
    double ref[1][3], c[3] = {1.0, 127 / 255.0, 0.0};
    segkit_color_space cl;
    segkit_color_space_parse("lab", &cl);
    segkit_color_from_rgb(&cl, c, ref[0]);
    segkit_delta_e_params dp = segkit_delta_e_params_default();

    const int isas[3] = {-1, 1, 2};
    std::vector<double> q1[3], q2[3];
    double de_best = 1e9, s1b[3] = {1e9, 1e9, 1e9}, s2b[3] = {1e9, 1e9, 1e9}, o1b = 1e9, o2b = 1e9;
    for (int k = 0; k < rounds; k++) {
        double o1 = best_of(reps, [&] {
            cv::cvtColor(rgb, hsv, cv::COLOR_RGB2HSV);
            cv::inRange(hsv, cv::Scalar(170, 100, 80), cv::Scalar(179, 255, 255), m1);
            cv::inRange(hsv, cv::Scalar(0, 100, 80), cv::Scalar(10, 255, 255), m2);
            cv::bitwise_or(m1, m2, m);
        });
        double s1[3], s2[3];
        for (int i = 0; i < 3; i++)
            s1[i] = best_of(reps, [&] { cs_range_mask_isa(&img, &r, &bm, isas[i]); });
        double o2 = best_of(reps, [&] { cv::cvtColor(rgb, lab, cv::COLOR_RGB2Lab); });
        for (int i = 0; i < 3; i++)
            s2[i] = best_of(reps, [&] { cs_convert_opencv_isa(&img, SEGKIT_SPACE_LAB, &bl, isas[i]); });
        double d = best_of(2, [&] {
            segkit_color_distance_mask(&img, (const double(*)[3])ref, 1, &dp, 12, &sd);
            segkit_image_free(&sd);
        });
        for (int i = 0; i < 3; i++) {
            q1[i].push_back(o1 / s1[i]);
            q2[i].push_back(o2 / s2[i]);
            s1b[i] = std::min(s1b[i], s1[i]), s2b[i] = std::min(s2b[i], s2[i]);
        }
        o1b = std::min(o1b, o1), o2b = std::min(o2b, o2), de_best = std::min(de_best, d);
        printf("round %d: hsv+range opencv %.1f MP/s segkit %.1f MP/s (x%.2f); lab8 opencv %.1f "
               "segkit %.1f (x%.2f); de2000 mask %.1f MP/s\n", k, mp / o1, mp / s1[0], o1 / s1[0],
               mp / o2, mp / s2[0], o2 / s2[0], mp / d);
    }
    printf("segkit paths: default = isa %d (0 baseline, 1 AVX2, 2 AVX-512)\n", cs_isa(-1));
    for (int i = 0; i < 3; i++) {
        std::sort(q1[i].begin(), q1[i].end());
        std::sort(q2[i].begin(), q2[i].end());
        printf("isa %-2d (runs %d): median ratio (OpenCV time / segkit time): hsv+range %.2f, lab8 "
               "%.2f; best MP/s segkit hsv+range %.1f, lab8 %.1f\n", isas[i], cs_isa(isas[i]),
               q1[i][q1[i].size() / 2], q2[i][q2[i].size() / 2], mp / s1b[i], mp / s2b[i]);
    }
    printf("best MP/s: hsv+range opencv %.1f; lab8 opencv %.1f; de2000 mask segkit %.1f (%.3f s)\n",
           mp / o1b, mp / o2b, mp / de_best, de_best);
    if (argc > 3) // "lab" or "sk": the Lab / CIEDE2000 rounds per instruction set (above)
        lab_rounds(rgb, &img, rounds, strcmp(argv[3], "sk") == 0, argv[1]);
    return 0;
}
