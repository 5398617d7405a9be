/* GeoJSON (RFC 7946): a FeatureCollection with one Feature per label, its
 * geometry a Polygon or MultiPolygon of pixel-edge rings, optionally
 * through an affine transform. */
#include <math.h>
#include <string.h>

#include "export_internal.h"
#include "internal/json.h"

static void put_vertex(double x, double y, size_t k, void *ctx)
{
    json_text *t = ctx;
    json_puts(t, k ? ", [" : "[");
    json_put_number(t, x);
    json_puts(t, ", ");
    json_put_number(t, y);
    json_puts(t, "]");
}

static void put_ring(json_text *t, const segkit_contours *c, size_t r,
                     const double *tr, int reverse)
{
    json_puts(t, "[");
    ex_ring_vertices(c, r, tr, reverse, 1, put_vertex, t);
    json_puts(t, "]");
}

static void put_properties(json_text *t, const segkit_export_params *p, int32_t label)
{
    json_printf(t, "{\"label\": %d", (int)label);
    if (p->regions && label >= 1 && label <= p->nregions) {
        const segkit_region *reg = &p->regions[label - 1];
        for (int k = 0; k < p->nprops; k++) {
            const char *name = segkit_region_prop_name(p->props[k]);
            if (!name || strcmp(name, "label") == 0)
                continue;
            json_puts(t, ", ");
            json_put_string(t, name);
            json_puts(t, ": ");
            json_put_number(t, segkit_region_prop_value(reg, p->props[k]));
        }
    }
    json_puts(t, "}");
}

int segkit_export_geojson(const segkit_image *labels, const segkit_export_params *p,
                          char **text, size_t *len)
{
    if (text)
        *text = NULL;
    if (len)
        *len = 0;
    if (!text || !len || !p || (p->nprops && !p->props) || (p->nregions && !p->regions))
        return SEGKIT_ERR_ARG;
    const double *tr = p->transform;
    double det = tr[0] * tr[4] - tr[1] * tr[3];
    if (!(det != 0))
        return SEGKIT_ERR_ARG;
    /* outer rings come out with a positive shoelace area (counter-clockwise
     * with y up), holes negative: a mirroring transform turns them over */
    int reverse = det < 0;
    ex_export e;
    int st = ex_export_begin(labels, p, 1, &e);
    if (st != SEGKIT_OK)
        return st;
    json_text t = {0};
    json_puts(&t, "{\"type\": \"FeatureCollection\", \"features\": [");
    for (size_t i = 0; i < e.n; i++) {
        size_t outers = 0;
        for (size_t k = e.start[i]; k < e.start[i + 1]; k++)
            outers += !e.c.items[e.idx[k]].hole;
        json_puts(&t, i ? ",\n" : "\n");
        json_printf(&t, "{\"type\": \"Feature\", \"properties\": ");
        put_properties(&t, p, e.objs[i].label);
        json_printf(&t, ", \"geometry\": {\"type\": \"%s\", \"coordinates\": %s",
                    outers > 1 ? "MultiPolygon" : "Polygon", outers > 1 ? "[" : "");
        size_t done = 0;
        for (size_t k = e.start[i]; k < e.start[i + 1]; k++) {
            size_t r = e.idx[k];
            if (e.c.items[r].hole)
                continue;
            json_puts(&t, done++ ? ", [" : "[");
            put_ring(&t, &e.c, r, tr, reverse);
            /* its holes: the rings whose parent it is */
            for (size_t h = e.start[i]; h < e.start[i + 1]; h++) {
                size_t q = e.idx[h];
                if (e.c.items[q].hole && e.c.items[q].parent == (int32_t)r) {
                    json_puts(&t, ", ");
                    put_ring(&t, &e.c, q, tr, reverse);
                }
            }
            json_puts(&t, "]");
        }
        json_puts(&t, outers > 1 ? "]}}" : "}}");
    }
    json_puts(&t, e.n ? "\n]}\n" : "]}\n");
    ex_export_end(&e);
    return json_text_finish(&t, text, len);
}
