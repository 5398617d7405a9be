/* Private: the 148 CSS named colours (CSS Color Module Level 4, section
 * 6.1 "Named Colors"), shared by segkit_color_parse (src/color) and
 * segkit_render_parse_color (src/render) so that a name means one colour
 * everywhere. */
#ifndef SEGKIT_INTERNAL_CSS_COLORS_H
#define SEGKIT_INTERNAL_CSS_COLORS_H

#include <stdint.h>

/* The colour named NAME (ASCII case-insensitive): 0 and rgb set, or -1. */
int css_color_lookup(const char *name, uint8_t rgb[3]);

#endif
