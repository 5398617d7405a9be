/* segkit-color distance: colour difference (CIE76, CIE94, CIEDE2000, CMC)
 * to the nearest reference colour -> float map, or mask within --tol. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color_cmd.h"

#define MAX_REFS COLOR_LIST_MAX

typedef struct {
    color_list ref;
    const char *de, *cmc, *overlay;
    double tol;
    int invert;
} options;

/* a reference: a colour, or point:X,Y / box:X,Y,W,H of the image */
static int ref_rgb(const char *s, const segkit_image *img, double rgb[3])
{
    int x, y, w = 1, h = 1, n = 0;
    if (sscanf(s, "point:%d,%d%n", &x, &y, &n) == 2 && s[n] == '\0') {
    } else if (sscanf(s, "box:%d,%d,%d,%d%n", &x, &y, &w, &h, &n) == 4 && s[n] == '\0') {
    } else if (strncmp(s, "point:", 6) == 0 || strncmp(s, "box:", 4) == 0) {
        cli_error(NULL, "--ref %s: expected point:X,Y or box:X,Y,W,H", s);
        return CLI_USAGE;
    } else {
        if (segkit_color_parse(s, rgb) == SEGKIT_OK)
            return CLI_OK;
        cli_error(NULL, "--ref %s: not a colour (a CSS name, #rrggbb, rgb(R,G,B), "
                  "lab(L,a,b), point:X,Y or box:X,Y,W,H)", s);
        return CLI_USAGE;
    }
    if (segkit_color_mean(img, x, y, w, h, rgb) != SEGKIT_OK) {
        cli_error(NULL, "--ref %s: outside the %dx%d image", s, img->width, img->height);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    segkit_delta_e_params p;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_distance(int argc, char **argv)
{
    options o = {.tol = NAN};
    const cli_option table[] = {
        {"ref", 0, CLI_CUSTOM, &o.ref, "COLOR",
         "a reference colour: CSS name, #rrggbb, rgb(R,G,B), lab(L,a,b), or the mean of "
         "point:X,Y or box:X,Y,W,H of IN; repeat for several (nearest counts)", 0, 0, NULL,
         color_list_add, 0},
        {"de", 0, CLI_STRING, &o.de, "FORMULA", "76, 94, 2000 or cmc", 0, 0, NULL, NULL, 0,
         .def = "2000"},
        {"cmc", 0, CLI_STRING, &o.cmc, "L:C", "--de cmc: lightness and chroma weights", 0, 0,
         NULL, NULL, 0, .def = "2:1"},
        {"tol", 0, CLI_DOUBLE, &o.tol, "T",
         "write the mask of pixels within T of a reference (else the float distance map)", 0,
         1e9, NULL, NULL, 0, .def = ""},
        {"invert", 0, CLI_FLAG, &o.invert, NULL, "--tol: 255 farther than T instead", 0, 0,
         NULL, NULL, 0},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color distance", "--ref COLOR [--de FORMULA] [--tol T] [options] IN OUT",
        "The colour difference (in CIELAB D65) of every pixel of the RGB image IN\n"
        "from the nearest --ref colour: CIEDE2000 by default, as\n"
        "skimage.color.deltaE_ciede2000.  With --tol T, OUT is the mask (0/255) of\n"
        "the pixels within T; else OUT is the float32 map (.npy, .pfm; a 16-bit\n"
        ".png holds round(dE * 655.35), i.e. 0..100).  --json reports the references\n"
        "and the mask's pixel count.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (color_list_check(&o.ref, "ref", "no reference colour: use --ref COLOR (see --help)") !=
        CLI_OK)
        return CLI_USAGE;
    segkit_delta_e_params p = segkit_delta_e_params_default();
    if (o.de && segkit_delta_e_parse(o.de, &p.formula) != SEGKIT_OK) {
        cli_error(NULL, "--de %s: one of 76, 94, 2000, cmc", o.de);
        return CLI_USAGE;
    }
    if (o.cmc) {
        char *e;
        p.cmc_l = strtod(o.cmc, &e);
        if (*e != ':' || !(p.cmc_l > 0) || (p.cmc_c = strtod(e + 1, &e), *e) || !(p.cmc_c > 0)) {
            cli_error(NULL, "--cmc %s: expected L:C, two positive numbers (2:1)", o.cmc);
            return CLI_USAGE;
        }
        if (p.formula != SEGKIT_DECMC) {
            cli_error(NULL, "--cmc applies to --de cmc");
            return CLI_USAGE;
        }
    }
    if (o.invert && isnan(o.tol)) {
        cli_error(NULL, "--invert applies to a mask (--tol T)");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, p};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    const segkit_delta_e_params p = c->p;
    int rc;
    segkit_image img, res;
    if (color_read_rgb(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    double rgb[MAX_REFS][3], lab[MAX_REFS][3];
    segkit_color_space cs_lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    for (int i = 0; i < o.ref.n; i++) {
        if (ref_rgb(o.ref.v[i], &img, rgb[i]) != CLI_OK) {
            segkit_image_free(&img);
            return CLI_USAGE;
        }
        segkit_color_from_rgb(&cs_lab, rgb[i], lab[i]);
    }
    int st = isnan(o.tol) ? segkit_color_distance(&img, (const double(*)[3])lab, o.ref.n, &p, &res)
                          : segkit_color_distance_mask(&img, (const double(*)[3])lab, o.ref.n, &p,
                                                       o.tol, &res);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    long long count = -1;
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    if (isnan(o.tol)) {
        const double lo = 0, hi = 100;
        rc = color_write_float(out, &common, &res, &lo, &hi);
    } else {
        count = color_mask_finish(&res, o.invert);
        rc = cli_write_image(out, &common, &res);
    }
    /* the mask, or the distance map (viridis over its min..max) */
    rc = cli_outputs_overlay(&w, rc, cli_job_path(o.overlay), &common, &img, &res,
                       isnan(o.tol) ? CLI_RESULT_MAP : CLI_RESULT_MASK);
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&img);
    segkit_image_free(&res);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "de", segkit_delta_e_name(p.formula));
        cli_json_array_begin(&j, "refs");
        for (int i = 0; i < o.ref.n; i++) {
            cli_json_object_begin(&j, NULL);
            cli_json_string(&j, "ref", o.ref.v[i]);
            cli_json_array_begin(&j, "rgb");
            for (int k = 0; k < 3; k++)
                cli_json_value_number(&j, round(rgb[i][k] * 255.0 * 1000) / 1000);
            cli_json_array_end(&j);
            cli_json_array_begin(&j, "lab");
            for (int k = 0; k < 3; k++)
                cli_json_value_number(&j, round(lab[i][k] * 10000) / 10000);
            cli_json_array_end(&j);
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        if (count >= 0) {
            cli_json_number(&j, "tol", o.tol);
            cli_json_int(&j, "pixels", count);
        }
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
