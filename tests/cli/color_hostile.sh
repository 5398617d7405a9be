# segkit-color on hostile and bad input, every subcommand: empty, truncated,
# short and huge-header images, text posing as an image, gray images to the
# colour-only commands, bad --range / --ref specs, k and the other numbers
# out of range, outputs that cannot be written.  Each: one stderr line
# "segkit-color: FILE: reason" (or "segkit-color: --OPTION ..."), exit 1
# (failure) or 2 (usage), and no output left behind (OUT and --overlay).
. "$(dirname "$0")/lib.sh"
C=$BIN/segkit-color
IMG=${SEGKIT_DATA:?}/coffee.png
printf 'P6\n4 1\n255\n\377\0\0\377\245\0\377\377\377\0\0\0' >"$TMP/c.ppm"
printf 'a,red,range hsv H:340..20\n' >"$TMP/t.csv"

# one_line: stderr is exactly one line
one_line() {
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$TMP/err")" = 1 ] || { fail "stderr is not one line: $*"; head -3 "$TMP/err"; }
}
# bad_input REGEX FILE CMD ARGS...: exit 1, "segkit-color: FILE: REGEX", no OUT / overlay
bad_input() {
    local want=$1 file=$2 cmd=$3; shift 3
    rm -f "$TMP/o.png" "$TMP/ov.png"
    expect 1 "$C" "$cmd" "$@" "$file" "$TMP/o.png" --overlay "$TMP/ov.png"
    has "$TMP/err" "^segkit-color: $file: $want"
    one_line "$cmd $file"
    absent "$TMP/o.png"
    absent "$TMP/ov.png"
}
# bad_usage REGEX CMD ARGS...: exit 2, one line matching REGEX, no OUT
bad_usage() {
    local want=$1 cmd=$2; shift 2
    rm -f "$TMP/o.png" "$TMP/ov.png"
    expect 2 "$C" "$cmd" "$@" "$TMP/c.ppm" "$TMP/o.png" --overlay "$TMP/ov.png"
    has "$TMP/err" "^segkit-color: $want"
    one_line "$cmd $*"
    absent "$TMP/o.png"
    absent "$TMP/ov.png"
}

: >"$TMP/empty.png"
head -c 3000 "$IMG" >"$TMP/trunc.png"
printf 'P6 4 4 255\nabc' >"$TMP/short.ppm"
printf 'P6 100000 100000 255\n' >"$TMP/huge.ppm"
printf 'not an image at all\n' >"$TMP/text.png"
printf 'P5 2 2 255\nabcd' >"$TMP/gray.pgm"
for cmd in "range --range H:0..20" "distance --ref red --tol 5" "classes --table $TMP/t.csv" \
    "index --name exg --threshold otsu" "kmeans -k 3" "slic --n-segments 4" \
    "felzenszwalb --scale 10"; do
    # shellcheck disable=SC2086
    set -- $cmd
    bad_input "truncated" "$TMP/empty.png" "$@"
    bad_input "truncated" "$TMP/trunc.png" "$@"
    bad_input "truncated" "$TMP/short.ppm" "$@"
    bad_input "image exceeds the pixel limit" "$TMP/huge.ppm" "$@"
    bad_input "." "$TMP/text.png" "$@"
    bad_input "." "$TMP/missing.png" "$@"
    case $1 in
    slic | felzenszwalb) ;;  # gray input is fine for superpixels
    *) bad_input "not a colour image" "$TMP/gray.pgm" "$@" ;;
    esac
done
# convert too (it has no --overlay)
for f in empty.png trunc.png short.ppm huge.ppm text.png gray.pgm; do
    rm -f "$TMP/o.npy"
    expect 1 "$C" convert --to lab "$TMP/$f" "$TMP/o.npy"
    has "$TMP/err" "^segkit-color: $TMP/$f: "
    one_line "convert $f"
    absent "$TMP/o.npy"
done

# bad --range specs (usage, before any reading)
bad_usage "--range H:: 'H:': expected CHANNEL:LO..HI" range --range 'H:'
bad_usage "--range H:1..: " range --range 'H:1..'
bad_usage "--range H:abc..2: " range --range 'H:abc..2'
bad_usage "--range H:nan..2: " range --range 'H:nan..2'
bad_usage "--range Q:0..1: no channel 'Q'" range --range 'Q:0..1'
bad_usage "--range S:0.8..0.2: S: LO is above HI" range --range 'S:0.8..0.2'
bad_usage "--range H:0..1,H:2..3: channel H given twice" range --range 'H:0..1,H:2..3'
# an empty term would match every pixel: refused, alone or after a ';'
bad_usage "--range : an empty term" range --range ''
bad_usage "--range H:0..20;: an empty term" range --range 'H:0..20;'
bad_usage "--range H:0..20;;S:0..1: an empty term" range --range 'H:0..20;;S:0..1'
bad_usage "--range: at most 16 of them" range $(for i in $(seq 17); do printf -- '--range H:0..1 '; done)
bad_usage "--space nope: unknown colour space" range --space nope --range H:0..1
bad_usage "--opencv: OpenCV's 8-bit encodings are hsv, hls and lab" range --opencv --space xyz --range X:0..1
bad_usage "no range" range
# bad --ref specs
for r in notacolour '#12345' 'rgb(300,0,0)' 'rgb(1,2)' 'lab(50,0)' '' '#ggg'; do
    re=$(printf '%s' "$r" | sed 's/[][()*.^$+?{}|\\]/\\&/g')
    bad_usage "--ref $re: not a colour" distance --ref "$r" --tol 5
done
bad_usage "--ref point:1: expected point:X,Y or box:X,Y,W,H" distance --ref point:1 --tol 5
for r in point:4,0 point:-1,0 box:0,0,0,0 box:3,0,2,1; do
    bad_usage "--ref $r: outside the 4x1 image" distance --ref "$r" --tol 5
done
bad_usage "--tol: '-1' is out of range" distance --ref red --tol -1
bad_usage "--tol: 'nan' is not a number" distance --ref red --tol nan
bad_usage "--de 95: one of 76, 94, 2000, cmc" distance --ref red --de 95
bad_usage "--cmc 0:1: expected L:C" distance --ref red --de cmc --cmc 0:1
bad_usage "no reference colour" distance
# k and the other numbers out of range
for k in 0 257 -1; do bad_usage "--k: '$k' is out of range \[1, 256\]" kmeans -k $k; done
bad_usage "--k: 'abc' is not a number" kmeans -k abc
bad_usage "--k: '1.5' is not a whole number" kmeans -k 1.5
bad_usage "--attempts: '0' is out of range" kmeans --attempts 0
bad_usage "--max-iter: '0' is out of range" kmeans --max-iter 0
bad_usage "--space nope: unknown colour space" kmeans --space nope
bad_usage "--n-segments: '0' is out of range" slic --n-segments 0
bad_usage "--compactness: '0' is out of range" slic --compactness 0
bad_usage "--start-label: '2' is out of range" slic --start-label 2
bad_usage "--min-size: '-1' is out of range" felzenszwalb --min-size -1
bad_usage "--scale: '-1' is out of range" felzenszwalb --scale -1
bad_usage "--sigma: '-1' is out of range" felzenszwalb --sigma -1
bad_usage "--name ndvi: one of" index --name ndvi
bad_usage "--threshold sauvola: not a global method" index --name exg --threshold sauvola
bad_usage "no class table" classes
bad_usage "unknown command 'frobnicate'" frobnicate

# outputs that cannot be written: exit 1, named, nothing left behind
rm -f "$TMP/o.png"
expect 1 "$C" range --range H:0..20 "$TMP/c.ppm" "$TMP/nodir/o.png" --overlay "$TMP/ov.png"
has "$TMP/err" "^segkit-color: $TMP/nodir/o.png: "
absent "$TMP/ov.png"
# the overlay fails after OUT was written: the new OUT goes too
for cmd in "range --range H:0..20" "distance --ref red --tol 5" "distance --ref red" \
    "classes --table $TMP/t.csv" "index --name exg" "kmeans -k 2" "slic --n-segments 2" \
    "felzenszwalb"; do
    # shellcheck disable=SC2086
    set -- $cmd
    out=$TMP/o.png
    [ "$cmd" = "distance --ref red" ] || [ "$cmd" = "index --name exg" ] && out=$TMP/o.npy
    rm -f "$out"
    expect 1 "$C" "$@" "$TMP/c.ppm" "$out" --overlay "$TMP/nodir/ov.png"
    has "$TMP/err" "^segkit-color: $TMP/nodir/ov.png: "
    one_line "$cmd (overlay fails)"
    absent "$out"
done
# classes: --picture fails after OUT: OUT goes; the overlay is not written
expect 1 "$C" classes --table "$TMP/t.csv" --picture "$TMP/nodir/p.png" "$TMP/c.ppm" "$TMP/o.png" --overlay "$TMP/ov.png"
has "$TMP/err" "^segkit-color: $TMP/nodir/p.png: "
absent "$TMP/o.png"
absent "$TMP/ov.png"
# a file that was there before stays whole (the safe-output rules)
echo old >"$TMP/keep.png"
expect 1 "$C" range --range H:0..20 "$TMP/c.ppm" "$TMP/keep.png" --overlay "$TMP/nodir/ov.png"
CHECKS=$((CHECKS + 1))
[ -s "$TMP/keep.png" ] || fail "an existing OUT was removed"
finish
