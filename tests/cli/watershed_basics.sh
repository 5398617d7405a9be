# segkit-watershed from the command line: label images equal to
# scikit-image's (tests/data/watershed, made by make_skimage.py there), the
# OpenCV tutorial's 24 coins, markers from points, usage errors.
. "$(dirname "$0")/lib.sh"
D=${SEGKIT_DATA:?}
WD="${SEGKIT_TESTS:?}/data/watershed"
W="$BIN/segkit-watershed"

# same_labels A B: every pixel equal (semantic pixel accuracy 1)
same_labels() {
    CHECKS=$((CHECKS + 1))
    "$BIN/segkit-metrics" -t semantic --json "$1" "$2" >"$TMP/cmp" 2>&1 ||
        { fail "segkit-metrics failed on $1 $2"; return; }
    grep -q '"pixel_accuracy": 1[,}]' "$TMP/cmp" || fail "$1 differs from $2"
}

# watershed(coins, markers) and with watershed_line, 8-connected
# (make_skimage.py: coins_u8, coins_u8_8_lines)
expect 0 "$W" --markers "$WD/coins_markers.png" "$D/coins.png" "$TMP/u8.png"
same_labels "$TMP/u8.png" "$WD/coins_u8.png"
expect 0 "$W" --markers "$WD/coins_markers.png" --lines -n 8 "$D/coins.png" "$TMP/l8.png"
same_labels "$TMP/l8.png" "$WD/coins_u8_8_lines.png"
expect 0 "$W" --markers "$WD/coins_markers.png" --compactness 0.01 "$D/coins.png" "$TMP/c.png"
same_labels "$TMP/c.png" "$WD/coins_u8_compact.png"
# the front end, the count without OUT (66 markers, every one floods)
expect 0 "$BIN/segkit" watershed --markers "$WD/coins_markers.png" "$D/coins.png"
has "$TMP/out" '^66$'
# h-maxima of the EDT of the Otsu mask as markers (skimage: 66, from
# label(h_maxima(edt, 2), connectivity=2), both 8-connected), flooding -EDT
# inside the mask: every marker is an object
expect 0 "$W" --threshold otsu --fill-holes 0 --markers hmax:2 -n 8 --json "$D/coins.png" "$TMP/h.png"
has "$TMP/out" '"objects": 66'
has "$TMP/out" '"threshold_value": 107'
has "$TMP/out" '"surface": "dt"'

# scikit-image's example recipe: peak_local_max(edt, min_distance=D,
# labels=mask) -> ndi.label -> watershed(-edt, markers, mask=mask); on the
# coins mask (> 107) skimage 0.19.3 gives 942 / 143 / 63 objects for D = 1 /
# 5 / 10, covering 45111 / 44848 / 44810 pixels of the mask
for case in "1 942 45111" "5 143 44848" "10 63 44810"; do
    set -- $case
    expect 0 "$W" --threshold otsu --fill-holes 0 --markers "peaks:$1" --csv --props area \
        --json="$TMP/p.json" "$D/coins.png"
    has "$TMP/p.json" "\"objects\": $2,"
    CHECKS=$((CHECKS + 1))
    [ "$(awk -F, 'NR > 1 { s += $1 } END { print s }' "$TMP/out")" = "$3" ] ||
        fail "peaks:$1: the objects cover $(awk -F, 'NR > 1 { s += $1 } END { print s }' "$TMP/out") pixels, skimage $3"
done
expect 2 "$W" --markers peaks:0 --threshold otsu "$D/coins.png"

# points: two seeds on a 4x4 flat image split it between them (nearest
# seed, FIFO on the plateau): text and JSON give the same labels
printf 'P5\n4 4\n255\n' >"$TMP/flat.pgm"
head -c 16 /dev/zero >>"$TMP/flat.pgm"
printf '# x y\n0 0\n3,3\n' >"$TMP/p.txt"
printf '[[0, 0], {"y": 3, "x": 3}]' >"$TMP/p.json"
expect 0 "$W" --markers "points:$TMP/p.txt" --csv --props label,area "$TMP/flat.pgm"
# the 4-connected plateau: 6 pixels nearer (0,0), 6 nearer (3,3), the 4 on
# the anti-diagonal go to the first front to reach them: (0,0)'s, which
# leaves the queue first -> 10 and 6
has "$TMP/out" '^1,10$'
has "$TMP/out" '^2,6$'
expect 0 "$W" --markers "points:$TMP/p.json" --csv --props label,area "$TMP/flat.pgm"
has "$TMP/out" '^1,10$'
printf '9 0\n' >"$TMP/out.txt"
expect 1 "$W" --markers "points:$TMP/out.txt" "$TMP/flat.pgm"
has "$TMP/err" 'point 1 \(9, 0\) is outside the 4x4 image'
printf '1 x\n' >"$TMP/bad.txt"
expect 1 "$W" --markers "points:$TMP/bad.txt" "$TMP/flat.pgm"
has "$TMP/err" "line 1: expected 'x y'"

# a field without objects: noise (a sum of four uniform draws, nearly
# Gaussian) has no two populations, and Otsu's classes are ~2.7 deviations
# apart (a Gaussian cut at its mean: 2.65; uniform: 3.46): refused by the
# default --min-separation 3.5, so no objects; --min-separation 0 keeps the
# old behaviour (Otsu's specks)
awk 'BEGIN { printf "P2\n64 64\n255\n"; s = 12345
    for (i = 0; i < 4096; i++) { v = 100
        for (k = 0; k < 4; k++) { s = (s * 1103515245 + 12345) % 2147483648; v += int(s / 2147483648 * 20) }
        print v } }' >"$TMP/noise.pgm"
expect 0 "$W" --threshold otsu --split --json "$TMP/noise.pgm" "$TMP/n.png"
has "$TMP/out" '"objects": 0,'
has "$TMP/out" '"separation": [23]\.'
has "$TMP/err" 'one population, no objects'
expect 0 "$W" --threshold otsu --split --min-separation 0 --json "$TMP/noise.pgm" "$TMP/n.png"
has "$TMP/out" '"objects": [1-9]'
# the coins are two populations: kept (the 66 objects above)
expect 0 "$W" --threshold otsu --split --json "$D/coins.png"
has "$TMP/out" '"separation": ([4-9]|[1-9][0-9])\.'
empty "$TMP/err"

# usage errors (2) and failures (1); no output left behind
expect 2 "$W" --markers hmax:2 "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'needs an objects mask'
expect 2 "$W" --markers hmax:0 --threshold otsu "$D/coins.png" "$TMP/x.png"
expect 2 "$W" --markers dt:1.5 --threshold otsu "$D/coins.png" "$TMP/x.png"
expect 2 "$W" --split --markers regmin "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'does not apply'
expect 2 "$W" --h 3 "$D/coins.png" "$TMP/x.png"
expect 2 "$W" --threshold nosuch "$D/coins.png" "$TMP/x.png"
expect 2 "$W" -n 6 "$D/coins.png" "$TMP/x.png"
expect 1 "$W" --markers "$D/camera.png" "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'markers are 512x512, IN is 384x303'
expect 1 "$W" --markers "$TMP/nosuch.png" "$D/coins.png" "$TMP/x.png"
absent "$TMP/x.png"

# OpenCV's py_watershed tutorial in one command: 24 coins (SOURCE.txt:
# OpenCV 4.6 gives 24 regions)
if [ -n "${SEGKIT_SHARED_DATA:-}" ] &&
   [ -e "$SEGKIT_SHARED_DATA/opencv/tutorial_html/water_coins.jpg" ]; then
    expect 0 "$W" --threshold otsu --fg dark --open 2 --fill-holes 0 --markers dt:0.7 \
        --background 3 --json "$SEGKIT_SHARED_DATA/opencv/tutorial_html/water_coins.jpg" \
        "$TMP/wc.png" --overlay "$TMP/wc.jpg"
    has "$TMP/out" '"objects": 24'
    has "$TMP/out" '"threshold_value": 162'
    # --split alone finds the same 24 (the coins all touch: one component,
    # whose typical size is one coin's inscribed disc, not the cluster's);
    # the README's pictures are these commands' --overlay, byte for byte
    expect 0 "$W" --threshold otsu --fg dark --open 2 --fill-holes 0 --split --json \
        "$SEGKIT_SHARED_DATA/opencv/tutorial_html/water_coins.jpg" "$TMP/wcs.png" \
        --overlay "$TMP/wcs.jpg"
    has "$TMP/out" '"objects": 24'
    same "$TMP/wc.jpg" "$SEGKIT_TESTS/../docs/img/watershed-water-coins.jpg"
    same "$TMP/wcs.jpg" "$SEGKIT_TESTS/../docs/img/watershed-water-coins-split.jpg"
else
    echo "note: water_coins.jpg not under SEGKIT_SHARED_DATA: OpenCV recipe not checked"
fi
finish
