# An option that does not apply to the chosen method/task is a usage error
# naming both (exit 2); old documented spellings keep working.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"
M="$BIN/segkit-metrics"
# a 4x1 8-bit PGM: 10 10 200 200 (Otsu: any T in [10, 200) splits it)
printf 'P5\n4 1\n255\n\012\012\310\310' >"$TMP/in.pgm"

# the cases of issue 8 section 4, each named in the message
for opt in "--k 0.3" "--value 50" "--classes 5" "--border reflect" "--r 100" \
           "--low 1" "--opencv" "--c 2" "--range 1:2"; do
    expect 2 "$T" -m otsu $opt "$TMP/in.pgm"
    has "$TMP/err" "^segkit-threshold: ${opt%% *} does not apply to -m otsu$"
    empty "$TMP/out"
done
# short spellings are named with their long option
expect 2 "$T" -m otsu -k 0.3 "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: -k \(--k\) does not apply to -m otsu$'
expect 2 "$T" -m otsu -w 5 "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: -w \(--window\) does not apply to -m otsu$'
expect 2 "$T" -m otsu -n 8 "$TMP/in.pgm"
has "$TMP/err" 'does not apply to -m otsu'
# local methods: the options of other local methods and of histograms
expect 2 "$T" -m sauvola -w 3 --contrast 20 --json "$TMP/in.pgm"
has "$TMP/err" '^segkit-threshold: --contrast does not apply to -m sauvola$'
expect 2 "$T" -m sauvola -w 3 --mask "$TMP/in.pgm" --json "$TMP/in.pgm"
has "$TMP/err" '--mask does not apply to -m sauvola'
expect 2 "$T" -m sauvola -w 3 --bins 16 --json "$TMP/in.pgm"
has "$TMP/err" '--bins does not apply'
expect 2 "$T" -m hysteresis --low 1 --high 2 -w 3 --json "$TMP/in.pgm"
has "$TMP/err" 'window\) does not apply to -m hysteresis'
expect 2 "$T" -m bernsen -w 3 --k 0.2 --json "$TMP/in.pgm"
has "$TMP/err" '--k does not apply to -m bernsen'
expect 2 "$T" -m fixed --value 5 --ignore-black "$TMP/in.pgm"
has "$TMP/err" '--ignore-black does not apply to -m fixed'

# ... and the ones that apply still work
expect 0 "$T" -m fixed --value 50 "$TMP/in.pgm"
has "$TMP/out" '^50$'
expect 0 "$T" -m band --range 5:20 "$TMP/in.pgm" "$TMP/b.pgm"
# -m sauvola -k 0.3: Sauvola's k (window 1: T = m (1 + k (0/R - 1)) = 0.7 v,
# every nonzero pixel is foreground: 4)
expect 0 "$T" -m sauvola -w 1 -k 0.3 --json "$TMP/in.pgm"
has "$TMP/out" '"k": 0.3[,}]'
has "$TMP/out" '"foreground": 4[,}]'
# -m multiotsu -k K: the documented old spelling of --classes K
printf 'P5\n6 1\n255\n\012\012\144\144\310\310' >"$TMP/three.pgm"
expect 0 "$T" -m multiotsu -k 3 --json "$TMP/three.pgm"
has "$TMP/out" '"classes": 3[,}]'
expect 2 "$T" -m multiotsu -k 0.5 "$TMP/in.pgm"
has "$TMP/err" "-k: '0.5' is not a class count in \[2, 17\]"
expect 2 "$T" -m multiotsu -k 3 --classes 3 "$TMP/in.pgm"
has "$TMP/err" 'give one'
# -C C: the old spelling of --c (it differed from -c --convention only by case)
# 3x1 [10 20 30], local mean w 3 clip: means 15 20 25; C 2 -> T 13 18 23:
# 20 > 18 and 30 > 23 -> 2 foreground (C 0 also gives 2; C -6 -> T 21 26 31: 0)
printf 'P5\n3 1\n255\n\012\024\036' >"$TMP/r.pgm"
expect 0 "$T" -m mean -w 3 -C -6 --json "$TMP/r.pgm"
has "$TMP/out" '"foreground": 0[,}]'
has "$TMP/err" 'warning: -C is an old spelling of --c'
expect 0 "$T" -m mean -w 3 --c -6 --json "$TMP/r.pgm"
has "$TMP/out" '"foreground": 0[,}]'
empty "$TMP/err"
# -c is --convention
expect 0 "$T" -m otsu -c skimage --json "$TMP/in.pgm"
has "$TMP/out" '"convention": "skimage"'

# segkit-metrics: options per task
printf 'P5\n2 1\n255\n\000\377' >"$TMP/m.pgm"
expect 2 "$M" -t binary --iou 0.3 "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" '^segkit-metrics: --iou does not apply to -t binary$'
expect 2 "$M" -t dibco --spacing 2 "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" '^segkit-metrics: --spacing does not apply to -t dibco$'
expect 2 "$M" -t semantic --fg-pred zero "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" '^segkit-metrics: --fg-pred does not apply to -t semantic$'
expect 2 "$M" -t partition -e best "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" '^segkit-metrics: -e \(--empty\) does not apply to -t partition$'
expect 2 "$M" --thresholds 5 "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" '^segkit-metrics: --thresholds does not apply to -t binary$'
expect 2 "$M" -t binary --weights a,b "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" 'weights does not apply to -t binary'
# -w R,P: the old spelling of --weights (-w is --window in segkit tools)
expect 2 "$M" -t binary -w a,b "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/err" 'warning: -w is an old spelling of --weights'
has "$TMP/err" '-w \(--weights\) does not apply to -t binary'
expect 0 "$M" -t binary --fg-pred nonzero --json "$TMP/m.pgm" "$TMP/m.pgm"
has "$TMP/out" '"dice": 1[,}]'
finish
