# src/render/tables.c is what tests/gen/render_tables.py makes: the Glasbey
# palette from scikit-image's CIELAB / CIEDE2000, tab20 and the colormaps from
# matplotlib (Debian python3-skimage, python3-matplotlib; skipped without).
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${SEGKIT_TESTS:?}/.." && pwd)
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import skimage, matplotlib' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "SKIP: no python3 with scikit-image and matplotlib"; exit 77; }
expect 0 "$PY" "$SRC/tests/gen/render_tables.py"
same "$TMP/out" "$SRC/src/render/tables.c"
has "$TMP/err" '^min pairwise 8\.2788'
finish
