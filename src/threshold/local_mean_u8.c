/* Fast path of the local mean for u8 images (segkit's exact "v > S/n - C"
 * with an integral C, and OpenCV's adaptive mean): the box sums of
 * local_box.c specialised to 32-bit lanes (a u8 window of up to 4096 x 4096
 * pixels sums to less than 2^32), and the comparison turned into a table
 * lookup per row, so that the per-pixel work is a few integer operations:
 * add/remove a row to the column sums (vectorised), one running sum along
 * the row, one lookup and a branch-free compare. */
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

static void col_add(uint32_t *restrict c, const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++)
        c[x] += s[x];
}

static void col_sub(uint32_t *restrict c, const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++)
        c[x] -= s[x];
}

/* The bound L with "foreground (light) iff (S << mode) < L" for pixel v and
 * window count n.  mode 0: (v + c) n > S, i.e. v > S/n - c (c integral).
 * mode 1 (OpenCV): round(S/n) <= t = v + c - 1  <=>  2 S < (2 t + 1) n. */
static long long bound(int mode, int v, long long c, long long n)
{
    if (mode == 0)
        return (v + c) * n;
    long long t = v + c - 1;
    return t < 0 ? 0 : t >= 255 ? (1LL << 62) : (2 * t + 1) * n;
}

int local_mean_u8(const segkit_image *g, int window, segkit_border border,
                  int mode, long long c, int dark, segkit_image *out)
{
    int w = g->width, h = g->height, W = window;
    int a = local_before(W), b = local_after(W);
    if (W > 4096)
        return SEGKIT_ERR_UNSUPPORTED; /* callers take the 64-bit path */
    size_t pw = (size_t)w + (size_t)W - 1;
    uint32_t *colbuf = calloc(pw, sizeof *colbuf);
    uint32_t *S = malloc((size_t)w * sizeof *S);
    int *xmap = malloc(pw * sizeof *xmap);
    uint32_t *xcount = malloc((size_t)w * sizeof *xcount);
    if (!colbuf || !S || !xmap || !xcount) {
        free(colbuf);
        free(S);
        free(xmap);
        free(xcount);
        return SEGKIT_ERR_NOMEM;
    }
    uint32_t *col = colbuf + a;
    for (size_t j = 0; j < pw; j++)
        xmap[j] = map_index((int)j - a, w, border);
    for (int x = 0; x < w; x++) {
        int lo = x - a, hi = x + b;
        if (border == SEGKIT_BORDER_CLIP) {
            lo = lo < 0 ? 0 : lo;
            hi = hi > w - 1 ? w - 1 : hi;
        }
        xcount[x] = (uint32_t)(hi - lo + 1);
    }
    /* columns whose window is full width: [x0, x1) */
    int x0 = 0, x1;
    while (x0 < w && xcount[x0] != (uint32_t)W)
        x0++;
    x1 = x0;
    while (x1 < w && xcount[x1] == (uint32_t)W)
        x1++;
    for (int r = -a; r < b; r++) {
        int m = map_index(r, h, border);
        if (m >= 0)
            col_add(col, segkit_image_row(g, m), w);
    }
    uint8_t on = dark ? 0 : 255, off = dark ? 255 : 0;
    uint8_t flip = dark ? 0xff : 0;
    long long tab[256];
    long long nprev = -1;
    for (int y = 0; y < h; y++) {
        int add = map_index(y + b, h, border);
        if (add >= 0)
            col_add(col, segkit_image_row(g, add), w);
        if (y > 0) {
            int drop = map_index(y - 1 - a, h, border);
            if (drop >= 0)
                col_sub(col, segkit_image_row(g, drop), w);
        }
        for (int j = 0; j < a; j++)
            colbuf[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
        for (size_t j = (size_t)a + (size_t)w; j < pw; j++)
            colbuf[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
        uint32_t s = 0;
        for (int j = 0; j < W - 1; j++)
            s += colbuf[j];
        for (int x = 0; x < w; x++) {
            s += colbuf[x + W - 1];
            S[x] = s;
            s -= colbuf[x];
        }
        int lo = y - a, hi = y + b;
        if (border == SEGKIT_BORDER_CLIP) {
            lo = lo < 0 ? 0 : lo;
            hi = hi > h - 1 ? h - 1 : hi;
        }
        long long rows = hi - lo + 1;
        const uint8_t *src = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        long long n = rows * W; /* full-width windows share n: one table */
        if (n != nprev) {
            for (int v = 0; v < 256; v++)
                tab[v] = bound(mode, v, c, n);
            nprev = n;
        }
        for (int x = x0; x < x1; x++) {
            long long sx = (long long)S[x] << mode;
            d[x] = (uint8_t)(-(uint8_t)(sx < tab[src[x]]) ^ flip);
        }
        for (int x = 0; x < w; x++) {
            if (x == x0)
                x = x1;
            if (x >= w)
                break;
            long long sx = (long long)S[x] << mode;
            d[x] = sx < bound(mode, src[x], c, rows * xcount[x]) ? on : off;
        }
    }
    free(colbuf);
    free(S);
    free(xmap);
    free(xcount);
    return SEGKIT_OK;
}
