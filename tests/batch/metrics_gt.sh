# segkit-metrics on the shared batch loop: --gt TEMPLATE names each
# prediction's ground truth; one --jsonl line per prediction (its report =
# the --json document of that pair), failures per file, exit 1 if any
# failed, --jobs, --files-from/-0, --shard, --progress; PREDDIR GTDIR, --list
# and --json stay as they were (tests/cli/metrics_batch.sh).
# Hand-worked expected values (2x2 and 4x1 images, row-major):
#   binary   one: pred {(0,0)}       gt {(0,0)}  Dice 1,   TP 1 FP 0 TN 3
#            two: pred {(0,0),(1,0)} gt {(0,0)}  Dice 2/3, IoU 1/2, TP 1 FP 1 TN 2
#   semantic pred [0 0 1 1] gt [0 1 1 1]: class 0 TP 1 FP 1 FN 0 -> IoU 1/2,
#            class 1 TP 2 FP 0 FN 1 -> IoU 2/3; mIoU 7/12; pixel accuracy 3/4
#   instance pred [1 1 2 2] gt [1 1 0 0]: object 1 matches (IoU 1), object 2
#            is a FP: TP 1 FP 1 FN 0, F1 = 2*1/(2+1) = 2/3
. "$(dirname "$0")/../cli/lib.sh"
M=$BIN/segkit-metrics
cd "$TMP" || exit 1
pgm() {
    local f=$1 w=$2 h=$3; shift 3
    { printf 'P5\n%d %d\n255\n' "$w" "$h"; for b in "$@"; do printf "\\$(printf '%03o' "$b")"; done; } >"$f"
}
# jv FILE LINE EXPR WANT: python's value of EXPR on JSON line LINE (1-based) of FILE
jv() {
    CHECKS=$((CHECKS + 1))
    local got
    got=$(python3 -c 'import json,sys
d = json.loads(open(sys.argv[1], "rb").read().decode().splitlines()[int(sys.argv[2]) - 1])
print(eval(sys.argv[3], {"d": d}))' "$1" "$2" "$3" 2>&1)
    [ "$got" = "$4" ] || fail "$1 line $2: $3 = $got, expected $4"
}
lines() {
    CHECKS=$((CHECKS + 1))
    [ "$(wc -l <"$1")" = "$2" ] || fail "$1: $(wc -l <"$1") lines, expected $2"
}
mkdir pred gt
pgm pred/one.pgm 2 2 255 0 0 0
pgm pred/two.pgm 2 2 255 255 0 0
pgm gt/one.pgm 2 2 255 0 0 0
pgm gt/two.pgm 2 2 255 0 0 0

# two predictions, each against gt/{stem}.pgm; JSON lines on stdout by default
expect 0 "$M" --gt 'gt/{stem}.pgm' pred/one.pgm pred/two.pgm
lines out 2
empty err
jv out 1 'd["input"], d["status"], d["output"], d["error"]' "('pred/one.pgm', 'ok', None, None)"
jv out 1 'd["report"]["per_image"][0]["gt"]' gt/one.pgm
jv out 1 'd["report"]["aggregate"]["dice"], d["report"]["aggregate"]["tn"]' '(1, 3)'
jv out 2 'd["index"], d["report"]["per_image"][0]["gt"]' "(2, 'gt/two.pgm')"
jv out 2 'round(d["report"]["aggregate"]["dice"], 12), d["report"]["aggregate"]["iou"]' \
    '(0.666666666667, 0.5)'
jv out 2 'd["report"]["aggregate"]["fp"], d["report"]["images"]' '(1, 1)'
# the report is the --json document of that pair, byte for byte
"$M" --json pred/two.pgm gt/two.pgm >single.json
python3 -c 'import json,sys
l = json.loads(open("out").read().splitlines()[1])["report"]
sys.exit(l != json.loads(open("single.json").read()))' || fail "jsonl report differs from --json of the pair"
CHECKS=$((CHECKS + 1))

# a missing ground truth and a size mismatch: reported per file (stderr once
# and in its line), the others done, exit 1
pgm pred/three.pgm 2 2 0 0 0 0
pgm pred/four.pgm 3 1 0 0 0
pgm gt/four.pgm 2 2 0 0 0 0
expect 1 "$M" --gt 'gt/{stem}.pgm' --jsonl=r.jsonl --jobs 2 pred/one.pgm pred/three.pgm \
    pred/four.pgm pred/two.pgm
lines r.jsonl 4
jv r.jsonl 2 'd["status"], d["error"]' "('failed', 'gt/three.pgm: No such file or directory')"
jv r.jsonl 2 '"report" in d' False
jv r.jsonl 3 'd["status"], d["error"]' \
    "('failed', 'pred/four.pgm: size 3x1 differs from gt/four.pgm (2x2)')"
jv r.jsonl 4 'd["input"], d["status"], d["report"]["aggregate"]["tp"]' "('pred/two.pgm', 'ok', 1)"
has err '^segkit-metrics: gt/three.pgm: No such file or directory$'
has err '^segkit-metrics: pred/four.pgm: size 3x1 differs from gt/four.pgm \(2x2\)$'
lines err 2
empty out
# --fail-fast stops at the first failure (with one job: nothing after it)
expect 1 "$M" --gt 'gt/{stem}.pgm' --jobs 1 --fail-fast pred/three.pgm pred/one.pgm
lines out 1
jv out 1 'd["status"]' failed

# directories (--glob), --files-from with NUL names (space, newline,
# leading dash, non-UTF-8 byte), {dir} {name} in the template
rm pred/three.pgm pred/four.pgm
expect 0 "$M" --gt 'gt/{name}' --glob '*.pgm' --jsonl=d.jsonl pred
lines d.jsonl 2
jv d.jsonl 2 'd["input"], d["report"]["aggregate"]["dice"] < 1' "('pred/two.pgm', True)"
mkdir odd
for n in 'a b' $'new\nline' '-dash' $'bad\xff'; do
    cp pred/two.pgm "odd/$n.pgm"
    cp gt/one.pgm "odd/$n.truth.pgm"
done
printf 'odd/a b.pgm\0odd/new\nline.pgm\0odd/-dash.pgm\0odd/bad\377.pgm\0' >list0
expect 0 "$M" --gt '{dir}/{stem}.truth.pgm' --files-from list0 -0 --jsonl=o.jsonl
lines o.jsonl 4
for i in 1 2 3 4; do
    jv o.jsonl $i 'd["status"], d["report"]["aggregate"]["fp"]' "('ok', 1)"
done
jv o.jsonl 2 'd["report"]["per_image"][0]["gt"]' "odd/new
line.truth.pgm"
jv o.jsonl 4 'list(__import__("os").fsencode(d["report"]["per_image"][0]["gt"]))[-11:]' \
    '[255, 46, 116, 114, 117, 116, 104, 46, 112, 103, 109]'
# --shard 1/2: the second of two; {index} stays the position in the whole list
pgm gt/2.pgm 2 2 255 255 0 0
expect 0 "$M" --gt 'gt/{index}.pgm' --shard 1/2 pred/one.pgm pred/two.pgm
lines out 1
jv out 1 'd["index"], d["input"], d["report"]["aggregate"]["dice"]' "(2, 'pred/two.pgm', 1)"
# progress on stderr when asked for
expect 0 "$M" --gt 'gt/{stem}.pgm' --progress --jsonl=p.jsonl pred/one.pgm pred/two.pgm
has err '^segkit-metrics: 2/2 done, .*, 0 failed$'

# semantic and instance, per pair
pgm s_pred.pgm 4 1 0 0 1 1
pgm s_pred.gt.pgm 4 1 0 1 1 1
expect 0 "$M" -t semantic --gt '{stem}.gt.pgm' s_pred.pgm
jv out 1 'round(d["report"]["aggregate"]["miou"], 12), d["report"]["aggregate"]["pixel_accuracy"]' \
    '(0.583333333333, 0.75)'
jv out 1 '[(c["label"], round(c["iou"], 12)) for c in d["report"]["classes"]]' \
    '[(0, 0.5), (1, 0.666666666667)]'
pgm i_pred.pgm 4 1 1 1 2 2
pgm i_pred.gt.pgm 4 1 1 1 0 0
expect 0 "$M" -t instance --gt '{stem}.gt.pgm' i_pred.pgm
jv out 1 '(d["report"]["aggregate"]["tp"], d["report"]["aggregate"]["fp"], d["report"]["aggregate"]["fn"], round(d["report"]["aggregate"]["f1"], 12))' \
    '(1, 1, 0, 0.666666666667)'

# usage errors (exit 2, nothing on stdout)
expect 2 "$M" --jsonl pred/one.pgm gt/one.pgm
has err 'batch options .* go with --gt TEMPLATE'
expect 2 "$M" --gt 'gt/{stem}.pgm' -o 'x/{stem}.png' pred/one.pgm
has err '^segkit-metrics: -o, --force and --skip-existing do not apply'
expect 2 "$M" --gt 'gt/{stem}.pgm' --skip-existing pred/one.pgm
expect 2 "$M" --gt 'gt/{stem}.pgm' --csv pred/one.pgm
has err '^segkit-metrics: --csv does not go with --gt'
expect 2 "$M" --gt 'gt/{stem}.pgm' --json pred/one.pgm
expect 2 "$M" --gt 'gt/{nope}.pgm' pred/one.pgm
has err '^segkit-metrics: --gt gt/\{nope\}.pgm: unknown placeholder'
expect 2 "$M" -t boundary --gt 'gt/{stem}.pgm' pred/one.pgm
has err 'does not apply to -t boundary'
expect 2 "$M" --gt 'gt/{stem}.pgm'
empty out
finish
