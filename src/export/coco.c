/* COCO annotations JSON (cocodataset.org "Data format"): one annotation
 * per label with its area, box and segmentation (RLE or polygons). */
#include <string.h>

#include "export_internal.h"
#include "internal/json.h"

static void put_vertex(double x, double y, size_t k, void *ctx)
{
    json_text *t = ctx;
    if (k)
        json_puts(t, ", ");
    json_put_number(t, x);
    json_puts(t, ", ");
    json_put_number(t, y);
}

static int put_segmentation(json_text *t, const segkit_export_params *p,
                            const ex_export *e, size_t i, int height, int width,
                            ex_rle_scratch *s)
{
    if (p->segmentation == SEGKIT_COCO_POLYGON) {
        json_puts(t, "[");
        for (size_t k = e->start[i]; k < e->start[i + 1]; k++) {
            json_puts(t, k > e->start[i] ? ", [" : "[");
            ex_ring_vertices(&e->c, e->idx[k], NULL, 0, 0, put_vertex, t);
            json_puts(t, "]");
        }
        json_puts(t, "]");
        return SEGKIT_OK;
    }
    segkit_rle r;
    int st = ex_rle_from_runs(&e->objs[i], e->runs, height, width, s, &r);
    if (st != SEGKIT_OK)
        return st;
    json_printf(t, "{\"size\": [%d, %d], \"counts\": ", r.height, r.width);
    if (p->segmentation == SEGKIT_COCO_RLE_COUNTS) {
        json_puts(t, "[");
        for (size_t k = 0; k < r.count; k++)
            json_printf(t, k ? ", %u" : "%u", (unsigned)r.counts[k]);
        json_puts(t, "]}");
    } else {
        char *s = NULL;
        st = segkit_rle_to_string(&r, &s);
        if (st == SEGKIT_OK) {
            json_put_string(t, s);
            json_puts(t, "}");
        }
        free(s);
    }
    segkit_rle_free(&r);
    return st;
}

int segkit_export_coco(const segkit_image *labels, const segkit_export_params *p,
                       char **text, size_t *len)
{
    if (text)
        *text = NULL;
    if (len)
        *len = 0;
    if (!text || !len || !p || (unsigned)p->segmentation > SEGKIT_COCO_POLYGON)
        return SEGKIT_ERR_ARG;
    /* RLE comes from the objects' runs (--simplify is for polygons) */
    int poly = p->segmentation == SEGKIT_COCO_POLYGON;
    segkit_export_params q = *p;
    if (!poly)
        q.simplify = 0;
    ex_export e;
    int st = ex_export_begin(labels, &q, poly, &e);
    if (st != SEGKIT_OK)
        return st;
    json_text t = {0};
    ex_rle_scratch scratch = {0};
    json_printf(&t, "{\"images\": [{\"id\": %lld, \"width\": %d, \"height\": %d",
                (long long)p->image_id, labels->width, labels->height);
    if (p->file_name) {
        json_puts(&t, ", \"file_name\": ");
        json_put_string(&t, p->file_name);
    }
    json_printf(&t, "}],\n \"categories\": [{\"id\": %lld, \"name\": \"object\"}],\n"
                " \"annotations\": [", (long long)p->category_id);
    for (size_t i = 0; i < e.n && st == SEGKIT_OK; i++) {
        const ex_object *o = &e.objs[i];
        json_printf(&t, "%s\n  {\"id\": %d, \"image_id\": %lld, \"category_id\": %lld, "
                    "\"iscrowd\": 0, \"area\": %lld, \"bbox\": [%d, %d, %d, %d], "
                    "\"segmentation\": ", i ? "," : "", (int)o->label,
                    (long long)p->image_id, (long long)p->category_id,
                    (long long)o->area, o->x0, o->y0, o->x1 - o->x0, o->y1 - o->y0);
        st = put_segmentation(&t, p, &e, i, labels->height, labels->width, &scratch);
        json_puts(&t, "}");
    }
    json_puts(&t, e.n ? "\n ]}\n" : "]}\n");
    ex_export_end(&e);
    ex_rle_scratch_free(&scratch);
    if (st != SEGKIT_OK) {
        free(t.buf);
        return st;
    }
    return json_text_finish(&t, text, len);
}
