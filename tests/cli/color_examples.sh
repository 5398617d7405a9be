# The EXAMPLES of docs/segkit-color.1 run as written: each command line of
# the section (roff unescaped, continued lines joined) runs in a directory
# holding the inputs it names (data/coffee.png under each name: the readers
# go by content, not by extension; oklch.npy made by convert first), exits
# 0 and writes its outputs.  Where a result is known it is checked: the
# coffee cup's overlay is the README's picture byte for byte, and the
# clownfish (../shared, else that one command is skipped with a message)
# gives the tutorial's union count of reference-values.md, 10596.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${SEGKIT_TESTS:?}/.." && pwd)
W=$TMP/work
mkdir -p "$W"
for f in photo.jpg in.jpg field.jpg slide.png coffee.png; do
    cp "$SRC/data/coffee.png" "$W/$f"
done

awk '/^\.SH EXAMPLES/ { s = 1; next }
     s && /^\.SH/      { exit }
     s && /^\.RS/      { b = 1; next }
     s && /^\.RE/      { b = 0; next }
     s && b && !/^\./  { print }' "$SRC/docs/segkit-color.1" |
    sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\e/\\/g' -e 's/\\&//g' |
    awk '{ if (sub(/ *\\$/, " ")) { acc = acc $0; next } print acc $0; acc = "" }' |
    sed 's/  */ /g' >"$TMP/examples"
CHECKS=$((CHECKS + 1))
[ "$(grep -c '^segkit' "$TMP/examples")" -ge 10 ] ||
    { fail "fewer than 10 commands found in EXAMPLES:"; cat "$TMP/examples"; }
CHECKS=$((CHECKS + 1))
[ "$(grep -vc '^segkit' "$TMP/examples")" = 0 ] ||
    { fail "an EXAMPLES line that is not a command:"; grep -v '^segkit' "$TMP/examples"; }

expect 0 "$BIN/segkit-color" convert --to oklch "$W/photo.jpg" "$W/oklch.npy"
PATH=$BIN:$PATH
n=0
while IFS= read -r cmd; do
    n=$((n + 1))
    # the outputs: the last word and the word after --overlay
    outs=$(printf '%s\n' "$cmd" | awk '{ print $NF; for (i = 1; i < NF; i++) if ($i == "--overlay") print $(i + 1) }')
    case $cmd in
    *nemo0.jpg*)
        if [ -z "${SEGKIT_SHARED_DATA:-}" ] || [ ! -e "$SEGKIT_SHARED_DATA/nemo/nemo0.jpg" ]; then
            echo "skipped: example $n needs ../shared/data/nemo/nemo0.jpg: $cmd"
            continue
        fi
        cp "$SEGKIT_SHARED_DATA/nemo/nemo0.jpg" "$W/nemo0.jpg"
        cmd="$cmd --json"
        ;;
    esac
    for o in $outs; do rm -f "$W/$o"; done
    CHECKS=$((CHECKS + 1))
    rc=0
    (cd "$W" && eval "$cmd") >"$TMP/out" 2>"$TMP/err" || rc=$?
    if [ "$rc" != 0 ]; then
        fail "example $n exits $rc: $cmd"
        sed 's/^/  /' "$TMP/err"
        continue
    fi
    for o in $outs; do
        CHECKS=$((CHECKS + 1))
        [ -s "$W/$o" ] || fail "example $n wrote no $o: $cmd"
    done
    case $cmd in
    *nemo0.jpg*) has "$TMP/out" '"pixels": 10596' ;;
    *coffee.png*--overlay\ red.jpg*) same "$W/red.jpg" "$SRC/docs/img/color-coffee-red.jpg" ;;
    esac
done <"$TMP/examples"
finish
