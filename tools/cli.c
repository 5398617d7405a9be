/* The shared CLI helper: see cli.h. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog_name = "segkit";

void cli_init(const char *prog) { prog_name = prog; }
const char *cli_prog(void) { return prog_name; }

/* The message is made whole first: inside a batch it is kept with its
 * input's report (cli_batch.c), else written in one go. */
void cli_error(const char *what, const char *fmt, ...)
{
    va_list ap;
    char small[512], *msg = small;
    int head = snprintf(small, sizeof small, "%s: %s%s", prog_name,
                        what ? (strcmp(what, "-") == 0 ? "(stdin)" : what) : "",
                        what ? ": " : "");
    va_start(ap, fmt);
    int body = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (head < 0 || body < 0)
        return;
    size_t len = (size_t)head + (size_t)body + 1;
    if (len >= sizeof small) {
        char *big = malloc(len + 1);
        if (!big) {
            fputs(small, stderr);
            fputs(": (message lost: out of memory)\n", stderr);
            return;
        }
        snprintf(big, len + 1, "%s: %s%s", prog_name,
                 what ? (strcmp(what, "-") == 0 ? "(stdin)" : what) : "", what ? ": " : "");
        msg = big;
    }
    va_start(ap, fmt);
    vsnprintf(msg + head, len - (size_t)head, fmt, ap);
    va_end(ap);
    msg[len - 1] = '\n';
    msg[len] = '\0';
    if (!cli_batch_capture_message(msg, len))
        fwrite(msg, 1, len, stderr);
    if (msg != small)
        free(msg);
}

int cli_lib_error(const char *what, int st)
{
    cli_error(what, "%s", segkit_strerror(st));
    return CLI_FAIL;
}

void cli_note(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    if (!cli_batch_capture_message(buf, len))
        fwrite(buf, 1, len, stderr);
}

void cli_format_number(char *out, size_t size, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, size, "%.0f", v);
        return;
    }
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* ---------------------------------------------------------------- options */

enum { OPT_HELP = 1000, OPT_VERSION, OPT_JSON, OPT_MAX_PIXELS,
       OPT_NO_AUTOROTATE, OPT_FORMAT, OPT_QUALITY, OPT_MAX_MEMORY,
       OPT_OUTPUT, OPT_FILES_FROM, OPT_NULL, OPT_RECURSIVE, OPT_GLOB, OPT_JOBS,
       OPT_UNORDERED, OPT_FAIL_FAST, OPT_JSONL, OPT_PROGRESS, OPT_QUIET, OPT_FORCE,
       OPT_SKIP_EXISTING, OPT_SHARD, OPT_PNG_LEVEL, OPT_TABLE = 1100 };

static const char *const common_help[][3] = {
    {"json[=FILE]", "", "write a JSON report to FILE (default: stdout)"},
    {"max-pixels N", "", "refuse images with more pixels (default 268435456)"},
    {"max-memory SIZE", "", "memory budget of reading an image, e.g. 512M, 4G (default 1G)"},
    {"no-autorotate", "", "keep JPEG pixels as stored (ignore EXIF orientation)"},
    {"format FMT", "", "output format when OUT is - or has no known extension (or jpeg, rgbid):"},
    {"quality N", "", "JPEG output quality, 1..100 (default 90)"},
    {"png-level N", "", "PNG zlib level 0..9 (default: by content, see docs/batch.md)"},
    {"help", "h", "show this help and exit"},
    {"version", "", "show the version and exit"},
};

static const char *const batch_help[][3] = {
    {"output TEMPLATE", "o", "write each input's result to TEMPLATE: {stem} {name} {ext} {dir} {index}"},
    {"files-from FILE", "", "read input names from FILE, one per line (- = stdin)"},
    {"null", "0", "--files-from names end with NUL (find -print0)"},
    {"recursive", "", "walk directory arguments (image files, or --glob)"},
    {"glob PATTERN", "", "in directories, take names matching PATTERN ('*.png')"},
    {"jobs N", "", "images processed in parallel (default: the CPU count)"},
    {"unordered", "", "report inputs as they finish, not in input order"},
    {"fail-fast", "", "stop at the first input that fails"},
    {"jsonl[=FILE]", "", "one JSON line per input to FILE (default: stdout)"},
    {"progress", "", "show progress on stderr even when it is not a terminal"},
    {"quiet", "", "no progress"},
    {"force", "", "allow an output to replace an input"},
    {"skip-existing", "", "skip inputs whose output exists (resume a run)"},
    {"shard K/N", "", "process every N-th input from the K-th (0 <= K < N)"},
};

/* SKIP: names (the first word of h[i][0]) left out, NULL-terminated */
static void print_common_but(const char *const (*h)[3], size_t n, const char *const *skip)
{
    for (size_t i = 0; i < n; i++) {
        int hidden = 0;
        for (size_t k = 0; skip && skip[k]; k++)
            hidden |= strncmp(h[i][0], skip[k], strlen(skip[k])) == 0 &&
                      (h[i][0][strlen(skip[k])] == ' ' || !h[i][0][strlen(skip[k])]);
        if (hidden)
            continue;
        char left[64];
        snprintf(left, sizeof left, "--%s", h[i][0]);
        if (h[i][1][0])
            printf("  -%s, %-24s %s\n", h[i][1], left, h[i][2]);
        else
            printf("      %-24s %s\n", left, h[i][2]);
        if (strncmp(h[i][0], "format ", 7) == 0)
            printf("%33s%s\n", "", segkit_write_format_names());
    }
}

static void print_common(const char *const (*h)[3], size_t n)
{
    print_common_but(h, n, NULL);
}

static void print_help(const cli_tool *t)
{
    printf("Usage: %s %s\n\n%s\n\nOptions:\n", t->name, t->usage, t->summary);
    for (const cli_option *o = t->options; o->name; o++) {
        char left[64];
        if (o->kind == CLI_FLAG)
            snprintf(left, sizeof left, "--%s", o->name);
        else if (o->optional_arg)
            snprintf(left, sizeof left, "--%s[=%s]", o->name, o->arg ? o->arg : "ARG");
        else
            snprintf(left, sizeof left, "--%s %s", o->name, o->arg ? o->arg : "ARG");
        if (o->short_name)
            printf("  -%c, %-24s %s", o->short_name, left, o->help);
        else
            printf("      %-24s %s", left, o->help);
        if (o->kind == CLI_CHOICE) {
            printf(" (");
            for (const char *const *c = o->choices; *c; c++)
                printf("%s%s", c == o->choices ? "" : "|", *c);
            if (o->def)
                printf(o->def[0] ? "; default %s)" : ")", o->def);
            else
                printf("; default %s)", o->choices[*(int *)o->target]);
        } else if (o->def) {
            if (o->def[0])
                printf(" (default %s)", o->def);
        } else if (o->kind == CLI_INT || o->kind == CLI_DOUBLE) {
            char def[32];
            double v = o->kind == CLI_INT ? *(int *)o->target : *(double *)o->target;
            cli_format_number(def, sizeof def, v);
            if (!isnan(v))
                printf(" (default %s)", def);
        }
        printf("\n");
    }
    print_common(common_help, sizeof common_help / sizeof common_help[0]);
    if (t->batch) {
        printf("\nMany inputs (see BATCH in the man page):\n");
        static const char *const no_output[] = {"output", "force", "skip-existing", NULL};
        print_common_but(batch_help, sizeof batch_help / sizeof batch_help[0],
                         t->no_output ? no_output : NULL);
    }
    printf("\n'-' as IN reads standard input, as OUT writes standard output.\n"
           "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && !isnan(*v);
}

static int set_option(const cli_option *o, const char *arg)
{
    double v;
    char lo[32], hi[32];
    int rc;
    switch (o->kind) {
    case CLI_FLAG:
        *(int *)o->target = 1;
        return 0;
    case CLI_STRING:
        *(const char **)o->target = arg ? arg : "-";
        return 0;
    case CLI_INT:
    case CLI_DOUBLE: {
        size_t l = strlen(arg);
        int pct = o->percent && l > 1 && arg[l - 1] == '%';
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)(pct ? l - 1 : l), arg);
        cli_format_number(lo, sizeof lo, o->min);
        cli_format_number(hi, sizeof hi, o->max);
        if (l >= sizeof num || !parse_number(num, &v)) {
            cli_error(NULL, "--%s: '%s' is not a number", o->name, arg);
            return -1;
        }
        if (pct)
            v /= 100;
        if (o->kind == CLI_INT && v != floor(v)) {
            cli_error(NULL, "--%s: '%s' is not a whole number", o->name, arg);
            return -1;
        }
        if (v < o->min || v > o->max) {
            cli_error(NULL, "--%s: '%s' is out of range [%s, %s]%s", o->name, arg, lo, hi,
                      o->percent && !pct ? " (a fraction; N% is a percentage)" : "");
            return -1;
        }
        if (o->kind == CLI_INT)
            *(int *)o->target = (int)v;
        else
            *(double *)o->target = v;
        return 0;
    }
    case CLI_CHOICE:
        for (int i = 0; o->choices[i]; i++) {
            if (strcmp(arg, o->choices[i]) == 0) {
                *(int *)o->target = i;
                return 0;
            }
        }
        cli_error(NULL, "--%s: unknown value '%s' (see --help)", o->name, arg);
        return -1;
    case CLI_CUSTOM:
        rc = o->parse(arg, o->target);
        if (rc == 0)
            return 0;
        if (rc != -2)
            cli_error(NULL, "--%s: invalid value '%s' (see --help)", o->name, arg);
        return -1;
    }
    return -1;
}

/* ---------------------------------------------------------------- registry */

typedef struct { int letter; const char *name; } short_entry;
#define CLI_REG_ENTRY(l, n, meaning, tools) {l, n},
static const short_entry short_registry[] = {CLI_SHORT_OPTIONS(CLI_REG_ENTRY){0, NULL}};
#undef CLI_REG_ENTRY

static const char *const common_names[] = {"help", "version", "json", "max-pixels",
                                           "no-autorotate", "format", "quality",
                                           "max-memory", "png-level", NULL};
/* the batch options' names (tools with tool->batch); a tool may keep its own
 * --jsonl (label, watershed: the region table), which then also serves as
 * the batch's --jsonl */
static const char *const batch_names[] = {"output", "files-from", "null", "recursive",
                                          "glob", "jobs", "unordered", "fail-fast",
                                          "jsonl", "progress", "quiet", "force",
                                          "skip-existing", "shard", NULL};

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static int same_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower((unsigned char)*a) != lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The table follows the registry in cli.h and has no two options that differ
 * only by case (among themselves and with the common options).  A failure is
 * a bug in the tool: every run, --help included, reports it. */
static int check_table(const cli_tool *t, size_t n)
{
    if (n > CLI_MAX_OPTIONS) {
        cli_error(NULL, "internal error: more than %d options", CLI_MAX_OPTIONS);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &t->options[i];
        if (o->short_name) {
            const short_entry *r = short_registry;
            while (r->name && r->letter != o->short_name)
                r++;
            if (!r->name || strcmp(r->name, o->name) != 0) {
                cli_error(NULL, "internal error: -%c for --%s is not in the short-option "
                          "registry (tools/cli.h)%s%s", o->short_name, o->name,
                          r->name ? ", which gives it to --" : "", r->name ? r->name : "");
                return CLI_FAIL;
            }
        }
        for (size_t k = 0; k < i; k++) {
            const cli_option *p = &t->options[k];
            if (same_nocase(p->name, o->name) ||
                (o->short_name && lower(o->short_name) == lower(p->short_name))) {
                cli_error(NULL, "internal error: --%s and --%s clash (options must differ "
                          "by more than case)", p->name, o->name);
                return CLI_FAIL;
            }
        }
        for (size_t k = 0; common_names[k]; k++)
            if (same_nocase(common_names[k], o->name) || lower(o->short_name) == 'h') {
                cli_error(NULL, "internal error: --%s clashes with a common option", o->name);
                return CLI_FAIL;
            }
        for (size_t k = 0; t->batch && batch_names[k]; k++)
            if ((same_nocase(batch_names[k], o->name) && strcmp(o->name, "jsonl") != 0) ||
                o->short_name == 'o' || o->short_name == '0') {
                cli_error(NULL, "internal error: --%s clashes with a batch option", o->name);
                return CLI_FAIL;
            }
    }
    return CLI_OK;
}

int cli_option_index(const cli_tool *t, const char *name)
{
    for (int i = 0; t && t->options[i].name && i < CLI_MAX_OPTIONS; i++)
        if (strcmp(t->options[i].name, name) == 0)
            return i;
    return -1;
}

const char *cli_given(const cli_common *common, const char *name)
{
    int i = cli_option_index(common->tool, name);
    return i < 0 ? NULL : common->given[i];
}

/* TAG is one of the space-separated words of LIST */
static int has_tag(const char *list, const char *tag, size_t len)
{
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        size_t l = strcspn(p, " ");
        if (l && l == len && strncmp(p, tag, len) == 0)
            return 1;
        p += l;
    }
    return 0;
}

int cli_check_applies(const cli_common *common, const char *chosen, const char *tags)
{
    const cli_tool *t = common->tool;
    for (size_t i = 0; t && t->options[i].name && i < CLI_MAX_OPTIONS; i++) {
        const cli_option *o = &t->options[i];
        if (!common->given[i] || !o->applies)
            continue;
        int ok = 0;
        for (const char *p = o->applies; *p && !ok;) {
            while (*p == ' ')
                p++;
            size_t l = strcspn(p, " ");
            ok = l && has_tag(tags, p, l);
            p += l;
        }
        if (!ok) {
            if (strcmp(common->given[i], "--") == 0)
                cli_error(NULL, "--%s does not apply to %s", o->name, chosen);
            else
                cli_error(NULL, "-%c (--%s) does not apply to %s",
                          common->given_short[i], o->name, chosen);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

/* ---------------------------------------------------------------- parsing */

/* A byte count: a positive number with an optional binary suffix K, M, G or
 * T (any case, optionally followed by "B" or "iB"), at least 1 byte and at
 * most 2^63. */
static int parse_size(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno != 0 || isnan(v) || v <= 0)
        return -1;
    static const char units[] = "KMGT";
    int c = toupper((unsigned char)*end);
    const char *u = c ? strchr(units, c) : NULL;
    if (u) {
        v *= pow(1024.0, (double)(u - units + 1));
        end++;
        if ((end[0] == 'i' || end[0] == 'I') && (end[1] == 'B' || end[1] == 'b'))
            end += 2;
        else if (end[0] == 'B' || end[0] == 'b')
            end++;
    }
    if (*end != '\0' || v < 1 || v > 9223372036854775808.0)
        return -1;
    *out = floor(v);
    return 0;
}

static int parse_args(const cli_tool *t, cli_common *common, int argc,
                      char **argv, int *first_arg)
{
    size_t n = 0;
    while (t->options[n].name)
        n++;
    struct option *lo = calloc(n + 10 + 14, sizeof *lo);
    char shorts[128] = "h";
    size_t sl = 1;
    if (t->batch) {
        memcpy(shorts, "ho:0", 5);
        sl = 4;
    }
    if (!lo) {
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    memset(common, 0, sizeof *common);
    common->tool = t;
    if (check_table(t, n) != CLI_OK) {
        free(lo);
        return CLI_FAIL;
    }
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &t->options[i];
        lo[i].name = o->name;
        lo[i].has_arg = o->kind == CLI_FLAG ? no_argument
                        : o->optional_arg  ? optional_argument
                                           : required_argument;
        lo[i].val = OPT_TABLE + (int)i;
        for (int k = 0; k < 2; k++) {
            int letter = k ? o->old_short : o->short_name;
            if (letter && sl + 3 < sizeof shorts) {
                shorts[sl++] = (char)letter;
                if (o->kind != CLI_FLAG)
                    shorts[sl++] = ':';
            }
        }
    }
    shorts[sl] = '\0';
    lo[n + 0] = (struct option){"help", no_argument, NULL, OPT_HELP};
    lo[n + 1] = (struct option){"version", no_argument, NULL, OPT_VERSION};
    lo[n + 2] = (struct option){"json", optional_argument, NULL, OPT_JSON};
    lo[n + 3] = (struct option){"max-pixels", required_argument, NULL, OPT_MAX_PIXELS};
    lo[n + 4] = (struct option){"no-autorotate", no_argument, NULL, OPT_NO_AUTOROTATE};
    lo[n + 5] = (struct option){"format", required_argument, NULL, OPT_FORMAT};
    lo[n + 6] = (struct option){"quality", required_argument, NULL, OPT_QUALITY};
    lo[n + 7] = (struct option){"max-memory", required_argument, NULL, OPT_MAX_MEMORY};
    lo[n + 8] = (struct option){"png-level", required_argument, NULL, OPT_PNG_LEVEL};
    if (t->batch) {
        static const struct { const char *name; int has_arg, val; } b[] = {
            {"output", required_argument, OPT_OUTPUT},
            {"files-from", required_argument, OPT_FILES_FROM},
            {"null", no_argument, OPT_NULL},
            {"recursive", no_argument, OPT_RECURSIVE},
            {"glob", required_argument, OPT_GLOB},
            {"jobs", required_argument, OPT_JOBS},
            {"unordered", no_argument, OPT_UNORDERED},
            {"fail-fast", no_argument, OPT_FAIL_FAST},
            {"jsonl", optional_argument, OPT_JSONL},
            {"progress", no_argument, OPT_PROGRESS},
            {"quiet", no_argument, OPT_QUIET},
            {"force", no_argument, OPT_FORCE},
            {"skip-existing", no_argument, OPT_SKIP_EXISTING},
            {"shard", required_argument, OPT_SHARD},
        };
        size_t k = n + 9;
        for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
            if (!(b[i].val == OPT_JSONL && cli_option_index(t, "jsonl") >= 0))
                lo[k++] = (struct option){b[i].name, b[i].has_arg, NULL, b[i].val};
    }

    common->max_pixels = (double)SEGKIT_DEFAULT_MAX_PIXELS;
    common->max_memory = (double)SEGKIT_DEFAULT_MAX_MEMORY;

    int rc = CLI_OK, c;
    opterr = 0;
    optind = 0; /* 0, not 1: glibc then forgets a previous parse entirely */
    while (rc == CLI_OK &&
           (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        const cli_option *o = NULL;
        size_t oi = 0;
        if (c >= OPT_TABLE) {
            oi = (size_t)(c - OPT_TABLE);
            o = &t->options[oi];
            common->given[oi] = "--";
        } else {
            for (size_t i = 0; i < n && !o; i++) {
                if (t->options[i].short_name == c || t->options[i].old_short == c) {
                    o = &t->options[i];
                    oi = i;
                }
            }
            if (o && o->short_name != c)
                cli_error(NULL, "warning: -%c is an old spelling of --%s", c, o->name);
        }
        if (o) {
            if (c < OPT_TABLE) {
                common->given[oi] = "-";
                common->given_short[oi] = (char)c;
            }
            if (set_option(o, optarg) != 0)
                rc = CLI_USAGE;
            continue;
        }
        double v;
        switch (c) {
        case 'h':
        case OPT_HELP:
            print_help(t);
            free(lo);
            return -1;
        case OPT_VERSION:
            printf("%s %s\n", t->name, segkit_version_string());
            free(lo);
            return -1;
        case OPT_JSON:
            common->json = optarg ? optarg : "-";
            if (!optarg && optind < argc && argv[optind][0] != '-') {
                /* "--json FILE": FILE is IN unless it is plainly a report */
                const char *w = argv[optind];
                size_t l = strlen(w);
                if (l > 5 && same_nocase(w + l - 5, ".json"))
                    common->json = argv[optind++];
                else
                    common->json_next = w;
            }
            break;
        case OPT_MAX_PIXELS:
            if (!parse_number(optarg, &v) || v < 1 || v != floor(v) || v > 9e18) {
                cli_error(NULL, "--max-pixels: '%s' is not a positive integer", optarg);
                rc = CLI_USAGE;
            }
            common->max_pixels = v;
            break;
        case OPT_MAX_MEMORY:
            if (parse_size(optarg, &common->max_memory) != 0) {
                cli_error(NULL, "--max-memory: '%s' is not a size (bytes, or with K, M, G, T: 512M)",
                          optarg);
                rc = CLI_USAGE;
            }
            break;
        case OPT_NO_AUTOROTATE:
            common->no_autorotate = 1;
            break;
        case OPT_FORMAT:
            if (segkit_format_parse(optarg) == SEGKIT_FORMAT_UNKNOWN) {
                cli_error(NULL, "--format: unknown format '%s' (%s)", optarg,
                          segkit_write_format_names());
                rc = CLI_USAGE;
            }
            common->format = optarg;
            break;
        case OPT_PNG_LEVEL:
            if (!parse_number(optarg, &v) || v != floor(v) || v < 0 || v > 9) {
                cli_error(NULL, "--png-level: '%s' is not an integer in [0, 9]", optarg);
                rc = CLI_USAGE;
            } else {
                common->png_level = (int)v + 1;
            }
            break;
        case OPT_QUALITY:
            if (!parse_number(optarg, &v) || v != floor(v) || v < 1 || v > 100) {
                cli_error(NULL, "--quality: '%s' is not an integer in [1, 100]", optarg);
                rc = CLI_USAGE;
            } else {
                common->quality = (int)v;
            }
            break;
        case 'o':
        case OPT_OUTPUT:
            if (!*optarg) {
                cli_error(NULL, "-o: empty template");
                rc = CLI_USAGE;
            }
            common->batch.output = optarg;
            break;
        case OPT_FILES_FROM:
            common->batch.files_from = optarg;
            break;
        case '0':
        case OPT_NULL:
            common->batch.nul = 1;
            break;
        case OPT_RECURSIVE:
            common->batch.recursive = 1;
            break;
        case OPT_GLOB:
            common->batch.glob = optarg;
            break;
        case OPT_JOBS:
            if (!parse_number(optarg, &v) || v != floor(v) || v < 1 || v > CLI_MAX_JOBS) {
                cli_error(NULL, "--jobs: '%s' is not an integer in [1, %d]", optarg,
                          CLI_MAX_JOBS);
                rc = CLI_USAGE;
            } else {
                common->batch.jobs = (int)v;
            }
            break;
        case OPT_UNORDERED:
            common->batch.unordered = 1;
            break;
        case OPT_FAIL_FAST:
            common->batch.fail_fast = 1;
            break;
        case OPT_JSONL:
            common->batch.jsonl = optarg ? optarg : "-";
            break;
        case OPT_PROGRESS:
            common->batch.progress = 1;
            break;
        case OPT_QUIET:
            common->batch.quiet = 1;
            break;
        case OPT_FORCE:
            common->batch.force = 1;
            break;
        case OPT_SKIP_EXISTING:
            common->batch.skip_existing = 1;
            break;
        case OPT_SHARD: {
            char *end;
            errno = 0;
            long k = strtol(optarg, &end, 10), nn = -1;
            if (end != optarg && *end == '/' && isdigit((unsigned char)end[1])) {
                const char *s2 = end + 1;
                nn = strtol(s2, &end, 10);
            }
            if (errno || *end || nn < 1 || k < 0 || k >= nn) {
                cli_error(NULL, "--shard: '%s' is not K/N with 0 <= K < N", optarg);
                rc = CLI_USAGE;
            } else {
                common->batch.shard_k = k;
                common->batch.shard_n = nn;
            }
            break;
        }
        case ':':
            cli_error(NULL, "option '%s' needs an argument", argv[optind - 1]);
            rc = CLI_USAGE;
            break;
        default:
            if (optopt && optopt < 128)
                cli_error(NULL, "unknown option '-%c' (see --help)", optopt);
            else
                cli_error(NULL, "unknown option '%s' (see --help)", argv[optind - 1]);
            rc = CLI_USAGE;
            break;
        }
    }
    free(lo);
    if (rc != CLI_OK)
        return rc;
    int npos = argc - optind;
    /* a batch tool takes any number of inputs (cli_batch_run checks them) */
    int min = t->batch && (common->batch.files_from || common->batch.output) ? 0 : t->min_args;
    if (npos < min || (npos > t->max_args && !t->batch)) {
        cli_error(NULL, npos < t->min_args ? "missing argument (usage: %s %s)%s"
                                           : "too many arguments (usage: %s %s)%s",
                  t->name, t->usage,
                  common->json_next ? "; a report file goes as --json=FILE" : "");
        return CLI_USAGE;
    }
    *first_arg = optind;
    return CLI_OK;
}

#ifdef CLI_PARSE_HOOK
/* Fuzzing (tests/fuzz/fuzz_cli.c): a tool's main() runs up to its
 * cli_parse(), whose result goes to this hook, which does not return. */
void CLI_PARSE_HOOK(int rc);
#endif

int cli_parse(const cli_tool *t, cli_common *common, int argc, char **argv,
              int *first_arg)
{
    int rc = parse_args(t, common, argc, argv, first_arg);
#ifdef CLI_PARSE_HOOK
    CLI_PARSE_HOOK(rc);
#endif
    return rc;
}

/* ---------------------------------------------------------------- images */

static const char *reason(int st)
{
    if (st == SEGKIT_ERR_IO && errno)
        return strerror(errno);
    return segkit_strerror(st);
}

/* reason(), or for a NumPy file the library refused, what is wrong with it
 * (its header is in the first 64 KiB). */
static const char *read_reason(const char *path, int st)
{
    if ((st == SEGKIT_ERR_UNSUPPORTED || st == SEGKIT_ERR_CORRUPT ||
         st == SEGKIT_ERR_TRUNCATED) && strcmp(path, "-") != 0) {
        enum { HEAD = 65536 + 12 };
        unsigned char *head = malloc(HEAD); /* not static: batch jobs run in threads */
        FILE *f = head ? fopen(path, "rb") : NULL;
        size_t n = f ? fread(head, 1, HEAD, f) : 0;
        if (f)
            fclose(f);
        const char *why = head ? segkit_npy_explain(head, n) : NULL;
        free(head);
        if (why && !(n == HEAD && strstr(why, "data")))
            return why;
    }
    return reason(st);
}

int cli_read_image(const char *path, const cli_common *common,
                   segkit_image *img)
{
    segkit_read_options ro = segkit_read_options_default();
    ro.max_pixels = (uint64_t)common->max_pixels;
    ro.autorotate = !common->no_autorotate;
    ro.max_memory = (uint64_t)common->max_memory;
    ro.rgbid = common->rgbid;
    int taken = cli_batch_take_frame(path, img);
    if (taken)
        return taken > 0 ? CLI_OK : CLI_FAIL; /* a frame of a stream, already decoded */
    errno = 0;
    int st = strcmp(path, "-") == 0 ? segkit_read_stream(stdin, &ro, img, NULL)
                                    : segkit_read_file(path, &ro, img, NULL);
    if (st != SEGKIT_OK) {
        int hint = common->json_next && strcmp(common->json_next, path) == 0;
        cli_error(path, "%s%s", read_reason(path, st),
                  hint ? " (read as an input: a report file goes as --json=FILE)" : "");
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* ---------------------------------------------------------------- outputs */

/* The temporary files being written, one slot per thread (batch jobs write
 * in parallel), for the SIGINT/SIGTERM/SIGHUP handler: it removes them, then
 * dies of the same signal. */
static char *volatile pending_tmp[CLI_MAX_JOBS + 1];

static void on_fatal_signal(int sig)
{
    for (int i = 0; i <= CLI_MAX_JOBS; i++) {
        char *tmp = pending_tmp[i];
        if (tmp)
            unlink(tmp);
    }
    raise(sig); /* SA_RESETHAND: the default action, once we return */
}

static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void install_signal_handlers_once(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* nohup: keep ignoring */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static void install_signal_handlers(void)
{
    pthread_once(&handlers_once, install_signal_handlers_once);
}

/* Writes buf to path (not "-") by the library's safe-output rules; the
 * temporary, if any, is removed when a signal ends the program meanwhile.
 * Signals are held while the temporary is created and its name copied for
 * the handler (no window in which a signal leaves it behind), except when
 * the path is not a regular file: a FIFO's open waits for a reader and must
 * stay interruptible, and no temporary is made then.  After the rename the
 * handler's unlink finds no such name, which is harmless. */
static int write_output(const char *path, const void *buf, size_t len)
{
    if (cli_batch_make_parents(path) != CLI_OK)
        return SEGKIT_ERR_IO;
    sigset_t hold, old;
    struct stat sb;
    int holding = !(stat(path, &sb) == 0 && !S_ISREG(sb.st_mode));
    install_signal_handlers();
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    int slot = cli_batch_slot();
    if (holding)
        pthread_sigmask(SIG_BLOCK, &hold, &old);
    segkit_output out;
    int st = segkit_output_open(&out, path);
    if (st == SEGKIT_OK && out.tmp && !(pending_tmp[slot] = strdup(out.tmp))) {
        segkit_output_abort(&out);
        st = SEGKIT_ERR_NOMEM;
    }
    int saved = errno;
    if (holding)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (st != SEGKIT_OK) {
        errno = saved;
        return st;
    }
    st = segkit_output_write(&out, buf, len);
    if (st == SEGKIT_OK) {
        st = segkit_output_commit(&out);
    } else {
        saved = errno;
        segkit_output_abort(&out);
        errno = saved;
    }
    saved = errno;
    char *tmp = pending_tmp[slot];
    pending_tmp[slot] = NULL;
    free(tmp);
    errno = saved;
    return st;
}

/* The output format of path: its extension, else --format, else PNG for
 * "-"; SEGKIT_FORMAT_UNKNOWN (after a message) for an unknown extension. */
static segkit_format output_format(const char *path, const cli_common *common)
{
    int to_stdout = strcmp(path, "-") == 0;
    segkit_format f = to_stdout ? SEGKIT_FORMAT_UNKNOWN : segkit_format_from_name(path);
    segkit_format given = common->format ? segkit_format_parse(common->format)
                                         : SEGKIT_FORMAT_UNKNOWN;
    /* rgbid is a PNG flavour: it applies to a .png name too */
    if (f == SEGKIT_FORMAT_UNKNOWN ||
        (f == SEGKIT_FORMAT_PNG && given == SEGKIT_FORMAT_RGBID))
        f = given;
    if (f != SEGKIT_FORMAT_UNKNOWN || to_stdout)
        return f == SEGKIT_FORMAT_UNKNOWN ? SEGKIT_FORMAT_PNG : f;
    const char *list = segkit_write_extensions();
    const char *base = strrchr(path, '/'), *dot;
    dot = strrchr(base ? base : path, '.');
    if (dot && dot[1])
        cli_error(path, "unknown output format '%s' (supported: %s; or --format FMT)",
                  dot, list);
    else
        cli_error(path, "no output format (name it %s, or give --format FMT)", list);
    return SEGKIT_FORMAT_UNKNOWN;
}

/* Writes img to path ("-": stdout, never a terminal) in its format.
 * picture = 0: the values are data (masks, labels), so a lossy format is
 * refused unless --format names it. */
static int write_image(const char *path, const cli_common *common,
                       const segkit_image *img, int picture)
{
    int to_stdout = strcmp(path, "-") == 0;
    segkit_format f = output_format(path, common);
    if (f == SEGKIT_FORMAT_UNKNOWN)
        return CLI_FAIL;
    if (common->quality && f != SEGKIT_FORMAT_JPEG) {
        cli_error(NULL, "--quality applies to JPEG output, not to %s (%s)",
                  to_stdout ? "(stdout)" : path, segkit_format_name(f));
        return CLI_USAGE;
    }
    if (common->png_level && f != SEGKIT_FORMAT_PNG && f != SEGKIT_FORMAT_RGBID) {
        cli_error(NULL, "--png-level applies to PNG output, not to %s (%s)",
                  to_stdout ? "(stdout)" : path, segkit_format_name(f));
        return CLI_USAGE;
    }
    if (segkit_format_is_lossy(f) && !picture &&
        !(common->format && segkit_format_is_lossy(segkit_format_parse(common->format)))) {
        cli_error(to_stdout ? "(stdout)" : path,
                  "JPEG is lossy and would change this image's values (a mask or "
                  "labels): write .png or .pbm, or force JPEG with --format jpeg");
        return CLI_USAGE;
    }
    if (to_stdout && isatty(STDOUT_FILENO)) {
        cli_error("(stdout)", "refusing to write image data to a terminal");
        return CLI_FAIL;
    }
    int frame_rc;
    if (to_stdout && cli_frames_write(common, img, &frame_rc))
        return frame_rc; /* the next frame of a stream, of the input's kind */
    segkit_write_options wo = segkit_write_options_default();
    if (common->quality)
        wo.quality = common->quality;
    if (common->png_level)
        wo.png_level = common->png_level - 1;
    void *buf = NULL;
    size_t len = 0;
    errno = 0;
    int st = segkit_write_memory_opts(img, f, &wo, &buf, &len);
    if (st == SEGKIT_OK) {
        if (to_stdout) {
            if (cli_stdout(buf, len) != CLI_OK) {
                free(buf);
                return CLI_FAIL;
            }
        } else {
            st = write_output(path, buf, len);
        }
    }
    free(buf);
    if (st != SEGKIT_OK) {
        if (st == SEGKIT_ERR_RANGE && (f == SEGKIT_FORMAT_PNG || f == SEGKIT_FORMAT_PNM))
            cli_error(to_stdout ? "(stdout)" : path,
                      "labels outside 0..65535 do not fit a 16-bit %s: write .npy, "
                      "or an RGB id PNG with --format rgbid", segkit_format_name(f));
        else if (st == SEGKIT_ERR_RANGE)
            cli_error(to_stdout ? "(stdout)" : path,
                      "ids outside 0..16777215 do not fit %s: write .npy",
                      segkit_format_name(f));
        else if (st == SEGKIT_ERR_TYPE) {
            cli_error(to_stdout ? "(stdout)" : path, "%s cannot hold a %d-channel %s image",
                      segkit_format_name(f), img->channels, segkit_type_name(img->type));
            if (img->type == SEGKIT_F32)   /* the ways out, with the tool's --scale if any */
                cli_error(NULL, "hint: float results go to .npy or .pfm%s",
                          cli_option_index(common->tool, "scale") >= 0
                              ? "; --scale S writes 16-bit PNG"
                              : "");
        } else
            cli_error(to_stdout ? "(stdout)" : path, "%s", reason(st));
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_write_image(const char *path, const cli_common *common,
                    const segkit_image *img)
{
    return write_image(path, common, img, 0);
}

int cli_write_picture(const char *path, const cli_common *common,
                      const segkit_image *img)
{
    return write_image(path, common, img, 1);
}

/* ---------------------------------------------------------------- buffers */

/* Room for n more bytes and the NUL: 0, or -1 (b->failed set). */
static int buf_room(cli_buf *b, size_t n)
{
    if (b->failed)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return -1;
        }
        b->s = s;
        b->cap = cap;
    }
    return 0;
}

void cli_buf_add(cli_buf *b, const void *p, size_t n)
{
    if (n == 0 || buf_room(b, n) != 0)
        return;
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0 || buf_room(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cli_buf_free(cli_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* ---------------------------------------------------------------- JSON */

static void put(cli_json *j, const char *s, size_t n)
{
    cli_buf_add(&j->out, s, n);
}

static void puts_(cli_json *j, const char *s) { put(j, s, strlen(s)); }

/* The length of the well-formed UTF-8 sequence at s (1 to 4), 0 if none. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                     : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xc2) || (n == 4 && c > 0xf4))
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if (n == 3 && ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0)))
        return 0; /* overlong, or a UTF-16 surrogate */
    if (n == 4 && ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90)))
        return 0;
    return n;
}

/* A string (a file name is any bytes): well-formed UTF-8 as it is, controls
 * as \u00XX, and each byte that is not part of well-formed UTF-8 as the lone
 * surrogate \uDCXX, as Python's surrogateescape does (PEP 383), so that
 * os.fsencode(json.loads(line)["input"]) gives the name's bytes back. */
static void put_string(cli_json *j, const char *s)
{
    put(j, "\"", 1);
    while (*s) {
        const unsigned char *u = (const unsigned char *)s;
        char esc[8];
        int n = utf8_len(u);
        if (*u == '"' || *u == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*u;
            put(j, esc, 2);
        } else if (*u < 0x20 || n == 0) {
            snprintf(esc, sizeof esc, "\\u%04x", *u < 0x20 ? *u : 0xdc00 + *u);
            puts_(j, esc);
        } else {
            put(j, s, (size_t)n);
            s += n - 1;
        }
        s++;
    }
    put(j, "\"", 1);
}

static void sep(cli_json *j)
{
    if (j->need_comma)
        put(j, ", ", 2);
    j->need_comma = 1;
}

void cli_json_begin(cli_json *j)
{
    memset(j, 0, sizeof *j);
    puts_(j, "{");
}

void cli_json_key(cli_json *j, const char *key)
{
    sep(j);
    if (key) {
        put_string(j, key);
        put(j, ": ", 2);
    }
}

void cli_json_string(cli_json *j, const char *key, const char *value)
{
    cli_json_key(j, key);
    if (value)
        put_string(j, value);
    else
        puts_(j, "null");
}

void cli_json_value_number(cli_json *j, double v)
{
    char num[40];
    sep(j);
    if (!isfinite(v)) {
        puts_(j, "null"); /* JSON has no NaN/Inf */
        return;
    }
    cli_format_number(num, sizeof num, v);
    puts_(j, num);
}

void cli_json_number(cli_json *j, const char *key, double value)
{
    cli_json_key(j, key);
    j->need_comma = 0;
    cli_json_value_number(j, value);
}

void cli_json_int(cli_json *j, const char *key, long long value)
{
    char num[32];
    cli_json_key(j, key);
    snprintf(num, sizeof num, "%lld", value);
    puts_(j, num);
}

void cli_json_bool(cli_json *j, const char *key, int value)
{
    cli_json_key(j, key);
    puts_(j, value ? "true" : "false");
}

void cli_json_array_begin(cli_json *j, const char *key)
{
    cli_json_key(j, key);
    puts_(j, "[");
    j->need_comma = 0;
}

void cli_json_array_end(cli_json *j)
{
    puts_(j, "]");
    j->need_comma = 1;
}

void cli_json_object_begin(cli_json *j, const char *key)
{
    cli_json_key(j, key);
    puts_(j, "{");
    j->need_comma = 0;
}

void cli_json_object_end(cli_json *j)
{
    puts_(j, "}");
    j->need_comma = 1;
}

void cli_json_end(cli_json *j) { puts_(j, "}\n"); }

void cli_json_raw(cli_json *j, const char *key, const char *text, size_t len)
{
    cli_json_key(j, key);
    put(j, text, len);
}

int cli_json_emit(cli_json *j, const cli_common *common)
{
    if (j->out.failed) {
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    if (cli_batch_capture_report(j->out.s, j->out.len))
        return CLI_OK; /* kept for the input's --jsonl line */
    return cli_write_text(common->json ? common->json : "-", j->out.s, j->out.len);
}

int cli_write_text(const char *path, const void *buf, size_t len)
{
    if (strcmp(path, "-") == 0)
        return cli_stdout(buf, len);
    errno = 0;
    int st = write_output(path, buf, len);
    if (st != SEGKIT_OK) {
        cli_error(path, "%s", reason(st));
        return CLI_FAIL;
    }
    return CLI_OK;
}

void cli_json_free(cli_json *j)
{
    cli_buf_free(&j->out);
    j->need_comma = 0;
}

int cli_to_gray(const char *path, segkit_image *img)
{
    if (img->channels == 1)
        return CLI_OK;
    segkit_image g;
    int st = segkit_color_to_gray(img, SEGKIT_GRAY_BT601, &g);
    if (st != SEGKIT_OK)
        return cli_lib_error(path, st);
    segkit_image_free(img);
    *img = g;
    return CLI_OK;
}

int cli_read_text(const char *path, size_t max, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error(path, "%s", strerror(errno));
        return CLI_FAIL;
    }
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    int rc = CLI_OK;
    while (b) {
        if (n == cap) {
            if (cap >= max) {
                cli_error(path, "larger than %zu bytes", max);
                rc = CLI_FAIL;
                break;
            }
            cap = cap * 2 > max ? max : cap * 2;
            char *nb = realloc(b, cap + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                cli_error(path, "%s", strerror(errno ? errno : EIO));
                rc = CLI_FAIL;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (!b) {
        cli_error(path, "out of memory");
        return CLI_FAIL;
    }
    if (rc != CLI_OK) {
        free(b);
        return rc;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return CLI_OK;
}

/* ---------------------------------------------------------------- overlay */

const char *const cli_convention_names[] = {"imagej", "skimage", "opencv", NULL};

int cli_parse_overlay_path(const char *arg, void *target)
{
    if (strcmp(arg, "-") == 0 || !*arg) {
        cli_error(NULL, "--overlay: give a file name (the picture does not go to stdout)");
        return -2;
    }
    *(const char **)target = arg;
    return 0;
}

int cli_write_overlay(const char *path, const cli_common *common, const segkit_image *input,
                      const segkit_image *result, cli_result kind)
{
    return cli_write_overlay_classes(path, common, input, result, kind, NULL);
}

int cli_write_overlay_classes(const char *path, const cli_common *common,
                              const segkit_image *input, const segkit_image *result,
                              cli_result kind, const segkit_class_table *classes)
{
    segkit_overlay_params p = segkit_overlay_params_default();
    p.classes = classes;
    segkit_image conv = {0}, pic = {0};
    const segkit_image *l = result;
    int st = SEGKIT_OK;
    if (result->channels != 1) {
        cli_error(path, "no overlay of a %d-channel result", result->channels);
        return CLI_FAIL;
    }
    if (kind == CLI_RESULT_AUTO) {
        int mask = result->type == SEGKIT_U8;
        for (int y = 0; mask && y < result->height; y++) {
            const uint8_t *r = segkit_image_row(result, y);
            for (int x = 0; x < result->width; x++)
                mask &= r[x] == 0 || r[x] == 255;
        }
        kind = result->type == SEGKIT_I32 ? CLI_RESULT_LABELS
               : mask                     ? CLI_RESULT_MASK
                                          : CLI_RESULT_MAP;
    }
    if (kind == CLI_RESULT_MAP) {
        p.palette.kind = SEGKIT_PALETTE_VIRIDIS;
        p.alpha = 0.6;
    } else {
        p.mode = kind == CLI_RESULT_CLASSES ? SEGKIT_OVERLAY_FILL : SEGKIT_OVERLAY_BOTH;
        p.boundary = SEGKIT_BOUNDARY_INNER;
    }
    /* masks -> label 1, classes -> v + 1, integer maps -> f32 */
    if (kind != CLI_RESULT_LABELS && !(kind == CLI_RESULT_MAP && result->type == SEGKIT_F32)) {
        segkit_type t = kind == CLI_RESULT_MAP ? SEGKIT_F32 : SEGKIT_I32;
        st = segkit_image_create(&conv, result->width, result->height, 1, t);
        for (int y = 0; st == SEGKIT_OK && y < result->height; y++) {
            const void *r = segkit_image_row(result, y);
            void *d = segkit_image_row(&conv, y);
            for (int x = 0; x < result->width; x++) {
                double v = result->type == SEGKIT_U8    ? ((const uint8_t *)r)[x]
                           : result->type == SEGKIT_U16 ? ((const uint16_t *)r)[x]
                           : result->type == SEGKIT_I32 ? ((const int32_t *)r)[x]
                                                        : ((const float *)r)[x];
                if (t == SEGKIT_F32)
                    ((float *)d)[x] = (float)v;
                else
                    ((int32_t *)d)[x] = kind == CLI_RESULT_MASK ? v != 0 : (int32_t)v + 1;
            }
        }
        l = &conv;
    }
    if (st == SEGKIT_OK)
        st = segkit_overlay(input, l, &p, &pic);
    segkit_image_free(&conv);
    if (st != SEGKIT_OK) {
        cli_error(path, "overlay: %s", segkit_strerror(st));
        return CLI_FAIL;
    }
    int rc = cli_write_picture(path, common, &pic);
    segkit_image_free(&pic);
    return rc;
}

/* ---- several outputs of one run ---- */

void cli_outputs_note(cli_outputs *w, const char *path)
{
    struct stat sb;
    if (!path || w->n >= CLI_MAX_OUTPUTS)
        return;
    w->path[w->n] = path;
    w->fresh[w->n++] = strcmp(path, "-") != 0 && lstat(path, &sb) != 0;
}

int cli_outputs_undo(const cli_outputs *w, int rc)
{
    for (int i = 0; i < w->n; i++)
        if (w->fresh[i])
            unlink(w->path[i]);
    return rc;
}

int cli_outputs_overlay(cli_outputs *w, int rc, const char *overlay, const cli_common *common,
                        const segkit_image *img, const segkit_image *result, cli_result kind)
{
    if (rc != CLI_OK || !overlay)
        return rc;
    cli_outputs_note(w, overlay);
    return cli_write_overlay(overlay, common, img, result, kind);
}
