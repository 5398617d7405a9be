/* segkit-color index: a vegetation or stain index -> float map, or a mask
 * thresholded with any global method of segkit-threshold (ExG + Otsu: the
 * classic crop / soil split). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "color_cmd.h"

static const char *const fg_names[] = {"light", "dark", NULL};

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const char *method, *overlay;
    int fg, convention, bins;
    segkit_index_kind idx;
    segkit_threshold_method m;
    const cli_common *common;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_index(int argc, char **argv)
{
    const char *name = NULL, *method = NULL, *overlay = NULL;
    int fg = 0, convention = SEGKIT_CONV_IMAGEJ, bins = 256;
    const cli_option table[] = {
        {"name", 0, CLI_STRING, &name, "INDEX",
         "exg exr exgr cive vari ngrdi hed-h hed-e hed-d", 0, 0, NULL, NULL, 0},
        {"threshold", 0, CLI_STRING, &method, "METHOD",
         "write the mask thresholded by a global method of segkit-threshold (otsu, li, "
         "triangle, ...) on a histogram of the index's min..max", 0, 0, NULL, NULL, 0,
         .def = ""},
        CLI_CONVENTION_OPTION(&convention,
                              "--threshold: whose definition to follow, as segkit-threshold "
                              "-c (skimage: threshold_otsu(map) etc., a bin's centre)", NULL),
        {"bins", 0, CLI_INT, &bins, "N", "--threshold: histogram bins", 1, 1 << 24, NULL,
         NULL, 0},
        {"fg", 0, CLI_CHOICE, &fg, "WHICH",
         "--threshold: foreground above (light) or at/below (dark) the threshold; cive: use "
         "dark", 0, 0, fg_names, NULL, 0},
        CLI_OVERLAY_OPTION(&overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color index", "--name INDEX [--threshold METHOD] [options] IN OUT",
        "A colour index of every pixel of the RGB image IN: OUT is the float32 map\n"
        "(.npy, .pfm; a 16-bit .png maps the index's nominal range, see\n"
        "segkit-color(1)), or with --threshold the mask (0/255) of the pixels above\n"
        "the threshold the method finds.  --json reports the threshold, the\n"
        "convention and the pixel count.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    segkit_index_kind idx;
    if (!name) {
        cli_error(NULL, "no index: use --name INDEX (see --help)");
        return CLI_USAGE;
    }
    if (segkit_color_index_parse(name, &idx) != SEGKIT_OK) {
        cli_error(NULL, "--name %s: one of exg exr exgr cive vari ngrdi hed-h hed-e hed-d", name);
        return CLI_USAGE;
    }
    segkit_threshold_method m = SEGKIT_THRESH_OTSU;
    if (method && (segkit_threshold_method_parse(method, &m) != SEGKIT_OK ||
                   m == SEGKIT_THRESH_BAND)) {
        cli_error(NULL, "--threshold %s: not a global method of segkit-threshold "
                  "(otsu li yen triangle isodata mean minimum ...)", method);
        return CLI_USAGE;
    }
    static const char *const needs_method[] = {"fg", "convention", "bins"};
    for (int i = 0; i < 3; i++)
        if (cli_given(&common, needs_method[i]) && !method) {
            cli_error(NULL, "--%s applies to --threshold", needs_method[i]);
            return CLI_USAGE;
        }
    job_ctx c = {method, overlay, fg, convention, bins, idx, m, &common};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, compute, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const char *method = c->method, *overlay = cli_job_path(c->overlay);
    const int fg = c->fg;
    const segkit_index_kind idx = c->idx;
    const segkit_threshold_method m = c->m;
    const cli_common common = *c->common;
    int rc;
    segkit_image img, map;
    if (color_read_rgb(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    int st = segkit_color_index(&img, idx, &map);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    double t[SEGKIT_THRESHOLD_MAX];
    int nt = 0;
    long long count = -1;
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    if (method) {
        segkit_histogram h;
        segkit_histogram_options ho = segkit_histogram_options_default();
        segkit_threshold_params tp = segkit_threshold_params_default();
        ho.bins = c->bins;
        ho.numpy_f32 = c->convention == SEGKIT_CONV_SKIMAGE;
        tp.convention = (segkit_convention)c->convention;
        st = segkit_histogram_compute(&map, NULL, &ho, &h);
        if (st == SEGKIT_OK) {
            st = segkit_threshold_histogram(&h, m, &tp, t, &nt);
            segkit_histogram_free(&h);
        }
        segkit_image mask;
        if (st == SEGKIT_OK)
            st = segkit_threshold_apply(&map, t, nt, fg, &mask);
        if (st != SEGKIT_OK) {
            cli_error(in, "--threshold %s: %s", method, segkit_strerror(st));
            segkit_image_free(&img);
            segkit_image_free(&map);
            return CLI_FAIL;
        }
        segkit_image_free(&map);
        count = nt == 1 ? color_mask_finish(&mask, 0) : 0;
        rc = cli_write_image(out, &common, &mask);
        rc = cli_outputs_overlay(&w, rc, overlay, &common, &img, &mask, CLI_RESULT_MASK);
        segkit_image_free(&mask);
    } else {
        /* cive: its extremes on the chromatic coordinates, 18.78745 - 0.811
         * (pure green) .. 18.78745 + 0.441 (pure red) */
        static const double lo[SEGKIT_INDEX_COUNT] = {-1, -1, -2.4, 17.97645, -1, -1, 0, 0, 0};
        static const double hi[SEGKIT_INDEX_COUNT] = {2, 1.4, 3, 19.22845, 1, 1, 1, 1, 1};
        rc = color_write_float(out, &common, &map, &lo[idx], &hi[idx]);
        rc = cli_outputs_overlay(&w, rc, overlay, &common, &img, &map, CLI_RESULT_MAP);
        segkit_image_free(&map);
    }
    segkit_image_free(&img);
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "index", segkit_color_index_name(idx));
        if (method) {
            cli_json_string(&j, "threshold_method", segkit_threshold_method_name(m));
            cli_json_string(&j, "convention", cli_convention_names[c->convention]);
            cli_json_int(&j, "bins", c->bins);
            cli_json_array_begin(&j, "thresholds");
            for (int i = 0; i < nt; i++)
                cli_json_value_number(&j, t[i]);
            cli_json_array_end(&j);
            if (nt == 1)
                cli_json_int(&j, "pixels", count);
        }
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
