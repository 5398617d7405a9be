/* segkit/export.h - label images as outlines and exchange formats, and back.
 *
 *   contours   every label's borders, outer and holes, with their hierarchy
 *              (Suzuki-Abe border following, traced along pixel edges);
 *   simplify   Douglas-Peucker on those outlines;
 *   RLE        COCO run-length encoding (pycocotools' maskApi.c): the
 *              uncompressed counts and the compressed string;
 *   COCO       an annotations JSON (RLE or polygons per object);
 *   GeoJSON    a FeatureCollection of polygons with holes (RFC 7946);
 *   SVG        one <path> per object, fill-rule="evenodd";
 *   import     COCO RLE / polygons and GeoJSON polygons rasterised back to a
 *              label image.
 *
 * Coordinates.  Outlines run along pixel EDGES, not through pixel centres:
 * pixel (col x, row y) is the unit square [x, x+1] x [y, y+1], so vertices
 * are pixel corners with integer coordinates 0..width, 0..height, and the
 * area enclosed by an object's rings (holes subtracted) equals its pixel
 * count exactly.  Polygon coordinates are (x, y) = (column, row), as COCO
 * and GeoJSON write them; pycocotools' frPyObjects/annToMask reads such
 * polygons back to the same pixels.  Rasterising (import) takes a pixel
 * when its centre (x + 0.5, y + 0.5) is inside the polygon by the even-odd
 * rule, so an exported outline (tolerance 0) imports to the same pixels.
 *
 * Connectivity follows OpenCV's findContours: an object is 8-connected,
 * a hole (background or other labels enclosed by one label) is
 * 4-connected.  Each label is outlined on its own (pixels of other labels
 * are background for it), so a label touching another does not merge with
 * it; negative labels are background.
 *
 * The library produces text in memory (malloc'ed, NUL-terminated); writing
 * files is the caller's business (see segkit/io.h, segkit_output_*).
 *
 * Thread safety: reentrant, no global state.  Nothing here prints.
 */
#ifndef SEGKIT_EXPORT_H
#define SEGKIT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/image.h"
#include "segkit/label.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------- contours */

typedef struct segkit_contour {
    int32_t label;   /* the label whose border this is */
    int hole;        /* 0: outer border of a component; 1: border of a hole */
    int32_t parent;  /* index (in segkit_contours.items) of the border that
                        directly encloses this one among the same label's
                        borders: a hole's parent is its component's outer
                        border; an outer border's parent is the hole it lies
                        in, or -1.  (OpenCV's RETR_TREE hierarchy per label;
                        RETR_CCOMP's two levels are the outer borders and
                        their holes.) */
    size_t first;    /* index of its first vertex in segkit_contours.xy / 2 */
    size_t count;    /* vertices (>= 4 as traced); the ring closes by itself
                        (the last vertex joins the first, not repeated) */
} segkit_contour;

typedef struct segkit_contours {
    int width, height;      /* of the label image */
    size_t count;           /* borders */
    segkit_contour *items;
    size_t npoints;         /* vertices in all */
    int32_t *xy;            /* x0, y0, x1, y1, ...: pixel corners */
} segkit_contours;

/* Traces every border of every positive label of LABELS (1-channel I32).
 * Borders come label by label (ascending), and within a label in
 * Suzuki-Abe order: by the raster position (row, then column) of the pixel
 * where the scan first meets them.  Outer borders go
 * clockwise on screen (x right, y down: the object is on the right-hand
 * side), holes counter-clockwise (the label is again on the right-hand
 * side); vertices are the corners where the border turns (no collinear
 * points), starting at the first turn after the border's scan start.  An
 * object touching another only diagonally is one component, and its ring
 * passes twice through the shared corner (a self-touching ring: not a valid
 * OGC ring, though its area is right).
 * out: filled; free with segkit_contours_free.  Returns SEGKIT_ERR_ARG,
 * _TYPE (not 1-channel I32), _NOMEM, _OVERFLOW.  On error out is zeroed. */
SEGKIT_API int segkit_contours_find(const segkit_image *labels,
                                    segkit_contours *out);

/* Douglas-Peucker simplification of every ring, in place: vertices farther
 * than TOLERANCE pixels from the simplified ring are kept (closed rings are
 * split at their first vertex and the vertex farthest from it).  A ring
 * that would keep fewer than 3 vertices stays as it was.  tolerance 0
 * leaves everything unchanged.  The result may self-intersect (as
 * shapely's simplify(preserve_topology=False)).  Returns SEGKIT_ERR_ARG
 * (NULL, negative or NaN tolerance), _NOMEM. */
SEGKIT_API int segkit_contours_simplify(segkit_contours *c, double tolerance);

/* Frees the arrays and zeroes *c (a zeroed struct or NULL is fine). */
SEGKIT_API void segkit_contours_free(segkit_contours *c);

/* ------------------------------------------------------------------ RLE
 * COCO run-length encoding of one object's mask in an h x w image: pixels
 * in column-major order (index x * h + y), counts of alternating runs
 * starting with background (so counts[0] may be 0), the last run up to the
 * end of the image.  An empty mask is {h * w}, a full one {0, h * w}. */
typedef struct segkit_rle {
    int height, width;
    size_t count;        /* runs */
    uint32_t *counts;
} segkit_rle;

/* The RLE of the pixels of LABELS (1-channel I32) equal to VALUE (any
 * int32; 0 gives the background).  Returns SEGKIT_ERR_ARG, _TYPE,
 * _NOMEM, _OVERFLOW (more than 2^32 - 1 pixels). */
SEGKIT_API int segkit_rle_encode(const segkit_image *labels, int32_t value,
                                 segkit_rle *rle);

/* The RLEs of every positive label of LABELS at once, in ascending label
 * order: *rles (malloc'ed array of *n, free each with segkit_rle_free, then
 * free() the array) and *values (malloc'ed, the label of each; free()).
 * One pass over the image records every object's runs; each object's RLE
 * then comes from its runs alone (every horizontal crack between two rows
 * toggles the object in its column), not from one pass per object. */
SEGKIT_API int segkit_rle_encode_all(const segkit_image *labels, segkit_rle **rles,
                                     int32_t **values, size_t *n);

/* The compressed string of maskApi.c rleToString: each count (from the
 * fourth on, minus the count two before it) in 5-bit groups, low group
 * first, 0x20 marking that another group follows, each group + 48 as one
 * character ('0'..'o').  *text is malloc'ed, NUL-terminated. */
SEGKIT_API int segkit_rle_to_string(const segkit_rle *rle, char **text);

/* Parses a compressed string (rleFrString) of LEN bytes for an h x w image.
 * Stricter than maskApi.c: characters outside '0'..'o', a count outside
 * 0..2^32-1, more than 7 groups per count or counts that do not add up to
 * h * w are SEGKIT_ERR_CORRUPT. */
SEGKIT_API int segkit_rle_from_string(const char *text, size_t len,
                                      int height, int width, segkit_rle *rle);

/* Checks that rle's counts add up to height * width: SEGKIT_ERR_CORRUPT if
 * not, SEGKIT_ERR_ARG for a bad size. */
SEGKIT_API int segkit_rle_check(const segkit_rle *rle);

/* Area (pixels of the object) and bounding box [x, y, width, height] of
 * pixel extents, as pycocotools' area()/toBbox() (all zero when empty). */
SEGKIT_API int64_t segkit_rle_area(const segkit_rle *rle);
SEGKIT_API void segkit_rle_bbox(const segkit_rle *rle, int bbox[4]);

/* Sets the object's pixels of LABELS (I32, rle's size) to VALUE; other
 * pixels are left alone.  Returns SEGKIT_ERR_ARG, _TYPE, _SIZE,
 * _CORRUPT (counts not adding up to h * w). */
SEGKIT_API int segkit_rle_paint(const segkit_rle *rle, segkit_image *labels,
                                int32_t value);

/* Frees the counts and zeroes *rle (NULL fine). */
SEGKIT_API void segkit_rle_free(segkit_rle *rle);

/* ------------------------------------------------------------- export */

typedef enum segkit_coco_segm {
    SEGKIT_COCO_RLE = 0,     /* {"size": [h, w], "counts": "compressed"} */
    SEGKIT_COCO_RLE_COUNTS,  /* {"size": [h, w], "counts": [n0, n1, ...]} */
    SEGKIT_COCO_POLYGON      /* [[x0, y0, x1, y1, ...], ...]: every ring of
                                the object, holes included (see below) */
} segkit_coco_segm;

typedef struct segkit_export_params {
    /* outlines (polygons, GeoJSON, SVG) */
    double simplify;          /* Douglas-Peucker tolerance in pixels (0) */
    /* GeoJSON: X = a x + b y + c, Y = d x + e y + f applied to pixel-edge
     * coordinates (rasterio's Affine(a, b, c, d, e, f) order, not GDAL's
     * geotransform order); default the identity 1,0,0,0,1,0 */
    double transform[6];
    /* COCO */
    segkit_coco_segm segmentation;  /* default SEGKIT_COCO_RLE */
    int64_t image_id;         /* default 1 */
    int64_t category_id;      /* default 1 */
    const char *file_name;    /* images[0].file_name; NULL: none */
    /* GeoJSON properties: for every object, the properties PROPS[0..NPROPS)
     * (indices of segkit_region_prop_name) taken from REGIONS[label - 1]
     * (segkit_regionprops of the same labels; NREGIONS entries).  NULL /
     * 0: only "label". */
    const segkit_region *regions;
    int32_t nregions;
    const int *props;
    int nprops;
} segkit_export_params;

SEGKIT_API segkit_export_params segkit_export_params_default(void);

/* COCO: {"images": [{"id", "width", "height"[, "file_name"]}],
 * "categories": [{"id", "name": "object"}], "annotations": [...]} with one
 * annotation per positive label in ascending order: "id" = the label,
 * "image_id", "category_id", "iscrowd": 0, "area" (pixels), "bbox" [x, y,
 * width, height] of pixel extents (pycocotools toBbox), "segmentation".
 * Polygons: every ring of the label, outer borders and holes, as separate
 * lists; pycocotools' annToMask unions them (holes come out filled) while
 * segkit's import applies even-odd over the rings (holes stay holes): use
 * RLE for objects with holes when the reader is pycocotools.
 * GeoJSON: {"type": "FeatureCollection", "features": [...]}, one Feature
 * per label with a Polygon (one outer ring and its holes) or a
 * MultiPolygon (several components, or components inside the label's own
 * holes), properties {"label": L, ...}; exterior rings counter-clockwise
 * and holes clockwise after the transform (RFC 7946 section 3.1.6), first
 * vertex repeated at the end.
 * SVG: viewBox 0 0 width height, one <path> per label with data-label,
 * every ring as a subpath (M ... Z), fill-rule="evenodd".
 * LABELS: 1-channel I32.  *text: malloc'ed, NUL-terminated, *len bytes.
 * Returns SEGKIT_ERR_ARG, _TYPE, _NOMEM, _OVERFLOW. */
SEGKIT_API int segkit_export_coco(const segkit_image *labels,
                                  const segkit_export_params *p,
                                  char **text, size_t *len);
SEGKIT_API int segkit_export_geojson(const segkit_image *labels,
                                     const segkit_export_params *p,
                                     char **text, size_t *len);
SEGKIT_API int segkit_export_svg(const segkit_image *labels,
                                 const segkit_export_params *p,
                                 char **text, size_t *len);

/* ------------------------------------------------------------- import */

typedef enum segkit_import_label {
    SEGKIT_IMPORT_LABEL_AUTO = 0, /* ID when every object has a usable one,
                                     else INDEX */
    SEGKIT_IMPORT_LABEL_ID,       /* COCO annotation "id" / GeoJSON property
                                     "label" (an integer 1..2^31-1) */
    SEGKIT_IMPORT_LABEL_INDEX     /* 1, 2, ... in file order */
} segkit_import_label;

typedef struct segkit_import_params {
    int width, height;            /* the label image's size (required) */
    segkit_import_label label_by; /* default AUTO */
    int64_t image_id;             /* COCO: keep annotations of this image;
                                     -1 (default): all, which must then
                                     share one image_id */
    double transform[6];          /* GeoJSON: the export's transform; its
                                     inverse maps coordinates back to
                                     pixels (default identity) */
    size_t max_depth;             /* JSON nesting limit (default 64) */
} segkit_import_params;

SEGKIT_API segkit_import_params segkit_import_params_default(void);

/* Why an import failed, for messages: a static-free copy of the reason
 * ("line 3, column 14: expected ',' or ']'", "annotation 2: RLE size
 * 480x640 differs from the image's 640x480"). */
typedef struct segkit_import_error {
    char message[200];
} segkit_import_error;

/* Rasterises the objects of a COCO annotations file (TEXT, LEN bytes: a
 * dataset {"annotations": [...]}, or a bare list of annotations) into a new
 * owned I32 label image of p's size, 0 = background.  segmentation may be
 * compressed RLE, uncompressed RLE (its "size" must be [height, width]) or
 * polygons (even-odd over all of an annotation's rings, pixel centres).
 * Objects are painted in file order: a later one overwrites an earlier one
 * where they overlap.  Returns SEGKIT_ERR_ARG, _CORRUPT (not JSON, not
 * COCO, or invalid values; err says what and where), _UNSUPPORTED (valid
 * JSON of another shape), _NOMEM, _TOO_LARGE (nesting past max_depth).
 * err may be NULL. */
SEGKIT_API int segkit_import_coco(const char *text, size_t len,
                                  const segkit_import_params *p,
                                  segkit_image *labels,
                                  segkit_import_error *err);

/* The same for GeoJSON: a FeatureCollection, a Feature, or a bare
 * Polygon / MultiPolygon geometry; every Polygon's rings (even-odd) after
 * the inverse of p->transform.  Features without a geometry, or with
 * another geometry type (Point, LineString...), are skipped. */
SEGKIT_API int segkit_import_geojson(const char *text, size_t len,
                                     const segkit_import_params *p,
                                     segkit_image *labels,
                                     segkit_import_error *err);

/* Even-odd fill of polygon rings at pixel centres: sets LABELS (I32) to
 * VALUE at every pixel whose centre (x + 0.5, y + 0.5) lies inside an odd
 * number of the NRINGS rings; ring r has COUNTS[r] vertices (x, y pairs)
 * in XY, one ring after the other (closing vertex optional).  Returns
 * SEGKIT_ERR_ARG, _TYPE, _NOMEM. */
SEGKIT_API int segkit_rasterize_polygons(segkit_image *labels,
                                         const double *xy,
                                         const size_t *counts, size_t nrings,
                                         int32_t value);

#ifdef __cplusplus
}
#endif
#endif
