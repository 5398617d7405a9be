/* Canny: the native and scikit-image modes (skimage/feature/_canny.py, 0.19).
 *
 *   smoothed = G(image * mask) / (G(mask) + DBL_EPSILON)   (mask = 1 without one)
 *   gx, gy   = ndi.sobel(smoothed, axis 1 / 0)             (mode 'reflect')
 *   mag      = hypot(gy, gx)
 *   thresholds: absolute / dtype max, or numpy.percentile(mag) (linear)
 *   NMS: the four sectors of _get_local_maxima, interpolating the two
 *        neighbours along the normal, assigned in skimage's order (a pixel in
 *        two sectors keeps the later one), on the eroded mask & mag > 0
 *   hysteresis: 8-connected components of (NMS & mag >= low) that hold a
 *        pixel with mag >= high.
 * The native mode runs the same steps on the 8-bit scale (edges_plane
 * EDGES_SCALE_8BIT) so that bit depth does not change the result. */
#include <float.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "internal/border.h"
#include "internal/select_k.h"
#include "segkit/threshold.h"

static const char *const mode_names[SEGKIT_CANNY_MODE_COUNT] = {"native", "skimage",
                                                                 "opencv"};

const char *segkit_canny_mode_name(segkit_canny_mode m)
{
    return (unsigned)m < SEGKIT_CANNY_MODE_COUNT ? mode_names[m] : NULL;
}

segkit_canny_params segkit_canny_params_default(void)
{
    segkit_canny_params p;
    memset(&p, 0, sizeof p);
    p.mode = SEGKIT_CANNY_NATIVE;
    p.sigma = 1.0;
    p.low = p.high = NAN;
    p.aperture = 3;
    p.border = SEGKIT_BORDER_CLIP;
    p.color = SEGKIT_EDGES_COLOR_RGB;
    return p;
}

static int sobel_grad(const double *in, double *gx, double *gy, int w, int h,
                      const void *ctx)
{
    (void)ctx;
    return edges_sobel3_planes(in, gx, gy, w, h, SEGKIT_BORDER_SYMMETRIC);
}

/* numpy.percentile(a, 100 * q) with the default 'linear' method (numpy 1.24
 * _quantile: virtual index (n - 1) q, _lerp), q given as the fraction
 * skimage passes */
static double np_percentile(const double *v, size_t n, double q, double *tmp)
{
    double qq = (100.0 * q) / 100.0;
    double vi = (double)(n - 1) * qq;
    memcpy(tmp, v, n * sizeof *tmp);
    if (vi >= (double)(n - 1)) {
        select_k(tmp, n, n - 1);
        return tmp[n - 1];
    }
    size_t prev = (size_t)floor(vi);
    double g = vi - (double)prev;
    select_k(tmp, n, prev);
    double a = tmp[prev];
    /* tmp[0..prev] now holds the prev + 1 smallest: the next order statistic
     * is the least of the rest */
    double b = tmp[prev + 1];
    for (size_t i = prev + 2; i < n; i++)
        b = tmp[i] < b ? tmp[i] : b;
    double diff = b - a;
    return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/* Otsu threshold of the magnitude (skimage convention, 256 bins over its
 * range) through the threshold module */
static int otsu_of(const double *mag, int w, int h, double *t)
{
    segkit_image f;
    int st = segkit_image_create(&f, w, h, 1, SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < h; y++) {
        float *d = segkit_image_row(&f, y);
        for (int x = 0; x < w; x++)
            d[x] = (float)mag[(size_t)y * w + x];
    }
    segkit_histogram hist;
    segkit_histogram_options ho = segkit_histogram_options_default();
    st = segkit_histogram_compute(&f, NULL, &ho, &hist);
    segkit_image_free(&f);
    if (st != SEGKIT_OK)
        return st;
    segkit_threshold_params tp = segkit_threshold_params_default();
    tp.convention = SEGKIT_CONV_SKIMAGE;
    double th[SEGKIT_THRESHOLD_MAX];
    int cnt = 0;
    st = segkit_threshold_histogram(&hist, SEGKIT_THRESH_OTSU, &tp, th, &cnt);
    segkit_histogram_free(&hist);
    *t = th[0];
    return st;
}

/* one NMS decision: c2 w + c1 (1 - w) <= m on both sides (numpy's order) */
static inline int side(double c1, double c2, double w, double m)
{
    return c2 * w + c1 * (1 - w) <= m;
}

void edges_nms(const double *gx, const double *gy, const double *mag,
                const uint8_t *em, int w, int h, uint8_t *lm)
{
    memset(lm, 0, (size_t)w * h);
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            size_t i = (size_t)y * w + x;
            double m = mag[i];
            if (!em[i] || !(m > 0))
                continue;
            double I = gy[i], J = gx[i], ai = fabs(I), aj = fabs(J);
            int hor = ai >= aj, ver = ai <= aj;
            int same = (I >= 0 && J >= 0) || (I <= 0 && J <= 0);
            int opp = (I <= 0 && J >= 0) || (I >= 0 && J <= 0);
            const double *M = mag;
            size_t W = (size_t)w;
            int r;
            if (hor && opp) {         /* skimage's 4th assignment wins */
                double wt = aj / ai;
                r = side(M[i - W], M[i - W + 1], wt, m) && side(M[i + W], M[i + W - 1], wt, m);
            } else if (ver && opp) {  /* 3rd */
                double wt = ai / aj;
                r = side(M[i + 1], M[i - W + 1], wt, m) && side(M[i - 1], M[i + W - 1], wt, m);
            } else if (ver && same) { /* 2nd */
                double wt = ai / aj;
                r = side(M[i + 1], M[i + W + 1], wt, m) && side(M[i - 1], M[i - W - 1], wt, m);
            } else {                  /* 1st: hor && same */
                double wt = aj / ai;
                r = side(M[i + W], M[i + W + 1], wt, m) && side(M[i - W], M[i - W - 1], wt, m);
            }
            lm[i] = (uint8_t)r;
        }
}

int64_t edges_hysteresis(uint8_t *cand, int w, int h, uint8_t *out, size_t *stack)
{
    size_t n = (size_t)w * h, top = 0;
    int64_t count = 0;
    memset(out, 0, n);
    for (size_t i = 0; i < n; i++)
        if (cand[i] == 2) {
            out[i] = 255;
            stack[top++] = i;
        }
    while (top) {
        size_t i = stack[--top];
        int y = (int)(i / w), x = (int)(i % w);
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                int yy = y + dy, xx = x + dx;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w)
                    continue;
                size_t j = (size_t)yy * w + xx;
                if (cand[j] && !out[j]) {
                    out[j] = 255;
                    stack[top++] = j;
                }
            }
    }
    for (size_t i = 0; i < n; i++)
        count += out[i] != 0;
    return count;
}

/* Absolute thresholds on the plane's scale.  skimage: None -> 0.1 / 0.2 of
 * the [0, 1] scale, else t / dtype max; the 8-bit scale: as the samples
 * (u16 / 257 by division, so that 257 k gives k exactly; f32 x 255 snapped) */
static void abs_thresholds(segkit_type t, const segkit_canny_params *p, edges_scale sc,
                           double *lo, double *hi)
{
    double tmax = t == SEGKIT_U8 ? 255 : t == SEGKIT_U16 ? 65535 : 1;
    double l = isnan(p->low) ? 0.1 * tmax : p->low, u = isnan(p->high) ? 0.2 * tmax : p->high;
    if (sc == EDGES_SCALE_UNIT) {
        *lo = isnan(p->low) ? 0.1 : p->low / tmax;
        *hi = isnan(p->high) ? 0.2 : p->high / tmax;
    } else if (t == SEGKIT_U16) {
        *lo = l / 257;
        *hi = u / 257;
    } else if (t == SEGKIT_F32) {
        *lo = nearbyint(l * 255 * 4096) / 4096;
        *hi = nearbyint(u * 255 * 4096) / 4096;
    } else {
        *lo = l;
        *hi = u;
    }
}

static int canny_double(const segkit_image *in, const segkit_image *mask,
                        const segkit_canny_params *p, segkit_image *out,
                        segkit_canny_result *res)
{
    int w = in->width, h = in->height, C = in->channels;
    size_t n = (size_t)w * h;
    edges_scale sc = p->mode == SEGKIT_CANNY_SKIMAGE ? EDGES_SCALE_UNIT : EDGES_SCALE_8BIT;
    double unit = edges_unit(in->type, sc);
    double *planes[3] = {0};
    double *mk = edges_alloc((size_t)w, (size_t)h), *gx = edges_alloc((size_t)w, (size_t)h);
    double *gy = edges_alloc((size_t)w, (size_t)h), *mag = edges_alloc((size_t)w, (size_t)h);
    uint8_t *em = malloc(n), *lm = malloc(n);
    size_t *stack = malloc(n * sizeof *stack);
    int st = mk && gx && gy && mag && em && lm && stack ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    for (int c = 0; c < C && st == SEGKIT_OK; c++) {
        planes[c] = edges_alloc((size_t)w, (size_t)h);
        if (!planes[c])
            st = SEGKIT_ERR_NOMEM;
    }
    if (st != SEGKIT_OK)
        goto done;
    /* mask as float and the eroded mask (3x3, border 0; no mask: frame 0) */
    for (int y = 0; y < h; y++) {
        const uint8_t *mr = mask ? segkit_image_row(mask, y) : NULL;
        for (int x = 0; x < w; x++)
            mk[(size_t)y * w + x] = !mr || mr[x] ? 1.0 : 0.0;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int keep = y > 0 && y < h - 1 && x > 0 && x < w - 1;
            for (int dy = -1; keep && mask && dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    if (mk[(size_t)(y + dy) * w + x + dx] == 0)
                        keep = 0;
            em[(size_t)y * w + x] = (uint8_t)keep;
        }
    /* bleed-over: G(mask) + eps, into mag (a free plane until later) */
    if (p->sigma > 0)
        st = edges_gaussian_plane(mk, mag, w, h, p->sigma, 4.0, p->border);
    else
        memcpy(mag, mk, n * sizeof *mag);
    for (size_t i = 0; i < n; i++)
        mag[i] += DBL_EPSILON;
    if (st == SEGKIT_OK)
        st = edges_planes(in, p->color, sc, planes);
    for (int c = 0; c < C && st == SEGKIT_OK; c++) {
        if (mask)
            for (size_t i = 0; i < n; i++)
                if (mk[i] == 0)
                    planes[c][i] = 0;
        if (p->sigma > 0)
            st = edges_gaussian_plane(planes[c], planes[c], w, h, p->sigma, 4.0, p->border);
        for (size_t i = 0; st == SEGKIT_OK && i < n; i++)
            planes[c][i] /= mag[i];
    }
    if (st == SEGKIT_OK)
        st = edges_color_gradient(planes, C, w, h, p->color, sobel_grad, NULL, gx, gy);
    if (st != SEGKIT_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        mag[i] = hypot(gy[i], gx[i]);
    double lo, hi;
    if (p->threshold_kind == SEGKIT_CANNY_QUANTILE) {
        double lq = isnan(p->low) ? 0.1 : p->low, hq = isnan(p->high) ? 0.2 : p->high;
        lo = np_percentile(mag, n, lq, mk);
        hi = np_percentile(mag, n, hq, mk);
    } else if (p->threshold_kind == SEGKIT_CANNY_AUTO) {
        st = otsu_of(mag, w, h, &hi);
        if (st != SEGKIT_OK)
            goto done;
        lo = hi / 2;
    } else
        abs_thresholds(in->type, p, sc, &lo, &hi);
    edges_nms(gx, gy, mag, em, w, h, lm);
    for (size_t i = 0; i < n; i++)
        lm[i] = lm[i] && mag[i] >= lo ? (mag[i] >= hi ? 2 : 1) : 0;
    st = segkit_image_create(out, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        goto done;
    /* out is tightly packed: hysteresis writes straight into it */
    int64_t cnt = edges_hysteresis(lm, w, h, out->data, stack);
    if (res) {
        double back = sc == EDGES_SCALE_UNIT
                          ? (in->type == SEGKIT_U8 ? 255 : in->type == SEGKIT_U16 ? 65535 : 1)
                          : 1.0 / unit;
        res->low = lo * back;
        res->high = hi * back;
        res->edge_pixels = cnt;
    }
done:
    for (int c = 0; c < 3; c++)
        free(planes[c]);
    free(mk);
    free(gx);
    free(gy);
    free(mag);
    free(em);
    free(lm);
    free(stack);
    return st;
}

int segkit_edges_canny(const segkit_image *in, const segkit_image *mask,
                       const segkit_canny_params *p, segkit_image *out,
                       segkit_canny_result *res)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (res)
        memset(res, 0, sizeof *res);
    if (!in || !p || !out || !in->data || (unsigned)p->mode >= SEGKIT_CANNY_MODE_COUNT ||
        (unsigned)p->threshold_kind > SEGKIT_CANNY_AUTO ||
        (unsigned)p->border >= SEGKIT_BORDER_COUNT ||
        (unsigned)p->color >= SEGKIT_EDGES_COLOR_COUNT || !(p->sigma >= 0 && p->sigma < 1e4))
        return SEGKIT_ERR_ARG;
    if (p->threshold_kind != SEGKIT_CANNY_AUTO) {
        if ((!isnan(p->low) && !isfinite(p->low)) || (!isnan(p->high) && !isfinite(p->high)))
            return SEGKIT_ERR_ARG;
        if (!isnan(p->low) && !isnan(p->high) && p->low > p->high)
            return SEGKIT_ERR_ARG;
        if (p->threshold_kind == SEGKIT_CANNY_QUANTILE &&
            ((!isnan(p->low) && !(p->low >= 0 && p->low <= 1)) ||
             (!isnan(p->high) && !(p->high >= 0 && p->high <= 1))))
            return SEGKIT_ERR_ARG;
    }
    if (in->type == SEGKIT_I32 || (unsigned)in->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    if (in->channels != 1 && (in->channels != 3 || p->color == SEGKIT_EDGES_COLOR_NONE))
        return SEGKIT_ERR_TYPE;
    if (mask) {
        if (mask->channels != 1 || mask->type != SEGKIT_U8)
            return SEGKIT_ERR_TYPE;
        if (!segkit_image_same_size(in, mask))
            return SEGKIT_ERR_SIZE;
    }
    if (p->mode == SEGKIT_CANNY_OPENCV) {
        if (mask || p->threshold_kind != SEGKIT_CANNY_ABSOLUTE)
            return SEGKIT_ERR_ARG;
        return edges_canny_opencv(in, p, out, res);
    }
    if (p->mode == SEGKIT_CANNY_NATIVE && in->channels == 1 && !mask &&
        p->threshold_kind == SEGKIT_CANNY_ABSOLUTE &&
        (size_t)in->width * (size_t)in->height <= UINT32_MAX) {
        double lo, hi;
        int64_t cnt;
        abs_thresholds(in->type, p, EDGES_SCALE_8BIT, &lo, &hi);
        int st = edges_canny_fast(in, p->sigma, p->border, lo, hi, out, &cnt, 2);
        if (st == SEGKIT_OK && res) {
            double back = 1.0 / edges_unit(in->type, EDGES_SCALE_8BIT);
            res->low = in->type == SEGKIT_U16 ? lo * 257 : lo * back;
            res->high = in->type == SEGKIT_U16 ? hi * 257 : hi * back;
            res->edge_pixels = cnt;
        }
        return st;
    }
    if ((size_t)in->width * (size_t)in->height > SIZE_MAX / sizeof(double) / 4)
        return SEGKIT_ERR_OVERFLOW;
    return canny_double(in, mask, p, out, res);
}
