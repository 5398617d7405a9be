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
# The other indices on 5 x 1 pixels, by hand; chromatic coordinates r = R /
# (R + G + B) etc. (0 for black) as Meyer & Camargo Neto 2008 define ExG, ExR,
# ExGR and CIVE; VARI (Gitelson et al. 2002) and NGRDI (Tucker 1979) on the
# samples.  darkorange (255,140,0): sum 395, r = 255/395, g = 140/395, b = 0;
# green (0,128,0): r = b = 0, g = 1; gray (128,128,128): r = g = b = 1/3;
# black: r = g = b = 0; (100,50,150): sum 300, r = 1/3, g = 1/6, b = 1/2.
#   exr  1.4 r - g (Meyer et al. 1998): (357 - 140) / 395 = 0.549367, -1,
#        0.4 / 3 = 0.133333, 0, 1.4 / 3 - 1 / 6 = 0.3
#   exgr exg - exr: (25 - 217) / 395 = -0.486076, 2 - -1 = 3, -0.133333, 0,
#        (1/3 - 1/3 - 1/2) - 0.3 = -0.8
#   cive 0.441 r - 0.811 g + 0.385 b + 18.78745 (Kataoka et al. 2003):
#        (112.455 - 113.54) / 395 + 18.78745 = 18.784703, -0.811 + 18.78745 =
#        17.97645, 0.015 / 3 + 18.78745 = 18.79245, 18.78745,
#        0.147 - 0.135167 + 0.1925 + 18.78745 = 18.991783
#   vari (G - R) / (G + R - B): -115 / 395 = -0.291139, 128 / 128 = 1, 0 / 128 = 0,
#        0 / 0 and (-50) / (50 + 100 - 150 = 0): NaN, as documented
#   ngrdi (G - R) / (G + R): -115 / 395 = -0.291139, 1, 0, 0 / 0 = NaN,
#        -50 / 150 = -0.333333
printf 'P6\n5 1\n255\n\377\214\0\0\200\0\200\200\200\0\0\0\144\062\226' >"$TMP/v.ppm"
set -- exr '0.549367 -1 0.133333 0 0.3' exgr '-0.486076 3 -0.133333 0 -0.8' \
    cive '18.784703 17.97645 18.79245 18.78745 18.991783' \
    vari '-0.291139 1 0 nan nan' ngrdi '-0.291139 1 0 nan -0.333333'
while [ $# -ge 2 ]; do
    expect 0 "$C" index --name "$1" "$TMP/v.ppm" "$TMP/v.pfm"
    CHECKS=$((CHECKS + 1))
    got=$(tail -c 20 "$TMP/v.pfm" | od -An -tf4 -v | tr -s ' ' '\n' | grep . | tr '\n' ' ')
    # 1e-6 of each value's size (float32 keeps ~7 digits: cive's 18.8 to 2e-6)
    echo "$got" | awk -v w="$2" '{
        n = split(w, e, " "); if (NF != n) exit 1
        for (i = 1; i <= n; i++) {
            if (e[i] == "nan") { if (tolower($i) !~ /nan/) exit 1; continue }
            if (tolower($i) ~ /nan/) exit 1
            d = $i - e[i]; if (d < 0) d = -d; m = e[i] < 0 ? -e[i] : e[i]
            if (d > 1e-6 * (m > 1 ? m : 1)) exit 1
        } }' || fail "$1 values: $got, want $2"
    shift 2
done
# NaN is in no mask: VARI's finite values -0.291139, 1, 0 (pixels 0-2) have
# the Otsu split {-0.291139, 0} | {1} (w1 w2 (m1 - m2)^2 = 2/9 (-0.145570 -
# 1)^2 = 0.2916 against 2/9 (-0.291139 - 0.5)^2 = 0.1391); --fg dark keeps
# darkorange and gray, and not the two NaN pixels (they were 255 before)
expect 0 "$C" index --name vari --threshold otsu --fg dark --json "$TMP/v.ppm" "$TMP/m.pgm"
has "$TMP/out" '"pixels": 2\}'
printf 'P5\n5 1\n255\n\377\0\377\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" index --name vari --threshold otsu --json "$TMP/v.ppm" "$TMP/m.pgm"
printf 'P5\n5 1\n255\n\0\377\0\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
# segkit-threshold's band, outside [0.5, 1.5] (--fg dark): -0.291139 and 0,
# not the NaN pixels
expect 0 "$C" index --name vari "$TMP/v.ppm" "$TMP/vari.pfm"
expect 0 "$BIN/segkit-threshold" -m band --range 0.5:1.5 --fg dark "$TMP/vari.pfm" "$TMP/m.pgm"
printf 'P5\n5 1\n255\n\377\0\377\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
# CIVE as 16 bits: its extremes, pure green 17.97645 and pure red 19.22845,
# are 0 and 65535 (the range was 18..19.5: green clipped, red 53670); green
# (0,255,2) is 17.97645 + (0.385 - -0.811) * 2 / 257 = 17.985757 ->
# round(0.009307 / 1.252 * 65535) = 487, not clipped
printf 'P6\n3 1\n255\n\0\377\0\377\0\0\0\377\002' >"$TMP/g.ppm"
expect 0 "$C" index --name cive "$TMP/g.ppm" "$TMP/g.pgm"
CHECKS=$((CHECKS + 1))
got=$(tail -c 6 "$TMP/g.pgm" | od -An -tu1 -v | awk '{ for (i = 1; i < NF; i += 2) printf "%d ", $i * 256 + $(i + 1) }')
echo "$got" | awk '{ exit !($1 == 0 && $2 == 65535 && $3 >= 486 && $3 <= 488) }' ||
    fail "cive as 16 bits: $got, want 0 65535 487"
# thresholded: Otsu puts green (2) alone above T
expect 0 "$C" index --name exg --threshold otsu --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"threshold_method": "otsu"'
printf 'P5\n4 1\n255\n\0\0\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" index --name cive --threshold otsu --fg dark "$TMP/c.ppm" "$TMP/m2.pgm"
# The same map by scikit-image's definition (--convention skimage): 256 bins
# of width 2 / 256 over min..max 0..2, so 0.063291 is in bin 8, 0.178571 in
# bin 22 (x 128 = 22.86), 2 in bin 255; every split after bin 22 and before
# 255 has the same between-class variance, the first maximum is bin 22, and
# skimage reports its centre 22.5 / 128 = 0.17578125 where ImageJ reports its
# upper edge 23 / 128 = 0.1796875.  Orange (0.178571) lies between the two:
# above T by skimage, not by ImageJ.  Run here:
#   x = np.float32([25/395, 75/420, 0, 2]); threshold_otsu(x) -> 0.17578125,
#   x > threshold_otsu(x) -> [False, True, False, True]
expect 0 "$C" index --name exg --threshold otsu -c skimage --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"convention": "skimage", "bins": 256, "thresholds": \[0\.17578125\]'
printf 'P5\n4 1\n255\n\0\377\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" index --name exg --threshold otsu --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"convention": "imagej", "bins": 256, "thresholds": \[0\.1796875\]'
# --bins 2: bins [0, 1) and [1, 2], one split; skimage: the centre 0.5
# (threshold_otsu(x, nbins=2) -> 0.5), ImageJ: the upper edge 1
expect 0 "$C" index --name exg --threshold otsu --convention skimage --bins 2 --json \
    "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"thresholds": \[0\.5\], "pixels": 1'
expect 0 "$C" index --name exg --threshold otsu --bins 2 --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"thresholds": \[1\], "pixels": 1'

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
expect 2 "$C" index --name exg -c skimage "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'convention applies to --threshold'
expect 2 "$C" index --name exg --threshold otsu -c gimp "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" index --name exg --threshold otsu --bins 0 "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" classes "$TMP/c.ppm" "$TMP/x.png"
printf 'bad,red,frobnicate 1\n' >"$TMP/bad.csv"
expect 1 "$C" classes --table "$TMP/bad.csv" "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'bad.csv: line 1: rule'
printf 'bad,red,range hsv Q:1..2\n' >"$TMP/bad.csv"
expect 1 "$C" classes --table "$TMP/bad.csv" "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" "line 1: range 'Q:1..2'"
absent "$TMP/x.png"
finish
