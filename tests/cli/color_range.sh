# segkit-color range: the clownfish of the OpenCV tutorial ("Image
# Segmentation Using Color Spaces in OpenCV + Python", Real Python):
# orange = inRange(hsv, (1,190,200), (18,255,255)), white = inRange(hsv,
# (0,0,200), (145,60,255)) on OpenCV's 8-bit HSV; pixel counts from
# ../shared/docs/reference-values.md (OpenCV 4.6), within 0.5 % (we get
# them exactly).  A wrapping hue range against OR-ed terms, usage errors.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# within REF COUNT: |count - ref| <= 0.5 % of ref
within() {
    CHECKS=$((CHECKS + 1))
    awk -v r="$1" -v c="$2" 'BEGIN { d = c - r; if (d < 0) d = -d; exit !(d <= 0.005 * r) }' ||
        fail "$3: $2 pixels, reference $1"
}
pixels() { sed -n 's/.*"pixels": \([0-9]*\).*/\1/p' "$TMP/out"; }

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

# the clownfish
need_shared nemo/nemo0.jpg
set -- nemo0 8016 2580 10596  nemo1 3794 1126 4920  nemo2 539 1519 2058 \
       nemo3 2389 798 3187    nemo4 37098 12463 49561  nemo5 1620 720 2340
while [ $# -ge 4 ]; do
    f="$SEGKIT_SHARED_DATA/nemo/$1.jpg"
    expect 0 "$C" range --opencv --range H:1..18,S:190..255,V:200..255 --json "$f" "$TMP/o.png"
    within "$2" "$(pixels)" "$1 orange"
    expect 0 "$C" range --opencv --range H:0..145,S:0..60,V:200..255 --json "$f" "$TMP/w.png"
    within "$3" "$(pixels)" "$1 white"
    expect 0 "$C" range --opencv --range H:1..18,S:190..255,V:200..255 \
        --range H:0..145,S:0..60,V:200..255 --json "$f" "$TMP/u.png"
    within "$4" "$(pixels)" "$1 orange + white"
    shift 4
done
# one wrapping range = two inRange calls OR-ed: reds on either side of 0
f="$SEGKIT_SHARED_DATA/nemo/nemo0.jpg"
expect 0 "$C" range --opencv --range H:170..10,S:100..255,V:100..255 "$f" "$TMP/wrap.png"
expect 0 "$C" range --opencv --range H:170..179,S:100..255,V:100..255 \
    --range H:0..10,S:100..255,V:100..255 "$f" "$TMP/two.png"
same "$TMP/wrap.png" "$TMP/two.png"
finish
