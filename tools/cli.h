/* tools/cli.h - the small helper every segkit-* tool uses: table-driven
 * option parsing and --help, messages, image input/output with "-" for
 * stdin/stdout, atomic outputs, and the --json report.  Not installed. */
#ifndef SEGKIT_TOOLS_CLI_H
#define SEGKIT_TOOLS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "segkit/segkit.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* ---- The short-option registry ----
 * Every short option of every segkit tool, present and planned, with its one
 * meaning: a letter means the same long option in every tool, so a user who
 * learnt `-w` in one tool can guess it in the next.  cli_parse refuses (exit 70,
 * "internal error") a tool table whose short option is not listed here with
 * the same long name, and a table where two options differ only by case
 * (-c/-C, --k/--K).  Letters not listed are free: add a line here (and to
 * tests/cli/short_options.sh's view of it, which reads this table) before
 * giving a tool a new short option.
 *
 *   letter long name      meaning                                     tools */
#define CLI_SHORT_OPTIONS(X)                                                   \
    X('c', "convention",   "whose definition to follow: imagej skimage opencv", "threshold color") \
    X('e', "empty",        "policy for empty masks (0/0)",              "metrics") \
    X('h', "help",         "show the help and exit",                    "all") \
    X('i', "ignore",       "a label left out of the comparison",        "metrics") \
    X('k', "k",            "the method's k; -m multiotsu: the class count", "threshold") \
    X('l', "list",         "pairs from a list file",                    "metrics") \
    X('m', "method",       "the method",                                "threshold") \
    X('n', "connectivity", "4 or 8 neighbours",                         "threshold label watershed") \
    X('o', "output",       "output name template (batch; see cli_batch_run)", "all") \
    X('p', "per-image",    "report every image too",                    "metrics") \
    X('t', "task",         "what to compare",                           "metrics") \
    X('w', "window",       "local window side in pixels",               "threshold") \
    X('0', "null",         "--files-from names end with NUL, not newline", "all")

/* Old documented spellings that break the registry stay accepted, hidden from
 * --help, with a warning naming the new spelling (cli_option.old_short):
 *   segkit-threshold -C C   -> --c C         (-C differed from -c only by case)
 *   segkit-metrics -w R,P   -> --weights R,P (-w is --window)
 * and segkit-threshold -m multiotsu -k K keeps meaning --classes K.
 * -o was segkit-morph's --op before it became the batch output template in
 * every tool: segkit-morph -o OP (an operation name, with an explicit OUT)
 * still works, with a warning; so does segkit-edges --output WHAT (a gradient
 * component name), now --component. */

typedef enum {
    CLI_FLAG,    /* int target set to 1 */
    CLI_INT,     /* int, range-checked */
    CLI_DOUBLE,  /* double, range-checked */
    CLI_STRING,  /* const char * */
    CLI_CHOICE,  /* int index into a NULL-terminated name list */
    CLI_CUSTOM   /* parse(arg, target) returns 0 on success */
} cli_kind;

typedef struct cli_option {
    const char *name;      /* long name, without "--" */
    int short_name;        /* 0 if none */
    cli_kind kind;
    void *target;
    const char *arg;       /* argument name shown in --help ("N", "FILE") */
    const char *help;      /* one line; the default is appended for numbers */
    double min, max;       /* CLI_INT / CLI_DOUBLE range */
    const char *const *choices;            /* CLI_CHOICE */
    /* CLI_CUSTOM: 0 on success, -1 invalid (cli_parse says so), -2 invalid
     * and the parser printed why */
    int (*parse)(const char *arg, void *target);
    int optional_arg;      /* 1: --name[=ARG] (CLI_STRING only) */
    /* Where the option applies: space-separated tags (method or task names,
     * or groups such as "local"); NULL = always.  cli_check_applies refuses a
     * given option none of whose tags the chosen method/task has. */
    const char *applies;
    /* The default shown by --help instead of the target's value (for
     * defaults that depend on the method/task); "" shows none. */
    const char *def;
    int old_short;         /* a hidden, deprecated short spelling (see above) */
    int percent;           /* CLI_DOUBLE fraction: also takes N% (= N/100) */
    /* 1: the value names a file the tool writes (--overlay, --csv): with
     * several inputs it must be a template ({stem}...) and the tool passes it
     * through cli_job_path(); "-" is then refused */
    int output;
} cli_option;

#define CLI_MAX_OPTIONS 96

/* The batch options every batch-capable tool takes (tools/cli_batch.c);
 * filled by cli_parse. */
typedef struct cli_batch_opts {
    const char *output;      /* -o/--output TEMPLATE */
    const char *files_from;  /* --files-from FILE ("-" = stdin) */
    int nul;                 /* -0/--null: --files-from names end with NUL */
    int recursive;           /* --recursive: walk directory arguments */
    const char *glob;        /* --glob PATTERN: names found in directories */
    int jobs;                /* --jobs N; 0 = not given (the CPU count) */
    int unordered, fail_fast, progress, quiet, force, skip_existing;
    const char *jsonl;       /* --jsonl[=FILE]: NULL, "-" (stdout) or FILE */
    long shard_k, shard_n;   /* --shard K/N; shard_n 0 = none */
} cli_batch_opts;

/* What every tool has; filled by cli_parse. */
typedef struct cli_common {
    const char *json;        /* NULL: no report; "-": stdout; else a file */
    double max_pixels;       /* decoder pixel limit */
    double max_memory;       /* decoder memory budget in bytes (--max-memory) */
    int no_autorotate;
    const char *format;      /* output format for stdout / unknown extension */
    int quality;             /* --quality (JPEG output), 0 = not given */
    int png_level;           /* --png-level N as N + 1; 0 = not given */
    /* filled by cli_parse: the table parsed, and for each of its options how
     * the user gave it: "--" by its long name, "-" by the letter in
     * given_short, NULL not at all */
    const struct cli_tool *tool;
    const char *given[CLI_MAX_OPTIONS];
    char given_short[CLI_MAX_OPTIONS];
    const char *json_next;   /* the word after a bare --json, when it was IN */
    int rgbid;               /* set by a tool: cli_read_image reads an RGB PNG
                              * as COCO-panoptic ids (1-channel i32) */
    cli_batch_opts batch;    /* the batch options (tools with tool->batch) */
} cli_common;

typedef struct cli_tool {
    const char *name;        /* "segkit-threshold" */
    const char *usage;       /* "-m METHOD [options] IN [OUT]" */
    const char *summary;     /* one paragraph shown by --help */
    const cli_option *options; /* terminated by {0} */
    int min_args, max_args;  /* positional argument count */
    /* 1: the tool runs through cli_batch_run (takes the batch options, any
     * number of inputs); max_args is then its single-run form (IN [OUT]) */
    int batch;
    /* 1: Y4M frames reach the tool as RGB; 0: as their Y plane (gray tools) */
    int frames_rgb;
    /* 1: the tool writes no file per input (segkit-metrics: its numbers go to
     * --jsonl): every argument is an input, -o, --force and --skip-existing
     * are refused and left out of --help */
    int no_output;
} cli_tool;

/* Sets the program name used by messages. */
void cli_init(const char *prog);
const char *cli_prog(void);

/* "prog: what: message" on stderr (what may be NULL). */
void cli_error(const char *what, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* cli_error(what, "%s", segkit_strerror(st)); returns CLI_FAIL, for
 * `return cli_lib_error(in, st);` after a library call failed. */
int cli_lib_error(const char *what, int st);

/* A continuation line of a message (no "prog: " prefix), kept with its
 * input in a batch as cli_error's are. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses argv against the tool's table plus the common options.  Prints
 * --help / --version and returns -1 (caller exits 0); returns CLI_USAGE
 * after a message on a usage error; else CLI_OK with *first_arg the index of
 * the first positional argument. */
int cli_parse(const cli_tool *tool, cli_common *common, int argc, char **argv,
              int *first_arg);

/* Whether the user gave option NAME (its long name): "--" by the long
 * name, "-" by a short letter, NULL not given (or not in the table). */
const char *cli_given(const cli_common *common, const char *name);
/* The index of option NAME in the tool's table (for common->given), -1 if
 * none. */
int cli_option_index(const struct cli_tool *t, const char *name);

/* "An option that does not apply is a usage error": for every option the
 * user gave whose `applies` tags share none with TAGS (space-separated tags
 * of the chosen method/task), prints "OPT does not apply to CHOSEN" and
 * returns CLI_USAGE; else CLI_OK.  CHOSEN names the choice ("-m otsu"). */
int cli_check_applies(const cli_common *common, const char *chosen, const char *tags);

/* Leaves a 1-channel image as it is; converts colour to gray (BT.601) in
 * place.  Prints "prog: path: reason" on error. */
int cli_to_gray(const char *path, segkit_image *img);

/* Reads an image ("-" = stdin).  Prints "prog: path: reason" on error. */
int cli_read_image(const char *path, const cli_common *common,
                   segkit_image *img);

/* Writes an image ("-" = stdout, refused on a terminal) by the library's
 * safe-output rules, in the format of the file's extension, else --format,
 * else PNG.  For masks and labels, whose values are data: a lossy format
 * (JPEG) is refused (CLI_USAGE) unless --format names it.  --quality with a
 * format other than JPEG is a usage error (CLI_USAGE).  Prints the error;
 * returns CLI_OK, CLI_FAIL or CLI_USAGE. */
int cli_write_image(const char *path, const cli_common *common,
                    const segkit_image *img);
/* The same for pictures (overlays, colour maps): JPEG is allowed. */
int cli_write_picture(const char *path, const cli_common *common,
                      const segkit_image *img);

/* ---- --overlay FILE: a picture of a tool's result over its input ----
 * Every tool whose result is a mask, labels or a map takes --overlay FILE and
 * writes, in the same run, the picture segkit-overlay would draw of the
 * result over the tool's input.  Wiring, in any tool (watershed, colour,
 * edges, ...): put CLI_OVERLAY_OPTION(&o.overlay) in the option table (a
 * `const char *` target; "-" is refused: the picture needs a file), compute
 * the result also when only --overlay asks for it, then call
 * cli_write_overlay(o.overlay, &common, &input, &result, CLI_RESULT_...).
 * The pictures (docs/segkit-overlay.1):
 *   MASK     nonzero pixels as one object (label 1): tinted (alpha 0.45)
 *            with an inner boundary, glasbey colour 1;
 *   LABELS   1-channel u8/u16/i32, 0 = background: each object tinted in its
 *            glasbey colour, with its inner boundary;
 *   CLASSES  class indices 0..K-1 that tile the image (multi-Otsu, k-means):
 *            class v tinted as label v + 1, class 0 included;
 *   MAP      a scalar map (distance, gradient, gray result; any type):
 *            viridis over its min..max, alpha 0.6;
 *   AUTO     i32: LABELS; u8 holding only 0 and 255: MASK; else MAP (for
 *            tools whose result is a mask or a gray image by input). */
typedef enum {
    CLI_RESULT_MASK, CLI_RESULT_LABELS, CLI_RESULT_CLASSES, CLI_RESULT_MAP, CLI_RESULT_AUTO
} cli_result;

int cli_parse_overlay_path(const char *arg, void *target);
#define CLI_OVERLAY_OPTION(target)                                                     \
    {"overlay", 0, CLI_CUSTOM, (target), "FILE",                                      \
     "also write a picture of the result over the input (PNG or JPEG)", 0, 0, NULL,  \
     cli_parse_overlay_path, 0, .output = 1}

/* -c/--convention NAME: a CLI_CHOICE whose index is the segkit_convention
 * (imagej skimage opencv); HELP and APPLIES as in cli_option. */
extern const char *const cli_convention_names[];
#define CLI_CONVENTION_OPTION(target, help, applies_)                                  \
    {"convention", 'c', CLI_CHOICE, (target), "NAME", (help), 0, 0, cli_convention_names, \
     NULL, 0, .applies = (applies_)}

/* Writes the --overlay picture of RESULT (INPUT's size) over INPUT (1 to 4
 * channels, u8/u16/f32: shown through its min/max when not 8-bit) to PATH
 * with cli_write_picture.  Prints "prog: path: reason" on error; returns
 * CLI_OK, CLI_FAIL or CLI_USAGE. */
int cli_write_overlay(const char *path, const cli_common *common, const segkit_image *input,
                      const segkit_image *result, cli_result kind);
/* The same with the colours of given labels (the labels drawn: a mask's 1,
 * class v's v + 1) from CLASSES (NULL: the palette's), as
 * segkit-overlay --classes draws them. */
int cli_write_overlay_classes(const char *path, const cli_common *common,
                              const segkit_image *input, const segkit_image *result,
                              cli_result kind, const segkit_class_table *classes);

/* Reads a whole text file ("-" = stdin) of at most MAX bytes into a new
 * malloc'ed, NUL-terminated *buf (*len bytes, NULs inside kept).  Prints
 * "prog: path: reason" and returns CLI_FAIL on error. */
int cli_read_text(const char *path, size_t max, char **buf, size_t *len);

/* Writes LEN bytes of text to PATH ("-" = stdout) by the library's
 * safe-output rules (atomic replace, temporary removed on a signal).
 * Prints "prog: path: reason" and returns CLI_FAIL on error. */
int cli_write_text(const char *path, const void *buf, size_t len);

/* ---- A text buffer that grows (the JSON report, batch captures, CSV) ---- */
typedef struct cli_buf {
    char *s;      /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
    int failed;   /* an allocation failed: later additions do nothing */
} cli_buf;
void cli_buf_add(cli_buf *b, const void *p, size_t n);
void cli_buf_printf(cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_buf_free(cli_buf *b);

/* ---- JSON report: built in memory, written in one go ---- */
typedef struct cli_json {
    cli_buf out;
    int need_comma;
} cli_json;

void cli_json_begin(cli_json *j);                /* "{" */
void cli_json_key(cli_json *j, const char *key);
void cli_json_string(cli_json *j, const char *key, const char *value);
void cli_json_number(cli_json *j, const char *key, double value);
void cli_json_int(cli_json *j, const char *key, long long value);
void cli_json_bool(cli_json *j, const char *key, int value);
void cli_json_array_begin(cli_json *j, const char *key);
void cli_json_array_end(cli_json *j);
void cli_json_object_begin(cli_json *j, const char *key); /* key NULL in arrays */
void cli_json_object_end(cli_json *j);
void cli_json_value_number(cli_json *j, double value);    /* array element */
void cli_json_end(cli_json *j);                  /* "}\n" */
/* Writes the report to common->json ("-" = stdout; a file atomically). */
int cli_json_emit(cli_json *j, const cli_common *common);
void cli_json_free(cli_json *j);

/* Appends LEN bytes of ready-made JSON (a value) after KEY. */
void cli_json_raw(cli_json *j, const char *key, const char *text, size_t len);

/* Formats a number the shortest way that round-trips ("102", "78.47"). */
void cli_format_number(char *out, size_t size, double v);

/* ---- several outputs of one run ---- */
/* The files a run writes, each noted just before it is written: when a
 * later step fails, cli_outputs_undo removes the noted files that did not
 * exist before the run, so that a failed run leaves no partial results
 * (each file itself is written atomically; "-" and existing paths are never
 * removed). */
#define CLI_MAX_OUTPUTS 8
typedef struct cli_outputs {
    const char *path[CLI_MAX_OUTPUTS];
    unsigned char fresh[CLI_MAX_OUTPUTS];
    int n;
} cli_outputs;
void cli_outputs_note(cli_outputs *w, const char *path);
/* Removes the fresh files noted so far; returns rc. */
int cli_outputs_undo(const cli_outputs *w, int rc);
/* The --overlay picture, after OUT was written with result RC: when RC is
 * CLI_OK and OVERLAY (the path, NULL when not asked) is set, notes it in W
 * and writes the picture of RESULT over IMG (cli_write_overlay).  Returns
 * RC or the picture's result; undoing W on failure is the caller's. */
int cli_outputs_overlay(cli_outputs *w, int rc, const char *overlay, const cli_common *common,
                        const segkit_image *img, const segkit_image *result, cli_result kind);

/* ---- Batch: one process, many inputs (tools/cli_batch.c) ----
 * Every tool's main() is: cli_parse, check the options once, then
 *     return cli_batch_run(&common, argc - first, argv + first, process, &ctx);
 * with process(ctx, in, out) doing one image: read IN, compute, write OUT
 * (NULL: the tool's form without OUT), report with cli_json_emit when
 * common->json is set, and return CLI_OK, CLI_FAIL or CLI_USAGE.
 *
 * One input and no batch option (-o, --files-from, --jsonl, ...): process
 * runs once, as the tool always did (IN OUT from the arguments).  Otherwise
 * (docs: the BATCH section of every man page) inputs come from the
 * arguments, --files-from and directories (--recursive, --glob), are
 * sharded (--shard K/N), outputs are named by the -o TEMPLATE, and process
 * runs in --jobs N threads, at most N images in flight.  Inside a worker
 * thread, cli_error messages, the --json report and cli_stdout() bytes are
 * kept per input and emitted whole, in input order (or --unordered), beside
 * a --jsonl line per input.  A CLI_FAIL goes on with the next input (exit 1
 * at the end; --fail-fast stops); a CLI_USAGE stops the run (exit 2): it is
 * the same for every input.  process must touch no shared mutable state
 * (ctx is shared by all threads: read it only).
 *
 * Templates: {name} the input's file name, {stem} it without the last
 * extension, {ext} that extension (no dot), {dir} its directory (. when
 * none), {index} its 1-based position in the whole input list ({index:N}:
 * zero-padded to N digits), {{ and }} literal braces. */
typedef int (*cli_process_fn)(void *ctx, const char *in, const char *out);

/* One input of a batch, as a cli_source hands it out. */
typedef struct cli_input {
    char *name;          /* malloc'ed: the path, or the name messages use */
    char *output;        /* malloc'ed output path, or NULL: from the template */
    long index;          /* 1-based position ({index}); 0: the count so far */
    segkit_image frame;  /* a decoded frame (streams): cli_read_image(name)
                          * in process hands it over instead of reading */
    int has_frame;
    /* a frame of a stream on stdin (tools/cli_frames.c): its stream, and the
     * error that stopped reading it (frame then empty; reported by its job) */
    const struct cli_stream *stream;
    int frame_status;
} cli_input;

/* Where a batch's inputs come from (files here; frames of a stream in
 * src/io's stream readers).  next() is called from one thread at a time, in
 * input order: it fills *in and returns 1, returns 0 at the end, or prints a
 * message and returns CLI_FAIL (the run stops, exit 1). */
typedef struct cli_source {
    int (*next)(struct cli_source *src, cli_input *in);
    void (*close)(struct cli_source *src); /* may be NULL */
    long total;                            /* inputs in all; -1: unknown */
    void *state;
} cli_source;

int cli_batch_run(cli_common *common, int npos, char **pos, cli_process_fn fn, void *ctx);
/* The loop itself, over any source; outputs from the source or, when it
 * leaves them NULL, from common->batch.output expanded per input. */
int cli_batch_run_source(cli_common *common, cli_source *src, cli_process_fn fn, void *ctx);

/* Inside process: TMPL (an --overlay or --csv value, a --mask or --seed
 * template) expanded for the current input; TMPL itself outside a batch or
 * when it has no placeholder.  The string lives until process returns. */
const char *cli_job_path(const char *tmpl);
/* Whether process runs inside a batch (several inputs or batch options). */
int cli_in_batch(void);
/* Standard output for process: kept per input inside a batch, written
 * through otherwise.  Returns CLI_OK or CLI_FAIL (after a message). */
int cli_stdout(const void *buf, size_t len);
int cli_stdout_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_stdout of a frame whose first HEADER bytes are the stream's header
 * (Y4M): the batch writes the header once, before the first frame written,
 * and fails a frame whose header differs. */
int cli_stdout_stream(const void *buf, size_t len, size_t header);

/* Expands TMPL for INPUT at 1-based INDEX into a new malloc'ed *out.
 * Returns CLI_OK, or CLI_USAGE with *why set (unknown placeholder, empty). */
int cli_template_expand(const char *tmpl, const char *input, long index, char **out,
                        const char **why);

/* Between cli.c and cli_batch.c (not for tools). */
int cli_batch_capture_message(const char *text, size_t len);
int cli_batch_capture_report(const char *text, size_t len);
int cli_batch_take_frame(const char *path, segkit_image *img);
int cli_batch_slot(void);  /* this thread's slot: 0 main, 1.. workers */
/* inside a batch: creates PATH's missing directories (CLI_FAIL with errno
 * set, no message); outside: nothing */
int cli_batch_make_parents(const char *path);
#define CLI_MAX_JOBS 256
/* The input the calling worker thread runs, NULL outside a job. */
const cli_input *cli_batch_input(void);

/* ---- Frames of a stream on stdin (tools/cli_frames.c) ---- */
/* 1 when standard input starts like a netpbm or Y4M stream (peeks a byte). */
int cli_stdin_is_stream(void);
/* Runs the batch loop over the frames on stdin; ONE_OUT: the single-run OUT
 * (every frame's), or NULL (-o TEMPLATE, or none). */
int cli_frames_run(cli_common *common, const char *one_out, cli_process_fn fn, void *ctx);
/* Inside a job of a frame with OUT "-" and no --format: writes IMG as the
 * stream's next frame and returns 1 (*rc the result); 0 otherwise. */
int cli_frames_write(const cli_common *common, const segkit_image *img, int *rc);
/* Prints why IN (a frame with frame_status) failed; returns CLI_FAIL. */
int cli_frames_report(const cli_input *in);

#endif
