/* Filter expressions over region properties: a recursive-descent parser
 * into a small tree, evaluated per region.
 *
 *   or   := and ('||' and)*
 *   and  := not ('&&' not)*
 *   not  := '!' not | cmp
 *   cmp  := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum  := term (('+' | '-') term)*
 *   term := unary (('*' | '/') unary)*
 *   unary:= '-' unary | '+' unary | primary
 *   primary := number | name | '(' or ')'
 *
 * Names are property names (segkit_region_prop_find: '_' for '-').  The
 * input is bounded: nesting deeper than MAX_DEPTH is an error, so hostile
 * text cannot exhaust the stack; nothing is evaluated while parsing. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "label_internal.h"

#define MAX_DEPTH 200

enum { N_NUM, N_PROP, N_NEG, N_NOT, N_ADD, N_SUB, N_MUL, N_DIV, N_LT, N_LE,
       N_GT, N_GE, N_EQ, N_NE, N_AND, N_OR };

typedef struct node {
    int op;
    int a, b;      /* children (indices) */
    double num;    /* N_NUM */
    int prop;      /* N_PROP */
} node;

struct segkit_expr {
    node *n;
    int count, cap;
    int root;
};

typedef struct {
    const char *s;
    size_t pos;
    segkit_expr *e;
    size_t err_pos;
    const char *err;
    int groups;
    int depth;
} parser;

static void skip(parser *p)
{
    while (isspace((unsigned char)p->s[p->pos]))
        p->pos++;
}

static int fail(parser *p, size_t pos, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->err_pos = pos;
    }
    return -1;
}

static int add(parser *p, int op, int a, int b)
{
    segkit_expr *e = p->e;
    if (e->count == e->cap) {
        int cap = e->cap ? e->cap * 2 : 16;
        node *n = realloc(e->n, (size_t)cap * sizeof *n);
        if (!n)
            return fail(p, p->pos, "out of memory");
        e->n = n;
        e->cap = cap;
    }
    node *n = &e->n[e->count];
    memset(n, 0, sizeof *n);
    n->op = op;
    n->a = a;
    n->b = b;
    return e->count++;
}

/* 1 and advances if the text at pos starts with tok */
static int accept(parser *p, const char *tok)
{
    skip(p);
    size_t n = strlen(tok);
    if (strncmp(p->s + p->pos, tok, n) != 0)
        return 0;
    p->pos += n;
    return 1;
}

static int parse_or(parser *p);

static int parse_primary(parser *p)
{
    skip(p);
    const char *c = p->s + p->pos;
    size_t start = p->pos;
    if (*c == '(') {
        p->pos++;
        int r = parse_or(p);
        if (r < 0)
            return r;
        if (!accept(p, ")"))
            return fail(p, p->pos, "expected ')'");
        return r;
    }
    if (isdigit((unsigned char)*c) || *c == '.') {
        char *end;
        double v = strtod(c, &end);
        if (end == c || !isfinite(v))
            return fail(p, start, "bad number");
        p->pos += (size_t)(end - c);
        int r = add(p, N_NUM, -1, -1);
        if (r >= 0)
            p->e->n[r].num = v;
        return r;
    }
    if (isalpha((unsigned char)*c) || *c == '_') {
        size_t n = 0;
        while (isalnum((unsigned char)c[n]) || c[n] == '_')
            n++;
        int idx = segkit_region_prop_find(c, (int)n);
        if (idx < 0)
            return fail(p, start, "unknown property name");
        p->pos += n;
        p->groups |= segkit_region_prop_group(idx);
        int r = add(p, N_PROP, -1, -1);
        if (r >= 0)
            p->e->n[r].prop = idx;
        return r;
    }
    return fail(p, start, *c ? "expected a number, a property name or '('"
                             : "unexpected end of expression");
}

static int parse_unary(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, p->pos, "expression nested too deeply");
    int r;
    if (accept(p, "-")) {
        r = parse_unary(p);
        r = r < 0 ? r : add(p, N_NEG, r, -1);
    } else if (accept(p, "+")) {
        r = parse_unary(p);
    } else {
        r = parse_primary(p);
    }
    p->depth--;
    return r;
}

static int parse_term(parser *p)
{
    int l = parse_unary(p);
    while (l >= 0) {
        int op;
        if (accept(p, "*"))
            op = N_MUL;
        else if (accept(p, "/"))
            op = N_DIV;
        else
            break;
        int r = parse_unary(p);
        l = r < 0 ? r : add(p, op, l, r);
    }
    return l;
}

static int parse_sum(parser *p)
{
    int l = parse_term(p);
    while (l >= 0) {
        int op;
        if (accept(p, "+"))
            op = N_ADD;
        else if (accept(p, "-"))
            op = N_SUB;
        else
            break;
        int r = parse_term(p);
        l = r < 0 ? r : add(p, op, l, r);
    }
    return l;
}

static int parse_cmp(parser *p)
{
    int l = parse_sum(p);
    if (l < 0)
        return l;
    static const struct { const char *tok; int op; } ops[] = {
        {"<=", N_LE}, {">=", N_GE}, {"==", N_EQ}, {"!=", N_NE}, {"<", N_LT}, {">", N_GT}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (accept(p, ops[i].tok)) {
            int r = parse_sum(p);
            return r < 0 ? r : add(p, ops[i].op, l, r);
        }
    }
    return l;
}

static int parse_not(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, p->pos, "expression nested too deeply");
    int r;
    skip(p);
    if (p->s[p->pos] == '!' && p->s[p->pos + 1] != '=') {
        p->pos++;
        r = parse_not(p);
        r = r < 0 ? r : add(p, N_NOT, r, -1);
    } else {
        r = parse_cmp(p);
    }
    p->depth--;
    return r;
}

static int parse_and(parser *p)
{
    int l = parse_not(p);
    while (l >= 0 && accept(p, "&&")) {
        int r = parse_not(p);
        l = r < 0 ? r : add(p, N_AND, l, r);
    }
    return l;
}

static int parse_or(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, p->pos, "expression nested too deeply");
    int l = parse_and(p);
    while (l >= 0 && accept(p, "||")) {
        int r = parse_and(p);
        l = r < 0 ? r : add(p, N_OR, l, r);
    }
    p->depth--;
    return l;
}

int segkit_expr_compile(const char *text, segkit_expr **expr, size_t *err_pos,
                        const char **err_msg, int *groups)
{
    if (expr)
        *expr = NULL;
    if (err_pos)
        *err_pos = 0;
    if (err_msg)
        *err_msg = NULL;
    if (groups)
        *groups = 0;
    if (!text || !expr)
        return SEGKIT_ERR_ARG;
    segkit_expr *e = calloc(1, sizeof *e);
    if (!e)
        return SEGKIT_ERR_NOMEM;
    parser p = {text, 0, e, 0, NULL, 0, 0};
    int root = parse_or(&p);
    if (root >= 0) {
        skip(&p);
        if (text[p.pos])
            root = fail(&p, p.pos, "unexpected text after the expression");
    }
    if (root < 0) {
        if (err_pos)
            *err_pos = p.err_pos;
        if (err_msg)
            *err_msg = p.err;
        segkit_expr_free(e);
        return strcmp(p.err, "out of memory") == 0 ? SEGKIT_ERR_NOMEM : SEGKIT_ERR_ARG;
    }
    e->root = root;
    if (groups)
        *groups = p.groups;
    *expr = e;
    return SEGKIT_OK;
}

static double eval(const segkit_expr *e, int i, const segkit_region *r)
{
    const node *n = &e->n[i];
    switch (n->op) {
    case N_NUM: return n->num;
    case N_PROP: return segkit_region_prop_value(r, n->prop);
    case N_NEG: return -eval(e, n->a, r);
    case N_NOT: return !(eval(e, n->a, r) != 0);
    case N_AND: return eval(e, n->a, r) != 0 && eval(e, n->b, r) != 0;
    case N_OR: return eval(e, n->a, r) != 0 || eval(e, n->b, r) != 0;
    default: break;
    }
    double a = eval(e, n->a, r), b = eval(e, n->b, r);
    switch (n->op) {
    case N_ADD: return a + b;
    case N_SUB: return a - b;
    case N_MUL: return a * b;
    case N_DIV: return a / b;
    case N_LT: return a < b;
    case N_LE: return a <= b;
    case N_GT: return a > b;
    case N_GE: return a >= b;
    case N_EQ: return a == b;
    default: return a != b;
    }
}

double segkit_expr_eval(const segkit_expr *expr, const segkit_region *r)
{
    if (!expr || !r)
        return NAN;
    return eval(expr, expr->root, r);
}

void segkit_expr_free(segkit_expr *expr)
{
    if (!expr)
        return;
    free(expr->n);
    free(expr);
}
