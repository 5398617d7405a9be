# Every option a tool's --help lists is documented in its man page in docs/,
# and every tool has a man page.
. "$(dirname "$0")/lib.sh"
DOCS="${SEGKIT_TESTS:?}/../docs"
for tool in "$BIN"/segkit-*; do
    name=$(basename "$tool")
    [ -x "$tool" ] || continue
    page="$DOCS/$name.1"
    CHECKS=$((CHECKS + 1))
    if [ ! -f "$page" ]; then fail "$name has no man page $page"; continue; fi
    sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page" >"$TMP/page"
    "$tool" --help >"$TMP/help" || fail "$name --help failed"
    for opt in $(grep -oE -- '--[a-z][a-z0-9-]*' "$TMP/help" | sort -u); do
        CHECKS=$((CHECKS + 1))
        grep -qF -- "$opt" "$TMP/page" || fail "$name: $opt is in --help but not in $page"
    done
done
CHECKS=$((CHECKS + 1))
[ -f "$DOCS/segkit.1" ] || fail "no docs/segkit.1"
finish
