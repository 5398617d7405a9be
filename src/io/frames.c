/* Streams of frames on a FILE*: concatenated netpbm images, Y4M, or one
 * image of another format (segkit/io.h "Streams of frames").
 *
 * Bounded memory: one encoded frame (r->buf, reused and grown only as bytes
 * arrive) and the image handed to the caller.  Netpbm headers are lexed
 * byte by byte so that nothing past a frame is read; the frame's bytes then
 * go through the same decoder as a file (pnm.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/io_codec.h"

#define LINE_LIMIT ((size_t)64 << 10)   /* a header line / netpbm header */
#define GROW_STEP ((uint64_t)1 << 20)   /* read a frame 1 MiB (or what
                                         * arrived so far) at a time */

struct segkit_frame_reader {
    FILE *f;
    segkit_frame_options opts;
    segkit_stream_kind kind;
    segkit_format single_format;
    uint8_t pre[2];
    size_t npre;       /* bytes read by open, not yet used */
    int done;          /* the end was reached */
    int error;         /* sticky error */
    uint64_t count;
    uint8_t *buf;
    size_t cap, len;
    segkit_y4m_header y4m;
    segkit_y4m_layout lay;
};

const char *segkit_stream_kind_name(segkit_stream_kind k)
{
    return k == SEGKIT_STREAM_PNM ? "pnm" : k == SEGKIT_STREAM_Y4M ? "y4m" : "single";
}

segkit_frame_options segkit_frame_options_default(void)
{
    segkit_frame_options o;
    memset(&o, 0, sizeof o);
    o.read = segkit_read_options_default();
    return o;
}

segkit_frame_write_options segkit_frame_write_options_default(void)
{
    segkit_frame_write_options o;
    memset(&o, 0, sizeof o);
    o.pnm_format = SEGKIT_FORMAT_PNM;
    return o;
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

static int reserve(segkit_frame_reader *r, uint64_t need)
{
    if (need <= r->cap)
        return SEGKIT_OK;
    if (need > SIZE_MAX)
        return SEGKIT_ERR_NOMEM;
    uint64_t cap = r->cap ? (uint64_t)r->cap * 2 : 4096;
    if (cap < need)
        cap = need;
    if (cap > SIZE_MAX)
        cap = need;
    uint8_t *nb = realloc(r->buf, (size_t)cap);
    if (!nb)
        return SEGKIT_ERR_NOMEM;
    r->buf = nb;
    r->cap = (size_t)cap;
    return SEGKIT_OK;
}

/* Appends byte c to the frame being read, refusing to go past limit. */
static int append(segkit_frame_reader *r, int c, uint64_t limit)
{
    if (r->len >= limit)
        return SEGKIT_ERR_CORRUPT;
    int st = reserve(r, (uint64_t)r->len + 1);
    if (st != SEGKIT_OK)
        return st;
    r->buf[r->len++] = (uint8_t)c;
    return SEGKIT_OK;
}

/* End of data where more was needed: an I/O error or a truncated frame. */
static int eof_status(const segkit_frame_reader *r)
{
    return ferror(r->f) ? SEGKIT_ERR_IO : SEGKIT_ERR_TRUNCATED;
}

/* Reads exactly n more bytes after r->len, growing the buffer with what
 * arrives: a header promising gigabytes that are not there costs what
 * arrived, not what it promised. */
static int read_exact(segkit_frame_reader *r, uint64_t n)
{
    uint64_t got = 0;
    while (got < n) {
        uint64_t chunk = n - got;
        uint64_t step = got > GROW_STEP ? got : GROW_STEP;
        if (chunk > step)
            chunk = step;
        int st = reserve(r, (uint64_t)r->len + chunk);
        if (st != SEGKIT_OK)
            return st;
        size_t k = fread(r->buf + r->len, 1, (size_t)chunk, r->f);
        r->len += k;
        got += k;
        if (k < chunk)
            return eof_status(r);
    }
    return SEGKIT_OK;
}

/* The bytes an encoded frame of `bytes` may take under the budget. */
static int check_budget(const segkit_frame_reader *r, uint64_t bytes)
{
    return segkit_io_check_memory(bytes, &r->opts.read);
}

/* ------------------------------------------------------------- netpbm */

/* Reads a netpbm header (the magic is in r->buf) up to the raster. */
static int pnm_header(segkit_frame_reader *r, int kind)
{
    int c, st;
    if (kind == 7) {
        /* lines until ENDHDR */
        for (;;) {
            size_t ls = r->len;
            do {
                c = getc(r->f);
                if (c == EOF)
                    return eof_status(r);
                if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
                    return st;
            } while (c != '\n');
            size_t a = ls, b = r->len - 1;
            while (a < b && is_space(r->buf[a]))
                a++;
            while (b > a && is_space(r->buf[b - 1]))
                b--;
            if (b - a == 6 && memcmp(r->buf + a, "ENDHDR", 6) == 0)
                return SEGKIT_OK;
        }
    }
    int need = (kind == 1 || kind == 4) ? 2 : 3, tokens = 0;
    c = getc(r->f);
    for (;;) {
        if (c == EOF)
            return eof_status(r);
        if (c == '#') {
            while (c != EOF && c != '\n' && c != '\r') {
                if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
                    return st;
                c = getc(r->f);
            }
            continue;
        }
        if (is_space(c)) {
            if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
                return st;
            c = getc(r->f);
            continue;
        }
        if (c < '0' || c > '9')
            return append(r, c, LINE_LIMIT); /* the parser says what's wrong */
        while (c >= '0' && c <= '9') {
            if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
                return st;
            c = getc(r->f);
        }
        if (++tokens == need) {
            if (c == EOF)
                return eof_status(r);
            if (kind >= 4) /* raw: the one whitespace before the raster */
                return append(r, c, LINE_LIMIT);
            ungetc(c, r->f); /* plain: the samples' lexer takes it */
            return SEGKIT_OK;
        }
    }
}

/* Plain (P1..P3) samples: lexed until `samples` have been seen. */
static int pnm_plain(segkit_frame_reader *r, int kind, uint64_t samples,
                     uint64_t limit)
{
    uint64_t got = 0;
    int st;
    while (got < samples) {
        int c = getc(r->f);
        if (c == EOF)
            return eof_status(r);
        if ((st = append(r, c, limit)) != SEGKIT_OK)
            return st;
        if (c == '#') {
            while ((c = getc(r->f)) != EOF && c != '\n' && c != '\r')
                if ((st = append(r, c, limit)) != SEGKIT_OK)
                    return st;
            if (c != EOF)
                ungetc(c, r->f);
        } else if (is_space(c)) {
            continue;
        } else if (kind == 1) {
            if (c != '0' && c != '1')
                return SEGKIT_OK; /* the decoder reports it */
            got++;
        } else if (c >= '0' && c <= '9') {
            while ((c = getc(r->f)) >= '0' && c <= '9')
                if ((st = append(r, c, limit)) != SEGKIT_OK)
                    return st;
            if (c != EOF)
                ungetc(c, r->f);
            got++;
        } else {
            return SEGKIT_OK; /* the decoder reports it */
        }
    }
    return SEGKIT_OK;
}

static int pnm_next(segkit_frame_reader *r, segkit_image *img)
{
    int st;
    r->len = 0;
    if (r->npre) {
        if ((st = reserve(r, 2)) != SEGKIT_OK)
            return st;
        memcpy(r->buf, r->pre, r->npre);
        r->len = r->npre;
        r->npre = 0;
    } else {
        int c;
        do
            c = getc(r->f);
        while (c != EOF && is_space(c));
        if (c == EOF) {
            if (ferror(r->f))
                return SEGKIT_ERR_IO;
            r->done = 1;
            return SEGKIT_OK;
        }
        if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
            return st;
        if ((c = getc(r->f)) == EOF)
            return eof_status(r);
        if ((st = append(r, c, LINE_LIMIT)) != SEGKIT_OK)
            return st;
        if (r->buf[0] != 'P' || r->buf[1] < '1' || r->buf[1] > '7')
            return SEGKIT_ERR_CORRUPT; /* not the start of an image */
    }
    int kind = r->buf[1] - '0';
    if ((st = pnm_header(r, kind)) != SEGKIT_OK)
        return st;
    segkit_pnm_layout lay;
    if ((st = segkit_pnm_frame_layout(r->buf, r->len, &r->opts.read, &lay)) !=
        SEGKIT_OK)
        return st;
    if (kind >= 4) {
        if ((st = check_budget(r, lay.header_len + lay.raster)) != SEGKIT_OK)
            return st;
        if ((st = read_exact(r, lay.raster)) != SEGKIT_OK)
            return st;
    } else {
        uint64_t limit = SEGKIT_IO_METADATA_ALLOWANCE + lay.header_len +
                         24 * lay.samples;
        if (r->opts.read.max_memory && limit > r->opts.read.max_memory)
            limit = r->opts.read.max_memory;
        if ((st = pnm_plain(r, kind, lay.samples, limit)) != SEGKIT_OK)
            return st;
    }
    return segkit_pnm_decode(r->buf, r->len, &r->opts.read, img);
}

/* ---------------------------------------------------------------- Y4M */

/* Reads a line (without '\n') into r->buf from r->len on. */
static int read_line(segkit_frame_reader *r)
{
    for (;;) {
        int c = getc(r->f);
        if (c == EOF)
            return eof_status(r);
        if (c == '\n')
            return SEGKIT_OK;
        int st = append(r, c, LINE_LIMIT);
        if (st != SEGKIT_OK)
            return st;
    }
}

static int y4m_open(segkit_frame_reader *r)
{
    r->len = 0;
    int st = append(r, 'Y', LINE_LIMIT);
    if (st == SEGKIT_OK)
        st = read_line(r);
    if (st == SEGKIT_ERR_TRUNCATED && (r->len < 9 || memcmp(r->buf, "YUV4MPEG2", 9)))
        return SEGKIT_ERR_FORMAT;
    if (st != SEGKIT_OK)
        return st;
    st = segkit_y4m_parse_header((const char *)r->buf, r->len, &r->y4m, &r->lay);
    if (st != SEGKIT_OK)
        return st;
    int rgb = r->opts.color && r->lay.chroma != Y4M_MONO &&
              r->lay.chroma != Y4M_MONO16;
    segkit_type t = r->lay.chroma == Y4M_MONO16 ? SEGKIT_U16 : SEGKIT_U8;
    st = segkit_io_check_size((uint64_t)r->y4m.width, (uint64_t)r->y4m.height,
                              rgb ? 3 : 1, t, &r->opts.read);
    if (st != SEGKIT_OK)
        return st;
    /* peak: the frame's planes and the image made of them */
    return check_budget(r, r->lay.frame + (uint64_t)r->y4m.width *
                                              (uint64_t)r->y4m.height *
                                              (rgb ? 3u : 1u) * (t == SEGKIT_U16 ? 2u : 1u));
}

static int y4m_next(segkit_frame_reader *r, segkit_image *img)
{
    int c = getc(r->f);
    if (c == EOF) {
        if (ferror(r->f))
            return SEGKIT_ERR_IO;
        r->done = 1;
        return SEGKIT_OK;
    }
    r->len = 0;
    int st = append(r, c, LINE_LIMIT);
    if (st == SEGKIT_OK)
        st = read_line(r);
    if (st == SEGKIT_ERR_TRUNCATED && r->len < 5 &&
        memcmp(r->buf, "FRAME", r->len) != 0)
        return SEGKIT_ERR_CORRUPT;
    if (st != SEGKIT_OK)
        return st;
    if (r->len < 5 || memcmp(r->buf, "FRAME", 5) != 0 ||
        (r->len > 5 && r->buf[5] != ' '))
        return SEGKIT_ERR_CORRUPT;
    r->len = 0;
    if ((st = read_exact(r, r->lay.frame)) != SEGKIT_OK)
        return st;
    return segkit_y4m_decode(r->buf, &r->y4m, &r->lay, r->opts.color,
                             r->opts.bt709, img);
}

/* ------------------------------------------------------------- reader */

int segkit_frame_reader_open(segkit_frame_reader **out, FILE *f,
                             const segkit_frame_options *opts)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    *out = NULL;
    if (!f)
        return SEGKIT_ERR_ARG;
    segkit_frame_reader *r = calloc(1, sizeof *r);
    if (!r)
        return SEGKIT_ERR_NOMEM;
    r->f = f;
    r->opts = opts ? *opts : segkit_frame_options_default();
    int st = SEGKIT_OK;
    int c1 = getc(f);
    if (c1 == EOF) {
        st = ferror(f) ? SEGKIT_ERR_IO : SEGKIT_ERR_TRUNCATED;
    } else if (c1 == 'Y') {
        r->kind = SEGKIT_STREAM_Y4M;
        st = y4m_open(r);
    } else {
        r->pre[r->npre++] = (uint8_t)c1;
        int c2 = getc(f);
        if (c2 != EOF)
            r->pre[r->npre++] = (uint8_t)c2;
        else if (ferror(f))
            st = SEGKIT_ERR_IO;
        r->kind = c1 == 'P' && c2 >= '1' && c2 <= '7' ? SEGKIT_STREAM_PNM
                                                      : SEGKIT_STREAM_SINGLE;
    }
    if (st != SEGKIT_OK) {
        segkit_frame_reader_close(r);
        return st;
    }
    *out = r;
    return SEGKIT_OK;
}

int segkit_frame_read(segkit_frame_reader *r, segkit_image *img)
{
    if (img)
        memset(img, 0, sizeof *img);
    if (!r || !img)
        return SEGKIT_ERR_ARG;
    if (r->error)
        return r->error;
    if (r->done)
        return SEGKIT_OK;
    int st;
    switch (r->kind) {
    case SEGKIT_STREAM_PNM:
        st = pnm_next(r, img);
        break;
    case SEGKIT_STREAM_Y4M:
        st = y4m_next(r, img);
        break;
    default:
        st = segkit_io_read_stream_prefix(r->f, r->pre, r->npre, &r->opts.read,
                                          img, &r->single_format);
        r->npre = 0;
        r->done = 1;
        break;
    }
    if (st != SEGKIT_OK) {
        segkit_image_free(img);
        r->error = st;
        return st;
    }
    if (img->data)
        r->count++;
    return SEGKIT_OK;
}

segkit_stream_kind segkit_frame_reader_kind(const segkit_frame_reader *r)
{
    return r ? r->kind : SEGKIT_STREAM_SINGLE;
}

const segkit_y4m_header *segkit_frame_reader_y4m(const segkit_frame_reader *r)
{
    return r && r->kind == SEGKIT_STREAM_Y4M ? &r->y4m : NULL;
}

segkit_format segkit_frame_reader_format(const segkit_frame_reader *r)
{
    return r ? r->single_format : SEGKIT_FORMAT_UNKNOWN;
}

uint64_t segkit_frame_reader_count(const segkit_frame_reader *r)
{
    return r ? r->count : 0;
}

void segkit_frame_reader_close(segkit_frame_reader *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

/* ------------------------------------------------------------- writer */

/* The Y4M shape of frames like img: chroma layout, range, planes' bytes. */
static int y4m_shape(const segkit_image *img, const segkit_y4m_header *like,
                     const segkit_frame_write_options *o, int *chroma,
                     int *full, uint64_t *bytes)
{
    if (img->channels == 1 && img->type == SEGKIT_U8)
        *chroma = o->mono_as_420 ? Y4M_420 : Y4M_MONO;
    else if (img->channels == 1 &&
             (img->type == SEGKIT_U16 || img->type == SEGKIT_I32))
        *chroma = Y4M_MONO16;
    else if (img->channels == 3 && img->type == SEGKIT_U8)
        *chroma = Y4M_444;
    else
        return SEGKIT_ERR_TYPE;
    /* colour keeps the input's range; masks and labels are data: full */
    *full = *chroma == Y4M_444 && like ? like->full_range : 1;
    uint64_t n = (uint64_t)img->width * (uint64_t)img->height;
    switch (*chroma) {
    case Y4M_MONO: *bytes = n; break;
    case Y4M_MONO16: *bytes = 2 * n; break;
    case Y4M_420:
        *bytes = n + 2 * (uint64_t)((img->width + 1) / 2) *
                         (uint64_t)((img->height + 1) / 2);
        break;
    default: *bytes = 3 * n; break;
    }
    return *bytes > SIZE_MAX - 256 ? SEGKIT_ERR_OVERFLOW : SEGKIT_OK;
}

int segkit_frame_encode(segkit_stream_kind kind, const segkit_y4m_header *like,
                        const segkit_frame_write_options *opts, int with_header,
                        const segkit_image *img, void **data, size_t *size)
{
    segkit_frame_write_options def = segkit_frame_write_options_default();
    if (data)
        *data = NULL;
    if (size)
        *size = 0;
    if (!data || !size || !img || !img->data || img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    if (!opts)
        opts = &def;
    if (kind == SEGKIT_STREAM_PNM) {
        segkit_format f = opts->pnm_format;
        if (f != SEGKIT_FORMAT_PAM && f != SEGKIT_FORMAT_PBM)
            f = SEGKIT_FORMAT_PNM;
        return segkit_write_memory(img, f, data, size);
    }
    if (kind != SEGKIT_STREAM_Y4M)
        return SEGKIT_ERR_ARG;
    int chroma, full;
    uint64_t bytes;
    int st = y4m_shape(img, like, opts, &chroma, &full, &bytes);
    if (st != SEGKIT_OK)
        return st;
    char head[200];
    int hn = 0;
    if (with_header) {
        static const char *const names[] = {"mono", "mono16", "420jpeg", "422", "444"};
        int fn = 25, fd = 1, an = 1, ad = 1;
        char il = 'p';
        if (like && like->rate_num > 0 && like->rate_den > 0) {
            fn = like->rate_num;
            fd = like->rate_den;
        }
        if (like && like->aspect_den > 0) {
            an = like->aspect_num;
            ad = like->aspect_den;
        }
        if (like && like->interlace)
            il = like->interlace;
        hn = snprintf(head, sizeof head,
                      "YUV4MPEG2 W%d H%d F%d:%d I%c A%d:%d C%s XCOLORRANGE=%s\n",
                      img->width, img->height, fn, fd, il, an, ad, names[chroma],
                      full ? "FULL" : "LIMITED");
        if (hn < 0 || (size_t)hn >= sizeof head)
            return SEGKIT_ERR_ARG;
    }
    size_t total = (size_t)hn + 6 + (size_t)bytes;
    uint8_t *buf = malloc(total);
    if (!buf)
        return SEGKIT_ERR_NOMEM;
    memcpy(buf, head, (size_t)hn);
    memcpy(buf + hn, "FRAME\n", 6);
    st = segkit_y4m_encode(img, chroma, full, opts->bt709, buf + hn + 6);
    if (st != SEGKIT_OK) {
        free(buf);
        return st;
    }
    *data = buf;
    *size = total;
    return SEGKIT_OK;
}

struct segkit_frame_writer {
    FILE *f;
    segkit_stream_kind kind;
    segkit_frame_write_options opts;
    segkit_y4m_header like;
    int have_like;
    int started;       /* Y4M: header written; the frames' shape below */
    int width, height, channels;
    segkit_type type;
    int error;
};

int segkit_frame_writer_open(segkit_frame_writer **out, FILE *f,
                             segkit_stream_kind kind,
                             const segkit_y4m_header *like,
                             const segkit_frame_write_options *opts)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    *out = NULL;
    if (!f || (kind != SEGKIT_STREAM_PNM && kind != SEGKIT_STREAM_Y4M))
        return SEGKIT_ERR_ARG;
    segkit_frame_writer *w = calloc(1, sizeof *w);
    if (!w)
        return SEGKIT_ERR_NOMEM;
    w->f = f;
    w->kind = kind;
    w->opts = opts ? *opts : segkit_frame_write_options_default();
    if (like) {
        w->like = *like;
        w->have_like = 1;
    }
    *out = w;
    return SEGKIT_OK;
}

int segkit_frame_write(segkit_frame_writer *w, const segkit_image *img)
{
    if (!w || !img || !img->data || img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    if (w->error)
        return w->error;
    if (w->kind == SEGKIT_STREAM_Y4M && w->started) {
        if (img->width != w->width || img->height != w->height)
            return SEGKIT_ERR_SIZE;
        if (img->channels != w->channels || img->type != w->type)
            return SEGKIT_ERR_TYPE;
    }
    void *data;
    size_t size;
    int st = segkit_frame_encode(w->kind, w->have_like ? &w->like : NULL, &w->opts,
                                 !w->started, img, &data, &size);
    if (st != SEGKIT_OK)
        return st;
    if (fwrite(data, 1, size, w->f) != size)
        st = w->error = SEGKIT_ERR_IO;
    free(data);
    if (st == SEGKIT_OK && !w->started) {
        w->started = 1;
        w->width = img->width;
        w->height = img->height;
        w->channels = img->channels;
        w->type = img->type;
    }
    return st;
}

int segkit_frame_writer_close(segkit_frame_writer *w)
{
    if (!w)
        return SEGKIT_OK;
    int st = w->error;
    if (fflush(w->f) != 0 && st == SEGKIT_OK)
        st = SEGKIT_ERR_IO;
    free(w);
    return st;
}
