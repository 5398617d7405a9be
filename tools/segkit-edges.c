/* segkit-edges: gradients, Laplacians, Gaussian smoothing and Canny edges. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* -m names: segkit_edges_method's, then canny */
enum { M_CANNY = SEGKIT_EDGES_METHOD_COUNT, M_SOFT };
static const char *const method_names[] = {"sobel", "scharr", "prewitt", "roberts", "farid",
                                           "central", "laplace", "log", "dog", "gaussian",
                                           "canny", "soft", NULL};
static const char *const output_names[] = {"magnitude", "x", "y", "direction", NULL};
static const char *const border_names[] = {"clip", "replicate", "reflect", "symmetric", NULL};
static const char *const color_names[] = {"none", "rgb", "lab", "max", NULL};
static const char *const regions_names[] = {"close", "link", "watershed", NULL};

typedef struct {
    int method, output, aperture, l1, l2, border, color, is_auto, opencv, skimage;
    double sigma, sigma2, low, high, scale;
    double qlo, qhi;
    int have_quantiles;
    const char *direction, *mask, *overlay;
    int regions, gap;
    double texture, length;
    const char *weights;
    double min_area, h;
} options;

static int parse_quantiles(const char *arg, void *target)
{
    options *o = target;
    char *end, *end2 = NULL;
    double a = strtod(arg, &end), b = NAN;
    if (end != arg && *end == ',')
        b = strtod(end + 1, &end2);
    if (!end2 || end2 == end + 1 || *end2 || !(a >= 0 && a <= 1) || !(b >= 0 && b <= 1) ||
        a > b) {
        cli_error(NULL, "--quantiles %s: give LO,HI, two fractions with 0 <= LO <= HI <= 1", arg);
        return -2;
    }
    o->qlo = a;
    o->qhi = b;
    o->have_quantiles = 1;
    return 0;
}

/* Reads PATH into IMG (gray unless KEEP_COLOR; alpha dropped); ORIG, if not
 * NULL, gets a copy of the image as read (the --overlay background). */
static int read_input(const char *path, const cli_common *common, int keep_color,
                      segkit_image *img, segkit_image *orig)
{
    if (cli_read_image(path, common, img) != CLI_OK)
        return CLI_FAIL;
    int st = orig ? segkit_image_copy(img, orig) : SEGKIT_OK;
    if (st != SEGKIT_OK) {
        segkit_image_free(img);
        return cli_lib_error(path, st);
    }
    if (img->type == SEGKIT_I32) {
        cli_error(path, "a label image: edges work on u8, u16 and f32 images");
        segkit_image_free(img);
        if (orig)
            segkit_image_free(orig);
        return CLI_FAIL;
    }
    if (keep_color && img->channels >= 3) {
        if (img->channels == 4) {   /* drop alpha */
            segkit_image rgb;
            int st = segkit_image_create(&rgb, img->width, img->height, 3, img->type);
            if (st != SEGKIT_OK) {
                cli_error(path, "%s", segkit_strerror(st));
                segkit_image_free(img);
                if (orig)
                    segkit_image_free(orig);
                return CLI_FAIL;
            }
            size_t sz = segkit_type_size(img->type);
            for (int y = 0; y < img->height; y++) {
                const unsigned char *s = segkit_image_row(img, y);
                unsigned char *d = segkit_image_row(&rgb, y);
                for (int x = 0; x < img->width; x++)
                    memcpy(d + (size_t)x * 3 * sz, s + (size_t)x * 4 * sz, 3 * sz);
            }
            segkit_image_free(img);
            *img = rgb;
        }
        return CLI_OK;
    }
    if (cli_to_gray(path, img) != CLI_OK) {
        segkit_image_free(img);
        if (orig)
            segkit_image_free(orig);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    segkit_soft_params sp;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.method = SEGKIT_EDGES_SOBEL;
    o.sigma = 1.0;
    o.low = o.high = NAN;
    o.border = -1;
    o.regions = -1;
    o.gap = 3;
    o.h = 0.02;
    segkit_soft_params sp = segkit_soft_params_default();
    o.texture = sp.texture;
    o.length = sp.length;
    const cli_option table[] = {
        {"method", 'm', CLI_CHOICE, &o.method, "NAME",
         "sobel scharr prewitt roberts farid central laplace log dog gaussian canny soft", 0, 0,
         method_names, NULL, 0},
        {"component", 0, CLI_CHOICE, &o.output, "WHAT",
         "gradients: magnitude, x, y or direction (radians)", 0, 0, output_names, NULL, 0,
         .applies = "grad"},
        {"aperture", 0, CLI_INT, &o.aperture, "N",
         "sobel 3 5 7, farid 5 7; canny --opencv: Sobel aperture 3 5 7", 3, 7, NULL, NULL, 0,
         .applies = "aperture", .def = "3 (farid 5)"},
        {"l1", 0, CLI_FLAG, &o.l1, NULL, "gradients: magnitude (|gx| + |gy|) / 2", 0, 0, NULL,
         NULL, 0, .applies = "grad"},
        {"l2", 0, CLI_FLAG, &o.l2, NULL, "canny --opencv: L2 magnitude (cv2 L2gradient)", 0, 0,
         NULL, NULL, 0, .applies = "canny"},
        {"border", 0, CLI_CHOICE, &o.border, "MODE",
         "clip (pad 0) replicate reflect symmetric", 0, 0, border_names, NULL, 0,
         .applies = "border", .def = "symmetric; canny: clip"},
        {"sigma", 0, CLI_DOUBLE, &o.sigma, "S", "Gaussian sigma (canny 0 = no smoothing)", 0,
         1e4, NULL, NULL, 0, .applies = "sigma"},
        {"sigma2", 0, CLI_DOUBLE, &o.sigma2, "S", "dog: the larger sigma (default 1.6 sigma)",
         1e-9, 1e4, NULL, NULL, 0, .applies = "dog", .def = ""},
        {"low", 0, CLI_DOUBLE, &o.low, "T",
         "canny: low threshold, Sobel magnitude in sample units", -1e30, 1e30, NULL, NULL, 0,
         .applies = "canny", .def = "0.1 of the type's range"},
        {"high", 0, CLI_DOUBLE, &o.high, "T", "canny: high threshold", -1e30, 1e30, NULL,
         NULL, 0, .applies = "canny", .def = "0.2 of the type's range"},
        {"quantiles", 0, CLI_CUSTOM, &o, "LO,HI",
         "canny: thresholds as quantiles of the magnitude (skimage use_quantiles)", 0, 0,
         NULL, parse_quantiles, 0, .applies = "canny"},
        {"auto", 0, CLI_FLAG, &o.is_auto, NULL,
         "canny: high = Otsu threshold of the magnitude, low = high / 2", 0, 0, NULL, NULL,
         0, .applies = "canny"},
        {"opencv", 0, CLI_FLAG, &o.opencv, NULL, "canny: cv2.Canny bit for bit (8-bit)", 0, 0,
         NULL, NULL, 0, .applies = "canny"},
        {"skimage", 0, CLI_FLAG, &o.skimage, NULL,
         "canny: skimage.feature.canny step by step", 0, 0, NULL, NULL, 0,
         .applies = "canny"},
        {"color", 0, CLI_CHOICE, &o.color, "MODE",
         "colour gradients: rgb or lab (Di Zenzo), max (strongest channel); none: gray", 0,
         0, color_names, NULL, 0, .applies = "grad canny color", .def = "none (gray); soft: rgb"},
        {"mask", 0, CLI_STRING, &o.mask, "FILE", "canny: only where FILE is nonzero", 0, 0,
         NULL, NULL, 0, .applies = "canny"},
        {"direction", 0, CLI_STRING, &o.direction, "FILE",
         "gradients: also write the direction atan2(gy, gx) (float: .npy/.pfm)", 0, 0, NULL,
         NULL, 0, .applies = "grad", .output = 1},
        CLI_OVERLAY_OPTION(&o.overlay),
        {"texture", 0, CLI_DOUBLE, &o.texture, "W",
         "soft: multiplies the texture cue's weights (0: no texture cue)", 0, 1e6, NULL, NULL,
         0, .applies = "soft"},
        {"weights", 0, CLI_STRING, &o.weights, "W,..,B",
         "soft: 16 cue x scale weights (L a b texture, 4 scales each) and the bias", 0, 0,
         NULL, NULL, 0, .applies = "soft", .def = "fitted on BSDS500 train"},
        {"length", 0, CLI_DOUBLE, &o.length, "L",
         "soft: curves of n maxima are scaled by n / (n + L) (0: off)", 0, 1e9, NULL, NULL, 0,
         .applies = "soft"},
        {"regions", 0, CLI_CHOICE, &o.regions, "MODE",
         "write labels of the regions the edges enclose: close, link (canny) or "
         "watershed (on the gradient)", 0, 0, regions_names, NULL, 0, .applies = "grad canny",
         .def = "none: write the edges"},
        {"gap", 0, CLI_INT, &o.gap, "N", "--regions close/link: longest gap bridged (pixels)",
         0, 1000, NULL, NULL, 0, .applies = "regions"},
        {"min-area", 0, CLI_DOUBLE, &o.min_area, "A", "--regions: drop regions under A pixels",
         0, 9e18, NULL, NULL, 0, .applies = "regions"},
        {"h", 0, CLI_DOUBLE, &o.h, "H",
         "--regions watershed: depth of the h-minima markers (magnitude units)", 1e-12, 1e12,
         NULL, NULL, 0, .applies = "regions"},
        {"scale", 0, CLI_DOUBLE, &o.scale, "S",
         "write 16-bit: round(v * S), clamped to 0..65535", 1e-9, 1e12, NULL, NULL, 0,
         .applies = "filter", .def = ""},
        {0},
    };
    const cli_tool tool = {
        "segkit-edges", "-m METHOD [options] IN OUT",
        "Edge filters and Canny edges of IN (gray; colour is converted to gray unless\n"
        "--color says how to combine channels).  Filters follow scikit-image: samples\n"
        "are scaled to [0, 1] (8-bit / 255, 16-bit / 65535) and the magnitude is\n"
        "sqrt((gx^2 + gy^2) / 2); OUT is float32 (.npy, .pfm) or, with --scale S, a\n"
        "16-bit image of round(v * S).  -m canny writes a mask (255 = edge); its\n"
        "thresholds are Sobel magnitudes in sample units, as cv2.Canny and\n"
        "skimage.feature.canny take them.  --json reports the thresholds used and\n"
        "the edge pixel count.  --regions turns edges into a label image of the\n"
        "regions they enclose (gaps up to --gap bridged), or floods the gradient from\n"
        "its h-minima (watershed).",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */

    cli_init("segkit-edges");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* --output WHAT, the spelling before --output became the output template:
     * a component name is no template (no extension), so no ambiguity */
    for (int i = 0; common.batch.output && output_names[i]; i++)
        if (strcmp(common.batch.output, output_names[i]) == 0 && !cli_given(&common, "component")) {
            cli_error(NULL, "warning: --output %s: --output is the output template now; the "
                            "gradient component is --component %s", output_names[i],
                      output_names[i]);
            o.output = i;
            common.given[cli_option_index(&tool, "component")] = "--";
            common.batch.output = NULL;
        }
    int m = o.method, is_grad = m <= SEGKIT_EDGES_CENTRAL;
    char chosen[64], tags[96];
    snprintf(chosen, sizeof chosen, "-m %s", method_names[m]);
    snprintf(tags, sizeof tags, "%s%s%s%s%s%s%s", o.regions >= 0 ? "regions " : "", is_grad ? "grad filter border " : "",
             m == SEGKIT_EDGES_SOBEL || m == SEGKIT_EDGES_FARID ? "aperture " : "",
             m == M_CANNY ? "canny sigma border aperture " : "",
             m >= SEGKIT_EDGES_LAPLACE && m < M_CANNY ? "filter border " : "",
             m >= SEGKIT_EDGES_LOG && m < M_CANNY ? "sigma " : "",
             m == SEGKIT_EDGES_DOG ? "dog " : m == M_SOFT ? "soft color" : "");
    if (cli_check_applies(&common, chosen, tags) != CLI_OK)
        return CLI_USAGE;
    if (o.regions >= 0 && o.regions != SEGKIT_REGIONS_WATERSHED && m != M_CANNY) {
        cli_error(NULL, "--regions %s needs -m canny (edges to close)", regions_names[o.regions]);
        return CLI_USAGE;
    }
    if (o.regions >= 0 && (o.direction || cli_given(&common, "scale") ||
                           (cli_given(&common, "component") && o.output != SEGKIT_EDGES_MAGNITUDE))) {
        cli_error(NULL, "--regions writes labels: --direction, --scale and --component do not apply");
        return CLI_USAGE;
    }
    if (o.aperture && ((m == SEGKIT_EDGES_SOBEL && o.aperture % 2 == 0) ||
                       (m == SEGKIT_EDGES_FARID && o.aperture != 5 && o.aperture != 7) ||
                       (m == M_CANNY && o.aperture % 2 == 0))) {
        cli_error(NULL, "--aperture %d: sobel and canny take 3, 5 or 7, farid 5 or 7",
                  o.aperture);
        return CLI_USAGE;
    }
    if (m == M_CANNY) {
        int kinds = (o.have_quantiles != 0) + (o.is_auto != 0) +
                    (cli_given(&common, "low") || cli_given(&common, "high"));
        if (kinds > 1) {
            cli_error(NULL, "--low/--high, --quantiles and --auto exclude one another");
            return CLI_USAGE;
        }
        if (o.opencv && o.skimage) {
            cli_error(NULL, "--opencv and --skimage exclude one another");
            return CLI_USAGE;
        }
        if (o.opencv && (o.have_quantiles || o.is_auto || o.mask ||
                         cli_given(&common, "sigma") || cli_given(&common, "border"))) {
            cli_error(NULL, "--opencv takes --low/--high, --aperture, --l2 and --color max "
                            "only (cv2.Canny has no smoothing, mask or quantiles)");
            return CLI_USAGE;
        }
        if (o.opencv && (isnan(o.low) || isnan(o.high))) {
            cli_error(NULL, "--opencv needs --low and --high");
            return CLI_USAGE;
        }
        if (!o.opencv && (cli_given(&common, "aperture") || o.l2)) {
            cli_error(NULL, "--aperture and --l2 apply to --opencv only (the others use "
                            "the 3x3 Sobel and the L2 magnitude)");
            return CLI_USAGE;
        }
        if (!isnan(o.low) && !isnan(o.high) && o.low > o.high) {
            cli_error(NULL, "--low %g is above --high %g", o.low, o.high);
            return CLI_USAGE;
        }
    }
    if (m == M_SOFT) {
        const char *q = o.weights;
        for (int k = 0; q && k < 17; k++) {
            char *end;
            double v = strtod(q, &end);
            if (end == q || !isfinite(v) || (k < 16 ? *end != ',' : *end != 0)) {
                cli_error(NULL, "--weights %s: give 17 numbers W,..,B (16 weights and the bias)",
                          o.weights);
                return CLI_USAGE;
            }
            if (k < 16)
                sp.weights[k / 4][k % 4] = v;
            else
                sp.bias = v;
            q = end + 1;
        }
        sp.texture = o.texture;
        sp.length = o.length;
        sp.color = !cli_given(&common, "color") || o.color != SEGKIT_EDGES_COLOR_NONE;
    }
    job_ctx c = {&o, &common, sp};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, filter, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    segkit_soft_params sp = c->sp;
    const int m = o.method;
    const char *direction = cli_job_path(o.direction), *mask_path = cli_job_path(o.mask);
    const char *overlay = cli_job_path(o.overlay);
    int rc = CLI_OK;
    if (direction && strcmp(direction, out) == 0) {
        cli_error(NULL, "--direction %s is OUT too", direction);
        return CLI_USAGE;
    }
    segkit_image img, res = {0}, mask = {0}, dir = {0}, orig = {0};
    if (read_input(in, &common, o.color != SEGKIT_EDGES_COLOR_NONE || (m == M_SOFT && sp.color),
                   &img, o.overlay ? &orig : NULL) != CLI_OK)
        return CLI_FAIL;
    if (o.mask) {
        if (read_input(mask_path, &common, 0, &mask, NULL) != CLI_OK) {
            segkit_image_free(&img);
            segkit_image_free(&orig);
            return CLI_FAIL;
        }
        if (mask.type != SEGKIT_U8 || !segkit_image_same_size(&img, &mask)) {
            cli_error(mask_path, mask.type != SEGKIT_U8 ? "the mask must be 8-bit"
                                                     : "the mask's size differs from the image's");
            segkit_image_free(&img);
            segkit_image_free(&orig);
            segkit_image_free(&mask);
            return CLI_FAIL;
        }
    }
    int st;
    segkit_canny_result cr = {0};
    if (m == M_SOFT) {
        const char *dot = strrchr(out, '.');
        int fl = dot && (!strcmp(dot, ".npy") || !strcmp(dot, ".pfm"));
        sp.out_type = fl ? SEGKIT_F32 : SEGKIT_U16;
        st = segkit_edges_soft(&img, &sp, &res);
    } else if (m == M_CANNY) {
        segkit_canny_params p = segkit_canny_params_default();
        p.mode = o.opencv ? SEGKIT_CANNY_OPENCV : o.skimage ? SEGKIT_CANNY_SKIMAGE
                                                           : SEGKIT_CANNY_NATIVE;
        p.sigma = o.sigma;
        p.l2 = o.l2;
        p.aperture = o.aperture ? o.aperture : 3;
        p.color = o.color == SEGKIT_EDGES_COLOR_NONE ? SEGKIT_EDGES_COLOR_RGB
                                                     : (segkit_edges_color)o.color;
        if (o.border >= 0)
            p.border = (segkit_border)o.border;
        if (o.have_quantiles) {
            p.threshold_kind = SEGKIT_CANNY_QUANTILE;
            p.low = o.qlo;
            p.high = o.qhi;
        } else if (o.is_auto)
            p.threshold_kind = SEGKIT_CANNY_AUTO;
        else {
            p.low = o.low;
            p.high = o.high;
        }
        st = segkit_edges_canny(&img, o.mask ? &mask : NULL, &p, &res, &cr);
    } else {
        segkit_edges_params p = segkit_edges_params_default();
        p.method = (segkit_edges_method)m;
        p.output = (segkit_edges_output)o.output;
        p.aperture = o.aperture;
        p.l1 = o.l1;
        if (o.border >= 0)
            p.border = (segkit_border)o.border;
        p.sigma = o.sigma;
        p.sigma2 = o.sigma2;
        p.color = (segkit_edges_color)o.color;
        if (cli_given(&common, "scale")) {
            p.out_type = SEGKIT_U16;
            p.out_scale = o.scale;
        }
        st = segkit_edges_filter(&img, &p, &res);
        if (st == SEGKIT_OK && o.direction) {
            p.output = SEGKIT_EDGES_DIRECTION;
            p.out_type = SEGKIT_F32;
            st = segkit_edges_filter(&img, &p, &dir);
        }
    }
    int32_t nregions = 0;
    if (st == SEGKIT_OK && o.regions >= 0) {
        segkit_regions_params rp = segkit_regions_params_default();
        rp.mode = (segkit_regions_mode)o.regions;
        rp.gap = o.gap;
        rp.min_area = (int64_t)o.min_area;
        rp.h = o.h;
        segkit_image surf = {0}, lab;
        if (rp.mode == SEGKIT_REGIONS_WATERSHED && m == M_CANNY) {
            /* the Sobel magnitude of the image smoothed by --sigma */
            segkit_edges_params gp = segkit_edges_params_default();
            gp.color = o.color == SEGKIT_EDGES_COLOR_NONE ? SEGKIT_EDGES_COLOR_NONE
                                                          : (segkit_edges_color)o.color;
            segkit_image sm;
            gp.method = SEGKIT_EDGES_GAUSSIAN;
            gp.sigma = o.sigma > 0 ? o.sigma : 1.0;
            st = img.channels == 1 ? segkit_edges_filter(&img, &gp, &sm) : segkit_image_copy(&img, &sm);
            if (st == SEGKIT_OK) {
                gp.method = SEGKIT_EDGES_SOBEL;
                st = segkit_edges_filter(&sm, &gp, &surf);
                segkit_image_free(&sm);
            }
        }
        if (st == SEGKIT_OK)
            st = segkit_edges_regions(&res, surf.data ? &surf : &res, &rp, &lab, &nregions);
        segkit_image_free(&surf);
        segkit_image_free(&res);
        if (st == SEGKIT_OK)
            res = lab;
    }
    segkit_image_free(&img);
    segkit_image_free(&mask);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s%s", segkit_strerror(st),
                  st == SEGKIT_ERR_TYPE && o.opencv ? " (--opencv: 8-bit images only)"
                  : st == SEGKIT_ERR_TYPE                ? " (colour needs --color)"
                                                         : "");
        segkit_image_free(&orig);
        segkit_image_free(&dir);
        segkit_image_free(&res);
        return CLI_FAIL;
    }
    /* write: the direction, OUT, the overlay (of what OUT holds) */
    cli_outputs w = {0};
    if (o.direction) {
        cli_outputs_note(&w, direction);
        rc = cli_write_image(direction, &common, &dir);
    }
    if (rc == CLI_OK) {
        cli_outputs_note(&w, out);
        rc = cli_write_image(out, &common, &res);
    }
    if (rc == CLI_OK && o.overlay) {
        cli_outputs_note(&w, overlay);
        rc = cli_write_overlay(overlay, &common, &orig, &res,
                               o.regions >= 0 ? CLI_RESULT_LABELS
                               : m == M_CANNY ? CLI_RESULT_MASK
                                              : CLI_RESULT_MAP);
    }
    segkit_image_free(&orig);
    segkit_image_free(&dir);
    segkit_image_free(&res);
    if (rc != CLI_OK)
        return cli_outputs_undo(&w, rc);
    if (common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "method", method_names[m]);
        if (m == M_CANNY) {
            cli_json_string(&j, "mode", o.opencv ? "opencv" : o.skimage ? "skimage" : "native");
            cli_json_number(&j, "low", cr.low);
            cli_json_number(&j, "high", cr.high);
            cli_json_int(&j, "edge_pixels", cr.edge_pixels);
        }
        if (o.regions >= 0) {
            cli_json_string(&j, "regions_mode", regions_names[o.regions]);
            cli_json_int(&j, "regions", nregions);
        }
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
