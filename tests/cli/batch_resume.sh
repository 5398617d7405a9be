# Batch (issue 14): --skip-existing resumes a run (skips inputs whose output
# exists, redoes the others); --shard K/N splits a list into disjoint parts
# that together are the whole, {index} staying the position in the whole.
. "$(dirname "$0")/lib.sh"
D="$BIN/segkit-distance"
cd "$TMP" || exit 1
PY=$(command -v python3)
for k in 1 2 3 4 5 6 7; do
    printf 'P2 5 4 255\n0 0 0 0 0\n0 255 255 255 0\n0 255 255 255 0\n0 0 0 0 0\n' > "m$k.pgm"
done
set -- m1.pgm m2.pgm m3.pgm m4.pgm m5.pgm m6.pgm m7.pgm
expect 0 "$D" --scale 10 m1.pgm ref.png
expect 0 "$D" --scale 10 -o 'o/{stem}.png' "$@"
rm o/m2.png o/m5.png
printf 'stale' > o/m7.png          # an existing output is never looked into
ino=$(stat -c %i o/m1.png)
expect 0 "$D" --scale 10 --skip-existing --jobs 2 -o 'o/{stem}.png' --jsonl=r.jsonl "$@"
same o/m2.png ref.png
same o/m5.png ref.png
CHECKS=$((CHECKS + 1))
[ "$(stat -c %i o/m1.png)" = "$ino" ] || fail "o/m1.png was rewritten"
CHECKS=$((CHECKS + 1))
[ "$(cat o/m7.png)" = stale ] || fail "o/m7.png was rewritten"
"$PY" - <<'PY' || fail "--skip-existing jsonl"
import json
st = [json.loads(l)["status"] for l in open("r.jsonl")]
assert st == ["skipped", "ok", "skipped", "skipped", "ok", "skipped", "skipped"], st
PY
# without it, everything is redone
expect 0 "$D" --scale 10 -o 'o/{stem}.png' "$@"
same o/m7.png ref.png

# --shard: 3 shards of 7 inputs: 0 3 6 / 1 4 / 2 5 (0-based), {index} global
for k in 0 1 2; do
    expect 0 "$D" --scale 10 --shard "$k/3" -o "s/{index}-{stem}.png" --jsonl="s$k.jsonl" "$@"
done
"$PY" - <<'PY' || fail "--shard"
import json
got = {k: [(r["index"], r["input"]) for r in map(json.loads, open(f"s{k}.jsonl"))] for k in range(3)}
assert got[0] == [(1, "m1.pgm"), (4, "m4.pgm"), (7, "m7.pgm")], got
assert got[1] == [(2, "m2.pgm"), (5, "m5.pgm")], got
assert got[2] == [(3, "m3.pgm"), (6, "m6.pgm")], got
PY
same s/7-m7.png ref.png
CHECKS=$((CHECKS + 1))
[ "$(ls s | wc -l)" = 7 ] || fail "shards wrote $(ls s | wc -l) files, expected 7"
# bad shards
expect 2 "$D" --scale 10 --shard 3/3 -o 'x/{stem}.png' "$@"
expect 2 "$D" --scale 10 --shard 1 -o 'x/{stem}.png' "$@"
expect 2 "$D" --scale 10 --shard -1/2 -o 'x/{stem}.png' "$@"
absent x
# a shard that gets no input (more shards than inputs) is not an error
expect 0 "$D" --scale 10 --shard 5/9 -o 'y/{stem}.png' m1.pgm m2.pgm
absent y
finish
