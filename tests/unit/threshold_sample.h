/* Test helpers shared by the global-threshold tests: an image from
 * ../shared/data as gray + histogram, and one method run by convention. */
#ifndef SEGKIT_TEST_THRESHOLD_SAMPLE_H
#define SEGKIT_TEST_THRESHOLD_SAMPLE_H

#include <math.h>

#include "check.h"
#include "segkit/segkit.h"

typedef struct {
    segkit_image gray;
    segkit_histogram hist;
    int ok;
} sample;

static sample load(const char *rel)
{
    sample s;
    char path[4096];
    memset(&s, 0, sizeof s);
    if (!check_path(path, sizeof path, "SEGKIT_SHARED_DATA", rel)) {
        fprintf(stderr, "missing %s\n", rel);
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

#endif
