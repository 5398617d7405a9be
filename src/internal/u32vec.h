/* Private: a growable array of uint32 (pixel indices: stacks and queues of
 * searches), shared by src/edges (Canny's hysteresis) and src/watershed
 * (the split's marker search).  Zero-initialise it; free(v.a) at the end. */
#ifndef SEGKIT_INTERNAL_U32VEC_H
#define SEGKIT_INTERNAL_U32VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct u32vec {
    uint32_t *a;
    size_t n, cap;
} u32vec;

/* Appends x, doubling the capacity (from 4096) when full: 0, or -1 when
 * out of memory (v unchanged). */
static inline int u32vec_push(u32vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 4096;
        uint32_t *a = cap > SIZE_MAX / sizeof *a ? NULL : realloc(v->a, cap * sizeof *a);
        if (!a)
            return -1;
        v->a = a;
        v->cap = cap;
    }
    v->a[v->n++] = x;
    return 0;
}

#endif
