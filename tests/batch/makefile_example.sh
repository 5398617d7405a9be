# docs/batch.md's Makefile, taken from the document itself, run with make -j2
# on 6 generated PNGs: every mask and label image equals the tools run by
# hand; a second run does nothing; touching one image remakes only its two
# files.  Skips (77) without make.
. "$(dirname "$0")/../cli/lib.sh"
if ! command -v make >/dev/null; then
    echo "SKIP: make not installed"
    exit 77
fi
DOC=$(cd "$(dirname "$0")/../.." && pwd)/docs/batch.md
mkdir -p "$TMP/w/images" && cd "$TMP/w" || exit 1
awk '/^```make$/ { on = 1; next } /^```$/ { on = 0 } on' "$DOC" >Makefile
CHECKS=$((CHECKS + 1))
grep -q 'segkit-threshold' Makefile || fail "no Makefile block in docs/batch.md"
# 6 gray PNGs with 1 to 6 bright squares each (python's zlib writes them)
python3 - <<'PY'
import struct, zlib, random
random.seed(3)
def png(path, w, h, rows):
    raw = b"".join(b"\0" + bytes(r) for r in rows)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for i in range(6):
    w, h = 40, 30
    img = [[30 + random.randint(0, 25) for _ in range(w)] for _ in range(h)]
    for k in range(i + 1):
        x0, y0 = 2 + 6 * k, 3 + (k % 3) * 8
        for y in range(y0, y0 + 4):
            for x in range(x0, x0 + 4):
                img[y][x] = 200 + random.randint(0, 30)
    png(f"images/im{i}.png", w, h, img)
PY
export PATH=$BIN:$PATH
expect 0 make -j2
mkdir -p ref
for i in 0 1 2 3 4 5; do
    "$BIN/segkit-threshold" -m otsu images/im$i.png ref/m$i.png &&
        "$BIN/segkit-label" --json=ref/l$i.json ref/m$i.png ref/l$i.png ||
        fail "tools by hand failed on im$i"
    same masks/im$i.png ref/m$i.png
    same labels/im$i.png ref/l$i.png
    # image i has i + 1 separate squares
    has ref/l$i.json "\"(count|objects|labels)\": *$((i + 1))[,}]"
done
expect 0 make -j2
has "$TMP/out" "Nothing to be done|is up to date"
sleep 1
touch images/im3.png
expect 0 make -n -j2
CHECKS=$((CHECKS + 1))
n=$(grep -c '^segkit-' "$TMP/out")
[ "$n" = 2 ] || { fail "after touching one image make would run $n commands, not 2"; cat "$TMP/out"; }
cd / && finish
