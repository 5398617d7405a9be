/* The marker rule of segkit_watershed_split and its defaults, chosen on the
 * BBBC039 training fields (docs/watershed-nuclei.md, tests/tune/bbbc039_*):
 *  - markers: the extended maxima of the EDT, i.e. the regional maxima of
 *    its h-maxima transform (reconstruction by dilation of EDT - h under
 *    EDT; Soille, "Morphological Image Analysis", 2003, 6.3.5; MATLAB's
 *    imextendedmax): one connected plateau per dome of dynamic >= h.  The
 *    pixels where EDT - reconstruction >= h (skimage.morphology.h_maxima)
 *    are only the dome's highest pixels, and a dome whose top value is
 *    reached at two pixels apart (frequent in a distance map of a
 *    digitised shape) got two markers: a nucleus cut in two.
 *  - h: a fixed fraction of the typical object size d, twice the median
 *    over the mask's components (8-connected) of their largest distance to
 *    the background (the diameter of their inscribed disc: a cluster of
 *    touching objects counts as one of them, not as their sum), so that the rule
 *    is the same for any magnification: two touching discs of radius r are
 *    kept apart when their centres are more than ~1.02 r apart
 *    (r - sqrt(r^2 - c^2 / 4) > 0.14 r); at least 1 pixel (a dome less
 *    than a pixel high is the digitisation's).  A component of the mask
 *    with no pixel farther than h from the background has no such dome
 *    (the background of the reconstruction is flooded to 0): it is dropped
 *    unless keep_all (specks, threads one or two pixels wide);
 *  - objects of the mask smaller than min_size x pi d^2 / 4 are removed
 *    first (debris, fragments). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/select_k.h"
#include "segkit/label.h"
#include "segkit/morph.h"
#include "watershed/ws_internal.h"

/* numpy.median of a[0..n) (n > 0; a is reordered): the middle value, or
 * the mean of the two middle ones. */
static double median_of(double *a, size_t n)
{
    size_t k = n / 2;
    select_k(a, n, k);
    double med = a[k];
    if (n % 2 == 0) {
        double lo = a[0];
        for (size_t i = 1; i < k; i++)
            if (a[i] > lo)
                lo = a[i];
        med = (med + lo) / 2;
    }
    return med;
}

/* The EDT value of a key: a squared distance, or a float's bits. */
static double key_value(uint32_t k, int key_d2)
{
    if (key_d2)
        return ws_d2_value(k);
    float f;
    memcpy(&f, &k, sizeof f);
    return f;
}

int ws_split_prepare(const segkit_image *mask, uint32_t *key, size_t kstride,
                     int key_d2, const segkit_watershed_split_params *p,
                     segkit_image *comp_out, segkit_image *cleaned, double *h)
{
    if (comp_out)
        *comp_out = (segkit_image){0};
    if (cleaned)
        *cleaned = (segkit_image){0};
    *h = p->h;
    if (p->h > 0 && p->min_size == 0)
        return SEGKIT_OK;
    /* d: twice the median of the components' largest distance to the
     * background (their inscribed discs): a cluster of touching objects
     * has the EDT maximum of one of them, not the size of the cluster.
     * The keys keep the order of the distances: the largest key is the
     * largest distance. */
    segkit_label_params lp = segkit_label_params_default();
    lp.connectivity = 8;
    segkit_image comp;
    int32_t n;
    segkit_label_stat *stats;
    int st = segkit_label(mask, &lp, &comp, &n, &stats);
    if (st != SEGKIT_OK)
        return st;
    uint32_t *topk = calloc((size_t)n + 1, sizeof *topk);
    double *top = calloc((size_t)n + 1, sizeof *top);
    if (!top || !topk) {
        st = SEGKIT_ERR_NOMEM;
        goto done;
    }
    int w = mask->width, hh = mask->height;
    for (int y = 0; y < hh; y++) {
        const int32_t *c = segkit_image_row(&comp, y);
        const uint32_t *e = key + (size_t)y * kstride;
        for (int x = 0; x < w; x++)
            if (e[x] > topk[c[x]])
                topk[c[x]] = e[x];
    }
    for (int32_t i = 1; i <= n; i++)
        top[i] = key_value(topk[i], key_d2);
    double d = n ? 2 * median_of(top + 1, (size_t)n) : 0;
    if (p->h == 0)
        *h = fmax(p->h_size * d, 1.0);
    /* components under min_size x the area of that disc go, from the mask
     * and from its EDT (a component's distances are its own: the
     * background around it separates it from the others) */
    int64_t min_area = (int64_t)(p->min_size * 3.14159265358979323846 * d * d / 4);
    if (min_area <= 1)
        goto done;
    if (cleaned &&
        (st = segkit_image_create(cleaned, w, hh, 1, SEGKIT_U8)) != SEGKIT_OK)
        goto done;
    for (int y = 0; y < hh; y++) {
        const int32_t *c = segkit_image_row(&comp, y);
        uint8_t *o = cleaned ? segkit_image_row(cleaned, y) : NULL;
        uint32_t *e = key + (size_t)y * kstride;
        for (int x = 0; x < w; x++) {
            int keep = c[x] && stats[c[x]].area >= min_area;
            if (o)
                o[x] = keep ? 255 : 0;
            if (!keep)
                e[x] = 0;
        }
    }
done:
    free(top);
    free(topk);
    free(stats);
    if (st == SEGKIT_OK && comp_out)
        *comp_out = comp;
    else
        segkit_image_free(&comp);
    return st;
}

int ws_extended_maxima(const segkit_image *edt, double h, int connectivity,
                       const segkit_image *mask, segkit_image *markers,
                       int32_t *n)
{
    *markers = (segkit_image){0};
    *n = 0;
    segkit_image seed, rec = {0}, top = {0};
    int st = segkit_image_copy(edt, &seed);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < seed.height; y++) {
        float *r = segkit_image_row(&seed, y);
        for (int x = 0; x < seed.width; x++)
            r[x] = (float)(r[x] - h);
    }
    st = segkit_morph_reconstruct(&seed, edt, 0, connectivity, &rec);
    if (st == SEGKIT_OK)
        st = segkit_morph_regional_extrema(&rec, connectivity, 0, &top);
    if (st == SEGKIT_OK) {
        for (int y = 0; y < top.height; y++) {
            uint8_t *t = segkit_image_row(&top, y);
            const void *m = segkit_image_row(mask, y);
            for (int x = 0; x < top.width; x++)
                if (!ws_nonzero(mask, m, x))
                    t[x] = 0;
        }
        segkit_label_params lp = segkit_label_params_default();
        lp.connectivity = connectivity;
        st = segkit_label(&top, &lp, markers, n, NULL);
    }
    segkit_image_free(&seed);
    segkit_image_free(&rec);
    segkit_image_free(&top);
    return st;
}
