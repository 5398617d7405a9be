/* The body of range_simd.c's kernels, included once per instruction set
 * with SFX (the name suffix), TGT (a target attribute or nothing), NV
 * (lanes), the GCC vector types vf vi of NV floats and int32s, VSQRT and
 * VFMA (square root, fused multiply-add).
 * No fused multiply-add but VFMA (hls's bytes): the bounds of range_approx.h count each product
 * and sum rounded on its own. */

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FSEL(m, a, b) ((vf)(((vi)(a) & (m)) | ((vi)(b) & ~(m))))

/* cube root of t >= 0 (0 for t <= 0): a guess through the bit pattern
 * (within 4 %), then two steps of Halley's iteration (cie_simd_body.h's
 * vcbrt in single precision) */
TGT static inline vf CAT(ra_cbrt, SFX)(vf t)
{
    vi bits = (vi)t;
    vf third = __builtin_convertvector(bits, vf) * (1.0f / 3.0f);
    vi g = __builtin_convertvector(third, vi) + 0x2a5137a0;
    vf y = (vf)g;
    for (int k = 0; k < 2; k++) {
        vf y3 = y * y * y;
        y = y * (y3 + 2.0f * t) / (2.0f * y3 + t);
    }
    return FSEL(t > 0.0f, y, 0.0f * t);
}

/* atan2(y, x) in degrees 0..360 (0 for x = y = 0): octant reduction, then
 * atan's series on |u| <= tan(pi / 8) to u^15 (error below 2e-8 rad) */
TGT static inline vf CAT(ra_atan2deg, SFX)(vf y, vf x)
{
    const float pi = 3.14159265358979f;
    vf ax = FSEL((vi)x < 0, -x, x), ay = FSEL((vi)y < 0, -y, y);
    vi swap = ay > ax;
    vf mx = FSEL(swap, ay, ax), mn = FSEL(swap, ax, ay);
    vi zero = mx == 0.0f;
    vf t = mn / FSEL(zero, 0.0f * mx + 1.0f, mx);
    vi hi = t > 0.41421356f;
    vf u = FSEL(hi, (t - 1.0f) / (t + 1.0f), t);
    vf u2 = u * u, p = 0.0f * u2 - 1.0f / 15.0f;
    for (int j = 6; j >= 0; j--)
        p = p * u2 + (j % 2 ? -1.0f : 1.0f) / (float)(2 * j + 1);
    vf a = FSEL(hi, 0.0f * u + pi / 4.0f, 0.0f * u) + u * p;
    a = FSEL(swap, (pi / 2.0f) - a, a);
    a = FSEL(x < 0.0f, pi - a, a);
    a = FSEL(y < 0.0f, 2.0f * pi - a, a);
    return a * (180.0f / pi);
}

/* the values of NV pixels; eh the hue's bound (infinite where unknown) */
TGT static inline void CAT(ra_vec, SFX)(const ra_space *a, vf s0, vf s1, vf s2, vf v[3], vf *eh)
{
    const float(*m)[3] = a->m;
    *eh = 0.0f * s0;
    if (a->kind == RA_SAMPLES) {
        for (int c = 0; c < 3; c++)
            v[c] = ((m[c][0] * s0 + m[c][1] * s1) + m[c][2] * s2) + a->off[c];
        return;
    }
    if (a->kind == RA_HSX) { /* hsx.c's hexcone_hue: blue wins a tie, then green */
        vf mx = FSEL(s1 > s0, s1, s0), mn = FSEL(s1 < s0, s1, s0);
        mx = FSEL(s2 > mx, s2, mx);
        mn = FSEL(s2 < mn, s2, mn);
        vf d = mx - mn, sum = mx + mn;
        vi isb = s2 == mx, isg = (s1 == mx) & ~isb, gray = d == 0.0f;
        vf num = FSEL(isb, s0 - s1, FSEL(isg, s2 - s0, s1 - s2));
        vf base = FSEL(isb, 0.0f * d + 4.0f, FSEL(isg, 0.0f * d + 2.0f, 0.0f * d));
        vf one = 0.0f * d + 1.0f;
        vf h = (base + num / FSEL(gray, one, d)) * 60.0f;
        h = FSEL(h < 0.0f, h + 360.0f, h);
        h = FSEL(h >= 360.0f, h - 360.0f, h);
        v[0] = FSEL(gray, 0.0f * d, h);
        *eh = FSEL(v[0] == 0.0f, 0.0f * d, 0.0f * d + a->hue_e0);
        if (a->id == SEGKIT_SPACE_HSV) {
            v[1] = FSEL(gray, 0.0f * d, d / FSEL(gray, one, mx));
            v[2] = mx / a->one;
        } else {
            vf den = FSEL(sum <= a->one, sum, 2.0f * a->one - sum);
            v[1] = sum * 0.5f / a->one;
            v[2] = FSEL(gray, 0.0f * d, d / FSEL(gray, one, den));
        }
        return;
    }
    if (a->kind == RA_HSI) {
        vf sum = (s0 + s1) + s2;
        vf mn = FSEL(s1 < s0, s1, s0);
        mn = FSEL(s2 < mn, s2, mn);
        vf x = s0 - 0.5f * (s1 + s2), y = 0.8660254037844386f * (s1 - s2);
        vf h = CAT(ra_atan2deg, SFX)(y, x);
        v[0] = FSEL(h >= 360.0f, h - 360.0f, h);
        v[1] = FSEL(sum > 0.0f, 1.0f - 3.0f * mn / FSEL(sum > 0.0f, sum, 0.0f * sum + 1.0f),
                    0.0f * sum);
        v[2] = sum * (1.0f / 3.0f) / a->one;
        vi gray = (x == 0.0f) & (y == 0.0f);
        *eh = FSEL(gray, 0.0f * x + INFINITY, 0.0f * x + a->hue_e0);
        return;
    }
    segkit_space s = a->id;
    if (s == SEGKIT_SPACE_LINEAR) {
        v[0] = s0, v[1] = s1, v[2] = s2;
        return;
    }
    vf X = (m[0][0] * s0 + m[0][1] * s1) + m[0][2] * s2;
    vf Y = (m[1][0] * s0 + m[1][1] * s1) + m[1][2] * s2;
    vf Z = (m[2][0] * s0 + m[2][1] * s1) + m[2][2] * s2;
    vf p0, p1, p2;
    if (s == SEGKIT_SPACE_XYZ) {
        v[0] = X, v[1] = Y, v[2] = Z;
        return;
    } else if (s == SEGKIT_SPACE_LAB || s == SEGKIT_SPACE_LCH) {
        vf tx = X * a->winv[0], ty = Y * a->winv[1], tz = Z * a->winv[2];
        vf fx = FSEL(tx > 0.008856f, CAT(ra_cbrt, SFX)(tx), 7.787f * tx + 16.0f / 116.0f);
        vf fy = FSEL(ty > 0.008856f, CAT(ra_cbrt, SFX)(ty), 7.787f * ty + 16.0f / 116.0f);
        vf fz = FSEL(tz > 0.008856f, CAT(ra_cbrt, SFX)(tz), 7.787f * tz + 16.0f / 116.0f);
        p0 = 116.0f * fy - 16.0f;
        p1 = 500.0f * (fx - fy);
        p2 = 200.0f * (fy - fz);
    } else if (s == SEGKIT_SPACE_LUV || s == SEGKIT_SPACE_LCHUV) {
        vf yr = Y * a->winv[1];
        vf L = FSEL(yr > 0.008856f, 116.0f * CAT(ra_cbrt, SFX)(yr) - 16.0f, 903.3f * yr);
        vf d = (X + 15.0f * Y) + 3.0f * Z;
        vf id = 1.0f / FSEL(d > 1e-30f, d, 0.0f * d + 1e-30f);
        p0 = L;
        p1 = 13.0f * L * (4.0f * X * id - a->m2[0][0]);
        p2 = 13.0f * L * (9.0f * Y * id - a->m2[0][1]);
    } else { /* oklab, oklch */
        const float(*k)[3] = a->m2;
        vf l = CAT(ra_cbrt, SFX)(X), mm = CAT(ra_cbrt, SFX)(Y), q = CAT(ra_cbrt, SFX)(Z);
        p0 = (k[0][0] * l + k[0][1] * mm) + k[0][2] * q;
        p1 = (k[1][0] * l + k[1][1] * mm) + k[1][2] * q;
        p2 = (k[2][0] * l + k[2][1] * mm) + k[2][2] * q;
    }
    v[0] = p0;
    if (a->hue < 0) {
        v[1] = p1, v[2] = p2;
        return;
    }
    vf C = VSQRT(p1 * p1 + p2 * p2);
    vf h = CAT(ra_atan2deg, SFX)(p2, p1);
    v[1] = C;
    v[2] = FSEL(h >= 360.0f, h - 360.0f, h);
    vi known = C > a->hue_cmin;
    *eh = FSEL(known, a->hue_k / FSEL(known, C, 0.0f * C + 1.0f) + a->hue_e0,
               0.0f * C + INFINITY);
}

/* sure pass (-1) and sure fail (-1) of the terms, as range_approx.h says */
TGT static inline vi CAT(ra_decide, SFX)(const ra_plan *p, const vf v[3], vf eh, vi *fail)
{
    vi pass = (vi)(0.0f * eh) & 0, maybe = pass;
    for (int k = 0; k < p->nt; k++) {
        vi tin = pass | -1, tout = pass;
        for (int i = 0; i < p->n[k]; i++) {
            const ra_cond *c = &p->c[k][i];
            vf x = v[c->ch];
            vi in, out;
            if (!c->hue) {
                in = (x >= c->in_lo) & (x <= c->in_hi);
                out = (x < c->out_lo) | (x > c->out_hi);
            } else {
                vf lo = x - eh, hi = x + eh;
                vi seam = ~((lo >= 0.0f) & (hi < 360.0f)); /* NaN too */
                if (!c->wrap) {
                    in = (lo >= c->lo) & (hi <= c->hi);
                    out = (hi < c->lo) | (lo > c->hi);
                } else {
                    in = (lo >= c->lo) | (hi <= c->hi);
                    out = (hi < c->lo) & (lo > c->hi);
                }
                in &= ~seam;
                out &= ~seam;
            }
            tin &= in;
            tout |= out;
        }
        pass |= tin;
        maybe |= ~tout;
    }
    *fail = ~maybe;
    return pass;
}

/* the samples of n pixels of a row as floats (RA_CIE: their linear
 * values), zeros up to a multiple of NV */
#define RA_LOAD(T, CH)                                                                  \
    do {                                                                                \
        const T *q = (const T *)row + (size_t)x0 * CH;                                  \
        if (lut)                                                                        \
            for (int i = 0; i < n; i++)                                                 \
                b0[i] = lut[q[CH * i]], b1[i] = lut[q[CH * i + 1]], b2[i] = lut[q[CH * i + 2]]; \
        else                                                                            \
            for (int i = 0; i < n; i++)                                                 \
                b0[i] = q[CH * i], b1[i] = q[CH * i + 1], b2[i] = q[CH * i + 2];        \
    } while (0)

TGT static void CAT(ra_row, SFX)(const ra_space *a, const ra_plan *p, const void *row,
                                  segkit_type type, int ch, int w, uint8_t *out)
{
    enum { RUN = 256 };
    float b0[RUN] __attribute__((aligned(64))), b1[RUN] __attribute__((aligned(64))),
        b2[RUN] __attribute__((aligned(64)));
    int32_t r32[RUN] __attribute__((aligned(64)));
    const float *lut = a->kind == RA_CIE ? a->lut : NULL;
    for (int x0 = 0; x0 < w; x0 += RUN) {
        int n = w - x0 < RUN ? w - x0 : RUN;
        int nv = (n + NV - 1) / NV * NV;
        /* 8-bit samples as they are: straight into the vectors (RA_LOAD8
         * reads two pixels further), not through the arrays */
        int direct = RA_DIRECT && type == SEGKIT_U8 && !lut && x0 + nv + 2 <= w;
        if (direct)
            ;
        else if (type == SEGKIT_U8 && ch == 3)
            RA_LOAD(uint8_t, 3);
        else if (type == SEGKIT_U8)
            RA_LOAD(uint8_t, 4);
        else if (ch == 3)
            RA_LOAD(uint16_t, 3);
        else
            RA_LOAD(uint16_t, 4);
        for (int i = n; i < nv && !direct; i++)
            b0[i] = b1[i] = b2[i] = 0.0f;
        for (int i = 0; i < nv; i += NV) {
            vf s0, s1, s2, v[3], eh;
            if (direct) {
                RA_LOAD8((const uint8_t *)row + (size_t)(x0 + i) * (size_t)ch, ch, s0, s1, s2);
            } else {
                memcpy(&s0, b0 + i, sizeof s0);
                memcpy(&s1, b1 + i, sizeof s1);
                memcpy(&s2, b2 + i, sizeof s2);
            }
            CAT(ra_vec, SFX)(a, s0, s1, s2, v, &eh);
            vi fail, pass;
            if (p->one) {
                pass = (v[0] >= p->in_lo[0]) & (v[0] <= p->in_hi[0]) & (v[1] >= p->in_lo[1]) &
                       (v[1] <= p->in_hi[1]) & (v[2] >= p->in_lo[2]) & (v[2] <= p->in_hi[2]);
                fail = (v[0] < p->out_lo[0]) | (v[0] > p->out_hi[0]) | (v[1] < p->out_lo[1]) |
                       (v[1] > p->out_hi[1]) | (v[2] < p->out_lo[2]) | (v[2] > p->out_hi[2]);
            } else {
                pass = CAT(ra_decide, SFX)(p, v, eh, &fail);
            }
            vi res = (pass & 255) | (~(pass | fail) & 1);
            memcpy(r32 + i, &res, sizeof res);
        }
        for (int i = 0; i < n; i++) /* narrowed with packs */
            out[x0 + i] = (uint8_t)r32[i];
    }
}

/* OpenCV's HLS bytes (opencv.c's hls_pixel: RGB2HLS_f on x / 255 with its
 * fused multiply-add, then rounded half to even and saturated), the same
 * float operations lane by lane, so the same bytes; then the bytes against
 * the integer bounds of the terms.  u8, 3 or 4 channels. */
TGT static void CAT(ra_hls8_row, SFX)(const ra_bytes *p, const void *row, int ch, int w,
                                       uint8_t *out)
{
    enum { RUN = 256 };
    float b0[RUN] __attribute__((aligned(64))), b1[RUN] __attribute__((aligned(64))),
        b2[RUN] __attribute__((aligned(64)));
    int32_t r32[RUN] __attribute__((aligned(64)));
    const float *lut = NULL;
    const float scale = 1.f / 255.f, round = 12582912.0f; /* 1.5 2^23 */
    for (int x0 = 0; x0 < w; x0 += RUN) {
        int n = w - x0 < RUN ? w - x0 : RUN;
        if (ch == 3)
            RA_LOAD(uint8_t, 3);
        else
            RA_LOAD(uint8_t, 4);
        int nv = (n + NV - 1) / NV * NV;
        for (int i = n; i < nv; i++)
            b0[i] = b1[i] = b2[i] = 0.0f;
        for (int i = 0; i < nv; i += NV) {
            vf r, g, b;
            memcpy(&r, b0 + i, sizeof r);
            memcpy(&g, b1 + i, sizeof g);
            memcpy(&b, b2 + i, sizeof b);
            r *= scale, g *= scale, b *= scale;
            vf vmax = FSEL(g > r, g, r), vmin = FSEL(g < r, g, r);
            vmax = FSEL(b > vmax, b, vmax);
            vmin = FSEL(b < vmin, b, vmin);
            vf diff = vmax - vmin, msum = vmax + vmin;
            vf l = msum * 0.5f;
            vf s = diff / FSEL(l < 0.5f, msum, 2.0f - msum);
            vi isr = vmax == r, isg = (vmax == g) & ~isr;
            vf h = FSEL(isr, g - b, FSEL(isg, b - r, r - g));
            vf hpart = FSEL(isr, FSEL(g < b, 0.0f * r + 360.f, 0.0f * r),
                            FSEL(isg, 0.0f * r + 120.f, 0.0f * r + 240.f));
            h = VFMA(h, 60.f / diff, hpart) * (180.f / 360.f);
            vi gray = ~(diff > FLT_EPSILON);
            h = FSEL(gray, 0.0f * r, h);
            s = FSEL(gray, 0.0f * r, s);
            vf v[3] = {h, l * 255.f, s * 255.f};
            for (int k = 0; k < 3; k++) { /* all >= 0: round, then at most 255 */
                v[k] = (v[k] + round) - round;
                v[k] = FSEL(v[k] > 255.f, 0.0f * r + 255.f, v[k]);
            }
            vi pass = (vi)(0.0f * r) & 0;
            for (int k = 0; k < p->nt; k++) {
                vi ok = pass | -1;
                for (int c = 0; c < 3; c++) {
                    vi a = v[c] >= p->lo[k][c], z = v[c] <= p->hi[k][c];
                    ok &= p->wrap[k][c] ? a | z : a & z;
                }
                pass |= ok;
            }
            pass &= 255;
            memcpy(r32 + i, &pass, sizeof pass);
        }
        for (int i = 0; i < n; i++)
            out[x0 + i] = (uint8_t)r32[i];
    }
}
#undef RA_LOAD

TGT static void CAT(ra_values, SFX)(const ra_space *a, int n, const float *s0, const float *s1,
                                     const float *s2, float *v0, float *v1, float *v2, float *eh)
{
    for (int i = 0; i < n; i += NV) {
        vf s[3], v[3], e;
        memcpy(&s[0], s0 + i, sizeof s[0]);
        memcpy(&s[1], s1 + i, sizeof s[1]);
        memcpy(&s[2], s2 + i, sizeof s[2]);
        CAT(ra_vec, SFX)(a, s[0], s[1], s[2], v, &e);
        memcpy(v0 + i, &v[0], sizeof v[0]);
        memcpy(v1 + i, &v[1], sizeof v[1]);
        memcpy(v2 + i, &v[2], sizeof v[2]);
        if (eh)
            memcpy(eh + i, &e, sizeof e);
    }
}

#undef FSEL
#undef CAT
#undef CAT_
