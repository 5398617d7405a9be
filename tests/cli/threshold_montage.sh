# -m all with OUT: a montage, one tile per method under a caption naming the
# method and its threshold (issue 8 section 4; layout in segkit-threshold(1)).
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"
# 100x20 8-bit PGM, left half 50, right half 200: tiles 100x20 (no
# subsampling), captions at scale 1: strip 7 + 2*2 = 11 rows, a cell 31 rows;
# 19 methods, 5 a row -> 4 rows: 5*(100+4)-4 = 516 x 4*(31+4)-4 = 136
python3 - "$TMP/in.pgm" <<'PY'
import sys
w, h = 100, 20
px = bytes(50 if x < 50 else 200 for y in range(h) for x in range(w))
open(sys.argv[1], "wb").write(b"P5\n%d %d\n255\n" % (w, h) + px)
PY
expect 0 "$T" -m all "$TMP/in.pgm" "$TMP/all.pgm"
expect 0 "$T" -m otsu "$TMP/in.pgm"
otsu=$(cat "$TMP/out")
# check the picture with plain python (no numpy): size, gap colour, caption
# strip black with the glyph 'o' of "otsu" at (2, 2) (rows ..... ..... .###.
# #...# ...), the tile under it the Otsu mask (left 0, right 255)
python3 - "$TMP/all.pgm" >"$TMP/check" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 3)
w, h = map(int, parts[1].split())
px = parts[3]
at = lambda x, y: px[y * w + x]
print("size", w, h)
print("gap", at(101, 5), at(5, 32))
print("strip", at(90, 0), at(99, 10))
o = ["".join("#" if at(2 + c, 2 + r) else "." for c in range(5)) for r in range(7)]
print("o", " ".join(o))
print("tile", at(0, 11), at(49, 30), at(50, 11), at(99, 30))
PY
has "$TMP/check" '^size 516 136$'
has "$TMP/check" '^gap 128 128$'
has "$TMP/check" '^strip 0 0$'
has "$TMP/check" '^o \.\.\.\.\. \.\.\.\.\. \.###\. #\.\.\.# #\.\.\.# #\.\.\.# \.###\.$'
has "$TMP/check" '^tile 0 0 255 255$'
# the caption says "otsu T": (4 + 1 + len(T)) characters of 6 columns from
# x 2; the last character's cell has ink, the next cell (to x 99) none
python3 - "$TMP/all.pgm" "$otsu" >"$TMP/cap" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 3)
w = int(parts[1].split()[0])
px = parts[3]
n = (5 + len(sys.argv[2])) * 6
ink = lambda x0, x1: int(any(px[y * w + x] for y in range(2, 9) for x in range(x0, x1)))
print("last", ink(2 + n - 6, 2 + n), "after", ink(2 + n, 100))
PY
has "$TMP/cap" '^last 1 after 0$'
finish
