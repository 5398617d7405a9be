/* Soft boundary maps: Pb-style histogram gradients of brightness, colour and
 * texture at several scales, combined by weights fitted on the BSDS500 train
 * split, thinned by non-maximum suppression (segkit/edges.h says what is
 * computed; docs/edges-bsds.md how the weights were fitted). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "edges_internal.h"
#include "segkit/label.h"

#define NCUE SEGKIT_SOFT_CUES
#define NS SEGKIT_SOFT_MAX_SCALES
#define NTHETA 8
#define PI 3.14159265358979323846

/* bins of each cue and their value range (L, a, b: CIE L*a*b* / 100) */
static const int cue_bins[NCUE] = {8, 6, 6, 10};
static const double cue_lo[NCUE] = {0.0, -0.3, -0.3, 0}, cue_hi[NCUE] = {1.0, 0.5, 0.6, 0};

segkit_soft_params segkit_soft_params_default(void)
{
    segkit_soft_params p;
    memset(&p, 0, sizeof p);
    p.sigmas[0] = 1, p.sigmas[1] = 2, p.sigmas[2] = 4, p.sigmas[3] = 8;
    /* fitted by logistic regression (non-negative weights) on every 4th
     * image of the BSDS500 train split (tests/tune/soft_fit.py,
     * docs/edges-bsds.md) */
    static const double w[NCUE][NS] = {{2.87058, 0, 0.584607, 0.510679},
                                        {0.132081, 0.285864, 1.61463, 0.248289},
                                        {0, 1.03012, 0.841877, 0.580476},
                                        {0.42597, 0.413946, 0.690986, 3.26008}};
    memcpy(p.weights, w, sizeof w);
    p.bias = -5.75113;
    p.color = 1;
    p.texture = 1;
    p.length = 20;
    p.out_type = SEGKIT_F32;
    return p;
}

/* Per pixel: its bin k0 of a cue and the share t in k0 + 1 (linear soft
 * binning; textons: t = 0). */
typedef struct {
    uint8_t *k0;
    float *t;
} binning;

/* The tensor sum_k g_k g_k^T / (S_k + eps) of one cue at one scale, on the
 * grid of factor f (lw x lh cells of f x f pixels): 3 planes xx, xy, yy. */
typedef struct {
    float *T;
    int f, lw, lh;
} tensor;

static int cue_tensor(const binning *b, int K, int w, int h, double sigma, tensor *out)
{
    int f = sigma >= 4 ? (int)(sigma / 2) : 1;
    int lw = (w + f - 1) / f, lh = (h + f - 1) / f;
    size_t ln = (size_t)lw * lh;
    double *P = calloc(ln * (size_t)K, sizeof *P), *cnt = calloc(ln, sizeof *cnt);
    double *gx = edges_alloc((size_t)lw, (size_t)lh), *gy = edges_alloc((size_t)lw, (size_t)lh);
    float *T = calloc(ln * 3, sizeof *T);
    int st = P && cnt && gx && gy && T ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    if (st == SEGKIT_OK) {
        /* average pooling into the f x f cells */
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * w + x, j = (size_t)(y / f) * lw + x / f;
                int k = b->k0[i];
                double t = b->t ? b->t[i] : 0;
                P[(size_t)k * ln + j] += 1 - t;
                if (t > 0)
                    P[(size_t)(k + 1) * ln + j] += t;
                cnt[j] += 1;
            }
        /* the cells' own spread (box of f: variance (f^2 - 1) / 12 pixels^2)
         * is taken off the Gaussian's */
        double s2 = sigma * sigma / ((double)f * f) - (1 - 1.0 / ((double)f * f)) / 12;
        double ls = sqrt(s2 > 0.25 ? s2 : 0.25), nu = sigma / (8.0 * f);
        for (int k = 0; k < K && st == SEGKIT_OK; k++) {
            double *S = P + (size_t)k * ln;
            for (size_t j = 0; j < ln; j++)
                S[j] /= cnt[j];
            st = edges_gaussian_plane(S, S, lw, lh, ls, 3.0, SEGKIT_BORDER_SYMMETRIC);
            if (st == SEGKIT_OK)
                st = edges_sobel3_planes(S, gx, gy, lw, lh, SEGKIT_BORDER_SYMMETRIC);
            for (size_t j = 0; st == SEGKIT_OK && j < ln; j++) {
                double a = gx[j] * nu, c = gy[j] * nu, d = 1 / (S[j] + 0.02);
                T[3 * j] += (float)(a * a * d);
                T[3 * j + 1] += (float)(a * c * d);
                T[3 * j + 2] += (float)(c * c * d);
            }
        }
    }
    free(P);
    free(cnt);
    free(gx);
    free(gy);
    if (st != SEGKIT_OK) {
        free(T);
        return st;
    }
    out->T = T;
    out->f = f;
    out->lw = lw;
    out->lh = lh;
    return SEGKIT_OK;
}

/* The tensor at full-resolution pixel (x, y): bilinear between cell centres. */
static void tensor_at(const tensor *t, int x, int y, double v[3])
{
    if (t->f == 1) {
        const float *p = t->T + 3 * ((size_t)y * t->lw + x);
        v[0] = p[0], v[1] = p[1], v[2] = p[2];
        return;
    }
    double fx = (x + 0.5) / t->f - 0.5, fy = (y + 0.5) / t->f - 0.5;
    fx = fx < 0 ? 0 : fx > t->lw - 1 ? t->lw - 1 : fx;
    fy = fy < 0 ? 0 : fy > t->lh - 1 ? t->lh - 1 : fy;
    int x0 = (int)fx, y0 = (int)fy;
    int x1 = x0 + 1 < t->lw ? x0 + 1 : x0, y1 = y0 + 1 < t->lh ? y0 + 1 : y0;
    double ax = fx - x0, ay = fy - y0;
    const float *p00 = t->T + 3 * ((size_t)y0 * t->lw + x0), *p01 = t->T + 3 * ((size_t)y0 * t->lw + x1);
    const float *p10 = t->T + 3 * ((size_t)y1 * t->lw + x0), *p11 = t->T + 3 * ((size_t)y1 * t->lw + x1);
    for (int c = 0; c < 3; c++)
        v[c] = (1 - ay) * ((1 - ax) * p00[c] + ax * p01[c]) + ay * ((1 - ax) * p10[c] + ax * p11[c]);
}

/* Soft binning of a plane over [lo, hi] into K bins. */
static void bin_linear(const double *v, size_t n, int K, double lo, double hi, binning *b)
{
    for (size_t i = 0; i < n; i++) {
        double u = (v[i] - lo) / (hi - lo) * (K - 1);
        u = u < 0 ? 0 : u > K - 1 ? K - 1 : u;
        int k = (int)u;
        if (k > K - 2)
            k = K - 2;
        b->k0[i] = (uint8_t)k;
        b->t[i] = (float)(u - k);
    }
}

/* Textons of the intensity plane L: flat (gradient of G(1) * L under its
 * image mean) by the sign of G(1) * L - G(2) * L, else also by the gradient's
 * orientation in 4 bins: 10 textons. */
static int textons(const double *L, int w, int h, uint8_t *tex, double *a, double *b,
                   double *gx, double *gy)
{
    size_t n = (size_t)w * h;
    int st = edges_gaussian_plane(L, a, w, h, 1.0, 3.0, SEGKIT_BORDER_SYMMETRIC);
    if (st == SEGKIT_OK)
        st = edges_gaussian_plane(L, b, w, h, 2.0, 3.0, SEGKIT_BORDER_SYMMETRIC);
    if (st == SEGKIT_OK)
        st = edges_sobel3_planes(a, gx, gy, w, h, SEGKIT_BORDER_SYMMETRIC);
    if (st != SEGKIT_OK)
        return st;
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += hypot(gx[i], gy[i]);
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        int pos = a[i] > b[i];
        if (!(hypot(gx[i], gy[i]) > mean)) {
            tex[i] = (uint8_t)pos;
            continue;
        }
        double th = atan2(gy[i], gx[i]);
        if (th < 0)
            th += PI;
        int o = (int)(th / PI * 4 + 0.5) % 4;
        tex[i] = (uint8_t)(2 + 2 * o + pos);
    }
    return SEGKIT_OK;
}

/* The whole computation: map (if out), and/or the features and maxima. */
static int soft_run(const segkit_image *in, const segkit_soft_params *p, segkit_image *out,
                    float *feat, uint8_t *maxima)
{
    if (!in || !p || !in->data || !(p->texture >= 0) || !(p->length >= 0) ||
        !isfinite(p->bias) || (p->out_type != SEGKIT_F32 && p->out_type != SEGKIT_U16))
        return SEGKIT_ERR_ARG;
    int ns = 0;
    while (ns < NS && p->sigmas[ns] > 0) {
        if (!(p->sigmas[ns] < 1e3))
            return SEGKIT_ERR_ARG;
        for (int c = 0; c < NCUE; c++)
            if (!isfinite(p->weights[c][ns]))
                return SEGKIT_ERR_ARG;
        ns++;
    }
    if (ns == 0)
        return SEGKIT_ERR_ARG;
    if (in->type == SEGKIT_I32 || (unsigned)in->type >= SEGKIT_TYPE_COUNT ||
        (in->channels != 1 && in->channels != 3))
        return SEGKIT_ERR_TYPE;
    int w = in->width, h = in->height;
    if ((size_t)w * (size_t)h > SIZE_MAX / sizeof(double) / 64)
        return SEGKIT_ERR_OVERFLOW;
    size_t n = (size_t)w * h;
    int color = in->channels == 3 && p->color, tex = p->texture > 0;
    /* the cues present, in order */
    int cues[NCUE], nc = 0;
    cues[nc++] = 0;
    if (color)
        cues[nc++] = 1, cues[nc++] = 2;
    if (tex)
        cues[nc++] = 3;
    double *pl[3] = {0}, *a = edges_alloc((size_t)w, (size_t)h), *b = edges_alloc((size_t)w, (size_t)h);
    double *gx = edges_alloc((size_t)w, (size_t)h), *gy = edges_alloc((size_t)w, (size_t)h);
    double *P = edges_alloc((size_t)w, (size_t)h);
    uint8_t *em = malloc(n), *lm = malloc(n);
    binning bn = {malloc(n), malloc(n * sizeof(float))};
    tensor T[NCUE][NS];
    memset(T, 0, sizeof T);
    int st = a && b && gx && gy && P && em && lm && bn.k0 && bn.t ? SEGKIT_OK : SEGKIT_ERR_NOMEM;
    for (int c = 0; c < 3 && st == SEGKIT_OK; c++)
        if (!(pl[c] = edges_alloc((size_t)w, (size_t)h)))
            st = SEGKIT_ERR_NOMEM;
    if (st != SEGKIT_OK)
        goto done;
    /* L, a, b (CIE L*a*b* / 100) or the gray plane */
    if (color)
        st = edges_planes(in, SEGKIT_EDGES_COLOR_LAB, EDGES_SCALE_UNIT, pl);
    else if (in->channels == 3) {
        edges_plane(in, 0, EDGES_SCALE_UNIT, pl[0]);
        edges_plane(in, 1, EDGES_SCALE_UNIT, pl[1]);
        edges_plane(in, 2, EDGES_SCALE_UNIT, pl[2]);
        for (size_t i = 0; i < n; i++)
            pl[0][i] = 0.299 * pl[0][i] + 0.587 * pl[1][i] + 0.114 * pl[2][i];
    } else
        edges_plane(in, 0, EDGES_SCALE_UNIT, pl[0]);
    for (int q = 0; q < nc && st == SEGKIT_OK; q++) {
        int c = cues[q];
        binning *use = &bn, hard = {bn.k0, NULL};
        if (c < 3)
            bin_linear(pl[c], n, cue_bins[c], cue_lo[c], cue_hi[c], &bn);
        else {
            st = textons(pl[0], w, h, bn.k0, a, b, gx, gy);
            use = &hard;
        }
        for (int s = 0; s < ns && st == SEGKIT_OK; s++)
            st = cue_tensor(use, cue_bins[c], w, h, p->sigmas[s], &T[c][s]);
    }
    if (st != SEGKIT_OK)
        goto done;
    /* per pixel: the orientation with the largest weighted sum of
     * sqrt(n^T T n), refined by a parabola through its neighbours; the
     * features at it; the sum at it (P, thinned) and the logistic of bias +
     * that sum (b, the map) */
    double ct[NTHETA], sn[NTHETA];
    for (int j = 0; j < NTHETA; j++) {
        ct[j] = cos(j * PI / NTHETA);
        sn[j] = sin(j * PI / NTHETA);
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t i = (size_t)y * w + x;
            double tv[NCUE][NS][3], wt[NCUE][NS], Mj[NTHETA] = {0};
            for (int q = 0; q < nc; q++)
                for (int s = 0; s < ns; s++) {
                    int c = cues[q];
                    tensor_at(&T[c][s], x, y, tv[c][s]);
                    wt[c][s] = p->weights[c][s] * (c == 3 ? p->texture : 1);
                    const double *v = tv[c][s];
                    for (int j = 0; j < NTHETA; j++) {
                        double e = v[0] * ct[j] * ct[j] + 2 * v[1] * ct[j] * sn[j] +
                                   v[2] * sn[j] * sn[j];
                        Mj[j] += wt[c][s] * sqrt(e > 0 ? e : 0);
                    }
                }
            int jb = 0;
            for (int j = 1; j < NTHETA; j++)
                if (Mj[j] > Mj[jb])
                    jb = j;
            double m0 = Mj[(jb + NTHETA - 1) % NTHETA], m1 = Mj[jb], m2 = Mj[(jb + 1) % NTHETA];
            double den = m0 - 2 * m1 + m2, d = den < 0 ? 0.5 * (m0 - m2) / den : 0;
            d = d < -0.5 ? -0.5 : d > 0.5 ? 0.5 : d;
            double th = (jb + d) * PI / NTHETA, c0 = cos(th), s0 = sin(th), z = p->bias;
            for (int q = 0; q < nc; q++)
                for (int s = 0; s < ns; s++) {
                    int c = cues[q];
                    const double *v = tv[c][s];
                    double e = v[0] * c0 * c0 + 2 * v[1] * c0 * s0 + v[2] * s0 * s0;
                    double fv = sqrt(e > 0 ? e : 0);
                    z += wt[c][s] * fv;
                    if (feat)
                        feat[(size_t)(c * NS + s) * n + i] = (float)fv;
                }
            P[i] = z - p->bias;   /* thinned as is: 0 where nothing changes */
            b[i] = 1 / (1 + exp(-z));
            gx[i] = c0;
            gy[i] = s0;
            em[i] = y > 0 && y < h - 1 && x > 0 && x < w - 1;
        }
    edges_nms(gx, gy, P, em, w, h, lm);
    if (maxima)
        memcpy(maxima, lm, n);
    if (!out)
        goto done;
    for (size_t i = 0; i < n; i++)
        a[i] = lm[i] ? b[i] : 0.0;
    if (p->length > 0) {
        /* short curves count less: x L / (L + length), L = the pixel count
         * of the 8-connected curve of maxima (of value >= 0.05) */
        segkit_image mk, lab;
        for (size_t i = 0; i < n; i++)
            lm[i] = a[i] >= 0.05 ? 255 : 0;
        segkit_image_wrap(&mk, lm, w, h, 1, SEGKIT_U8, (size_t)w);
        segkit_label_params lp = segkit_label_params_default();
        segkit_label_stat *stats = NULL;
        int32_t cnt = 0;
        st = segkit_label(&mk, &lp, &lab, &cnt, &stats);
        if (st != SEGKIT_OK)
            goto done;
        const int32_t *L = lab.data;
        for (size_t i = 0; i < n; i++) {
            double ar = L[i] > 0 ? (double)stats[L[i]].area : 1;
            a[i] *= ar / (ar + p->length);
        }
        free(stats);
        segkit_image_free(&lab);
    }
    st = edges_plane_to_image(a, w, h, p->out_type, 65535.0, out);
done:
    for (int c = 0; c < NCUE; c++)
        for (int s = 0; s < NS; s++)
            free(T[c][s].T);
    for (int c = 0; c < 3; c++)
        free(pl[c]);
    free(a);
    free(b);
    free(gx);
    free(gy);
    free(P);
    free(em);
    free(lm);
    free(bn.k0);
    free(bn.t);
    return st;
}

int segkit_edges_soft(const segkit_image *in, const segkit_soft_params *p, segkit_image *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!out)
        return SEGKIT_ERR_ARG;
    return soft_run(in, p, out, NULL, NULL);
}

int segkit_edges_soft_features(const segkit_image *in, const segkit_soft_params *p,
                               float *features, uint8_t *maxima)
{
    if (!features || !maxima)
        return SEGKIT_ERR_ARG;
    if (in && in->data)
        memset(features, 0, (size_t)in->width * in->height * NCUE * NS * sizeof *features);
    return soft_run(in, p, NULL, features, maxima);
}
