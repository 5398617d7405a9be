/* The label image of the export benchmark (bench_export.c) and of its
 * OpenCV peer (peer_contours.cpp): coins-scale disks on a jittered 64-pixel
 * grid, radius 14..27 (the coins of data/coins.png are 20-30), every fourth
 * a ring with a hole of half its radius; objects never touch.  Labels 1..n
 * in grid order.  C and C++. */
#ifndef SEGKIT_BENCH_COIN_LABELS_H
#define SEGKIT_BENCH_COIN_LABELS_H

#include <stdint.h>

static inline uint32_t coin_hash(uint32_t v)
{
    v *= 2654435761u;
    v ^= v >> 16;
    v *= 0x85ebca6bu;
    v ^= v >> 13;
    return v;
}

/* Fills lab (w x h int32, row stride `stride` elements, zeroed by the
 * caller); returns the number of objects. */
static inline int32_t coin_labels(int32_t *lab, int w, int h, int stride)
{
    int32_t n = 0;
    for (int cy = 32; cy + 32 <= h; cy += 64)
        for (int cx = 32; cx + 32 <= w; cx += 64) {
            uint32_t r0 = coin_hash((uint32_t)(cy * 7919 + cx));
            int x0 = cx + (int)(r0 % 9) - 4, y0 = cy + (int)((r0 >> 4) % 9) - 4;
            int r = 14 + (int)((r0 >> 8) % 14), hole = (r0 >> 12) % 4 == 0 ? r / 2 : 0;
            n++;
            for (int y = y0 - r; y <= y0 + r; y++)
                for (int x = x0 - r; x <= x0 + r; x++) {
                    int d2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
                    if (d2 <= r * r && (hole == 0 || d2 > hole * hole))
                        lab[(size_t)y * (size_t)stride + (size_t)x] = n;
                }
        }
    return n;
}

#endif
