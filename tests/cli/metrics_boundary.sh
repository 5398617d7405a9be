# segkit-metrics --task boundary on the BSDS500 benchmark's own self-test
# (shared/data/bsds500-bench, 5 images, 5-6 annotators each): the JSON
# report carries the authors' expected outputs (SOURCE.txt, test_N/*.txt)
# to 1e-3:
#   test_2 (png soft maps, 5 thresholds) eval_bdry.txt: ODS t 0.166667
#     R 0.60236 P 0.848723 F 0.704628, OIS F 0.708698, AP 0.307627;
#     eval_bdry_img.txt row 2 (3063): t 0.666667 R 0.596991 P 1 F 0.747645
#   test_1 (ucm2, 5 thresholds) eval_bdry.txt: ODS F 0.704632, OIS F
#     0.708608, AP 0.307593; eval_cover.txt: t 0.333333 covering ODS
#     0.654023 OIS 0.725074 best 0.749811; eval_RI_VOI.txt: PRI t 0.166667
#     ODS 0.826926 OIS 0.898299, VOI t 0.333333 ODS 1.36877 OIS 1.11563;
#     eval_cover_img.txt row 1 (2018): t 0.5 R 0.773928 P 0.935713
#   test_4 (5 segmentations each) eval_bdry.txt: ODS t 1, F 0.704614, OIS F
#     0.708571, AP 0.307579; region as test_1 with covering t 2, PRI t 1,
#     VOI t 2.
# The CSV and table forms, and the usage / file errors, are checked too.
. "$(dirname "$0")/lib.sh"
need_shared bsds500-bench/SOURCE.txt
D=$SEGKIT_SHARED_DATA/bsds500-bench
M=$BIN/segkit-metrics
GT=$D/groundTruth_png

# near FILE PATH VALUE TOL: the JSON value at PATH (python subscript after
# the document, e.g. '["aggregate"]["ods_f"]') is within TOL of VALUE
near() {
    CHECKS=$((CHECKS + 1))
    local msg
    msg=$(/usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
v = eval("doc" + sys.argv[2], {"doc": doc})
want, tol = float(sys.argv[3]), float(sys.argv[4])
if not isinstance(v, (int, float)) or abs(v - want) > tol:
    print("%s = %r, expected %s +- %s" % (sys.argv[2], v, want, tol))
' "$1" "$2" "$3" "$4" 2>&1) || msg="python3 failed: $msg"
    [ -z "$msg" ] || fail "$msg"
}

# test_2: 8-bit soft boundary maps, 5 thresholds, every image reported
expect 0 "$M" -t boundary --input pb --thresholds 5 --per-image --json "$D/png" "$GT"
cp "$TMP/out" "$TMP/t2.json"
empty "$TMP/err"
A='["aggregate"]'
near "$TMP/t2.json" "$A[\"ods_thresh\"]" 0.166667 1e-5
near "$TMP/t2.json" "$A[\"ods_recall\"]" 0.60236 1e-3
near "$TMP/t2.json" "$A[\"ods_precision\"]" 0.848723 1e-3
near "$TMP/t2.json" "$A[\"ods_f\"]" 0.704628 1e-3
near "$TMP/t2.json" "$A[\"ois_f\"]" 0.708698 1e-3
near "$TMP/t2.json" "$A[\"ap\"]" 0.307627 1e-3
near "$TMP/t2.json" '["images"]' 5 0
near "$TMP/t2.json" '["thresholds"]' 5 0
near "$TMP/t2.json" '["per_image"][1]["thresh"]' 0.666667 1e-5
near "$TMP/t2.json" '["per_image"][1]["recall"]' 0.596991 1e-3
near "$TMP/t2.json" '["per_image"][1]["precision"]' 1 1e-3
near "$TMP/t2.json" '["per_image"][1]["f"]' 0.747645 1e-3
near "$TMP/t2.json" '["per_image"][1]["annotators"]' 6 0
# test_2/eval_bdry_thr.txt, last row: 0.833333 0.274124 0.996101 0.429932
near "$TMP/t2.json" '["per_threshold"][4]["thresh"]' 0.833333 1e-5
near "$TMP/t2.json" '["per_threshold"][4]["f"]' 0.429932 1e-3
has "$TMP/t2.json" '"per_image": \[\{"pred": "[^"]*/png/2018\.png", "gt": "[^"]*/groundTruth_png/2018_bdry1\.png", "id": "2018"'

# test_1: ucm2 (16-bit PNG, doubleSize) with the region benchmark
expect 0 "$M" -t boundary --input ucm2 --thresholds 5 --region --per-image --json \
    "$D/ucm2_png" "$GT"
cp "$TMP/out" "$TMP/t1.json"
empty "$TMP/err"
near "$TMP/t1.json" "$A[\"ods_f\"]" 0.704632 1e-3
near "$TMP/t1.json" "$A[\"ois_f\"]" 0.708608 1e-3
near "$TMP/t1.json" "$A[\"ap\"]" 0.307593 1e-3
near "$TMP/t1.json" "$A[\"cover_ods_thresh\"]" 0.333333 1e-5
near "$TMP/t1.json" "$A[\"cover_ods\"]" 0.654023 1e-3
near "$TMP/t1.json" "$A[\"cover_ois\"]" 0.725074 1e-3
near "$TMP/t1.json" "$A[\"cover_best\"]" 0.749811 1e-3
near "$TMP/t1.json" "$A[\"pri_ods_thresh\"]" 0.166667 1e-5
near "$TMP/t1.json" "$A[\"pri_ods\"]" 0.826926 1e-3
near "$TMP/t1.json" "$A[\"pri_ois\"]" 0.898299 1e-3
near "$TMP/t1.json" "$A[\"voi_ods_thresh\"]" 0.333333 1e-5
near "$TMP/t1.json" "$A[\"voi_ods\"]" 1.36877 1e-3
near "$TMP/t1.json" "$A[\"voi_ois\"]" 1.11563 1e-3
near "$TMP/t1.json" '["per_image"][0]["cover_thresh"]' 0.5 1e-5
near "$TMP/t1.json" '["per_image"][0]["cover"]' 0.773928 1e-3
near "$TMP/t1.json" '["per_image"][0]["cover_precision"]' 0.935713 1e-3
has "$TMP/t1.json" '"id": "8068"'

# test_4: five machine segmentations per image (ID_segK), levels 1..5
expect 0 "$M" -t boundary --input segs --region --json "$D/segs_png" "$GT"
cp "$TMP/out" "$TMP/t4.json"
near "$TMP/t4.json" "$A[\"ods_thresh\"]" 1 0
near "$TMP/t4.json" "$A[\"ods_f\"]" 0.704614 1e-3
near "$TMP/t4.json" "$A[\"ois_f\"]" 0.708571 1e-3
near "$TMP/t4.json" "$A[\"ap\"]" 0.307579 1e-3
near "$TMP/t4.json" "$A[\"cover_ods_thresh\"]" 2 0
near "$TMP/t4.json" "$A[\"cover_ods\"]" 0.654023 1e-3
near "$TMP/t4.json" "$A[\"cover_best\"]" 0.749811 1e-3
near "$TMP/t4.json" "$A[\"pri_ods_thresh\"]" 1 0
near "$TMP/t4.json" "$A[\"voi_ods_thresh\"]" 2 0
near "$TMP/t4.json" "$A[\"voi_ois\"]" 1.11563 1e-3
CHECKS=$((CHECKS + 1))
grep -q '"per_image"' "$TMP/t4.json" && fail "per_image without --per-image in a batch"

# CSV: without --per-image only the ODS and OIS lines; AP on the ODS line
expect 0 "$M" -t boundary --thresholds 5 --csv "$D/png" "$GT"
has "$TMP/out" '^pred,gt,thresh,recall,precision,f,seconds,ap$'
has "$TMP/out" '^ODS,,0\.16666[0-9]*,0\.60[0-9]*,0\.84[0-9]*,0\.70[0-9]*,[0-9.e-]+,0\.30[0-9]*$'
has "$TMP/out" '^OIS,,nan,0\.58[0-9]*,0\.90[0-9]*,0\.70[0-9]*,nan,$'
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/out")" = 3 ] || fail "CSV has $(wc -l <"$TMP/out") lines, expected 3"

# the table names the data set lines
expect 0 "$M" -t boundary --thresholds 5 --table "$D/png" "$GT"
has "$TMP/out" '^ODS +0\.166667 +0\.60[0-9]* +0\.84[0-9]* +0\.70[0-9]*'
has "$TMP/out" '^AP 0\.30[0-9]*; .* s per image'

# usage errors (exit 2)
expect 2 "$M" -t boundary --region "$D/png" "$GT"
has "$TMP/err" '^segkit-metrics: --region needs --input ucm2 or segs$'
expect 2 "$M" -t boundary "$D/png/2018.png" "$GT/2018_bdry1.png"
has "$TMP/err" '^segkit-metrics: --task boundary takes PREDDIR GTDIR'
expect 2 "$M" -t boundary --thresholds 0 "$D/png" "$GT"

# file errors (exit 1): an image without ground truth, a wrong segs name,
# a ucm2 of the wrong size, region without label maps
mkdir -p "$TMP/p" "$TMP/g" "$TMP/s" "$TMP/u"
cp "$D/png/2018.png" "$TMP/p/9999.png"
expect 1 "$M" -t boundary "$TMP/p" "$GT"
has "$TMP/err" "^segkit-metrics: $TMP/p/9999.png: no $GT/9999_bdryK or _segK ground truth$"
empty "$TMP/out"
cp "$D/png/2018.png" "$TMP/s/2018.png"
expect 1 "$M" -t boundary --input segs "$TMP/s" "$GT"
has "$TMP/err" "^segkit-metrics: $TMP/s/2018.png: not named ID_segK.EXT \\(--input segs\\)$"
cp "$D/png/2018.png" "$TMP/u/2018.png"
expect 1 "$M" -t boundary --input ucm2 "$TMP/u" "$GT"
has "$TMP/err" "^segkit-metrics: $TMP/u/2018.png: size 321x481 is not the doubleSize"
cp "$GT"/2018_bdry*.png "$TMP/g/"
cp "$D/ucm2_png/2018_ucm2x65535.png" "$TMP/u/2018.png"
expect 1 "$M" -t boundary --input ucm2 --region "$TMP/u" "$TMP/g"
has "$TMP/err" "^segkit-metrics: $TMP/u/2018.png: --region needs label maps $TMP/g/2018_segK$"
finish
