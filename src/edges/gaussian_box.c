/* A Gaussian of large sigma as a cascade of box filters (Wells 1986; the
 * widths as Kovesi, "Fast almost-Gaussian filtering", DICTA 2010): n boxes
 * per axis, m of odd width wl and n - m of width wl + 2, chosen so that the
 * variances add up to sigma^2 (to within the rounding of m).  Each box is a
 * running sum, so the cost does not grow with sigma.  The cascade's kernel is
 * a piecewise polynomial, not the Gaussian: tests/unit/test_canny.c bounds
 * its difference from the exact kernel (EDGES_BOX_PASSES, EDGES_BOX_SIGMA in
 * edges_internal.h say how it is used). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"

void edges_box_widths(double sigma, int n, int *width)
{
    double ideal = sqrt(12 * sigma * sigma / n + 1);
    int wl = (int)floor(ideal);
    if (wl % 2 == 0)
        wl--;
    if (wl < 1)
        wl = 1;
    int wu = wl + 2;
    double mm = (12 * sigma * sigma - n * (double)wl * wl - 4.0 * n * wl - 3.0 * n) /
                (-4.0 * wl - 4);
    int m = (int)lround(mm);
    m = m < 0 ? 0 : m > n ? n : m;
    for (int i = 0; i < n; i++)
        width[i] = i < m ? wl : wu;
}

/* one box of radius r along a line of n samples at stride s (in place), the
 * outside by the border mode (CLIP: 0); t holds n + 2 r doubles */
static void box_line(float *v, size_t s, int n, int r, segkit_border border, double *t)
{
    for (int j = -r; j < n + r; j++) {
        int k = border_index(j, n, border);
        t[j + r] = k < 0 ? 0.0 : v[(size_t)k * s];
    }
    double acc = 0, inv = 1.0 / (2 * r + 1);
    for (int j = 0; j < 2 * r + 1; j++)
        acc += t[j];
    for (int i = 0; i < n; i++) {
        v[(size_t)i * s] = (float)(acc * inv);
        if (i + 1 < n)
            acc += t[i + 2 * r + 1] - t[i];
    }
}

enum { SW = 32 };   /* lines filtered side by side */

/* The boxes along one axis of SW lines held side by side in a strip: a[(i +
 * rmax) SW + j] is sample i of line j, i in [0, n); the rows -rmax .. n +
 * rmax - 1 exist.  Each box is a running sum (float, vectorised across the
 * lines) from one buffer into the other; the result ends in *res. */
static void strip_boxes(float *a, float *b, int n, int rmax, const int *wd,
                        segkit_border border, float **res)
{
    float acc[SW];
    for (int k = 0; k < EDGES_BOX_PASSES; k++) {
        int r = wd[k] / 2;
        float inv = (float)(1.0 / (2 * r + 1));
        for (int j = -r; j < n + r; j = j == -1 ? n : j + 1) {
            int yy = border_index(j, n, border);
            float *d = a + (size_t)(j + rmax) * SW;
            if (yy < 0)
                memset(d, 0, SW * sizeof *d);
            else
                memcpy(d, a + (size_t)(yy + rmax) * SW, SW * sizeof *d);
        }
        for (int x = 0; x < SW; x++)
            acc[x] = 0;
        for (int j = -r; j <= r; j++) {
            const float *q = a + (size_t)(j + rmax) * SW;
            for (int x = 0; x < SW; x++)
                acc[x] += q[x];
        }
        for (int y = 0; y < n; y++) {
            float *d = b + (size_t)(y + rmax) * SW;
            for (int x = 0; x < SW; x++)
                d[x] = acc[x] * inv;
            if (y + 1 == n)
                break;
            const float *add = a + (size_t)(y + r + 1 + rmax) * SW;
            const float *sub = a + (size_t)(y - r + rmax) * SW;
            for (int x = 0; x < SW; x++)
                acc[x] += add[x] - sub[x];
        }
        float *t = a;
        a = b;
        b = t;
    }
    *res = a;
}

int edges_gauss_box(float *p, int w, int h, double sigma, segkit_border border)
{
    int wd[EDGES_BOX_PASSES];
    edges_box_widths(sigma, EDGES_BOX_PASSES, wd);
    int rmax = wd[EDGES_BOX_PASSES - 1] / 2;
    size_t len = (size_t)(w > h ? w : h) + 2 * (size_t)rmax;
    double *t = malloc(len * sizeof *t);
    float *nx = malloc(((size_t)w + (size_t)h) * sizeof *nx), *ny = nx ? nx + w : NULL;
    float *A = calloc(2 * len * SW, sizeof *A), *B = A ? A + len * SW : NULL;
    if (!t || !nx || !A) {
        free(t);
        free(nx);
        free(A);
        return SEGKIT_ERR_NOMEM;
    }
    float *res;
    /* along the rows: SW rows at a time, transposed into the strip */
    for (int y0 = 0; y0 < h; y0 += SW) {
        int ch = h - y0 < SW ? h - y0 : SW;
        for (int j = 0; j < ch; j++) {
            const float *q = p + (size_t)(y0 + j) * w;
            float *d = A + (size_t)rmax * SW + j;
            for (int x = 0; x < w; x++)
                d[(size_t)x * SW] = q[x];
        }
        strip_boxes(A, B, w, rmax, wd, border, &res);
        for (int j = 0; j < ch; j++) {
            float *q = p + (size_t)(y0 + j) * w;
            const float *d = res + (size_t)rmax * SW + j;
            for (int x = 0; x < w; x++)
                q[x] = d[(size_t)x * SW];
        }
    }
    /* down the columns: SW columns at a time */
    for (int x0 = 0; x0 < w; x0 += SW) {
        int cw = w - x0 < SW ? w - x0 : SW;
        for (int y = 0; y < h; y++)
            memcpy(A + (size_t)(y + rmax) * SW, p + (size_t)y * w + x0, (size_t)cw * sizeof *A);
        strip_boxes(A, B, h, rmax, wd, border, &res);
        for (int y = 0; y < h; y++)
            memcpy(p + (size_t)y * w + x0, res + (size_t)(y + rmax) * SW, (size_t)cw * sizeof *A);
    }
    free(A);
    /* CLIP: divided by the cascade of a plane of ones, the outer product of
     * the row and column cascades of ones (skimage's bleed-over division) */
    if (border == SEGKIT_BORDER_CLIP) {
        for (int x = 0; x < w; x++)
            nx[x] = 1.0f;
        for (int y = 0; y < h; y++)
            ny[y] = 1.0f;
        for (int k = 0; k < EDGES_BOX_PASSES; k++) {
            box_line(nx, 1, w, wd[k] / 2, border, t);
            box_line(ny, 1, h, wd[k] / 2, border, t);
        }
        for (int y = 0; y < h; y++) {
            float *d = p + (size_t)y * w;
            for (int x = 0; x < w; x++)
                d[x] /= ny[y] * nx[x];
        }
    }
    free(t);
    free(nx);
    return SEGKIT_OK;
}
