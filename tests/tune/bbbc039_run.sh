#!/bin/bash
# The BBBC039 figures of docs/watershed-nuclei.md: on the training and the
# validation fields (split of trainval_split_counts.csv), segkit's one
# command and the classic scikit-image recipe (bbbc039_skimage.py), both
# scored by segkit-metrics -t instance (--empty skip: the field with no
# nucleus counts only if a method finds something there, with F1 = AP = 0).
#
#   tests/tune/bbbc039_run.sh [BUILD_DIR [OUT_DIR]]      (defaults: build, /tmp/bbbc039)
#
# Prints per split and method: mean over fields of F1@0.5 and of
# AP@[.5:.95] (segkit-metrics' aggregate f1 and dsb_score), the F1 of the
# pooled counts, and the object counts.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=${2:-/tmp/bbbc039}
data=${BBBC039:-$here/../../../shared/data/bbbc039-train}
py=/usr/bin/python3
[ -d "$data/images" ] || { echo "skipped: no BBBC039 data at $data" >&2; exit 77; }

for split in train val; do
    want=$([ $split = train ] && echo training || echo validation)
    names=$(awk -F, -v s="$want" 'NR > 1 && $2 == s {print $1}' "$data/trainval_split_counts.csv")
    mkdir -p "$out/segkit/$split" "$out/skimage/$split"
    BBBC039=$data "$py" "$here/bbbc039_skimage.py" $split "$out/skimage/$split"
    : > "$out/segkit-$split.list"
    : > "$out/skimage-$split.list"
    for n in $names; do
        "$build/tools/segkit-watershed" --threshold otsu --split \
            "$data/images/$n.png" "$out/segkit/$split/$n.png"
        echo "$out/segkit/$split/$n.png $data/labels/$n.png" >> "$out/segkit-$split.list"
        echo "$out/skimage/$split/$n.png $data/labels/$n.png" >> "$out/skimage-$split.list"
    done
    for m in segkit skimage; do
        "$build/tools/segkit-metrics" -t instance --empty skip --list "$out/$m-$split.list" \
            --json="$out/$m-$split.json"
        "$py" - "$out/$m-$split.json" $split $m <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["aggregate"]
pooled = 2 * a["tp"] / (2 * a["tp"] + a["fp"] + a["fn"])
print(f"{sys.argv[2]:5} {sys.argv[3]:7}  F1@0.5 {a['f1']:.4f}  AP@[.5:.95] {a['dsb_score']:.4f}"
      f"  pooled F1 {pooled:.4f}  pred {a['n_pred']} gt {a['n_gt']}"
      f"  splits {a['splits']} merges {a['merges']}")
EOF
    done
done
