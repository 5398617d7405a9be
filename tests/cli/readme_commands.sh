# The README's "Two commands" are the ones CI runs: command 2 is exactly
# `bash .ci/run`; command 1 installs the build dependencies .ci/run installs
# (its first apt-get install) and, run
# in a copy of the sources (apt-get, sudo and `id -u` replaced by stubs on
# PATH that record their arguments: the install step is already satisfied),
# builds and writes the mask it says it writes, into build/.  Run once as
# root under sh (no sudo may be used) and once as a user under bash (every
# apt-get goes through sudo).
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${SEGKIT_TESTS:?}/.." && pwd)

# -- the two commands: the non-comment lines of the fenced block under
#    "## Two commands"
awk '/^## Two commands/ { s = 1; next }
     s == 1 && /^```/  { s = 2; next }
     s == 2 && /^```/  { exit }
     s == 2 && NF && $1 !~ /^#/ { print }' "$SRC/README.md" >"$TMP/cmds"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/cmds")" = 2 ] || { fail "expected 2 commands under '## Two commands':"; cat "$TMP/cmds"; }
CMD1=$(sed -n 1p "$TMP/cmds")
CMD2=$(sed -n 2p "$TMP/cmds")
CHECKS=$((CHECKS + 1))
[ "$CMD2" = "bash .ci/run" ] || fail "command 2 is '$CMD2', not 'bash .ci/run'"
CHECKS=$((CHECKS + 1))
[ -f "$SRC/.ci/run" ] || fail ".ci/run is missing"

# -- the packages: command 1's `apt-get install` against .ci/run's
pkgs() { # words after "apt-get install" up to && or >, options dropped, sorted
    sed 's/.*apt-get install//; s/&&.*//; s/>.*//' | tr ' ' '\n' | grep -v '^-' | grep . | sort -u
}
printf '%s\n' "$CMD1" | grep -o 'apt-get install.*' | pkgs >"$TMP/pkgs.readme"
# the first apt-get install in .ci/run: the build dependencies (a later one
# adds what only the tests use)
sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$SRC/.ci/run" | grep -v '^ *#' | grep 'apt-get install' | head -n 1 |
    pkgs >"$TMP/pkgs.ci"
CHECKS=$((CHECKS + 1))
[ -s "$TMP/pkgs.ci" ] || fail "no apt-get install found in .ci/run"
CHECKS=$((CHECKS + 1))
cmp -s "$TMP/pkgs.readme" "$TMP/pkgs.ci" ||
    { fail "command 1 and .ci/run install different packages:"; diff "$TMP/pkgs.readme" "$TMP/pkgs.ci" | sed 's/^/  /'; }
APT_INSTALL=$(printf '%s\n' "$CMD1" | grep -o 'apt-get install[^&]*' | sed 's/ *$//')

# -- a copy of the sources (tracked and not-ignored files), so nothing is
#    written into the repository
mkdir "$TMP/src"
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
        tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$TMP/src"
else
    (cd "$SRC" && tar --exclude='./build*' --exclude=./.git -cf - .) | tar -xf - -C "$TMP/src"
fi

# -- stubs: apt-get and sudo record their arguments, `id -u` says $FAKE_UID
mkdir "$TMP/stub"
cat >"$TMP/stub/apt-get" <<'EOF'
#!/bin/sh
echo "apt-get $*" >>"$STUB_LOG"
EOF
cat >"$TMP/stub/sudo" <<'EOF'
#!/bin/sh
echo "sudo $*" >>"$STUB_LOG"
exec "$@"
EOF
cat >"$TMP/stub/id" <<'EOF'
#!/bin/sh
if [ "$*" = "-u" ]; then echo "$FAKE_UID"; else exec /usr/bin/id "$@"; fi
EOF
chmod +x "$TMP/stub/apt-get" "$TMP/stub/sudo" "$TMP/stub/id"

# run_cmd1 SHELL UID: command 1 in the copy; output -> $TMP/run.log
run_cmd1() {
    : >"$TMP/apt.log"
    (cd "$TMP/src" && env PATH="$TMP/stub:$PATH" STUB_LOG="$TMP/apt.log" FAKE_UID="$2" \
        "$1" -c "$CMD1") >"$TMP/run.log" 2>&1
}

check_mask() { # the mask named on the last line of output, a 512x512 gray PNG
    CHECKS=$((CHECKS + 1))
    [ "$(tail -1 "$TMP/run.log")" = "wrote build/camera-mask.png" ] ||
        { fail "command 1 did not end with 'wrote build/camera-mask.png':"; tail -5 "$TMP/run.log"; }
    CHECKS=$((CHECKS + 1))
    # PNG signature, IHDR 512 x 512, bit depth 8, colour type 0 (gray)
    [ "$(od -An -tx1 -N26 "$TMP/src/build/camera-mask.png" 2>/dev/null | tr -d ' \n')" = \
      "89504e470d0a1a0a0000000d4948445200000200000002000800" ] ||
        fail "build/camera-mask.png is not a 512x512 8-bit gray PNG"
    CHECKS=$((CHECKS + 1))
    [ -z "$(cd "$TMP/src" && find . -name camera-mask.png ! -path './build/*')" ] ||
        fail "command 1 wrote camera-mask.png outside build/"
}

# 1. as root under sh: apt-get update, then install; sudo never used
CHECKS=$((CHECKS + 1))
if run_cmd1 sh 0; then
    printf 'apt-get update\n%s\n' "$APT_INSTALL" >"$TMP/apt.want"
    same "$TMP/apt.log" "$TMP/apt.want"
    check_mask
else
    fail "command 1 failed (as root, sh):"; tail -20 "$TMP/run.log"
fi

# 2. as a user under bash: the same through sudo (the build is up to date)
rm -f "$TMP/src/build/camera-mask.png"
CHECKS=$((CHECKS + 1))
if run_cmd1 bash 1000; then
    printf 'sudo apt-get update\napt-get update\nsudo %s\n%s\n' "$APT_INSTALL" "$APT_INSTALL" \
        >"$TMP/apt.want"
    same "$TMP/apt.log" "$TMP/apt.want"
    check_mask
else
    fail "command 1 failed (as a user, bash):"; tail -20 "$TMP/run.log"
fi
finish
