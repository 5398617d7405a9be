# segkit-threshold local methods against Doxa's reference outputs.  Expected
# foreground counts are the numbers of 1 (black) pixels in Doxa's own PBM
# files (../shared/data/doxa, counted from the files, not from segkit):
# Sauvola 52353, Niblack 52112, Wolf 53105.
. "$(dirname "$0")/lib.sh"
need_shared doxa/2JohnC1V3.ppm
T="$BIN/segkit-threshold"
D="$SEGKIT_SHARED_DATA/doxa"

expect 0 "$T" -m sauvola -w 27 --k 0.10 --gray doxa --fg dark --json "$D/2JohnC1V3.ppm" "$TMP/s.png"
has "$TMP/out" '"foreground": 52353[,}]'
has "$TMP/out" '"k": 0.1[,}]'
has "$TMP/out" '"r": 128[,}]'
has "$TMP/out" '"border": "clip"'
expect 0 "$T" -m niblack -w 223 --k -0.61 --gray doxa --fg dark --json "$D/2JohnC1V3.ppm"
has "$TMP/out" '"foreground": 52112[,}]'
expect 0 "$T" -m wolf -w 21 --k 0.18 --gray doxa --fg dark --json "$D/2JohnC1V3.ppm"
has "$TMP/out" '"foreground": 53105[,}]'
finish
