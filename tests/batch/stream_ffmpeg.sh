# Video frames through segkit as a Y4M stream, with Debian's ffmpeg on both
# sides (a generated lavfi testsrc2 video, 96x64, 6 frames):
#   ffmpeg -f yuv4mpegpipe - | segkit-threshold -m otsu - - | ffmpeg -f yuv4mpegpipe -i -
# ffmpeg reads the mask stream back: 6 frames, 96x64, gray, values 0/255
# only; every mask equals segkit-threshold's on that frame as a PGM file
# made by ffmpeg (-pix_fmt gray); --jsonl has one line per frame; the
# issue's mp4 -> mask.mp4 pipe works; a stream cut inside frame 4 gives
# frames 1-3, "frame 4: truncated" and exit 1.  Skips (77) without ffmpeg.
. "$(dirname "$0")/../cli/lib.sh"
for t in ffmpeg ffprobe python3; do
    if ! command -v $t >/dev/null; then
        echo "SKIP: $t not installed (Debian: apt-get install ffmpeg)"
        exit 77
    fi
done
TH=$BIN/segkit-threshold
FF="ffmpeg -nostdin -v error"
SRC="-f lavfi -i testsrc2=size=96x64:rate=5 -frames:v 6"
cd "$TMP" || exit 1
$FF $SRC -pix_fmt yuv420p -f yuv4mpegpipe in.y4m || { fail "ffmpeg cannot make the test video"; finish; exit 1; }

# the pipe, as the issue writes it
CHECKS=$((CHECKS + 1))
$FF -f yuv4mpegpipe -i in.y4m -f yuv4mpegpipe - |
    "$TH" -m otsu --jsonl=frames.jsonl - - 2>err |
    $FF -f yuv4mpegpipe -i - -f rawvideo -pix_fmt gray masks.raw
st=("${PIPESTATUS[@]}")
[ "${st[*]}" = "0 0 0" ] || { fail "pipe exit codes ${st[*]}"; cat err; }
has_size=$(stat -c %s masks.raw)
CHECKS=$((CHECKS + 1))
[ "$has_size" = $((96 * 64 * 6)) ] || fail "ffmpeg read back $has_size bytes, not 6 frames of 96x64"
# what ffmpeg says of the stream
"$TH" -m otsu - - <in.y4m >masks.y4m
expect 0 ffprobe -v error -count_frames -show_entries stream=width,height,pix_fmt,nb_read_frames \
    -of default=noprint_wrappers=1 masks.y4m
has "$TMP/out" "^width=96$"
has "$TMP/out" "^height=64$"
has "$TMP/out" "^pix_fmt=gray$"
has "$TMP/out" "^nb_read_frames=6$"
# values: only 0 and 255, some of each in every frame
python3 - <<'PY' || fail "mask values"
d = open("masks.raw", "rb").read()
n = 96 * 64
for k in range(6):
    f = d[k * n:(k + 1) * n]
    assert set(f) == {0, 255}, (k, sorted(set(f))[:5])
PY
CHECKS=$((CHECKS + 1))
# each frame's mask = the tool on that frame as a file (ffmpeg's gray PGM)
$FF -f yuv4mpegpipe -i in.y4m -pix_fmt gray -start_number 1 frame%d.pgm
for k in 1 2 3 4 5 6; do
    "$TH" -m otsu frame$k.pgm --format pgm - | tail -c $((96 * 64)) >file$k.raw
    dd if=masks.raw of=stream$k.raw bs=$((96 * 64)) skip=$((k - 1)) count=1 2>/dev/null
    same file$k.raw stream$k.raw
done
# --jsonl: a line per frame, in order, with the threshold
CHECKS=$((CHECKS + 1))
python3 - <<'PY' || fail "frames.jsonl: $(head -c 300 frames.jsonl)"
import json
rows = [json.loads(l) for l in open("frames.jsonl")]
assert [r["index"] for r in rows] == [1, 2, 3, 4, 5, 6]
assert all(r["status"] == "ok" and r["input"] == "-" for r in rows)
assert all("report" in r for r in rows)
PY

# the issue's command: an mp4 in, an mp4 of the masks out
enc=mpeg4
ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libx264 && enc=libx264
$FF $SRC -pix_fmt yuv420p -c:v $enc in.mp4
CHECKS=$((CHECKS + 1))
$FF -i in.mp4 -f yuv4mpegpipe - | "$TH" -m otsu - - | $FF -f yuv4mpegpipe -i - -c:v $enc mask.mp4 ||
    fail "mp4 -> segkit -> mp4 pipe failed"
expect 0 ffprobe -v error -count_frames -show_entries stream=width,height,nb_read_frames \
    -of default=noprint_wrappers=1 mask.mp4
has "$TMP/out" "^nb_read_frames=6$"
has "$TMP/out" "^width=96$"

# cut inside frame 4: three frames out, the error, exit 1
hdr=$(head -1 in.y4m | wc -c)
fsz=$((6 + 96 * 64 * 3 / 2))
head -c $((hdr + 3 * fsz + 100)) in.y4m >cut.y4m
expect 1 "$TH" -m otsu - - <cut.y4m
has "$TMP/err" "frame 4: truncated"
mv "$TMP/out" cut-masks.y4m
expect 0 ffprobe -v error -count_frames -show_entries stream=nb_read_frames \
    -of default=noprint_wrappers=1 cut-masks.y4m
has "$TMP/out" "^nb_read_frames=3$"
# one OUT file for a several-frame stream: refused before anything is written
expect 2 "$TH" -m otsu - one.png <in.y4m
has "$TMP/err" "several frames"
absent one.png
# -o TEMPLATE: a file per frame
expect 0 "$TH" -m otsu -o 'f/{index:3}.png' - <in.y4m
CHECKS=$((CHECKS + 1))
[ "$(ls f | tr '\n' ' ')" = "001.png 002.png 003.png 004.png 005.png 006.png " ] || fail "-o files: $(ls f)"
"$TH" -m otsu f/003.png --format pgm - | tail -c $((96 * 64)) >f3.raw  # 0/255 stays 0/255
same f3.raw stream3.raw
cd / && finish
