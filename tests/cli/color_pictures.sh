# The README's segkit-color pictures are what the README's commands make
# from data/coffee.png (docs stay in step with the tool), byte for byte.
. "$(dirname "$0")/lib.sh"
C=$BIN/segkit-color
O=$BIN/segkit-overlay
IMG=$SEGKIT_DATA/../docs/img
IN=$SEGKIT_DATA/coffee.png
expect 0 "$C" range --range 'H:345..13,S:0.8..1,V:0.1..1' "$IN" "$TMP/red.png" \
    --overlay "$TMP/red.jpg"
same "$TMP/red.jpg" "$IMG/color-coffee-red.jpg"
expect 0 "$C" distance --ref box:280,140,20,20 --tol 8 "$IN" "$TMP/crema.png" \
    --overlay "$TMP/crema.jpg"
same "$TMP/crema.jpg" "$IMG/color-coffee-crema.jpg"
expect 0 "$C" classes --table "$IMG/color-coffee-classes.json" \
    --picture "$TMP/classes-picture.png" "$IN" "$TMP/classes.png"
same "$TMP/classes-picture.png" "$IMG/color-coffee-classes.png"
expect 0 "$C" kmeans -k 4 "$IN" "$TMP/k4.png"
expect 0 "$O" --mode avg "$IN" "$TMP/k4.png" "$TMP/kmeans.png"
same "$TMP/kmeans.png" "$IMG/color-coffee-kmeans.png"
expect 0 "$C" slic --n-segments 200 --json "$IN" "$TMP/slic.png"
has "$TMP/out" '"segments": 144'
expect 0 "$O" --mode boundary --boundary-color yellow "$IN" "$TMP/slic.png" "$TMP/slic.jpg"
same "$TMP/slic.jpg" "$IMG/color-coffee-slic.jpg"
# no picture in docs/ or the README comes from the test-only clownfish photo
CHECKS=$((CHECKS + 1))
[ -z "$(ls "$IMG" | grep -i nemo)" ] || fail "docs/img still has clownfish pictures"
CHECKS=$((CHECKS + 1))
! grep -Eq 'img/[^)]*nemo' "$SEGKIT_DATA/../README.md" || fail "the README shows a clownfish picture"
finish
