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
/* level -1: chosen by content (masks, labels, others: see png.c); 0..9:
 * that zlib level with libpng's adaptive filters.  labels: img holds label
 * ids (16-bit gray or RGB ids). */
int segkit_png_encode(const segkit_image *img, int level, int labels,
                      void **out, size_t *out_size);

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
/* For streams (frames.c): the layout of the netpbm image whose header
 * starts data (header checked against the limits as the decoder does).
 * kind 1..7; header_len: bytes up to the raster (binary kinds: after the
 * single whitespace; plain: after the last header number); samples:
 * width*height*depth; raster: the binary raster's bytes (0 for plain). */
typedef struct segkit_pnm_layout {
    int kind;
    uint64_t header_len, samples, raster;
} segkit_pnm_layout;
int segkit_pnm_frame_layout(const uint8_t *data, size_t size,
                            const segkit_read_options *opts,
                            segkit_pnm_layout *out);
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
int segkit_labels_png16_encode(const segkit_image *img, int level, void **out,
                               size_t *out_size);
/* The same as a 16-bit PGM (P5, maxval 65535). */
int segkit_labels_pgm16_encode(const segkit_image *img, void **out,
                               size_t *out_size);
int segkit_rgbid_encode(const segkit_image *img, int level, void **out,
                        size_t *out_size);
/* Replaces a 3-channel u8 image by its ids (1-channel i32). */
int segkit_rgbid_to_labels(segkit_image *img);

/* Y4M (y4m.c): chroma layouts, the header line (without its '\n') and
 * the conversions between a frame's planes and images. */
enum { Y4M_MONO, Y4M_MONO16, Y4M_420, Y4M_422, Y4M_444 };
typedef struct segkit_y4m_layout {
    int chroma;          /* Y4M_* */
    uint64_t luma;       /* bytes of the Y plane */
    uint64_t cw, ch;     /* each chroma plane's size (0 for mono) */
    uint64_t frame;      /* bytes of a frame's planes */
} segkit_y4m_layout;
/* FORMAT (no "YUV4MPEG2"), CORRUPT, UNSUPPORTED (colour space). */
int segkit_y4m_parse_header(const char *line, size_t n, segkit_y4m_header *h,
                            segkit_y4m_layout *lay);
/* A frame's planes -> a new image (gray Y, RGB, or u16 for mono16). */
int segkit_y4m_decode(const uint8_t *data, const segkit_y4m_header *h,
                      const segkit_y4m_layout *lay, int color, int bt709,
                      segkit_image *img);
/* img -> planes at out (the layout's frame bytes): MONO/420 from 1-channel
 * u8 (420: chroma 128), MONO16 from u16/i32 (RANGE outside 0..65535), 444
 * from RGB u8 in the given range and matrix. */
int segkit_y4m_encode(const segkit_image *img, int chroma, int full, int bt709,
                      uint8_t *out);

/* segkit_read_stream with the first n bytes of the stream already read
 * into prefix (frames.c read them to tell the stream's kind). */
int segkit_io_read_stream_prefix(FILE *f, const uint8_t *prefix, size_t n,
                                 const segkit_read_options *opts,
                                 segkit_image *img, segkit_format *format);

#endif
