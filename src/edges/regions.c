/* Edges to regions: bridge the gaps of an edge map (closing or end
 * linking), label what the edges enclose; or flood a gradient from its
 * h-minima.  Everything but the linking is other areas' code: segkit_morph,
 * segkit_label, segkit_label_remove_small / relabel / expand,
 * segkit_morph_hextrema and segkit_watershed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/edges.h"
#include "segkit/label.h"
#include "segkit/morph.h"
#include "segkit/watershed.h"

static const char *const mode_names[SEGKIT_REGIONS_MODE_COUNT] = {"close", "link",
                                                                   "watershed"};

const char *segkit_regions_mode_name(segkit_regions_mode m)
{
    return (unsigned)m < SEGKIT_REGIONS_MODE_COUNT ? mode_names[m] : NULL;
}

segkit_regions_params segkit_regions_params_default(void)
{
    segkit_regions_params p;
    memset(&p, 0, sizeof p);
    p.mode = SEGKIT_REGIONS_CLOSE;
    p.gap = 3;
    p.h = 0.02;
    return p;
}

static void draw_line(uint8_t *m, int w, int x0, int y0, int x1, int y1)
{
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        m[(size_t)y0 * w + x0] = 255;
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

/* the linking described in edges.h: E (0/1 edge map) in, out gets the
 * segments drawn (255) over a copy of E */
static int link_ends(const uint8_t *E, int w, int h, int gap, uint8_t *out)
{
    size_t n = (size_t)w * h;
    int32_t *stamp = malloc(n * sizeof *stamp);
    size_t *queue = malloc(n * sizeof *queue);
    int *depth = malloc(n * sizeof *depth);
    if (!stamp || !queue || !depth) {
        free(stamp);
        free(queue);
        free(depth);
        return SEGKIT_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        stamp[i] = -1;
        out[i] = E[i] ? 255 : 0;
    }
#define EDGE(yy, xx) ((yy) >= 0 && (yy) < h && (xx) >= 0 && (xx) < w && E[(size_t)(yy) * w + (xx)])
    int maxd = 2 * gap + 2;
    int32_t id = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (!E[(size_t)y * w + x])
                continue;
            int nb = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    nb += (dy || dx) && EDGE(y + dy, x + dx);
            if (nb != 1)
                continue;
            /* breadth-first along the curve: the near pixels, and the one 4
             * steps back for the direction */
            id++;
            size_t head = 0, tail = 0, e = (size_t)y * w + x;
            queue[tail++] = e;
            stamp[e] = id;
            depth[e] = 0;
            int bx = x, by = y;
            while (head < tail) {
                size_t i = queue[head++];
                int cy = (int)(i / w), cx = (int)(i % w);
                if (depth[i] == 4 && bx == x && by == y)
                    bx = cx, by = cy;
                if (depth[i] >= maxd)
                    continue;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        if (!EDGE(cy + dy, cx + dx))
                            continue;
                        size_t j = (size_t)(cy + dy) * w + cx + dx;
                        if (stamp[j] != id) {
                            stamp[j] = id;
                            depth[j] = depth[i] + 1;
                            queue[tail++] = j;
                        }
                    }
            }
            double ux = x - bx, uy = y - by, ul = sqrt(ux * ux + uy * uy);
            double best = INFINITY;
            int qx = -1, qy = -1;
            /* a gap of g missing pixels puts the ends g + 1 apart */
            for (int dy = -gap - 1; dy <= gap + 1; dy++)
                for (int dx = -gap - 1; dx <= gap + 1; dx++) {
                    double d = sqrt((double)dx * dx + (double)dy * dy);
                    if (d > gap + 1.5 || !EDGE(y + dy, x + dx) ||
                        stamp[(size_t)(y + dy) * w + x + dx] == id)
                        continue;
                    double c = ul > 0 ? (ux * dx + uy * dy) / (ul * d) : 1.0;
                    if (c < 0.5)
                        continue;
                    int end = 0;
                    for (int ey = -1; ey <= 1; ey++)
                        for (int ex = -1; ex <= 1; ex++)
                            end += (ey || ex) && EDGE(y + dy + ey, x + dx + ex);
                    double score = d * (2 - c) * (end == 1 ? 0.7 : 1.0);
                    if (score < best) {
                        best = score;
                        qx = x + dx, qy = y + dy;
                    }
                }
            if (qx >= 0)
                draw_line(out, w, x, y, qx, qy);
        }
#undef EDGE
    free(stamp);
    free(queue);
    free(depth);
    return SEGKIT_OK;
}

static int finish_labels(segkit_image *labels, const segkit_regions_params *p,
                         double expand, int32_t *count)
{
    int st = SEGKIT_OK;
    if (p->min_area > 1)
        st = segkit_label_remove_small(labels, p->min_area);
    if (st == SEGKIT_OK)
        st = segkit_label_relabel_sequential(labels, count);
    if (st == SEGKIT_OK && expand > 0)
        st = segkit_label_expand(labels, expand);
    return st;
}

int segkit_edges_regions(const segkit_image *edges, const segkit_image *surface,
                         const segkit_regions_params *p, segkit_image *labels,
                         int32_t *count)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (count)
        *count = 0;
    if (!p || !labels || (unsigned)p->mode >= SEGKIT_REGIONS_MODE_COUNT || p->gap < 0 ||
        p->gap > 1000 || p->min_area < 0)
        return SEGKIT_ERR_ARG;
    int32_t cnt = 0;
    int st;
    if (p->mode == SEGKIT_REGIONS_WATERSHED) {
        if (!surface || !surface->data || !(p->h > 0))
            return SEGKIT_ERR_ARG;
        if (surface->channels != 1)
            return SEGKIT_ERR_TYPE;
        segkit_image minima, markers;
        st = segkit_morph_hextrema(surface, p->h, 8, 1, &minima);
        if (st != SEGKIT_OK)
            return st;
        segkit_label_params lp = segkit_label_params_default();
        st = segkit_label(&minima, &lp, &markers, &cnt, NULL);
        segkit_image_free(&minima);
        if (st != SEGKIT_OK)
            return st;
        st = segkit_watershed(surface, &markers, NULL, NULL, labels);
        segkit_image_free(&markers);
        if (st == SEGKIT_OK)
            st = finish_labels(labels, p, 0, &cnt);
    } else {
        if (!edges || !edges->data)
            return SEGKIT_ERR_ARG;
        if (edges->channels != 1 || edges->type != SEGKIT_U8)
            return SEGKIT_ERR_TYPE;
        int w = edges->width, h = edges->height;
        segkit_image closed;
        st = segkit_image_create(&closed, w, h, 1, SEGKIT_U8);
        if (st != SEGKIT_OK)
            return st;
        uint8_t *E = closed.data;   /* tightly packed */
        for (int y = 0; y < h; y++) {
            const uint8_t *r = segkit_image_row(edges, y);
            for (int x = 0; x < w; x++)
                E[(size_t)y * w + x] = r[x] != 0;
        }
        if (p->mode == SEGKIT_REGIONS_LINK) {
            uint8_t *linked = malloc((size_t)w * h);
            st = linked ? link_ends(E, w, h, p->gap, linked) : SEGKIT_ERR_NOMEM;
            if (st == SEGKIT_OK)
                memcpy(E, linked, (size_t)w * h);
            free(linked);
        } else if (p->gap > 0) {
            segkit_se se = {0};
            se.shape = SEGKIT_SE_DISK;
            se.radius = (p->gap + 1) / 2;
            segkit_image tmp;
            st = segkit_morph(&closed, SEGKIT_MORPH_DILATE, &se, &tmp);
            if (st == SEGKIT_OK) {
                segkit_image_free(&closed);
                closed = tmp;
            }
        }
        if (st == SEGKIT_OK) {
            segkit_label_params lp = segkit_label_params_default();
            lp.connectivity = 4;
            lp.fg.mode = SEGKIT_FG_ZERO;
            st = segkit_label(&closed, &lp, labels, &cnt, NULL);
        }
        segkit_image_free(&closed);
        if (st == SEGKIT_OK)
            st = finish_labels(labels, p, p->keep_edges ? 0 : (p->gap + 1) / 2 + 2.0, &cnt);
    }
    if (st != SEGKIT_OK) {
        segkit_image_free(labels);
        return st;
    }
    if (count)
        *count = cnt;
    return SEGKIT_OK;
}
