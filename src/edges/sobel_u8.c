/* The 3x3 Sobel magnitude of an 8-bit image in one pass: integer
 * differences (exact), then sqrt in float.  The same numbers as the general
 * path (skimage.filters.sobel: sqrt((gx^2 + gy^2) / 2) with gx, gy on the
 * [0, 1] scale) to float rounding:
 *     Gx = (u[x+1] - u[x-1]) + 2 (c[x+1] - c[x-1]) + (d[x+1] - d[x-1])
 *     Gy = (d[x-1] - u[x-1]) + 2 (d[x] - u[x]) + (d[x+1] - u[x+1])
 *     magnitude = sqrt(Gx^2 + Gy^2) / (4 * 255 * sqrt 2)     (L1: (|Gx| + |Gy|) / (8 * 255))
 * The row loop is plain C that gcc vectorises; it is compiled twice, for
 * the build's baseline and with AVX2, chosen at run time. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"

#define ROW_BODY                                                                      \
    for (int x = 0; x < n; x++) {                                                     \
        int gx = (u[x + 2] - u[x]) + 2 * (c[x + 2] - c[x]) + (d[x + 2] - d[x]);       \
        int gy = (d[x] - u[x]) + 2 * (d[x + 1] - u[x + 1]) + (d[x + 2] - u[x + 2]);   \
        float m = l1 ? (float)(abs(gx) + abs(gy))                                     \
                     : sqrtf((float)(gx * gx + gy * gy));                             \
        o[x] = m * k;                                                                 \
    }

/* o[x] for x in [0, n): the magnitude at column x + 1 of rows u, c, d */
static void row_base(const uint8_t *u, const uint8_t *c, const uint8_t *d, float *o,
                     int n, int l1, float k)
{
    ROW_BODY
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
__attribute__((target("avx2"))) static void row_avx2(const uint8_t *u, const uint8_t *c,
                                                     const uint8_t *d, float *o, int n,
                                                     int l1, float k)
{
    ROW_BODY
}
static int have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
#define row_avx2 row_base
static int have_avx2(void) { return 0; }
#endif

int edges_sobel_mag_u8(const segkit_image *in, segkit_border border, int l1,
                       segkit_type out_type, double out_scale, segkit_image *out)
{
    int w = in->width, h = in->height;
    int st = segkit_image_create(out, w, h, 1, out_type);
    if (st != SEGKIT_OK)
        return st;
    /* rows padded by one column each side, by the border mode */
    uint8_t *pad = malloc(3 * ((size_t)w + 2));
    float *o = out_type == SEGKIT_F32 ? NULL : malloc((size_t)w * sizeof *o);
    if (!pad || (out_type != SEGKIT_F32 && !o)) {
        free(pad);
        free(o);
        segkit_image_free(out);
        return SEGKIT_ERR_NOMEM;
    }
    void (*row)(const uint8_t *, const uint8_t *, const uint8_t *, float *, int, int, float) =
        have_avx2() ? row_avx2 : row_base;
    float k = l1 ? (float)(1.0 / (8 * 255.0)) : (float)(1.0 / (4 * 255.0 * sqrt(2.0)));
    int xl = border_index(-1, w, border), xr = border_index(w, w, border);
    uint8_t *rp[3] = {pad, pad + w + 2, pad + 2 * ((size_t)w + 2)};
    for (int y = 0; y < h; y++) {
        for (int j = 0; j < 3; j++) {
            int yy = border_index(y + j - 1, h, border);
            uint8_t *p = rp[j];
            if (yy < 0) {
                memset(p, 0, (size_t)w + 2);
                continue;
            }
            const uint8_t *s = segkit_image_row(in, yy);
            memcpy(p + 1, s, (size_t)w);
            p[0] = xl < 0 ? 0 : s[xl];
            p[w + 1] = xr < 0 ? 0 : s[xr];
        }
        float *dst = out_type == SEGKIT_F32 ? (float *)segkit_image_row(out, y) : o;
        row(rp[0], rp[1], rp[2], dst, w, l1, k);
        if (out_type == SEGKIT_U16) {
            uint16_t *d16 = segkit_image_row(out, y);
            for (int x = 0; x < w; x++) {
                double v = o[x] * out_scale;
                d16[x] = !(v > 0) ? 0 : v >= 65535 ? 65535 : (uint16_t)lrint(v);
            }
        }
    }
    free(pad);
    free(o);
    return SEGKIT_OK;
}
