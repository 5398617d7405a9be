/* Erosion and dilation by any structuring element, and what is made of
 * them (open, close, top-hats, gradient).
 *
 * The element is cut into horizontal runs (morph_se_runs).  Each input row
 * is padded with the operation's neutral value (pixels outside the image do
 * not count) and its running min/max over every run length L the element
 * has is computed by doubling: H_2k[i] = op(H_k[i], H_k[i + k]) and
 * H_L[i] = op(H_k[i], H_k[i + L - k]) for k <= L <= 2k, each a whole-row
 * vector operation.  A run (dy, x0, L) adds H_L shifted by x0 to output row
 * y - dy, kept in a ring of accumulators as the input rows stream past; an
 * output row is written as soon as its last input row has been seen.  The
 * inner loops are two plain element-wise loops per type (op3, op2), built
 * twice, for the baseline and for AVX2, and chosen at run time. */
#include <stdlib.h>
#include <string.h>

#include "internal/names.h"
#include "morph/morph_internal.h"

typedef void (*op3_fn)(void *d, const void *a, const void *b, size_t n);
typedef void (*op2_fn)(void *d, const void *b, size_t n);
typedef void (*op4_fn)(void *d, const void *a, const void *b, size_t n);
typedef void (*op6_fn)(void *d, const void *a, const void *b, const void *c,
                       const void *e, size_t n);
typedef void (*op5_fn)(void *d, const void *const *src, size_t n);

typedef struct kernel {
    size_t size;
    op3_fn op3;   /* d = op(a, b) */
    op2_fn op2;   /* d = op(d, b) */
    op4_fn op4;   /* d = op(d, op(a, b)) */
    op6_fn op6;   /* d = op(d, op(op(a, b), op(c, e))) */
    op5_fn op5;   /* d = op of src[0..4] */
    uint8_t neutral[4];
} kernel;

#define MIN_OP(a, b) ((b) < (a) ? (b) : (a))
#define MAX_OP(a, b) ((b) > (a) ? (b) : (a))

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define MORPH_AVX2 1
#define TARGET_AVX2 __attribute__((target("avx2")))
#define TARGET_AVX512 __attribute__((target("avx2,avx512f,avx512bw,prefer-vector-width=512")))
#else
#define MORPH_AVX2 0
#define TARGET_AVX2
#define TARGET_AVX512
#endif

/* The element-wise loops of one type and operation; WRAP makes the
 * callable functions of one instruction set (suffix SFX, attribute TGT). */
#define DEFINE_BODIES(NAME, T, OP)                                                \
    static inline __attribute__((always_inline)) void NAME##_op3_body(            \
        T *restrict d, const T *restrict a, const T *restrict b, size_t n)        \
    {                                                                             \
        for (size_t i = 0; i < n; i++)                                            \
            d[i] = OP(a[i], b[i]);                                                \
    }                                                                             \
    static inline __attribute__((always_inline)) void NAME##_op2_body(            \
        T *restrict d, const T *restrict b, size_t n)                             \
    {                                                                             \
        for (size_t i = 0; i < n; i++)                                            \
            d[i] = OP(d[i], b[i]);                                                \
    }                                                                             \
    static inline __attribute__((always_inline)) void NAME##_op4_body(            \
        T *restrict d, const T *restrict a, const T *restrict b, size_t n)        \
    {                                                                             \
        for (size_t i = 0; i < n; i++)                                            \
            d[i] = OP(d[i], OP(a[i], b[i]));                                      \
    }                                                                             \
    static inline __attribute__((always_inline)) void NAME##_op6_body(            \
        T *restrict d, const T *restrict a, const T *restrict b,                  \
        const T *restrict c, const T *restrict e, size_t n)                       \
    {                                                                             \
        for (size_t i = 0; i < n; i++)                                            \
            d[i] = OP(d[i], OP(OP(a[i], b[i]), OP(c[i], e[i])));                  \
    }                                                                             \
    static inline __attribute__((always_inline)) void NAME##_op5_body(            \
        T *restrict d, const void *const *src, size_t n)                          \
    {                                                                             \
        const T *restrict a = src[0], *restrict b = src[1], *restrict c = src[2]; \
        const T *restrict e = src[3], *restrict f = src[4];                       \
        for (size_t i = 0; i < n; i++)                                            \
            d[i] = OP(OP(OP(a[i], b[i]), OP(c[i], e[i])), f[i]);                   \
    }

#define WRAP(NAME, SFX, TGT)                                                      \
    TGT static void NAME##_op3##SFX(void *d, const void *a, const void *b, size_t n) \
    {                                                                             \
        NAME##_op3_body(d, a, b, n);                                              \
    }                                                                             \
    TGT static void NAME##_op2##SFX(void *d, const void *b, size_t n)             \
    {                                                                             \
        NAME##_op2_body(d, b, n);                                                 \
    }                                                                             \
    TGT static void NAME##_op4##SFX(void *d, const void *a, const void *b, size_t n) \
    {                                                                             \
        NAME##_op4_body(d, a, b, n);                                              \
    }                                                                             \
    TGT static void NAME##_op6##SFX(void *d, const void *a, const void *b,        \
                                    const void *c, const void *e, size_t n)       \
    {                                                                             \
        NAME##_op6_body(d, a, b, c, e, n);                                        \
    }                                                                             \
    TGT static void NAME##_op5##SFX(void *d, const void *const *src, size_t n)    \
    {                                                                             \
        NAME##_op5_body(d, src, n);                                               \
    }

#define DEFINE_OPS(NAME, T, OP)                                                   \
    DEFINE_BODIES(NAME, T, OP)                                                    \
    WRAP(NAME, , )                                                                \
    WRAP(NAME, _avx2, TARGET_AVX2)                                                \
    WRAP(NAME, _avx512, TARGET_AVX512)

DEFINE_OPS(min_u8, uint8_t, MIN_OP)
DEFINE_OPS(max_u8, uint8_t, MAX_OP)
DEFINE_OPS(min_u16, uint16_t, MIN_OP)
DEFINE_OPS(max_u16, uint16_t, MAX_OP)
DEFINE_OPS(min_f32, float, MIN_OP)
DEFINE_OPS(max_f32, float, MAX_OP)

/* 2: AVX-512 (F, BW), 1: AVX2, 0: the baseline */
static int cpu_level(void)
{
#if MORPH_AVX2
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
        return 2;
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

/* The kernel of a type and operation (dilate: max). */
static kernel get_kernel(segkit_type t, int dilate)
{
    kernel k;
    int level = cpu_level();
    memset(&k, 0, sizeof k);
#define PICK(NAME)                                            \
    do {                                                      \
        k.op3 = level == 2 ? NAME##_op3_avx512 : level ? NAME##_op3_avx2 : NAME##_op3;          \
        k.op2 = level == 2 ? NAME##_op2_avx512 : level ? NAME##_op2_avx2 : NAME##_op2;          \
        k.op4 = level == 2 ? NAME##_op4_avx512 : level ? NAME##_op4_avx2 : NAME##_op4;          \
        k.op6 = level == 2 ? NAME##_op6_avx512 : level ? NAME##_op6_avx2 : NAME##_op6;          \
        k.op5 = level == 2 ? NAME##_op5_avx512 : level ? NAME##_op5_avx2 : NAME##_op5;          \
    } while (0)
    if (t == SEGKIT_U8) {
        k.size = 1;
        k.neutral[0] = dilate ? 0 : 0xff;
        if (dilate)
            PICK(max_u8);
        else
            PICK(min_u8);
    } else if (t == SEGKIT_U16) {
        k.size = 2;
        uint16_t v = dilate ? 0 : 0xffff;
        memcpy(k.neutral, &v, 2);
        if (dilate)
            PICK(max_u16);
        else
            PICK(min_u16);
    } else {
        k.size = 4;
        float v = dilate ? -__builtin_inff() : __builtin_inff();
        memcpy(k.neutral, &v, 4);
        if (dilate)
            PICK(max_f32);
        else
            PICK(min_f32);
    }
#undef PICK
    return k;
}

int morph_check(const segkit_image *img)
{
    if (!img || !img->data)
        return SEGKIT_ERR_ARG;
    if (img->channels != 1 ||
        (img->type != SEGKIT_U8 && img->type != SEGKIT_U16 && img->type != SEGKIT_F32))
        return SEGKIT_ERR_TYPE;
    return SEGKIT_OK;
}

int morph_begin(const segkit_image *in, int connectivity, segkit_image *out)
{
    if (!out)
        return SEGKIT_ERR_ARG;
    memset(out, 0, sizeof *out);
    int st = morph_check(in);
    if (st == SEGKIT_OK && connectivity != 0 && connectivity != 4 && connectivity != 8)
        st = SEGKIT_ERR_ARG;
    return st;
}

static void fill(uint8_t *d, const uint8_t *v, size_t size, size_t n)
{
    if (size == 1) {
        memset(d, v[0], n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(d + i * size, v, size);
}

/* One step of the length plan: make buffer `to` = running op over length
 * `len` from buffer `from` (length `flen`, flen < len <= 2 flen). */
typedef struct step {
    int from, to, len, shift;
} step;

/* out = erosion (kernel min) or dilation (max) of in by the runs.  Input
 * rows are taken MORPH_GROUP at a time, so that an output row takes the
 * contributions of four of them in one pass (op6). */
#define MORPH_GROUP 4
static int run_rows(const segkit_image *in, segkit_image *out, const morph_runs *R,
                    const kernel *k)
{
    int w = in->width, h = in->height;
    size_t es = k->size;
    int padl = -R->xmin, padr = R->xmax;
    size_t pw = (size_t)w + padl + padr;
    int nrows = R->dymax - R->dymin + 1, nacc = nrows + MORPH_GROUP;
    /* distinct lengths, ascending; the plan that makes them */
    int *lens = malloc((size_t)R->n * sizeof *lens), nl = 0;
    int *lenbuf = malloc((size_t)R->n * sizeof *lenbuf);  /* buffer of run i */
    int *first = malloc(((size_t)nrows + 1) * sizeof *first);
    step *plan = malloc((size_t)(R->n + 1) * 32 * sizeof *plan);
    uint8_t *acc = malloc((size_t)nacc * w * es);
    int *buf_of_len = malloc((size_t)R->n * sizeof *buf_of_len);
    uint8_t *bufs = NULL;
    const uint8_t **src = NULL;
    int st = SEGKIT_ERR_NOMEM;
    if (!lens || !lenbuf || !first || !plan || !acc || !buf_of_len)
        goto done;
    for (int i = 0; i < R->n; i++) {
        int L = R->run[i].len, j = 0;
        while (j < nl && lens[j] < L)
            j++;
        if (j < nl && lens[j] == L)
            continue;
        memmove(lens + j + 1, lens + j, (size_t)(nl - j) * sizeof *lens);
        lens[j] = L;
        nl++;
    }
    /* buffers: 0 = the padded row (length 1), then one per step */
    int nsteps = 0, nbuf = 1, cur = 0, curlen = 1;
    for (int j = 0; j < nl; j++) {
        int L = lens[j];
        while (L > 2 * curlen) {
            plan[nsteps++] = (step){cur, nbuf, 2 * curlen, curlen};
            cur = nbuf++;
            curlen *= 2;
        }
        if (L != curlen) {
            plan[nsteps++] = (step){cur, nbuf, L, L - curlen};
            cur = nbuf++;
            curlen = L;
        }
        buf_of_len[j] = cur;
    }
    for (int i = 0; i < R->n; i++) {
        int j = 0;
        while (lens[j] != R->run[i].len)
            j++;
        lenbuf[i] = buf_of_len[j];
    }
    /* runs of row dymin + t: run[first[t] .. first[t + 1]) (sorted by dy) */
    for (int t = 0, i = 0; t <= nrows; t++) {
        while (i < R->n && R->run[i].dy < R->dymin + t)
            i++;
        first[t] = i;
    }
    src = malloc((size_t)MORPH_GROUP * R->n * sizeof *src);
    if (!src || !(bufs = malloc(MORPH_GROUP * (size_t)nbuf * pw * es)))
        goto done;
#define BUF(set, b) (bufs + ((size_t)(set) * nbuf + (size_t)(b)) * pw * es)
#define ACC(y) (acc + (size_t)((y) % nacc) * w * es)
#define SRC(set, i) (BUF(set, lenbuf[i]) + (size_t)(R->run[i].x0 + padl) * es)
    /* rows y whose first input row is row 0 start now; row y starts when
     * input row y + dymin arrives */
    for (int y = 0; y < h && y + R->dymin < 0; y++)
        fill(ACC(y), k->neutral, es, (size_t)w);
    for (int yi = 0; yi < h; yi += MORPH_GROUP) {
        int g = h - yi < MORPH_GROUP ? h - yi : MORPH_GROUP;
        for (int set = 0; set < g; set++) {
            int ys = yi + set - R->dymin;
            if (ys < h)
                fill(ACC(ys), k->neutral, es, (size_t)w);
            uint8_t *P = BUF(set, 0);
            fill(P, k->neutral, es, (size_t)padl);
            memcpy(P + (size_t)padl * es, segkit_image_row(in, yi + set), (size_t)w * es);
            fill(P + ((size_t)padl + w) * es, k->neutral, es, (size_t)padr);
            for (int s = 0; s < nsteps; s++) {
                const step *sp = &plan[s];
                size_t n = pw - (size_t)sp->len + 1;
                k->op3(BUF(set, sp->to), BUF(set, sp->from),
                       BUF(set, sp->from) + (size_t)sp->shift * es, n);
            }
        }
        int ylo = yi - R->dymax, yhi = yi + g - 1 - R->dymin;
        for (int y = ylo < 0 ? 0 : ylo; y <= yhi && y < h; y++) {
            /* row yi + set contributes the runs of dy = yi + set - y */
            int ns = 0;
            for (int set = 0; set < g; set++) {
                int t = yi + set - y - R->dymin;
                if (t < 0 || t >= nrows)
                    continue;
                for (int i = first[t]; i < first[t + 1]; i++)
                    src[ns++] = SRC(set, i);
            }
            uint8_t *d = ACC(y);
            int i = 0;
            for (; i + 4 <= ns; i += 4)
                k->op6(d, src[i], src[i + 1], src[i + 2], src[i + 3], (size_t)w);
            for (; i + 2 <= ns; i += 2)
                k->op4(d, src[i], src[i + 1], (size_t)w);
            for (; i < ns; i++)
                k->op2(d, src[i], (size_t)w);
        }
        for (int set = 0; set < g; set++) {
            int y = yi + set - R->dymax;
            if (y >= 0)
                memcpy(segkit_image_row(out, y), ACC(y), (size_t)w * es);
        }
    }
    for (int y = h - R->dymax < 0 ? 0 : h - R->dymax; y < h; y++)
        memcpy(segkit_image_row(out, y), ACC(y), (size_t)w * es);
#undef BUF
#undef ACC
#undef SRC
    st = SEGKIT_OK;
done:
    free(lens), free(lenbuf), free(first), free(plan), free(acc), free(buf_of_len);
    free(bufs), free(src);
    return st;
}

/* A rectangle: the vertical pass first, by doubling over rows (level k
 * holds the min/max of 2^k rows, in a ring of 2^k + 1 rows; a window of
 * len rows is two level-floor(log2 len) rows), into the middle of the
 * padded row; then the horizontal doubling, whose last step writes the
 * output row.  O(log W + log H) vector operations per pixel. */
static int rect_rows(const segkit_image *in, segkit_image *out, const morph_runs *R,
                     const kernel *k)
{
    int w = in->width, h = in->height;
    size_t es = k->size;
    int W = R->run[0].len, x0 = R->run[0].x0;
    int padl = -R->xmin, padr = R->xmax;
    size_t pw = (size_t)w + padl + padr;
    int H = R->dymax - R->dymin + 1, K = 0;
    while (H > 5 && (2 << K) <= H)
        K++;
    /* horizontal plan: buffers 0 (the padded row) .. nbuf-1 */
    step plan[64];
    int nsteps = 0, cur = 0, curlen = 1;
    while (W > 2 * curlen) {
        plan[nsteps++] = (step){cur, cur + 1, 2 * curlen, curlen};
        cur++;
        curlen *= 2;
    }
    if (W != curlen)
        plan[nsteps++] = (step){cur, cur + 1, W, W - curlen};
    int nbuf = nsteps + 1;
    size_t ring_rows = 0;
    for (int j = 1; j <= K; j++)
        ring_rows += ((size_t)1 << j) + 1;
    uint8_t *bufs = malloc((size_t)nbuf * pw * es);
    uint8_t *ring = malloc((ring_rows ? ring_rows : 1) * (size_t)w * es);
    if (!bufs || !ring) {
        free(bufs), free(ring);
        return SEGKIT_ERR_NOMEM;
    }
    size_t base[32] = {0};   /* first ring row of level j */
    for (int j = 2; j <= K; j++)
        base[j] = base[j - 1] + ((size_t)1 << (j - 1)) + 1;
#define BUF(b) (bufs + (size_t)(b) * pw * es)
    /* row y of level j (j = 0: the image) */
#define LEVEL(j, y)                                                                     \
    ((j) == 0 ? (uint8_t *)segkit_image_row(in, (y))                                   \
              : ring + (base[j] + (size_t)(y) % (((size_t)1 << (j)) + 1)) * (size_t)w * es)
    /* in place with H <= 5: the last rows are read from copies (a ring of
     * 6), since the output overwrites them before the window leaves them;
     * the levels (H > 5) read image rows yi - 1 and yi only, which the
     * output reaches later when dymax >= 1 (inplace_ok) */
    uint8_t *copy = NULL;
    if (H <= 5 && in->data == out->data && !(copy = malloc(6 * (size_t)w * es))) {
        free(bufs), free(ring);
        return SEGKIT_ERR_NOMEM;
    }
    uint8_t *P = BUF(0), *V = P + (size_t)padl * es;
    fill(P, k->neutral, es, (size_t)padl);
    fill(P + ((size_t)padl + w) * es, k->neutral, es, (size_t)padr);
    size_t off = (size_t)(x0 + padl) * es;
    for (int yi = 0; yi < h; yi++) {
        if (copy)
            memcpy(copy + (size_t)(yi % 6) * w * es, segkit_image_row(in, yi), (size_t)w * es);
        for (int j = 1; j <= K; j++) {
            int y = yi - (1 << j) + 1;
            if (y >= 0)
                k->op3(LEVEL(j, y), LEVEL(j - 1, y), LEVEL(j - 1, y + (1 << (j - 1))),
                       (size_t)w);
        }
        int y0 = yi - R->dymax, y1 = yi < h - 1 ? y0 : h - 1;
        for (int y = y0 < 0 ? 0 : y0; y <= y1; y++) {
            int lo = y + R->dymin < 0 ? 0 : y + R->dymin;
            int hi = y + R->dymax > h - 1 ? h - 1 : y + R->dymax;
            int len = hi - lo + 1, j = 0;
            if (H <= 5) {
                /* up to 5 rows in one pass */
                const void *src[5];
                for (int r = 0; r < 5; r++) {
                    int row = lo + (r < len ? r : len - 1);
                    src[r] = copy ? copy + (size_t)(row % 6) * w * es
                                  : (const uint8_t *)segkit_image_row(in, row);
                }
                k->op5(V, src, (size_t)w);
            } else {
                while ((2 << j) <= len)
                    j++;
                k->op3(V, LEVEL(j, lo), LEVEL(j, hi - (1 << j) + 1), (size_t)w);
            }
            uint8_t *o = segkit_image_row(out, y);
            if (W > 1 && W <= 5) {
                /* up to 5 columns in one pass */
                const void *src[5];
                for (int r = 0; r < 5; r++)
                    src[r] = P + off + (size_t)(r < W ? r : W - 1) * es;
                k->op5(o, src, (size_t)w);
                continue;
            }
            for (int s = 0; s + 1 < nsteps; s++) {
                const step *st = &plan[s];
                k->op3(BUF(st->to), BUF(st->from), BUF(st->from) + (size_t)st->shift * es,
                       pw - (size_t)st->len + 1);
            }
            if (nsteps == 0)
                memcpy(o, V, (size_t)w * es);
            else
                k->op3(o, BUF(plan[nsteps - 1].from) + off,
                       BUF(plan[nsteps - 1].from) + off + (size_t)plan[nsteps - 1].shift * es,
                       (size_t)w);
        }
    }
#undef BUF
#undef LEVEL
    free(bufs), free(ring), free(copy);
    return SEGKIT_OK;
}

/* 1 if the runs are one rectangle: one identical run on every row. */
static int is_rect(const morph_runs *R)
{
    if (R->n != R->dymax - R->dymin + 1)
        return 0;
    for (int i = 0; i < R->n; i++)
        if (R->run[i].dy != R->dymin + i || R->run[i].x0 != R->run[0].x0 ||
            R->run[i].len != R->run[0].len)
            return 0;
    return 1;
}

/* Erosion (dilate = 0) or dilation of in into out.  out may be in itself
 * (in place) when *inplace says it may: the run path reads each input row
 * before it writes any row at or above it; the rectangle path reads image
 * rows yi - 1 and yi at step yi, so it needs dymax >= 1 (or one row). */
static int erode_dilate(const segkit_image *in, const segkit_se *se, int dilate,
                        segkit_image *out)
{
    morph_runs R;
    int st = morph_se_runs(se, dilate, &R);
    if (st != SEGKIT_OK)
        return st;
    kernel k = get_kernel(in->type, dilate);
    st = is_rect(&R) ? rect_rows(in, out, &R, &k) : run_rows(in, out, &R, &k);
    free(R.run);
    return st;
}

/* 1 if erode_dilate(img, se, dilate, img) is safe. */
static int inplace_ok(const segkit_se *se, int dilate)
{
    morph_runs R;
    if (morph_se_runs(se, dilate, &R) != SEGKIT_OK)
        return 0;
    /* the rectangle path: see rect_rows */
    int H = R.dymax - R.dymin + 1;
    int ok = !is_rect(&R) || H <= 5 || R.dymax >= 1;
    free(R.run);
    return ok;
}

static const char *const op_names[SEGKIT_MORPH_OP_COUNT] = {
    "erode", "dilate", "open", "close", "tophat", "blackhat", "gradient"};

const char *segkit_morph_op_name(segkit_morph_op op)
{
    return (unsigned)op < SEGKIT_MORPH_OP_COUNT ? op_names[op] : "?";
}

int segkit_morph_op_parse(const char *name, segkit_morph_op *op)
{
    int i = name_index(op_names, SEGKIT_MORPH_OP_COUNT, name);
    if (i < 0 || !op)
        return SEGKIT_ERR_ARG;
    *op = (segkit_morph_op)i;
    return SEGKIT_OK;
}

/* d = a - b, elementwise (a >= b wherever it is used here). */
static void subtract(const segkit_image *a, const segkit_image *b, segkit_image *d)
{
    for (int y = 0; y < a->height; y++) {
        const void *ra = segkit_image_row(a, y), *rb = segkit_image_row(b, y);
        void *rd = segkit_image_row(d, y);
        for (int x = 0; x < a->width; x++) {
            if (a->type == SEGKIT_U8)
                ((uint8_t *)rd)[x] = (uint8_t)(((const uint8_t *)ra)[x] - ((const uint8_t *)rb)[x]);
            else if (a->type == SEGKIT_U16)
                ((uint16_t *)rd)[x] =
                    (uint16_t)(((const uint16_t *)ra)[x] - ((const uint16_t *)rb)[x]);
            else
                ((float *)rd)[x] = ((const float *)ra)[x] - ((const float *)rb)[x];
        }
    }
}

int segkit_morph_to(const segkit_image *in, segkit_morph_op op, const segkit_se *se,
                    segkit_image *out)
{
    int st = morph_check(in);
    if (st != SEGKIT_OK)
        return st;
    if (!out || !out->data || !se || (unsigned)op >= SEGKIT_MORPH_OP_COUNT)
        return SEGKIT_ERR_ARG;
    if (out->type != in->type || out->channels != 1)
        return SEGKIT_ERR_TYPE;
    if (!segkit_image_same_size(in, out))
        return SEGKIT_ERR_SIZE;
    if (op == SEGKIT_MORPH_ERODE || op == SEGKIT_MORPH_DILATE)
        return erode_dilate(in, se, op == SEGKIT_MORPH_DILATE, out);
    /* open/close (and the top-hats): the first pass into out, the second
     * in place when it may be; gradient needs both of in */
    int first = op == SEGKIT_MORPH_CLOSE || op == SEGKIT_MORPH_BLACKHAT;
    segkit_image t = {0};
    if (op == SEGKIT_MORPH_GRADIENT || !inplace_ok(se, !first)) {
        if ((st = segkit_image_create(&t, in->width, in->height, 1, in->type)) != SEGKIT_OK)
            return st;
    }
    if (op == SEGKIT_MORPH_GRADIENT) {
        if ((st = erode_dilate(in, se, 0, &t)) == SEGKIT_OK &&
            (st = erode_dilate(in, se, 1, out)) == SEGKIT_OK)
            subtract(out, &t, out);
    } else if (t.data) {
        if ((st = erode_dilate(in, se, first, &t)) == SEGKIT_OK)
            st = erode_dilate(&t, se, !first, out);
    } else if ((st = erode_dilate(in, se, first, out)) == SEGKIT_OK) {
        st = erode_dilate(out, se, !first, out);
    }
    if (st == SEGKIT_OK && op == SEGKIT_MORPH_TOPHAT)
        subtract(in, out, out);
    if (st == SEGKIT_OK && op == SEGKIT_MORPH_BLACKHAT)
        subtract(out, in, out);
    segkit_image_free(&t);
    return st;
}

int segkit_morph(const segkit_image *in, segkit_morph_op op, const segkit_se *se,
                 segkit_image *out)
{
    int st = morph_begin(in, 0, out);
    if (st != SEGKIT_OK)
        return st;
    if ((st = segkit_image_create(out, in->width, in->height, 1, in->type)) != SEGKIT_OK)
        return st;
    if ((st = segkit_morph_to(in, op, se, out)) != SEGKIT_OK)
        segkit_image_free(out);
    return st;
}
