# Issue 8 section 9: SIGINT/SIGTERM/SIGHUP while an output is being written
# remove the temporary file (and leave an existing OUT untouched), and the
# tool dies of that signal (status 128 + N).  To catch the tool, for
# certain, with its temporary written but not yet renamed, rename() is
# replaced by one that never returns (tests/cli/stall_rename.c, preloaded).
. "$(dirname "$0")/lib.sh"

T=$BIN/segkit-threshold
SHIM=${SEGKIT_STALL_RENAME:-}
if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
    echo "SKIP: the stall_rename helper is not built (SEGKIT_STALL_RENAME=${SHIM:-unset})"
    exit 77
fi
cp "$SEGKIT_DATA/camera.png" "$TMP/in.png"

# stalled SIGNAL OUT ARGS...: runs `segkit-threshold -m otsu in.png ARGS` in
# the background (with the signals' default disposition: a background job of
# a script ignores SIGINT), waits until OUT's temporary exists, sends SIGNAL, and checks the
# exit status and that no temporary remains.
stalled() {
    local sig=$1 out=$2; shift 2
    # the sanitizer runtime need not come first when a helper is preloaded
    env --default-signal=INT,TERM,HUP LD_PRELOAD="$SHIM" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
        "$T" -m otsu "$TMP/in.png" "$@" 2>"$TMP/err" &
    local pid=$! i
    for i in $(seq 200); do # up to 20 s
        ls "$out".tmp-* >/dev/null 2>&1 && break
        sleep 0.1
    done
    CHECKS=$((CHECKS + 1))
    ls "$out".tmp-* >/dev/null 2>&1 || fail "$sig: no temporary appeared beside $out"
    kill -s "$sig" "$pid"
    wait "$pid"
    local got=$? want=$((128 + $(kill -l "$sig")))
    CHECKS=$((CHECKS + 1))
    [ "$got" = "$want" ] || fail "$sig: exit $got, expected $want"
    CHECKS=$((CHECKS + 1))
    local left
    left=$(ls "$out".tmp-* 2>/dev/null)
    [ -z "$left" ] || fail "$sig: temporary left behind: $left"
}

# a new file: nothing at all remains
stalled INT "$TMP/new.png" "$TMP/new.png"
absent "$TMP/new.png"
empty "$TMP/err"

# an existing file: untouched
printf 'old\n' >"$TMP/old.png"
cp "$TMP/old.png" "$TMP/old.orig"
stalled TERM "$TMP/old.png" "$TMP/old.png"
same "$TMP/old.png" "$TMP/old.orig"

# the --json report's temporary too (the image goes to a FIFO: written
# through, no rename, so the report is the first rename)
mkfifo "$TMP/fifo"
timeout 20 cat "$TMP/fifo" >/dev/null &
stalled HUP "$TMP/r.json" "$TMP/fifo" --json="$TMP/r.json" --format png
absent "$TMP/r.json"
wait
finish
