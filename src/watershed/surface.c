/* Surfaces to flood (segkit/watershed.h): the image, its inverse, a Sobel
 * gradient magnitude, -EDT of a mask. */
#include <math.h>
#include <stdlib.h>

#include "internal/names.h"
#include "segkit/distance.h"
#include "segkit/edges.h"
#include "segkit/watershed.h"

static const char *const names[SEGKIT_SURFACE_COUNT] = {"image", "invert",
                                                        "gradient", "dt"};

const char *segkit_watershed_surface_name(segkit_watershed_surface_kind k)
{
    return (unsigned)k < SEGKIT_SURFACE_COUNT ? names[k] : NULL;
}

int segkit_watershed_surface_parse(const char *name,
                                   segkit_watershed_surface_kind *k)
{
    int i = name_index(names, SEGKIT_SURFACE_COUNT, name);
    if (i < 0 || !k)
        return SEGKIT_ERR_ARG;
    *k = (segkit_watershed_surface_kind)i;
    return SEGKIT_OK;
}

/* Sobel gradient magnitude sqrt(gx^2 + gy^2) in sample units, edge pixels
 * replicated, by the edges library.  Its magnitude is skimage's,
 * sqrt((gx^2 + gy^2) / 2) with the kernels / 4 on the [0, 1] scale: times
 * 4 sqrt 2 x the type's range here.  u8 in: u16 out, rounded (|g| <=
 * 1443; the edges library's u8 kernel gives round(sqrtf(gx^2 + gy^2))
 * exactly, checked for every (gx, gy)); u16, f32 in: f32 out. */
static int sobel_magnitude(const segkit_image *in, segkit_image *out)
{
    segkit_edges_params ep = segkit_edges_params_default();
    ep.method = SEGKIT_EDGES_SOBEL;
    ep.output = SEGKIT_EDGES_MAGNITUDE;
    ep.border = SEGKIT_BORDER_REPLICATE;
    double range = in->type == SEGKIT_U8 ? 255.0 : in->type == SEGKIT_U16 ? 65535.0 : 1.0;
    double scale = 4.0 * sqrt(2.0) * range;
    if (in->type == SEGKIT_U8) {
        ep.out_type = SEGKIT_U16;
        ep.out_scale = scale;
        return segkit_edges_filter(in, &ep, out);
    }
    ep.out_type = SEGKIT_F32;
    int st = segkit_edges_filter(in, &ep, out);
    if (st != SEGKIT_OK)
        return st;
    for (int y = 0; y < out->height; y++) {
        float *r = segkit_image_row(out, y);
        for (int x = 0; x < out->width; x++)
            r[x] = (float)(r[x] * scale);
    }
    return SEGKIT_OK;
}

int segkit_watershed_surface(const segkit_image *in,
                             segkit_watershed_surface_kind k,
                             segkit_image *out)
{
    if (out)
        *out = (segkit_image){0};
    if (!in || !out || !in->data || (unsigned)k >= SEGKIT_SURFACE_COUNT)
        return SEGKIT_ERR_ARG;
    if (in->channels != 1 ||
        (k != SEGKIT_SURFACE_DT && in->type != SEGKIT_U8 &&
         in->type != SEGKIT_U16 && in->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    int st;
    switch (k) {
    case SEGKIT_SURFACE_IMAGE:
        return segkit_image_copy(in, out);
    case SEGKIT_SURFACE_INVERT:
        if ((st = segkit_image_copy(in, out)) != SEGKIT_OK)
            return st;
        for (int y = 0; y < out->height; y++) {
            void *r = segkit_image_row(out, y);
            for (int x = 0; x < out->width; x++) {
                if (out->type == SEGKIT_U8)
                    ((uint8_t *)r)[x] = (uint8_t)(255 - ((uint8_t *)r)[x]);
                else if (out->type == SEGKIT_U16)
                    ((uint16_t *)r)[x] = (uint16_t)(65535 - ((uint16_t *)r)[x]);
                else
                    ((float *)r)[x] = -((float *)r)[x];
            }
        }
        return SEGKIT_OK;
    case SEGKIT_SURFACE_GRADIENT:
        return sobel_magnitude(in, out);
    default:
        if ((st = segkit_distance_transform(in, NULL, out, NULL)) != SEGKIT_OK)
            return st;
        for (int y = 0; y < out->height; y++) {
            float *r = segkit_image_row(out, y);
            for (int x = 0; x < out->width; x++)
                r[x] = -r[x];
        }
        return SEGKIT_OK;
    }
}
