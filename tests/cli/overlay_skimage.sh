# segkit-overlay --mode boundary --boundary-color yellow equals scikit-image's
# mark_boundaries(image, labels, color=(1, 1, 0), mode=MODE) on coins and
# its labels, pixel for pixel (skimage's float picture * 255, rounded), for
# thick, inner and outer; and --mode avg equals label2rgb(labels, image,
# kind='avg', bg_label=0).  scikit-image 0.19.3 runs here at test time
# (/usr/bin/python3, Debian python3-skimage); skipped without it.
. "$(dirname "$0")/lib.sh"
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import skimage' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: no python3 with scikit-image"; exit 77; }
C="${SEGKIT_DATA:?}/coins.png"
O="$BIN/segkit-overlay"
expect 0 "$BIN/segkit-threshold" -m otsu -c skimage "$C" "$TMP/mask.png"
expect 0 "$BIN/segkit-label" --fill-holes --min-area 64 --expand 3 "$TMP/mask.png" "$TMP/labels.png"
for mode in thick inner outer; do
    expect 0 "$O" --mode boundary --boundary $mode --boundary-color yellow "$C" "$TMP/labels.png" "$TMP/$mode.png"
done
expect 0 "$O" --mode avg "$C" "$TMP/labels.png" "$TMP/avg.png"
expect 0 "$PY" - "$C" "$TMP" <<'PYEOF'
import sys
import numpy as np
from skimage import io
from skimage.color import label2rgb
from skimage.segmentation import mark_boundaries
coins, d = io.imread(sys.argv[1]), sys.argv[2]
labels = io.imread(d + '/labels.png').astype(np.int32)
bad = []
for mode in ('thick', 'inner', 'outer'):
    want = np.round(mark_boundaries(coins, labels, color=(1, 1, 0), mode=mode) * 255).astype(np.uint8)
    got = io.imread(d + '/' + mode + '.png')
    if got.shape != want.shape or (got != want).any():
        bad.append('%s: %d pixels differ' % (mode, int((got != want).any(axis=-1).sum())))
want = label2rgb(labels, coins, kind='avg', bg_label=0)
want = np.dstack([want] * 3) if want.ndim == 2 else want
got = io.imread(d + '/avg.png')
if got.shape != want.shape or (got != want).any():
    bad.append('avg: %d pixels differ' % int((got != want).any(axis=-1).sum()))
print('\n'.join(bad) if bad else 'equal')
sys.exit(1 if bad else 0)
PYEOF
has "$TMP/out" '^equal$'
finish
