# Option values (issue 8 section 4): window sizes, --percentile N%, --range
# LO:HI, "out of range" wording, --json FILE with a space, (stdout) on a
# terminal.  Run as the caller and, when root, as nobody too.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"
M="$BIN/segkit-metrics"
# 5x1 8-bit PGM: 60 90 0 0 0 (as local_usage.sh)
printf 'P5\n5 1\n255\n\074\132\000\000\000' >"$TMP/in.pgm"

# ---- window sizes
# 70000 is out of range; even windows are refused as by skimage
# (threshold_local/sauvola: "must be odd") and OpenCV (adaptiveThreshold)
expect 2 "$T" -m sauvola -w 70000 --json "$TMP/in.pgm"
has "$TMP/err" "^segkit-threshold: --window: '70000' is out of range \[0, 65535\]$"
expect 2 "$T" -m sauvola -w -1 --json "$TMP/in.pgm"
has "$TMP/err" "'-1' is out of range"
expect 2 "$T" -m mean -w 4 --json "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --window 4: the window must be odd'
expect 2 "$T" -m sauvola -w 2 --json "$TMP/in.pgm"
has "$TMP/err" 'must be odd'
# -w 1: the window is the pixel itself.  Mean - C with C 0: v > v never
expect 0 "$T" -m mean -w 1 --c 0 --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 0[,}]'
# ... Sauvola (k 0.2, std 0): T = 0.8 v, so 60 and 90 are foreground
expect 0 "$T" -m sauvola -w 1 --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 2[,}]'
# OpenCV needs an odd blockSize > 1
expect 2 "$T" -m mean -w 1 --opencv --json "$TMP/in.pgm"
has "$TMP/err" 'odd --window >= 3'
# a window larger than the image: clip = the whole image, mean 30: 60, 90
# (C 0: the default C of mean is for documents)
expect 0 "$T" -m mean -w 65535 --c 0 --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 2[,}]'
has "$TMP/out" '"window": 65535'
# replicate, W 11 on 5 pixels: pixel 0 sees 60 x6, 90, 0 x4 -> mean 450/11
# = 40.9 (60 > T); pixel 1 sees 60 x5, 90, 0 x5 -> 390/11 = 35.5 (90 > T);
# pixels 2..4 are 0 -> never above a mean >= 0: 2 foreground
expect 0 "$T" -m mean -w 11 --c 0 --border replicate --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 2[,}]'
# the default window --help lists for sauvola is the one used, and -w 0
# (documented: the method's default) is the same
expect 0 "$T" --help
def=$(grep -oE 'sauvola W [0-9]+' "$TMP/out" | grep -oE '[0-9]+$')
CHECKS=$((CHECKS + 1))
[ -n "$def" ] || fail "--help lists no default window for sauvola"
expect 0 "$T" -m sauvola --json "$TMP/in.pgm"
has "$TMP/out" "\"window\": $def[,}]"
expect 0 "$T" -m sauvola -w 0 --json "$TMP/in.pgm"
has "$TMP/out" "\"window\": $def[,}]"

# ---- numbers: "not a number", "out of range", "not a whole number"
expect 2 "$T" -m percentile --percentile -5 "$TMP/in.pgm"
has "$TMP/err" "^segkit-threshold: --percentile: '-5' is out of range \[0, 1\]"
expect 2 "$T" -m percentile --percentile abc "$TMP/in.pgm"
has "$TMP/err" "^segkit-threshold: --percentile: 'abc' is not a number$"
expect 2 "$T" -m multiotsu --classes 2.5 "$TMP/in.pgm"
has "$TMP/err" "^segkit-threshold: --classes: '2.5' is not a whole number$"
expect 2 "$M" --iou 2 --task instance "$TMP/in.pgm" "$TMP/in.pgm"
has "$TMP/err" "'2' is out of range"

# ---- --percentile takes a fraction or N%
# 5 pixels 0 0 0 60 90, fraction 0.5 as background: 50% and 0.5 agree, and
# 50 alone is refused with the hint
expect 2 "$T" -m percentile --percentile 50 "$TMP/in.pgm"
has "$TMP/err" "'50' is out of range \[0, 1\] \(a fraction; N% is a percentage\)"
expect 0 "$T" -m percentile --percentile 0.5 "$TMP/in.pgm"
cp "$TMP/out" "$TMP/frac"
expect 0 "$T" -m percentile --percentile 50% "$TMP/in.pgm"
same "$TMP/out" "$TMP/frac"
expect 0 "$T" -m percentile --percentile 100% "$TMP/in.pgm"
expect 2 "$T" -m percentile --percentile 150% "$TMP/in.pgm"
has "$TMP/err" "'150%' is out of range"

# ---- --range LO:HI says why it is invalid
expect 2 "$T" -m band --range 200:100 "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --range 200:100: LO is above HI.*write 100:200'
expect 2 "$T" -m band --range 5 "$TMP/in.pgm"
has "$TMP/err" "invalid value '5'"
expect 0 "$T" -m band --range 50:100 --json "$TMP/in.pgm"
has "$TMP/out" '"range": \[50, 100\]'

# ---- --json FILE with a space
cd "$TMP" || exit 1
expect 0 "$T" -m otsu --json r.json in.pgm
empty "$TMP/out"
has "$TMP/r.json" '"method": "otsu"'
expect 0 "$T" -m otsu --json r2.json in.pgm o.png
has "$TMP/r2.json" '"output": "o.png"'
[ -s o.png ] || fail "o.png not written"
# a word that is not a .json file stays IN: a clear hint when it fails
expect 1 "$T" -m otsu --json report in.pgm
has "$TMP/err" '^segkit-threshold: report: .*a report file goes as --json=FILE'
absent "$TMP/report"
expect 2 "$T" -m otsu --json report in.pgm o2.png
has "$TMP/err" 'too many arguments.*--json=FILE'
absent "$TMP/o2.png"
# --json IN still reads IN and prints the report
expect 0 "$T" -m otsu --json in.pgm
has "$TMP/out" '"method": "otsu"'
expect 0 "$M" --json m.json in.pgm in.pgm
has "$TMP/m.json" '"task": "binary"'
cd - >/dev/null || exit 1

# ---- an image refused on a terminal names (stdout)
if command -v script >/dev/null; then
    CHECKS=$((CHECKS + 1))
    script -qec "'$T' -m otsu '$TMP/in.pgm' -" /dev/null >"$TMP/tty" 2>&1
    grep -q 'segkit-threshold: (stdout): refusing to write image data to a terminal' "$TMP/tty" ||
        fail "terminal: $(head -3 "$TMP/tty")"
fi

# ---- the same messages for an unprivileged user (writes in a scratch dir)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    U="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    mkdir "$TMP/u" && chmod 777 "$TMP/u" && cp "$TMP/in.pgm" "$TMP/u/" && chmod 755 "$TMP"
    expect 2 $U "$T" -m sauvola -w 4 --json "$TMP/u/in.pgm"
    has "$TMP/err" 'must be odd'
    expect 2 $U "$T" -m otsu --k 0.3 "$TMP/u/in.pgm"
    has "$TMP/err" '^segkit-threshold: --k does not apply to -m otsu$'
    expect 0 $U sh -c "cd '$TMP/u' && '$T' -m otsu --json u.json in.pgm"
    has "$TMP/u/u.json" '"method": "otsu"'
fi
finish
