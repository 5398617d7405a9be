/* Test helpers shared by the global-threshold tests: a sample image as
 * gray + histogram (see load), and one method run by convention. */
#ifndef SEGKIT_TEST_THRESHOLD_SAMPLE_H
#define SEGKIT_TEST_THRESHOLD_SAMPLE_H

#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"

typedef struct {
    segkit_image gray;
    segkit_histogram hist;
    int ok;
} sample;

/* s.gray from the 256-bin histogram in file path (tests/data/<...>.hist:
 * '#' comment lines, then 256 counts, one per line): one row holding each
 * value as often as it is counted, which has exactly that histogram. */
static sample load_hist(const char *path)
{
    sample s;
    uint64_t c[256], total = 0;
    char line[512];
    int n = 0;
    memset(&s, 0, sizeof s);
    FILE *f = fopen(path, "r");
    if (!f)
        return s;
    while (n < 256 && fgets(line, sizeof line, f))
        if (line[0] != '#')
            total += c[n++] = strtoull(line, NULL, 10);
    fclose(f);
    CHECKF(n == 256 && total > 0 && total < 1u << 30, "%s: %d counts", path, n);
    if (n != 256 || total == 0 || total >= 1u << 30 ||
        segkit_image_create(&s.gray, (int)total, 1, 1, SEGKIT_U8) != SEGKIT_OK)
        return s;
    uint8_t *px = s.gray.data;
    for (int v = 0; v < 256; v++)
        for (uint64_t k = 0; k < c[v]; k++)
            *px++ = (uint8_t)v;
    CHECK(segkit_histogram_compute(&s.gray, NULL, NULL, &s.hist) == SEGKIT_OK);
    s.ok = s.hist.total == total;
    return s;
}

/* rel, a path under ../shared/data, as gray + histogram, from the first
 * of: the image in tests/data or ../shared/data (check_data); data/<name>
 * for the scikit-image samples that data/ ships unchanged (the same files
 * as skimage/camera.png, coins, text, page); the image's histogram as
 * numbers, tests/data/<rel without .png>.hist. */
static sample load(const char *rel)
{
    sample s;
    char path[4096];
    const char *name = rel + strlen("skimage/");
    memset(&s, 0, sizeof s);
    if (!check_data(path, sizeof path, rel) &&
        !(strncmp(rel, "skimage/", 8) == 0 &&
          (!strcmp(name, "camera.png") || !strcmp(name, "coins.png") ||
           !strcmp(name, "text.png") || !strcmp(name, "page.png")) &&
          check_path(path, sizeof path, "SEGKIT_DATA", name))) {
        char hist[1024];
        size_t len = strlen(rel);
        snprintf(hist, sizeof hist, "data/%.*s.hist", (int)(len > 4 ? len - 4 : len), rel);
        if (check_path(path, sizeof path, "SEGKIT_TESTS", hist))
            return load_hist(path);
        fprintf(stderr, "missing %s (and tests/%s)\n", rel, hist);
        return s;
    }
    segkit_image img;
    CHECK(segkit_read_file(path, NULL, &img, NULL) == SEGKIT_OK);
    CHECK(segkit_color_to_gray(&img, SEGKIT_GRAY_BT601, &s.gray) == SEGKIT_OK);
    segkit_image_free(&img);
    CHECK(segkit_histogram_compute(&s.gray, NULL, NULL, &s.hist) == SEGKIT_OK);
    s.ok = s.hist.total > 0;
    return s;
}

static void unload(sample *s)
{
    segkit_histogram_free(&s->hist);
    segkit_image_free(&s->gray);
}

/* One threshold of method m under convention c; NAN (with a message) if
 * the method fails or returns more than one value. */
static double run(const segkit_histogram *h, segkit_threshold_method m,
                  segkit_convention c)
{
    segkit_threshold_params p = segkit_threshold_params_default();
    double t[SEGKIT_THRESHOLD_MAX];
    int n = 0;
    p.convention = c;
    int st = segkit_threshold_histogram(h, m, &p, t, &n);
    if (st != SEGKIT_OK || n != 1) {
        fprintf(stderr, "  %s (%s): status %s, %d values\n",
                segkit_threshold_method_name(m), segkit_convention_name(c),
                segkit_strerror(st), n);
        return NAN;
    }
    return t[0];
}

/* One method's level on one histogram, expected t == lo when lo == hi,
 * else lo < t < hi; a row whose lo is NaN (no reference value) is skipped. */
typedef struct {
    const segkit_histogram *h;
    segkit_threshold_method m;
    segkit_convention conv;
    double lo, hi;
    const char *what;
} level_case;

static void check_levels(const level_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(c[i].lo))
            continue;
        double t = run(c[i].h, c[i].m, c[i].conv);
        if (c[i].lo == c[i].hi)
            CHECKF(t == c[i].lo, "%s %s (%s): %g, expected %g", c[i].what,
                   segkit_threshold_method_name(c[i].m), segkit_convention_name(c[i].conv),
                   t, c[i].lo);
        else
            CHECKF(c[i].lo < t && t < c[i].hi, "%s %s (%s): %g, expected in (%g, %g)",
                   c[i].what, segkit_threshold_method_name(c[i].m),
                   segkit_convention_name(c[i].conv), t, c[i].lo, c[i].hi);
    }
}

#endif
