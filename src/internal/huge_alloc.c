/* Large buffers in transparent huge pages (huge_alloc.h). */
#define _DEFAULT_SOURCE 1 /* madvise, MADV_HUGEPAGE (Linux) */
#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "huge_alloc.h"

void *huge_alloc(size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (bytes >= 4 * huge && bytes <= SIZE_MAX - huge) {
        void *p = NULL;
        bytes = (bytes + huge - 1) / huge * huge;
        if (posix_memalign(&p, huge, bytes) != 0)
            return NULL;
        madvise(p, bytes, MADV_HUGEPAGE); /* advice only: failure is fine */
        return p;
    }
#endif
    return bytes ? malloc(bytes) : NULL;
}
