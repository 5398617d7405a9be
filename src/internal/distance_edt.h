/* Private: the one exact Euclidean distance transform, row by row, for
 * src/distance (segkit_distance_transform) and src/metrics (surface
 * distances), which need only some rows of it. */
#ifndef SEGKIT_INTERNAL_DISTANCE_EDT_H
#define SEGKIT_INTERNAL_DISTANCE_EDT_H

#include <stddef.h>
#include <stdint.h>

/* Which pixels are features: the bytes m[y * stride + x] that are nonzero
 * (nonzero = 1) or zero (nonzero = 0). */
typedef struct dist_features {
    const uint8_t *m;
    size_t stride;
    int nonzero;
} dist_features;

/* One finished row of the transform. */
typedef struct dist_edt_row {
    int y;
    const double *d2;        /* w squared distances; +inf: no feature pixel */
    const int32_t *near_x;   /* nearest feature pixel (column, row) of each */
    const int32_t *near_y;   /* pixel when asked for, else NULL; -1: none */
} dist_edt_row;

typedef void (*dist_edt_visit)(const dist_edt_row *row, void *arg);

/* The nearest feature row of every pixel's column (-1: none) into r, rows
 * rstride int32 apart: shared by the Euclidean and city-block transforms. */
void dist_nearest_rows(const dist_features *f, int w, int h, int32_t *r,
                       size_t rstride);

/* Exact squared EDT with pixel size sx, sy (> 0, finite).  visit(row, arg)
 * receives every row whose need[y] is nonzero (need NULL: all rows), in
 * DECREASING y (last row first); with want_near the nearest feature pixels too.  r: w*h
 * int32 of scratch (rows rstride int32 apart), or NULL to allocate it here;
 * a visit may overwrite row y of r (and nothing else of it).  SEGKIT_OK or
 * SEGKIT_ERR_NOMEM. */
int dist_edt_rows(const dist_features *f, int w, int h, double sx, double sy,
                  int want_near, const uint8_t *need, int32_t *r, size_t rstride,
                  dist_edt_visit visit, void *arg);

#endif
