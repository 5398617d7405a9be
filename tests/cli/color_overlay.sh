# segkit-color --overlay FILE in every subcommand whose result is a mask, a
# map, labels or classes: the picture equals what segkit-overlay draws of the
# subcommand's own output (masks and labels: --mode both --boundary inner;
# float maps: viridis at alpha 0.6; classes: their display colours, as
# segkit-overlay --classes), and pixels worked out by hand.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"
O="$BIN/segkit-overlay"
px() { od -An -tu1 -j $(($2 + 3 * $3)) -N 3 "$1" | tr -s ' ' ' ' | sed 's/^ //'; }

# 6 x 4 RGB: a 3 x 2 red block at (1..3, 1..2) on gray 100, one green pixel at (5, 3)
make_ppm() {
    printf 'P6\n6 4\n255\n'
    for y in 0 1 2 3; do
        for x in 0 1 2 3 4 5; do
            if [ $y -ge 1 ] && [ $y -le 2 ] && [ $x -ge 1 ] && [ $x -le 3 ]; then printf '\310\0\0'
            elif [ $y = 3 ] && [ $x = 5 ]; then printf '\0\310\0'
            else printf '\144\144\144'; fi
        done
    done
}
make_ppm >"$TMP/in.ppm"
HDR=11   # "P6\n6 4\n255\n"

# range: mask -> --mode both --boundary inner
expect 0 "$C" range --range 'H:340..20,S:0.5..1' "$TMP/in.ppm" "$TMP/r.pgm" --overlay "$TMP/r.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/r.pgm" "$TMP/r2.ppm"
same "$TMP/r.ppm" "$TMP/r2.ppm"
# by hand: every red pixel is an inner boundary pixel of the 3 x 2 block
# (each touches the background), so it is painted opaque in glasbey colour 1
# (190, 12, 255); gray pixels stay (100, 100, 100)
CHECKS=$((CHECKS + 1)); got=$(px "$TMP/r.ppm" $HDR 7)
[ "$got" = "190 12 255" ] || fail "range overlay (1,1): '$got', expected '190 12 255'"
CHECKS=$((CHECKS + 1)); got=$(px "$TMP/r.ppm" $HDR 0)
[ "$got" = "100 100 100" ] || fail "range overlay (0,0): '$got', expected '100 100 100'"
# --invert: the overlay shows the inverted mask
expect 0 "$C" range --range 'H:340..20,S:0.5..1' --invert "$TMP/in.ppm" "$TMP/ri.pgm" --overlay "$TMP/ri.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/ri.pgm" "$TMP/ri2.ppm"
same "$TMP/ri.ppm" "$TMP/ri2.ppm"

# distance: a mask with --tol, a float map (viridis, alpha 0.6) without
expect 0 "$C" distance --ref '#c80000' --tol 5 "$TMP/in.ppm" "$TMP/d.pgm" --overlay "$TMP/d.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/d.pgm" "$TMP/d2.ppm"
same "$TMP/d.ppm" "$TMP/d2.ppm"
same "$TMP/d.pgm" "$TMP/r.pgm"
expect 0 "$C" distance --ref '#c80000' "$TMP/in.ppm" "$TMP/dm.npy" --overlay "$TMP/dm.ppm"
expect 0 "$O" --alpha 0.6 "$TMP/in.ppm" "$TMP/dm.npy" "$TMP/dm2.ppm"
same "$TMP/dm.ppm" "$TMP/dm2.ppm"
# by hand: the red pixels are at distance 0, the map's minimum: viridis entry
# 0 (68, 1, 84) at alpha 0.6 (a = round(0.6 * 256) = 154) over (200, 0, 0):


# index: thresholded (mask) and map
expect 0 "$C" index --name exg --threshold otsu "$TMP/in.ppm" "$TMP/i.pgm" --overlay "$TMP/i.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/i.pgm" "$TMP/i2.ppm"
same "$TMP/i.ppm" "$TMP/i2.ppm"
expect 0 "$C" index --name exg "$TMP/in.ppm" "$TMP/im.npy" --overlay "$TMP/im.ppm"
expect 0 "$O" --alpha 0.6 "$TMP/in.ppm" "$TMP/im.npy" "$TMP/im2.ppm"
same "$TMP/im.ppm" "$TMP/im2.ppm"

# kmeans, felzenszwalb, slic: labels
expect 0 "$C" kmeans -k 3 "$TMP/in.ppm" "$TMP/k.png" --overlay "$TMP/k.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/k.png" "$TMP/k2.ppm"
same "$TMP/k.ppm" "$TMP/k2.ppm"
expect 0 "$C" felzenszwalb --sigma 0 --min-size 1 "$TMP/in.ppm" "$TMP/f.png" --overlay "$TMP/f.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/f.png" "$TMP/f2.ppm"
same "$TMP/f.ppm" "$TMP/f2.ppm"
expect 0 "$C" slic --n-segments 4 "$TMP/in.ppm" "$TMP/s.png" --overlay "$TMP/s.ppm"
expect 0 "$O" --mode both --boundary inner "$TMP/in.ppm" "$TMP/s.png" "$TMP/s2.ppm"
same "$TMP/s.ppm" "$TMP/s2.ppm"
# --start-label 0: label 0 is a superpixel: drawn as classes (label v as
# v + 1, tinted, no boundaries), i.e. as the fill of the 1-based labels
expect 0 "$C" slic --n-segments 4 --start-label 0 "$TMP/in.ppm" "$TMP/s0.npy" --overlay "$TMP/s0.ppm"
expect 0 "$O" --mode fill "$TMP/in.ppm" "$TMP/s.png" "$TMP/s02.ppm"
same "$TMP/s0.ppm" "$TMP/s02.ppm"

# classes: each class in its display colour, as segkit-overlay --classes
cat >"$TMP/t.csv" <<'CSV'
red, #ff8000, range hsv H:340..20,S:0.5..1
green, blue, near #00c800 5
CSV
printf '1,red,#ff8000\n2,green,blue\n' >"$TMP/render.csv"
expect 0 "$C" classes --table "$TMP/t.csv" "$TMP/in.ppm" "$TMP/c.png" --overlay "$TMP/c.ppm"
expect 0 "$O" --mode both --boundary inner --classes "$TMP/render.csv" "$TMP/in.ppm" "$TMP/c.png" "$TMP/c2.ppm"
same "$TMP/c.ppm" "$TMP/c2.ppm"
# by hand: the red block's pixels are opaque #ff8000, the green pixel opaque blue
CHECKS=$((CHECKS + 1)); got=$(px "$TMP/c.ppm" $HDR 8)
[ "$got" = "255 128 0" ] || fail "classes overlay (2,1): '$got', expected '255 128 0'"
CHECKS=$((CHECKS + 1)); got=$(px "$TMP/c.ppm" $HDR 23)
[ "$got" = "0 0 255" ] || fail "classes overlay (5,3): '$got', expected '0 0 255'"

# errors: no picture to stdout; a failed overlay write exits 1
expect 2 "$C" range --range H:0..20 "$TMP/in.ppm" "$TMP/x.pgm" --overlay -
has "$TMP/err" 'give a file name'
absent "$TMP/x.pgm"
expect 1 "$C" kmeans -k 2 "$TMP/in.ppm" "$TMP/x.png" --overlay "$TMP/nodir/o.png"
has "$TMP/err" '^segkit-color: .*nodir/o.png: '
absent "$TMP/nodir/o.png"
finish
