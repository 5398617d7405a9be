/* segkit-color classes: a table of colour classes (CSV or JSON, parsed by
 * segkit_color_classes_parse; the format is in segkit/color.h and
 * segkit-color(1)) -> one label image: each pixel gets the id of the first
 * class it matches (earlier classes win), 0 for none. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_labels.h"
#include "color_cmd.h"

static int read_table(const char *path, segkit_color_class_table *t)
{
    char *text, err[256];
    size_t len;
    if (cli_read_text(path, (size_t)1 << 20, &text, &len) != CLI_OK)
        return CLI_FAIL;
    int st = segkit_color_classes_parse(text, len, t, err, sizeof err);
    free(text);
    if (st != SEGKIT_OK) {
        cli_error(path, "%s", st == SEGKIT_ERR_CORRUPT ? err : segkit_strerror(st));
        return CLI_FAIL;
    }
    return CLI_OK;
}

static uint8_t byte(double v)
{
    v = floor(v * 255 + 0.5);
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* the display colours as a render class table (for --overlay) */
static int display_table(const segkit_color_class_table *t, segkit_class_table *d)
{
    d->count = t->count;
    d->classes = calloc((size_t)t->count, sizeof *d->classes);
    if (!d->classes)
        return CLI_FAIL;
    for (int k = 0; k < t->count; k++) {
        d->classes[k].id = t->classes[k].id;
        for (int c = 0; c < 3; c++)
            d->classes[k].color[c] = byte(t->classes[k].display[c]);
        snprintf(d->classes[k].name, sizeof d->classes[k].name, "%s", t->classes[k].name);
    }
    return CLI_OK;
}

/* --picture: the classes in their display colours on black */
static int write_picture(const char *path, const cli_common *common, const segkit_image *labels,
                         const segkit_color_class_table *t)
{
    segkit_image pic;
    int st = segkit_image_create(&pic, labels->width, labels->height, 3, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return cli_lib_error(path, st);
    for (int y = 0; y < labels->height; y++) {
        const int32_t *l = segkit_image_row(labels, y);
        uint8_t *d = segkit_image_row(&pic, y);
        for (int x = 0; x < labels->width; x++) {
            const segkit_color_class *c = NULL;
            for (int k = 0; l[x] && k < t->count && !c; k++)
                if (t->classes[k].id == l[x])
                    c = &t->classes[k];
            for (int i = 0; i < 3; i++)
                d[3 * x + i] = c ? byte(c->display[i]) : 0;
        }
    }
    int rc = cli_write_picture(path, common, &pic);
    segkit_image_free(&pic);
    return rc;
}

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const cli_common *common;
    const segkit_color_class_table *t;
    const char *picture, *overlay;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int color_classes(int argc, char **argv)
{
    const char *table_path = NULL, *picture = NULL, *overlay = NULL;
    const cli_option table[] = {
        {"table", 0, CLI_STRING, &table_path, "FILE",
         "the class table: CSV (NAME,DISPLAY,RULE) or JSON (see segkit-color(1))", 0, 0, NULL,
         NULL, 0},
        {"picture", 0, CLI_STRING, &picture, "FILE",
         "also write the classes in their display colours (black: no class)", 0, 0, NULL,
         NULL, 0, .output = 1},
        CLI_OVERLAY_OPTION(&overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color classes", "--table FILE [options] IN OUT",
        "One label image (semantic map) from a table of colour classes (CSV or\n"
        "JSON): a pixel gets the id (1, 2, ... in table order, or the JSON \"id\")\n"
        "of the first class of the table it matches (a range rule or a colour-\n"
        "difference rule), 0 if none: when classes overlap, the earlier wins.\n"
        "OUT is written as segkit-label writes labels.  --json reports each\n"
        "class's pixel count and the pixels that matched more than one class.",
        table, 2, 2, 1, 1}; /* Y4M frames as RGB */
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!table_path) {
        cli_error(NULL, "no class table: use --table FILE (see --help)");
        return CLI_USAGE;
    }
    segkit_color_class_table t;
    if (read_table(table_path, &t) != CLI_OK)
        return CLI_FAIL;
    job_ctx c = {&common, &t, picture, overlay};
    rc = cli_batch_run(&common, argc - first, argv + first, run, &c);
    segkit_color_classes_free(&t);
    return rc;
}

/* One input: read, classify, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const cli_common common = *c->common;
    const segkit_color_class_table t = *c->t;
    const char *picture = cli_job_path(c->picture), *overlay = cli_job_path(c->overlay);
    int rc;
    segkit_image img, labels;
    if (color_read_rgb(in, &common, &img) != CLI_OK)
        return CLI_FAIL;
    for (int k = 0; k < t.count; k++)
        if (t.classes[k].ranges.opencv && img.type != SEGKIT_U8) {
            cli_error(in, "class %s: OpenCV units need 8-bit RGB; this image is %s",
                      t.classes[k].name, segkit_type_name(img.type));
            segkit_image_free(&img);
            return CLI_FAIL;
        }
    int64_t counts[SEGKIT_COLOR_CLASSES_MAX + 1], overlap = 0;
    int st = segkit_color_classes(&img, &t, &labels, counts, &overlap);
    if (st != SEGKIT_OK) {
        cli_error(in, "%s", segkit_strerror(st));
        segkit_image_free(&img);
        return CLI_FAIL;
    }
    int32_t max_id = 0;
    for (int k = 0; k < t.count; k++)
        max_id = t.classes[k].id > max_id ? t.classes[k].id : max_id;
    cli_outputs w = {0};
    cli_outputs_note(&w, out);
    rc = cli_write_labels(out, &common, &labels, max_id);
    if (rc == CLI_OK && picture) {
        cli_outputs_note(&w, picture);
        rc = write_picture(picture, &common, &labels, &t);
    }
    if (rc == CLI_OK && overlay) {
        segkit_class_table d;
        cli_outputs_note(&w, overlay);
        if (display_table(&t, &d) != CLI_OK) {
            cli_error(overlay, "out of memory");
            rc = CLI_FAIL;
        } else {
            rc = cli_write_overlay_classes(overlay, &common, &img, &labels, CLI_RESULT_LABELS,
                                           &d);
            free(d.classes);
        }
    }
    if (rc != CLI_OK)
        cli_outputs_undo(&w, rc);
    segkit_image_free(&img);
    segkit_image_free(&labels);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_int(&j, "unclassified", counts[0]);
        cli_json_int(&j, "overlap", overlap);
        cli_json_array_begin(&j, "classes");
        for (int k = 0; k < t.count; k++) {
            cli_json_object_begin(&j, NULL);
            cli_json_int(&j, "label", t.classes[k].id);
            cli_json_string(&j, "name", t.classes[k].name);
            cli_json_int(&j, "pixels", counts[k + 1]);
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    return rc;
}
