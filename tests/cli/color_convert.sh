# segkit-color convert: hand-worked colours (HSV of the primaries, OpenCV's
# 8-bit bytes worked out from its integer formulas), the variants (D50 by
# Bradford, BT.709 and full-range YCbCr, LCh(ab), LCh(uv), OKLCh) against
# Lindbloom's matrix, the standards' formulas, skimage and Ottosson's code,
# 16-bit = 8-bit x 257, 16-bit PNG scaling, the front end, usage errors.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# 5 x 1 RGB: red, green, blue, white, orange (255, 128, 0)
printf 'P6\n5 1\n255\n\377\0\0\0\377\0\0\0\377\377\377\377\377\200\0' >"$TMP/c.ppm"
# the same x 257 as 16-bit big-endian PPM
printf 'P6\n5 1\n65535\n\377\377\0\0\0\0\0\0\377\377\0\0\0\0\0\0\377\377\377\377\377\377\377\377\377\377\200\200\0\0' >"$TMP/c16.ppm"

# the last N floats of a PFM (its one row), 3 per pixel
pfm_values() { tail -c $(($2 * 4)) "$1" | od -An -tf4 -v | tr -s ' ' '\n' | grep .; }
# near_tol TOL POLAR FILE EXPECTED...: the values in FILE equal EXPECTED within
# TOL; with POLAR 1 the triples are (L, C, h degrees) and a hue counts by its
# arc C * dh (radians, across 0/360), so the hue of a gray is free
near_tol() {
    local tol=$1 polar=$2 f=$3; shift 3
    CHECKS=$((CHECKS + 1))
    printf '%s\n' "$@" >"$TMP/want"
    pfm_values "$f" $# >"$TMP/got"
    paste "$TMP/got" "$TMP/want" | awk -v tol="$tol" -v polar="$polar" '
        { d = $1 - $2; if (d < 0) d = -d }
        polar && NR % 3 == 0 { if (d > 180) d = 360 - d; d *= c * atan2(0, -1) / 180 }
        { if (d > tol) bad = 1; c = $2 }
        END { exit bad }' || { fail "$f: got $(tr '\n' ' ' <"$TMP/got"), want $*"; }
}
# near FILE EXPECTED...: the values in FILE equal EXPECTED within 1e-4
near() { near_tol 1e-4 0 "$@"; }

# HSV: H degrees, S, V 0..1; orange H = 60 * 128/255 = 30.117647
expect 0 "$C" convert --to hsv "$TMP/c.ppm" "$TMP/hsv.pfm"
near "$TMP/hsv.pfm" 0 1 1 120 1 1 240 1 1 0 0 1 30.117647 1 1
# 16-bit x 257 gives the same floats
expect 0 "$C" convert --to hsv "$TMP/c16.ppm" "$TMP/hsv16.pfm"
same "$TMP/hsv.pfm" "$TMP/hsv16.pfm"
# HLS: L = (max + min) / 2, S = 1 for the primaries, 0 for white
expect 0 "$C" convert --to hls "$TMP/c.ppm" "$TMP/hls.pfm"
near "$TMP/hls.pfm" 0 0.5 1 120 0.5 1 240 0.5 1 0 1 0 30.117647 0.5 1
# HSI: I = mean, S = 1 - min / I; hue of red 0, green 120, blue 240
expect 0 "$C" convert --to hsi "$TMP/c.ppm" "$TMP/hsi.pfm"
near "$TMP/hsi.pfm" 0 1 0.333333 120 1 0.333333 240 1 0.333333 0 0 1 \
    $(awk 'BEGIN { r = 1; g = 128 / 255; b = 0;
        n = 0.5 * ((r - g) + (r - b)); d = sqrt((r - g)^2 + (r - b) * (g - b));
        printf "%.6f 1 %.6f", atan2(sqrt(d * d - n * n), n) * 45 / atan2(1, 1), (r + g + b) / 3 }')
# linear: 128 -> ((128/255 + 0.055) / 1.055)^2.4 = 0.215861
expect 0 "$C" convert --to linear "$TMP/c.ppm" "$TMP/lin.pfm"
near "$TMP/lin.pfm" 1 0 0 0 1 0 0 0 1 1 1 1 1 0.215861 0
# XYZ of the primaries are the columns of the sRGB matrix; white its row sums
expect 0 "$C" convert --to xyz "$TMP/c.ppm" "$TMP/xyz.pfm"
near "$TMP/xyz.pfm" 0.412453 0.212671 0.019334 0.357580 0.715160 0.119193 \
    0.180423 0.072169 0.950227 0.950456 1.0 1.088754 \
    $(awk 'BEGIN { g = 0.215861; printf "%.6f %.6f %.6f", 0.412453 + 0.357580 * g,
        0.212671 + 0.715160 * g, 0.019334 + 0.119193 * g }')
# YCbCr BT.601 limited: white (235, 128, 128); full range: (255, 128, 128)
expect 0 "$C" convert --to ycbcr "$TMP/c.ppm" "$TMP/y.pfm"
near "$TMP/y.pfm" 81.481 90.203 240 144.553 53.797 34.214 40.966 240 109.786 235 128 128 \
    $(awk 'BEGIN { g = 128 / 255; printf "%.4f %.4f %.4f", 16 + 65.481 + 128.553 * g,
        128 - 37.797 - 74.203 * g, 128 + 112 - 93.786 * g }')

# The variants against values from outside segkit, on 7 x 1 RGB: red, green,
# blue, white, grey 128, orange #ff7f00, and (10, 6, 2), whose channels are
# all on the linear segment of the sRGB curve (c / 255 <= 0.04045)
printf 'P6\n7 1\n255\n\377\0\0\0\377\0\0\0\377\377\377\377\200\200\200\377\177\0\012\006\002' \
    >"$TMP/v.ppm"
# YCbCr worked by hand from the standards' Kr, Kb (BT.601: 0.299, 0.114;
# BT.709: 0.2126, 0.0722) on the gamma-encoded R G B / 255:
#   Y' = Kr R + (1 - Kr - Kb) G + Kb B, Pb = (B - Y') / (2 (1 - Kb)),
#   Pr = (R - Y') / (2 (1 - Kr)); limited: Y = 16 + 219 Y', Cb Cr = 128 + 224 P;
#   full (the man page's, JPEG's): Y = 255 Y', Cb Cr = 128 + 255 P.
# Red in ycbcr709: Y = 16 + 219 x 0.2126 = 62.5594, Cb = 128 - 224 x 0.2126 /
# 1.8556 = 102.3359, Cr = 128 + 224 x 0.7874 / 1.5748 = 240; in ycbcr709-full
# Y = 54.213, Cb = 128 - 255 x 0.2126 / 1.8556 = 98.7841, Cr = 128 + 127.5 =
# 255.5; in ycbcr601-full Y = 76.245, Cb = 128 - 255 x 0.299 / 1.772 = 84.9723,
# Cr = 255.5.  White is (235, 128, 128) limited and (255, 128, 128) full.
ycc() {
    awk -v kr="$1" -v kb="$2" -v ys="$3" -v cs="$4" -v y0="$5" 'BEGIN {
        split("255 0 0 0 255 0 0 0 255 255 255 255 128 128 128 255 127 0 10 6 2", v)
        for (i = 0; i < 7; i++) {
            r = v[3 * i + 1] / 255; g = v[3 * i + 2] / 255; b = v[3 * i + 3] / 255
            y = kr * r + (1 - kr - kb) * g + kb * b
            printf "%.6f %.6f %.6f ", y0 + ys * y, 128 + cs * (b - y) / (2 * (1 - kb)),
                128 + cs * (r - y) / (2 * (1 - kr))
        } }'
}
expect 0 "$C" convert --to ycbcr709 "$TMP/v.ppm" "$TMP/y709.pfm"
near "$TMP/y709.pfm" 62.5594 102.3359 240 $(ycc 0.2126 0.0722 219 224 16 | cut -d' ' -f4-)
expect 0 "$C" convert --to ycbcr709-full "$TMP/v.ppm" "$TMP/y709f.pfm"
near "$TMP/y709f.pfm" 54.213 98.7841 255.5 $(ycc 0.2126 0.0722 255 255 0 | cut -d' ' -f4-)
expect 0 "$C" convert --to ycbcr601-full "$TMP/v.ppm" "$TMP/y601f.pfm"
near "$TMP/y601f.pfm" 76.245 84.9723 255.5 $(ycc 0.299 0.114 255 255 0 | cut -d' ' -f4-)

# D50 (Bradford), LCh(ab), LCh(uv), OKLCh: the numbers printed by
# `/usr/bin/python3 tests/gen/color_variants.py` (numpy, scikit-image 0.19.3),
# which explains each: xyz-d50 is Bruce Lindbloom's Bradford-adapted sRGB
# matrix [0.4360747 0.3850649 0.1430804; 0.2225045 0.7168786 0.0606169;
# 0.0139322 0.0971045 0.7141733] times linear sRGB; lab-d50 and luv-d50 are
# skimage xyz2lab / xyz2luv of those with his D50 white (0.96422, 1, 0.82521);
# the LCh spaces skimage lab2lch of Lab or Luv (lch: rgb2lab, lchuv: rgb2luv),
# hue in degrees; oklch the polar form of Ottosson's linear_srgb_to_oklab.
# Tolerances: 1e-4 (float32 output) but for the D50 spaces, where segkit
# builds its matrix from the 6-decimal sRGB matrix's white and skimage's D50
# white (0.964212, 1, 0.825188) and Lindbloom from the 7-decimal matrix and
# (0.96422, 1, 0.82521): the script prints how far the two constructions are
# apart (XYZ 2.6e-5, L*a*b* and L*u*v* 0.0024), so XYZ 1e-4 and the rest 0.01.
variant() {
    local space=$1 tol=$2 polar=$3; shift 3
    expect 0 "$C" convert --to "$space" "$TMP/v.ppm" "$TMP/$space.pfm"
    near_tol "$tol" "$polar" "$TMP/$space.pfm" "$@"
}
variant xyz-d50 1e-4 0 0.436075 0.222504 0.013932 0.385065 0.716879 0.097104 0.143080 0.060617 \
    0.714173 0.964220 1.000000 0.825210 0.208137 0.215861 0.178130 0.517797 0.374648 0.034541 \
    0.002112 0.002018 0.000653
variant lab-d50 0.01 0 54.291734 80.812455 69.885040 87.818128 -79.287281 80.990256 29.567573 \
    68.298653 -112.029430 100.000000 0.000000 0.000000 53.585013 0.000000 0.000000 67.624308 \
    45.960559 74.738334 1.822582 0.671153 1.910609
variant luv-d50 0.01 0 54.291734 175.042580 25.958038 87.818128 -84.936511 87.243584 29.567573 \
    -11.539604 -121.968563 100.000000 0.000000 0.000000 53.585013 -0.000000 -0.000000 67.624308 \
    107.868013 45.877256 1.822598 0.873153 0.966923
variant lch-d50 0.01 1 54.291734 106.838999 40.852613 87.818128 113.339731 134.391246 29.567573 \
    131.207085 301.368541 100.000000 0.000000 0.000000 53.585013 0.000000 0.000000 67.624308 \
    87.739338 58.410440 1.822582 2.025061 70.644786
variant lchuv-d50 0.01 1 54.291734 176.956843 8.435234 87.818128 121.760641 134.232329 \
    29.567573 122.513235 264.595260 100.000000 0.000000 0.000000 53.585013 0.000000 243.434949 \
    67.624308 117.218731 23.040495 1.822598 1.302818 47.917262
variant lch 1e-4 1 53.240588 104.551363 39.998877 87.735099 119.776365 136.015925 32.295673 \
    133.804167 306.284997 100.000000 0.005261 117.814134 53.585013 0.003156 117.814134 \
    66.858542 85.660582 59.623491 1.799129 1.945103 75.417759
variant lchuv 1e-4 1 53.240588 179.040762 12.173946 87.735099 135.781057 127.723534 32.295673 \
    130.675928 265.872779 100.000000 0.007687 94.099315 53.585013 0.004119 94.099315 66.858542 \
    123.130560 29.774525 1.799145 1.478595 55.428722
# OKLab's units are 1/100 of CIELAB's (L 0..1), so 1e-5 here
variant oklch 1e-5 1 0.627955 0.257683 29.233885 0.866440 0.294827 142.495339 0.452014 0.313214 \
    264.052021 1.000000 0.000000 89.875563 0.599871 0.000000 89.875563 0.730393 0.186426 \
    52.567789 0.126303 0.016509 77.315594

# OpenCV 8-bit HSV: H = degrees / 2; orange (128 * 482 + 2048) >> 12 = 15
expect 0 "$C" convert --to hsv --opencv "$TMP/c.ppm" "$TMP/cv.ppm"
printf 'P6\n5 1\n255\n\0\377\377\074\377\377\170\377\377\0\0\377\017\377\377' >"$TMP/cv_want.ppm"
same "$TMP/cv.ppm" "$TMP/cv_want.ppm"
# OpenCV Lab: white (255, 128, 128)
expect 0 "$C" convert --to lab --opencv "$TMP/c.ppm" "$TMP/lab.ppm"
CHECKS=$((CHECKS + 1))
[ "$(tail -c 15 "$TMP/lab.ppm" | od -An -tu1 -v | tr -s ' ' | cut -d' ' -f11-13)" = "255 128 128" ] ||
    fail "OpenCV Lab of white is not 255 128 128"

# 16-bit PNG: H 0..360 -> 0..65535; blue's H 240 -> 43690
expect 0 "$C" convert --to hsv --json "$TMP/c.ppm" "$TMP/hsv.ppm"
has "$TMP/out" '"png16_hi": ?360'
CHECKS=$((CHECKS + 1))
[ "$(head -c 15 "$TMP/hsv.ppm" | head -3 | tail -1)" = "65535" ] || fail "16-bit output is not 16-bit"
CHECKS=$((CHECKS + 1))
[ "$(tail -c 30 "$TMP/hsv.ppm" | od -An -tu1 -v -j 12 -N 2 | tr -s ' ')" = " 170 170" ] ||
    fail "H 240 is not 43690 (0xAAAA) in the 16-bit output"

# round trip: lab -> rgb gives the input back
expect 0 "$C" convert --to oklch "$TMP/c.ppm" "$TMP/ok.npy"
expect 0 "$C" convert --from oklch --to rgb "$TMP/ok.npy" "$TMP/back.pfm"
near "$TMP/back.pfm" 1 0 0 0 1 0 0 0 1 1 1 1 1 0.501961 0

# the front end and --help
expect 0 "$BIN/segkit" color convert --to lab "$TMP/c.ppm" "$TMP/f.npy"
expect 0 "$C" --help
has "$TMP/out" 'convert'
expect 0 "$C" convert --help
has "$TMP/out" '--opencv'

# usage errors (2) and failures (1)
expect 2 "$C"
expect 2 "$C" frobnicate "$TMP/c.ppm" "$TMP/x.npy"
has "$TMP/err" "^segkit-color: unknown command 'frobnicate'"
expect 2 "$C" convert "$TMP/c.ppm" "$TMP/x.npy"
has "$TMP/err" 'no colour space'
expect 2 "$C" convert --to lab-d65x "$TMP/c.ppm" "$TMP/x.npy"
has "$TMP/err" 'unknown colour space'
expect 2 "$C" convert --to yuv --opencv "$TMP/c.ppm" "$TMP/x.png"
expect 1 "$C" convert --to hsv --opencv "$TMP/c16.ppm" "$TMP/x.png"
has "$TMP/err" '8-bit'
printf 'P5\n2 1\n255\n\0\0' >"$TMP/g.pgm"
expect 1 "$C" convert --to lab "$TMP/g.pgm" "$TMP/x.npy"
has "$TMP/err" 'not a colour image'
expect 1 "$C" convert --from lab --to rgb "$TMP/c.ppm" "$TMP/x.npy"
has "$TMP/err" 'float'
expect 2 "$C" convert --to lab "$TMP/c.ppm" "$TMP/x.jpg"
absent "$TMP/x.npy"
absent "$TMP/x.png"
absent "$TMP/x.jpg"
finish
