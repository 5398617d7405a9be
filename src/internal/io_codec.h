/* Private: one decoder/encoder pair per format family, behind segkit_read_*
 * and segkit_write_* (src/io/io.c).  Decoders get the whole file in memory,
 * must check dimensions with segkit_io_check_size() before allocating pixel
 * memory, and leave *img zeroed on error. */
#ifndef SEGKIT_INTERNAL_IO_CODEC_H
#define SEGKIT_INTERNAL_IO_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/io.h"

/* SEGKIT_ERR_CORRUPT for non-positive or > INT_MAX sizes, _TOO_LARGE above
 * opts->max_pixels, _OVERFLOW if the buffer size overflows, else OK. */
int segkit_io_check_size(uint64_t width, uint64_t height, int channels,
                         segkit_type type, const segkit_read_options *opts);

int segkit_png_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_png_encode(const segkit_image *img, void **out, size_t *out_size);

int segkit_jpeg_decode(const uint8_t *data, size_t size,
                       const segkit_read_options *opts, segkit_image *img);
/* Gray or RGB u8; quality 1..100. */
int segkit_jpeg_encode(const segkit_image *img, int quality, void **out,
                       size_t *out_size);

/* Netpbm P1..P7, 8 and 16 bit.  Encoding: format PNM gives P5/P6 (P7 for
 * 2 or 4 channels), PAM always P7 with TUPLTYPE, PBM a P4 bitmap of a
 * 1-channel image (nonzero = black). */
int segkit_pnm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_pnm_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size);

/* stb_image: BMP, GIF, PSD, TGA (8-bit), HDR (f32). */
int segkit_stb_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
/* stb_image_write: BMP and TGA, u8 only. */
int segkit_stb_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size);

#endif
