# segkit-metrics --task dibco on Doxa's 2JohnC1V3 (GT vs Doxa's Sauvola):
# the JSON report carries the values Doxa asserts from the DIBCO tool
# (FM 93.204, pseudo-FM 93.393, PSNR 16.329, DRD 1.9519, NUBN 2112, NRM
# 0.048, MCC 0.918), and the table / CSV forms carry the same numbers.
. "$(dirname "$0")/lib.sh"
D=${SEGKIT_TESTS:?}/data/doxa   # ships with the tests (CC0, tests/data/README.md)
M=$BIN/segkit-metrics
GT=$D/2JohnC1V3-GroundTruth.pbm
SA=$D/2JohnC1V3-Sauvola.pbm
W=$D/2JohnC1V3-GroundTruth_RWeights.dat.gz,$D/2JohnC1V3-GroundTruth_PWeights.dat.gz

# near FILE KEY VALUE TOL: the JSON number after "KEY": is within TOL
near() {
    CHECKS=$((CHECKS + 1))
    local v
    v=$(grep -oE "\"$2\": -?[0-9.e+-]+" "$1" | head -n 1 | sed 's/.*: //')
    [ -n "$v" ] || { fail "$2 missing in $1"; return; }
    awk -v a="$v" -v b="$3" -v t="$4" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }' ||
        fail "$2 = $v, expected $3 +- $4"
}

expect 0 "$M" -t dibco --json --weights "$W" "$SA" "$GT"
cp "$TMP/out" "$TMP/report.json"
near "$TMP/report.json" fm 93.204 0.001
near "$TMP/report.json" recall 91.3811 0.0001
near "$TMP/report.json" precision 95.1025 0.0001
near "$TMP/report.json" pseudo_fm 93.393 0.001
near "$TMP/report.json" pseudo_recall 92.7954 0.0001
near "$TMP/report.json" pseudo_precision 93.9983 0.0001
near "$TMP/report.json" psnr 16.329 0.001
near "$TMP/report.json" drd 1.9519 0.0001
near "$TMP/report.json" nrm 0.048 0.001
near "$TMP/report.json" mcc 0.918 0.001
near "$TMP/report.json" accuracy 97.671 0.001
has "$TMP/report.json" '"nubn": 2112'
has "$TMP/report.json" '"task": "dibco"'
empty "$TMP/err"

# the weights as a directory of GTSTEM_{R,P}Weights.dat.gz
expect 0 "$M" -t dibco --json --weights "$D" "$SA" "$GT"
has "$TMP/out" '"pseudo_fm": 93\.39'

# without weights: no pseudo fields; forced table
expect 0 "$M" -t dibco --table "$SA" "$GT"
has "$TMP/out" '^  fm +93\.204'
CHECKS=$((CHECKS + 1))
grep -q pseudo "$TMP/out" && fail "pseudo metrics without weights"

# CSV: header and one row
expect 0 "$M" -t dibco --csv "$SA" "$GT"
has "$TMP/out" '^pred,gt,fm,recall,precision,psnr,drd,nrm,mcc,accuracy,nubn,tp,fp,fn,tn$'
has "$TMP/out" ',2112,'

# a weight file with the wrong count: exit 1, named in the message
printf '0.5 0.5 0.5\n' >"$TMP/short_R.dat"
expect 1 "$M" -t dibco --weights "$TMP/short_R.dat,$TMP/short_R.dat" "$SA" "$GT"
has "$TMP/err" "^segkit-metrics: $TMP/short_R.dat: fewer weights than pixels$"
empty "$TMP/out"
finish
