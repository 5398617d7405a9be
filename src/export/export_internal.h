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

/* Makes room for `need` elements of `size` bytes in *p (capacity *cap,
 * doubled as needed, at least 64): SEGKIT_OK or SEGKIT_ERR_NOMEM (*p kept). */
static inline int ex_reserve(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return SEGKIT_ERR_NOMEM;
        c *= 2;
    }
    void *nb = ex_realloc_array(*p, c, size);
    if (!nb)
        return SEGKIT_ERR_NOMEM;
    *p = nb;
    *cap = c;
    return 0;
}

/* Row searches, 8 pixels at a time (compilers turn the fixed inner loops
 * into vector compares): the first x in [x, end) with row[x] != v, with
 * row[x] == v; end if none. */
static inline int ex_run_end(const int32_t *row, int x, int end, int32_t v)
{
    for (; x + 8 <= end; x += 8) {
        int diff = 0;
        for (int k = 0; k < 8; k++)
            diff |= row[x + k] != v;
        if (diff)
            break;
    }
    while (x < end && row[x] == v)
        x++;
    return x;
}

static inline int ex_find_value(const int32_t *row, int x, int end, int32_t v)
{
    for (; x + 8 <= end; x += 8) {
        int eq = 0;
        for (int k = 0; k < 8; k++)
            eq |= row[x + k] == v;
        if (eq)
            break;
    }
    while (x < end && row[x] != v)
        x++;
    return x;
}

/* Backwards: the largest x' in [begin, x] such that row[x' - 1] differs
 * from v (is v for the second), begin if none; row[begin..x-1] are read. */
static inline int ex_run_start(const int32_t *row, int begin, int x, int32_t v)
{
    for (; x - 8 >= begin; x -= 8) {
        int diff = 0;
        for (int k = 1; k <= 8; k++)
            diff |= row[x - k] != v;
        if (diff)
            break;
    }
    while (x > begin && row[x - 1] == v)
        x--;
    return x;
}

static inline int ex_find_value_back(const int32_t *row, int begin, int x, int32_t v)
{
    for (; x - 8 >= begin; x -= 8) {
        int eq = 0;
        for (int k = 1; k <= 8; k++)
            eq |= row[x - k] == v;
        if (eq)
            break;
    }
    while (x > begin && row[x - 1] != v)
        x--;
    return x;
}

/* One object of a label image: its label, pixel count and box of pixel
 * extents (x0, y0 inclusive, x1, y1 exclusive). */
typedef struct ex_object {
    int32_t label;
    int64_t area;
    int x0, y0, x1, y1;
    size_t run0, nruns; /* its runs: (*runs)[run0 .. run0 + nruns) */
} ex_object;

/* A run of one label on row y: pixels x0 .. x1-1. */
typedef struct ex_run {
    int32_t y, x0, x1;
} ex_run;

/* The positive labels present, ascending (*objs malloc'ed, *n entries),
 * from one pass over the image; when runs is not NULL, *runs (malloc'ed)
 * holds every object's runs, grouped by object, in raster order within an
 * object. */
int ex_objects(const segkit_image *labels, ex_object **objs, size_t *n, ex_run **runs);

/* ex_objects with the row kernel of ISA (-1: the best the CPU has; 0:
 * plain C; 1: AVX2; 2: AVX-512; capped by what the CPU has), for tests and
 * benchmarks. */
int ex_objects_isa(const segkit_image *labels, ex_object **objs, size_t *n, ex_run **runs,
                   int isa);

/* Bit x (word x / 64, bit x % 64) of bits: row[x] != row[x - 1], row[-1]
 * taken as 0, for x in [0, w); bits has (w + 63) / 64 words (changes.c). */
typedef void (*ex_changes_fn)(const int32_t *row, int w, uint64_t *bits);
ex_changes_fn ex_changes_kernel(int isa);

/* segkit_contours_find for the objects objs[0..n) of labels and their runs
 * (ex_objects). */
int ex_contours(const segkit_image *labels, const ex_object *objs, size_t n,
                const ex_run *runs, segkit_contours *out);

/* Scratch buffers of ex_rle_from_runs, reused from object to object
 * (zero-initialise; free with ex_rle_scratch_free). */
struct ex_crack;
typedef struct ex_rle_scratch {
    size_t *cs;
    int32_t *ys;
    struct ex_crack *st;
    size_t cap_cs, cap_ys, cap_st;
} ex_rle_scratch;

static inline void ex_rle_scratch_free(ex_rle_scratch *s)
{
    free(s->cs);
    free(s->ys);
    free(s->st);
    s->cs = NULL;
    s->ys = NULL;
    s->st = NULL;
    s->cap_cs = s->cap_ys = s->cap_st = 0;
}

/* The RLE of object o (of a height x width image) from its runs
 * runs[o->run0 .. o->run0 + o->nruns) (ex_objects): each horizontal crack
 * between pixels toggles the object in its column, so the cracks found by
 * comparing consecutive rows' runs, bucketed by column, are the run ends
 * in column-major order.  No pixel is read. */
int ex_rle_from_runs(const ex_object *o, const ex_run *runs, int height, int width,
                     ex_rle_scratch *s, segkit_rle *rle);

/* segkit_contours_find (when c is not NULL) and segkit_rle_encode_all
 * (when rles is not NULL) from one pass over the image, its row kernel
 * chosen by isa as in ex_objects_isa: what an exporter writing both
 * outlines and RLE does; the benchmarks time it against OpenCV's
 * findContours on each instruction set. */
int ex_contours_rles(const segkit_image *labels, segkit_contours *c, segkit_rle **rles,
                     int32_t **values, size_t *n, int isa);

/* Contours grouped by label: for label objs[i].label, the contour indices
 * idx[start[i] .. start[i + 1]) in the order found (outer borders before
 * their holes).  *idx and *start malloc'ed. */
int ex_group_contours(const segkit_contours *c, const ex_object *objs,
                      size_t n, size_t **idx, size_t **start);

/* What an exporter works from: the objects, their runs and, when asked,
 * their outlines (traced, simplified by p->simplify) grouped by object:
 * object i has the contours idx[start[i] .. start[i + 1]). */
typedef struct ex_export {
    ex_object *objs;
    size_t n;
    ex_run *runs;
    segkit_contours c;
    size_t *idx, *start;
} ex_export;

int ex_export_begin(const segkit_image *labels, const segkit_export_params *p,
                    int outlines, ex_export *e);
void ex_export_end(ex_export *e);

/* Writes ring r of c: its vertices through the affine transform t (NULL:
 * none), each as put(x, y, k, ctx) with k = 0, 1, ... its place in the
 * output; reversed when reverse is set; the first vertex repeated at the
 * end when close is set. */
void ex_ring_vertices(const segkit_contours *c, size_t r, const double *t,
                      int reverse, int close,
                      void (*put)(double x, double y, size_t k, void *ctx), void *ctx);

#endif
