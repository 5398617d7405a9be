# A netpbm stream (3 images of different sizes and kinds: P5, P6, plain P2)
# through two segkit tools in a shell pipe:
#   cat a.pgm b.ppm c.pgm | segkit-threshold -m otsu - - | segkit-morph --op dilate - -
# gives 3 PGM frames of the right sizes, each equal to the same two tools
# run on that image as a file; --jsonl reports each frame; a stream with
# garbage after its second image processes two frames, then says what is
# wrong and exits 1.
. "$(dirname "$0")/../cli/lib.sh"
TH=$BIN/segkit-threshold
MO=$BIN/segkit-morph
cd "$TMP" || exit 1
python3 - <<'PY'
import random
random.seed(5)
def img(w, h, c):
    return [[min(255, 30 + x + random.randint(0, 20) + (120 if (x - w // 2) ** 2 + (y - h // 2) ** 2 < (h // 3) ** 2 else 0))
             for x in range(w) for _ in range(c)] for y in range(h)]
a = img(40, 30, 1)
open("a.pgm", "wb").write(b"P5\n40 30\n255\n" + bytes(v for r in a for v in r))
b = img(24, 20, 3)
open("b.ppm", "wb").write(b"P6\n# colour\n24 20\n255\n" + bytes(v for r in b for v in r))
c = img(17, 9, 1)
open("c.pgm", "w").write("P2\n17 9\n255\n" + "\n".join(" ".join(map(str, r)) for r in c) + "\n")
PY
cat a.pgm b.ppm c.pgm >in.pnm
CHECKS=$((CHECKS + 1))
"$TH" -m otsu --jsonl=t.jsonl - - <in.pnm | "$MO" --op dilate --se square:3 - - >out.pnm
st=("${PIPESTATUS[@]}")
[ "${st[*]}" = "0 0" ] || fail "pipe exit codes ${st[*]}"
# split the output stream (P5 frames: header "P5\nW H\n255\n" + W*H bytes)
python3 - <<'PY' || fail "output stream: $(head -c 60 out.pnm | od -c | head -3)"
d = open("out.pnm", "rb").read()
sizes = []
i = 0
while i < len(d):
    assert d[i:i + 3] == b"P5\n", d[i:i + 10]
    j = d.index(b"\n", i + 3)
    w, h = map(int, d[i + 3:j].split())
    k = d.index(b"\n", j + 1)
    assert d[j + 1:k] == b"255"
    open(f"frame{len(sizes) + 1}.pgm", "wb").write(d[i:k + 1 + w * h])
    sizes.append((w, h))
    i = k + 1 + w * h
assert sizes == [(40, 30), (24, 20), (17, 9)], sizes
PY
n=1
for f in a.pgm b.ppm c.pgm; do
    "$TH" -m otsu $f - --format pgm | "$MO" --op dilate --se square:3 - ref$n.pgm
    same ref$n.pgm frame$n.pgm
    n=$((n + 1))
done
CHECKS=$((CHECKS + 1))
python3 - <<'PY' || fail "t.jsonl: $(cat t.jsonl)"
import json
rows = [json.loads(l) for l in open("t.jsonl")]
assert [r["index"] for r in rows] == [1, 2, 3] and all(r["status"] == "ok" for r in rows)
PY
# garbage after the second image
{ cat a.pgm b.ppm; printf 'GIF89a....'; cat c.pgm; } >bad.pnm
expect 1 "$TH" -m otsu - - <bad.pnm
has "$TMP/err" "frame 3: .*(corrupt|malformed)"
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^P5' "$TMP/out")" = 2 ] || fail "not 2 frames before the garbage"
cd / && finish
