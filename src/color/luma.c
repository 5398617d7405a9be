/* Luma-chroma spaces by a matrix: YCbCr (BT.601 / BT.709, limited or full
 * range), YUV and YIQ; and colour deconvolution into Haematoxylin, Eosin
 * and DAB optical densities (Ruifrok & Johnston, "Quantification of
 * histochemical staining by color deconvolution", Anal. Quant. Cytol.
 * Histol. 23(4), 2001), as scikit-image 0.19's rgb2hed. */
#include <math.h>

#include "color_internal.h"

/* skimage ycbcr_from_rgb: BT.601 limited range with the standard's rounded
 * coefficients (so rgb2ycbcr agrees to 1e-4 on the 0..255 scale) */
static const double ycbcr601[3][3] = {{65.481, 128.553, 24.966},
                                      {-37.797, -74.203, 112.0},
                                      {112.0, -93.786, -18.214}};
static const double yuv[3][3] = {{0.299, 0.587, 0.114},
                                 {-0.14714119, -0.28886916, 0.43601035},
                                 {0.61497538, -0.51496512, -0.10001026}};
static const double yiq[3][3] = {{0.299, 0.587, 0.114},
                                 {0.59590059, -0.27455667, -0.32134392},
                                 {0.21153661, -0.52273617, 0.31119955}};
/* skimage rgb_from_hed (rows: the H, E, DAB stain vectors) */
static const double rgb_from_hed[3][3] = {{0.65, 0.70, 0.29},
                                          {0.07, 0.99, 0.11},
                                          {0.27, 0.57, 0.78}};

/* YCbCr from Kr, Kb: Y' = Kr R + (1 - Kr - Kb) G + Kb B, Pb = (B - Y') /
 * (2 (1 - Kb)), Pr = (R - Y') / (2 (1 - Kr)); scaled by 219/224 (limited)
 * or 255 (full) */
static void ycbcr_matrix(double kr, double kb, int full, double m[3][3])
{
    double kg = 1.0 - kr - kb;
    double y[3] = {kr, kg, kb};
    double ys = full ? 255.0 : 219.0, cs = full ? 255.0 : 224.0;
    for (int j = 0; j < 3; j++) {
        double e = j == 2 ? 1.0 : 0.0, f = j == 0 ? 1.0 : 0.0;
        m[0][j] = ys * y[j];
        m[1][j] = cs * (e - y[j]) / (2.0 * (1.0 - kb));
        m[2][j] = cs * (f - y[j]) / (2.0 * (1.0 - kr));
    }
}

void luma_init(cs_ctx *c)
{
    const double(*src)[3] = NULL;
    double built[3][3];
    c->offset[0] = c->offset[1] = c->offset[2] = 0.0;
    switch (c->cs.id) {
    case SEGKIT_SPACE_YCBCR:
        if (!c->cs.bt709 && !c->cs.full_range) {
            src = ycbcr601;
        } else {
            ycbcr_matrix(c->cs.bt709 ? 0.2126 : 0.299, c->cs.bt709 ? 0.0722 : 0.114,
                         c->cs.full_range, built);
            src = (const double(*)[3])built;
        }
        c->offset[0] = c->cs.full_range ? 0.0 : 16.0;
        c->offset[1] = c->offset[2] = 128.0;
        break;
    case SEGKIT_SPACE_YUV: src = yuv; break;
    case SEGKIT_SPACE_YIQ: src = yiq; break;
    default: { /* HED: stains = OD @ inv(rgb_from_hed), i.e. row vector */
        double inv[3][3];
        cs_mat_inverse(rgb_from_hed, inv);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                built[i][j] = inv[j][i];
        src = (const double(*)[3])built;
        break;
    }
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c->m[i][j] = src[i][j];
    cs_mat_inverse(c->m, c->minv);
}

/* skimage separate_stains: OD = log(max(c, 1e-6)) / log(1e-6), stains
 * clipped at 0 */
void luma_from_rgb(const cs_ctx *c, const double rgb[3], double out[3])
{
    if (c->cs.id == SEGKIT_SPACE_HED) {
        double od[3];
        for (int i = 0; i < 3; i++)
            od[i] = log(fmax(rgb[i], 1e-6)) / log(1e-6);
        cs_mat_apply(c->m, od, out);
        for (int i = 0; i < 3; i++)
            out[i] = fmax(out[i], 0.0);
        return;
    }
    cs_mat_apply(c->m, rgb, out);
    for (int i = 0; i < 3; i++)
        out[i] += c->offset[i];
}

/* skimage combine_stains (without its final clip to 0..1) */
void luma_to_rgb(const cs_ctx *c, const double in[3], double rgb[3])
{
    if (c->cs.id == SEGKIT_SPACE_HED) {
        double od[3];
        cs_mat_apply(c->minv, in, od);
        for (int i = 0; i < 3; i++)
            rgb[i] = exp(od[i] * log(1e-6));
        return;
    }
    double v[3];
    for (int i = 0; i < 3; i++)
        v[i] = in[i] - c->offset[i];
    cs_mat_apply(c->minv, v, rgb);
}
