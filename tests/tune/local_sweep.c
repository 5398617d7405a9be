/* segkit-local-sweep: scores every local threshold method over a grid of
 * window sizes and of its main parameter on a DIBCO-style folder
 * (NAME_source.png + NAME_target.png, ground truth 0 = text), and prints one
 * CSV row per (method, window, parameter, image):
 *
 *   set,method,window,param,value,image,fm,psnr,drd
 *
 * set is "grid", or "old" for the defaults before they were measured
 * (window 15 and the old value) where the grid does not hold them.
 *
 * It does in one process what docs/dibco2009.md does with the tools, for
 * each grid point:
 *   segkit-threshold -m METHOD --window W --PARAM V --fg dark SRC OUT
 *   segkit-metrics -t dibco --fg-pred nonzero --fg-gt zero OUT GT
 * (gray = BT.601, segkit-threshold's default; border clip; the parameters
 * not swept at fixed values: C 0, Bernsen contrast limit 15 and fallback
 * 128, R the method's published value, phansalkar p 2 q 10).  tests/tune/local_cv.py reads the
 * CSV, chooses defaults by leave-one-out cross-validation and prints the
 * table of docs/local-thresholds.md.  Not a test: nothing is asserted.
 *
 *   segkit-local-sweep DIR [METHOD...] > sweep.csv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/segkit.h"

static const int windows[] = {11, 15, 21, 31, 41, 51, 61, 81, 101, 151, 201, 301};
#define NW ((int)(sizeof windows / sizeof windows[0]))

/* The parameter swept for each method, and its grid (sorted, so that
 * neighbours in the list are neighbours in value). */
typedef struct {
    const char *method, *param;
    double old; /* the value of the old default (with window 15) */
    int n;
    double v[12];
} grid;

static const grid grids[] = {
    {"mean", "c", 0, 11, {0, 2, 5, 10, 15, 20, 30, 40, 50, 60, 80}},
    {"gaussian", "c", 0, 11, {0, 2, 5, 10, 15, 20, 30, 40, 50, 60, 80}},
    {"median", "c", 0, 11, {0, 2, 5, 10, 15, 20, 30, 40, 50, 60, 80}},
    {"midgrey", "c", 0, 10, {0, 5, 10, 20, 30, 40, 60, 80, 100, 120}},
    {"niblack", "k", 0.2, 10, {-1.5, -1.2, -1, -0.8, -0.6, -0.5, -0.4, -0.3, -0.2, -0.1}},
    {"sauvola", "k", 0.2, 10, {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6}},
    {"wolf", "k", 0.5, 9, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0}},
    {"nick", "k", -0.2, 9, {-0.4, -0.3, -0.25, -0.2, -0.15, -0.1, -0.05, 0, 0.05}},
    {"phansalkar", "k", 0.25, 9, {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6}},
    {"bernsen", "contrast", 15, 11, {5, 10, 15, 20, 30, 40, 60, 80, 100, 120, 160}},
    {"contrast", "-", 0, 1, {0}},
    {"localotsu", "-", 0, 1, {0}},
    {"bradley", "k", 0.15, 9, {0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5}},
    {"trsingh", "k", 0.2, 9, {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0}},
    {"wan", "k", 0.2, 9, {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6}},
    {"isauvola", "k", 0.01, 9, {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}},
};
#define NG ((int)(sizeof grids / sizeof grids[0]))

static const char *const names[] = {"H01", "H02", "H03", "H04", "H05",
                                    "P01", "P02", "P03", "P04", "P05"};
#define NI ((int)(sizeof names / sizeof names[0]))

static int load(const char *dir, const char *name, const char *kind,
                segkit_image *img)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/DIBCO2009_%s_%s.png", dir, name, kind);
    segkit_read_options ro = segkit_read_options_default();
    int st = segkit_read_file(path, &ro, img, NULL);
    if (st != SEGKIT_OK)
        fprintf(stderr, "segkit-local-sweep: %s: %s\n", path, segkit_strerror(st));
    return st;
}

static segkit_image gray[NI], gt[NI];

/* Scores one (method, window, value) on every image; prints the rows. */
static int run(const char *set, const grid *g, segkit_local_method m, int window, double v)
{
    segkit_metrics_params mp = segkit_metrics_params_default();
    mp.fg_pred.mode = SEGKIT_FG_NONZERO;
    mp.fg_gt.mode = SEGKIT_FG_ZERO;
    segkit_local_params p = segkit_local_params_default();
    p.window = window;
    p.border = SEGKIT_BORDER_CLIP;
    p.c = 0;
    p.contrast = 15;
    p.fallback = 128;
    if (strcmp(g->param, "k") == 0)
        p.k = v;
    else if (strcmp(g->param, "c") == 0)
        p.c = v;
    else if (strcmp(g->param, "contrast") == 0)
        p.contrast = v;
    for (int i = 0; i < NI; i++) {
        segkit_image mask;
        segkit_dibco_metrics dm;
        int st = segkit_threshold_local(&gray[i], m, &p, 1, &mask);
        if (st == SEGKIT_OK) {
            st = segkit_metrics_dibco(&mask, &gt[i], NULL, NULL, &mp, &dm);
            segkit_image_free(&mask);
        }
        if (st != SEGKIT_OK) {
            fprintf(stderr, "segkit-local-sweep: %s %s W %d %g: %s\n", names[i], g->method,
                    window, v, segkit_strerror(st));
            return 1;
        }
        printf("%s,%s,%d,%s,%g,%s,%.4f,%.4f,%.4f\n", set, g->method, window, g->param, v,
               names[i], dm.fm, dm.psnr, dm.drd);
    }
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: segkit-local-sweep DIR [METHOD...] > sweep.csv\n");
        return 2;
    }
    for (int i = 0; i < NI; i++) {
        segkit_image src;
        if (load(argv[1], names[i], "source", &src) || load(argv[1], names[i], "target", &gt[i]))
            return 1;
        int st = segkit_color_to_gray(&src, SEGKIT_GRAY_BT601, &gray[i]);
        segkit_image_free(&src);
        if (st != SEGKIT_OK) {
            fprintf(stderr, "segkit-local-sweep: %s: %s\n", names[i], segkit_strerror(st));
            return 1;
        }
    }
    printf("set,method,window,param,value,image,fm,psnr,drd\n");
    for (int g = 0; g < NG; g++) {
        int wanted = argc == 2;
        for (int a = 2; a < argc; a++)
            wanted |= strcmp(argv[a], grids[g].method) == 0;
        if (!wanted)
            continue;
        segkit_local_method m;
        if (segkit_local_method_parse(grids[g].method, &m) != SEGKIT_OK)
            return 1;
        int old_in_grid = 0;
        for (int w = 0; w < NW; w++)
            for (int j = 0; j < grids[g].n; j++) {
                if (run("grid", &grids[g], m, windows[w], grids[g].v[j]))
                    return 1;
                old_in_grid |= windows[w] == 15 && grids[g].v[j] == grids[g].old;
            }
        if (!old_in_grid && run("old", &grids[g], m, 15, grids[g].old))
            return 1;
    }
    for (int i = 0; i < NI; i++) {
        segkit_image_free(&gray[i]);
        segkit_image_free(&gt[i]);
    }
    return 0;
}
