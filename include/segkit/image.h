/* segkit/image.h - the one image type, status codes, allocation.
 *
 * A segkit_image is a plain struct: read its fields directly.  Pixels are
 * interleaved (channel-fast), rows are `stride` bytes apart.  An image either
 * owns its buffer (owns_data = 1, freed by segkit_image_free) or is a view of
 * someone else's memory.
 *
 * Thread safety: every function here is reentrant; the library keeps no
 * mutable global state.
 */
#ifndef SEGKIT_IMAGE_H
#define SEGKIT_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SEGKIT_API
#  if defined(_WIN32) && defined(SEGKIT_SHARED_BUILD)
#    define SEGKIT_API __declspec(dllexport)
#  elif defined(__GNUC__)
#    define SEGKIT_API __attribute__((visibility("default")))
#  else
#    define SEGKIT_API
#  endif
#endif

/* Status codes.  Every fallible call returns one; 0 is success. */
typedef enum segkit_status {
    SEGKIT_OK = 0,
    SEGKIT_ERR_NOMEM,        /* allocation failed */
    SEGKIT_ERR_ARG,          /* invalid argument (NULL, out of range, ...) */
    SEGKIT_ERR_TYPE,         /* sample type or channel count not supported here */
    SEGKIT_ERR_SIZE,         /* sizes of two images do not match */
    SEGKIT_ERR_OVERFLOW,     /* width*height*channels*size overflows */
    SEGKIT_ERR_TOO_LARGE,    /* image exceeds the pixel limit (max_pixels) */
    SEGKIT_ERR_IO,           /* read or write failed (see errno) */
    SEGKIT_ERR_FORMAT,       /* unknown file format */
    SEGKIT_ERR_CORRUPT,      /* malformed or corrupt file data */
    SEGKIT_ERR_TRUNCATED,    /* file ends before the image data does */
    SEGKIT_ERR_UNSUPPORTED,  /* valid file, but a feature we cannot decode/encode */
    SEGKIT_ERR_EMPTY,        /* no pixels to work on (e.g. empty mask) */
    SEGKIT_ERR_MEMORY_LIMIT, /* decoding would exceed the memory budget (max_memory) */
    SEGKIT_ERR_DECODER_LIMIT,/* beyond a decoder library's own size limit (stb_image) */
    SEGKIT_ERR_SCAN_LIMIT,   /* progressive JPEG with more scans than max_scans */
    SEGKIT_ERR_CLASS_LIMIT,  /* more distinct classes than a metric supports */
    SEGKIT_ERR_RANGE,        /* sample values the output format cannot hold */
    SEGKIT_STATUS_COUNT
} segkit_status;

/* Human-readable, static, never NULL (unknown codes give "unknown error"). */
SEGKIT_API const char *segkit_strerror(int status);

typedef enum segkit_type {
    SEGKIT_U8 = 0,   /* uint8_t   */
    SEGKIT_U16,      /* uint16_t  */
    SEGKIT_F32,      /* float     */
    SEGKIT_I32,      /* int32_t: labels (signed, so -1 can mean "boundary") */
    SEGKIT_TYPE_COUNT
} segkit_type;

/* Bytes per sample of a type; 0 for an invalid type. */
SEGKIT_API size_t segkit_type_size(segkit_type type);
/* "u8", "u16", "f32", "i32"; "?" for an invalid type. */
SEGKIT_API const char *segkit_type_name(segkit_type type);

typedef struct segkit_image {
    int width, height;
    int channels;        /* 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
    segkit_type type;
    size_t stride;       /* bytes from one row to the next (>= width*channels*size) */
    void *data;          /* first sample of row 0 */
    int owns_data;       /* 1: data is freed by segkit_image_free */
} segkit_image;

/* Default pixel limit of the decoders (width*height): 2^28, i.e. 268 Mpixel
 * (16384 x 16384).  Callers raise it explicitly for bigger images. */
#define SEGKIT_DEFAULT_MAX_PIXELS ((uint64_t)1 << 28)

/* Computes the tight stride (width*channels*size) and total byte size of an
 * image, checking every product for overflow.  Returns SEGKIT_ERR_OVERFLOW,
 * SEGKIT_ERR_ARG (non-positive size, channels not 1..4, bad type) or OK. */
SEGKIT_API int segkit_image_layout(int width, int height, int channels,
                                   segkit_type type, size_t *stride,
                                   size_t *bytes);

/* Allocates a zero-filled owned image.  On error *img is zeroed. */
SEGKIT_API int segkit_image_create(segkit_image *img, int width, int height,
                                   int channels, segkit_type type);

/* Frees an owned image's data and zeroes the struct.  A zeroed image or a
 * view is fine (no-op on the data); NULL is fine. */
SEGKIT_API void segkit_image_free(segkit_image *img);

/* A view of the rectangle (x, y, w, h) of src: no copy, owns_data = 0.  The
 * view is valid while src's data is.  SEGKIT_ERR_ARG if out of bounds. */
SEGKIT_API int segkit_image_view(const segkit_image *src, int x, int y,
                                 int w, int h, segkit_image *view);

/* A view of caller memory (not freed by segkit_image_free). */
SEGKIT_API int segkit_image_wrap(segkit_image *img, void *data, int width,
                                 int height, int channels, segkit_type type,
                                 size_t stride);

/* Deep copy into a new owned, tightly packed image. */
SEGKIT_API int segkit_image_copy(const segkit_image *src, segkit_image *dst);

/* Pointer to row y. */
static inline void *segkit_image_row(const segkit_image *img, int y)
{
    return (unsigned char *)img->data + (size_t)y * img->stride;
}

/* 1 if both images have the same width and height. */
static inline int segkit_image_same_size(const segkit_image *a,
                                         const segkit_image *b)
{
    return a->width == b->width && a->height == b->height;
}

#ifdef __cplusplus
}
#endif
#endif
