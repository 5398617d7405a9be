/* Shared pieces of the metrics: parameters, argument checks, masks, dense
 * relabelling and contingency tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal/fg_mask.h"
#include "internal/names.h"
#include "metrics/metrics_internal.h"

segkit_metrics_params segkit_metrics_params_default(void)
{
    segkit_metrics_params p;
    memset(&p, 0, sizeof p);
    p.fg_pred.mode = SEGKIT_FG_NONZERO;
    p.fg_gt.mode = SEGKIT_FG_NONZERO;
    p.empty = SEGKIT_EMPTY_ERROR;
    p.has_ignore = 0;
    p.ignore_label = 0;
    p.background = 0;
    p.spacing_x = p.spacing_y = 1.0;
    p.percentile = 95.0;
    p.hd_mode = SEGKIT_HD95_POOLED;
    p.tolerance = 1.0;
    p.iou_threshold = 0.5;
    return p;
}

static const char *const policy_names[] = {"error", "skip", "best", "worst"};

int segkit_empty_policy_parse(const char *name)
{
    return name_index(policy_names, 4, name);
}

const char *segkit_empty_policy_name(segkit_empty_policy p)
{
    return (unsigned)p < 4 ? policy_names[p] : "?";
}

int segkit_fg_parse(const char *spec, segkit_fg *fg)
{
    if (!spec || !fg)
        return SEGKIT_ERR_ARG;
    if (strcmp(spec, "nonzero") == 0 || strcmp(spec, "zero") == 0) {
        fg->mode = spec[0] == 'n' ? SEGKIT_FG_NONZERO : SEGKIT_FG_ZERO;
        return SEGKIT_OK;
    }
    int above = spec[0] == '>';
    const char *num = spec + above;
    char *end;
    double v = strtod(num, &end);
    if (end == num || *end || isnan(v))
        return SEGKIT_ERR_ARG;
    fg->mode = above ? SEGKIT_FG_ABOVE : SEGKIT_FG_EQUAL;
    fg->value = v;
    return SEGKIT_OK;
}

void *mx_alloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    return malloc(bytes ? bytes : 1);
}

void *mx_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

int mx_pixels(const segkit_image *img, size_t *n)
{
    if (img->width <= 0 || img->height <= 0)
        return SEGKIT_ERR_ARG;
    if ((size_t)img->width > SIZE_MAX / (size_t)img->height)
        return SEGKIT_ERR_OVERFLOW;
    *n = (size_t)img->width * (size_t)img->height;
    return SEGKIT_OK;
}

int mx_check_pair(const segkit_image *a, const segkit_image *b)
{
    if (!a || !b || !a->data || !b->data)
        return SEGKIT_ERR_ARG;
    if ((unsigned)a->type >= SEGKIT_TYPE_COUNT || (unsigned)b->type >= SEGKIT_TYPE_COUNT)
        return SEGKIT_ERR_TYPE;
    if (a->channels != 1 || b->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(a, b))
        return SEGKIT_ERR_SIZE;
    size_t n;
    return mx_pixels(a, &n);
}

int mx_begin(const segkit_image *pred, const segkit_image *gt,
             const segkit_metrics_params *params, int labels, void *out,
             size_t size, segkit_metrics_params *p)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    if (size)
        memset(out, 0, size);
    *p = params ? *params : segkit_metrics_params_default();
    int st = mx_check_pair(pred, gt);
    if (st != SEGKIT_OK)
        return st;
    if (labels && (!mx_label_type_ok(pred) || !mx_label_type_ok(gt)))
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

int mx_masks(const segkit_image *pred, const segkit_image *gt,
             const segkit_metrics_params *p, uint8_t **a, uint8_t **b)
{
    *b = NULL;
    int st = fg_mask(pred, p->fg_pred, a);
    if (st == SEGKIT_OK && (st = fg_mask(gt, p->fg_gt, b)) != SEGKIT_OK) {
        free(*a);
        *a = NULL;
    }
    return st;
}

void mx_count2x2(const uint8_t *pred, const uint8_t *gt, size_t n, uint64_t c[4])
{
    /* masks are 0/1: count pred, gt and both, in blocks small enough for
     * 32-bit sums (which vectorise), and derive the four cells */
    uint64_t np = 0, ng = 0, nboth = 0;
    for (size_t i = 0; i < n;) {
        size_t end = n - i > 65536 ? i + 65536 : n;
        uint32_t sp = 0, sg = 0, sb = 0;
        for (; i < end; i++) {
            sp += pred[i];
            sg += gt[i];
            sb += (uint32_t)(pred[i] & gt[i]);
        }
        np += sp, ng += sg, nboth += sb;
    }
    c[3] = nboth;             /* TP */
    c[2] = np - nboth;        /* FP */
    c[1] = ng - nboth;        /* FN */
    c[0] = n - np - ng + nboth; /* TN */
}

int mx_label_type_ok(const segkit_image *img)
{
    return img->type == SEGKIT_U8 || img->type == SEGKIT_U16 ||
           img->type == SEGKIT_I32;
}

int64_t mx_label_at(const segkit_image *img, int x, int y)
{
    const unsigned char *row = segkit_image_row(img, y);
    switch (img->type) {
    case SEGKIT_U8: return row[x];
    case SEGKIT_U16: return ((const uint16_t *)(const void *)row)[x];
    default: return ((const int32_t *)(const void *)row)[x];
    }
}

int mx_label_mask(const segkit_image *img, int64_t value, uint8_t **out,
                  uint64_t *count)
{
    *out = NULL;
    if (!mx_label_type_ok(img))
        return SEGKIT_ERR_TYPE;
    size_t n;
    int st = mx_pixels(img, &n);
    if (st != SEGKIT_OK)
        return st;
    uint8_t *m = mx_alloc(n, 1);
    if (!m)
        return SEGKIT_ERR_NOMEM;
    uint64_t k = 0;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            int on = mx_label_at(img, x, y) == value;
            m[(size_t)y * (size_t)img->width + (size_t)x] = (uint8_t)on;
            k += (uint64_t)on;
        }
    if (count)
        *count = k;
    *out = m;
    return SEGKIT_OK;
}

uint32_t mx_find(const int64_t *vals, uint32_t n, int64_t v)
{
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (vals[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int mx_relabel(const segkit_image *img, const uint8_t *skip, uint32_t **idx_out,
               int64_t **values_out, uint32_t *n_out)
{
    *idx_out = NULL;
    *values_out = NULL;
    *n_out = 0;
    if (!mx_label_type_ok(img))
        return SEGKIT_ERR_TYPE;
    size_t npix;
    int st = mx_pixels(img, &npix);
    if (st != SEGKIT_OK)
        return st;
    uint32_t *idx = mx_alloc(npix, sizeof *idx);
    if (!idx)
        return SEGKIT_ERR_NOMEM;
    int w = img->width, h = img->height;
    int64_t *values = NULL;
    uint32_t n = 0;
    if (img->type != SEGKIT_I32) {
        /* direct table over the 2^16 possible values */
        uint32_t *table = mx_calloc(65536, sizeof *table);
        if (!table) {
            free(idx);
            return SEGKIT_ERR_NOMEM;
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                if (!skip || !skip[i])
                    table[mx_label_at(img, x, y)] = 1;
            }
        for (uint32_t v = 0; v < 65536; v++)
            if (table[v])
                n++;
        values = mx_alloc(n, sizeof *values);
        if (!values) {
            free(table);
            free(idx);
            return SEGKIT_ERR_NOMEM;
        }
        n = 0;
        for (uint32_t v = 0; v < 65536; v++)
            if (table[v]) {
                values[n] = v;
                table[v] = n++;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                idx[i] = (skip && skip[i]) ? MX_SKIP
                                           : table[mx_label_at(img, x, y)];
            }
        free(table);
    } else {
        /* sort a copy, unique, then binary search each pixel */
        int64_t *all = mx_alloc(npix, sizeof *all);
        if (!all) {
            free(idx);
            return SEGKIT_ERR_NOMEM;
        }
        size_t k = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                if (!skip || !skip[i])
                    all[k++] = mx_label_at(img, x, y);
            }
        qsort(all, k, sizeof *all, cmp_i64);
        size_t u = 0;
        for (size_t i = 0; i < k; i++)
            if (u == 0 || all[u - 1] != all[i])
                all[u++] = all[i];
        if (u >= MX_SKIP) {
            free(all);
            free(idx);
            return SEGKIT_ERR_CLASS_LIMIT;
        }
        n = (uint32_t)u;
        values = all; /* shrinking realloc is optional */
        int64_t prev = 0;
        uint32_t prev_i = 0;
        int have_prev = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                if (skip && skip[i]) {
                    idx[i] = MX_SKIP;
                    continue;
                }
                int64_t v = mx_label_at(img, x, y);
                if (!have_prev || v != prev) {
                    prev = v;
                    prev_i = mx_find(values, n, v);
                    have_prev = 1;
                }
                idx[i] = prev_i;
            }
    }
    *idx_out = idx;
    *values_out = values;
    *n_out = n;
    return SEGKIT_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int mx_contingency(const uint32_t *a, uint32_t na, const uint32_t *b,
                   uint32_t nb, size_t npix, mx_cell **cells_out, size_t *ncells)
{
    *cells_out = NULL;
    *ncells = 0;
    size_t count = 0;
    mx_cell *cells = NULL;
    if ((uint64_t)na * nb <= ((uint64_t)1 << 22)) {
        size_t cells_n = (size_t)na * nb;
        uint64_t *t = mx_calloc(cells_n, sizeof *t);
        if (!t)
            return SEGKIT_ERR_NOMEM;
        for (size_t i = 0; i < npix; i++)
            if (a[i] != MX_SKIP && b[i] != MX_SKIP)
                t[(size_t)a[i] * nb + b[i]]++;
        for (size_t i = 0; i < cells_n; i++)
            count += t[i] != 0;
        cells = mx_alloc(count, sizeof *cells);
        if (!cells) {
            free(t);
            return SEGKIT_ERR_NOMEM;
        }
        size_t k = 0;
        for (size_t i = 0; i < cells_n; i++)
            if (t[i]) {
                cells[k].a = (uint32_t)(i / nb);
                cells[k].b = (uint32_t)(i % nb);
                cells[k++].count = t[i];
            }
        free(t);
    } else {
        uint64_t *keys = mx_alloc(npix, sizeof *keys);
        if (!keys)
            return SEGKIT_ERR_NOMEM;
        size_t k = 0;
        for (size_t i = 0; i < npix; i++)
            if (a[i] != MX_SKIP && b[i] != MX_SKIP)
                keys[k++] = ((uint64_t)a[i] << 32) | b[i];
        qsort(keys, k, sizeof *keys, cmp_u64);
        for (size_t i = 0; i < k; i++)
            count += i == 0 || keys[i] != keys[i - 1];
        cells = mx_alloc(count, sizeof *cells);
        if (!cells) {
            free(keys);
            return SEGKIT_ERR_NOMEM;
        }
        size_t c = 0;
        for (size_t i = 0; i < k; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                cells[c].a = (uint32_t)(keys[i] >> 32);
                cells[c].b = (uint32_t)keys[i];
                cells[c++].count = 0;
            }
            cells[c - 1].count++;
        }
        free(keys);
    }
    *cells_out = cells;
    *ncells = count;
    return SEGKIT_OK;
}

double mx_ratio(double num, double den, segkit_empty_policy policy,
                double best, double worst, int *st)
{
    if (den != 0)
        return num / den;
    if (num != 0)   /* x/0 with x != 0 does not happen for our ratios */
        return worst;
    switch (policy) {
    case SEGKIT_EMPTY_SKIP: return NAN;
    case SEGKIT_EMPTY_BEST: return best;
    case SEGKIT_EMPTY_WORST: return worst;
    default:
        if (st)
            *st = SEGKIT_ERR_EMPTY;
        return NAN;
    }
}
