/* segkit/color.h - colour conversions.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_COLOR_H
#define SEGKIT_COLOR_H

#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Formulas that turn RGB into one gray channel.
 *   BT601  0.299 R + 0.587 G + 0.114 B  (OpenCV cvtColor, ImageJ "weighted",
 *          PIL "L"; the default)
 *   BT709  0.2125 R + 0.7154 G + 0.0721 B  (scikit-image rgb2gray)
 *   AVG    (R + G + B) / 3  (ImageJ's unweighted default)
 *   DOXA   (11 R + 16 G + 5 B) / 32, integer division (Doxa, DIBCO tools)
 *   RED, GREEN, BLUE  one channel
 *   MAX    max(R, G, B) (HSV value)
 *   LIGHTNESS (max + min) / 2 (HLS lightness)
 * Integer outputs are rounded to nearest, except DOXA, which truncates as
 * its reference does. */
typedef enum segkit_gray_formula {
    SEGKIT_GRAY_BT601 = 0,
    SEGKIT_GRAY_BT709,
    SEGKIT_GRAY_AVG,
    SEGKIT_GRAY_DOXA,
    SEGKIT_GRAY_RED,
    SEGKIT_GRAY_GREEN,
    SEGKIT_GRAY_BLUE,
    SEGKIT_GRAY_MAX,
    SEGKIT_GRAY_LIGHTNESS,
    SEGKIT_GRAY_COUNT
} segkit_gray_formula;

SEGKIT_API const char *segkit_gray_formula_name(segkit_gray_formula f);
SEGKIT_API int segkit_gray_formula_parse(const char *name,
                                         segkit_gray_formula *f);

/* Converts any 1..4 channel u8/u16/f32 image to a new owned 1-channel image
 * of the same type.  Alpha is dropped (not premultiplied); a 1-channel input
 * is copied.  SEGKIT_ERR_TYPE for i32. */
SEGKIT_API int segkit_color_to_gray(const segkit_image *src,
                                    segkit_gray_formula formula,
                                    segkit_image *gray);

#ifdef __cplusplus
}
#endif
#endif
