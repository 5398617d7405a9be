/* Private: large buffers in transparent huge pages, shared by the
 * watershed's cells (src/watershed/flood.c) and SLIC's planes and labels
 * (src/color/slic.c).  Not installed. */
#ifndef SEGKIT_INTERNAL_HUGE_ALLOC_H
#define SEGKIT_INTERNAL_HUGE_ALLOC_H

#include <stddef.h>

/* bytes of uninitialised memory for free(); from 8 MiB up, on Linux, 2 MiB
 * aligned and advised MADV_HUGEPAGE (where the system's mode is madvise,
 * a buffer that is written once through faults 512 times fewer pages in,
 * and a random walk through it misses the TLB less).  NULL on failure. */
void *huge_alloc(size_t bytes);

#endif
