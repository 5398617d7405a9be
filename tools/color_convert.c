/* segkit-color convert: RGB -> a colour space (float32 .npy/.pfm, 16-bit
 * PNG with each channel's nominal range, or OpenCV's 8-bit encoding), and
 * back (--from SPACE --to rgb). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "color_cmd.h"

typedef struct {
    const char *to, *from;
    int opencv;
} options;

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    segkit_color_space to, from;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_convert(int argc, char **argv)
{
    options o = {NULL, NULL, 0};
    const cli_option table[] = {
        {"to", 0, CLI_STRING, &o.to, "SPACE",
         "the colour space: rgb linear xyz lab lch luv lchuv oklab oklch hsv hls hsi ycbcr "
         "yuv yiq hed (see the man page for variants and units)", 0, 0, NULL, NULL, 0},
        {"from", 0, CLI_STRING, &o.from, "SPACE",
         "IN is a 3-channel float image (.npy) in SPACE, converted back to sRGB first", 0, 0,
         NULL, NULL, 0, .def = "rgb"},
        {"opencv", 0, CLI_FLAG, &o.opencv, NULL,
         "8-bit output as OpenCV's cvtColor on 8-bit RGB (hsv: H 0..179; hls; lab: L*255/100, "
         "a+128, b+128)", 0, 0, NULL, NULL, 0},
        {0},
    };
    const cli_tool tool = {
        "segkit-color convert", "--to SPACE [options] IN OUT",
        "Converts the RGB image IN (8-bit, 16-bit or float; sRGB) to a colour space.\n"
        "OUT: float32 .npy (H x W x 3, numpy.load reads it) or .pfm in the space's\n"
        "units (hue in degrees, L* 0..100); a 16-bit .png maps each channel's nominal\n"
        "range to 0..65535 (the man page lists them; --json reports them); with\n"
        "--opencv an 8-bit PNG equal to OpenCV's cvtColor.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!o.to) {
        cli_error(NULL, "no colour space: use --to SPACE (see --help)");
        return CLI_USAGE;
    }
    segkit_color_space to, from = {SEGKIT_SPACE_RGB, 0, 0, 0};
    if (color_parse_space("to", o.to, &to) != CLI_OK)
        return CLI_USAGE;
    if (o.from && color_parse_space("from", o.from, &from) != CLI_OK)
        return CLI_USAGE;
    if (o.opencv && color_check_opencv(&to, o.to) != CLI_OK)
        return CLI_USAGE;
    if (o.opencv && from.id != SEGKIT_SPACE_RGB) {
        cli_error(NULL, "--opencv converts 8-bit RGB: it does not go with --from");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, to, from};
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, convert, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    const segkit_color_space to = c->to, from = c->from;
    int rc;
    segkit_image img, res = {0};
    int st;
    if (from.id != SEGKIT_SPACE_RGB) {
        if (cli_read_image(in, &common, &img) != CLI_OK)
            return CLI_FAIL;
        if (img.type != SEGKIT_F32 || img.channels != 3) {
            cli_error(in, "--from %s needs a 3-channel float image (.npy, .pfm), not %d-channel %s",
                      o.from, img.channels, segkit_type_name(img.type));
            segkit_image_free(&img);
            return CLI_FAIL;
        }
        segkit_image rgb;
        st = segkit_color_convert_back(&img, &from, &rgb);
        segkit_image_free(&img);
        if (st == SEGKIT_OK) {
            img = rgb;
            st = segkit_color_convert(&img, &to, &res);
            segkit_image_free(&img);
        }
    } else {
        if (color_read_rgb(in, &common, &img) != CLI_OK)
            return CLI_FAIL;
        if (o.opencv && img.type != SEGKIT_U8) {
            cli_error(in, "--opencv converts 8-bit RGB; this image is %s",
                      segkit_type_name(img.type));
            segkit_image_free(&img);
            return CLI_FAIL;
        }
        st = o.opencv ? segkit_color_convert_opencv(&img, to.id, &res)
                      : segkit_color_convert(&img, &to, &res);
        segkit_image_free(&img);
    }
    if (st != SEGKIT_OK)
        return cli_lib_error(in, st);
    double lo[3], hi[3];
    color_space_range(&to, lo, hi);
    rc = o.opencv ? cli_write_image(out, &common, &res)
                  : color_write_float(out, &common, &res, lo, hi);
    segkit_image_free(&res);
    if (rc == CLI_OK && common.json) {
        char name[32];
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_string(&j, "space", segkit_color_space_name(&to, name, sizeof name));
        cli_json_bool(&j, "opencv", o.opencv);
        cli_json_array_begin(&j, "channels");
        for (int c = 0; c < 3; c++) {
            cli_json_object_begin(&j, NULL);
            cli_json_string(&j, "name", segkit_color_channel_name(to.id, c));
            cli_json_number(&j, "png16_lo", lo[c]);
            cli_json_number(&j, "png16_hi", hi[c]);
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
