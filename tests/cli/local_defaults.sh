# segkit-threshold local defaults: a method without --window/--k/--c uses the
# documented defaults (docs/local-thresholds.md "Defaults", chosen there on
# DIBCO 2009), reports them in --json and lists them in --help.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"
P="${SEGKIT_DATA:?}/page.png"

expect 0 "$T" -m sauvola --fg dark --json=- "$P" "$TMP/d.png"
has "$TMP/out" '"window": 51[,}]'
has "$TMP/out" '"k": 0.25[,}]'
has "$TMP/out" '"r": 128[,}]'
expect 0 "$T" -m sauvola -w 51 --k 0.25 --r 128 --fg dark "$P" "$TMP/e.png"
same "$TMP/d.png" "$TMP/e.png"
# gaussian: W 301, C 40; bernsen: W 301, L 160; niblack k -1.2
expect 0 "$T" -m gaussian --fg dark --json=- "$P"
has "$TMP/out" '"window": 301[,}]'
has "$TMP/out" '"c": 40[,}]'
expect 0 "$T" -m bernsen --json=- "$P"
has "$TMP/out" '"window": 301[,}]'
has "$TMP/out" '"contrast": 160[,}]'
expect 0 "$T" -m niblack --json=- "$P"
has "$TMP/out" '"k": -1.2[,}]'
# --help lists each method's default window and parameter
expect 0 "$T" --help
has "$TMP/out" 'sauvola W 51 k 0.25'
has "$TMP/out" 'mean W 151 C 40'
has "$TMP/out" 'isauvola W 31 k 0.15'
finish
