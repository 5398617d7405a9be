#!/bin/bash
# segkit-edges: outputs, --json, and its usage errors.
. "$(dirname "$0")/lib.sh"
E=$BIN/segkit-edges
IMG=$SEGKIT_DATA/coins.png
[ -f "$IMG" ] || IMG=$(ls "$SEGKIT_DATA"/*.png | head -1)

expect 0 "$E" --help
has "$TMP/out" "segkit-edges -m METHOD"
expect 0 "$E" -m sobel "$IMG" "$TMP/s.npy"
expect 0 "$E" -m sobel --scale 65535 "$IMG" "$TMP/s.png"
expect 1 "$E" -m sobel "$IMG" "$TMP/s2.png"
has "$TMP/err" "^segkit-edges: hint: float results go to .npy or .pfm; --scale S writes 16-bit PNG$"
absent "$TMP/s2.png"
expect 0 "$E" -m canny --low 20 --high 40 --json=- "$IMG" "$TMP/c.png"
has "$TMP/out" '"low": 20, "high": 40, "edge_pixels": [1-9][0-9]*'
expect 0 "$E" -m canny --sigma 2 --regions close --gap 3 --min-area 20 --json=- "$IMG" "$TMP/r.png"
has "$TMP/out" '"regions_mode": "close", "regions": [1-9][0-9]*'
expect 0 "$E" -m sobel --regions watershed --h 0.05 --json=- "$IMG" "$TMP/w.png"
has "$TMP/out" '"regions": [1-9][0-9]*'
expect 0 "$E" -m soft "$IMG" "$TMP/soft.png"
expect 0 "$E" -m soft --texture 0.5 --length 10 "$IMG" "$TMP/soft.npy"
# --weights: 17 numbers; all weights 0 and bias 0 -> no boundary anywhere
# (the thinned sum is 0), so the map is 0
expect 0 "$E" -m soft --weights 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 "$IMG" "$TMP/soft0.pgm"
CHECKS=$((CHECKS + 1))
[ -z "$(tail -c +$(($(head -n 3 "$TMP/soft0.pgm" | wc -c) + 1)) "$TMP/soft0.pgm" | tr -d '\000')" ] ||
    fail "zero weights: a nonzero map"
for wv in 1,2 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,x; do
    expect 2 "$E" -m soft --weights "$wv" "$IMG" "$TMP/x.png"
    has "$TMP/err" "give 17 numbers"
done
expect 2 "$E" -m sobel --weights 1 "$IMG" "$TMP/x.npy"
expect 2 "$E" -m sobel --regions close "$IMG" "$TMP/x.png"
has "$TMP/err" "needs -m canny"
# usage errors: exit 2, nothing written
expect 2 "$E" -m canny --low 50 --high 10 "$IMG" "$TMP/x.png"
has "$TMP/err" "above --high"
expect 2 "$E" -m canny --quantiles 0.9,0.1 "$IMG" "$TMP/x.png"
expect 2 "$E" -m canny --auto --low 3 "$IMG" "$TMP/x.png"
expect 2 "$E" -m canny --opencv --sigma 2 --low 1 --high 2 "$IMG" "$TMP/x.png"
expect 2 "$E" -m canny --opencv "$IMG" "$TMP/x.png"
expect 2 "$E" -m canny --aperture 5 "$IMG" "$TMP/x.png"
expect 2 "$E" -m sobel --low 3 "$IMG" "$TMP/x.png"
has "$TMP/err" "does not apply"
expect 2 "$E" -m sobel --aperture 4 "$IMG" "$TMP/x.npy"
expect 2 "$E" -m bogus "$IMG" "$TMP/x.npy"
absent "$TMP/x.png"
absent "$TMP/x.npy"
expect 1 "$E" -m sobel "$TMP/missing.png" "$TMP/x.npy"
has "$TMP/err" "^segkit-edges: $TMP/missing.png: "
finish
