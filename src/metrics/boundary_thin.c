/* Thinning as MATLAB's bwmorph(bw, 'thin', n).
 *
 * L. Lam, S.-W. Lee, C. Y. Suen, "Thinning Methodologies - A Comprehensive
 * Survey", IEEE TPAMI 14(9):869-885, 1992, p. 879 (the algorithm MATLAB's
 * documentation cites).  Number the eight neighbours of p counter-clockwise
 * starting east: x1 = E, x2 = NE, x3 = N, x4 = NW, x5 = W, x6 = SW, x7 = S,
 * x8 = SE (x9 = x1), rows growing downwards.
 *   G1: X_H(p) = 1, X_H = sum_{i=1..4} b_i, b_i = 1 iff x_{2i-1} = 0 and
 *       (x_{2i} = 1 or x_{2i+1} = 1)   (crossing number)
 *   G2: 2 <= min(n1, n2) <= 3, n1 = sum_{k=1..4} (x_{2k-1} | x_{2k}),
 *       n2 = sum_{k=1..4} (x_{2k} | x_{2k+1})
 *   G3: (x2 | x3 | !x8) & x1 = 0        (first subiteration)
 *   G3': (x6 | x7 | !x4) & x5 = 0       (second subiteration)
 * Each subiteration decides every deletion on the image as it was at the
 * start of the subiteration (MATLAB applies a lookup table to the whole
 * image), pixels outside the image are 0; one iteration is the two
 * subiterations, repeated until nothing changes for n = Inf.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/boundary_internal.h"

/* Bit k-1 of the neighbourhood code is x_k. */
static void build_tables(uint8_t del1[256], uint8_t del2[256])
{
    for (int code = 0; code < 256; code++) {
        int x[10];
        for (int k = 1; k <= 8; k++)
            x[k] = (code >> (k - 1)) & 1;
        x[9] = x[1];
        int xh = 0;
        for (int i = 1; i <= 4; i++)
            xh += !x[2 * i - 1] && (x[2 * i] || x[2 * i + 1]);
        int n1 = 0, n2 = 0;
        for (int k = 1; k <= 4; k++) {
            n1 += x[2 * k - 1] | x[2 * k];
            n2 += x[2 * k] | x[2 * k + 1];
        }
        int mn = n1 < n2 ? n1 : n2;
        int g12 = xh == 1 && mn >= 2 && mn <= 3;
        int g3 = ((x[2] | x[3] | !x[8]) & x[1]) == 0;
        int g3b = ((x[6] | x[7] | !x[4]) & x[5]) == 0;
        del1[code] = (uint8_t)(g12 && g3);
        del2[code] = (uint8_t)(g12 && g3b);
    }
}

static inline int code_at(const uint8_t *m, int w, int h, int x, int y)
{
    const uint8_t *r = m + (size_t)y * w;
    const uint8_t *up = y > 0 ? r - w : NULL;
    const uint8_t *dn = y + 1 < h ? r + w : NULL;
    int l = x > 0, rt = x + 1 < w;
    int c = 0;
    if (rt && r[x + 1]) c |= 1;              /* x1 E  */
    if (up && rt && up[x + 1]) c |= 2;       /* x2 NE */
    if (up && up[x]) c |= 4;                 /* x3 N  */
    if (up && l && up[x - 1]) c |= 8;        /* x4 NW */
    if (l && r[x - 1]) c |= 16;              /* x5 W  */
    if (dn && l && dn[x - 1]) c |= 32;       /* x6 SW */
    if (dn && dn[x]) c |= 64;                /* x7 S  */
    if (dn && rt && dn[x + 1]) c |= 128;     /* x8 SE */
    return c;
}

void segkit__bdry_thin(uint8_t *map, int w, int h, int max_iter,
                       int32_t *scratch)
{
    uint8_t del1[256], del2[256];
    build_tables(del1, del2);
    /* Only foreground pixels can change; keep them in a list (scratch) so
     * that later iterations skip the background. */
    size_t nfg = 0, n = (size_t)w * h;
    for (size_t i = 0; i < n; i++)
        if (map[i])
            scratch[nfg++] = (int32_t)i;
    for (int it = 0; max_iter < 0 || it < max_iter; it++) {
        int changed = 0;
        for (int sub = 0; sub < 2; sub++) {
            const uint8_t *del = sub == 0 ? del1 : del2;
            /* Mark first (value 2 = to delete) so that decisions see the
             * image as it was at the start of the subiteration. */
            size_t ndel = 0;
            for (size_t k = 0; k < nfg; k++) {
                int32_t i = scratch[k];
                int y = (int)(i / w), x = (int)(i % w);
                if (del[code_at(map, w, h, x, y)]) {
                    /* swap into the front part of the list */
                    scratch[k] = scratch[ndel];
                    scratch[ndel++] = i;
                }
            }
            for (size_t k = 0; k < ndel; k++)
                map[scratch[k]] = 0;
            if (ndel) {
                changed = 1;
                memmove(scratch, scratch + ndel,
                        (nfg - ndel) * sizeof *scratch);
                nfg -= ndel;
            }
        }
        if (!changed)
            break;
    }
}

int segkit_boundary_thin(const segkit_image *src, segkit_image *dst,
                         int max_iter)
{
    if (!dst)
        return SEGKIT_ERR_ARG;
    memset(dst, 0, sizeof *dst);
    if (!src || !src->data)
        return SEGKIT_ERR_ARG;
    if (src->channels != 1)
        return SEGKIT_ERR_TYPE;
    size_t n;
    int st = segkit__bdry_npix(src->width, src->height, &n);
    if (st)
        return st;
    if (n > (size_t)INT32_MAX || n > SIZE_MAX / sizeof(int32_t))
        return SEGKIT_ERR_OVERFLOW;
    st = segkit_image_create(dst, src->width, src->height, 1, SEGKIT_U8);
    if (st)
        return st;
    int32_t *scratch = malloc(n * sizeof *scratch);
    uint8_t *tmp = malloc(n);
    if (!scratch || !tmp) {
        free(scratch);
        free(tmp);
        segkit_image_free(dst);
        return SEGKIT_ERR_NOMEM;
    }
    st = segkit__bdry_binary(src, tmp);
    if (st == SEGKIT_OK) {
        segkit__bdry_thin(tmp, src->width, src->height, max_iter, scratch);
        for (int y = 0; y < src->height; y++)
            memcpy(segkit_image_row(dst, y), tmp + (size_t)y * src->width,
                   (size_t)src->width);
    } else {
        segkit_image_free(dst);
    }
    free(scratch);
    free(tmp);
    return st;
}
