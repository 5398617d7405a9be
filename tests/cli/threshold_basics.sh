# segkit-threshold: Unix conventions, exit codes, messages, atomic output,
# stdin/stdout, --json, and the segkit front end.  Expected mask bytes are
# worked out by hand from the rule "foreground = v > T".
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"

# a 4x1 8-bit PGM: 0 100 101 255
printf 'P5\n4 1\n255\n\000\144\145\377' >"$TMP/in.pgm"
# fixed 100: v > 100 -> 0 0 255 255;  dark: 255 255 0 0;  band 100:101 -> 0 255 255 0
printf 'P5\n4 1\n255\n\000\000\377\377' >"$TMP/light.pgm"
printf 'P5\n4 1\n255\n\377\377\000\000' >"$TMP/dark.pgm"
printf 'P5\n4 1\n255\n\000\377\377\000' >"$TMP/band.pgm"

expect 0 "$T" --help
has "$TMP/out" '^Usage: segkit-threshold'
empty "$TMP/err"
expect 0 "$T" --version
has "$TMP/out" '^segkit-threshold [0-9]+\.[0-9]+\.[0-9]+$'

expect 2 "$T"
has "$TMP/err" '^segkit-threshold: missing argument'
empty "$TMP/out"
expect 2 "$T" -m otsu --no-such-option "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: unknown option'
expect 2 "$T" -m nosuchmethod "$TMP/in.pgm"
has "$TMP/err" "^segkit-threshold: unknown method 'nosuchmethod'"
expect 2 "$T" "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: no method'
expect 2 "$T" -m fixed --value abc "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --value'
expect 2 "$T" -m band "$TMP/in.pgm"
has "$TMP/err" 'range'
expect 2 "$T" -m fixed "$TMP/in.pgm" a b
has "$TMP/err" 'too many arguments'

expect 1 "$T" -m otsu "$TMP/does-not-exist.png"
has "$TMP/err" "^segkit-threshold: $TMP/does-not-exist.png: No such file or directory$"

# masks, by hand
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/light.pgm"
empty "$TMP/out"
empty "$TMP/err"
expect 0 "$T" -m fixed --value 100 --fg dark "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/dark.pgm"
expect 0 "$T" -m band --range 100:101 "$TMP/in.pgm" "$TMP/o.pgm"
same "$TMP/o.pgm" "$TMP/band.pgm"
# no leftover temporary files beside the output
CHECKS=$((CHECKS + 1))
ls "$TMP" | grep -q 'tmp-' && fail "temporary file left in $TMP"

# stdin -> stdout
CHECKS=$((CHECKS + 1))
"$T" -m fixed --value 100 --format pnm - - <"$TMP/in.pgm" >"$TMP/o2.pgm" 2>"$TMP/err" || fail "stdin/stdout run failed"
same "$TMP/o2.pgm" "$TMP/light.pgm"
# stdout defaults to PNG (a netpbm stream on stdin gives one on stdout:
# tests/batch/stream_pnm.sh)
CHECKS=$((CHECKS + 1))
"$T" -m fixed --value 100 - - <"$SEGKIT_DATA/coins.png" >"$TMP/o3" 2>/dev/null || fail "stdout png failed"
head -c 8 "$TMP/o3" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || fail "stdout is not PNG"
CHECKS=$((CHECKS + 1))
"$T" -m fixed --value 100 - - <"$TMP/in.pgm" >"$TMP/o4" 2>/dev/null || fail "stdin pgm failed"
[ "$(head -c 3 "$TMP/o4")" = "$(printf 'P5\n')" ] || fail "a PGM on stdin did not give a PGM on stdout"

# the report: number on stdout without OUT, JSON with --json
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm"
has "$TMP/out" '^100$'
expect 0 "$T" -m fixed --value 100 --json "$TMP/in.pgm"
has "$TMP/out" '"method": "fixed"'
has "$TMP/out" '"convention": "imagej"'
has "$TMP/out" '"threshold": 100[,}]'
expect 2 "$T" -m fixed --value 100 --json "$TMP/in.pgm" -
has "$TMP/err" 'json=FILE'
expect 0 "$T" -m fixed --value 100 --json="$TMP/r.json" --format pnm "$TMP/in.pgm" -
has "$TMP/r.json" '"threshold": 100'
same "$TMP/out" "$TMP/light.pgm"

# failures leave existing outputs untouched and create none
printf 'keep' >"$TMP/keep.png"
printf 'not an image' >"$TMP/bad.png"
expect 1 "$T" -m fixed --value 1 "$TMP/bad.png" "$TMP/keep.png"
has "$TMP/err" "^segkit-threshold: $TMP/bad.png: "
has "$TMP/keep.png" '^keep$'
expect 1 "$T" -m fixed --value 1 "$TMP/bad.png" "$TMP/new.png"
absent "$TMP/new.png"
expect 1 "$T" -m fixed --value 1 "$TMP/in.pgm" "$TMP/no/such/dir/o.png"
has "$TMP/err" "^segkit-threshold: $TMP/no/such/dir/o.png: No such file or directory$"
expect 1 "$T" -m fixed --value 1 "$TMP/in.pgm" "$TMP/o.unknownext"
has "$TMP/err" 'unknown output format'
absent "$TMP/o.unknownext"
: >"$TMP/empty.png"
expect 1 "$T" -m fixed --value 1 "$TMP/empty.png" "$TMP/o4.png"
absent "$TMP/o4.png"
# a mask of another size
printf 'P5\n2 1\n255\n\001\001' >"$TMP/small.pgm"
expect 1 "$T" -m otsu --mask "$TMP/small.pgm" "$TMP/in.pgm" "$TMP/o5.png"
has "$TMP/err" "^segkit-threshold: $TMP/small.pgm: mask is 2x1, image is 4x1$"
absent "$TMP/o5.png"

# image bytes are never written to a terminal
if command -v script >/dev/null 2>&1; then
    CHECKS=$((CHECKS + 1))
    script -qec "'$T' -m fixed --value 1 '$TMP/in.pgm' -" /dev/null >"$TMP/tty" 2>&1
    [ $? = 1 ] || fail "writing to a terminal did not fail"
    has "$TMP/tty" 'refusing to write image data to a terminal'
fi

# front end
expect 0 "$BIN/segkit" --help
has "$TMP/out" 'threshold'
expect 0 "$BIN/segkit" threshold --version
has "$TMP/out" '^segkit-threshold '
expect 0 "$BIN/segkit" threshold -m fixed --value 100 "$TMP/in.pgm" "$TMP/o6.pgm"
same "$TMP/o6.pgm" "$TMP/light.pgm"
expect 2 "$BIN/segkit" no-such-tool
has "$TMP/err" "^segkit: unknown tool 'no-such-tool'"
expect 2 "$BIN/segkit"

finish
