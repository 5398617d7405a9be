/* tools/color_cmd.h - the subcommands of segkit-color (one binary, as git
 * and vips have).  Each runs like a tool's main(): argv[0] is the
 * subcommand's name; it returns the exit status.  To add one: write
 * int color_NAME(int argc, char **argv) in its own tools/color_*.c, declare
 * it here, list it in segkit-color.c's `commands` and in tools/CMakeLists.txt
 * (target_sources of segkit-color). */
#ifndef SEGKIT_TOOLS_COLOR_CMD_H
#define SEGKIT_TOOLS_COLOR_CMD_H

#include "cli.h"

int color_convert(int argc, char **argv);
int color_range(int argc, char **argv);
int color_distance(int argc, char **argv);
int color_classes(int argc, char **argv);
int color_index(int argc, char **argv);
int color_kmeans(int argc, char **argv);
int color_slic(int argc, char **argv);
int color_felzenszwalb(int argc, char **argv);

/* ---- helpers the subcommands share (segkit-color.c) ---- */

/* Reads IN and checks it is RGB (3 or 4 channels, u8/u16/f32): prints
 * "segkit-color: IN: reason" and returns CLI_FAIL otherwise. */
int color_read_rgb(const char *path, const cli_common *common, segkit_image *img);

/* Writes a float image (converted colours, distances, indices): .npy/.pfm
 * as float32; a 16-bit format (PNG, PGM/PPM) as round((v - lo[c]) /
 * (hi[c] - lo[c]) * 65535), clamped to 0..65535 (lo/hi per channel).  An
 * 8-bit-only or lossy format is refused with a hint. */
int color_write_float(const char *path, const cli_common *common, const segkit_image *img,
                      const double *lo, const double *hi);

/* A repeatable option (--range, --ref): its values in order.  Give
 * color_list_add as the CLI_CUSTOM parser and the list as the target;
 * color_list_check prints an error (CLI_USAGE) when there were too many or
 * none. */
#define COLOR_LIST_MAX 64
typedef struct color_list {
    const char *v[COLOR_LIST_MAX];
    int n, max, over;
} color_list;
int color_list_add(const char *arg, void *target);
int color_list_check(const color_list *l, const char *opt, const char *none);

/* Parses a colour space name given to --OPT; prints the error (CLI_USAGE). */
int color_parse_space(const char *opt, const char *name, segkit_color_space *cs);
/* --opencv with space CS (spelled NAME by the user): CLI_OK when OpenCV has
 * an 8-bit encoding of it, else prints why and returns CLI_USAGE. */
int color_check_opencv(const segkit_color_space *cs, const char *name);

/* Inverts a 0/255 mask when invert is set; returns its 255 count. */
long long color_mask_finish(segkit_image *mask, int invert);

/* The nominal range of each channel of a space (for 16-bit output): lo[3],
 * hi[3]. */
void color_space_range(const segkit_color_space *cs, double lo[3], double hi[3]);

#endif
