/* Global thresholds: the method table, parameter defaults and the one entry
 * point segkit_threshold_histogram().  Each method lives in its own file. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "internal/names.h"
#include "internal/threshold_hist.h"
#include "internal/threshold_method.h"

static int method_fixed(const segkit_histogram *h,
                        const segkit_threshold_params *p, double *thr,
                        int *count)
{
    (void)h;
    thr[0] = p->value;
    *count = 1;
    return SEGKIT_OK;
}

static int method_band(const segkit_histogram *h,
                       const segkit_threshold_params *p, double *thr,
                       int *count)
{
    (void)h;
    thr[0] = p->band_lo;
    thr[1] = p->band_hi;
    *count = 2;
    return SEGKIT_OK;
}

/* Edge-case rules applied here, once, before a method runs:
 *
 * IJ_BILEVEL  one of ImageJ's AutoThresholder.Method values: under
 *             SEGKIT_CONV_IMAGEJ, AutoThresholder.getThreshold() returns
 *             bilevel() before dispatching to any method (ImageJ 1.x
 *             ij/process/AutoThresholder.java, getThreshold():
 *             "int threshold = bilevel(histogram); if (threshold>=0)
 *             return threshold;"): one non-empty bin b -> level b - 1, two
 *             bins a < b -> level b - 1 (segkit_ij_bilevel).
 * ONE_BIN     then, under SEGKIT_CONV_IMAGEJ, one non-empty bin (left by
 *             bilevel only at bin 0) -> that bin's level, as Fiji's
 *             Auto_Threshold does for a bracketed histogram of length < 2
 *             ("threshold = 0", plus the bracket's offset).
 * IJ_ONLY     an ImageJ algorithm with no skimage/OpenCV counterpart: the
 *             ONE_BIN rule holds under every convention.
 *
 * So a method flagged ONE_BIN never sees a single non-empty bin under the
 * conventions the flags name, and needs no guard of its own. */
enum { IJ_BILEVEL = 1, ONE_BIN = 2, IJ_ONLY = 4 };
#define IJ_AUTO (IJ_BILEVEL | ONE_BIN)

static const struct {
    const char *name;
    segkit_method_fn fn;
    unsigned rules;
} methods[SEGKIT_THRESH_METHOD_COUNT] = {
    [SEGKIT_THRESH_FIXED] = {"fixed", method_fixed, 0},
    [SEGKIT_THRESH_BAND] = {"band", method_band, 0},
    [SEGKIT_THRESH_OTSU] = {"otsu", segkit_method_otsu, IJ_AUTO},
    [SEGKIT_THRESH_MULTIOTSU] = {"multiotsu", segkit_method_multiotsu, 0},
    [SEGKIT_THRESH_TRIANGLE] = {"triangle", segkit_method_triangle, IJ_AUTO},
    [SEGKIT_THRESH_LI] = {"li", segkit_method_li, IJ_AUTO},
    [SEGKIT_THRESH_YEN] = {"yen", segkit_method_yen, IJ_AUTO},
    [SEGKIT_THRESH_ISODATA] = {"isodata", segkit_method_isodata, IJ_AUTO},
    [SEGKIT_THRESH_MEAN] = {"mean", segkit_method_mean, IJ_AUTO},
    [SEGKIT_THRESH_MINIMUM] = {"minimum", segkit_method_minimum, IJ_AUTO},
    [SEGKIT_THRESH_INTERMODES] = {"intermodes", segkit_method_intermodes, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_HUANG] = {"huang", segkit_method_huang, IJ_AUTO | IJ_ONLY},
    /* Fiji's Auto_Threshold only: not an AutoThresholder.Method, no bilevel */
    [SEGKIT_THRESH_HUANG2] = {"huang2", segkit_method_huang2, ONE_BIN | IJ_ONLY},
    [SEGKIT_THRESH_MAXENTROPY] = {"maxentropy", segkit_method_maxentropy, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_RENYIENTROPY] = {"renyientropy", segkit_method_renyientropy, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_SHANBHAG] = {"shanbhag", segkit_method_shanbhag, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_MOMENTS] = {"moments", segkit_method_moments, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_PERCENTILE] = {"percentile", segkit_method_percentile, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_MINERROR] = {"minerror", segkit_method_minerror, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_DEFAULT] = {"default", segkit_method_default, IJ_AUTO | IJ_ONLY},
    [SEGKIT_THRESH_KAPPASIGMA] = {"kappasigma", segkit_method_kappasigma, 0},
};

const char *segkit_threshold_method_name(segkit_threshold_method m)
{
    if ((unsigned)m >= SEGKIT_THRESH_METHOD_COUNT)
        return NULL;
    return methods[m].name;
}

int segkit_threshold_method_parse(const char *name, segkit_threshold_method *m)
{
    if (!name || !m)
        return SEGKIT_ERR_ARG;
    for (int i = 0; i < SEGKIT_THRESH_METHOD_COUNT; i++) {
        if (strcasecmp(name, methods[i].name) == 0) {
            *m = (segkit_threshold_method)i;
            return SEGKIT_OK;
        }
    }
    return SEGKIT_ERR_ARG;
}

static const char *const convention_names[SEGKIT_CONV_COUNT] = {
    "imagej", "skimage", "opencv"};

const char *segkit_convention_name(segkit_convention c)
{
    return (unsigned)c < SEGKIT_CONV_COUNT ? convention_names[c] : NULL;
}

int segkit_convention_parse(const char *name, segkit_convention *c)
{
    int i = name_index_nocase(convention_names, SEGKIT_CONV_COUNT, name);
    if (i < 0 || !c)
        return SEGKIT_ERR_ARG;
    *c = (segkit_convention)i;
    return SEGKIT_OK;
}

segkit_threshold_params segkit_threshold_params_default(void)
{
    segkit_threshold_params p;
    memset(&p, 0, sizeof p);
    p.convention = SEGKIT_CONV_IMAGEJ;
    p.value = 128;
    p.band_lo = 0;
    p.band_hi = 255;
    p.classes = 3;
    p.percentile = 0.5;
    p.li_initial = NAN;
    p.li_tolerance = NAN;
    p.kappa = 2.0;
    p.iterations = 2;
    return p;
}

double segkit_level_value(const segkit_histogram *h, int t,
                          const segkit_threshold_params *params)
{
    if (params->convention == SEGKIT_CONV_IMAGEJ)
        return segkit_histogram_upper(h, t);
    return segkit_histogram_centre(h, t);
}

int segkit_method_level(const segkit_histogram *h, int t,
                        const segkit_threshold_params *params, double *thr,
                        int *count)
{
    if (t < 0 || t >= h->nbins)
        return SEGKIT_ERR_UNSUPPORTED;
    thr[0] = segkit_level_value(h, t, params);
    *count = 1;
    return SEGKIT_OK;
}

/* The rules of the method table; -1 when none applies (the method runs). */
static int edge_case(const segkit_histogram *h, unsigned rules,
                     const segkit_threshold_params *p, double *thr,
                     int *count)
{
    int ij = p->convention == SEGKIT_CONV_IMAGEJ;
    if ((rules & IJ_BILEVEL) && ij) {
        int bl = segkit_ij_bilevel(h);
        if (bl >= 0)
            return segkit_method_level(h, bl, p, thr, count);
    }
    if ((rules & ONE_BIN) && (ij || (rules & IJ_ONLY))) {
        int f = segkit_hist_first(h);
        if (f == segkit_hist_last(h))
            return segkit_method_level(h, f, p, thr, count);
    }
    return -1;
}

static int params_valid(const segkit_threshold_params *p)
{
    if ((unsigned)p->convention >= SEGKIT_CONV_COUNT)
        return 0;
    if (p->classes < 2 || p->classes > SEGKIT_THRESHOLD_MAX + 1)
        return 0;
    if (!(p->percentile >= 0.0 && p->percentile <= 1.0))
        return 0;
    if (!(p->kappa > 0.0) || p->iterations < 1 || p->iterations > 1000)
        return 0;
    if (isnan(p->value) || isnan(p->band_lo) || isnan(p->band_hi) ||
        p->band_lo > p->band_hi)
        return 0;
    return 1;
}

int segkit_threshold_histogram(const segkit_histogram *hist,
                               segkit_threshold_method method,
                               const segkit_threshold_params *params,
                               double *thresholds, int *count)
{
    segkit_threshold_params def = segkit_threshold_params_default();
    if (count)
        *count = 0;
    if (!hist || !thresholds || !count ||
        (unsigned)method >= SEGKIT_THRESH_METHOD_COUNT)
        return SEGKIT_ERR_ARG;
    if (!params)
        params = &def;
    if (!params_valid(params))
        return SEGKIT_ERR_ARG;
    if (method != SEGKIT_THRESH_FIXED && method != SEGKIT_THRESH_BAND &&
        (hist->total == 0 || hist->nbins < 1 || !hist->count))
        return SEGKIT_ERR_EMPTY;
    int st = edge_case(hist, methods[method].rules, params, thresholds, count);
    if (st < 0)
        st = methods[method].fn(hist, params, thresholds, count);
    if (st != SEGKIT_OK)
        *count = 0;
    return st;
}
