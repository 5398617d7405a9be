# Batch (issue 14): every tool runs through the same loop -- for each tool,
# a batch over two inputs writes byte for byte what two single runs write,
# and its --jsonl line carries the report --json prints for one input.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1
PY=$(command -v python3)
# two small gray images (P2 by hand)
printf 'P2 6 5 255\n10 10 10 10 10 10\n10 200 200 10 10 10\n10 200 200 10 90 10\n10 10 10 10 90 10\n10 10 10 10 10 10\n' > a.pgm
printf 'P2 6 5 255\n0 0 0 0 0 0\n0 250 250 250 0 0\n0 250 0 250 0 0\n0 250 250 250 0 0\n0 0 0 0 0 0\n' > b.pgm

# and two colour ones
printf 'P3 4 3 255\n255 0 0  0 255 0  0 0 255  250 250 250\n10 200 30  200 30 10  5 5 5  128 128 0\n0 0 0  255 255 255  90 10 200  30 30 30\n' > a.ppm
printf 'P3 4 3 255\n0 0 0  0 200 0  0 0 200  250 0 250\n10 20 30  200 200 10  55 5 5  128 0 128\n0 90 0  255 0 0  90 90 200  30 60 30\n' > b.ppm
IN=pgm
# check TOOL EXT ARGS...: single runs of a.$IN and b.$IN vs one batch run
# (TOOL may be "segkit-color SUBCOMMAND")
check() {
    local tool=$1 ext=$2; shift 2
    local -a t=($tool)
    t[0]="$BIN/${t[0]}"
    local n=${tool// /_}
    local d="b_${n}_$ext"
    expect 0 "${t[@]}" "$@" a.$IN "s_${n}_a.$ext"
    expect 0 "${t[@]}" "$@" --json=ra.json a.$IN "j_${n}_a.$ext"
    expect 0 "${t[@]}" "$@" b.$IN "s_${n}_b.$ext"
    expect 0 "${t[@]}" "$@" --jobs 2 -o "$d/{stem}.$ext" --jsonl=r.jsonl a.$IN b.$IN
    same "$d/a.$ext" "s_${n}_a.$ext"
    same "$d/b.$ext" "s_${n}_b.$ext"
    "$PY" - "$tool" "$IN" <<'PY' || fail "$tool: the jsonl report is not the --json report"
import json, sys
rows = [json.loads(l) for l in open("r.jsonl")]
ext = sys.argv[2]
assert [r["input"] for r in rows] == ["a." + ext, "b." + ext], rows
one = json.load(open("ra.json"))
rep = rows[0]["report"]
# the same object, but for the output name the single run reported
for k in ("output",):
    one.pop(k, None), rep.pop(k, None)
assert rep == one, (rep, one)
PY
}
check segkit-threshold png -m otsu
check segkit-threshold png -m sauvola --window 3
check segkit-label png --fg '>50'
check segkit-watershed png --threshold otsu --split
check segkit-distance pfm
check segkit-morph pgm --op open
check segkit-edges npy -m sobel
check segkit-edges png -m canny --sigma 1
IN=ppm
printf 'red,red,near red 30\nsky,blue,range hsv H:180..260\n' > classes.csv
check "segkit-color convert" npy --to lab
check "segkit-color range" png --range 'S:0.5..1'
check "segkit-color distance" npy --ref red
check "segkit-color classes" png --table classes.csv
check "segkit-color index" npy --name exg
check "segkit-color kmeans" png -k 2
check "segkit-color slic" png --n-segments 4
check "segkit-color felzenszwalb" png
# segkit-overlay: IMAGE LABELS OUT, or IMAGEs with --labels TEMPLATE
O="$BIN/segkit-overlay"
mkdir lab && cp a.pgm lab/a.pgm && cp b.pgm lab/b.pgm
expect 0 "$BIN/segkit-threshold" -m otsu -o 'lab/{stem}.png' a.pgm b.pgm
expect 0 "$O" a.pgm lab/a.png s_ov_a.png
expect 0 "$O" b.pgm lab/b.png s_ov_b.png
expect 0 "$O" --labels 'lab/{stem}.png' -o 'ov/{stem}.png' --jsonl=r.jsonl a.pgm b.pgm
same ov/a.png s_ov_a.png
same ov/b.png s_ov_b.png
expect 0 "$O" --labels lab/a.png a.pgm one.png
same one.png s_ov_a.png
# many images without --labels: a usage error, nothing written
expect 2 "$O" -o 'ov2/{stem}.png' a.pgm b.pgm
absent ov2
finish
