# Bad inputs to segkit-threshold: every one of PngSuite's 14 corrupt files,
# an empty file, two truncated JPEGs, a text file and a PNG whose IHDR claims
# 100000 x 100000 pixels.  Each must give exit 1, exactly one stderr line
# "segkit-threshold: FILE: <reason>", and leave the output directory empty
# (no output, no temporary).  The huge PNG must fail fast, naming the pixel
# limit.
. "$(dirname "$0")/lib.sh"
D=${SEGKIT_TESTS:?}/data/malformed   # PngSuite and libjpeg-turbo files that ship
TOOL=$BIN/segkit-threshold

# check_bad FILE [REGEX]: the run fails as described above; REGEX (optional)
# must match the message after "segkit-threshold: FILE: ".
check_bad() {
    local file=$1 want=${2:-}
    local out="$TMP/outdir"
    rm -rf "$out" && mkdir "$out"
    CHECKS=$((CHECKS + 1))
    timeout 20 "$TOOL" -m fixed --value 100 "$file" "$out/out.png" \
        >"$TMP/stdout" 2>"$TMP/stderr"
    local got=$?
    [ "$got" = 1 ] || fail "$file: exit $got, expected 1"
    CHECKS=$((CHECKS + 1))
    local lines
    lines=$(wc -l <"$TMP/stderr")
    [ "$lines" = 1 ] || { fail "$file: $lines stderr lines, expected 1:"; head -5 "$TMP/stderr" | sed 's/^/  /'; }
    CHECKS=$((CHECKS + 1))
    local line prefix="segkit-threshold: $file: "
    line=$(head -n 1 "$TMP/stderr")
    case "$line" in
        "$prefix"?*) ;;
        *) fail "$file: stderr does not start with '$prefix': $line" ;;
    esac
    if [ -n "$want" ]; then
        CHECKS=$((CHECKS + 1))
        printf '%s\n' "${line#"$prefix"}" | grep -Eq -- "$want" ||
            fail "$file: message lacks /$want/: $line"
    fi
    CHECKS=$((CHECKS + 1))
    local left
    left=$(ls -A "$out")
    [ -z "$left" ] || fail "$file: output directory not empty: $left"
    empty "$TMP/stdout"
}

n=0
for f in "$D"/pngsuite/corrupt/*.png; do
    check_bad "$f"
    n=$((n + 1))
done
CHECKS=$((CHECKS + 1))
[ "$n" = 14 ] || fail "found $n corrupt PngSuite files, expected 14"

: >"$TMP/empty.png"
check_bad "$TMP/empty.png"

head -c 3000 "$D/libjpeg-turbo/testorig.jpg" >"$TMP/cut.jpg"
check_bad "$TMP/cut.jpg" 'truncat'
# the first half of data/coins.png as a JPEG (tests/data/README.md)
check_bad "$SEGKIT_TESTS/data/truncated/coins-half.jpg" 'truncat'

printf 'This is a text file, not an image.\n' >"$TMP/text.png"
check_bad "$TMP/text.png" 'format'

# PNG signature, IHDR 100000 x 100000 8-bit RGB with a valid CRC (computed
# with gzip, whose trailer holds the CRC-32 of its input, little-endian), an
# empty IDAT and IEND (their CRCs computed the same way).
crc() { gzip -c | tail -c 8 | head -c 4 | od -An -tx1 |
        awk '{ printf "\\x%s\\x%s\\x%s\\x%s", $4, $3, $2, $1 }'; }
ihdr='IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00'
{
    printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0d'
    printf "$ihdr"
    printf "$(printf "$ihdr" | crc)"
    printf '\x00\x00\x00\x00IDAT'
    printf "$(printf 'IDAT' | crc)"
    printf '\x00\x00\x00\x00IEND'
    printf "$(printf 'IEND' | crc)"
} >"$TMP/huge.png"
CHECKS=$((CHECKS + 1))
[ "$(wc -c <"$TMP/huge.png")" = 57 ] || fail "huge.png is not 57 bytes"
start=$(date +%s)
check_bad "$TMP/huge.png" 'pixel limit'
CHECKS=$((CHECKS + 1))
[ $(($(date +%s) - start)) -le 5 ] || fail "huge.png took more than 5 s"

finish
