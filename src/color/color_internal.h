/* Private to src/color: one conversion context per colour space, shared by
 * the per-colour and per-image entry points (space.c), the range and
 * distance masks and the indices. */
#ifndef SEGKIT_COLOR_INTERNAL_H
#define SEGKIT_COLOR_INTERNAL_H

#include "segkit/color.h"

#define CS_PI 3.14159265358979323846

/* What a conversion needs, computed once per call (matrices, white). */
typedef struct cs_ctx {
    segkit_color_space cs;
    double to_xyz[3][3];   /* linear RGB -> XYZ (D65 or Bradford D50) */
    double from_xyz[3][3]; /* its inverse */
    double white[3];       /* reference white (D65 or D50) */
    double m[3][3];        /* ycbcr yuv yiq hed: the forward matrix */
    double minv[3][3];     /* its inverse */
    double offset[3];      /* ycbcr: added after the matrix */
} cs_ctx;

void cs_ctx_init(cs_ctx *c, const segkit_color_space *cs);
void cs_from_rgb(const cs_ctx *c, const double rgb[3], double out[3]);
void cs_to_rgb(const cs_ctx *c, const double in[3], double rgb[3]);
/* The same from samples on the scale 0..one (one = 255, 65535 or 1) */
void cs_from_samples(const cs_ctx *c, const double v[3], double one, double out[3]);

/* The samples of pixel x of a row (RGB of any 3-4 channel u8/u16/f32 image)
 * as they are; cs_sample_max: 255, 65535 or 1 */
void cs_load_rgb(const segkit_image *img, const void *row, int x, double rgb[3]);
static inline double cs_sample_max(segkit_type t)
{
    return t == SEGKIT_U8 ? 255.0 : t == SEGKIT_U16 ? 65535.0 : 1.0;
}

/* OpenCV's 8-bit encodings (opencv.c): tables, then one pixel */
typedef struct cs_cv {
    segkit_space space;
    int sdiv[256], hdiv[256];       /* hsv */
    uint16_t gamma[256], cbrt[3072]; /* lab */
    int c[9];
} cs_cv;
/* The tables of hsv, lab or hls (no tables: its space for cs_cv_pixel; any
 * other space gets hsv's), made once per process; NULL if they could not
 * be made. */
const cs_cv *cs_cv_tables(segkit_space space);
void cs_cv_pixel(const cs_cv *t, int r, int g, int b, uint8_t out[3]);

/* Run-time choice of the vector kernels (range.c, opencv.c): the x86-64
 * clones are compiled with these targets whatever the build's baseline and
 * picked by cs_isa.  FMA is never used by the clones' arithmetic, so the
 * results cannot depend on the CPU. */
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define CS_X86 1
#define CS_TARGET_AVX2 __attribute__((target("avx2")))
#define CS_TARGET_AVX512 __attribute__((target("avx2,avx512f,avx512bw,avx512dq,avx512vl")))
#else
#define CS_X86 0
#endif
enum { CS_ISA_BASE = 0, CS_ISA_AVX2 = 1, CS_ISA_AVX512 = 2 };
/* The instruction set to use: isa -1 the best the CPU has, else the best
 * the CPU has up to isa (0 baseline, 1 AVX2, 2 AVX-512 F/BW/DQ/VL). */
int cs_isa(int isa);

/* segkit_color_range_mask_to and segkit_color_convert_opencv_to with the
 * vector code limited to an instruction set (as cs_isa): for the tests,
 * which compare every path with the scalar one, and the benchmarks. */
int cs_range_mask_isa(const segkit_image *rgb, const segkit_color_ranges *r,
                      segkit_image *mask, int isa);
int cs_convert_opencv_isa(const segkit_image *rgb, segkit_space space, segkit_image *out,
                          int isa);
/* OR-ed into cs_convert_opencv_isa's isa: 8-bit Lab by the kernels that
 * gather every table (those the CPU would take without FMA), for the tests */
enum { CS_LAB8_GATHERS = 16 };

/* Vector CIE conversions and CIEDE2000 (cie_simd.c), eight colours a
 * step in double precision; isa a value of cs_isa.  cs_cie_batch: n
 * colours (n a multiple of CS_VEC) from linear RGB, structure of arrays,
 * to a space cs_cie_simd_space accepts (linear, xyz, lab, luv): within an
 * ulp or two of cie_from_linear.  cs_de2000_batch: the smallest CIEDE2000
 * of each L*a*b* colour to the references (as segkit_delta_e_lab(p, ref,
 * colour), to about 1e-12; where the lightness term alone exceeds far for
 * every colour of a vector and every reference, that lower bound instead),
 * unsure[i] = 1 where that approximation must not be trusted (hue opposite
 * a reference's, NaN). */
enum { CS_VEC = 8 };
int cs_cie_simd_space(segkit_space s);
void cs_cie_batch(const cs_ctx *c, int isa, int n, const double *const lin[3],
                  double *const out[3]);
void cs_de2000_batch(int isa, const segkit_delta_e_params *p, const double (*ref)[3], int nref,
                     double far, int n, const double *const lab[3], double *dmin,
                     uint8_t *unsure);
/* segkit_color_convert and segkit_color_distance_mask with the vector code
 * limited to an instruction set (as cs_isa), for the tests and benchmarks */
int cs_convert_isa(const segkit_image *rgb, const segkit_color_space *to, segkit_image *out,
                   int isa);
int cs_distance_mask_isa(const segkit_image *rgb, const double (*ref_lab)[3], int nref,
                         const segkit_delta_e_params *p, double tol, segkit_image *mask, int isa);

/* 3x3 helpers */
void cs_mat_inverse(const double m[3][3], double inv[3][3]);
void cs_mat_mul(const double a[3][3], const double b[3][3], double out[3][3]);
static inline void cs_mat_apply(const double m[3][3], const double v[3], double out[3])
{
    double a = v[0], b = v[1], c = v[2];
    out[0] = m[0][0] * a + m[0][1] * b + m[0][2] * c;
    out[1] = m[1][0] * a + m[1][1] * b + m[1][2] * c;
    out[2] = m[2][0] * a + m[2][1] * b + m[2][2] * c;
}

/* sRGB companding (IEC 61966-2-1), exact piecewise form */
double cs_srgb_to_linear(double c);
double cs_linear_to_srgb(double c);

/* the families: cie.c (linear, xyz, lab, lch, luv, lchuv, oklab, oklch),
 * hsx.c (hsv, hls, hsi), luma.c (ycbcr, yuv, yiq, hed) */
void cie_init(cs_ctx *c);
void cie_from_rgb(const cs_ctx *c, const double rgb[3], double out[3]);
/* the same from linear RGB (cie_from_rgb = companding + this) */
void cie_from_linear(const cs_ctx *c, const double lin[3], double out[3]);
/* L* alone of cie_from_linear to lab (the same bits as its out[0]) */
double cie_lab_l(const cs_ctx *c, const double lin[3]);
/* A lower bound of segkit_delta_e_lab(p, lab1, lab2) from the lightness
 * L2 of lab2 alone: its lightness term, computed as the formula does (the
 * other terms add a non-negative amount: CIEDE2000's rotation term is at
 * most sqrt(3) |dC'/SC| |dH'/SH| <= 0.87 ((dC'/SC)^2 + (dH'/SH)^2)).
 * NaN when that term is. */
double cs_delta_e_l_bound(const segkit_delta_e_params *p, const double lab1[3], double L2);
/* lut[k] = cs_srgb_to_linear(k / 255.0), or of (float)(k / 255.0) with
 * via_float (f32 images of 8-bit data): cie_from_linear of three entries
 * is then exactly cie_from_rgb of the samples, without the pow() calls */
void cs_linear_lut(double lut[256], int via_float);
/* 1 if the space is one cie_from_rgb converts to (linear ... oklch) */
int cs_space_is_cie(segkit_space s);
void cie_to_rgb(const cs_ctx *c, const double in[3], double rgb[3]);
/* OKLab's matrices (Ottosson): linear sRGB -> LMS, LMS' -> Lab */
extern const double cs_ok_m1[3][3], cs_ok_m2[3][3];
/* hsx_from_rgb: rgb on the scale 0..one (255 for u8 samples as they are:
 * hue and saturation then come from exact integer differences) */
void hsx_from_rgb(segkit_space s, const double rgb[3], double one, double out[3]);
void hsx_to_rgb(segkit_space s, const double in[3], double rgb[3]);
void luma_init(cs_ctx *c);
void luma_from_rgb(const cs_ctx *c, const double rgb[3], double out[3]);
void luma_to_rgb(const cs_ctx *c, const double in[3], double rgb[3]);

/* polar <-> cartesian with the hue in degrees 0..360 (0 for a gray) */
void cs_to_polar(const double in[3], double out[3]);
void cs_from_polar(const double in[3], double out[3]);

#endif
