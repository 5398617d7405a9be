#!/usr/bin/python3
"""The coefficients of src/color/opencv.c's lab_gpoly: OpenCV's 8-bit sRGB
companding table (2040 * linear, rounded: opencv.c's lab_tables_init) as a
cubic in the level on each run of 32 levels.  Each run's cubic comes from a
linear program (scipy's linprog, HiGHS) that keeps p(level) inside
[gamma - 0.5 + s, gamma + 0.5 - s] for all 32 levels with the largest s;
then the cubic is evaluated in float32 with fused multiply-adds, as the
kernel does, and the smallest room left is printed.  opencv.c checks the
result on all 256 levels again before it uses the polynomial.

    /usr/bin/python3 tests/bench/lab8_gamma_fit.py
"""
import numpy as np
from scipy.optimize import linprog


def gamma_table():
    out = []
    for i in range(256):
        x = np.float32(np.float32(i) / np.float32(255))
        xd = float(x)
        g = xd / 12.92 if x <= np.float32(0.04045) else ((xd + 0.055) / 1.055) ** 2.4
        q = np.float32(2040.0) * np.float32(g)  # a float product, as in C
        out.append(int(np.rint(q)))  # round half to even
    return np.array(out)


def fit(levels, target, scale):
    # variables c0..c3 (of level / scale) and s; maximise s
    t = np.asarray(levels, float) / scale
    T = np.vstack([t**k for k in range(4)]).T
    A = np.vstack([np.c_[-T, np.ones(len(t))], np.c_[T, np.ones(len(t))]])
    b = np.r_[-(target - 0.5), target + 0.5]
    r = linprog(np.r_[np.zeros(4), -1], A_ub=A, b_ub=b,
                bounds=[(None, None)] * 4 + [(None, 0.5)], method="highs")
    return [c / scale**k for k, c in enumerate(r.x[:4])]


def horner_fma(c, x):
    acc = c[3]
    for k in (2, 1, 0):  # one rounding per step, as vfmadd
        acc = np.float32(float(acc) * float(x) + float(c[k]))
    return float(acc)


def main():
    gam = gamma_table()
    coef, room = [], 0.5
    for s0 in range(0, 256, 32):
        lv = list(range(s0, s0 + 32))
        c = [np.float32(v) for v in fit(lv, gam[lv], s0 + 32)]
        coef.append(c)
        for i in lv:
            v = horner_fma(c, np.float32(i))
            room = min(room, 0.5 - abs(v - gam[i]))
    print("smallest room in float32: %.4f" % room)
    print("static const float lab_gpoly[4][8] = {")
    for k in range(4):
        print("    {" + ", ".join("%.9gf" % float(coef[s][k]) for s in range(8)) + "},")
    print("};")


if __name__ == "__main__":
    main()
