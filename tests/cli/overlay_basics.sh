# segkit-overlay: hand-worked pixels of fill, avg and boundary pictures on a
# 4 x 1 image, masks as label 1, float maps through a colormap, class tables,
# palette files, errors.  tab20's colours are matplotlib's published ones
# (label 1 #1f77b4 = 31,119,180; label 2 #aec7e8 = 174,199,232).
. "$(dirname "$0")/lib.sh"
O="$BIN/segkit-overlay"
printf 'P2 4 1 255\n0 100 200 255\n' > "$TMP/i.pgm"
printf 'P2 4 1 255\n0 1 1 2\n' > "$TMP/l.pgm"
# the picture's bytes after the 11-byte "P6\n4 1\n255\n" header
pix() { od -An -tu1 -j 11 "$1" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
is() { CHECKS=$((CHECKS + 1)); [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

# fill, alpha 1/2: (v * 128 + c * 128 + 128) >> 8; background untouched
expect 0 "$O" --palette tab20 --alpha 0.5 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/f.ppm"
is "$(pix "$TMP/f.ppm")" "0 0 0 66 110 140 116 160 190 215 227 244" "fill"
# alpha as a percentage, and 0: the image itself
expect 0 "$O" --palette tab20 --alpha 50% "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/f2.ppm"
same "$TMP/f.ppm" "$TMP/f2.ppm"
expect 0 "$O" --alpha 0 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/f0.ppm"
is "$(pix "$TMP/f0.ppm")" "0 0 0 100 100 100 200 200 200 255 255 255" "alpha 0"
# alpha 1 with the same palette from a file (label 1 first), and stdout
printf '#1f77b4\n\n174,199,232\n' > "$TMP/pal.txt"
expect 0 "$O" --palette "$TMP/pal.txt" --alpha 1 --format ppm "$TMP/i.pgm" "$TMP/l.pgm"
is "$(pix "$TMP/out")" "0 0 0 31 119 180 31 119 180 174 199 232" "palette file"
# avg: label 1 = mean(100, 200), label 2 = 255, background black
expect 0 "$O" --mode avg "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/a.ppm"
is "$(pix "$TMP/a.ppm")" "0 0 0 150 150 150 150 150 150 255 255 255" "avg"
# inner boundary pixels (every labelled pixel of this row) in red
expect 0 "$O" --mode boundary --boundary inner --boundary-color red "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/b.ppm"
is "$(pix "$TMP/b.ppm")" "0 0 0 255 0 0 255 0 0 255 0 0" "inner boundary"
# outer: the background pixel next to label 1, and labels 1 and 2 where they meet
expect 0 "$O" --mode boundary --boundary outer --boundary-color 0,0,255 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/b.ppm"
is "$(pix "$TMP/b.ppm")" "0 0 255 100 100 100 0 0 255 0 0 255" "outer boundary"
# a class table (CSV with a header, and JSON) overrides label 2's colour
printf 'id,name,colour\n# comment\n2,cell,#00ff00\n' > "$TMP/c.csv"
expect 0 "$O" --classes "$TMP/c.csv" --palette tab20 --alpha 1 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/c.ppm"
is "$(pix "$TMP/c.ppm")" "0 0 0 31 119 180 31 119 180 0 255 0" "class table csv"
printf '{"classes": [{"id": 2, "name": "cell", "color": [0, 255, 0], "extra": {"a": [1]}}]}' > "$TMP/c.json"
expect 0 "$O" --classes "$TMP/c.json" --palette tab20 --alpha 1 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/c2.ppm"
same "$TMP/c.ppm" "$TMP/c2.ppm"
# a 0/255 mask is label 1
printf 'P2 4 1 255\n0 255 255 0\n' > "$TMP/m.pgm"
expect 0 "$O" --palette tab20 --alpha 1 "$TMP/i.pgm" "$TMP/m.pgm" "$TMP/m.ppm"
is "$(pix "$TMP/m.ppm")" "0 0 0 31 119 180 31 119 180 255 255 255" "mask"
# 16-bit image through its min/max: 0 1000 2000 3000 -> 0 85 170 255
printf 'P2 4 1 65535\n0 1000 2000 3000\n' > "$TMP/i16.pgm"
expect 0 "$O" --alpha 0 "$TMP/i16.pgm" "$TMP/l.pgm" "$TMP/w.ppm"
is "$(pix "$TMP/w.ppm")" "0 0 0 85 85 85 170 170 170 255 255 255" "16-bit minmax"
# and through given values 1000..2000: 0 0 255 255
expect 0 "$O" --alpha 0 --window 1000,2000 "$TMP/i16.pgm" "$TMP/l.pgm" "$TMP/w.ppm"
is "$(pix "$TMP/w.ppm")" "0 0 0 0 0 0 255 255 255 255 255 255" "16-bit window"
# subpixel boundaries double the picture: 7 x 1
expect 0 "$O" --mode boundary --boundary subpixel "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/s.png"
expect 0 "$BIN/segkit-threshold" -m fixed --value 0 --json "$TMP/s.png"
has "$TMP/out" '"width": 7'

# JPEG on request (a picture), and the --json report
expect 0 "$O" "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/j.jpg"
has "$TMP/j.jpg" 'JFIF'
expect 0 "$O" --json="$TMP/r.json" --mode avg "$TMP/i16.pgm" "$TMP/l.pgm" "$TMP/x2.png"
has "$TMP/r.json" '"mode": "avg"'
has "$TMP/r.json" '"window_hi": 3000'

# errors
expect 2 "$O" --alpha 2 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
expect 2 "$O" --width 3 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
has "$TMP/err" 'apply to --mode boundary'
expect 2 "$O" --window 5,1 "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
expect 2 "$O" --boundary-color '#12345' --mode boundary "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
printf 'P2 3 1 255\n0 1 1\n' > "$TMP/l3.pgm"
expect 1 "$O" "$TMP/i.pgm" "$TMP/l3.pgm" "$TMP/x.png"
has "$TMP/err" 'is 3x1, IMAGE is 4x1'
printf 'P3 4 1 255\n0 0 0 1 1 1 1 1 1 2 2 2\n' > "$TMP/rgb.ppm"
expect 1 "$O" "$TMP/i.pgm" "$TMP/rgb.ppm" "$TMP/x.png"
has "$TMP/err" '3-channel image: LABELS must be'
printf 'id,name,colour\n2,cell,notacolour\n' > "$TMP/bad.csv"
expect 1 "$O" --classes "$TMP/bad.csv" "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
has "$TMP/err" 'bad.csv: line 2: '
printf 'zz\n' > "$TMP/badpal.txt"
expect 1 "$O" --palette "$TMP/badpal.txt" "$TMP/i.pgm" "$TMP/l.pgm" "$TMP/x.png"
has "$TMP/err" "line 1: 'zz' is not a colour"
absent "$TMP/x.png"
finish
