/* The mean / variance family: mean, niblack, sauvola, wolf, nick,
 * phansalkar, bradley, trsingh, wan, and OpenCV's adaptive mean.
 *
 * Statistics follow Doxa (Doxa/ChanMeanVarianceCalc.hpp) to the bit:
 * mean = (double)sum / n, variance = (double)sumsq / n - mean * mean
 * (population variance), std = sqrt(variance), and a pixel is compared as a
 * double with T.  The sums are exact integers for u8/u16 (local_box.c). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

/* mean[] and var[] of the current row. */
static void row_stats(const local_box *b, double *mean, double *var)
{
    int w = b->width;
    if (b->isfloat) {
        for (int x = 0; x < w; x++) {
            double n = (double)b->n[x];
            mean[x] = b->fS[x] / n;
            if (var) {
                double v = b->fQ[x] / n - mean[x] * mean[x];
                var[x] = v > 0 ? v : 0;
            }
        }
        return;
    }
    for (int x = 0; x < w; x++) {
        double n = (double)b->n[x];
        mean[x] = (double)b->S[x] / n;
        if (var)
            var[x] = (double)b->Q[x] / n - mean[x] * mean[x];
    }
}

/* Integer form of "v > S/n - C" (exact) for u8/u16 and an integral C. */
static void mean_int_row(const local_box *b, const void *row, segkit_type t,
                         int64_t c, int dark, uint8_t *d)
{
    int w = b->width;
    uint8_t on = dark ? 0 : 255, off = dark ? 255 : 0;
#define MEAN_INT_LOOP(stype)                                                  \
    do {                                                                      \
        const stype *s = row;                                                 \
        for (int x = 0; x < w; x++) {                                         \
            int64_t lhs = ((int64_t)s[x] + c) * (int64_t)b->n[x];             \
            d[x] = lhs > (int64_t)b->S[x] ? on : off;                         \
        }                                                                     \
    } while (0)
    if (t == SEGKIT_U8)
        MEAN_INT_LOOP(uint8_t);
    else
        MEAN_INT_LOOP(uint16_t);
#undef MEAN_INT_LOOP
}

int local_meanvar(const segkit_image *g, segkit_local_method m,
                  const segkit_local_params *p, int dark, segkit_image *out)
{
    double sc = local_scale(g->type);
    double k = p->k, R = p->r * sc; /* resolved by segkit_threshold_local */
    double C = p->c * sc;
    double maxv = g->type == SEGKIT_U8 ? 255.0 : g->type == SEGKIT_U16 ? 65535.0 : 1.0;
    int need_sq = m != SEGKIT_LOCAL_MEAN && m != SEGKIT_LOCAL_BRADLEY &&
                  m != SEGKIT_LOCAL_TRSINGH;
    int w = g->width, h = g->height;
    int st;
    local_box box;
    double *mean = NULL, *var = NULL, *T = NULL;
    float *mx = NULL;
    double wolf_min = 0, wolf_maxstd = 0;

    mean = malloc((size_t)w * sizeof *mean);
    var = malloc((size_t)w * sizeof *var);
    T = malloc((size_t)w * sizeof *T);
    if (!mean || !var || !T) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    if (m == SEGKIT_LOCAL_WAN) {
        size_t px = (size_t)w * (size_t)h;
        if (px > SIZE_MAX / sizeof *mx) {
            st = SEGKIT_ERR_OVERFLOW;
            goto done;
        }
        mx = malloc(px * sizeof *mx);
        if (!mx) {
            st = SEGKIT_ERR_NOMEM;
            goto done;
        }
        st = local_minmax(g, p->window, NULL, mx);
        if (st != SEGKIT_OK)
            goto done;
    }
    if (m == SEGKIT_LOCAL_WOLF) {
        /* Wolf needs the image minimum and the largest window std first */
        double maxvar = DBL_MIN; /* as Doxa: all-flat images give T = mean - k (mean - min) */
        wolf_min = INFINITY;
        st = local_box_init(&box, g, p->window, p->border, 1);
        if (st != SEGKIT_OK)
            goto done;
        for (int y = 0; y < h; y++) {
            local_box_row(&box, y);
            row_stats(&box, mean, var);
            const void *row = segkit_image_row(g, y);
            for (int x = 0; x < w; x++) {
                if (var[x] > maxvar)
                    maxvar = var[x];
                double v = local_sample(g, row, x);
                if (v < wolf_min)
                    wolf_min = v;
            }
        }
        local_box_free(&box);
        wolf_maxstd = sqrt(maxvar);
    }

    int mean_int = m == SEGKIT_LOCAL_MEAN && g->type != SEGKIT_F32 &&
                   C == floor(C) && fabs(C) < 1e15;
    if (mean_int && g->type == SEGKIT_U8 && p->window <= 2896) {
        st = local_mean_u8(g, p->window, p->border, 0, (long long)C, dark, out);
        goto done;
    }
    if (g->type == SEGKIT_U8 &&
        (m == SEGKIT_LOCAL_SAUVOLA || m == SEGKIT_LOCAL_NIBLACK)) {
        st = local_meanvar_u8(g, m, p->window, p->border, k, R, C, dark, out);
        if (st != SEGKIT_ERR_UNSUPPORTED)
            goto done;
    }
    st = local_box_init(&box, g, p->window, p->border, need_sq);
    if (st != SEGKIT_OK)
        goto done;
    for (int y = 0; y < h; y++) {
        local_box_row(&box, y);
        const void *row = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        if (mean_int) {
            mean_int_row(&box, row, g->type, (int64_t)C, dark, d);
            continue;
        }
        row_stats(&box, mean, need_sq ? var : NULL);
        switch (m) {
        case SEGKIT_LOCAL_MEAN:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] - C;
            break;
        case SEGKIT_LOCAL_BRADLEY:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] * (1 - k);
            break;
        case SEGKIT_LOCAL_NIBLACK:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] + k * sqrt(var[x]) - C;
            break;
        case SEGKIT_LOCAL_SAUVOLA:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] * (1 + k * ((sqrt(var[x]) / R) - 1));
            break;
        case SEGKIT_LOCAL_WOLF:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] - k * (1 - (sqrt(var[x]) / wolf_maxstd)) *
                                     (mean[x] - wolf_min);
            break;
        case SEGKIT_LOCAL_NICK:
            for (int x = 0; x < w; x++)
                T[x] = mean[x] + (k * sqrt(var[x] + (mean[x] * mean[x])));
            break;
        case SEGKIT_LOCAL_PHANSALKAR: {
            double rn = R / maxv;
            for (int x = 0; x < w; x++) {
                double mn = mean[x] / maxv, sn = sqrt(var[x]) / maxv;
                T[x] = maxv * mn *
                       (1 + p->p * exp(-p->q * mn) + k * (sn / rn - 1));
            }
            break;
        }
        case SEGKIT_LOCAL_TRSINGH:
            for (int x = 0; x < w; x++) {
                double md = fabs(local_sample(g, row, x) - mean[x]);
                if (md > R - sc)
                    md = R - sc;
                T[x] = mean[x] * (1 + k * ((md / (R - md)) - 1));
            }
            break;
        case SEGKIT_LOCAL_WAN: {
            const float *mr = mx + (size_t)y * (size_t)w;
            for (int x = 0; x < w; x++)
                T[x] = (((double)mr[x] + mean[x]) / 2) *
                       (1 + k * ((sqrt(var[x]) / R) - 1));
            break;
        }
        default:
            st = SEGKIT_ERR_ARG;
            local_box_free(&box);
            goto done;
        }
        local_compare_row(g, row, T, dark, d);
    }
    local_box_free(&box);
    st = SEGKIT_OK;
done:
    free(mean);
    free(var);
    free(T);
    free(mx);
    return st;
}

/* cv::adaptiveThreshold(ADAPTIVE_THRESH_MEAN_C) on u8, to the bit:
 * mean8 = boxFilter(src, ksize W, normalize, BORDER_REPLICATE), rounded to
 * nearest (W odd: n = W*W is odd, so S/n is never a tie); THRESH_BINARY
 * keeps src - mean8 > -ceil(C), THRESH_BINARY_INV src - mean8 <= -floor(C).
 * Without a division: round(S/n) <= t  <=>  2 S < (2 t + 1) n. */
int local_mean_opencv(const segkit_image *g, const segkit_local_params *p,
                      int dark, segkit_image *out)
{
    if (g->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    if (p->window < 3 || p->window % 2 == 0)
        return SEGKIT_ERR_ARG;
    double c = p->c < -1e6 ? -1e6 : p->c > 1e6 ? 1e6 : p->c;
    if (p->window <= 2896)
        return local_mean_u8(g, p->window, SEGKIT_BORDER_REPLICATE, 1,
                             (long long)(dark ? floor(c) : ceil(c)), dark, out);
    local_box box;
    int st = local_box_init(&box, g, p->window, SEGKIT_BORDER_REPLICATE, 0);
    if (st != SEGKIT_OK)
        return st;
    int64_t n = (int64_t)p->window * p->window;
    int64_t tab[256];
    uint8_t on = 255, off = 0;
    if (!dark) {
        int64_t ic = (int64_t)ceil(c);
        for (int v = 0; v < 256; v++) {
            int64_t t = v + ic - 1; /* foreground iff mean8 <= t */
            tab[v] = t < 0 ? 0 : t >= 255 ? INT64_MAX : (2 * t + 1) * n;
        }
    } else {
        /* 255 iff mean8 >= u = v + floor(C)  <=>  NOT(mean8 <= u - 1) */
        int64_t fc = (int64_t)floor(c);
        for (int v = 0; v < 256; v++) {
            int64_t t = v + fc - 1;
            tab[v] = t < 0 ? 0 : t >= 255 ? INT64_MAX : (2 * t + 1) * n;
        }
        on = 0;
        off = 255;
    }
    int w = g->width;
    for (int y = 0; y < g->height; y++) {
        local_box_row(&box, y);
        const uint8_t *s = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < w; x++)
            d[x] = (int64_t)(2 * box.S[x]) < tab[s[x]] ? on : off;
    }
    local_box_free(&box);
    return SEGKIT_OK;
}
