# segkit-threshold: --max-pixels, --percentile, --kappa/--iterations,
# --convention and --no-autorotate from the command line.  Expected numbers
# are worked out by hand below, or come from reference-values.md.
. "$(dirname "$0")/lib.sh"
T="$BIN/segkit-threshold"

printf 'P5\n4 1\n255\n\000\144\145\377' >"$TMP/in4.pgm"
# 4 pixels: a limit of 3 refuses the image before decoding, 4 accepts it
expect 1 "$T" -m fixed --value 1 --max-pixels 3 "$TMP/in4.pgm" "$TMP/o.pgm"
has "$TMP/err" "^segkit-threshold: $TMP/in4.pgm: .*pixel limit"
absent "$TMP/o.pgm"
expect 0 "$T" -m fixed --value 1 --max-pixels 4 "$TMP/in4.pgm" "$TMP/o.pgm"
expect 2 "$T" -m fixed --value 1 --max-pixels 0 "$TMP/in4.pgm"

# 8 pixels 0 10 20 ... 70.  ImageJ Percentile takes the first level whose
# cumulative fraction is closest to P: 4/8 = 0.5 is reached at 30, 2/8 = 0.25
# at 10, 6/8 = 0.75 at 50.
printf 'P5\n8 1\n255\n\000\012\024\036\050\062\074\106' >"$TMP/ramp.pgm"
expect 0 "$T" -m percentile "$TMP/ramp.pgm"
has "$TMP/out" '^30$'
expect 0 "$T" -m percentile --percentile 0.25 "$TMP/ramp.pgm"
has "$TMP/out" '^10$'
expect 0 "$T" -m percentile --percentile 0.75 "$TMP/ramp.pgm"
has "$TMP/out" '^50$'
expect 2 "$T" -m percentile --percentile 1.5 "$TMP/ramp.pgm"

# kappa-sigma (ITK): T = mean + kappa * sigma (sample sigma, n - 1) of the
# pixels below the previous T, truncated for integer data.  7 zeros and one
# 100: mean 12.5, sigma = sqrt((7 * 12.5^2 + 87.5^2) / 7) = sqrt(1250) =
# 35.355; kappa 2: 83.21 -> 83; kappa 1: 47.86 -> 47.  A second iteration
# sees only the zeros: mean 0, sigma 0 -> 0.
printf 'P5\n8 1\n255\n\000\000\000\000\000\000\000\144' >"$TMP/spike.pgm"
expect 0 "$T" -m kappasigma --iterations 1 "$TMP/spike.pgm"
has "$TMP/out" '^83$'
expect 0 "$T" -m kappasigma --iterations 1 --kappa 1 "$TMP/spike.pgm"
has "$TMP/out" '^47$'
expect 0 "$T" -m kappasigma --iterations 2 "$TMP/spike.pgm"
has "$TMP/out" '^0$'
expect 2 "$T" -m kappasigma --iterations 0 "$TMP/spike.pgm"

# --convention: Triangle on the camera image is 42 in scikit-image and 43
# in OpenCV (reference-values.md)
if [ -n "${SEGKIT_SHARED_DATA:-}" ] && [ -e "$SEGKIT_SHARED_DATA/skimage/camera.png" ]; then
    expect 0 "$T" -m triangle --convention skimage "$SEGKIT_SHARED_DATA/skimage/camera.png"
    has "$TMP/out" '^42$'
    expect 0 "$T" -m triangle -c opencv --json "$SEGKIT_SHARED_DATA/skimage/camera.png"
    has "$TMP/out" '"convention": "opencv"'
    has "$TMP/out" '"threshold": 43[,}]'
    # --no-autorotate on a JPEG without EXIF orientation changes nothing
    J="$SEGKIT_SHARED_DATA/malformed/libjpeg-turbo/testorig.jpg"
    expect 0 "$T" -m otsu "$J" "$TMP/a.png"
    expect 0 "$T" -m otsu --no-autorotate "$J" "$TMP/b.png"
    same "$TMP/a.png" "$TMP/b.png"
else
    echo "note: shared data absent, convention and JPEG checks not run"
fi
expect 2 "$T" -m triangle --convention matlab "$TMP/ramp.pgm"
finish
