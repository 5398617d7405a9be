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
SQUARES=$(cd "$(dirname "$0")" && pwd)/squares_png.py
mkdir -p "$TMP/w/images" && cd "$TMP/w" || exit 1
awk '/^```python$/ { on = 1; next } /^```$/ { on = 0 } on' "$DOC" >Snakefile
CHECKS=$((CHECKS + 1))
grep -q 'rule mask' Snakefile || fail "no Snakefile block in docs/batch.md"
# 4 gray PNGs with 1 to 4 bright squares each (python's zlib writes them)
python3 "$SQUARES" 4 4 8 2 12 5 images
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
