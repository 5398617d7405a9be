/* Reading COCO annotations and GeoJSON polygons back into a label image:
 * the JSON is parsed by the bounded reader (src/io/json.c), each object's
 * RLE is painted, its polygons are filled even-odd (rasterise.c). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "export_internal.h"
#include "internal/json.h"

segkit_import_params segkit_import_params_default(void)
{
    segkit_import_params p;
    memset(&p, 0, sizeof p);
    p.label_by = SEGKIT_IMPORT_LABEL_AUTO;
    p.image_id = -1;
    p.transform[0] = 1;
    p.transform[4] = 1;
    p.max_depth = 64;
    return p;
}

typedef struct importer {
    const segkit_import_params *p;
    segkit_image *labels;
    segkit_import_error *err;
    double inv[6];      /* GeoJSON: transform's inverse */
    /* the rings of the object being read */
    double *xy;
    size_t nxy, cap_xy;
    size_t *counts;
    size_t nrings, cap_rings;
} importer;

static int say(importer *im, const json_node *at, int st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int say(importer *im, const json_node *at, int st, const char *fmt, ...)
{
    if (im->err) {
        char what[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        if (at)
            snprintf(im->err->message, sizeof im->err->message, "line %u, column %u: %s",
                     (unsigned)at->line, (unsigned)at->column, what);
        else
            snprintf(im->err->message, sizeof im->err->message, "%s", what);
    }
    return st;
}

/* An integer value in [lo, hi], else 0. */
static int get_int(const json_node *n, double lo, double hi, int64_t *v)
{
    if (!n || n->type != JSON_NUMBER || n->number != floor(n->number) ||
        n->number < lo || n->number > hi)
        return 0;
    *v = (int64_t)n->number;
    return 1;
}

static int add_vertex(importer *im, double x, double y)
{
    if (ex_reserve((void **)&im->xy, &im->cap_xy, im->nxy + 2, sizeof *im->xy))
        return SEGKIT_ERR_NOMEM;
    im->xy[im->nxy++] = x;
    im->xy[im->nxy++] = y;
    return SEGKIT_OK;
}

static int end_ring(importer *im, size_t vertices)
{
    if (ex_reserve((void **)&im->counts, &im->cap_rings, im->nrings + 1, sizeof *im->counts))
        return SEGKIT_ERR_NOMEM;
    im->counts[im->nrings++] = vertices;
    return SEGKIT_OK;
}

static int fill_rings(importer *im, const json_node *at, int32_t value)
{
    int st = segkit_rasterize_polygons(im->labels, im->xy, im->counts, im->nrings, value);
    im->nxy = 0;
    im->nrings = 0;
    if (st == SEGKIT_ERR_TOO_LARGE)
        return say(im, at, SEGKIT_ERR_TOO_LARGE, "polygons too large to fill");
    return st;
}

/* ------------------------------------------------------------------ COCO */

/* A COCO polygon list: [[x0, y0, x1, y1, ...], ...]. */
static int coco_polygons(importer *im, const json_node *seg, int32_t value, size_t index)
{
    for (const json_node *poly = seg->child; poly; poly = poly->next) {
        if (poly->type != JSON_ARRAY || poly->count < 6 || poly->count % 2)
            return say(im, poly, SEGKIT_ERR_CORRUPT,
                       "annotation %zu: a polygon is not a list of at least 3 x, y pairs",
                       index);
        for (const json_node *c = poly->child; c; c = c->next->next) {
            if (c->type != JSON_NUMBER || c->next->type != JSON_NUMBER)
                return say(im, c, SEGKIT_ERR_CORRUPT,
                           "annotation %zu: a polygon coordinate is not a number", index);
            int st = add_vertex(im, c->number, c->next->number);
            if (st != SEGKIT_OK)
                return st;
        }
        int st = end_ring(im, poly->count / 2);
        if (st != SEGKIT_OK)
            return st;
    }
    return fill_rings(im, seg, value);
}

static int coco_rle(importer *im, const json_node *seg, int32_t value, size_t index)
{
    const json_node *size = json_get(seg, "size"), *counts = json_get(seg, "counts");
    int64_t h, w;
    if (!size || size->type != JSON_ARRAY || size->count != 2 ||
        !get_int(size->child, 1, INT32_MAX, &h) || !get_int(size->child->next, 1, INT32_MAX, &w))
        return say(im, seg, SEGKIT_ERR_CORRUPT,
                   "annotation %zu: RLE without a \"size\": [height, width]", index);
    if (h != im->labels->height || w != im->labels->width)
        return say(im, size, SEGKIT_ERR_CORRUPT,
                   "annotation %zu: RLE size %lldx%lld (width x height) differs from the "
                   "image's %dx%d", index, (long long)w, (long long)h,
                   im->labels->width, im->labels->height);
    segkit_rle r = {0};
    int st;
    if (counts && counts->type == JSON_STRING) {
        st = segkit_rle_from_string(counts->string, counts->length, (int)h, (int)w, &r);
        if (st == SEGKIT_ERR_CORRUPT)
            return say(im, counts, st, "annotation %zu: invalid compressed RLE counts, or "
                       "counts not adding up to height x width", index);
    } else if (counts && counts->type == JSON_ARRAY) {
        r.height = (int)h;
        r.width = (int)w;
        r.count = counts->count;
        r.counts = ex_alloc(counts->count, sizeof *r.counts);
        if (!r.counts)
            return SEGKIT_ERR_NOMEM;
        size_t k = 0;
        for (const json_node *c = counts->child; c; c = c->next) {
            int64_t v;
            if (!get_int(c, 0, UINT32_MAX, &v)) {
                segkit_rle_free(&r);
                return say(im, c, SEGKIT_ERR_CORRUPT,
                           "annotation %zu: an RLE count is not an integer in 0..2^32-1", index);
            }
            r.counts[k++] = (uint32_t)v;
        }
        st = segkit_rle_check(&r);
        if (st != SEGKIT_OK) {
            segkit_rle_free(&r);
            return say(im, counts, SEGKIT_ERR_CORRUPT,
                       "annotation %zu: RLE counts do not add up to height x width", index);
        }
    } else {
        return say(im, seg, SEGKIT_ERR_CORRUPT,
                   "annotation %zu: RLE \"counts\" is neither a string nor a list", index);
    }
    if (st == SEGKIT_OK)
        st = segkit_rle_paint(&r, im->labels, value);
    segkit_rle_free(&r);
    return st;
}

/* The annotations of a COCO file: its "annotations", or the root list. */
static const json_node *coco_list(const json_node *root)
{
    if (root->type == JSON_ARRAY)
        return root;
    const json_node *a = json_get(root, "annotations");
    return a && a->type == JSON_ARRAY ? a : NULL;
}

static int run_coco(importer *im, const json_node *root)
{
    const segkit_import_params *p = im->p;
    const json_node *list = coco_list(root);
    if (!list)
        return say(im, root, SEGKIT_ERR_UNSUPPORTED,
                   "not COCO annotations (no \"annotations\" list)");
    /* which image, and whether the ids can be labels */
    int use_id = p->label_by != SEGKIT_IMPORT_LABEL_INDEX;
    int64_t image = p->image_id, v = 0;
    size_t index = 0;
    for (const json_node *a = list->child; a; a = a->next) {
        index++;
        if (a->type != JSON_OBJECT)
            return say(im, a, SEGKIT_ERR_CORRUPT, "annotation %zu is not an object", index);
        const json_node *img = json_get(a, "image_id");
        if (img && get_int(img, -9007199254740992.0, 9007199254740992.0, &v)) {
            if (p->image_id < 0 && image >= 0 && v != image)
                return say(im, img, SEGKIT_ERR_CORRUPT,
                           "annotations of several images (%lld and %lld): choose one",
                           (long long)image, (long long)v);
            if (p->image_id < 0)
                image = v;
            else if (v != image)
                continue;
        }
        if (!get_int(json_get(a, "id"), 1, INT32_MAX, &v)) {
            if (p->label_by == SEGKIT_IMPORT_LABEL_ID)
                return say(im, a, SEGKIT_ERR_CORRUPT,
                           "annotation %zu: no \"id\" in 1..2147483647 to use as its label", index);
            use_id = 0;
        }
    }
    index = 0;
    int32_t next = 0;
    for (const json_node *a = list->child; a; a = a->next) {
        index++;
        const json_node *img = json_get(a, "image_id");
        if (p->image_id >= 0 && img && get_int(img, -9007199254740992.0, 9007199254740992.0, &v) &&
            v != p->image_id)
            continue;
        if (next == INT32_MAX)
            return say(im, a, SEGKIT_ERR_OVERFLOW, "more than 2^31-1 annotations");
        int32_t value = ++next;
        if (use_id) {
            get_int(json_get(a, "id"), 1, INT32_MAX, &v);
            value = (int32_t)v;
        }
        const json_node *seg = json_get(a, "segmentation");
        int st;
        if (seg && seg->type == JSON_ARRAY)
            st = coco_polygons(im, seg, value, index);
        else if (seg && seg->type == JSON_OBJECT)
            st = coco_rle(im, seg, value, index);
        else
            st = say(im, a, SEGKIT_ERR_CORRUPT,
                     "annotation %zu: no \"segmentation\" (polygons or RLE)", index);
        if (st != SEGKIT_OK)
            return st;
    }
    return SEGKIT_OK;
}

/* --------------------------------------------------------------- GeoJSON */

/* A Polygon's coordinates: [ring, ring, ...], ring = [[x, y], ...]. */
static int geo_polygon(importer *im, const json_node *coords)
{
    if (coords->type != JSON_ARRAY)
        return say(im, coords, SEGKIT_ERR_CORRUPT, "Polygon coordinates are not a list of rings");
    for (const json_node *ring = coords->child; ring; ring = ring->next) {
        if (ring->type != JSON_ARRAY || ring->count < 3)
            return say(im, ring, SEGKIT_ERR_CORRUPT, "a ring is not a list of positions");
        size_t n = 0;
        for (const json_node *pos = ring->child; pos; pos = pos->next) {
            if (pos->type != JSON_ARRAY || pos->count < 2 ||
                pos->child->type != JSON_NUMBER || pos->child->next->type != JSON_NUMBER)
                return say(im, pos, SEGKIT_ERR_CORRUPT, "a position is not [x, y]");
            double X = pos->child->number - im->p->transform[2];
            double Y = pos->child->next->number - im->p->transform[5];
            int st = add_vertex(im, im->inv[0] * X + im->inv[1] * Y,
                                im->inv[3] * X + im->inv[4] * Y);
            if (st != SEGKIT_OK)
                return st;
            n++;
        }
        int st = end_ring(im, n);
        if (st != SEGKIT_OK)
            return st;
    }
    return SEGKIT_OK;
}

/* Adds a geometry's rings; *used = 0 for a geometry that is not polygons. */
static int geo_geometry(importer *im, const json_node *g, int *used)
{
    *used = 0;
    const json_node *type = json_get(g, "type"), *coords = json_get(g, "coordinates");
    if (!type || type->type != JSON_STRING)
        return say(im, g, SEGKIT_ERR_CORRUPT, "a geometry without a \"type\"");
    int multi = strcmp(type->string, "MultiPolygon") == 0;
    if (!multi && strcmp(type->string, "Polygon") != 0)
        return SEGKIT_OK;
    if (!coords || coords->type != JSON_ARRAY)
        return say(im, g, SEGKIT_ERR_CORRUPT, "a %s without \"coordinates\"", type->string);
    *used = 1;
    if (!multi)
        return geo_polygon(im, coords);
    for (const json_node *poly = coords->child; poly; poly = poly->next) {
        int st = geo_polygon(im, poly);
        if (st != SEGKIT_OK)
            return st;
    }
    return SEGKIT_OK;
}

static const json_node *geo_label(const json_node *feature)
{
    return json_get(json_get(feature, "properties"), "label");
}

static int run_geojson(importer *im, const json_node *root)
{
    const segkit_import_params *p = im->p;
    const double *t = p->transform;
    double det = t[0] * t[4] - t[1] * t[3];
    if (!(det != 0) || !isfinite(det))
        return say(im, NULL, SEGKIT_ERR_ARG, "the transform cannot be inverted");
    im->inv[0] = t[4] / det;
    im->inv[1] = -t[1] / det;
    im->inv[3] = -t[3] / det;
    im->inv[4] = t[0] / det;
    const json_node *type = json_get(root, "type");
    if (!type || type->type != JSON_STRING)
        return say(im, root, SEGKIT_ERR_UNSUPPORTED, "not GeoJSON (no \"type\")");
    const json_node *list = NULL, *single = NULL;
    if (strcmp(type->string, "FeatureCollection") == 0) {
        list = json_get(root, "features");
        if (!list || list->type != JSON_ARRAY)
            return say(im, root, SEGKIT_ERR_CORRUPT, "a FeatureCollection without \"features\"");
    } else {
        single = root;
    }
    int use_id = p->label_by != SEGKIT_IMPORT_LABEL_INDEX;
    int64_t v;
    const json_node *first = list ? list->child : single;
    size_t index = 0;
    for (const json_node *f = first; f; f = list ? f->next : NULL) {
        index++;
        if (!get_int(geo_label(f), 1, INT32_MAX, &v)) {
            if (p->label_by == SEGKIT_IMPORT_LABEL_ID)
                return say(im, f, SEGKIT_ERR_CORRUPT,
                           "feature %zu: no property \"label\" in 1..2147483647", index);
            use_id = 0;
        }
    }
    int32_t next = 0;
    index = 0;
    for (const json_node *f = first; f; f = list ? f->next : NULL) {
        index++;
        if (f->type != JSON_OBJECT)
            return say(im, f, SEGKIT_ERR_CORRUPT, "feature %zu is not an object", index);
        const json_node *ft = json_get(f, "type"), *g = f;
        if (ft && ft->type == JSON_STRING && strcmp(ft->string, "Feature") == 0) {
            g = json_get(f, "geometry");
            if (!g || g->type == JSON_NULL)
                continue;
            if (g->type != JSON_OBJECT)
                return say(im, g, SEGKIT_ERR_CORRUPT, "feature %zu: the geometry is not an object",
                           index);
        }
        int used, st = geo_geometry(im, g, &used);
        if (st != SEGKIT_OK)
            return st;
        if (!used)
            continue;
        if (next == INT32_MAX)
            return say(im, f, SEGKIT_ERR_OVERFLOW, "more than 2^31-1 features");
        int32_t value = ++next;
        if (use_id && get_int(geo_label(f), 1, INT32_MAX, &v))
            value = (int32_t)v;
        if ((st = fill_rings(im, g, value)) != SEGKIT_OK)
            return st;
    }
    return SEGKIT_OK;
}

/* ----------------------------------------------------------------- both */

static int import(const char *text, size_t len, const segkit_import_params *p,
                  segkit_image *labels, segkit_import_error *err, int geo)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (err)
        err->message[0] = '\0';
    importer im;
    memset(&im, 0, sizeof im);
    im.p = p;
    im.err = err;
    if (!labels || !p || (!text && len) || p->width <= 0 || p->height <= 0 ||
        (unsigned)p->label_by > SEGKIT_IMPORT_LABEL_INDEX)
        return say(&im, NULL, SEGKIT_ERR_ARG, "invalid arguments");
    for (int i = 0; i < 6; i++)
        if (!isfinite(p->transform[i]))
            return say(&im, NULL, SEGKIT_ERR_ARG, "the transform is not finite");
    json_doc doc;
    json_error je;
    int st = json_parse(text, len, p->max_depth, &doc, &je);
    if (st == SEGKIT_ERR_CORRUPT || st == SEGKIT_ERR_TOO_LARGE) {
        if (err)
            snprintf(err->message, sizeof err->message, "line %u, column %u: %s",
                     (unsigned)je.line, (unsigned)je.column, je.reason);
        return st;
    }
    if (st != SEGKIT_OK)
        return st;
    st = segkit_image_create(labels, p->width, p->height, 1, SEGKIT_I32);
    if (st == SEGKIT_OK) {
        im.labels = labels;
        st = geo ? run_geojson(&im, doc.root) : run_coco(&im, doc.root);
    }
    free(im.xy);
    free(im.counts);
    json_doc_free(&doc);
    if (st != SEGKIT_OK)
        segkit_image_free(labels);
    return st;
}

int segkit_import_coco(const char *text, size_t len, const segkit_import_params *p,
                       segkit_image *labels, segkit_import_error *err)
{
    return import(text, len, p, labels, err, 0);
}

int segkit_import_geojson(const char *text, size_t len, const segkit_import_params *p,
                          segkit_image *labels, segkit_import_error *err)
{
    return import(text, len, p, labels, err, 1);
}
