# Batch (issue 14): every tool runs through the same loop -- for each tool,
# a batch over two inputs writes byte for byte what two single runs write,
# and its --jsonl line carries the report --json prints for one input.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
PY=$(command -v python3)
# two small gray images (P2 by hand)
printf 'P2 6 5 255\n10 10 10 10 10 10\n10 200 200 10 10 10\n10 200 200 10 90 10\n10 10 10 10 90 10\n10 10 10 10 10 10\n' > a.pgm
printf 'P2 6 5 255\n0 0 0 0 0 0\n0 250 250 250 0 0\n0 250 0 250 0 0\n0 250 250 250 0 0\n0 0 0 0 0 0\n' > b.pgm

# check TOOL EXT ARGS...: single runs of a.pgm and b.pgm vs one batch run
check() {
    local tool=$1 ext=$2; shift 2
    local t="$BIN/$tool" d="b_${tool}_$ext"
    expect 0 "$t" "$@" a.pgm "s_${tool}_a.$ext"
    expect 0 "$t" "$@" --json=ra.json a.pgm "j_${tool}_a.$ext"
    expect 0 "$t" "$@" b.pgm "s_${tool}_b.$ext"
    expect 0 "$t" "$@" --jobs 2 -o "$d/{stem}.$ext" --jsonl=r.jsonl a.pgm b.pgm
    same "$d/a.$ext" "s_${tool}_a.$ext"
    same "$d/b.$ext" "s_${tool}_b.$ext"
    "$PY" - "$tool" <<'PY' || fail "$tool: the jsonl report is not the --json report"
import json, sys
rows = [json.loads(l) for l in open("r.jsonl")]
assert [r["input"] for r in rows] == ["a.pgm", "b.pgm"], rows
one = json.load(open("ra.json"))
rep = rows[0]["report"]
# the same object, but for the output name the single run reported
for k in ("output",):
    one.pop(k, None), rep.pop(k, None)
assert rep == one, (rep, one)
PY
}
check segkit-threshold png -m otsu
check segkit-threshold png -m sauvola --window 3
check segkit-label png --fg '>50'
check segkit-watershed png --threshold otsu --split
check segkit-distance pfm
check segkit-morph pgm --op open
finish
