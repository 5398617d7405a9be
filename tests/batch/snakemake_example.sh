# docs/batch.md's Snakefile, taken from the document itself, run with
# snakemake -j2 on 4 generated PNGs: every mask and label image equals the
# tools run by hand; a second run has nothing to do; a failing job (a
# corrupt image) makes snakemake fail and leaves no output of that image.
# Skips (77) without snakemake (Debian: snakemake, in .ci/run).
. "$(dirname "$0")/../cli/lib.sh"
if ! command -v snakemake >/dev/null; then
    echo "SKIP: snakemake not installed (Debian package snakemake)"
    exit 77
fi
DOC=$(cd "$(dirname "$0")/../.." && pwd)/docs/batch.md
mkdir -p "$TMP/w/images" && cd "$TMP/w" || exit 1
awk '/^```python$/ { on = 1; next } /^```$/ { on = 0 } on' "$DOC" >Snakefile
CHECKS=$((CHECKS + 1))
grep -q 'rule mask' Snakefile || fail "no Snakefile block in docs/batch.md"
# 4 gray PNGs with 1 to 4 bright squares each (python's zlib writes them)
python3 - <<'PY'
import struct, zlib, random
random.seed(4)
def png(path, w, h, rows):
    raw = b"".join(b"\0" + bytes(r) for r in rows)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for i in range(4):
    w, h = 40, 30
    img = [[30 + random.randint(0, 25) for _ in range(w)] for _ in range(h)]
    for k in range(i + 1):
        x0, y0 = 2 + 8 * k, 3 + (k % 2) * 12
        for y in range(y0, y0 + 5):
            for x in range(x0, x0 + 5):
                img[y][x] = 200 + random.randint(0, 30)
    png(f"images/im{i}.png", w, h, img)
PY
export PATH=$BIN:$PATH
# snakemake writes its state under .snakemake/ and a log; HOME for its cache
export HOME=$TMP/home
mkdir -p "$HOME"
expect 0 snakemake -j2 --quiet
mkdir -p ref
for i in 0 1 2 3; do
    "$BIN/segkit-threshold" -m otsu images/im$i.png ref/m$i.png &&
        "$BIN/segkit-label" --json=ref/l$i.json ref/m$i.png ref/l$i.png ||
        fail "tools by hand failed on im$i"
    same masks/im$i.png ref/m$i.png
    same labels/im$i.png ref/l$i.png
    # image i has i + 1 separate squares
    has ref/l$i.json "\"(count|objects|labels)\": *$((i + 1))[,}]"
done
expect 0 snakemake -j2 -n
has "$TMP/out" "Nothing to be done"
# a corrupt image: snakemake fails (exit 1), the other images are done, and
# the corrupt one has neither mask nor labels
head -c 60 images/im0.png >images/bad.png
expect 1 snakemake -j2 --keep-going --quiet
has "$TMP/err" "segkit-threshold: images/bad.png: "
absent masks/bad.png
absent labels/bad.png
same masks/im3.png ref/m3.png
cd / && finish
