/* Hand-worked cases for the ImageJ-family global thresholds (huang, huang2,
 * intermodes, maxentropy, minerror, minimum, moments, percentile,
 * renyientropy, shanbhag), scikit-image's threshold_minimum and ITK's
 * kappa-sigma.  Every expected value is derived in the comment above it
 * from the algorithm's definition (ImageJ AutoThresholder / Fiji
 * Auto_Threshold, skimage threshold_minimum, ITK
 * KappaSigmaThresholdImageCalculator), never from running segkit.
 *
 * Notation: "level t" is ImageJ's (0..t background); with one bin per
 * value the threshold reported is t itself (foreground = v > t). */
#include <math.h>
#include <stdint.h>

#include "check.h"
#include "segkit/segkit.h"

#define IJ SEGKIT_CONV_IMAGEJ
#define SK SEGKIT_CONV_SKIMAGE

/* histogram of a row of u8 or u16 values */
static segkit_histogram hist_u8(const uint8_t *v, int n)
{
    segkit_image img;
    segkit_histogram h;
    memset(&h, 0, sizeof h);
    CHECK(segkit_image_wrap(&img, (void *)v, n, 1, 1, SEGKIT_U8, n) == SEGKIT_OK);
    CHECK(segkit_histogram_compute(&img, NULL, NULL, &h) == SEGKIT_OK);
    return h;
}

static segkit_histogram hist_u16(const uint16_t *v, int n)
{
    segkit_image img;
    segkit_histogram h;
    memset(&h, 0, sizeof h);
    CHECK(segkit_image_wrap(&img, (void *)v, n, 1, 1, SEGKIT_U16, 2 * (size_t)n) ==
          SEGKIT_OK);
    CHECK(segkit_histogram_compute(&img, NULL, NULL, &h) == SEGKIT_OK);
    return h;
}

/* u8 row with count[i] copies of value val[i] */
static segkit_histogram hist_counts(const int *val, const int *cnt, int k)
{
    static uint8_t px[1 << 16];
    int n = 0;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < cnt[i]; j++)
            px[n++] = (uint8_t)val[i];
    return hist_u8(px, n);
}

/* Runs one method; returns the threshold, or NAN with *status set. */
static double run_p(const segkit_histogram *h, segkit_threshold_method m,
                    const segkit_threshold_params *p, int *status)
{
    double t[SEGKIT_THRESHOLD_MAX];
    int n = 0;
    int st = segkit_threshold_histogram(h, m, p, t, &n);
    if (status)
        *status = st;
    if (st != SEGKIT_OK || n != 1)
        return NAN;
    return t[0];
}

static double run(const segkit_histogram *h, segkit_threshold_method m,
                  segkit_convention c)
{
    segkit_threshold_params p = segkit_threshold_params_default();
    p.convention = c;
    int st;
    double t = run_p(h, m, &p, &st);
    if (st != SEGKIT_OK)
        fprintf(stderr, "  %s (%s): %s\n", segkit_threshold_method_name(m),
                segkit_convention_name(c), segkit_strerror(st));
    return t;
}

#define EXPECT(h, m, c, want)                                                   \
    do {                                                                       \
        double got_ = run((h), (m), (c));                                      \
        CHECKF(got_ == (want), "%s (%s): got %g, expected %g",                 \
               segkit_threshold_method_name(m), segkit_convention_name(c),     \
               got_, (double)(want));                                          \
    } while (0)

static const segkit_threshold_method ij_methods[] = {
    SEGKIT_THRESH_HUANG,      SEGKIT_THRESH_HUANG2,       SEGKIT_THRESH_INTERMODES,
    SEGKIT_THRESH_MAXENTROPY, SEGKIT_THRESH_MINERROR,     SEGKIT_THRESH_MINIMUM,
    SEGKIT_THRESH_MOMENTS,    SEGKIT_THRESH_PERCENTILE,   SEGKIT_THRESH_RENYIENTROPY,
    SEGKIT_THRESH_SHANBHAG,
};
#define N_IJ (int)(sizeof ij_methods / sizeof ij_methods[0])

/* ImageJ's AutoThresholder.getThreshold() calls bilevel() before any
 * method and returns its answer when it has one (ImageJ 1.x
 * ij/process/AutoThresholder.java, getThreshold(), lines 45-47 in the
 * imagej1 copy at commit 89336a3: "int threshold = bilevel(histogram);
 * if (threshold>=0) return threshold;"); bilevel() returns, for one
 * non-empty bin b, b - 1, for two a < b, b - 1 (bilevelSubractOne = true).
 * Huang2 is not an AutoThresholder.Method: it is Fiji's Auto_Threshold,
 * which has no bilevel() and answers a bracketed histogram of length < 2
 * with "threshold = 0" plus the bracket's offset, i.e. the bin's level. */
static int is_huang2(segkit_threshold_method m)
{
    return m == SEGKIT_THRESH_HUANG2;
}

/* Every pixel 77.  ImageJ: bilevel() -> 77 - 1 = 76 for every
 * AutoThresholder method; Fiji's Huang2: the bin's level, 77.
 * Under the skimage convention (no bilevel) segkit's ImageJ-only algorithms
 * report the level of the one bin, 77 (nothing is foreground).
 * skimage minimum: uniform_filter1d of a one-value histogram has no local
 * maximum -> "Unable to find two maxima" -> unsupported.
 * kappa-sigma: mean 77, sigma 0 -> T = 77; the second pass repeats it. */
static void single_bin(void)
{
    uint8_t px[5] = {77, 77, 77, 77, 77};
    segkit_histogram h = hist_u8(px, 5);
    for (int i = 0; i < N_IJ; i++) {
        EXPECT(&h, ij_methods[i], IJ, is_huang2(ij_methods[i]) ? 77 : 76);
        if (ij_methods[i] != SEGKIT_THRESH_MINIMUM)
            EXPECT(&h, ij_methods[i], SK, 77);
    }
    segkit_threshold_params p = segkit_threshold_params_default();
    p.convention = SK;
    int st;
    run_p(&h, SEGKIT_THRESH_MINIMUM, &p, &st);
    CHECKF(st == SEGKIT_ERR_UNSUPPORTED, "skimage minimum, one bin: %s", segkit_strerror(st));
    EXPECT(&h, SEGKIT_THRESH_KAPPASIGMA, IJ, 77);
    segkit_histogram_free(&h);

    /* the same on a 16-bit image: histogram lo = 3000, one bin at index 0:
     * bilevel() gives 0 - 1 = -1, "not applicable", so ImageJ runs the
     * method on the bracketed one-bin histogram (getThreshold() brackets
     * histograms longer than 256) and Fiji answers 0 + offset: level 0 */
    uint16_t px16[3] = {3000, 3000, 3000};
    h = hist_u16(px16, 3);
    for (int i = 0; i < N_IJ; i++)
        EXPECT(&h, ij_methods[i], IJ, 3000);
    EXPECT(&h, SEGKIT_THRESH_KAPPASIGMA, IJ, 3000);
    segkit_histogram_free(&h);
}

/* Two spikes: 3 pixels at 10, 3 at 20 (u8, 256 bins).
 * ImageJ: getThreshold()'s bilevel() (see single_bin) answers 20 - 1 = 19
 * before any AutoThresholder method runs.  The algorithms' own answers
 * below are checked under the skimage convention, where segkit's
 * ImageJ-only algorithms run without bilevel() (one bin per value, so the
 * bin centre reported there is the level itself). */
static void two_spikes(void)
{
    static const int val[2] = {10, 20}, cnt[2] = {3, 3};
    segkit_histogram h = hist_counts(val, cnt, 2);
    for (int i = 0; i < N_IJ; i++)
        if (!is_huang2(ij_methods[i]))
            EXPECT(&h, ij_methods[i], IJ, 19);

    /* Huang (Celebi): first = 10, last = 20, term = 1/10.  Levels 0..9 see
     * one class with mean 15: each pixel is 5 away, mu = 1/1.5, entropy
     * 6 * H(2/3) = 3.82.  Level 10: each spike is its own class mean, mu = 1
     * is skipped (> 0.999999), entropy 0 < 3.82.  Nothing is below 0 -> 10. */
    EXPECT(&h, SEGKIT_THRESH_HUANG, SK, 10);
    /* Huang2: level 10 has rounded means 10 and 20, entropy 0, the first
     * (strict) minimum -> 10. */
    EXPECT(&h, SEGKIT_THRESH_HUANG2, IJ, 10);
    /* Intermodes: cut to bins 10..20 = [3,0,...,0,3] (11 bins), running
     * mean with 0 outside:
     *   pass 1 [1,1,0,0,0,0,0,0,0,1,1]        no strict maxima
     *   pass 2 [2,2,1,0,0,0,0,0,1,2,2]/3      none (plateaus)
     *   pass 3 [4,5,3,1,0,0,0,1,3,5,4]/9      maxima at 1 and 9
     * level = 10 + floor((1 + 9) / 2) = 15. */
    EXPECT(&h, SEGKIT_THRESH_INTERMODES, SK, 15);
    /* ImageJ Minimum: bilevel() -> 19 (above); its own search, first i
     * with y[i-1] > y[i] <= y[i+1] = 11, is not reached in ImageJ. */
    /* skimage minimum: one uniform_filter1d pass gives 1 at bins 9..11 and
     * 19..21 (exact: integer running sums / 3), 0 elsewhere.  Plateau-aware
     * maxima: the last bin of each plateau, 11 and 21 -> two maxima, stop.
     * argmin of smooth[11..21] is the first 0, bin 12 -> centre 12. */
    EXPECT(&h, SEGKIT_THRESH_MINIMUM, SK, 12);
    /* MaxEntropy: P1 = 0.5 on 10..19, P2 = 0 from 20, so levels 10..19;
     * each class is one spike, entropy 0 + 0 = 0, never above the initial
     * Double.MIN_VALUE -> no level, ImageJ's -1 -> 0. */
    EXPECT(&h, SEGKIT_THRESH_MAXENTROPY, SK, 0);
    /* RenyiEntropy: alpha 1 as above -> 0 (its max starts at 0.0, needs
     * tot > 0); alpha 0.5: sqrt(1) * sqrt(1) -> log 1 = 0 -> 0; alpha 2:
     * 1 * 1 -> 0 -> 0.  t1 = t2 = t3 = 0, omega = 0:
     * opt = 0 * P1[0] + 0 + 0 * P2[0] = 0. */
    EXPECT(&h, SEGKIT_THRESH_RENYIENTROPY, SK, 0);
    /* Shanbhag: level 10, term = 0.5 / 0.5 = 1: background
     * -0.5 * log(1 - P1[9]) = -0.5 * log 1 = 0; object
     * -0.5 * log(1 - P2[20]) = 0 -> |0 - 0| = 0, the first strict minimum
     * below DBL_MAX -> 10. */
    EXPECT(&h, SEGKIT_THRESH_SHANBHAG, SK, 10);
    /* Moments on the bin indices: m1 = 15, m2 = 250, m3 = 4500; cd = 25,
     * c0 = (-62500 + 67500) / 25 = 200, c1 = (-4500 + 3750) / 25 = -30,
     * z0 = (30 - 10) / 2 = 10, z1 = 20, p0 = (20 - 15) / 10 = 0.5 (all
     * exact).  First bin whose cumulative fraction is > 0.5: at 10 it is
     * exactly 0.5, so 20. */
    EXPECT(&h, SEGKIT_THRESH_MOMENTS, SK, 20);
    /* Percentile 0.5: cumulative 0 below 10 (|0 - 0.5| = 0.5 < 1 -> 0),
     * 0.5 from 10 (distance 0 -> 10), 1 from 20 (0.5, not better) -> 10. */
    EXPECT(&h, SEGKIT_THRESH_PERCENTILE, SK, 10);
    /* MinError(I): Mean = floor(15) = 15; both classes have variance 0:
     * w0 = 1/0 - 1/0 = NaN, the step is NaN, the level stays 15. */
    EXPECT(&h, SEGKIT_THRESH_MINERROR, SK, 15);
    /* kappa-sigma (kappa 2, 2 iterations): all six: mean 15, sum of squares
     * 6 * 25 = 150, sigma = sqrt(150 / 5) = 5.477, T = 15 + 10.95 -> 25;
     * second pass keeps all six -> 25 again, stop. */
    EXPECT(&h, SEGKIT_THRESH_KAPPASIGMA, IJ, 25);
    segkit_histogram_free(&h);
}

/* Bins 10..15 = [1, 4, 1, 2, 6, 2]: already bimodal (strict maxima at 11
 * and 14; 13 rises to 14, 10 is not above 11). */
static void bimodal_as_is(void)
{
    static const int val[6] = {10, 11, 12, 13, 14, 15}, cnt[6] = {1, 4, 1, 2, 6, 2};
    segkit_histogram h = hist_counts(val, cnt, 6);
    /* Intermodes: cut to 10..15, maxima at indices 1 and 4,
     * 10 + floor(5 / 2) = 12. */
    EXPECT(&h, SEGKIT_THRESH_INTERMODES, IJ, 12);
    /* ImageJ Minimum: first i with y[i-1] > y[i] <= y[i+1]: 12 (4 > 1 <= 2) */
    EXPECT(&h, SEGKIT_THRESH_MINIMUM, IJ, 12);
    /* skimage smooths before it looks: (h[i-1] + h[i] + h[i+1]) / 3 over
     * bins 9..16 = 1/3, 5/3, 2, 7/3, 3, 10/3, 8/3, 2/3: a single rise and
     * fall, one maximum -> "Unable to find two maxima" -> unsupported. */
    segkit_threshold_params p = segkit_threshold_params_default();
    p.convention = SK;
    int st;
    run_p(&h, SEGKIT_THRESH_MINIMUM, &p, &st);
    CHECKF(st == SEGKIT_ERR_UNSUPPORTED, "skimage minimum, one maximum: %s",
           segkit_strerror(st));
    segkit_histogram_free(&h);
}

/* Percentile with other fractions: one pixel each at 10, 20, 30, 40,
 * cumulative 0.25, 0.5, 0.75, 1.
 *   0.25: below 10 distance 0.25 (< 1, level 0), at 10 distance 0 -> 10.
 *   0.75: 0.75 (0), 0.5 (10), 0.25 (20), 0 (30) -> 30. */
static void percentile_fractions(void)
{
    uint8_t px[4] = {10, 20, 30, 40};
    segkit_histogram h = hist_u8(px, 4);
    segkit_threshold_params p = segkit_threshold_params_default();
    p.percentile = 0.25;
    CHECK(run_p(&h, SEGKIT_THRESH_PERCENTILE, &p, NULL) == 10);
    p.percentile = 0.75;
    CHECK(run_p(&h, SEGKIT_THRESH_PERCENTILE, &p, NULL) == 30);
    segkit_histogram_free(&h);
}

/* Kappa-sigma, ITK semantics: 4 x 10, 4 x 12, 1 x 200.
 * Pass 1 (all 9): mean 288 / 9 = 32; squares 4*22^2 + 4*20^2 + 168^2 =
 * 31760; sigma = sqrt(31760 / 8) = sqrt(3970) = 63.0079.
 *   kappa 2: T = 32 + 126.016 = 158.016 -> 158 (truncated, u8).
 * Pass 2 (v <= 158: the eight at 10/12): mean 11, squares 8,
 * sigma = sqrt(8 / 7) = 1.0690, T = 11 + 2.138 -> 13.
 *   iterations 1 -> 158; iterations 2 (default) -> 13; iterations 3: pass 3
 *   keeps the same eight -> 13 again, stop -> 13.
 *   kappa 3: pass 1 T = 32 + 189.02 -> 221, pass 2 keeps all nine -> 221
 *   again, stop -> 221. */
static void kappasigma(void)
{
    static const int val[3] = {10, 12, 200}, cnt[3] = {4, 4, 1};
    segkit_histogram h = hist_counts(val, cnt, 3);
    segkit_threshold_params p = segkit_threshold_params_default();
    CHECK(p.kappa == 2 && p.iterations == 2);
    double t = run_p(&h, SEGKIT_THRESH_KAPPASIGMA, &p, NULL);
    CHECKF(t == 13, "kappasigma default %g", t);
    p.iterations = 1;
    t = run_p(&h, SEGKIT_THRESH_KAPPASIGMA, &p, NULL);
    CHECKF(t == 158, "kappasigma 1 iteration %g", t);
    p.iterations = 3;
    t = run_p(&h, SEGKIT_THRESH_KAPPASIGMA, &p, NULL);
    CHECKF(t == 13, "kappasigma 3 iterations %g", t);
    p.iterations = 2;
    p.kappa = 3;
    t = run_p(&h, SEGKIT_THRESH_KAPPASIGMA, &p, NULL);
    CHECKF(t == 221, "kappasigma kappa 3 %g", t);
    segkit_histogram_free(&h);

    /* the same shifted by +990 on a 16-bit image (4 x 1000, 4 x 1002,
     * 1 x 1190): pass 1 mean 1022, T = 1148.016 -> 1148; pass 2 mean 1001,
     * T = 1003.138 -> 1003 */
    uint16_t px[9] = {1000, 1000, 1000, 1000, 1002, 1002, 1002, 1002, 1190};
    h = hist_u16(px, 9);
    p = segkit_threshold_params_default();
    t = run_p(&h, SEGKIT_THRESH_KAPPASIGMA, &p, NULL);
    CHECKF(t == 1003, "kappasigma 16-bit %g", t);
    segkit_histogram_free(&h);
}

/* 16-bit, histogram lo = 1000, 11 bins (relative index r = v - 1000):
 * counts r0 1, r1 3, r2 1, r8 1, r9 3, r10 1.  Reported value = 1000 + r. */
static void sixteen_bit(void)
{
    uint16_t px[10] = {1000, 1001, 1001, 1001, 1002, 1008, 1009, 1009, 1009, 1010};
    segkit_histogram h = hist_u16(px, 10);
    CHECK(h.nbins == 11 && h.lo == 1000);
    /* ImageJ Minimum: strict maxima at r1 and r9 already; first r with
     * y[r-1] > y[r] <= y[r+1]: r2 (1 > 1? no), r3 (1 > 0 <= 0) -> 1003. */
    EXPECT(&h, SEGKIT_THRESH_MINIMUM, IJ, 1003);
    /* Intermodes: maxima r1, r9 -> floor(10 / 2) = r5 -> 1005. */
    EXPECT(&h, SEGKIT_THRESH_INTERMODES, IJ, 1005);
    /* Percentile 0.5: cumulative 0.1, 0.4, 0.5 -> r2 (distance 0) -> 1002. */
    EXPECT(&h, SEGKIT_THRESH_PERCENTILE, IJ, 1002);
    /* Huang2, C = 10, Smu[x] = H(1 / (1 + x/10)):
     * Smu1 0.3046, Smu2 0.4506, Smu3 0.5402, Smu4 0.5983, Smu5 0.6365,
     * Smu6 0.6616.
     *   r2: means 1 and 9 (exact): 2 Smu1 + 2 Smu1 = 1.2186
     *   r1: means 0.75 -> 1, 47/6 -> 8: Smu1 + (Smu6 + 3 Smu1 + Smu2) = 2.33
     *   r8: 13/6 -> 2, 9.25 -> 9: Smu2 + 3 Smu1 + Smu6 + Smu1 = 2.33
     *   r0, r9, r10 (one class holding nearly all, mean ~5): > 5
     * minimum at r2 -> 1002.
     * Huang (exact means, same membership, mu = 1 skipped): r2 has the
     * same 4 H(1/1.1) = 1.2186; r1 = 0.597 + 2.215 = 2.81, r8 likewise,
     * r0/r9/r10 > 5 -> 1002. */
    EXPECT(&h, SEGKIT_THRESH_HUANG2, IJ, 1002);
    EXPECT(&h, SEGKIT_THRESH_HUANG, IJ, 1002);
    segkit_histogram_free(&h);
}

/* A flat histogram of N values (each once).  With p = 1/N and a = t + 1
 * pixels below:
 *   MaxEntropy: log(a) + log(N - a), largest at a = N/2 -> t = N/2 - 1
 *     ((N/2)^2 beats (N/2 - 1)(N/2 + 1) by 1).
 *   Renyi: alpha 0.5: 2 log(sqrt(a) sqrt(N - a)) = log(a (N - a)); alpha 2:
 *     -log(1/a * 1/(N - a)) = log(a (N - a)): all three at t = N/2 - 1,
 *     betas 1,2,1, omega 0, opt = t (P1[t] + P2[t]) = t (P1 = 0.5 exactly).
 * N = 256 (u8) runs ImageJ's term-by-term sums; N = 8192 (u16, lo 0) has
 * more than 4096 non-empty bins and runs the cumulative-sum path. */
static void flat(void)
{
    static uint8_t px8[256];
    for (int i = 0; i < 256; i++)
        px8[i] = (uint8_t)i;
    segkit_histogram h = hist_u8(px8, 256);
    EXPECT(&h, SEGKIT_THRESH_MAXENTROPY, IJ, 127);
    EXPECT(&h, SEGKIT_THRESH_RENYIENTROPY, IJ, 127);
    segkit_histogram_free(&h);

    static uint16_t px16[8192];
    for (int i = 0; i < 8192; i++)
        px16[i] = (uint16_t)i;
    h = hist_u16(px16, 8192);
    CHECK(h.nbins == 8192 && h.lo == 0);
    EXPECT(&h, SEGKIT_THRESH_MAXENTROPY, IJ, 4095);
    EXPECT(&h, SEGKIT_THRESH_RENYIENTROPY, IJ, 4095);
    /* Percentile: cumulative (t + 1) / 8192 = 0.5 exactly at t = 4095 */
    EXPECT(&h, SEGKIT_THRESH_PERCENTILE, IJ, 4095);
    segkit_histogram_free(&h);
}

/* reference-values.md lists ImageJ "Huang 134" on zimmyrose.  That number
 * is J. Schindelin's 2011 reimplementation, which ImageJ / Fiji shipped as
 * "Huang" at the time and Fiji now calls "Huang2" (current ImageJ's "Huang",
 * M. E. Celebi's original, is segkit's huang). */
static void zimmyrose_huang2(void)
{
    char path[4096];
    if (!check_path(path, sizeof path, "SEGKIT_SHARED_DATA",
                    "imagej/grayscale_by_zimmyrose.png")) {
        printf("SKIP zimmyrose huang2: shared data not found\n");
        return;
    }
    segkit_image img, gray;
    segkit_histogram h;
    CHECK(segkit_read_file(path, NULL, &img, NULL) == SEGKIT_OK);
    CHECK(segkit_color_to_gray(&img, SEGKIT_GRAY_BT601, &gray) == SEGKIT_OK);
    CHECK(segkit_histogram_compute(&gray, NULL, NULL, &h) == SEGKIT_OK);
    EXPECT(&h, SEGKIT_THRESH_HUANG2, IJ, 134);
    segkit_histogram_free(&h);
    segkit_image_free(&gray);
    segkit_image_free(&img);
}

int main(void)
{
    single_bin();
    two_spikes();
    bimodal_as_is();
    percentile_fractions();
    kappasigma();
    sixteen_bit();
    flat();
    zimmyrose_huang2();
    return check_done();
}
