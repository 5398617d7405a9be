/* segkit-color slic and felzenszwalb: superpixels as scikit-image's
 * segmentation.slic and segmentation.felzenszwalb, written as label images.
 * Both commands share run(): read, segment, write the labels, report. */
#include <stdio.h>

#include "cli_labels.h"
#include "color_cmd.h"

/* Parses argv into the table's targets, lets finish(opts) complete opts,
 * reads IN (any channels), calls segment(img, opts, labels, count), writes
 * OUT (labels from *start_label, or 1 if NULL), the --overlay picture
 * (*overlay, parsed by the table) and --json the count. */
typedef struct {
    const cli_common *common;
    const void *opts;
    int (*segment)(const segkit_image *, const void *, segkit_image *, int32_t *);
    const int *start_label;
    const char *const *overlay;
} job_ctx;

static int run_one(void *arg, const char *in, const char *out);

static int run(const cli_tool *tool, int argc, char **argv, void *opts,
               int (*segment)(const segkit_image *, const void *, segkit_image *, int32_t *),
               void (*finish)(void *), const int *start_label, const char *const *overlay)
{
    cli_common common;
    int first;
    int rc = cli_parse(tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (finish)
        finish(opts);
    job_ctx c = {&common, opts, segment, start_label, overlay};
    return cli_batch_run(&common, argc - first, argv + first, run_one, &c);
}

/* One input (inputs run in threads: opts is only read). */
static int run_one(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const cli_common common = *c->common;
    const void *opts = c->opts;
    int (*segment)(const segkit_image *, const void *, segkit_image *, int32_t *) = c->segment;
    const int *start_label = c->start_label;
    const char *overlay = cli_job_path(*c->overlay);
    int rc;
    segkit_image img, labels;
    if (cli_read_image(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    int32_t n = 0;
    int st = segment(&img, opts, &labels, &n);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    int first_label = start_label ? *start_label : 1;
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    rc = cli_write_labels(out, &common, &labels, n + first_label - 1);
    /* with --start-label 0, label 0 is a superpixel: drawn as label 1 */
    rc = cli_outputs_overlay(&w, rc, overlay, &common, &img, &labels,
                       first_label == 0 ? CLI_RESULT_CLASSES : CLI_RESULT_LABELS);
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&img);
    segkit_image_free(&labels);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_int(&j, "segments", n);
        if (start_label)
            cli_json_int(&j, "start_label", *start_label);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}

typedef struct slic_opts {
    segkit_slic_params p;
    int no_lab, no_conn;
    const char *overlay;
} slic_opts;

static int slic_call(const segkit_image *img, const void *o, segkit_image *l, int32_t *n)
{
    return segkit_slic(img, &((const slic_opts *)o)->p, l, n);
}

static void slic_finish(void *v)
{
    slic_opts *o = v;
    o->p.convert_lab = o->no_lab ? 0 : -1;
    o->p.enforce_connectivity = !o->no_conn;
}

int color_slic(int argc, char **argv)
{
    slic_opts o = {segkit_slic_params_default(), 0, 0, NULL};
    segkit_slic_params *pp = &o.p;
    int *no_lab = &o.no_lab, *no_conn = &o.no_conn;
    const cli_option table[] = {
        {"n-segments", 0, CLI_INT, &pp->n_segments, "N", "approximate number of superpixels", 1,
         2147483647.0, NULL, NULL, 0},
        {"compactness", 0, CLI_DOUBLE, &pp->compactness, "C",
         "colour against space: larger = squarer superpixels", 1e-9, 1e9, NULL, NULL, 0},
        {"max-iter", 0, CLI_INT, &pp->max_iter, "N", "k-means iterations", 1, 100000, NULL, NULL,
         0},
        {"sigma", 0, CLI_DOUBLE, &pp->sigma, "S", "Gaussian smoothing first (pixels)", 0, 1000,
         NULL, NULL, 0},
        {"no-lab", 0, CLI_FLAG, no_lab, NULL,
         "cluster RGB as it is (default: a 3-channel image is converted to CIE Lab)", 0, 0, NULL,
         NULL, 0},
        {"no-connectivity", 0, CLI_FLAG, no_conn, NULL,
         "keep the k-means labels (default: small pieces join a neighbour)", 0, 0, NULL, NULL,
         0},
        {"min-size-factor", 0, CLI_DOUBLE, &pp->min_size_factor, "F",
         "pieces below F x the mean size are merged", 0, 1e6, NULL, NULL, 0},
        {"max-size-factor", 0, CLI_DOUBLE, &pp->max_size_factor, "F",
         "pieces are cut at F x the mean size", 0, 1e6, NULL, NULL, 0},
        {"start-label", 0, CLI_INT, &pp->start_label, "L",
         "first label, 0 or 1 (0 makes label 0 a superpixel, not background)", 0, 1, NULL,
         NULL, 0},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color slic", "[--n-segments N] [--compactness C] [options] IN OUT",
        "SLIC superpixels (Achanta et al. 2012) of IN (gray or colour, 8/16-bit or\n"
        "float) with scikit-image's slic parameters and steps, written as a label\n"
        "image OUT as segkit-label writes labels.  --json: the number of superpixels.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    return run(&tool, argc, argv, &o, slic_call, slic_finish, &o.p.start_label, &o.overlay);
}

static int fz_call(const segkit_image *img, const void *p, segkit_image *l, int32_t *n)
{
    return segkit_felzenszwalb(img, p, l, n);
}

int color_felzenszwalb(int argc, char **argv)
{
    segkit_felzenszwalb_params p = segkit_felzenszwalb_params_default();
    const char *overlay = NULL;
    const cli_option table[] = {
        {"scale", 0, CLI_DOUBLE, &p.scale, "K", "observation level: larger = larger segments",
         0, 1e12, NULL, NULL, 0},
        {"sigma", 0, CLI_DOUBLE, &p.sigma, "S", "Gaussian smoothing first (pixels)", 0, 1000,
         NULL, NULL, 0},
        {"min-size", 0, CLI_INT, &p.min_size, "N", "smaller segments are merged (pixels)", 0,
         2147483647.0, NULL, NULL, 0},
        CLI_OVERLAY_OPTION(&overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color felzenszwalb", "[--scale K] [--sigma S] [--min-size N] IN OUT",
        "Felzenszwalb & Huttenlocher's graph segmentation (2004) of IN (gray or\n"
        "colour, 8/16-bit or float) as scikit-image's felzenszwalb, written as a label\n"
        "image OUT (1..n in raster order of each segment's first pixel: skimage's\n"
        "labels + 1) as segkit-label writes labels.  --json: the number of segments.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    return run(&tool, argc, argv, &p, fz_call, NULL, NULL, &overlay);
}
