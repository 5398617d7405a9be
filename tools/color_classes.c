/* segkit-color classes: a table of colour classes -> one label image.
 *
 * The table (CSV, '#' comments, blank lines ignored), one class a line:
 *   NAME,DISPLAY,RULE
 * DISPLAY: the class's colour in pictures (a colour as --ref takes it);
 * RULE, the rest of the line (it may hold commas):
 *   range SPACE SPEC[;SPEC...]   as segkit-color range --space SPACE --range
 *                                SPEC (SPACE may end in "-opencv" for
 *                                OpenCV's 8-bit units: hsv-opencv)
 *   near COLOR[|COLOR...] TOL [DE]  within TOL of a colour (DE: 76 94 2000
 *                                cmc; default 2000)
 * Labels: the first class of the table that a pixel matches (1-based line
 * order of the classes), 0 for none: earlier lines win. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color_cmd.h"

#define MAX_CLASSES 255
#define MAX_NEAR 16

typedef struct {
    char name[64];
    double display[3];
    int near;                       /* 0: ranges, 1: near */
    segkit_color_ranges ranges;
    double lab[MAX_NEAR][3];
    int nref;
    segkit_delta_e_params de;
    double tol;
} color_class;

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* one line "NAME,DISPLAY,RULE" into *c; a message on error */
static int parse_class(char *line, color_class *c, char *err, size_t errsize)
{
    char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (!c2) {
        snprintf(err, errsize, "expected NAME,DISPLAY,RULE");
        return -1;
    }
    *c1 = *c2 = '\0';
    char *name = trim(line), *disp = trim(c1 + 1), *rule = trim(c2 + 1);
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    if (segkit_color_parse(disp, c->display) != SEGKIT_OK) {
        snprintf(err, errsize, "display colour '%s' is not a colour", disp);
        return -1;
    }
    char *word = rule, *rest = rule + strcspn(rule, " \t");
    if (*rest)
        *rest++ = '\0';
    rest = trim(rest);
    if (strcmp(word, "range") == 0) {
        char *spec = rest + strcspn(rest, " \t");
        if (*spec)
            *spec++ = '\0';
        spec = trim(spec);
        size_t l = strlen(rest);
        if (l > 7 && strcmp(rest + l - 7, "-opencv") == 0) {
            c->ranges.opencv = 1;
            rest[l - 7] = '\0';
        }
        if (segkit_color_space_parse(rest, &c->ranges.space) != SEGKIT_OK) {
            snprintf(err, errsize, "unknown colour space '%s'", rest);
            return -1;
        }
        if (c->ranges.opencv && !segkit_color_has_opencv(c->ranges.space.id)) {
            snprintf(err, errsize, "%s has no OpenCV 8-bit encoding", rest);
            return -1;
        }
        for (char *p = spec;;) {
            size_t len = strcspn(p, ";");
            char save = p[len], why[128];
            p[len] = '\0';
            if (c->ranges.nterms == SEGKIT_RANGE_MAX_TERMS ||
                segkit_color_range_parse(p, c->ranges.space.id, c->ranges.opencv,
                                         &c->ranges.term[c->ranges.nterms], why,
                                         sizeof why) != SEGKIT_OK) {
                snprintf(err, errsize, "range '%s': %s", p,
                         c->ranges.nterms == SEGKIT_RANGE_MAX_TERMS ? "too many terms" : why);
                return -1;
            }
            c->ranges.nterms++;
            if (!save)
                break;
            p += len + 1;
        }
        return 0;
    }
    if (strcmp(word, "near") == 0) {
        char *tok[3] = {NULL, NULL, NULL};
        int n = 0;
        for (char *p = strtok(rest, " \t"); p && n < 3; p = strtok(NULL, " \t"))
            tok[n++] = p;
        char *e;
        c->de = segkit_delta_e_params_default();
        if (n < 2 || (c->tol = strtod(tok[1], &e), *e) || !(c->tol >= 0) ||
            (n == 3 && segkit_delta_e_parse(tok[2], &c->de.formula) != SEGKIT_OK)) {
            snprintf(err, errsize, "expected near COLOR[|COLOR...] TOL [76|94|2000|cmc]");
            return -1;
        }
        c->near = 1;
        segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
        for (char *p = tok[0];;) {
            size_t len = strcspn(p, "|");
            char save = p[len];
            double rgb[3];
            p[len] = '\0';
            if (c->nref == MAX_NEAR || segkit_color_parse(p, rgb) != SEGKIT_OK) {
                snprintf(err, errsize, "'%s' is not a colour", p);
                return -1;
            }
            segkit_color_from_rgb(&lab, rgb, c->lab[c->nref++]);
            if (!save)
                break;
            p += len + 1;
        }
        return 0;
    }
    snprintf(err, errsize, "rule '%s': expected 'range SPACE SPEC' or 'near COLOR TOL'", word);
    return -1;
}

static int read_table(const char *path, const cli_common *common, color_class **out, int *n)
{
    char *text;
    size_t len;
    (void)common;
    if (cli_read_text(path, (size_t)1 << 20, &text, &len) != CLI_OK)
        return CLI_FAIL;
    color_class *c = calloc(MAX_CLASSES, sizeof *c);
    if (!c) {
        free(text);
        cli_error(path, "out of memory");
        return CLI_FAIL;
    }
    int k = 0, lineno = 0;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *line = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*line || *line == '#')
            continue;
        char err[200];
        if (k == MAX_CLASSES) {
            cli_error(path, "line %d: more than %d classes", lineno, MAX_CLASSES);
            goto fail;
        }
        if (parse_class(line, &c[k], err, sizeof err) != 0) {
            cli_error(path, "line %d: %s", lineno, err);
            goto fail;
        }
        k++;
    }
    free(text);
    if (k == 0) {
        cli_error(path, "no classes");
        free(c);
        return CLI_FAIL;
    }
    *out = c;
    *n = k;
    return CLI_OK;
fail:
    free(text);
    free(c);
    return CLI_FAIL;
}

/* --overlay: the labels over IN, each class in its display colour */
static int write_overlay(const char *path, const cli_common *common, const segkit_image *img,
                         const segkit_image *labels, const color_class *cls, int n)
{
    segkit_class tab[MAX_CLASSES];
    for (int k = 0; k < n; k++) {
        tab[k].id = k + 1;
        for (int c = 0; c < 3; c++) {
            double v = floor(cls[k].display[c] * 255 + 0.5);
            tab[k].color[c] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
        snprintf(tab[k].name, sizeof tab[k].name, "%s", cls[k].name);
    }
    const segkit_class_table t = {tab, n};
    return cli_write_overlay_classes(path, common, img, labels, CLI_RESULT_LABELS, &t);
}

int color_classes(int argc, char **argv)
{
    const char *table_path = NULL, *picture = NULL, *overlay = NULL;
    const cli_option table[] = {
        {"table", 0, CLI_STRING, &table_path, "FILE",
         "the class table (CSV: NAME,DISPLAY,RULE; see segkit-color(1))", 0, 0, NULL, NULL, 0},
        {"picture", 0, CLI_STRING, &picture, "FILE",
         "also write the classes in their display colours (black: no class)", 0, 0, NULL,
         NULL, 0},
        CLI_OVERLAY_OPTION(&overlay),
        {0},
    };
    const cli_tool tool = {
        "segkit-color classes", "--table FILE [options] IN OUT",
        "One label image (semantic map) from a table of colour classes: a pixel\n"
        "gets the 1-based number of the first class of the table it matches (a\n"
        "range rule or a colour-difference rule), 0 if none; earlier classes win.\n"
        "OUT is written as segkit-label writes labels.  --json reports each\n"
        "class's pixel count.",
        table, 2, 2};
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const char *in = argv[first], *out = argv[first + 1];
    if (!table_path) {
        cli_error(NULL, "no class table: use --table FILE (see --help)");
        return CLI_USAGE;
    }
    color_class *cls;
    int n;
    if (read_table(table_path, &common, &cls, &n) != CLI_OK)
        return CLI_FAIL;
    segkit_image img, labels = {0}, mask = {0};
    if (color_read_rgb(in, &common, &img) != CLI_OK) {
        free(cls);
        return CLI_FAIL;
    }
    long long counts[MAX_CLASSES + 1] = {0};
    int st = segkit_image_create(&labels, img.width, img.height, 1, SEGKIT_I32);
    for (int k = 0; k < n && st == SEGKIT_OK; k++) {
        const color_class *c = &cls[k];
        if (c->ranges.opencv && img.type != SEGKIT_U8) {
            cli_error(in, "class %s: OpenCV units need 8-bit RGB; this image is %s", c->name,
                      segkit_type_name(img.type));
            st = -1;
            break;
        }
        st = c->near ? segkit_color_distance_mask(&img, (const double(*)[3])c->lab, c->nref,
                                                  &c->de, c->tol, &mask)
                     : segkit_color_range_mask(&img, &c->ranges, &mask);
        for (int y = 0; st == SEGKIT_OK && y < img.height; y++) {
            const uint8_t *m = segkit_image_row(&mask, y);
            int32_t *l = segkit_image_row(&labels, y);
            for (int x = 0; x < img.width; x++)
                if (m[x] && !l[x]) {
                    l[x] = k + 1;
                    counts[k + 1]++;
                }
        }
        segkit_image_free(&mask);
    }
    if (st != SEGKIT_OK) {
        if (st > 0)
            cli_error(in, "%s", segkit_strerror(st));
        segkit_image_free(&img);
        segkit_image_free(&labels);
        free(cls);
        return CLI_FAIL;
    }
    counts[0] = (long long)img.width * img.height;
    for (int k = 1; k <= n; k++)
        counts[0] -= counts[k];
    rc = cli_write_image(out, &common, &labels);
    if (rc == CLI_OK && picture) {
        segkit_image pic;
        st = segkit_image_create(&pic, img.width, img.height, 3, SEGKIT_U8);
        if (st != SEGKIT_OK) {
            cli_error(picture, "%s", segkit_strerror(st));
            rc = CLI_FAIL;
        } else {
            for (int y = 0; y < img.height; y++) {
                const int32_t *l = segkit_image_row(&labels, y);
                uint8_t *d = segkit_image_row(&pic, y);
                for (int x = 0; x < img.width; x++)
                    for (int k = 0; k < 3; k++)
                        d[3 * x + k] = l[x] ? (uint8_t)lround(cls[l[x] - 1].display[k] * 255) : 0;
            }
            rc = cli_write_picture(picture, &common, &pic);
            segkit_image_free(&pic);
        }
    }
    if (rc == CLI_OK && overlay)
        rc = write_overlay(overlay, &common, &img, &labels, cls, n);
    segkit_image_free(&img);
    segkit_image_free(&labels);
    if (rc == CLI_OK && common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "input", in);
        cli_json_int(&j, "unclassified", counts[0]);
        cli_json_array_begin(&j, "classes");
        for (int k = 0; k < n; k++) {
            cli_json_object_begin(&j, NULL);
            cli_json_int(&j, "label", k + 1);
            cli_json_string(&j, "name", cls[k].name);
            cli_json_int(&j, "pixels", counts[k + 1]);
            cli_json_object_end(&j);
        }
        cli_json_array_end(&j);
        cli_json_end(&j);
        rc = cli_json_emit(&j, &common);
        cli_json_free(&j);
    }
    free(cls);
    return rc;
}
