# segkit-threshold local methods: option handling and hand-worked masks.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"

# a 5x1 8-bit PGM: 60 90 0 0 0.  Local mean, window 5, clip border:
# windows {60,90,0} {60,90,0,0} {60,90,0,0,0} {90,0,0,0} {0,0,0}
# means 50 37.5 30 22.5 0 -> v > mean: 255 255 0 0 0 (2 foreground)
printf 'P5\n5 1\n255\n\074\132\000\000\000' >"$TMP/in.pgm"
expect 0 "$T" -m mean --window 5 --c 0 --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 2[,}]'
has "$TMP/out" '"local": true'
# -m mean without --window stays global (ImageJ Mean): prints a threshold
expect 0 "$T" -m mean "$TMP/in.pgm"
has "$TMP/out" '^[0-9.]+$'
# symmetric: pixel 0 sees 90 60 | 60 90 0 -> mean 60, 60 > 60 no; pixel 1 sees
# 60 | 60 90 0 0 -> 42, yes; others as above -> 1 foreground
# (tests/cli/local_border.sh: reflect, and scikit-image's Sauvola)
expect 0 "$T" -m mean --window 5 --c 0 --border symmetric --json "$TMP/in.pgm"
has "$TMP/out" '"foreground": 1[,}]'
has "$TMP/out" '"border": "symmetric"'

# usage errors
expect 2 "$T" -m sauvola "$TMP/in.pgm"
has "$TMP/err" 'give OUT'
expect 2 "$T" -m otsu --window 5 "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --window does not apply to -m otsu$'
expect 2 "$T" -m hysteresis --low 5 --high 1 --json "$TMP/in.pgm"
has "$TMP/err" 'low'
expect 2 "$T" -m sauvola --opencv --json "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --opencv does not apply to -m sauvola$'
expect 2 "$T" -m sauvola --border wrap --json "$TMP/in.pgm"
expect 2 "$T" -m mean --window abc --json "$TMP/in.pgm"
# hysteresis, 7x1 [5 1 5 9 5 1 5], low 4 high 8: keeps x2..x4 (3 pixels)
printf 'P5\n7 1\n255\n\005\001\005\011\005\001\005' >"$TMP/h.pgm"
expect 0 "$T" -m hysteresis --low 4 --high 8 --json "$TMP/h.pgm"
has "$TMP/out" '"foreground": 3[,}]'
has "$TMP/out" '"connectivity": 4'
finish
