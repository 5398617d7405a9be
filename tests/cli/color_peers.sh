# segkit-color against its peers run here and now (skipped without them):
#  - scikit-image 0.19 on every 3rd level of the RGB cube (86^3 colours):
#    rgb2hsv (H x 360), rgb2lab, rgb2luv, rgb2xyz, rgb2ycbcr, rgb2yuv,
#    rgb2yiq, rgb2hed, max abs error <= 1e-4 (float32 output);
#  - OpenCV: --opencv hsv / lab bytes equal cv2.cvtColor(rgb,
#    COLOR_RGB2HSV / COLOR_RGB2Lab) on every pixel of the nemo photos (RGB
#    decoded by cv2, handed over as .npy), 0 pixels differing; a wrapping
#    hue range equals two cv2.inRange calls OR-ed;
#  - scikit-image's deltaE_cie76 / deltaE_ciede94 / deltaE_ciede2000 /
#    deltaE_cmc(kL=1, kC=1) of rgb2lab(photo) from rgb2lab of the reference
#    colour: the distance maps within 1e-4, the --tol masks equal (nemo4,
#    699k pixels, takes the per-colour memo); rgb2hed channels and ExG
#    ((2G - R - B) / (R + G + B), numpy) as index maps.
. "$(dirname "$0")/lib.sh"
C="$BIN/segkit-color"
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy, skimage, cv2' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "SKIP: no python3 with numpy, scikit-image and OpenCV (python3-skimage python3-opencv)"
    exit 77
fi

"$PY" - "$TMP" <<'PYEOF'
import sys, numpy as np
lv = np.arange(0, 256, 3)
r, g, b = np.meshgrid(lv, lv, lv, indexing='ij')
img = np.stack([r, g, b], -1).reshape(len(lv) ** 2, len(lv), 3).astype(np.uint8)
np.save(sys.argv[1] + '/cube.npy', img)
PYEOF
for s in hsv lab luv xyz ycbcr yuv yiq hed; do
    expect 0 "$C" convert --to $s "$TMP/cube.npy" "$TMP/$s.npy"
done
CHECKS=$((CHECKS + 1))
"$PY" - "$TMP" >"$TMP/sk.log" 2>&1 <<'PYEOF' || { fail "differs from scikit-image:"; cat "$TMP/sk.log"; }
import sys, numpy as np
from skimage import color
t = sys.argv[1]
img = np.load(t + '/cube.npy')
calls = {'hsv': lambda x: color.rgb2hsv(x) * [360, 1, 1], 'lab': color.rgb2lab,
         'luv': color.rgb2luv, 'xyz': color.rgb2xyz, 'ycbcr': color.rgb2ycbcr,
         'yuv': color.rgb2yuv, 'yiq': color.rgb2yiq, 'hed': color.rgb2hed}
bad = 0
for s, f in calls.items():
    ours = np.load(t + '/' + s + '.npy').astype(np.float64)
    d = np.abs(ours - f(img))
    if s == 'hsv':   # 0 and 360 are one hue; skimage's H is 0..1 (so x 360)
        d[..., 0] = np.minimum(d[..., 0], 360 - d[..., 0]) / 360
    print(s, 'max abs error', d.max())
    bad |= not d.max() <= 1e-4
sys.exit(bad)
PYEOF

need_shared nemo/nemo0.jpg
f="$SEGKIT_SHARED_DATA/nemo/nemo4.jpg"
"$PY" -c "import sys, cv2, numpy as np
np.save(sys.argv[2] + '/rgb.npy', cv2.cvtColor(cv2.imread(sys.argv[1]), cv2.COLOR_BGR2RGB))" "$f" "$TMP"
for de in 76 94 2000 cmc; do
    expect 0 "$C" distance --ref '#ff7f00' --ref 'rgb(250,250,245)' --de $de \
        $([ $de = cmc ] && echo --cmc 1:1) "$TMP/rgb.npy" "$TMP/de$de.npy"
    expect 0 "$C" distance --ref '#ff7f00' --ref 'rgb(250,250,245)' --de $de \
        $([ $de = cmc ] && echo --cmc 1:1) --tol 15 "$TMP/rgb.npy" "$TMP/de${de}m.npy"
done
for n in exg hed-h hed-e hed-d; do
    expect 0 "$C" index --name $n "$TMP/rgb.npy" "$TMP/$n.npy"
done
CHECKS=$((CHECKS + 1))
"$PY" - "$TMP" >"$TMP/de.log" 2>&1 <<'PYEOF' || { fail "colour differences/indices differ:"; cat "$TMP/de.log"; }
import sys, numpy as np
from skimage import color
t = sys.argv[1]
rgb = np.load(t + '/rgb.npy')
lab = color.rgb2lab(rgb)
refs = [color.rgb2lab(np.array([[c]], dtype=np.uint8))[0, 0] for c in ((255, 127, 0), (250, 250, 245))]
fns = {'76': color.deltaE_cie76, '94': color.deltaE_ciede94, '2000': color.deltaE_ciede2000,
       'cmc': lambda a, b: color.deltaE_cmc(a, b, kL=1, kC=1)}
bad = 0
for k, f in fns.items():
    d = np.minimum(*[f(np.broadcast_to(r, lab.shape), lab) for r in refs])
    ours = np.load(t + '/de' + k + '.npy')
    err = np.abs(ours - d).max()
    m = np.load(t + '/de' + k + 'm.npy') == 255
    nd = int((m != (d <= 15)).sum())
    print(k, 'max abs error', err, 'mask pixels differing', nd, 'of', int(m.sum()))
    bad |= not (err <= 1e-4 and nd == 0)
hed = color.rgb2hed(rgb)
for i, n in enumerate(('hed-h', 'hed-e', 'hed-d')):
    err = np.abs(np.load(t + '/' + n + '.npy') - hed[..., i]).max()
    print(n, err)
    bad |= not err <= 1e-4
f = rgb.astype(np.float64)
s = f.sum(-1)
exg = np.where(s > 0, (2 * f[..., 1] - f[..., 0] - f[..., 2]) / np.where(s > 0, s, 1), 0)
err = np.abs(np.load(t + '/exg.npy') - exg).max()
print('exg', err)
bad |= not err <= 1e-6
sys.exit(bad)
PYEOF
# index --threshold METHOD -c skimage against scikit-image on the maps
# themselves: t = threshold_otsu / _yen / _triangle(map) (nbins=256 over
# min..max) and the mask map > t, for ExG (range -1..2: the bins' edges are
# exact in float32), ExR, ExGR and CIVE (edges rounded to float32 by numpy)
# on nemo0, 1 and 4: the threshold equal within float32 rounding, 0 mask
# pixels differing.  (Binned by double edges, 588 pixels differed on nemo1's
# ExR Yen mask, 141 on nemo0's ExGR Triangle; by ImageJ's convention, a bin's
# upper edge, 2737 on nemo4's ExG Otsu: -0.16797 against skimage's -0.17383.)
for i in 0 1 4; do
    "$PY" -c "import sys, cv2, numpy as np
np.save(sys.argv[2], cv2.cvtColor(cv2.imread(sys.argv[1]), cv2.COLOR_BGR2RGB))" \
        "$SEGKIT_SHARED_DATA/nemo/nemo$i.jpg" "$TMP/rgb$i.npy"
    for n in exg exr exgr cive; do
        expect 0 "$C" index --name $n "$TMP/rgb$i.npy" "$TMP/$n$i.npy"
        for m in otsu yen triangle; do
            expect 0 "$C" index --name $n --threshold $m -c skimage --json "$TMP/rgb$i.npy" \
                "$TMP/$n$i-$m.npy"
            sed -n 's/.*"thresholds": \[\([^]]*\)\].*/\1/p' "$TMP/out" >"$TMP/$n$i-$m.txt"
        done
    done
done
CHECKS=$((CHECKS + 1))
"$PY" - "$TMP" >"$TMP/th.log" 2>&1 <<'PYEOF' || { fail "index -c skimage differs from skimage:"; cat "$TMP/th.log"; }
import sys, numpy as np
from skimage import filters
t = sys.argv[1]
bad = 0
for i in (0, 1, 4):
    for n in ('exg', 'exr', 'exgr', 'cive'):
        m = np.load('%s/%s%d.npy' % (t, n, i))
        for meth in ('otsu', 'yen', 'triangle'):
            th = getattr(filters, 'threshold_' + meth)(m)
            f = '%s/%s%d-%s' % (t, n, i, meth)
            ours = float(open(f + '.txt').read())
            nd = int(((np.load(f + '.npy') == 255) != (m > th)).sum())
            print('nemo%d %s %s: segkit %r skimage %r, mask pixels differing %d'
                  % (i, n, meth, ours, float(th), nd))
            bad |= not (abs(ours - th) <= 1e-6 * abs(th) and nd == 0)
sys.exit(bad)
PYEOF

for i in 0 1 2 3 4 5; do
    f="$SEGKIT_SHARED_DATA/nemo/nemo$i.jpg"
    "$PY" -c "import sys, cv2, numpy as np
rgb = cv2.cvtColor(cv2.imread(sys.argv[1]), cv2.COLOR_BGR2RGB)
np.save(sys.argv[2] + '/rgb.npy', rgb)
np.save(sys.argv[2] + '/cvhsv.npy', cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV))
np.save(sys.argv[2] + '/cvlab.npy', cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab))
hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
m = cv2.inRange(hsv, (170, 80, 80), (179, 255, 255)) | cv2.inRange(hsv, (0, 80, 80), (12, 255, 255))
np.save(sys.argv[2] + '/cvwrap.npy', m)" "$f" "$TMP"
    expect 0 "$C" convert --to hsv --opencv "$TMP/rgb.npy" "$TMP/hsv.npy"
    expect 0 "$C" convert --to lab --opencv "$TMP/rgb.npy" "$TMP/lab.npy"
    expect 0 "$C" range --opencv --range H:170..12,S:80..255,V:80..255 "$TMP/rgb.npy" "$TMP/wrap.npy"
    CHECKS=$((CHECKS + 1))
    "$PY" -c "import sys, numpy as np
t = sys.argv[1]
n = [int((np.load(t + '/' + a + '.npy') != np.load(t + '/' + b + '.npy')).any(-1).sum())
     for a, b in (('hsv', 'cvhsv'), ('lab', 'cvlab'))]
n.append(int((np.load(t + '/wrap.npy') != np.load(t + '/cvwrap.npy')).sum()))
print('differing pixels: hsv %d lab %d wrap %d' % tuple(n))
sys.exit(any(n))" "$TMP" >"$TMP/cv.log" 2>&1 || { fail "nemo$i: $(cat "$TMP/cv.log")"; }
done
finish
