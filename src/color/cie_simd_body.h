/* The body of cie_simd.c's kernels, included once per instruction set with
 * SFX (the name suffix), TGT (a target attribute or nothing), NV (lanes:
 * 8, or 4 for AVX2's registers), the GCC vector types vd vl vf vi of NV
 * doubles, int64s, floats, int32s, and VSQRT (a square root of a vd). */

#define VSEL(m, a, b) ((vd)(((vl)(a) & (m)) | ((vl)(b) & ~(m))))
#define VABS(a) ((vd)((vl)(a) & 0x7fffffffffffffffLL))

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

TGT static inline vd CAT(vcbrt, SFX)(vd t)
{
    /* a float guess (the exponent divided by 3 through the bit pattern,
     * within 4 %), then Halley's iteration y (y^3 + 2t) / (2 y^3 + t),
     * whose error goes from e to about e^3 / 9: 4e-2, 7e-6, 4e-17 (the
     * tests compare every 8-bit colour with libm's cbrt) */
    vf tf = __builtin_convertvector(t, vf);
    vi bits = (vi)tf;
    vf third = __builtin_convertvector(bits, vf) * (1.0f / 3.0f);
    vi g = __builtin_convertvector(third, vi) + 0x2a5137a0;
    vd y = __builtin_convertvector((vf)g, vd);
    for (int k = 0; k < 2; k++) {
        vd y3 = y * y * y;
        y = y * (y3 + 2.0 * t) / (2.0 * y3 + t);
    }
    return y;
}

TGT static inline vd CAT(lab_f, SFX)(vd t)
{
    vl big = t > 0.008856;
    return VSEL(big, CAT(vcbrt, SFX)(t), 7.787 * t + 16.0 / 116.0);
}

TGT static void CAT(cie_batch, SFX)(const cs_ctx *c, int n, const double *lr, const double *lg,
                                     const double *lb, double *o0, double *o1, double *o2)
{
    const double(*m)[3] = c->to_xyz;
    const double *w = c->white;
    segkit_space s = c->cs.id;
    for (int i = 0; i < n; i += NV) {
        vd r, g, b;
        memcpy(&r, lr + i, sizeof r);
        memcpy(&g, lg + i, sizeof g);
        memcpy(&b, lb + i, sizeof b);
        vd out[3];
        if (s == SEGKIT_SPACE_LINEAR) {
            out[0] = r, out[1] = g, out[2] = b;
        } else {
            vd X = m[0][0] * r + m[0][1] * g + m[0][2] * b;
            vd Y = m[1][0] * r + m[1][1] * g + m[1][2] * b;
            vd Z = m[2][0] * r + m[2][1] * g + m[2][2] * b;
            if (s == SEGKIT_SPACE_XYZ) {
                out[0] = X, out[1] = Y, out[2] = Z;
            } else if (s == SEGKIT_SPACE_LAB) {
                vd fx = CAT(lab_f, SFX)(X / w[0]), fy = CAT(lab_f, SFX)(Y / w[1]),
                   fz = CAT(lab_f, SFX)(Z / w[2]);
                out[0] = 116.0 * fy - 16.0;
                out[1] = 500.0 * (fx - fy);
                out[2] = 200.0 * (fy - fz);
            } else { /* luv, as cie.c's xyz_to_luv */
                const double eps = 2.220446049250313e-16;
                vd yr = Y / w[1];
                vd L = VSEL(yr > 0.008856, 116.0 * CAT(vcbrt, SFX)(yr) - 16.0, 903.3 * yr);
                double dw = w[0] + 15.0 * w[1] + 3.0 * w[2];
                double u0 = 4.0 * w[0] / dw, v0 = 9.0 * w[1] / dw;
                vd d = X + 15.0 * Y + 3.0 * Z + eps;
                out[0] = L;
                out[1] = 13.0 * L * (4.0 * X / d - u0);
                out[2] = 13.0 * L * (9.0 * Y / d - v0);
            }
        }
        memcpy(o0 + i, &out[0], sizeof out[0]);
        memcpy(o1 + i, &out[1], sizeof out[1]);
        memcpy(o2 + i, &out[2], sizeof out[2]);
    }
}

/* c[0] + c[1] w + ... + c[n-1] w^(n-1) as its even and odd halves in
 * w^2: two chains half as long (the CIEDE2000 kernel is bound by latency) */
TGT static inline __attribute__((always_inline)) vd CAT(vpoly, SFX)(vd w, const double *c, int n)
{
    int te = (n - 1) & ~1, to = (n & ~1) - 1; /* the last even and odd terms (n >= 2) */
    vd w2 = w * w, e = 0.0 * w + c[te], o = 0.0 * w + c[to];
    for (int j = te - 2; j >= 0; j -= 2)
        e = e * w2 + c[j];
    for (int j = to - 2; j >= 1; j -= 2)
        o = o * w2 + c[j];
    return e + w * o;
}

/* atan2(y, x) in degrees 0..360 for x^2 + y^2 = 1 (octant reduction, then
 * atan's series on |t| <= tan(pi / 8) to t^23: error below 2e-11 rad) */
TGT static inline vd CAT(vatan2deg, SFX)(vd y, vd x)
{
    const double pi = CS_PI;
    vd ax = VABS(x), ay = VABS(y);
    vl swap = ay > ax;
    vd mx = VSEL(swap, ay, ax), mn = VSEL(swap, ax, ay);
    /* u = t = mn / mx, or (t - 1) / (t + 1) = (mn - mx) / (mn + mx) above
     * tan(pi / 8): one division */
    vl hi = mn > 0.41421356237309503 * mx;
    vd u = VSEL(hi, mn - mx, mn) / VSEL(hi, mn + mx, mx);
    static const double at[12] = {1.0,        -1.0 / 3,  1.0 / 5,  -1.0 / 7,
                                  1.0 / 9,    -1.0 / 11, 1.0 / 13, -1.0 / 15,
                                  1.0 / 17,   -1.0 / 19, 1.0 / 21, -1.0 / 23};
    vd p = CAT(vpoly, SFX)(u * u, at, 12);
    vd a = VSEL(hi, 0.0 * u + pi / 4.0, 0.0 * u) + u * p;
    a = VSEL(swap, (pi / 2.0) - a, a);
    a = VSEL(x < 0.0, pi - a, a);
    a = VSEL(y < 0.0, 2.0 * pi - a, a);
    return a * (180.0 / pi);
}

/* exp(-z) for z >= 0 (0 beyond z = 700): 2^-k e^-r, |r| <= ln2 / 2,
 * e^-r by its series to r^13 */
TGT static inline vd CAT(vexpneg, SFX)(vd z)
{
    const double ln2 = 0.6931471805599453;
    vl big = z > 700.0;
    z = VSEL(big, 0.0 * z, z);
    /* k = z / ln2 rounded, through the mantissa of 1.5 2^52 + z / ln2 */
    const double magic = 6755399441055744.0;
    vd km = z * (1.0 / ln2) + magic;
    vl k = (vl)km - (vl)(0.0 * z + magic);
    vd kf = km - magic;
    vd r = z - kf * ln2;
    static const double ex[14] = {1.0,
                                  -1.0,
                                  1.0 / 2,
                                  -1.0 / 6,
                                  1.0 / 24,
                                  -1.0 / 120,
                                  1.0 / 720,
                                  -1.0 / 5040,
                                  1.0 / 40320,
                                  -1.0 / 362880,
                                  1.0 / 3628800,
                                  -1.0 / 39916800,
                                  1.0 / 479001600,
                                  -1.0 / 6227020800.0};
    vd e = CAT(vpoly, SFX)(r, ex, 14);
    vd two = (vd)((1023 - k) << 52);
    return VSEL(big, 0.0 * z, e * two);
}

/* sin x for 0 <= x <= pi / 3: the series to x^17 */
TGT static inline vd CAT(vsin_small, SFX)(vd x)
{
    static const double sn[9] = {1.0,
                                 -1.0 / 6,
                                 1.0 / 120,
                                 -1.0 / 5040,
                                 1.0 / 362880,
                                 -1.0 / 39916800,
                                 1.0 / 6227020800.0,
                                 -1.0 / 1307674368000.0,
                                 1.0 / 355687428096000.0};
    return x * CAT(vpoly, SFX)(x * x, sn, 9);
}

/* CIEDE2000 of n pixels (L, A, B) to each reference (lab1 = the
 * reference, lab2 = the pixel, as distance.c calls segkit_delta_e_lab):
 * dmin the smallest over the references (or a lower bound of it above
 * far: the lightness term); unsure[i] = 1 where a reference
 * is close to the opposite hue of the pixel (mean hue and the sign of dH'
 * undefined) or the result is not a number */
TGT static void CAT(de2000_batch, SFX)(const segkit_delta_e_params *p, const double (*ref)[3],
                                        int nref, double far, int n, const double *Lp,
                                        const double *Ap, const double *Bp, double *dmin,
                                        uint8_t *unsure)
{
    const double pi = CS_PI, p25_7 = 6103515625.0;
    const double c30 = cos(30.0 * pi / 180.0), s30 = 0.5, c6 = cos(6.0 * pi / 180.0),
                 s6 = sin(6.0 * pi / 180.0), c63 = cos(63.0 * pi / 180.0),
                 s63 = sin(63.0 * pi / 180.0);
    /* the references' chroma, out of the loop (hypot is a call) */
    enum { NC1 = 16 };
    double c1r[NC1];
    for (int r = 0; r < nref && r < NC1; r++)
        c1r[r] = hypot(ref[r][1], ref[r][2]);
    for (int i = 0; i < n; i += NV) {
        vd L2, A2, B2;
        memcpy(&L2, Lp + i, sizeof L2);
        memcpy(&A2, Ap + i, sizeof A2);
        memcpy(&B2, Bp + i, sizeof B2);
        vd best = 0.0 * L2 + INFINITY;
        vl bad = (vl)(0.0 * L2) != 0; /* all false */
        /* the lightness term alone first: a lower bound of the distance
         * (distance.c's cs_delta_e_l_bound); when it exceeds far for every
         * pixel and reference, it is the answer */
        vd lb = best;
        for (int r = 0; r < nref && far < INFINITY; r++) {
            vd lbar = 0.5 * (ref[r][0] + L2);
            vd tmp = (lbar - 50.0) * (lbar - 50.0);
            vd sl = 1.0 + 0.015 * tmp / VSQRT(20.0 + tmp);
            vd lt = VABS((L2 - ref[r][0]) / (p->kL * sl));
            lb = VSEL(lt < lb, lt, lb);
        }
        vl near = ~(lb > far); /* NaN counts as near */
        int any = 0;
        for (int k = 0; k < NV; k++)
            any |= near[k] != 0;
        if (!any) {
            memcpy(dmin + i, &lb, sizeof lb);
            memset(unsure + i, 0, NV);
            continue;
        }
        vd C2 = VSQRT(A2 * A2 + B2 * B2);
        for (int r = 0; r < nref; r++) {
            double L1 = ref[r][0], a1 = ref[r][1], b1 = ref[r][2];
            double C1 = r < NC1 ? c1r[r] : hypot(a1, b1);
            vd cbar = 0.5 * (C1 + C2);
            vd c2 = cbar * cbar, c7 = c2 * c2 * c2 * cbar;
            vd g = 0.5 * (1.0 - VSQRT(c7 / (c7 + p25_7)));
            vd a1p = a1 * (1.0 + g), a2p = A2 * (1.0 + g);
            vd C1p = VSQRT(a1p * a1p + b1 * b1), C2p = VSQRT(a2p * a2p + B2 * B2);
            vd lbar = 0.5 * (L1 + L2);
            vd tmp = (lbar - 50.0) * (lbar - 50.0);
            vd sl = 1.0 + 0.015 * tmp / VSQRT(20.0 + tmp);
            vd cb = 0.5 * (C1p + C2p);
            vd sc = 1.0 + 0.045 * cb;
            vd cc = C1p * C2p;
            /* 1 / C1' and 1 / C2' from one division (0 for a zero chroma;
             * an overflow ends as NaN, marked unsure below) */
            vl z1 = C1p == 0.0, z2 = C2p == 0.0;
            vd one = 0.0 * cc + 1.0, c1s = VSEL(z1, one, C1p), c2s = VSEL(z2, one, C2p);
            vd icc = 1.0 / (c1s * c2s);
            vd i1 = VSEL(z1, 0.0 * cc, c2s * icc), i2 = VSEL(z2, 0.0 * cc, c1s * icc);
            vd u1x = a1p * i1, u1y = b1 * i1, u2x = a2p * i2, u2y = B2 * i2;
            vd cross = a1p * B2 - b1 * a2p, dot = a1p * a2p + b1 * B2;
            /* 2 sqrt(C1'C2') sin(dh'/2) = sqrt(C1'C2') |u1 - u2| with the sign
             * of dh', that of the cross product */
            vd dx = u1x - u2x, dy = u1y - u2y;
            vd dh = VSQRT(cc * (dx * dx + dy * dy));
            dh = VSEL(cross < 0.0, -dh, dh);
            dh = VSEL(cc == 0.0, 0.0 * cc, dh);
            bad |= (VABS(cross) <= 1e-9 * cc) & (dot < 0.0) & (cc != 0.0);
            /* the mean hue: the direction of u1 + u2 (0 for two grays) */
            vd sx = u1x + u2x, sy = u1y + u2y;
            vl none = (sx == 0.0) & (sy == 0.0);
            sx = VSEL(none, 0.0 * sx + 1.0, sx);
            vd nr = 1.0 / VSQRT(sx * sx + sy * sy);
            vd ch = sx * nr, sh = sy * nr;
            vd c2h = ch * ch - sh * sh, s2h = 2.0 * sh * ch;
            vd c3h = ch * (4.0 * ch * ch - 3.0), s3h = sh * (3.0 - 4.0 * sh * sh);
            vd c4h = c2h * c2h - s2h * s2h, s4h = 2.0 * s2h * c2h;
            vd T = 1.0 - 0.17 * (ch * c30 + sh * s30) + 0.24 * c2h +
                   0.32 * (c3h * c6 - s3h * s6) - 0.20 * (c4h * c63 + s4h * s63);
            vd shh = 1.0 + 0.015 * cb * T;
            /* the three weights' reciprocals from one division */
            vd ksl = p->kL * sl, ksc = p->kC * sc, ksh = p->kH * shh;
            vd iall = 1.0 / (ksl * ksc * ksh);
            vd lterm = (L2 - L1) * (ksc * ksh * iall);
            vd cterm = (C2p - C1p) * (ksl * ksh * iall);
            vd hterm = dh * (ksl * ksc * iall);
            vd cb2 = cb * cb, cb7 = cb2 * cb2 * cb2 * cb;
            vd rc = 2.0 * VSQRT(cb7 / (cb7 + p25_7));
            vd hd = CAT(vatan2deg, SFX)(sh, ch);
            vd q = (hd - 275.0) * 0.04;
            vd dtheta = (30.0 * pi / 180.0) * CAT(vexpneg, SFX)(q * q);
            vd rterm = -CAT(vsin_small, SFX)(2.0 * dtheta) * rc * cterm * hterm;
            vd e = lterm * lterm + cterm * cterm + hterm * hterm + rterm;
            e = VSEL(e > 0.0, e, 0.0 * e);
            vd d = VSQRT(e);
            bad |= d != d;
            best = VSEL(d < best, d, best);
        }
        memcpy(dmin + i, &best, sizeof best);
        for (int k = 0; k < NV; k++)
            unsure[i + k] = bad[k] != 0;
    }
}

#undef CAT
#undef CAT_
#undef VSEL
#undef VABS
