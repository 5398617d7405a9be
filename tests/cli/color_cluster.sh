# segkit-color kmeans / slic / felzenszwalb: hand-worked k-means labels and
# palette, determinism (twice, 16-bit x257), superpixel counts against
# scikit-image's, usage errors.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"
DATA="${SEGKIT_TESTS:?}/data"

# the int32 values of a .npy label image of N pixels (its last 4 N bytes)
npy_i32() { tail -c $(($2 * 4)) "$1" | od -An -td4 -v | tr -s ' ' '\n' | grep . | tr '\n' ' '; }
# values FILE N EXPECTED: the labels are EXPECTED
values() {
    CHECKS=$((CHECKS + 1))
    local got; got=$(npy_i32 "$1" "$2")
    [ "$got" = "$3 " ] || fail "$1: labels '$got', want '$3'"
}

# 6 x 1 RGB: red (200, 0, 0) at x 0, 2, 4, blue (0, 0, 200) at 1, 3, 5.
# Two clusters, centres exactly the two colours; labels by the centres'
# order (first channel first): in rgb blue (R 0) = 1, red = 2; in lab and
# oklab blue is darker (skimage rgb2lab: L* 24.2 < 41.7), so again 1; in hsv red's hue 0 <
# blue's 240: red = 1.
printf 'P6\n6 1\n255\n\310\0\0\0\0\310\310\0\0\0\0\310\310\0\0\0\0\310' >"$TMP/rb.ppm"
printf 'P6\n6 1\n65535\n\310\310\0\0\0\0\0\0\0\0\310\310\310\310\0\0\0\0\0\0\0\0\310\310\310\310\0\0\0\0\0\0\0\0\310\310' >"$TMP/rb16.ppm"
for space in rgb lab hsv oklab; do
    expect 0 "$C" kmeans -k 2 --space $space --json="$TMP/k.json" "$TMP/rb.ppm" "$TMP/k-$space.npy"
    has "$TMP/k.json" '"k": 2'
    if [ $space = hsv ]; then
        values "$TMP/k-$space.npy" 6 "1 2 1 2 1 2"
        has "$TMP/k.json" '"label": 1, "pixels": 3, .*"hex": "#c80000".*"label": 2, "pixels": 3, .*"hex": "#0000c8"'
    else
        values "$TMP/k-$space.npy" 6 "2 1 2 1 2 1"
        has "$TMP/k.json" '"label": 1, "pixels": 3, .*"hex": "#0000c8".*"label": 2, "pixels": 3, .*"hex": "#c80000"'
    fi
done
# rgb space: the centres in 0..1 units, 200 / 255 = 0.7843...
expect 0 "$C" kmeans -k 2 --space rgb --json "$TMP/rb.ppm" "$TMP/k.npy"
has "$TMP/out" '"center": \[0, 0, 0\.7843137'
# -k larger than the colours: one cluster per colour
expect 0 "$C" kmeans -k 5 --json "$TMP/rb.ppm" "$TMP/k5.npy"
has "$TMP/out" '"k": 2'
# 16-bit x 257: the same labels
expect 0 "$C" kmeans -k 2 "$TMP/rb16.ppm" "$TMP/k16.npy"
values "$TMP/k16.npy" 6 "2 1 2 1 2 1"

# a real photo: twice the same bytes; 16-bit x 257 the same labels
IMG="$DATA/malformed/libjpeg-turbo/testorig.ppm"
expect 0 "$C" kmeans -k 5 --seed 3 --attempts 2 "$IMG" "$TMP/a.png"
expect 0 "$C" kmeans -k 5 --seed 3 --attempts 2 "$IMG" "$TMP/b.png"
same "$TMP/a.png" "$TMP/b.png"
expect 0 "$C" kmeans -k 3 --spatial 0.5 --json "$IMG" "$TMP/s1.npy"
has "$TMP/out" '"xy": \['
expect 0 "$C" kmeans -k 3 --spatial 0.5 "$IMG" "$TMP/s2.npy"
same "$TMP/s1.npy" "$TMP/s2.npy"

# SLIC and Felzenszwalb on testorig.ppm: the number of segments within 2 %
# of scikit-image 0.19.3's, the tolerance documented in test_cluster.c:
#   slic(img, n_segments=200, compactness=10, sigma=1, start_label=1) -> 158
#   felzenszwalb(img, scale=100, sigma=0.8, min_size=20) -> 109 segments
within() { # within FILE KEY WANT: the JSON number KEY is within 2 % of WANT
    CHECKS=$((CHECKS + 1))
    local v; v=$(sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" "$1")
    awk -v v="$v" -v w="$3" 'BEGIN { d = v - w; if (d < 0) d = -d; exit !(v != "" && d <= 0.02 * w) }' ||
        fail "$2 = '$v', want $3 +- 2 %"
}
expect 0 "$C" slic --n-segments 200 --sigma 1 --json "$IMG" "$TMP/slic.png"
cp "$TMP/out" "$TMP/slic.json"
within "$TMP/slic.json" segments 158
expect 0 "$C" felzenszwalb --scale 100 --json "$IMG" "$TMP/fz.png"
cp "$TMP/out" "$TMP/fz.json"
within "$TMP/fz.json" segments 109
# the front end runs the same
expect 0 "$BIN/segkit" color slic --n-segments 200 --sigma 1 "$IMG" "$TMP/slic2.png"
same "$TMP/slic.png" "$TMP/slic2.png"
# start label 0: 2 superpixels asked of the 6 x 1 image, so its labels are
# 0 and 1 (--no-connectivity: the k-means assignment as it is)
expect 0 "$C" slic --n-segments 2 --start-label 0 --no-connectivity "$TMP/rb.ppm" "$TMP/s0.npy"
CHECKS=$((CHECKS + 1))
npy_i32 "$TMP/s0.npy" 6 | grep -qE '^([01] ){6}$' || fail "start-label 0: $(npy_i32 "$TMP/s0.npy" 6)"

# k = 256, the most: 16 x 16 pixels of 256 distinct colours (i, 255 - i, 0),
# pixel p (raster order) having i = 7 p mod 256 (7 is prime to 256: each i
# once).  k-means++ picks one centre per distinct colour (a colour already
# picked has D^2 = 0 and is never drawn again), every pixel is at distance 0
# of its own, so the first update moves nothing: 256 clusters of 1 pixel
# whose centres are the colours; label i + 1 for colour i (numbered by the
# first channel), so pixel p is labelled 7 p mod 256 + 1.
printf 'P6\n16 16\n255\n' >"$TMP/c256.ppm"
want=
for p in $(seq 0 255); do
    i=$((7 * p % 256))
    printf "\\$(printf %03o $i)\\$(printf %03o $((255 - i)))\\000" >>"$TMP/c256.ppm"
    want="$want$((i + 1)) "
done
expect 0 "$C" kmeans -k 256 --space rgb --json "$TMP/c256.ppm" "$TMP/c256.npy"
has "$TMP/out" '"k": 256, "iterations": 1,'
values "$TMP/c256.npy" 256 "${want% }"
CHECKS=$((CHECKS + 1))
sed 's/{"label"/\n{"label"/g' "$TMP/out" | grep '^{"label"' |
    sed -n 's/.*"label": \([0-9]*\), "pixels": \([0-9]*\),.*"srgb": \[\([0-9]*\), \([0-9]*\), \([0-9]*\)\].*/\1 \2 \3 \4 \5/p' |
    awk '$2 == 1 && $3 == $1 - 1 && $4 == 256 - $1 && $5 == 0 { n++ } END { exit n != 256 }' ||
    fail "k 256: not 256 clusters of 1 pixel centred on (i, 255 - i, 0)"

# --tol by hand: 16 x 1 pixels of red R = 0 (2 pixels), 40 (6), 50 (2), 90
# (6), G = B = 0, in rgb (R / 255).  --seed 0's first two uniforms are
# splitmix64's first outputs 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 (Steele
# et al.'s published sequence) >> 11 / 2^53 = 0.8833, 0.4315; k-means++ draws
# centre 1 by pixel count (0.8833 * 16 = 14.1 in the cumulative 2, 8, 10, 16:
# R 90) and centre 2 by count x D^2 from it (2 * 90^2 = 16200, 6 * 50^2 =
# 15000, 2 * 40^2 = 3200: 0.4315 * 34400 = 14844 < 16200: R 0).  Iteration
# 1: {0, 40} and {50, 90} (50 is 40 from 90, 50 from 0), means 30 and 80:
# the farthest move is 30 / 255 = 0.1176.  With --tol 0.12 it stops there
# (1 iteration); with --tol 0.11 or 0 it goes on: 50 is 20 from 30 and 30
# from 80, so it changes cluster, iteration 2 gives means 34 and 90, and
# nothing changes after (2 iterations).  Both end with 10 pixels at 34 and 6
# at 90 (the reported centres are the final labels' means).
printf 'P6\n16 1\n255\n' >"$TMP/tol.ppm"
for v in 0 40 50 90 0 40 40 90 90 40 50 90 40 90 40 90; do
    printf "\\$(printf %03o $v)\\000\\000" >>"$TMP/tol.ppm"
done
for t in 0.12:1 0.11:2 0:2; do
    expect 0 "$C" kmeans -k 2 --space rgb --tol ${t%:*} --json "$TMP/tol.ppm" "$TMP/tol.npy"
    has "$TMP/out" "\"k\": 2, \"iterations\": ${t#*:},"
    has "$TMP/out" '"label": 1, "pixels": 10, .*"srgb": \[34, 0, 0\].*"label": 2, "pixels": 6, .*"srgb": \[90, 0, 0\]'
done

# usage errors and failures
expect 2 "$C" kmeans -k 0 "$TMP/rb.ppm" "$TMP/x.png"
expect 2 "$C" kmeans -k 257 "$TMP/rb.ppm" "$TMP/x.png"
expect 2 "$C" kmeans --space nope "$TMP/rb.ppm" "$TMP/x.png"
has "$TMP/err" 'segkit-color: --space nope: unknown colour space'
expect 2 "$C" slic --start-label 2 "$TMP/rb.ppm" "$TMP/x.png"
expect 2 "$C" felzenszwalb --scale -1 "$TMP/rb.ppm" "$TMP/x.png"
expect 2 "$C" slic "$TMP/rb.ppm"
printf 'P5\n2 1\n255\n\0\377' >"$TMP/g.pgm"
expect 1 "$C" kmeans "$TMP/g.pgm" "$TMP/x.png"
has "$TMP/err" 'not a colour image'
absent "$TMP/x.png"
# a 1 x 1 image (no edges at all) is one segment for each command
printf 'P6\n1 1\n255\n\200\0\0' >"$TMP/one.ppm"
for cmd in kmeans slic felzenszwalb; do
    expect 0 "$C" $cmd --json "$TMP/one.ppm" "$TMP/one.npy"
    values "$TMP/one.npy" 1 "1"
done
# gray input is fine for the superpixels
expect 0 "$C" felzenszwalb --min-size 1 "$TMP/g.pgm" "$TMP/g.npy"
expect 1 "$C" slic "$TMP/missing.png" "$TMP/x.png"
has "$TMP/err" "segkit-color: $TMP/missing.png:"
finish
