/* Multi-Otsu: hand-worked cases, the dynamic programme against a brute
 * force written here from skimage's definition, a 16-bit 5-class timing
 * case, and the values measured with scikit-image 0.19.3 / OpenCV 4.6 in
 * shared/data/skimage/SOURCE.txt ("Values measured here") for the global
 * methods.  Nothing here comes from running segkit itself. */
#include <math.h>
#include <time.h>

#include "check.h"
#include "threshold_sample.h"
#include "internal/threshold_hist.h"
#include "segkit/segkit.h"

#define SK SEGKIT_CONV_SKIMAGE
#define CV SEGKIT_CONV_OPENCV

/* a one-bin-per-value histogram over 0..nbins-1 (u8 / u16 layout) */
static segkit_histogram make_hist(uint64_t *count, int nbins)
{
    segkit_histogram h;
    memset(&h, 0, sizeof h);
    h.count = count;
    h.nbins = nbins;
    h.lo = 0;
    h.width = 1;
    h.integer = 1;
    for (int i = 0; i < nbins; i++)
        h.total += count[i];
    return h;
}

static int multiotsu(const segkit_histogram *h, int classes, double *t)
{
    segkit_threshold_params p = segkit_threshold_params_default();
    int n = 0;
    p.convention = SK;
    p.classes = classes;
    int st = segkit_threshold_histogram(h, SEGKIT_THRESH_MULTIOTSU, &p, t, &n);
    return st == SEGKIT_OK ? n : -1;
}

/* Three spikes of 3 values each: 9,10,11 | 99,100,101 | 199,200,201 with
 * counts 10,100,10.  Keeping each spike whole gives a within-class sum of
 * squares of 3 * (10 + 10) = 60; moving any one pixel to a neighbouring
 * class adds (distance to that class's mean)^2 ~ 88^2.  So the classes
 * are the spikes, and skimage reports the last occupied value of each of
 * the first two classes: [11, 101].  One value per spike, with as many
 * values as classes, gives every occupied value but the last: [10, 100]. */
static void spikes(void)
{
    uint64_t c[256] = {0};
    double t[SEGKIT_THRESHOLD_MAX];
    static const int centres[3] = {10, 100, 200};
    for (int s = 0; s < 3; s++) {
        c[centres[s] - 1] = 10;
        c[centres[s]] = 100;
        c[centres[s] + 1] = 10;
    }
    segkit_histogram h = make_hist(c, 256);
    int n = multiotsu(&h, 3, t);
    CHECKF(n == 2 && t[0] == 11 && t[1] == 101, "spikes: %d %g %g", n, t[0], t[1]);

    uint64_t d[256] = {0};
    d[10] = d[100] = d[200] = 5;
    h = make_hist(d, 256);
    n = multiotsu(&h, 3, t);
    CHECKF(n == 2 && t[0] == 10 && t[1] == 100, "3 values: %d %g %g", n, t[0], t[1]);
    /* fewer occupied values than classes: cannot be split (skimage raises) */
    n = multiotsu(&h, 4, t);
    CHECK(n == -1);
    /* Two classes on the three equal spikes: {10} | {100, 200} and
     * {10, 100} | {200} tie in textbook Otsu (mirror images), but skimage's
     * first-moment table starts with prob[0] instead of 0, so the lowest
     * occupied bin weighs as trimmed position 1 in the first class.  With
     * positions 1, 90, 190 and weight p each: {10}|{100,200} scores
     * p + (280p)^2 / 2p = 39201p, {10,100}|{200} scores (91p)^2 / 2p +
     * (190p)^2 / p = 40240.5p: skimage answers 100. */
    n = multiotsu(&h, 2, t);
    CHECKF(n == 1 && t[0] == 100, "2 classes: %d %g", n, t[0]);
}

/* The first and last occupied bins of h (h->total > 0). */
static void occupied(const segkit_histogram *h, int *f, int *l)
{
    *f = 0;
    *l = h->nbins - 1;
    while (h->count[*f] == 0)
        (*f)++;
    while (h->count[*l] == 0)
        (*l)--;
}

/* Whether threshold tuples a and b split h's occupied bins into the same
 * classes (no occupied bin between a[k] and b[k], for every k). */
static int same_classes(const segkit_histogram *h, const int *a, const int *b, int nt)
{
    for (int k = 0; k < nt; k++) {
        int lo = a[k] < b[k] ? a[k] : b[k], hi = a[k] < b[k] ? b[k] : a[k];
        for (int i = lo + 1; i <= hi; i++)
            if (h->count[i])
                return 0;
    }
    return 1;
}

/* skimage's objective written out directly (_multiotsu.pyx, LUT version):
 * trimmed histogram f..l, position i - f, except that the first-moment
 * table starts with prob[f] (bin f weighs as position 1) and the class
 * made of bin f alone scores 0.  Thresholds are bin indices. */
static double sk_objective(const segkit_histogram *h, const int *t, int nt)
{
    int f, l;
    occupied(h, &f, &l);
    double sigma = 0;
    int start = f;
    for (int k = 0; k <= nt; k++) {
        int end = k < nt ? t[k] : l;
        double w = 0, s = 0;
        for (int i = start; i <= end; i++) {
            double pi = (double)h->count[i] / (double)h->total;
            w += pi;
            s += (i == f ? 1.0 : (double)(i - f)) * pi;
        }
        if (!(k == 0 && end == f) && w > 0)
            sigma += s * s / w;
        start = end + 1;
    }
    return sigma;
}

/* brute force over every threshold tuple in f..l-1 (skimage's range) */
static double brute(const segkit_histogram *h, int nt, int *best, int *unique)
{
    int f, l;
    occupied(h, &f, &l);
    int t[SEGKIT_THRESHOLD_MAX];
    for (int k = 0; k < nt; k++)
        t[k] = f + k;
    double bmax = -1, second = -1;
    for (;;) {
        double v = sk_objective(h, t, nt);
        if (v > bmax * (1 + 1e-12)) {
            /* a distinct new maximum (ties on empty bins do not count) */
            if (!(bmax >= 0 && same_classes(h, best, t, nt)))
                second = bmax;
            bmax = v;
            memcpy(best, t, sizeof(int) * (size_t)nt);
        } else if (v > second && !same_classes(h, best, t, nt)) {
            second = v;
        }
        int k = nt - 1;
        while (k >= 0 && t[k] == l - nt + k)
            k--;
        if (k < 0)
            break;
        t[k]++;
        for (int j = k + 1; j < nt; j++)
            t[j] = t[j - 1] + 1;
    }
    *unique = second < bmax * (1 - 1e-9);
    return bmax;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

static void dp_vs_brute(void)
{
    int compared = 0, exact = 0;
    for (int trial = 0; trial < 300; trial++) {
        int nbins = 6 + (int)(rnd() % 30);
        int classes = 2 + (int)(rnd() % 4);
        uint64_t c[64] = {0};
        for (int i = 0; i < nbins; i++)
            c[i] = rnd() % 3 == 0 ? 0 : 1 + rnd() % 60;
        segkit_histogram h = make_hist(c, nbins);
        int occupied = 0;
        for (int i = 0; i < nbins; i++)
            occupied += c[i] != 0;
        if (occupied <= classes)
            continue;
        int nt = classes - 1, ref[SEGKIT_THRESHOLD_MAX], unique;
        double vmax = brute(&h, nt, ref, &unique);
        int dp[SEGKIT_THRESHOLD_MAX], ex[SEGKIT_THRESHOLD_MAX];
        CHECK(segkit_multiotsu_search(&h, classes, 2, dp) == SEGKIT_OK);
        CHECK(segkit_multiotsu_search(&h, classes, 1, ex) == SEGKIT_OK);
        double vdp = sk_objective(&h, dp, nt), vex = sk_objective(&h, ex, nt);
        CHECKF(fabs(vdp - vmax) <= 1e-12 * vmax, "trial %d: dp %.15g brute %.15g",
               trial, vdp, vmax);
        /* the exhaustive search runs in float32 like skimage */
        CHECKF(fabs(vex - vmax) <= 1e-5 * vmax, "trial %d: exhaustive %.15g brute %.15g",
               trial, vex, vmax);
        compared++;
        if (unique) {
            int same_dp = 1, same_ex = 1;
            for (int k = 0; k < nt; k++) {
                same_dp &= dp[k] == ref[k];
                same_ex &= ex[k] == ref[k];
            }
            CHECKF(same_dp, "trial %d: dp thresholds differ from brute force", trial);
            CHECKF(same_ex, "trial %d: exhaustive thresholds differ", trial);
            exact++;
        }
    }
    CHECKF(compared > 200 && exact > 100, "compared %d, unique %d", compared, exact);
}

/* 16 bits, every one of the 65536 values occupied (count 1), plus five
 * clusters of 401 values x 1000 pixels centred at 6000, 19000, 32000, 45000
 * and 58000.  The clusters hold 2 005 000 of the 2 070 131 pixels; any
 * partition that splits a cluster pays ~ (6500)^2 per moved pixel, so the
 * four thresholds fall in the gaps between clusters.  All bins occupied
 * means the exhaustive search (C(65535, 4) ~ 7.7e17) is impossible: this
 * is the dynamic programme's case (its time is printed, never asserted:
 * timing belongs to the benchmarks). */
static void sixteen_bit(void)
{
    const int nb = 65536;
    uint64_t *c = malloc(sizeof *c * (size_t)nb);
    static const int centres[5] = {6000, 19000, 32000, 45000, 58000};
    for (int i = 0; i < nb; i++)
        c[i] = 1;
    for (int s = 0; s < 5; s++)
        for (int i = centres[s] - 200; i <= centres[s] + 200; i++)
            c[i] += 1000;
    segkit_histogram h = make_hist(c, nb);
    double t[SEGKIT_THRESHOLD_MAX];
    clock_t t0 = clock();
    int n = multiotsu(&h, 5, t);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECKF(n == 4, "16-bit: %d thresholds", n);
    for (int k = 0; k < 4 && n == 4; k++)
        CHECKF(t[k] > centres[k] + 200 && t[k] < centres[k + 1] - 200,
               "16-bit threshold %d = %g", k, t[k]);
    printf("16-bit, 65536 occupied bins, 5 classes: %.3f s\n", secs);
    free(c);
}

/* SOURCE.txt, "Values measured here (skimage 0.19.3 / OpenCV 4.6)";
 * NAN = not listed.  li and mean are given to two decimals. */
static void measured(void)
{
    static const struct {
        const char *file;
        double otsu, li, yen, isodata, mean, triangle, triangle_cv, minimum;
        double mo0, mo1;
    } v[] = {
        {"skimage/camera.png", 102, 78.91, 146, 102, 129.06, 42, 43, 85, 87, 176},
        {"skimage/coins.png", 107, 94.63, 110, 107, 96.86, 80, 81, 143, 77, 139},
        {"skimage/text.png", 109, 100.17, 94, 108, NAN, 104, 103, NAN, NAN, NAN},
        {"skimage/moon.png", 87, 71.50, 135, 86, NAN, 126, 127, NAN, NAN, NAN},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        sample s = load(v[i].file);
        if (!s.ok) {
            CHECKF(0, "%s loads", v[i].file);
            continue;
        }
        const segkit_histogram *h = &s.hist;
        const char *f = v[i].file;
        const level_case c[] = {
            {h, SEGKIT_THRESH_OTSU, SK, v[i].otsu, v[i].otsu, f},
            {h, SEGKIT_THRESH_LI, SK, v[i].li - 0.005, v[i].li + 0.005, f},
            {h, SEGKIT_THRESH_YEN, SK, v[i].yen, v[i].yen, f},
            {h, SEGKIT_THRESH_ISODATA, SK, v[i].isodata, v[i].isodata, f},
            {h, SEGKIT_THRESH_MEAN, SK, v[i].mean - 0.005, v[i].mean + 0.005, f},
            {h, SEGKIT_THRESH_TRIANGLE, SK, v[i].triangle, v[i].triangle, f},
            {h, SEGKIT_THRESH_TRIANGLE, CV, v[i].triangle_cv, v[i].triangle_cv, f},
            {h, SEGKIT_THRESH_MINIMUM, SK, v[i].minimum, v[i].minimum, f},
        };
        check_levels(c, sizeof c / sizeof c[0]);
        if (!isnan(v[i].mo0)) {
            double m[SEGKIT_THRESHOLD_MAX];
            int n = multiotsu(h, 3, m);
            CHECKF(n == 2 && m[0] == v[i].mo0 && m[1] == v[i].mo1,
                   "%s multiotsu %d: %g %g", v[i].file, n, m[0], m[1]);
            /* the dynamic programme agrees with the exhaustive search */
            int a[2], b[2];
            CHECK(segkit_multiotsu_search(h, 3, 1, a) == SEGKIT_OK);
            CHECK(segkit_multiotsu_search(h, 3, 2, b) == SEGKIT_OK);
            CHECKF(a[0] == b[0] && a[1] == b[1], "%s dp %d %d vs %d %d",
                   v[i].file, b[0], b[1], a[0], a[1]);
        }
        unload(&s);
    }
}

int main(void)
{
    spikes();
    dp_vs_brute();
    sixteen_bit();
    measured(); /* camera, coins, text from data/; moon as a histogram */
    return check_done();
}
