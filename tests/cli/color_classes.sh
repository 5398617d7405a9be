# segkit-color classes with JSON tables: every member, the first-match rule
# and the overlap count worked out by hand, the same labels as the CSV form
# of the same table, the same file read by segkit-overlay --classes, and
# malformed tables ("segkit-color: FILE: line L, column C: reason", exit 1,
# no output left).  All on tiny images made here (the clownfish table,
# which needs ../shared, is in color_nemo.sh).
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"

# 4 x 1: red (255,0,0), orange (255,165,0), white, black.  By hand (HSV):
# red H 0 S 1 V 1; orange H 38.8 S 1 V 1; white S 0 V 1; black V 0.
printf 'P6\n4 1\n255\n\377\0\0\377\245\0\377\377\377\0\0\0' >"$TMP/c.ppm"
# A (hue 340..20, S >= 0.5): red.  B (V >= 0.9, OpenCV units V 230..255):
# red too (A came first: an overlap), orange, white.  C (within CIEDE2000 1
# of black): black.  Labels 10 20 20 30.
cat >"$TMP/t.json" <<'JSON'
{"classes": [
  {"id": 10, "name": "A", "color": "#ff0000", "range": "H:340..20,S:0.5..1"},
  {"id": 20, "name": "B", "colour": [0, 0, 255], "space": "hsv", "opencv": true,
   "range": ["V:230..255"]},
  {"id": 30, "name": "C", "color": "#808080", "near": ["black", "#010101"], "tol": 1, "de": 2000}
]}
JSON
expect 0 "$C" classes --table "$TMP/t.json" --json --picture "$TMP/p.ppm" "$TMP/c.ppm" "$TMP/l.pgm"
has "$TMP/out" '"unclassified": 0, "overlap": 1'
has "$TMP/out" '"label": 10, "name": "A", "pixels": 1'
has "$TMP/out" '"label": 20, "name": "B", "pixels": 2'
has "$TMP/out" '"label": 30, "name": "C", "pixels": 1'
# 16-bit PGM, big-endian: 10 20 20 30
printf 'P5\n4 1\n65535\n\0\n\0\024\0\024\0\036' >"$TMP/want.pgm"
same "$TMP/l.pgm" "$TMP/want.pgm"
printf 'P6\n4 1\n255\n\377\0\0\0\0\377\0\0\377\200\200\200' >"$TMP/want.ppm"
same "$TMP/p.ppm" "$TMP/want.ppm"
# the same table as CSV (ids by line: 1 2 3) and as a bare JSON array
cat >"$TMP/t.csv" <<'CSV'
A, #ff0000, range hsv H:340..20,S:0.5..1
B, rgb(0, 0, 255), range hsv-opencv V:230..255
C, #808080, near black|#010101 1 2000
CSV
cat >"$TMP/t2.json" <<'JSON'
[{"name": "A", "color": "red", "range": "H:340..20,S:0.5..1"},
 {"name": "B", "color": "blue", "range": "V:230..255", "opencv": true},
 {"name": "C", "color": "gray", "near": "black", "tol": 1}]
JSON
expect 0 "$C" classes --table "$TMP/t.csv" "$TMP/c.ppm" "$TMP/l1.pgm"
expect 0 "$C" classes --table "$TMP/t2.json" "$TMP/c.ppm" "$TMP/l2.pgm"
printf 'P5\n4 1\n65535\n\0\1\0\2\0\2\0\3' >"$TMP/want.pgm"
same "$TMP/l1.pgm" "$TMP/want.pgm"
same "$TMP/l2.pgm" "$TMP/want.pgm"
# B first: B takes red, orange and white, A only overlaps
cat >"$TMP/t3.json" <<'JSON'
[{"name": "B", "color": "blue", "range": "V:0.9..1"},
 {"name": "A", "color": "red", "range": "H:340..20,S:0.5..1"}]
JSON
expect 0 "$C" classes --table "$TMP/t3.json" --json "$TMP/c.ppm" "$TMP/l3.pgm"
has "$TMP/out" '"unclassified": 1, "overlap": 1'
has "$TMP/out" '"name": "B", "pixels": 3'
has "$TMP/out" '"name": "A", "pixels": 0'
# the JSON table with ids is also a class table of segkit-overlay
expect 0 "$C" classes --table "$TMP/t.json" "$TMP/c.ppm" "$TMP/l.png" --overlay "$TMP/o.ppm"
expect 0 "$BIN/segkit-overlay" --mode both --boundary inner --classes "$TMP/t.json" "$TMP/c.ppm" "$TMP/l.png" "$TMP/o2.ppm"
same "$TMP/o.ppm" "$TMP/o2.ppm"

# malformed tables: the file, the place and the reason; exit 1; no OUT
# (columns counted by hand: where the offending value starts)
bad() { # TEXT REGEX
    printf '%s' "$1" >"$TMP/bad.json"
    expect 1 "$C" classes --table "$TMP/bad.json" "$TMP/c.ppm" "$TMP/x.pgm"
    has "$TMP/err" "^segkit-color: $TMP/bad.json: $2"
    absent "$TMP/x.pgm"
}
bad '[{"name": "a", "color": "red", "range": "H:0..1",}]' 'line 1, column 50: expected a member name'
bad '[{"name": "a",' 'line 1, column 15: '
bad '{"classes": 5}' 'line 1, column 13: expected an array of classes'
bad '[]' 'no classes'
bad '[{"name": "a", "color": "red", "rnage": "H:0..1"}]' "line 1, column 41: class 1: unknown member 'rnage'"
bad '[{"name": "a", "color": "red", "near": "red"}]' "line 1, column 2: class 1: 'tol': a number >= 0 is required"
bad '[{"name": "a", "color": "red", "range": "H:0..1"}, {"name": "b", "color": "nope", "range": "H:0..1"}]' "line 1, column 75: class 2: display colour 'nope'"
bad '[{"id": 1, "name": "a", "color": "red", "range": "H:0..1"}, {"id": 1, "name": "b", "color": "red", "range": "H:0..1"}]' "line 1, column 61: class 2: id 1 is also class 1's"
bad "$(printf '[%.0s' $(seq 40))" 'line 1, column 17: nested deeper than 16'
bad "$(head -c 100 /dev/zero | tr '\0' '[')" 'line 1, column 17: nested deeper than 16'
printf '\377\376[]' >"$TMP/bad.json"
expect 1 "$C" classes --table "$TMP/bad.json" "$TMP/c.ppm" "$TMP/x.pgm"
has "$TMP/err" "^segkit-color: $TMP/bad.json: line 1: "
absent "$TMP/x.pgm"
# too big (the table is read up to 1 MiB), missing, a directory
head -c 1100000 /dev/zero | tr '\0' ' ' >"$TMP/big.json"
expect 1 "$C" classes --table "$TMP/big.json" "$TMP/c.ppm" "$TMP/x.pgm"
has "$TMP/err" "^segkit-color: $TMP/big.json: "
expect 1 "$C" classes --table "$TMP/none.json" "$TMP/c.ppm" "$TMP/x.pgm"
has "$TMP/err" "^segkit-color: $TMP/none.json: "
expect 1 "$C" classes --table "$TMP" "$TMP/c.ppm" "$TMP/x.pgm"
absent "$TMP/x.pgm"
# hsv-opencv classes need 8-bit input
printf 'P6\n1 1\n65535\n\377\377\0\0\0\0' >"$TMP/c16.ppm"
expect 1 "$C" classes --table "$TMP/t.json" "$TMP/c16.ppm" "$TMP/x.pgm"
has "$TMP/err" 'class B: OpenCV units need 8-bit RGB'
absent "$TMP/x.pgm"
finish
