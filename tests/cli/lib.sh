# Shared by the CLI test scripts: expect(), temp dir, tool paths.
# Each script: `. "$(dirname "$0")/lib.sh"`, then checks, then `finish`.
set -u
# ctest passes the configured shared-data path as SEGKIT_SHARED_DATA_DEFAULT;
# SEGKIT_SHARED_DATA set by whoever runs ctest wins (empty: run without it).
export SEGKIT_SHARED_DATA="${SEGKIT_SHARED_DATA-${SEGKIT_SHARED_DATA_DEFAULT:-}}"
BIN=${SEGKIT_BIN:?SEGKIT_BIN must name the directory of the tools}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
CHECKS=0

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# expect CODE CMD...: runs CMD, stdout -> $TMP/out, stderr -> $TMP/err, and
# checks the exit code.
expect() {
    local want=$1; shift
    CHECKS=$((CHECKS + 1))
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" != "$want" ]; then
        fail "exit $got, expected $want: $*"
        sed 's/^/  stderr: /' "$TMP/err" | head -5
    fi
}

# has FILE REGEX: FILE matches the extended regex
has() {
    CHECKS=$((CHECKS + 1))
    grep -Eq -- "$2" "$1" || { fail "$1 lacks /$2/:"; head -5 "$1" | sed 's/^/  /'; }
}
# empty FILE
empty() {
    CHECKS=$((CHECKS + 1))
    [ ! -s "$1" ] || { fail "$1 is not empty:"; head -5 "$1" | sed 's/^/  /'; }
}
# same FILE1 FILE2 (byte for byte)
same() {
    CHECKS=$((CHECKS + 1))
    cmp -s "$1" "$2" || fail "$1 differs from $2"
}
# absent PATH
absent() {
    CHECKS=$((CHECKS + 1))
    [ ! -e "$1" ] || fail "$1 exists but should not"
}

finish() {
    echo "$((CHECKS - FAILS)) passed, $FAILS failed"
    [ "$FAILS" = 0 ]
}

# need_shared REL: skip (exit 77) when ../shared/data lacks REL
need_shared() {
    if [ -z "${SEGKIT_SHARED_DATA:-}" ] || [ ! -e "$SEGKIT_SHARED_DATA/$1" ]; then
        echo "SKIP: $1 not found under SEGKIT_SHARED_DATA (${SEGKIT_SHARED_DATA:-unset})"
        # a skip must not hide checks that already failed earlier in the script
        if [ "${FAILS:-0}" -gt 0 ]; then
            echo "$FAILS check(s) failed before the skip"
            exit 1
        fi
        exit 77
    fi
}
