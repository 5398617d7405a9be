/* The native Canny's fast path (src/edges/canny_fast.c): every instruction
 * set gives the same bytes, and the float path agrees with the double path
 * (canny.c, reached here through an all-ones mask, which does not change
 * skimage's algorithm) except where a float rounding moves a pixel across a
 * comparison.  Agreement with scikit-image itself is checked on real images
 * by tests/cli/edges_peers.sh. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "segkit/segkit.h"

int edges_canny_fast(const segkit_image *in, double sigma, segkit_border border,
                     double low, double high, segkit_image *out, int64_t *count, int isa);
int edges_gauss_box(float *p, int w, int h, double sigma, segkit_border border);
void edges_box_widths(double sigma, int n, int *width);
#define EDGES_BOX_PASSES 4   /* as src/edges/edges_internal.h */
#define EDGES_BOX_SIGMA 12.0

/* a w x h card: ramp, a disc, a tilted bar, stripes and hashed noise of
 * amplitude amp (so that edges run in every direction) */
static void card(uint8_t *px, int w, int h, int amp)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int v = 40 + (100 * x) / w;
            int dx = x - w / 3, dy = y - h / 2;
            if (dx * dx + dy * dy < (h / 4) * (h / 4))
                v += 80;
            if (abs(2 * x - 3 * y + w / 2) < 9)
                v -= 30;
            if (y > 3 * h / 4 && (x / 4) % 2)
                v = 220;
            uint32_t s = (uint32_t)(y * w + x) * 2654435761u;
            s ^= s >> 15;
            s *= 0x85ebca6bu;
            s ^= s >> 13;
            v += (int)(s % (2 * (uint32_t)amp + 1)) - amp;
            px[y * w + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
}

static long differ(const segkit_image *a, const segkit_image *b)
{
    long n = 0;
    for (int y = 0; y < a->height; y++) {
        const uint8_t *p = segkit_image_row(a, y), *q = segkit_image_row(b, y);
        for (int x = 0; x < a->width; x++)
            n += (p[x] != 0) != (q[x] != 0);
    }
    return n;
}

/* the four instruction-set levels give identical output; the float path
 * differs from the double path in at most max_diff pixels */
static void check_case(const segkit_image *in, double sigma, segkit_border border, double lo,
                       double hi, long max_diff, const char *name)
{
    segkit_image ref = {0}, o;
    int64_t c0 = -1, c;
    for (int isa = -1; isa <= 2; isa++) {
        int st = edges_canny_fast(in, sigma, border, lo, hi, isa < 0 ? &ref : &o, &c, isa);
        CHECKF(st == SEGKIT_OK, "%s isa %d: %d", name, isa, st);
        if (st != SEGKIT_OK)
            return;
        if (isa < 0) {
            c0 = c;
            continue;
        }
        CHECKF(c == c0 && memcmp(o.data, ref.data, (size_t)in->width * in->height) == 0,
               "%s: isa %d gives %lld edges, plain C %lld", name, isa, (long long)c,
               (long long)c0);
        segkit_image_free(&o);
    }
    if (max_diff < 0)
        goto done;
    /* the double path: the same parameters with an all-ones mask */
    segkit_image mask, d;
    CHECK(segkit_image_create(&mask, in->width, in->height, 1, SEGKIT_U8) == SEGKIT_OK);
    memset(mask.data, 1, (size_t)in->width * in->height);
    segkit_canny_params p = segkit_canny_params_default();
    p.sigma = sigma, p.border = border;
    p.low = lo * (in->type == SEGKIT_U16 ? 257 : 1);
    p.high = hi * (in->type == SEGKIT_U16 ? 257 : 1);
    segkit_canny_result r;
    CHECK(segkit_edges_canny(in, &mask, &p, &d, &r) == SEGKIT_OK);
    long n = differ(&d, &ref);
    CHECKF(n <= max_diff, "%s: %ld pixels differ from the double path (%lld edges)", name, n,
           (long long)r.edge_pixels);
    /* and the public entry point takes the fast path without a mask */
    segkit_canny_result rf;
    CHECK(segkit_edges_canny(in, NULL, &p, &o, &rf) == SEGKIT_OK);
    CHECK(memcmp(o.data, ref.data, (size_t)in->width * in->height) == 0);
    CHECK(rf.edge_pixels == c0);
    CHECK(fabs(rf.low - p.low) < 1e-9 * p.low && fabs(rf.high - p.high) < 1e-9 * p.high);
    segkit_image_free(&o);
    segkit_image_free(&d);
    segkit_image_free(&mask);
done:
    segkit_image_free(&ref);
}

/* scipy's kernel (truncate 4) at offset i: exp(-i^2 / 2 s^2) / its sum */
static double gauss_k(double s, int i)
{
    int r = (int)(4 * s + 0.5);
    double sum = 0;
    for (int j = -r; j <= r; j++)
        sum += exp(-0.5 * j * j / (s * s));
    return abs(i) > r ? 0 : exp(-0.5 * i * i / (s * s)) / sum;
}

/* The box cascade against the exact kernel (scipy's, truncate 4), worked
 * out here in double.  The bounds are the worst cases of numpy's
 * np.convolve of the same 4 box widths with a unit impulse/step against the
 * kernel for sigma 12, 13, ..., 18, 25, 40, 64, 100 (largest at sigma 12:
 * impulse 4.41 % of the peak, step 0.96 % of the step, 2D impulse 8.62 % of
 * the peak), with a little room for float. */
static void check_box(void)
{
    const double sig[] = {12, 15, 25, 40};
    for (int k = 0; k < 4; k++) {
        double s = sig[k];
        int wd[EDGES_BOX_PASSES];
        edges_box_widths(s, EDGES_BOX_PASSES, wd);
        double var = 0;
        for (int i = 0; i < EDGES_BOX_PASSES; i++) {
            CHECK(wd[i] % 2 == 1 && (i == 0 || wd[i] >= wd[i - 1]));
            var += (wd[i] * wd[i] - 1) / 12.0;
        }
        CHECKF(fabs(sqrt(var) - s) < 0.02 * s, "sigma %g: cascade sigma %g", s, sqrt(var));
        int n = (int)(20 * s) | 1, c = n / 2;
        float *row = calloc((size_t)n, sizeof *row), *st = malloc((size_t)n * sizeof *st);
        row[c] = 1;
        for (int x = 0; x < n; x++)
            st[x] = x >= c ? 1.0f : 0.0f;
        CHECK(edges_gauss_box(row, n, 1, s, SEGKIT_BORDER_SYMMETRIC) == SEGKIT_OK);
        CHECK(edges_gauss_box(st, n, 1, s, SEGKIT_BORDER_SYMMETRIC) == SEGKIT_OK);
        double e1 = 0, es = 0, cum = 0, peak = gauss_k(s, 0);
        for (int x = 0; x < n; x++) {
            double g = gauss_k(s, x - c);
            cum += g;
            e1 = fmax(e1, fabs(row[x] - g) / peak);
            /* the exact step response at x: the kernel's mass at offsets
             * <= x - c, i.e. cum (the step starts at c) */
            es = fmax(es, fabs(st[x] - cum));
        }
        CHECKF(e1 <= 0.045, "sigma %g: impulse error %.4f of the peak", s, e1);
        CHECKF(es <= 0.0098, "sigma %g: step error %.4f", s, es);
        free(row);
        free(st);
        if (s > 15)
            continue;
        /* 2D impulse and a constant plane under CLIP (bleed-over division) */
        float *p = calloc((size_t)n * n, sizeof *p), *one = malloc((size_t)n * 40 * sizeof *one);
        p[(size_t)c * n + c] = 1;
        for (int i = 0; i < n * 40; i++)
            one[i] = 7.0f;
        CHECK(edges_gauss_box(p, n, n, s, SEGKIT_BORDER_REFLECT) == SEGKIT_OK);
        CHECK(edges_gauss_box(one, n, 40, s, SEGKIT_BORDER_CLIP) == SEGKIT_OK);
        double e2 = 0, ec = 0, pk = peak * peak;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                e2 = fmax(e2, fabs(p[(size_t)y * n + x] - gauss_k(s, y - c) * gauss_k(s, x - c)) / pk);
        for (int i = 0; i < n * 40; i++)
            ec = fmax(ec, fabs(one[i] - 7.0));
        CHECKF(e2 <= 0.087, "sigma %g: 2D impulse error %.4f of the peak", s, e2);
        CHECKF(ec < 1e-4, "sigma %g: CLIP constant off by %g", s, ec);
        free(p);
        free(one);
    }
}

int main(void)
{
    enum { W = 517, H = 389 };
    static uint8_t px[W * H];
    static uint16_t px16[W * H];
    card(px, W, H, 12);
    for (int i = 0; i < W * H; i++)
        px16[i] = (uint16_t)(px[i] * 257);
    segkit_image in, in16;
    segkit_image_wrap(&in, px, W, H, 1, SEGKIT_U8, W);
    segkit_image_wrap(&in16, px16, W, H, 1, SEGKIT_U16, 2 * W);
    const double sig[] = {0, 1, 1.4, 2.5};
    const segkit_border bd[] = {SEGKIT_BORDER_CLIP, SEGKIT_BORDER_REPLICATE,
                                SEGKIT_BORDER_REFLECT, SEGKIT_BORDER_SYMMETRIC};
    char name[96];
    long limit = W * H / 10000;   /* 0.01 % */
    for (int s = 0; s < 4; s++)
        for (int b = 0; b < 4; b++) {
            snprintf(name, sizeof name, "u8 sigma %g border %d", sig[s], b);
            check_case(&in, sig[s], bd[b], 8, 20, limit, name);
        }
    check_case(&in, 1.4, SEGKIT_BORDER_CLIP, 50, 150, limit, "u8 50/150");
    check_case(&in16, 1.4, SEGKIT_BORDER_CLIP, 8, 20, limit, "u16");
    /* large sigma: the box cascade (every instruction set the same bytes) */
    check_case(&in, EDGES_BOX_SIGMA, SEGKIT_BORDER_CLIP, 0.5, 1, -1, "box sigma 12");
    check_case(&in16, 16, SEGKIT_BORDER_SYMMETRIC, 0.5, 1, -1, "box sigma 16 u16");
    check_box();
    /* small images: sigma wider than the image, so that the border modes
     * reflect more than once */
    for (int w = 1; w <= 9; w += 2)
        for (int h = 1; h <= 8; h++) {
            uint8_t t[9 * 8];
            card(t, w, h, 40);
            segkit_image ti;
            segkit_image_wrap(&ti, t, w, h, 1, SEGKIT_U8, w);
            for (int b = 0; b < 4; b++) {
                snprintf(name, sizeof name, "%dx%d border %d", w, h, b);
                check_case(&ti, 3, bd[b], 0.5, 1, 0, name);
            }
        }
    return check_done();
}
