# `cmake --install` installs the library, headers, tools, man pages, segkit.pc
# and a CMake package; a separate project finds it with find_package(segkit)
# and with pkg-config, links it, and runs.  Built without sanitizers in a
# temporary prefix so the consumer links a plain library.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "${SEGKIT_TESTS:?}/.." && pwd)
PREFIX="$TMP/prefix"

CHECKS=$((CHECKS + 1))
if ! { cmake -S "$SRC" -B "$TMP/build" -DCMAKE_BUILD_TYPE=Release -DSEGKIT_SANITIZE=OFF \
         -DSEGKIT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$PREFIX" &&
       cmake --build "$TMP/build" -j2 &&
       cmake --install "$TMP/build"; } >"$TMP/log" 2>&1; then
    fail "build + install failed"; tail -20 "$TMP/log"; finish; exit 1
fi
LIBDIR=$(ls -d "$PREFIX"/lib* | head -1)
for f in include/segkit/segkit.h include/segkit/image.h include/segkit/io.h \
         include/segkit/threshold.h bin/segkit bin/segkit-threshold \
         share/man/man1/segkit.1 share/man/man1/segkit-threshold.1; do
    CHECKS=$((CHECKS + 1)); [ -e "$PREFIX/$f" ] || fail "not installed: $f"
done
for f in $(find "$LIBDIR" -name 'libsegkit.a' -o -name 'libsegkit.so' -o -name segkit.pc \
             -o -name segkit-config.cmake | sort); do :; done
CHECKS=$((CHECKS + 1))
[ -n "$(find "$LIBDIR" -name 'libsegkit.so*')" ] && [ -n "$(find "$LIBDIR" -name libsegkit.a)" ] \
    && [ -n "$(find "$LIBDIR" -name segkit.pc)" ] && [ -n "$(find "$LIBDIR" -name segkit-config.cmake)" ] \
    || fail "library, segkit.pc or segkit-config.cmake missing under $LIBDIR"

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

CHECKS=$((CHECKS + 1))
PC=$(dirname "$(find "$LIBDIR" -name segkit.pc | head -1)")
if cc -o "$TMP/pc" "$TMP/consumer/main.c" $(PKG_CONFIG_PATH="$PC" pkg-config --cflags --libs segkit) \
       >"$TMP/log" 2>&1; then
    expect 0 env LD_LIBRARY_PATH="$LIBDIR" "$TMP/pc"
else
    fail "pkg-config consumer did not build"; cat "$TMP/log"
fi
expect 0 "$PREFIX/bin/segkit" --version
expect 0 "$PREFIX/bin/segkit-threshold" --help
finish
