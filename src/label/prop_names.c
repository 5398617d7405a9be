/* Property names: the columns of skimage's regionprops_table, their
 * groups, older skimage names, and the value of a column for a region. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "label_internal.h"

typedef enum { F_I32, F_I64, F_INT, F_DBL } ftype;

typedef struct {
    const char *name;
    int group;
    ftype type;
    size_t offset;
} prop;

#define P(name, group, type, member) {name, group, type, offsetof(segkit_region, member)}

static const prop props[] = {
    P("label", SEGKIT_PROPS_BASIC, F_I32, label),
    P("area", SEGKIT_PROPS_BASIC, F_I64, area),
    P("bbox-0", SEGKIT_PROPS_BASIC, F_INT, bbox[0]),
    P("bbox-1", SEGKIT_PROPS_BASIC, F_INT, bbox[1]),
    P("bbox-2", SEGKIT_PROPS_BASIC, F_INT, bbox[2]),
    P("bbox-3", SEGKIT_PROPS_BASIC, F_INT, bbox[3]),
    P("centroid-0", SEGKIT_PROPS_BASIC, F_DBL, centroid[0]),
    P("centroid-1", SEGKIT_PROPS_BASIC, F_DBL, centroid[1]),
    P("area_bbox", SEGKIT_PROPS_BASIC, F_I64, area_bbox),
    P("extent", SEGKIT_PROPS_BASIC, F_DBL, extent),
    P("equivalent_diameter_area", SEGKIT_PROPS_BASIC, F_DBL, equivalent_diameter),
    P("axis_major_length", SEGKIT_PROPS_BASIC, F_DBL, axis_major_length),
    P("axis_minor_length", SEGKIT_PROPS_BASIC, F_DBL, axis_minor_length),
    P("orientation", SEGKIT_PROPS_BASIC, F_DBL, orientation),
    P("eccentricity", SEGKIT_PROPS_BASIC, F_DBL, eccentricity),
    P("perimeter", SEGKIT_PROPS_PERIMETER, F_DBL, perimeter),
    P("perimeter_crofton", SEGKIT_PROPS_EULER, F_DBL, perimeter_crofton),
    P("euler_number", SEGKIT_PROPS_EULER, F_INT, euler_number),
    P("area_convex", SEGKIT_PROPS_CONVEX, F_I64, area_convex),
    P("solidity", SEGKIT_PROPS_CONVEX, F_DBL, solidity),
    P("feret_diameter_max", SEGKIT_PROPS_FERET, F_DBL, feret_diameter_max),
    P("centroid_weighted-0", SEGKIT_PROPS_INTENSITY, F_DBL, centroid_weighted[0]),
    P("centroid_weighted-1", SEGKIT_PROPS_INTENSITY, F_DBL, centroid_weighted[1]),
    P("intensity_min", SEGKIT_PROPS_INTENSITY, F_DBL, intensity_min),
    P("intensity_max", SEGKIT_PROPS_INTENSITY, F_DBL, intensity_max),
    P("intensity_mean", SEGKIT_PROPS_INTENSITY, F_DBL, intensity_mean),
    P("intensity_std", SEGKIT_PROPS_INTENSITY, F_DBL, intensity_std),
    P("intensity_median", SEGKIT_PROPS_MEDIAN, F_DBL, intensity_median),
};

#define NPROPS ((int)(sizeof props / sizeof props[0]))

/* skimage's older names (still accepted by regionprops) -> current */
static const char *const aliases[][2] = {
    {"equivalent_diameter", "equivalent_diameter_area"},
    {"major_axis_length", "axis_major_length"},
    {"minor_axis_length", "axis_minor_length"},
    {"convex_area", "area_convex"},
    {"bbox_area", "area_bbox"},
    {"min_intensity", "intensity_min"},
    {"max_intensity", "intensity_max"},
    {"mean_intensity", "intensity_mean"},
    {"weighted_centroid-0", "centroid_weighted-0"},
    {"weighted_centroid-1", "centroid_weighted-1"},
};

int segkit_region_prop_count(void) { return NPROPS; }

const char *segkit_region_prop_name(int index)
{
    return index >= 0 && index < NPROPS ? props[index].name : NULL;
}

int segkit_region_prop_group(int index)
{
    return index >= 0 && index < NPROPS ? props[index].group : 0;
}

/* name[0..n) equals full, with '_' in name standing for '-' in full */
static int same(const char *name, size_t n, const char *full)
{
    if (strlen(full) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (name[i] != full[i] && !(name[i] == '_' && full[i] == '-'))
            return 0;
    return 1;
}

int segkit_region_prop_find(const char *name, int n)
{
    if (!name)
        return -1;
    size_t len = n < 0 ? strlen(name) : (size_t)n;
    for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
        if (same(name, len, aliases[a][0]))
            return segkit_region_prop_find(aliases[a][1], -1);
    for (int i = 0; i < NPROPS; i++)
        if (same(name, len, props[i].name))
            return i;
    return -1;
}

double segkit_region_prop_value(const segkit_region *r, int index)
{
    if (!r || index < 0 || index >= NPROPS)
        return NAN;
    const char *p = (const char *)r + props[index].offset;
    switch (props[index].type) {
    case F_I32: return *(const int32_t *)(const void *)p;
    case F_I64: return (double)*(const int64_t *)(const void *)p;
    case F_INT: return *(const int *)(const void *)p;
    default: return *(const double *)(const void *)p;
    }
}
