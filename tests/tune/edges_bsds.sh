#!/bin/bash
# Boundary benchmark of segkit-edges maps (docs/edges-bsds.md):
#   [THRESHOLDS=T] tests/tune/edges_bsds.sh BIN SPLIT NAME [N] -- EDGES-OPTIONS...
# runs BIN/segkit-edges EDGES-OPTIONS on every image of SPLIT (train, val:
# ../shared/data/bsds500-trainval; bench: the five self-test images of
# ../shared/data/bsds500-bench), the first N images only if N is given, and
# scores the maps with BIN/segkit-metrics -t boundary (T thresholds, 99 by default;
# maxDist 0.0075).  Prints "NAME ODS OIS AP seconds-per-image".
set -eu
BIN=$1 SPLIT=$2 NAME=$3
shift 3
N=100000
if [ "$1" != "--" ]; then N=$1; shift; fi
shift   # --
DATA=${SEGKIT_SHARED_DATA:-$(dirname "$0")/../../../shared/data}
if [ "$SPLIT" = bench ]; then
    IMG=$DATA/bsds500-bench/images GT=$DATA/bsds500-bench/groundTruth_png
else
    IMG=$DATA/bsds500-trainval/data/images/$SPLIT GT=$DATA/bsds500-trainval/data/groundTruth_png/$SPLIT
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir "$OUT/pb" "$OUT/gt"
start=$(date +%s.%N)
count=0
for f in $(ls "$IMG"/*.jpg | head -n "$N"); do
    id=$(basename "$f" .jpg)
    "$BIN/segkit-edges" "$@" "$f" "$OUT/pb/$id.png"
    cp "$GT/$id"_bdry*.png "$OUT/gt/"
    count=$((count + 1))
done
end=$(date +%s.%N)
"$BIN/segkit-metrics" -t boundary --input pb --thresholds "${THRESHOLDS:-99}" --json="$OUT/r.json" "$OUT/pb" "$OUT/gt" >/dev/null
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["aggregate"]
print("%-40s ODS %.4f  OIS %.4f  AP %.4f  %.2f s/image" % (sys.argv[2], a["ods_f"], a["ois_f"], a["ap"], float(sys.argv[3])))
' "$OUT/r.json" "$NAME" "$(echo "($end - $start) / $count" | bc -l)"
