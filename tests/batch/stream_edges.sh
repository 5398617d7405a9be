# Edge cases of frame streams and template outputs (issue 14):
# - a Y4M output stream whose first frame fails still starts with its stream
#   header (written once, with the first frame that is written); when every
#   frame fails the output is empty;
# - a stream of several frames with one OUT file (or a -o without
#   placeholder) is refused before anything is written (exit 2); one frame
#   to one file works;
# - --json FILE with a stream of several frames is refused (exit 2, pointing
#   at --jsonl) before anything is written; with one frame it is the report;
# - a failed --overlay write in a template directory says
#   "tool: path: reason", and the input's output is removed (the input
#   failed: --skip-existing will redo it).
. "$(dirname "$0")/../cli/lib.sh"
TH=$BIN/segkit-threshold
cd "$TMP" || exit 1
# three 8x6 Y4M frames (C420jpeg, limited range), a bright square in each;
# and masks for --mask 'mk/{index}.pgm' for frames 2 and 3 only
python3 - <<'PY'
W, H = 8, 6
out = [b"YUV4MPEG2 W8 H6 F25:1 Ip A1:1 C420jpeg\n"]
for f in range(3):
    y = bytes(200 if 2 <= x <= 5 and 1 <= r <= 4 else 40 for r in range(H) for x in range(W))
    out.append(b"FRAME\n" + y + bytes([128]) * (2 * (W // 2) * (H // 2)))
open("t.y4m", "wb").write(b"".join(out))
open("a.pgm", "wb").write(b"P5\n8 6\n255\n" + bytes(range(48)))
open("b.pgm", "wb").write(b"P5\n8 6\n255\n" + bytes(range(100, 148)))
PY
mkdir mk
for i in 2 3; do printf 'P5\n8 6\n255\n' >mk/$i.pgm; head -c 48 /dev/zero | tr '\0' '\377' >>mk/$i.pgm; done

# frame 1 fails (no mk/1.pgm): the output is still a Y4M stream of 2 frames
expect 1 "$TH" -m otsu --mask 'mk/{index}.pgm' - - <t.y4m
has err '^segkit-threshold: mk/1.pgm: No such file or directory$'
CHECKS=$((CHECKS + 1))
python3 - "$TMP/out" <<'PY' || fail "output is not a 2-frame Y4M stream with one header"
import sys
d = open(sys.argv[1], "rb").read()
head, _, rest = d.partition(b"\n")
assert head.startswith(b"YUV4MPEG2 W8 H6 ") and b" Cmono" in head, head
frame = b"FRAME\n" + 48 * b"x"
assert len(rest) == 2 * len(frame), len(rest)
assert rest.count(b"YUV4MPEG2") == 0
for k in range(2):
    f = rest[k * len(frame):(k + 1) * len(frame)]
    assert f.startswith(b"FRAME\n"), f[:8]
    # Otsu between 40 and 200 (limited range expanded): the square is 255
    px = f[6:]
    assert px[1 * 8 + 2] == 255 and px[0] == 0, list(px[:16])
PY
if command -v ffprobe >/dev/null; then
    CHECKS=$((CHECKS + 1))
    n=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$TMP/out")
    [ "$n" = 2 ] || fail "ffprobe reads $n frames, expected 2"
fi
# every frame fails: nothing at all on stdout
rm mk/2.pgm mk/3.pgm
expect 1 "$TH" -m otsu --mask 'mk/{index}.pgm' - - <t.y4m
empty "$TMP/out"

# several frames, one OUT file: refused before anything is written
expect 2 "$TH" -m otsu - one.png <t.y4m
has err "^segkit-threshold: one.png: standard input holds several frames: write them to a stream \(OUT -\) or name one file each with -o TEMPLATE"
absent one.png
cat a.pgm b.pgm >ab.pgm
expect 2 "$TH" -m otsu -o one.png - <ab.pgm
absent one.png
expect 2 "$TH" -m otsu --jsonl=r.jsonl - one.png <ab.pgm
absent one.png
absent r.jsonl
# one frame on stdin to one file: as always
expect 0 "$TH" -m otsu - one.png <a.pgm
CHECKS=$((CHECKS + 1))
[ -s one.png ] || fail "one frame to one.png: no output"

# --json with several frames: refused, nothing written; one frame: the report
expect 2 "$TH" -m otsu --json=r.json - - <t.y4m
has err '^segkit-threshold: --json reports one image and standard input holds several frames: give --jsonl\[=FILE\] for one line per frame$'
empty "$TMP/out"
absent r.json
expect 2 "$TH" -m otsu --json - - <ab.pgm
empty "$TMP/out"
expect 0 "$TH" -m otsu --json=r.json - - <a.pgm
has r.json '"method": "otsu"'
CHECKS=$((CHECKS + 1))
[ "$(wc -l <r.json)" = 1 ] || fail "--json of one frame: one document"
expect 0 "$TH" -m otsu --jsonl=r.jsonl - - <ab.pgm
CHECKS=$((CHECKS + 1))
[ "$(wc -l <r.jsonl)" = 2 ] || fail "--jsonl of two frames: two lines"

# --overlay into a template directory that cannot be made: tool: path: reason,
# and no mask left for the failed inputs (files and frames)
: >blocker
expect 1 "$TH" -m otsu -o 'm/{stem}.png' --overlay 'blocker/sub/{stem}.png' a.pgm b.pgm
has err '^segkit-threshold: blocker/sub/a.png: Not a directory$'
has err '^segkit-threshold: blocker/sub/b.png: Not a directory$'
absent m/a.png
absent m/b.png
expect 1 "$TH" -m otsu --jsonl=o.jsonl -o 'f/{index}.png' --overlay 'blocker/sub/{index}.png' - <ab.pgm
has err '^segkit-threshold: blocker/sub/2.png: Not a directory$'
has o.jsonl '"index": 1, .*"status": "failed", "error": "blocker/sub/1.png: Not a directory"'
absent f/1.png
absent f/2.png
# one input: the same
expect 1 "$TH" -m otsu --overlay blocker/x.png a.pgm m1.png
has err '^segkit-threshold: blocker/x.png: Not a directory$'
absent m1.png
# --skip-existing then redoes the failed inputs
expect 0 "$TH" -m otsu -o 'm/{stem}.png' --overlay 'ov/{stem}.png' --skip-existing a.pgm b.pgm
CHECKS=$((CHECKS + 1))
[ -s m/a.png ] && [ -s m/b.png ] && [ -s ov/a.png ] && [ -s ov/b.png ] || fail "rerun: outputs missing"
finish
