/* CIE spaces from sRGB: linear RGB, XYZ (D65, or D50 by Bradford), L*a*b*,
 * LCh(ab), L*u*v*, LCh(uv), and Ottosson's OKLab / OKLCh.
 *
 * Constants follow scikit-image 0.19 (skimage/color/colorconv.py) so the
 * float results agree with rgb2xyz, rgb2lab and rgb2luv: the sRGB matrix
 * of IEC 61966-2-1 to 6 decimals, D65 white (0.95047, 1, 1.08883), the
 * L*a*b* knee 0.008856 with slope 7.787, L*u*v* with 903.3. */
#include <math.h>

#include "color_internal.h"

static const double rgb_to_xyz_d65[3][3] = {{0.412453, 0.357580, 0.180423},
                                            {0.212671, 0.715160, 0.072169},
                                            {0.019334, 0.119193, 0.950227}};
/* skimage's illuminants["D65"]["2"] and ["D50"]["2"] */
static const double white_d65[3] = {0.95047, 1.0, 1.08883};
static const double white_d50[3] = {0.9642119944211994, 1.0, 0.8251882845188288};
/* Bradford cone response (Lam 1985; Lindbloom's chromatic adaptation) */
static const double bradford[3][3] = {{0.8951, 0.2664, -0.1614},
                                      {-0.7502, 1.7135, 0.0367},
                                      {0.0389, -0.0685, 1.0296}};
/* OKLab (Ottosson, "A perceptual color space for image processing", 2020):
 * linear sRGB -> LMS, and the LMS' -> Lab matrix M2 */
const double cs_ok_m1[3][3] = {{0.4122214708, 0.5363325363, 0.0514459929},
                                   {0.2119034982, 0.6806995451, 0.1073969566},
                                   {0.0883024619, 0.2817188376, 0.6299787005}};
const double cs_ok_m2[3][3] = {{0.2104542553, 0.7936177850, -0.0040720468},
                                   {1.9779984951, -2.4285922050, 0.4505937099},
                                   {0.0259040371, 0.7827717662, -0.8086757660}};
/* (their inverses are computed, not his 10-decimal published ones, so
 * that a round trip is exact to double precision) */

double cs_srgb_to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double cs_linear_to_srgb(double c)
{
    return c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1.0 / 2.4) - 0.055;
}

void cie_init(cs_ctx *c)
{
    int d50 = c->cs.d50 && c->cs.id >= SEGKIT_SPACE_XYZ && c->cs.id <= SEGKIT_SPACE_LCHUV;
    for (int i = 0; i < 3; i++)
        c->white[i] = d50 ? white_d50[i] : white_d65[i];
    if (!d50) {
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c->to_xyz[i][j] = rgb_to_xyz_d65[i][j];
    } else {
        /* M = B^-1 diag(B w50 / B w65) B, w65 the sRGB matrix's own white
         * (its row sums), so that sRGB white lands on D50 white */
        double binv[3][3], s[3][3] = {{0}}, t[3][3], m[3][3], r65[3], r50[3], w65[3];
        static const double one[3] = {1, 1, 1};
        cs_mat_apply(rgb_to_xyz_d65, one, w65);
        cs_mat_inverse(bradford, binv);
        cs_mat_apply(bradford, w65, r65);
        cs_mat_apply(bradford, white_d50, r50);
        for (int i = 0; i < 3; i++)
            s[i][i] = r50[i] / r65[i];
        cs_mat_mul(s, bradford, t);
        cs_mat_mul(binv, t, m);
        cs_mat_mul(m, rgb_to_xyz_d65, c->to_xyz);
    }
    cs_mat_inverse(c->to_xyz, c->from_xyz);
}

void cs_to_polar(const double in[3], double out[3])
{
    double a = in[1], b = in[2];
    double h = atan2(b, a) * (180.0 / CS_PI);
    if (h < 0)
        h += 360.0;
    if (h >= 360.0)
        h -= 360.0;
    out[0] = in[0];
    out[1] = hypot(a, b);
    out[2] = (a == 0 && b == 0) ? 0.0 : h;
}

void cs_from_polar(const double in[3], double out[3])
{
    double h = in[2] * (CS_PI / 180.0), c = in[1];
    out[0] = in[0];
    out[1] = c * cos(h);
    out[2] = c * sin(h);
}

static double lab_f(double t)
{
    return t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0;
}

static double lab_finv(double f)
{
    return f > 0.2068966 ? f * f * f : (f - 16.0 / 116.0) / 7.787;
}

static void xyz_to_lab(const double w[3], const double xyz[3], double lab[3])
{
    double fx = lab_f(xyz[0] / w[0]), fy = lab_f(xyz[1] / w[1]),
           fz = lab_f(xyz[2] / w[2]);
    lab[0] = 116.0 * fy - 16.0;
    lab[1] = 500.0 * (fx - fy);
    lab[2] = 200.0 * (fy - fz);
}

static void lab_to_xyz(const double w[3], const double lab[3], double xyz[3])
{
    double fy = (lab[0] + 16.0) / 116.0;
    double fx = lab[1] / 500.0 + fy, fz = fy - lab[2] / 200.0;
    xyz[0] = lab_finv(fx) * w[0];
    xyz[1] = lab_finv(fy) * w[1];
    xyz[2] = lab_finv(fz) * w[2];
}

/* skimage xyz2luv: eps (2^-52) in the u'v' denominators */
static void xyz_to_luv(const double w[3], const double xyz[3], double luv[3])
{
    const double eps = 2.220446049250313e-16;
    double yr = xyz[1] / w[1];
    double L = yr > 0.008856 ? 116.0 * cbrt(yr) - 16.0 : 903.3 * yr;
    double dw = w[0] + 15.0 * w[1] + 3.0 * w[2];
    double u0 = 4.0 * w[0] / dw, v0 = 9.0 * w[1] / dw;
    double d = xyz[0] + 15.0 * xyz[1] + 3.0 * xyz[2] + eps;
    luv[0] = L;
    luv[1] = 13.0 * L * (4.0 * xyz[0] / d - u0);
    luv[2] = 13.0 * L * (9.0 * xyz[1] / d - v0);
}

static void luv_to_xyz(const double w[3], const double luv[3], double xyz[3])
{
    double L = luv[0];
    if (L <= 0) {
        xyz[0] = xyz[1] = xyz[2] = 0;
        return;
    }
    double y = L > 7.9996248 ? pow((L + 16.0) / 116.0, 3.0) : L / 903.3;
    y *= w[1];
    double dw = w[0] + 15.0 * w[1] + 3.0 * w[2];
    double u0 = 4.0 * w[0] / dw, v0 = 9.0 * w[1] / dw;
    double up = luv[1] / (13.0 * L) + u0, vp = luv[2] / (13.0 * L) + v0;
    /* u' = 4X / D, v' = 9Y / D, D = X + 15Y + 3Z */
    double dd = 9.0 * y / vp;
    xyz[1] = y;
    xyz[0] = up * dd / 4.0;
    xyz[2] = (dd - xyz[0] - 15.0 * y) / 3.0;
}

static void oklab_from_linear(const double lin[3], double out[3])
{
    double lms[3];
    cs_mat_apply(cs_ok_m1, lin, lms);
    for (int i = 0; i < 3; i++)
        lms[i] = cbrt(lms[i]);
    cs_mat_apply(cs_ok_m2, lms, out);
}

static void oklab_to_linear(const double in[3], double lin[3])
{
    double lms[3], m1i[3][3], m2i[3][3];
    cs_mat_inverse(cs_ok_m2, m2i);
    cs_mat_inverse(cs_ok_m1, m1i);
    cs_mat_apply(m2i, in, lms);
    for (int i = 0; i < 3; i++)
        lms[i] = lms[i] * lms[i] * lms[i];
    cs_mat_apply(m1i, lms, lin);
}

void cie_from_rgb(const cs_ctx *c, const double rgb[3], double out[3])
{
    double lin[3];
    for (int i = 0; i < 3; i++)
        lin[i] = cs_srgb_to_linear(rgb[i]);
    cie_from_linear(c, lin, out);
}

void cs_linear_lut(double lut[256], int via_float)
{
    for (int k = 0; k < 256; k++)
        lut[k] = cs_srgb_to_linear(via_float ? (double)(float)(k / 255.0) : k / 255.0);
}

double cie_lab_l(const cs_ctx *c, const double lin[3])
{
    /* cs_mat_apply's out[1], then xyz_to_lab's L */
    double y = c->to_xyz[1][0] * lin[0] + c->to_xyz[1][1] * lin[1] + c->to_xyz[1][2] * lin[2];
    return 116.0 * lab_f(y / c->white[1]) - 16.0;
}

void cie_from_linear(const cs_ctx *c, const double lin[3], double out[3])
{
    double xyz[3], t[3];
    switch (c->cs.id) {
    case SEGKIT_SPACE_LINEAR:
        out[0] = lin[0], out[1] = lin[1], out[2] = lin[2];
        return;
    case SEGKIT_SPACE_OKLAB:
        oklab_from_linear(lin, out);
        return;
    case SEGKIT_SPACE_OKLCH:
        oklab_from_linear(lin, t);
        cs_to_polar(t, out);
        return;
    default:
        break;
    }
    cs_mat_apply(c->to_xyz, lin, xyz);
    switch (c->cs.id) {
    case SEGKIT_SPACE_XYZ:
        out[0] = xyz[0], out[1] = xyz[1], out[2] = xyz[2];
        return;
    case SEGKIT_SPACE_LAB:
        xyz_to_lab(c->white, xyz, out);
        return;
    case SEGKIT_SPACE_LCH:
        xyz_to_lab(c->white, xyz, t);
        cs_to_polar(t, out);
        return;
    case SEGKIT_SPACE_LUV:
        xyz_to_luv(c->white, xyz, out);
        return;
    default: /* LCHUV */
        xyz_to_luv(c->white, xyz, t);
        cs_to_polar(t, out);
        return;
    }
}

void cie_to_rgb(const cs_ctx *c, const double in[3], double rgb[3])
{
    double lin[3], xyz[3], t[3];
    switch (c->cs.id) {
    case SEGKIT_SPACE_LINEAR:
        lin[0] = in[0], lin[1] = in[1], lin[2] = in[2];
        break;
    case SEGKIT_SPACE_OKLAB:
        oklab_to_linear(in, lin);
        break;
    case SEGKIT_SPACE_OKLCH:
        cs_from_polar(in, t);
        oklab_to_linear(t, lin);
        break;
    default:
        switch (c->cs.id) {
        case SEGKIT_SPACE_XYZ:
            xyz[0] = in[0], xyz[1] = in[1], xyz[2] = in[2];
            break;
        case SEGKIT_SPACE_LAB:
            lab_to_xyz(c->white, in, xyz);
            break;
        case SEGKIT_SPACE_LCH:
            cs_from_polar(in, t);
            lab_to_xyz(c->white, t, xyz);
            break;
        case SEGKIT_SPACE_LUV:
            luv_to_xyz(c->white, in, xyz);
            break;
        default:
            cs_from_polar(in, t);
            luv_to_xyz(c->white, t, xyz);
            break;
        }
        cs_mat_apply(c->from_xyz, xyz, lin);
        break;
    }
    for (int i = 0; i < 3; i++)
        rgb[i] = cs_linear_to_srgb(lin[i]);
}
