/* The benchmarks' handle on SLIC's instruction-set choice (cl_slic_isa is
 * private to the library, so it is not exported by libsegkit.so): a shared
 * object that peers_cluster.py loads in place of libsegkit.so to time the
 * AVX2 or baseline path beside scikit-image.  Build (Release tree):
 *   gcc -shared -fPIC -O2 -Iinclude -Isrc tests/bench/slic_isa_shim.c \
 *       -Wl,--whole-archive build-rel/libsegkit.a -Wl,--no-whole-archive \
 *       -lstb -lpng -ljpeg -lz -lm -lpthread -o /tmp/libsegkit_isa.so
 * Not part of the library or its tests. */
#include "color/cluster_internal.h"

int bench_slic_isa(const segkit_image *src, const segkit_slic_params *p, segkit_image *labels,
                   int32_t *count, int isa);

int bench_slic_isa(const segkit_image *src, const segkit_slic_params *p, segkit_image *labels,
                   int32_t *count, int isa)
{
    return cl_slic_isa(src, p, labels, count, isa);
}
