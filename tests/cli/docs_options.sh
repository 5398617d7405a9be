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
    # a batch tool's page has the BATCH section, the same text in every page
    if grep -q -- '--files-from' "$TMP/help"; then
        sed -n '/^\.SH BATCH$/,/^\.SH /p' "$page" | sed '$d' >"$TMP/batch"
        CHECKS=$((CHECKS + 1))
        if [ ! -s "$TMP/batch" ]; then
            fail "$name: no BATCH section in $page"
        elif [ ! -f "$TMP/batch.ref" ]; then
            cp "$TMP/batch" "$TMP/batch.ref"
            ref=$name
        else
            cmp -s "$TMP/batch" "$TMP/batch.ref" || fail "$name: BATCH section differs from $ref's"
        fi
    fi
done
CHECKS=$((CHECKS + 1))
[ -f "$DOCS/segkit.1" ] || fail "no docs/segkit.1"
# the front end's page has an entry (".B NAME" under Tools) and a SEE ALSO
# reference for every tool `segkit --help` lists
if [ -x "$BIN/segkit" ] && [ -f "$DOCS/segkit.1" ]; then
    "$BIN/segkit" --help >"$TMP/help" || fail "segkit --help failed"
    tools=$(sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$TMP/help")
    CHECKS=$((CHECKS + 1))
    [ "$(echo "$tools" | wc -w)" -ge 9 ] || fail "segkit --help lists too few tools: $tools"
    for t in $tools; do
        CHECKS=$((CHECKS + 1))
        grep -qx "\.B $t" "$DOCS/segkit.1" || fail "docs/segkit.1 has no entry for the tool $t"
        CHECKS=$((CHECKS + 1))
        grep -q "^\.BR segkit\\\\-$t (1)" "$DOCS/segkit.1" ||
            fail "docs/segkit.1: SEE ALSO misses segkit-$t(1)"
    done
fi
finish
