/* segkit-color: colour spaces and colour segmentation, one binary with
 * subcommands (`segkit-color convert ...`).  This file: the dispatch table
 * and the helpers the subcommands share; each subcommand is in its own
 * tools/color_*.c (see color_cmd.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color_cmd.h"

typedef struct color_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} color_command;

/* Append new subcommands at the end. */
static const color_command commands[] = {
    {"convert", "convert RGB to a colour space (float, 16-bit, or OpenCV's 8-bit)",
     color_convert},
    {"range", "mask of per-channel colour ranges (wrapping hue, OR-ed terms)", color_range},
    {"distance", "colour difference (CIE76/94, CIEDE2000, CMC) to reference colours: map or mask",
     color_distance},
    {"classes", "a table of colour classes -> one label image", color_classes},
    {"index", "vegetation and stain indices (ExG, CIVE, VARI, HED...), thresholded or not",
     color_index},
    {"kmeans", "k-means clusters of the colours: labels and palette", color_kmeans},
    {"slic", "SLIC superpixels (as scikit-image's slic)", color_slic},
    {"felzenszwalb", "Felzenszwalb-Huttenlocher graph segmentation (as skimage's)",
     color_felzenszwalb},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fprintf(f, "Usage: segkit-color COMMAND [options] IN OUT\n"
               "       segkit-color COMMAND --help\n"
               "       segkit-color --help | --version\n\n"
               "Colour spaces and colour segmentation.  Commands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nEvery command takes the common options --json[=FILE], --max-pixels N,\n"
               "--max-memory SIZE, --no-autorotate, --format FMT, --quality N, --help,\n"
               "--version (see segkit(1)); every command but convert takes --overlay FILE\n"
               "(a picture of the result over IN), and every command takes the batch\n"
               "options for many inputs: -o TEMPLATE, --files-from FILE, -0, --recursive,\n"
               "--glob PATTERN, --jobs N, --unordered, --fail-fast, --jsonl[=FILE],\n"
               "--progress, --quiet, --force, --skip-existing, --shard K/N (see BATCH in\n"
               "segkit-color(1)).\n"
               "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
    cli_init("segkit-color");
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("segkit-color %s\n", segkit_version_string());
        return CLI_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    cli_error(NULL, "unknown command '%s' (see segkit-color --help)", argv[1]);
    return CLI_USAGE;
}

/* ---------------------------------------------------------------- helpers */

int color_read_rgb(const char *path, const cli_common *common, segkit_image *img)
{
    if (cli_read_image(path, common, img) != CLI_OK)
        return CLI_FAIL;
    if (img->type == SEGKIT_I32 || img->channels < 3) {
        cli_error(path, "%s: a %d-channel %s image; colour commands need RGB (3 or 4 channels)",
                  "not a colour image", img->channels, segkit_type_name(img->type));
        segkit_image_free(img);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int color_parse_space(const char *opt, const char *name, segkit_color_space *cs)
{
    if (segkit_color_space_parse(name, cs) == SEGKIT_OK)
        return CLI_OK;
    cli_error(NULL, "--%s %s: unknown colour space (rgb linear xyz lab lch luv lchuv oklab "
              "oklch hsv hls hsi ycbcr yuv yiq hed; xyz..lchuv take -d50, ycbcr601/ycbcr709 "
              "-full)", opt, name);
    return CLI_USAGE;
}

int color_check_opencv(const segkit_color_space *cs, const char *name)
{
    if (segkit_color_has_opencv(cs->id) && !cs->d50)
        return CLI_OK;
    cli_error(NULL, "--opencv: OpenCV's 8-bit encodings are hsv, hls and lab, not %s", name);
    return CLI_USAGE;
}

int color_list_add(const char *arg, void *target)
{
    color_list *l = target;
    int max = l->max ? l->max : COLOR_LIST_MAX;
    if (l->n == max)
        l->over = 1;
    else
        l->v[l->n++] = arg;
    return 0;
}

int color_list_check(const color_list *l, const char *opt, const char *none)
{
    if (l->over) {
        cli_error(NULL, "--%s: at most %d of them", opt, l->max ? l->max : COLOR_LIST_MAX);
        return CLI_USAGE;
    }
    if (l->n == 0) {
        cli_error(NULL, "%s", none);
        return CLI_USAGE;
    }
    return CLI_OK;
}

long long color_mask_finish(segkit_image *mask, int invert)
{
    long long n = 0;
    for (int y = 0; y < mask->height; y++) {
        uint8_t *m = segkit_image_row(mask, y);
        for (int x = 0; x < mask->width; x++) {
            if (invert)
                m[x] = (uint8_t)(255 - m[x]);
            n += m[x] != 0;
        }
    }
    return n;
}

void color_space_range(const segkit_color_space *cs, double lo[3], double hi[3])
{
    static const double r[SEGKIT_SPACE_COUNT][6] = {
        /* lo0 hi0 lo1 hi1 lo2 hi2 */
        [SEGKIT_SPACE_RGB] = {0, 1, 0, 1, 0, 1},
        [SEGKIT_SPACE_LINEAR] = {0, 1, 0, 1, 0, 1},
        [SEGKIT_SPACE_XYZ] = {0, 1.25, 0, 1.25, 0, 1.25},
        [SEGKIT_SPACE_LAB] = {0, 100, -128, 128, -128, 128},
        [SEGKIT_SPACE_LCH] = {0, 100, 0, 200, 0, 360},
        [SEGKIT_SPACE_LUV] = {0, 100, -200, 200, -200, 200},
        [SEGKIT_SPACE_LCHUV] = {0, 100, 0, 200, 0, 360},
        [SEGKIT_SPACE_OKLAB] = {0, 1, -0.5, 0.5, -0.5, 0.5},
        [SEGKIT_SPACE_OKLCH] = {0, 1, 0, 0.5, 0, 360},
        [SEGKIT_SPACE_HSV] = {0, 360, 0, 1, 0, 1},
        [SEGKIT_SPACE_HLS] = {0, 360, 0, 1, 0, 1},
        [SEGKIT_SPACE_HSI] = {0, 360, 0, 1, 0, 1},
        [SEGKIT_SPACE_YCBCR] = {0, 255, 0, 255, 0, 255},
        [SEGKIT_SPACE_YUV] = {0, 1, -0.5, 0.5, -0.625, 0.625},
        [SEGKIT_SPACE_YIQ] = {0, 1, -0.6, 0.6, -0.55, 0.55},
        [SEGKIT_SPACE_HED] = {0, 1, 0, 1, 0, 1},
    };
    for (int c = 0; c < 3; c++) {
        lo[c] = r[cs->id][2 * c];
        hi[c] = r[cs->id][2 * c + 1];
    }
}

int color_write_float(const char *path, const cli_common *common, const segkit_image *img,
                      const double *lo, const double *hi)
{
    int to_stdout = strcmp(path, "-") == 0;
    segkit_format f = to_stdout ? SEGKIT_FORMAT_UNKNOWN : segkit_format_from_name(path);
    if (f == SEGKIT_FORMAT_UNKNOWN && common->format)
        f = segkit_format_parse(common->format);
    if (f == SEGKIT_FORMAT_UNKNOWN && to_stdout)
        f = SEGKIT_FORMAT_PNG; /* as every tool's "-" */
    if (f == SEGKIT_FORMAT_UNKNOWN || f == SEGKIT_FORMAT_NPY || f == SEGKIT_FORMAT_PFM)
        return cli_write_image(path, common, img); /* float as is, or its message */
    if (f != SEGKIT_FORMAT_PNG && f != SEGKIT_FORMAT_PNM) {
        cli_error(to_stdout ? "(stdout)" : path,
                  "%s cannot hold these values: write .npy or .pfm (float32) or a 16-bit "
                  ".png", segkit_format_name(f));
        return CLI_USAGE;
    }
    segkit_image q;
    int st = segkit_image_create(&q, img->width, img->height, img->channels, SEGKIT_U16);
    if (st != SEGKIT_OK)
        return cli_lib_error(path, st);
    int c = img->channels;
    for (int y = 0; y < img->height; y++) {
        const float *s = segkit_image_row(img, y);
        uint16_t *d = segkit_image_row(&q, y);
        for (int i = 0; i < img->width * c; i++) {
            int k = i % c;
            double v = (s[i] - lo[k]) / (hi[k] - lo[k]) * 65535.0;
            v = isnan(v) ? 0 : v < 0 ? 0 : v > 65535 ? 65535 : floor(v + 0.5);
            d[i] = (uint16_t)v;
        }
    }
    int rc = cli_write_image(path, common, &q);
    segkit_image_free(&q);
    return rc;
}
