/* The body of opencv.c's 8-bit Lab kernel with the companding polynomial
 * (lab_row_fast), included once per instruction set with SFX (the name
 * suffix), TGT (its target attribute), NV (lanes: 8 or 16), VI and VF (the
 * integer and float vector types) and the V_ operations on them, all
 * undefined at the end. */

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

/* gamma[] of NV levels, as 1.5 * 2^23 + gamma[] in float: the last
 * addition rounds to an integer, which is then the low 16 bits */
TGT CS_INLINE VI CAT(gamma, SFX)(VI v, const VF k[4])
{
    VI s = V_SRLI(v, 5);
    VF x = V_CVT(v);
    VF p = V_PERM(k[3], s);
    p = V_FMA(p, x, V_PERM(k[2], s));
    p = V_FMA(p, x, V_PERM(k[1], s));
    p = V_FMA(p, x, V_PERM(k[0], s));
    return V_CASTI(V_ADDPS(p, V_SET1PS(12582912.0f)));
}

TGT static void CAT(lab_row_fast, SFX)(const cs_cv *t, const lab_fast *lf, const uint8_t *s,
                                        int ch, int w, uint8_t *d)
{
    const VI pl = V_BCAST128(_mm_setr_epi8(2, -1, -1, 6, -1, -1, 10, -1, -1, 14, -1, -1, -1, -1,
                                           -1, -1)),
             pab = V_BCAST128(_mm_setr_epi8(-1, 0, 1, -1, 2, 3, -1, 4, 5, -1, 6, 7, -1, -1, -1,
                                            -1)),
             kab = V_SET1(200 << 16 | 500), k128 = V_SET1(128 << 16 | 128),
             half = V_SET1(1 << (LAB_SHIFT - 1) << 16);
    VF k[4];
    for (int j = 0; j < 4; j++)
        k[j] = V_COEF(lab_gpoly[j]);
    VI cxy[3], cz[3];
    for (int j = 0; j < 3; j++)
        cxy[j] = V_SET1(lf->cxy[j]), cz[j] = V_SET1(lf->cz[j]);
    int x = 0;
    for (; x + NV + 2 <= w; x += NV) {
        VI r, g, b;
        LAB_AHEAD(s, (size_t)(x + LAB_PREFETCH) * (size_t)ch);
        V_RGB(s + (size_t)x * (size_t)ch, ch, &r, &g, &b);
        VI rg = V_BLENDHI(CAT(gamma, SFX)(r, k), V_SLLI(CAT(gamma, SFX)(g, k), 16));
        VI b1 = V_BLENDHI(CAT(gamma, SFX)(b, k), half);
        VI f[3];
        for (int j = 0; j < 3; j++) {
            VI v = V_ADD(V_MADD(rg, cxy[j]), V_MADD(b1, cz[j]));
            f[j] = V_GATHER(lf->fl, V_SRAI(v, LAB_SHIFT));
        }
        VI ab = V_BLENDHI(V_SUB(f[0], f[1]), V_SLLI(V_SUB(f[1], f[2]), 16));
        ab = V_ADD16(V_MULHRS(ab, kab), k128);
        ab = V_PACKUS16(ab, ab);
        V_STORE12(d + 3 * (size_t)x, V_OR(V_SHUF8(f[1], pl), V_SHUF8(ab, pab)));
    }
    s += (size_t)x * (size_t)ch;
    d += 3 * (size_t)x;
    for (; x < w; x++, s += ch, d += 3)
        lab_pixel(t, s[0], s[1], s[2], d);
}

#undef CAT
#undef CAT_
#undef SFX
#undef TGT
#undef NV
#undef VI
#undef VF
#undef V_SRLI
#undef V_SLLI
#undef V_SRAI
#undef V_CVT
#undef V_PERM
#undef V_FMA
#undef V_ADDPS
#undef V_SET1PS
#undef V_CASTI
#undef V_BCAST128
#undef V_SET1
#undef V_COEF
#undef V_RGB
#undef V_BLENDHI
#undef V_ADD
#undef V_SUB
#undef V_MADD
#undef V_GATHER
#undef V_ADD16
#undef V_MULHRS
#undef V_PACKUS16
#undef V_SHUF8
#undef V_OR
#undef V_STORE12
