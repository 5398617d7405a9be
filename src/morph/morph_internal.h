/* Private to src/morph: structuring elements as horizontal runs, and the
 * float work images of the reconstruction-based operations. */
#ifndef SEGKIT_MORPH_INTERNAL_H
#define SEGKIT_MORPH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/morph.h"

/* The offsets (dx, dy) with dy fixed and dx in [x0, x0 + len - 1]. */
typedef struct morph_run {
    int dy, x0, len;
} morph_run;

typedef struct morph_runs {
    morph_run *run;      /* sorted by dy, then x0 */
    int n;
    int dymin, dymax;    /* dymin <= 0 <= dymax: the origin is always in */
    int xmin, xmax;      /* smallest x0, largest x0 + len - 1 */
} morph_runs;

/* The runs of se's footprint; reflect = 1: of the reflected element (-b).
 * SEGKIT_ERR_ARG / SEGKIT_ERR_NOMEM.  Free with free(runs->run). */
int morph_se_runs(const segkit_se *se, int reflect, morph_runs *runs);

/* 1 channel u8/u16/f32 with data: SEGKIT_OK, else SEGKIT_ERR_ARG (NULL) /
 * SEGKIT_ERR_TYPE. */
int morph_check(const segkit_image *img);

/* The common start of an operation writing a new image: out NULL ->
 * SEGKIT_ERR_ARG; *out zeroed; morph_check(in); connectivity 4 or 8 unless
 * it is 0 (not used). */
int morph_begin(const segkit_image *in, int connectivity, segkit_image *out);

/* The image as a tight float buffer (u8/u16/f32 values are exact), and
 * back into a new image of `type` (values are whole numbers in range). */
float *morph_to_float(const segkit_image *img);
int morph_from_float(const float *v, int w, int h, segkit_type type,
                     segkit_image *out);

/* Reconstruction by dilation of the float image j (seed, in place) under
 * mask m (j <= m is made so first), connectivity 4 or 8. */
int morph_reconstruct_f(float *j, const float *m, int w, int h, int connectivity);

#endif
