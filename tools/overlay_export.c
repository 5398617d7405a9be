/* segkit-overlay --export / --import: outlines of a label image as COCO
 * annotations, GeoJSON or SVG, and COCO / GeoJSON back to a label image
 * (segkit/export.h).  Its own option table: segkit-overlay's main() hands
 * over any command line that has --export or --import. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_labels.h"
#include "overlay_export.h"

static const char *const export_names[] = {"coco", "geojson", "svg", NULL};
static const char *const import_names[] = {"coco", "geojson", NULL};
static const char *const segm_names[] = {"rle", "counts", "polygon", NULL};
static const char *const label_names[] = {"auto", "id", "index", NULL};

typedef struct {
    int export_fmt, import_fmt, segm, label_from, image_id, category_id;
    double simplify;
    double transform[6];
    int size[2];
    const char *props;
} options;

/* --transform a,b,c,d,e,f */
static int parse_transform(const char *arg, void *target)
{
    double *t = target;
    const char *s = arg;
    for (int i = 0; i < 6; i++) {
        char *end;
        t[i] = strtod(s, &end);
        if (end == s || !isfinite(t[i]) || *end != (i < 5 ? ',' : '\0'))
            return -1;
        s = end + 1;
    }
    if (t[0] * t[4] - t[1] * t[3] == 0) {
        cli_error(NULL, "--transform: '%s' cannot be inverted (a*e - b*d is 0)", arg);
        return -2;
    }
    return 0;
}

/* --size WxH */
static int parse_size(const char *arg, void *target)
{
    int *wh = target;
    char *end;
    long w = strtol(arg, &end, 10);
    if (end == arg || (*end != 'x' && *end != 'X'))
        return -1;
    const char *s = end + 1;
    long h = strtol(s, &end, 10);
    if (end == s || *end || w < 1 || h < 1 || w > 1 << 30 || h > 1 << 30)
        return -1;
    wh[0] = (int)w;
    wh[1] = (int)h;
    return 0;
}

/* LABELS as I32: a mask (8-bit 0/255) is label 1, 8/16-bit values are the
 * labels, floats are refused. */
static int to_labels(const char *path, segkit_image *img)
{
    if (img->channels != 1 || img->type == SEGKIT_F32) {
        cli_error(path, "not a label image or mask (%d-channel %s)", img->channels,
                  segkit_type_name(img->type));
        return CLI_FAIL;
    }
    if (img->type == SEGKIT_I32)
        return CLI_OK;
    int mask = img->type == SEGKIT_U8;
    for (int y = 0; y < img->height && mask; y++) {
        const uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            if (r[x] != 0 && r[x] != 255)
                mask = 0;
    }
    segkit_image l;
    int st = segkit_image_create(&l, img->width, img->height, 1, SEGKIT_I32);
    if (st != SEGKIT_OK)
        return cli_lib_error(path, st);
    for (int y = 0; y < img->height; y++) {
        int32_t *d = segkit_image_row(&l, y);
        const void *s = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++) {
            int32_t v = img->type == SEGKIT_U8 ? ((const uint8_t *)s)[x]
                                               : ((const uint16_t *)s)[x];
            d[x] = mask ? v != 0 : v;
        }
    }
    segkit_image_free(img);
    *img = l;
    return CLI_OK;
}

static int run_export(const options *o, const cli_common *common, const char *in,
                      const char *out)
{
    segkit_image labels = {0};
    segkit_region *regions = NULL;
    int32_t nreg = 0;
    int cols[64], ncols = 0, groups = 0;
    char *text = NULL;
    size_t len = 0;
    int rc = CLI_OK;
    if (o->props && (rc = cli_props_parse(o->props, cols, &ncols, &groups)) != CLI_OK)
        return rc;
    if (groups & (SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN)) {
        cli_error(NULL, "--props: intensity properties need an intensity image "
                  "(use segkit-label --intensity)");
        return CLI_USAGE;
    }
    if (cli_read_image(in, common, &labels) != CLI_OK || to_labels(in, &labels) != CLI_OK) {
        segkit_image_free(&labels);
        return CLI_FAIL;
    }
    segkit_export_params p = segkit_export_params_default();
    p.simplify = o->simplify;
    memcpy(p.transform, o->transform, sizeof p.transform);
    p.segmentation = (segkit_coco_segm)o->segm;
    p.image_id = (int64_t)o->image_id;
    p.category_id = (int64_t)o->category_id;
    if (strcmp(in, "-") != 0) {
        const char *base = strrchr(in, '/');
        p.file_name = base ? base + 1 : in;
    }
    int st = SEGKIT_OK;
    if (o->props) {
        st = segkit_regionprops(&labels, NULL, groups, &regions, &nreg);
        p.regions = regions;
        p.nregions = nreg;
        p.props = cols;
        p.nprops = ncols;
    }
    if (st == SEGKIT_OK) {
        st = o->export_fmt == 0   ? segkit_export_coco(&labels, &p, &text, &len)
             : o->export_fmt == 1 ? segkit_export_geojson(&labels, &p, &text, &len)
                                  : segkit_export_svg(&labels, &p, &text, &len);
    }
    if (st != SEGKIT_OK) {
        cli_error(in, "%s", segkit_strerror(st));
        rc = CLI_FAIL;
    } else {
        rc = cli_write_text(out, text, len);
    }
    free(text);
    free(regions);
    segkit_image_free(&labels);
    return rc;
}

static int run_import(const options *o, const cli_common *common, const char *in,
                      const char *out)
{
    char *text;
    size_t len;
    /* the label image --size asks for, before anything is read: within the
     * pixel limit, and its 4 bytes a pixel within the memory budget */
    double pixels = (double)o->size[0] * (double)o->size[1];
    if (pixels > common->max_pixels) {
        cli_error(in, "--size %dx%d is above the pixel limit (--max-pixels)", o->size[0],
                  o->size[1]);
        return CLI_FAIL;
    }
    if (4 * pixels > common->max_memory) {
        cli_error(in, "--size %dx%d needs more memory than the memory budget (see --max-memory)",
                  o->size[0], o->size[1]);
        return CLI_FAIL;
    }
    size_t max = common->max_memory < (double)SIZE_MAX ? (size_t)common->max_memory : SIZE_MAX;
    if (cli_read_text(in, max, &text, &len) != CLI_OK)
        return CLI_FAIL;
    segkit_import_params p = segkit_import_params_default();
    p.width = o->size[0];
    p.height = o->size[1];
    p.label_by = (segkit_import_label)o->label_from;
    p.image_id = (int64_t)o->image_id;
    memcpy(p.transform, o->transform, sizeof p.transform);
    segkit_image labels;
    segkit_import_error err;
    int rc = CLI_FAIL;
    int st = o->import_fmt == 0 ? segkit_import_coco(text, len, &p, &labels, &err)
                                : segkit_import_geojson(text, len, &p, &labels, &err);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s", err.message[0] ? err.message : segkit_strerror(st));
    } else {
        int32_t max = 0; /* the largest label: does it fit 16 bits? */
        for (int y = 0; y < labels.height; y++) {
            const int32_t *r = segkit_image_row(&labels, y);
            for (int x = 0; x < labels.width; x++)
                max = r[x] > max ? r[x] : max;
        }
        rc = cli_write_labels(out, common, &labels, max);
        segkit_image_free(&labels);
    }
    free(text);
    return rc;
}

int overlay_export_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strncmp(argv[i], "--export", 8) == 0 || strncmp(argv[i], "--import", 8) == 0)
            if (argv[i][8] == '\0' || argv[i][8] == '=')
                return 1;
    return 0;
}

int overlay_export_main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.export_fmt = o.import_fmt = -1;
    o.image_id = -1;
    o.category_id = 1;
    o.transform[0] = o.transform[4] = 1;
    const cli_option table[] = {
        {"export", 0, CLI_CHOICE, &o.export_fmt, "FMT",
         "write the outlines of LABELS as COCO annotations, GeoJSON or SVG", 0, 0,
         export_names, NULL, 0, .def = ""},
        {"import", 0, CLI_CHOICE, &o.import_fmt, "FMT",
         "rasterise COCO annotations or GeoJSON polygons IN into a label image", 0, 0,
         import_names, NULL, 0, .def = ""},
        {"segmentation", 0, CLI_CHOICE, &o.segm, "KIND",
         "COCO segmentation: compressed RLE string, RLE counts list, or polygons", 0, 0,
         segm_names, NULL, 0, .applies = "export-coco"},
        {"simplify", 0, CLI_DOUBLE, &o.simplify, "TOL",
         "Douglas-Peucker tolerance in pixels for polygons, GeoJSON and SVG", 0, 1e9, NULL,
         NULL, 0, .applies = "export-coco export-geojson export-svg"},
        {"transform", 0, CLI_CUSTOM, o.transform, "a,b,c,d,e,f",
         "GeoJSON coordinates X = a*x + b*y + c, Y = d*x + e*y + f of pixel-edge x, y "
         "(rasterio's Affine order)", 0, 0, NULL, parse_transform, 0, .def = "1,0,0,0,1,0",
         .applies = "export-geojson import-geojson"},
        {"props", 0, CLI_STRING, &o.props, "LIST",
         "GeoJSON properties: region properties as segkit-label --props", 0, 0, NULL, NULL,
         0, .applies = "export-geojson"},
        {"image-id", 0, CLI_INT, &o.image_id, "N",
         "COCO image id to write (default 1) or to read (default: the only one)", 0,
         2147483647, NULL, NULL, 0, .def = "", .applies = "export-coco import-coco"},
        {"category-id", 0, CLI_INT, &o.category_id, "N", "COCO category id of the objects",
         0, 2147483647, NULL, NULL, 0, .applies = "export-coco"},
        {"size", 0, CLI_CUSTOM, o.size, "WxH", "size of the label image to import (required)",
         0, 0, NULL, parse_size, 0, .applies = "import-coco import-geojson"},
        {"label-from", 0, CLI_CHOICE, &o.label_from, "HOW",
         "imported labels: annotation id / property \"label\" when all have one (auto), "
         "always (id), or 1, 2, ... in file order (index)", 0, 0, label_names, NULL, 0,
         .applies = "import-coco import-geojson"},
        {0},
    };
    const cli_tool tool = {
        "segkit-overlay",
        "--export coco|geojson|svg [options] LABELS [OUT]\n"
        "       segkit-overlay --import coco|geojson --size WxH [options] IN [OUT]",
        "Exchange formats.  --export writes every object of LABELS (a label image, or a\n"
        "mask: one object) as COCO annotations (RLE or polygons), a GeoJSON\n"
        "FeatureCollection or an SVG.  Outlines follow pixel edges: polygon areas\n"
        "equal pixel counts, and --import (even-odd at pixel centres) gives the same\n"
        "pixels back at --simplify 0.  Default OUT: stdout.",
        table, 1, 2};
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if ((o.export_fmt >= 0) == (o.import_fmt >= 0)) {
        cli_error(NULL, "give one of --export FMT and --import FMT");
        return CLI_USAGE;
    }
    char tag[32];
    snprintf(tag, sizeof tag, "%s-%s", o.export_fmt >= 0 ? "export" : "import",
             o.export_fmt >= 0 ? export_names[o.export_fmt] : import_names[o.import_fmt]);
    char chosen[48];
    snprintf(chosen, sizeof chosen, "--%s %s", o.export_fmt >= 0 ? "export" : "import",
             tag + 7);
    if ((rc = cli_check_applies(&common, chosen, tag)) != CLI_OK)
        return rc;
    if (common.json) {
        cli_error(NULL, "--json does not apply to --export / --import");
        return CLI_USAGE;
    }
    const char *in = argv[first], *out = first + 1 < argc ? argv[first + 1] : "-";
    if (o.export_fmt >= 0) {
        if (o.image_id < 0)
            o.image_id = 1;
        return run_export(&o, &common, in, out);
    }
    if (!o.size[0]) {
        cli_error(NULL, "--import needs --size WxH (the label image's width and height)");
        return CLI_USAGE;
    }
    return run_import(&o, &common, in, out);
}
