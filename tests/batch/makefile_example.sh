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
SQUARES=$(cd "$(dirname "$0")" && pwd)/squares_png.py
mkdir -p "$TMP/w/images" && cd "$TMP/w" || exit 1
awk '/^```make$/ { on = 1; next } /^```$/ { on = 0 } on' "$DOC" >Makefile
CHECKS=$((CHECKS + 1))
grep -q 'segkit-threshold' Makefile || fail "no Makefile block in docs/batch.md"
# 6 gray PNGs with 1 to 6 bright squares each (python's zlib writes them)
python3 "$SQUARES" 3 6 6 3 8 4 images
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
