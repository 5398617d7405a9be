/* Private to src/watershed and its tests. */
#ifndef SEGKIT_WS_INTERNAL_H
#define SEGKIT_WS_INTERNAL_H

#include "segkit/watershed.h"

/* Whether pixel x of row (of a 1-channel image of any type) is nonzero. */
static inline int ws_nonzero(const segkit_image *img, const void *row, int x)
{
    switch (img->type) {
    case SEGKIT_U8:  return ((const uint8_t *)row)[x] != 0;
    case SEGKIT_U16: return ((const uint16_t *)row)[x] != 0;
    case SEGKIT_I32: return ((const int32_t *)row)[x] != 0;
    default:         return ((const float *)row)[x] != 0.0f;
    }
}

/* segkit_watershed_to, with force_heap = 1: the binary-heap engine even
 * where the bucket queue would run.  With exact_ties = 0 the heap gives
 * the markers distinct ages in raster order, so both engines follow the
 * same total order (value, age) and must give the same labels: the tests
 * check the bucket queue against it. */
int ws_flood_engine(const segkit_image *surface, const segkit_image *markers,
                    const segkit_image *mask,
                    const segkit_watershed_params *params,
                    segkit_image *labels, int force_heap);

/* The bucket-queue flooding (no compactness, raster ties) of given levels:
 * levels[y * w + x] < nlevels <= 2^30, w x h = markers' size (I32; mask may
 * be NULL), connectivity 4 or 8, into labels (I32 of that size).  Any order
 * preserving map of a surface gives that surface's labels, so a caller that
 * ranks its values cheaply (integers) skips the float sort.  levels is
 * malloc'ed by the caller and freed here. */
int ws_flood_levels(uint32_t *levels, uint32_t nlevels,
                    const segkit_image *markers, const segkit_image *mask,
                    int connectivity, int lines, segkit_image *labels);

/* segkit_watershed_split's rule (split_rule.c), on the EDT of mask given as
 * keys in the order of the distances: key[y * kstride + x] is the squared
 * distance (key_d2 = 1: the value is ws_d2_value(key)) or the bits of the
 * F32 distance (key_d2 = 0).  With d twice the median over the 8-connected
 * components of mask of their largest distance: *h = p->h, or when it is 0
 * max(p->h_size d, 1); the keys of the components smaller than
 * p->min_size pi d^2 / 4 pixels are set to 0, and *cleaned (when not NULL)
 * is a u8 copy of mask without them (zeroed when nothing is removed).
 * *comp (when not NULL) receives the components (I32, 8-connected; zeroed
 * when the rule needed none: p->h > 0 and p->min_size == 0). */
int ws_split_prepare(const segkit_image *mask, uint32_t *key, size_t kstride,
                     int key_d2, const segkit_watershed_split_params *p,
                     segkit_image *comp, segkit_image *cleaned, double *h);
/* The F32 EDT value of a squared distance k: (float)sqrt(k), as
 * segkit_distance_transform writes it; UINT32_MAX: +inf. */
float ws_d2_value(uint32_t k);
/* The markers of ws_extended_maxima from the squared EDT d2 (w x h of
 * markers, contiguous; every value below 2^22), written into markers (I32,
 * zeroed by the caller) and numbered 1..*count in raster order of their
 * first pixel, for an image whose largest value M has
 * (float)(ws_d2_value(M) - h) > 0 (split_markers.c). */
int ws_extended_maxima_d2(const uint32_t *d2, double h, int connectivity,
                          segkit_image *markers, int32_t *count);
/* Markers: the extended maxima of edt (F32) of dynamic >= h, the regional
 * maxima of the reconstruction by dilation of edt - h under edt, kept inside
 * mask and labelled (connectivity 4 or 8) into a new I32 image. */
int ws_extended_maxima(const segkit_image *edt, double h, int connectivity,
                       const segkit_image *mask, segkit_image *markers,
                       int32_t *n);

#endif
