/* Private: one decoder/encoder pair per format family, behind segkit_read_*
 * and segkit_write_* (src/io/io.c).  Decoders get the whole file in memory,
 * must check dimensions with segkit_io_check_size() and the memory they will
 * hold with segkit_io_check_memory() before allocating pixel memory, and
 * leave *img zeroed on error.
 *
 * Each family also has an input limit, used by segkit_read_stream: from the
 * first bytes of a file (a prefix: they must not assume more), the most
 * bytes a file with that header can plausibly need.  It returns
 * SEGKIT_ERR_TRUNCATED while the header is incomplete, an error the header
 * already shows (the size limits above included), or OK with *limit
 * (UINT64_MAX: no bound but the memory budget). */
#ifndef SEGKIT_INTERNAL_IO_CODEC_H
#define SEGKIT_INTERNAL_IO_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "segkit/io.h"

/* SEGKIT_ERR_CORRUPT for non-positive or > INT_MAX sizes, _TOO_LARGE above
 * opts->max_pixels, _OVERFLOW if the buffer size overflows,
 * _MEMORY_LIMIT if the image alone exceeds opts->max_memory, else OK. */
int segkit_io_check_size(uint64_t width, uint64_t height, int channels,
                         segkit_type type, const segkit_read_options *opts);
/* SEGKIT_ERR_MEMORY_LIMIT if a decode holding `bytes` at its peak exceeds
 * opts->max_memory (0: no limit), else OK. */
int segkit_io_check_memory(uint64_t bytes, const segkit_read_options *opts);

int segkit_png_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_png_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit);
int segkit_png_encode(const segkit_image *img, void **out, size_t *out_size);

int segkit_jpeg_decode(const uint8_t *data, size_t size,
                       const segkit_read_options *opts, segkit_image *img);
int segkit_jpeg_input_limit(const uint8_t *data, size_t size,
                            const segkit_read_options *opts, uint64_t *limit);
/* Gray or RGB u8; quality 1..100. */
int segkit_jpeg_encode(const segkit_image *img, int quality, void **out,
                       size_t *out_size);

/* Netpbm P1..P7, 8 and 16 bit.  Encoding: format PNM gives P5/P6 (P7 for
 * 2 or 4 channels), PAM always P7 with TUPLTYPE, PBM a P4 bitmap of a
 * 1-channel image (nonzero = black). */
int segkit_pnm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_pnm_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit);
int segkit_pnm_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size);

/* stb_image: BMP, GIF, PSD, TGA (8-bit), HDR (f32). */
int segkit_stb_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_stb_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit);
/* stb_check.c: walks the data of a BMP, GIF, PSD, HDR or (format UNKNOWN)
 * TGA file of w x h pixels as stb_image will read it: SEGKIT_ERR_TRUNCATED
 * if the file ends before the image does, _CORRUPT for a GIF frame outside
 * its screen, else OK. */
int segkit_stb_check_data(segkit_format format, const uint8_t *data,
                          size_t size, int w, int h);
/* stb_image_write: BMP and TGA, u8 only. */
int segkit_stb_encode(const segkit_image *img, segkit_format format,
                      void **out, size_t *out_size);

/* NumPy .npy: u8 '|u1', u16 '<u2', i32 '<i4', f32 '<f4', 1..4 channels. */
int segkit_npy_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_npy_encode(const segkit_image *img, void **out, size_t *out_size);
int segkit_npy_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit);

/* PFM float maps: Pf (1 channel) / PF (3), rows bottom to top. */
int segkit_pfm_decode(const uint8_t *data, size_t size,
                      const segkit_read_options *opts, segkit_image *img);
int segkit_pfm_encode(const segkit_image *img, void **out, size_t *out_size);
int segkit_pfm_input_limit(const uint8_t *data, size_t size,
                           const segkit_read_options *opts, uint64_t *limit);

/* Samples as little-endian bytes, top-down or bottom-up (npy.c). */
void segkit_io_put_samples_le(const segkit_image *img, uint8_t *dst,
                              int bottom_up);
void segkit_io_get_samples_le(segkit_image *img, const uint8_t *src,
                              int bottom_up);

/* 1-channel i32 labels as a 16-bit gray PNG (0..65535) or as COCO-panoptic
 * RGB ids in an RGB PNG (0..2^24-1); SEGKIT_ERR_RANGE otherwise. */
int segkit_labels_png16_encode(const segkit_image *img, void **out,
                               size_t *out_size);
/* The same as a 16-bit PGM (P5, maxval 65535). */
int segkit_labels_pgm16_encode(const segkit_image *img, void **out,
                               size_t *out_size);
int segkit_rgbid_encode(const segkit_image *img, void **out, size_t *out_size);
/* Replaces a 3-channel u8 image by its ids (1-channel i32). */
int segkit_rgbid_to_labels(segkit_image *img);

#endif
