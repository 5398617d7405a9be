/* segkit-label: connected components of a mask (or of equal values), mask
 * and object filters, region properties as CSV / JSON lines, label images.
 *
 * Order of the steps (each optional): foreground mask (--fg) -> fill holes
 * (--fill-holes, --min-hole) -> label (-n) -> --min-area -> --clear-border
 * -> --keep EXPR -> --keep-largest N -> sequential numbering -> --expand D
 * -> properties of the final objects -> OUT (labels, or --colorize). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_labels.h"

#define DEFAULT_PROPS "label,area,bbox,centroid,perimeter,eccentricity,solidity"

typedef struct {
    int connectivity, values, fill_holes, clear_border, border_width, colorize, rgbid;
    double min_area, min_hole, keep_largest, expand;
    const char *fg, *keep, *props, *csv, *jsonl, *intensity, *overlay;
} options;

/* --keep EXPR: objects for which the expression is false are removed. */
static int keep_expr(const options *o, segkit_image *labels, const segkit_image *inten)
{
    segkit_expr *e;
    size_t pos;
    const char *msg;
    int groups;
    if (segkit_expr_compile(o->keep, &e, &pos, &msg, &groups) != SEGKIT_OK) {
        cli_error(NULL, "--keep: %s at character %zu", msg ? msg : "error", pos + 1);
        cli_note("  %s\n  %*s^\n", o->keep, (int)pos, "");
        return CLI_USAGE;
    }
    if ((groups & (SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN)) && !inten) {
        segkit_expr_free(e);
        cli_error(NULL, "--keep: intensity properties need --intensity IMG");
        return CLI_USAGE;
    }
    segkit_region *reg;
    int32_t n;
    int st = segkit_regionprops(labels, inten, groups, &reg, &n);
    if (st != SEGKIT_OK) {
        segkit_expr_free(e);
        return cli_lib_error(NULL, st);
    }
    uint8_t *keep = malloc((size_t)n + 1);
    if (!keep) {
        free(reg);
        segkit_expr_free(e);
        return cli_lib_error(NULL, SEGKIT_ERR_NOMEM);
    }
    keep[0] = 1;
    for (int32_t i = 0; i < n; i++)
        keep[i + 1] = reg[i].area > 0 && segkit_expr_eval(e, &reg[i]) != 0;
    st = segkit_label_keep(labels, keep, n);
    free(keep);
    free(reg);
    segkit_expr_free(e);
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(NULL, st);
}

/* The labelling steps up to the final label image. */
static int make_labels(const options *o, const segkit_image *img, const char *in,
                       const segkit_image *inten, segkit_image *labels)
{
    segkit_label_params p = segkit_label_params_default();
    p.connectivity = o->connectivity;
    p.mode = o->values ? SEGKIT_LABEL_VALUES : SEGKIT_LABEL_MASK;
    if (o->fg && segkit_fg_parse(o->fg, &p.fg) != SEGKIT_OK) {
        cli_error(NULL, "--fg: expected nonzero, zero, a value V or >V");
        return CLI_USAGE;
    }
    segkit_image mask = {0};
    const segkit_image *src = img;
    int st;
    if (!o->values && (o->fill_holes || o->min_hole > 0)) {
        st = segkit_mask_from_fg(img, p.fg, &mask);
        if (st != SEGKIT_OK)
            return cli_lib_error(in, st);
        /* holes are background components of the other connectivity */
        int hole_conn = o->connectivity == 8 ? 4 : 8;
        if (o->fill_holes)
            st = segkit_mask_fill_holes(&mask, hole_conn);
        if (st == SEGKIT_OK && o->min_hole > 0)
            st = segkit_mask_remove_small_holes(&mask, (int64_t)o->min_hole, hole_conn);
        if (st != SEGKIT_OK) {
            segkit_image_free(&mask);
            return cli_lib_error(in, st);
        }
        src = &mask;
        p.fg.mode = SEGKIT_FG_NONZERO;
    }
    int32_t count;
    st = segkit_label(src, &p, labels, &count, NULL);
    segkit_image_free(&mask);
    if (st != SEGKIT_OK)
        return cli_lib_error(in, st);
    if (o->min_area > 1)
        st = segkit_label_remove_small(labels, (int64_t)o->min_area);
    if (st == SEGKIT_OK && o->clear_border)
        st = segkit_label_clear_border(labels, o->border_width);
    if (st != SEGKIT_OK)
        return cli_lib_error(in, st);
    if (o->keep) {
        int rc = keep_expr(o, labels, inten);
        if (rc != CLI_OK)
            return rc;
    }
    if (o->keep_largest >= 0)
        st = segkit_label_keep_largest(labels, (int32_t)o->keep_largest);
    if (st == SEGKIT_OK)
        st = segkit_label_relabel_sequential(labels, &count);
    if (st == SEGKIT_OK && o->expand > 0)
        st = segkit_label_expand(labels, o->expand);
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(in, st);
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    int cols[64], ncols, groups;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.connectivity = 8;
    o.border_width = 1;
    o.keep_largest = -1;
    const cli_option table[] = {
        {"connectivity", 'n', CLI_INT, &o.connectivity, "N",
         "4 or 8 neighbours (holes use the other one)", 4, 8, NULL, NULL, 0},
        {"fg", 0, CLI_STRING, &o.fg, "SPEC",
         "foreground: nonzero (default), zero, V (equal) or >V", 0, 0, NULL, NULL, 0,
         .applies = "mask"},
        {"values", 0, CLI_FLAG, &o.values, NULL,
         "components of equal value (label or gray image; 0 = background) "
         "instead of a mask", 0, 0, NULL, NULL, 0},
        {"rgbid", 0, CLI_FLAG, &o.rgbid, NULL,
         "with --values: IN is an RGB PNG of COCO-panoptic ids, id = R + 256 G + 256^2 B "
         "(as --format rgbid writes)", 0, 0, NULL, NULL, 0, .applies = "values"},
        {"fill-holes", 0, CLI_FLAG, &o.fill_holes, NULL,
         "fill every hole of the mask before labelling", 0, 0, NULL, NULL, 0,
         .applies = "mask"},
        {"min-hole", 0, CLI_DOUBLE, &o.min_hole, "A",
         "fill holes (border ones too) of fewer than A pixels, as remove_small_holes",
         0, 1e18, NULL, NULL, 0, .applies = "mask"},
        {"min-area", 0, CLI_DOUBLE, &o.min_area, "A",
         "remove objects of fewer than A pixels", 0, 1e18, NULL, NULL, 0},
        {"clear-border", 0, CLI_FLAG, &o.clear_border, NULL,
         "remove objects touching the image border", 0, 0, NULL, NULL, 0},
        {"border-width", 0, CLI_INT, &o.border_width, "W",
         "--clear-border: objects within W pixels of the edge", 1, 1 << 30, NULL, NULL, 0,
         .applies = "clear-border"},
        {"keep", 0, CLI_STRING, &o.keep, "EXPR",
         "keep the objects for which EXPR is true, e.g. 'area>=50 && solidity>0.9'",
         0, 0, NULL, NULL, 0},
        {"keep-largest", 0, CLI_DOUBLE, &o.keep_largest, "N",
         "keep the N largest objects", 0, 2147483647.0, NULL, NULL, 0, .def = ""},
        {"expand", 0, CLI_DOUBLE, &o.expand, "D",
         "grow the objects by up to D pixels without overlap (expand_labels)",
         0, 1e9, NULL, NULL, 0},
        {"props", 0, CLI_STRING, &o.props, "LIST",
         "properties in the table (comma-separated; all; default " DEFAULT_PROPS ")",
         0, 0, NULL, NULL, 0, .def = ""},
        CLI_PROPS_TABLE_OPTIONS(&o.csv, &o.jsonl),
        {"intensity", 0, CLI_STRING, &o.intensity, "IMG",
         "gray image (8/16-bit or float) for the intensity properties", 0, 0, NULL, NULL, 0},
        {"colorize", 0, CLI_FLAG, &o.colorize, NULL,
         "OUT is a colour picture of the labels (stable colours, background black)",
         0, 0, NULL, NULL, 0},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-label", "[options] IN [OUT]",
        "Labels the connected components of IN (a mask: nonzero pixels, or --fg;\n"
        "with --values, regions of equal value) and writes the label image OUT\n"
        "(16-bit PNG when the labels fit, .npy or --format rgbid for any count;\n"
        "--colorize: a colour picture).  Objects are numbered 1..N in raster order\n"
        "of their first pixel, 0 is background.  Without OUT (and without a\n"
        "table on stdout) the number of objects is printed.  --props/--csv/--jsonl\n"
        "give region properties with scikit-image's regionprops names.",
        table, 1, 2, 1};

    cli_init("segkit-label");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* OUT of a single run (IN OUT); with -o, a list or directories, --jsonl
     * is the batch's report (each input's holds its region table) */
    const char *out = !common.batch.output && argc - first == 2 ? argv[first + 1] : NULL;
    if (cli_props_jsonl_to_batch(&common, &o.jsonl) && !o.props && !common.json)
        o.props = DEFAULT_PROPS;
    char tags[64];
    snprintf(tags, sizeof tags, "%s%s", o.values ? "values" : "mask",
             o.clear_border ? " clear-border" : "");
    rc = cli_check_applies(&common, o.values ? "--values" : "a mask", tags);
    if (rc != CLI_OK)
        return rc;
    if (o.connectivity != 4 && o.connectivity != 8) {
        cli_error(NULL, "-n: connectivity must be 4 or 8");
        return CLI_USAGE;
    }
    int cols[64], ncols = 0, groups = 0;
    rc = cli_props_parse(o.props ? o.props : DEFAULT_PROPS, cols, &ncols, &groups);
    if (rc != CLI_OK)
        return rc;
    if (o.props && !o.csv && !o.jsonl && !common.json && !common.batch.jsonl) {
        cli_error(NULL, "--props: give --csv or --jsonl (or --json) for the table");
        return CLI_USAGE;
    }
    if ((groups & (SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN)) && !o.intensity) {
        cli_error(NULL, "--props: intensity properties need --intensity IMG");
        return CLI_USAGE;
    }
    int to_stdout = (out && strcmp(out, "-") == 0) +
                    (o.csv && strcmp(o.csv, "-") == 0) +
                    (o.jsonl && strcmp(o.jsonl, "-") == 0) +
                    (common.json && strcmp(common.json, "-") == 0);
    if (to_stdout > 1) {
        cli_error(NULL, "more than one output goes to stdout: give the others a FILE");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, {0}, ncols, groups};
    memcpy(c.cols, cols, sizeof cols);
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, label, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    cli_common common = *c->common;
    const int *cols = c->cols, ncols = c->ncols, groups = c->groups;
    const char *intensity = cli_job_path(o.intensity);
    int rc;
    segkit_image img = {0}, inten = {0}, labels = {0};
    segkit_region *reg = NULL;
    int32_t n = 0;
    cli_outputs w = {0}; /* removed again if a later output fails */
    rc = CLI_FAIL;
    common.rgbid = o.rgbid;
    if (cli_read_image(in, &common, &img) != CLI_OK)
        goto done;
    common.rgbid = 0;
    if (img.channels != 1) {
        cli_error(in, "a %d-channel image: labelling needs a mask or a gray image "
                  "(threshold it first, e.g. segkit-threshold -m otsu)", img.channels);
        goto done;
    }
    if (o.values && img.type == SEGKIT_F32) {
        cli_error(in, "--values needs an integer image (8/16-bit or labels), not float");
        goto done;
    }
    if (o.intensity) {
        if (cli_read_image(intensity, &common, &inten) != CLI_OK)
            goto done;
        if (inten.channels != 1 || inten.type == SEGKIT_I32) {
            cli_error(intensity, "--intensity needs a 1-channel 8/16-bit or float image");
            goto done;
        }
        if (!segkit_image_same_size(&img, &inten)) {
            cli_error(intensity, "is %dx%d, IN is %dx%d", inten.width, inten.height,
                      img.width, img.height);
            goto done;
        }
    }
    rc = make_labels(&o, &img, in, o.intensity ? &inten : NULL, &labels);
    if (rc != CLI_OK)
        goto done;
    rc = CLI_FAIL;
    int st = segkit_regionprops(&labels, o.intensity ? &inten : NULL,
                                (o.csv || o.jsonl || common.json) ? groups : SEGKIT_PROPS_BASIC,
                                &reg, &n);
    if (st != SEGKIT_OK) {
        cli_lib_error(in, st);
        goto done;
    }
    if (out) {
        cli_outputs_note(&w, out);
        if (o.colorize) {
            segkit_image rgb;
            st = segkit_label_colorize(&labels, &rgb);
            if (st != SEGKIT_OK) {
                cli_lib_error(in, st);
                goto done;
            }
            rc = cli_write_picture(out, &common, &rgb);
            segkit_image_free(&rgb);
        } else {
            rc = cli_write_labels(out, &common, &labels, n);
        }
        if (rc != CLI_OK)
            goto done;
    }
    if ((rc = cli_outputs_overlay(&w, CLI_OK, cli_job_path(o.overlay), &common,
                                  o.intensity ? &inten : &img, &labels, CLI_RESULT_LABELS)) !=
        CLI_OK)
        goto done;
    if (o.csv) {
        const char *csv = cli_job_path(o.csv);
        cli_outputs_note(&w, csv);
        if ((rc = cli_props_write(csv, reg, n, cols, ncols, 1)) != CLI_OK)
            goto done;
    }
    if (o.jsonl) {
        cli_outputs_note(&w, o.jsonl);
        if ((rc = cli_props_write(o.jsonl, reg, n, cols, ncols, 0)) != CLI_OK)
            goto done;
    }
    if (common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "file", in);
        cli_json_int(&j, "width", img.width);
        cli_json_int(&j, "height", img.height);
        cli_json_int(&j, "connectivity", o.connectivity);
        cli_json_int(&j, "objects", n);
        cli_json_regions(&j, reg, n, cols, ncols);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
        if (rc != CLI_OK)
            goto done;
    }
    rc = CLI_OK;
    if (!out && !o.csv && !o.jsonl && !common.json && !o.overlay)
        rc = cli_stdout_printf("%d\n", n);
done:
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    free(reg);
    segkit_image_free(&labels);
    segkit_image_free(&inten);
    segkit_image_free(&img);
    return rc;
}
