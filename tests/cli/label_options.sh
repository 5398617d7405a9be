# segkit-label --min-hole, --intensity, --json and --values, and segkit-morph
# -o reconstruct, on small hand-worked images (pixel values read back).
. "$(dirname "$0")/lib.sh"
L="$BIN/segkit-label"
M="$BIN/segkit-morph"

# the values of a raw output: the last N samples of FILE (od type T)
tailvals() { tail -c "$2" "$1" | od -An -v -t "$3" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
# check WHAT GOT WANT
check() {
    CHECKS=$((CHECKS + 1))
    [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# A: a 3x3 ring with a 1-pixel hole (first pixel (0,0) -> label 1),
# B: a 4x4 ring with a 4-pixel hole (first pixel (4,0) -> 2), C: one pixel
# at (7,5) (-> 3).  With -n 8 the holes are 4-connected background.
cat > "$TMP/m.pgm" <<'EOF'
P2 8 6 1
1 1 1 0 1 1 1 1
1 0 1 0 1 0 0 1
1 1 1 0 1 0 0 1
0 0 0 0 1 1 1 1
0 0 0 0 0 0 0 0
0 0 0 0 0 0 0 1
EOF
# --min-hole A fills holes of fewer than A pixels: 2 and 4 fill A's only,
# 5 B's too.  skimage agrees: remove_small_holes(m, a, connectivity=1).sum()
# is 22 for a = 2 and 4, 26 for a = 5 (the mask alone: 21)
expect 0 "$L" --props label,area --csv "$TMP/m.pgm"
check "no fill" "$(tr '\n' ' ' < "$TMP/out")" "label,area 1,8 2,12 3,1 "
expect 0 "$L" --min-hole 2 --props label,area --csv "$TMP/m.pgm"
check "--min-hole 2" "$(tr '\n' ' ' < "$TMP/out")" "label,area 1,9 2,12 3,1 "
expect 0 "$L" --min-hole 4 --props label,area --csv "$TMP/m.pgm"
check "--min-hole 4" "$(tr '\n' ' ' < "$TMP/out")" "label,area 1,9 2,12 3,1 "
expect 0 "$L" --min-hole 5 --props label,area --csv "$TMP/m.pgm"
check "--min-hole 5" "$(tr '\n' ' ' < "$TMP/out")" "label,area 1,9 2,16 3,1 "
# the filled pixels carry their object's label (.npy: int32, row-major)
expect 0 "$L" --min-hole 5 "$TMP/m.pgm" "$TMP/l.npy"
check "--min-hole 5 row 1" "$(tailvals "$TMP/l.npy" 192 d4 | cut -d' ' -f9-16)" "1 1 1 0 2 2 2 2"

# --intensity: v = 10 x + y.  A filled (x 0..2, y 0..2): min 0, max 22,
# mean 99 / 9 = 11, median of 0 1 2 10 11 12 20 21 22 = 11; B's ring
# (12 pixels, x 4..7, y 0..3 without the hole 51 61 52 62): min 40, max 73,
# mean (16 * 56.5 - 226) / 12 = 56.5; C: 75
{ echo "P2 8 6 255"; for y in 0 1 2 3 4 5; do for x in 0 1 2 3 4 5 6 7; do printf '%d ' $((10 * x + y)); done; echo; done; } > "$TMP/v.pgm"
expect 0 "$L" --min-hole 2 --intensity "$TMP/v.pgm" \
    --props label,intensity_min,intensity_max,intensity_mean,intensity_median --csv "$TMP/m.pgm"
check "--intensity" "$(tr '\n' ' ' < "$TMP/out")" \
    "label,intensity_min,intensity_max,intensity_mean,intensity_median 1,0,22,11,11 2,40,73,56.5,56.5 3,75,75,75,75 "
# an intensity image of another size is refused
printf 'P2 2 2 255\n1 2\n3 4\n' > "$TMP/small.pgm"
expect 1 "$L" --intensity "$TMP/small.pgm" --props intensity_mean --csv "$TMP/m.pgm"
has "$TMP/err" 'small.pgm: is 2x2, IN is 8x6'

# --json: the count and one record per object with the --props columns
expect 0 "$L" --min-hole 5 --props label,area,bbox --json "$TMP/m.pgm"
has "$TMP/out" '"objects": ?3'
has "$TMP/out" '"connectivity": ?8'
has "$TMP/out" '"label": ?2, ?"area": ?16, ?"bbox-0": ?0, ?"bbox-1": ?4, ?"bbox-2": ?4, ?"bbox-3": ?8'
has "$TMP/out" '"label": ?3, ?"area": ?1, ?"bbox-0": ?5, ?"bbox-1": ?7, ?"bbox-2": ?6, ?"bbox-3": ?8'

# --values on a gray image: regions of equal value, 0 is background.
# 8-connectivity: the 50s at (0,0) (1,0) (1,1) (2,2) (3,2) are one object
# (1), the 100s (2), the 50s of the last column (3), the 70 (4); with
# 4-connectivity (2,2) (3,2) are a fifth object.
cat > "$TMP/g.pgm" <<'EOF'
P2 6 3 255
50 50 0 100 100 50
0 50 0 100 0 50
70 0 50 50 0 50
EOF
expect 0 "$L" --values "$TMP/g.pgm" "$TMP/g8.npy"
check "--values -n 8" "$(tailvals "$TMP/g8.npy" 72 d4)" "1 1 0 2 2 3 0 1 0 2 0 3 4 0 1 1 0 3"
expect 0 "$L" --values -n 4 "$TMP/g.pgm" "$TMP/g4.npy"
check "--values -n 4" "$(tailvals "$TMP/g4.npy" 72 d4)" "1 1 0 2 2 3 0 1 0 2 0 3 4 0 5 5 0 3"
expect 0 "$L" --values -n 4 "$TMP/g.pgm"
has "$TMP/out" '^5$'

# segkit-morph --op reconstruct, against
#   skimage.morphology.reconstruction(seed, mask, method='dilation')
#   -> [[0 2 2 2 2 2 0], [0 0 0 0 0 0 2]]   (footprint 3x3: -n 8)
#   reconstruction(seed, mask, method='dilation',
#                  footprint=np.array([[0,1,0],[1,1,1],[0,1,0]]))
#   -> [[0 2 2 2 2 2 0], [0 0 0 0 0 0 0]]   (-n 4)
#   reconstruction(seed2, mask2, method='erosion')
#   -> [[9 1 4 4 4 6 9], [9 9 9 9 9 9 9]]
# (the arrays below; by hand: the seed's value spreads while the mask
# allows, clipped by it)
printf 'P2 7 2 255\n0 5 5 3 8 8 0\n0 0 0 0 0 0 9\n' > "$TMP/rm.pgm"
printf 'P2 7 2 255\n0 2 0 0 0 0 0\n0 0 0 0 0 0 0\n' > "$TMP/rs.pgm"
expect 0 "$M" --op reconstruct --seed "$TMP/rs.pgm" "$TMP/rm.pgm" "$TMP/rd.pgm"
check "reconstruct by dilation" "$(tailvals "$TMP/rd.pgm" 14 u1)" "0 2 2 2 2 2 0 0 0 0 0 0 0 2"
expect 0 "$M" --op reconstruct -n 4 --seed "$TMP/rs.pgm" "$TMP/rm.pgm" "$TMP/rd4.pgm"
check "reconstruct by dilation -n 4" "$(tailvals "$TMP/rd4.pgm" 14 u1)" "0 2 2 2 2 2 0 0 0 0 0 0 0 0"
printf 'P2 7 2 255\n9 1 4 4 2 6 9\n9 9 9 9 9 9 9\n' > "$TMP/em.pgm"
printf 'P2 7 2 255\n9 1 9 9 9 9 9\n9 9 9 9 9 9 9\n' > "$TMP/es.pgm"
expect 0 "$M" --op reconstruct --by erosion --seed "$TMP/es.pgm" "$TMP/em.pgm" "$TMP/re.pgm"
check "reconstruct by erosion" "$(tailvals "$TMP/re.pgm" 14 u1)" "9 1 4 4 4 6 9 9 9 9 9 9 9 9"
# binary: the seed pixel in the right blob keeps that blob only
printf 'P2 5 3 1\n1 1 0 1 1\n1 0 0 0 1\n0 0 0 1 1\n' > "$TMP/bm.pgm"
printf 'P2 5 3 1\n0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 1\n' > "$TMP/bs.pgm"
expect 0 "$M" --op reconstruct --seed "$TMP/bs.pgm" "$TMP/bm.pgm" "$TMP/rb.pgm"
check "binary reconstruct" "$(tailvals "$TMP/rb.pgm" 15 u1)" "0 0 0 1 1 0 0 0 0 1 0 0 0 1 1"
# a later output that cannot be written: the run fails and takes back the
# outputs it had written (label image, overlay), an existing OUT is kept
expect 1 "$L" --overlay "$TMP/ov.png" --csv="$TMP/no/such/dir/t.csv" "$TMP/m.pgm" "$TMP/lf.png"
CHECKS=$((CHECKS + 1))
[ ! -e "$TMP/lf.png" ] && [ ! -e "$TMP/ov.png" ] || fail "failed run left its outputs"
printf 'kept' > "$TMP/old.png"
expect 1 "$L" --csv="$TMP/no/such/dir/t.csv" "$TMP/m.pgm" "$TMP/old.png"
CHECKS=$((CHECKS + 1))
[ -e "$TMP/old.png" ] || fail "failed run removed an existing OUT"
finish
