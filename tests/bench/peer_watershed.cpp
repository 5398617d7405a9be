// Watershed with markers, segkit vs OpenCV's cv::watershed (single thread), alternated call by
// call in one process (see peer_interleave.cpp for why), and the data for scikit-image's side
// (tests/bench/peers_watershed.py times skimage.segmentation.watershed on the very same surface
// and markers, and counts the pixels where its labels differ from ours).  Not part of the build
// (it needs OpenCV); from the source tree:
//
//   g++ -O2 -Iinclude -o /tmp/peer_watershed tests/bench/peer_watershed.cpp build-rel/libsegkit.a
//       $(pkg-config --cflags --libs opencv4) -lpng -ljpeg -lz -lstb -lm   (one line)
//   /tmp/peer_watershed /tmp/segkit-peer-bench/fruits_4096x3072.png [ROUNDS [H [DIR]]]
//
// The kernel (issue 11): the photo in gray, its Sobel gradient magnitude (segkit's surface,
// u16), markers = the h-minima of the gradient (H, default 20) labelled 4-connected.  Timed: the
// flooding only (segkit_watershed_to into a reused label image; cv::watershed on the colour
// photo with the same markers, copied into its in/out matrix inside the timed call as
// shared/bench/opencv_bench.cpp does).  OpenCV floods its own colour-difference priority, not
// our surface: the same job on the same markers, not the same arithmetic.
// Then: the time per pixel at 1, 4 and 16 Mpixel (the photo resized with INTER_AREA/LINEAR),
// and the --split pipeline (segkit_watershed_split) on the Otsu mask of the photo.
// With DIR, writes DIR/ws_surface.npy (u16), DIR/ws_markers.npy, DIR/ws_labels.npy and
// DIR/ws_labels_exact.npy (exact_ties) (i32), DIR/ws_mask.npy (u8) for peers_watershed.py.
#include <opencv2/opencv.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
extern "C" {
#include "segkit/segkit.h"
}

static double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time of this thread: on a machine whose load exceeds its cores the wall
// clock mostly measures the scheduler; both are printed.
static double cpu()
{
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void die(const char *what, int st)
{
    fprintf(stderr, "peer_watershed: %s: %s\n", what, segkit_strerror(st));
    exit(1);
}

static segkit_image from_gray(const cv::Mat &gray)
{
    segkit_image g;
    if (segkit_image_create(&g, gray.cols, gray.rows, 1, SEGKIT_U8) != SEGKIT_OK)
        die("alloc", SEGKIT_ERR_NOMEM);
    for (int y = 0; y < gray.rows; y++)
        memcpy(segkit_image_row(&g, y), gray.ptr(y), (size_t)gray.cols);
    return g;
}

struct setup {
    segkit_image surface, markers, labels;
    int32_t n;
};

static setup prepare(const cv::Mat &gray, double h)
{
    setup s;
    segkit_image g = from_gray(gray);
    int st = segkit_watershed_surface(&g, SEGKIT_SURFACE_GRADIENT, &s.surface);
    if (st) die("gradient", st);
    st = segkit_watershed_markers_extrema(&s.surface, h, 0, 4, NULL, &s.markers, &s.n);
    if (st) die("markers", st);
    st = segkit_image_create(&s.labels, g.width, g.height, 1, SEGKIT_I32);
    if (st) die("alloc", st);
    segkit_image_free(&g);
    return s;
}

static void release(setup &s)
{
    segkit_image_free(&s.surface);
    segkit_image_free(&s.markers);
    segkit_image_free(&s.labels);
}

// best wall and CPU seconds of reps runs
static void time_segkit(setup &s, int reps, double *wall, double *cput)
{
    for (int i = 0; i < reps; i++) {
        double t0 = now(), c0 = cpu();
        int st = segkit_watershed_to(&s.surface, &s.markers, NULL, NULL, &s.labels);
        *cput = std::min(*cput, cpu() - c0);
        *wall = std::min(*wall, now() - t0);
        if (st) die("watershed", st);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE [ROUNDS [H [DIR]]]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);
    cv::Mat color = cv::imread(argv[1], cv::IMREAD_COLOR), gray;
    if (color.empty()) {
        fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
        return 1;
    }
    cv::cvtColor(color, gray, cv::COLOR_BGR2GRAY);
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    double h = argc > 3 ? atof(argv[3]) : 20;
    const char *dir = argc > 4 ? argv[4] : NULL;
    setup s = prepare(gray, h);
    double mp = gray.total() / 1e6;
    printf("watershed %dx%d (%.2f MP), gradient surface, %d h-minima markers (h %g), %d rounds\n",
           gray.cols, gray.rows, mp, (int)s.n, h, rounds);

    cv::Mat m0(gray.rows, gray.cols, CV_32S), wsm;
    for (int y = 0; y < gray.rows; y++)
        memcpy(m0.ptr(y), segkit_image_row(&s.markers, y), (size_t)gray.cols * 4);
    std::vector<double> ratio;
    double all_cv = 1e30, all_sk = 1e30, cpu_cv = 1e30, cpu_sk = 1e30;
    for (int r = 0; r < rounds; r++) {
        double bcv = 1e30, bsk = 1e30, ccv = 1e30, csk = 1e30;
        for (int i = 0; i < 3; i++) {
            double t0 = now(), c0 = cpu();
            m0.copyTo(wsm);
            cv::watershed(color, wsm);
            ccv = std::min(ccv, cpu() - c0);
            bcv = std::min(bcv, now() - t0);
            time_segkit(s, 1, &bsk, &csk);
        }
        all_cv = std::min(all_cv, bcv);
        all_sk = std::min(all_sk, bsk);
        cpu_cv = std::min(cpu_cv, ccv);
        cpu_sk = std::min(cpu_sk, csk);
        ratio.push_back(bcv / bsk);
        printf("round %d: opencv %.1f MP/s  segkit %.1f MP/s  (%.2fx wall, %.2fx cpu)\n", r,
               mp / bcv, mp / bsk, bcv / bsk, ccv / csk);
        fflush(stdout);
    }
    std::sort(ratio.begin(), ratio.end());
    printf("median ratio %.2fx; best of all rounds: opencv %.1f ms, segkit %.1f ms (%.2fx); "
           "cpu: opencv %.1f ms, segkit %.1f ms (%.2fx)\n", ratio[ratio.size() / 2],
           all_cv * 1e3, all_sk * 1e3, all_cv / all_sk, cpu_cv * 1e3, cpu_sk * 1e3,
           cpu_cv / cpu_sk);

    if (dir) {
        double w = 1e30, c = 1e30;
        time_segkit(s, 1, &w, &c);
        std::string d(dir);
        int st = segkit_write_file((d + "/ws_surface.npy").c_str(), &s.surface, SEGKIT_FORMAT_NPY);
        if (!st) st = segkit_write_file((d + "/ws_markers.npy").c_str(), &s.markers, SEGKIT_FORMAT_NPY);
        if (!st) st = segkit_write_file((d + "/ws_labels.npy").c_str(), &s.labels, SEGKIT_FORMAT_NPY);
        // skimage's tie order too (the heap engine, not timed)
        segkit_watershed_params p = segkit_watershed_params_default();
        p.exact_ties = 1;
        if (!st) st = segkit_watershed_to(&s.surface, &s.markers, NULL, &p, &s.labels);
        if (!st) st = segkit_write_file((d + "/ws_labels_exact.npy").c_str(), &s.labels, SEGKIT_FORMAT_NPY);
        if (st) die("write", st);
    }
    release(s);

    // time per pixel at 1, 4, 16 Mpixel, the sizes alternated round by round
    static const int sizes[3][2] = {{1024, 1024}, {2048, 2048}, {4096, 4096}};
    setup t[3];
    double lw[3] = {1e30, 1e30, 1e30}, lc[3] = {1e30, 1e30, 1e30};
    for (int k = 0; k < 3; k++) {
        cv::Mat g2;
        cv::resize(gray, g2, cv::Size(sizes[k][0], sizes[k][1]), 0, 0,
                   sizes[k][0] < gray.cols ? cv::INTER_AREA : cv::INTER_LINEAR);
        t[k] = prepare(g2, h);
    }
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 3; k++)
            time_segkit(t[k], k == 2 ? 1 : 3, &lw[k], &lc[k]);
    for (int k = 0; k < 3; k++) {
        double px = (double)sizes[k][0] * sizes[k][1];
        printf("linearity %dx%d: %d markers, wall %.1f ms = %.2f ns/pixel, cpu %.1f ms = "
               "%.2f ns/pixel\n", sizes[k][0], sizes[k][1], (int)t[k].n, lw[k] * 1e3,
               lw[k] * 1e9 / px, lc[k] * 1e3, lc[k] * 1e9 / px);
        release(t[k]);
    }

    // the --split pipeline on the Otsu mask of the photo
    cv::Mat bin;
    cv::threshold(gray, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    segkit_image mask = from_gray(bin), lab;
    int32_t n = 0;
    double best = 1e30, bc = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t0 = now(), c0 = cpu();
        int st = segkit_watershed_split(&mask, NULL, &lab, &n);
        bc = std::min(bc, cpu() - c0);
        best = std::min(best, now() - t0);
        if (st) die("split", st);
        segkit_image_free(&lab);
    }
    printf("split pipeline (EDT, markers, watershed, numbering) on the Otsu mask: %d objects, "
           "wall %.1f ms, cpu %.1f ms\n", (int)n, best * 1e3, bc * 1e3);
    if (dir) {
        int st = segkit_write_file((std::string(dir) + "/ws_mask.npy").c_str(), &mask, SEGKIT_FORMAT_NPY);
        if (st) die("write", st);
    }
    segkit_image_free(&mask);
    return 0;
}
