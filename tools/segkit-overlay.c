/* segkit-overlay: labels, masks and scalar maps drawn over an image, as
 * pictures people look at (see segkit/render.h: segkit_overlay). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "overlay_export.h"

static const char *const mode_names[] = {"fill", "boundary", "both", "avg", NULL};
static const char *const boundary_names[] = {"thick", "inner", "outer", "subpixel", NULL};

typedef struct {
    int mode, boundary, width, label_text, text_scale;
    double alpha;
    const char *palette, *classes, *labels;
    uint8_t boundary_color[3];
    int boundary_color_set;
    segkit_window window, value_window;
} options;

static int parse_color(const char *arg, void *target)
{
    options *o = target;
    if (segkit_render_parse_color(arg, o->boundary_color) != SEGKIT_OK)
        return -1;
    o->boundary_color_set = 1;
    return 0;
}

/* auto, minmax, LO,HI (values) or P1%,P2% (percentiles) */
static int parse_window(const char *arg, void *target)
{
    segkit_window *w = target;
    if (strcmp(arg, "auto") == 0 || strcmp(arg, "minmax") == 0) {
        w->mode = arg[0] == 'a' ? SEGKIT_WINDOW_AUTO : SEGKIT_WINDOW_MINMAX;
        return 0;
    }
    char *end;
    double lo = strtod(arg, &end);
    if (end == arg)
        return -1;
    int pct = *end == '%';
    end += pct;
    if (*end != ',')
        return -1;
    const char *s = end + 1;
    double hi = strtod(s, &end);
    if (end == s || (*end == '%') != pct || end[pct] != '\0' || !isfinite(lo) ||
        !isfinite(hi) || lo > hi || (pct && (lo < 0 || hi > 100)))
        return -1;
    w->mode = pct ? SEGKIT_WINDOW_PERCENTILE : SEGKIT_WINDOW_VALUES;
    w->lo = lo;
    w->hi = hi;
    return 0;
}

/* --palette FILE: one colour a line (label 1 first), blank lines skipped */
static int read_palette(const char *path, uint8_t (**colors)[3], int *n)
{
    char *text;
    size_t len;
    if (cli_read_text(path, (size_t)1 << 20, &text, &len) != CLI_OK)
        return CLI_FAIL;
    *n = 0;
    *colors = malloc((len / 2 + 1) * sizeof **colors);
    int line = 1, rc = *colors ? CLI_OK : CLI_FAIL;
    if (!*colors)
        cli_error(path, "%s", segkit_strerror(SEGKIT_ERR_NOMEM));
    for (char *s = text; rc == CLI_OK && s < text + len; line++) {
        char *eol = strchr(s, '\n');
        if (eol)
            *eol = '\0';
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\r' || s[l - 1] == ' ' || s[l - 1] == '\t'))
            s[--l] = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s && segkit_render_parse_color(s, (*colors)[*n]) != SEGKIT_OK) {
            /* at most 40 bytes of the line, all but printable ASCII as '?' */
            char shown[41];
            size_t k = 0;
            for (; s[k] && k < 40; k++)
                shown[k] = (unsigned char)s[k] < 32 || (unsigned char)s[k] >= 127 ? '?' : s[k];
            shown[k] = '\0';
            cli_error(path, "line %d: '%s%s' is not a colour (#rrggbb, #rgb, R,G,B or a name)",
                      line, shown, s[k] ? "..." : "");
            rc = CLI_FAIL;
        } else if (*s) {
            (*n)++;
        }
        s = eol ? eol + 1 : text + len;
    }
    if (rc == CLI_OK && *n == 0) {
        cli_error(path, "no colours in the palette file");
        rc = CLI_FAIL;
    }
    free(text);
    if (rc != CLI_OK) {
        free(*colors);
        *colors = NULL;
    }
    return rc;
}

static int read_classes(const char *path, segkit_class_table *t)
{
    char *text;
    size_t len;
    if (cli_read_text(path, (size_t)64 << 20, &text, &len) != CLI_OK)
        return CLI_FAIL;
    int line;
    int st = segkit_class_table_parse(text, len, t, &line);
    free(text);
    if (st == SEGKIT_ERR_CORRUPT) {
        if (line)
            cli_error(path, "line %d: not a class table entry (CSV id,name,colour or JSON "
                      "[{\"id\": 1, \"name\": \"cell\", \"color\": \"#ff0000\"}])", line);
        else
            cli_error(path, "an id is given twice");
        return CLI_FAIL;
    }
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(path, st);
}

/* A mask (8-bit, 0 and 255 only) becomes label 1; colour images are refused. */
static int prepare_labels(const char *path, segkit_image *l)
{
    if (l->channels != 1) {
        cli_error(path, "a %d-channel image: LABELS must be a label image, a mask or a "
                  "scalar map (1 channel)", l->channels);
        return CLI_FAIL;
    }
    if (l->type != SEGKIT_U8)
        return CLI_OK;
    for (int y = 0; y < l->height; y++) {
        const uint8_t *r = segkit_image_row(l, y);
        for (int x = 0; x < l->width; x++)
            if (r[x] != 0 && r[x] != 255)
                return CLI_OK;
    }
    for (int y = 0; y < l->height; y++) {
        uint8_t *r = segkit_image_row(l, y);
        for (int x = 0; x < l->width; x++)
            r[x] = r[x] != 0;
    }
    return CLI_OK;
}

/* What every image's run shares (read only: images run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    const segkit_overlay_params *p;
    const char *lab;   /* LABELS, or the --labels template */
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    segkit_overlay_params p = segkit_overlay_params_default();
    o.mode = (int)p.mode;
    o.boundary = (int)p.boundary;
    o.width = p.width;
    o.alpha = p.alpha;
    const cli_option table[] = {
        {"mode", 0, CLI_CHOICE, &o.mode, "MODE",
         "tint the objects, draw their boundaries, both, or paint each with its mean "
         "colour (label2rgb kind='avg')", 0, 0, mode_names, NULL, 0},
        {"alpha", 0, CLI_DOUBLE, &o.alpha, "A", "opacity of the fill colours (0..1 or N%)",
         0, 1, NULL, NULL, 0, .percent = 1},
        {"boundary", 0, CLI_CHOICE, &o.boundary, "KIND",
         "boundary pixels as skimage's find_boundaries mode", 0, 0, boundary_names, NULL, 0},
        {"width", 0, CLI_INT, &o.width, "W", "boundary width in pixels", 1, 64, NULL, NULL, 0},
        {"boundary-color", 0, CLI_CUSTOM, &o, "COLOUR",
         "one colour for all boundaries (#rrggbb, R,G,B, or a name; default: the "
         "object's colour)", 0, 0, NULL, parse_color, 0},
        {"palette", 0, CLI_STRING, &o.palette, "NAME|FILE",
         "glasbey, tab20, viridis, magma, gray, or a file of colours (one a line)", 0, 0,
         NULL, NULL, 0, .def = "glasbey; viridis for float maps"},
        {"classes", 0, CLI_STRING, &o.classes, "FILE",
         "class table: colours (and names) of label values (CSV id,name,colour or JSON)",
         0, 0, NULL, NULL, 0},
        {"label-text", 0, CLI_FLAG, &o.label_text, NULL,
         "write each object's id (or class name) at its centroid", 0, 0, NULL, NULL, 0},
        {"text-scale", 0, CLI_INT, &o.text_scale, "N",
         "--label-text font scale (0: one per 512 pixels of the shorter side)", 0, 64, NULL,
         NULL, 0},
        {"window", 0, CLI_CUSTOM, &o.window, "WIN",
         "how IMAGE becomes 8-bit: auto (16-bit/float: minmax), minmax, LO,HI or P1%,P2%",
         0, 0, NULL, parse_window, 0, .def = "auto"},
        {"value-window", 0, CLI_CUSTOM, &o.value_window, "WIN",
         "the same for a float LABELS map through the colormap", 0, 0, NULL, parse_window, 0,
         .def = "auto"},
        {"labels", 0, CLI_STRING, &o.labels, "TEMPLATE",
         "the LABELS of each IMAGE, as a template (labels/{stem}.png): then the arguments "
         "are IMAGEs, many with -o", 0, 0, NULL, NULL, 0},
        {0},
    };
    const cli_tool tool = {
        "segkit-overlay", "[options] IMAGE LABELS [OUT]",
        "Draws LABELS over IMAGE and writes the picture OUT (PNG, or JPEG by its\n"
        "name; default stdout).  LABELS: a label image (0 = background, left\n"
        "transparent; 8/16-bit PNG, .npy), a mask (8-bit 0/255: one object colour),\n"
        "or a float map (.npy, .pfm: a distance map, a probability) shown through a\n"
        "colormap.  Label L always gets the same colour of the palette.\n"
        "Exchange formats (COCO, GeoJSON, SVG): segkit-overlay --export FMT --help.",
        table, 2, 3, 1};
    /* with --labels: IMAGE [OUT], or many IMAGEs with -o */
    const cli_tool image_tool = {tool.name, "--labels TEMPLATE [options] IMAGE [OUT]",
                                 tool.summary, table, 1, 2, 1};

    cli_init("segkit-overlay");
    if (overlay_export_wanted(argc, argv))
        return overlay_export_main(argc, argv);
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const cli_batch_opts *b = &common.batch;
    int npos = argc - first;
    if (!o.labels && (b->output || b->files_from || b->recursive || b->glob)) {
        cli_error(NULL, "many images need --labels TEMPLATE (each image's labels, e.g. "
                        "--labels 'labels/{stem}.png')");
        return CLI_USAGE;
    }
    if (!o.labels && npos < 2) {
        cli_error(NULL, "missing argument (usage: %s %s)", tool.name, tool.usage);
        return CLI_USAGE;
    }
    if (o.labels)
        common.tool = &image_tool; /* the same table: IMAGE [OUT] */
    const char *in = npos ? argv[first] : "", *lab = o.labels ? o.labels : argv[first + 1];
    const char *out = o.labels ? (b->output ? "" : npos == 2 ? argv[first + 1] : "-")
                               : npos == 3 ? argv[first + 2] : "-";
    if (strcmp(in, "-") == 0 && strcmp(lab, "-") == 0) {
        cli_error(NULL, "IMAGE and LABELS cannot both be standard input");
        return CLI_USAGE;
    }
    if (common.json && strcmp(common.json, "-") == 0 && strcmp(out, "-") == 0) {
        cli_error(NULL, "the picture and --json both go to stdout: give OUT or --json=FILE");
        return CLI_USAGE;
    }
    p.mode = (segkit_overlay_mode)o.mode;
    p.boundary = (segkit_boundary_mode)o.boundary;
    p.width = o.width;
    p.alpha = o.alpha;
    p.label_text = o.label_text;
    p.text_scale = o.text_scale;
    p.window = o.window;
    p.value_window = o.value_window;
    p.boundary_color_set = o.boundary_color_set;
    memcpy(p.boundary_color, o.boundary_color, 3);
    if ((cli_given(&common, "boundary") || cli_given(&common, "width") ||
         cli_given(&common, "boundary-color")) &&
        p.mode != SEGKIT_OVERLAY_BOUNDARY && p.mode != SEGKIT_OVERLAY_BOTH) {
        cli_error(NULL, "--boundary, --width and --boundary-color apply to --mode boundary "
                  "or both");
        return CLI_USAGE;
    }
    if (cli_given(&common, "alpha") && p.mode != SEGKIT_OVERLAY_FILL &&
        p.mode != SEGKIT_OVERLAY_BOTH) {
        cli_error(NULL, "--alpha applies to --mode fill or both");
        return CLI_USAGE;
    }
    if (cli_given(&common, "text-scale") && !o.label_text) {
        cli_error(NULL, "--text-scale applies with --label-text");
        return CLI_USAGE;
    }

    uint8_t(*colors)[3] = NULL;
    segkit_class_table classes = {0};
    rc = CLI_FAIL;
    if (o.palette) {
        segkit_palette_kind k;
        if (segkit_palette_parse(o.palette, &k) == SEGKIT_OK) {
            p.palette.kind = k;
        } else {
            if (read_palette(o.palette, &colors, &p.palette.n) != CLI_OK)
                goto done;
            p.palette.kind = SEGKIT_PALETTE_CUSTOM;
            p.palette.colors = (const uint8_t(*)[3])colors;
        }
    }
    if (o.classes) {
        if (read_classes(o.classes, &classes) != CLI_OK)
            goto done;
        p.classes = &classes;
    }
    job_ctx c = {&o, &common, &p, lab};
    if (o.labels) {
        rc = cli_batch_run(&common, npos, argv + first, run, &c);
    } else {
        /* IMAGE LABELS [OUT]: one run; an OUT that would replace an input is
         * refused as everywhere (cli_batch_run does it for IMAGE [OUT]) */
        if (!common.batch.force && strcmp(out, "-") != 0 &&
            (strcmp(out, in) == 0 || strcmp(out, lab) == 0)) {
            cli_error(out, "OUT would replace an input (give --force to allow it)");
            rc = CLI_USAGE;
        } else if (common.batch.jsonl || common.batch.jobs || common.batch.skip_existing ||
                   common.batch.shard_n || common.batch.unordered || common.batch.fail_fast ||
                   common.batch.progress) {
            cli_error(NULL, "batch options need --labels TEMPLATE (each image's labels)");
            rc = CLI_USAGE;
        } else {
            rc = run(&c, in, out);
        }
    }
done:
    segkit_class_table_free(&classes);
    free(colors);
    return rc;
}

/* One IMAGE: read it and its labels, draw, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    const segkit_overlay_params p = *c->p;
    const char *lab = cli_job_path(c->lab);
    segkit_image img = {0}, labels = {0}, pic = {0};
    int rc = CLI_FAIL;
    if (!out)
        out = "-";
    if (cli_read_image(in, &common, &img) != CLI_OK || cli_read_image(lab, &common, &labels) != CLI_OK)
        goto done;
    if (img.type == SEGKIT_I32) {
        cli_error(in, "a label image: IMAGE is the picture to draw on (LABELS comes second)");
        goto done;
    }
    if (!segkit_image_same_size(&img, &labels)) {
        cli_error(lab, "is %dx%d, IMAGE is %dx%d", labels.width, labels.height, img.width,
                  img.height);
        goto done;
    }
    if (prepare_labels(lab, &labels) != CLI_OK)
        goto done;
    if (labels.type == SEGKIT_F32 && p.mode != SEGKIT_OVERLAY_FILL) {
        cli_error(lab, "a float map is shown with --mode fill (boundaries and avg need labels)");
        rc = CLI_USAGE;
        goto done;
    }
    int st = segkit_overlay(&img, &labels, &p, &pic);
    if (st != SEGKIT_OK) {
        cli_error(lab, "%s", segkit_strerror(st));
        goto done;
    }
    rc = cli_write_picture(out, &common, &pic);
    if (rc == CLI_OK && common.json) {
        double lo = 0, hi = 0;
        segkit_window_resolve(&img, &p.window, &lo, &hi);
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "image", in);
        cli_json_string(&j, "labels", lab);
        cli_json_int(&j, "width", pic.width);
        cli_json_int(&j, "height", pic.height);
        cli_json_string(&j, "mode", mode_names[o.mode]);
        cli_json_string(&j, "palette", p.palette.kind == SEGKIT_PALETTE_CUSTOM
                                           ? o.palette
                                           : segkit_palette_name(p.palette.kind));
        cli_json_number(&j, "window_lo", lo);
        cli_json_number(&j, "window_hi", hi);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
done:
    segkit_image_free(&pic);
    segkit_image_free(&labels);
    segkit_image_free(&img);
    return rc;
}
