# Batch (issue 14): names with spaces, newlines, leading dashes and bytes
# that are not UTF-8 go through --files-from -0, the -o template and the
# --jsonl (as surrogateescape \udcXX escapes) without loss; --files-from
# with lines, from stdin; directories with --recursive and --glob.
. "$(dirname "$0")/lib.sh"
D="$BIN/segkit-distance"
cd "$TMP" || exit 1
PY=$(command -v python3)
"$PY" - <<'PY'
import os
m = b"P2 5 4 255\n0 0 0 0 0\n0 255 255 255 0\n0 255 255 255 0\n0 0 0 0 0\n"
os.mkdir(b"in")
names = [b"a b.pgm", b"new\nline.pgm", b"-dash.pgm", b"\xff\xfe bad.pgm", "é.pgm".encode()]
for n in names:
    open(b"in/" + n, "wb").write(m)
open(b"list0", "wb").write(b"".join(b"in/" + n + b"\0" for n in names))
open(b"names", "wb").write(b"\0".join(names))
PY
printf 'P2 5 4 255\n0 0 0 0 0\n0 255 255 255 0\n0 255 255 255 0\n0 0 0 0 0\n' > m.pgm
expect 0 "$D" --scale 10 m.pgm ref.png
expect 0 "$D" --scale 10 -0 --files-from list0 -o 'res/{stem}.png' --jsonl=r.jsonl
"$PY" - <<'PY' || fail "names through -0, the template and the jsonl"
import json, os
names = open("names", "rb").read().split(b"\0")
ref = open("ref.png", "rb").read()
lines = open("r.jsonl", "rb").read().splitlines()
assert len(lines) == len(names), lines
for line, n in zip(lines, names):
    r = json.loads(line)          # strict JSON (non-UTF-8 bytes are escapes)
    assert os.fsencode(r["input"]) == b"in/" + n, (r, n)
    out = b"res/" + n[:-4] + b".png"
    assert os.fsencode(r["output"]) == out, (r, out)
    assert r["status"] == "ok", r
    assert open(out, "rb").read() == ref, out
# the escapes themselves: \udcff \udcfe for the bytes ff fe, é as UTF-8
raw = [l for l in lines if b"bad.pgm" in l][0]
assert b'"in/\\udcff\\udcfe bad.pgm"' in raw, raw
assert "é".encode() in b"".join(lines)
PY
# lines from stdin: spaces and leading dashes (newlines need -0)
printf 'in/a b.pgm\n\nin/-dash.pgm\n' >list
expect 0 "$D" --scale 10 --files-from - -o 'l/{stem}.png' <list
same 'l/a b.png' ref.png
same l/-dash.png ref.png
# a name given as an argument after --, with a leading dash
expect 0 "$D" --scale 10 -o 'd/{stem}.png' -- in/-dash.pgm
same d/-dash.png ref.png
# a list that holds NULs without -0 is refused
expect 2 "$D" --scale 10 --files-from list0 -o 'x/{stem}.png'
has "$TMP/err" 'NUL-separated'
absent x
# -0 without --files-from
expect 2 "$D" --scale 10 -0 -o 'x/{stem}.png' m.pgm
absent x
# stdin twice
expect 2 "$D" --scale 10 --files-from - -o 'x/{stem}.png' - </dev/null
# directories: refused without --recursive/--glob; --recursive takes image
# files at any depth, in byte order; --glob filters names
mkdir -p tree/b tree/a/deep
cp m.pgm tree/b/2.pgm; cp m.pgm tree/a/1.pgm; cp m.pgm tree/a/deep/0.pgm
cp m.pgm tree/a/skip.txt; cp m.pgm tree/top.pgm
expect 2 "$D" --scale 10 -o 'r/{index}.png' tree
has "$TMP/err" 'tree: a directory: give --recursive'
expect 0 "$D" --scale 10 --recursive -o 'r/{dir}/{stem}.png' --jsonl tree
"$PY" - <<'PY' || fail "--recursive order"
import json
got = [json.loads(l)["input"] for l in open("out")]
assert got == ["tree/a/1.pgm", "tree/a/deep/0.pgm", "tree/b/2.pgm", "tree/top.pgm"], got
PY
same r/tree/a/deep/0.png ref.png
expect 0 "$D" --scale 10 --glob '[12].pgm' --recursive -o 'g/{stem}.png' --jsonl tree
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/out")" = 2 ] || fail "--glob: $(wc -l < "$TMP/out") inputs, expected 2"
# --glob without --recursive: the directory itself only
expect 0 "$D" --scale 10 --glob '*.pgm' -o 'h/{stem}.png' --jsonl tree
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/out")" = 1 ] || fail "--glob alone: $(wc -l < "$TMP/out") inputs, expected 1"
finish
