/* Labels, masks and scalar maps drawn over an image: fill (alpha blending),
 * boundaries (mark_boundaries), avg (label2rgb kind='avg'), label text.  See
 * segkit/render.h for the rules. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/names.h"
#include "render_internal.h"
#include "segkit/label.h"
#include "segkit/morph.h"

static const char *const mode_names[SEGKIT_OVERLAY_MODE_COUNT] = {"fill", "boundary", "both",
                                                                  "avg"};

const char *segkit_overlay_mode_name(segkit_overlay_mode mode)
{
    return (unsigned)mode < SEGKIT_OVERLAY_MODE_COUNT ? mode_names[mode] : NULL;
}

int segkit_overlay_mode_parse(const char *name, segkit_overlay_mode *mode)
{
    int i = name_index(mode_names, SEGKIT_OVERLAY_MODE_COUNT, name);
    if (i < 0 || !mode)
        return SEGKIT_ERR_ARG;
    *mode = (segkit_overlay_mode)i;
    return SEGKIT_OK;
}

segkit_overlay_params segkit_overlay_params_default(void)
{
    segkit_overlay_params p;
    memset(&p, 0, sizeof p);
    p.mode = SEGKIT_OVERLAY_FILL;
    p.alpha = 0.45;
    p.boundary = SEGKIT_BOUNDARY_THICK;
    p.width = 1;
    p.palette.kind = SEGKIT_PALETTE_GLASBEY;
    return p;
}

static int check_params(const segkit_overlay_params *p)
{
    if ((unsigned)p->mode >= SEGKIT_OVERLAY_MODE_COUNT || !(p->alpha >= 0 && p->alpha <= 1) ||
        (unsigned)p->boundary >= SEGKIT_BOUNDARY_COUNT || p->width < 1 || p->width > 64 ||
        p->text_scale < 0 || p->text_scale > 64 ||
        (unsigned)p->palette.kind >= SEGKIT_PALETTE_COUNT ||
        (p->palette.kind == SEGKIT_PALETTE_CUSTOM && (!p->palette.colors || p->palette.n <= 0)))
        return SEGKIT_ERR_ARG;
    return SEGKIT_OK;
}

/* ------------------------------------------------------------ label colours */

/* Label colours: a table for labels 0..n - 1 (n <= LUT_SIZE, or max + 1),
 * the rest computed per pixel; with the fill weight a, the colour's share
 * premultiplied: pm = colour * a + 128. */
#define LUT_SIZE 4096

typedef struct {
    const segkit_overlay_params *p;
    int32_t max; /* the largest label (colormaps only; else 0) */
    uint8_t (*lut)[3];
    uint16_t (*pm)[4];
    int32_t n;
    int a;
} colors;

static void color_of(const colors *c, int32_t l, uint8_t rgb[3])
{
    const segkit_class *k = c->p->classes ? segkit_class_table_find(c->p->classes, l) : NULL;
    if (k) {
        memcpy(rgb, k->color, 3);
    } else if (segkit_palette_is_colormap(c->p->palette.kind)) {
        int64_t i = c->max > 0 ? ((int64_t)l - 1) * 256 / c->max : 0;
        segkit_colormap_entry(c->p->palette.kind, (int)(i > 255 ? 255 : i < 0 ? 0 : i), rgb);
    } else {
        segkit_palette_color(&c->p->palette, l, rgb);
    }
}

static int colors_init(colors *c, const segkit_overlay_params *p, const segkit_image *l, int a)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->a = a;
    int colormap = segkit_palette_is_colormap(p->palette.kind);
    c->max = colormap ? rd_max_label(l) : 0;
    c->n = colormap && c->max < LUT_SIZE ? c->max + 1 : LUT_SIZE;
    c->lut = malloc((size_t)c->n * sizeof *c->lut);
    c->pm = malloc((size_t)c->n * sizeof *c->pm);
    if (!c->lut || !c->pm) {
        free(c->lut);
        free(c->pm);
        return SEGKIT_ERR_NOMEM;
    }
    for (int32_t i = 0; i < c->n; i++) {
        color_of(c, i, c->lut[i]);
        for (int k = 0; k < 3; k++)
            c->pm[i][k] = (uint16_t)(c->lut[i][k] * a + 128);
        c->pm[i][3] = 0;
    }
    return SEGKIT_OK;
}

static void colors_free(colors *c)
{
    free(c->lut);
    free(c->pm);
}

static inline const uint8_t *color_get(const colors *c, int32_t l, uint8_t tmp[3])
{
    if (l < c->n)
        return c->lut[l];
    color_of(c, l, tmp);
    return tmp;
}

/* ------------------------------------------------------------------- fill */

/* One row: d = (s (256 - a) + colour a + 128) >> 8 where label > 0, else s
 * (d may be s). */
static void fill_row(uint8_t *d, const uint8_t *s, const int32_t *r, int w, const colors *c)
{
    int ia = 256 - c->a;
    for (int x = 0; x < w; x++, d += 3, s += 3) {
        int32_t v = r[x];
        if (v <= 0) {
            if (d != s)
                d[0] = s[0], d[1] = s[1], d[2] = s[2];
        } else if (v < c->n) {
            const uint16_t *q = c->pm[v];
            d[0] = (uint8_t)((s[0] * ia + q[0]) >> 8);
            d[1] = (uint8_t)((s[1] * ia + q[1]) >> 8);
            d[2] = (uint8_t)((s[2] * ia + q[2]) >> 8);
        } else {
            uint8_t col[3];
            color_of(c, v, col);
            for (int k = 0; k < 3; k++)
                d[k] = (uint8_t)((s[k] * ia + col[k] * c->a + 128) >> 8);
        }
    }
}

/* out = fill of SRC (3-channel u8, out itself allowed) with labels L */
static void fill(segkit_image *out, const segkit_image *src, const segkit_image *l,
                 const colors *c)
{
    for (int y = 0; y < out->height; y++)
        fill_row(segkit_image_row(out, y), segkit_image_row(src, y), segkit_image_row(l, y),
                 out->width, c);
}

/* ------------------------------------------------------------- boundaries */

/* The label grid of the picture: the labels, or for subpixel the label of
 * the pixel at or up-left of each position. */
static int32_t grid_label(const segkit_image *l, int sub, int x, int y)
{
    return ((const int32_t *)segkit_image_row(l, sub ? y / 2 : y))[sub ? x / 2 : x];
}

static void boundaries(segkit_image *out, const segkit_image *l, const segkit_image *mask,
                       const colors *c, const segkit_overlay_params *p)
{
    int sub = p->boundary == SEGKIT_BOUNDARY_SUBPIXEL, r = p->width;
    for (int y = 0; y < out->height; y++) {
        const uint8_t *m = segkit_image_row(mask, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++) {
            if (!m[x])
                continue;
            int32_t v = grid_label(l, sub, x, y);
            uint8_t tmp[3];
            const uint8_t *col = p->boundary_color;
            if (!p->boundary_color_set) {
                /* the label under it, else the largest label nearby */
                int32_t best = v;
                for (int dy = -r; dy <= r && best <= 0; dy++)
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || yy >= out->height || xx < 0 || xx >= out->width)
                            continue;
                        int32_t u = grid_label(l, sub, xx, yy);
                        best = u > best ? u : best;
                    }
                if (best <= 0)
                    continue;
                col = color_get(c, best, tmp);
            }
            memcpy(d + 3 * (size_t)x, col, 3);
        }
    }
}

/* The boundary mask to draw: find_boundaries, grown to p->width pixels and
 * kept where the mode allows. */
static int boundary_mask(const segkit_image *l, const segkit_overlay_params *p,
                         segkit_image *mask)
{
    int st = segkit_render_boundaries(l, p->boundary, mask);
    if (st != SEGKIT_OK || p->width == 1)
        return st;
    segkit_se se = {SEGKIT_SE_RECT, 2 * p->width - 1, 2 * p->width - 1, 0, 0, 0};
    segkit_image grown;
    st = segkit_morph(mask, SEGKIT_MORPH_DILATE, &se, &grown);
    segkit_image_free(mask);
    if (st != SEGKIT_OK)
        return st;
    *mask = grown;
    if (p->boundary == SEGKIT_BOUNDARY_SUBPIXEL || p->boundary == SEGKIT_BOUNDARY_THICK)
        return SEGKIT_OK;
    /* inner: inside objects; outer: background, or objects next to another */
    segkit_image adj = {0};
    if (p->boundary == SEGKIT_BOUNDARY_OUTER) {
        /* the objects' pixels of the outer boundary are where two objects
         * meet: grown like the mask, so lines between objects are wide too */
        st = segkit_render_boundaries(l, SEGKIT_BOUNDARY_OUTER, &adj);
        for (int y = 0; st == SEGKIT_OK && y < l->height; y++) {
            const int32_t *r = segkit_image_row(l, y);
            uint8_t *a = segkit_image_row(&adj, y);
            for (int x = 0; x < l->width; x++)
                a[x] = r[x] != 0 ? a[x] : 0;
        }
        segkit_image g = {0};
        if (st == SEGKIT_OK)
            st = segkit_morph(&adj, SEGKIT_MORPH_DILATE, &se, &g);
        segkit_image_free(&adj);
        if (st != SEGKIT_OK)
            return st;
        adj = g;
    }
    for (int y = 0; y < l->height; y++) {
        const int32_t *r = segkit_image_row(l, y);
        uint8_t *m = segkit_image_row(mask, y);
        const uint8_t *a = p->boundary == SEGKIT_BOUNDARY_OUTER ? segkit_image_row(&adj, y) : NULL;
        for (int x = 0; x < l->width; x++) {
            if (p->boundary == SEGKIT_BOUNDARY_INNER)
                m[x] = r[x] != 0 ? m[x] : 0;
            else
                m[x] = r[x] == 0 || a[x] ? m[x] : 0;
        }
    }
    if (p->boundary == SEGKIT_BOUNDARY_OUTER)
        segkit_image_free(&adj);
    return SEGKIT_OK;
}

/* ------------------------------------------------------------------- avg */

/* label2rgb(kind='avg'): the mean of each label's pixels (truncated), the
 * background black */
static int avg(segkit_image *out, const segkit_image *l)
{
    int32_t max = rd_max_label(l);
    uint64_t (*sum)[4] = calloc((size_t)max + 1, sizeof *sum);
    if (!sum)
        return SEGKIT_ERR_NOMEM;
    for (int y = 0; y < out->height; y++) {
        const int32_t *r = segkit_image_row(l, y);
        const uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++, d += 3)
            if (r[x] > 0) {
                uint64_t *s = sum[r[x]];
                s[0] += d[0];
                s[1] += d[1];
                s[2] += d[2];
                s[3]++;
            }
    }
    /* the means, truncated, in the sums' place */
    uint8_t (*mean)[3] = (uint8_t(*)[3])sum;
    for (int64_t i = 0; i <= max; i++) {
        uint64_t n = sum[i][3] ? sum[i][3] : 1;
        uint8_t m[3] = {(uint8_t)(sum[i][0] / n), (uint8_t)(sum[i][1] / n),
                        (uint8_t)(sum[i][2] / n)};
        memcpy(mean[i], m, 3); /* mean[i] ends before sum[i] begins */
    }
    for (int y = 0; y < out->height; y++) {
        const int32_t *r = segkit_image_row(l, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++, d += 3) {
            const uint8_t *m = r[x] > 0 ? mean[r[x]] : (const uint8_t[3]){0, 0, 0};
            d[0] = m[0], d[1] = m[1], d[2] = m[2];
        }
    }
    free(sum);
    return SEGKIT_OK;
}

/* ------------------------------------------------------------------- text */

static int label_text(segkit_image *out, const segkit_image *l, const segkit_overlay_params *p,
                      int sub)
{
    segkit_region *reg = NULL;
    int32_t n = 0;
    int st = segkit_regionprops(l, NULL, SEGKIT_PROPS_BASIC, &reg, &n);
    if (st != SEGKIT_OK)
        return st;
    segkit_text_options to = segkit_text_options_default();
    int side = out->width < out->height ? out->width : out->height;
    to.scale = p->text_scale ? p->text_scale : side / 512 > 1 ? side / 512 : 1;
    to.box = 1;
    for (int32_t i = 0; i < n && st == SEGKIT_OK; i++) {
        if (reg[i].area == 0)
            continue;
        char text[80];
        const segkit_class *k = p->classes ? segkit_class_table_find(p->classes, reg[i].label)
                                           : NULL;
        if (k && k->name[0])
            snprintf(text, sizeof text, "%s", k->name);
        else
            snprintf(text, sizeof text, "%d", (int)reg[i].label);
        int tw, th;
        st = segkit_render_text_size(text, &to, &tw, &th);
        double cx = reg[i].centroid[1] * (sub ? 2 : 1), cy = reg[i].centroid[0] * (sub ? 2 : 1);
        if (st == SEGKIT_OK)
            st = segkit_render_text(out, (int)floor(cx + 0.5) - tw / 2,
                                    (int)floor(cy + 0.5) - th / 2, text, &to);
    }
    free(reg);
    return st;
}

/* ----------------------------------------------------------------- image */

/* The picture of IMAGE to draw on, into OUT (3-channel u8): through the
 * window; for subpixel (2w - 1) x (2h - 1), linear between pixels. */
static int base_picture(const segkit_image *image, const segkit_overlay_params *p, int sub,
                        segkit_image *out)
{
    if (!sub)
        return rd_display_to(image, &p->window, out);
    segkit_image small;
    int st = segkit_image_create(&small, image->width, image->height, 3, SEGKIT_U8);
    if (st == SEGKIT_OK)
        st = rd_display_to(image, &p->window, &small);
    if (st != SEGKIT_OK) {
        segkit_image_free(&small);
        return st;
    }
    for (int y = 0; y < out->height; y++) {
        const uint8_t *r0 = segkit_image_row(&small, y / 2);
        const uint8_t *r1 = segkit_image_row(&small, (y + 1) / 2);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++)
            for (int k = 0; k < 3; k++) {
                int x0 = x / 2 * 3 + k, x1 = (x + 1) / 2 * 3 + k;
                d[3 * x + k] = (uint8_t)((r0[x0] + r0[x1] + r1[x0] + r1[x1] + 2) / 4);
            }
    }
    segkit_image_free(&small);
    return SEGKIT_OK;
}

/* A scalar map through a colormap, blended everywhere but at NaN. */
static int scalar_overlay(segkit_image *out, const segkit_image *map,
                          const segkit_overlay_params *p, int a)
{
    segkit_palette_kind cm = segkit_palette_is_colormap(p->palette.kind) ? p->palette.kind
                                                                         : SEGKIT_PALETTE_VIRIDIS;
    segkit_image col;
    int st = segkit_render_colormap(map, cm, &p->value_window, &col);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < out->height; y++) {
        const float *m = segkit_image_row(map, y);
        const uint8_t *c = segkit_image_row(&col, y);
        uint8_t *d = segkit_image_row(out, y);
        for (int x = 0; x < 3 * out->width; x++)
            if (!isnan(m[x / 3]))
                d[x] = (uint8_t)((d[x] * (256 - a) + c[x] * a + 128) >> 8);
    }
    segkit_image_free(&col);
    return SEGKIT_OK;
}

/* the picture's size for these inputs */
static int picture_size(const segkit_image *labels, const segkit_overlay_params *p, int *w,
                        int *h)
{
    int sub = labels->type != SEGKIT_F32 && p->boundary == SEGKIT_BOUNDARY_SUBPIXEL &&
              (p->mode == SEGKIT_OVERLAY_BOUNDARY || p->mode == SEGKIT_OVERLAY_BOTH);
    *w = sub ? 2 * labels->width - 1 : labels->width;
    *h = sub ? 2 * labels->height - 1 : labels->height;
    return sub;
}

static int check_inputs(const segkit_image *image, const segkit_image *labels,
                        const segkit_overlay_params *p)
{
    if (!image || !labels || !image->data || !labels->data || check_params(p) != SEGKIT_OK ||
        image->width <= 0 || image->height <= 0)
        return SEGKIT_ERR_ARG;
    if (labels->channels != 1 || image->type == SEGKIT_I32 ||
        (labels->type != SEGKIT_I32 && labels->type != SEGKIT_U8 &&
         labels->type != SEGKIT_U16 && labels->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(image, labels))
        return SEGKIT_ERR_SIZE;
    if (labels->type != SEGKIT_F32 && p->boundary == SEGKIT_BOUNDARY_SUBPIXEL &&
        (labels->width > (1 << 29) || labels->height > (1 << 29)))
        return SEGKIT_ERR_ARG;
    return SEGKIT_OK;
}

int segkit_overlay_to(const segkit_image *image, const segkit_image *labels,
                      const segkit_overlay_params *p, segkit_image *out)
{
    segkit_overlay_params def = segkit_overlay_params_default();
    if (!p)
        p = &def;
    int st = check_inputs(image, labels, p), w, h;
    if (st != SEGKIT_OK)
        return st;
    if (!out || !out->data)
        return SEGKIT_ERR_ARG;
    int sub = picture_size(labels, p, &w, &h);
    if (out->channels != 3 || out->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    if (out->width != w || out->height != h)
        return SEGKIT_ERR_SIZE;
    int a = (int)floor(p->alpha * 256 + 0.5);
    segkit_image tmp = {0}, mask = {0};
    const segkit_image *l = NULL;
    colors c = {0};
    if (labels->type == SEGKIT_F32) {
        st = base_picture(image, p, 0, out);
        if (st == SEGKIT_OK)
            st = scalar_overlay(out, labels, p, a);
        return st;
    }
    if ((st = rd_labels_i32(labels, &tmp, &l)) != SEGKIT_OK)
        return st;
    int fused = p->mode == SEGKIT_OVERLAY_FILL && image->type == SEGKIT_U8 &&
                image->channels == 3 && p->window.mode == SEGKIT_WINDOW_AUTO;
    if (p->mode != SEGKIT_OVERLAY_AVG && (st = colors_init(&c, p, l, a)) != SEGKIT_OK)
        goto done;
    if (fused) {
        /* one pass: the image's pixels blended straight into OUT */
        fill(out, image, l, &c);
    } else if ((st = base_picture(image, p, sub, out)) != SEGKIT_OK) {
        goto done;
    } else if (p->mode == SEGKIT_OVERLAY_AVG) {
        st = avg(out, l);
    } else {
        if (p->mode == SEGKIT_OVERLAY_FILL || p->mode == SEGKIT_OVERLAY_BOTH) {
            if (sub) {
                /* fill on the subpixel grid: each position takes the label of
                 * the pixel at or up-left of it */
                segkit_image g;
                st = segkit_image_create(&g, out->width, out->height, 1, SEGKIT_I32);
                for (int y = 0; st == SEGKIT_OK && y < g.height; y++) {
                    int32_t *d = segkit_image_row(&g, y);
                    for (int x = 0; x < g.width; x++)
                        d[x] = grid_label(l, 1, x, y);
                }
                if (st == SEGKIT_OK)
                    fill(out, out, &g, &c);
                segkit_image_free(&g);
            } else {
                fill(out, out, l, &c);
            }
        }
        if (st == SEGKIT_OK &&
            (p->mode == SEGKIT_OVERLAY_BOUNDARY || p->mode == SEGKIT_OVERLAY_BOTH)) {
            st = boundary_mask(l, p, &mask);
            if (st == SEGKIT_OK)
                boundaries(out, l, &mask, &c, p);
        }
    }
    if (st == SEGKIT_OK && p->label_text)
        st = label_text(out, l, p, sub);
done:
    if (p->mode != SEGKIT_OVERLAY_AVG)
        colors_free(&c);
    segkit_image_free(&mask);
    segkit_image_free(&tmp);
    return st;
}

int segkit_overlay(const segkit_image *image, const segkit_image *labels,
                   const segkit_overlay_params *p, segkit_image *out)
{
    if (out)
        *out = (segkit_image){0};
    segkit_overlay_params def = segkit_overlay_params_default();
    if (!p)
        p = &def;
    int st = check_inputs(image, labels, p), w, h;
    if (st != SEGKIT_OK)
        return st;
    if (!out)
        return SEGKIT_ERR_ARG;
    picture_size(labels, p, &w, &h);
    st = segkit_image_create(out, w, h, 3, SEGKIT_U8);
    if (st == SEGKIT_OK)
        st = segkit_overlay_to(image, labels, p, out);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}

int segkit_render_labels(const segkit_image *labels, const segkit_overlay_params *p,
                         segkit_image *rgb)
{
    if (rgb)
        *rgb = (segkit_image){0};
    if (!labels || !labels->data || labels->width <= 0 || labels->height <= 0)
        return SEGKIT_ERR_ARG;
    segkit_overlay_params q = p ? *p : segkit_overlay_params_default();
    q.alpha = 1;
    q.window.mode = SEGKIT_WINDOW_AUTO;
    segkit_image black;
    int st = segkit_image_create(&black, labels->width, labels->height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_overlay(&black, labels, &q, rgb);
    segkit_image_free(&black);
    return st;
}
