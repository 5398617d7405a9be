# segkit-threshold --border: numpy's reflect (edge not repeated) and
# symmetric (edge repeated), hand-worked, and scikit-image's Sauvola.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"

# 5x1 [60 90 0 0 0], local mean W 5 (numpy.pad(a, 2, mode) by hand):
#   reflect   0 90 | 60 90 0 0 0 | 0 0  means 48 48 30 18 0 -> 255 255 0 0 0
#   symmetric 90 60 | 60 90 0 0 0 | 0 0 means 60 42 30 18 0 -> 0 255 0 0 0
printf 'P5\n5 1\n255\n\074\132\000\000\000' >"$TMP/in.pgm"
expect 0 "$T" -m mean --window 5 --c 0 --border reflect --json=- "$TMP/in.pgm" "$TMP/r.pgm"
has "$TMP/out" '"foreground": 2[,}]'
has "$TMP/out" '"border": "reflect"'
printf 'P5\n5 1\n255\n\377\377\000\000\000' >"$TMP/want_r.pgm"
same "$TMP/r.pgm" "$TMP/want_r.pgm"
expect 0 "$T" -m mean --window 5 --c 0 --border symmetric --json=- "$TMP/in.pgm" "$TMP/s.pgm"
has "$TMP/out" '"foreground": 1[,}]'
printf 'P5\n5 1\n255\n\000\377\000\000\000' >"$TMP/want_s.pgm"
same "$TMP/s.pgm" "$TMP/want_s.pgm"

# scikit-image 0.19.3 (Debian python3-skimage), no segkit involved:
#   img = skimage.io.imread('data/camera.png')
#   T = skimage.filters.threshold_sauvola(img, window_size=31)  # k 0.2, r 127.5
#   int((img > T).sum()), int((img <= T).sum())   ->   218448, 43696
# threshold_sauvola pads with numpy.pad(mode='reflect'): segkit's reflect.
C="${SEGKIT_DATA:?}/camera.png"
expect 0 "$T" -m sauvola -w 31 --k 0.2 --r 127.5 --border reflect --json=- "$C"
has "$TMP/out" '"foreground": 218448[,}]'
expect 0 "$T" -m sauvola -w 31 --k 0.2 --r 127.5 --border reflect --fg dark --json=- "$C"
has "$TMP/out" '"foreground": 43696[,}]'
finish
