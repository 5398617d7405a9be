# --overlay FILE in every tool: the picture equals what segkit-overlay draws
# of the tool's own output (mask -> --mode both --boundary inner; labels the
# same; multi-Otsu classes v -> label v + 1, fill; maps viridis, alpha 0.6),
# and one pixel worked out by hand.
. "$(dirname "$0")/lib.sh"
O="$BIN/segkit-overlay"
C="${SEGKIT_DATA:?}/coins.png"
# threshold (global): the mask and its overlay in one run
expect 0 "$BIN/segkit-threshold" -m otsu -c skimage "$C" "$TMP/mask.png" --overlay "$TMP/t.png"
expect 0 "$O" --mode both --boundary inner "$C" "$TMP/mask.png" "$TMP/t2.png"
same "$TMP/t.png" "$TMP/t2.png"
# without OUT the threshold is still printed and the overlay written
expect 0 "$BIN/segkit-threshold" -m otsu -c skimage "$C" --overlay "$TMP/t3.png"
has "$TMP/out" '^107$'
same "$TMP/t.png" "$TMP/t3.png"
# local threshold: --overlay alone is enough
expect 0 "$BIN/segkit-threshold" -m sauvola "$C" --overlay "$TMP/s.png"
expect 0 "$BIN/segkit-threshold" -m sauvola "$C" "$TMP/smask.png"
expect 0 "$O" --mode both --boundary inner "$C" "$TMP/smask.png" "$TMP/s2.png"
same "$TMP/s.png" "$TMP/s2.png"
# multi-Otsu: classes 0..2 drawn as labels 1..3
expect 0 "$BIN/segkit-threshold" -m multiotsu --classes 3 "$C" "$TMP/mo.png" --overlay "$TMP/m.png"
# (checked by hand below)
# label: labels over the input mask
expect 0 "$BIN/segkit-label" --fill-holes --min-area 64 "$TMP/mask.png" "$TMP/labels.png" --overlay "$TMP/l.png"
empty "$TMP/out"
expect 0 "$O" --mode both --boundary inner "$TMP/mask.png" "$TMP/labels.png" "$TMP/l2.png"
same "$TMP/l.png" "$TMP/l2.png"
# watershed --split: labels over the input mask
expect 0 "$BIN/segkit-watershed" --split "$TMP/mask.png" "$TMP/w.png" --overlay "$TMP/wo.png"
expect 0 "$O" --mode both --boundary inner "$TMP/mask.png" "$TMP/w.png" "$TMP/wo2.png"
same "$TMP/wo.png" "$TMP/wo2.png"
# distance: a float map, viridis at alpha 0.6
expect 0 "$BIN/segkit-distance" "$TMP/mask.png" "$TMP/d.npy" --overlay "$TMP/d.png"
expect 0 "$O" --alpha 0.6 "$TMP/mask.png" "$TMP/d.npy" "$TMP/d2.png"
same "$TMP/d.png" "$TMP/d2.png"
# morph: a mask result is drawn as a mask
expect 0 "$BIN/segkit-morph" --op open --se disk:2 "$TMP/mask.png" "$TMP/op.png" --overlay "$TMP/o.png"
expect 0 "$O" --mode both --boundary inner "$TMP/mask.png" "$TMP/op.png" "$TMP/o2.png"
same "$TMP/o.png" "$TMP/o2.png"

# by hand: a 5 x 5 gray 100 image, fixed threshold on a 3 x 3 square of 200:
# the square's centre (2, 2) is no inner boundary pixel, so it is tinted with
# glasbey colour 1 (190, 12, 255) at alpha 0.45 (a = round(0.45 * 256) = 115):
# (200 * 141 + c * 115 + 128) >> 8: (28200 + 21850 + 128) >> 8 = 196, 116, 225;
# its edge pixels are opaque
{ echo "P2 5 5 255"; echo "100 100 100 100 100"; for r in 1 2 3; do echo "100 200 200 200 100"; done; echo "100 100 100 100 100"; } > "$TMP/sq.pgm"
expect 0 "$BIN/segkit-threshold" -m fixed --value 150 "$TMP/sq.pgm" --overlay "$TMP/sq.ppm"
CHECKS=$((CHECKS + 1))
got=$(od -An -tu1 -j $((11 + 3 * (2 * 5 + 2))) -N 3 "$TMP/sq.ppm" | tr -s ' ' ' ' | sed 's/^ //')
[ "$got" = "196 116 225" ] || fail "centre pixel: got '$got', expected '196 116 225'"
CHECKS=$((CHECKS + 1))
got=$(od -An -tu1 -j $((11 + 3 * (1 * 5 + 1))) -N 3 "$TMP/sq.ppm" | tr -s ' ' ' ' | sed 's/^ //')
[ "$got" = "190 12 255" ] || fail "edge pixel: got '$got', expected '190 12 255'"
CHECKS=$((CHECKS + 1))
got=$(od -An -tu1 -j 11 -N 3 "$TMP/sq.ppm" | tr -s ' ' ' ' | sed 's/^ //')
[ "$got" = "100 100 100" ] || fail "background pixel: got '$got'"
# multi-Otsu by hand: 3 classes on a 3-value image, every class tinted (class
# 0 too, as label 1): a 1 x 3 image 0 128 255 -> classes 0 1 2
printf 'P2 3 1 255\n0 128 255\n' > "$TMP/three.pgm"
expect 0 "$BIN/segkit-threshold" -m multiotsu --classes 3 "$TMP/three.pgm" "$TMP/c.pgm" --overlay "$TMP/c.ppm"
CHECKS=$((CHECKS + 1))
# pixel 0: (0 * 141 + (190, 12, 255) * 115 + 128) >> 8 = 85 5 115
got=$(od -An -tu1 -j 11 -N 3 "$TMP/c.ppm" | tr -s ' ' ' ' | sed 's/^ //')
[ "$got" = "85 5 115" ] || fail "class 0: got '$got', expected '85 5 115'"

# errors: no stdout picture, not with -m all
expect 2 "$BIN/segkit-threshold" -m otsu "$C" --overlay -
has "$TMP/err" 'give a file name'
expect 2 "$BIN/segkit-threshold" -m all "$C" "$TMP/all.png" --overlay "$TMP/x.png"
has "$TMP/err" 'does not apply to -m all'
absent "$TMP/x.png"
# a report that cannot be written (after OUT and the overlay) fails the run,
# and the files it had written are removed again (segkit(1))
for t in "segkit-threshold -m otsu" "segkit-threshold -m sauvola" "segkit-morph --op open" \
         "segkit-label --min-area 1" "segkit-watershed --split" "segkit-distance --to zero"; do
    rm -f "$TMP/fo.png"
    expect 1 "$BIN/${t%% *}" ${t#* } "$TMP/mask.png" "$TMP/fail.npy" --overlay "$TMP/fo.png" \
        --json="$TMP/no/dir/r.json"
    absent "$TMP/fail.npy"
    absent "$TMP/fo.png"
done
finish
