# Issue 8 section 5: output formats.  PBM is a real P4 bitmap (1 = black, a
# mask's foreground black), PAM a real P7 with TUPLTYPE, JPEG is written
# through libjpeg-turbo for whoever asks for it (masks only with --format
# jpeg), unknown extensions name the supported formats, and the --format
# list of --help is the one the tools accept.  Expected bytes are worked out
# by hand from the netpbm format pages (pbm(5), pam(5)); netpbm's own tools
# and OpenCV read the files back where they are installed.
. "$(dirname "$0")/lib.sh"

T=$BIN/segkit-threshold
# 10 x 2, values 0 and 200; -m fixed --value 100 makes 200 foreground (255)
cat >"$TMP/in.pgm" <<'PGM'
P2
10 2
255
0 0 200 200 0 200 0 0 200 200
200 200 200 200 200 200 200 200 200 0
PGM
# the mask, row by row (1 = foreground):
#   0 0 1 1 0 1 0 0 1 1   -> bits 00110100 11000000 = 0x34 0xc0
#   1 1 1 1 1 1 1 1 1 0   -> bits 11111111 10000000 = 0xff 0x80
printf 'P4\n10 2\n\064\300\377\200' >"$TMP/want.pbm"
{
    printf 'P7\nWIDTH 10\nHEIGHT 2\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n'
    printf '\000\000\377\377\000\377\000\000\377\377'
    printf '\377\377\377\377\377\377\377\377\377\000'
} >"$TMP/want.pam"

# ---- PBM: P4, foreground black
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.pbm"
same "$TMP/o.pbm" "$TMP/want.pbm"
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.PBM"
same "$TMP/o.PBM" "$TMP/want.pbm"
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" - --format pbm
same "$TMP/out" "$TMP/want.pbm"

# ---- PAM: P7 with TUPLTYPE
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.pam"
same "$TMP/o.pam" "$TMP/want.pam"
# .pgm stays plain P5
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.pgm"
has "$TMP/o.pgm" '^P5$'

# netpbm reads them as it should
if command -v pamfile >/dev/null && command -v pnmtoplainpnm >/dev/null; then
    expect 0 pamfile "$TMP/o.pbm"
    has "$TMP/out" 'PBM raw, 10 by 2'
    expect 0 pnmtoplainpnm "$TMP/o.pbm"
    tr -s ' \n' ' ' <"$TMP/out" >"$TMP/plain"
    has "$TMP/plain" '^P1 10 2 0011010011 1111111110 ?$'
    expect 0 pamfile "$TMP/o.pam"
    has "$TMP/out" 'PAM, 10 by 2 by 1 maxval 255'
    has "$TMP/out" 'Tuple type: GRAYSCALE'
else
    echo "note: netpbm (pamfile, pnmtoplainpnm) not installed: skipped its checks"
fi

# ---- JPEG: refused for a mask unless --format jpeg asks for it
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.jpg"
has "$TMP/err" "^segkit-threshold: $TMP/o.jpg: JPEG is lossy .*--format jpeg"
absent "$TMP/o.jpg"
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.jpeg"
absent "$TMP/o.jpeg"
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.jpg" --format jpeg
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/q.jpg" --format jpeg --quality 100
expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" - --format jpg
CHECKS=$((CHECKS + 1))
[ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = ffd8ff ] ||
    fail "stdout --format jpg does not start with a JPEG SOI marker"
# --quality: 1..100, and only for JPEG output
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.png" --quality 80
has "$TMP/err" '--quality applies to JPEG output'
absent "$TMP/o.png"
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.jpg" --format jpeg --quality 0
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.jpg" --format jpeg --quality 101

# OpenCV reads what we wrote (the python3 that has cv2)
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import cv2' 2>/dev/null; then PY=$p; break; fi
done
if [ -n "$PY" ]; then
    # cv2 gives intensities: a PBM 1 bit (black) is 0, so the mask inverted;
    # the PAM as stored; the JPEG at quality 100 within a few levels
    expect 0 "$PY" - "$TMP" <<'PYEOF'
import sys, cv2, numpy as np
d = sys.argv[1]
mask = np.array([[0, 0, 255, 255, 0, 255, 0, 0, 255, 255],
                 [255, 255, 255, 255, 255, 255, 255, 255, 255, 0]], np.uint8)
pbm = cv2.imread(d + "/o.pbm", cv2.IMREAD_UNCHANGED)
assert pbm is not None and (pbm == 255 - mask).all(), pbm
pam = cv2.imread(d + "/o.pam", cv2.IMREAD_UNCHANGED)
assert pam is not None and (pam == mask).all(), pam
jpg = cv2.imread(d + "/q.jpg", cv2.IMREAD_UNCHANGED)
assert jpg is not None and jpg.shape == (2, 10) and jpg.dtype == np.uint8, jpg
assert np.abs(jpg.astype(int) - mask).max() <= 8, jpg
PYEOF
else
    echo "note: no python3 with cv2: skipped the OpenCV read-back"
fi

# ---- unknown extensions name the supported formats
for ext in tif webp; do
    expect 1 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.$ext"
    has "$TMP/err" "^segkit-threshold: $TMP/o.$ext: unknown output format '.$ext' \(supported: \.png .*\.pbm .*\.pam .*\.jpg"
    absent "$TMP/o.$ext"
done

# ---- the --format list of --help is what --format accepts and what the
# messages list
"$T" --help >"$TMP/help"
names=$(grep -A1 -- '--format FMT' "$TMP/help" | tail -1 | xargs)
for n in png pbm pam jpeg; do
    CHECKS=$((CHECKS + 1))
    case " $names " in *" $n "*) ;; *) fail "--help format list '$names' lacks $n" ;; esac
done
# (pfm holds float maps, rgbid int32 ids: not this 8-bit mask)
for n in $names; do
    case $n in pfm | rgbid) continue ;; esac
    expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/noext" --format "$n"
    expect 0 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/x.$n" --format jpeg
done
expect 2 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/noext" --format tif
has "$TMP/err" "unknown format 'tif' \($names\)"
expect 1 "$T" -m fixed --value 100 "$TMP/in.pgm" "$TMP/o.tif"
# every name but rgbid (a PNG flavour, --format only) is an extension
dotted=$(printf '.%s ' $names | sed 's/ \.rgbid//; s/ $//')
has "$TMP/err" "\(supported: $dotted; or --format FMT\)"

finish
