/* Colour classes: a table of range / distance rules (CSV or JSON text) and
 * the label image it makes (see segkit/color.h).  The parser reads memory
 * only; JSON goes through the shared bounded reader (src/io/json.c). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal/json.h"
#include "segkit/color.h"

#define JSON_MAX_DEPTH 16

static void say(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t size, const char *fmt, ...)
{
    if (!err || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* ------------------------------------------------- the rules' pieces */

/* "hsv", "hsv-opencv", ... into c->ranges */
static int set_space(segkit_color_class *c, const char *name, int opencv, char *why, size_t n)
{
    char buf[40];
    size_t l = strlen(name);
    if (l >= sizeof buf) {
        snprintf(why, n, "unknown colour space '%.32s...'", name);
        return -1;
    }
    memcpy(buf, name, l + 1);
    if (l > 7 && strcmp(buf + l - 7, "-opencv") == 0) {
        opencv = 1;
        buf[l - 7] = '\0';
    }
    if (segkit_color_space_parse(buf, &c->ranges.space) != SEGKIT_OK) {
        snprintf(why, n, "unknown colour space '%s'", name);
        return -1;
    }
    c->ranges.opencv = opencv;
    if (opencv && (!segkit_color_has_opencv(c->ranges.space.id) || c->ranges.space.d50)) {
        snprintf(why, n, "%s has no OpenCV 8-bit encoding (hsv, hls, lab)", buf);
        return -1;
    }
    return 0;
}

/* one range term (the space set before) */
static int add_term(segkit_color_class *c, const char *text, char *why, size_t n)
{
    char r[128];
    if (strspn(text, " \t") == strlen(text)) {
        snprintf(why, n, "an empty range term (it would match every pixel)");
        return -1;
    }
    if (c->ranges.nterms == SEGKIT_RANGE_MAX_TERMS) {
        snprintf(why, n, "more than %d range terms", SEGKIT_RANGE_MAX_TERMS);
        return -1;
    }
    if (segkit_color_range_parse(text, c->ranges.space.id, c->ranges.opencv,
                                 &c->ranges.term[c->ranges.nterms], r, sizeof r) != SEGKIT_OK) {
        snprintf(why, n, "range '%.64s': %s", text, r);
        return -1;
    }
    c->ranges.nterms++;
    return 0;
}

/* one reference colour of a distance rule */
static int add_ref(segkit_color_class *c, const char *text, char *why, size_t n)
{
    double rgb[3];
    if (c->nref == SEGKIT_COLOR_CLASS_MAX_REFS) {
        snprintf(why, n, "more than %d reference colours", SEGKIT_COLOR_CLASS_MAX_REFS);
        return -1;
    }
    if (segkit_color_parse(text, rgb) != SEGKIT_OK) {
        snprintf(why, n, "'%.64s' is not a colour", text);
        return -1;
    }
    const segkit_color_space lab = {SEGKIT_SPACE_LAB, 0, 0, 0};
    segkit_color_from_rgb(&lab, rgb, c->ref_lab[c->nref++]);
    return 0;
}

/* ------------------------------------------------------------------ CSV */

/* one line "NAME,DISPLAY,RULE" (modified in place) into *c */
static int csv_class(char *line, segkit_color_class *c, char *why, size_t n)
{
    /* the display colour ends at the first comma outside parentheses */
    char *c1 = strchr(line, ','), *c2 = NULL;
    for (int depth = 0, i = 1; c1 && c1[i] && !c2; i++) {
        depth += (c1[i] == '(') - (c1[i] == ')');
        if (c1[i] == ',' && depth <= 0)
            c2 = c1 + i;
    }
    if (!c2) {
        snprintf(why, n, "expected NAME,DISPLAY,RULE");
        return -1;
    }
    *c1 = *c2 = '\0';
    char *name = trim(line), *disp = trim(c1 + 1), *rule = trim(c2 + 1);
    if (!*name || strlen(name) >= sizeof c->name) {
        snprintf(why, n, "the name must have 1 to %d bytes", (int)sizeof c->name - 1);
        return -1;
    }
    memcpy(c->name, name, strlen(name) + 1);
    if (segkit_color_parse(disp, c->display) != SEGKIT_OK) {
        snprintf(why, n, "display colour '%.64s' is not a colour", disp);
        return -1;
    }
    char *word = rule, *rest = rule + strcspn(rule, " \t");
    if (*rest)
        *rest++ = '\0';
    rest = trim(rest);
    if (strcmp(word, "range") == 0) {
        char *spec = rest + strcspn(rest, " \t");
        if (*spec)
            *spec++ = '\0';
        spec = trim(spec);
        if (set_space(c, rest, 0, why, n) != 0)
            return -1;
        for (char *p = spec;;) {
            size_t len = strcspn(p, ";");
            char save = p[len];
            p[len] = '\0';
            if (add_term(c, trim(p), why, n) != 0)
                return -1;
            if (!save)
                return 0;
            p += len + 1;
        }
    }
    if (strcmp(word, "near") == 0) {
        char *tok[4] = {NULL, NULL, NULL, NULL};
        int k = 0;
        for (char *p = rest; *p && k < 4;) {
            tok[k++] = p;
            p += strcspn(p, " \t");
            if (*p)
                *p++ = '\0';
            while (*p == ' ' || *p == '\t')
                p++;
        }
        char *e;
        if (k < 2 || k > 3 || (c->tol = strtod(tok[1], &e), *e) || !(c->tol >= 0) ||
            c->tol > 1e9 || (k == 3 && segkit_delta_e_parse(tok[2], &c->de.formula) != SEGKIT_OK)) {
            snprintf(why, n, "expected near COLOR[|COLOR...] TOL [76|94|2000|cmc]");
            return -1;
        }
        c->near = 1;
        for (char *p = tok[0];;) {
            size_t len = strcspn(p, "|");
            char save = p[len];
            p[len] = '\0';
            if (add_ref(c, p, why, n) != 0)
                return -1;
            if (!save)
                return 0;
            p += len + 1;
        }
    }
    snprintf(why, n, "rule '%.32s': expected 'range SPACE SPEC' or 'near COLOR TOL'", word);
    return -1;
}

static int parse_csv(char *text, segkit_color_class *cls, int *count, char *err, size_t esize)
{
    int k = 0, lineno = 0;
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *line = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*line || *line == '#')
            continue;
        char why[200];
        if (k == SEGKIT_COLOR_CLASSES_MAX) {
            say(err, esize, "line %d: more than %d classes", lineno, SEGKIT_COLOR_CLASSES_MAX);
            return -1;
        }
        cls[k].id = k + 1;
        cls[k].de = segkit_delta_e_params_default();
        if (csv_class(line, &cls[k], why, sizeof why) != 0) {
            say(err, esize, "line %d: %s", lineno, why);
            return -1;
        }
        k++;
    }
    *count = k;
    return 0;
}

/* ----------------------------------------------------------------- JSON */

/* a string node without NUL bytes inside */
static int is_text(const json_node *v)
{
    return v->type == JSON_STRING && strlen(v->string) == v->length;
}

/* a node that is a string, or an array of 1..max strings: calls add on each */
static int strings(const json_node *v, segkit_color_class *c, int max,
                   int (*add)(segkit_color_class *, const char *, char *, size_t),
                   const json_node **at, char *why, size_t n)
{
    *at = v;
    if (is_text(v))
        return add(c, v->string, why, n);
    if (v->type != JSON_ARRAY || v->count < 1 || v->count > (size_t)max) {
        snprintf(why, n, "'%s': a string or an array of 1 to %d strings", v->key, max);
        return -1;
    }
    for (const json_node *e = v->child; e; e = e->next) {
        *at = e;
        if (!is_text(e)) {
            snprintf(why, n, "'%s': a string or an array of 1 to %d strings", v->key, max);
            return -1;
        }
        if (add(c, e->string, why, n) != 0)
            return -1;
    }
    return 0;
}

static int json_display(const json_node *v, double rgb[3], char *why, size_t n)
{
    if (is_text(v)) {
        if (segkit_color_parse(v->string, rgb) == SEGKIT_OK)
            return 0;
        snprintf(why, n, "display colour '%.64s' is not a colour", v->string);
        return -1;
    }
    int k = 0;
    if (v->type == JSON_ARRAY && v->count == 3)
        for (const json_node *e = v->child; e; e = e->next, k++) {
            if (e->type != JSON_NUMBER || e->number != floor(e->number) || e->number < 0 ||
                e->number > 255)
                break;
            rgb[k] = e->number / 255.0;
        }
    if (k == 3)
        return 0;
    snprintf(why, n, "'%s': a colour string or [R, G, B] (integers 0..255)", v->key);
    return -1;
}

static int json_class(const json_node *o, segkit_color_class *c, int *have_id,
                      const json_node **at, char *why, size_t n)
{
    *at = o;
    if (o->type != JSON_OBJECT) {
        snprintf(why, n, "a class must be an object");
        return -1;
    }
    const json_node *name = NULL, *color = NULL, *id = NULL, *range = NULL, *space = NULL,
                    *opencv = NULL, *near = NULL, *tol = NULL, *de = NULL;
    static const char *const keys[] = {"name", "color", "colour", "id", "range", "space",
                                       "opencv", "near", "tol", "de"};
    for (const json_node *m = o->child; m; m = m->next) {
        const json_node **slot[] = {&name, &color, &color, &id, &range, &space,
                                    &opencv, &near, &tol, &de};
        size_t i = 0;
        while (i < sizeof keys / sizeof *keys && strcmp(m->key, keys[i]) != 0)
            i++;
        *at = m;
        if (i == sizeof keys / sizeof *keys) {
            snprintf(why, n, "unknown member '%.32s' (name color id range space opencv near "
                     "tol de)", m->key);
            return -1;
        }
        *slot[i] = m; /* repeated: the last one counts, as json_get */
    }
    *at = o;
    if (!name || !is_text(name) || name->length == 0 || name->length >= sizeof c->name) {
        *at = name ? name : o;
        snprintf(why, n, "'name': a string of 1 to %d bytes is required",
                 (int)sizeof c->name - 1);
        return -1;
    }
    memcpy(c->name, name->string, name->length + 1);
    if (!color) {
        snprintf(why, n, "'color': the display colour is required");
        return -1;
    }
    *at = color;
    if (json_display(color, c->display, why, n) != 0)
        return -1;
    if (id) {
        *at = id;
        if (id->type != JSON_NUMBER || id->number != floor(id->number) || id->number < 1 ||
            id->number > 2147483647.0) {
            snprintf(why, n, "'id': an integer 1..2147483647");
            return -1;
        }
        c->id = (int32_t)id->number;
        *have_id = 1;
    }
    *at = o;
    if (!range == !near) {
        snprintf(why, n, "give one rule: 'range' (with 'space') or 'near' (with 'tol')");
        return -1;
    }
    if (range) {
        if (tol || de) {
            *at = tol ? tol : de;
            snprintf(why, n, "'tol' and 'de' belong to a 'near' rule");
            return -1;
        }
        if (space && !is_text(space)) {
            *at = space;
            snprintf(why, n, "'space': a colour space name");
            return -1;
        }
        if (opencv && opencv->type != JSON_TRUE && opencv->type != JSON_FALSE) {
            *at = opencv;
            snprintf(why, n, "'opencv': true or false");
            return -1;
        }
        *at = space ? space : o;
        if (set_space(c, space ? space->string : "hsv", opencv && opencv->type == JSON_TRUE,
                      why, n) != 0)
            return -1;
        return strings(range, c, SEGKIT_RANGE_MAX_TERMS, add_term, at, why, n);
    }
    if (space || opencv) {
        *at = space ? space : opencv;
        snprintf(why, n, "'space' and 'opencv' belong to a 'range' rule");
        return -1;
    }
    c->near = 1;
    *at = tol ? tol : o;
    if (!tol || tol->type != JSON_NUMBER || !(tol->number >= 0) || tol->number > 1e9) {
        snprintf(why, n, "'tol': a number >= 0 is required with 'near'");
        return -1;
    }
    c->tol = tol->number;
    if (de) {
        char buf[16] = "";
        *at = de;
        if (de->type == JSON_NUMBER && de->number == floor(de->number) && fabs(de->number) < 1e6)
            snprintf(buf, sizeof buf, "%d", (int)de->number);
        else if (is_text(de) && de->length < sizeof buf)
            memcpy(buf, de->string, de->length + 1);
        if (segkit_delta_e_parse(buf, &c->de.formula) != SEGKIT_OK) {
            snprintf(why, n, "'de': 76, 94, 2000 or \"cmc\"");
            return -1;
        }
    }
    return strings(near, c, SEGKIT_COLOR_CLASS_MAX_REFS, add_ref, at, why, n);
}

static int parse_json(const char *text, size_t len, segkit_color_class *cls, int *count,
                      char *err, size_t esize)
{
    json_doc doc;
    json_error je = {0, 0, NULL};
    int st = json_parse(text, len, JSON_MAX_DEPTH, &doc, &je);
    if (st == SEGKIT_ERR_NOMEM)
        return st;
    if (st != SEGKIT_OK) {
        if (st == SEGKIT_ERR_TOO_LARGE)
            say(err, esize, "line %u, column %u: nested deeper than %d", je.line, je.column,
                JSON_MAX_DEPTH);
        else
            say(err, esize, "line %u, column %u: %s", je.line, je.column,
                je.reason ? je.reason : "not JSON");
        return SEGKIT_ERR_CORRUPT;
    }
    const json_node *list = doc.root;
    if (list->type == JSON_OBJECT) {
        const json_node *only = list->child;
        if (list->count != 1 || strcmp(only->key, "classes") != 0) {
            say(err, esize, "line %u, column %u: expected an array of classes or "
                "{\"classes\": [...]}", list->line, list->column);
            json_doc_free(&doc);
            return SEGKIT_ERR_CORRUPT;
        }
        list = only;
    }
    st = SEGKIT_OK;
    if (list->type != JSON_ARRAY) {
        say(err, esize, "line %u, column %u: expected an array of classes", list->line,
            list->column);
        st = SEGKIT_ERR_CORRUPT;
    } else if (list->count > SEGKIT_COLOR_CLASSES_MAX) {
        say(err, esize, "line %u, column %u: more than %d classes", list->line, list->column,
            SEGKIT_COLOR_CLASSES_MAX);
        st = SEGKIT_ERR_CORRUPT;
    }
    int k = 0, ids = 0;
    for (const json_node *o = st ? NULL : list->child; o; o = o->next, k++) {
        const json_node *at = o;
        char why[200];
        int have_id = 0;
        cls[k].id = k + 1;
        cls[k].de = segkit_delta_e_params_default();
        if (json_class(o, &cls[k], &have_id, &at, why, sizeof why) != 0) {
            say(err, esize, "line %u, column %u: class %d: %s", at->line, at->column, k + 1,
                why);
            st = SEGKIT_ERR_CORRUPT;
            break;
        }
        if (k && have_id != ids) {
            say(err, esize, "line %u, column %u: class %d: give every class an 'id' or none",
                o->line, o->column, k + 1);
            st = SEGKIT_ERR_CORRUPT;
            break;
        }
        ids = have_id;
        for (int j = 0; j < k; j++)
            if (cls[j].id == cls[k].id) {
                say(err, esize, "line %u, column %u: class %d: id %d is also class %d's",
                    o->line, o->column, k + 1, (int)cls[k].id, j + 1);
                st = SEGKIT_ERR_CORRUPT;
                break;
            }
        if (st)
            break;
    }
    json_doc_free(&doc);
    *count = k;
    return st;
}

/* ---------------------------------------------------------------- API */

int segkit_color_classes_parse(const char *text, size_t len, segkit_color_class_table *table,
                               char *err, size_t errsize)
{
    if (table)
        memset(table, 0, sizeof *table);
    if (err && errsize)
        err[0] = '\0';
    if (!table || (!text && len))
        return SEGKIT_ERR_ARG;
    segkit_color_class *cls = calloc(SEGKIT_COLOR_CLASSES_MAX, sizeof *cls);
    if (!cls)
        return SEGKIT_ERR_NOMEM;
    size_t i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    int n = 0, st;
    if (i < len && (text[i] == '[' || text[i] == '{')) {
        st = parse_json(text, len, cls, &n, err, errsize);
    } else if (memchr(text, '\0', len)) {
        say(err, errsize, "a NUL byte in the table");
        st = SEGKIT_ERR_CORRUPT;
    } else {
        char *copy = malloc(len + 1);
        if (!copy) {
            free(cls);
            return SEGKIT_ERR_NOMEM;
        }
        memcpy(copy, text, len);
        copy[len] = '\0';
        st = parse_csv(copy, cls, &n, err, errsize) ? SEGKIT_ERR_CORRUPT : SEGKIT_OK;
        free(copy);
    }
    if (st == SEGKIT_OK && n == 0) {
        say(err, errsize, "no classes");
        st = SEGKIT_ERR_CORRUPT;
    }
    if (st != SEGKIT_OK) {
        free(cls);
        return st;
    }
    table->classes = cls;
    table->count = n;
    return SEGKIT_OK;
}

void segkit_color_classes_free(segkit_color_class_table *table)
{
    if (!table)
        return;
    free(table->classes);
    memset(table, 0, sizeof *table);
}

int segkit_color_classes(const segkit_image *rgb, const segkit_color_class_table *t,
                         segkit_image *labels, int64_t *counts, int64_t *overlap)
{
    if (labels)
        memset(labels, 0, sizeof *labels);
    if (!rgb || !t || !labels || !t->classes || t->count < 1 ||
        t->count > SEGKIT_COLOR_CLASSES_MAX)
        return SEGKIT_ERR_ARG;
    if (rgb->channels < 3 || rgb->type == SEGKIT_I32)
        return SEGKIT_ERR_TYPE;
    for (int k = 0; k < t->count; k++)
        if (t->classes[k].id < 1)
            return SEGKIT_ERR_ARG;
    int st = segkit_image_create(labels, rgb->width, rgb->height, 1, SEGKIT_I32);
    if (st != SEGKIT_OK)
        return st;
    if (counts)
        memset(counts, 0, (size_t)(t->count + 1) * sizeof *counts);
    int64_t over = 0;
    segkit_image mask = {0};
    for (int k = 0; k < t->count && st == SEGKIT_OK; k++) {
        const segkit_color_class *c = &t->classes[k];
        st = c->near ? segkit_color_distance_mask(rgb, (const double(*)[3])c->ref_lab, c->nref,
                                                  &c->de, c->tol, &mask)
                     : segkit_color_range_mask(rgb, &c->ranges, &mask);
        for (int y = 0; st == SEGKIT_OK && y < rgb->height; y++) {
            const uint8_t *m = segkit_image_row(&mask, y);
            int32_t *l = segkit_image_row(labels, y);
            for (int x = 0; x < rgb->width; x++) {
                if (!m[x])
                    continue;
                if (!l[x]) {
                    l[x] = c->id;
                    if (counts)
                        counts[k + 1]++;
                } else if (l[x] > 0) {
                    over++;
                    l[x] = -l[x]; /* counted once; restored below */
                }
            }
        }
        segkit_image_free(&mask);
    }
    if (st != SEGKIT_OK) {
        segkit_image_free(labels);
        return st;
    }
    for (int y = 0; y < rgb->height; y++) {
        int32_t *l = segkit_image_row(labels, y);
        for (int x = 0; x < rgb->width; x++)
            if (l[x] < 0)
                l[x] = -l[x];
    }
    if (counts) {
        counts[0] = (int64_t)rgb->width * rgb->height;
        for (int k = 1; k <= t->count; k++)
            counts[0] -= counts[k];
    }
    if (overlap)
        *overlap = over;
    return SEGKIT_OK;
}
