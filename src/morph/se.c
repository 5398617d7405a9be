/* Structuring elements: parsing, footprints, horizontal runs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "morph/morph_internal.h"

#define SE_MAX_SIDE 4095
#define SE_MAX_RADIUS 2047

static int parse_int(const char *s, char **end, int lo, int hi, int *v)
{
    if (*s < '0' || *s > '9')
        return 0;
    long x = strtol(s, end, 10);
    if (x < lo || x > hi)
        return 0;
    *v = (int)x;
    return 1;
}

int segkit_se_parse(const char *spec, segkit_se *se)
{
    if (!spec || !se)
        return SEGKIT_ERR_ARG;
    segkit_se s = {0};
    const char *colon = strchr(spec, ':');
    if (!colon)
        return SEGKIT_ERR_ARG;
    size_t n = (size_t)(colon - spec);
    const char *a = colon + 1;
    char *end = NULL;
    int ok = 0;
    if (n == 6 && strncmp(spec, "square", n) == 0) {
        s.shape = SEGKIT_SE_RECT;
        ok = parse_int(a, &end, 1, SE_MAX_SIDE, &s.width);
        s.height = s.width;
    } else if (n == 4 && strncmp(spec, "rect", n) == 0) {
        s.shape = SEGKIT_SE_RECT;
        ok = parse_int(a, &end, 1, SE_MAX_SIDE, &s.width) && *end == 'x' &&
             parse_int(end + 1, &end, 1, SE_MAX_SIDE, &s.height);
    } else if ((n == 5 && strncmp(spec, "cross", n) == 0) ||
               (n == 7 && strncmp(spec, "diamond", n) == 0) ||
               (n == 4 && strncmp(spec, "disk", n) == 0)) {
        s.shape = spec[0] == 'c' ? SEGKIT_SE_CROSS : spec[1] == 'i' && spec[2] == 'a'
                                                         ? SEGKIT_SE_DIAMOND
                                                         : SEGKIT_SE_DISK;
        ok = parse_int(a, &end, 0, SE_MAX_RADIUS, &s.radius);
    } else if (n == 4 && strncmp(spec, "line", n) == 0) {
        s.shape = SEGKIT_SE_LINE;
        ok = parse_int(a, &end, 1, SE_MAX_SIDE, &s.length) && *end == ',';
        if (ok) {
            const char *b = end + 1;
            s.angle = strtod(b, &end);
            ok = end != b && isfinite(s.angle);
        }
    }
    if (!ok || *end != '\0')
        return SEGKIT_ERR_ARG;
    *se = s;
    return SEGKIT_OK;
}

/* Side lengths of the footprint's box; 0 if se is invalid. */
static void se_box(const segkit_se *se, int *w, int *h)
{
    *w = *h = 0;
    switch (se->shape) {
    case SEGKIT_SE_RECT:
        if (se->width >= 1 && se->width <= SE_MAX_SIDE && se->height >= 1 &&
            se->height <= SE_MAX_SIDE)
            *w = se->width, *h = se->height;
        break;
    case SEGKIT_SE_CROSS:
    case SEGKIT_SE_DIAMOND:
    case SEGKIT_SE_DISK:
        if (se->radius >= 0 && se->radius <= SE_MAX_RADIUS)
            *w = *h = 2 * se->radius + 1;
        break;
    case SEGKIT_SE_LINE:
        if (se->length >= 1 && se->length <= SE_MAX_SIDE && isfinite(se->angle))
            *w = *h = 2 * (se->length / 2) + 1;
        break;
    default:
        break;
    }
}

/* Fills fp (w*h bytes, zeroed) with the footprint. */
static void se_fill(const segkit_se *se, uint8_t *fp, int w, int h)
{
    int cx = w / 2, cy = h / 2;
    if (se->shape == SEGKIT_SE_LINE) {
        double t = se->angle * (3.14159265358979323846 / 180.0);
        double c = cos(t), s = sin(t), m = fmax(fabs(c), fabs(s));
        int half = se->length / 2;
        for (int k = -half; k <= half; k++) {
            int dx = (int)lround(k * c / m), dy = -(int)lround(k * s / m);
            fp[(size_t)(cy + dy) * w + cx + dx] = 1;
        }
        return;
    }
    long r = se->radius;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            long dx = x - cx, dy = y - cy;
            int on = 1;
            if (se->shape == SEGKIT_SE_CROSS)
                on = dx == 0 || dy == 0;
            else if (se->shape == SEGKIT_SE_DIAMOND)
                on = labs(dx) + labs(dy) <= r;
            else if (se->shape == SEGKIT_SE_DISK)
                on = dx * dx + dy * dy <= r * r;
            fp[(size_t)y * w + x] = (uint8_t)on;
        }
}

int segkit_se_footprint(const segkit_se *se, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    int w, h;
    if (!se || (se_box(se, &w, &h), w == 0))
        return SEGKIT_ERR_ARG;
    int st = segkit_image_create(out, w, h, 1, SEGKIT_U8);
    if (st == SEGKIT_OK)
        se_fill(se, out->data, w, h);
    return st;
}

int morph_se_runs(const segkit_se *se, int reflect, morph_runs *runs)
{
    memset(runs, 0, sizeof *runs);
    int w, h;
    if (!se || (se_box(se, &w, &h), w == 0))
        return SEGKIT_ERR_ARG;
    uint8_t *fp = calloc((size_t)w * h, 1);
    /* at most ceil(w / 2) runs per row */
    morph_run *r = malloc((size_t)h * (w / 2 + 1) * sizeof *r);
    if (!fp || !r) {
        free(fp), free(r);
        return SEGKIT_ERR_NOMEM;
    }
    se_fill(se, fp, w, h);
    int cx = w / 2, cy = h / 2, n = 0;
    for (int yy = 0; yy < h; yy++) {
        /* reflected: rows bottom-up, runs right to left, offsets negated */
        int y = reflect ? h - 1 - yy : yy;
        const uint8_t *row = fp + (size_t)y * w;
        int start = n;
        for (int x = 0; x < w;) {
            if (!row[x]) {
                x++;
                continue;
            }
            int x1 = x;
            while (x1 < w && row[x1])
                x1++;
            morph_run m = {y - cy, x - cx, x1 - x};
            if (reflect)
                m = (morph_run){cy - y, cx - (x1 - 1), x1 - x};
            r[n++] = m;
            x = x1;
        }
        if (reflect)   /* keep x0 ascending within the row */
            for (int i = start, j = n - 1; i < j; i++, j--) {
                morph_run t = r[i];
                r[i] = r[j];
                r[j] = t;
            }
    }
    free(fp);
    runs->run = r;
    runs->n = n;
    runs->dymin = runs->dymax = 0;
    runs->xmin = runs->xmax = 0;
    for (int i = 0; i < n; i++) {
        runs->dymin = r[i].dy < runs->dymin ? r[i].dy : runs->dymin;
        runs->dymax = r[i].dy > runs->dymax ? r[i].dy : runs->dymax;
        runs->xmin = r[i].x0 < runs->xmin ? r[i].x0 : runs->xmin;
        int e = r[i].x0 + r[i].len - 1;
        runs->xmax = e > runs->xmax ? e : runs->xmax;
    }
    return SEGKIT_OK;
}
