/* segkit_distance_transform: the feature mask, the metric, the output
 * (f32 or u16), signed distances and the nearest feature pixel. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "internal/distance_edt.h"
#include "internal/names.h"
#include "segkit/distance.h"

static const char *const metric_names[SEGKIT_DISTANCE_METRIC_COUNT] = {
    "euclidean", "cityblock", "chessboard", "chamfer34", "chamfer5711"};

segkit_distance_params segkit_distance_params_default(void)
{
    segkit_distance_params p = {SEGKIT_DISTANCE_EUCLIDEAN, SEGKIT_DISTANCE_TO_ZERO,
                                1.0, 1.0, SEGKIT_F32, 1.0};
    return p;
}

const char *segkit_distance_metric_name(segkit_distance_metric m)
{
    return (unsigned)m < SEGKIT_DISTANCE_METRIC_COUNT ? metric_names[m] : "?";
}

int segkit_distance_metric_parse(const char *name, segkit_distance_metric *m)
{
    int i = name_index(metric_names, SEGKIT_DISTANCE_METRIC_COUNT, name);
    if (i < 0 || !m)
        return SEGKIT_ERR_ARG;
    *m = (segkit_distance_metric)i;
    return SEGKIT_OK;
}

/* Where the output goes: rows of distances d (w entries) and nearest
 * pixels, written only at pixels whose foreground flag ((fg != 0) of the
 * bytes fg.m) equals `only` (-1: all). */
typedef struct writer {
    segkit_image *out, *nearest;
    dist_features fg;
    int only;
    double sign, scale;
    double *buf;         /* w: square roots of a Euclidean row */
} writer;

static void write_row(writer *wr, int y, const double *d, const int32_t *nx,
                      const int32_t *ny)
{
    int w = wr->out->width;
    const uint8_t *fg = wr->fg.m + (size_t)y * wr->fg.stride;
    int only = wr->only;
#define SELECTED(x) (only < 0 || (fg[x] != 0) == only)
    if (wr->out->type == SEGKIT_F32) {
        float *o = segkit_image_row(wr->out, y);
        if (only < 0 && wr->sign == 1.0)
            for (int x = 0; x < w; x++)
                o[x] = (float)d[x];
        else
            for (int x = 0; x < w; x++)
                if (SELECTED(x))
                    o[x] = (float)(wr->sign * d[x]);
    } else {
        uint16_t *o = segkit_image_row(wr->out, y);
        for (int x = 0; x < w; x++)
            if (SELECTED(x)) {
                double v = wr->sign * d[x] * wr->scale;
                o[x] = (uint16_t)(v >= 65534.5 ? 65535 : v > 0 ? floor(v + 0.5) : 0);
            }
    }
    if (wr->nearest) {
        int32_t *o = segkit_image_row(wr->nearest, y);
        for (int x = 0; x < w; x++)
            if (SELECTED(x)) {
                o[2 * x] = ny[x];
                o[2 * x + 1] = nx[x];
            }
    }
#undef SELECTED
}

static void edt_visit(const dist_edt_row *row, void *arg)
{
    writer *wr = arg;
    int w = wr->out->width;
    if (wr->out->type == SEGKIT_F32 && wr->only < 0 && !wr->nearest) {
        float *o = segkit_image_row(wr->out, row->y);
        int x = 0;
#if defined(__SSE2__)
        /* sqrt() itself would not vectorise (errno) */
        for (; x + 4 <= w; x += 4) {
            __m128 lo = _mm_cvtpd_ps(_mm_sqrt_pd(_mm_loadu_pd(row->d2 + x)));
            __m128 hi = _mm_cvtpd_ps(_mm_sqrt_pd(_mm_loadu_pd(row->d2 + x + 2)));
            _mm_storeu_ps(o + x, _mm_movelh_ps(lo, hi));
        }
#endif
        for (; x < w; x++)
            o[x] = (float)sqrt(row->d2[x]);
        return;
    }
    for (int x = 0; x < w; x++)
        wr->buf[x] = sqrt(row->d2[x]);
    write_row(wr, row->y, wr->buf, row->near_x, row->near_y);
}

/* City-block with pixel size sx, sy: the nearest feature row per column
 * (exact |dy| sy), then per row d[p] = min_q f[q] + sx |p - q| by a scan
 * each way.  r: scratch as for dist_edt_rows (NULL: allocated). */
static int cityblock(const dist_features *feat, int w, int h, double sx, double sy,
                     int32_t *r, size_t rstride, writer *wr)
{
    int32_t *own = NULL;
    if (!r) {
        r = own = malloc((size_t)w * h * sizeof *r);
        rstride = (size_t)w;
    }
    double *d = malloc((size_t)w * sizeof *d);
    int32_t *rr = malloc((size_t)w * sizeof *rr);
    int32_t *nx = malloc((size_t)w * sizeof *nx), *ny = malloc((size_t)w * sizeof *ny);
    int st = SEGKIT_OK;
    if (!r || !d || !rr || !nx || !ny) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    dist_nearest_rows(feat, w, h, r, rstride);
    for (int y = 0; y < h; y++) {
        memcpy(rr, r + (size_t)y * rstride, (size_t)w * sizeof *rr);
        for (int x = 0; x < w; x++) {
            d[x] = rr[x] < 0 ? INFINITY : sy * abs(y - rr[x]);
            nx[x] = rr[x] < 0 ? -1 : x;
        }
        for (int x = 1; x < w; x++)
            if (d[x - 1] + sx < d[x])
                d[x] = d[x - 1] + sx, nx[x] = nx[x - 1];
        for (int x = w - 2; x >= 0; x--)
            if (d[x + 1] + sx < d[x])
                d[x] = d[x + 1] + sx, nx[x] = nx[x + 1];
        for (int x = 0; x < w; x++)
            ny[x] = nx[x] < 0 ? -1 : rr[nx[x]];
        write_row(wr, y, d, nx, ny);
    }
done:
    free(own), free(d), free(rr), free(nx), free(ny);
    return st;
}

/* Chamfer distances by two raster scans (Borgefors, "Distance
 * transformations in digital images", CVGIP 34, 1986) in integer weights:
 * the forward half-mask (rows above, and the left neighbour); the backward
 * scan mirrors it. */
typedef struct chamfer_step {
    int dx, dy, cost;
} chamfer_step;

static int chamfer(const dist_features *feat, int w, int h, segkit_distance_metric m,
                   double unit, writer *wr)
{
    static const chamfer_step d8[] = {{-1, 0, 1}, {-1, -1, 1}, {0, -1, 1}, {1, -1, 1}};
    static const chamfer_step c34[] = {{-1, 0, 3}, {-1, -1, 4}, {0, -1, 3}, {1, -1, 4}};
    static const chamfer_step c5711[] = {{-1, 0, 5}, {-1, -1, 7}, {0, -1, 5}, {1, -1, 7},
                                         {-2, -1, 11}, {-1, -2, 11}, {1, -2, 11}, {2, -1, 11}};
    const chamfer_step *steps = m == SEGKIT_DISTANCE_CHESSBOARD ? d8
                                : m == SEGKIT_DISTANCE_CHAMFER34 ? c34 : c5711;
    int nsteps = m == SEGKIT_DISTANCE_CHAMFER5711 ? 8 : 4;
    double div = m == SEGKIT_DISTANCE_CHESSBOARD ? 1 : m == SEGKIT_DISTANCE_CHAMFER34 ? 3 : 5;
    size_t n = (size_t)w * h;
    const int32_t inf = INT32_MAX;
    int32_t *D = malloc(n * sizeof *D), *I = malloc(n * sizeof *I);
    double *d = malloc((size_t)w * sizeof *d);
    int32_t *nx = malloc((size_t)w * sizeof *nx), *ny = malloc((size_t)w * sizeof *ny);
    if (!D || !I || !d || !nx || !ny) {
        free(D), free(I), free(d), free(nx), free(ny);
        return SEGKIT_ERR_NOMEM;
    }
    const uint8_t nz = (uint8_t)(feat->nonzero != 0);
    for (int y = 0; y < h; y++) {
        const uint8_t *mr = feat->m + (size_t)y * feat->stride;
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            int is = (mr[x] != 0) == nz;
            D[i] = is ? 0 : inf;
            I[i] = is ? (int32_t)i : -1;
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        int s = pass ? -1 : 1;
        for (int yy = 0; yy < h; yy++) {
            int y = pass ? h - 1 - yy : yy;
            for (int xx = 0; xx < w; xx++) {
                int x = pass ? w - 1 - xx : xx;
                size_t i = (size_t)y * w + x;
                int32_t best = D[i], bi = I[i];
                for (int k = 0; k < nsteps; k++) {
                    int qx = x + s * steps[k].dx, qy = y + s * steps[k].dy;
                    if (qx < 0 || qx >= w || qy < 0 || qy >= h)
                        continue;
                    int32_t dq = D[(size_t)qy * w + qx];
                    if (dq != inf && dq + steps[k].cost < best)
                        best = dq + steps[k].cost, bi = I[(size_t)qy * w + qx];
                }
                D[i] = best;
                I[i] = bi;
            }
        }
    }
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            d[x] = D[i] == inf ? INFINITY : D[i] / div * unit;
            nx[x] = I[i] < 0 ? -1 : I[i] % w;
            ny[x] = I[i] < 0 ? -1 : I[i] / w;
        }
        write_row(wr, y, d, nx, ny);
    }
    free(D), free(I), free(d), free(nx), free(ny);
    return SEGKIT_OK;
}

static int run(const dist_features *feat, int w, int h, const segkit_distance_params *p,
               int32_t *r, size_t rstride, writer *wr)
{
    switch (p->metric) {
    case SEGKIT_DISTANCE_EUCLIDEAN:
        return dist_edt_rows(feat, w, h, p->spacing_x, p->spacing_y, wr->nearest != NULL,
                             NULL, r, rstride, edt_visit, wr);
    case SEGKIT_DISTANCE_CITYBLOCK:
        return cityblock(feat, w, h, p->spacing_x, p->spacing_y, r, rstride, wr);
    default:
        return chamfer(feat, w, h, p->metric, p->spacing_x, wr);
    }
}

/* fg[i] = 1 where mask is nonzero (types other than u8). */
static void foreground(const segkit_image *mask, uint8_t *fg)
{
    int w = mask->width;
    for (int y = 0; y < mask->height; y++) {
        const void *row = segkit_image_row(mask, y);
        uint8_t *o = fg + (size_t)y * w;
        switch (mask->type) {
        case SEGKIT_U16:
            for (int x = 0; x < w; x++)
                o[x] = ((const uint16_t *)row)[x] != 0;
            break;
        case SEGKIT_F32:
            for (int x = 0; x < w; x++)
                o[x] = ((const float *)row)[x] != 0;
            break;
        default:
            for (int x = 0; x < w; x++)
                o[x] = ((const int32_t *)row)[x] != 0;
            break;
        }
    }
}

static int check_params(const segkit_image *mask, const segkit_distance_params *p)
{
    if (!mask || !mask->data || (unsigned)p->metric >= SEGKIT_DISTANCE_METRIC_COUNT ||
        (unsigned)p->target >= SEGKIT_DISTANCE_TARGET_COUNT || !(p->spacing_x > 0) ||
        !(p->spacing_y > 0) || isinf(p->spacing_x) || isinf(p->spacing_y) ||
        (p->out_type != SEGKIT_F32 && p->out_type != SEGKIT_U16) ||
        (p->out_type == SEGKIT_U16 && !(p->scale > 0 && !isinf(p->scale))))
        return SEGKIT_ERR_ARG;
    if (p->metric > SEGKIT_DISTANCE_CITYBLOCK && p->spacing_x != p->spacing_y)
        return SEGKIT_ERR_ARG;
    if (mask->channels != 1 || (unsigned)mask->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

static int transform(const segkit_image *mask, const segkit_distance_params *p,
                     segkit_image *out, segkit_image *nearest)
{
    int w = mask->width, h = mask->height;
    uint8_t *fgbuf = NULL;
    dist_features fg = {mask->data, mask->stride, 1};
    if (mask->type != SEGKIT_U8) {
        if (!(fgbuf = malloc((size_t)w * h)))
            return SEGKIT_ERR_NOMEM;
        foreground(mask, fgbuf);
        fg.m = fgbuf;
        fg.stride = (size_t)w;
    }
    /* the nearest feature rows go into the output itself when it is f32 and
     * written once (every visit overwrites only its own row) */
    int32_t *r = NULL;
    size_t rstride = 0;
    if (out->type == SEGKIT_F32 && p->target != SEGKIT_DISTANCE_SIGNED &&
        out->stride % sizeof(int32_t) == 0) {
        r = out->data;
        rstride = out->stride / sizeof(int32_t);
    }
    double *buf = malloc((size_t)w * sizeof *buf);
    int st = buf ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    writer wr = {out, nearest, fg, -1, 1.0, p->scale, buf};
    /* pass 0: features are the zero pixels; pass 1: the nonzero ones */
    for (int pass = 0; pass < 2 && st == SEGKIT_OK; pass++) {
        int to_nonzero = pass == 1;
        if (p->target != SEGKIT_DISTANCE_SIGNED &&
            to_nonzero != (p->target == SEGKIT_DISTANCE_TO_NONZERO))
            continue;
        dist_features feat = {fg.m, fg.stride, to_nonzero};
        if (p->target == SEGKIT_DISTANCE_SIGNED) {
            wr.only = !to_nonzero;  /* to zero: written on the foreground */
            wr.sign = to_nonzero ? -1.0 : 1.0;
        }
        st = run(&feat, w, h, p, r, rstride, &wr);
    }
    free(buf);
    free(fgbuf);
    return st;
}

int segkit_distance_transform(const segkit_image *mask,
                              const segkit_distance_params *params,
                              segkit_image *out, segkit_image *nearest)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (nearest)
        memset(nearest, 0, sizeof *nearest);
    segkit_distance_params p = params ? *params : segkit_distance_params_default();
    int st = check_params(mask, &p);
    if (st != SEGKIT_OK)
        return st;
    if ((st = segkit_image_create(out, mask->width, mask->height, 1, p.out_type)) != SEGKIT_OK ||
        (nearest && (st = segkit_image_create(nearest, mask->width, mask->height, 2,
                                              SEGKIT_I32)) != SEGKIT_OK) ||
        (st = transform(mask, &p, out, nearest)) != SEGKIT_OK) {
        segkit_image_free(out);
        if (nearest)
            segkit_image_free(nearest);
    }
    return st;
}

int segkit_distance_transform_to(const segkit_image *mask,
                                 const segkit_distance_params *params,
                                 segkit_image *out, segkit_image *nearest)
{
    segkit_distance_params p = params ? *params : segkit_distance_params_default();
    int st = check_params(mask, &p);
    if (st != SEGKIT_OK)
        return st;
    if (!out || !out->data || (nearest && !nearest->data))
        return SEGKIT_ERR_ARG;
    if (out->type != p.out_type || out->channels != 1 ||
        (nearest && (nearest->type != SEGKIT_I32 || nearest->channels != 2)))
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(mask, out) || (nearest && !segkit_image_same_size(mask, nearest)))
        return SEGKIT_ERR_SIZE;
    return transform(mask, &p, out, nearest);
}
