/* Private helpers shared by the files of src/label (never installed). */
#ifndef SEGKIT_LABEL_INTERNAL_H
#define SEGKIT_LABEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/label.h"

/* 1-channel SEGKIT_I32 with data: OK, else SEGKIT_ERR_ARG / _TYPE. */
int lb_check_labels(const segkit_image *labels);

/* Largest label value of a label image (0 if none is positive). */
int32_t lb_max_label(const segkit_image *labels);

/* Overflow-checked malloc / calloc of n * size bytes (NULL on failure). */
void *lb_alloc(size_t n, size_t size);
void *lb_calloc(size_t n, size_t size);

/* Pixel counts of labels 1..count of a label image: area[0..count]
 * (area[0] is 0; labels outside 1..count are not counted). */
int lb_areas(const segkit_image *labels, int32_t count, int64_t **area);

#endif
