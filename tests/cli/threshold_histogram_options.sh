# segkit-threshold: --ignore-black, --mask, multi-level labels, --bins, 16-bit
# input, and -m all.  Every expected mask is worked out by hand below.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"

# 8x1: six zeros, then 100 and 200.
#  Otsu over all eight: split {0} | {100, 200}: w0 = 6/8, w1 = 2/8, means 0 and
#  150: between-class variance 6/8*2/8*150^2 = 4218.75; split {0,100} | {200}:
#  7/8*1/8*(200-100/7)^2 = 3772.3: the first wins -> T in [0, 99]:
#  mask 0 0 0 0 0 0 255 255.
#  Without the zeros (--ignore-black, or --mask over the last two pixels) only
#  100 and 200 remain: T in [100, 199] -> mask 0 0 0 0 0 0 0 255.
printf 'P5\n8 1\n255\n\000\000\000\000\000\000\144\310' >"$TMP/in.pgm"
printf 'P5\n8 1\n255\n\000\000\000\000\000\000\377\377' >"$TMP/all.pgm"
printf 'P5\n8 1\n255\n\000\000\000\000\000\000\000\377' >"$TMP/top.pgm"
printf 'P5\n8 1\n255\n\000\000\000\000\000\000\001\001' >"$TMP/roi.pgm"

expect 0 "$T" -m otsu "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/all.pgm"
expect 0 "$T" -m otsu --ignore-black "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/top.pgm"
expect 0 "$T" -m otsu --mask "$TMP/roi.pgm" "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/top.pgm"
# --ignore-white on an image that is only 0 and 255 leaves one value: every
# method still answers, and all pixels fall on one side
printf 'P5\n2 1\n255\n\000\377' >"$TMP/bw.pgm"
expect 1 "$T" -m otsu --ignore-black --ignore-white "$TMP/bw.pgm" "$TMP/o2.pgm"
has "$TMP/err" "^segkit-threshold: $TMP/bw.pgm: histogram: no pixels to work on$"
absent "$TMP/o2.pgm"

# 6x1: 10 10 100 100 200 200, three classes: each spike its own class
# (within-class variance 0) -> labels 0 0 1 1 2 2; dark reverses: 2 2 1 1 0 0
printf 'P5\n6 1\n255\n\012\012\144\144\310\310' >"$TMP/three.pgm"
printf 'P5\n6 1\n255\n\000\000\001\001\002\002' >"$TMP/labels.pgm"
printf 'P5\n6 1\n255\n\002\002\001\001\000\000' >"$TMP/labels-dark.pgm"
expect 0 "$T" -m multiotsu -k 3 "$TMP/three.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/labels.pgm"
expect 0 "$T" -m multiotsu -k 3 --fg dark "$TMP/three.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/labels-dark.pgm"
expect 0 "$T" -m multiotsu -k 3 --json "$TMP/three.pgm"
has "$TMP/out" '"classes": 3'
has "$TMP/out" '"thresholds": \[10, 100\]'
expect 2 "$T" -m multiotsu -k 1 "$TMP/three.pgm"

# the same picture in 16 bits (x 257): the mask does not change
printf 'P5\n6 1\n65535\n\012\012\012\012\144\144\144\144\310\310\310\310' >"$TMP/three16.pgm"
expect 0 "$T" -m multiotsu -k 3 "$TMP/three16.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/labels.pgm"
expect 0 "$T" -m otsu --json "$TMP/three16.pgm"
has "$TMP/out" '"type": "u16"'

# -m all: one line per histogram method on stdout, a JSON array with --json
expect 0 "$T" -m all "$TMP/three.pgm"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/out")" = 19 ] || fail "-m all printed $(wc -l <"$TMP/out") lines, expected 19"
has "$TMP/out" '^otsu '
has "$TMP/out" '^kappasigma '
expect 0 "$T" -m all --json "$TMP/three.pgm"
has "$TMP/out" '"method": "all"'
has "$TMP/out" '"results": \[\{"method": "otsu"'
finish
