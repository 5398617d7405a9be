#!/usr/bin/python3
"""Prints the expected values of tests/cli/color_convert.sh's "variants" part:
sRGB colours in the D50 (Bradford) spaces, LCh(ab), LCh(uv) and OKLCh, from
sources outside segkit.  Run from the repository root (numpy, scikit-image
0.19.3: Debian python3-skimage):

    /usr/bin/python3 tests/gen/color_variants.py

Colours (8-bit sRGB): red, green, blue, white, grey 128, orange #ff7f00, and
(10, 6, 2), dark enough that every channel is on the linear segment of the
sRGB curve (c / 255 <= 0.04045).

- xyz-d50: Bruce Lindbloom's sRGB -> XYZ matrix adapted to D50 by Bradford
  (brucelindbloom.com, "RGB/XYZ Matrices", sRGB, reference white D50) times
  linear sRGB (IEC 61966-2-1 piecewise curve).
- lab-d50, luv-d50: skimage.color.xyz2lab / xyz2luv of those XYZ with
  Lindbloom's D50 white (0.96422, 1, 0.82521), the row sums of his matrix,
  registered as an extra illuminant so that skimage does the CIE part;
  lch-d50, lchuv-d50: skimage.color.lab2lch of them (it is a plain polar
  conversion, so it serves for L*u*v* as well), hue radians -> degrees.
- lch, lchuv: skimage.color.lab2lch(rgb2lab(img)), lab2lch(rgb2luv(img)),
  hue in degrees.
- oklch: Björn Ottosson's published linear_srgb_to_oklab ("A perceptual
  color space for image processing", 2020, bottosson.github.io/posts/oklab)
  in numpy, then C = hypot(a, b), h = atan2(b, a) in degrees, 0..360.

Tolerance of the D50 spaces: segkit builds its D50 matrix itself (Bradford
from the 6-decimal sRGB matrix's white to skimage's D50 white 0.964212, 1,
0.825188); Lindbloom's matrix comes from the 7-decimal sRGB matrix and white
0.96422, 1, 0.82521.  The last lines print, as comments, how far the two
constructions are apart on these colours (no segkit involved): the test's
tolerances are a few times that.
"""
import numpy as np
from skimage import color
from skimage.color import colorconv

COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (128, 128, 128),
           (255, 127, 0), (10, 6, 2)]
img = np.array(COLOURS, dtype=np.uint8).reshape(1, -1, 3)
srgb = img / 255.0
lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)

LINDBLOOM_D50 = np.array([[0.4360747, 0.3850649, 0.1430804],
                          [0.2225045, 0.7168786, 0.0606169],
                          [0.0139322, 0.0971045, 0.7141733]])
colorconv.illuminants['LINDBLOOM-D50'] = {'2': (0.96422, 1.0, 0.82521)}


def polar_deg(v):
    """lab2lch with the hue in degrees"""
    out = color.lab2lch(v)
    out[..., 2] = np.degrees(out[..., 2])
    return out


def d50(m, white):
    xyz = lin @ m.T
    lab = color.xyz2lab(xyz, illuminant=white)
    luv = color.xyz2luv(xyz, illuminant=white)
    return {'xyz-d50': xyz, 'lab-d50': lab, 'luv-d50': luv, 'lch-d50': polar_deg(lab),
            'lchuv-d50': polar_deg(luv)}


def oklch(c):
    """Ottosson's linear_srgb_to_oklab, then polar (degrees, 0..360)"""
    r, g, b = c[..., 0], c[..., 1], c[..., 2]
    l = 0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b
    m = 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b
    s = 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b
    l_, m_, s_ = np.cbrt(l), np.cbrt(m), np.cbrt(s)
    L = 0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_
    A = 1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_
    B = 0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_
    return np.stack([L, np.hypot(A, B), np.degrees(np.arctan2(B, A)) % 360], -1)


ref = d50(LINDBLOOM_D50, 'LINDBLOOM-D50')
ref['lch'] = polar_deg(color.rgb2lab(img))
ref['lchuv'] = polar_deg(color.rgb2luv(img))
ref['oklch'] = oklch(lin)
for name, v in ref.items():
    print(name, ' '.join('%.6f' % x for x in v.ravel()))

# the other construction of the D50 matrix, for the tolerance only
BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367],
                     [0.0389, -0.0685, 1.0296]])
m65 = colorconv.xyz_from_rgb
w65, w50 = m65.sum(1), colorconv.get_xyz_coords('D50', '2')
adapt = np.linalg.inv(BRADFORD) @ np.diag((BRADFORD @ w50) / (BRADFORD @ w65)) @ BRADFORD
alt = d50(adapt @ m65, 'D50')
for name in alt:
    a, r = alt[name][0], ref[name][0]
    if name.startswith('lch'):  # hue as arc length C * dh (radians)
        dh = (a[:, 2] - r[:, 2] + 180) % 360 - 180
        d = np.stack([a[:, 0] - r[:, 0], a[:, 1] - r[:, 1], r[:, 1] * np.radians(dh)], -1)
    else:
        d = a - r
    print('# %s: the two D50 constructions differ by up to %.2g' % (name, np.abs(d).max()))
