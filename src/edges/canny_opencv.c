/* cv2.Canny (OpenCV 4.6, modules/imgproc/src/canny.cpp) in its own integer
 * arithmetic, for bit-exact output:
 *   dx, dy   cv::Sobel(src, CV_16S, aperture 3/5/7, BORDER_REPLICATE);
 *            aperture 7 (sums up to 163200) with scale 1/16, and the
 *            thresholds / 16 too, as OpenCV 4's Canny does: the filter's
 *            float sums are exact there, so dx = cvRound(S / 16), half to
 *            even, of the integer Sobel sum S
 *   m        |dx| + |dy|, or dx^2 + dy^2 with the thresholds squared
 *            (min(t, 32767)^2, floored), all int
 *   NMS      only where m > low: the sector from the tangent test
 *            |dy| << 15 against |dx| * TG22 (TG22 = round(tan(22.5 deg) 2^15))
 *            and that + |dx| << 16 (tan 67.5 = tan 22.5 + 2); horizontal:
 *            m > left && m >= right; vertical: m > up && m >= down;
 *            diagonal: m > up-(s) && m > down+(s), s = sign(dx dy); outside
 *            the image the magnitude is 0
 *   strong   m > high; hysteresis through 8-neighbours that passed NMS.
 * Colour (3 channels, as cv2.Canny on BGR): per pixel the channel with the
 * largest m (the first on ties) supplies m, dx and dy. */
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "edges_internal.h"

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* one channel's Sobel: correlation with d along x (dx) or y (dy), s across;
 * SEGKIT_OK or SEGKIT_ERR_NOMEM */
static int sobel_int(const segkit_image *in, int c, int ap, int16_t *dx, int16_t *dy,
                     int32_t *tmp)
{
    static const int d3[3] = {-1, 0, 1}, s3[3] = {1, 2, 1};
    static const int d5[5] = {-1, -2, 0, 2, 1}, s5[5] = {1, 4, 6, 4, 1};
    static const int d7[7] = {-1, -4, -5, 0, 5, 4, 1}, s7[7] = {1, 6, 15, 20, 15, 6, 1};
    const int *d = ap == 3 ? d3 : ap == 5 ? d5 : d7, *s = ap == 3 ? s3 : ap == 5 ? s5 : s7;
    int r = ap / 2, w = in->width, h = in->height, C = in->channels;
    /* a row padded by replication, and a row of sums (int: exact) */
    int32_t *pad = malloc(((size_t)w + 2 * (size_t)r) * sizeof *pad);
    int32_t *acc = malloc((size_t)w * sizeof *acc);
    if (!pad || !acc) {
        free(pad);
        free(acc);
        return SEGKIT_ERR_NOMEM;
    }
    for (int pass = 0; pass < 2; pass++) {
        const int *kx = pass == 0 ? d : s, *ky = pass == 0 ? s : d;
        int16_t *out = pass == 0 ? dx : dy;
        /* rows: tmp = correlation along x (BORDER_REPLICATE) */
        for (int y = 0; y < h; y++) {
            const uint8_t *row = segkit_image_row(in, y);
            int32_t *t = tmp + (size_t)y * w;
            for (int x = -r; x < w + r; x++)
                pad[x + r] = row[(size_t)clampi(x, 0, w - 1) * C + c];
            for (int x = 0; x < w; x++)
                t[x] = kx[0] * pad[x];
            for (int j = 1; j <= 2 * r; j++) {
                int kj = kx[j];
                const int32_t *p = pad + j;
                for (int x = 0; x < w; x++)
                    t[x] += kj * p[x];
            }
        }
        /* columns: the rows y - r .. y + r (replicated) combined */
        for (int y = 0; y < h; y++) {
            int16_t *o = out + (size_t)y * w;
            for (int j = -r; j <= r; j++) {
                const int32_t *q = tmp + (size_t)clampi(y + j, 0, h - 1) * w;
                int kj = ky[j + r];
                if (j == -r)
                    for (int x = 0; x < w; x++)
                        acc[x] = kj * q[x];
                else
                    for (int x = 0; x < w; x++)
                        acc[x] += kj * q[x];
            }
            if (ap == 7)   /* exact: S / 16 is a double, rounded half to even */
                for (int x = 0; x < w; x++)
                    acc[x] = (int)nearbyint(acc[x] / 16.0);
            for (int x = 0; x < w; x++)
                o[x] = (int16_t)clampi(acc[x], -32768, 32767);
        }
    }
    free(pad);
    free(acc);
    return SEGKIT_OK;
}

int edges_canny_opencv(const segkit_image *in, const segkit_canny_params *p,
                       segkit_image *out, segkit_canny_result *res)
{
    int ap = p->aperture == 0 ? 3 : p->aperture;
    if (ap != 3 && ap != 5 && ap != 7)
        return SEGKIT_ERR_ARG;
    if (in->type != SEGKIT_U8 || (in->channels == 3 && p->color != SEGKIT_EDGES_COLOR_MAX))
        return SEGKIT_ERR_TYPE;
    if (isnan(p->low) || isnan(p->high))
        return SEGKIT_ERR_ARG;
    int w = in->width, h = in->height, C = in->channels;
    size_t n = (size_t)w * h;
    int16_t *dx = malloc(n * sizeof *dx), *dy = malloc(n * sizeof *dy);
    int16_t *cx = C > 1 ? malloc(n * sizeof *cx) : NULL, *cy = C > 1 ? malloc(n * sizeof *cy) : NULL;
    int32_t *tmp = malloc(n * sizeof *tmp), *mag = malloc(n * sizeof *mag);
    uint8_t *cand = malloc(n);
    size_t *stack = malloc(n * sizeof *stack);
    int st = SEGKIT_OK;
    if (!dx || !dy || !tmp || !mag || !cand || !stack || (C > 1 && (!cx || !cy))) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    for (int c = 0; c < C; c++) {
        int16_t *ox = c == 0 ? dx : cx, *oy = c == 0 ? dy : cy;
        if ((st = sobel_int(in, c, ap, ox, oy, tmp)) != SEGKIT_OK)
            goto done;
        for (size_t i = 0; i < n; i++) {
            /* int arithmetic as OpenCV's (2 * 32767^2 still fits) */
            int m = p->l2 ? (int32_t)((uint32_t)(ox[i] * ox[i]) + (uint32_t)(oy[i] * oy[i]))
                          : abs(ox[i]) + abs(oy[i]);
            if (c == 0 || m > mag[i]) {
                mag[i] = m;
                dx[i] = ox[i];
                dy[i] = oy[i];
            }
        }
    }
    double lt = p->low, ht = p->high;
    if (ap == 7) {
        lt /= 16;
        ht /= 16;
    }
    if (p->l2) {
        lt = lt < 32767 ? lt : 32767;
        ht = ht < 32767 ? ht : 32767;
        if (lt > 0)
            lt *= lt;
        if (ht > 0)
            ht *= ht;
    }
    /* cvFloor, saturated to int */
    lt = floor(lt);
    ht = floor(ht);
    int low = lt < -2147483648.0 ? INT32_MIN : lt > 2147483647.0 ? INT32_MAX : (int)lt;
    int high = ht < -2147483648.0 ? INT32_MIN : ht > 2147483647.0 ? INT32_MAX : (int)ht;
    const int TG22 = 13573;   /* (int)(0.4142135623730950488 * (1 << 15) + 0.5) */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            int m = mag[i], ok = 0;
            cand[i] = 0;
            if (m <= low)
                continue;
#define MAG(yy, xx) ((yy) < 0 || (yy) >= h || (xx) < 0 || (xx) >= w ? 0 : mag[(size_t)(yy) * w + (xx)])
            int xs = dx[i], ys = dy[i];
            /* 32-bit like OpenCV's ints: tg67x wraps for |dx| >= 27300 */
            int32_t ax = abs(xs), ay = abs(ys) << 15;
            int32_t tg22x = ax * TG22;
            if (ay < tg22x)
                ok = m > MAG(y, x - 1) && m >= MAG(y, x + 1);
            else {
                int32_t tg67x = (int32_t)((uint32_t)tg22x + ((uint32_t)ax << 16));
                if (ay > tg67x)
                    ok = m > MAG(y - 1, x) && m >= MAG(y + 1, x);
                else {
                    int s = (xs ^ ys) < 0 ? -1 : 1;
                    ok = m > MAG(y - 1, x - s) && m > MAG(y + 1, x + s);
                }
            }
#undef MAG
            if (ok)
                cand[i] = m > high ? 2 : 1;
        }
    st = segkit_image_create(out, w, h, 1, SEGKIT_U8);
    if (st != SEGKIT_OK)
        goto done;
    int64_t cnt = edges_hysteresis(cand, w, h, out->data, stack);
    if (res) {
        res->low = p->low;
        res->high = p->high;
        res->edge_pixels = cnt;
    }
done:
    free(dx);
    free(dy);
    free(cx);
    free(cy);
    free(tmp);
    free(mag);
    free(cand);
    free(stack);
    return st;
}
