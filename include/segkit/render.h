/* segkit/render.h - drawing on images for people to look at: palettes and
 * colormaps, display windows, label boundaries (as scikit-image's
 * find_boundaries), overlays of labels or masks over an image (label2rgb,
 * mark_boundaries), and text.
 *
 * Text: a built-in 5x7 bitmap font (printable ASCII, drawn for segkit and
 * public domain), for labels on montages and overlays.  Each glyph is 5x7
 * font pixels in a 6x9 cell (one column and two rows of spacing); SCALE
 * makes every font pixel SCALE x SCALE image pixels.  '\n' starts a new line;
 * a character outside 32..126 is drawn as '?'.
 *
 * Images: labels are 1-channel integers (SEGKIT_I32 as everywhere, U8 and
 * U16 accepted; 0 and negative values are background); scalar maps are
 * 1-channel F32 (or U8/U16 shown through a colormap).  Every picture made
 * here is a new owned 3-channel U8 image (RGB).
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


/* -------------------------------------------------------------- palettes */

/* Where a label's colour comes from.  Categorical palettes give label L
 * (L >= 1) the entry (L - 1) mod n, so L always gets the same colour, in
 * every image and run; colormaps (viridis, magma, gray) are for scalar
 * images, and give labels 1..max evenly spread colours.  Label 0 (and
 * negative labels) is background: transparent in an overlay, black in a
 * picture of the labels alone. */
typedef enum segkit_palette_kind {
    SEGKIT_PALETTE_GLASBEY = 0, /* 256 maximally distinct colours (default) */
    SEGKIT_PALETTE_TAB20,       /* matplotlib's tab20 (Tableau 20) */
    SEGKIT_PALETTE_VIRIDIS,     /* matplotlib's viridis, 256 entries */
    SEGKIT_PALETTE_MAGMA,       /* matplotlib's magma, 256 entries */
    SEGKIT_PALETTE_GRAY,        /* black to white */
    SEGKIT_PALETTE_CUSTOM,      /* the caller's colours (segkit_palette) */
    SEGKIT_PALETTE_COUNT
} segkit_palette_kind;

/* The Glasbey-style palette: 256 colours chosen greedily so that each is as
 * far as possible (in CIEDE2000) from black, white and every earlier entry;
 * tests/gen/render_tables.py makes the table (the exact procedure is there).
 * Its smallest CIEDE2000 distance between two entries is 8.2789, between
 * consecutive entries 10.9445, to black or white 9.1657. */
#define SEGKIT_GLASBEY_SIZE 256

typedef struct segkit_palette {
    segkit_palette_kind kind;
    const uint8_t (*colors)[3]; /* CUSTOM: n RGB colours (borrowed) */
    int n;
} segkit_palette;

/* "glasbey", "tab20", "viridis", "magma", "gray"; NULL for CUSTOM/invalid. */
SEGKIT_API const char *segkit_palette_name(segkit_palette_kind kind);
/* The kind named NAME; SEGKIT_ERR_ARG if none. */
SEGKIT_API int segkit_palette_parse(const char *name, segkit_palette_kind *kind);
/* 1 for the colormaps (viridis, magma, gray), 0 for categorical palettes. */
SEGKIT_API int segkit_palette_is_colormap(segkit_palette_kind kind);

/* The colour of label L (>= 1) in a categorical palette (for a colormap:
 * entry (L - 1) mod 256).  L <= 0: black.  Returns SEGKIT_ERR_ARG for a bad
 * palette (CUSTOM without colours), else SEGKIT_OK. */
SEGKIT_API int segkit_palette_color(const segkit_palette *p, int64_t label,
                                    uint8_t rgb[3]);

/* Entry i (0..255) of a colormap, as matplotlib's cmap(i, bytes=True)
 * (gray: i, i, i).  A value t in [0, 1] maps to entry min(255, floor(t *
 * 256)), as matplotlib's Colormap.__call__ does for floats. */
SEGKIT_API int segkit_colormap_entry(segkit_palette_kind kind, int i,
                                     uint8_t rgb[3]);

/* Parses a colour: "#rrggbb", "#rgb", "R,G,B" (0..255 each) or one of the
 * 148 CSS colour names, case-insensitive (the names segkit_color_parse
 * takes; "green" is CSS green #008000, "lime" is #00ff00).  Returns
 * SEGKIT_ERR_ARG when S is none of these. */
SEGKIT_API int segkit_render_parse_color(const char *s, uint8_t rgb[3]);

/* ------------------------------------------------------------ class table */

/* A class table: the colour (and a name) of given label values. */
typedef struct segkit_class {
    int32_t id;
    uint8_t color[3];
    char name[64];
} segkit_class;

typedef struct segkit_class_table {
    segkit_class *classes; /* sorted by id, ids unique */
    int count;
} segkit_class_table;

/* Parses a class table from TEXT (LEN bytes, need not end in NUL):
 *   CSV: one class a line, "id,name,colour" (colour as segkit_render_parse_
 *        color; an R,G,B colour may also be three columns "id,name,R,G,B");
 *        a first line whose id is not a number is a header; '#' at the start
 *        of a line is a comment;
 *   JSON: an array of objects [{"id": 1, "name": "cell", "color": "#ff0000"},
 *        ...] (also "colour"; the colour as a string or an [R, G, B] array),
 *        or such an array under a top-level "classes" key.
 * On error returns SEGKIT_ERR_CORRUPT with *line (if not NULL) the 1-based line
 * of the problem and the table zeroed; SEGKIT_ERR_NOMEM.  Free the table with
 * segkit_class_table_free. */
SEGKIT_API int segkit_class_table_parse(const char *text, size_t len,
                                        segkit_class_table *table, int *line);
SEGKIT_API void segkit_class_table_free(segkit_class_table *table);
/* The class of ID, NULL if none. */
SEGKIT_API const segkit_class *segkit_class_table_find(const segkit_class_table *t,
                                                       int32_t id);

/* ------------------------------------------------------ display windows */

/* How an image that is not 8-bit (or a scalar map) becomes 0..255 for
 * display: the values in [lo, hi] map linearly to 0..255 (round half up),
 * below lo to 0, above hi to 255.  NaN shows as 0. */
typedef enum segkit_window_mode {
    SEGKIT_WINDOW_AUTO = 0,   /* u8: as is (0..255); u16 and f32: MINMAX */
    SEGKIT_WINDOW_MINMAX,     /* lo, hi = the smallest and largest finite values */
    SEGKIT_WINDOW_PERCENTILE, /* lo, hi = the p_lo-th and p_hi-th percentiles
                                 (0..100, of all finite samples): the sample of
                                 rank floor(p / 100 * (n - 1)) in sorted order */
    SEGKIT_WINDOW_VALUES      /* lo, hi given */
} segkit_window_mode;

typedef struct segkit_window {
    segkit_window_mode mode;
    double lo, hi; /* PERCENTILE: percentiles; VALUES: values; else unused */
} segkit_window;

/* Resolves W for IMG (any type, all channels together) into the values
 * *lo <= *hi actually used.  Returns SEGKIT_ERR_ARG (bad window: lo > hi,
 * percentiles outside 0..100), SEGKIT_ERR_TYPE (i32), SEGKIT_OK. */
SEGKIT_API int segkit_window_resolve(const segkit_image *img, const segkit_window *w,
                                     double *lo, double *hi);

/* A new owned 3-channel u8 picture of IMG (1 channel: gray; 3: RGB; 2 and 4:
 * the alpha channel is dropped) through window W (NULL: AUTO).  i32 images
 * are refused (SEGKIT_ERR_TYPE): use an overlay or a palette. */
SEGKIT_API int segkit_render_display(const segkit_image *img, const segkit_window *w,
                                     segkit_image *rgb);

/* A new owned 3-channel u8 picture of the 1-channel scalar image IMG (u8,
 * u16, f32) through window W (NULL: AUTO) and a colormap: value v gets entry
 * min(255, floor((v - lo) / (hi - lo) * 256)) (lo = hi: entry 0).  NaN is
 * black. */
SEGKIT_API int segkit_render_colormap(const segkit_image *img, segkit_palette_kind cmap,
                                      const segkit_window *w, segkit_image *rgb);

/* ------------------------------------------------------------ boundaries */

typedef enum segkit_boundary_mode {
    SEGKIT_BOUNDARY_THICK = 0, /* pixels with a 4-neighbour of another label */
    SEGKIT_BOUNDARY_INNER,     /* thick pixels inside objects (label != 0) */
    SEGKIT_BOUNDARY_OUTER,     /* thick pixels in the background, or inside an
                                  object with another object among its 8
                                  neighbours */
    SEGKIT_BOUNDARY_SUBPIXEL,  /* on a (2w - 1) x (2h - 1) grid with a pixel at
                                  every even position: odd positions between two
                                  different labels */
    SEGKIT_BOUNDARY_COUNT
} segkit_boundary_mode;

/* "thick", "inner", "outer", "subpixel". */
SEGKIT_API const char *segkit_boundary_mode_name(segkit_boundary_mode mode);
SEGKIT_API int segkit_boundary_mode_parse(const char *name, segkit_boundary_mode *mode);

/* The boundary mask of LABELS (1-channel u8, u16 or i32; 0 is background) as
 * a new owned u8 image, 255 on boundaries, 0 elsewhere: equal to
 * skimage.segmentation.find_boundaries(labels, connectivity=1, mode=MODE,
 * background=0) (the image edge is no boundary).  SUBPIXEL: the mask is
 * (2 width - 1) x (2 height - 1).  Returns SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_render_boundaries(const segkit_image *labels,
                                        segkit_boundary_mode mode, segkit_image *mask);

/* -------------------------------------------------------------- overlays */

typedef enum segkit_overlay_mode {
    SEGKIT_OVERLAY_FILL = 0, /* objects tinted with their colour (alpha) */
    SEGKIT_OVERLAY_BOUNDARY, /* boundaries drawn in the objects' colours */
    SEGKIT_OVERLAY_BOTH,     /* fill, then boundaries (opaque) */
    SEGKIT_OVERLAY_AVG,      /* each object painted with its mean colour in the
                                image, background black: label2rgb(kind='avg') */
    SEGKIT_OVERLAY_MODE_COUNT
} segkit_overlay_mode;

SEGKIT_API const char *segkit_overlay_mode_name(segkit_overlay_mode mode);
SEGKIT_API int segkit_overlay_mode_parse(const char *name, segkit_overlay_mode *mode);

typedef struct segkit_overlay_params {
    segkit_overlay_mode mode;      /* default FILL */
    double alpha;                  /* fill opacity 0..1 (default 0.45) */
    segkit_boundary_mode boundary; /* default THICK */
    int width;                     /* boundary width in pixels, 1..64 (default 1) */
    int boundary_color_set;        /* 1: boundaries in boundary_color, not the
                                      objects' colours */
    uint8_t boundary_color[3];
    segkit_palette palette;        /* default GLASBEY */
    const segkit_class_table *classes; /* NULL, or colours of given labels
                                      (others: the palette's colour) */
    int label_text;                /* 1: each object's id (or class name) at
                                      its centroid */
    int text_scale;                /* font scale; 0 (default): max(1, min(w, h)
                                      / 512) */
    segkit_window window;          /* how IMAGE is shown (default AUTO) */
    segkit_window value_window;    /* scalar LABELS through a colormap (AUTO) */
} segkit_overlay_params;

SEGKIT_API segkit_overlay_params segkit_overlay_params_default(void);

/* Draws LABELS over IMAGE into a new owned 3-channel u8 picture *OUT.
 *
 * IMAGE: 1 to 4 channels (gray, gray+alpha, RGB, RGBA; alpha is dropped),
 *   u8, u16 or f32, shown through p->window.
 * LABELS: 1-channel, IMAGE's size.  Integers (u8, u16, i32) are labels:
 *   label L >= 1 gets its class colour or its palette colour, 0 and negative
 *   values stay transparent.  With a colormap palette, labels 1..max are
 *   spread over it (label L: entry floor((L - 1) * 256 / max)).  f32 is a
 *   scalar map (a distance map, a probability): every pixel gets the
 *   colormap's colour through p->value_window (a categorical palette: viridis
 *   is used), NaN stays transparent.
 * FILL: out = image (1 - alpha) + colour alpha, with alpha quantised to
 *   1/256: (image (256 - a) + colour a + 128) >> 8, a = round(alpha 256).
 * BOUNDARY / BOTH: the p->boundary mask of segkit_render_boundaries, grown
 *   to p->width pixels (a (2 width - 1)-pixel square, then kept where the
 *   mode allows: inside objects for INNER, in the background or next to
 *   another object for OUTER), painted opaque in the colour of the label
 *   under it (for pixels of the background: of the nearest label, i.e. the
 *   largest label among its 3 x 3 neighbours), or p->boundary_color.  As
 *   mark_boundaries(image, labels, color, mode=boundary) does with one
 *   colour.  SUBPIXEL: the picture is (2 width - 1) x (2 height - 1), IMAGE
 *   linearly interpolated between its pixels (skimage uses a cubic zoom).
 * AVG: label2rgb(labels, image, kind='avg', bg_label=0): each label's pixels
 *   get the mean of IMAGE over them (per channel, of the displayed 8-bit
 *   values, truncated as numpy's astype(uint8)), the background black.
 * label_text: each object's id (or its class name) in white on a black box,
 *   centred on its centroid (segkit_regionprops), in the built-in font.
 *
 * Returns SEGKIT_ERR_ARG (NULL or bad params), SEGKIT_ERR_TYPE (channels,
 * types), SEGKIT_ERR_SIZE (sizes differ), SEGKIT_ERR_NOMEM. */
SEGKIT_API int segkit_overlay(const segkit_image *image, const segkit_image *labels,
                              const segkit_overlay_params *p, segkit_image *out);

/* The same into an existing 3-channel u8 image OUT of the picture's size
 * (IMAGE's, or (2 width - 1) x (2 height - 1) for subpixel boundaries); it
 * may not overlap the inputs.  FILL of an 8-bit RGB image shown as it is
 * (window AUTO) is one pass with no image-sized allocation.  Also returns
 * SEGKIT_ERR_TYPE / SEGKIT_ERR_SIZE when OUT does not fit. */
SEGKIT_API int segkit_overlay_to(const segkit_image *image, const segkit_image *labels,
                                 const segkit_overlay_params *p, segkit_image *out);

/* A picture of LABELS alone (black background): segkit_overlay over a black
 * image with alpha 1 and P's palette, classes and text (P NULL: defaults). */
SEGKIT_API int segkit_render_labels(const segkit_image *labels,
                                    const segkit_overlay_params *p, segkit_image *rgb);

#ifdef __cplusplus
}
#endif

#endif
