#!/bin/bash
# segkit-overlay on hostile and bad input, in its three forms (IMAGE LABELS
# OUT, --export FMT LABELS OUT, --import FMT --size WxH IN OUT): empty,
# truncated and huge-header image files, malformed COCO / GeoJSON / class
# tables / palettes, JSON nested past the limit, a --size beyond the pixel
# limit or the memory budget, outputs that cannot be written.  Each: exit 1
# (failure) or 2 (usage), one stderr line "segkit-overlay: FILE: reason" (or
# the option), and no output file left behind.
. "$(dirname "$0")/lib.sh"
O=$BIN/segkit-overlay
IMG=${SEGKIT_DATA:?}/coins.png

# refused CODE REGEX FILE ARGS...: exit CODE, one stderr line
# "segkit-overlay: FILE: <reason matching REGEX>", no $TMP/o.* left
refused() {
    local code=$1 want=$2 file=$3; shift 3
    rm -f "$TMP"/o.*
    expect "$code" "$O" "$@"
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$TMP/err")" = 1 ] || { fail "$*: stderr is not one line:"; head -3 "$TMP/err"; }
    local prefix="segkit-overlay: $file: " line
    line=$(head -n 1 "$TMP/err")
    CHECKS=$((CHECKS + 1))
    case "$line" in
        "$prefix"*) printf '%s\n' "${line#"$prefix"}" | grep -Eq -- "$want" ||
                        fail "$*: message lacks /$want/: $line" ;;
        *) fail "$*: stderr does not start with '$prefix': $line" ;;
    esac
    CHECKS=$((CHECKS + 1))
    [ -z "$(ls "$TMP"/o.* 2>/dev/null)" ] || fail "$*: output left behind: $(ls "$TMP"/o.*)"
}

# a label image of coins to work with, and its COCO / GeoJSON
"$BIN/segkit-threshold" -m otsu "$IMG" "$TMP/mask.png" >/dev/null 2>&1 &&
    "$BIN/segkit-label" "$TMP/mask.png" "$TMP/lab.png" >/dev/null 2>&1 ||
    { fail "could not make the labels"; finish; exit 1; }
expect 0 "$O" --export coco "$TMP/lab.png" "$TMP/lab.json"
expect 0 "$O" --export geojson "$TMP/lab.png" "$TMP/lab.geojson"

# ------------------------------------------------------------ image files
: >"$TMP/empty.png"
head -c 3000 "$IMG" >"$TMP/trunc.png"
printf 'P5 4 4 255\nab' >"$TMP/short.pgm"
printf 'P5 100000 100000 255\n' >"$TMP/huge.pgm"
printf 'P5 70000 70000 65535\n' >"$TMP/huge16.pgm"
printf 'not an image at all\n' >"$TMP/text.png"
printf 'Pf\n5 5\n-1\n' >"$TMP/f.pfm" && head -c 100 /dev/zero >>"$TMP/f.pfm"
for f in empty.png trunc.png short.pgm; do
    refused 1 '^truncated image data$' "$TMP/$f" "$TMP/$f" "$TMP/lab.png" "$TMP/o.png"
    refused 1 '^truncated image data$' "$TMP/$f" "$IMG" "$TMP/$f" "$TMP/o.png"
    refused 1 '^truncated image data$' "$TMP/$f" --export coco "$TMP/$f" "$TMP/o.json"
done
for f in huge.pgm huge16.pgm; do
    refused 1 '^image exceeds the pixel limit \(see --max-pixels\)$' "$TMP/$f" \
        "$TMP/$f" "$TMP/lab.png" "$TMP/o.png"
    refused 1 '^image exceeds the pixel limit \(see --max-pixels\)$' "$TMP/$f" \
        "$IMG" "$TMP/$f" "$TMP/o.png"
    refused 1 '^image exceeds the pixel limit \(see --max-pixels\)$' "$TMP/$f" \
        --export geojson "$TMP/$f" "$TMP/o.json"
done
# the pixel limit raised, the memory budget (1G) still refuses 19.6 GB
refused 1 'more memory than the memory budget' "$TMP/huge.pgm" --max-pixels 1e11 \
    "$IMG" "$TMP/huge.pgm" "$TMP/o.png"
refused 1 '^unknown image format$' "$TMP/text.png" "$TMP/text.png" "$TMP/lab.png" "$TMP/o.png"
refused 1 '^unknown image format$' "$TMP/text.png" --export svg "$TMP/text.png" "$TMP/o.svg"
# a float map is no label image to export; sizes that differ
refused 1 'not a label image' "$TMP/f.pfm" --export coco "$TMP/f.pfm" "$TMP/o.json"
refused 1 'is 5x5, IMAGE is 384x303' "$TMP/f.pfm" "$IMG" "$TMP/f.pfm" "$TMP/o.png"
# a label image given as IMAGE
expect 0 "$BIN/segkit-label" --format npy "$TMP/mask.png" "$TMP/lab.npy"
refused 1 'a label image' "$TMP/lab.npy" "$TMP/lab.npy" "$TMP/lab.png" "$TMP/o.png"

# ----------------------------------------------- class tables and palettes
printf 'id,name,colour\n1,a,#fff\n2,b,#ggg\n' >"$TMP/bad.csv"
refused 1 '^line 3: not a class table entry' "$TMP/bad.csv" --classes "$TMP/bad.csv" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"
printf '[{"id": 1, "color": "red"},\n {"id": 2, "color": [1, 2]}]' >"$TMP/bad.json"
refused 1 '^line 2: not a class table entry' "$TMP/bad.json" --classes "$TMP/bad.json" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"
printf '[{"id": 1,\n\n "color": "red"' >"$TMP/cut.json"
refused 1 '^line 3: not a class table entry' "$TMP/cut.json" --classes "$TMP/cut.json" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"
printf '1,a,#fff\n1,b,#000\n' >"$TMP/dup.csv"
refused 1 '^an id is given twice$' "$TMP/dup.csv" --classes "$TMP/dup.csv" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"
refused 1 'No such file' "$TMP/none.csv" --classes "$TMP/none.csv" "$IMG" "$TMP/lab.png" "$TMP/o.png"
# a binary file as the palette: its first line shown cut and cleaned
refused 1 "^line 1: '.*' is not a colour" "$IMG" --palette "$IMG" "$IMG" "$TMP/lab.png" "$TMP/o.png"
: >"$TMP/empty.txt"
refused 1 '^no colours in the palette file$' "$TMP/empty.txt" --palette "$TMP/empty.txt" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"

# ---------------------------------------------------------------- import
printf '{"annotations": [\n {"id": 1, "segmentation": {"size": [3, 3], "counts": "0' >"$TMP/cut.coco"
refused 1 '^line 2, column [0-9]+: ' "$TMP/cut.coco" --import coco --size 3x3 "$TMP/cut.coco" "$TMP/o.png"
: >"$TMP/empty.coco"
refused 1 '^line 1, column 1: ' "$TMP/empty.coco" --import coco --size 3x3 "$TMP/empty.coco" "$TMP/o.png"
head -c 2000 "$TMP/lab.json" >"$TMP/half.coco"
refused 1 '^line [0-9]+, column [0-9]+: ' "$TMP/half.coco" --import coco --size 384x303 \
    "$TMP/half.coco" "$TMP/o.png"
printf '{"annotations": [{"id": 1, "segmentation": {"size": [3, 3], "counts": "0~~"}}]}' >"$TMP/rle.coco"
refused 1 'invalid compressed RLE' "$TMP/rle.coco" --import coco --size 3x3 "$TMP/rle.coco" "$TMP/o.png"
printf '{"annotations": [{"id": 1, "segmentation": {"size": [50, 50], "counts": [4294967295, 1]}}]}' \
    >"$TMP/sum.coco"
refused 1 'do not add up' "$TMP/sum.coco" --import coco --size 50x50 "$TMP/sum.coco" "$TMP/o.png"
printf '{"annotations": [{"id": 1, "segmentation": {"size": [30, 3], "counts": "09"}}]}' >"$TMP/size.coco"
refused 1 'differs from the image' "$TMP/size.coco" --import coco --size 3x3 "$TMP/size.coco" "$TMP/o.png"
# valid JSON that is no COCO; a GeoJSON file given as COCO
printf '{"hello": [1, 2, 3]}' >"$TMP/other.json"
refused 1 '.' "$TMP/other.json" --import coco --size 3x3 "$TMP/other.json" "$TMP/o.png"
refused 1 '.' "$TMP/lab.geojson" --import coco --size 384x303 "$TMP/lab.geojson" "$TMP/o.png"
# GeoJSON: a position that is not [x, y], a ring cut short, the file cut
printf '{"type": "Polygon", "coordinates": [[[0,0],[1,"a"],[1,1]]]}' >"$TMP/pos.geojson"
refused 1 'position' "$TMP/pos.geojson" --import geojson --size 3x3 "$TMP/pos.geojson" "$TMP/o.png"
head -c 1500 "$TMP/lab.geojson" >"$TMP/half.geojson"
refused 1 '^line [0-9]+, column [0-9]+: ' "$TMP/half.geojson" --import geojson --size 384x303 \
    "$TMP/half.geojson" "$TMP/o.png"
# nesting 100000 deep: refused at the limit, not a stack overflow
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]" }' \
    >"$TMP/deep.json"
refused 1 'nested too deeply' "$TMP/deep.json" --import geojson --size 3x3 "$TMP/deep.json" "$TMP/o.png"
refused 1 'nested too deeply' "$TMP/deep.json" --import coco --size 3x3 "$TMP/deep.json" "$TMP/o.png"
refused 1 '^line 1: not a class table entry' "$TMP/deep.json" --classes "$TMP/deep.json" \
    "$IMG" "$TMP/lab.png" "$TMP/o.png"
# a huge declared size: refused before the file is read or memory taken
refused 1 '^--size 100000x100000 is above the pixel limit' "$TMP/lab.json" \
    --import coco --size 100000x100000 "$TMP/lab.json" "$TMP/o.png"
refused 1 '^--size 60000x60000 needs more memory than the memory budget' "$TMP/lab.json" \
    --import coco --size 60000x60000 --max-pixels 1e10 "$TMP/lab.json" "$TMP/o.png"
refused 1 '^--size 60000x60000 is above the pixel limit' /dev/zero \
    --import geojson --size 60000x60000 /dev/zero "$TMP/o.png"
for s in 0x3 3x 3000000000x3 x -5x5 3x3x3; do
    rm -f "$TMP"/o.*
    expect 2 "$O" --import coco --size "$s" "$TMP/lab.json" "$TMP/o.png"
    has "$TMP/err" "^segkit-overlay: --size: invalid value '$s'"
    absent "$TMP/o.png"
done
# the good twins: the same files, whole, import
expect 0 "$O" --import coco --size 384x303 "$TMP/lab.json" "$TMP/o.png"
expect 0 "$O" --import geojson --size 384x303 "$TMP/lab.geojson" "$TMP/o2.png"
same "$TMP/o.png" "$TMP/o2.png"
rm -f "$TMP"/o.* "$TMP/o2.png"

# ------------------------------------------------- outputs that cannot be written
refused 1 'No such file or directory' "$TMP/nodir/o.png" \
    "$IMG" "$TMP/lab.png" "$TMP/nodir/o.png"
refused 1 'No such file or directory' "$TMP/nodir/o.json" \
    --export coco "$TMP/lab.png" "$TMP/nodir/o.json"
refused 1 'No such file or directory' "$TMP/nodir/o.png" \
    --import coco --size 384x303 "$TMP/lab.json" "$TMP/nodir/o.png"
# a file that was there stays whole when the run fails
echo old >"$TMP/keep.png"
expect 1 "$O" "$TMP/trunc.png" "$TMP/lab.png" "$TMP/keep.png"
CHECKS=$((CHECKS + 1))
[ "$(cat "$TMP/keep.png")" = old ] || fail "an existing OUT was changed by a failed run"
finish
