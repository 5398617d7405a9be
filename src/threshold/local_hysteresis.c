/* Hysteresis thresholding (scikit-image apply_hysteresis_threshold) and the
 * seeded reconstruction it shares with ISauvola. */
#include <stdlib.h>
#include <string.h>

#include "local_impl.h"

int local_reconstruct(const segkit_image *mask, const segkit_image *seed,
                      int connectivity, segkit_image *out)
{
    int w = mask->width, h = mask->height;
    size_t cap = 1024, top = 0;
    size_t *stack = malloc(cap * sizeof *stack);
    if (!stack)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < h; y++)
        memset(segkit_image_row(out, y), 0, (size_t)w);
    static const int dx8[8] = {-1, 0, 1, -1, 1, -1, 0, 1};
    static const int dy8[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
    static const int dx4[4] = {0, -1, 1, 0};
    static const int dy4[4] = {-1, 0, 0, 1};
    const int *dx = connectivity == 8 ? dx8 : dx4;
    const int *dy = connectivity == 8 ? dy8 : dy4;
    int nn = connectivity == 8 ? 8 : 4;
    for (int y = 0; y < h; y++) {
        const uint8_t *sr = segkit_image_row(seed, y);
        const uint8_t *mr = segkit_image_row(mask, y);
        uint8_t *orow = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            if (!sr[x] || mr[x] != 255 || orow[x])
                continue;
            orow[x] = 255;
            top = 0;
            stack[top++] = (size_t)y * (size_t)w + (size_t)x;
            while (top > 0) {
                size_t i = stack[--top];
                int cy = (int)(i / (size_t)w), cx = (int)(i % (size_t)w);
                for (int k = 0; k < nn; k++) {
                    int ny = cy + dy[k], nx = cx + dx[k];
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                        continue;
                    uint8_t *o = (uint8_t *)segkit_image_row(out, ny) + nx;
                    const uint8_t *mv = (const uint8_t *)segkit_image_row(mask, ny) + nx;
                    if (*o || *mv != 255)
                        continue;
                    *o = 255;
                    if (top == cap) {
                        if (cap > SIZE_MAX / 2 / sizeof *stack) {
                            free(stack);
                            return SEGKIT_ERR_OVERFLOW;
                        }
                        size_t *ns = realloc(stack, 2 * cap * sizeof *stack);
                        if (!ns) {
                            free(stack);
                            return SEGKIT_ERR_NOMEM;
                        }
                        stack = ns;
                        cap *= 2;
                    }
                    stack[top++] = (size_t)ny * (size_t)w + (size_t)nx;
                }
            }
        }
    }
    free(stack);
    return SEGKIT_OK;
}

/* light: weak = v > low, strong = v > high; dark (the mirror image):
 * weak = v < high, strong = v < low.  Output: weak pixels connected to a
 * strong one (connectivity 4 as skimage's ndi.label default, or 8). */
int local_hysteresis(const segkit_image *g, const segkit_local_params *p,
                     int dark, segkit_image *out)
{
    segkit_image weak, strong;
    int st = segkit_image_create(&weak, g->width, g->height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_image_create(&strong, g->width, g->height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK) {
        segkit_image_free(&weak);
        return st;
    }
    for (int y = 0; y < g->height; y++) {
        const void *row = segkit_image_row(g, y);
        uint8_t *wk = segkit_image_row(&weak, y), *sg = segkit_image_row(&strong, y);
        for (int x = 0; x < g->width; x++) {
            double v = local_sample(g, row, x);
            if (!dark) {
                wk[x] = v > p->low ? 255 : 0;
                sg[x] = v > p->high ? 255 : 0;
            } else {
                wk[x] = v < p->high ? 255 : 0;
                sg[x] = v < p->low ? 255 : 0;
            }
        }
    }
    st = local_reconstruct(&weak, &strong, p->connectivity, out);
    segkit_image_free(&weak);
    segkit_image_free(&strong);
    return st;
}
