/* Colour differences between two CIELAB colours, as scikit-image 0.19's
 * skimage.color.deltaE_cie76, deltaE_ciede94, deltaE_ciede2000 and
 * deltaE_cmc compute them (the first colour is the reference: CIE94 and
 * CMC are not symmetric).  CIEDE2000 follows Sharma, Wu and Dalal, "The
 * CIEDE2000 color-difference formula: implementation notes, supplementary
 * test data, and mathematical observations", Color Res. Appl. 30(1), 2005. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "color_internal.h"

static const char *const names[SEGKIT_DE_COUNT] = {"76", "94", "2000", "cmc"};

const char *segkit_delta_e_name(segkit_delta_e f)
{
    return (unsigned)f < SEGKIT_DE_COUNT ? names[f] : NULL;
}

int segkit_delta_e_parse(const char *name, segkit_delta_e *f)
{
    if (!name || !f)
        return SEGKIT_ERR_ARG;
    if (strncasecmp(name, "de", 2) == 0)
        name += 2;
    if (strcasecmp(name, "cie76") == 0)
        name = "76";
    else if (strcasecmp(name, "cie94") == 0)
        name = "94";
    else if (strcasecmp(name, "ciede2000") == 0)
        name = "2000";
    for (int i = 0; i < SEGKIT_DE_COUNT; i++)
        if (strcasecmp(name, names[i]) == 0) {
            *f = (segkit_delta_e)i;
            return SEGKIT_OK;
        }
    return SEGKIT_ERR_ARG;
}

segkit_delta_e_params segkit_delta_e_params_default(void)
{
    segkit_delta_e_params p;
    memset(&p, 0, sizeof p);
    p.formula = SEGKIT_DE2000;
    p.kL = p.kC = p.kH = 1.0;
    p.k1 = 0.045;
    p.k2 = 0.015;
    p.cmc_l = 2.0;
    p.cmc_c = 1.0;
    return p;
}

/* skimage get_dH2: 2 (C1 C2 - a1 a2 - b1 b2) */
static double dh2(const double *l1, const double *l2)
{
    double c1 = hypot(l1[1], l1[2]), c2 = hypot(l2[1], l2[2]);
    return 2.0 * (c1 * c2 - (l1[1] * l2[1] + l1[2] * l2[2]));
}

static double de94(const segkit_delta_e_params *p, const double *l1, const double *l2)
{
    double c1 = hypot(l1[1], l1[2]), c2 = hypot(l2[1], l2[2]);
    double dL = l1[0] - l2[0], dC = c1 - c2;
    double sc = 1.0 + p->k1 * c1, sh = 1.0 + p->k2 * c1;
    double e = (dL / p->kL) * (dL / p->kL) + (dC / (p->kC * sc)) * (dC / (p->kC * sc)) +
               dh2(l1, l2) / ((p->kH * sh) * (p->kH * sh));
    return sqrt(fmax(e, 0.0));
}

static double decmc(const segkit_delta_e_params *p, const double *l1, const double *l2)
{
    double c1 = hypot(l1[1], l1[2]), c2 = hypot(l2[1], l2[2]);
    double h1 = atan2(l1[2], l1[1]);
    if (h1 < 0)
        h1 += 2 * CS_PI;
    double hd = h1 * 180.0 / CS_PI;
    double t = hd >= 164 && hd <= 345 ? 0.56 + 0.2 * fabs(cos(h1 + 168.0 * CS_PI / 180.0))
                                      : 0.36 + 0.4 * fabs(cos(h1 + 35.0 * CS_PI / 180.0));
    double c14 = c1 * c1 * c1 * c1;
    double f = sqrt(c14 / (c14 + 1900.0));
    double sl = l1[0] < 16 ? 0.511 : 0.040975 * l1[0] / (1.0 + 0.01765 * l1[0]);
    double sc = 0.638 + 0.0638 * c1 / (1.0 + 0.0131 * c1);
    double sh = sc * (f * t + 1.0 - f);
    double dL = l1[0] - l2[0], dC = c1 - c2;
    double e = (dL / (p->cmc_l * sl)) * (dL / (p->cmc_l * sl)) +
               (dC / (p->cmc_c * sc)) * (dC / (p->cmc_c * sc)) + dh2(l1, l2) / (sh * sh);
    return sqrt(fmax(e, 0.0));
}

static double de2000(const segkit_delta_e_params *p, const double *l1, const double *l2)
{
    const double pi = CS_PI, p25_7 = 6103515625.0; /* 25^7 */
    double cbar = 0.5 * (hypot(l1[1], l1[2]) + hypot(l2[1], l2[2]));
    double c7 = pow(cbar, 7.0);
    double g = 0.5 * (1.0 - sqrt(c7 / (c7 + p25_7)));
    double a1 = l1[1] * (1.0 + g), a2 = l2[1] * (1.0 + g);
    double C1 = hypot(a1, l1[2]), C2 = hypot(a2, l2[2]);
    double h1 = atan2(l1[2], a1), h2 = atan2(l2[2], a2);
    if (h1 < 0)
        h1 += 2 * pi;
    if (h2 < 0)
        h2 += 2 * pi;
    double lbar = 0.5 * (l1[0] + l2[0]);
    double tmp = (lbar - 50.0) * (lbar - 50.0);
    double sl = 1.0 + 0.015 * tmp / sqrt(20.0 + tmp);
    double lterm = (l2[0] - l1[0]) / (p->kL * sl);
    double cb = 0.5 * (C1 + C2);
    double sc = 1.0 + 0.045 * cb;
    double cterm = (C2 - C1) / (p->kC * sc);
    double hdiff = h2 - h1, hsum = h1 + h2, cc = C1 * C2;
    double dh = hdiff;
    if (hdiff > pi)
        dh -= 2 * pi;
    if (hdiff < -pi)
        dh += 2 * pi;
    if (cc == 0)
        dh = 0;
    double dhterm = 2.0 * sqrt(cc) * sin(dh / 2.0);
    double hbar = hsum;
    if (cc != 0 && fabs(hdiff) > pi)
        hbar += hsum < 2 * pi ? 2 * pi : -2 * pi;
    if (cc == 0)
        hbar *= 2;
    hbar *= 0.5;
    double t = 1.0 - 0.17 * cos(hbar - 30.0 * pi / 180.0) + 0.24 * cos(2.0 * hbar) +
               0.32 * cos(3.0 * hbar + 6.0 * pi / 180.0) - 0.20 * cos(4.0 * hbar - 63.0 * pi / 180.0);
    double sh = 1.0 + 0.015 * cb * t;
    double hterm = dhterm / (p->kH * sh);
    double cb7 = pow(cb, 7.0);
    double rc = 2.0 * sqrt(cb7 / (cb7 + p25_7));
    double hd = hbar * 180.0 / pi;
    double dtheta = 30.0 * pi / 180.0 * exp(-((hd - 275.0) / 25.0) * ((hd - 275.0) / 25.0));
    double rterm = -sin(2.0 * dtheta) * rc * cterm * hterm;
    double e = lterm * lterm + cterm * cterm + hterm * hterm + rterm;
    return sqrt(fmax(e, 0.0));
}

double segkit_delta_e_lab(const segkit_delta_e_params *p, const double lab1[3],
                          const double lab2[3])
{
    segkit_delta_e_params d;
    if (!p) {
        d = segkit_delta_e_params_default();
        p = &d;
    }
    switch (p->formula) {
    case SEGKIT_DE76: {
        double a = lab1[0] - lab2[0], b = lab1[1] - lab2[1], c = lab1[2] - lab2[2];
        return sqrt(a * a + b * b + c * c);
    }
    case SEGKIT_DE94: return de94(p, lab1, lab2);
    case SEGKIT_DE2000: return de2000(p, lab1, lab2);
    case SEGKIT_DECMC: return decmc(p, lab1, lab2);
    default: return NAN;
    }
}

double cs_delta_e_l_bound(const segkit_delta_e_params *p, const double lab1[3], double L2)
{
    double L1 = lab1[0];
    switch (p->formula) {
    case SEGKIT_DE76:
        return fabs(L1 - L2);
    case SEGKIT_DE94:
        return fabs((L1 - L2) / p->kL);
    case SEGKIT_DE2000: { /* de2000's lterm */
        double lbar = 0.5 * (L1 + L2);
        double tmp = (lbar - 50.0) * (lbar - 50.0);
        double sl = 1.0 + 0.015 * tmp / sqrt(20.0 + tmp);
        return fabs((L2 - L1) / (p->kL * sl));
    }
    case SEGKIT_DECMC: { /* decmc's dL / (l sl) */
        double sl = L1 < 16 ? 0.511 : 0.040975 * L1 / (1.0 + 0.01765 * L1);
        return fabs((L1 - L2) / (p->cmc_l * sl));
    }
    default:
        return NAN;
    }
}
