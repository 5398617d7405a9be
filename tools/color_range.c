/* segkit-color range: per-channel ranges in a colour space -> mask 0/255;
 * wrapping hue ranges, several --range terms OR-ed. */
#include <stdio.h>
#include <string.h>

#include "color_cmd.h"

typedef struct {
    const char *space, *overlay;
    color_list spec;
    int opencv, invert;
} options;

/* the terms of every --range (';' separates terms within one) */
static int parse_terms(const options *o, segkit_color_ranges *r)
{
    r->nterms = 0;
    for (int i = 0; i < o->spec.n; i++) {
        const char *p = o->spec.v[i];
        for (;;) {
            size_t len = strcspn(p, ";");
            char buf[256], err[128];
            if (len >= sizeof buf) {
                cli_error(NULL, "--range %s: too long", o->spec.v[i]);
                return CLI_USAGE;
            }
            memcpy(buf, p, len);
            buf[len] = '\0';
            if (strspn(buf, " \t") == len) {
                /* an empty term matches every pixel: a typo, not a wish */
                cli_error(NULL, "--range %s: an empty term (give CH:LO..HI; ';' separates "
                          "terms)", o->spec.v[i]);
                return CLI_USAGE;
            }
            if (r->nterms == SEGKIT_RANGE_MAX_TERMS) {
                cli_error(NULL, "--range: at most %d terms", SEGKIT_RANGE_MAX_TERMS);
                return CLI_USAGE;
            }
            if (segkit_color_range_parse(buf, r->space.id, r->opencv, &r->term[r->nterms], err,
                                         sizeof err) != SEGKIT_OK) {
                cli_error(NULL, "--range %s: %s", buf, err);
                return CLI_USAGE;
            }
            r->nterms++;
            if (!p[len])
                break;
            p += len + 1;
        }
    }
    return CLI_OK;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    segkit_color_ranges r;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_range(int argc, char **argv)
{
    options o = {.spec = {.max = SEGKIT_RANGE_MAX_TERMS}};
    const cli_option table[] = {
        {"space", 0, CLI_STRING, &o.space, "SPACE",
         "the colour space of the ranges (as convert --to)", 0, 0, NULL, NULL, 0,
         .def = "hsv"},
        {"range", 0, CLI_CUSTOM, &o.spec, "SPEC",
         "CH:LO..HI[,CH:LO..HI...]: a pixel matching every channel range is in; "
         "hue ranges wrap (H:340..20); repeat --range (or ';') to OR terms", 0, 0, NULL,
         color_list_add, 0},
        {"opencv", 0, CLI_FLAG, &o.opencv, NULL,
         "ranges in OpenCV's 8-bit units (hsv: H 0..179, S V 0..255; hls; lab), as inRange "
         "on cvtColor's bytes", 0, 0, NULL, NULL, 0},
        {"invert", 0, CLI_FLAG, &o.invert, NULL, "255 outside the ranges instead", 0, 0, NULL,
         NULL, 0},
        CLI_OVERLAY_OPTION(&o.overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color range", "--range SPEC [--space SPACE] [options] IN OUT",
        "Mask (0/255) of the pixels of the RGB image IN whose colour is in the\n"
        "ranges: every condition of one --range must hold (AND), any --range may\n"
        "(OR).  Values are in the space's units (hsv: H degrees 0..360, S V 0..1;\n"
        "lab: L* 0..100; see segkit-color(1)); N% means N/100.  A hue range with\n"
        "LO > HI wraps around 0: H:340..20.  --json reports the pixel count.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (color_list_check(&o.spec, "range", "no range: use --range CH:LO..HI (see --help)") !=
        CLI_OK)
        return CLI_USAGE;
    segkit_color_ranges r;
    memset(&r, 0, sizeof r);
    if (color_parse_space("space", o.space ? o.space : "hsv", &r.space) != CLI_OK)
        return CLI_USAGE;
    r.opencv = o.opencv;
    if (o.opencv && color_check_opencv(&r.space, o.space ? o.space : "hsv") != CLI_OK)
        return CLI_USAGE;
    if (parse_terms(&o, &r) != CLI_OK)
        return CLI_USAGE;
    job_ctx c = {&o, &common, r};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    const segkit_color_ranges r = c->r;
    int rc;
    segkit_image img, mask;
    if (color_read_rgb(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    if (o.opencv && img.type != SEGKIT_U8) {
        cli_error(in, "--opencv ranges apply to 8-bit RGB; this image is %s",
                  segkit_type_name(img.type));
        segkit_image_free(&img);
        return CLI_FAIL;
    }
    int st = segkit_color_range_mask(&img, &r, &mask);
    if (st != SEGKIT_OK) {
        segkit_image_free(&img);
        return cli_lib_error(in, st);
    }
    long long count = color_mask_finish(&mask, o.invert);
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    rc = cli_write_image(out, &common, &mask);
    rc = cli_outputs_overlay(&w, rc, cli_job_path(o.overlay), &common, &img, &mask,
                             CLI_RESULT_MASK);
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&img);
    long long total = (long long)mask.width * mask.height;
    segkit_image_free(&mask);
    if (rc == CLI_OK && common.json) {
        char name[32];
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "space", segkit_color_space_name(&r.space, name, sizeof name));
        cli_json_bool(&j, "opencv", o.opencv);
        cli_json_int(&j, "terms", r.nterms);
        cli_json_int(&j, "pixels", count);
        cli_json_number(&j, "fraction", total ? (double)count / (double)total : 0.0);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
