/* OpenCV's 8-bit colour encodings, bit for bit: cv::cvtColor on CV_8UC3
 * RGB input with COLOR_RGB2HSV (H 0..179) and COLOR_RGB2Lab, as OpenCV 4.x
 * computes them (modules/imgproc/src/color_hsv.simd.hpp RGB2HSV_b,
 * color_lab.cpp RGB2Lab_b): fixed-point arithmetic with OpenCV's tables,
 * rebuilt here from their definitions.  HLS (COLOR_RGB2HLS) goes through
 * floats as OpenCV's RGB2HLS_b does on its vector path (OpenCV's own
 * scalar loop for the last pixels of a row lacks the fused multiply-add
 * and can differ from its vector path by 1 in H).  All three equal
 * cv2.cvtColor (OpenCV 4.6) on all 2^24 colours as a 4096 x 4096 image;
 * tests/cli/color_peers.sh checks HSV and Lab on the nemo photos. */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "color_simd.h"

/* ------------------------------------------------------------------ HSV */

enum { HSV_SHIFT = 12 };


/* saturate_cast<int>(double): round half to even */
static int round_even(double v) { return (int)nearbyint(v); }

static void hsv_tables_init(cs_cv *t)
{
    t->sdiv[0] = t->hdiv[0] = 0;
    for (int i = 1; i < 256; i++) {
        t->sdiv[i] = round_even((255 << HSV_SHIFT) / (1. * i));
        t->hdiv[i] = round_even((180 << HSV_SHIFT) / (6. * i));
    }
}

static inline void hsv_pixel(const cs_cv *t, int r, int g, int b, uint8_t *d)
{
    int v = r > g ? r : g;
    v = v > b ? v : b;
    int vmin = r < g ? r : g;
    vmin = vmin < b ? vmin : b;
    int diff = v - vmin;
    int s = (diff * t->sdiv[v] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    int h = v == r ? g - b : v == g ? b - r + 2 * diff : r - g + 4 * diff;
    h = (h * t->hdiv[diff] + (1 << (HSV_SHIFT - 1))) >> HSV_SHIFT;
    h += h < 0 ? 180 : 0;
    d[0] = (uint8_t)h;
    d[1] = (uint8_t)s;
    d[2] = (uint8_t)v;
}

/* ------------------------------------------------------------------ Lab */

enum { LAB_SHIFT = 12, GAMMA_SHIFT = 3, LAB_SHIFT2 = LAB_SHIFT + GAMMA_SHIFT,
       CBRT_TAB = 256 * 3 / 2 * (1 << GAMMA_SHIFT) };


static void lab_tables_init(cs_cv *t)
{
    /* OpenCV's D65 white and sRGB matrix (color.hpp) */
    static const double white[3] = {0.950456, 1., 1.088754};
    static const double m[9] = {0.412453, 0.357580, 0.180423, 0.212671, 0.715160,
                                0.072169, 0.019334, 0.119193, 0.950227};
    for (int i = 0; i < 256; i++) {
        float x = (float)i / 255.0f;
        double g = x <= 0.04045f ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
        float q = 2040.0f * (float)g; /* a float product, as softfloat's */
        t->gamma[i] = (uint16_t)round_even(q);
    }
    const double lthresh = 216.0 / 24389.0, lscale = 841.0 / 108.0, lbias = 16.0 / 116.0;
    for (int i = 0; i < CBRT_TAB; i++) {
        float x = (float)(1.0 / (255.0 * (1 << GAMMA_SHIFT))) * (float)i;
        float f;
        if (x < (float)lthresh) {
            f = fmaf(x, (float)lscale, (float)lbias);
        } else { /* OpenCV's f32_cbrt comes out truncated, not rounded */
            double c = cbrt(x);
            f = (float)c;
            if ((double)f > c)
                f = nextafterf(f, 0.0f);
        }
        t->cbrt[i] = (uint16_t)round_even((1 << LAB_SHIFT2) * f);
    }
    for (int i = 0; i < 9; i++)
        t->c[i] = round_even((1 << LAB_SHIFT) * m[i] / white[i / 3]);
}

static inline void lab_pixel(const cs_cv *t, int r8, int g8, int b8, uint8_t *d)
{
    const int Lscale = (116 * 255 + 50) / 100;
    const int Lshift = -((16 * 255 * (1 << LAB_SHIFT2) + 50) / 100);
    const int *c = t->c;
    int R = t->gamma[r8], G = t->gamma[g8], B = t->gamma[b8];
#define DESCALE(x, n) (((x) + (1 << ((n)-1))) >> (n))
    int fX = t->cbrt[DESCALE(R * c[0] + G * c[1] + B * c[2], LAB_SHIFT)];
    int fY = t->cbrt[DESCALE(R * c[3] + G * c[4] + B * c[5], LAB_SHIFT)];
    int fZ = t->cbrt[DESCALE(R * c[6] + G * c[7] + B * c[8], LAB_SHIFT)];
    int L = DESCALE(Lscale * fY + Lshift, LAB_SHIFT2);
    int a = DESCALE(500 * (fX - fY) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
    int b = DESCALE(200 * (fY - fZ) + 128 * (1 << LAB_SHIFT2), LAB_SHIFT2);
#undef DESCALE
    d[0] = (uint8_t)(L < 0 ? 0 : L > 255 ? 255 : L);
    d[1] = (uint8_t)(a < 0 ? 0 : a > 255 ? 255 : a);
    d[2] = (uint8_t)(b < 0 ? 0 : b > 255 ? 255 : b);
}

/* The same, 8 pixels at a time with AVX2 (for CPUs without FMA; the others
 * take lab_row_fast8/16 below, after lab_row_vbmi where the CPU has VBMI):
 * lab_pixel's integer steps in 32-bit lanes, the tables by gathers from
 * 32-bit copies, so the bytes are lab_pixel's (pixels to lanes by
 * color_simd.h); the results are packed back to 12 bytes per 128-bit lane and
 * stored 16 bytes at a time, each store's last 4 bytes overwritten by the
 * next (the loop stops 2 pixels short of the row's end). */
#if CS_X86
typedef struct lab_wide {
    int32_t gamma[256], cbrt[CBRT_TAB], c[9];
} lab_wide;

static void lab_wide_init(const cs_cv *t, lab_wide *w)
{
    for (int i = 0; i < 256; i++)
        w->gamma[i] = t->gamma[i];
    for (int i = 0; i < CBRT_TAB; i++)
        w->cbrt[i] = t->cbrt[i];
    memcpy(w->c, t->c, sizeof w->c);
}

/* Every kernel below asks for the source LAB_PREFETCH pixels ahead: without
 * it, an image bigger than the last-level cache ran at 2/3 of the speed of
 * one inside it (4096 x 3072 on a Xeon with AVX-512: AVX2 kernel 549 MP/s,
 * 4096 x 1024 859; with it 888 and 880) */
enum { LAB_PREFETCH = 256 };
/* (in integers: the address may be past the image, which a prefetch may
 * name but C pointer arithmetic may not) */
#define LAB_AHEAD(p, off) _mm_prefetch((const char *)((uintptr_t)(p) + (off)), _MM_HINT_T0)
#define PACK3 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1
enum { LSCALE = (116 * 255 + 50) / 100,
       LSHIFT = -((16 * 255 * (1 << LAB_SHIFT2) + 50) / 100) + (1 << (LAB_SHIFT2 - 1)),
       ABIAS = 128 * (1 << LAB_SHIFT2) + (1 << (LAB_SHIFT2 - 1)) };

CS_TARGET_AVX2 static void lab_row_avx2(const cs_cv *t, const lab_wide *lw, const uint8_t *s,
                                        int ch, int w, uint8_t *d)
{
    const __m256i pack = _mm256_setr_epi8(PACK3, PACK3);
    const __m256i ff = _mm256_set1_epi32(0xff), zero = _mm256_setzero_si256(),
                  half = _mm256_set1_epi32(1 << (LAB_SHIFT - 1)),
                  ls = _mm256_set1_epi32(LSCALE), lsh = _mm256_set1_epi32(LSHIFT),
                  ab = _mm256_set1_epi32(ABIAS), k500 = _mm256_set1_epi32(500),
                  k200 = _mm256_set1_epi32(200);
    __m256i c[9];
    for (int i = 0; i < 9; i++)
        c[i] = _mm256_set1_epi32(lw->c[i]);
    int x = 0;
    for (; x + 10 <= w; x += 8) {
        __m256i r, g, b;
        LAB_AHEAD(s, (size_t)(x + LAB_PREFETCH) * (size_t)ch);
        cs_rgb8_avx2(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        __m256i R = _mm256_i32gather_epi32(lw->gamma, r, 4);
        __m256i G = _mm256_i32gather_epi32(lw->gamma, g, 4);
        __m256i B = _mm256_i32gather_epi32(lw->gamma, b, 4);
        __m256i f[3];
        for (int k = 0; k < 3; k++) {
            __m256i v = _mm256_add_epi32(
                _mm256_add_epi32(_mm256_mullo_epi32(R, c[3 * k]), _mm256_mullo_epi32(G, c[3 * k + 1])),
                _mm256_add_epi32(_mm256_mullo_epi32(B, c[3 * k + 2]), half));
            f[k] = _mm256_i32gather_epi32(lw->cbrt, _mm256_srai_epi32(v, LAB_SHIFT), 4);
        }
        __m256i L = _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(f[1], ls), lsh),
                                      LAB_SHIFT2);
        __m256i A = _mm256_srai_epi32(
            _mm256_add_epi32(_mm256_mullo_epi32(_mm256_sub_epi32(f[0], f[1]), k500), ab), LAB_SHIFT2);
        __m256i Bb = _mm256_srai_epi32(
            _mm256_add_epi32(_mm256_mullo_epi32(_mm256_sub_epi32(f[1], f[2]), k200), ab), LAB_SHIFT2);
        L = _mm256_min_epi32(_mm256_max_epi32(L, zero), ff);
        A = _mm256_min_epi32(_mm256_max_epi32(A, zero), ff);
        Bb = _mm256_min_epi32(_mm256_max_epi32(Bb, zero), ff);
        __m256i o = _mm256_or_si256(L, _mm256_or_si256(_mm256_slli_epi32(A, 8),
                                                       _mm256_slli_epi32(Bb, 16)));
        o = _mm256_shuffle_epi8(o, pack);
        uint8_t *q = d + 3 * (size_t)x;
        _mm_storeu_si128((__m128i *)q, _mm256_castsi256_si128(o));
        _mm_storeu_si128((__m128i *)(q + 12), _mm256_extracti128_si256(o, 1));
    }
    s += (size_t)x * (size_t)ch;
    d += 3 * (size_t)x;
    for (; x < w; x++, s += ch, d += 3)
        lab_pixel(t, s[0], s[1], s[2], d);
}

#undef PACK3

/* With FMA, 8 (AVX2) or 16 (AVX-512: 4-channel input and what lab_row_vbmi
 * leaves) pixels at a time, only the cube-root table gathered.
 * gamma[] is a cubic in the level on each of 8 runs of 32 levels (the run's
 * coefficients by vpermps), found by a linear program that puts all 32
 * levels of a run inside [gamma - 0.5, gamma + 0.5] with the most room
 * (tests/bench/lab8_gamma_fit.py; at least 0.02 left in float with fused
 * multiply-adds): lab_fast_init evaluates it on all 256 levels as the
 * kernel does and the kernel is used only if every level gives gamma[]
 * (else the gathers above).  The matrix is two vpmaddwd per row, as the
 * VBMI kernel's: (R, G) . (c0, c1) + (B, 2^11) . (c2, 1).  The cube-root
 * table holds fY | L << 16 (L = lab_pixel's from fY alone); a and b are
 * DESCALE(500 (fX - fY), 15) + 128 and DESCALE(200 (fY - fZ), 15) + 128,
 * which vpmulhrsw rounds the same way on the 16-bit differences (over all
 * 2^24 colours fX - fY is within -5654..6443, fY - fZ -17682..15492). */
#define CS_TARGET_FMA __attribute__((target("avx2,fma")))
static const float lab_gpoly[4][8] = {
    {0.213017747f, 1.81538463f, 3.76183629f, 182.049927f,
     120.307693f, 842.57312f, -740.858398f, 195.310699f},
    {0.560453653f, 0.233441293f, 0.115619823f, -4.74339581f,
     -2.42307687f, -14.382102f, 10.7376862f, -2.76975083f},
    {0.000147928993f, 0.0179487187f, 0.0199040081f, 0.0638440028f,
     0.0384615399f, 0.103917971f, -0.0294207316f, 0.0354945064f},
    {0.000345167646f, 5.39811081e-05f, 4.54593319e-05f, -8.61883236e-05f,
     1.17162326e-14f, -0.000118232223f, 0.000118563687f, 1.46520142e-05f},
};

typedef struct lab_fast {
    int32_t fl[CBRT_TAB]; /* cbrt | L << 16 */
    int32_t cxy[3], cz[3]; /* vpmaddwd pairs: (c0, c1), (c2, 1) per row */
} lab_fast;

/* lab_row_fast8 (AVX2) and lab_row_fast16 (AVX-512), one body */
#define SFX 8
#define TGT CS_TARGET_FMA
#define NV 8
#define VI __m256i
#define VF __m256
#define V_SRLI _mm256_srli_epi32
#define V_SLLI _mm256_slli_epi32
#define V_SRAI _mm256_srai_epi32
#define V_CVT _mm256_cvtepi32_ps
#define V_PERM(t, i) _mm256_permutevar8x32_ps(t, i)
#define V_FMA _mm256_fmadd_ps
#define V_ADDPS _mm256_add_ps
#define V_SET1PS _mm256_set1_ps
#define V_CASTI _mm256_castps_si256
#define V_BCAST128(v) _mm256_broadcastsi128_si256(v)
#define V_SET1 _mm256_set1_epi32
#define V_COEF(p) _mm256_loadu_ps(p)
#define V_RGB cs_rgb8_avx2
#define V_BLENDHI(a, b) _mm256_blend_epi16(a, b, 0xaa)
#define V_ADD _mm256_add_epi32
#define V_SUB _mm256_sub_epi32
#define V_MADD _mm256_madd_epi16
#define V_GATHER(t, i) _mm256_i32gather_epi32(t, i, 4)
#define V_ADD16 _mm256_add_epi16
#define V_MULHRS _mm256_mulhrs_epi16
#define V_PACKUS16 _mm256_packus_epi16
#define V_SHUF8 _mm256_shuffle_epi8
#define V_OR _mm256_or_si256
#define V_STORE12(q, o)                                                                            \
    (_mm_storeu_si128((__m128i *)(q), _mm256_castsi256_si128(o)),                                  \
     _mm_storeu_si128((__m128i *)((q) + 12), _mm256_extracti128_si256(o, 1)))
#include "lab8_fast_body.h"
#define CS_TARGET_FMA512 __attribute__((target("avx2,fma,avx512f,avx512bw,avx512dq,avx512vl")))
#define SFX 16
#define TGT CS_TARGET_FMA512
#define NV 16
#define VI __m512i
#define VF __m512
#define V_SRLI _mm512_srli_epi32
#define V_SLLI _mm512_slli_epi32
#define V_SRAI _mm512_srai_epi32
#define V_CVT _mm512_cvtepi32_ps
#define V_PERM(t, i) _mm512_permutexvar_ps(i, t)
#define V_FMA _mm512_fmadd_ps
#define V_ADDPS _mm512_add_ps
#define V_SET1PS _mm512_set1_ps
#define V_CASTI _mm512_castps_si512
#define V_BCAST128(v) _mm512_broadcast_i32x4(v)
#define V_SET1 _mm512_set1_epi32
#define V_COEF(p) _mm512_zextps256_ps512(_mm256_loadu_ps(p))
#define V_RGB cs_rgb16_avx512
#define V_BLENDHI(a, b) _mm512_mask_blend_epi16(0xaaaaaaaa, a, b)
#define V_ADD _mm512_add_epi32
#define V_SUB _mm512_sub_epi32
#define V_MADD _mm512_madd_epi16
#define V_GATHER(t, i) _mm512_i32gather_epi32(i, t, 4)
#define V_ADD16 _mm512_add_epi16
#define V_MULHRS _mm512_mulhrs_epi16
#define V_PACKUS16 _mm512_packus_epi16
#define V_SHUF8 _mm512_shuffle_epi8
#define V_OR _mm512_or_si512
#define V_STORE12(q, o)                                                                            \
    (_mm_storeu_si128((__m128i *)(q), _mm512_castsi512_si128(o)),                                  \
     _mm_storeu_si128((__m128i *)((q) + 12), _mm512_extracti32x4_epi32(o, 1)),                     \
     _mm_storeu_si128((__m128i *)((q) + 24), _mm512_extracti32x4_epi32(o, 2)),                     \
     _mm_storeu_si128((__m128i *)((q) + 36), _mm512_extracti32x4_epi32(o, 3)))
#include "lab8_fast_body.h"

/* 1 if the polynomial gives gamma[] on every level */
CS_TARGET_FMA static int lab_fast_init(const cs_cv *t, lab_fast *f)
{
    for (int i = 0; i < CBRT_TAB; i++) {
        int L = (LSCALE * t->cbrt[i] + LSHIFT) >> LAB_SHIFT2;
        f->fl[i] = t->cbrt[i] | (L < 0 ? 0 : L > 255 ? 255 : L) << 16;
    }
    for (int j = 0; j < 3; j++) {
        f->cxy[j] = (int32_t)((uint32_t)t->c[3 * j + 1] << 16 | (uint16_t)t->c[3 * j]);
        f->cz[j] = (int32_t)((uint32_t)1 << 16 | (uint16_t)t->c[3 * j + 2]);
    }
    __m256 k[4];
    for (int j = 0; j < 4; j++)
        k[j] = _mm256_loadu_ps(lab_gpoly[j]);
    for (int i = 0; i < 256; i += 8) {
        int32_t g[8];
        __m256i v = _mm256_add_epi32(_mm256_set1_epi32(i), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_storeu_si256((__m256i *)g, gamma8(v, k));
        for (int j = 0; j < 8; j++)
            if (g[j] != 0x4b400000 + t->gamma[i + j])
                return 0;
    }
    return 1;
}

/* 64 pixels at a time with AVX-512 VBMI (3-channel input): byte permutes
 * instead of gathers wherever a table is small enough.  The 192 bytes are
 * split into R, G, B byte vectors (two vpermt2b each) in the order that
 * the widening unpacks and the final saturating packs undo: byte 16k + 4q
 * + i holds pixel 16q + 4k + i, so after two unpacks 32-bit vector q holds
 * pixels 16q .. 16q + 15 in order, and the packs put L, a, b back at the
 * same bytes.  gamma[] (256 entries up to 2040) is looked up as its low
 * and high bytes by two 128-byte vpermt2b each; the matrix is two vpmaddwd
 * per output ((R, G) . (c0, c1) + (B, 1) . (c2, 2^11), the rounding term);
 * only the cube-root table (3072 entries) is gathered; the saturating
 * packs are the clamps to 0..255 (every value fits 16 bits signed). */
#define CS_TARGET_VBMI __attribute__((target("avx2,avx512f,avx512bw,avx512dq,avx512vl,avx512vbmi")))
typedef struct lab_vbmi {
    __m512i in1[3], in2[3];  /* split: byte permutes per channel */
    __m512i out1[3], out2[3]; /* join */
    __m512i glo[4], ghi[4];  /* gamma's low and high bytes */
    __m512i cxy[3], cz[3];   /* vpmaddwd coefficient pairs per output */
} lab_vbmi;

static void lab_vbmi_init(const cs_cv *t, lab_vbmi *v)
{
    uint8_t b[64];
    for (int c = 0; c < 3; c++) {
        uint8_t b2[64];
        for (int p = 0; p < 64; p++) {
            int k = p >> 4, q = (p >> 2) & 3, i = p & 3;
            int src = 3 * (16 * q + 4 * k + i) + c;
            b[p] = (uint8_t)(src < 128 ? src : 0);
            b2[p] = (uint8_t)(src < 128 ? p : 64 + src - 128);
        }
        memcpy(&v->in1[c], b, 64);
        memcpy(&v->in2[c], b2, 64);
    }
    for (int o = 0; o < 3; o++) {
        uint8_t b2[64];
        for (int j = 0; j < 64; j++) {
            int g = 64 * o + j, px = g / 3, c = g % 3;
            int q = px >> 4, k = (px >> 2) & 3, i = px & 3, pos = 16 * k + 4 * q + i;
            b[j] = (uint8_t)(c == 0 ? pos : c == 1 ? 64 + pos : 0);
            b2[j] = (uint8_t)(c == 2 ? 64 + pos : j);
        }
        memcpy(&v->out1[o], b, 64);
        memcpy(&v->out2[o], b2, 64);
    }
    uint8_t lo[256], hi[256];
    for (int i = 0; i < 256; i++)
        lo[i] = (uint8_t)(t->gamma[i] & 0xff), hi[i] = (uint8_t)(t->gamma[i] >> 8);
    memcpy(v->glo, lo, 256);
    memcpy(v->ghi, hi, 256);
    for (int k = 0; k < 3; k++) {
        int32_t xy = (int32_t)((uint32_t)t->c[3 * k + 1] << 16 | (uint16_t)t->c[3 * k]);
        int32_t z = (int32_t)((uint32_t)(1 << (LAB_SHIFT - 1)) << 16 | (uint16_t)t->c[3 * k + 2]);
        int32_t a[16], bz[16];
        for (int i = 0; i < 16; i++)
            a[i] = xy, bz[i] = z;
        memcpy(&v->cxy[k], a, 64);
        memcpy(&v->cz[k], bz, 64);
    }
}

/* the 16-bit gamma of 64 byte indices as two byte vectors */
CS_TARGET_VBMI CS_INLINE void gamma64(const lab_vbmi *v, __m512i r, __m512i *lo, __m512i *hi)
{
    __mmask64 top = _mm512_movepi8_mask(r);
    *lo = _mm512_mask_blend_epi8(top, _mm512_permutex2var_epi8(v->glo[0], r, v->glo[1]),
                                 _mm512_permutex2var_epi8(v->glo[2], r, v->glo[3]));
    *hi = _mm512_mask_blend_epi8(top, _mm512_permutex2var_epi8(v->ghi[0], r, v->ghi[1]),
                                 _mm512_permutex2var_epi8(v->ghi[2], r, v->ghi[3]));
}

CS_TARGET_VBMI static int lab_row_vbmi(const lab_vbmi *v, const lab_wide *lw, const uint8_t *s,
                                       int w, uint8_t *d)
{
    const __m512i ls = _mm512_set1_epi32(LSCALE), lsh = _mm512_set1_epi32(LSHIFT),
                  ab = _mm512_set1_epi32(ABIAS), k500 = _mm512_set1_epi32(500),
                  k200 = _mm512_set1_epi32(200), one = _mm512_set1_epi16(1);
    int x = 0;
    for (; x + 64 <= w; x += 64, s += 192, d += 192) {
        for (int k = 0; k < 192; k += 64)
            LAB_AHEAD(s, 3 * LAB_PREFETCH + k);
        __m512i v0 = _mm512_loadu_si512((const void *)s),
                v1 = _mm512_loadu_si512((const void *)(s + 64)),
                v2 = _mm512_loadu_si512((const void *)(s + 128));
        __m512i lo[3], hi[3];
        for (int c = 0; c < 3; c++) {
            __m512i ch = _mm512_permutex2var_epi8(_mm512_permutex2var_epi8(v0, v->in1[c], v1),
                                                  v->in2[c], v2);
            gamma64(v, ch, &lo[c], &hi[c]);
        }
        __m512i w16[3][2];
        for (int c = 0; c < 3; c++) {
            w16[c][0] = _mm512_unpacklo_epi8(lo[c], hi[c]);
            w16[c][1] = _mm512_unpackhi_epi8(lo[c], hi[c]);
        }
        __m512i L[4], A[4], B[4];
        for (int q = 0; q < 4; q++) {
            __m512i rg = (q & 1) ? _mm512_unpackhi_epi16(w16[0][q >> 1], w16[1][q >> 1])
                                 : _mm512_unpacklo_epi16(w16[0][q >> 1], w16[1][q >> 1]);
            __m512i b1 = (q & 1) ? _mm512_unpackhi_epi16(w16[2][q >> 1], one)
                                 : _mm512_unpacklo_epi16(w16[2][q >> 1], one);
            __m512i f[3];
            for (int k = 0; k < 3; k++) {
                __m512i xyz = _mm512_add_epi32(_mm512_madd_epi16(rg, v->cxy[k]),
                                               _mm512_madd_epi16(b1, v->cz[k]));
                f[k] = _mm512_i32gather_epi32(_mm512_srai_epi32(xyz, LAB_SHIFT), lw->cbrt, 4);
            }
            L[q] = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(f[1], ls), lsh),
                                     LAB_SHIFT2);
            A[q] = _mm512_srai_epi32(
                _mm512_add_epi32(_mm512_mullo_epi32(_mm512_sub_epi32(f[0], f[1]), k500), ab),
                LAB_SHIFT2);
            B[q] = _mm512_srai_epi32(
                _mm512_add_epi32(_mm512_mullo_epi32(_mm512_sub_epi32(f[1], f[2]), k200), ab),
                LAB_SHIFT2);
        }
#define PACK4(V) _mm512_packus_epi16(_mm512_packus_epi32(V[0], V[1]), _mm512_packus_epi32(V[2], V[3]))
        __m512i pl = PACK4(L), pa = PACK4(A), pb = PACK4(B);
#undef PACK4
        for (int o = 0; o < 3; o++)
            _mm512_storeu_si512((void *)(d + 64 * o),
                                _mm512_permutex2var_epi8(_mm512_permutex2var_epi8(pl, v->out1[o], pa),
                                                         v->out2[o], pb));
    }
    return x;
}
#endif

/* ------------------------------------------------------------------ HLS */

/* RGB2HLS_f (its vector path, with a fused multiply-add, as OpenCV's
 * AVX2 build runs it) on x * (1/255) with hrange 180, then H, L * 255,
 * S * 255 rounded half to even (RGB2HLS_b) */
static inline void hls_pixel(int r8, int g8, int b8, uint8_t *d)
{
    const float scale = 1.f / 255.f, hscale = 180.f / 360.f;
    float r = r8 * scale, g = g8 * scale, b = b8 * scale;
    float vmax = fmaxf(fmaxf(r, g), b), vmin = fminf(fminf(r, g), b);
    float diff = vmax - vmin, msum = vmax + vmin;
    float l = msum * 0.5f;
    float s = diff / (l < 0.5f ? msum : 2.0f - msum);
    float h = vmax == r ? g - b : vmax == g ? b - r : r - g;
    float hpart = vmax == r ? (g < b ? 360.f : 0.f) : vmax == g ? 120.f : 240.f;
    h = fmaf(h, 60.f / diff, hpart) * hscale;
    if (!(diff > FLT_EPSILON))
        h = s = 0.f;
    float v[3] = {h, l * 255.f, s * 255.f};
    for (int k = 0; k < 3; k++) {
        int q = (int)lrintf(v[k]);
        d[k] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
    }
}

/* ------------------------------------------------------------------ API */

static void cs_cv_init(cs_cv *t, segkit_space space)
{
    t->space = space;
    if (space == SEGKIT_SPACE_HSV)
        hsv_tables_init(t);
    else if (space == SEGKIT_SPACE_LAB)
        lab_tables_init(t);
}

void cs_cv_pixel(const cs_cv *t, int r, int g, int b, uint8_t out[3])
{
    if (t->space == SEGKIT_SPACE_HSV)
        hsv_pixel(t, r, g, b, out);
    else if (t->space == SEGKIT_SPACE_LAB)
        lab_pixel(t, r, g, b, out);
    else
        hls_pixel(r, g, b, out);
}

int segkit_color_has_opencv(segkit_space space)
{
    return space == SEGKIT_SPACE_HSV || space == SEGKIT_SPACE_HLS || space == SEGKIT_SPACE_LAB;
}

int segkit_color_convert_opencv(const segkit_image *rgb, segkit_space space, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!rgb || !rgb->data || !segkit_color_has_opencv(space))
        return SEGKIT_ERR_ARG;
    if (rgb->type != SEGKIT_U8 || rgb->channels < 3 || rgb->channels > 4)
        return SEGKIT_ERR_TYPE;
    int st = segkit_image_create(out, rgb->width, rgb->height, 3, SEGKIT_U8);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_color_convert_opencv_to(rgb, space, out);
    if (st != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}

int segkit_color_convert_opencv_to(const segkit_image *rgb, segkit_space space,
                                   segkit_image *out)
{
    return cs_convert_opencv_isa(rgb, space, out, -1);
}

/* The tables, made once per process (making them took ~65 us a call: a
 * fifth of a 640 x 480 image's time, and range.c's Lab mask converts in
 * strips of 256 KiB, ~145 calls on a 4096 x 3072 image) */
static struct cv_tables {
    cs_cv hsv, lab, hls; /* hls: no tables, only its space for cs_cv_pixel */
#if CS_X86
    lab_vbmi vb; /* vb_ok: the CPU has VBMI */
    lab_wide lw;
    lab_fast lf; /* lf_ok: the CPU has FMA and the polynomial gives gamma[] */
    int vb_ok, lf_ok;
#endif
} cv_tabs;
static pthread_once_t cv_tabs_once = PTHREAD_ONCE_INIT;

static void cv_tabs_init(void)
{
    struct cv_tables *c = &cv_tabs;
    cs_cv_init(&c->hsv, SEGKIT_SPACE_HSV);
    cs_cv_init(&c->lab, SEGKIT_SPACE_LAB);
    cs_cv_init(&c->hls, SEGKIT_SPACE_HLS);
#if CS_X86
    lab_wide_init(&c->lab, &c->lw);
    c->lf_ok = __builtin_cpu_supports("fma") && lab_fast_init(&c->lab, &c->lf);
    c->vb_ok = __builtin_cpu_supports("avx512vbmi");
    if (c->vb_ok)
        lab_vbmi_init(&c->lab, &c->vb);
#endif
}

const cs_cv *cs_cv_tables(segkit_space space)
{
    if (pthread_once(&cv_tabs_once, cv_tabs_init) != 0)
        return NULL;
    return space == SEGKIT_SPACE_LAB   ? &cv_tabs.lab
           : space == SEGKIT_SPACE_HLS ? &cv_tabs.hls
                                       : &cv_tabs.hsv;
}

int cs_convert_opencv_isa(const segkit_image *rgb, segkit_space space, segkit_image *out,
                          int isa)
{
    if (!out || !out->data || !rgb || !rgb->data || !segkit_color_has_opencv(space))
        return SEGKIT_ERR_ARG;
    if (rgb->type != SEGKIT_U8 || rgb->channels < 3 || rgb->channels > 4 ||
        out->type != SEGKIT_U8 || out->channels != 3)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(rgb, out))
        return SEGKIT_ERR_SIZE;
    const cs_cv *t = cs_cv_tables(space);
    if (!t)
        return SEGKIT_ERR_NOMEM;
    int c = rgb->channels;
#if CS_X86
    int gathers = isa >= 0 && (isa & CS_LAB8_GATHERS);
    isa = space == SEGKIT_SPACE_LAB ? cs_isa(isa >= 0 ? isa & ~CS_LAB8_GATHERS : isa) : CS_ISA_BASE;
    if (isa >= CS_ISA_AVX2) {
        const lab_wide *lw = &cv_tabs.lw;
        const lab_fast *lf = cv_tabs.lf_ok && !gathers ? &cv_tabs.lf : NULL;
        const lab_vbmi *vb = isa >= CS_ISA_AVX512 && c == 3 && cv_tabs.vb_ok ? &cv_tabs.vb : NULL;
        for (int y = 0; y < rgb->height; y++) {
            const uint8_t *s = segkit_image_row(rgb, y);
            uint8_t *d = segkit_image_row(out, y);
            int x = vb ? lab_row_vbmi(vb, lw, s, rgb->width, d) : 0;
            s += (size_t)x * (size_t)c, d += (size_t)x * 3;
            if (lf && isa >= CS_ISA_AVX512)
                lab_row_fast16(t, lf, s, c, rgb->width - x, d);
            else if (lf)
                lab_row_fast8(t, lf, s, c, rgb->width - x, d);
            else
                lab_row_avx2(t, lw, s, c, rgb->width - x, d);
        }
        return SEGKIT_OK;
    }
#else
    (void)isa;
#endif
    for (int y = 0; y < rgb->height; y++) {
        const uint8_t *s = segkit_image_row(rgb, y);
        uint8_t *d = segkit_image_row(out, y);
        if (space == SEGKIT_SPACE_HSV)
            for (int x = 0; x < rgb->width; x++, s += c, d += 3)
                hsv_pixel(t, s[0], s[1], s[2], d);
        else if (space == SEGKIT_SPACE_LAB)
            for (int x = 0; x < rgb->width; x++, s += c, d += 3)
                lab_pixel(t, s[0], s[1], s[2], d);
        else
            for (int x = 0; x < rgb->width; x++, s += c, d += 3)
                hls_pixel(s[0], s[1], s[2], d);
    }
    return SEGKIT_OK;
}
