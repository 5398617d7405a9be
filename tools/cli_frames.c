/* Frames of a stream as a batch's inputs (issue 14): when IN is "-" and
 * standard input holds a netpbm (P1..P7) or YUV4MPEG2 stream, it is read
 * frame by frame with src/io's frame reader and every frame runs through the
 * tool's process() as a file would (cli_batch_run_source: --jobs threads, a
 * bounded number of frames in flight, messages and --jsonl lines in frame
 * order).  With OUT "-" (and no --format) each result goes to standard
 * output as a frame of a stream of the same kind, in frame order; with
 * --format FMT each as an FMT file, concatenated (image2pipe); with -o
 * TEMPLATE one file per frame ({index} numbers them).  Y4M frames reach a
 * tool as the Y plane (gray tools) or RGB (tools with cli_tool.frames_rgb):
 * include/segkit/io.h, "Streams of frames". */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cli_stream {
    segkit_frame_reader *reader;
    segkit_stream_kind kind;
    segkit_y4m_header y4m;
    int have_y4m;
    const char *out;   /* every frame's OUT (single-run form), or NULL */
    long count;
    int ended;
    /* frames read ahead (to know, before anything is written, whether a
     * stream meant for one file or one --json report holds one frame) */
    segkit_image ahead[2];
    int ahead_status[2], nahead;
};

/* The next frame: one read ahead, else from the reader. */
static int pull(struct cli_stream *s, segkit_image *img)
{
    if (s->nahead) {
        int st = s->ahead_status[0];
        *img = s->ahead[0];
        s->ahead[0] = s->ahead[1];
        s->ahead_status[0] = s->ahead_status[1];
        s->nahead--;
        return st;
    }
    return segkit_frame_read(s->reader, img);
}

int cli_stdin_is_stream(void)
{
    int c = getc(stdin);
    if (c == EOF)
        return 0;
    ungetc(c, stdin);
    return c == 'P' || c == 'Y';
}

static int frames_next(cli_source *src, cli_input *in)
{
    struct cli_stream *s = src->state;
    if (s->ended)
        return 0;
    segkit_image img;
    int st = pull(s, &img);
    if (st == SEGKIT_OK && !img.data) {
        s->ended = 1;
        return 0;
    }
    memset(in, 0, sizeof *in);
    in->index = ++s->count;
    in->stream = s;
    in->has_frame = 1;
    if (st != SEGKIT_OK) {
        in->frame_status = st; /* reported by the frame's job, in order */
        s->ended = 1;          /* a stream cannot be resynchronised */
    } else {
        in->frame = img;
    }
    in->name = strdup("-");
    if (s->out)
        in->output = strdup(s->out);
    if (!in->name || (s->out && !in->output)) {
        free(in->name);
        free(in->output);
        segkit_image_free(&in->frame);
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    return 1;
}

int cli_frames_report(const cli_input *in)
{
    cli_error("-", "frame %ld: %s", in->index,
              in->frame_status == SEGKIT_ERR_IO && errno ? strerror(errno)
                                                     : segkit_strerror(in->frame_status));
    return CLI_FAIL;
}

/* Whether the stream holds a second frame: reads up to two frames ahead.  A
 * read error counts as no second frame (it is reported in its turn). */
static int second_frame(struct cli_stream *s)
{
    while (s->nahead < 2) {
        int k = s->nahead;
        s->ahead_status[k] = segkit_frame_read(s->reader, &s->ahead[k]);
        s->nahead++;
        if (s->ahead_status[k] != SEGKIT_OK || !s->ahead[k].data)
            return 0;
    }
    return 1;
}

static void frames_close(struct cli_stream *s)
{
    for (int k = 0; k < s->nahead; k++)
        segkit_image_free(&s->ahead[k]);
    s->nahead = 0;
    segkit_frame_reader_close(s->reader);
}

int cli_frames_write(const cli_common *common, const segkit_image *img, int *rc)
{
    const cli_input *in = cli_batch_input();
    if (!in || !in->stream || common->format)
        return 0;
    const struct cli_stream *s = in->stream;
    if (s->kind == SEGKIT_STREAM_SINGLE)
        return 0;
    void *buf;
    size_t len;
    /* every Y4M frame is encoded after a stream header: the batch writes it
     * once, with the first frame written (cli_stdout_stream) */
    int st = segkit_frame_encode(s->kind, s->have_y4m ? &s->y4m : NULL, NULL, 1, img, &buf,
                                 &len);
    if (st != SEGKIT_OK) {
        if (st == SEGKIT_ERR_TYPE && s->kind == SEGKIT_STREAM_Y4M)
            cli_error("(stdout)", "frame %ld: a Y4M frame holds 1-channel 8/16-bit or RGB "
                                  "8-bit data, not %d-channel %s (give --format or -o)",
                      in->index, img->channels, segkit_type_name(img->type));
        else if (st == SEGKIT_ERR_RANGE)
            cli_error("(stdout)", "frame %ld: labels outside 0..65535 do not fit a 16-bit "
                                  "frame: write files with -o 'labels/{index:5}.npy'",
                      in->index);
        else
            cli_error("(stdout)", "frame %ld: %s", in->index, segkit_strerror(st));
        *rc = CLI_FAIL;
        return 1;
    }
    const char *nl = s->kind == SEGKIT_STREAM_Y4M ? memchr(buf, '\n', len) : NULL;
    *rc = cli_stdout_stream(buf, len, nl ? (size_t)(nl - (const char *)buf) + 1 : 0);
    free(buf);
    return 1;
}

int cli_frames_run(cli_common *common, const char *one_out, cli_process_fn fn, void *ctx)
{
    cli_batch_opts *b = &common->batch;
    segkit_frame_options fo = segkit_frame_options_default();
    fo.read.max_pixels = (uint64_t)common->max_pixels;
    fo.read.max_memory = (uint64_t)common->max_memory;
    fo.color = common->tool && common->tool->frames_rgb;
    struct cli_stream s;
    memset(&s, 0, sizeof s);
    errno = 0;
    int st = segkit_frame_reader_open(&s.reader, stdin, &fo);
    if (st != SEGKIT_OK) {
        cli_error("-", "%s", st == SEGKIT_ERR_IO && errno ? strerror(errno) : segkit_strerror(st));
        return CLI_FAIL;
    }
    s.kind = segkit_frame_reader_kind(s.reader);
    const segkit_y4m_header *h = segkit_frame_reader_y4m(s.reader);
    if (h) {
        s.y4m = *h;
        s.have_y4m = 1;
    }
    int fixed = b->output && !strchr(b->output, '{');
    s.out = one_out ? one_out : fixed ? b->output : NULL;
    if (!s.out && !b->output && common->tool && common->tool->min_args >= 2) {
        cli_error(NULL, "no output: give OUT (- for a stream) or -o TEMPLATE");
        segkit_frame_reader_close(s.reader);
        return CLI_USAGE;
    }
    /* one file, or one --json report, for a stream of several frames: refused
     * before anything is read into a job or written */
    int one_file = s.out && strcmp(s.out, "-") != 0;
    if ((one_file || (common->json && !b->jsonl)) && second_frame(&s)) {
        if (one_file)
            cli_error(s.out, "standard input holds several frames: write them to a stream "
                             "(OUT -) or name one file each with -o TEMPLATE, e.g. "
                             "-o 'frames/{index:5}.png'");
        else
            cli_error(NULL, "--json reports one image and standard input holds several "
                            "frames: give --jsonl[=FILE] for one line per frame");
        frames_close(&s);
        return CLI_USAGE;
    }
    if (b->jsonl && strcmp(b->jsonl, "-") == 0 && s.out && strcmp(s.out, "-") == 0) {
        cli_error(NULL, "the frames go to stdout: give --jsonl a FILE");
        segkit_frame_reader_close(s.reader);
        return CLI_USAGE;
    }
    /* --jsonl asks the tool for its numbers; frames leave in their order */
    const char *json = common->json;
    int unordered = b->unordered;
    if (b->jsonl && !common->json)
        common->json = "-";
    b->unordered = 0;
    cli_source src = {frames_next, NULL, -1, &s};
    int rc = cli_batch_run_source(common, &src, fn, ctx);
    common->json = json;
    b->unordered = unordered;
    frames_close(&s);
    return rc;
}
