# Issue 8 section 1: writing an output never destroys what is at the path.
# Every case runs as the current user and, when that is root, again as
# `nobody` (setpriv) in a world-writable scratch directory under /tmp.  The
# expected behaviour is GNU cp / sort -o / sed -i's:
#   device, FIFO, /dev/stdout, /proc/self/fd/N  -> written through, stays what it is
#   symlink (absolute, relative, chain, dangling) -> stays a link, its target gets the bytes
#   regular file -> replaced, keeps its mode; refused (exit 1, "Permission
#                   denied", unchanged) when the caller may not write it
# The real /dev/null is never touched: a null device node is made with
# mknod in the scratch directory (root only).
. "$(dirname "$0")/lib.sh"

T=$BIN/segkit-threshold
S=$(mktemp -d /tmp/segkit-outsafe-XXXXXX)
trap 'rm -rf "$TMP" "$S"' EXIT
chmod 0777 "$S" # world-writable, no sticky bit: nobody may replace files here
cp "$SEGKIT_DATA/camera.png" "$S/in.png"
chmod 0644 "$S/in.png"

# The expected bytes: the same run written to fresh files (the report names
# the image output, so every --json case below writes its image to $S/j.png).
"$T" -m otsu "$S/in.png" "$S/j.png" --json="$S/ref.json" >/dev/null 2>&1 ||
    fail "reference run failed"
cp "$S/j.png" "$S/ref.png"
chmod 0666 "$S/j.png"
[ -s "$S/ref.png" ] && [ -s "$S/ref.json" ] || fail "reference outputs are empty"

NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
is_root() { [ "$(id -u)" = 0 ]; }
mode_of() { stat -c %a "$1"; }
owner_of() { stat -c %U "$1"; }
check() { # check DESCRIPTION TEST...
    local what=$1; shift
    CHECKS=$((CHECKS + 1))
    "$@" || fail "$what"
}

# /dev/stdout must stay the symlink it is.  A broken writer running as root
# replaces it with a file, which would break the machine for everyone: put
# it back, and fail.
stdout_intact() {
    CHECKS=$((CHECKS + 1))
    if [ ! -L /dev/stdout ]; then
        fail "/dev/stdout is no longer a symlink (restored)"
        ln -sfn /proc/self/fd/1 /dev/stdout
    fi
}

# cases WHO RUN...: the cases every user must get right, run through RUN
# (nothing, or setpriv to nobody).  Files are made by the test (root or the
# user) unless said otherwise.
cases() {
    local who=$1; shift
    local D="$S/$who"
    mkdir -p "$D" && chmod 0777 "$D"
    local as=("$@")

    # a new file
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/new.png"
    same "$D/new.png" "$S/ref.png"

    # an existing regular file is replaced and keeps its mode (0640 is not
    # what the umask would give)
    printf 'old\n' >"$D/keep.png"
    chmod 0666 "$D/keep.png"
    [ "$who" = self ] && chmod 0640 "$D/keep.png"
    local mode
    mode=$(mode_of "$D/keep.png")
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/keep.png"
    same "$D/keep.png" "$S/ref.png"
    check "$who: keep.png mode $(mode_of "$D/keep.png"), was $mode" \
        [ "$(mode_of "$D/keep.png")" = "$mode" ]

    # absolute symlink: stays a link, its target gets the image
    printf 'old\n' >"$D/abs-target.png"
    chmod 0666 "$D/abs-target.png"
    ln -s "$D/abs-target.png" "$D/abs.png"
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/abs.png"
    check "$who: abs.png is no longer a symlink" [ -L "$D/abs.png" ]
    same "$D/abs-target.png" "$S/ref.png"

    # relative symlink, resolved against the link's directory (run from
    # another directory so that the cwd would give the wrong answer)
    mkdir -p "$D/a" "$D/b" && chmod 0777 "$D/a" "$D/b"
    ln -s ../b/rel-target.png "$D/a/rel.png"
    expect 0 "${as[@]}" sh -c 'cd "$1" && exec "$2" -m otsu "$3" a/rel.png' sh \
        "$D" "$T" "$S/in.png"
    check "$who: a/rel.png is no longer a symlink" [ -L "$D/a/rel.png" ]
    same "$D/b/rel-target.png" "$S/ref.png"
    absent "$D/a/b"

    # a chain: chain.png -> a/rel.png -> ../b/rel-target.png (existing now)
    printf 'old\n' >"$D/b/rel-target.png"
    chmod 0666 "$D/b/rel-target.png"
    ln -s a/rel.png "$D/chain.png"
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/chain.png"
    check "$who: chain.png is no longer a symlink" [ -L "$D/chain.png" ]
    check "$who: a/rel.png is no longer a symlink" [ -L "$D/a/rel.png" ]
    same "$D/b/rel-target.png" "$S/ref.png"

    # a FIFO receives the bytes and stays a FIFO (the reader gives up after
    # 20 s so that a broken writer cannot hang the test)
    mkfifo -m 0666 "$D/fifo"
    timeout 20 cat "$D/fifo" >"$TMP/fifo.got" &
    local reader=$!
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/fifo" --format png
    wait "$reader"
    check "$who: fifo is no longer a FIFO" [ -p "$D/fifo" ]
    same "$TMP/fifo.got" "$S/ref.png"

    # /dev/stdout and /proc/self/fd/1 through a pipe: the bytes arrive
    CHECKS=$((CHECKS + 1))
    local n
    n=$("${as[@]}" "$T" -m otsu "$S/in.png" /dev/stdout --format png | wc -c)
    [ "$n" -gt 0 ] || fail "$who: /dev/stdout | wc -c gave $n"
    "${as[@]}" "$T" -m otsu "$S/in.png" /dev/stdout --format png | cat >"$TMP/stdout.got"
    same "$TMP/stdout.got" "$S/ref.png"
    "${as[@]}" "$T" -m otsu "$S/in.png" /proc/self/fd/1 --format png | cat >"$TMP/fd1.got"
    same "$TMP/fd1.got" "$S/ref.png"
    stdout_intact

    # the --json=FILE report follows the same rules
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$S/j.png" --json="$D/abs.png"
    check "$who: abs.png (json) is no longer a symlink" [ -L "$D/abs.png" ]
    same "$D/abs-target.png" "$S/ref.json"
    mkfifo -m 0666 "$D/jfifo"
    timeout 20 cat "$D/jfifo" >"$TMP/jfifo.got" &
    reader=$!
    expect 0 "${as[@]}" "$T" -m otsu "$S/in.png" "$S/j.png" --json="$D/jfifo"
    wait "$reader"
    check "$who: jfifo is no longer a FIFO" [ -p "$D/jfifo" ]
    same "$TMP/jfifo.got" "$S/ref.json"
    "${as[@]}" "$T" -m otsu "$S/in.png" "$S/j.png" --json=/dev/stdout | cat >"$TMP/json.got"
    same "$TMP/json.got" "$S/ref.json"
    stdout_intact

    # a directory as OUT: an error, nothing created beside it
    mkdir -p "$D/dir.png"
    expect 1 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/dir.png"
    has "$TMP/err" "^segkit-threshold: $D/dir.png: Is a directory$"

    # a socket file cannot be opened for writing: an error, and it stays
    if command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
            "$D/sock.png" 2>/dev/null; then
        chmod 0777 "$D/sock.png"
        expect 1 "${as[@]}" "$T" -m otsu "$S/in.png" "$D/sock.png"
        has "$TMP/err" "^segkit-threshold: $D/sock.png: No such device or address$"
        check "$who: sock.png is no longer a socket" [ -S "$D/sock.png" ]
    else
        echo "note: python3 cannot make a unix socket: skipped the socket case"
    fi

    # no temporary is left anywhere
    CHECKS=$((CHECKS + 1))
    local left
    left=$(find "$D" -name '*.tmp-*' | head -3)
    [ -z "$left" ] || fail "$who: temporaries left behind: $left"
}

# ---- the caller may not write the file: refused, unchanged
# As the current user: our own 0444 file (W_OK fails for its owner too,
# unless we are root, who may write anything, as with cp).
printf 'read-only\n' >"$S/ro.png"
chmod 0444 "$S/ro.png"
cp -p "$S/ro.png" "$TMP/ro.orig"
if is_root; then
    # root may: replaced, still 0444, still a regular file
    expect 0 "$T" -m otsu "$S/in.png" "$S/ro.png"
    same "$S/ro.png" "$S/ref.png"
    check "root: ro.png mode $(mode_of "$S/ro.png")" [ "$(mode_of "$S/ro.png")" = 444 ]
else
    expect 1 "$T" -m otsu "$S/in.png" "$S/ro.png"
    has "$TMP/err" "^segkit-threshold: $S/ro.png: Permission denied$"
    same "$S/ro.png" "$TMP/ro.orig"
fi

cases self

if ! is_root; then
    echo "note: not root: skipped the device-node case (mknod) and the cases run as nobody"
    finish
    exit
fi

# ---- root only: a character device (1,3 = null) stays a device
# (skipped where devices cannot be made or used: no CAP_MKNOD, /tmp nodev)
HAVE_NULL=0
if mknod -m 0666 "$S/null" c 1 3 2>/dev/null && : 2>/dev/null >"$S/null" &&
    [ -c "$S/null" ]; then
    HAVE_NULL=1
    expect 0 "$T" -m otsu "$S/in.png" "$S/null" --format png
    check "root: null is no longer a character device" [ -c "$S/null" ]
    expect 0 "$T" -m otsu "$S/in.png" "$S/j.png" --json="$S/null"
    check "root: null (json) is no longer a character device" [ -c "$S/null" ]
else
    echo "note: cannot make or open a device node in $S: skipped the device cases"
fi

# ---- as nobody
if ! "${NOBODY[@]}" "$T" --version >/dev/null 2>&1; then
    echo "note: nobody cannot run $T (setpriv missing, or the build directory is"
    echo "      not readable by others): skipped the cases run as nobody"
    finish
    exit
fi
cases nobody "${NOBODY[@]}"

# the device node (0666, root's) is written through by nobody too: "discard
# the image, keep the report" works for users
if [ "$HAVE_NULL" = 1 ]; then
    expect 0 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/null" --format png --json="$S/nobody/r.json"
    check "nobody: null is no longer a character device" [ -c "$S/null" ]
    has "$S/nobody/r.json" '"threshold": 102, "output": "[^"]*/null"'
    # (102: Otsu on camera.png; reference-values.md: "otsu: camera 101 < t < 103")
fi

# a 0444 root-owned file in a directory nobody can write (S is 0777): refused
# with exit 1 and "Permission denied", unchanged (content, mode, owner)
printf 'read-only\n' >"$S/rootro.png"
chmod 0444 "$S/rootro.png"
cp "$S/rootro.png" "$TMP/rootro.orig"
expect 1 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/rootro.png"
has "$TMP/err" "^segkit-threshold: $S/rootro.png: Permission denied$"
same "$S/rootro.png" "$TMP/rootro.orig"
check "nobody: rootro.png mode $(mode_of "$S/rootro.png")" [ "$(mode_of "$S/rootro.png")" = 444 ]
check "nobody: rootro.png owner $(owner_of "$S/rootro.png")" [ "$(owner_of "$S/rootro.png")" = root ]
# the same through a symlink nobody owns, and as the --json report
ln -s rootro.png "$S/nobody-link.png"
expect 1 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/nobody-link.png"
has "$TMP/err" "^segkit-threshold: $S/nobody-link.png: Permission denied$"
same "$S/rootro.png" "$TMP/rootro.orig"
expect 1 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/nobody/x.png" --json="$S/rootro.png"
has "$TMP/err" "^segkit-threshold: $S/rootro.png: Permission denied$"
same "$S/rootro.png" "$TMP/rootro.orig"

# a writable file in a directory nobody cannot write: written in place (as
# cp does), the directory gets no temporary
mkdir "$S/closed" && chmod 0755 "$S/closed"
printf 'old\n' >"$S/closed/open.png"
chmod 0666 "$S/closed/open.png"
expect 0 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/closed/open.png"
same "$S/closed/open.png" "$S/ref.png"
check "closed/: $(ls "$S/closed" | tr '\n' ' ')" [ "$(ls "$S/closed")" = open.png ]
# ... but a new file there is refused
expect 1 "${NOBODY[@]}" "$T" -m otsu "$S/in.png" "$S/closed/new.png"
has "$TMP/err" "^segkit-threshold: $S/closed/new.png: Permission denied$"
absent "$S/closed/new.png"

finish
