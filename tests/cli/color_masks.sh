# segkit-color distance, index and classes: hand-worked colours, usage
# errors (the clownfish classes, which need ../shared: color_nemo.sh).
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# 4 x 1: darkorange (255,140,0), orange (255,165,0), gray (128,128,128),
# green (0,128,0)
printf 'P6\n4 1\n255\n\377\214\0\377\245\0\200\200\200\0\200\0' >"$TMP/c.ppm"
# a reference equal to a pixel is at distance 0; CIE76 of gray (L 53.585,
# a = b = 0) from lab(50,0,0) is 3.585 (L* of 128/255 by hand:
# Y = ((0.50196 + 0.055) / 1.055)^2.4 = 0.21586, L* = 116 Y^(1/3) - 16)
expect 0 "$C" distance --ref darkorange --tol 0 --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"pixels": 1\}'
printf 'P5\n4 1\n255\n\377\0\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" distance --ref 'lab(50, 0, 0)' --de 76 "$TMP/c.ppm" "$TMP/d.pfm"
L=$(awk 'BEGIN { y = ((128 / 255 + 0.055) / 1.055) ^ 2.4; printf "%.4f", 116 * y ^ (1 / 3) - 16 - 50 }')
CHECKS=$((CHECKS + 1))
got=$(tail -c 8 "$TMP/d.pfm" | od -An -tf4 -N4 | tr -d ' ')
awk -v g="$got" -v w="$L" 'BEGIN { d = g - w; exit !(d < 1e-3 && d > -1e-3) }' ||
    fail "dE76 of gray from lab(50,0,0): $got, want $L"
# two references: the nearest counts; the mean of a box is a reference
expect 0 "$C" distance --ref darkorange --ref green --tol 1 "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\377\0\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" distance --ref point:2,0 --tol 0.5 --invert "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\377\377\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" distance --ref box:0,0,2,1 --json --tol 100 "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"rgb": \[255, 152.5, 0\]'

# ExG = (2G - R - B) / (R + G + B): darkorange (280 - 255) / 395 = 0.063291,
# orange (330 - 255) / 420 = 0.178571, gray 0, green 2
expect 0 "$C" index --name exg "$TMP/c.ppm" "$TMP/i.pfm"
CHECKS=$((CHECKS + 1))
tail -c 16 "$TMP/i.pfm" | od -An -tf4 -v | tr -s ' ' '\n' | grep . >"$TMP/got"
printf '0.063291\n0.178571\n0\n2\n' | paste "$TMP/got" - |
    awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 1e-6) bad = 1 } END { exit bad }' ||
    fail "exg values: $(tr '\n' ' ' <"$TMP/got")"
# thresholded: Otsu puts green (2) alone above T
expect 0 "$C" index --name exg --threshold otsu --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"threshold_method": "otsu"'
printf 'P5\n4 1\n255\n\0\0\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" index --name cive --threshold otsu --fg dark "$TMP/c.ppm" "$TMP/m2.pgm"

# classes: first matching line wins
cat >"$TMP/t.csv" <<'CSV'
# name, display colour, rule
warm, orange, range hsv H:20..45,S:0.9..1
greenish, #00ff00, near green 10
any, white, range hsv V:0..1
CSV
expect 0 "$C" classes --table "$TMP/t.csv" --picture "$TMP/p.ppm" --json "$TMP/c.ppm" "$TMP/l.npy"
has "$TMP/out" '"unclassified": 0'
has "$TMP/out" '"name": "warm", "pixels": 2'
has "$TMP/out" '"name": "greenish", "pixels": 1'
has "$TMP/out" '"name": "any", "pixels": 1'
printf 'P6\n4 1\n255\n\377\245\0\377\245\0\377\377\377\0\377\0' >"$TMP/want.ppm"
same "$TMP/p.ppm" "$TMP/want.ppm"
# labels as segkit-label writes them: 16-bit PNG
expect 0 "$C" classes --table "$TMP/t.csv" "$TMP/c.ppm" "$TMP/l.png"
CHECKS=$((CHECKS + 1))
[ "$(od -An -tu1 -j24 -N2 "$TMP/l.png" | tr -s ' ')" = " 16 0" ] || fail "labels are not a 16-bit gray PNG"

# usage errors and failures
expect 2 "$C" distance "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'no reference colour'
expect 2 "$C" distance --ref notacolour --tol 1 "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'not a colour'
expect 2 "$C" distance --ref point:9,0 --tol 1 "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'outside'
expect 2 "$C" distance --ref red --de 95 "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" distance --ref red --cmc 1:1 "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" distance --ref red --invert "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" index --name ndvi "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" index --name exg --threshold sauvola "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" index --name exg --fg dark "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" classes "$TMP/c.ppm" "$TMP/x.png"
printf 'bad,red,frobnicate 1\n' >"$TMP/bad.csv"
expect 1 "$C" classes --table "$TMP/bad.csv" "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'bad.csv: line 1: rule'
printf 'bad,red,range hsv Q:1..2\n' >"$TMP/bad.csv"
expect 1 "$C" classes --table "$TMP/bad.csv" "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" "line 1: range 'Q:1..2'"
absent "$TMP/x.png"
finish
