# GNU parallel runs segkit on one host and across two "hosts" reached with
# --sshlogin (both an sshd this test starts on 127.0.0.1 at a free port,
# with its own host and user keys in the temp dir), with --transferfile,
# --return and --cleanup; the masks must equal the one-host run's byte for
# byte.  Then a run is killed (kill -9 of parallel's process group) halfway,
# with one input failing, and --joblog + --resume-failed finish it: every
# job succeeds exactly once in the joblog and the results equal the
# one-host run.  Skips (77) without parallel, rsync or openssh.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/lib_sshd.sh"
for tool in parallel rsync python3; do
    if ! command -v $tool >/dev/null; then
        echo "SKIP: $tool not installed (Debian: apt-get install parallel rsync openssh-server openssh-client)"
        exit 77
    fi
done
trap 'stop_sshd; [ -n "${SEGKIT_KEEP_TMP:-}" ] || rm -rf "$TMP"' EXIT
start_sshd "$TMP/ssh" || exit $?
export HOME=$TMP/home   # parallel's ~/.parallel, not the user's
mkdir -p "$HOME"
TH=$BIN/segkit-threshold

# 16 gray images with a bright disc of varying size on a noisy ramp
mkdir -p "$TMP/local/in" "$TMP/ref" "$TMP/remote"
python3 - "$TMP/local/in" <<'PY'
import random, sys
random.seed(14)
for i in range(16):
    w, h = 64 + i, 48
    cx, cy, r = 20 + i, 24, 6 + i % 9
    px = bytearray()
    for y in range(h):
        for x in range(w):
            v = 40 + x // 2 + random.randint(0, 20)
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                v = 180 + random.randint(0, 40)
            px.append(min(v, 255))
    with open(f"{sys.argv[1]}/a{i:02d}.pgm", "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h) + bytes(px))
PY
cd "$TMP/local" || exit 1

# one host: the reference
expect 0 parallel -j2 "$TH" -m otsu {} "$TMP/ref/{/.}.png" ::: in/*.pgm
n=$(ls "$TMP/ref" | wc -l)
CHECKS=$((CHECKS + 1)); [ "$n" = 16 ] || fail "one-host run wrote $n masks, not 16"
# the masks are masks: PNG, 0/255 (checked on one through segkit-threshold
# itself: a fixed threshold of a 0/255 image keeps it)
expect 0 "$TH" -m fixed --value 128 "$TMP/ref/a05.png" "$TMP/a05_again.png"
same "$TMP/ref/a05.png" "$TMP/a05_again.png"

# two hosts over ssh: inputs sent, masks returned, both cleaned up remotely
SSHP=(--ssh "ssh -F $SSH_CFG" -S 1/host1,1/host2 --wd "$TMP/remote")
expect 0 parallel "${SSHP[@]}" --transferfile {} --return {.}.mask.png --cleanup \
    --joblog "$TMP/jl1" "$TH -m otsu {} {.}.mask.png" ::: in/*.pgm
for f in in/*.pgm; do
    b=$(basename "$f" .pgm)
    same "$TMP/ref/$b.png" "in/$b.mask.png"
done
has "$TMP/jl1" "^[0-9]+[[:space:]]+host1[[:space:]]"
has "$TMP/jl1" "^[0-9]+[[:space:]]+host2[[:space:]]"
left=$(find "$TMP/remote" -type f 2>/dev/null | wc -l)
CHECKS=$((CHECKS + 1)); [ "$left" = 0 ] || { fail "--cleanup left $left files remotely:"; find "$TMP/remote" -type f | head -3; }
rm -f in/*.mask.png

# killed halfway, one job failing, then --resume-failed
cp in/a02.pgm "$TMP/a02.good"
printf 'P5\n64 48\n255\nshort' >in/a02.pgm     # a truncated file: job 3 fails
CMD="sleep 0.3; $TH -m otsu {} {.}.mask.png"
setsid parallel "${SSHP[@]}" --transferfile {} --return {.}.mask.png --cleanup \
    --joblog "$TMP/jl2" "$CMD" ::: in/*.pgm >"$TMP/run2.out" 2>&1 &
PAR=$!
for i in $(seq 300); do
    [ -f "$TMP/jl2" ] && [ "$(wc -l <"$TMP/jl2")" -ge 7 ] && break
    sleep 0.1
done
kill -9 -- -"$PAR" 2>/dev/null
wait "$PAR" 2>/dev/null
# the jobs in flight go on remotely (their sshd sessions are not in the
# killed process group): let them end before the resumed run transfers
CHECKS=$((CHECKS + 1)); wait_remote_idle 30 || fail "remote jobs still running 30 s after the kill"
done1=$(($(wc -l <"$TMP/jl2") - 1))
CHECKS=$((CHECKS + 1)); [ "$done1" -ge 6 ] && [ "$done1" -lt 16 ] || fail "killed run finished $done1 jobs, not 6..15"
has "$TMP/jl2" "^3[[:space:]].*[[:space:]]1[[:space:]]+0[[:space:]]+sleep"   # job 3 exit 1
cp "$TMP/a02.good" in/a02.pgm
expect 0 parallel "${SSHP[@]}" --transferfile {} --return {.}.mask.png --cleanup \
    --joblog "$TMP/jl2" --resume-failed "$CMD" ::: in/*.pgm
for f in in/*.pgm; do
    b=$(basename "$f" .pgm)
    same "$TMP/ref/$b.png" "in/$b.mask.png"
done
# the joblog: every job 1..16 succeeded exactly once; the job that failed
# ran twice (once failed, once after the fix); the jobs done before the
# kill were not run again
CHECKS=$((CHECKS + 1))
ok=$(awk 'NR > 1 && $7 == 0 && $8 == 0 { print $1 }' "$TMP/jl2" | sort -n | uniq -c | awk '$1 == 1' | wc -l)
[ "$ok" = 16 ] || { fail "joblog: $ok jobs succeeded exactly once, not 16"; cat "$TMP/jl2"; }
CHECKS=$((CHECKS + 1))
runs3=$(awk 'NR > 1 && $1 == 3' "$TMP/jl2" | wc -l)
[ "$runs3" = 2 ] || fail "job 3 ran $runs3 times, not 2"
CHECKS=$((CHECKS + 1))
total=$(($(wc -l <"$TMP/jl2") - 1))
[ "$total" = 17 ] || fail "joblog has $total runs, not 17 (16 jobs + the retried one)"
left=$(find "$TMP/remote" -type f 2>/dev/null | wc -l)
CHECKS=$((CHECKS + 1)); [ "$left" = 0 ] || { fail "--cleanup left $left files remotely:"; find "$TMP/remote" -type f | head -3; }
cd / && finish
