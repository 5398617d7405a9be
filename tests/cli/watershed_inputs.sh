#!/bin/bash
# segkit-watershed on hostile and bad input: empty, truncated and
# huge-header images as IN, --markers FILE and --mask FILE; bad --markers
# points files (text and JSON); a mask or markers of another size; outputs
# to paths that cannot be written.  Each: one message "segkit-watershed:
# FILE: reason", exit 1 (failure) or 2 (usage), and nothing left behind
# (OUT, --overlay, --json, --csv).
. "$(dirname "$0")/lib.sh"
W=$BIN/segkit-watershed
IMG=${SEGKIT_DATA:?}/coins.png          # 384x303
OTHER=$SEGKIT_DATA/camera.png           # 512x512

: >"$TMP/empty.png"
head -c 3000 "$IMG" >"$TMP/trunc.png"
printf 'P5 4 4 255\nab' >"$TMP/short.pgm"
printf 'P5 100000 100000 255\n' >"$TMP/huge.pgm"
printf 'not an image at all\n' >"$TMP/text.png"

# bad CODE REGEX FILE ARGS...: exit CODE, one stderr line
# "segkit-watershed: FILE: REGEX...", and no output of any kind
bad() {
    local code=$1 want=$2 file=$3 f; shift 3
    rm -f "$TMP"/o.* "$TMP"/ov.png
    expect "$code" "$W" "$@" --overlay "$TMP/ov.png" --json="$TMP/o.json" \
        --props area --csv="$TMP/o.csv"
    has "$TMP/err" "^segkit-watershed: $file: $want"
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$TMP/err")" = 1 ] || { fail "$file: stderr is not one line:"; head -3 "$TMP/err"; }
    for f in o.png o.json o.csv ov.png; do absent "$TMP/$f"; done
}

# IN: every mode reads it first
for f in empty trunc short text; do
    ext=png; [ $f = short ] && ext=pgm
    for mode in "--threshold otsu --split" "--split" "--markers regmin" \
                "--threshold otsu --markers hmax:2"; do
        bad 1 "(truncated image data|unknown image format)" "$TMP/$f.$ext" \
            $mode "$TMP/$f.$ext" "$TMP/o.png"
    done
done
bad 1 "image exceeds the pixel limit" "$TMP/huge.pgm" --split "$TMP/huge.pgm" "$TMP/o.png"

# --markers FILE (a label image) and --mask FILE: broken files, other sizes
for f in empty.png trunc.png text.png; do
    bad 1 "(truncated image data|unknown image format)" "$TMP/$f" \
        --markers "$TMP/$f" "$IMG" "$TMP/o.png"
    bad 1 "(truncated image data|unknown image format)" "$TMP/$f" \
        --mask "$TMP/$f" "$IMG" "$TMP/o.png"
done
bad 1 "image exceeds the pixel limit" "$TMP/huge.pgm" --markers "$TMP/huge.pgm" "$IMG" "$TMP/o.png"
bad 1 "image exceeds the pixel limit" "$TMP/huge.pgm" --mask "$TMP/huge.pgm" "$IMG" "$TMP/o.png"
bad 1 "markers are 512x512, IN is 384x303" "$OTHER" --markers "$OTHER" "$IMG" "$TMP/o.png"
bad 1 "mask is 512x512, IN is 384x303" "$OTHER" --mask "$OTHER" "$IMG" "$TMP/o.png"
bad 1 "mask is 512x512, IN is 384x303" "$OTHER" --mask "$OTHER" --markers regmin \
    --surface gradient "$IMG" "$TMP/o.png"

# --markers points:FILE: what is not 'x y' per line (or a JSON list of
# points), points outside the image, NaN, a missing file, an image
P=$TMP/p
printf '1 2 3\n' >"$P.3"
printf 'a b\n' >"$P.ab"
printf '10 nan\n' >"$P.nan"
printf '10 10\n5000 5\n' >"$P.out"
printf -- '-1 5\n' >"$P.neg"
printf '1e30 5\n' >"$P.big"
printf '[[1, 2],' >"$P.cut.json"
printf '[{"x": 1}]' >"$P.obj.json"
printf '[[1, 2], [3]]' >"$P.short.json"
for f in 3 ab nan; do
    bad 1 "line 1: expected 'x y'" "$P.$f" --markers "points:$P.$f" "$IMG" "$TMP/o.png"
done
bad 1 "point 2 \(5000, 5\) is outside the 384x303 image" "$P.out" \
    --markers "points:$P.out" "$IMG" "$TMP/o.png"
bad 1 "point 1 \(-1, 5\) is outside" "$P.neg" --markers "points:$P.neg" "$IMG" "$TMP/o.png"
bad 1 "point 1 \(1e\+30, 5\) is outside" "$P.big" --markers "points:$P.big" "$IMG" "$TMP/o.png"
for f in cut obj short; do
    bad 1 "not a JSON array of \[x, y\] pairs" "$P.$f.json" --markers "points:$P.$f.json" \
        "$IMG" "$TMP/o.png"
done
bad 1 "line 1: expected 'x y'" "$IMG" --markers "points:$IMG" "$IMG" "$TMP/o.png"
bad 1 "No such file or directory" "$TMP/nosuch.txt" --markers "points:$TMP/nosuch.txt" \
    "$IMG" "$TMP/o.png"
head -c 100000 /dev/urandom >"$P.bin"
rm -f "$TMP/o.png"
expect 1 "$W" --markers "points:$P.bin" "$IMG" "$TMP/o.png"
has "$TMP/err" "^segkit-watershed: $P.bin: "
absent "$TMP/o.png"
# an empty points file is no seeds: nothing floods, 0 objects
: >"$P.empty"
expect 0 "$W" --markers "points:$P.empty" "$IMG"
has "$TMP/out" '^0$'

# an output that cannot be written: exit 1, named; the outputs written
# before it by this run are removed
for opt in "--overlay $TMP/nodir/ov.png" "--json=$TMP/nodir/o.json" \
           "--props area --csv=$TMP/nodir/o.csv"; do
    rm -f "$TMP"/o.*
    expect 1 "$W" --threshold otsu --split $opt --jsonl="$TMP/o.jsonl" "$IMG" "$TMP/o.png"
    has "$TMP/err" "^segkit-watershed: $TMP/nodir/"
    absent "$TMP/o.png"
    absent "$TMP/o.jsonl"
done
# ... but a file that existed before the run is not removed
printf 'keep\n' >"$TMP/o.png"
expect 1 "$W" --threshold otsu --split --json="$TMP/nodir/o.json" "$IMG" "$TMP/o.png"
CHECKS=$((CHECKS + 1))
[ -e "$TMP/o.png" ] || fail "a file that existed before the run was removed"
finish
