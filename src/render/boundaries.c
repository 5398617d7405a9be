/* Boundaries between labelled regions, as scikit-image's
 * skimage.segmentation.find_boundaries(label_img, connectivity=1, mode,
 * background=0) (skimage/segmentation/boundaries.py, 0.19):
 *   thick:    dilation(L, cross) != erosion(L, cross);
 *   inner:    thick & (L != 0);
 *   outer:    thick & (L == 0 | (dilation(L, 3x3) != erosion(L', 3x3)) & L != 0),
 *             L' = L with the background set to the type's maximum;
 *   subpixel: on the (2h - 1) x (2w - 1) grid, a position between pixels is
 *             a boundary when its 3 x 3 window holds two labels besides the
 *             filler, i.e. when the 2 (or 4) pixels around it differ.
 * scipy's grey dilation/erosion reflect at the edge, so a neighbourhood is
 * the pixels inside the image: the image edge is no boundary. */
#include <string.h>

#include "internal/names.h"
#include "render_internal.h"

static const char *const mode_names[SEGKIT_BOUNDARY_COUNT] = {"thick", "inner", "outer",
                                                              "subpixel"};

const char *segkit_boundary_mode_name(segkit_boundary_mode mode)
{
    return (unsigned)mode < SEGKIT_BOUNDARY_COUNT ? mode_names[mode] : NULL;
}

int segkit_boundary_mode_parse(const char *name, segkit_boundary_mode *mode)
{
    int i = name_index(mode_names, SEGKIT_BOUNDARY_COUNT, name);
    if (i < 0 || !mode)
        return SEGKIT_ERR_ARG;
    *mode = (segkit_boundary_mode)i;
    return SEGKIT_OK;
}

/* max(L) != min(L') over the in-image 3 x 3 neighbourhood of (x, y), with
 * L' = L, background -> INT32_MAX: outer's "adjacent objects" test */
static int adjacent_objects(const segkit_image *l, int x, int y)
{
    int32_t mx = INT32_MIN, mn = INT32_MAX;
    for (int dy = -1; dy <= 1; dy++) {
        if (y + dy < 0 || y + dy >= l->height)
            continue;
        const int32_t *r = segkit_image_row(l, y + dy);
        for (int dx = -1; dx <= 1; dx++) {
            if (x + dx < 0 || x + dx >= l->width)
                continue;
            int32_t v = r[x + dx];
            mx = v > mx ? v : mx;
            v = v == 0 ? INT32_MAX : v;
            mn = v < mn ? v : mn;
        }
    }
    return mx != mn;
}

static void pixel_modes(const segkit_image *l, segkit_boundary_mode mode, segkit_image *m)
{
    int w = l->width, h = l->height;
    for (int y = 0; y < h; y++) {
        const int32_t *r = segkit_image_row(l, y);
        const int32_t *up = y > 0 ? segkit_image_row(l, y - 1) : r;
        const int32_t *dn = y + 1 < h ? segkit_image_row(l, y + 1) : r;
        uint8_t *d = segkit_image_row(m, y);
        for (int x = 0; x < w; x++) {
            int32_t v = r[x];
            int b = up[x] != v || dn[x] != v || (x > 0 && r[x - 1] != v) ||
                    (x + 1 < w && r[x + 1] != v);
            if (b && mode == SEGKIT_BOUNDARY_INNER)
                b = v != 0;
            else if (b && mode == SEGKIT_BOUNDARY_OUTER)
                b = v == 0 || adjacent_objects(l, x, y);
            d[x] = b ? 255 : 0;
        }
    }
}

static void subpixel(const segkit_image *l, segkit_image *m)
{
    for (int y = 0; y < m->height; y++) {
        const int32_t *r0 = segkit_image_row(l, y / 2);
        const int32_t *r1 = y & 1 ? segkit_image_row(l, y / 2 + 1) : r0;
        uint8_t *d = segkit_image_row(m, y);
        for (int x = 0; x < m->width; x++) {
            int x0 = x / 2, x1 = x0 + (x & 1);
            d[x] = (x & 1 || y & 1) && (r0[x0] != r0[x1] || r0[x0] != r1[x0] ||
                                         r0[x0] != r1[x1])
                       ? 255
                       : 0;
        }
    }
}

int segkit_render_boundaries(const segkit_image *labels, segkit_boundary_mode mode,
                             segkit_image *mask)
{
    if (mask)
        *mask = (segkit_image){0};
    segkit_image tmp;
    const segkit_image *l;
    int st = rd_labels_i32(labels, &tmp, &l);
    if (st != SEGKIT_OK)
        return st;
    if (!mask || (unsigned)mode >= SEGKIT_BOUNDARY_COUNT ||
        (mode == SEGKIT_BOUNDARY_SUBPIXEL && (l->width > (1 << 30) || l->height > (1 << 30)))) {
        segkit_image_free(&tmp);
        return SEGKIT_ERR_ARG;
    }
    if (mode == SEGKIT_BOUNDARY_SUBPIXEL)
        st = segkit_image_create(mask, 2 * l->width - 1, 2 * l->height - 1, 1, SEGKIT_U8);
    else
        st = segkit_image_create(mask, l->width, l->height, 1, SEGKIT_U8);
    if (st == SEGKIT_OK) {
        if (mode == SEGKIT_BOUNDARY_SUBPIXEL)
            subpixel(l, mask);
        else
            pixel_modes(l, mode, mask);
    }
    segkit_image_free(&tmp);
    return st;
}
