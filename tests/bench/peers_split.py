"""issue 11's last performance item: segkit's whole --split pipeline (segkit_watershed_split: EDT,
object size, markers, watershed, numbering; libsegkit.so through ctypes) against scipy's
distance_transform_edt alone (what scikit-image users call for the EDT), on the same mask, timed
in one process call by call in turn, so that both see the same load.  The mask: the Otsu threshold
of the benchmark photo in gray (cv2.cvtColor BGR2GRAY, cv2.threshold THRESH_BINARY | THRESH_OTSU,
as tests/bench/peer_watershed.cpp makes it), or a mask given as .npy/.png.  Times are thread CPU
time (time.thread_time: on a machine loaded beyond its cores the wall clock measures the
scheduler); each round keeps each side's best of REPS calls; printed per round with the ratio
(scipy's time / segkit's), then the minimum over the rounds of each side and the lowest ratio.
With OUT, segkit's labels are saved there (.npy) to compare builds.

usage: /usr/bin/python3 tests/bench/peers_split.py IMAGE|MASK.npy LIBSEGKIT_SO [ROUNDS [REPS [OUT]]]
   e.g. tests/bench/peers_split.py /tmp/segkit-peer-bench/fruits_4096x3072.png build-rel/libsegkit.so
   SEGKIT_ISA (avx512, avx2, sse2) picks a narrower vector path where the library has one.
"""
import ctypes as C
import sys
import time

import cv2
import numpy as np
from scipy import ndimage as ndi


class Image(C.Structure):
    _fields_ = [("width", C.c_int), ("height", C.c_int), ("channels", C.c_int), ("type", C.c_int),
                ("stride", C.c_size_t), ("data", C.c_void_p), ("owns_data", C.c_int)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src = sys.argv[1]
    if src.endswith(".npy"):
        mask = np.load(src)
    else:
        gray = cv2.cvtColor(cv2.imread(src, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
        _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = np.ascontiguousarray(mask > 0).astype(np.uint8) * 255
    lib = C.CDLL(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    out = sys.argv[5] if len(sys.argv) > 5 else None
    H, W = mask.shape
    mp = W * H / 1e6
    img = Image(W, H, 1, 0, W, mask.ctypes.data, 0)
    lib.segkit_watershed_split.argtypes = [C.POINTER(Image), C.c_void_p, C.POINTER(Image),
                                           C.POINTER(C.c_int32)]
    lib.segkit_image_free.argtypes = [C.POINTER(Image)]
    n = C.c_int32(0)

    def segkit():
        lab = Image()
        st = lib.segkit_watershed_split(C.byref(img), None, C.byref(lab), C.byref(n))
        if st:
            sys.exit(f"segkit_watershed_split: status {st}")
        return lab

    def scipy():
        ndi.distance_transform_edt(mask > 0)

    def best(f):
        t = 1e30
        for _ in range(reps):
            c = time.thread_time()
            r = f()
            t = min(t, time.thread_time() - c)
            if isinstance(r, Image):
                lib.segkit_image_free(C.byref(r))
        return t

    print(f"mask {W}x{H} ({mp:.2f} MP), {int((mask > 0).sum())} object pixels; {rounds} rounds, "
          f"best of {reps} calls each, thread CPU time", flush=True)
    ts, tk, ratios = [], [], []
    for r in range(rounds):
        a = best(scipy)
        b = best(segkit)
        ts.append(a)
        tk.append(b)
        ratios.append(a / b)
        print(f"round {r}: scipy EDT {a * 1e3:.1f} ms ({mp / a:.1f} MP/s)  segkit split "
              f"{b * 1e3:.1f} ms ({mp / b:.1f} MP/s), {n.value} objects  {a / b:.2f}x", flush=True)
    print(f"min: scipy EDT {min(ts) * 1e3:.1f} ms ({mp / min(ts):.1f} MP/s), segkit split "
          f"{min(tk) * 1e3:.1f} ms ({mp / min(tk):.1f} MP/s): {min(ts) / min(tk):.2f}x; rounds "
          f"{min(ratios):.2f}x..{max(ratios):.2f}x", flush=True)
    if out:
        lab = segkit()
        a = np.ctypeslib.as_array(C.cast(lab.data, C.POINTER(C.c_int32)), shape=(H, lab.stride // 4))
        np.save(out, a[:, :W].copy())
        lib.segkit_image_free(C.byref(lab))


if __name__ == "__main__":
    main()
