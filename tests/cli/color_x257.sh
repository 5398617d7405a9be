# 16-bit RGB input works end to end in every segkit-color command and gives
# the 8-bit result on x257 data (issue 12): the same bytes of every output
# (masks, labels, float maps, converted colours) for an 8-bit image of
# ramps, noisy patches, random pixels and reds on both sides of hue 0, and
# its 16-bit twin (tests/cli/color_x257.py, python3 standard library).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
C=$BIN/segkit-color
python3 "$SEGKIT_TESTS/cli/color_x257.py" "$TMP/a8.ppm" "$TMP/a16.ppm" || { echo "FAIL: generator"; exit 1; }
printf 'a,red,range hsv H:340..20,S:0.5..1\nb,green,near #1e8c28 10\n' >"$TMP/t.csv"
while IFS='|' read -r ext args; do
    args=${args//TABLE/$TMP/t.csv}
    # shellcheck disable=SC2086
    expect 0 "$C" $args --json "$TMP/a8.ppm" "$TMP/o8.$ext"
    cp "$TMP/out" "$TMP/j8"
    # shellcheck disable=SC2086
    expect 0 "$C" $args --json "$TMP/a16.ppm" "$TMP/o16.$ext"
    CHECKS=$((CHECKS + 1))
    cmp -s "$TMP/o8.$ext" "$TMP/o16.$ext" || fail "16-bit x257 differs from 8-bit: $args"
    # the reports agree too, but for the input's name
    CHECKS=$((CHECKS + 1))
    sed 's/a16.ppm/a8.ppm/' "$TMP/out" | cmp -s - "$TMP/j8" || fail "--json differs: $args"
    # masks are neither empty nor full, so that "the same" says something
    if grep -q '"pixels": ' "$TMP/j8" && [ "$ext" = png ] && ! grep -q '"classes"' "$TMP/j8"; then
        CHECKS=$((CHECKS + 1))
        p=$(sed -n 's/.*"pixels": \([0-9]*\).*/\1/p' "$TMP/j8")
        [ "$p" -gt 0 ] && [ "$p" -lt 6144 ] || fail "$args: a trivial mask ($p of 6144 pixels)"
    fi
done <<'EOF2'
png|range --range H:340..20,S:0.5..1,V:0.2..1
png|range --space lab --range L:30..70,a:10..80
png|distance --ref #c81414 --tol 15
npy|distance --ref #c81414 --de 94
png|distance --ref box:40,0,8,8 --tol 5 --de cmc
npy|index --name exg
png|index --name vari --threshold otsu
npy|index --name hed-h
png|classes --table TABLE
png|kmeans -k 5
png|kmeans -k 3 --space hsv --spatial 0.5
png|slic --n-segments 30 --sigma 1
png|slic --n-segments 30
png|felzenszwalb --scale 50
npy|convert --to lab
npy|convert --to oklch
EOF2
finish
