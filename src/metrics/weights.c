/* Reading the DIBCO pseudo-F-measure weight files (*_RWeights.dat,
 * *_PWeights.dat: text, one "%f " per pixel, row-major), plain or gzip'ed.
 * zlib's gzread reads both transparently. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "metrics/metrics_internal.h"

int segkit_metrics_read_weights(const char *path, size_t count, double **out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    *out = NULL;
    if (!path || count == 0)
        return SEGKIT_ERR_ARG;
    double *w = mx_alloc(count, sizeof *w);
    if (!w)
        return SEGKIT_ERR_NOMEM;
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        free(w);
        if (!errno)
            errno = ENOMEM;
        return SEGKIT_ERR_IO;
    }
    gzbuffer(f, 1 << 17);
    enum { CHUNK = 1 << 16 };
    char buf[CHUNK + 64];
    size_t have = 0, k = 0;
    int st = SEGKIT_OK, eof = 0;
    while (st == SEGKIT_OK) {
        if (!eof) {
            int r = gzread(f, buf + have, (unsigned)(CHUNK - have));
            if (r < 0) {
                int zerr;
                gzerror(f, &zerr);
                st = zerr == Z_ERRNO ? SEGKIT_ERR_IO : SEGKIT_ERR_CORRUPT;
                break;
            }
            if (r == 0)
                eof = 1;
            have += (size_t)r;
        }
        buf[have] = '\0';
        /* parse complete tokens; keep a trailing partial one */
        size_t pos = 0;
        for (;;) {
            while (pos < have && (buf[pos] == ' ' || buf[pos] == '\n' ||
                                  buf[pos] == '\r' || buf[pos] == '\t'))
                pos++;
            if (pos == have)
                break;
            size_t end = pos;
            while (end < have && buf[end] != ' ' && buf[end] != '\n' &&
                   buf[end] != '\r' && buf[end] != '\t')
                end++;
            if (end == have && !eof)
                break; /* may continue in the next chunk */
            if (end - pos > 60) {
                st = SEGKIT_ERR_CORRUPT;
                break;
            }
            char tok[64];
            memcpy(tok, buf + pos, end - pos);
            tok[end - pos] = '\0';
            char *e;
            double v = strtod(tok, &e);
            if (*e || e == tok) {
                st = SEGKIT_ERR_CORRUPT;
                break;
            }
            if (k == count) {
                st = SEGKIT_ERR_SIZE;
                break;
            }
            w[k++] = v;
            pos = end;
        }
        if (st != SEGKIT_OK)
            break;
        memmove(buf, buf + pos, have - pos);
        have -= pos;
        if (eof && have == 0)
            break;
        if (have >= CHUNK) {
            st = SEGKIT_ERR_CORRUPT;
            break;
        }
    }
    gzclose(f);
    if (st == SEGKIT_OK && k < count)
        st = SEGKIT_ERR_TRUNCATED;
    if (st != SEGKIT_OK) {
        free(w);
        return st;
    }
    *out = w;
    return SEGKIT_OK;
}
