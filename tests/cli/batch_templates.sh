# Batch (issue 14): -o templates ({stem} {name} {ext} {dir} {index}), created
# directories, the usage errors that keep a batch from overwriting anything
# (several inputs without -o, two inputs on one output, an output that is an
# input), and that a batch writes byte for byte what single runs write.
. "$(dirname "$0")/lib.sh"
D="$BIN/segkit-distance"
MO="$BIN/segkit-morph"
cd "$TMP" || exit 1
mkdir in sub
# three small masks (P2 by hand); b has a hole
printf 'P2 5 4 255\n0 0 0 0 0\n0 255 255 255 0\n0 255 255 255 0\n0 0 0 0 0\n' > in/a.pgm
printf 'P2 5 4 255\n255 255 255 255 255\n255 0 0 0 255\n255 255 255 255 255\n0 0 0 0 0\n' > in/b.pgm
printf 'P2 5 4 255\n0 0 0 0 0\n0 0 0 0 0\n0 0 255 0 0\n0 0 0 0 0\n' > sub/c.x.pgm

# single runs, the reference for every batch below
for f in in/a.pgm in/b.pgm sub/c.x.pgm; do
    expect 0 "$D" --scale 10 "$f" "ref_$(basename "$f" .pgm).png"
done

# {dir}/{stem}, {name}, {ext}, {index} and {index:3}; directories are made
expect 0 "$D" --scale 10 -o 'o1/{dir}/{stem}.png' in/a.pgm in/b.pgm sub/c.x.pgm
same o1/in/a.png ref_a.png
same o1/in/b.png ref_b.png
same o1/sub/c.x.png ref_c.x.png
empty "$TMP/out"
expect 0 "$D" --scale 10 -o 'o2/{index:3}-{name}.{ext}.png' in/a.pgm in/b.pgm sub/c.x.pgm
same o2/001-a.pgm.pgm.png ref_a.png
same o2/003-c.x.pgm.pgm.png ref_c.x.png
expect 0 "$D" --scale 10 -o 'o3/{index}{{x}}.png' in/a.pgm in/b.pgm
same 'o3/2{x}.png' ref_b.png
# one input with -o: the same
expect 0 "$D" --scale 10 -o 'o4/{stem}.png' in/a.pgm
same o4/a.png ref_a.png

# usage errors (exit 2) that write nothing
expect 2 "$D" --scale 10 in/a.pgm in/b.pgm o5.png
has "$TMP/err" 'several inputs need -o TEMPLATE'
absent o5.png
expect 2 "$D" --scale 10 -o 'o6/{nope}.png' in/a.pgm in/b.pgm
has "$TMP/err" 'unknown placeholder'
absent o6
expect 2 "$D" --scale 10 -o 'o7/{index:x}.png' in/a.pgm
absent o7
expect 2 "$D" --scale 10 -o 'o8/{stem' in/a.pgm
absent o8
# two inputs, one output name ({stem} of in/a.pgm and other/a.pgm)
mkdir other && cp in/a.pgm other/a.pgm
expect 2 "$D" --scale 10 -o 'o9/{stem}.png' in/a.pgm other/a.pgm
has "$TMP/err" 'two inputs would write this output'
absent o9
# a template without placeholder and several inputs is the same error
expect 2 "$D" --scale 10 -o 'one.png' in/a.pgm in/b.pgm
absent one.png
# an output that is an input: refused, by path or by file (a hard link)
cp in/a.pgm self.pgm
expect 2 "$D" --scale 10 -o '{dir}/{stem}.pgm' self.pgm in/b.pgm
has "$TMP/err" 'self.pgm: the output would replace an input'
same self.pgm in/a.pgm
ln in/b.pgm link.pgm
expect 2 "$D" --scale 10 -o 'link.pgm' in/b.pgm
same link.pgm in/b.pgm
expect 2 "$D" --scale 10 self.pgm ./self.pgm
same self.pgm in/a.pgm
# ... unless --force
expect 0 "$D" --scale 10 in/a.pgm ref_a.pgm
expect 0 "$D" --scale 10 --force self.pgm ./self.pgm
same self.pgm ref_a.pgm
# --overlay with several inputs must be a template
expect 2 "$D" --scale 10 -o 'oa/{stem}.png' --overlay ov.png in/a.pgm in/b.pgm
has "$TMP/err" '--overlay ov.png: every input would write it'
absent oa
expect 0 "$D" --scale 10 -o 'oa/{stem}.png' --overlay 'ov/{stem}.png' in/a.pgm in/b.pgm
[ -s ov/a.png ] && [ -s ov/b.png ] || fail "overlays ov/a.png ov/b.png not written"
# the single-run overlay of a.pgm is the same picture
expect 0 "$D" --scale 10 --overlay ov_a.png in/a.pgm x.png
same ov/a.png ov_a.png
# no output named at all, for a tool that needs one
printf 'in/a.pgm\n' > list
expect 2 "$D" --scale 10 --files-from list
has "$TMP/err" 'give -o TEMPLATE'

# segkit-morph: --op is the operation, -o the template; -o OP (the old
# spelling) still works with a warning when OP is an operation name
expect 0 "$MO" --op dilate in/a.pgm ref_dil.pgm
expect 0 "$MO" -o dilate in/a.pgm old_dil.pgm
has "$TMP/err" 'warning: -o dilate: -o is the output template now'
same old_dil.pgm ref_dil.pgm
expect 0 "$MO" --op dilate -o 'md/{stem}.pgm' in/a.pgm in/b.pgm
same md/a.pgm ref_dil.pgm
# --seed as a template: each input its own seed
expect 0 "$MO" --op reconstruct --seed in/a.pgm in/b.pgm ref_rec.pgm
mkdir seeds && cp in/a.pgm seeds/b.pgm && cp in/a.pgm seeds/a.pgm
expect 0 "$MO" --op reconstruct --seed 'seeds/{name}' -o 'mr/{stem}.pgm' in/b.pgm in/a.pgm
same mr/b.pgm ref_rec.pgm
# segkit-edges: --output WHAT (a component name, the old spelling) still
# works with a warning; the option is --component now
E="$BIN/segkit-edges"
expect 0 "$E" -m sobel --component x in/a.pgm ref_x.pfm
expect 0 "$E" -m sobel --output x in/a.pgm old_x.pfm
has "$TMP/err" 'warning: --output x: --output is the output template now'
same old_x.pfm ref_x.pfm
expect 0 "$E" -m sobel --component x --output 'ex/{stem}.pfm' in/a.pgm in/b.pgm
same ex/a.pfm ref_x.pfm
finish
