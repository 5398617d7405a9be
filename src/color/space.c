/* Colour space names, one colour and whole images to and from sRGB: the
 * entry points over cie.c, hsx.c and luma.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"

static const char *const space_names[SEGKIT_SPACE_COUNT] = {
    "rgb", "linear", "xyz", "lab", "lch", "luv", "lchuv", "oklab", "oklch",
    "hsv", "hls", "hsi", "ycbcr", "yuv", "yiq", "hed"};

static const char *const channel_names[SEGKIT_SPACE_COUNT][3] = {
    {"R", "G", "B"}, {"R", "G", "B"}, {"X", "Y", "Z"}, {"L", "a", "b"},
    {"L", "C", "h"}, {"L", "u", "v"}, {"L", "C", "h"}, {"L", "a", "b"},
    {"L", "C", "h"}, {"H", "S", "V"}, {"H", "L", "S"}, {"H", "S", "I"},
    {"Y", "Cb", "Cr"}, {"Y", "U", "V"}, {"Y", "I", "Q"}, {"H", "E", "D"}};

void cs_mat_inverse(const double m[3][3], double inv[3][3])
{
    double a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1],
           f = m[1][2], g = m[2][0], h = m[2][1], i = m[2][2];
    double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
    double det = a * A + b * B + c * C;
    inv[0][0] = A / det;
    inv[1][0] = B / det;
    inv[2][0] = C / det;
    inv[0][1] = -(b * i - c * h) / det;
    inv[1][1] = (a * i - c * g) / det;
    inv[2][1] = -(a * h - b * g) / det;
    inv[0][2] = (b * f - c * e) / det;
    inv[1][2] = -(a * f - c * d) / det;
    inv[2][2] = (a * e - b * d) / det;
}

void cs_mat_mul(const double a[3][3], const double b[3][3], double out[3][3])
{
    double t[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            t[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
    memcpy(out, t, sizeof t);
}

static int valid(const segkit_color_space *cs)
{
    return cs && (unsigned)cs->id < SEGKIT_SPACE_COUNT;
}

int segkit_color_space_parse(const char *name, segkit_color_space *cs)
{
    if (!name || !cs)
        return SEGKIT_ERR_ARG;
    memset(cs, 0, sizeof *cs);
    char base[32];
    size_t n = strcspn(name, "-");
    if (n >= sizeof base)
        return SEGKIT_ERR_ARG;
    memcpy(base, name, n);
    base[n] = '\0';
    const char *variant = name[n] ? name + n + 1 : NULL;
    if (strcasecmp(base, "ycbcr601") == 0 || strcasecmp(base, "ycbcr709") == 0) {
        cs->bt709 = strcasecmp(base, "ycbcr709") == 0;
        base[5] = '\0';
    }
    for (int i = 0; i < SEGKIT_SPACE_COUNT; i++) {
        if (strcasecmp(base, space_names[i]) != 0)
            continue;
        cs->id = (segkit_space)i;
        if (!variant)
            return SEGKIT_OK;
        if (i >= SEGKIT_SPACE_XYZ && i <= SEGKIT_SPACE_LCHUV && strcasecmp(variant, "d50") == 0) {
            cs->d50 = 1;
            return SEGKIT_OK;
        }
        if (i == SEGKIT_SPACE_YCBCR && strcasecmp(variant, "full") == 0) {
            cs->full_range = 1;
            return SEGKIT_OK;
        }
        break;
    }
    memset(cs, 0, sizeof *cs);
    return SEGKIT_ERR_ARG;
}

const char *segkit_color_space_name(const segkit_color_space *cs, char *buf, size_t size)
{
    if (!buf || size == 0)
        return NULL;
    if (!valid(cs)) {
        snprintf(buf, size, "?");
        return buf;
    }
    if (cs->id == SEGKIT_SPACE_YCBCR)
        snprintf(buf, size, "ycbcr%s%s", cs->bt709 ? "709" : "601",
                 cs->full_range ? "-full" : "");
    else
        snprintf(buf, size, "%s%s", space_names[cs->id],
                 cs->d50 && cs->id >= SEGKIT_SPACE_XYZ && cs->id <= SEGKIT_SPACE_LCHUV ? "-d50"
                                                                                       : "");
    return buf;
}

const char *segkit_color_channel_name(segkit_space space, int channel)
{
    if ((unsigned)space >= SEGKIT_SPACE_COUNT || channel < 0 || channel > 2)
        return NULL;
    return channel_names[space][channel];
}

int segkit_color_channel_is_hue(segkit_space space, int channel)
{
    switch (space) {
    case SEGKIT_SPACE_LCH:
    case SEGKIT_SPACE_LCHUV:
    case SEGKIT_SPACE_OKLCH:
        return channel == 2;
    case SEGKIT_SPACE_HSV:
    case SEGKIT_SPACE_HLS:
    case SEGKIT_SPACE_HSI:
        return channel == 0;
    default:
        return 0;
    }
}

int segkit_color_space_invertible(segkit_space space)
{
    return (unsigned)space < SEGKIT_SPACE_COUNT;
}

static int is_cie(segkit_space s)
{
    return s >= SEGKIT_SPACE_LINEAR && s <= SEGKIT_SPACE_OKLCH;
}

int cs_space_is_cie(segkit_space s) { return is_cie(s); }

static int is_hsx(segkit_space s)
{
    return s == SEGKIT_SPACE_HSV || s == SEGKIT_SPACE_HLS || s == SEGKIT_SPACE_HSI;
}

void cs_ctx_init(cs_ctx *c, const segkit_color_space *cs)
{
    memset(c, 0, sizeof *c);
    c->cs = *cs;
    cie_init(c);
    if (cs->id >= SEGKIT_SPACE_YCBCR)
        luma_init(c);
}

void cs_from_rgb(const cs_ctx *c, const double rgb[3], double out[3])
{
    segkit_space s = c->cs.id;
    if (s == SEGKIT_SPACE_RGB)
        out[0] = rgb[0], out[1] = rgb[1], out[2] = rgb[2];
    else if (is_cie(s))
        cie_from_rgb(c, rgb, out);
    else if (is_hsx(s))
        hsx_from_rgb(s, rgb, 1.0, out);
    else
        luma_from_rgb(c, rgb, out);
}

void cs_from_samples(const cs_ctx *c, const double v[3], double one, double out[3])
{
    if (is_hsx(c->cs.id)) {
        hsx_from_rgb(c->cs.id, v, one, out);
        return;
    }
    double rgb[3] = {v[0] / one, v[1] / one, v[2] / one};
    cs_from_rgb(c, rgb, out);
}

void cs_to_rgb(const cs_ctx *c, const double in[3], double rgb[3])
{
    segkit_space s = c->cs.id;
    if (s == SEGKIT_SPACE_RGB)
        rgb[0] = in[0], rgb[1] = in[1], rgb[2] = in[2];
    else if (is_cie(s))
        cie_to_rgb(c, in, rgb);
    else if (is_hsx(s))
        hsx_to_rgb(s, in, rgb);
    else
        luma_to_rgb(c, in, rgb);
}

int segkit_color_from_rgb(const segkit_color_space *cs, const double rgb[3], double out[3])
{
    if (!valid(cs) || !rgb || !out)
        return SEGKIT_ERR_ARG;
    cs_ctx c;
    cs_ctx_init(&c, cs);
    cs_from_rgb(&c, rgb, out);
    return SEGKIT_OK;
}

int segkit_color_to_rgb(const segkit_color_space *cs, const double in[3], double rgb[3])
{
    if (!valid(cs) || !in || !rgb)
        return SEGKIT_ERR_ARG;
    cs_ctx c;
    cs_ctx_init(&c, cs);
    cs_to_rgb(&c, in, rgb);
    return SEGKIT_OK;
}

/* The samples of one pixel as they are (0..255, 0..65535 or float). */
void cs_load_rgb(const segkit_image *img, const void *row, int x, double rgb[3])
{
    size_t i = (size_t)x * (size_t)img->channels;
    switch (img->type) {
    case SEGKIT_U8: {
        const uint8_t *p = (const uint8_t *)row + i;
        for (int k = 0; k < 3; k++)
            rgb[k] = p[k];
        break;
    }
    case SEGKIT_U16: {
        const uint16_t *p = (const uint16_t *)row + i;
        for (int k = 0; k < 3; k++)
            rgb[k] = p[k];
        break;
    }
    default: {
        const float *p = (const float *)row + i;
        for (int k = 0; k < 3; k++)
            rgb[k] = p[k];
        break;
    }
    }
}

/* u8 / u16 images to linear, xyz, lab or luv: the companding of every
 * level once (the same values as cs_srgb_to_linear of the sample), then
 * cs_cie_batch on runs of a row */
static int convert_batched(const segkit_image *rgb, const cs_ctx *c, segkit_image *out, int isa)
{
    enum { RUN = 256 };
    int nlev = rgb->type == SEGKIT_U8 ? 256 : 65536;
    double *lut = malloc((size_t)nlev * sizeof *lut + 6 * RUN * sizeof(double));
    if (!lut)
        return SEGKIT_ERR_NOMEM;
    for (int k = 0; k < nlev; k++)
        lut[k] = cs_srgb_to_linear(k / (double)(nlev - 1));
    double *buf = lut + nlev;
    double *const lin[3] = {buf, buf + RUN, buf + 2 * RUN};
    double *const res[3] = {buf + 3 * RUN, buf + 4 * RUN, buf + 5 * RUN};
    int ch = rgb->channels;
    for (int y = 0; y < rgb->height; y++) {
        const uint8_t *s8 = segkit_image_row(rgb, y);
        const uint16_t *s16 = segkit_image_row(rgb, y);
        float *d = segkit_image_row(out, y);
        for (int x0 = 0; x0 < rgb->width; x0 += RUN) {
            int n = rgb->width - x0 < RUN ? rgb->width - x0 : RUN;
            for (int i = 0; i < n; i++) {
                size_t q = (size_t)(x0 + i) * (size_t)ch;
                for (int k = 0; k < 3; k++)
                    lin[k][i] = lut[rgb->type == SEGKIT_U8 ? s8[q + k] : s16[q + k]];
            }
            int nv = (n + CS_VEC - 1) / CS_VEC * CS_VEC;
            for (int i = n; i < nv; i++)
                lin[0][i] = lin[1][i] = lin[2][i] = 0.0;
            cs_cie_batch(c, isa, nv, (const double *const *)lin, res);
            float *o = d + 3 * (size_t)x0;
            for (int i = 0; i < n; i++, o += 3)
                o[0] = (float)res[0][i], o[1] = (float)res[1][i], o[2] = (float)res[2][i];
        }
    }
    free(lut);
    return SEGKIT_OK;
}

int segkit_color_convert(const segkit_image *rgb, const segkit_color_space *to,
                         segkit_image *out)
{
    return cs_convert_isa(rgb, to, out, -1);
}

int cs_convert_isa(const segkit_image *rgb, const segkit_color_space *to, segkit_image *out,
                   int isa)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!rgb || !rgb->data || !valid(to))
        return SEGKIT_ERR_ARG;
    if (rgb->type == SEGKIT_I32 || rgb->channels < 3 || rgb->channels > 4)
        return SEGKIT_ERR_TYPE;
    int st = segkit_image_create(out, rgb->width, rgb->height, 3, SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    cs_ctx c;
    cs_ctx_init(&c, to);
    if ((rgb->type == SEGKIT_U8 ||
         (rgb->type == SEGKIT_U16 && (uint64_t)rgb->width * (uint64_t)rgb->height >= 65536)) &&
        cs_cie_simd_space(to->id)) {
        st = convert_batched(rgb, &c, out, cs_isa(isa));
        if (st != SEGKIT_OK)
            segkit_image_free(out);
        return st;
    }
    if (rgb->type == SEGKIT_U8 && is_cie(to->id)) {
        /* the companding of the 256 levels once (the same values) */
        double lut[256];
        cs_linear_lut(lut, 0);
        for (int y = 0; y < rgb->height; y++) {
            const uint8_t *s = segkit_image_row(rgb, y);
            float *d = segkit_image_row(out, y);
            for (int x = 0; x < rgb->width; x++, s += rgb->channels, d += 3) {
                double lin[3] = {lut[s[0]], lut[s[1]], lut[s[2]]}, v[3];
                cie_from_linear(&c, lin, v);
                d[0] = (float)v[0], d[1] = (float)v[1], d[2] = (float)v[2];
            }
        }
        return SEGKIT_OK;
    }
    double one = cs_sample_max(rgb->type);
    for (int y = 0; y < rgb->height; y++) {
        const void *s = segkit_image_row(rgb, y);
        float *d = segkit_image_row(out, y);
        for (int x = 0; x < rgb->width; x++) {
            double in[3], v[3];
            cs_load_rgb(rgb, s, x, in);
            cs_from_samples(&c, in, one, v);
            d[3 * x] = (float)v[0], d[3 * x + 1] = (float)v[1], d[3 * x + 2] = (float)v[2];
        }
    }
    return SEGKIT_OK;
}

int segkit_color_convert_back(const segkit_image *src, const segkit_color_space *from,
                              segkit_image *rgb)
{
    if (!rgb)
        return SEGKIT_ERR_ARG;
    memset(rgb, 0, sizeof *rgb);
    if (!src || !src->data || !valid(from))
        return SEGKIT_ERR_ARG;
    if (src->type != SEGKIT_F32 || src->channels != 3)
        return SEGKIT_ERR_TYPE;
    int st = segkit_image_create(rgb, src->width, src->height, 3, SEGKIT_F32);
    if (st != SEGKIT_OK)
        return st;
    cs_ctx c;
    cs_ctx_init(&c, from);
    for (int y = 0; y < src->height; y++) {
        const float *s = segkit_image_row(src, y);
        float *d = segkit_image_row(rgb, y);
        for (int x = 0; x < src->width; x++) {
            double in[3] = {s[3 * x], s[3 * x + 1], s[3 * x + 2]}, v[3];
            cs_to_rgb(&c, in, v);
            d[3 * x] = (float)v[0], d[3 * x + 1] = (float)v[1], d[3 * x + 2] = (float)v[2];
        }
    }
    return SEGKIT_OK;
}

int cs_isa(int isa)
{
    if (isa < 0)
        isa = CS_ISA_AVX512;
#if CS_X86
    __builtin_cpu_init();
    if (isa >= CS_ISA_AVX512 && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        return CS_ISA_AVX512;
    if (isa >= CS_ISA_AVX2 && __builtin_cpu_supports("avx2"))
        return CS_ISA_AVX2;
#endif
    return CS_ISA_BASE;
}
