# `cmake --install` installs the library, headers, tools, man pages, segkit.pc
# and a CMake package; a separate project finds it with find_package(segkit)
# and with pkg-config, links it, and runs.  Configured for one prefix and
# installed with `cmake --install --prefix` into two others, so segkit.pc and
# the CMake package must follow the install-time prefix.  Built without
# sanitizers so the consumer links a plain library.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${SEGKIT_TESTS:?}/.." && pwd)
PREFIX="$TMP/prefix"          # installed here ...
STATIC="$TMP/static-prefix"   # ... and here, then its shared library removed

CHECKS=$((CHECKS + 1))
if ! { cmake -S "$SRC" -B "$TMP/build" -DCMAKE_BUILD_TYPE=Release -DSEGKIT_SANITIZE=OFF \
         -DSEGKIT_BUILD_TESTS=OFF -DSEGKIT_BUILD_BENCH=OFF \
         -DCMAKE_INSTALL_PREFIX="$TMP/configured-prefix" &&
       cmake --build "$TMP/build" -j2 &&
       cmake --install "$TMP/build" --prefix "$PREFIX" &&
       cmake --install "$TMP/build" --prefix "$STATIC"; } >"$TMP/log" 2>&1; then
    fail "build + install failed"; tail -20 "$TMP/log"; finish; exit 1
fi
absent "$TMP/configured-prefix"
LIBDIR=$(ls -d "$PREFIX"/lib* | head -1)
for f in include/segkit/segkit.h include/segkit/image.h include/segkit/io.h \
         include/segkit/threshold.h bin/segkit bin/segkit-threshold \
         share/man/man1/segkit.1 share/man/man1/segkit-threshold.1; do
    CHECKS=$((CHECKS + 1)); [ -e "$PREFIX/$f" ] || fail "not installed: $f"
done
CHECKS=$((CHECKS + 1))
[ -n "$(find "$LIBDIR" -name 'libsegkit.so*')" ] && [ -n "$(find "$LIBDIR" -name libsegkit.a)" ] \
    && [ -n "$(find "$LIBDIR" -name segkit.pc)" ] && [ -n "$(find "$LIBDIR" -name segkit-config.cmake)" ] \
    || fail "library, segkit.pc or segkit-config.cmake missing under $LIBDIR"

# -- segkit.pc names the install-time prefix, and stb only in Libs.private
PC=$(dirname "$(find "$LIBDIR" -name segkit.pc | head -1)")
PCFILE="$PC/segkit.pc"
CHECKS=$((CHECKS + 1))
! grep -q "configured-prefix\|$TMP/build" "$PCFILE" ||
    { fail "segkit.pc names the configure-time prefix or the build tree:"; cat "$PCFILE"; }
expect 0 env PKG_CONFIG_PATH="$PC" pkg-config --variable=prefix segkit
has "$TMP/out" "^$PREFIX\$"
expect 0 env PKG_CONFIG_PATH="$PC" pkg-config --variable=libdir segkit
has "$TMP/out" "^$LIBDIR\$"
has "$PCFILE" '^Libs.private:.* -lstb( |$)'
CHECKS=$((CHECKS + 1))
! grep -Eq '^Requires.*stb' "$PCFILE" || fail "segkit.pc requires stb"
# --cflags --libs need libpng/libjpeg/zlib's .pc files but not stb's: a
# pkg-config search path holding only those (no stb.pc) must do.
mkdir "$TMP/pcdir"
for m in libpng libjpeg zlib; do
    d=$(pkg-config --variable=pcfiledir $m)
    cp "$d/$m.pc" "$TMP/pcdir/" 2>/dev/null || fail "no $m.pc"
done
cp "$PCFILE" "$TMP/pcdir/"
expect 0 env PKG_CONFIG_LIBDIR="$TMP/pcdir" PKG_CONFIG_PATH= pkg-config --cflags --libs segkit
has "$TMP/out" "-I$PREFIX/include( |\$)"
has "$TMP/out" "-L$LIBDIR -lsegkit( |\$)"
CHECKS=$((CHECKS + 1))
! grep -q stb "$TMP/out" || fail "pkg-config --cflags --libs mentions stb: $(cat "$TMP/out")"
expect 0 env PKG_CONFIG_LIBDIR="$TMP/pcdir" PKG_CONFIG_PATH= pkg-config --static --libs segkit
has "$TMP/out" '-lstb( |$)'

mkdir -p "$TMP/consumer"
cat >"$TMP/consumer/main.c" <<'C'
#include <segkit/segkit.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    segkit_image img;
    if (strcmp(segkit_version_string(), SEGKIT_VERSION_STRING) != 0) return 1;
    if (segkit_image_create(&img, 3, 2, 1, SEGKIT_U8) != SEGKIT_OK) return 1;
    segkit_image_free(&img);
    printf("ok %s\n", segkit_version_string());
    return 0;
}
C
cat >"$TMP/consumer/CMakeLists.txt" <<'C'
cmake_minimum_required(VERSION 3.20)
project(consumer C)
find_package(segkit 0.1 REQUIRED)
add_executable(consumer main.c)
target_link_libraries(consumer segkit::segkit)
add_executable(consumer_static main.c)
target_link_libraries(consumer_static segkit::segkit_static)
C
CHECKS=$((CHECKS + 1))
if cmake -S "$TMP/consumer" -B "$TMP/consumer/build" -DCMAKE_PREFIX_PATH="$PREFIX" >"$TMP/log" 2>&1 &&
   cmake --build "$TMP/consumer/build" >>"$TMP/log" 2>&1; then
    expect 0 env LD_LIBRARY_PATH="$LIBDIR" "$TMP/consumer/build/consumer"
    has "$TMP/out" '^ok [0-9]'
    expect 0 "$TMP/consumer/build/consumer_static"
    has "$TMP/out" '^ok [0-9]'
else
    fail "find_package(segkit) consumer did not build"; tail -20 "$TMP/log"
fi

# -- pkg-config consumers: shared (from $PREFIX), static (from $STATIC,
#    whose shared library is removed so only libsegkit.a can satisfy -lsegkit)
CHECKS=$((CHECKS + 1))
if cc -o "$TMP/pc" "$TMP/consumer/main.c" $(PKG_CONFIG_PATH="$PC" pkg-config --cflags --libs segkit) \
       >"$TMP/log" 2>&1; then
    expect 0 env LD_LIBRARY_PATH="$LIBDIR" "$TMP/pc"
    has "$TMP/out" '^ok [0-9]'
else
    fail "pkg-config consumer did not build"; cat "$TMP/log"
fi
SLIBDIR=$(ls -d "$STATIC"/lib* | head -1)
SPC=$(dirname "$(find "$SLIBDIR" -name segkit.pc | head -1)")
find "$SLIBDIR" -name 'libsegkit.so*' -exec rm -f {} +
CHECKS=$((CHECKS + 1))
if cc -o "$TMP/pc_static" "$TMP/consumer/main.c" \
       $(PKG_CONFIG_PATH="$SPC" pkg-config --static --cflags --libs segkit) >"$TMP/log" 2>&1; then
    expect 0 "$TMP/pc_static"
    has "$TMP/out" '^ok [0-9]'
else
    fail "pkg-config --static consumer did not build"; cat "$TMP/log"
fi
expect 0 "$PREFIX/bin/segkit" --version
expect 0 "$PREFIX/bin/segkit-threshold" --help
finish
