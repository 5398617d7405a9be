/* Class tables: label value -> colour and name, parsed from CSV or JSON
 * text (see segkit/render.h; JSON through the shared reader of
 * src/io/json.c).  The parser reads memory only. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/json.h"
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

/* The shared JSON reader (src/io/json.c) builds the tree; here only the
 * shape is checked.  A problem is reported at the line of the value at
 * fault (P->line). */

static int json_fail(parser *P, const json_node *at)
{
    P->line = at ? (int)at->line : 0;
    return -1;
}

/* A string into buf (size bytes), cut at a UTF-8 character boundary. */
static void copy_name(char *buf, size_t size, const json_node *s)
{
    size_t n = s->length < size - 1 ? s->length : size - 1;
    while (n < s->length && n > 0 && ((unsigned char)s->string[n] & 0xc0) == 0x80)
        n--; /* s->string[n] continues a character: drop that character */
    memcpy(buf, s->string, n);
    buf[n] = 0;
    /* a NUL inside (\u0000) ends the name */
}

static int json_class(parser *P, const json_node *o)
{
    segkit_class k;
    memset(&k, 0, sizeof k);
    if (o->type != JSON_OBJECT)
        return json_fail(P, o);
    const json_node *id = json_get(o, "id"), *name = json_get(o, "name");
    const json_node *col = json_get(o, "color");
    if (!col)
        col = json_get(o, "colour");
    if (!id || !col)
        return json_fail(P, o);
    if (id->type != JSON_NUMBER || id->number != floor(id->number) ||
        fabs(id->number) > 2147483647.0)
        return json_fail(P, id);
    k.id = (int32_t)id->number;
    if (name) {
        if (name->type != JSON_STRING)
            return json_fail(P, name);
        copy_name(k.name, sizeof k.name, name);
    }
    if (col->type == JSON_ARRAY) {
        const json_node *v = col->child;
        if (col->count != 3)
            return json_fail(P, col);
        for (int c = 0; c < 3; c++, v = v->next) {
            if (v->type != JSON_NUMBER || v->number != floor(v->number) || v->number < 0 ||
                v->number > 255)
                return json_fail(P, v);
            k.color[c] = (uint8_t)v->number;
        }
    } else if (col->type != JSON_STRING || strlen(col->string) != col->length ||
               segkit_render_parse_color(col->string, k.color) != SEGKIT_OK) {
        return json_fail(P, col);
    }
    if (add(P, &k) != 0)
        return json_fail(P, o);
    return 0;
}

static int parse_json(parser *P, const char *text, size_t len)
{
    json_doc doc;
    json_error err;
    int st = json_parse(text, len, 64, &doc, &err);
    if (st != SEGKIT_OK) {
        /* syntax, or nesting past 64 levels: the line where it is */
        P->nomem = st == SEGKIT_ERR_NOMEM;
        P->line = st == SEGKIT_ERR_NOMEM ? 0 : (int)err.line;
        return -1;
    }
    /* an array of classes, or an object holding it under "classes" */
    const json_node *list = doc.root;
    int rc = 0;
    if (list->type == JSON_OBJECT) {
        list = json_get(list, "classes");
        if (!list)
            rc = json_fail(P, doc.root);
    }
    if (rc == 0 && list->type != JSON_ARRAY)
        rc = json_fail(P, list);
    for (const json_node *c = rc == 0 ? list->child : NULL; c && rc == 0; c = c->next)
        rc = json_class(P, c);
    json_doc_free(&doc);
    return rc;
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
    const char *lead = text;
    while (lead < text + len && isspace((unsigned char)*lead))
        lead++;
    int json = lead < text + len && (*lead == '[' || *lead == '{');
    int rc = json ? parse_json(&P, text, len) : parse_csv(&P);
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
