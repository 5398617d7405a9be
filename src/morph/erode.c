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

#include "morph/morph_internal.h"

typedef void (*op3_fn)(void *d, const void *a, const void *b, size_t n);
typedef void (*op2_fn)(void *d, const void *b, size_t n);

typedef struct kernel {
    size_t size;
    op3_fn op3;   /* d = op(a, b) */
    op2_fn op2;   /* d = op(d, b) */
    uint8_t neutral[4];
} kernel;

#define MIN_OP(a, b) ((b) < (a) ? (b) : (a))
#define MAX_OP(a, b) ((b) > (a) ? (b) : (a))

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define MORPH_AVX2 1
#define TARGET_AVX2 __attribute__((target("avx2")))
#else
#define MORPH_AVX2 0
#define TARGET_AVX2
#endif

#define DEFINE_OPS(NAME, T, OP)                                                   \
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
    static void NAME##_op3(void *d, const void *a, const void *b, size_t n)       \
    {                                                                             \
        NAME##_op3_body(d, a, b, n);                                              \
    }                                                                             \
    static void NAME##_op2(void *d, const void *b, size_t n)                      \
    {                                                                             \
        NAME##_op2_body(d, b, n);                                                 \
    }                                                                             \
    TARGET_AVX2 static void NAME##_op3_avx2(void *d, const void *a, const void *b, \
                                            size_t n)                             \
    {                                                                             \
        NAME##_op3_body(d, a, b, n);                                              \
    }                                                                             \
    TARGET_AVX2 static void NAME##_op2_avx2(void *d, const void *b, size_t n)     \
    {                                                                             \
        NAME##_op2_body(d, b, n);                                                 \
    }

DEFINE_OPS(min_u8, uint8_t, MIN_OP)
DEFINE_OPS(max_u8, uint8_t, MAX_OP)
DEFINE_OPS(min_u16, uint16_t, MIN_OP)
DEFINE_OPS(max_u16, uint16_t, MAX_OP)
DEFINE_OPS(min_f32, float, MIN_OP)
DEFINE_OPS(max_f32, float, MAX_OP)

static int cpu_avx2(void)
{
#if MORPH_AVX2
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

/* The kernel of a type and operation (dilate: max). */
static kernel get_kernel(segkit_type t, int dilate)
{
    kernel k;
    int avx2 = cpu_avx2();
    memset(&k, 0, sizeof k);
#define PICK(NAME)                                            \
    do {                                                      \
        k.op3 = avx2 ? NAME##_op3_avx2 : NAME##_op3;          \
        k.op2 = avx2 ? NAME##_op2_avx2 : NAME##_op2;          \
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

/* out = erosion (kernel min) or dilation (max) of in by the runs. */
static int run_rows(const segkit_image *in, segkit_image *out, const morph_runs *R,
                    const kernel *k)
{
    int w = in->width, h = in->height;
    size_t es = k->size;
    int padl = -R->xmin, padr = R->xmax;
    size_t pw = (size_t)w + padl + padr;
    /* distinct lengths, ascending */
    int *lens = malloc((size_t)R->n * sizeof *lens), nl = 0;
    int *lenbuf = malloc((size_t)R->n * sizeof *lenbuf);  /* buffer of run i */
    step *plan = malloc((size_t)(R->n + 1) * 32 * sizeof *plan);
    int nrows = R->dymax - R->dymin + 1;
    uint8_t *acc = malloc((size_t)nrows * w * es);
    if (!lens || !lenbuf || !plan || !acc) {
        free(lens), free(lenbuf), free(plan), free(acc);
        return SEGKIT_ERR_NOMEM;
    }
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
    int *buf_of_len = malloc((size_t)nl * sizeof *buf_of_len);
    if (!buf_of_len) {
        free(lens), free(lenbuf), free(plan), free(acc);
        return SEGKIT_ERR_NOMEM;
    }
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
    uint8_t *bufs = malloc((size_t)nbuf * pw * es);
    if (!bufs) {
        free(lens), free(lenbuf), free(plan), free(acc), free(buf_of_len);
        return SEGKIT_ERR_NOMEM;
    }
#define BUF(b) (bufs + (size_t)(b) * pw * es)
#define ACC(y) (acc + (size_t)(((y) % nrows + nrows) % nrows) * w * es)
    /* rows y whose first input row is row 0 start now; row y starts when
     * input row y + dymin arrives */
    for (int y = 0; y < h && y + R->dymin < 0; y++)
        fill(ACC(y), k->neutral, es, (size_t)w);
    for (int yi = 0; yi < h; yi++) {
        int ys = yi - R->dymin;
        if (ys < h)
            fill(ACC(ys), k->neutral, es, (size_t)w);
        uint8_t *P = BUF(0);
        fill(P, k->neutral, es, (size_t)padl);
        memcpy(P + (size_t)padl * es, segkit_image_row(in, yi), (size_t)w * es);
        fill(P + ((size_t)padl + w) * es, k->neutral, es, (size_t)padr);
        for (int s = 0; s < nsteps; s++) {
            const step *st = &plan[s];
            size_t n = pw - (size_t)st->len + 1;
            k->op3(BUF(st->to), BUF(st->from), BUF(st->from) + (size_t)st->shift * es, n);
        }
        for (int i = 0; i < R->n; i++) {
            const morph_run *r = &R->run[i];
            int y = yi - r->dy;
            if (y < 0 || y >= h)
                continue;
            k->op2(ACC(y), BUF(lenbuf[i]) + (size_t)(r->x0 + padl) * es, (size_t)w);
        }
        int done = yi - R->dymax;
        if (done >= 0)
            memcpy(segkit_image_row(out, done), ACC(done), (size_t)w * es);
    }
    for (int y = h - R->dymax < 0 ? 0 : h - R->dymax; y < h; y++)
        memcpy(segkit_image_row(out, y), ACC(y), (size_t)w * es);
#undef BUF
#undef ACC
    free(lens), free(lenbuf), free(plan), free(acc), free(buf_of_len), free(bufs);
    return SEGKIT_OK;
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
    while ((2 << K) <= H)
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
    uint8_t *P = BUF(0), *V = P + (size_t)padl * es;
    fill(P, k->neutral, es, (size_t)padl);
    fill(P + ((size_t)padl + w) * es, k->neutral, es, (size_t)padr);
    size_t off = (size_t)(x0 + padl) * es;
    for (int yi = 0; yi < h; yi++) {
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
            while ((2 << j) <= len)
                j++;
            k->op3(V, LEVEL(j, lo), LEVEL(j, hi - (1 << j) + 1), (size_t)w);
            for (int s = 0; s + 1 < nsteps; s++) {
                const step *st = &plan[s];
                k->op3(BUF(st->to), BUF(st->from), BUF(st->from) + (size_t)st->shift * es,
                       pw - (size_t)st->len + 1);
            }
            uint8_t *o = segkit_image_row(out, y);
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
    free(bufs), free(ring);
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

/* Erosion (dilate = 0) or dilation of in into out. */
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

static const char *const op_names[SEGKIT_MORPH_OP_COUNT] = {
    "erode", "dilate", "open", "close", "tophat", "blackhat", "gradient"};

const char *segkit_morph_op_name(segkit_morph_op op)
{
    return (unsigned)op < SEGKIT_MORPH_OP_COUNT ? op_names[op] : "?";
}

int segkit_morph_op_parse(const char *name, segkit_morph_op *op)
{
    for (int i = 0; name && i < SEGKIT_MORPH_OP_COUNT; i++)
        if (strcmp(name, op_names[i]) == 0) {
            *op = (segkit_morph_op)i;
            return SEGKIT_OK;
        }
    return SEGKIT_ERR_ARG;
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
    segkit_image t;
    if ((st = segkit_image_create(&t, in->width, in->height, 1, in->type)) != SEGKIT_OK)
        return st;
    switch (op) {
    case SEGKIT_MORPH_OPEN:
    case SEGKIT_MORPH_TOPHAT:
        if ((st = erode_dilate(in, se, 0, &t)) == SEGKIT_OK &&
            (st = erode_dilate(&t, se, 1, out)) == SEGKIT_OK && op == SEGKIT_MORPH_TOPHAT)
            subtract(in, out, out);
        break;
    case SEGKIT_MORPH_CLOSE:
    case SEGKIT_MORPH_BLACKHAT:
        if ((st = erode_dilate(in, se, 1, &t)) == SEGKIT_OK &&
            (st = erode_dilate(&t, se, 0, out)) == SEGKIT_OK && op == SEGKIT_MORPH_BLACKHAT)
            subtract(out, in, out);
        break;
    default: /* gradient */
        if ((st = erode_dilate(in, se, 0, &t)) == SEGKIT_OK &&
            (st = erode_dilate(in, se, 1, out)) == SEGKIT_OK)
            subtract(out, &t, out);
        break;
    }
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
