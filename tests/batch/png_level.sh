# --png-level N: zlib level of PNG output.  Level 0 stores (the file holds
# every one of coins' 384x303 mask bytes), every level reads back to the
# same mask (the default's), a non-PNG output with --png-level is a usage
# error, and out-of-range levels are refused.
. "$(dirname "$0")/../cli/lib.sh"
TH=$BIN/segkit-threshold
IN=$SEGKIT_DATA/coins.png
expect 0 "$TH" -m otsu "$IN" "$TMP/d.png"
"$TH" -m fixed --value 128 "$TMP/d.png" --format pgm - >"$TMP/d.pgm"
for l in 0 1 6 9; do
    expect 0 "$TH" -m otsu --png-level $l "$IN" "$TMP/l$l.png"
    "$TH" -m fixed --value 128 "$TMP/l$l.png" --format pgm - >"$TMP/l$l.pgm"
    same "$TMP/d.pgm" "$TMP/l$l.pgm"
done
CHECKS=$((CHECKS + 1))
[ "$(stat -c %s "$TMP/l0.png")" -gt $((384 * 303)) ] || fail "--png-level 0 is not stored: $(stat -c %s "$TMP/l0.png") bytes"
expect 2 "$TH" -m otsu --png-level 3 "$IN" "$TMP/x.pgm"
has "$TMP/err" "png-level applies to PNG"
absent "$TMP/x.pgm"
expect 2 "$TH" -m otsu --png-level 10 "$IN" "$TMP/y.png"
expect 2 "$TH" -m otsu --png-level -1 "$IN" "$TMP/y.png"
absent "$TMP/y.png"
finish
