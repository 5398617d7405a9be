/* Private: the union-find root search shared by the labeller
 * (src/label/components.c, blocks8.c) and Felzenszwalb's graph segmentation
 * (src/color/felzenszwalb.c).  How sets are joined differs (the labeller
 * links the larger root under the smaller; Felzenszwalb also keeps sizes
 * and internal differences), so only the find is shared.  No state. */
#ifndef SEGKIT_INTERNAL_UNION_FIND_H
#define SEGKIT_INTERNAL_UNION_FIND_H

#include <stdint.h>

/* The root of x (par[root] == root), halving the path on the way. */
static inline int32_t uf_find(int32_t *par, int32_t x)
{
    while (par[x] != x) {
        par[x] = par[par[x]];
        x = par[x];
    }
    return x;
}

#endif
