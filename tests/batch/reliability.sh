# Batch reliability (issue 14), with segkit-threshold -m otsu over files:
#  1. a run killed with SIGKILL halfway, then rerun with --skip-existing:
#     every output complete and valid (all of them decode), none partial
#     (no final name but complete ones; the kill's temporaries keep their
#     .tmp- names), nothing done twice (the outputs of the first run are
#     untouched -- same inode and mtime -- and reported "skipped", the rest
#     "ok", each input once);
#  2. 1000 files of which 10 (1 %) are corrupt in 10 different ways: every
#     good file done, every bad one reported once in the --jsonl and once on
#     stderr, no output for it, exit 1 (SEGKIT_RELIABILITY_N=10000 runs the
#     10,000 of the issue by hand);
#  3. names with spaces, a newline, a tab, a leading dash, quotes and
#     backslashes, and non-UTF-8 bytes, through --files-from - -0, the -o
#     template and the --jsonl (JSON-escaped, non-UTF-8 bytes as \udcXX as
#     Python's surrogateescape reads them): the outputs have the names the
#     template gives, and the jsonl gives back every name byte for byte.
. "$(dirname "$0")/../cli/lib.sh"
TH=$BIN/segkit-threshold
cd "$TMP" || exit 1
N=${SEGKIT_RELIABILITY_N:-1000}

# 8 distinct gray PNGs (python's zlib), copied under many names
python3 - <<'PY'
import struct, zlib, random
random.seed(11)
def png(path, w, h, rows):
    raw = b"".join(b"\0" + bytes(r) for r in rows)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
for i in range(8):
    w, h = 160, 120
    cx, cy, r = 40 + 10 * i, 60, 20 + 3 * i
    png(f"base{i}.png", w, h, [[min(255, 40 + x // 3 + random.randint(0, 30) + (130 if (x - cx) ** 2 + (y - cy) ** 2 < r * r else 0))
                               for x in range(w)] for y in range(h)])
PY

# ---- 1. kill -9 halfway, rerun with --skip-existing
mkdir k
python3 -c 'import shutil
for i in range(400): shutil.copy(f"base{i % 8}.png", f"k/im{i}.png")'
ls k/*.png >klist
setsid "$TH" -m otsu --jobs 2 --files-from klist -o 'kout/{stem}.png' >/dev/null 2>&1 &
pid=$!
for i in $(seq 600); do
    [ "$(ls kout 2>/dev/null | grep -c '\.png$')" -ge 120 ] && break
    sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
done1=$(ls kout | grep -c '\.png$')
CHECKS=$((CHECKS + 1))
[ "$done1" -ge 120 ] && [ "$done1" -lt 400 ] || fail "killed run left $done1 outputs, not 120..399"
stat -c '%n %i %Y' kout/*.png | sort >before
expect 0 "$TH" -m otsu --jobs 2 --files-from klist -o 'kout/{stem}.png' --skip-existing --jsonl=k.jsonl
stat -c '%n %i %Y' kout/*.png | sort >after
# the first run's outputs untouched
CHECKS=$((CHECKS + 1))
[ "$(join before after | awk '$2 != $4 || $3 != $5' | wc -l)" = 0 ] || fail "outputs of the killed run were rewritten"
CHECKS=$((CHECKS + 1))
python3 - "$done1" <<'PY' || fail "k.jsonl"
import json, sys
rows = [json.loads(l) for l in open("k.jsonl")]
assert len(rows) == 400, len(rows)
assert sorted(r["index"] for r in rows) == list(range(1, 401))
skipped = {r["input"] for r in rows if r["status"] == "skipped"}
ok = {r["input"] for r in rows if r["status"] == "ok"}
assert len(skipped) == int(sys.argv[1]) and len(ok) == 400 - len(skipped), (len(skipped), len(ok))
before = {l.split()[0].replace("kout/", "k/") for l in open("before")}
assert skipped == before, "skipped != outputs of the first run"
PY
# every output complete: exactly the 400 final names, and all decode
CHECKS=$((CHECKS + 1))
[ "$(ls kout | grep -c '\.png$')" = 400 ] || fail "$(ls kout | grep -c '\.png$') outputs, not 400"
tmps=$(ls kout | grep -vc '\.png$')
echo "note: the kill left $tmps temporary file(s) (named *.tmp-PID-N, never a final name)"
CHECKS=$((CHECKS + 1))
[ "$(ls kout | grep -v '\.png$' | grep -vc '\.png\.tmp-')" = 0 ] || fail "stray files: $(ls kout | grep -v '\.png$' | head -3)"
ls kout/*.png >kouts
expect 0 "$TH" -m fixed --value 128 --files-from kouts -o 'kchk/{stem}.png'
for i in 3 77 399; do
    "$TH" -m otsu k/im$i.png kref$i.png
    same kref$i.png kout/im$i.png
done

# ---- 2. N files, 1 % corrupt
mkdir c
python3 -c 'import shutil, sys
for i in range(int(sys.argv[1])): shutil.copy(f"base{i % 8}.png", f"c/f{i}.png")' "$N"
python3 - "$N" <<'PY'
import sys, struct, zlib
n = int(sys.argv[1])
good = open("base0.png", "rb").read()
bad = {
    "trunc": good[:len(good) // 2],
    "empty": b"",
    "text": b"hello, not an image\n",
    "crc": good[:40] + bytes([good[40] ^ 0xff]) + good[41:],
    "sig": b"\x89PNX" + good[4:],
    "iend": good[:-12],
    "huge": good[:16] + struct.pack(">II", 100000, 100000) + good[24:],
    "zero": good[:16] + struct.pack(">II", 0, 10) + good[24:],
    "pgm": b"P5\n10 10\n255\nabc",
    "jpeg": b"\xff\xd8\xff\xe0" + b"\0" * 30,
}
names = []
for k, (tag, data) in enumerate(bad.items()):
    for j in range(n // 1000):
        i = (k * 100 + 37 + j * 1000) % n
        open(f"c/f{i}.png", "wb").write(data)
        names.append(f"c/f{i}.png")
open("badlist", "w").write("\n".join(sorted(names)) + "\n")
PY
ls c/*.png >clist
expect 1 "$TH" -m otsu --jobs 2 --files-from clist -o 'cout/{stem}.png' --jsonl=c.jsonl
mv "$TMP/err" cerr
CHECKS=$((CHECKS + 1))
python3 - "$N" <<'PY' || fail "c.jsonl / stderr"
import json, os, sys
n = int(sys.argv[1])
bad = set(open("badlist").read().split())
assert len(bad) == n // 100, len(bad)
rows = [json.loads(l) for l in open("c.jsonl")]
assert len(rows) == n and sorted(r["index"] for r in rows) == list(range(1, n + 1))
failed = [r["input"] for r in rows if r["status"] == "failed"]
assert sorted(failed) == sorted(bad), set(failed) ^ bad
assert all(r["error"] for r in rows if r["status"] == "failed")
assert all(r["status"] == "ok" for r in rows if r["input"] not in bad)
err = open("cerr").read().splitlines()
for b in bad:
    k = sum(1 for l in err if l.startswith(f"segkit-threshold: {b}: "))
    assert k == 1, (b, k)
outs = set(os.listdir("cout"))
assert len(outs) == n - len(bad), len(outs)
for b in bad:
    assert os.path.basename(b) not in outs, b
PY

# ---- 3. odd names through --files-from - -0, the template and the jsonl
mkdir o
python3 - <<'PY'
import shutil
names = [b"with space", b"new\nline", b"-leading dash", b"bad\xff\xfeutf8", b"quote\"back\\slash",
         b"tab\there", b"caf\xc3\xa9", b"--help"]
with open("olist0", "wb") as f:
    for n in names:
        shutil.copy("base1.png", b"o/" + n + b".png")
        f.write(b"o/" + n + b".png\0")
open("onames", "wb").write(b"\0".join(names))
PY
expect 0 "$TH" -m otsu --files-from - -0 -o 'oout/{stem}.mask.png' --jsonl=o.jsonl <olist0
CHECKS=$((CHECKS + 1))
python3 - <<'PY' || fail "odd names"
import json, os
names = open("onames", "rb").read().split(b"\0")
outs = set(os.listdir(b"oout"))
assert outs == {n + b".mask.png" for n in names}, outs
rows = [json.loads(l) for l in open("o.jsonl", encoding="utf-8")]
back = [r["input"].encode("utf-8", "surrogateescape") for r in rows]
assert back == [b"o/" + n + b".png" for n in names], back
outb = [r["output"].encode("utf-8", "surrogateescape") for r in rows]
assert outb == [b"oout/" + n + b".mask.png" for n in names], outb
PY
CHECKS=$((CHECKS + 1))
"$TH" -m otsu base1.png oref.png && cmp -s oref.png "oout/--help.mask.png" || fail "odd-name mask differs"
cd / && finish
