# SEGKIT_SHARED_DATA set when ctest runs wins over the configured path:
# no test's ctest ENVIRONMENT sets SEGKIT_SHARED_DATA itself (it would
# override the caller's); they get SEGKIT_SHARED_DATA_DEFAULT, which
# cli/lib.sh and unit/check.h use only when SEGKIT_SHARED_DATA is unset
# (set and empty: no shared data).
. "$(dirname "$0")/lib.sh"
B=${SEGKIT_BUILD:?SEGKIT_BUILD must name the build directory}

# -- every test's ENVIRONMENT, from ctest itself
CHECKS=$((CHECKS + 1))
if ctest --test-dir "$B" --show-only=json-v1 >"$TMP/tests.json" 2>"$TMP/err"; then
    CHECKS=$((CHECKS + 1))
    ! grep -q '"SEGKIT_SHARED_DATA=' "$TMP/tests.json" ||
        fail "a test sets SEGKIT_SHARED_DATA in its ctest ENVIRONMENT (would override the caller's)"
    ntests=$(ctest --test-dir "$B" -N | grep -c '^ *Test *#')
    ndefault=$(grep -o '"SEGKIT_SHARED_DATA_DEFAULT=' "$TMP/tests.json" | wc -l)
    CHECKS=$((CHECKS + 1))
    [ "$ndefault" -ge 1 ] && [ "$ndefault" = "$ntests" ] ||
        fail "$ndefault of $ntests tests get SEGKIT_SHARED_DATA_DEFAULT"
else
    fail "ctest --show-only=json-v1 failed"; cat "$TMP/err"
fi

# -- the shell side (lib.sh), in a child shell with a chosen environment
probe() { # probe ENV...: what lib.sh makes of SEGKIT_SHARED_DATA
    env -u SEGKIT_SHARED_DATA "$@" SEGKIT_BIN="$BIN" \
        bash -c '. "$1"; printf "%s\n" "${SEGKIT_SHARED_DATA-unset}"; FAILS=0' \
        _ "$(dirname "$0")/lib.sh"
}
CHECKS=$((CHECKS + 1))
[ "$(probe SEGKIT_SHARED_DATA_DEFAULT=/conf)" = /conf ] || fail "lib.sh: default not used when unset"
CHECKS=$((CHECKS + 1))
[ "$(probe SEGKIT_SHARED_DATA_DEFAULT=/conf SEGKIT_SHARED_DATA=/mine)" = /mine ] ||
    fail "lib.sh: SEGKIT_SHARED_DATA does not win over the default"
CHECKS=$((CHECKS + 1))
[ "$(probe SEGKIT_SHARED_DATA_DEFAULT=/conf SEGKIT_SHARED_DATA=)" = "" ] ||
    fail "lib.sh: an empty SEGKIT_SHARED_DATA is not kept empty"

# -- a skipping CLI check names the directory it looked in
mkdir "$TMP/mine"
env -u SEGKIT_SHARED_DATA SEGKIT_SHARED_DATA_DEFAULT=/conf SEGKIT_SHARED_DATA="$TMP/mine" \
    SEGKIT_BIN="$BIN" bash -c '. "$1"; need_shared no-such-file' _ "$(dirname "$0")/lib.sh" \
    >"$TMP/out" 2>&1
rc=$?
CHECKS=$((CHECKS + 1))
[ "$rc" = 77 ] || fail "need_shared exited $rc, not 77 (skip)"
has "$TMP/out" "SKIP: no-such-file not found under SEGKIT_SHARED_DATA \\($TMP/mine\\)"

# -- the C side (check.h): a unit test that needs the shared data skips
#    naming the directory it resolved
U="$B/tests/test_boundary"
CHECKS=$((CHECKS + 1))
if [ -x "$U" ]; then
    env -u SEGKIT_SHARED_DATA SEGKIT_SHARED_DATA_DEFAULT="$TMP/conf" "$U" >"$TMP/out" 2>&1
    has "$TMP/out" "SEGKIT_SHARED_DATA \\($TMP/conf\\)"
    env SEGKIT_SHARED_DATA_DEFAULT="$TMP/conf" SEGKIT_SHARED_DATA="$TMP/mine" "$U" >"$TMP/out" 2>&1
    has "$TMP/out" "SEGKIT_SHARED_DATA \\($TMP/mine\\)"
else
    fail "$U not built"
fi
finish
