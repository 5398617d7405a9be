# segkit-metrics error handling: size and type mismatches exit 1 with one
# "segkit-metrics: FILE: reason" line and nothing on stdout; empty masks
# follow --empty; usage errors exit 2.  Inputs are tiny PGMs written here.
. "$(dirname "$0")/lib.sh"
M=$BIN/segkit-metrics
pgm() { # pgm FILE W H BYTES...
    local f=$1 w=$2 h=$3; shift 3
    { printf 'P5\n%d %d\n255\n' "$w" "$h"; for b in "$@"; do printf "\\$(printf '%03o' "$b")"; done; } >"$f"
}
pgm "$TMP/a.pgm" 2 2 255 0 0 0
pgm "$TMP/b.pgm" 2 2 255 255 0 0
pgm "$TMP/c.pgm" 3 1 0 0 0
pgm "$TMP/z.pgm" 2 2 0 0 0 0
printf 'P6\n2 2\n255\n%012d' 0 >"$TMP/rgb.ppm"

# binary: a = {(0,0)}, b = {(0,0),(1,0)}: TP 1 FP 0 FN 1 TN 2 -> Dice 2/3
expect 0 "$M" --json "$TMP/a.pgm" "$TMP/b.pgm"
has "$TMP/out" '"dice": 0\.66666666666666[67]'
has "$TMP/out" '"tp": 1, "fp": 0, "fn": 1, "tn": 2'
empty "$TMP/err"

expect 1 "$M" --json "$TMP/a.pgm" "$TMP/c.pgm"
has "$TMP/err" "^segkit-metrics: $TMP/a.pgm: size 2x2 differs from $TMP/c.pgm \(3x1\)$"
empty "$TMP/out"

expect 1 "$M" --json "$TMP/rgb.ppm" "$TMP/a.pgm"
has "$TMP/err" "^segkit-metrics: $TMP/rgb.ppm: 3-channel u8 image"
empty "$TMP/out"

expect 1 "$M" --json "$TMP/missing.pgm" "$TMP/a.pgm"
has "$TMP/err" "^segkit-metrics: $TMP/missing.pgm: "

# empty masks: error by default, else the chosen policy
expect 1 "$M" --json "$TMP/z.pgm" "$TMP/z.pgm"
has "$TMP/err" "^segkit-metrics: $TMP/z.pgm: empty mask.*--empty"
expect 0 "$M" --json --empty best "$TMP/z.pgm" "$TMP/z.pgm"
has "$TMP/out" '"dice": 1,'
expect 0 "$M" --json --empty skip "$TMP/z.pgm" "$TMP/z.pgm"
has "$TMP/out" '"dice": null'
expect 0 "$M" --json --empty best -t distance "$TMP/z.pgm" "$TMP/a.pgm"
has "$TMP/out" '"hausdorff": null' # +inf has no JSON form
expect 0 "$M" --table --empty best -t distance "$TMP/z.pgm" "$TMP/a.pgm"
has "$TMP/out" 'hausdorff +inf'

# usage errors
expect 2 "$M" "$TMP/a.pgm"
expect 2 "$M" --task nosuch "$TMP/a.pgm" "$TMP/b.pgm"
expect 2 "$M" --empty sometimes "$TMP/a.pgm" "$TMP/b.pgm"
expect 2 "$M" --fg maybe "$TMP/a.pgm" "$TMP/b.pgm"
expect 2 "$M" -t binary "$TMP/a.pgm" "$TMP/b.pgm" "$TMP/b.pgm"
expect 0 "$M" --help
has "$TMP/out" '^Usage: segkit-metrics'
finish
