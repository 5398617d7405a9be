#!/usr/bin/python3
"""Canny sigma 1.4 on the 8-bit benchmark image, segkit against both peers
interleaved in one process (the issue 13 row: >= 1x OpenCV, >= 20x
scikit-image, 16-bit within 1.5x of 8-bit):

    /usr/bin/python3 tests/bench/peers_edges.py IMAGE --lib build-rel/libsegkit.so [ROUNDS]

Kernels (gray image, thresholds 50/150 on the 8-bit Sobel magnitude):
  opencv    cv2.GaussianBlur(g, (0, 0), 1.4) + cv2.Canny(blur, 50, 150,
            L2gradient=True), outputs reused, cv2.setNumThreads(1)
  skimage   skimage.feature.canny(g, sigma=1.4, low_threshold=50,
            high_threshold=150)
  segkit    segkit_edges_canny (native, sigma 1.4, 50/150) through ctypes, on
            the u8 image and on it x257 (u16, 12850/38550)
In each round every kernel runs REPS times in turn (skimage once) and keeps
its best (thread CPU time, as peer_edges.cpp; CPUTIME=0 in the environment:
wall clock); printed are the min over the rounds, the ratios of those minima
and the median of the per-round ratios.  segkit and skimage must agree
within 0.01 % of the pixels (checked once)."""
import os, sys, time, ctypes
import numpy as np
import cv2
from skimage import feature

cv2.setNumThreads(1)
clock = time.perf_counter if os.environ.get("CPUTIME") == "0" else time.thread_time
args = sys.argv[1:]
i = args.index("--lib")
lib_path = args[i + 1]
del args[i:i + 2]
g = np.ascontiguousarray(cv2.imread(args[0], cv2.IMREAD_GRAYSCALE))
rounds = int(args[1]) if len(args) > 1 else 3
h, w = g.shape
g16 = np.ascontiguousarray(g.astype(np.uint16) * 257)


class Image(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int),
                ("channels", ctypes.c_int), ("type", ctypes.c_int),
                ("stride", ctypes.c_size_t), ("data", ctypes.c_void_p),
                ("owns_data", ctypes.c_int)]


class CannyParams(ctypes.Structure):  # segkit_canny_params
    _fields_ = [("mode", ctypes.c_int), ("sigma", ctypes.c_double),
                ("low", ctypes.c_double), ("high", ctypes.c_double),
                ("threshold_kind", ctypes.c_int), ("l2", ctypes.c_int),
                ("aperture", ctypes.c_int), ("border", ctypes.c_int),
                ("color", ctypes.c_int)]


class CannyResult(ctypes.Structure):
    _fields_ = [("low", ctypes.c_double), ("high", ctypes.c_double),
                ("edge_pixels", ctypes.c_int64)]


lib = ctypes.CDLL(lib_path)
lib.segkit_canny_params_default.restype = CannyParams
lib.segkit_edges_canny.argtypes = [ctypes.POINTER(Image), ctypes.c_void_p,
                                   ctypes.POINTER(CannyParams), ctypes.POINTER(Image),
                                   ctypes.POINTER(CannyResult)]
lib.segkit_image_free.argtypes = [ctypes.POINTER(Image)]
src8 = Image(w, h, 1, 0, w, g.ctypes.data, 0)
src16 = Image(w, h, 1, 1, 2 * w, g16.ctypes.data, 0)
p8 = lib.segkit_canny_params_default()
p8.sigma, p8.low, p8.high = 1.4, 50, 150
p16 = lib.segkit_canny_params_default()
p16.sigma, p16.low, p16.high = 1.4, 50 * 257, 150 * 257
out, res = Image(), CannyResult()


def seg(src, p, keep=False):
    if lib.segkit_edges_canny(ctypes.byref(src), None, ctypes.byref(p), ctypes.byref(out),
                              ctypes.byref(res)) != 0:
        raise SystemExit("segkit_edges_canny failed")
    a = None
    if keep:
        a = np.ctypeslib.as_array(ctypes.cast(out.data, ctypes.POINTER(ctypes.c_uint8)),
                                  shape=(h, w)).copy()
    lib.segkit_image_free(ctypes.byref(out))
    return a


blur = np.empty_like(g)
edges = np.empty_like(g)


def ocv():
    cv2.GaussianBlur(g, (0, 0), 1.4, dst=blur)
    cv2.Canny(blur, 50, 150, edges=edges, L2gradient=True)


def ski():
    return feature.canny(g, sigma=1.4, low_threshold=50, high_threshold=150)


ref = ski()
mine = seg(src8, p8, True) > 0
d = int((ref != mine).sum())
print("# %dx%d: skimage %d edge pixels, segkit %d, differing %d" % (w, h, int(ref.sum()),
                                                                    int(mine.sum()), d))
if d > g.size // 10000:
    raise SystemExit("segkit's native Canny differs from skimage's in more than 0.01 %")
kern = {"opencv": (ocv, 3), "skimage": (ski, 1),
        "segkit u8": (lambda: seg(src8, p8), 3), "segkit u16": (lambda: seg(src16, p16), 3)}
mins = {k: 1e9 for k in kern}
per = {"opencv": [], "skimage": [], "u16": []}
for _ in range(rounds):
    rb = {}
    for k, (f, reps) in kern.items():
        f()
        t_b = 1e9
        for _ in range(reps):
            t0 = clock(); f(); t_b = min(t_b, clock() - t0)
        rb[k] = t_b
        mins[k] = min(mins[k], t_b)
    per["opencv"].append(rb["opencv"] / rb["segkit u8"])
    per["skimage"].append(rb["skimage"] / rb["segkit u8"])
    per["u16"].append(rb["segkit u16"] / rb["segkit u8"])
mp = g.size / 1e6
for k in kern:
    print("%-12s %9.2f ms %9.1f MP/s" % (k, mins[k] * 1e3, mp / mins[k]))
print("canny s1.4  opencv/segkit %.2fx (median %.2fx)  skimage/segkit %.1fx (median %.1fx)  "
      "u16/u8 time %.2f (median %.2f)" % (
          mins["opencv"] / mins["segkit u8"], float(np.median(per["opencv"])),
          mins["skimage"] / mins["segkit u8"], float(np.median(per["skimage"])),
          mins["segkit u16"] / mins["segkit u8"], float(np.median(per["u16"]))), flush=True)
