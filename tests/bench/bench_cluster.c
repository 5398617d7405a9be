/* k-means, SLIC and Felzenszwalb (src/color): the kernels of
 * ../shared/bench's kmeans_lab_k4, slic_1000 and felzenszwalb.  Their peers
 * run in the same invocation (segkit-bench --peers): tests/bench/
 * peer_cluster.cpp (cv::kmeans, interleaved call by call) and
 * peers_cluster.py (scikit-image's slic and felzenszwalb, interleaved with
 * libsegkit through ctypes). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "segkit/color.h"

typedef struct cluster_arg {
    const segkit_image *img;
    int kind;   /* 0 kmeans, 1 slic, 2 felzenszwalb */
} cluster_arg;

static void run(void *v)
{
    const cluster_arg *a = v;
    segkit_image out;
    int32_t n;
    int st;
    if (a->kind == 0) {
        segkit_kmeans_params p = segkit_kmeans_params_default();
        p.max_iter = 10;   /* cv2.kmeans(..., (EPS + COUNT, 10, 1.0), 1, PP) */
        p.tol = 1.0;
        st = segkit_kmeans(a->img, &p, &out, NULL);
    } else if (a->kind == 1) {
        segkit_slic_params p = segkit_slic_params_default();
        p.n_segments = 1000;
        st = segkit_slic(a->img, &p, &out, &n);
    } else {
        segkit_felzenszwalb_params p = {100, 0.8, 50};
        st = segkit_felzenszwalb(a->img, &p, &out, &n);
    }
    if (st != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: cluster kernel %d failed\n", a->kind);
        exit(1);
    }
    segkit_image_free(&out);
}

/* rgb: the photo (8-bit RGB), or NULL: three synthetic planes */
void bench_cluster(const bench_opts *o, const segkit_image *rgb)
{
    segkit_image own = {0}, lab, small;
    if (!rgb) {
        segkit_image pl[3];
        for (int c = 0; c < 3; c++)
            bench_image(&pl[c], 1024, 768, SEGKIT_U8, 7u + (unsigned)c);
        segkit_image_create(&own, 1024, 768, 3, SEGKIT_U8);
        uint8_t *d = own.data;
        for (int i = 0; i < 1024 * 768; i++)
            for (int c = 0; c < 3; c++)
                d[i * 3 + c] = ((uint8_t *)pl[c].data)[i];
        for (int c = 0; c < 3; c++)
            segkit_image_free(&pl[c]);
        rgb = &own;
    }
    /* the half-size image (nearest) for the slow kernels */
    int sw = rgb->width / 2 > 0 ? rgb->width / 2 : 1, sh = rgb->height / 2 > 0 ? rgb->height / 2 : 1;
    if (o->quick)
        sw = sw > 256 ? 256 : sw, sh = sh > 192 ? 192 : sh;
    segkit_image_create(&small, sw, sh, 3, SEGKIT_U8);
    for (int y = 0; y < sh; y++) {
        const uint8_t *s = segkit_image_row(rgb, (int)((long)y * rgb->height / sh));
        uint8_t *d = segkit_image_row(&small, y);
        for (int x = 0; x < sw; x++)
            for (int c = 0; c < 3; c++)
                d[x * 3 + c] = s[(long)x * rgb->width / sw * rgb->channels + c];
    }
    segkit_color_space cs = {SEGKIT_SPACE_LAB, 0, 0, 0};
    const segkit_image *km = o->quick ? &small : rgb;
    if (segkit_color_convert(km, &cs, &lab) != SEGKIT_OK) {
        fprintf(stderr, "segkit-bench: Lab conversion failed\n");
        exit(1);
    }
    struct { const char *name; cluster_arg a; } k[] = {
        {"kmeans lab k=4 (10 it)", {&lab, 0}},
        {"slic n=1000 c=10", {&small, 1}},
        {"felzenszwalb 100/0.8/50", {&small, 2}},
    };
    for (int i = 0; i < 3; i++) {
        if (!bench_selected(o, k[i].name))
            continue;
        double t = bench_time(o, run, &k[i].a);
        bench_report(k[i].name, k[i].a.img->width, k[i].a.img->height,
                     i == 0 ? "f32x3" : "u8x3", t);
    }
    segkit_image_free(&lab);
    segkit_image_free(&small);
    segkit_image_free(&own);
}
