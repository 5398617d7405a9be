#!/bin/bash
# segkit-edges on hostile and bad input (empty, truncated, huge-header files,
# bad --quantiles, outputs to paths that cannot be written): one message
# "segkit-edges: FILE: reason" (or the option), exit 1 (failure) or 2
# (usage), and nothing left behind; --direction's values worked by hand;
# --overlay equals segkit-overlay's picture of OUT.
. "$(dirname "$0")/lib.sh"
E=$BIN/segkit-edges
IMG=${SEGKIT_DATA:?}/coins.png
E_PROG=segkit-edges

# bad_input REGEX FILE ARGS...: exit 1, one stderr line naming FILE, no output
bad_input() {
    local want=$1 file=$2; shift 2
    rm -f "$TMP/o.png" "$TMP/o.npy"
    expect 1 "$E" "$@" "$file" "$TMP/o.png"
    has "$TMP/err" "^$E_PROG: $file: $want"
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$TMP/err")" = 1 ] || fail "$file: stderr is not one line"
    absent "$TMP/o.png"
}
: >"$TMP/empty.png"
head -c 3000 "$IMG" >"$TMP/trunc.png"
printf 'P5 4 4 255\nab' >"$TMP/short.pgm"
printf 'P5 100000 100000 255\n' >"$TMP/huge.pgm"
printf 'not an image at all\n' >"$TMP/text.png"
for m in sobel canny soft; do
    bad_input "truncated" "$TMP/empty.png" -m $m --overlay "$TMP/ov.png"
    bad_input "truncated" "$TMP/trunc.png" -m $m
    bad_input "truncated" "$TMP/short.pgm" -m $m
    bad_input "image exceeds the pixel limit" "$TMP/huge.pgm" -m $m
    bad_input "." "$TMP/text.png" -m $m
done
absent "$TMP/ov.png"
# a truncated JPEG (the shared data's photo, cut): refused, not half-decoded
if [ -f "${SEGKIT_SHARED_DATA:-/nonexistent}/opencv/samples_data/building.jpg" ]; then
    head -c 20000 "$SEGKIT_SHARED_DATA/opencv/samples_data/building.jpg" >"$TMP/cut.jpg"
    bad_input "." "$TMP/cut.jpg" -m canny --sigma 2
fi

# --quantiles: LO,HI fractions, LO <= HI; anything else is a usage error
for q in 0.9 0 a,b 0.5,2 -0.1,0.5 "" 0.1, ,0.2 0.2,0.1 0.1,0.2x 0.1,0.2,0.3 nan,0.5; do
    expect 2 "$E" -m canny --quantiles "$q" "$IMG" "$TMP/o.png"
    has "$TMP/err" "^segkit-edges: --quantiles $q: give LO,HI, two fractions with 0 <= LO <= HI <= 1$"
    absent "$TMP/o.png"
done
expect 0 "$E" -m canny --quantiles 0,1 "$IMG" "$TMP/o.png"
expect 2 "$E" -m sobel --quantiles 0.1,0.2 "$IMG" "$TMP/o.npy"
has "$TMP/err" "does not apply"
rm -f "$TMP/o.png"

# --direction: a path that cannot be written -> exit 1, named, no OUT
expect 1 "$E" -m sobel --direction "$TMP/nodir/d.npy" "$IMG" "$TMP/o.npy"
has "$TMP/err" "^segkit-edges: $TMP/nodir/d.npy: "
absent "$TMP/o.npy"
# a float direction in a PNG: refused with the hint, no OUT
expect 1 "$E" -m sobel --direction "$TMP/d.png" "$IMG" "$TMP/o.npy"
has "$TMP/err" "^segkit-edges: $TMP/d.png: png cannot hold a 1-channel f32 image"
absent "$TMP/d.png"
absent "$TMP/o.npy"
# OUT fails after the direction was written: the new direction file goes too
expect 1 "$E" -m sobel --direction "$TMP/d.npy" "$IMG" "$TMP/nodir/o.npy"
has "$TMP/err" "^segkit-edges: $TMP/nodir/o.npy: "
absent "$TMP/d.npy"
# ... and the overlay failing removes both
expect 1 "$E" -m sobel --direction "$TMP/d.npy" --overlay "$TMP/nodir/ov.png" "$IMG" "$TMP/o.npy"
has "$TMP/err" "^segkit-edges: $TMP/nodir/ov.png: "
absent "$TMP/d.npy"
absent "$TMP/o.npy"
# a file that was there before stays (the safe-output rules keep it whole)
echo old >"$TMP/keep.npy"
expect 1 "$E" -m sobel --direction "$TMP/keep.npy" "$IMG" "$TMP/nodir/o.npy"
CHECKS=$((CHECKS + 1))
[ -f "$TMP/keep.npy" ] || fail "an existing --direction file was removed"
# the direction and OUT paths must differ; --direction is for gradients only
expect 2 "$E" -m sobel --direction "$TMP/o.npy" "$IMG" "$TMP/o.npy"
absent "$TMP/o.npy"
expect 2 "$E" -m canny --direction "$TMP/d.npy" "$IMG" "$TMP/o.png"
has "$TMP/err" "does not apply"
absent "$TMP/d.npy"

# --direction by hand: on a ramp v = 10 x + 20 y every interior pixel has
# gx : gy = 10 : 20 (Sobel of a linear ramp), so atan2(gy, gx) = atan2(2, 1)
# = 1.1071487 rad; on v = 250 - 10 x, atan2(0, -1) = pi (3.1415927)
ramp() {   # ramp FILE EXPR(x,y): a 6 x 6 16-bit PGM
    { echo "P2 6 6 65535"; for y in 0 1 2 3 4 5; do
        for x in 0 1 2 3 4 5; do printf '%d ' $(($2)); done; echo; done; } >"$1"
}
# pfm_at FILE X Y: the float at (X, Y) of a 6 x 6 "Pf" file (rows bottom-up)
pfm_at() {
    local hdr off
    hdr=$(head -n 3 "$1" | wc -c)
    off=$((hdr + 4 * ((5 - $3) * 6 + $2)))
    od -An -tf4 -j "$off" -N 4 "$1" | tr -d ' '
}
ramp "$TMP/r1.pgm" '10 * x + 20 * y'
ramp "$TMP/r2.pgm" '250 - 10 * x'
expect 0 "$E" -m sobel --direction "$TMP/d1.pfm" "$TMP/r1.pgm" "$TMP/m1.npy"
expect 0 "$E" -m sobel --direction "$TMP/d2.pfm" "$TMP/r2.pgm" "$TMP/m2.npy"
for xy in "1 1" "2 3" "4 4"; do
    CHECKS=$((CHECKS + 1))
    v=$(pfm_at "$TMP/d1.pfm" $xy)
    awk -v v="$v" 'BEGIN { exit !(v - 1.1071487 < 1e-6 && 1.1071487 - v < 1e-6) }' ||
        fail "ramp 10x+20y at ($xy): direction $v, expected 1.1071487"
    CHECKS=$((CHECKS + 1))
    v=$(pfm_at "$TMP/d2.pfm" $xy)
    awk -v v="$v" 'BEGIN { exit !(v - 3.1415927 < 1e-6 && 3.1415927 - v < 1e-6) }' ||
        fail "ramp 250-10x at ($xy): direction $v, expected pi"
done
# OUT is the same with and without --direction
expect 0 "$E" -m sobel "$TMP/r1.pgm" "$TMP/m1b.npy"
same "$TMP/m1.npy" "$TMP/m1b.npy"

# --overlay: the picture segkit-overlay draws of OUT over IN (a Canny mask
# as a mask, regions as labels, a map in viridis at alpha 0.6)
O=$BIN/segkit-overlay
expect 0 "$E" -m canny --sigma 2 "$IMG" "$TMP/c.png" --overlay "$TMP/co.png"
expect 0 "$O" --mode both --boundary inner "$IMG" "$TMP/c.png" "$TMP/co2.png"
same "$TMP/co.png" "$TMP/co2.png"
expect 0 "$E" -m canny --sigma 2 --regions close --gap 3 "$IMG" "$TMP/r.png" --overlay "$TMP/ro.png"
expect 0 "$O" --mode both --boundary inner "$IMG" "$TMP/r.png" "$TMP/ro2.png"
same "$TMP/ro.png" "$TMP/ro2.png"
expect 0 "$E" -m sobel "$IMG" "$TMP/s.npy" --overlay "$TMP/so.png"
expect 0 "$O" --alpha 0.6 "$IMG" "$TMP/s.npy" "$TMP/so2.png"
same "$TMP/so.png" "$TMP/so2.png"
expect 0 "$E" -m soft "$IMG" "$TMP/soft.png" --overlay "$TMP/sfo.png"
CHECKS=$((CHECKS + 1))
[ -s "$TMP/sfo.png" ] || fail "no soft-map overlay"
expect 0 "$E" -m soft "$IMG" "$TMP/soft.npy" --overlay "$TMP/sfo3.png"
expect 0 "$O" --alpha 0.6 "$IMG" "$TMP/soft.npy" "$TMP/sfo2.png"
same "$TMP/sfo3.png" "$TMP/sfo2.png"
# the overlay of a colour input is in colour (PNG colour type 2 = RGB)
if [ -f "${SEGKIT_SHARED_DATA:-/nonexistent}/opencv/samples_data/building.jpg" ]; then
    expect 0 "$E" -m canny --sigma 2 "$SEGKIT_SHARED_DATA/opencv/samples_data/building.jpg" \
        "$TMP/b.png" --overlay "$TMP/bo.png"
    CHECKS=$((CHECKS + 1))
    [ "$(od -An -tu1 -j 25 -N 1 "$TMP/bo.png" | tr -d ' ')" = 2 ] || fail "building overlay is not RGB"
fi
expect 2 "$E" -m canny "$IMG" "$TMP/x.png" --overlay -
has "$TMP/err" "give a file name"
absent "$TMP/x.png"
finish
