# segkit-metrics batches: two directories paired by file name (else by
# name without extension) and a list file; per-image rows and the
# aggregate (counts summed, ratios averaged).  Hand-worked 2x2 masks:
#   one.pgm  pred {(0,0)}       gt {(0,0)}        Dice 1,   TP 1 TN 3
#   two.pgm  pred {(0,0),(1,0)} gt {(0,0)}        Dice 2/3, TP 1 FP 1 TN 2
# aggregate Dice (1 + 2/3)/2 = 0.8333..., TP 2, FP 1.
. "$(dirname "$0")/lib.sh"
M=$BIN/segkit-metrics
pgm() {
    local f=$1 w=$2 h=$3; shift 3
    { printf 'P5\n%d %d\n255\n' "$w" "$h"; for b in "$@"; do printf "\\$(printf '%03o' "$b")"; done; } >"$f"
}
mkdir -p "$TMP/pred" "$TMP/gt"
pgm "$TMP/pred/one.pgm" 2 2 255 0 0 0
pgm "$TMP/pred/two.pgm" 2 2 255 255 0 0
pgm "$TMP/gt/one.pgm" 2 2 255 0 0 0
pgm "$TMP/gt/two.pnm" 2 2 255 0 0 0   # paired by stem

expect 0 "$M" --json --per-image "$TMP/pred" "$TMP/gt"
has "$TMP/out" '"images": 2'
has "$TMP/out" '"aggregate": \{"dice": 0\.83333333333333'
has "$TMP/out" '"tp": 2, "fp": 1, "fn": 0, "tn": 5'
has "$TMP/out" "\"pred\": \"$TMP/pred/two.pgm\", \"gt\": \"$TMP/gt/two.pnm\", \"dice\": 0\.6666"

expect 0 "$M" --csv "$TMP/pred" "$TMP/gt"
has "$TMP/out" '^pred,gt,dice,'
has "$TMP/out" '^aggregate,,0\.83333333333333'
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/out")" = 2 ] || fail "CSV without --per-image: header + aggregate only"

expect 0 "$M" --csv="$TMP/r.csv" --per-image "$TMP/pred" "$TMP/gt"
empty "$TMP/out"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/r.csv")" = 4 ] || fail "CSV file: header, 2 rows, aggregate"

printf '# pred gt\n%s %s\n' "$TMP/pred/two.pgm" "$TMP/gt/one.pgm" >"$TMP/list"
expect 0 "$M" --json --list "$TMP/list"
has "$TMP/out" '"dice": 0\.6666'

# a prediction without a ground truth: exit 1, named
pgm "$TMP/pred/three.pgm" 2 2 0 0 0 0
expect 1 "$M" --json "$TMP/pred" "$TMP/gt"
has "$TMP/err" "^segkit-metrics: $TMP/pred/three.pgm: no file of that name in $TMP/gt$"
empty "$TMP/out"

# partition with two ground truths: PRI = mean Rand index.  pred = gt1 =
# [1 1 2 2] (RI 1), gt2 = [1 2 3 4]: pairs together in pred, apart in gt2:
# 2 of 6 -> RI 4/6; PRI (1 + 2/3)/2 = 0.8333...
pgm "$TMP/p.pgm" 4 1 1 1 2 2
pgm "$TMP/g2.pgm" 4 1 1 2 3 4
expect 0 "$M" -t partition --json "$TMP/p.pgm" "$TMP/p.pgm" "$TMP/g2.pgm"
has "$TMP/out" '"pri": 0\.83333333333333'
finish
