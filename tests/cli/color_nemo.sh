# segkit-color on the clownfish of the OpenCV tutorial ("Image Segmentation
# Using Color Spaces in OpenCV + Python", Real Python; ../shared/data/nemo):
# orange = inRange(hsv, (1,190,200), (18,255,255)), white = inRange(hsv,
# (0,0,200), (145,60,255)) on OpenCV's 8-bit HSV; pixel counts from
# ../shared/docs/reference-values.md (OpenCV 4.6), within 0.5 % (we get them
# exactly) by range, and as classes from CSV (color_masks.sh's format) and
# JSON tables (color_classes.sh's).  The parts of those tests that need
# ../shared, so that they run on a plain clone; this one skips there.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"
need_shared nemo/nemo0.jpg

# within REF COUNT: |count - ref| <= 0.5 % of ref
within() {
    CHECKS=$((CHECKS + 1))
    awk -v r="$1" -v c="$2" 'BEGIN { d = c - r; if (d < 0) d = -d; exit !(d <= 0.005 * r) }' ||
        fail "$3: $2 pixels, reference $1"
}
pixels() { sed -n 's/.*"pixels": \([0-9]*\).*/\1/p' "$TMP/out"; }

# segkit-color range: the tutorial's bounds on all six photos
set -- nemo0 8016 2580 10596  nemo1 3794 1126 4920  nemo2 539 1519 2058 \
       nemo3 2389 798 3187    nemo4 37098 12463 49561  nemo5 1620 720 2340
while [ $# -ge 4 ]; do
    f="$SEGKIT_SHARED_DATA/nemo/$1.jpg"
    expect 0 "$C" range --opencv --range H:1..18,S:190..255,V:200..255 --json "$f" "$TMP/o.png"
    within "$2" "$(pixels)" "$1 orange"
    expect 0 "$C" range --opencv --range H:0..145,S:0..60,V:200..255 --json "$f" "$TMP/w.png"
    within "$3" "$(pixels)" "$1 white"
    expect 0 "$C" range --opencv --range H:1..18,S:190..255,V:200..255 \
        --range H:0..145,S:0..60,V:200..255 --json "$f" "$TMP/u.png"
    within "$4" "$(pixels)" "$1 orange + white"
    shift 4
done
# one wrapping range = two inRange calls OR-ed: reds on either side of 0
f="$SEGKIT_SHARED_DATA/nemo/nemo0.jpg"
expect 0 "$C" range --opencv --range H:170..10,S:100..255,V:100..255 "$f" "$TMP/wrap.png"
expect 0 "$C" range --opencv --range H:170..179,S:100..255,V:100..255 \
    --range H:0..10,S:100..255,V:100..255 "$f" "$TMP/two.png"
same "$TMP/wrap.png" "$TMP/two.png"

# the clownfish as two classes: the tutorial's orange and white counts
cat >"$TMP/fish.csv" <<'CSV'
orange,darkorange,range hsv-opencv H:1..18,S:190..255,V:200..255
white,white,range hsv-opencv H:0..145,S:0..60,V:200..255
CSV
expect 0 "$C" classes --table "$TMP/fish.csv" --json "$SEGKIT_SHARED_DATA/nemo/nemo0.jpg" "$TMP/f1.png"
has "$TMP/out" '"name": "orange", "pixels": 8016'
has "$TMP/out" '"name": "white", "pixels": 2580'

# the clownfish from a JSON table: the tutorial's orange and white counts
# (reference-values.md), as the CSV table of color_masks.sh gives them
cat >"$TMP/fish.json" <<'JSON'
[{"name": "orange", "color": "darkorange", "opencv": true, "range": "H:1..18,S:190..255,V:200..255"},
 {"name": "white", "color": "white", "opencv": true, "range": "H:0..145,S:0..60,V:200..255"}]
JSON
expect 0 "$C" classes --table "$TMP/fish.json" --json "$SEGKIT_SHARED_DATA/nemo/nemo0.jpg" "$TMP/f2.png"
has "$TMP/out" '"name": "orange", "pixels": 8016'
has "$TMP/out" '"name": "white", "pixels": 2580'
finish
