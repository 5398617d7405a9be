/* segkit-color kmeans: k-means clustering of the pixels' colours in a
 * colour space -> a label image (1..k) and the palette (--json). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_labels.h"
#include "color_cmd.h"

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    int k, max_iter, attempts, seed;
    double tol, spatial;
    const char *overlay;
    segkit_color_space cs;
    const cli_common *common;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_kmeans(int argc, char **argv)
{
    int k = 4, max_iter = 100, attempts = 1, seed = 0;
    double tol = 0.01, spatial = 0;
    const char *space = "lab", *overlay = NULL;
    const cli_option table[] = {
        {"k", 'k', CLI_INT, &k, "K", "number of clusters", 1, SEGKIT_KMEANS_MAX_K, NULL, NULL, 0},
        {"space", 0, CLI_STRING, &space, "SPACE",
         "the colour space clustered, in its units (rgb = 0..1; see segkit-color convert)",
         0, 0, NULL, NULL, 0, .def = "lab"},
        {"seed", 0, CLI_INT, &seed, "N", "seed of the k-means++ seeding", 0, 2147483647.0, NULL,
         NULL, 0},
        {"attempts", 0, CLI_INT, &attempts, "N",
         "seedings tried; the most compact result is kept", 1, 1000, NULL, NULL, 0},
        {"max-iter", 0, CLI_INT, &max_iter, "N", "iterations per attempt at most", 1, 100000,
         NULL, NULL, 0},
        {"tol", 0, CLI_DOUBLE, &tol, "T",
         "stop when no centre moves farther than T (space units)", 0, 1e9, NULL, NULL, 0},
        {"spatial", 0, CLI_DOUBLE, &spatial, "W",
         "also cluster on x * W and y * W (pixels): compact, connected clusters", 0, 1e6, NULL,
         NULL, 0},
        CLI_OVERLAY_OPTION(&overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color kmeans", "[-k K] [--space SPACE] [options] IN OUT",
        "Clusters the colours of the RGB image IN with k-means (k-means++ seeding) in a\n"
        "colour space and writes the clusters as a label image OUT (1..k, numbered by\n"
        "their centres in ascending order of the first channel), as segkit-label writes\n"
        "labels.  The result depends only on the image's colours and --seed: the same\n"
        "on every run and machine.  --json: each cluster's pixels, centre in the space\n"
        "and in sRGB (the palette).",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    segkit_color_space cs;
    if (color_parse_space("space", space, &cs) != CLI_OK)
        return CLI_USAGE;
    job_ctx c = {k, max_iter, attempts, seed, tol, spatial, overlay, cs, &common};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, cluster, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const int k = c->k, max_iter = c->max_iter, attempts = c->attempts, seed = c->seed;
    const double tol = c->tol, spatial = c->spatial;
    const char *overlay = cli_job_path(c->overlay);
    const segkit_color_space cs = c->cs;
    const cli_common common = *c->common;
    int rc;
    segkit_image img, feat, labels;
    if (color_read_rgb(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    int st = segkit_color_convert(&img, &cs, &feat);
    segkit_kmeans_params p = segkit_kmeans_params_default();
    p.k = k;
    p.max_iter = max_iter;
    p.tol = tol;
    p.attempts = attempts;
    p.seed = (uint64_t)seed;
    p.spatial_weight = spatial;
    segkit_kmeans_result res;
    if (st == SEGKIT_OK) {
        st = segkit_kmeans(&feat, &p, &labels, &res);
        segkit_image_free(&feat);
    }
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    rc = cli_write_labels(out, &common, &labels, res.k);
    rc = cli_outputs_overlay(&w, rc, overlay, &common, &img, &labels, CLI_RESULT_LABELS);
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&img);
    segkit_image_free(&labels);
    if (rc == CLI_OK && common.json) {
        char name[32];
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "space", segkit_color_space_name(&cs, name, sizeof name));
        cli_json_int(&j, "k", res.k);
        cli_json_int(&j, "iterations", res.iterations);
        cli_json_int(&j, "attempt", res.attempt);
        cli_json_number(&j, "compactness", res.compactness);
        cli_json_array_begin(&j, "clusters");
        for (int i = 0; i < res.k; i++) {
            double rgb[3];
            segkit_color_to_rgb(&cs, res.center[i], rgb);
            cli_json_object_begin(&j, NULL);
            cli_json_int(&j, "label", i + 1);
            cli_json_int(&j, "pixels", res.count[i]);
            cli_json_array_begin(&j, "center");
            for (int c = 0; c < 3; c++)
                cli_json_value_number(&j, res.center[i][c]);
            cli_json_array_end(&j);
            char hex[8];
            int v[3];
            cli_json_array_begin(&j, "srgb");
            for (int c = 0; c < 3; c++) {
                double x = floor(rgb[c] * 255 + 0.5);
                v[c] = x < 0 ? 0 : x > 255 ? 255 : (int)x;
                cli_json_value_number(&j, v[c]);
            }
            cli_json_array_end(&j);
            snprintf(hex, sizeof hex, "#%02x%02x%02x", v[0], v[1], v[2]);
            cli_json_string(&j, "hex", hex);
            if (spatial > 0) {
                cli_json_array_begin(&j, "xy");
                cli_json_value_number(&j, res.center_xy[i][0]);
                cli_json_value_number(&j, res.center_xy[i][1]);
                cli_json_array_end(&j);
            }
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
