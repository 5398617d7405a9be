/* Private: JSON text in memory (src/io/json.c).  A growing text buffer
 * with JSON string and number writers, and a small, bounded recursive-
 * descent reader (RFC 8259) that builds a tree of nodes.
 *
 * The reader is meant for untrusted input: nesting is limited (max_depth),
 * every allocation is overflow-checked, strings must be valid UTF-8 with
 * valid escapes (\u surrogate pairs included), numbers must follow the
 * JSON grammar, and anything after the value but white space is an error.
 * Errors carry the line and column (1-based, in bytes) and a reason. */
#ifndef SEGKIT_INTERNAL_JSON_H
#define SEGKIT_INTERNAL_JSON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- writing ---- */
typedef struct json_text {
    char *buf;        /* NUL-terminated while not failed */
    size_t len, cap;
    int failed;       /* an allocation failed: everything after is dropped */
} json_text;

void json_put(json_text *t, const char *s, size_t n);
void json_puts(json_text *t, const char *s);
void json_printf(json_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A quoted, escaped JSON string. */
void json_put_string(json_text *t, const char *s);
/* A number: integers as integers, else the shortest %g that reads back the
 * same double; NaN and infinities as null. */
void json_put_number(json_text *t, double v);
/* Hands over the text (*out, *len) or frees it and returns
 * SEGKIT_ERR_NOMEM if any write failed. */
int json_text_finish(json_text *t, char **out, size_t *len);

/* ---- reading ---- */
typedef enum json_type {
    JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
    JSON_OBJECT
} json_type;

typedef struct json_node {
    json_type type;
    uint32_t line, column;    /* where the value starts */
    double number;            /* JSON_NUMBER */
    const char *string;       /* JSON_STRING: decoded, NUL-terminated */
    size_t length;            /* JSON_STRING: bytes (may contain NULs) */
    const char *key;          /* member of an object: its name, else NULL */
    size_t count;             /* ARRAY / OBJECT: number of children */
    struct json_node *child;  /* first child (NULL if none) */
    struct json_node *next;   /* next sibling (NULL: last) */
} json_node;

typedef struct json_doc {
    json_node *root;
    void *arena;              /* internal: the nodes and strings */
} json_doc;

typedef struct json_error {
    uint32_t line, column;
    const char *reason;       /* static */
} json_error;

/* Parses TEXT (LEN bytes; NULs inside are an error).  Returns SEGKIT_OK,
 * SEGKIT_ERR_CORRUPT (syntax; *err says where and why), SEGKIT_ERR_TOO_LARGE
 * (nesting deeper than max_depth), SEGKIT_ERR_NOMEM.  On error doc is
 * zeroed.  err may be NULL. */
int json_parse(const char *text, size_t len, size_t max_depth, json_doc *doc,
               json_error *err);
void json_doc_free(json_doc *doc);

/* The member KEY of an object node (the last one if repeated), NULL if
 * none or if obj is not an object. */
const json_node *json_get(const json_node *obj, const char *key);

#endif
