# segkit-overlay --export / --import: GeoJSON read back by a real consumer
# (shapely) with polygon areas equal to pixel counts, round trips labels ->
# COCO / GeoJSON -> labels (exact), and the errors.
. "$(dirname "$0")/lib.sh"
O="$BIN/segkit-overlay"
DATA=${SEGKIT_DATA:?}

# coins labels (Otsu 107, holes filled, 8-connected, >= 64 px) and a
# mask-shaped label image with holes: Otsu of the page, unfilled
expect 0 "$BIN/segkit-threshold" -m fixed --value 107 "$DATA/coins.png" "$TMP/mask.png"
expect 0 "$BIN/segkit-label" --fill-holes --min-area 64 "$TMP/mask.png" "$TMP/coins.npy"
expect 0 "$BIN/segkit-threshold" -m otsu "$DATA/text.png" "$TMP/tmask.png"
expect 0 "$BIN/segkit-label" "$TMP/tmask.png" "$TMP/text.npy"

# ---- round trips: every COCO segmentation kind and GeoJSON (identity and a
# north-up geotransform) give the same labels back, byte for byte
for fs in coins:384x303 text:448x172; do
    f=${fs%%:*}
    for s in rle counts polygon; do
        expect 0 "$O" --export coco --segmentation $s "$TMP/$f.npy" "$TMP/$f-$s.json"
        expect 0 "$O" --import coco --size "${fs#*:}" "$TMP/$f-$s.json" "$TMP/$f-$s.npy"
        same "$TMP/$f.npy" "$TMP/$f-$s.npy"
    done
done
expect 0 "$O" --export geojson --transform 0.5,0,1000,0,-0.5,2000 "$TMP/coins.npy" "$TMP/coins.geojson"
expect 0 "$O" --import geojson --transform 0.5,0,1000,0,-0.5,2000 --size 384x303 \
    "$TMP/coins.geojson" "$TMP/coins-geo.npy"
same "$TMP/coins.npy" "$TMP/coins-geo.npy"

# ---- a real consumer: shapely reads the GeoJSON; each feature's area is its
# pixel count (pixel-edge polygons), in pixels and through the transform
# (|a*e - b*d| = 0.25 per pixel); Douglas-Peucker keeps areas close
expect 0 "$O" --export geojson --props label,area "$TMP/text.npy" "$TMP/text.geojson"
expect 0 "$O" --export geojson --simplify 1 "$TMP/coins.npy" "$TMP/coins-s.geojson"
# Debian's python3-shapely lives in /usr/bin/python3's path (which may not be
# the python3 first in PATH)
PY=
for p in /usr/bin/python3 python3; do
    if [ -z "$PY" ] && "$p" -c 'import shapely' 2>/dev/null; then PY=$p; fi
done
if [ -n "$PY" ]; then
    CHECKS=$((CHECKS + 1))
    "$PY" - "$TMP" >"$TMP/py.out" 2>&1 <<'EOF' || fail "shapely check"
import json, struct, sys
from shapely.geometry import shape
tmp = sys.argv[1]

def counts(path):
    # .npy i32 labels, C order: pixels per label
    b = open(path, 'rb').read()
    hl = struct.unpack('<H', b[8:10])[0]
    data = b[10 + hl:]
    c = {}
    for (v,) in struct.iter_unpack('<i', data):
        if v > 0:
            c[v] = c.get(v, 0) + 1
    return c

bad = 0
for name, scale, tol in (('coins', 0.25, 0), ('text', 1, 0), ('coins-s', 1, 0.05)):
    npy = tmp + '/' + name.split('-')[0] + '.npy'
    want = counts(npy)
    fc = json.load(open(tmp + '/' + name + '.geojson'))
    got = {f['properties']['label']: shape(f['geometry']).area / scale for f in fc['features']}
    assert sorted(got) == sorted(want), (name, len(got), len(want))
    for k, a in got.items():
        if abs(a - want[k]) > tol * want[k]:
            bad += 1
            print(name, k, a, want[k])
    if name == 'text':  # the "area" property is the pixel count too
        for f in fc['features']:
            assert f['properties']['area'] == want[f['properties']['label']]
    print(name, len(got), 'features')
sys.exit(1 if bad else 0)
EOF
    cat "$TMP/py.out"
else
    echo "skipped: the shapely check (python3-shapely is not installed)"
fi

# ---- SVG: one path per object, even-odd
expect 0 "$O" --export svg "$TMP/coins.npy" "$TMP/coins.svg"
CHECKS=$((CHECKS + 1))
[ "$(grep -c '<path data-label="[0-9]*" fill-rule="evenodd" d="M' "$TMP/coins.svg")" = 24 ] ||
    fail "coins.svg has not 24 paths"

# ---- a mask is one object; COCO fields
printf 'P5\n4 3\n255\n' >"$TMP/m.pgm"
printf '\0\377\377\0\0\377\0\0\0\0\0\0' >>"$TMP/m.pgm"
expect 0 "$O" --export coco --image-id 7 --category-id 3 "$TMP/m.pgm"
has "$TMP/out" '"id": 1, "image_id": 7, "category_id": 3, "iscrowd": 0, "area": 3, "bbox": \[1, 0, 2, 2\]'
# column-major runs (h = 3): background 3 (column 0), object 2, background 1,
# object 1, background 5 -> 3 2 1, 1-2 = -1 ('O'), 5-1 = 4
has "$TMP/out" '"segmentation": \{"size": \[3, 4\], "counts": "321O4"\}'

# ---- errors: usage (2), bad input (1, located), nothing half-written
expect 2 "$O" --import coco "$TMP/coins-rle.json" "$TMP/x.npy"
has "$TMP/err" 'needs --size'
expect 2 "$O" --export coco --import coco "$TMP/coins.npy"
expect 2 "$O" --export svg --transform 1,0,0,0,1,0 "$TMP/coins.npy"
has "$TMP/err" 'does not apply to --export svg'
expect 2 "$O" --export geojson --transform 1,2,0,2,4,0 "$TMP/coins.npy"
has "$TMP/err" 'cannot be inverted'
printf '{"annotations": [{"id": 1, "segmentation": {"size": [303, 384], "counts": "0o"}}]}' >"$TMP/bad.json"
expect 1 "$O" --import coco --size 384x303 "$TMP/bad.json" "$TMP/x.npy"
has "$TMP/err" '^segkit-overlay: .*bad.json: line 1, column [0-9]+: annotation 1: invalid compressed RLE'
absent "$TMP/x.npy"
printf '{"type": "FeatureCollection", "features": [' >"$TMP/cut.geojson"
expect 1 "$O" --import geojson --size 10x10 "$TMP/cut.geojson" "$TMP/x.npy"
has "$TMP/err" 'line 1, column 44: unexpected end of the text'
absent "$TMP/x.npy"
expect 1 "$O" --import coco --size 384x303 "$TMP/coins.geojson" "$TMP/x.npy"
has "$TMP/err" 'not COCO annotations'
printf 'P6\n1 1\n255\n\1\2\3' >"$TMP/rgb.ppm"
expect 1 "$O" --export coco "$TMP/rgb.ppm" "$TMP/x.json"
has "$TMP/err" 'not a label image or mask'
absent "$TMP/x.json"

finish
