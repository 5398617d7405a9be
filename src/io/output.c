/* segkit_output_*: writing a file without destroying what is at the path.
 *
 * What OUT is decides how it is written (GNU cp, sort -o and sed -i are the
 * models):
 *   - a symlink stays a link: its chain is followed (relative targets are
 *     relative to the link's directory) to the file that gets the content;
 *   - an existing file that is not a regular file (device, FIFO, socket)
 *     is opened and written directly;
 *   - links that live in /proc name no replaceable path: /dev/stdout,
 *     /dev/fd/N and /proc/self/fd/N write to our descriptor N (duplicated),
 *     other /proc links are opened as they are;
 *   - an existing regular file the caller may not write (faccessat W_OK with
 *     the effective ids, so root is root) is refused with EACCES; otherwise
 *     it is replaced by a temporary file written beside it and renamed over
 *     it, with the old permission bits (and owner, when allowed);
 *   - a missing file is created the same way, mode 0666 minus the umask.
 * Only when the directory refuses a temporary but the file itself is writable
 * is the file rewritten in place (as cp does); that write is not atomic. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "segkit/io.h"

enum { MAX_LINK_HOPS = 40 };

/* The canonical directory part of path (malloc'ed), NULL with errno set. */
static char *real_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return realpath(".", NULL);
    if (slash == path)
        return realpath("/", NULL);
    size_t n = (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (!dir)
        return NULL;
    memcpy(dir, path, n);
    dir[n] = '\0';
    char *real = realpath(dir, NULL);
    int saved = errno;
    free(dir);
    errno = saved;
    return real;
}

/* The link's target as a string (malloc'ed); size 0 links (/proc) are read
 * with a growing buffer. */
static char *read_link(const char *path)
{
    for (size_t cap = 256; cap <= (size_t)1 << 20; cap *= 2) {
        char *buf = malloc(cap);
        if (!buf)
            return NULL;
        ssize_t n = readlink(path, buf, cap);
        if (n < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return NULL;
        }
        if ((size_t)n < cap) {
            buf[n] = '\0';
            return buf;
        }
        free(buf);
    }
    errno = ENAMETOOLONG;
    return NULL;
}

/* Follows path's symlinks to the file that receives the content (malloc'ed;
 * NULL with errno set).  *magic = 1 when a link lives in /proc: its target
 * (a pipe, a terminal, a deleted file) is not a path to replace, so the
 * link itself is opened. */
static char *resolve_links(const char *path, int *magic)
{
    *magic = 0;
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur; /* not a link, or missing: the caller decides */
        char *dir = NULL, *target = NULL, *next = NULL;
        if (hops == MAX_LINK_HOPS) {
            errno = ELOOP;
            goto fail;
        }
        if (!(dir = real_dir(cur)))
            goto fail;
        if (strncmp(dir, "/proc/", 6) == 0) {
            *magic = 1;
            free(dir);
            return cur;
        }
        if (!(target = read_link(cur)))
            goto fail;
        if (target[0] == '/') {
            next = target;
            target = NULL;
        } else {
            size_t n = strlen(dir) + strlen(target) + 2;
            if ((next = malloc(n)) != NULL)
                snprintf(next, n, "%s/%s", strcmp(dir, "/") ? dir : "", target);
        }
fail:;
        int saved = errno;
        free(dir);
        free(target);
        free(cur);
        cur = next;
        errno = saved;
    }
    return NULL;
}

static int status_of_errno(void)
{
    return errno == ENOMEM ? SEGKIT_ERR_NOMEM : SEGKIT_ERR_IO;
}

/* N when path is one of our own descriptors, /proc/<our pid>/fd/N (what
 * /dev/stdout, /dev/fd/N and /proc/self/fd/N lead to); else -1. */
static int own_descriptor(const char *path)
{
    char *dir = real_dir(path), expect[64];
    const char *base = strrchr(path, '/');
    snprintf(expect, sizeof expect, "/proc/%ld/fd", (long)getpid());
    int mine = dir && strcmp(dir, expect) == 0;
    free(dir);
    if (!mine || !base || !base[1])
        return -1;
    char *end;
    errno = 0;
    long n = strtol(base + 1, &end, 10);
    return *end == '\0' && errno == 0 && n >= 0 && n <= INT_MAX ? (int)n : -1;
}

static int open_direct(segkit_output *out, int truncate)
{
    /* our own descriptor: written through a duplicate, as a shell's
     * "> /dev/stdout" does (same file offset, works for sockets and for
     * pipes another user created) */
    int fd = own_descriptor(out->target);
    if (fd >= 0) {
        out->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        return out->fd < 0 ? SEGKIT_ERR_IO : SEGKIT_OK;
    }
    out->fd = open(out->target, O_WRONLY | O_NOCTTY | O_CLOEXEC |
                                    (truncate ? O_TRUNC : 0));
    return out->fd < 0 ? SEGKIT_ERR_IO : SEGKIT_OK;
}

/* A temporary beside the target (rename() stays on one file system),
 * created with O_EXCL. */
static int open_temporary(segkit_output *out, mode_t mode)
{
    size_t n = strlen(out->target) + 48;
    out->tmp = malloc(n);
    if (!out->tmp)
        return SEGKIT_ERR_NOMEM;
    for (unsigned attempt = 0; attempt < 100; attempt++) {
        snprintf(out->tmp, n, "%s.tmp-%ld-%u", out->target, (long)getpid(),
                 attempt);
        out->fd = open(out->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (out->fd >= 0)
            return SEGKIT_OK;
        if (errno != EEXIST)
            break;
    }
    int saved = errno;
    free(out->tmp);
    out->tmp = NULL;
    errno = saved;
    return SEGKIT_ERR_IO;
}

/* Frees out's fields and marks it finished (fd -1); errno is kept. */
static void release(segkit_output *out)
{
    int saved = errno;
    free(out->tmp);
    free(out->target);
    memset(out, 0, sizeof *out);
    out->fd = -1;
    errno = saved;
}

int segkit_output_open(segkit_output *out, const char *path)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->fd = -1;
    if (!path || !*path) {
        errno = ENOENT;
        return path ? SEGKIT_ERR_IO : SEGKIT_ERR_ARG;
    }
    int magic;
    out->target = resolve_links(path, &magic);
    if (!out->target)
        return status_of_errno();
    struct stat st;
    int exists = stat(out->target, &st) == 0;
    int st_code;
    if (!exists && errno != ENOENT) {
        st_code = SEGKIT_ERR_IO;
    } else if (magic || (exists && !S_ISREG(st.st_mode))) {
        /* devices, FIFOs, sockets, /dev/stdout: written through */
        st_code = open_direct(out, exists && S_ISREG(st.st_mode));
    } else if (!exists) {
        st_code = open_temporary(out, 0666);
    } else if (faccessat(AT_FDCWD, out->target, W_OK, AT_EACCESS) != 0) {
        st_code = SEGKIT_ERR_IO; /* EACCES, EROFS, ...: refused, unchanged */
    } else {
        st_code = open_temporary(out, 0600);
        if (st_code == SEGKIT_ERR_IO && (errno == EACCES || errno == EPERM)) {
            /* the file is writable but its directory is not */
            st_code = open_direct(out, 1);
        } else if (st_code == SEGKIT_OK) {
            /* keep the old file's permission bits; its owner too when we
             * may (root), else drop set-id bits that would change meaning */
            mode_t keep = st.st_mode & 0777;
            if ((st.st_uid == geteuid() && st.st_gid == getegid()) ||
                fchown(out->fd, st.st_uid, st.st_gid) == 0)
                keep = st.st_mode & 07777;
            if (fchmod(out->fd, keep) != 0) {
                segkit_output_abort(out);
                return SEGKIT_ERR_IO;
            }
        }
    }
    if (st_code != SEGKIT_OK)
        release(out);
    return st_code;
}

int segkit_output_write(segkit_output *out, const void *data, size_t size)
{
    if (!out || out->fd < 0 || (!data && size))
        return SEGKIT_ERR_ARG;
    const uint8_t *p = data;
    while (size > 0) {
        ssize_t w = write(out->fd, p, size);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return SEGKIT_ERR_IO;
        }
        p += w;
        size -= (size_t)w;
    }
    return SEGKIT_OK;
}

int segkit_output_commit(segkit_output *out)
{
    if (!out || out->fd < 0)
        return SEGKIT_ERR_ARG;
    int ok = close(out->fd) == 0;
    out->fd = -1;
    if (ok && out->tmp)
        ok = rename(out->tmp, out->target) == 0;
    if (!ok && out->tmp) {
        int saved = errno;
        unlink(out->tmp);
        errno = saved;
    }
    release(out);
    return ok ? SEGKIT_OK : SEGKIT_ERR_IO;
}

void segkit_output_abort(segkit_output *out)
{
    if (!out)
        return;
    int saved = errno;
    if (out->fd >= 0)
        close(out->fd);
    if (out->tmp)
        unlink(out->tmp);
    errno = saved;
    release(out);
}

int segkit_write_bytes_atomic(const char *path, const void *data, size_t size)
{
    if (!path || (!data && size))
        return SEGKIT_ERR_ARG;
    segkit_output out;
    int st = segkit_output_open(&out, path);
    if (st != SEGKIT_OK)
        return st;
    st = segkit_output_write(&out, data, size);
    if (st != SEGKIT_OK) {
        segkit_output_abort(&out);
        return st;
    }
    return segkit_output_commit(&out);
}
