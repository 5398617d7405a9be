/* JSON text in memory: see src/internal/json.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/json.h"
#include "segkit/image.h"

/* ------------------------------------------------------------- writing */

void json_put(json_text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (n >= t->cap - t->len || !t->buf) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap - t->len <= n) {
            if (cap > SIZE_MAX / 2) {
                t->failed = 1;
                return;
            }
            cap *= 2;
        }
        char *nb = realloc(t->buf, cap);
        if (!nb) {
            t->failed = 1;
            return;
        }
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

void json_puts(json_text *t, const char *s) { json_put(t, s, strlen(s)); }

void json_printf(json_text *t, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        json_put(t, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        t->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    json_put(t, big, (size_t)n);
    free(big);
}

void json_put_string(json_text *t, const char *s)
{
    json_put(t, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        json_put(t, run, (size_t)(s - run));
        char esc[8];
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", c);
        else
            snprintf(esc, sizeof esc, "\\u%04x", c);
        json_puts(t, esc);
        run = s + 1;
    }
    json_put(t, run, (size_t)(s - run));
    json_put(t, "\"", 1);
}

void json_put_number(json_text *t, double v)
{
    char num[40];
    if (!isfinite(v)) {
        json_puts(t, "null");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(num, sizeof num, "%.0f", v);
    } else {
        for (int prec = 6; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, v);
            if (strtod(num, NULL) == v)
                break;
        }
    }
    json_puts(t, num);
}

int json_text_finish(json_text *t, char **out, size_t *len)
{
    if (t->failed || !t->buf) {
        free(t->buf);
        memset(t, 0, sizeof *t);
        *out = NULL;
        *len = 0;
        return SEGKIT_ERR_NOMEM;
    }
    *out = t->buf;
    *len = t->len;
    memset(t, 0, sizeof *t);
    return SEGKIT_OK;
}

/* ------------------------------------------------------------- reading */

/* Nodes and decoded strings live in blocks chained from the arena head. */
typedef struct block {
    struct block *prev;
    size_t used, size;
    max_align_t data[];
} block;

typedef struct parser {
    const char *s, *end, *line_start;
    uint32_t line;
    size_t depth, max_depth;
    block *arena;
    json_error *err;
    int status;
} parser;

static void *arena_alloc(parser *p, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!n)
        n = sizeof(max_align_t);
    block *b = p->arena;
    if (!b || b->size - b->used < n) {
        size_t size = n > 65536 ? n : 65536;
        if (size > SIZE_MAX - sizeof(block))
            return NULL;
        block *nb = malloc(sizeof(block) + size);
        if (!nb)
            return NULL;
        nb->prev = b;
        nb->used = 0;
        nb->size = size;
        p->arena = b = nb;
    }
    void *r = (char *)b->data + b->used;
    b->used += n;
    return r;
}

static void arena_free(block *b)
{
    while (b) {
        block *prev = b->prev;
        free(b);
        b = prev;
    }
}

static int fail(parser *p, const char *at, const char *reason, int status)
{
    if (p->status == SEGKIT_OK) {
        p->status = status;
        if (p->err) {
            /* the column of `at` on the current line (at never precedes
             * line_start: lines are counted as the text is consumed) */
            p->err->line = p->line;
            p->err->column = (uint32_t)(at - p->line_start) + 1;
            p->err->reason = reason;
        }
    }
    return status;
}

static void skip_space(parser *p)
{
    while (p->s < p->end) {
        char c = *p->s;
        if (c == '\n') {
            p->line++;
            p->line_start = p->s + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        p->s++;
    }
}

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
        if (d > 15)
            return 0;
        *v = *v * 16 + d;
    }
    return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, <= U+10FFFF), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; min = 0x10000; }
    else return 0;
    if ((size_t)(end - s) < n)
        return 0;
    unsigned cp = c & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* Parses the string at p->s (at the opening quote) into the arena. */
static int parse_string(parser *p, const char **out, size_t *out_len)
{
    const char *start = p->s++;
    /* the decoded string is never longer than the source */
    const char *q = p->s;
    while (q < p->end && *q != '"') {
        if (*q == '\\' && q + 1 < p->end)
            q++;
        q++;
    }
    if (q >= p->end)
        return fail(p, start, "unterminated string", SEGKIT_ERR_CORRUPT);
    char *o = arena_alloc(p, (size_t)(q - p->s) + 1);
    if (!o)
        return fail(p, start, "out of memory", SEGKIT_ERR_NOMEM);
    size_t n = 0;
    while (*p->s != '"') {
        unsigned char c = (unsigned char)*p->s;
        if (c < 0x20)
            return fail(p, p->s, "control character in a string", SEGKIT_ERR_CORRUPT);
        if (c != '\\') {
            size_t k = utf8_len((const unsigned char *)p->s, (const unsigned char *)p->end);
            if (!k)
                return fail(p, p->s, "invalid UTF-8 in a string", SEGKIT_ERR_CORRUPT);
            memcpy(o + n, p->s, k);
            n += k;
            p->s += k;
            continue;
        }
        const char *esc = p->s++;
        char e = *p->s++;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *f = e ? strchr(from, e) : NULL;
        if (f) {
            o[n++] = to[f - from];
            continue;
        }
        unsigned cp, lo;
        if (e != 'u' || p->end - p->s < 4 || !hex4(p->s, &cp))
            return fail(p, esc, "invalid escape in a string", SEGKIT_ERR_CORRUPT);
        p->s += 4;
        if (cp >= 0xdc00 && cp <= 0xdfff)
            return fail(p, esc, "unpaired surrogate in a string", SEGKIT_ERR_CORRUPT);
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (p->end - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u' ||
                !hex4(p->s + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
                return fail(p, esc, "unpaired surrogate in a string", SEGKIT_ERR_CORRUPT);
            p->s += 6;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
        n += put_utf8(o + n, cp);
    }
    p->s++;
    o[n] = '\0';
    *out = o;
    *out_len = n;
    return SEGKIT_OK;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_number(parser *p, double *v)
{
    const char *s = p->s, *start = s;
    if (s < p->end && *s == '-')
        s++;
    if (s >= p->end || !is_digit(*s))
        return fail(p, start, "invalid number", SEGKIT_ERR_CORRUPT);
    if (*s == '0')
        s++;
    else
        while (s < p->end && is_digit(*s))
            s++;
    if (s < p->end && *s == '.') {
        s++;
        if (s >= p->end || !is_digit(*s))
            return fail(p, start, "invalid number", SEGKIT_ERR_CORRUPT);
        while (s < p->end && is_digit(*s))
            s++;
    }
    if (s < p->end && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < p->end && (*s == '+' || *s == '-'))
            s++;
        if (s >= p->end || !is_digit(*s))
            return fail(p, start, "invalid number", SEGKIT_ERR_CORRUPT);
        while (s < p->end && is_digit(*s))
            s++;
    }
    /* strtod needs a terminated copy: numbers are short, or refused */
    char buf[128];
    size_t n = (size_t)(s - start);
    if (n >= sizeof buf)
        return fail(p, start, "number too long", SEGKIT_ERR_CORRUPT);
    memcpy(buf, start, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    if (!isfinite(*v))
        return fail(p, start, "number out of range", SEGKIT_ERR_CORRUPT);
    p->s = s;
    return SEGKIT_OK;
}

static int parse_value(parser *p, json_node *node);

/* Array or object children; p->s is past the opening bracket. */
static int parse_children(parser *p, json_node *node, int object)
{
    char close = object ? '}' : ']';
    json_node **tail = &node->child;
    skip_space(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return SEGKIT_OK;
    }
    for (;;) {
        json_node *c = arena_alloc(p, sizeof *c);
        if (!c)
            return fail(p, p->s, "out of memory", SEGKIT_ERR_NOMEM);
        memset(c, 0, sizeof *c);
        if (object) {
            size_t klen;
            if (p->s >= p->end || *p->s != '"')
                return fail(p, p->s, "expected a member name (a string)", SEGKIT_ERR_CORRUPT);
            if (parse_string(p, &c->key, &klen) != SEGKIT_OK)
                return p->status;
            skip_space(p);
            if (p->s >= p->end || *p->s != ':')
                return fail(p, p->s, "expected ':'", SEGKIT_ERR_CORRUPT);
            p->s++;
            skip_space(p);
        }
        if (parse_value(p, c) != SEGKIT_OK)
            return p->status;
        *tail = c;
        tail = &c->next;
        node->count++;
        skip_space(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            skip_space(p);
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return SEGKIT_OK;
        }
        return fail(p, p->s, object ? "expected ',' or '}'" : "expected ',' or ']'",
                    SEGKIT_ERR_CORRUPT);
    }
}

static int literal(parser *p, const char *word, json_node *node, json_type type)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
        return fail(p, p->s, "invalid value", SEGKIT_ERR_CORRUPT);
    p->s += n;
    node->type = type;
    return SEGKIT_OK;
}

/* p->s is at the value (white space skipped). */
static int parse_value(parser *p, json_node *node)
{
    if (p->s >= p->end)
        return fail(p, p->s, "unexpected end of the text", SEGKIT_ERR_CORRUPT);
    node->line = p->line;
    node->column = (uint32_t)(p->s - p->line_start) + 1;
    switch (*p->s) {
    case '{':
    case '[': {
        int object = *p->s == '{';
        if (p->depth >= p->max_depth)
            return fail(p, p->s, "nested too deeply", SEGKIT_ERR_TOO_LARGE);
        p->depth++;
        p->s++;
        node->type = object ? JSON_OBJECT : JSON_ARRAY;
        int st = parse_children(p, node, object);
        p->depth--;
        return st;
    }
    case '"':
        node->type = JSON_STRING;
        return parse_string(p, &node->string, &node->length);
    case 't':
        return literal(p, "true", node, JSON_TRUE);
    case 'f':
        return literal(p, "false", node, JSON_FALSE);
    case 'n':
        return literal(p, "null", node, JSON_NULL);
    default:
        node->type = JSON_NUMBER;
        return parse_number(p, &node->number);
    }
}

int json_parse(const char *text, size_t len, size_t max_depth, json_doc *doc,
               json_error *err)
{
    if (doc)
        memset(doc, 0, sizeof *doc);
    if (err)
        memset(err, 0, sizeof *err);
    if (!doc || (!text && len))
        return SEGKIT_ERR_ARG;
    parser p = {text, text + len, text, 1, 0, max_depth, NULL, err, SEGKIT_OK};
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) /* a UTF-8 BOM */
        p.s = p.line_start = text + 3;
    json_node *root = arena_alloc(&p, sizeof *root);
    if (!root) {
        fail(&p, p.s, "out of memory", SEGKIT_ERR_NOMEM);
    } else {
        memset(root, 0, sizeof *root);
        skip_space(&p);
        if (parse_value(&p, root) == SEGKIT_OK) {
            skip_space(&p);
            if (p.s != p.end)
                fail(&p, p.s, memchr(p.s, '\0', (size_t)(p.end - p.s))
                                  ? "NUL byte in the text"
                                  : "text after the JSON value",
                     SEGKIT_ERR_CORRUPT);
        }
    }
    if (p.status != SEGKIT_OK) {
        arena_free(p.arena);
        return p.status;
    }
    doc->root = root;
    doc->arena = p.arena;
    return SEGKIT_OK;
}

void json_doc_free(json_doc *doc)
{
    if (!doc)
        return;
    arena_free(doc->arena);
    memset(doc, 0, sizeof *doc);
}

const json_node *json_get(const json_node *obj, const char *key)
{
    const json_node *found = NULL;
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (const json_node *c = obj->child; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            found = c;
    return found;
}
