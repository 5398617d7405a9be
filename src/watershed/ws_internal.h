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

/* segkit_watershed_split's rule (split_rule.c).  With d twice the median
 * over the 8-connected components of mask of their largest value in edt
 * (the EDT of mask, F32): *h = p->h, or when it is 0 max(p->h_size d, 1);
 * *cleaned = a u8 copy of mask without the components smaller than
 * p->min_size pi d^2 / 4 pixels, whose edt values are set to 0 (cleaned is
 * zeroed when nothing is to be removed). */
int ws_split_prepare(const segkit_image *mask, segkit_image *edt,
                     const segkit_watershed_split_params *p,
                     segkit_image *cleaned, double *h);
/* Markers: the extended maxima of edt (F32) of dynamic >= h, the regional
 * maxima of the reconstruction by dilation of edt - h under edt, kept inside
 * mask and labelled (connectivity 4 or 8) into a new I32 image. */
int ws_extended_maxima(const segkit_image *edt, double h, int connectivity,
                       const segkit_image *mask, segkit_image *markers,
                       int32_t *n);

#endif
