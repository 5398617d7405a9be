/* The body of slic.c's vector kernels (the Lab step and the claim),
 * included once per instruction set with SFX (the name suffix), TGT (a
 * target attribute), NV (double lanes: 4 for AVX2, 8 for AVX-512) and the
 * GCC vector types vd vl vf vi of NV doubles, int64s, floats, int32s; NF
 * (float lanes of a full register, 2 NV) and vf2 vi2 of NF floats, int32s;
 * and the helpers of slic.c for that set: bits_SFX(m) (the lanes of m set
 * as bits), gebits_SFX(a, b) (those of a >= b), widen_SFX (vf to vd),
 * loadm_SFX / storem_SFX / storemi_SFX (masked float load, float and int32
 * stores); MASKED_TAIL 1: a row's last pixels as one masked vector, 0: by
 * claim_px.  The parameters are #undef'd at the end.  Every lane does the scalar code's float and double operations
 * in the same order (no FMA: the C standard mode keeps contraction off), so
 * every instruction set gives the scalar code's bits. */

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define VSELD(m, a, b) ((vd)(((vl)(a) & (m)) | ((vl)(b) & ~(m))))
#define VSELF(m, a, b) ((vf2)(((vi2)(a) & (m)) | ((vi2)(b) & ~(m))))

/* lab_f1 lane by lane (the cube root's float guess and 4 Newton steps) */
TGT static inline __attribute__((always_inline)) vd CAT(lab_fv, SFX)(vd t)
{
    vf tf = __builtin_convertvector(t, vf);
    vf bf = __builtin_convertvector((vi)tf, vf) * (1.0f / 3.0f);
    vi q = LAB_MAGIC - __builtin_convertvector(bf, vi);
    vd r = CAT(widen, SFX)((vf)q);
    for (int i = 0; i < 4; i++) {
        vd r3 = (r * r) * r;
        r = r * ((4.0 - t * r3) * (1.0 / 3.0));
    }
    vd c = (t * r) * r;
    return VSELD(t > LAB_EPS, c, 7.787 * t + 16.0 / 116.0);
}

/* lab_run_scalar: n pixels of linear r, g, b -> L, A, B (times ratio) */
TGT static void CAT(lab_run, SFX)(const lab_k *k, const double *r, const double *g,
                                  const double *b, int n, float *L, float *A, float *B)
{
    const vd z0 = {0};
    vd m[9], w0 = k->w[0] + z0, w1 = k->w[1] + z0, w2 = k->w[2] + z0;
    for (int j = 0; j < 9; j++)
        m[j] = k->m[j] + z0;
    const float ratio = k->ratio;
    int i = 0;
    for (; i + NV <= n; i += NV) {
        vd R, G, Bl;
        memcpy(&R, r + i, sizeof R);
        memcpy(&G, g + i, sizeof G);
        memcpy(&Bl, b + i, sizeof Bl);
        vd x = (m[0] * R + m[1] * G) + m[2] * Bl;
        vd y = (m[3] * R + m[4] * G) + m[5] * Bl;
        vd z = (m[6] * R + m[7] * G) + m[8] * Bl;
        vd fx = CAT(lab_fv, SFX)(x / w0), fy = CAT(lab_fv, SFX)(y / w1),
           fz = CAT(lab_fv, SFX)(z / w2);
        vf l = __builtin_convertvector(116.0 * fy - 16.0, vf) * ratio;
        vf a = __builtin_convertvector(500.0 * (fx - fy), vf) * ratio;
        vf bb = __builtin_convertvector(200.0 * (fy - fz), vf) * ratio;
        memcpy(L + i, &l, sizeof l);
        memcpy(A + i, &a, sizeof a);
        memcpy(B + i, &bb, sizeof bb);
    }
    lab_run_scalar(k, r + i, g + i, b + i, n - i, L + i, A + i, B + i);
}

/* NF floats at p, the lanes in only unless full */
TGT static inline __attribute__((always_inline)) vf2 CAT(loadc, SFX)(const float *p, vi2 in,
                                                                     int full)
{
    vf2 v;
    if (full)
        memcpy(&v, p, sizeof v);
    else
        v = CAT(loadm, SFX)(in, p);
    return v;
}

/* a claim_c in vectors (read once: the stores to dist and labels could
 * alias the struct for the compiler) */
typedef struct CAT(claim_v, SFX) {
    vf2 cx, sw, c0, c1, c2, c3;
    vi2 k;
} CAT(claim_v, SFX);

/* claim_px on the NF pixels of a row from x (lanes in: those < x1; full:
 * all of them, read and written without masks) */
TGT static inline __attribute__((always_inline)) void
CAT(claim_vec, SFX)(const CAT(claim_v, SFX) *c, vf2 dy2, vf2 xv, const float *P, size_t n, int nch, int tie, int x,
                    vi2 in, int full, float *D, int32_t *S)
{
    vf2 dx = c->cx - xv;
    vf2 s = (dy2 + dx * dx) * c->sw;
    vf2 dv = CAT(loadc, SFX)(D + x, in, full);
    unsigned go = CAT(gebits, SFX)(dv, s);
    if (!full)
        go &= CAT(bits, SFX)(in);
    if (!go)
        return;
    /* (named vectors: an array of them goes through the stack) */
    vf2 t0 = CAT(loadc, SFX)(P + x, in, full) - c->c0;
    vf2 t1 = CAT(loadc, SFX)(P + n + x, in, full) - c->c1;
    vf2 t2 = CAT(loadc, SFX)(P + 2 * n + x, in, full) - c->c2;
    vf2 d;
    if (nch == 3) {
        d = s + ((t0 * t0 + t1 * t1) + t2 * t2);
    } else {
        vf2 t3 = CAT(loadc, SFX)(P + 3 * n + x, in, full) - c->c3;
        d = (((s + t0 * t0) + t1 * t1) + t2 * t2) + t3 * t3;
    }
    vi2 sv = (vi2)CAT(loadc, SFX)((const float *)(const void *)(S + x), in, full);
    vi2 m = dv > d;
    if (tie)
        m |= (dv == d) & (sv > c->k);
    m &= in;
    dv = VSELF(m, d, dv);
    sv = (m & c->k) | (sv & ~m);
    if (full) {
        memcpy(D + x, &dv, sizeof dv);
        memcpy(S + x, &sv, sizeof sv);
    } else {
        CAT(storem, SFX)(m, D + x, dv);
        CAT(storemi, SFX)(m, S + x, sv);
    }
}

/* claim_scalar for nch (3 or 4) planes */
TGT static inline __attribute__((always_inline)) void
CAT(claim_body, SFX)(const float *img, size_t n, int w, int y0, int y1, int x0, int x1,
                     const claim_c *c, float *dist, int32_t *labels, int nch, int tie)
{
    vf2 iota;
    vi2 iotai;
    for (int i = 0; i < NF; i++)
        iota[i] = (float)i, iotai[i] = i;
    const vi2 all = iotai >= 0;
    const vf2 zero = {0};
    const CAT(claim_v, SFX) cv = {c->cx + zero, c->sw + zero, c->c[0] + zero, c->c[1] + zero,
                                  c->c[2] + zero, c->c[3] + zero, c->k + (vi2){0}};
    for (int y = y0; y < y1; y++) {
        float dy = c->cy - (float)y;
        dy *= dy;
        const vf2 dy2 = dy + zero;
        size_t o = (size_t)y * w;
        const float *P = img + o;   /* plane f at P + f n */
        float *D = dist + (size_t)(y - c->yb) * w;
        int32_t *S = labels + o;
        int x = x0;
        vf2 xv = (float)x0 + iota;   /* exact: integers below 2^24 */
        for (; x + NF <= x1; x += NF, xv += (float)NF)
            CAT(claim_vec, SFX)(&cv, dy2, xv, P, n, nch, tie, x, all, 1, D, S);
        if (x < x1 && MASKED_TAIL) {
            CAT(claim_vec, SFX)(&cv, dy2, xv, P, n, nch, tie, x, iotai < x1 - x, 0, D, S);
        } else if (x < x1) {
            const float *Pf[4] = {P, P + n, P + 2 * n, P + 3 * n};
            for (; x < x1; x++)
                claim_px(c, dy, x, Pf, nch, tie, D, S);
        }
    }
}

#define SLIC_CLAIM(name, nch, tie)                                                           \
    TGT static void CAT(name, SFX)(const float *img, size_t n, int w, int y0, int y1, int x0,  \
                                   int x1, const claim_c *c, float *dist, int32_t *labels)     \
    {                                                                                         \
        CAT(claim_body, SFX)(img, n, w, y0, y1, x0, x1, c, dist, labels, nch, tie);           \
    }
SLIC_CLAIM(claim3, 3, 0)
SLIC_CLAIM(claim3t, 3, 1)
SLIC_CLAIM(claim4, 4, 0)
SLIC_CLAIM(claim4t, 4, 1)
#undef SLIC_CLAIM

#undef VSELF
#undef VSELD
#undef CAT
#undef CAT_
/* the includer's parameters */
#undef vd
#undef vl
#undef vf
#undef vi
#undef vf2
#undef vi2
#undef NV
#undef NF
#undef SFX
#undef TGT
#undef MASKED_TAIL
