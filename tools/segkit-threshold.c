/* segkit-threshold: global thresholds from a histogram -> mask or labels,
 * and local (adaptive) thresholds -> mask.
 *
 * Which family: every name of segkit_local_method_parse is local, except
 * "mean", which is ImageJ's global Mean unless --window is given (then it is
 * the local mean - C, OpenCV's ADAPTIVE_THRESH_MEAN_C). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* the local methods --k applies to (tags: see method_tags) */
#define K_METHODS                                                                  \
    "local:niblack local:sauvola local:wolf local:nick local:phansalkar local:bradley " \
    "local:trsingh local:wan local:isauvola"

static const char *const fg_names[] = {"light", "dark", NULL};
static const char *const border_names[] = {"clip", "replicate", "reflect", "symmetric",
                                           NULL};
static const char *const gray_names[] = {"bt601", "bt709", "avg", "doxa", "red",
                                         "green", "blue", "max", "lightness", NULL};

typedef struct {
    const char *method;
    segkit_threshold_params p;
    int convention, fg, gray, bins, ignore_black, ignore_white;
    const char *mask;
    int have_range;
    segkit_local_params lp; /* local methods */
    int border, opencv;
    const char *overlay;
} options;

static int parse_range(const char *arg, void *target)
{
    options *o = target;
    char *end;
    double lo = strtod(arg, &end);
    if (end == arg || *end != ':')
        return -1;
    const char *s = end + 1;
    double hi = strtod(s, &end);
    if (end == s || *end || isnan(lo) || isnan(hi))
        return -1;
    if (lo > hi) {
        cli_error(NULL, "--range %s: LO is above HI, so no value is in LO <= v <= HI "
                  "(write %s:%.*s?)", arg, s, (int)(s - 1 - arg), arg);
        return -2;
    }
    o->p.band_lo = lo;
    o->p.band_hi = hi;
    o->have_range = 1;
    return 0;
}

/* Pixels whose mask value is nonzero, as a 1-channel u8 image. */
static int load_mask(const char *path, const cli_common *common,
                     const segkit_image *like, segkit_image *mask)
{
    segkit_image raw;
    if (cli_read_image(path, common, &raw) != CLI_OK)
        return CLI_FAIL;
    if (!segkit_image_same_size(&raw, like)) {
        cli_error(path, "mask is %dx%d, image is %dx%d", raw.width, raw.height,
                  like->width, like->height);
        segkit_image_free(&raw);
        return CLI_FAIL;
    }
    int st = segkit_image_create(mask, raw.width, raw.height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK) {
        segkit_image_free(&raw);
        return cli_lib_error(path, st);
    }
    size_t px = segkit_type_size(raw.type) * (size_t)raw.channels;
    for (int y = 0; y < raw.height; y++) {
        const uint8_t *s = segkit_image_row(&raw, y);
        uint8_t *d = segkit_image_row(mask, y);
        for (int x = 0; x < raw.width; x++) {
            /* the first sample, any type: nonzero bytes = on */
            const uint8_t *p = s + (size_t)x * px;
            uint8_t on = 0;
            for (size_t b = 0; b < segkit_type_size(raw.type); b++)
                on |= p[b];
            d[x] = on ? 255 : 0;
        }
    }
    segkit_image_free(&raw);
    return CLI_OK;
}

/* "all": one tile per method in a grid, each a (subsampled) mask under a
 * caption strip naming the method and its threshold(s), as Fiji's "Try
 * all".  A method that failed leaves its tile gray. */
static int montage(const segkit_image *gray, const double thr[][SEGKIT_THRESHOLD_MAX],
                   const int *counts, int dark, segkit_image *out)
{
    int step = 1;
    while (gray->width / step > 512 || gray->height / step > 512)
        step++;
    int tw = (gray->width + step - 1) / step, th = (gray->height + step - 1) / step;
    int cols = 5, n = SEGKIT_THRESH_METHOD_COUNT - 2, rows = (n + cols - 1) / cols;
    int gap = 4;
    segkit_text_options to = segkit_text_options_default();
    to.scale = tw >= 256 ? 2 : 1;
    int pad = 2 * to.scale, cap = SEGKIT_FONT_HEIGHT * to.scale + 2 * pad;
    int cell = cap + th;
    int st = segkit_image_create(out, cols * (tw + gap) - gap, rows * (cell + gap) - gap,
                                 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    memset(out->data, 128, out->stride * (size_t)out->height);
    for (int k = 0; k < n; k++) {
        int m = k + 2; /* skip fixed and band */
        int ox = (k % cols) * (tw + gap), oy = (k / cols) * (cell + gap);
        char label[160];
        int len = snprintf(label, sizeof label, "%s", segkit_threshold_method_name(m));
        for (int i = 0; i < counts[m] && len < (int)sizeof label - 40; i++) {
            char num[40];
            cli_format_number(num, sizeof num, thr[m][i]);
            len += snprintf(label + len, sizeof label - (size_t)len, "%s%s",
                            i ? "," : " ", num);
        }
        if (counts[m] == 0)
            snprintf(label + len, sizeof label - (size_t)len, " failed");
        segkit_image strip;
        st = segkit_image_view(out, ox, oy, tw, cap, &strip);
        if (st != SEGKIT_OK)
            return st;
        for (int y = 0; y < cap; y++)
            memset(segkit_image_row(&strip, y), 0, (size_t)tw);
        segkit_render_text(&strip, pad, pad, label, &to); /* clipped to the tile */
        if (counts[m] == 0)
            continue;
        segkit_image mask;
        st = segkit_threshold_apply(gray, thr[m], counts[m], dark, &mask);
        if (st != SEGKIT_OK)
            return st;
        for (int y = 0; y < th; y++) {
            uint8_t *d = (uint8_t *)segkit_image_row(out, oy + cap + y) + ox;
            const uint8_t *s = segkit_image_row(&mask, y * step);
            for (int x = 0; x < tw; x++) {
                uint8_t v = s[x * step];
                d[x] = counts[m] > 1 ? (uint8_t)(v * 255 / counts[m]) : v;
            }
        }
        segkit_image_free(&mask);
    }
    return SEGKIT_OK;
}

/* The members every report starts with: the input and its layout. */
static void report_begin(cli_json *j, const char *in, const segkit_image *img)
{
    cli_json_begin(j);
    cli_json_string(j, "file", in);
    cli_json_int(j, "width", img->width);
    cli_json_int(j, "height", img->height);
    cli_json_int(j, "channels", img->channels);
    cli_json_string(j, "type", segkit_type_name(img->type));
}

static void report_numbers(cli_json *j, const double *thr, int count)
{
    if (count == 1) {
        cli_json_number(j, "threshold", thr[0]);
    } else {
        cli_json_array_begin(j, "thresholds");
        for (int i = 0; i < count; i++)
            cli_json_value_number(j, thr[i]);
        cli_json_array_end(j);
    }
}

static void print_numbers(const char *label, const double *thr, int count)
{
    char line[SEGKIT_THRESHOLD_MAX * 40 + 64];
    size_t n = (size_t)snprintf(line, sizeof line, "%s", label ? label : "");
    for (int i = 0; i < count && n < sizeof line; i++) {
        char num[40];
        cli_format_number(num, sizeof num, thr[i]);
        n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", (i || label) ? " " : "", num);
    }
    cli_stdout_printf("%s\n", line);
}

/* The --help paragraph: what the tool does, then each local method's
 * default window and main parameter, as the library gives them. */
static const char *help_summary(char *buf, size_t size)
{
    size_t n = (size_t)snprintf(
        buf, size,
        "Thresholds IN with a global method and writes OUT: an 8-bit mask (0/255)\n"
        "or, for multiotsu, a label image (0..K-1).  Without OUT the threshold(s)\n"
        "are printed on stdout; --json reports method, convention and threshold(s).\n"
        "Local methods compare each pixel with a threshold from its window and\n"
        "need OUT (or --json, which then reports the foreground pixel count).\n"
        "Colour input is converted to gray first (--gray).\n\n"
        "Local defaults, chosen for scanned documents with dark text (add --fg dark\n"
        "to mark the text; see the man page):");
    for (int m = 0; m < SEGKIT_LOCAL_HYSTERESIS && n < size; m++) {
        segkit_local_params d = segkit_local_params_for_method((segkit_local_method)m);
        char v[40] = "";
        switch (m) {
        case SEGKIT_LOCAL_MEAN: case SEGKIT_LOCAL_GAUSSIAN:
        case SEGKIT_LOCAL_MEDIAN: case SEGKIT_LOCAL_MIDGREY:
            snprintf(v, sizeof v, " C %g", d.c);
            break;
        case SEGKIT_LOCAL_BERNSEN:
            snprintf(v, sizeof v, " L %g", d.contrast);
            break;
        case SEGKIT_LOCAL_CONTRAST: case SEGKIT_LOCAL_LOCALOTSU:
            break;
        default:
            snprintf(v, sizeof v, " k %g", d.k);
        }
        n += (size_t)snprintf(buf + n, size - n, "%s%s W %d%s", m % 4 ? ", " : "\n  ",
                              segkit_local_method_name((segkit_local_method)m), d.window, v);
    }
    return buf;
}

/* -m <local method>: the parameters, checked once (*lp). */
static int local_params(const options *o, segkit_local_method m, const cli_common *common,
                        int have_out, const char *out, segkit_local_params *lpp)
{
    segkit_local_params lp = o->lp;
    segkit_local_params d = segkit_local_params_for_method(m); /* as numbers */
    lp.window = lp.window ? lp.window : d.window;
    lp.k = isnan(lp.k) ? d.k : lp.k;
    lp.r = isnan(lp.r) ? d.r : lp.r;
    lp.c = isnan(lp.c) ? d.c : lp.c;
    lp.contrast = isnan(lp.contrast) ? d.contrast : lp.contrast;
    if (lp.window % 2 == 0) {
        /* as skimage (threshold_local, _sauvola) and OpenCV (adaptiveThreshold) */
        cli_error(NULL, "--window %d: the window must be odd (W = 2r+1 pixels centred on "
                  "the pixel)", lp.window);
        return CLI_USAGE;
    }
    lp.border = (segkit_border)o->border;
    lp.opencv = o->opencv || o->convention == SEGKIT_CONV_OPENCV;
    if (lp.opencv && m != SEGKIT_LOCAL_MEAN && m != SEGKIT_LOCAL_GAUSSIAN) {
        cli_error(NULL, "--opencv applies to mean and gaussian only");
        return CLI_USAGE;
    }
    if (lp.opencv && (lp.window < 3 || lp.window % 2 == 0)) {
        cli_error(NULL, "--opencv needs an odd --window >= 3 (OpenCV's blockSize)");
        return CLI_USAGE;
    }
    if (lp.opencv)
        lp.border = SEGKIT_BORDER_REPLICATE;
    if (m == SEGKIT_LOCAL_HYSTERESIS) {
        if (lp.low > lp.high) {
            cli_error(NULL, "hysteresis needs --low <= --high");
            return CLI_USAGE;
        }
        if (lp.connectivity != 4 && lp.connectivity != 8) {
            cli_error(NULL, "--connectivity must be 4 or 8");
            return CLI_USAGE;
        }
    }
    if (!have_out && !common->json && !o->overlay && !common->batch.jsonl) {
        cli_error(NULL, "-m %s is local: give OUT (or --json, --overlay)", o->method);
        return CLI_USAGE;
    }
    if (out && strcmp(out, "-") == 0 && common->json && strcmp(common->json, "-") == 0) {
        cli_error(NULL, "the image goes to stdout: give the report a file (--json=FILE)");
        return CLI_USAGE;
    }
    *lpp = lp;
    return CLI_OK;
}

/* GRAY: IMG itself when it has one channel (a view: nothing copied, 10% of
 * a 512x512 PNG batch's CPU went into that copy), else its conversion. */
static int to_gray(const segkit_image *img, int formula, segkit_image *gray)
{
    if (img->channels == 1) {
        *gray = *img;
        gray->owns_data = 0;
        return SEGKIT_OK;
    }
    return segkit_color_to_gray(img, (segkit_gray_formula)formula, gray);
}

/* -m <local method>: read, gray, threshold, write, report. */
static int run_local(const options *o, segkit_local_method m, const segkit_local_params *lpp,
                     const cli_common *common, const char *in, const char *out)
{
    const segkit_local_params lp = *lpp;
    segkit_image img = {0}, gray = {0}, result = {0};
    cli_outputs w = {0}; /* the overlay, removed if the report then fails (OUT: cli_batch.c) */
    int rc = CLI_FAIL, st;
    if (cli_read_image(in, common, &img) != CLI_OK)
        goto done;
    if (img.type == SEGKIT_I32) {
        cli_error(in, "label images cannot be thresholded");
        goto done;
    }
    st = to_gray(&img, o->gray, &gray);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s", segkit_strerror(st));
        goto done;
    }
    st = segkit_threshold_local(&gray, m, &lp, o->fg, &result);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s: %s", segkit_local_method_name(m), segkit_strerror(st));
        goto done;
    }
    if (out && (rc = cli_write_image(out, common, &result)) != CLI_OK)
        goto done;
    if ((rc = cli_outputs_overlay(&w, CLI_OK, cli_job_path(o->overlay), common, &img, &result,
                                  CLI_RESULT_MASK)) != CLI_OK)
        goto done;
    rc = CLI_FAIL;
    if (common->json) {
        long long fg = 0;
        for (int y = 0; y < result.height; y++) {
            const uint8_t *r = segkit_image_row(&result, y);
            for (int x = 0; x < result.width; x++)
                fg += r[x] != 0;
        }
        cli_json j;
        report_begin(&j, in, &img);
        cli_json_string(&j, "method", segkit_local_method_name(m));
        cli_json_bool(&j, "local", 1);
        cli_json_string(&j, "convention", lp.opencv ? "opencv" : "segkit");
        cli_json_string(&j, "fg", fg_names[o->fg]);
        if (img.channels > 1)
            cli_json_string(&j, "gray", gray_names[o->gray]);
        cli_json_object_begin(&j, "parameters");
        if (m != SEGKIT_LOCAL_HYSTERESIS) {
            cli_json_int(&j, "window", lp.window);
            cli_json_string(&j, "border", border_names[lp.border]);
        }
        switch (m) {
        case SEGKIT_LOCAL_MEAN: case SEGKIT_LOCAL_GAUSSIAN:
        case SEGKIT_LOCAL_MEDIAN: case SEGKIT_LOCAL_MIDGREY:
            cli_json_number(&j, "c", lp.c);
            break;
        case SEGKIT_LOCAL_NIBLACK:
            cli_json_number(&j, "k", lp.k);
            cli_json_number(&j, "c", lp.c);
            break;
        case SEGKIT_LOCAL_SAUVOLA: case SEGKIT_LOCAL_WAN:
        case SEGKIT_LOCAL_TRSINGH: case SEGKIT_LOCAL_ISAUVOLA:
            cli_json_number(&j, "k", lp.k);
            cli_json_number(&j, "r", lp.r);
            break;
        case SEGKIT_LOCAL_PHANSALKAR:
            cli_json_number(&j, "k", lp.k);
            cli_json_number(&j, "r", lp.r);
            cli_json_number(&j, "p", lp.p);
            cli_json_number(&j, "q", lp.q);
            break;
        case SEGKIT_LOCAL_WOLF: case SEGKIT_LOCAL_NICK: case SEGKIT_LOCAL_BRADLEY:
            cli_json_number(&j, "k", lp.k);
            break;
        case SEGKIT_LOCAL_BERNSEN:
            cli_json_number(&j, "contrast", lp.contrast);
            cli_json_number(&j, "fallback", lp.fallback);
            break;
        case SEGKIT_LOCAL_HYSTERESIS:
            cli_json_number(&j, "low", lp.low);
            cli_json_number(&j, "high", lp.high);
            cli_json_int(&j, "connectivity", lp.connectivity);
            break;
        default:
            break;
        }
        cli_json_object_end(&j);
        cli_json_int(&j, "foreground", fg);
        if (out)
            cli_json_string(&j, "output", out);
        cli_json_end(&j);
        rc = cli_json_emit(&j, common);
        cli_json_free(&j);
        if (rc != CLI_OK)
            goto done;
    }
    rc = CLI_OK;
done:
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&result);
    segkit_image_free(&gray);
    segkit_image_free(&img);
    return rc;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    int local, all;
    segkit_local_method lmethod;
    segkit_threshold_method method;
    segkit_local_params lp;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.method = NULL;
    o.p = segkit_threshold_params_default();
    o.lp = segkit_local_params_default();
    /* window 0, NaN k/r/c/contrast: not given, the method's default */
    const cli_option table[] = {
        {"method", 'm', CLI_STRING, &o.method, "METHOD",
         "fixed band otsu multiotsu triangle li yen isodata mean minimum "
         "intermodes huang huang2 maxentropy renyientropy shanbhag moments "
         "percentile minerror default kappasigma, or all; local: mean (with "
         "--window) gaussian median midgrey niblack sauvola wolf nick phansalkar "
         "bernsen contrast localotsu bradley trsingh wan isauvola hysteresis",
         0, 0, NULL, NULL, 0},
        {"window", 'w', CLI_INT, &o.lp.window, "W",
         "local: odd window side in pixels (0 = the method's default, listed above; "
         "makes -m mean local)", 0, SEGKIT_LOCAL_MAX_WINDOW,
         NULL, NULL, 0, .applies = "window", .def = ""},
        {"k", 'k', CLI_DOUBLE, &o.lp.k, "K",
         "local: k of niblack sauvola wolf nick phansalkar bradley trsingh wan "
         "isauvola (default: the method's, see the man page)", -1e9, 1e9, NULL, NULL, 0,
         .applies = K_METHODS},
        {"r", 0, CLI_DOUBLE, &o.lp.r, "R",
         "local: R of sauvola/phansalkar/wan/trsingh in 8-bit units (scaled for "
         "16-bit/float; default: the method's)", 1e-12, 1e12, NULL, NULL, 0,
         .applies = "local:sauvola local:phansalkar local:wan local:trsingh local:isauvola"},
        {"p", 0, CLI_DOUBLE, &o.lp.p, "P", "phansalkar: p", -1e9, 1e9, NULL, NULL, 0,
         .applies = "local:phansalkar"},
        {"q", 0, CLI_DOUBLE, &o.lp.q, "Q", "phansalkar: q", -1e9, 1e9, NULL, NULL, 0,
         .applies = "local:phansalkar"},
        {"c", 0, CLI_DOUBLE, &o.lp.c, "C",
         "local: constant subtracted from T (mean gaussian median midgrey niblack), "
         "8-bit units (default: the method's)", -1e6, 1e6, NULL, NULL, 0,
         .applies = "local:mean local:gaussian local:median local:midgrey local:niblack",
         .old_short = 'C'},
        {"contrast", 0, CLI_DOUBLE, &o.lp.contrast, "L",
         "bernsen: contrast limit (8-bit units; default: the method's)", -1e9, 1e9,
         NULL, NULL, 0,
         .applies = "local:bernsen"},
        {"fallback", 0, CLI_DOUBLE, &o.lp.fallback, "T",
         "bernsen: threshold where max - min <= L (8-bit units)", -1e9, 1e9, NULL,
         NULL, 0, .applies = "local:bernsen"},
        {"low", 0, CLI_DOUBLE, &o.lp.low, "L", "hysteresis: weak pixels are v > L",
         -1e300, 1e300, NULL, NULL, 0, .applies = "local:hysteresis"},
        {"high", 0, CLI_DOUBLE, &o.lp.high, "H", "hysteresis: strong pixels are v > H",
         -1e300, 1e300, NULL, NULL, 0, .applies = "local:hysteresis"},
        {"connectivity", 'n', CLI_INT, &o.lp.connectivity, "N", "hysteresis: 4 or 8", 4, 8,
         NULL, NULL, 0, .applies = "local:hysteresis"},
        {"border", 0, CLI_CHOICE, &o.border, "MODE",
         "local: window at the image border", 0, 0, border_names, NULL, 0,
         .applies = "window"},
        {"opencv", 0, CLI_FLAG, &o.opencv, NULL,
         "mean/gaussian: cv::adaptiveThreshold bit-exact (also -c opencv; 8-bit, "
         "odd window, replicate border)", 0, 0, NULL, NULL, 0,
         .applies = "local:mean local:gaussian"},
        {"value", 0, CLI_DOUBLE, &o.p.value, "V", "fixed: the threshold (foreground = v > V)",
         -1e300, 1e300, NULL, NULL, 0, .applies = "fixed"},
        {"range", 0, CLI_CUSTOM, &o, "LO:HI", "band: foreground = LO <= v <= HI",
         0, 0, NULL, parse_range, 0, .applies = "band"},
        {"classes", 0, CLI_INT, &o.p.classes, "K",
         "multiotsu: number of classes (also -k K with -m multiotsu)",
         2, SEGKIT_THRESHOLD_MAX + 1, NULL, NULL, 0, .applies = "multiotsu"},
        {"percentile", 0, CLI_DOUBLE, &o.p.percentile, "P",
         "percentile: fraction of pixels that is background (0.5, or 50%)", 0, 1, NULL,
         NULL, 0, .applies = "percentile all", .percent = 1},
        {"kappa", 0, CLI_DOUBLE, &o.p.kappa, "K", "kappasigma: kappa", 1e-9, 1e9, NULL, NULL, 0,
         .applies = "kappasigma all"},
        {"iterations", 0, CLI_INT, &o.p.iterations, "N", "kappasigma: iterations",
         1, 1000, NULL, NULL, 0, .applies = "kappasigma all"},
        {"bins", 0, CLI_INT, &o.bins, "N",
         "histogram bins (0 = one per value for 8/16-bit, 256 for float)", 0, 1 << 24,
         NULL, NULL, 0, .applies = "hist"},
        CLI_CONVENTION_OPTION(&o.convention, "whose definition to follow where peers differ",
                              "hist local:mean local:gaussian"),
        {"fg", 0, CLI_CHOICE, &o.fg, "POLARITY",
         "foreground: light (v > T) or dark (v <= T)", 0, 0, fg_names, NULL, 0},
        {"gray", 0, CLI_CHOICE, &o.gray, "FORMULA", "colour to gray", 0, 0, gray_names,
         NULL, 0},
        {"mask", 0, CLI_STRING, &o.mask, "FILE",
         "histogram from pixels where FILE is nonzero only", 0, 0, NULL, NULL, 0,
         .applies = "hist"},
        {"ignore-black", 0, CLI_FLAG, &o.ignore_black, NULL,
         "leave value 0 out of the histogram", 0, 0, NULL, NULL, 0, .applies = "hist"},
        {"ignore-white", 0, CLI_FLAG, &o.ignore_white, NULL,
         "leave the type's maximum (255, 65535, 1.0) out of the histogram", 0, 0, NULL,
         NULL, 0, .applies = "hist"},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    char summary[1536];
    const cli_tool tool = {"segkit-threshold", "-m METHOD [options] IN [OUT]",
                           help_summary(summary, sizeof summary), table, 1, 2, 1};

    cli_init("segkit-threshold");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* OUT of a single run (IN OUT), or the -o template */
    const char *out = !common.batch.output && argc - first == 2 ? argv[first + 1] : NULL;
    int have_out = out || common.batch.output;

    segkit_threshold_method method = SEGKIT_THRESH_OTSU;
    int all = 0;
    if (!o.method) {
        cli_error(NULL, "no method: use -m METHOD (see --help)");
        return CLI_USAGE;
    }
    segkit_local_method lmethod = SEGKIT_LOCAL_MEAN;
    int local = segkit_local_method_parse(o.method, &lmethod) == SEGKIT_OK &&
                !(lmethod == SEGKIT_LOCAL_MEAN && !cli_given(&common, "window"));
    if (!local) {
        if (strcmp(o.method, "all") == 0)
            all = 1;
        else if (segkit_threshold_method_parse(o.method, &method) != SEGKIT_OK) {
            cli_error(NULL, "unknown method '%s' (see --help)", o.method);
            return CLI_USAGE;
        }
    }
    /* -k K with -m multiotsu: the documented old spelling of --classes K */
    int k_index = cli_option_index(&tool, "k");
    if (!local && !all && method == SEGKIT_THRESH_MULTIOTSU && common.given[k_index] &&
        strcmp(common.given[k_index], "-") == 0) {
        if (o.lp.k != floor(o.lp.k) || o.lp.k < 2 || o.lp.k > SEGKIT_THRESHOLD_MAX + 1) {
            cli_error(NULL, "-k: '%g' is not a class count in [2, %d] (with -m multiotsu, "
                      "-k K is --classes K)", o.lp.k, SEGKIT_THRESHOLD_MAX + 1);
            return CLI_USAGE;
        }
        if (cli_given(&common, "classes")) {
            cli_error(NULL, "-k and --classes both give the class count: give one");
            return CLI_USAGE;
        }
        o.p.classes = (int)o.lp.k;
        common.given[k_index] = NULL;
    }
    char chosen[80], tags[160];
    snprintf(chosen, sizeof chosen, "-m %s%s", o.method,
             local && lmethod == SEGKIT_LOCAL_MEAN ? " (local)" : "");
    if (local)
        snprintf(tags, sizeof tags, "local local:%s%s", segkit_local_method_name(lmethod),
                 lmethod == SEGKIT_LOCAL_HYSTERESIS ? "" : " window");
    else
        snprintf(tags, sizeof tags, "global %s%s",
                 all ? "all" : segkit_threshold_method_name(method),
                 all || (method != SEGKIT_THRESH_FIXED && method != SEGKIT_THRESH_BAND)
                     ? " hist" : "");
    if (cli_check_applies(&common, chosen, tags) != CLI_OK)
        return CLI_USAGE;
    if (all && o.overlay) {
        cli_error(NULL, "--overlay does not apply to -m all (its OUT is a montage)");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, local, all, lmethod, method, o.lp};
    if (local) {
        rc = local_params(&o, lmethod, &common, have_out, out, &c.lp);
        return rc != CLI_OK ? rc : cli_batch_run(&common, argc - first, argv + first, run, &c);
    }
    if (method == SEGKIT_THRESH_BAND && !all && !o.have_range) {
        cli_error(NULL, "-m band needs --range LO:HI");
        return CLI_USAGE;
    }
    if (out && strcmp(out, "-") == 0 && common.json && strcmp(common.json, "-") == 0) {
        cli_error(NULL, "the image goes to stdout: give the report a file (--json=FILE)");
        return CLI_USAGE;
    }
    if (argc - first >= 1 && strcmp(argv[first], "-") == 0 && o.mask &&
        strcmp(o.mask, "-") == 0) {
        cli_error(NULL, "IN and --mask cannot both be stdin");
        return CLI_USAGE;
    }
    o.p.convention = (segkit_convention)o.convention;
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    if (c->local)
        return run_local(c->o, c->lmethod, &c->lp, c->common, in, out);
    const options o = *c->o;
    const cli_common common = *c->common;
    const segkit_threshold_method method = c->method;
    const int all = c->all;
    const char *mask_path = cli_job_path(o.mask);
    int rc;
    segkit_image img = {0}, gray = {0}, mask = {0}, result = {0};
    segkit_histogram hist = {0};
    cli_outputs w = {0}; /* the overlay, removed if the report then fails (OUT: cli_batch.c) */
    double thr[SEGKIT_THRESH_METHOD_COUNT][SEGKIT_THRESHOLD_MAX];
    int counts[SEGKIT_THRESH_METHOD_COUNT] = {0};
    int status[SEGKIT_THRESH_METHOD_COUNT] = {0};
    int st;
    rc = CLI_FAIL;

    if (cli_read_image(in, &common, &img) != CLI_OK)
        goto done;
    if (img.type == SEGKIT_I32) {
        cli_error(in, "label images cannot be thresholded");
        goto done;
    }
    st = to_gray(&img, o.gray, &gray);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s", segkit_strerror(st));
        goto done;
    }
    if (o.mask && load_mask(mask_path, &common, &gray, &mask) != CLI_OK)
        goto done;

    int needs_hist = all || (method != SEGKIT_THRESH_FIXED && method != SEGKIT_THRESH_BAND);
    if (needs_hist) {
        segkit_histogram_options ho = segkit_histogram_options_default();
        ho.bins = o.bins;
        ho.numpy_f32 = o.convention == SEGKIT_CONV_SKIMAGE;
        ho.ignore_black = o.ignore_black;
        ho.ignore_white = o.ignore_white;
        st = segkit_histogram_compute(&gray, o.mask ? &mask : NULL, &ho, &hist);
        if (st != SEGKIT_OK) {
            cli_error(in, "histogram: %s", segkit_strerror(st));
            goto done;
        }
    }
    if (all) {
        for (int m = SEGKIT_THRESH_OTSU; m < SEGKIT_THRESH_METHOD_COUNT; m++)
            status[m] = segkit_threshold_histogram(&hist, (segkit_threshold_method)m,
                                                   &o.p, thr[m], &counts[m]);
        if (out) {
            st = montage(&gray, (const double(*)[SEGKIT_THRESHOLD_MAX])thr, counts,
                         o.fg, &result);
            if (st != SEGKIT_OK) {
                cli_error(in, "%s", segkit_strerror(st));
                goto done;
            }
        }
    } else {
        segkit_histogram none = {0}; /* fixed and band need no histogram */
        st = segkit_threshold_histogram(needs_hist ? &hist : &none, method, &o.p,
                                        thr[method], &counts[method]);
        if (st != SEGKIT_OK) {
            cli_error(in, "%s: %s", o.method, segkit_strerror(st));
            goto done;
        }
        if (out || o.overlay) {
            st = method == SEGKIT_THRESH_BAND
                     ? segkit_threshold_apply_band(&gray, thr[method][0],
                                                   thr[method][1], o.fg, &result)
                     : segkit_threshold_apply(&gray, thr[method], counts[method],
                                              o.fg, &result);
            if (st != SEGKIT_OK) {
                cli_error(in, "%s", segkit_strerror(st));
                goto done;
            }
        }
    }

    /* the image first: a failed write must not leave a report behind */
    if (out && (rc = cli_write_image(out, &common, &result)) != CLI_OK)
        goto done;
    if ((rc = cli_outputs_overlay(&w, CLI_OK, cli_job_path(o.overlay), &common, &img, &result,
                                  counts[method] > 1 ? CLI_RESULT_CLASSES : CLI_RESULT_MASK)) !=
        CLI_OK)
        goto done;
    rc = CLI_FAIL;

    if (common.json) {
        cli_json j;
        report_begin(&j, in, &img);
        cli_json_string(&j, "method", all ? "all" : o.method);
        cli_json_string(&j, "convention", cli_convention_names[o.convention]);
        cli_json_string(&j, "fg", fg_names[o.fg]);
        if (img.channels > 1)
            cli_json_string(&j, "gray", gray_names[o.gray]);
        if (all) {
            cli_json_array_begin(&j, "results");
            for (int m = SEGKIT_THRESH_OTSU; m < SEGKIT_THRESH_METHOD_COUNT; m++) {
                cli_json_object_begin(&j, NULL);
                cli_json_string(&j, "method", segkit_threshold_method_name(m));
                if (status[m] == SEGKIT_OK)
                    report_numbers(&j, thr[m], counts[m]);
                else
                    cli_json_string(&j, "error", segkit_strerror(status[m]));
                cli_json_object_end(&j);
            }
            cli_json_array_end(&j);
        } else {
            if (method == SEGKIT_THRESH_MULTIOTSU)
                cli_json_int(&j, "classes", o.p.classes);
            if (method == SEGKIT_THRESH_BAND) {
                cli_json_array_begin(&j, "range");
                cli_json_value_number(&j, thr[method][0]);
                cli_json_value_number(&j, thr[method][1]);
                cli_json_array_end(&j);
            } else {
                report_numbers(&j, thr[method], counts[method]);
            }
        }
        if (out)
            cli_json_string(&j, "output", out);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
        if (rc != CLI_OK)
            goto done;
    } else if (!out) {
        if (all) {
            for (int m = SEGKIT_THRESH_OTSU; m < SEGKIT_THRESH_METHOD_COUNT; m++) {
                if (status[m] == SEGKIT_OK)
                    print_numbers(segkit_threshold_method_name(m), thr[m], counts[m]);
                else
                    cli_stdout_printf("%s failed: %s\n", segkit_threshold_method_name(m),
                                      segkit_strerror(status[m]));
            }
        } else {
            print_numbers(NULL, thr[method], counts[method]);
        }
    }
    rc = CLI_OK;
done:
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_histogram_free(&hist);
    segkit_image_free(&result);
    segkit_image_free(&mask);
    segkit_image_free(&gray);
    segkit_image_free(&img);
    return rc;
}
