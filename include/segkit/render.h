/* segkit/render.h - drawing on images for people to look at.
 *
 * Text: a built-in 5x7 bitmap font (printable ASCII, drawn for segkit and
 * public domain), for labels on montages and overlays.  Each glyph is 5x7
 * font pixels in a 6x9 cell (one column and two rows of spacing); SCALE
 * makes every font pixel SCALE x SCALE image pixels.  '\n' starts a new line;
 * a character outside 32..126 is drawn as '?'.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_RENDER_H
#define SEGKIT_RENDER_H

#include <stdint.h>

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEGKIT_FONT_WIDTH 5   /* glyph width in font pixels */
#define SEGKIT_FONT_HEIGHT 7  /* glyph height */
#define SEGKIT_FONT_ADVANCE 6 /* from one character to the next */
#define SEGKIT_FONT_LINE 9    /* from one line to the next */

typedef struct segkit_text_options {
    int scale;         /* image pixels per font pixel, 1..64 (default 1) */
    uint8_t color[4];  /* ink, one value per channel (default 255: white) */
    int box;           /* 1: fill the text's box with bg first (default 0) */
    uint8_t bg[4];     /* box colour per channel (default 0: black) */
    int pad;           /* box margin in image pixels, >= 0 (default 1) */
} segkit_text_options;

SEGKIT_API segkit_text_options segkit_text_options_default(void);

/* The size in image pixels of TEXT drawn with OPT (NULL: the defaults):
 * width = (longest line's characters * 6 - 1) * scale, height = (lines * 9 -
 * 2) * scale, plus 2 * pad on each side when opt->box.  Empty text: 0 x 0
 * (or the padding alone with a box).  Returns SEGKIT_ERR_ARG for NULL
 * text/width/height or a bad option, else SEGKIT_OK. */
SEGKIT_API int segkit_render_text_size(const char *text, const segkit_text_options *opt,
                                       int *width, int *height);

/* Draws TEXT into IMG (u8, 1 to 4 channels; channel c gets color[c] and
 * bg[c]) with the top-left corner of its box at (x, y); anything outside
 * the image is clipped, so x and y may be negative.  Returns SEGKIT_ERR_ARG
 * (NULL image/text, bad options), SEGKIT_ERR_TYPE (not u8), else
 * SEGKIT_OK. */
SEGKIT_API int segkit_render_text(segkit_image *img, int x, int y, const char *text,
                                  const segkit_text_options *opt);

#ifdef __cplusplus
}
#endif

#endif
