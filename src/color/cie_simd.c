/* Vector CIE conversions and CIEDE2000 for the image paths: linear RGB (a
 * companding table of the 8- or 16-bit levels) to linear RGB, XYZ, L*a*b*
 * and L*u*v*, eight colours at a time in double precision, the cube root
 * by Halley's iteration (within an ulp or two of libm's cbrt); and
 * CIEDE2000 without trigonometric library calls: dH' and the mean hue from
 * the unit a'b' vectors (2 sqrt(C1'C2') sin(dh'/2) = sqrt(C1'C2') |u1 -
 * u2|; cos nh of the mean hue from its vector), atan2, exp and sin by
 * series.  The distances agree with segkit_delta_e_lab to about 1e-12 (the
 * tests measure it); distance.c decides again in double precision the
 * pixels within a band around the tolerance, so masks stay exact.
 * One body (cie_simd_body.h) compiled for SSE2 and AVX-512 (8 lanes) and
 * AVX2 (4 lanes, one register). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "color_internal.h"

/* 64-byte vectors pass between always-inline helpers only */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef double vd8 __attribute__((vector_size(64)));
typedef int64_t vl8 __attribute__((vector_size(64)));
typedef float vf8 __attribute__((vector_size(32)));
typedef int32_t vi8 __attribute__((vector_size(32)));
typedef double vd4 __attribute__((vector_size(32)));
typedef int64_t vl4 __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));
typedef int32_t vi4 __attribute__((vector_size(16)));
#define vd vd8
#define vl vl8
#define vf vf8
#define vi vi8
#define NV 8

static inline vd vsqrt_base(vd x)
{
    vd r;
    for (int k = 0; k < CS_VEC; k++)
        r[k] = sqrt(x[k]);
    return r;
}

#define SFX _base
#define TGT
#define VSQRT vsqrt_base
#include "cie_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT

#if CS_X86
#include <immintrin.h>
CS_TARGET_AVX2 static inline __attribute__((always_inline)) vd4 vsqrt_avx2(vd4 x)
{
    return (vd4)_mm256_sqrt_pd((__m256d)x);
}
CS_TARGET_AVX512 static inline __attribute__((always_inline)) vd vsqrt_avx512(vd x)
{
    return (vd)_mm512_sqrt_pd((__m512d)x);
}
#undef vd
#undef vl
#undef vf
#undef vi
#undef NV
#define vd vd4
#define vl vl4
#define vf vf4
#define vi vi4
#define NV 4
#define SFX _avx2
#define TGT CS_TARGET_AVX2
#define VSQRT vsqrt_avx2
#include "cie_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT
#undef vd
#undef vl
#undef vf
#undef vi
#undef NV
#define vd vd8
#define vl vl8
#define vf vf8
#define vi vi8
#define NV 8
#define SFX _avx512
#define TGT CS_TARGET_AVX512
#define VSQRT vsqrt_avx512
#include "cie_simd_body.h"
#undef SFX
#undef TGT
#undef VSQRT
#endif

int cs_cie_simd_space(segkit_space s)
{
    return s == SEGKIT_SPACE_LINEAR || s == SEGKIT_SPACE_XYZ || s == SEGKIT_SPACE_LAB ||
           s == SEGKIT_SPACE_LUV;
}

void cs_cie_batch(const cs_ctx *c, int isa, int n, const double *const lin[3], double *const out[3])
{
#if CS_X86
    if (isa >= CS_ISA_AVX512) {
        cie_batch_avx512(c, n, lin[0], lin[1], lin[2], out[0], out[1], out[2]);
        return;
    }
    if (isa >= CS_ISA_AVX2) {
        cie_batch_avx2(c, n, lin[0], lin[1], lin[2], out[0], out[1], out[2]);
        return;
    }
#endif
    cie_batch_base(c, n, lin[0], lin[1], lin[2], out[0], out[1], out[2]);
}

void cs_de2000_batch(int isa, const segkit_delta_e_params *p, const double (*ref)[3], int nref,
                     double far, int n, const double *const lab[3], double *dmin,
                     uint8_t *unsure)
{
#if CS_X86
    if (isa >= CS_ISA_AVX512) {
        de2000_batch_avx512(p, ref, nref, far, n, lab[0], lab[1], lab[2], dmin, unsure);
        return;
    }
    if (isa >= CS_ISA_AVX2) {
        de2000_batch_avx2(p, ref, nref, far, n, lab[0], lab[1], lab[2], dmin, unsure);
        return;
    }
#endif
    de2000_batch_base(p, ref, nref, far, n, lab[0], lab[1], lab[2], dmin, unsure);
}
