/* Fast path of the local mean for u8 images (segkit's exact "v > S/n - C"
 * with an integral C, and OpenCV's adaptive mean).
 *
 * Box sums: 32-bit running column sums (one row added and one dropped per
 * output row, fused in one vectorised pass), then a prefix sum along the row
 * (SSE2 scan, local_simd.h) so that each window's sum is P[x + W] - P[x]
 * (exact modulo 2^32, and the true sum of a u8 window of < 2^24 pixels is
 * below 2^32).
 *
 * Compare without a division: with u = clamp(v + C, 0, 256),
 *   mode 0 (segkit):  v + C > S/n             <=>  u n > S
 *   mode 1 (OpenCV):  round(S/n) <= v + C - 1  <=>  u (2n) > 2 S + n
 * (clamping keeps every decision: u = 0 is never above, u = 256 always,
 * since S <= 255 n).  u N stays below 2^32 for n < 2^23 (W <= 2896), so a
 * row of full-width windows is one branch-free 32-bit loop that the compiler
 * vectorises (and an AVX2 clone of it where the CPU has AVX2). */
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"
#include "local_simd.h"

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

static void col_addsub(uint32_t *restrict c, const uint8_t *restrict a,
                       const uint8_t *restrict s, int w)
{
    for (int x = 0; x < w; x++)
        c[x] += (uint32_t)a[x] - s[x];
}

/* d[x] = 255 iff u N > (S << shift) + add, S = P[x + W] - P[x], xor flip. */
LOCAL_INLINE void cmp_body(const uint8_t *restrict v,
                           const uint32_t *restrict P, int W,
                           uint8_t *restrict d, int n, uint32_t N, int shift,
                           uint32_t add, int c, uint8_t flip)
{
    for (int x = 0; x < n; x++) {
        int u = v[x] + c;
        u = u < 0 ? 0 : u;
        u = u > 256 ? 256 : u;
        uint32_t s = ((P[x + W] - P[x]) << shift) + add;
        d[x] = (uint8_t)((uint8_t)-(uint8_t)((uint32_t)u * N > s) ^ flip);
    }
}

static void cmp_generic(const uint8_t *restrict v, const uint32_t *restrict P,
                        int W, uint8_t *restrict d, int n, uint32_t N,
                        int shift, uint32_t add, int c, uint8_t flip)
{
    cmp_body(v, P, W, d, n, N, shift, add, c, flip);
}

#if LOCAL_HAVE_AVX2_CLONE
LOCAL_TARGET_AVX2
static void cmp_avx2(const uint8_t *restrict v, const uint32_t *restrict P,
                     int W, uint8_t *restrict d, int n, uint32_t N, int shift,
                     uint32_t add, int c, uint8_t flip)
{
    cmp_body(v, P, W, d, n, N, shift, add, c, flip);
}
#endif

int local_mean_u8(const segkit_image *g, int window, segkit_border border,
                  int mode, long long c, int dark, segkit_image *out)
{
    int w = g->width, h = g->height, W = window;
    int a = local_before(W), b = local_after(W);
    if ((long long)W * W >= (1LL << 23))
        return SEGKIT_ERR_UNSUPPORTED; /* callers take the 64-bit path */
    /* beyond +-256 every decision is the same as at +-256 */
    int cc = c < -256 ? -256 : c > 256 ? 256 : (int)c;
    size_t pw = (size_t)w + (size_t)W - 1;
    uint32_t *colbuf = calloc(pw, sizeof *colbuf);
    uint32_t *P = malloc((pw + 1) * sizeof *P);
    int *xmap = malloc(pw * sizeof *xmap);
    uint32_t *xcount = malloc((size_t)w * sizeof *xcount);
    if (!colbuf || !P || !xmap || !xcount) {
        free(colbuf);
        free(P);
        free(xmap);
        free(xcount);
        return SEGKIT_ERR_NOMEM;
    }
    void (*cmp)(const uint8_t *restrict, const uint32_t *restrict, int,
                uint8_t *restrict, int, uint32_t, int, uint32_t, int,
                uint8_t) = cmp_generic;
#if LOCAL_HAVE_AVX2_CLONE
    if (local_cpu_avx2())
        cmp = cmp_avx2;
#endif
    uint32_t *col = colbuf + a;
    local_border_map(xmap, pw, a, w, border);
    for (int x = 0; x < w; x++)
        xcount[x] = (uint32_t)local_window_count(x, a, b, w, border);
    int x0, x1; /* columns whose window is full width: [x0, x1) */
    local_full_run(xcount, w, (uint32_t)W, &x0, &x1);
    for (int r = -a; r < b; r++) {
        int m = local_border_index(r, h, border);
        if (m >= 0)
            col_add(col, segkit_image_row(g, m), w);
    }
    uint8_t flip = dark ? 0xff : 0;
    for (int y = 0; y < h; y++) {
        int add = local_border_index(y + b, h, border);
        int drop = y > 0 ? local_border_index(y - 1 - a, h, border) : -1;
        if (add >= 0 && drop >= 0)
            col_addsub(col, segkit_image_row(g, add),
                       segkit_image_row(g, drop), w);
        else if (add >= 0)
            col_add(col, segkit_image_row(g, add), w);
        else if (drop >= 0)
            col_sub(col, segkit_image_row(g, drop), w);
        for (int j = 0; j < a; j++)
            colbuf[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
        for (size_t j = (size_t)a + (size_t)w; j < pw; j++)
            colbuf[j] = xmap[j] >= 0 ? col[xmap[j]] : 0;
        local_prefix_u32(colbuf, P, pw);
        uint32_t rows = (uint32_t)local_window_count(y, a, b, h, border);
        const uint8_t *src = segkit_image_row(g, y);
        uint8_t *d = segkit_image_row(out, y);
        uint32_t n = rows * (uint32_t)W; /* full-width windows share n */
        if (x1 > x0)
            cmp(src + x0, P + x0, W, d + x0, x1 - x0, n << mode, mode,
                mode ? n : 0, cc, flip);
        for (int x = 0; x < w; x++) {
            if (x == x0)
                x = x1;
            if (x >= w)
                break;
            uint32_t nx = rows * xcount[x];
            int u = src[x] + cc;
            u = u < 0 ? 0 : u > 256 ? 256 : u;
            uint32_t sx = ((P[x + W] - P[x]) << mode) + (mode ? nx : 0);
            d[x] = (uint8_t)((uint8_t)-(uint8_t)((uint32_t)u * (nx << mode) > sx) ^ flip);
        }
    }
    free(colbuf);
    free(P);
    free(xmap);
    free(xcount);
    return SEGKIT_OK;
}
