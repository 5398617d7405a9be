# segkit-threshold local methods against Doxa's reference outputs.  Expected
# foreground counts are the numbers of 1 (black) pixels in Doxa's own PBM
# files (../shared/data/doxa, counted from the files, not from segkit):
# Sauvola 52353, Niblack 52112, Wolf 53105.  The input is Doxa's
# 2JohnC1V3.ppm as the lossless PNG tests/data ships (the same pixels,
# tests/data/README.md).
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"
IN="${SEGKIT_TESTS:?}/data/doxa/2JohnC1V3.png"

expect 0 "$T" -m sauvola -w 27 --k 0.10 --gray doxa --fg dark --json "$IN" "$TMP/s.png"
has "$TMP/out" '"foreground": 52353[,}]'
has "$TMP/out" '"k": 0.1[,}]'
has "$TMP/out" '"r": 128[,}]'
has "$TMP/out" '"border": "clip"'
# pixel for pixel Doxa's own Sauvola output (PBM: 1 = black = text)
expect 0 "$BIN/segkit-metrics" --json --fg-gt zero "$TMP/s.png" \
    "$SEGKIT_TESTS/data/doxa/2JohnC1V3-Sauvola.pbm"
has "$TMP/out" '"aggregate": \{[^}]*"tp": 52353, "fp": 0, "fn": 0,'
expect 0 "$T" -m niblack -w 223 --k -0.61 --gray doxa --fg dark --json "$IN"
has "$TMP/out" '"foreground": 52112[,}]'
expect 0 "$T" -m wolf -w 21 --k 0.18 --gray doxa --fg dark --json "$IN"
has "$TMP/out" '"foreground": 53105[,}]'
finish
