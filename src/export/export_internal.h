/* Private helpers of src/export (never installed).  The label area's
 * private helpers (label_internal.h: checks, overflow-checked allocation,
 * max label) are shared rather than copied. */
#ifndef SEGKIT_EXPORT_INTERNAL_H
#define SEGKIT_EXPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "segkit/export.h"
#include "label/label_internal.h"

#define ex_alloc lb_alloc
#define ex_calloc lb_calloc
#define ex_max_label lb_max_label
#define ex_check_labels lb_check_labels

/* realloc of n * size bytes, overflow-checked (NULL on failure; p kept). */
static inline void *ex_realloc_array(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    return realloc(p, bytes ? bytes : 1);
}

/* One object of a label image: its label, pixel count and box of pixel
 * extents (x0, y0 inclusive, x1, y1 exclusive). */
typedef struct ex_object {
    int32_t label;
    int64_t area;
    int x0, y0, x1, y1;
} ex_object;

/* The positive labels present, ascending (*objs malloc'ed, *n entries). */
int ex_objects(const segkit_image *labels, ex_object **objs, size_t *n);

/* The RLE of object o (its box bounds the scan). */
int ex_rle_object(const segkit_image *labels, const ex_object *o,
                  segkit_rle *rle);

/* Contours grouped by label: for label objs[i].label, the contour indices
 * idx[start[i] .. start[i + 1]) in the order found (outer borders before
 * their holes).  *idx and *start malloc'ed. */
int ex_group_contours(const segkit_contours *c, const ex_object *objs,
                      size_t n, size_t **idx, size_t **start);

/* The export's outlines: traced, then simplified by p->simplify. */
int ex_outlines(const segkit_image *labels, const segkit_export_params *p,
                segkit_contours *c);

#endif
