/* Local thresholds: names, defaults, parameter checks and dispatch to the
 * engines in local_*.c. */
#include <math.h>
#include <string.h>

#include "internal/names.h"
#include "local_impl.h"

static const char *const method_names[SEGKIT_LOCAL_METHOD_COUNT] = {
    "mean",    "gaussian",  "median",    "midgrey", "niblack",  "sauvola",
    "wolf",    "nick",      "phansalkar", "bernsen", "contrast", "localotsu",
    "bradley", "trsingh",   "wan",       "isauvola", "hysteresis",
};

static const char *const border_names[SEGKIT_BORDER_COUNT] = {
    "clip", "replicate", "reflect", "symmetric",
};

/* Each method's defaults: window W, k, R (8-bit units), C and the Bernsen
 * contrast limit.  W, k, C and the contrast limit were chosen on DIBCO 2009
 * (dark text on paper) by leave-one-out cross-validation
 * (tests/tune/local_sweep.c, local_cv.py; table and held-out figures in
 * docs/local-thresholds.md, "Defaults"); R is the method's published
 * value.  Keep this table, the man page and that section in step. */
static const struct {
    int window;
    double k, r, c, contrast;
} method_defaults[SEGKIT_LOCAL_METHOD_COUNT] = {
    [SEGKIT_LOCAL_MEAN] = {151, 0, 128, 40, 15},
    [SEGKIT_LOCAL_GAUSSIAN] = {301, 0, 128, 40, 15},
    [SEGKIT_LOCAL_MEDIAN] = {201, 0, 128, 50, 15},
    [SEGKIT_LOCAL_MIDGREY] = {301, 0, 128, 5, 15},
    [SEGKIT_LOCAL_NIBLACK] = {301, -1.2, 128, 0, 15},
    [SEGKIT_LOCAL_SAUVOLA] = {51, 0.25, 128, 0, 15},
    [SEGKIT_LOCAL_WOLF] = {51, 0.5, 128, 0, 15},
    [SEGKIT_LOCAL_NICK] = {81, -0.2, 128, 0, 15},
    [SEGKIT_LOCAL_PHANSALKAR] = {51, 0.25, 127.5, 0, 15},
    [SEGKIT_LOCAL_BERNSEN] = {301, 0, 128, 0, 160},
    [SEGKIT_LOCAL_CONTRAST] = {301, 0, 128, 0, 15},
    [SEGKIT_LOCAL_LOCALOTSU] = {301, 0, 128, 0, 15},
    [SEGKIT_LOCAL_BRADLEY] = {81, 0.2, 128, 0, 15},
    [SEGKIT_LOCAL_TRSINGH] = {61, 0.2, 255, 0, 15},
    [SEGKIT_LOCAL_WAN] = {11, 0.25, 128, 0, 15},
    [SEGKIT_LOCAL_ISAUVOLA] = {31, 0.15, 128, 0, 15},
    [SEGKIT_LOCAL_HYSTERESIS] = {15, 0, 128, 0, 15},
};

segkit_local_params segkit_local_params_default(void)
{
    segkit_local_params p;
    memset(&p, 0, sizeof p);
    p.window = 0;
    p.k = NAN;
    p.r = NAN;
    p.p = 2.0;
    p.q = 10.0;
    p.c = NAN;
    p.contrast = NAN;
    p.fallback = 128.0;
    p.low = 0.0;
    p.high = 0.0;
    p.connectivity = 4;
    p.border = SEGKIT_BORDER_CLIP;
    p.opencv = 0;
    return p;
}

const char *segkit_local_method_name(segkit_local_method m)
{
    if ((int)m < 0 || m >= SEGKIT_LOCAL_METHOD_COUNT)
        return NULL;
    return method_names[m];
}

int segkit_local_method_parse(const char *name, segkit_local_method *m)
{
    int i = name_index_nocase(method_names, SEGKIT_LOCAL_METHOD_COUNT, name);
    if (i < 0 || !m)
        return SEGKIT_ERR_ARG;
    *m = (segkit_local_method)i;
    return SEGKIT_OK;
}

const char *segkit_border_name(segkit_border b)
{
    if ((int)b < 0 || b >= SEGKIT_BORDER_COUNT)
        return NULL;
    return border_names[b];
}

int segkit_border_parse(const char *name, segkit_border *b)
{
    int i = name_index_nocase(border_names, SEGKIT_BORDER_COUNT, name);
    if (i < 0 || !b)
        return SEGKIT_ERR_ARG;
    *b = (segkit_border)i;
    return SEGKIT_OK;
}

double local_scale(segkit_type t)
{
    return t == SEGKIT_U16 ? 257.0 : t == SEGKIT_F32 ? 1.0 / 255.0 : 1.0;
}

/* *p with "the method's default" (window 0; k, R, C, contrast NaN)
 * replaced by method m's value (m valid). */
static segkit_local_params resolve(segkit_local_method m, const segkit_local_params *p)
{
    segkit_local_params q = *p;
    if (q.window == 0)
        q.window = method_defaults[m].window;
    if (isnan(q.k))
        q.k = method_defaults[m].k;
    if (isnan(q.r))
        q.r = method_defaults[m].r;
    if (isnan(q.c))
        q.c = method_defaults[m].c;
    if (isnan(q.contrast))
        q.contrast = method_defaults[m].contrast;
    return q;
}

segkit_local_params segkit_local_params_for_method(segkit_local_method m)
{
    segkit_local_params p = segkit_local_params_default();
    if ((int)m < 0 || m >= SEGKIT_LOCAL_METHOD_COUNT)
        return p;
    return resolve(m, &p);
}

/* Checks gray and resolved params (everything but out). */
static int check_args(const segkit_image *gray, segkit_local_method method,
                      const segkit_local_params *p)
{
    if (!gray || !gray->data || !p)
        return SEGKIT_ERR_ARG;
    if (gray->channels != 1 ||
        (gray->type != SEGKIT_U8 && gray->type != SEGKIT_U16 &&
         gray->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    if (gray->width < 1 || gray->height < 1)
        return SEGKIT_ERR_ARG;
    if ((int)method < 0 || method >= SEGKIT_LOCAL_METHOD_COUNT)
        return SEGKIT_ERR_ARG;
    if (p->window < 1 || p->window > SEGKIT_LOCAL_MAX_WINDOW)
        return SEGKIT_ERR_ARG;
    if ((int)p->border < 0 || p->border >= SEGKIT_BORDER_COUNT)
        return SEGKIT_ERR_ARG;
    if (isnan(p->c) || isinf(p->c) || isnan(p->p) || isnan(p->q) ||
        isnan(p->contrast) || isnan(p->fallback) || isinf(p->k) || isinf(p->r))
        return SEGKIT_ERR_ARG;
    if (p->r <= 0)
        return SEGKIT_ERR_ARG;
    if (method == SEGKIT_LOCAL_HYSTERESIS) {
        if (isnan(p->low) || isnan(p->high) || p->low > p->high ||
            (p->connectivity != 4 && p->connectivity != 8))
            return SEGKIT_ERR_ARG;
    }
    return SEGKIT_OK;
}

/* 1 if the byte ranges spanned by a and b overlap. */
static int overlaps(const segkit_image *a, const segkit_image *b)
{
    size_t ea = (size_t)(a->height - 1) * a->stride +
                (size_t)a->width * a->channels * segkit_type_size(a->type);
    size_t eb = (size_t)(b->height - 1) * b->stride +
                (size_t)b->width * b->channels * segkit_type_size(b->type);
    const char *pa = a->data, *pb = b->data;
    return pa < pb + eb && pb < pa + ea;
}

static int dispatch(const segkit_image *gray, segkit_local_method method,
                    const segkit_local_params *p, int dark, segkit_image *out)
{
    switch (method) {
    case SEGKIT_LOCAL_MEAN:
        if (p->opencv)
            return local_mean_opencv(gray, p, dark, out);
        return local_meanvar(gray, method, p, dark, out);
    case SEGKIT_LOCAL_NIBLACK:
    case SEGKIT_LOCAL_SAUVOLA:
    case SEGKIT_LOCAL_WOLF:
    case SEGKIT_LOCAL_NICK:
    case SEGKIT_LOCAL_PHANSALKAR:
    case SEGKIT_LOCAL_BRADLEY:
    case SEGKIT_LOCAL_TRSINGH:
    case SEGKIT_LOCAL_WAN:
        return local_meanvar(gray, method, p, dark, out);
    case SEGKIT_LOCAL_MIDGREY:
    case SEGKIT_LOCAL_BERNSEN:
    case SEGKIT_LOCAL_CONTRAST:
        return local_minmax_methods(gray, method, p, dark, out);
    case SEGKIT_LOCAL_MEDIAN:
    case SEGKIT_LOCAL_LOCALOTSU:
        return local_hist_methods(gray, method, p, dark, out);
    case SEGKIT_LOCAL_GAUSSIAN:
        return local_gaussian(gray, p, dark, out);
    case SEGKIT_LOCAL_ISAUVOLA:
        return local_isauvola(gray, p, dark, out);
    case SEGKIT_LOCAL_HYSTERESIS:
        return local_hysteresis(gray, p, dark, out);
    default:
        return SEGKIT_ERR_ARG;
    }
}

int segkit_threshold_local_to(const segkit_image *gray,
                              segkit_local_method method,
                              const segkit_local_params *params, int dark,
                              segkit_image *out)
{
    if (!params || (int)method < 0 || method >= SEGKIT_LOCAL_METHOD_COUNT)
        return SEGKIT_ERR_ARG;
    segkit_local_params p = resolve(method, params);
    int st = check_args(gray, method, &p);
    if (st != SEGKIT_OK)
        return st;
    if (!out || !out->data)
        return SEGKIT_ERR_ARG;
    if (out->channels != 1 || out->type != SEGKIT_U8)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(gray, out))
        return SEGKIT_ERR_SIZE;
    if (overlaps(gray, out))
        return SEGKIT_ERR_ARG;
    return dispatch(gray, method, &p, dark ? 1 : 0, out);
}

int segkit_threshold_local(const segkit_image *gray, segkit_local_method method,
                           const segkit_local_params *params, int dark,
                           segkit_image *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!out || !params || (int)method < 0 || method >= SEGKIT_LOCAL_METHOD_COUNT)
        return SEGKIT_ERR_ARG;
    segkit_local_params p = resolve(method, params);
    int st = check_args(gray, method, &p);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_image_create(out, gray->width, gray->height, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    st = dispatch(gray, method, &p, dark ? 1 : 0, out);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}
