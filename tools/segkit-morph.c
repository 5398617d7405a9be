/* segkit-morph: morphology on masks and gray images. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* --op names: segkit_morph_op's, then the others */
enum { OP_FILL = SEGKIT_MORPH_OP_COUNT, OP_RECONSTRUCT, OP_HMAX, OP_HMIN, OP_REGMAX,
       OP_REGMIN, OP_AREAOPEN, OP_AREACLOSE };
static const char *const op_names[] = {
    "erode", "dilate", "open", "close", "tophat", "blackhat", "gradient", "fill-holes",
    "reconstruct", "hmax", "hmin", "regmax", "regmin", "areaopen", "areaclose", NULL};
static const char *const by_names[] = {"dilation", "erosion", NULL};

typedef struct {
    const char *op, *se, *seed;
    int connectivity, by;
    double height;
    double area;
    const char *overlay;
} options;

static int read_gray(const char *path, const cli_common *common, segkit_image *img)
{
    if (cli_read_image(path, common, img) != CLI_OK)
        return CLI_FAIL;
    if (cli_to_gray(path, img) != CLI_OK || img->type == SEGKIT_I32) {
        if (img->type == SEGKIT_I32)
            cli_error(path, "a label image: morphology works on u8, u16 and f32 images");
        segkit_image_free(img);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    int op, conn;
    segkit_se se;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o = {NULL, NULL, NULL, 0, 0, NAN, 64};
    const cli_option table[] = {
        {"op", 0, CLI_STRING, &o.op, "OP",
         "erode dilate open close tophat blackhat gradient fill-holes reconstruct hmax "
         "hmin regmax regmin areaopen areaclose", 0, 0, NULL, NULL, 0},
        {"se", 0, CLI_STRING, &o.se, "SPEC",
         "structuring element: square:N rect:WxH cross:R diamond:R disk:R line:L,ANGLE",
         0, 0, NULL, NULL, 0, .applies = "se", .def = "square:3"},
        {"connectivity", 'n', CLI_INT, &o.connectivity, "N",
         "4 or 8 neighbours (areaopen/areaclose: 4, the others: 8, as skimage)", 4, 8,
         NULL, NULL, 0, .applies = "conn", .def = ""},
        {"height", 0, CLI_DOUBLE, &o.height, "H", "hmax/hmin: least height (depth) of an "
         "extremum", 1e-30, 1e30, NULL, NULL, 0, .applies = "height", .def = ""},
        {"area", 0, CLI_DOUBLE, &o.area, "A",
         "areaopen/areaclose: components under A pixels go", 0, 9e18, NULL, NULL, 0,
         .applies = "area"},
        {"seed", 0, CLI_STRING, &o.seed, "FILE",
         "reconstruct: the seed (marker) image; IN is the mask", 0, 0, NULL, NULL, 0,
         .applies = "seed"},
        {"by", 0, CLI_CHOICE, &o.by, "METHOD", "reconstruct: by dilation or by erosion",
         0, 0, by_names, NULL, 0, .applies = "seed"},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-morph", "--op OP [options] IN OUT",
        "Mathematical morphology on a mask or a gray image (8-bit, 16-bit or float;\n"
        "colour is converted to gray first): the result has IN's type and values,\n"
        "except regmax regmin hmax hmin, which write a mask (255 on the extrema).\n"
        "Pixels outside the image do not count, as in scikit-image; disk:R is\n"
        "skimage.morphology.disk(R).  --json reports the operation and the number\n"
        "of nonzero output pixels.",
        table, 2, 2, 1};

    cli_init("segkit-morph");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* -o OP, the spelling before -o became the output template: an operation
     * name is no template (it has no extension), so there is no ambiguity */
    for (int i = 0; !o.op && common.batch.output && op_names[i]; i++)
        if (strcmp(common.batch.output, op_names[i]) == 0) {
            cli_error(NULL, "warning: -o %s: -o is the output template now; the "
                            "operation is --op %s", op_names[i], op_names[i]);
            o.op = common.batch.output;
            common.batch.output = NULL;
        }
    if (!o.op) {
        cli_error(NULL, "no operation: use --op OP (see --help)");
        return CLI_USAGE;
    }
    int op = -1;
    for (int i = 0; op_names[i]; i++)
        if (strcmp(o.op, op_names[i]) == 0)
            op = i;
    if (op < 0) {
        cli_error(NULL, "--op %s: unknown operation (one of erode dilate open close tophat "
                        "blackhat gradient fill-holes reconstruct hmax hmin regmax regmin "
                        "areaopen areaclose)", o.op);
        return CLI_USAGE;
    }
    char chosen[64];
    snprintf(chosen, sizeof chosen, "--op %s", o.op);
    const char *tags = op < OP_FILL                         ? "se"
                       : op == OP_FILL                      ? ""
                       : op == OP_RECONSTRUCT               ? "conn seed"
                       : op == OP_HMAX || op == OP_HMIN     ? "conn height"
                       : op == OP_REGMAX || op == OP_REGMIN ? "conn"
                                                            : "conn area";
    if (cli_check_applies(&common, chosen, tags) != CLI_OK)
        return CLI_USAGE;
    segkit_se se;
    if (segkit_se_parse(o.se ? o.se : "square:3", &se) != SEGKIT_OK) {
        cli_error(NULL, "--se %s: not square:N rect:WxH cross:R diamond:R disk:R or "
                        "line:L,ANGLE (N, W, H, L 1..4095; R 0..2047)", o.se);
        return CLI_USAGE;
    }
    if ((op == OP_HMAX || op == OP_HMIN) && isnan(o.height)) {
        cli_error(NULL, "--op %s needs --height H", o.op);
        return CLI_USAGE;
    }
    if (op == OP_RECONSTRUCT && !o.seed) {
        cli_error(NULL, "--op reconstruct needs --seed FILE");
        return CLI_USAGE;
    }
    int conn = o.connectivity ? o.connectivity : op >= OP_AREAOPEN ? 4 : 8;
    if (conn != 4 && conn != 8) {
        cli_error(NULL, "--connectivity: 4 or 8");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, op, conn, se};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, compute, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    const int op = c->op, conn = c->conn;
    const segkit_se se = c->se;
    const char *seed_path = cli_job_path(o.seed);
    int rc;
    segkit_image img, seed = {0}, res;
    if (read_gray(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    int st;
    const char *what = in;
    if (op < OP_FILL) {
        st = segkit_morph(&img, (segkit_morph_op)op, &se, &res);
    } else if (op == OP_FILL) {
        st = segkit_morph_fill_holes(&img, &res);
    } else if (op == OP_RECONSTRUCT) {
        if (read_gray(seed_path, &common, &seed) != CLI_OK) {
            segkit_image_free(&img);
            return CLI_FAIL;
        }
        if (!segkit_image_same_size(&seed, &img) || seed.type != img.type) {
            cli_error(seed_path, "the seed is %dx%d %s, the mask %dx%d %s: they must match",
                      seed.width, seed.height, segkit_type_name(seed.type), img.width,
                      img.height, segkit_type_name(img.type));
            segkit_image_free(&img), segkit_image_free(&seed);
            return CLI_FAIL;
        }
        st = segkit_morph_reconstruct(&seed, &img, o.by, conn, &res);
        what = seed_path;
    } else if (op == OP_HMAX || op == OP_HMIN) {
        st = segkit_morph_hextrema(&img, o.height, conn, op == OP_HMIN, &res);
    } else if (op == OP_REGMAX || op == OP_REGMIN) {
        st = segkit_morph_regional_extrema(&img, conn, op == OP_REGMIN, &res);
    } else {
        st = segkit_morph_area_open(&img, (long long)o.area, conn, op == OP_AREACLOSE, &res);
    }
    segkit_image_free(&seed);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(what, st);
    }
    long long nonzero = 0;
    size_t es = segkit_type_size(res.type);
    for (int y = 0; y < res.height; y++) {
        const uint8_t *r = segkit_image_row(&res, y);
        for (int x = 0; x < res.width; x++) {
            int nz = 0;
            for (size_t b = 0; b < es; b++)
                nz |= r[(size_t)x * es + b] != 0;
            nonzero += nz;
        }
    }
    rc = cli_write_image(out, &common, &res);
    cli_outputs w = {0}; /* the overlay, removed if the report then fails (OUT: cli_batch.c) */
    rc = cli_outputs_overlay(&w, rc, cli_job_path(o.overlay), &common, &img, &res,
                             CLI_RESULT_AUTO);
    segkit_image_free(&img);
    segkit_image_free(&res);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "op", o.op);
        if (op < OP_FILL)
            cli_json_string(&j, "se", o.se ? o.se : "square:3");
        cli_json_int(&j, "nonzero", nonzero);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
        if (rc != CLI_OK)
            cli_outputs_undo(&w, rc);
    }
    return rc;
}
