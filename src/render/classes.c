/* Class tables: label value -> colour and name, parsed from CSV or JSON
 * text (see segkit/render.h).  The parser reads memory only. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render_internal.h"

typedef struct {
    const char *s, *end;
    int line;
    segkit_class *c;
    int n, cap;
    int nomem;
} parser;

static int add(parser *P, const segkit_class *k)
{
    if (P->n == P->cap) {
        int cap = P->cap ? 2 * P->cap : 16;
        segkit_class *nc = cap < (1 << 24) ? realloc(P->c, (size_t)cap * sizeof *nc) : NULL;
        if (!nc) {
            P->nomem = 1;
            return -1;
        }
        P->c = nc;
        P->cap = cap;
    }
    P->c[P->n++] = *k;
    return 0;
}

/* an integer id in int32 range, the whole of S (surrounding blanks allowed) */
static int parse_id(const char *s, size_t n, int32_t *id)
{
    char buf[32];
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end || v != floor(v) || v < -2147483648.0 || v > 2147483647.0)
        return -1;
    *id = (int32_t)v;
    return 0;
}

static void copy_trim(char *dst, size_t size, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
        s++, n -= 2;
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = 0;
}

/* ------------------------------------------------------------------ CSV */

static int parse_csv(parser *P)
{
    int first = 1;
    for (const char *s = P->s; s < P->end; P->line++) {
        const char *eol = memchr(s, '\n', (size_t)(P->end - s));
        if (!eol)
            eol = P->end;
        size_t len = (size_t)(eol - s);
        if (len && s[len - 1] == '\r')
            len--;
        const char *f[6] = {0};
        size_t fl[6] = {0};
        int nf = 0;
        const char *p = s, *e = s + len;
        while (nf < 6) {
            const char *c = memchr(p, ',', (size_t)(e - p));
            f[nf] = p;
            fl[nf++] = (size_t)((c ? c : e) - p);
            if (!c)
                break;
            p = c + 1;
        }
        const char *lead = s;
        while (lead < e && isspace((unsigned char)*lead))
            lead++;
        int blank = lead == e, comment = !blank && *lead == '#';
        if (!blank && !comment) {
            segkit_class k;
            memset(&k, 0, sizeof k);
            if (parse_id(f[0], fl[0], &k.id) != 0) {
                if (!first)
                    return -1;
            } else {
                char col[64];
                if (nf == 3) {
                    copy_trim(k.name, sizeof k.name, f[1], fl[1]);
                    copy_trim(col, sizeof col, f[2], fl[2]);
                } else if (nf == 5) {
                    copy_trim(k.name, sizeof k.name, f[1], fl[1]);
                    size_t n = (size_t)(f[4] + fl[4] - f[2]);
                    copy_trim(col, sizeof col, f[2], n);
                } else {
                    return -1;
                }
                if (segkit_render_parse_color(col, k.color) != SEGKIT_OK) {
                    /* "R, G, B" with blanks inside */
                    char packed[64];
                    size_t m = 0;
                    for (const char *q = col; *q && m + 1 < sizeof packed; q++)
                        if (*q != ' ')
                            packed[m++] = *q;
                    packed[m] = 0;
                    if (segkit_render_parse_color(packed, k.color) != SEGKIT_OK)
                        return -1;
                }
                if (add(P, &k) != 0)
                    return -1;
            }
            first = 0;
        }
        s = eol + 1;
    }
    return 0;
}

/* ----------------------------------------------------------------- JSON */

static void ws(parser *P)
{
    while (P->s < P->end && isspace((unsigned char)*P->s)) {
        if (*P->s == '\n')
            P->line++;
        P->s++;
    }
}

static int lit(parser *P, char c)
{
    ws(P);
    if (P->s < P->end && *P->s == c) {
        P->s++;
        return 1;
    }
    return 0;
}

/* a string into buf (truncated to size - 1; escapes \" \\ \/ \n \t kept
 * simple, \uXXXX as '?') */
static int string(parser *P, char *buf, size_t size)
{
    size_t n = 0;
    if (!lit(P, '"'))
        return -1;
    while (P->s < P->end && *P->s != '"') {
        char c = *P->s++;
        if (c == '\n')
            return -1;
        if (c == '\\') {
            if (P->s >= P->end)
                return -1;
            c = *P->s++;
            if (c == 'n')
                c = '\n';
            else if (c == 't')
                c = '\t';
            else if (c == 'u') {
                if (P->end - P->s < 4)
                    return -1;
                P->s += 4;
                c = '?';
            }
        }
        if (buf && n + 1 < size)
            buf[n++] = c;
    }
    if (buf)
        buf[n] = 0;
    return lit(P, '"') ? 0 : -1;
}

static int number(parser *P, double *v)
{
    ws(P);
    char buf[64];
    size_t n = 0;
    while (P->s + n < P->end && n + 1 < sizeof buf && strchr("+-.0123456789eE", P->s[n]))
        n++;
    if (!n)
        return -1;
    memcpy(buf, P->s, n);
    buf[n] = 0;
    char *end;
    *v = strtod(buf, &end);
    if (*end)
        return -1;
    P->s += n;
    return 0;
}

static int skip_value(parser *P, int depth)
{
    double v;
    ws(P);
    if (P->s >= P->end || depth > 64)
        return -1;
    char c = *P->s;
    if (c == '"')
        return string(P, NULL, 0);
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        P->s++;
        if (lit(P, close))
            return 0;
        do {
            if (c == '{' && (string(P, NULL, 0) != 0 || !lit(P, ':')))
                return -1;
            if (skip_value(P, depth + 1) != 0)
                return -1;
        } while (lit(P, ','));
        return lit(P, close) ? 0 : -1;
    }
    for (const char *w = "true\0false\0null\0"; *w; w += strlen(w) + 1)
        if ((size_t)(P->end - P->s) >= strlen(w) && memcmp(P->s, w, strlen(w)) == 0) {
            P->s += strlen(w);
            return 0;
        }
    return number(P, &v);
}

static int json_class(parser *P)
{
    segkit_class k;
    memset(&k, 0, sizeof k);
    int have_id = 0, have_color = 0;
    if (!lit(P, '{'))
        return -1;
    if (!lit(P, '}')) {
        do {
            char key[32];
            if (string(P, key, sizeof key) != 0 || !lit(P, ':'))
                return -1;
            if (strcmp(key, "id") == 0) {
                double v;
                if (number(P, &v) != 0 || v != floor(v) || fabs(v) > 2147483647.0)
                    return -1;
                k.id = (int32_t)v;
                have_id = 1;
            } else if (strcmp(key, "name") == 0) {
                if (string(P, k.name, sizeof k.name) != 0)
                    return -1;
            } else if (strcmp(key, "color") == 0 || strcmp(key, "colour") == 0) {
                ws(P);
                if (P->s < P->end && *P->s == '[') {
                    P->s++;
                    for (int c = 0; c < 3; c++) {
                        double v;
                        if ((c && !lit(P, ',')) || number(P, &v) != 0 || v != floor(v) ||
                            v < 0 || v > 255)
                            return -1;
                        k.color[c] = (uint8_t)v;
                    }
                    if (!lit(P, ']'))
                        return -1;
                } else {
                    char col[64];
                    if (string(P, col, sizeof col) != 0 ||
                        segkit_render_parse_color(col, k.color) != SEGKIT_OK)
                        return -1;
                }
                have_color = 1;
            } else if (skip_value(P, 1) != 0) {
                return -1;
            }
        } while (lit(P, ','));
        if (!lit(P, '}'))
            return -1;
    }
    if (!have_id || !have_color)
        return -1;
    return add(P, &k);
}

static int parse_json(parser *P)
{
    int wrapped = 0;
    if (lit(P, '{')) {
        char key[32];
        if (string(P, key, sizeof key) != 0 || strcmp(key, "classes") != 0 || !lit(P, ':'))
            return -1;
        wrapped = 1;
    }
    if (!lit(P, '['))
        return -1;
    if (!lit(P, ']')) {
        do {
            if (json_class(P) != 0)
                return -1;
        } while (lit(P, ','));
        if (!lit(P, ']'))
            return -1;
    }
    if (wrapped && !lit(P, '}'))
        return -1;
    ws(P);
    return P->s == P->end ? 0 : -1;
}

static int by_id(const void *a, const void *b)
{
    int32_t x = ((const segkit_class *)a)->id, y = ((const segkit_class *)b)->id;
    return (x > y) - (x < y);
}

int segkit_class_table_parse(const char *text, size_t len, segkit_class_table *table, int *line)
{
    if (table)
        *table = (segkit_class_table){0};
    if (line)
        *line = 0;
    if (!text || !table)
        return SEGKIT_ERR_ARG;
    parser P = {text, text + len, 1, NULL, 0, 0, 0};
    ws(&P);
    int json = P.s < P.end && (*P.s == '[' || *P.s == '{');
    int rc;
    if (json) {
        rc = parse_json(&P);
    } else {
        P.s = text;
        P.line = 1;
        rc = parse_csv(&P);
    }
    if (rc == 0 && P.n > 1) {
        qsort(P.c, (size_t)P.n, sizeof *P.c, by_id);
        for (int i = 1; i < P.n && rc == 0; i++)
            if (P.c[i].id == P.c[i - 1].id) {
                rc = -1;
                P.line = 0; /* a repeated id: no one line to blame */
            }
    }
    if (rc != 0) {
        free(P.c);
        if (line)
            *line = P.line;
        return P.nomem ? SEGKIT_ERR_NOMEM : SEGKIT_ERR_CORRUPT;
    }
    table->classes = P.c;
    table->count = P.n;
    return SEGKIT_OK;
}

void segkit_class_table_free(segkit_class_table *table)
{
    if (!table)
        return;
    free(table->classes);
    *table = (segkit_class_table){0};
}

const segkit_class *segkit_class_table_find(const segkit_class_table *t, int32_t id)
{
    if (!t || !t->classes)
        return NULL;
    int lo = 0, hi = t->count - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (t->classes[mid].id == id)
            return &t->classes[mid];
        if (t->classes[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}
