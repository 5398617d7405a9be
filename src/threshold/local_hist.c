/* Sliding-histogram methods: median (T = median - C) and localotsu (T =
 * Otsu's level of the window histogram), u8 only.
 *
 * Perreault & Hebert, "Median Filtering in Constant Time" (IEEE TIP 2007):
 * one histogram per image column covers the window's rows and is updated by
 * one row in, one row out; the window histogram moves along the row by
 * adding one column histogram and subtracting another.  256 additions per
 * pixel whatever the window size.  The median is the smallest level m with
 * at least (n + 1) / 2 samples <= m (the lower median for even n). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

static int map_index(int r, int n, segkit_border border)
{
    if (r >= 0 && r < n)
        return r;
    if (border == SEGKIT_BORDER_REPLICATE)
        return r < 0 ? 0 : n - 1;
    if (border == SEGKIT_BORDER_REFLECT) {
        long long period = 2LL * n;
        long long m = ((long long)r % period + period) % period;
        return (int)(m < n ? m : period - 1 - m);
    }
    return -1;
}

/* Otsu level (first maximum of the between-class variance): v > level is
 * the upper class. */
static int otsu_level(const uint32_t *hist, uint64_t total)
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
        double d = (double)sumB / (double)q1 - (double)(sum - sumB) / (double)q2;
        double between = d * d * (double)q1 * (double)q2;
        if (between > best) {
            best = between;
            thr = i;
        }
    }
    return thr;
}

int local_hist_methods(const segkit_image *g, segkit_local_method m,
                       const segkit_local_params *p, int dark,
                       segkit_image *out)
{
    if (g->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    int w = g->width, h = g->height, W = p->window;
    int a = local_before(W), b = local_after(W);
    if ((uint64_t)W * (uint64_t)W >= ((uint64_t)1 << 32))
        return SEGKIT_ERR_OVERFLOW;
    size_t pw = (size_t)w + (size_t)W - 1;
    if (pw > SIZE_MAX / 256 / sizeof(uint32_t))
        return SEGKIT_ERR_OVERFLOW;
    uint32_t *col = calloc((size_t)w * 256, sizeof *col);
    int *xmap = malloc(pw * sizeof *xmap);
    if (!col || !xmap) {
        free(col);
        free(xmap);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t j = 0; j < pw; j++)
        xmap[j] = map_index((int)j - a, w, p->border);
    /* column histograms hold rows y-1-a .. y-1+b before row y */
    for (int r = -a; r < b; r++) {
        int mr = map_index(r, h, p->border);
        if (mr < 0)
            continue;
        const uint8_t *s = segkit_image_row(g, mr);
        for (int x = 0; x < w; x++)
            col[(size_t)x * 256 + s[x]]++;
    }
    double Cd = p->c;
    for (int y = 0; y < h; y++) {
        int add = map_index(y + b, h, p->border);
        if (add >= 0) {
            const uint8_t *s = segkit_image_row(g, add);
            for (int x = 0; x < w; x++)
                col[(size_t)x * 256 + s[x]]++;
        }
        if (y > 0) {
            int drop = map_index(y - 1 - a, h, p->border);
            if (drop >= 0) {
                const uint8_t *s = segkit_image_row(g, drop);
                for (int x = 0; x < w; x++)
                    col[(size_t)x * 256 + s[x]]--;
            }
        }
        uint32_t hist[256] = {0};
        uint64_t n = 0;
        for (int j = 0; j < W - 1; j++)
            if (xmap[j] >= 0) {
                const uint32_t *c = col + (size_t)xmap[j] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] += c[v];
            }
        const uint8_t *s = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            int jin = x + W - 1, jout = x - 1;
            if (xmap[jin] >= 0) {
                const uint32_t *c = col + (size_t)xmap[jin] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] += c[v];
            }
            if (jout >= 0 && xmap[jout] >= 0) {
                const uint32_t *c = col + (size_t)xmap[jout] * 256;
                for (int v = 0; v < 256; v++)
                    hist[v] -= c[v];
            }
            n = 0;
            for (int v = 0; v < 256; v++)
                n += hist[v];
            int fg;
            if (m == SEGKIT_LOCAL_MEDIAN) {
                uint64_t half = (n + 1) / 2, cum = 0;
                int med = 0;
                for (int v = 0; v < 256; v++) {
                    cum += hist[v];
                    if (cum >= half) {
                        med = v;
                        break;
                    }
                }
                fg = (double)s[x] > med - Cd;
            } else {
                fg = s[x] > otsu_level(hist, n);
            }
            d[x] = (uint8_t)((fg ^ dark) ? 255 : 0);
        }
    }
    free(col);
    free(xmap);
    return SEGKIT_OK;
}
