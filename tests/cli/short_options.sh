# The short-option registry (tools/cli.h CLI_SHORT_OPTIONS): every tool's
# --help lists only short options the registry gives to the same long option,
# no letter means two things across tools, and no two options of one tool
# differ only by case.  A tool whose table breaks the rule fails --help itself
# (cli_parse checks the table), which this also catches.
. "$(dirname "$0")/lib.sh"
REG="${SEGKIT_TESTS:?}/../tools/cli.h"
# "X('m', "method", ..." lines -> "m method"
sed -n "s/^ *X('\(.\)', *\"\([a-z-]*\)\".*/\1 \2/p" "$REG" >"$TMP/registry"
CHECKS=$((CHECKS + 1))
[ "$(wc -l <"$TMP/registry")" -ge 10 ] || fail "could not read the registry from $REG"
# the registry itself: one line per letter, letters unique ignoring case
CHECKS=$((CHECKS + 1))
dup=$(cut -c1 "$TMP/registry" | tr 'A-Z' 'a-z' | sort | uniq -d)
[ -z "$dup" ] || fail "registry: letter(s) listed twice or differing by case: $dup"
CHECKS=$((CHECKS + 1))
dup=$(cut -d' ' -f2 "$TMP/registry" | sort | uniq -d)
[ -z "$dup" ] || fail "registry: long option(s) with two letters: $dup"

: >"$TMP/all"
for tool in "$BIN"/segkit-*; do
    [ -x "$tool" ] || continue
    name=$(basename "$tool")
    expect 0 "$tool" --help
    # "  -m, --method METHOD ..." -> "m method"
    sed -n 's/^  -\(.\), --\([a-z][a-z0-9-]*\).*/\1 \2/p' "$TMP/out" >"$TMP/pairs"
    grep -oE -- '--[a-z][a-z0-9-]*' "$TMP/out" | sort -u >"$TMP/longs"
    while read -r letter long; do
        CHECKS=$((CHECKS + 1))
        [ "$letter" = h ] && [ "$long" = help ] && continue
        grep -qx "$letter $long" "$TMP/registry" ||
            fail "$name: -$letter, --$long is not in the registry ($(grep "^$letter " "$TMP/registry"))"
        echo "$letter $long $name" >>"$TMP/all"
    done <"$TMP/pairs"
    CHECKS=$((CHECKS + 1))
    dup=$(cut -c1 "$TMP/pairs" | tr 'A-Z' 'a-z' | sort | uniq -d)
    [ -z "$dup" ] || fail "$name: short options differing only by case: $dup"
    CHECKS=$((CHECKS + 1))
    dup=$(tr 'A-Z' 'a-z' <"$TMP/longs" | sort | uniq -d)
    [ -z "$dup" ] || fail "$name: long options differing only by case: $dup"
done
# across tools: a letter names one long option
CHECKS=$((CHECKS + 1))
bad=$(awk '{print $1, $2}' "$TMP/all" | sort -u | cut -d' ' -f1 | uniq -d)
[ -z "$bad" ] || fail "letters with two meanings across tools: $bad"
finish
