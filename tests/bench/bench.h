/* segkit-bench: shared timing helpers.  Each area adds one file
 * (bench_<area>.c) with a `void bench_<area>(const bench_opts *)` entry that
 * segkit-bench.c calls; each prints rows through bench_report(). */
#ifndef SEGKIT_BENCH_H
#define SEGKIT_BENCH_H

#include "segkit/segkit.h"

typedef struct bench_opts {
    double min_seconds;   /* keep repeating a kernel at least this long */
    int quick;            /* 1: small images only (smoke run) */
    const char *only;     /* NULL or a substring: run kernels whose name matches */
} bench_opts;

/* Seconds on a monotonic clock. */
double bench_now(void);

/* Runs fn(arg) once to warm up, then repeatedly until min_seconds have
 * passed (at least 3 runs); returns the best (minimum) time of one run. */
double bench_time(const bench_opts *o, void (*fn)(void *), void *arg);

/* Prints "name  WxH  type  best-ms  Mpixel/s". */
void bench_report(const char *name, int width, int height, const char *type,
                  double seconds);

/* 1 if the kernel name passes o->only. */
int bench_selected(const bench_opts *o, const char *name);

/* A deterministic test image, 1 channel of the given type; aborts on OOM
 * (bench only).  By default smooth gradients + noise (xorshift seeded by
 * `seed`); after bench_set_photo() the photo, scaled (nearest) to the size,
 * with noise in the low byte for u16 and v/255 for f32, so that our kernels
 * see the same picture as the peers. */
void bench_image(segkit_image *img, int width, int height, segkit_type type,
                 unsigned seed);

/* Use this 8-bit gray image as the source of bench_image() from now on. */
void bench_set_photo(const segkit_image *gray);

/* Masks (u8 0/255) for the mask kernels: the bench_image() picture
 * thresholded with Otsu (light = 255), and a random mask with 255 at half
 * of the pixels (xorshift seeded by `seed`). */
void bench_mask_otsu(segkit_image *mask, int width, int height);
void bench_mask_random(segkit_image *mask, int width, int height, unsigned seed);

/* fn(o, mask, tag, arg) for the Otsu mask (tag "otsu") and the random mask
 * ("random"), at 512x512 and, unless o->quick, 4096x3072. */
void bench_each_mask(const bench_opts *o,
                     void (*fn)(const bench_opts *o, const segkit_image *mask,
                                const char *tag, void *arg),
                     void *arg);

void bench_global(const bench_opts *o);   /* bench_global.c */
void bench_local(const bench_opts *o);    /* bench_local.c */
void bench_metrics(const bench_opts *o);  /* bench_metrics.c */
void bench_distance(const bench_opts *o); /* bench_distance.c */
void bench_label(const bench_opts *o);    /* bench_label.c */
void bench_morph(const bench_opts *o);    /* bench_morph.c */
void bench_watershed(const bench_opts *o); /* bench_watershed.c */
void bench_export(const bench_opts *o);   /* bench_export.c */
/* bench_cluster.c: rgb = the 8-bit RGB photo, or NULL (synthetic) */
void bench_cluster(const bench_opts *o, const segkit_image *rgb);
void bench_render(const bench_opts *o);   /* bench_render.c */

#endif
