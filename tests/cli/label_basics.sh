# segkit-label: counts, the coins table against scikit-image's, >65535
# objects, filters and the errors the issue asks for.
. "$(dirname "$0")/lib.sh"
L="$BIN/segkit-label"
DATA=${SEGKIT_DATA:?}
# skimage with remove_small_objects(connectivity=2), as --min-area on
# 8-connected objects (the CSV records the command)
CSV="${SEGKIT_TESTS:?}/data/coins_regionprops_8.csv"

# the coins mask: skimage.filters.threshold_otsu(coins) = 107 (the CSV's
# header records the command), foreground v > 107
expect 0 "$BIN/segkit-threshold" -m fixed --value 107 "$DATA/coins.png" "$TMP/mask.png"

# object count after fill holes + small objects < 64: skimage finds 24
# objects (24 rows in the CSV)
expect 0 "$L" --fill-holes --min-area 64 "$TMP/mask.png"
has "$TMP/out" '^24$'

# the table equals skimage's regionprops_table, column by column (counts
# and boxes exact, the rest to 1e-9, solidity to 1e-6)
cols=label,area,bbox,centroid,perimeter,eccentricity,orientation,solidity
expect 0 "$L" --fill-holes --min-area 64 --props $cols --csv "$TMP/mask.png"
cp "$TMP/out" "$TMP/ours.csv"
CHECKS=$((CHECKS + 1))
awk -F, -v cols="$cols" '
    NR == FNR { if ($0 ~ /^#/) next; if (!h1++) { for (i = 1; i <= NF; i++) col[$i] = i; next }
                n1++; for (i = 1; i <= NF; i++) ref[n1, i] = $i; next }
    !h2++ { nh = NF; for (i = 1; i <= NF; i++) name[i] = $i; next }
    { n2++; for (i = 1; i <= nh; i++) {
        want = ref[n2, col[name[i]]]; got = $i; d = got - want; if (d < 0) d = -d
        tol = name[i] == "solidity" ? 1e-6 : 1e-9 * (want > 1 || want < -1 ? (want < 0 ? -want : want) : 1)
        if (!(name[i] in col) || d > tol) { printf "object %d %s: %s vs skimage %s\n", n2, name[i], got, want; bad++ } } }
    END { if (n1 != n2) { printf "%d objects vs skimage %d\n", n2, n1; bad++ }; exit bad > 0 }' \
    "$CSV" "$TMP/ours.csv" >"$TMP/diff" || { fail "coins table differs from skimage's"; head -5 "$TMP/diff"; }

# JSON lines: one object per line
expect 0 "$L" --fill-holes --min-area 64 --props label,area --jsonl "$TMP/mask.png"
has "$TMP/out" '^\{"label": 1, "area": 9076\}$'   # the CSV's first row
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$TMP/out")" = 24 ] || fail "jsonl: $(wc -l < "$TMP/out") lines, expected 24"

# filters: the expected counts come from skimage's table
want=$(awk -F, '!/^#/ && NR > 1 && $2 != "area" && $2 >= 1500' "$CSV" | wc -l)
expect 0 "$L" --fill-holes --min-area 64 --keep 'area >= 1500' "$TMP/mask.png"
has "$TMP/out" "^$want\$"
# keep-largest
expect 0 "$L" --fill-holes --min-area 64 --keep-largest 5 "$TMP/mask.png"
has "$TMP/out" '^5$'
# clear border: objects whose bbox touches the edge (from the CSV's bboxes)
want=$(awk -F, '!/^#/ && $1 != "label" && !($3 == 0 || $4 == 0 || $5 == 303 || $6 == 384)' "$CSV" | wc -l)
expect 0 "$L" --fill-holes --min-area 64 --clear-border "$TMP/mask.png"
has "$TMP/out" "^$want\$"

# a label image and a colour picture
expect 0 "$L" --fill-holes --min-area 64 "$TMP/mask.png" "$TMP/labels.png"
empty "$TMP/out"
expect 0 "$L" --values "$TMP/labels.png"
has "$TMP/out" '^24$'
expect 0 "$L" --fill-holes --min-area 64 --colorize "$TMP/mask.png" "$TMP/colour.png"
expect 0 "$BIN/segkit-threshold" -m fixed --value 0 --json "$TMP/colour.png"
has "$TMP/out" '"channels": 3'

# 1024x1024 single-pixel checkerboard, 4-connectivity: 524288 objects
{ echo "P2 1024 1024 1"; awk 'BEGIN { for (y = 0; y < 1024; y++) { s = ""; for (x = 0; x < 1024; x++) s = s ((x + y) % 2 ? " 0" : " 1"); print s } }'; } > "$TMP/board.pgm"
expect 0 "$L" -n 4 "$TMP/board.pgm"
has "$TMP/out" '^524288$'
expect 0 "$L" -n 8 "$TMP/board.pgm"
has "$TMP/out" '^1$'
# written without wrap-around: as .npy (int32), pixel (x, y) with x + y even
# is y * 512 + x / 2 + 1; as PNG an error naming the wider formats
expect 0 "$L" -n 4 "$TMP/board.pgm" "$TMP/board.npy"
hl=$(od -An -t u2 -j 8 -N 2 "$TMP/board.npy" | tr -d ' ')   # NumPy v1 header length
px() { od -An -t d4 -j $((10 + hl + 4 * ($2 * 1024 + $1))) -N 4 "$TMP/board.npy" | tr -d ' '; }
CHECKS=$((CHECKS + 1))
[ "$(px 0 0)/$(px 1 0)/$(px 1 1)/$(px 1021 1023)/$(px 1023 1023)" = "1/0/513/524287/524288" ] ||
    fail "board.npy: $(px 0 0)/$(px 1 0)/$(px 1 1)/$(px 1021 1023)/$(px 1023 1023)"
expect 1 "$L" -n 4 "$TMP/board.pgm" "$TMP/board.png"
has "$TMP/err" 'labels outside 0..65535 do not fit a 16-bit png: write .npy, or an RGB id PNG with --format rgbid'
expect 1 "$L" -n 4 "$TMP/board.pgm" "$TMP/board-out.pgm"
has "$TMP/err" 'labels outside 0..65535 do not fit a 16-bit pnm'
absent "$TMP/board-out.pgm"
# as RGB ids (id = R + 256 G + 256^2 B), read back with --rgbid: label
# 513 at (1, 1) is R 1, G 2
expect 0 "$L" -n 4 --format rgbid "$TMP/board.pgm" "$TMP/board-ids.png"
expect 0 "$L" --rgbid --values "$TMP/board-ids.png" "$TMP/board2.npy"
same "$TMP/board.npy" "$TMP/board2.npy"
expect 0 "$L" --rgbid --values "$TMP/board-ids.png"
has "$TMP/out" '^524288$'
expect 2 "$L" --rgbid "$TMP/board-ids.png"
has "$TMP/err" '--rgbid'
absent "$TMP/board.png"

# empty mask: 0 objects, exit 0
printf 'P2 4 3 255\n0 0 0 0\n0 0 0 0\n0 0 0 0\n' > "$TMP/empty.pgm"
expect 0 "$L" "$TMP/empty.pgm"
has "$TMP/out" '^0$'

# errors
expect 1 "$L" "$TMP/colour.png"
has "$TMP/err" '^segkit-label: .*colour.png: a 3-channel image'
expect 2 "$L" --keep 'area >= 50 && solidty > 0.9' "$TMP/mask.png"
has "$TMP/err" 'unknown property name at character 15'
expect 2 "$L" --keep 'area >= (50' "$TMP/mask.png"
has "$TMP/err" "expected '\)' at character 12"
expect 2 "$L" --keep 'area >' "$TMP/mask.png"
has "$TMP/err" 'at character 7'
expect 2 "$L" --props label,areaa --csv "$TMP/mask.png"
has "$TMP/err" "unknown property name 'areaa'"
expect 2 "$L" -n 6 "$TMP/mask.png"
expect 2 "$L" --values --fill-holes "$TMP/mask.png"
expect 2 "$L" --border-width 3 "$TMP/mask.png"
expect 2 "$L" --props perimeter "$TMP/mask.png"
finish
