/* Hue spaces: HSV and HLS (hexcone hue, as scikit-image rgb2hsv and
 * Python's colorsys; hue in degrees) and HSI (Gonzalez & Woods, "Digital
 * Image Processing", 3rd ed., section 6.2.3: the hue is the angle of the
 * chromaticity, I = (R + G + B) / 3, S = 1 - min / I). */
#include <math.h>

#include "color_internal.h"

/* hexcone hue in degrees 0..360 from max, delta; 0 for a gray.  Blue wins a
 * tie with green, green with red, as skimage.color.rgb2hsv (the values
 * are the same either way). */
static double hexcone_hue(double r, double g, double b, double max, double delta)
{
    if (delta == 0)
        return 0.0;
    double h;
    if (b == max)
        h = 4.0 + (r - g) / delta;
    else if (g == max)
        h = 2.0 + (b - r) / delta;
    else
        h = (g - b) / delta;
    h *= 60.0;
    if (h < 0)
        h += 360.0;
    return h >= 360.0 ? h - 360.0 : h;
}

/* the inverse: RGB of hue h (degrees), chroma c, plus m */
static void hexcone_rgb(double h, double c, double m, double rgb[3])
{
    h = fmod(h, 360.0);
    if (h < 0)
        h += 360.0;
    double hp = h / 60.0;
    double x = c * (1.0 - fabs(fmod(hp, 2.0) - 1.0));
    double r, g, b;
    switch ((int)hp) {
    case 0: r = c, g = x, b = 0; break;
    case 1: r = x, g = c, b = 0; break;
    case 2: r = 0, g = c, b = x; break;
    case 3: r = 0, g = x, b = c; break;
    case 4: r = x, g = 0, b = c; break;
    default: r = c, g = 0, b = x; break;
    }
    rgb[0] = r + m, rgb[1] = g + m, rgb[2] = b + m;
}

void hsx_from_rgb(segkit_space s, const double rgb[3], double one, double out[3])
{
    double r = rgb[0], g = rgb[1], b = rgb[2];
    double max = fmax(r, fmax(g, b)), min = fmin(r, fmin(g, b));
    double delta = max - min;
    if (s == SEGKIT_SPACE_HSV) {
        out[0] = hexcone_hue(r, g, b, max, delta);
        out[1] = delta == 0 ? 0.0 : delta / max;
        out[2] = max / one;
    } else if (s == SEGKIT_SPACE_HLS) {
        double sum = max + min;
        out[0] = hexcone_hue(r, g, b, max, delta);
        out[1] = sum / 2.0 / one;
        out[2] = delta == 0 ? 0.0 : sum <= one ? delta / sum : delta / (2.0 * one - sum);
    } else { /* HSI */
        double sum = r + g + b;
        double num = 0.5 * ((r - g) + (r - b));
        double den = sqrt((r - g) * (r - g) + (r - b) * (g - b));
        double h = 0.0;
        if (den > 0) {
            double q = num / den;
            q = q > 1 ? 1 : q < -1 ? -1 : q;
            h = acos(q) * (180.0 / CS_PI);
            if (b > g)
                h = 360.0 - h;
            if (h >= 360.0)
                h -= 360.0;
        }
        out[0] = h;
        out[1] = sum > 0 ? 1.0 - 3.0 * min / sum : 0.0;
        out[2] = sum / 3.0 / one;
    }
}

void hsx_to_rgb(segkit_space s, const double in[3], double rgb[3])
{
    if (s == SEGKIT_SPACE_HSV) {
        double c = in[2] * in[1];
        hexcone_rgb(in[0], c, in[2] - c, rgb);
    } else if (s == SEGKIT_SPACE_HLS) {
        double l = in[1];
        double c = (1.0 - fabs(2.0 * l - 1.0)) * in[2];
        hexcone_rgb(in[0], c, l - c / 2.0, rgb);
    } else { /* HSI: Gonzalez & Woods' three sectors */
        double h = fmod(in[0], 360.0), sat = in[1], i = in[2];
        if (h < 0)
            h += 360.0;
        int sector = h < 120.0 ? 0 : h < 240.0 ? 1 : 2;
        h -= 120.0 * sector;
        double lo = i * (1.0 - sat);
        double hi = i * (1.0 + sat * cos(h * CS_PI / 180.0) / cos((60.0 - h) * CS_PI / 180.0));
        double rest = 3.0 * i - (lo + hi);
        /* sector 0: b = lo, r = hi, g = rest; 1: r, g, b; 2: g, b, r */
        int k_lo = (2 + sector) % 3, k_hi = sector, k_rest = (1 + sector) % 3;
        rgb[k_lo] = lo;
        rgb[k_hi] = hi;
        rgb[k_rest] = rest;
    }
}
