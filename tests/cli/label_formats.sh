# Label-image and float-map exchange formats (issue 9 "Label image
# outputs"): .npy written and read (numpy.load reads ours, we read numpy's,
# strictly), .pfm read as OpenCV writes it (rows bottom to top), clear
# refusals.  The expected masks are computed here by numpy from the same
# array (a > 0.5), not by segkit.
. "$(dirname "$0")/lib.sh"

T=$BIN/segkit-threshold
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "SKIP: no python3 with numpy"
    exit 77
fi

# a 3 x 4 float32 map, written by numpy (C order), and numpy's own mask
"$PY" - "$TMP" <<'PYEOF'
import sys, numpy as np
d = sys.argv[1]
a = np.array([[0.1, 0.9, 0.5, 0.51], [1.0, 0.0, 0.75, 0.25], [0.6, 0.4, 0.2, 0.8]], np.float32)
np.save(d + "/map.npy", a)
np.save(d + "/map_f.npy", np.asfortranarray(a))
np.save(d + "/map_f8.npy", a.astype(np.float64))
np.save(d + "/want.npy", ((a > 0.5) * 255).astype(np.uint8))
PYEOF

# read numpy's .npy, threshold (foreground = v > 0.5), write .npy
expect 0 "$T" -m fixed --value 0.5 "$TMP/map.npy" "$TMP/mask.npy"
expect 0 "$PY" -c 'import sys, numpy as np
a = np.load(sys.argv[1]); w = np.load(sys.argv[2])
sys.exit(0 if a.dtype == np.uint8 and a.shape == (3, 4) and (a == w).all() else 1)' \
    "$TMP/mask.npy" "$TMP/want.npy"
# byte for byte what numpy writes for the same array (format 1.0, C order)
same "$TMP/mask.npy" "$TMP/want.npy"
# --format npy on stdout
expect 0 "$T" -m fixed --value 0.5 "$TMP/map.npy" - --format npy
same "$TMP/out" "$TMP/want.npy"

# strict reading: Fortran order and float64 are refused with the reason
expect 1 "$T" -m fixed --value 0.5 "$TMP/map_f.npy" "$TMP/x.npy"
has "$TMP/err" "^segkit-threshold: $TMP/map_f.npy: array in Fortran order"
absent "$TMP/x.npy"
expect 1 "$T" -m fixed --value 0.5 "$TMP/map_f8.npy" "$TMP/x.npy"
has "$TMP/err" "^segkit-threshold: $TMP/map_f8.npy: NumPy dtype not one of .*'<f4'"
head -c 140 "$TMP/map.npy" >"$TMP/cut.npy" # header 128 bytes + 12 of 48
expect 1 "$T" -m fixed --value 0.5 "$TMP/cut.npy" "$TMP/x.npy"
has "$TMP/err" "cut.npy: NumPy array data shorter than its shape says"
head -c 100 "$TMP/map.npy" >"$TMP/cut2.npy"
expect 1 "$T" -m fixed --value 0.5 "$TMP/cut2.npy" "$TMP/x.npy"
has "$TMP/err" "cut2.npy: truncated .npy header"

# PFM as OpenCV writes it (cv2.imwrite: "Pf", rows bottom to top)
if "$PY" -c 'import cv2' 2>/dev/null; then
    expect 0 "$PY" -c 'import sys, cv2, numpy as np
cv2.imwrite(sys.argv[1], np.load(sys.argv[2]))' "$TMP/map.pfm" "$TMP/map.npy"
    expect 0 "$T" -m fixed --value 0.5 "$TMP/map.pfm" "$TMP/pfm-mask.npy"
    same "$TMP/pfm-mask.npy" "$TMP/want.npy"
else
    echo "note: no cv2 in $PY: skipped the PFM read of an OpenCV file"
fi

# a float map written as .pfm and as .npy: OpenCV's PFM reader (rows bottom
# to top) and numpy.load see the same array, not flipped
if [ -x "$BIN/segkit-distance" ] && "$PY" -c 'import cv2' 2>/dev/null; then
    expect 0 "$BIN/segkit-distance" "$SEGKIT_DATA/horse.png" "$TMP/d.pfm"
    expect 0 "$BIN/segkit-distance" "$SEGKIT_DATA/horse.png" "$TMP/d.npy"
    expect 0 "$PY" -c 'import sys, cv2, numpy as np
a = cv2.imread(sys.argv[1], cv2.IMREAD_UNCHANGED); b = np.load(sys.argv[2])
sys.exit(0 if a is not None and a.dtype == np.float32 and a.shape == b.shape
         and b.max() > 0 and b[0].max() != b[-1].max() and (a == b).all() else 1)' \
        "$TMP/d.pfm" "$TMP/d.npy"
else
    echo "note: no segkit-distance or no cv2: skipped the PFM write check"
fi

# formats that cannot hold the image say so
expect 1 "$T" -m fixed --value 0.5 "$TMP/map.npy" "$TMP/mask.pfm"
has "$TMP/err" "mask.pfm: pfm cannot hold a 1-channel u8 image"
absent "$TMP/mask.pfm"
expect 1 "$T" -m fixed --value 0.5 "$TMP/map.npy" "$TMP/mask.png" --format rgbid
has "$TMP/err" "mask.png: rgbid cannot hold a 1-channel u8 image"
absent "$TMP/mask.png"

finish
