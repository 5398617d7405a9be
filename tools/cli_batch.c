/* One process, many inputs: the batch loop every segkit tool runs through
 * (see cli.h, "Batch").  Inputs come from a cli_source (the file list built
 * here from the arguments, --files-from and directories; frames of a stream
 * elsewhere); N worker threads run the tool's process() on them, at most N
 * images in flight; the main thread emits each input's messages, standard
 * output and --jsonl line whole, in input order, and shows progress. */
#define _GNU_SOURCE /* sched_getaffinity */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- jobs */

enum { JOB_FREE, JOB_RUNNING, JOB_DONE };
enum { RC_SKIPPED = 100 };

typedef struct job {
    cli_input in;
    long index;          /* 1-based position in the whole input list */
    int state;
    int rc;              /* CLI_OK / CLI_FAIL / CLI_USAGE / RC_SKIPPED */
    double seconds;
    cli_buf msgs;           /* captured cli_error messages */
    cli_buf out;            /* captured standard output */
    size_t out_header;   /* out starts with a stream header of this length */
    cli_buf report;         /* the tool's --json report */
    char *paths[8];      /* cli_job_path results */
    int npaths;
} job;

static __thread job *current;     /* the job this thread runs, NULL outside */
static __thread int thread_slot;  /* 0: main thread */
static int batch_active;          /* process runs inside a batch */

int cli_batch_slot(void) { return thread_slot; }

int cli_batch_make_parents(const char *path)
{
    if (!batch_active)
        return CLI_OK;
    char *dir = strdup(path);
    int rc = dir ? CLI_OK : CLI_FAIL;
    for (char *p = dir ? dir + 1 : NULL; p && *p && rc == CLI_OK; p++) {
        if (*p != '/' || p[-1] == '/')
            continue;
        *p = '\0';
        struct stat st;
        if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
            rc = CLI_FAIL; /* errno says why: the writer's message */
        *p = '/';
    }
    int saved = errno;
    free(dir);
    errno = saved;
    return rc;
}
int cli_in_batch(void) { return batch_active; }

int cli_batch_capture_message(const char *text, size_t len)
{
    if (!current)
        return 0;
    cli_buf_add(&current->msgs, text, len);
    return 1;
}

int cli_batch_capture_report(const char *text, size_t len)
{
    if (!current)
        return 0;
    current->report.len = 0;
    cli_buf_add(&current->report, text, len);
    return 1;
}

const cli_input *cli_batch_input(void) { return current ? &current->in : NULL; }

int cli_batch_take_frame(const char *path, segkit_image *img)
{
    if (!current || !current->in.has_frame || strcmp(path, current->in.name) != 0)
        return 0;
    if (current->in.frame_status) { /* the stream's read error, in its place */
        current->in.has_frame = 0;
        cli_frames_report(&current->in);
        return -1;
    }
    *img = current->in.frame;
    memset(&current->in.frame, 0, sizeof current->in.frame);
    current->in.has_frame = 0;
    return 1;
}

int cli_stdout(const void *buf, size_t len)
{
    if (current) {
        cli_buf_add(&current->out, buf, len);
        if (current->out.failed) {
            cli_error("(stdout)", "out of memory");
            return CLI_FAIL;
        }
        return CLI_OK;
    }
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("(stdout)", "%s", strerror(errno ? errno : EIO));
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_stdout_stream(const void *buf, size_t len, size_t header)
{
    if (!current)
        return cli_stdout(buf, len);
    size_t at = current->out.len;
    int rc = cli_stdout(buf, len);
    if (rc == CLI_OK && at == 0)
        current->out_header = header;
    return rc;
}

int cli_stdout_printf(const char *fmt, ...)
{
    char small[256], *p = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CLI_FAIL;
    if ((size_t)n >= sizeof small) {
        if (!(p = malloc((size_t)n + 1))) {
            cli_error(NULL, "out of memory");
            return CLI_FAIL;
        }
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    int rc = cli_stdout(p, (size_t)n);
    if (p != small)
        free(p);
    return rc;
}

/* ---------------------------------------------------------------- templates */

static int has_placeholder(const char *t)
{
    for (; *t; t++) {
        if (t[0] == '{' && t[1] == '{')
            t++;
        else if (t[0] == '{')
            return 1;
    }
    return 0;
}

int cli_template_expand(const char *tmpl, const char *input, long index, char **out,
                        const char **why)
{
    cli_buf b = {0};
    const char *name, *slash = strrchr(input, '/');
    int is_stdin = strcmp(input, "-") == 0;
    name = is_stdin ? "stdin" : slash ? slash + 1 : input;
    const char *dot = strrchr(name, '.');
    if (dot == name)
        dot = NULL; /* ".hidden": no extension */
    size_t stem_len = dot ? (size_t)(dot - name) : strlen(name);
    *out = NULL;
    *why = NULL;
    for (const char *p = tmpl; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            cli_buf_add(&b, p, 1);
            p += 2;
            continue;
        }
        if (*p != '{') {
            cli_buf_add(&b, p++, 1);
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            *why = "'{' without '}' (write {{ for a brace)";
            break;
        }
        size_t k = (size_t)(end - p - 1);
        const char *key = p + 1;
        char num[64];
        if (k == 4 && strncmp(key, "stem", 4) == 0) {
            cli_buf_add(&b, name, stem_len);
        } else if (k == 4 && strncmp(key, "name", 4) == 0) {
            cli_buf_add(&b, name, strlen(name));
        } else if (k == 3 && strncmp(key, "ext", 3) == 0) {
            if (dot)
                cli_buf_add(&b, dot + 1, strlen(dot + 1));
        } else if (k == 3 && strncmp(key, "dir", 3) == 0) {
            if (is_stdin || !slash)
                cli_buf_add(&b, ".", 1);
            else if (slash == input)
                cli_buf_add(&b, "/", 1);
            else
                cli_buf_add(&b, input, (size_t)(slash - input));
        } else if (k >= 5 && strncmp(key, "index", 5) == 0 &&
                   (k == 5 || (key[5] == ':' && k > 6 && k <= 8))) {
            int width = 0;
            for (size_t i = 6; i < k; i++) {
                if (key[i] < '0' || key[i] > '9') {
                    width = -1;
                    break;
                }
                width = width * 10 + (key[i] - '0');
            }
            if (width < 0 || width > 20) {
                *why = "{index:N} needs a width N of 1 to 20 digits";
                break;
            }
            int n = snprintf(num, sizeof num, "%0*ld", width, index);
            cli_buf_add(&b, num, (size_t)n);
        } else {
            *why = "unknown placeholder (known: {stem} {name} {ext} {dir} {index} "
                   "{index:N}; {{ and }} for braces)";
            break;
        }
        p = end + 1;
    }
    if (!*why && b.failed)
        *why = "out of memory";
    if (!*why && b.len == 0)
        *why = "expands to an empty name";
    if (*why) {
        cli_buf_free(&b);
        return CLI_USAGE;
    }
    *out = b.s;
    return CLI_OK;
}

const char *cli_job_path(const char *tmpl)
{
    job *j = current;
    if (!tmpl || !j || !has_placeholder(tmpl))
        return tmpl;
    if (j->npaths == (int)(sizeof j->paths / sizeof j->paths[0]))
        return tmpl; /* cannot happen: a tool has fewer such options */
    char *p;
    const char *why;
    if (cli_template_expand(tmpl, j->in.name, j->index, &p, &why) != CLI_OK)
        return tmpl; /* checked before the run */
    j->paths[j->npaths++] = p;
    return p;
}

/* ---------------------------------------------------------------- inputs */

typedef struct {
    char **v;
    size_t n, cap;
    int failed;
} strlist;

static void sl_add(strlist *l, const char *s, size_t len)
{
    if (l->failed)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->failed = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    char *c = malloc(len + 1);
    if (!c) {
        l->failed = 1;
        return;
    }
    memcpy(c, s, len);
    c[len] = '\0';
    l->v[l->n++] = c;
}

static void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files under DIR (sorted by name, bytewise, so runs are repeatable):
 * those matching --glob, else those with an image extension.  Recurses with
 * --recursive; symbolic links to directories are not followed (no loops). */
static int walk(const char *dir, const cli_batch_opts *b, strlist *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        cli_error(dir, "%s", strerror(errno));
        return CLI_FAIL;
    }
    strlist names = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            sl_add(&names, e->d_name, strlen(e->d_name));
    closedir(d);
    if (names.failed) {
        sl_free(&names);
        cli_error(dir, "out of memory");
        return CLI_FAIL;
    }
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    int rc = CLI_OK;
    size_t dl = strlen(dir);
    int slash = dl && dir[dl - 1] == '/';
    for (size_t i = 0; i < names.n && rc == CLI_OK; i++) {
        size_t len = dl + 1 + strlen(names.v[i]) + 1;
        char *path = malloc(len);
        if (!path) {
            rc = CLI_FAIL;
            cli_error(dir, "out of memory");
            break;
        }
        snprintf(path, len, "%s%s%s", dir, slash ? "" : "/", names.v[i]);
        struct stat st;
        if (lstat(path, &st) != 0) {
            cli_error(path, "%s", strerror(errno));
            rc = CLI_FAIL;
        } else if (S_ISDIR(st.st_mode)) {
            if (b->recursive)
                rc = walk(path, b, out);
        } else if (b->glob ? fnmatch(b->glob, names.v[i], FNM_PERIOD) == 0
                           : segkit_format_from_name(names.v[i]) != SEGKIT_FORMAT_UNKNOWN) {
            sl_add(out, path, strlen(path));
        }
        free(path);
    }
    sl_free(&names);
    return rc;
}

/* One name from the arguments or --files-from: a directory is walked with
 * --recursive or --glob, else refused. */
static int add_input(const char *name, const cli_batch_opts *b, strlist *out)
{
    struct stat st;
    if (strcmp(name, "-") != 0 && stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!b->recursive && !b->glob) {
            cli_error(name, "a directory: give --recursive (or --glob PATTERN) to take "
                            "the images in it");
            return CLI_USAGE;
        }
        return walk(name, b, out);
    }
    sl_add(out, name, strlen(name));
    return CLI_OK;
}

static int read_list(const char *path, const cli_batch_opts *b, strlist *out)
{
    char *buf;
    size_t len;
    if (cli_read_text(path, (size_t)1 << 30, &buf, &len) != CLI_OK)
        return CLI_FAIL;
    char sep = b->nul ? '\0' : '\n';
    int rc = CLI_OK;
    for (size_t i = 0; i < len && rc == CLI_OK;) {
        size_t e = i;
        while (e < len && buf[e] != sep)
            e++;
        if (e > i) { /* empty entries are skipped */
            if (!b->nul && memchr(buf + i, '\0', e - i)) {
                cli_error(path, "a name holds a NUL byte: is the list NUL-separated (-0)?");
                rc = CLI_USAGE;
                break;
            }
            buf[e < len ? e : len] = '\0';
            rc = add_input(buf + i, b, out);
        }
        i = e + 1;
    }
    free(buf);
    return rc;
}

/* The file list as a cli_source: names, outputs and positions. */
typedef struct {
    strlist files, outs;
    long *index;
    size_t next;
} file_source;

static int file_next(cli_source *src, cli_input *in)
{
    file_source *fs = src->state;
    if (fs->next >= fs->files.n)
        return 0;
    memset(in, 0, sizeof *in);
    size_t i = fs->next++;
    in->name = fs->files.v[i];
    in->output = fs->outs.v[i];
    in->index = fs->index[i];
    fs->files.v[i] = fs->outs.v[i] = NULL; /* now the input's */
    return 1;
}

static void file_close(cli_source *src)
{
    file_source *fs = src->state;
    sl_free(&fs->files);
    sl_free(&fs->outs);
    free(fs->index);
    fs->index = NULL;
}

/* ---------------------------------------------------------------- checks */

typedef struct {
    dev_t dev;
    ino_t ino;
} file_id;

static int cmp_id(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* "a/./b" and "a//b" name the same file as "a/b" */
static char *normal_path(const char *p)
{
    char *s = malloc(strlen(p) + 1), *d = s;
    if (!s)
        return NULL;
    while (*p) {
        if (p[0] == '.' && p[1] == '/' && (d == s || d[-1] == '/')) {
            p += 2;
        } else if (*p == '/' && d > s && d[-1] == '/') {
            p++;
        } else {
            *d++ = *p++;
        }
    }
    *d = '\0';
    return s;
}

/* Outputs of the whole list: none replaces an input (same path, or the
 * same file by device and inode) unless --force, and no two inputs write
 * the same output.  Returns CLI_OK or CLI_USAGE after a message. */
static int check_outputs(const cli_common *common, strlist *in, strlist *out)
{
    int rc = CLI_OK;
    size_t n = in->n;
    file_id *ids = malloc((n ? n : 1) * sizeof *ids);
    char **sorted = malloc((n ? n : 1) * 2 * sizeof *sorted);
    size_t nids = 0;
    if (!ids || !sorted) {
        free(ids), free(sorted);
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (strcmp(in->v[i], "-") != 0 && stat(in->v[i], &st) == 0)
            ids[nids++] = (file_id){st.st_dev, st.st_ino};
    }
    qsort(ids, nids, sizeof *ids, cmp_id);
    size_t ns = 0;
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        if (!out->v[i] || strcmp(out->v[i], "-") == 0)
            continue;
        struct stat st;
        file_id id;
        int same = 0;
        if (stat(out->v[i], &st) == 0) {
            id = (file_id){st.st_dev, st.st_ino};
            same = bsearch(&id, ids, nids, sizeof *ids, cmp_id) != NULL;
        }
        char *a = normal_path(out->v[i]), *b = normal_path(in->v[i]);
        same |= a && b && strcmp(a, b) == 0;
        free(b);
        if (same && !common->batch.force) {
            cli_error(out->v[i], "the output would replace an input (give --force to allow "
                                 "it, or another -o)");
            rc = CLI_USAGE;
        }
        if (a)
            sorted[ns++] = a;
    }
    if (rc == CLI_OK && ns > 1) {
        qsort(sorted, ns, sizeof *sorted, cmp_str);
        for (size_t i = 1; i < ns && rc == CLI_OK; i++)
            if (strcmp(sorted[i - 1], sorted[i]) == 0) {
                cli_error(sorted[i], "two inputs would write this output: put {name}, "
                                     "{dir} or {index} in the -o template");
                rc = CLI_USAGE;
            }
    }
    for (size_t i = 0; i < ns; i++)
        free(sorted[i]);
    free(sorted);
    free(ids);
    return rc;
}

/* Output options of the tool's table (--overlay, --csv...) with several
 * inputs: a template, never "-". */
static int check_output_options(const cli_common *common, int many)
{
    const cli_tool *t = common->tool;
    for (int i = 0; t && t->options[i].name && i < CLI_MAX_OPTIONS; i++) {
        const cli_option *o = &t->options[i];
        if (!o->output || !common->given[i] || (o->kind != CLI_STRING && o->kind != CLI_CUSTOM))
            continue;
        const char *v = *(const char *const *)o->target;
        if (!v)
            continue;
        if (has_placeholder(v)) {
            char *p;
            const char *why;
            if (cli_template_expand(v, "x.png", 1, &p, &why) != CLI_OK) {
                cli_error(NULL, "--%s %s: %s", o->name, v, why);
                return CLI_USAGE;
            }
            free(p);
        } else if (many) {
            cli_error(NULL, "--%s %s: every input would write %s: name a file per input "
                            "with a template (--%s%s%s/{stem}...)", o->name, v,
                      strcmp(v, "-") ? "it" : "standard output", o->name,
                      o->optional_arg ? "=" : " ", o->name);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

/* ---------------------------------------------------------------- the loop */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cpu_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

typedef struct {
    cli_common *common;
    cli_source *src;
    cli_process_fn fn;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* workers: a slot came free, or stop */
    pthread_cond_t done;    /* main: a job finished, or a worker left */
    job *ring;
    long window;            /* ring size: inputs taken but not yet emitted */
    long taken, emitted;    /* inputs handed out / emitted, in order */
    int source_end, source_failed, stop, usage;
    int running;            /* workers alive */
    /* emission */
    FILE *jsonl;
    int jsonl_to_stdout;
    long ok, failed, skipped;
    char *stream_header;    /* the header line of the stream on stdout, once written */
    double start, last_progress;
    int progress, tty;
    int progress_shown;
} loop;

/* Runs process on IN -> OUT; when it fails after writing OUT (a later
 * output such as --overlay or --json could not be written), removes OUT if
 * it did not exist before: a failed input leaves no output behind, so that
 * --skip-existing redoes it. */
static int run_process(cli_process_fn fn, void *ctx, const char *in, const char *out)
{
    struct stat st;
    int fresh = out && strcmp(out, "-") != 0 && lstat(out, &st) != 0;
    int rc = fn(ctx, in, out);
    if (rc != CLI_OK && fresh && lstat(out, &st) == 0 && S_ISREG(st.st_mode))
        unlink(out);
    return rc;
}

/* Runs one job in this thread. */
static void run_job(loop *L, job *j)
{
    const cli_batch_opts *b = &L->common->batch;
    double t0 = now();
    current = j;
    const char *out = j->in.output;
    if (out && strcmp(out, "-") != 0) {
        struct stat st;
        if (b->skip_existing && stat(out, &st) == 0) {
            j->rc = RC_SKIPPED;
            current = NULL;
            return;
        }
    }
    j->rc = run_process(L->fn, L->ctx, j->in.name, out);
    if (j->rc == CLI_FAIL && j->msgs.len == 0)
        cli_error(j->in.name, "failed");
    current = NULL;
    j->seconds = now() - t0;
}

/* The next input for this worker, or NULL when there is none (or stop). */
static job *take(loop *L)
{
    job *j = NULL;
    pthread_mutex_lock(&L->lock);
    for (;;) {
        if (L->stop || L->source_end)
            break;
        if (L->taken - L->emitted >= L->window) {
            pthread_cond_wait(&L->wake, &L->lock);
            continue;
        }
        job *slot = &L->ring[L->taken % L->window];
        cli_input in;
        int r = L->src->next(L->src, &in);
        if (r != 1) {
            L->source_end = 1;
            if (r != 0) {
                L->stop = 1;
                L->source_failed = 1;
            }
            pthread_cond_broadcast(&L->done);
            break;
        }
        memset(slot, 0, sizeof *slot);
        slot->in = in;
        slot->index = in.index ? in.index : L->taken + 1;
        L->taken++;
        slot->state = JOB_RUNNING;
        if (!slot->in.output && L->common->batch.output) {
            const char *why;
            char *o;
            if (cli_template_expand(L->common->batch.output, in.name, slot->index, &o,
                                    &why) == CLI_OK)
                slot->in.output = o;
        }
        j = slot;
        break;
    }
    pthread_mutex_unlock(&L->lock);
    return j;
}

static void *worker(void *arg)
{
    void **a = arg;
    loop *L = a[0];
    thread_slot = (int)(intptr_t)a[1];
    free(arg);
    job *j;
    while ((j = take(L))) {
        run_job(L, j);
        pthread_mutex_lock(&L->lock);
        j->state = JOB_DONE;
        if (j->rc == CLI_USAGE || (j->rc == CLI_FAIL && L->common->batch.fail_fast))
            L->stop = 1;
        pthread_cond_broadcast(&L->done);
        pthread_mutex_unlock(&L->lock);
    }
    pthread_mutex_lock(&L->lock);
    L->running--;
    pthread_cond_broadcast(&L->done);
    pthread_mutex_unlock(&L->lock);
    return NULL;
}

static void clear_progress(loop *L)
{
    if (L->progress_shown && L->tty) {
        fputs("\r\033[K", stderr);
        L->progress_shown = 0;
    }
}

static void show_progress(loop *L, int final)
{
    if (!L->progress)
        return;
    double t = now();
    if (!final && t - L->last_progress < (L->tty ? 0.2 : 1.0))
        return;
    L->last_progress = t;
    long done = L->ok + L->failed + L->skipped, total = L->src->total;
    double el = t - L->start, rate = el > 0 ? (L->ok + L->failed) / el : 0;
    char eta[32] = "";
    if (total > 0 && rate > 0 && done < total) {
        long s = (long)((total - done) / rate + 0.5);
        snprintf(eta, sizeof eta, ", ETA %ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    }
    char tot[32] = "";
    if (total >= 0)
        snprintf(tot, sizeof tot, "/%ld", total);
    char skipped[48] = "";
    if (L->skipped)
        snprintf(skipped, sizeof skipped, ", %ld skipped", L->skipped);
    fprintf(stderr, "%s%s: %ld%s done, %.1f/s%s, %ld failed%s%s", L->tty ? "\r\033[K" : "",
            cli_prog(), done, tot, rate, eta, L->failed, skipped,
            L->tty && !final ? "" : "\n");
    fflush(stderr);
    L->progress_shown = L->tty && !final;
}

/* The first message's text, without "prog: " */
static const char *first_error(const job *j, size_t *len)
{
    if (!j->msgs.len)
        return NULL;
    const char *s = j->msgs.s;
    size_t pl = strlen(cli_prog());
    if (strncmp(s, cli_prog(), pl) == 0 && s[pl] == ':' && s[pl + 1] == ' ')
        s += pl + 2;
    const char *nl = strchr(s, '\n');
    *len = nl ? (size_t)(nl - s) : strlen(s);
    return s;
}

/* A job whose output opens with a stream header (Y4M): the header goes out
 * with the first frame written, whichever that is (frame 1 may have failed);
 * later frames must have the same header (size and kind). */
static void stream_header(loop *L, job *j)
{
    size_t n = j->out_header;
    if (!n || j->rc != CLI_OK || n > j->out.len)
        return;
    if (!L->stream_header) {
        L->stream_header = strndup(j->out.s, n);
        return; /* written with the frame */
    }
    if (strlen(L->stream_header) == n && memcmp(L->stream_header, j->out.s, n) == 0) {
        memmove(j->out.s, j->out.s + n, j->out.len - n); /* the header is out already */
        j->out.len -= n;
        return;
    }
    char msg[512];
    int len = snprintf(msg, sizeof msg, "%s: (stdout): frame %ld: its stream header '%.*s' "
                                        "differs from the stream's '%.*s' (a stream has one "
                                        "size and kind: write files with -o TEMPLATE)\n",
                       cli_prog(), j->index, (int)(n - 1), j->out.s,
                       (int)strcspn(L->stream_header, "\n"), L->stream_header);
    j->rc = CLI_FAIL;
    j->out.len = 0;
    cli_buf_add(&j->msgs, msg, len > 0 && (size_t)len < sizeof msg ? (size_t)len : 0);
}

static void emit(loop *L, job *j)
{
    clear_progress(L);
    stream_header(L, j);
    if (j->rc == RC_SKIPPED)
        L->skipped++;
    else if (j->rc == CLI_OK)
        L->ok++;
    else
        L->failed++;
    if (j->msgs.len) {
        fwrite(j->msgs.s, 1, j->msgs.len, stderr);
        fflush(stderr);
    }
    if (j->out.len) {
        fwrite(j->out.s, 1, j->out.len, stdout);
        fflush(stdout);
    }
    if (L->jsonl) {
        cli_json r;
        cli_json_begin(&r);
        cli_json_int(&r, "index", j->index);
        cli_json_string(&r, "input", j->in.name);
        cli_json_string(&r, "output", j->in.output);
        cli_json_string(&r, "status", j->rc == CLI_OK        ? "ok"
                                      : j->rc == RC_SKIPPED ? "skipped"
                                                            : "failed");
        size_t el = 0;
        const char *e = j->rc == CLI_OK || j->rc == RC_SKIPPED ? NULL : first_error(j, &el);
        char *err = e ? strndup(e, el) : NULL;
        cli_json_string(&r, "error", err);
        free(err);
        cli_json_number(&r, "seconds", round(j->seconds * 1e6) / 1e6);
        if (j->report.len) {
            size_t n = j->report.len;
            while (n && (j->report.s[n - 1] == '\n' || j->report.s[n - 1] == ' '))
                n--;
            cli_json_raw(&r, "report", j->report.s, n);
        }
        cli_json_end(&r);
        if (!r.out.failed) {
            fwrite(r.out.s, 1, r.out.len, L->jsonl);
            fflush(L->jsonl);
        }
        cli_json_free(&r);
    } else if (j->report.len && L->common->json) {
        /* one input: its --json report, where --json said */
        cli_write_text(L->common->json, j->report.s, j->report.len);
    }
    show_progress(L, 0);
}

static void job_free(job *j)
{
    free(j->in.name);
    free(j->in.output);
    segkit_image_free(&j->in.frame);
    cli_buf_free(&j->msgs);
    cli_buf_free(&j->out);
    cli_buf_free(&j->report);
    for (int i = 0; i < j->npaths; i++)
        free(j->paths[i]);
    memset(j, 0, sizeof *j);
}

/* Every input allocates and frees the same large buffers (its image, the
 * decoder's and encoder's, a tool's scratch).  glibc serves blocks above
 * 128 KiB (rising to at most 32 MiB as they are freed) with mmap and trims
 * freed memory at the top of an arena back to the kernel, so each input
 * paid its memory again in page faults: 293 a 512x512 PNG in
 * segkit-threshold -m otsu, sys time 24% of the run.  A batch keeps blocks
 * up to 32 MiB in the arenas and trims only above 64 MiB free: 52 faults an
 * image, 16% less CPU (docs/batch.md).  Memory stays bounded by the images
 * in flight; GLIBC_TUNABLES, when set, is left to decide. */
static void batch_malloc_policy(void)
{
#ifdef __GLIBC__
    if (getenv("GLIBC_TUNABLES"))
        return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int cli_batch_run_source(cli_common *common, cli_source *src, cli_process_fn fn, void *ctx)
{
    cli_batch_opts *b = &common->batch;
    loop L;
    memset(&L, 0, sizeof L);
    L.common = common;
    L.src = src;
    L.fn = fn;
    L.ctx = ctx;
    int jobs = b->jobs ? b->jobs : cpu_count();
    if (jobs > CLI_MAX_JOBS)
        jobs = CLI_MAX_JOBS;
    if (src->total >= 0 && jobs > src->total)
        jobs = src->total > 0 ? (int)src->total : 1;
    L.window = 4L * jobs + 4;
    L.ring = calloc((size_t)L.window, sizeof *L.ring);
    if (!L.ring) {
        cli_error(NULL, "out of memory");
        if (src->close)
            src->close(src);
        return CLI_FAIL;
    }
    if (b->jsonl) {
        if (strcmp(b->jsonl, "-") == 0) {
            L.jsonl = stdout;
            L.jsonl_to_stdout = 1;
        } else if (!(L.jsonl = fopen(b->jsonl, "w"))) {
            cli_error(b->jsonl, "%s", strerror(errno));
            free(L.ring);
            if (src->close)
                src->close(src);
            return CLI_FAIL;
        }
    }
    L.tty = isatty(STDERR_FILENO);
    L.progress = !b->quiet && (b->progress || L.tty);
    L.start = L.last_progress = now();
    pthread_mutex_init(&L.lock, NULL);
    pthread_cond_init(&L.wake, NULL);
    pthread_cond_init(&L.done, NULL);
    batch_active = 1;
    batch_malloc_policy();

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)16 << 20);
    for (int i = 0; i < jobs; i++) {
        pthread_t th;
        void **arg = malloc(2 * sizeof *arg);
        if (!arg)
            break;
        arg[0] = &L;
        arg[1] = (void *)(intptr_t)(i + 1);
        pthread_mutex_lock(&L.lock);
        L.running++;
        pthread_mutex_unlock(&L.lock);
        if (pthread_create(&th, &attr, worker, arg) != 0) {
            free(arg);
            pthread_mutex_lock(&L.lock);
            L.running--;
            pthread_mutex_unlock(&L.lock);
            if (i == 0) {
                cli_error(NULL, "cannot start a thread: %s", strerror(errno));
                L.failed++;
            }
            break;
        }
        pthread_detach(th);
    }
    pthread_attr_destroy(&attr);

    /* emit in order (or as they finish), until every worker has left and
     * every taken input is emitted */
    pthread_mutex_lock(&L.lock);
    for (;;) {
        job *ready = NULL;
        /* slots emitted out of order (--unordered) free up from the front */
        while (L.emitted < L.taken && L.ring[L.emitted % L.window].state == JOB_FREE) {
            L.emitted++;
            pthread_cond_broadcast(&L.wake);
        }
        for (long k = L.emitted; k < L.taken && !ready; k++) {
            job *j = &L.ring[k % L.window];
            if (j->state == JOB_DONE)
                ready = j;
            if (!b->unordered)
                break;
        }
        if (ready) {
            pthread_mutex_unlock(&L.lock);
            emit(&L, ready);
            if (ready->rc == CLI_USAGE)
                L.usage = 1;
            pthread_mutex_lock(&L.lock);
            job_free(ready); /* state JOB_FREE: the loop's head moves past it */
            continue;
        }
        if (L.running == 0 && L.emitted == L.taken)
            break;
        pthread_cond_wait(&L.done, &L.lock);
    }
    pthread_mutex_unlock(&L.lock);
    batch_active = 0;
    free(L.stream_header);
    show_progress(&L, 1);
    if (L.jsonl && !L.jsonl_to_stdout && fclose(L.jsonl) != 0) {
        cli_error(b->jsonl, "%s", strerror(errno));
        L.failed++;
    }
    if (src->close)
        src->close(src);
    free(L.ring);
    pthread_mutex_destroy(&L.lock);
    pthread_cond_destroy(&L.wake);
    pthread_cond_destroy(&L.done);
    return L.usage ? CLI_USAGE : L.failed || L.source_failed ? CLI_FAIL : CLI_OK;
}


int cli_batch_run(cli_common *common, int npos, char **pos, cli_process_fn fn, void *ctx)
{
    cli_batch_opts *b = &common->batch;
    const cli_tool *t = common->tool;
    int max = t ? t->max_args : 2, min = t ? t->min_args : 1;
    int no_output = t && t->no_output;
    if (no_output && (b->output || b->force || b->skip_existing)) {
        cli_error(NULL, "-o, --force and --skip-existing do not apply: no file is written "
                        "per input (the numbers go to --jsonl)");
        return CLI_USAGE;
    }
    /* without -o the arguments are the single-run IN [OUT] */
    int legacy_out = !b->output && !no_output && npos > 1 && npos <= max && min < max ? 1 : 0;
    legacy_out |= !b->output && !no_output && npos == max && min == max && max > 1;
    if (!b->output && !no_output && npos > max) {
        cli_error(NULL, "too many arguments: several inputs need -o TEMPLATE, e.g. "
                        "-o out/{stem}.png (usage: %s %s)%s",
                  t ? t->name : cli_prog(), t ? t->usage : "",
                  common->json_next ? "; a report file goes as --json=FILE" : "");
        return CLI_USAGE;
    }
    if (!b->output && !b->files_from && npos < (no_output && min < 1 ? 1 : min)) {
        cli_error(NULL, "missing argument (usage: %s %s)", t->name, t->usage);
        return CLI_USAGE;
    }
    /* one input, no batch option: process runs once, as it always did */
    const char *one_out = legacy_out ? pos[npos - 1] : NULL;
    int nin = npos - legacy_out;
    int any = b->output || b->files_from || b->recursive || b->glob || b->jobs ||
              b->unordered || b->fail_fast || b->jsonl || b->progress ||
              b->skip_existing || b->shard_n;
    /* a netpbm or Y4M stream on stdin: its frames are the inputs */
    if (nin == 1 && strcmp(pos[0], "-") == 0 && !b->files_from && cli_stdin_is_stream())
        return cli_frames_run(common, one_out, fn, ctx);
    if (!any && nin == 1) {
        if (one_out && strcmp(one_out, "-") && strcmp(pos[0], "-") && !b->force) {
            struct stat si, so;
            char *a = normal_path(pos[0]), *c = normal_path(one_out);
            int same = (a && c && strcmp(a, c) == 0) ||
                       (stat(pos[0], &si) == 0 && stat(one_out, &so) == 0 &&
                        si.st_dev == so.st_dev && si.st_ino == so.st_ino);
            free(a), free(c);
            if (same) {
                cli_error(one_out, "OUT would replace IN (give --force to allow it)");
                return CLI_USAGE;
            }
        }
        return run_process(fn, ctx, pos[0], one_out);
    }

    if (b->output && strcmp(b->output, "-") != 0) {
        char *p;
        const char *why;
        if (cli_template_expand(b->output, "x.png", 1, &p, &why) != CLI_OK) {
            cli_error(NULL, "-o %s: %s", b->output, why);
            return CLI_USAGE;
        }
        free(p);
    }
    if (b->nul && !b->files_from) {
        cli_error(NULL, "-0 (--null) applies to --files-from");
        return CLI_USAGE;
    }

    strlist in = {0}, out = {0};
    int rc = CLI_OK;
    int stdin_inputs = 0;
    for (int i = 0; i < nin && rc == CLI_OK; i++)
        rc = add_input(pos[i], b, &in);
    if (rc == CLI_OK && b->files_from)
        rc = read_list(b->files_from, b, &in);
    if (rc == CLI_OK && in.failed) {
        cli_error(NULL, "out of memory");
        rc = CLI_FAIL;
    }
    if (rc != CLI_OK) {
        sl_free(&in);
        return rc;
    }
    for (size_t i = 0; i < in.n; i++)
        stdin_inputs += strcmp(in.v[i], "-") == 0;
    if (stdin_inputs && ((b->files_from && strcmp(b->files_from, "-") == 0) ||
                         stdin_inputs > 1)) {
        cli_error(NULL, "standard input can be read once: as the list or as one input");
        sl_free(&in);
        return CLI_USAGE;
    }
    if (in.n == 0) {
        cli_error(NULL, "no inputs%s", b->files_from || b->recursive || b->glob
                                            ? " (the list and directories hold none)" : "");
        sl_free(&in);
        return CLI_USAGE;
    }
    long total_all = (long)in.n;
    /* --shard K/N: every N-th input from the K-th; {index} stays the
     * position in the whole list */
    long *index = malloc(in.n * sizeof *index);
    if (!index) {
        sl_free(&in);
        cli_error(NULL, "out of memory");
        return CLI_FAIL;
    }
    size_t kept = 0;
    for (size_t i = 0; i < in.n; i++) {
        if (b->shard_n && (long)(i % (size_t)b->shard_n) != b->shard_k) {
            free(in.v[i]);
            continue;
        }
        in.v[kept] = in.v[i];
        index[kept++] = (long)i + 1;
    }
    in.n = kept;
    int many = total_all > 1;
    if (many && !b->output && !no_output) {
        cli_error(NULL, "several inputs need -o TEMPLATE, e.g. -o out/{stem}.png "
                        "(an output per input)");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && !b->output && !one_out && t && t->min_args >= 2 && !no_output) {
        cli_error(NULL, "no output: give -o TEMPLATE, e.g. -o out/{stem}.png");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && many && common->json) {
        cli_error(NULL, "--json reports one input: give --jsonl for several");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && many && b->output && strcmp(b->output, "-") == 0) {
        cli_error(NULL, "-o -: several inputs cannot all go to standard output");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && b->jsonl && strcmp(b->jsonl, "-") == 0 &&
        ((b->output && strcmp(b->output, "-") == 0) || (one_out && !strcmp(one_out, "-")))) {
        cli_error(NULL, "the image goes to stdout: give --jsonl a FILE");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK)
        rc = check_output_options(common, many);
    for (size_t i = 0; i < in.n && rc == CLI_OK; i++) {
        char *o = NULL;
        const char *why;
        if (b->output)
            cli_template_expand(b->output, in.v[i], index[i], &o, &why);
        else if (one_out && !(o = strdup(one_out)))
            rc = CLI_FAIL;
        sl_add(&out, o ? o : "", o ? strlen(o) : 0);
        if (!o) {
            free(out.v[out.n - 1]);
            out.v[out.n - 1] = NULL;
        }
        free(o);
    }
    if (rc == CLI_OK && (out.failed || in.failed)) {
        cli_error(NULL, "out of memory");
        rc = CLI_FAIL;
    }
    if (rc == CLI_OK)
        rc = check_outputs(common, &in, &out);
    if (rc != CLI_OK) {
        sl_free(&in);
        sl_free(&out);
        free(index);
        return rc;
    }
    /* --jsonl asks the tool for its numbers (the report is kept per input) */
    const char *json = common->json;
    if (b->jsonl && !common->json)
        common->json = "-";
    file_source fs = {in, out, index, 0};
    cli_source src = {file_next, file_close, (long)in.n, &fs};
    rc = cli_batch_run_source(common, &src, fn, ctx);
    common->json = json;
    return rc;
}
