# segkit-color convert: hand-worked colours (HSV of the primaries, OpenCV's
# 8-bit bytes worked out from its integer formulas), 16-bit = 8-bit x 257,
# 16-bit PNG scaling, the front end, usage errors.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# 5 x 1 RGB: red, green, blue, white, orange (255, 128, 0)
printf 'P6\n5 1\n255\n\377\0\0\0\377\0\0\0\377\377\377\377\377\200\0' >"$TMP/c.ppm"
# the same x 257 as 16-bit big-endian PPM
printf 'P6\n5 1\n65535\n\377\377\0\0\0\0\0\0\377\377\0\0\0\0\0\0\377\377\377\377\377\377\377\377\377\377\200\200\0\0' >"$TMP/c16.ppm"

# floats of the one row of a PFM, 3 per pixel
pfm_values() { tail -c 60 "$1" | od -An -tf4 -v | tr -s ' ' '\n' | grep .; }
# near FILE EXPECTED...: the values in FILE equal EXPECTED within 1e-4
near() {
    local f=$1; shift
    CHECKS=$((CHECKS + 1))
    printf '%s\n' "$@" >"$TMP/want"
    pfm_values "$f" >"$TMP/got"
    paste "$TMP/got" "$TMP/want" | awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 1e-4) bad = 1 }
        END { exit bad }' || { fail "$f: got $(tr '\n' ' ' <"$TMP/got"), want $*"; }
}

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
