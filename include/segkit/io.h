/* segkit/io.h - reading and writing image files.
 *
 * Formats are told apart by their magic bytes, never by the file name:
 *   PNG   libpng: bit depths 1..16, palette, gray+alpha, tRNS (-> alpha);
 *         CRC errors are errors.  16-bit stays 16-bit.
 *   JPEG  libjpeg-turbo: gray, RGB, CMYK/YCCK (-> RGB); EXIF orientation
 *         applied unless autorotate = 0.
 *   PNM   our own reader: PBM (P1/P4), PGM (P2/P5), PPM (P3/P6), PAM (P7),
 *         maxval up to 65535 (16-bit stays 16-bit).  PBM black (1) -> 0,
 *         white (0) -> 255.  Other samples are kept as stored, not scaled
 *         to the type's range (maxval 1000 gives u16 values 0..1000).
 *   BMP, GIF (first frame), PSD, TGA  stb_image, 8-bit (16-bit PSD stays
 *         16-bit);  HDR stb_image, f32.
 * Writing: PNG (1..4 channels, u8/u16), PNM (PGM/PPM, PAM for 2/4 channels,
 * u8/u16), BMP and TGA (u8) via stb_image_write.
 *
 * Untrusted input: width, height and the pixel count are checked against
 * segkit_read_options.max_pixels before any pixel memory is allocated;
 * truncated or corrupt data is an error, never a partial image.
 *
 * Thread safety: reentrant, no global state.
 */
#ifndef SEGKIT_IO_H
#define SEGKIT_IO_H

#include <stdio.h>
#include "segkit/image.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum segkit_format {
    SEGKIT_FORMAT_UNKNOWN = 0,
    SEGKIT_FORMAT_PNG,
    SEGKIT_FORMAT_JPEG,
    SEGKIT_FORMAT_PNM,
    SEGKIT_FORMAT_BMP,
    SEGKIT_FORMAT_TGA,
    SEGKIT_FORMAT_GIF,
    SEGKIT_FORMAT_PSD,
    SEGKIT_FORMAT_HDR,
    SEGKIT_FORMAT_COUNT
} segkit_format;

typedef struct segkit_read_options {
    uint64_t max_pixels;   /* refuse width*height above this; 0 = no limit */
    int autorotate;        /* JPEG: apply EXIF orientation (default 1) */
} segkit_read_options;

/* max_pixels = SEGKIT_DEFAULT_MAX_PIXELS, autorotate = 1. */
SEGKIT_API segkit_read_options segkit_read_options_default(void);

/* Lower-case name ("png", "jpeg", "pnm", ...); "unknown" otherwise. */
SEGKIT_API const char *segkit_format_name(segkit_format format);

/* Format from magic bytes; SEGKIT_FORMAT_UNKNOWN if none matches (TGA has no
 * magic: it is only tried as the last resort by segkit_read_memory). */
SEGKIT_API segkit_format segkit_format_detect(const void *data, size_t size);

/* Format for writing from a file name's extension (.png .pgm .ppm .pnm .pam
 * .pbm .bmp .tga, any case); SEGKIT_FORMAT_UNKNOWN otherwise. */
SEGKIT_API segkit_format segkit_format_from_name(const char *path);
/* Format from a name given by the user: "png", "pnm", "pam", "bmp", "tga". */
SEGKIT_API segkit_format segkit_format_parse(const char *name);

/* Decodes an in-memory file into a new owned image.  opts may be NULL
 * (defaults).  *format (may be NULL) receives the detected format.
 * Returns SEGKIT_ERR_FORMAT, _CORRUPT, _TRUNCATED, _TOO_LARGE, _UNSUPPORTED,
 * _NOMEM.  On error img is zeroed. */
SEGKIT_API int segkit_read_memory(const void *data, size_t size,
                                  const segkit_read_options *opts,
                                  segkit_image *img, segkit_format *format);

/* Reads a whole stream (e.g. stdin) then decodes it. */
SEGKIT_API int segkit_read_stream(FILE *f, const segkit_read_options *opts,
                                  segkit_image *img, segkit_format *format);

/* Reads the file at path; SEGKIT_ERR_IO with errno set if it can't be read. */
SEGKIT_API int segkit_read_file(const char *path,
                                const segkit_read_options *opts,
                                segkit_image *img, segkit_format *format);

/* Encodes img into a malloc'ed buffer (*data, *size; free() it).
 * SEGKIT_ERR_TYPE if the format cannot hold img's type/channels (u16 in BMP,
 * f32/i32 anywhere). */
SEGKIT_API int segkit_write_memory(const segkit_image *img,
                                   segkit_format format, void **data,
                                   size_t *size);

/* Encodes img and writes it to path atomically: a temporary file in the same
 * directory is written, flushed and renamed over path, so that on any error
 * path is left untouched and no temporary remains. */
SEGKIT_API int segkit_write_file(const char *path, const segkit_image *img,
                                 segkit_format format);

/* Writes size bytes to path atomically (the mechanism above, for reports). */
SEGKIT_API int segkit_write_bytes_atomic(const char *path, const void *data,
                                         size_t size);

#ifdef __cplusplus
}
#endif
#endif
