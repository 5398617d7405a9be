/* Surfaces to flood (segkit/watershed.h): the image, its inverse, a Sobel
 * gradient magnitude, -EDT of a mask. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "segkit/distance.h"
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
    for (int i = 0; name && k && i < SEGKIT_SURFACE_COUNT; i++)
        if (strcmp(name, names[i]) == 0) {
            *k = (segkit_watershed_surface_kind)i;
            return SEGKIT_OK;
        }
    return SEGKIT_ERR_ARG;
}

static inline float sample(const segkit_image *in, int x, int y)
{
    const void *r = segkit_image_row(in, y);
    switch (in->type) {
    case SEGKIT_U8:  return ((const uint8_t *)r)[x];
    case SEGKIT_U16: return ((const uint16_t *)r)[x];
    default:         return ((const float *)r)[x];
    }
}

/* Sobel gradient magnitude, edge pixels replicated.  The one place a
 * gradient is made here: swap it for src/edges' when that exists.  u8 in:
 * u16 out (|g| <= 1443, rounded); else f32. */
static int sobel_magnitude(const segkit_image *in, segkit_image *out)
{
    int w = in->width, h = in->height;
    segkit_type t = in->type == SEGKIT_U8 ? SEGKIT_U16 : SEGKIT_F32;
    int st = segkit_image_create(out, w, h, 1, t);
    if (st != SEGKIT_OK)
        return st;
    float *rows = malloc(3 * ((size_t)w + 2) * sizeof *rows);
    if (!rows) {
        segkit_image_free(out);
        return SEGKIT_ERR_NOMEM;
    }
    for (int y = 0; y < h; y++) {
        /* rows y-1, y, y+1 (clamped), each with a replicated pixel at
         * both ends */
        for (int k = 0; k < 3; k++) {
            int yy = y + k - 1;
            yy = yy < 0 ? 0 : yy >= h ? h - 1 : yy;
            float *r = rows + (size_t)k * (w + 2);
            for (int x = 0; x < w; x++)
                r[x + 1] = sample(in, x, yy);
            r[0] = r[1];
            r[w + 1] = r[w];
        }
        const float *a = rows, *b = rows + (w + 2), *c = rows + 2 * (w + 2);
        void *o = segkit_image_row(out, y);
        for (int x = 0; x < w; x++) {
            float gx = (a[x + 2] - a[x]) + 2 * (b[x + 2] - b[x]) + (c[x + 2] - c[x]);
            float gy = (c[x] - a[x]) + 2 * (c[x + 1] - a[x + 1]) + (c[x + 2] - a[x + 2]);
            float m = sqrtf(gx * gx + gy * gy);
            if (t == SEGKIT_U16)
                ((uint16_t *)o)[x] = (uint16_t)lrintf(m);
            else
                ((float *)o)[x] = m;
        }
    }
    free(rows);
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
