# segkit-morph and segkit-distance from the command line: counts and maxima
# from scikit-image 0.19.3 / scipy 1.10.1 (python3-skimage, python3-scipy),
# usage errors.
. "$(dirname "$0")/lib.sh"
D=${SEGKIT_DATA:?}
M="$BIN/segkit-morph"
T="$BIN/segkit-distance"

# coins > threshold_otsu(coins) (= 107):
#   m = io.imread('data/coins.png') > filters.threshold_otsu(c); m.sum() == 45117
#   ndi.binary_fill_holes(m).sum() == 46748
#   mo.binary_opening(m, mo.disk(3)).sum() == 40985
expect 0 "$BIN/segkit-threshold" -m otsu -c skimage "$D/coins.png" "$TMP/m.png"
expect 0 "$M" --op fill-holes --json "$TMP/m.png" "$TMP/filled.png"
has "$TMP/out" '"nonzero": ?46748'
expect 0 "$M" --op open --se disk:3 --json "$TMP/m.png" "$TMP/open.png"
has "$TMP/out" '"nonzero": ?40985'
# gray: mo.h_maxima(c, 10).sum() == 1822; mo.local_maxima(c).sum() == 8334
expect 0 "$M" --op hmax --height 10 --json "$D/coins.png" "$TMP/h.png"
has "$TMP/out" '"nonzero": ?1822'
expect 0 "$M" --op regmax --json "$D/coins.png" "$TMP/r.png"
has "$TMP/out" '"nonzero": ?8334'
# reconstruction of the mask from its opening gives the objects the opening
# touched: a mask, nonzero count between the two
expect 0 "$M" --op reconstruct --seed "$TMP/open.png" "$TMP/m.png" "$TMP/rec.png"
# the front end
expect 0 "$BIN/segkit" morph --op erode --se rect:7x3 "$D/camera.png" "$TMP/e.png"

# usage errors (exit 2) and failures (exit 1)
expect 2 "$M" --op hmax --se disk:3 --height 5 "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'does not apply'
expect 2 "$M" --op hmax "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'needs --height'
expect 2 "$M" --op open --se disk:x "$D/coins.png" "$TMP/x.png"
has "$TMP/err" '^segkit-morph: --se disk:x'
expect 2 "$M" --op thin "$D/coins.png" "$TMP/x.png"
expect 2 "$M" --op reconstruct "$D/coins.png" "$TMP/x.png"
expect 1 "$M" --op reconstruct --seed "$D/camera.png" "$D/coins.png" "$TMP/x.png"
has "$TMP/err" 'must match'
absent "$TMP/x.png"

# distance: the horse (data/horse.png, red < 128):
#   ndi.distance_transform_edt(m).max() == 53.33854141
#   ndi.distance_transform_edt(m, sampling=(1, 2.5)).max() == 74.46643539
# written as 16-bit round(d * 1000) / 1000 = 53.339 and round(d * 500) / 500 = 74.466
expect 0 "$BIN/segkit-threshold" -m fixed --value 127 --fg dark "$D/horse.png" "$TMP/horse.png"
expect 0 "$T" --scale 1000 --json "$TMP/horse.png" "$TMP/d.png"
has "$TMP/out" '"max": ?53\.339'
expect 0 "$T" --spacing 2.5,1 --scale 500 --json "$TMP/horse.png" "$TMP/d.png"
has "$TMP/out" '"max": ?74\.466'
expect 0 "$BIN/segkit" distance --metric chessboard --scale 1 "$TMP/horse.png" "$TMP/c.png"
expect 2 "$T" --metric chamfer34 --spacing 2,1 "$TMP/horse.png" "$TMP/x.npy"
has "$TMP/err" 'square pixels'
expect 2 "$T" --signed --to nonzero "$TMP/horse.png" "$TMP/x.npy"
has "$TMP/err" '\-\-to does not apply to \-\-signed'
expect 2 "$T" --spacing 0 "$TMP/horse.png" "$TMP/x.npy"
# float32 as NumPy .npy and PFM: the headers of the formats
expect 0 "$T" "$TMP/horse.png" "$TMP/d.npy"
CHECKS=$((CHECKS + 1))
[ "$(head -c 6 "$TMP/d.npy" | tail -c 5)" = NUMPY ] || fail "d.npy is no .npy file"
has "$TMP/d.npy" "'descr': '<f4'.*'shape': \(328, 400\)"
expect 0 "$T" --signed "$TMP/horse.png" "$TMP/d.pfm"
CHECKS=$((CHECKS + 1))
[ "$(head -c 2 "$TMP/d.pfm")" = Pf ] || fail "d.pfm is no PFM file"
# float32 distances do not go into a PNG: a hint names the ways
expect 1 "$T" "$TMP/horse.png" "$TMP/x.png"
has "$TMP/err" "^segkit-distance: $TMP/x.png: png cannot hold a 1-channel f32 image"
has "$TMP/err" '^segkit-distance: hint: float results go to \.npy or \.pfm; --scale S writes 16-bit PNG$'
absent "$TMP/x.png"
# the same hint from the shared writer in a tool without --scale: no --scale in it
expect 0 "$T" "$TMP/horse.png" "$TMP/d.npy"
expect 1 "$BIN/segkit-morph" -o dilate "$TMP/d.npy" "$TMP/x.png"
has "$TMP/err" '^segkit-morph: hint: float results go to \.npy or \.pfm$'
absent "$TMP/x.png"
finish
