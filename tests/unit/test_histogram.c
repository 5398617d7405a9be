/* Histogram counting paths against a naive per-pixel count: small and large
 * (>= 2^20 pixels: the pair-counting path) 8-bit images, odd widths (row
 * tails), views with a stride, 16-bit and masked images. */
#include <math.h>

#include "check.h"
#include "segkit/segkit.h"

static uint32_t rng = 12345;
static uint8_t next8(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return (uint8_t)rng;
}

/* A picture-like image: a slow ramp plus small noise, or pure noise. */
static void fill(segkit_image *img, int noise)
{
    for (int y = 0; y < img->height; y++) {
        uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            r[x] = noise ? next8() : (uint8_t)((x / 7 + y / 5 + (next8() & 3)) & 0xff);
    }
}

static void compare(const segkit_image *img, const char *what)
{
    uint64_t naive[256] = {0};
    for (int y = 0; y < img->height; y++) {
        const uint8_t *r = segkit_image_row(img, y);
        for (int x = 0; x < img->width; x++)
            naive[r[x]]++;
    }
    segkit_histogram h;
    CHECK(segkit_histogram_compute(img, NULL, NULL, &h) == SEGKIT_OK);
    CHECKF(h.nbins == 256 && h.total == (uint64_t)img->width * img->height,
           "%s: nbins %d total %llu", what, h.nbins, (unsigned long long)h.total);
    int same = 1;
    for (int i = 0; i < 256 && h.nbins == 256; i++)
        same &= h.count[i] == naive[i];
    CHECKF(same, "%s: counts differ from a naive count", what);
    segkit_histogram_free(&h);
}

int main(void)
{
    static const int sizes[][2] = {{1, 1}, {7, 3}, {16, 16}, {1023, 1025}, {2048, 1024}, {400, 330}, {300, 300},
                                   {1031, 1100}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (int noise = 0; noise < 2; noise++) {
            segkit_image img, view;
            char what[64];
            CHECK(segkit_image_create(&img, sizes[i][0], sizes[i][1], 1, SEGKIT_U8) == 0);
            fill(&img, noise);
            snprintf(what, sizeof what, "%dx%d %s", sizes[i][0], sizes[i][1],
                     noise ? "noise" : "ramp");
            compare(&img, what);
            if (img.width > 3 && img.height > 3) {
                CHECK(segkit_image_view(&img, 1, 2, img.width - 3, img.height - 2, &view) == 0);
                strcat(what, " view");
                compare(&view, what);
            }
            segkit_image_free(&img);
        }
    }
    /* 16-bit: min..max layout, counts by value */
    segkit_image w;
    CHECK(segkit_image_create(&w, 1500, 800, 1, SEGKIT_U16) == 0);
    uint64_t n300 = 0;
    for (int y = 0; y < w.height; y++) {
        uint16_t *r = segkit_image_row(&w, y);
        for (int x = 0; x < w.width; x++) {
            r[x] = (uint16_t)(300 + (next8() & 15));
            n300 += r[x] == 300;
        }
    }
    segkit_histogram h;
    CHECK(segkit_histogram_compute(&w, NULL, NULL, &h) == SEGKIT_OK);
    CHECK(h.lo == 300 && h.nbins == 16 && h.count[0] == n300 && h.total == 1500u * 800u);
    segkit_histogram_free(&h);
    segkit_image_free(&w);

    /* float: 0, 0.7f, 1 in 10 bins.  The edge 0.7 is 0.69999998807907f in
     * float32, below 0.7: the sample 0.7f (the same float) is in bin 6 by
     * the double edges (0.69999998807907 * 10 < 7) and in bin 7 by numpy's
     * float32 edges.  np.histogram(np.float32([0, .7, 1]), bins=10) -> [1 0 0
     * 0 0 0 0 1 0 1]; skimage.exposure.histogram(x, 10) centres: bin 3
     * 0.35000002 ((0.3f + 0.4f) / 2 in float32), bin 7 0.75 */
    CHECK(segkit_image_create(&w, 3, 1, 1, SEGKIT_F32) == 0);
    float *fr = segkit_image_row(&w, 0);
    fr[0] = 0.0f, fr[1] = 0.7f, fr[2] = 1.0f;
    segkit_histogram_options ho = segkit_histogram_options_default();
    ho.bins = 10;
    CHECK(segkit_histogram_compute(&w, NULL, &ho, &h) == SEGKIT_OK);
    CHECK(h.nbins == 10 && h.count[6] == 1 && h.count[7] == 0 && !h.f32_edges);
    CHECK(fabs(segkit_histogram_centre(&h, 3) - 0.35) < 1e-12); /* not 0.35000002 */
    segkit_histogram_free(&h);
    ho.numpy_f32 = 1;
    CHECK(segkit_histogram_compute(&w, NULL, &ho, &h) == SEGKIT_OK);
    CHECK(h.nbins == 10 && h.count[0] == 1 && h.count[6] == 0 && h.count[7] == 1 &&
          h.count[9] == 1 && h.total == 3);
    CHECK(segkit_histogram_centre(&h, 3) == (double)0.35000002f);
    CHECK(segkit_histogram_centre(&h, 7) == 0.75);
    CHECK(segkit_histogram_upper(&h, 6) == (double)0.7f);
    CHECK(segkit_histogram_upper(&h, 9) == 1.0);
    segkit_histogram_free(&h);
    segkit_image_free(&w);
    return check_done();
}
