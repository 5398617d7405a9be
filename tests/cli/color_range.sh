# segkit-color range on hand-made colours: wrapping hue ranges, OR-ed
# terms, OpenCV units, other spaces; one wrapping range equals two OR-ed
# terms (OpenCV's two inRange calls) on data/coffee.png; usage errors.  The
# tutorial's clownfish counts (../shared) are in color_nemo.sh.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# hand-made: 4 x 1 red (0), orange (30.1 deg), green (120), magenta (300)
printf 'P6\n4 1\n255\n\377\0\0\377\200\0\0\377\0\377\0\377' >"$TMP/c.ppm"
# hue 340..20 wraps: red only; 280..40: red, orange, magenta
expect 0 "$C" range --range H:340..20 --json "$TMP/c.ppm" "$TMP/m.pgm"
has "$TMP/out" '"pixels": 1,'
printf 'P5\n4 1\n255\n\377\0\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" range --range 'H:280..40,S:50%..100%' --json "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\377\377\0\377' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
# OR of terms: green or magenta, by two --range and by ';'
expect 0 "$C" range --range H:100..140 --range H:290..310 "$TMP/c.ppm" "$TMP/m1.pgm"
expect 0 "$C" range --range 'H:100..140;H:290..310' "$TMP/c.ppm" "$TMP/m2.pgm"
printf 'P5\n4 1\n255\n\0\0\377\377' >"$TMP/want.pgm"
same "$TMP/m1.pgm" "$TMP/want.pgm"
same "$TMP/m2.pgm" "$TMP/want.pgm"
expect 0 "$C" range --invert --range H:100..140 "$TMP/c.ppm" "$TMP/m3.pgm"
printf 'P5\n4 1\n255\n\377\377\0\377' >"$TMP/want.pgm"
same "$TMP/m3.pgm" "$TMP/want.pgm"
# OpenCV units: orange's H byte is 15; Lab: L* of green 87.7 -> 224 (>= 220)
expect 0 "$C" range --opencv --range H:10..20 "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\0\377\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
expect 0 "$C" range --space lab --opencv --range L:220..255 "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\0\0\377\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"
# other spaces: LCh hue of red is 40.0 deg, of green 136.0
expect 0 "$C" range --space lch --range h:30..50 "$TMP/c.ppm" "$TMP/m.pgm"
printf 'P5\n4 1\n255\n\377\0\0\0' >"$TMP/want.pgm"
same "$TMP/m.pgm" "$TMP/want.pgm"

# one wrapping range = two inRange calls OR-ed, in both units, on a photo
# (the cup and saucer: mostly hue bytes 0..10, 34 pixels in 170..179)
IN="$SEGKIT_DATA/coffee.png"
expect 0 "$C" range --opencv --range H:170..10,S:100..255,V:80..255 --json "$IN" "$TMP/wrap.png"
has "$TMP/out" '"pixels": [0-9]{4,}'
expect 0 "$C" range --opencv --range H:170..179,S:100..255,V:80..255 \
    --range H:0..10,S:100..255,V:80..255 "$IN" "$TMP/two.png"
same "$TMP/wrap.png" "$TMP/two.png"
expect 0 "$C" range --range 'H:340..20,S:0.5..1,V:0.3..1' "$IN" "$TMP/wrapf.png"
expect 0 "$C" range --range 'H:340..360,S:0.5..1,V:0.3..1;H:0..20,S:0.5..1,V:0.3..1' "$IN" \
    "$TMP/twof.png"
same "$TMP/wrapf.png" "$TMP/twof.png"

# usage errors
expect 2 "$C" range "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'no range'
expect 2 "$C" range --range S:0.9..0.1 "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" 'only a hue range wraps'
expect 2 "$C" range --range Q:0..1 "$TMP/c.ppm" "$TMP/x.png"
has "$TMP/err" "no channel 'Q'"
expect 2 "$C" range --range H:1 "$TMP/c.ppm" "$TMP/x.png"
expect 2 "$C" range --space yuv --opencv --range Y:0..1 "$TMP/c.ppm" "$TMP/x.png"
absent "$TMP/x.png"
finish
