#!/bin/bash
# The README's segkit-edges pictures are what the README's commands make
# (docs stay in step with the tool): Canny on data/camera.png (8-bit) and on
# the same image x 257 (16-bit, thresholds x 257) -- both byte-equal to their
# pictures, so also to each other -- and the building's regions overlay.
. "$(dirname "$0")/lib.sh"
E=$BIN/segkit-edges
IMG=$SEGKIT_DATA/../docs/img
expect 0 "$E" -m canny --sigma 2 --low 20 --high 50 "$SEGKIT_DATA/camera.png" "$TMP/e8.png"
same "$TMP/e8.png" "$IMG/edges-camera-canny.png"
# camera x 257 as a 16-bit PNG (numpy)
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy, skimage' 2>/dev/null; then PY=$p; break; fi
done
if [ -n "$PY" ]; then
    "$PY" -c "import sys; from skimage import io
io.imsave(sys.argv[2], io.imread(sys.argv[1]).astype('uint16') * 257, check_contrast=False)" \
        "$SEGKIT_DATA/camera.png" "$TMP/camera16.png"
    expect 0 "$E" -m canny --sigma 2 --low 5140 --high 12850 "$TMP/camera16.png" "$TMP/e16.png"
    same "$TMP/e16.png" "$IMG/edges-camera16-canny.png"
else
    echo "note: no python3 with numpy/skimage: the 16-bit picture is not checked"
fi
if [ -f "${SEGKIT_SHARED_DATA:-/nonexistent}/opencv/samples_data/building.jpg" ]; then
    expect 0 "$E" -m canny --sigma 2 --auto --regions close --gap 4 --min-area 200 --json=- \
        "$SEGKIT_SHARED_DATA/opencv/samples_data/building.jpg" "$TMP/regions.png" \
        --overlay "$TMP/overlay.jpg"
    has "$TMP/out" '"regions": 111'
    same "$TMP/overlay.jpg" "$IMG/edges-building-regions.jpg"
else
    echo "note: no ../shared/data: the building picture is not checked"
fi
finish
