# Hostile inputs cost little (issue 8 section 9): small crafted files that
# claim huge images, lie about chunk lengths, stop early, have thousands of
# JPEG scans or never end are refused with exit 1, one message naming the
# limit or the problem, and no output -- under a 256 MB address-space limit
# (ulimit -v), so that a decoder that allocates what the file claims FAILS
# the test instead of only being slow.  (Sanitized builds reserve terabytes
# of address space: there the resident size must stay under 400 MB.)  Each
# crafted file has a benign twin built the same way that must decode, so a
# broken generator cannot pass for a working check.
# The files come from tests/cli/hostile_files.py (python3, standard library)
# and tests/gen/gen_progressive.c (libjpeg's encoder).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
TOOL=$BIN/segkit-threshold
H=$TMP/h
mkdir -p "$H"
python3 "$SEGKIT_TESTS/cli/hostile_files.py" "$H" || { echo "FAIL: generator"; exit 1; }

TIMEF=
[ -x /usr/bin/time ] && TIMEF=/usr/bin/time
# bounded CMD...: runs CMD with its memory bounded (see above).
bounded() {
    if [ "${SEGKIT_SANITIZED:-0}" = 1 ]; then
        if [ -n "$TIMEF" ]; then
            "$TIMEF" -f %M -o "$TMP/rss" "$@"
            local rc=$? kb
            kb=$(tail -n 1 "$TMP/rss")
            if [ "$kb" -gt 409600 ] 2>/dev/null; then
                echo "resident size $kb KB > 400 MB: $*" >>"$TMP/mem"
            fi
            return $rc
        fi
        "$@"
    else
        (ulimit -v 262144 && exec "$@")
    fi
}

# run FILE [OPTION...]: the tool on FILE, bounded, into an empty $TMP/o;
# sets GOT to its exit status.
run() {
    local file=$1; shift
    rm -rf "$TMP/o" "$TMP/mem" && mkdir "$TMP/o"
    bounded timeout 20 "$TOOL" -m fixed --value 100 "$@" "$file" "$TMP/o/out.png" \
        >"$TMP/stdout" 2>"$TMP/stderr"
    GOT=$?
}

# check_bad REGEX FILE [OPTION...]: exit 1, one stderr line
# "segkit-threshold: FILE: <reason>" with reason matching REGEX, no output
# file, within the memory bound.
check_bad() {
    local want=$1 file=$2 got; shift 2
    run "$file" "$@"
    got=$GOT
    CHECKS=$((CHECKS + 1))
    [ "$got" = 1 ] || { fail "$file: exit $got, expected 1"; sed 's/^/  /' "$TMP/stderr" | head -3; }
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$TMP/stderr")" = 1 ] || { fail "$file: stderr is not one line:"; head -3 "$TMP/stderr"; }
    CHECKS=$((CHECKS + 1))
    local prefix="segkit-threshold: $file: " line
    [ "$file" = - ] && prefix="segkit-threshold: (stdin): "
    line=$(head -n 1 "$TMP/stderr")
    case "$line" in
        "$prefix"*) printf '%s\n' "${line#"$prefix"}" | grep -Eq -- "$want" ||
                        fail "$file: message lacks /$want/: $line" ;;
        *) fail "$file: stderr does not start with '$prefix': $line" ;;
    esac
    CHECKS=$((CHECKS + 1))
    [ -z "$(ls -A "$TMP/o")" ] || fail "$file: output left behind: $(ls -A "$TMP/o")"
    CHECKS=$((CHECKS + 1))
    [ ! -s "$TMP/mem" ] || fail "$(cat "$TMP/mem")"
}

# check_ok FILE [OPTION...]: decodes (exit 0) within the memory bound.
check_ok() {
    local got
    run "$@"
    got=$GOT
    CHECKS=$((CHECKS + 1))
    [ "$got" = 0 ] || { fail "$1: exit $got, expected 0"; sed 's/^/  /' "$TMP/stderr" | head -3; }
    CHECKS=$((CHECKS + 1))
    [ ! -s "$TMP/mem" ] || fail "$(cat "$TMP/mem")"
}

TRUNC='^truncated image data$'
BUDGET='^decoding needs more memory than the memory budget \(see --max-memory\)$'
PIXELS='^image exceeds the pixel limit \(see --max-pixels\)$'
STB='^image exceeds the decoder library.s own size limit$'

# PNG: text/zTXt/iTXt/sPLT chunks claiming ~2 GB in an 88-byte file
for k in text ztxt itxt splt; do
    check_bad "$TRUNC" "$H/png_$k.bad.png"
done
check_ok "$H/png_text.ok.png"
# 64 zTXt chunks of 8 MB of zeros each (0.5 MB file): skipped unread
check_ok "$H/png_ztxt_bomb.ok.png"
# 16-bit RGBA 16384 x 16384 (2^28 pixels, allowed by the pixel limit): the
# 1 GiB budget refuses its 2 GiB
check_bad "$BUDGET" "$H/png_budget.bad.png"
check_ok "$H/png_budget.ok.png"
# ... and so does a budget given on the command line, for a real image
# (camera.png: 512 x 512 gray, 256 KiB decoded)
check_bad "$BUDGET" "$SEGKIT_DATA/camera.png" --max-memory 200K
check_ok "$SEGKIT_DATA/camera.png" --max-memory 1M
# more pixels than the pixel limit: the pixel limit's own message
check_bad "$PIXELS" "$H/png_budget.bad.png" --max-pixels 1000000

# GIF: a 16000 x 16000 screen with one 1x1 frame (35 bytes) needs 13 bytes
# per screen pixel in stb_image and our copy: 3.3 GB
check_bad "$BUDGET" "$H/gif_screen.bad.gif"
check_ok "$H/gif_screen.ok.gif"
check_bad "$TRUNC" "$H/gif_cut.bad.gif"
# 65535 x 65535 with the pixel limit and the budget raised: stb_image's own
# limit (its 4-byte canvas is sized in int), with its own message
check_bad "$STB" "$H/gif_stb.bad.gif" --max-pixels 10000000000 --max-memory 100G
check_bad "$PIXELS" "$H/gif_stb.bad.gif"
check_bad "$STB" "$H/bmp_stb.bad.bmp"

# TGA: an 18-byte RLE header claiming 16000 x 16000 with no pixel data, an
# RLE file one packet short, an uncompressed one a row short
check_bad "$TRUNC" "$H/tga_rle.bad.tga"
check_bad "$TRUNC" "$H/tga_rle_cut.bad.tga"
check_ok "$H/tga_rle.ok.tga"
check_bad "$TRUNC" "$H/tga_raw.bad.tga"
check_ok "$H/tga_raw.ok.tga"
# BMP (OS/2 header), PSD (raw and RLE), HDR (RLE: stb_image would spin for
# ever at the end of this one)
check_bad "$TRUNC" "$H/bmp_os2.bad.bmp"
check_ok "$H/bmp_os2.ok.bmp"
# BMP palette indices past the palette, or no palette: stb_image would
# fill the image from uninitialized stack memory
check_bad '^corrupt image data$' "$H/bmp_palette.bad.bmp"
check_bad '^corrupt image data$' "$H/bmp_nopalette.bad.bmp"
check_ok "$H/bmp_palette.ok.bmp"
check_bad "$TRUNC" "$H/psd_raw.bad.psd"
check_ok "$H/psd_raw.ok.psd"
check_bad "$TRUNC" "$H/psd_rle.bad.psd"
check_ok "$H/psd_rle.ok.psd"
check_bad "$TRUNC" "$H/hdr_rle.bad.hdr"
check_ok "$H/hdr_rle.ok.hdr"

# JPEG: the longest valid progression of a gray image has 704 scans; the
# limit is 500.  The first 10 of the same scans decode.
GEN=${SEGKIT_GEN:?}/gen_progressive
"$GEN" "$H/scans704.jpg" 64 64 1 10000 && "$GEN" "$H/scans10.jpg" 64 64 1 10 ||
    fail "gen_progressive failed"
check_bad '^progressive JPEG has more scans than the scan limit$' "$H/scans704.jpg"
check_ok "$H/scans10.jpg"

# Inputs that never end, or are 4 GB of nothing: the header decides at once.
check_bad '^unknown image format$' /dev/zero
yes | check_bad '^unknown image format$' -
head -c 33 "$H/png_text.ok.png" >"$H/ihdr"   # signature + IHDR (1x1 gray)
cat "$H/ihdr" /dev/zero | check_bad '^corrupt image data$' -
truncate -s 4G "$H/sparse.raw" 2>/dev/null && check_bad '^unknown image format$' "$H/sparse.raw"
rm -f "$H/sparse.raw"
cp "$H/ihdr" "$H/sparse.png" && truncate -s 4G "$H/sparse.png" 2>/dev/null &&
    check_bad '^corrupt image data$' "$H/sparse.png"
rm -f "$H/sparse.png"
# a valid image followed by an endless stream: the image is read
cat "$SEGKIT_DATA/camera.png" /dev/zero | check_ok -

# --max-memory takes a size
expect 2 "$TOOL" -m otsu --max-memory 0 "$SEGKIT_DATA/camera.png" "$TMP/x.png"
has "$TMP/err" "^segkit-threshold: --max-memory: '0' is not a size"
expect 2 "$TOOL" -m otsu --max-memory 12Q "$SEGKIT_DATA/camera.png" "$TMP/x.png"
expect 0 "$TOOL" -m otsu --max-memory 1.5m "$SEGKIT_DATA/camera.png" "$TMP/x.png"
expect 0 "$TOOL" -m otsu --max-memory 2MiB "$SEGKIT_DATA/camera.png" "$TMP/x.png"

# segkit-metrics: semantic metrics take at most 2048 classes, and say so
M=$BIN/segkit-metrics
expect 1 "$M" --task semantic "$H/labels3000.pgm" "$H/labels3000.pgm"
has "$TMP/err" 'more distinct classes than the metric supports \(semantic: at most 2048\)'
expect 0 "$M" --task semantic "$H/labels2000.pgm" "$H/labels2000.pgm"
finish
