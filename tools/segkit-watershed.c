/* segkit-watershed: marker-controlled watershed, markerless (regional /
 * h-minima) watershed, and the splitters of touching objects in one
 * command.
 *
 * Steps (each optional):
 *   IN --threshold METHOD (--fg) -> --open N -> --fill-holes A -> --min-area A
 *      = the objects mask M (with --split and no --threshold: IN is M;
 *        --mask FILE: M is that file)
 *   --split: segkit_watershed_split(M)                     -> labels
 *   else: markers (--markers) and surface (--surface) from IN / M,
 *         --background R adds sure-background seeds,
 *         segkit_watershed(surface, markers, M)             -> labels
 *   -> OUT (label image as segkit-label writes it), --json, --props. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_labels.h"

static const char *const surface_names[] = {"image", "invert", "gradient", "dt", NULL};
static const char *const fg_names[] = {"light", "dark", NULL};

typedef struct {
    const char *markers, *mask, *threshold, *props, *csv, *jsonl, *overlay;
    int surface, connectivity, lines, split, fg, open, background;
    double compactness, h, fill_holes, min_area, min_separation;
} options;

/* --markers SPEC, parsed */
typedef enum { MK_FILE, MK_POINTS, MK_HMAX, MK_DT, MK_REGMIN, MK_HMIN, MK_PEAKS } mk_kind;
typedef struct {
    mk_kind kind;
    const char *path;
    double value;
} mk_spec;

static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && !*end && !errno && isfinite(*v) ? 0 : -1;
}

static int parse_markers(const char *s, mk_spec *m)
{
    memset(m, 0, sizeof *m);
    if (strcmp(s, "regmin") == 0) {
        m->kind = MK_REGMIN;
        return 0;
    }
    if (strcmp(s, "peaks") == 0 || strncmp(s, "peaks:", 6) == 0) {
        m->kind = MK_PEAKS;
        m->value = 1;
        char *end;
        if (s[5] == ':') {
            errno = 0;
            long d = strtol(s + 6, &end, 10);
            if (end == s + 6 || *end || errno || d < 1 || d > 4095)
                return -1;
            m->value = (double)d;
        }
        return 0;
    }
    if (strncmp(s, "points:", 7) == 0) {
        m->kind = MK_POINTS;
        m->path = s + 7;
        return *m->path ? 0 : -1;
    }
    static const struct { const char *prefix; mk_kind kind; } num[] = {
        {"hmax:", MK_HMAX}, {"hmin:", MK_HMIN}, {"dt:", MK_DT}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(num[i].prefix);
        if (strncmp(s, num[i].prefix, n) == 0) {
            m->kind = num[i].kind;
            if (parse_number(s + n, &m->value) != 0 || !(m->value > 0) ||
                (m->kind == MK_DT && !(m->value < 1)))
                return -1;
            return 0;
        }
    }
    m->kind = MK_FILE;
    m->path = s;
    return 0;
}

/* ------------------------------------------------------------ points */

static int push_point(double **xy, size_t *n, size_t *cap, double x, double y)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *p = realloc(*xy, nc * 2 * sizeof *p);
        if (!p)
            return -1;
        *xy = p;
        *cap = nc;
    }
    (*xy)[2 * *n] = x;
    (*xy)[2 * *n + 1] = y;
    ++*n;
    return 0;
}

/* Points: "x y" (or "x,y") per line, '#' comments; or JSON: an array of
 * [x, y] pairs or of {"x": X, "y": Y} objects.  Returns 0, or -1 after a
 * message. */
static int parse_points(const char *path, const char *text, double **xy, size_t *n)
{
    size_t cap = 0;
    *xy = NULL;
    *n = 0;
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '[') {
        /* JSON: collect numbers per innermost array / object */
        double v[2] = {0, 0};
        int nv = 0, have_x = 0, have_y = 0, depth = 0;
        const char *key = NULL;
        for (; *p; p++) {
            char c = *p;
            if (isspace((unsigned char)c) || c == ',' || c == ':')
                continue;
            if (c == '[' || c == '{') {
                depth++;
                nv = have_x = have_y = 0;
                key = NULL;
            } else if (c == ']' || c == '}') {
                int ok = c == ']' ? nv == 2 : have_x && have_y;
                if (depth == 2 && !ok)
                    goto bad;
                if (depth == 2 && push_point(xy, n, &cap, v[0], v[1]))
                    goto nomem;
                depth--;
                nv = 0;
            } else if (c == '"') {
                key = p + 1;
                const char *q = strchr(key, '"');
                if (!q)
                    goto bad;
                p = q;
            } else {
                char *end;
                double d = strtod(p, &end);
                if (end == p || depth != 2)
                    goto bad;
                p = end - 1;
                if (key && (key[0] == 'x' || key[0] == 'y') && key[1] == '"') {
                    v[key[0] == 'y'] = d;
                    if (key[0] == 'x')
                        have_x = 1;
                    else
                        have_y = 1;
                } else if (!key && nv < 2) {
                    v[nv++] = d;
                } else if (!key) {
                    goto bad;
                }
                key = NULL;
            }
        }
        if (depth != 0)
            goto bad;
        return 0;
    }
    int line = 1;
    while (*p || line == 1) {
        const char *e = p + strcspn(p, "\n");
        const char *q = p;
        while (q < e && isspace((unsigned char)*q))
            q++;
        if (q < e && *q != '#') {
            char *end;
            double x = strtod(q, &end), y;
            q = end;
            while (q < e && (isspace((unsigned char)*q) || *q == ','))
                q++;
            const char *ys = q;
            y = strtod(ys, &end);
            if (end == ys || !isfinite(x) || !isfinite(y)) {
                cli_error(path, "line %d: expected 'x y'", line);
                free(*xy);
                *xy = NULL;
                return -1;
            }
            q = end;
            while (q < e && isspace((unsigned char)*q))
                q++;
            if (q < e && *q != '#') {
                cli_error(path, "line %d: expected 'x y'", line);
                free(*xy);
                *xy = NULL;
                return -1;
            }
            if (push_point(xy, n, &cap, x, y))
                goto nomem;
        }
        if (!*e)
            break;
        p = e + 1;
        line++;
    }
    return 0;
bad:
    cli_error(path, "not a JSON array of [x, y] pairs or {\"x\": X, \"y\": Y} objects");
    free(*xy);
    *xy = NULL;
    return -1;
nomem:
    cli_error(path, "out of memory");
    free(*xy);
    *xy = NULL;
    return -1;
}

/* ------------------------------------------------------- objects mask */

/* The threshold step: a u8 mask of IN (gray) by a global or local method.
 * A global threshold whose classes are less than --min-separation
 * standard deviations of the narrower class apart (*sep,
 * segkit_threshold_separation) splits one population,
 * i.e. a field without objects (Otsu on noise): the mask is then empty. */
static int threshold_mask(const options *o, const char *in, const segkit_image *gray,
                          segkit_image *mask, double *t, double *sep)
{
    segkit_threshold_method gm;
    segkit_local_method lm;
    int dark = o->fg == 1, st;
    *t = *sep = NAN;
    if (segkit_threshold_method_parse(o->threshold, &gm) == SEGKIT_OK &&
        gm != SEGKIT_THRESH_FIXED && gm != SEGKIT_THRESH_BAND &&
        gm != SEGKIT_THRESH_MULTIOTSU) {
        segkit_histogram hist;
        segkit_histogram_options ho = segkit_histogram_options_default();
        segkit_threshold_params tp = segkit_threshold_params_default();
        double thr[SEGKIT_THRESHOLD_MAX];
        int count = 0;
        st = segkit_histogram_compute(gray, NULL, &ho, &hist);
        if (st == SEGKIT_OK) {
            st = segkit_threshold_histogram(&hist, gm, &tp, thr, &count);
            if (st == SEGKIT_OK)
                st = segkit_threshold_separation(&hist, thr[0], sep);
            segkit_histogram_free(&hist);
        }
        if (st == SEGKIT_OK) {
            *t = thr[0];
            st = segkit_threshold_apply(gray, thr, 1, dark, mask);
        }
        if (st == SEGKIT_OK && *sep < o->min_separation) {
            fprintf(stderr, "segkit-watershed: %s: --threshold %s: the classes are %.2f "
                    "deviations apart (< --min-separation %g): one population, "
                    "no objects\n", in, o->threshold, *sep, o->min_separation);
            for (int y = 0; y < mask->height; y++)
                memset(segkit_image_row(mask, y), 0, (size_t)mask->width);
        }
    } else if (segkit_local_method_parse(o->threshold, &lm) == SEGKIT_OK &&
               lm != SEGKIT_LOCAL_HYSTERESIS) {
        segkit_local_params lp = segkit_local_params_default();
        st = segkit_threshold_local(gray, lm, &lp, dark, mask);
    } else {
        cli_error(NULL, "--threshold: '%s' is not a method that needs no parameter "
                  "(see segkit-threshold --help; fixed, band, multiotsu and "
                  "hysteresis need segkit-threshold)", o->threshold);
        return CLI_USAGE;
    }
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(in, st);
}

/* --open, --fill-holes, --min-area on the u8 mask, in place. */
static int clean_mask(const options *o, const char *in, segkit_image *mask)
{
    int st = SEGKIT_OK;
    if (o->open > 0) {
        segkit_se se = {0};
        se.shape = SEGKIT_SE_RECT;
        se.width = se.height = 2 * o->open + 1;
        segkit_image opened;
        st = segkit_morph(mask, SEGKIT_MORPH_OPEN, &se, &opened);
        if (st != SEGKIT_OK)
            return cli_lib_error(in, st);
        segkit_image_free(mask);
        *mask = opened;
    }
    if (o->fill_holes < 0)
        st = segkit_mask_fill_holes(mask, 4);
    else if (o->fill_holes > 0)
        st = segkit_mask_remove_small_holes(mask, (int64_t)o->fill_holes, 4);
    if (st == SEGKIT_OK && o->min_area > 1)
        st = segkit_mask_remove_small_objects(mask, (int64_t)o->min_area, 8);
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(in, st);
}

/* Any image as a 0/255 u8 mask (nonzero = on). */
static int to_mask(const char *path, const segkit_image *img, segkit_image *mask)
{
    segkit_fg fg = {SEGKIT_FG_NONZERO, 0};
    int st = segkit_mask_from_fg(img, fg, mask);
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(path, st);
}

/* ------------------------------------------------------------ markers */

static int read_label_markers(const char *path, const cli_common *common,
                              const segkit_image *like, segkit_image *markers)
{
    segkit_image raw;
    if (cli_read_image(path, common, &raw) != CLI_OK)
        return CLI_FAIL;
    int rc = CLI_FAIL;
    if (raw.channels != 1 || raw.type == SEGKIT_F32) {
        cli_error(path, "markers must be a 1-channel integer label image "
                  "(8/16-bit PNG, or .npy of int32)");
    } else if (!segkit_image_same_size(&raw, like)) {
        cli_error(path, "markers are %dx%d, IN is %dx%d", raw.width, raw.height,
                  like->width, like->height);
    } else {
        int st = segkit_image_create(markers, raw.width, raw.height, 1, SEGKIT_I32);
        if (st != SEGKIT_OK)
            return cli_lib_error(path, st);
        for (int y = 0; y < raw.height; y++) {
            const void *s = segkit_image_row(&raw, y);
            int32_t *d = segkit_image_row(markers, y);
            for (int x = 0; x < raw.width; x++)
                d[x] = raw.type == SEGKIT_U8    ? ((const uint8_t *)s)[x]
                       : raw.type == SEGKIT_U16 ? ((const uint16_t *)s)[x]
                                                : ((const int32_t *)s)[x];
        }
        rc = CLI_OK;
    }
    segkit_image_free(&raw);
    return rc;
}

static int make_markers(const mk_spec *m, const options *o, const cli_common *common,
                        const segkit_image *gray, const segkit_image *objects,
                        segkit_image *markers)
{
    int st = SEGKIT_OK;
    int32_t n;
    switch (m->kind) {
    case MK_FILE:
        return read_label_markers(m->path, common, gray, markers);
    case MK_POINTS: {
        char *text;
        double *xy;
        size_t len, np, bad = 0;
        if (cli_read_text(m->path, (size_t)1 << 30, &text, &len) != CLI_OK)
            return CLI_FAIL;
        int r = parse_points(m->path, text, &xy, &np);
        free(text);
        if (r)
            return CLI_FAIL;
        st = segkit_watershed_markers_points(gray->width, gray->height, xy, np,
                                             markers, &bad);
        if (st == SEGKIT_ERR_ARG)
            cli_error(m->path, "point %zu (%g, %g) is outside the %dx%d image", bad + 1,
                      xy[2 * bad], xy[2 * bad + 1], gray->width, gray->height);
        free(xy);
        return st == SEGKIT_OK        ? CLI_OK
               : st == SEGKIT_ERR_ARG ? CLI_FAIL
                                      : cli_lib_error(m->path, st);
    }
    case MK_REGMIN:
    case MK_HMIN:
        st = segkit_watershed_markers_extrema(gray, m->kind == MK_HMIN ? m->value : 0, 0,
                                              o->connectivity, objects, markers, &n);
        break;
    case MK_PEAKS: {
        /* scikit-image's example: peak_local_max(edt, min_distance=D,
         * labels=mask) -> ndi.label of the peaks' mask */
        segkit_image edt, lab;
        st = segkit_distance_transform(objects, NULL, &edt, NULL);
        if (st != SEGKIT_OK)
            break;
        st = segkit_image_create(&lab, edt.width, edt.height, 1, SEGKIT_I32);
        if (st != SEGKIT_OK) {
            segkit_image_free(&edt);
            break;
        }
        for (int y = 0; y < edt.height; y++) {
            const float *e = segkit_image_row(&edt, y);
            int32_t *l = segkit_image_row(&lab, y);
            for (int x = 0; x < edt.width; x++)
                l[x] = e[x] > 0;
        }
        segkit_peaks_params pp = segkit_peaks_params_default();
        pp.min_distance = (int)m->value;
        pp.labels = &lab;
        segkit_peak *pk = NULL;
        int64_t np = 0;
        st = segkit_peak_local_max(&edt, &pp, &pk, &np);
        if (st == SEGKIT_OK)
            st = segkit_peaks_to_markers(pk, np, edt.width, edt.height, 4, markers, &n);
        free(pk);
        segkit_image_free(&lab);
        segkit_image_free(&edt);
        break;
    }
    case MK_HMAX:
    case MK_DT: {
        segkit_image edt;
        st = segkit_distance_transform(objects, NULL, &edt, NULL);
        if (st == SEGKIT_OK) {
            if (m->kind == MK_HMAX)
                st = segkit_watershed_markers_extrema(&edt, m->value, 1, o->connectivity,
                                                      objects, markers, &n);
            else
                st = segkit_watershed_markers_fraction(&edt, m->value, 8, markers, &n);
            segkit_image_free(&edt);
        }
        break;
    }
    }
    if (st == SEGKIT_ERR_EMPTY) {
        cli_error(NULL, "--markers: the objects mask is empty");
        return CLI_FAIL;
    }
    return st == SEGKIT_OK ? CLI_OK : cli_lib_error(NULL, st);
}

/* The largest label, and whether any is negative. */
static int32_t max_label(const segkit_image *labels, int *negative)
{
    int32_t m = 0;
    *negative = 0;
    for (int y = 0; y < labels->height; y++) {
        const int32_t *r = segkit_image_row(labels, y);
        for (int x = 0; x < labels->width; x++) {
            if (r[x] > m)
                m = r[x];
            if (r[x] < 0)
                *negative = 1;
        }
    }
    return m;
}

/* ---------------------------------------------------------------- main */

/* What every input's run shares (read only: inputs run in threads). */
typedef struct {
    const options *o;
    const cli_common *common;
    mk_spec mk;
    int cols[64], ncols, groups;
} job_ctx;

static int run(void *arg, const char *in, const char *out);

int main(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    o.h = 0;   /* segkit_watershed_split's default: from the object size */
    o.fill_holes = -1;
    o.min_separation = 3.5;
    const cli_option table[] = {
        {"markers", 0, CLI_STRING, &o.markers, "SPEC",
         "seeds: FILE (label image), points:FILE, hmax:H, dt:F, peaks[:D], regmin, "
         "hmin:H (default regmin)", 0, 0, NULL, NULL, 0, .applies = "flood"},
        {"surface", 0, CLI_CHOICE, &o.surface, "KIND",
         "what floods: image, invert, gradient, dt (default dt for hmax:, dt: "
         "and peaks markers, else image)", 0, 0, surface_names, NULL, 0, .applies = "flood",
         .def = ""},
        {"mask", 0, CLI_STRING, &o.mask, "FILE",
         "flood only where FILE is nonzero (the objects mask)", 0, 0, NULL, NULL, 0},
        {"compactness", 0, CLI_DOUBLE, &o.compactness, "C",
         "compact watershed (skimage's compactness)", 0, 1e9, NULL, NULL, 0},
        {"lines", 0, CLI_FLAG, &o.lines, NULL,
         "label 0 between touching basins (skimage's watershed_line)", 0, 0, NULL,
         NULL, 0},
        {"connectivity", 'n', CLI_INT, &o.connectivity, "N",
         "4 or 8 neighbours (default 4, as skimage; 8 with --split)", 4, 8, NULL, NULL, 0,
         .def = ""},
        {"split", 0, CLI_FLAG, &o.split, NULL,
         "IN is a mask (or --threshold makes one): split touching objects "
         "(EDT -> extended maxima -> watershed inside the mask)", 0, 0, NULL, NULL, 0},
        {"h", 0, CLI_DOUBLE, &o.h, "H",
         "--split: an object centre must stand H pixels above its saddle in the "
         "distance map", 1e-6, 1e9, NULL, NULL, 0, .applies = "split",
         .def = "0.06 x the typical object diameter"},
        {"threshold", 0, CLI_STRING, &o.threshold, "METHOD",
         "IN is an image: objects = IN thresholded by METHOD (otsu, li, sauvola, ...)",
         0, 0, NULL, NULL, 0},
        {"fg", 0, CLI_CHOICE, &o.fg, "POLARITY",
         "--threshold: objects are light (above T) or dark", 0, 0, fg_names, NULL, 0,
         .applies = "threshold"},
        {"min-separation", 0, CLI_DOUBLE, &o.min_separation, "S",
         "--threshold (global methods): no objects when the class means are less than "
         "S deviations of the narrower class apart (one population: noise; 0: never)",
         0, 1e9, NULL, NULL, 0, .applies = "threshold"},
        {"open", 0, CLI_INT, &o.open, "N",
         "clean the objects mask: opening by a (2N+1) square (OpenCV's 3x3, N times)",
         0, 2047, NULL, NULL, 0, .applies = "objects"},
        {"fill-holes", 0, CLI_DOUBLE, &o.fill_holes, "A",
         "clean the objects mask: fill holes of fewer than A pixels (0: none; "
         "default: every hole)", -1, 1e18, NULL, NULL, 0, .applies = "objects",
         .def = ""},
        {"min-area", 0, CLI_DOUBLE, &o.min_area, "A",
         "clean the objects mask: remove objects of fewer than A pixels", 0, 1e18,
         NULL, NULL, 0, .applies = "objects"},
        {"background", 0, CLI_INT, &o.background, "R",
         "sure background: seed the pixels farther than R from the objects mask "
         "(OpenCV's dilate 3x3 x R) and flood the whole image", 1, 2047, NULL, NULL, 0,
         .applies = "flood", .def = ""},
        CLI_OVERLAY_OPTION(&o.overlay),
        {"props", 0, CLI_STRING, &o.props, "LIST",
         "region properties in the table (as segkit-label; default label,area,bbox,...)",
         0, 0, NULL, NULL, 0, .def = ""},
        CLI_PROPS_TABLE_OPTIONS(&o.csv, &o.jsonl),
        {0},
    };
    const cli_tool tool = {
        "segkit-watershed", "[options] IN [OUT]",
        "Marker-controlled watershed (priority flooding, scikit-image's rules and\n"
        "results) of IN, written as a label image OUT (as segkit-label: 16-bit PNG\n"
        "when the labels fit).  Seeds come from --markers (default: the regional\n"
        "minima of the surface); the surface is IN, its inverse, its gradient or the\n"
        "-EDT of the objects mask.  --split splits the touching objects of a mask in\n"
        "one step; --threshold METHOD first makes that mask from an image, so\n"
        "`segkit-watershed --threshold otsu --split cells.png labels.png` is the\n"
        "classic pipeline.  Without OUT the number of objects is printed.",
        table, 1, 2, 1};

    cli_init("segkit-watershed");
    cli_common common;
    int first;
    int rc = cli_parse(&tool, &common, argc, argv, &first);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* IN OUT of a single run; with -o, a list or directories, --jsonl is the
     * batch's report (each input's holds its region table) */
    const char *in = argc > first ? argv[first] : "";
    const char *out = !common.batch.output && argc - first == 2 ? argv[first + 1] : NULL;
    cli_props_jsonl_to_batch(&common, &o.jsonl);

    char tags[64];
    snprintf(tags, sizeof tags, "%s%s%s", o.split ? "split" : "flood",
             o.threshold ? " threshold objects" : "", o.split ? " objects" : "");
    rc = cli_check_applies(&common, o.split ? "--split" : "a marker watershed", tags);
    if (rc != CLI_OK)
        return rc;
    if (o.connectivity == 0)
        o.connectivity = o.split ? 8 : 4;
    if (o.connectivity != 4 && o.connectivity != 8) {
        cli_error(NULL, "-n: connectivity must be 4 or 8");
        return CLI_USAGE;
    }
    mk_spec mk = {MK_REGMIN, NULL, 0};
    if (o.markers && parse_markers(o.markers, &mk) != 0) {
        cli_error(NULL, "--markers: expected FILE, points:FILE, hmax:H (H > 0), "
                  "dt:F (0 < F < 1), peaks or peaks:D (1 <= D <= 4095), regmin or "
                  "hmin:H (H > 0)");
        return CLI_USAGE;
    }
    if (!cli_given(&common, "surface"))
        o.surface = mk.kind == MK_HMAX || mk.kind == MK_DT || mk.kind == MK_PEAKS
                        ? SEGKIT_SURFACE_DT : SEGKIT_SURFACE_IMAGE;
    int need_objects = o.surface == SEGKIT_SURFACE_DT || mk.kind == MK_HMAX ||
                       mk.kind == MK_DT || mk.kind == MK_PEAKS || o.background;
    if (!o.split && need_objects && !o.mask && !o.threshold) {
        cli_error(NULL, "%s needs an objects mask: give --mask FILE or --threshold METHOD",
                  o.background ? "--background" : o.surface == SEGKIT_SURFACE_DT
                                                       ? "--surface dt" : "--markers");
        return CLI_USAGE;
    }
    if (o.split && o.mask) {
        cli_error(NULL, "--mask: with --split the mask is IN (or --threshold's)");
        return CLI_USAGE;
    }
    if (o.mask && o.threshold) {
        cli_error(NULL, "--mask and --threshold both give the objects mask: give one");
        return CLI_USAGE;
    }
    int cols[64], ncols = 0, groups = 0;
    rc = cli_props_parse(o.props ? o.props : "label,area,bbox,centroid", cols, &ncols,
                         &groups);
    if (rc != CLI_OK)
        return rc;
    if (groups & (SEGKIT_PROPS_INTENSITY | SEGKIT_PROPS_MEDIAN)) {
        cli_error(NULL, "--props: intensity properties need segkit-label --intensity");
        return CLI_USAGE;
    }
    if (o.props && !o.csv && !o.jsonl && !common.json && !common.batch.jsonl) {
        cli_error(NULL, "--props: give --csv or --jsonl (or --json) for the table");
        return CLI_USAGE;
    }
    int to_stdout = (out && strcmp(out, "-") == 0) + (o.csv && strcmp(o.csv, "-") == 0) +
                    (o.jsonl && strcmp(o.jsonl, "-") == 0) +
                    (common.json && strcmp(common.json, "-") == 0) +
                    (mk.path && strcmp(mk.path, "-") == 0 && strcmp(in, "-") == 0);
    if (to_stdout > 1) {
        cli_error(NULL, "more than one output goes to stdout (or two inputs come from "
                  "stdin): give the others a FILE");
        return CLI_USAGE;
    }
    job_ctx c = {&o, &common, mk, {0}, ncols, groups};
    memcpy(c.cols, cols, sizeof cols);
    return cli_batch_run(&common, argc - first, argv + first, run, &c);
}

/* One input: read, flood, write, report. */
static int run(void *arg, const char *in, const char *out)
{
    const job_ctx *c = arg;
    const options o = *c->o;
    const cli_common common = *c->common;
    mk_spec mk = c->mk;
    const int *cols = c->cols, ncols = c->ncols, groups = c->groups;
    const char *mask_path = cli_job_path(o.mask);
    if (mk.path)
        mk.path = cli_job_path(mk.path);
    int rc;
    segkit_image img = {0}, objects = {0}, surface = {0}, markers = {0}, labels = {0};
    segkit_region *reg = NULL;
    int32_t n = 0, nobj = 0;
    double thr = NAN, sep = NAN;
    rc = CLI_FAIL;
    if (cli_read_image(in, &common, &img) != CLI_OK || cli_to_gray(in, &img) != CLI_OK)
        goto done;
    if (img.type == SEGKIT_I32 && !o.split) {
        cli_error(in, "a label image: give it as --markers, not IN");
        goto done;
    }
    /* the objects mask */
    if (o.threshold) {
        if (img.type == SEGKIT_I32) {
            cli_error(in, "--threshold needs an 8/16-bit or float image");
            goto done;
        }
        if ((rc = threshold_mask(&o, in, &img, &objects, &thr, &sep)) != CLI_OK)
            goto done;
    } else if (o.split) {
        if ((rc = to_mask(in, &img, &objects)) != CLI_OK)
            goto done;
    } else if (o.mask) {
        segkit_image raw;
        if ((rc = cli_read_image(mask_path, &common, &raw)) != CLI_OK)
            goto done;
        if (!segkit_image_same_size(&raw, &img)) {
            cli_error(mask_path, "mask is %dx%d, IN is %dx%d", raw.width, raw.height,
                      img.width, img.height);
            segkit_image_free(&raw);
            rc = CLI_FAIL;
            goto done;
        }
        if (raw.channels != 1)
            rc = cli_to_gray(mask_path, &raw);
        if (rc == CLI_OK)
            rc = to_mask(mask_path, &raw, &objects);
        segkit_image_free(&raw);
        if (rc != CLI_OK)
            goto done;
    }
    rc = CLI_FAIL;
    if (objects.data && (o.threshold || o.split) && clean_mask(&o, in, &objects) != CLI_OK)
        goto done;

    int st;
    if (o.split) {
        segkit_watershed_split_params sp = segkit_watershed_split_params_default();
        sp.connectivity = o.connectivity;
        sp.h = o.h;
        sp.lines = o.lines;
        sp.compactness = o.compactness;
        st = segkit_watershed_split(&objects, &sp, &labels, &n);
        if (st != SEGKIT_OK) {
            cli_lib_error(in, st);
            goto done;
        }
    } else {
        if (make_markers(&mk, &o, &common, &img, objects.data ? &objects : NULL,
                         &markers) != CLI_OK)
            goto done;
        const segkit_image *src = o.surface == SEGKIT_SURFACE_DT ? &objects : &img;
        st = segkit_watershed_surface(src, (segkit_watershed_surface_kind)o.surface,
                                      &surface);
        if (st != SEGKIT_OK) {
            cli_lib_error(in, st);
            goto done;
        }
        int negative;
        int32_t bg = 0;
        if (o.background) {
            int32_t top = max_label(&markers, &negative);
            if (top == INT32_MAX) {
                cli_error(NULL, "--background: no label is free for the background");
                goto done;
            }
            bg = top + 1;
            st = segkit_watershed_markers_background(&markers, &objects, o.background, bg);
            if (st != SEGKIT_OK) {
                cli_lib_error(NULL, st);
                goto done;
            }
        }
        segkit_watershed_params wp = segkit_watershed_params_default();
        wp.connectivity = o.connectivity;
        wp.lines = o.lines;
        wp.compactness = o.compactness;
        st = segkit_watershed(&surface, &markers,
                              objects.data && !o.background ? &objects : NULL, &wp,
                              &labels);
        if (st != SEGKIT_OK) {
            cli_lib_error(in, st);
            goto done;
        }
        if (bg) {
            for (int y = 0; y < labels.height; y++) {
                int32_t *r = segkit_image_row(&labels, y);
                for (int x = 0; x < labels.width; x++)
                    if (r[x] == bg)
                        r[x] = 0;
            }
        }
        n = max_label(&labels, &negative);
        if (negative) {
            cli_error(o.markers, "negative marker labels: the label image cannot be "
                      "written (use labels >= 1)");
            goto done;
        }
    }
    st = segkit_regionprops(&labels, NULL,
                            (o.csv || o.jsonl || common.json) ? groups : SEGKIT_PROPS_BASIC,
                            &reg, &n);
    if (st != SEGKIT_OK) {
        cli_lib_error(in, st);
        goto done;
    }
    for (int32_t i = 0; i < n; i++)
        nobj += reg[i].area > 0;
    /* the outputs; on a failure, those this run created are removed */
    cli_outputs w = {0};
    const char *overlay = cli_job_path(o.overlay), *csv = cli_job_path(o.csv);
    if (out && (cli_outputs_note(&w, out),
                rc = cli_write_labels(out, &common, &labels, n)) != CLI_OK)
        goto undo;
    if (o.overlay && (cli_outputs_note(&w, overlay),
                      rc = cli_write_overlay(overlay, &common, &img, &labels,
                                             CLI_RESULT_LABELS)) != CLI_OK)
        goto undo;
    rc = CLI_FAIL;
    if (o.csv && (cli_outputs_note(&w, csv),
                  cli_props_write(csv, reg, n, cols, ncols, 1)) != CLI_OK)
        goto undo;
    if (o.jsonl && (cli_outputs_note(&w, o.jsonl),
                    cli_props_write(o.jsonl, reg, n, cols, ncols, 0)) != CLI_OK)
        goto undo;
    if (common.json) {
        cli_json j;
        cli_json_begin(&j);
        cli_json_string(&j, "file", in);
        cli_json_int(&j, "width", img.width);
        cli_json_int(&j, "height", img.height);
        cli_json_int(&j, "objects", nobj);
        cli_json_bool(&j, "split", o.split);
        if (o.threshold) {
            cli_json_string(&j, "threshold", o.threshold);
            cli_json_string(&j, "fg", fg_names[o.fg]);
            if (!isnan(thr))
                cli_json_number(&j, "threshold_value", thr);
            if (isfinite(sep))
                cli_json_number(&j, "separation", sep);
        }
        if (o.split) {
            cli_json_number(&j, "h", o.h);
        } else {
            cli_json_string(&j, "markers", o.markers ? o.markers : "regmin");
            cli_json_string(&j, "surface", surface_names[o.surface]);
            if (o.background)
                cli_json_int(&j, "background", o.background);
        }
        cli_json_int(&j, "connectivity", o.connectivity);
        cli_json_number(&j, "compactness", o.compactness);
        cli_json_bool(&j, "lines", o.lines);
        cli_json_regions(&j, reg, n, cols, ncols);
        cli_json_end(&j);
        cli_outputs_note(&w, common.json);
        int jr = cli_json_emit(&j, &common);
        cli_json_free(&j);
        if (jr != CLI_OK)
            goto undo;
    }
    rc = CLI_OK;
    if (!out && !o.csv && !o.jsonl && !common.json && !o.overlay)
        rc = cli_stdout_printf("%d\n", nobj);
    goto done;
undo:
    cli_outputs_undo(&w, rc);
done:
    free(reg);
    segkit_image_free(&img);
    segkit_image_free(&objects);
    segkit_image_free(&surface);
    segkit_image_free(&markers);
    segkit_image_free(&labels);
    return rc;
}
