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
 *   NPY   NumPy .npy (u8, u16, i32, f32); PFM (f32), see below.
 * Writing: PNG, PNM/PGM/PPM, PBM (P4), PAM (P7), JPEG, BMP, TGA, NPY, PFM,
 * RGBID: see segkit_write_options below.
 *
 * Untrusted input (bounded cost: a small hostile file cannot make a decode
 * take gigabytes or minutes):
 *   - width, height and the pixel count are checked against max_pixels
 *     (SEGKIT_ERR_TOO_LARGE), and the memory the decode needs -- the image
 *     plus the decoder's own buffers (stb_image's copy, a GIF's canvas, a
 *     progressive JPEG's coefficients, a rotated JPEG's second image) --
 *     against max_memory (SEGKIT_ERR_MEMORY_LIMIT), both before any pixel
 *     memory is allocated;
 *   - truncated or corrupt data is an error, never a partial image: PNG
 *     chunk lengths are checked against the bytes present before libpng
 *     sees them, and for BMP, GIF, PSD, TGA (also RLE) and HDR the data is
 *     walked to check it holds the whole image before stb_image runs;
 *   - a progressive JPEG may have at most max_scans scans
 *     (SEGKIT_ERR_SCAN_LIMIT; libjpeg-turbo's own tools use the same kind
 *     of limit, its fuzzers 500);
 *   - stb_image's own limits (2^24 per side, buffers below 2 GiB) give
 *     SEGKIT_ERR_DECODER_LIMIT;
 *   - segkit_read_stream / _file look at the header first and read no more
 *     than the format can plausibly need for that image (the image bytes,
 *     with room for compression overhead, plus SEGKIT_IO_METADATA_ALLOWANCE
 *     for metadata) and never more than max_memory: /dev/zero or an endless
 *     pipe fails after its first bytes.
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
    SEGKIT_FORMAT_PBM,   /* writing only: reading says SEGKIT_FORMAT_PNM */
    SEGKIT_FORMAT_PAM,   /* writing only: reading says SEGKIT_FORMAT_PNM */
    SEGKIT_FORMAT_NPY,   /* NumPy .npy */
    SEGKIT_FORMAT_PFM,   /* portable float map */
    SEGKIT_FORMAT_RGBID, /* writing only: i32 ids as an RGB PNG (COCO panoptic) */
    SEGKIT_FORMAT_COUNT
} segkit_format;

/* Default memory budget of a decode: 1 GiB. */
#define SEGKIT_DEFAULT_MAX_MEMORY ((uint64_t)1 << 30)
/* Default limit on a progressive JPEG's scans (libjpeg-turbo's fuzzers: 500;
 * real encoders write about 10). */
#define SEGKIT_DEFAULT_MAX_SCANS 500
/* Bytes allowed for metadata (EXIF, ICC, text chunks ...) on top of what an
 * image's pixels can need, when a stream is read: 64 MiB. */
#define SEGKIT_IO_METADATA_ALLOWANCE ((uint64_t)64 << 20)

typedef struct segkit_read_options {
    uint64_t max_pixels;   /* refuse width*height above this; 0 = no limit */
    int autorotate;        /* JPEG: apply EXIF orientation (default 1) */
    uint64_t max_memory;   /* bytes a decode may allocate (image + decoder
                            * buffers) and read from a stream; 0 = no limit */
    int max_scans;         /* JPEG: refuse more scans than this; 0 = no limit */
    int rgbid;             /* 1: an 8-bit RGB image holds COCO-panoptic ids,
                            * id = R + 256 G + 256^2 B: return them as a
                            * 1-channel i32 image (others: SEGKIT_ERR_TYPE);
                            * default 0 */
} segkit_read_options;

/* max_pixels = SEGKIT_DEFAULT_MAX_PIXELS, autorotate = 1,
 * max_memory = SEGKIT_DEFAULT_MAX_MEMORY, max_scans = SEGKIT_DEFAULT_MAX_SCANS.
 * Start from this (not from a zeroed struct) so that new limits get their
 * defaults. */
SEGKIT_API segkit_read_options segkit_read_options_default(void);

/* Lower-case name ("png", "jpeg", "pnm", ...); "unknown" otherwise. */
SEGKIT_API const char *segkit_format_name(segkit_format format);

/* Format from magic bytes; SEGKIT_FORMAT_UNKNOWN if none matches (TGA has no
 * magic: it is only tried as the last resort by segkit_read_memory). */
SEGKIT_API segkit_format segkit_format_detect(const void *data, size_t size);

/* Format for writing from a file name's extension (.png .pnm .pgm .ppm
 * .pbm .pam .jpg .jpeg .bmp .tga, any case); SEGKIT_FORMAT_UNKNOWN
 * otherwise. */
SEGKIT_API segkit_format segkit_format_from_name(const char *path);
/* Format from a name given by the user: the same names without the dot
 * ("png", "pgm", "pbm", "jpeg", ...). */
SEGKIT_API segkit_format segkit_format_parse(const char *name);
/* The names segkit_format_parse accepts, space-separated, for messages and
 * help ("png pnm pgm ppm pbm pam jpeg jpg bmp tga npy pfm rgbid"). */
SEGKIT_API const char *segkit_write_format_names(void);
/* The extensions segkit_format_from_name knows (".png .pnm ... .npy .pfm"). */
SEGKIT_API const char *segkit_write_extensions(void);
/* 1 if writing in the format changes pixel values (JPEG): wrong for masks
 * and labels, whose values are data. */
SEGKIT_API int segkit_format_is_lossy(segkit_format format);

/* For a NumPy file that segkit_read_* refused: a one-line reason ("array in
 * Fortran order ...", "NumPy dtype not one of ..."), static; NULL if data is
 * no .npy file or has no problem we name. */
SEGKIT_API const char *segkit_npy_explain(const void *data, size_t size);

/* Decodes an in-memory file into a new owned image.  opts may be NULL
 * (defaults).  *format (may be NULL) receives the detected format.
 * Returns SEGKIT_ERR_FORMAT, _CORRUPT, _TRUNCATED, _TOO_LARGE, _MEMORY_LIMIT,
 * _DECODER_LIMIT, _SCAN_LIMIT, _UNSUPPORTED, _NOMEM.  On error img is
 * zeroed. */
SEGKIT_API int segkit_read_memory(const void *data, size_t size,
                                  const segkit_read_options *opts,
                                  segkit_image *img, segkit_format *format);

/* Reads a stream (e.g. stdin) then decodes it: the header first, then at
 * most what the format can plausibly need for that image and at most
 * opts->max_memory bytes (see above); the rest of the stream is not read.
 * A header that already fails the limits fails before the body is read. */
SEGKIT_API int segkit_read_stream(FILE *f, const segkit_read_options *opts,
                                  segkit_image *img, segkit_format *format);

/* Reads the file at path; SEGKIT_ERR_IO with errno set if it can't be read. */
SEGKIT_API int segkit_read_file(const char *path,
                                const segkit_read_options *opts,
                                segkit_image *img, segkit_format *format);

/* What the encoders write (segkit_write_memory and segkit_write_file use
 * the defaults):
 *   PNG   1..4 channels, u8 or u16 (16-bit stays 16-bit).
 *   PNM   P5 (1 channel) / P6 (3) / P7 (2 or 4 channels), u8 or u16.
 *   PAM   always P7, TUPLTYPE GRAYSCALE, GRAYSCALE_ALPHA, RGB or RGB_ALPHA
 *         by the channel count (no BLACKANDWHITE: a mask is GRAYSCALE with
 *         maxval 255), u8 or u16.
 *   PBM   P4, 1 channel u8 or u16: a nonzero sample is a 1 bit, which PBM
 *         shows as black, so a mask's foreground is black as netpbm tools
 *         expect.  Reading a PBM gives intensities (black 0, white 255), so
 *         a mask written as PBM reads back inverted.
 *   JPEG  libjpeg-turbo, baseline, gray or RGB u8 (no alpha), quality from
 *         the options (default 90).  Lossy: callers writing masks or labels
 *         should refuse it unless asked (segkit_format_is_lossy).
 *   BMP, TGA  stb_image_write, u8.
 *   NPY   NumPy .npy v1.0, C order, little-endian: u8 '|u1', u16 '<u2',
 *         i32 '<i4' (labels), f32 '<f4' (maps); shape (H, W) or (H, W, C).
 *         numpy.load reads it; so does segkit_read_* (strictly: other
 *         dtypes, Fortran order and other shapes are SEGKIT_ERR_UNSUPPORTED,
 *         see segkit_npy_explain).
 *   PFM   f32, 1 channel ("Pf") or 3 ("PF"), little-endian (scale -1.0),
 *         rows bottom to top as the format says; both byte orders read.
 *   RGBID 1-channel i32 ids 0..2^24-1 as an 8-bit RGB PNG, id = R + 256 G +
 *         256^2 B (COCO panoptic); read back with segkit_read_options.rgbid.
 *   i32 labels (1 channel) as PNG or PNM: a 16-bit gray PNG / PGM when
 *         every label is in 0..65535, else SEGKIT_ERR_RANGE (never wrapped
 *         around): write NPY or RGBID instead.
 * SEGKIT_ERR_TYPE when the format cannot hold img's type/channels (u16 in
 * BMP, f32 in PNG, alpha in JPEG, colour in PBM, not f32 in PFM);
 * SEGKIT_ERR_RANGE when values do not fit (labels above 65535 in PNG/PNM). */
typedef struct segkit_write_options {
    int quality;   /* JPEG quality 1..100 (default 90) */
    int png_level; /* PNG: -1 (default) chooses by content: a mask (1-channel
                    * 8-bit, at most two values) unfiltered with zlib's Z_RLE
                    * strategy, labels (16-bit, RGB ids) level 6 unfiltered,
                    * other images level 6 with libpng's adaptive filters;
                    * 0..9: that zlib level with the adaptive filters (0:
                    * stored, 9: smallest) */
} segkit_write_options;

SEGKIT_API segkit_write_options segkit_write_options_default(void);

/* Encodes img into a malloc'ed buffer (*data, *size; free() it).  opts may
 * be NULL (defaults). */
SEGKIT_API int segkit_write_memory_opts(const segkit_image *img,
                                        segkit_format format,
                                        const segkit_write_options *opts,
                                        void **data, size_t *size);
/* The same with the default options. */
SEGKIT_API int segkit_write_memory(const segkit_image *img,
                                   segkit_format format, void **data,
                                   size_t *size);

/* ---- Writing a file without destroying what is at the path ----
 *
 * Every write to a path (segkit_write_file, segkit_write_bytes_atomic, the
 * segkit_output_* calls) treats what is already at the path as GNU cp,
 * sort -o and sed -i do:
 *   - missing: a temporary file beside it ("OUT.tmp-PID-N") is written,
 *     then renamed to OUT (mode 0666 minus the umask);
 *   - an existing regular file: replaced the same way, atomically, keeping
 *     its permission bits (and its owner and set-id bits when the caller may
 *     set them); refused with SEGKIT_ERR_IO, errno EACCES (or EROFS), and
 *     left unchanged when the caller could not open it for writing
 *     (faccessat W_OK with the effective ids: root may, as with cp).  Hard
 *     links to the old file keep the old content, as with sed -i.  If the
 *     directory refuses the temporary but the file is writable, the file is
 *     rewritten in place (not atomic: a failure can leave it truncated);
 *   - not a regular file (character or block device, FIFO, socket):
 *     opened and written directly, so /dev/null stays a device and a FIFO
 *     receives the bytes (opening a FIFO waits for a reader; a socket file
 *     cannot be opened: SEGKIT_ERR_IO, ENXIO, the socket stays);
 *   - /dev/stdout, /dev/fd/N, /proc/self/fd/N: the process's descriptor N
 *     is written through a duplicate, as a shell's "> /dev/stdout" does
 *     (same file offset, no truncation);
 *   - a symlink: stays a link; its chain (absolute or relative targets, up
 *     to 40 links) is followed and the file it finally names is written by
 *     the rules above (a dangling link's target is created).  Links that
 *     live in /proc (/dev/stdout -> /proc/self/fd/1) are opened as they are.
 * On any error nothing is left behind: no temporary, OUT untouched (except
 * for the in-place and direct cases above).  Errors are SEGKIT_ERR_IO with
 * errno set, SEGKIT_ERR_NOMEM, SEGKIT_ERR_ARG. */

/* Encodes img and writes it to path by the rules above (opts may be NULL). */
SEGKIT_API int segkit_write_file_opts(const char *path,
                                      const segkit_image *img,
                                      segkit_format format,
                                      const segkit_write_options *opts);
SEGKIT_API int segkit_write_file(const char *path, const segkit_image *img,
                                 segkit_format format);

/* Writes size bytes to path by the rules above (for reports). */
SEGKIT_API int segkit_write_bytes_atomic(const char *path, const void *data,
                                         size_t size);

/* The same, in steps, for callers that stream or must know the temporary's
 * name (e.g. to unlink it from a SIGINT handler: the name is fixed from
 * segkit_output_open to commit/abort).  Fields are read-only. */
typedef struct segkit_output {
    int fd;        /* where the bytes go (-1 when closed) */
    char *tmp;     /* the temporary file, NULL when writing OUT directly */
    char *target;  /* the path that receives the content (links resolved) */
} segkit_output;

/* Opens path for writing by the rules above.  On error *out is zeroed (fd
 * -1) and nothing was created. */
SEGKIT_API int segkit_output_open(segkit_output *out, const char *path);
/* Writes all size bytes (retrying short writes). */
SEGKIT_API int segkit_output_write(segkit_output *out, const void *data,
                                   size_t size);
/* Closes and renames the temporary into place.  Frees out's fields; on
 * error the temporary is removed. */
SEGKIT_API int segkit_output_commit(segkit_output *out);
/* Closes and removes the temporary (OUT untouched).  Frees out's fields;
 * an out that failed to open or is already finished (fd -1) is fine. */
SEGKIT_API void segkit_output_abort(segkit_output *out);


/* ---- Streams of frames (stdin/stdout of video and netpbm pipelines) ----
 *
 * A stream is a sequence of images on a FILE*, read and written one frame at
 * a time in bounded memory (one encoded frame plus one image, reused):
 *   PNM  concatenated PBM/PGM/PPM/PAM images (P1..P7), as netpbm writes and
 *        reads them: whitespace between images is skipped, each frame may
 *        have its own size and kind; decoded as segkit_read_* does (see
 *        PNM above).  Written as P5 (1 channel), P6 (3) or P7 (2, 4), 8 or
 *        16 bit; labels (i32) as 16-bit PGM when they fit (else
 *        SEGKIT_ERR_RANGE).
 *   Y4M  YUV4MPEG2 (ffmpeg's yuv4mpegpipe): a stream header "YUV4MPEG2 W H
 *        [F A I C X...]" then "FRAME" records of raw planes.  Read: C420jpeg
 *        (the default), C420paldv, C420mpeg2, C420, C422, C444 and Cmono,
 *        8-bit, and Cmono16 (16-bit little-endian, as ffmpeg writes gray16).
 *        Other colour spaces (411, 444alpha, 10/12/16-bit YUV) are
 *        SEGKIT_ERR_UNSUPPORTED.  The colour range is the header's
 *        XCOLORRANGE=FULL|LIMITED (ffmpeg writes it), limited when absent;
 *        the matrix is BT.601 (Y4M carries none; ffmpeg assumes 601 for
 *        yuv4mpegpipe too) unless frame_options.bt709.
 *          gray frames (frame_options.color 0, the default): the Y plane,
 *            u8 1 channel; a limited-range Y (16..235) is expanded to 0..255,
 *            round((Y - 16) * 255 / 219) clipped, as ffmpeg's -pix_fmt gray
 *            does, so a threshold means the same on a frame as on a PNG of
 *            it; Cmono16 gives u16 as stored;
 *          colour frames (color 1): RGB u8, 3 channels, from Y'CbCr by the
 *            range and matrix above (chroma sample replicated: 4:2:0 and
 *            4:2:2 chroma is not interpolated, so the chroma siting variants
 *            read alike); a Cmono stream still gives 1 channel.
 *        Written (the header's F, A and I copied from the input stream's,
 *        or 25:1, 1:1, p): u8 1 channel as Cmono XCOLORRANGE=FULL (a mask
 *        stays 0/255), or with frame_write_options.mono_as_420 as C420jpeg
 *        with neutral chroma (128) for readers without Cmono; u16 and i32
 *        (labels 0..65535, else SEGKIT_ERR_RANGE) 1 channel as Cmono16; RGB
 *        u8 as C444 Y'CbCr, full range unless the input stream was limited,
 *        by the same matrix.  Every frame of a Y4M stream has the size of
 *        the first (SEGKIT_ERR_SIZE otherwise); 2/4 channels and f32 are
 *        SEGKIT_ERR_TYPE.
 *   SINGLE  anything else: one image of any format segkit_read_stream reads
 *        (a PNG on stdin), returned as the stream's only frame.
 *
 * Untrusted streams: each frame's header is checked against the read
 * options' max_pixels and max_memory before its pixels are read; the bytes
 * read for a frame grow with what arrives (a header that promises a huge
 * frame does not allocate it up front); header lines are limited to 64 KiB;
 * a stream that ends inside a frame is SEGKIT_ERR_TRUNCATED, one that holds
 * something else where a frame should start is SEGKIT_ERR_CORRUPT.  An empty
 * stream is SEGKIT_ERR_TRUNCATED from segkit_frame_reader_open.
 *
 * Not thread safe per reader/writer (one per stream); no global state. */
typedef enum segkit_stream_kind {
    SEGKIT_STREAM_SINGLE = 0, /* one image of any other format */
    SEGKIT_STREAM_PNM,        /* concatenated netpbm images */
    SEGKIT_STREAM_Y4M         /* YUV4MPEG2 */
} segkit_stream_kind;

/* "single", "pnm", "y4m". */
SEGKIT_API const char *segkit_stream_kind_name(segkit_stream_kind kind);

/* A Y4M stream header (the reader's, and a writer's model). */
typedef struct segkit_y4m_header {
    int width, height;
    char colorspace[16]; /* as written after 'C': "420jpeg", "mono", ... */
    int full_range;      /* 1: XCOLORRANGE=FULL; 0: limited (or absent) */
    int rate_num, rate_den;     /* F; 0:0 when absent */
    int aspect_num, aspect_den; /* A; 0:0 when absent (unknown) */
    char interlace;             /* I: 'p', 't', 'b', 'm'; 0 when absent */
} segkit_y4m_header;

typedef struct segkit_frame_options {
    segkit_read_options read; /* limits, applied to every frame */
    int color;   /* Y4M: 0 gray frames (Y), 1 RGB (see above); default 0 */
    int bt709;   /* Y4M colour: BT.709 instead of BT.601; default 0 */
} segkit_frame_options;

/* read = segkit_read_options_default(), color 0, bt709 0. */
SEGKIT_API segkit_frame_options segkit_frame_options_default(void);

typedef struct segkit_frame_reader segkit_frame_reader;

/* Opens a stream on f (not closed by the reader) and reads enough to know
 * its kind: two bytes, or a Y4M stream's header (checked against the
 * limits).  opts may be NULL (defaults).  Returns SEGKIT_ERR_TRUNCATED for
 * an empty stream, _CORRUPT / _UNSUPPORTED / _TOO_LARGE / _MEMORY_LIMIT for
 * a bad Y4M header, _IO, _NOMEM; *out is NULL on error. */
SEGKIT_API int segkit_frame_reader_open(segkit_frame_reader **out, FILE *f,
                                        const segkit_frame_options *opts);
/* Reads the next frame into a new owned image.  At the end of the stream:
 * SEGKIT_OK with *img zeroed (img->data NULL).  Errors as segkit_read_*;
 * after an error the stream cannot be resynchronised (further calls return
 * the same error). */
SEGKIT_API int segkit_frame_read(segkit_frame_reader *r, segkit_image *img);
SEGKIT_API segkit_stream_kind segkit_frame_reader_kind(const segkit_frame_reader *r);
/* The Y4M stream header; NULL for other kinds. */
SEGKIT_API const segkit_y4m_header *segkit_frame_reader_y4m(const segkit_frame_reader *r);
/* For SINGLE: the image's format (after the first read); else UNKNOWN. */
SEGKIT_API segkit_format segkit_frame_reader_format(const segkit_frame_reader *r);
/* Frames returned so far. */
SEGKIT_API uint64_t segkit_frame_reader_count(const segkit_frame_reader *r);
/* Frees the reader (NULL is fine); f stays open. */
SEGKIT_API void segkit_frame_reader_close(segkit_frame_reader *r);

typedef struct segkit_frame_write_options {
    segkit_format pnm_format; /* PNM: SEGKIT_FORMAT_PNM (P5/P6/P7, the
                               * default), _PAM (always P7) or _PBM */
    int mono_as_420;          /* Y4M: 1-channel u8 as C420jpeg, chroma 128 */
    int bt709;                /* Y4M colour output: BT.709 matrix */
} segkit_frame_write_options;

SEGKIT_API segkit_frame_write_options segkit_frame_write_options_default(void);

typedef struct segkit_frame_writer segkit_frame_writer;

/* A writer of kind PNM or Y4M (SINGLE: SEGKIT_ERR_ARG) on f (not closed by
 * the writer).  like: the input stream's Y4M header whose F, A, I and range
 * the output keeps (may be NULL).  opts may be NULL. */
SEGKIT_API int segkit_frame_writer_open(segkit_frame_writer **out, FILE *f,
                                        segkit_stream_kind kind,
                                        const segkit_y4m_header *like,
                                        const segkit_frame_write_options *opts);
/* Encodes and writes one frame (Y4M: the stream header before the first).
 * SEGKIT_ERR_IO with errno on a write error (EPIPE: the reader left). */
SEGKIT_API int segkit_frame_write(segkit_frame_writer *w, const segkit_image *img);
/* One frame's bytes without a writer, for callers that produce frames out
 * of order (worker threads) and put them in order themselves: PNM the image;
 * Y4M "FRAME\n" and the planes, after the stream header when with_header
 * (the first frame; later frames must have its size and type: the caller
 * checks).  *data is malloc'ed (free() it). */
SEGKIT_API int segkit_frame_encode(segkit_stream_kind kind,
                                   const segkit_y4m_header *like,
                                   const segkit_frame_write_options *opts,
                                   int with_header, const segkit_image *img,
                                   void **data, size_t *size);
/* Flushes f and frees the writer (NULL is fine): SEGKIT_ERR_IO if a write
 * failed on the way. */
SEGKIT_API int segkit_frame_writer_close(segkit_frame_writer *w);

#ifdef __cplusplus
}
#endif
#endif
