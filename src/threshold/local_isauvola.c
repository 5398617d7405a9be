/* ISauvola (Hadjadj, Meziane, Cherfa, Cheriet, Setitra, "ISauvola: Improved
 * Sauvola's Algorithm for Document Image Binarization", ICIAR 2016), as Doxa
 * implements it (Doxa/ISauvola.hpp, Doxa/ContrastImage.hpp):
 *  1. contrast image c = trunc(255 (max - min) / (eps + max + min)) over the
 *     clipped 3x3 window (Su, Lu, Tan 2010), eps = 0.0001 (8-bit units);
 *  2. high-contrast pixels: c > Otsu(c) (Doxa's Otsu: first maximum of the
 *     between-class variance over levels 0..255, c <= level is low);
 *  3. Sauvola text pixels (v <= T) that are 8-connected to a text pixel of
 *     high contrast are text; all others are background. */
#include <math.h>
#include <stdlib.h>

#include "local_impl.h"

static int doxa_otsu(const uint64_t *hist, uint64_t total)
{
    uint64_t sum = 0, sumB = 0, q1 = 0;
    for (int i = 0; i < 256; i++)
        sum += (uint64_t)i * hist[i];
    double best = 0;
    int thr = 0;
    for (int i = 0; i < 256; i++) {
        q1 += hist[i];
        if (q1 == 0)
            continue;
        uint64_t q2 = total - q1;
        if (q2 == 0)
            break;
        sumB += (uint64_t)i * hist[i];
        double m1m2 = (double)sumB / (double)q1 - (double)(sum - sumB) / (double)q2;
        double between = m1m2 * m1m2 * (double)q1 * (double)q2;
        if (between > best) {
            thr = i;
            best = between;
        }
    }
    return thr;
}

int local_isauvola(const segkit_image *g, const segkit_local_params *p,
                   int dark, segkit_image *out)
{
    int w = g->width, h = g->height;
    size_t px = (size_t)w * (size_t)h;
    if (px > SIZE_MAX / sizeof(float) / 2)
        return SEGKIT_ERR_OVERFLOW;
    float *mn = malloc(px * sizeof *mn), *mx = malloc(px * sizeof *mx);
    segkit_image seed = {0}, text = {0};
    int st = SEGKIT_ERR_NOMEM;
    if (!mn || !mx)
        goto done;
    st = local_minmax(g, 3, mn, mx);
    if (st != SEGKIT_OK)
        goto done;
    st = segkit_image_create(&seed, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        goto done;
    double eps = 0.0001 * local_scale(g->type);
    uint64_t hist[256] = {0};
    for (int y = 0; y < h; y++) {
        uint8_t *c = segkit_image_row(&seed, y);
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            double lo = mn[i], hi = mx[i];
            double r = (hi - lo) / (eps + hi + lo);
            double v = 255 * r;
            c[x] = !(v > 0) ? 0 : v >= 255 ? 255 : (uint8_t)v;
            hist[c[x]]++;
        }
    }
    int t = doxa_otsu(hist, (uint64_t)px);
    for (int y = 0; y < h; y++) {
        uint8_t *c = segkit_image_row(&seed, y);
        for (int x = 0; x < w; x++)
            c[x] = c[x] > t ? 255 : 0;
    }
    st = segkit_image_create(&text, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        goto done;
    st = local_meanvar(g, SEGKIT_LOCAL_SAUVOLA, p, 1, &text);
    if (st != SEGKIT_OK)
        goto done;
    st = local_reconstruct(&text, &seed, 8, out);
    if (st != SEGKIT_OK)
        goto done;
    if (!dark)
        for (int y = 0; y < h; y++) {
            uint8_t *d = segkit_image_row(out, y);
            for (int x = 0; x < w; x++)
                d[x] ^= 255;
        }
done:
    free(mn);
    free(mx);
    segkit_image_free(&seed);
    segkit_image_free(&text);
    return st;
}
