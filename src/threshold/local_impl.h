/* Private to src/threshold/local_*.c: the window-statistics engines that the
 * local threshold methods share.  Not installed. */
#ifndef SEGKIT_THRESHOLD_LOCAL_IMPL_H
#define SEGKIT_THRESHOLD_LOCAL_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/threshold.h"
#include "internal/border.h"

/* Window extent: rows/columns c - before .. c + after. */
static inline int local_before(int w) { return (w - 1) / 2; }
static inline int local_after(int w) { return w / 2; }

/* Row or column index r mapped into [0, n) by the border mode, -1 for clip:
 * border_index (src/internal/border.h), shared with src/edges. */
static inline int local_border_index(int r, int n, segkit_border border)
{
    return border_index(r, n, border);
}

/* map[j] = local_border_index(j - before, n, border) for j in [0, len): the
 * image column behind each column of a row padded by `before` on the left. */
static inline void local_border_map(int *map, size_t len, int before, int n,
                                    segkit_border border)
{
    for (size_t j = 0; j < len; j++)
        map[j] = local_border_index((int)j - before, n, border);
}

/* Samples along one axis in the window of c (c - before .. c + after) over
 * an axis of n: before + after + 1, or only those inside [0, n) with clip. */
static inline int local_window_count(int c, int before, int after, int n,
                                     segkit_border border)
{
    int lo = c - before, hi = c + after;
    if (border == SEGKIT_BORDER_CLIP) {
        lo = lo < 0 ? 0 : lo;
        hi = hi > n - 1 ? n - 1 : hi;
    }
    return hi - lo + 1;
}

/* The run [*x0, *x1) of columns whose window is full width (count[x] == W):
 * the first such column and the end of its run (*x0 = *x1 = w: none). */
static inline void local_full_run(const uint32_t *count, int w, uint32_t W,
                                  int *x0, int *x1)
{
    int a = 0, b;
    while (a < w && count[a] != W)
        a++;
    b = a;
    while (b < w && count[b] == W)
        b++;
    *x0 = a;
    *x1 = b;
}

/* Sample at (x, y) of a 1-channel u8/u16/f32 image as a double. */
static inline double local_sample(const segkit_image *g, const void *row, int x)
{
    switch (g->type) {
    case SEGKIT_U8: return ((const uint8_t *)row)[x];
    case SEGKIT_U16: return ((const uint16_t *)row)[x];
    default: return ((const float *)row)[x];
    }
}

/* d[x] = 255 where sample x of `row` (1-channel u8/u16/f32 image g) is
 * above T[x], compared as a double, else 0; dark: at or below T[x].  One
 * plain loop per sample type and sense. */
#define LOCAL_COMPARE_LOOP(stype)                                             \
    do {                                                                      \
        const stype *s_ = row;                                                \
        if (dark)                                                             \
            for (int x = 0; x < w; x++)                                       \
                d[x] = (double)s_[x] <= T[x] ? 255 : 0;                       \
        else                                                                  \
            for (int x = 0; x < w; x++)                                       \
                d[x] = (double)s_[x] > T[x] ? 255 : 0;                        \
    } while (0)
static inline void local_compare_row(const segkit_image *g, const void *row,
                                     const double *T, int dark, uint8_t *d)
{
    int w = g->width;
    switch (g->type) {
    case SEGKIT_U8: LOCAL_COMPARE_LOOP(uint8_t); break;
    case SEGKIT_U16: LOCAL_COMPARE_LOOP(uint16_t); break;
    default: LOCAL_COMPARE_LOOP(float); break;
    }
}
#undef LOCAL_COMPARE_LOOP

/* 8-bit units -> sample units: 1 (u8), 257 (u16), 1/255 (f32). */
double local_scale(segkit_type t);

/* ---- box sums (local_box.c) ----
 * Streams the image top to bottom; after local_box_row(b, y) (y = 0, 1, ...
 * in order) S[x], Q[x] (sum and sum of squares, exact for u8/u16) or fS, fQ
 * (f32) and n[x] (pixels counted) describe the window around (x, y). */
typedef struct local_box {
    const segkit_image *img;
    int width, height, before, after, need_sq, isfloat;
    segkit_border border;
    int next_y;                 /* next row local_box_row expects */
    int *xmap;                  /* padded column -> image column (-1: none) */
    uint64_t *col, *colsq;      /* running column sums, padded width */
    double *fcol, *fcolsq;
    uint64_t *S, *Q;            /* results for the current row */
    double *fS, *fQ;
    uint64_t *n;
    uint64_t *xcount;           /* columns counted per x (clip) */
} local_box;

int local_box_init(local_box *b, const segkit_image *img, int window,
                   segkit_border border, int need_sq);
void local_box_row(local_box *b, int y);
void local_box_free(local_box *b);

/* ---- running min / max (local_minmax.c) ----
 * Whole planes of window minima and maxima (as float, exact for u8/u16),
 * van Herk / Gil-Werman, O(1) per pixel, window clipped (the same as any
 * border mode for min/max).  Either output may be NULL. */
int local_minmax(const segkit_image *img, int window, float *mn, float *mx);

/* ---- methods, one file per idea ----
 * Each gets params resolved by segkit_threshold_local: no "method default"
 * placeholders (window 0, NaN k/R/C/contrast) are left. */
int local_meanvar(const segkit_image *g, segkit_local_method m,
                  const segkit_local_params *p, int dark, segkit_image *out);
int local_mean_u8(const segkit_image *g, int window, segkit_border border,
                  int mode, long long c, int dark, segkit_image *out);
/* Sauvola / Niblack on u8, W <= 257, |k| <= 4 (local_meanvar_u8.c); the
 * same mask as the general path.  SEGKIT_ERR_UNSUPPORTED outside that. */
int local_meanvar_u8(const segkit_image *g, segkit_local_method method,
                     int window, segkit_border border, double k, double R,
                     double C, int dark, segkit_image *out);
/* The same with the instruction set capped (0 baseline, 1 AVX2, 2 AVX2 +
 * AVX-512 decision), for the tests: each level the CPU has must give the
 * same masks. */
int local_meanvar_u8_isa(const segkit_image *g, segkit_local_method method,
                         int window, segkit_border border, double k, double R,
                         double C, int dark, segkit_image *out, int isa);
int local_mean_opencv(const segkit_image *g, const segkit_local_params *p,
                      int dark, segkit_image *out);
int local_minmax_methods(const segkit_image *g, segkit_local_method m,
                         const segkit_local_params *p, int dark,
                         segkit_image *out);
int local_hist_methods(const segkit_image *g, segkit_local_method m,
                       const segkit_local_params *p, int dark,
                       segkit_image *out);
int local_gaussian(const segkit_image *g, const segkit_local_params *p,
                   int dark, segkit_image *out);
int local_hysteresis(const segkit_image *g, const segkit_local_params *p,
                     int dark, segkit_image *out);
int local_isauvola(const segkit_image *g, const segkit_local_params *p,
                   int dark, segkit_image *out);

/* Keeps the pixels of `mask` (255 = candidate) that are connected
 * (connectivity 4 or 8) to a seed (seed != 0 and mask 255); writes 255/0 to
 * out (may alias neither).  Used by hysteresis and ISauvola. */
int local_reconstruct(const segkit_image *mask, const segkit_image *seed,
                      int connectivity, segkit_image *out);

#endif
