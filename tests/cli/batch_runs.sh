# Batch (issue 14): a run over good and bad inputs goes on past failures,
# reports each failure once (stderr and --jsonl), exits 1; --fail-fast
# stops; reports come in input order whatever --jobs (or as they finish
# with --unordered); --jsonl lines parse as JSON with the documented fields.
. "$(dirname "$0")/lib.sh"
D="$BIN/segkit-distance"
cd "$TMP" || exit 1
PY=$(command -v python3)
# mask k: a 3x2 block in 5x4 (distance to the background: at most 1)
for k in 1 2 3 4 5 6; do
    printf 'P2 5 4 255\n0 0 0 0 0\n0 255 255 255 0\n0 255 255 255 0\n0 0 0 0 0\n' > "m$k.pgm"
done
# a larger mask first, so that with --jobs it finishes last
{ printf 'P5 1500 1500 255\n'; head -c 2250000 /dev/zero | tr '\0' '\377'; } > big.pgm
printf 'not an image' > bad1.pgm
printf 'P5 9 9 255\nshort' > bad2.pgm
set -- big.pgm m1.pgm bad1.pgm m2.pgm m3.pgm bad2.pgm m4.pgm m5.pgm m6.pgm missing.pgm

expect 1 "$D" --scale 10 --jobs 4 -o 'o/{stem}.png' --jsonl=r.jsonl "$@"
for f in bad1.pgm bad2.pgm missing.pgm; do
    CHECKS=$((CHECKS + 1))
    n=$(grep -c "^segkit-distance: $f: " "$TMP/err")
    [ "$n" = 1 ] || fail "$f: $n messages on stderr, expected 1"
done
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/err")" = 3 ] || fail "stderr has $(wc -l < "$TMP/err") lines, expected 3"
# in input order: bad1 before bad2 before missing
CHECKS=$((CHECKS + 1))
order=$(sed -n 's/^segkit-distance: \([a-z0-9]*\.pgm\): .*/\1/p' "$TMP/err" | tr '\n' ' ')
[ "$order" = "bad1.pgm bad2.pgm missing.pgm " ] || fail "stderr order: $order"
for k in 1 2 3 4 5 6; do
    [ -s "o/m$k.png" ] || fail "o/m$k.png not written"
done
[ -s o/big.png ] || fail "o/big.png not written"
absent o/bad1.png
absent o/bad2.png
# the jsonl: one line per input, in order, the documented fields
"$PY" - "$@" <<'PY' || fail "jsonl content"
import json, sys
names = sys.argv[1:]
lines = open("r.jsonl", "rb").read().decode().splitlines()
assert len(lines) == len(names), (len(lines), names)
bad = {"bad1.pgm", "bad2.pgm", "missing.pgm"}
for i, (line, name) in enumerate(zip(lines, names)):
    r = json.loads(line)
    assert r["index"] == i + 1 and r["input"] == name, r
    assert r["output"] == "o/" + name[:-4] + ".png", r
    assert isinstance(r["seconds"], (int, float)) and r["seconds"] >= 0, r
    if name in bad:
        assert r["status"] == "failed" and r["error"].startswith(name + ": "), r
        assert "report" not in r, r
    else:
        assert r["status"] == "ok" and r["error"] is None, r
        # the --json report: a 3x2 block is at most 1 from the background
        assert r["report"]["input"] == name, r
        assert name == "big.pgm" or r["report"]["max"] == 1, r
PY
# the same run, one job and --jobs 3: the same bytes
expect 1 "$D" --scale 10 --jobs 1 -o 'o1/{stem}.png' --jsonl=r1.jsonl "$@"
expect 1 "$D" --scale 10 --jobs 3 -o 'o3/{stem}.png' "$@"
for k in big m1 m6; do
    same "o/$k.png" "o1/$k.png"
    same "o/$k.png" "o3/$k.png"
done
# and the single run of m1
expect 0 "$D" --scale 10 m1.pgm single.png
same single.png o/m1.png
# --jsonl to stdout: only the lines there
expect 1 "$D" --scale 10 --jobs 2 -o 'o4/{stem}.png' --jsonl "$@"
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/out")" = 10 ] || fail "--jsonl on stdout: $(wc -l < "$TMP/out") lines"
# --unordered: every input reported once (in whatever order)
expect 1 "$D" --scale 10 --jobs 4 --unordered -o 'o5/{stem}.png' --jsonl=u.jsonl "$@"
"$PY" - "$@" <<'PY' || fail "unordered jsonl"
import json, sys
got = sorted(json.loads(l)["input"] for l in open("u.jsonl"))
assert got == sorted(sys.argv[1:]), got
PY
# --fail-fast with one job: stops after bad1 (the third input)
expect 1 "$D" --scale 10 --jobs 1 --fail-fast -o 'o6/{stem}.png' --jsonl=f.jsonl "$@"
[ -s o6/m1.png ] || fail "o6/m1.png not written"
absent o6/m2.png
absent o6/m6.png
CHECKS=$((CHECKS + 1))
[ "$(wc -l < f.jsonl)" = 3 ] || fail "--fail-fast: $(wc -l < f.jsonl) lines, expected 3"
# all good: exit 0, nothing on stderr (not a terminal: no progress)
expect 0 "$D" --scale 10 --jobs 2 -o 'o7/{stem}.png' m1.pgm m2.pgm
empty "$TMP/err"
# --progress forces it; --quiet silences it
expect 0 "$D" --scale 10 --progress -o 'o8/{stem}.png' m1.pgm m2.pgm
has "$TMP/err" '^segkit-distance: 2/2 done'
expect 0 "$D" --scale 10 --progress --quiet -o 'o9/{stem}.png' m1.pgm m2.pgm
empty "$TMP/err"
# a usage error found while running (the same for every input) stops: exit 2
expect 2 "$D" -o 'oj/{stem}.jpg' m1.pgm m2.pgm m3.pgm
CHECKS=$((CHECKS + 1))
[ "$(grep -c 'JPEG is lossy' "$TMP/err")" -le 2 ] || fail "usage error repeated per input"
finish
