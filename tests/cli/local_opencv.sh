# segkit-threshold local mean/gaussian in OpenCV mode on sudoku.png (green
# channel).  Expected foreground counts come from OpenCV 4.6 itself:
#   img = cv2.imread('sudoku.png', cv2.IMREAD_UNCHANGED)[:, :, 1]
#   (cv2.adaptiveThreshold(img, 255, METHOD, TYPE, 11, 2) == 255).sum()
#   MEAN_C BINARY 233615, MEAN_C BINARY_INV 80539,
#   GAUSSIAN_C BINARY 243727, GAUSSIAN_C BINARY_INV 70427
# (tests/unit/test_threshold_local.c also checks the FNV-1a hash of the masks).
. "$(dirname "$0")/lib.sh"
need_shared opencv/samples_data/sudoku.png
T="$BIN/segkit-threshold"
S="$SEGKIT_SHARED_DATA/opencv/samples_data/sudoku.png"

expect 0 "$T" -m mean --window 11 -C 2 --opencv --gray green --json "$S" "$TMP/m.png"
has "$TMP/out" '"foreground": 233615[,}]'
has "$TMP/out" '"method": "mean"'
has "$TMP/out" '"convention": "opencv"'
has "$TMP/out" '"window": 11'
has "$TMP/out" '"border": "replicate"'
expect 0 "$T" -m mean -w 11 -C 2 -c opencv --fg dark --gray green --json "$S"
has "$TMP/out" '"foreground": 80539[,}]'
expect 0 "$T" -m gaussian -w 11 -C 2 --opencv --gray green --json "$S"
has "$TMP/out" '"foreground": 243727[,}]'
expect 0 "$T" -m gaussian -w 11 -C 2 --opencv --fg dark --gray green --json "$S"
has "$TMP/out" '"foreground": 70427[,}]'
# OpenCV's blockSize must be odd
expect 2 "$T" -m mean -w 10 --opencv --json "$S"
has "$TMP/err" 'odd'
finish
