/* segkit-distance: distance transform of a mask -> float32 map (.npy,
 * .pfm) or 16-bit PNG (--scale). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const metric_names[] = {"euclidean", "cityblock", "chessboard",
                                           "chamfer34", "chamfer5711", NULL};
static const char *const to_names[] = {"zero", "nonzero", NULL};

typedef struct {
    int metric, to, is_signed;
    double sx, sy, scale;
    int have_spacing;
    const char *overlay;
} options;

static int parse_spacing(const char *arg, void *target)
{
    options *o = target;
    char *end;
    double sx = strtod(arg, &end);
    if (end == arg)
        return -1;
    double sy = sx;
    if (*end == ',') {
        const char *s = end + 1;
        sy = strtod(s, &end);
        if (end == s)
            return -1;
    }
    if (*end || !(sx > 0) || !(sy > 0) || isinf(sx) || isinf(sy))
        return -1;
    o->sx = sx;
    o->sy = sy;
    o->have_spacing = 1;
    return 0;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    segkit_distance_params p;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o = {0, 0, 0, 1.0, 1.0, 0.0, 0};
    const cli_option table[] = {
        {"metric", 0, CLI_CHOICE, &o.metric, "NAME",
         "euclidean (exact), cityblock, chessboard, chamfer34, chamfer5711", 0, 0,
         metric_names, NULL, 0},
        {"to", 0, CLI_CHOICE, &o.to, "WHICH",
         "distance to the nearest zero pixel (of every object pixel) or nonzero pixel", 0, 0,
         to_names, NULL, 0, .applies = "unsigned"},
        {"signed", 0, CLI_FLAG, &o.is_signed, NULL,
         "signed: > 0 inside objects (to the background), < 0 outside (to the objects)", 0, 0,
         NULL, NULL, 0},
        {"spacing", 0, CLI_CUSTOM, &o, "SX[,SY]",
         "pixel width and height (scipy's sampling=(SY, SX)); euclidean and cityblock", 0, 0,
         NULL, parse_spacing, 0},
        {"scale", 0, CLI_DOUBLE, &o.scale, "S",
         "write 16-bit: round(d * S), saturating at 65535 (signed: negative -> 0)", 1e-9, 1e9,
         NULL, NULL, 0, .def = ""},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-distance", "[options] IN OUT",
        "Distance transform of the mask IN (nonzero = object; colour is converted to\n"
        "gray first): every pixel gets its distance to the nearest background pixel\n"
        "(--to zero, as scipy.ndimage.distance_transform_edt and OpenCV), or to the\n"
        "nearest object pixel (--to nonzero).  OUT is float32: .npy (numpy.load reads\n"
        "it) or .pfm; with --scale S a 16-bit PNG (or PGM) of round(d * S).  Pixels\n"
        "with no feature pixel anywhere get +inf (65535).  --json reports the\n"
        "largest distance.",
        table, 2, 2, 1};

    cli_init("segkit-distance");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    segkit_distance_params p = segkit_distance_params_default();
    p.metric = (segkit_distance_metric)o.metric;
    p.target = o.is_signed ? SEGKIT_DISTANCE_SIGNED
               : o.to     ? SEGKIT_DISTANCE_TO_NONZERO
                          : SEGKIT_DISTANCE_TO_ZERO;
    p.spacing_x = o.sx;
    p.spacing_y = o.sy;
    /* --signed measures both ways: --to does not apply */
    if (cli_check_applies(&common, o.is_signed ? "--signed" : "an unsigned distance",
                          o.is_signed ? "signed" : "unsigned") != CLI_OK)
        return CLI_USAGE;
    if (p.metric > SEGKIT_DISTANCE_CITYBLOCK && o.sx != o.sy) {
        cli_error(NULL, "--spacing: %s needs square pixels (SX = SY)",
                  segkit_distance_metric_name(p.metric));
        return CLI_USAGE;
    }
    if (cli_given(&common, "scale")) {
        p.out_type = SEGKIT_U16;
        p.scale = o.scale;
    }
    job_ctx c = {&o, &common, p};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, transform, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options *op = c->o;
    const options o = *op;
    const cli_common common = *c->common;
    const segkit_distance_params p = c->p;
    int rc;
    segkit_image img, d;
    if (cli_read_image(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    if (cli_to_gray(in, &img) != CLI_OK) {
        segkit_image_free(&img);
        return CLI_FAIL;
    }
    int st = segkit_distance_transform(&img, &p, &d, NULL);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    double max = 0;
    for (int y = 0; y < d.height; y++)
        for (int x = 0; x < d.width; x++) {
            double v = d.type == SEGKIT_F32 ? ((float *)segkit_image_row(&d, y))[x]
                                            : ((uint16_t *)segkit_image_row(&d, y))[x] / p.scale;
            if (!isinf(v))   /* no feature pixel at all: +inf, not counted */
                max = fabs(v) > max ? fabs(v) : max;
        }
    rc = cli_write_image(out, &common, &d);
    cli_outputs w = {0}; /* the overlay, removed if the report then fails (OUT: cli_batch.c) */
    rc = cli_outputs_overlay(&w, rc, cli_job_path(o.overlay), &common, &img, &d,
                             CLI_RESULT_MAP);
    segkit_image_free(&img);
    segkit_image_free(&d);
    if (rc != CLI_OK)
        return rc;
    if (common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "metric", segkit_distance_metric_name(p.metric));
        cli_json_string(&j, "to", o.is_signed ? "signed" : to_names[o.to]);
        cli_json_number(&j, "spacing_x", o.sx);
        cli_json_number(&j, "spacing_y", o.sy);
        cli_json_number(&j, "max", max);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
        if (rc != CLI_OK)
            cli_outputs_undo(&w, rc);
    }
    return rc;
}
