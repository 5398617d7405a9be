#!/usr/bin/python3
"""Peers of tests/bench/bench_label.c, on the same two 4096x3072 masks:
the Otsu mask of the benchmark photo and a random 50% mask (murmur3's
finaliser of the pixel index, bit 0, as bench_label.c).

    /usr/bin/python3 tests/bench/peers_label.py IMAGE [MIN_SECONDS] [--lib LIBSEGKIT_SO] [--cc]

Rows: OpenCV connectedComponentsWithStats (8, CV_32S, cv2.setNumThreads(1),
outputs reused), scikit-image measure.label (connectivity=2) and
regionprops_table with the property list bench_label.c computes.

With --lib (segkit-bench passes its build's libsegkit.so), the
connected-components kernels are also timed interleaved in this one
process: in each of 7 rounds OpenCV, skimage and segkit_label_to (through
ctypes, 8-connectivity with statistics, label image reused) each run a few
times in turn and keep their best; printed are the min over the rounds and
the ratios of those minima, plus the median of the per-round ratios.  On a
loaded machine this is the figure to quote: a job that takes the core for
one kernel's runs only cannot bias one side.  --cc: the connected-components
rows only (regionprops_table on the random mask takes a minute)."""
import sys, time, ctypes
import numpy as np
import cv2
from skimage import measure

cv2.setNumThreads(1)
args = sys.argv[1:]
lib_path = None
if "--lib" in args:
    i = args.index("--lib")
    lib_path = args[i + 1]
    del args[i:i + 2]
cc_only = "--cc" in args
if cc_only:
    args.remove("--cc")
img = cv2.imread(args[0], cv2.IMREAD_GRAYSCALE)
min_s = float(args[1]) if len(args) > 1 else 0.5
h, w = img.shape

def best(fn, min_runs=3):
    fn()
    t_best, start, runs = 1e9, time.perf_counter(), 0
    while runs < min_runs or time.perf_counter() - start < min_s:
        t0 = time.perf_counter(); fn(); t_best = min(t_best, time.perf_counter() - t0); runs += 1
    return t_best

def report(name, t):
    print("%-28s %5dx%-5d %-4s %10.3f ms %10.1f Mpixel/s" % (name, w, h, "u8", t * 1e3, w * h / 1e6 / t), flush=True)

i = np.arange(w * h, dtype=np.uint32)
with np.errstate(over="ignore"):
    v = i * np.uint32(2654435761)
    v ^= v >> np.uint32(16); v *= np.uint32(0x85ebca6b)
    v ^= v >> np.uint32(13); v *= np.uint32(0xc2b2ae35)
    v ^= v >> np.uint32(16)
masks = {
    "photo": cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1],
    "random50": ((v & 1) * 255).astype(np.uint8).reshape(h, w),
}
props = ("label", "area", "bbox", "centroid", "perimeter", "eccentricity", "solidity")
for kind, m in masks.items():
    lbl = np.zeros((h, w), np.int32)
    n, _, st, ce = cv2.connectedComponentsWithStats(m, labels=lbl, connectivity=8, ltype=cv2.CV_32S)
    report("opencv cc8 stats " + kind, best(lambda: cv2.connectedComponentsWithStats(
        m, labels=lbl, stats=st, centroids=ce, connectivity=8, ltype=cv2.CV_32S)))
    print("#   %d components" % (n - 1))
    b = m > 0
    report("skimage label8 " + kind, best(lambda: measure.label(b, connectivity=2)))
    sk = measure.label(b, connectivity=2)
    if not cc_only:
        report("skimage regionprops " + kind, best(lambda: measure.regionprops_table(sk, properties=props), 1))

if lib_path:
    class Image(ctypes.Structure):
        _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int),
                    ("channels", ctypes.c_int), ("type", ctypes.c_int),
                    ("stride", ctypes.c_size_t), ("data", ctypes.c_void_p),
                    ("owns_data", ctypes.c_int)]

    class Fg(ctypes.Structure):  # segkit_fg
        _fields_ = [("mode", ctypes.c_int), ("value", ctypes.c_double)]

    class Params(ctypes.Structure):  # segkit_label_params
        _fields_ = [("connectivity", ctypes.c_int), ("mode", ctypes.c_int), ("fg", Fg)]

    lib = ctypes.CDLL(lib_path)
    lib.segkit_label_to.argtypes = [ctypes.POINTER(Image), ctypes.POINTER(Params),
                                    ctypes.POINTER(Image), ctypes.POINTER(ctypes.c_int32),
                                    ctypes.POINTER(ctypes.c_void_p)]
    libc = ctypes.CDLL(None)
    U8, I32 = 0, 3
    print("# interleaved in one process, 7 rounds: min-of-rounds ms; ratios of the minima "
          "(median of the per-round ratios)", flush=True)
    for kind, m in masks.items():
        m = np.ascontiguousarray(m)
        lbl = np.zeros((h, w), np.int32)
        st = np.zeros((1, 5), np.int32); ce = np.zeros((1, 2))
        n, lbl, st, ce = cv2.connectedComponentsWithStats(m, labels=lbl, connectivity=8, ltype=cv2.CV_32S)
        b = m > 0
        src = Image(w, h, 1, U8, w, m.ctypes.data, 0)
        out = np.zeros((h, w), np.int32)
        dst = Image(w, h, 1, I32, w * 4, out.ctypes.data, 0)
        par = Params(8, 0, Fg(0, 0.0))
        cnt = ctypes.c_int32(0)
        stats = ctypes.c_void_p()

        def seg():
            if lib.segkit_label_to(ctypes.byref(src), ctypes.byref(par), ctypes.byref(dst),
                                   ctypes.byref(cnt), ctypes.byref(stats)) != 0:
                raise SystemExit("segkit_label_to failed")
            libc.free(stats)

        seg()
        if cnt.value != n - 1 or not np.array_equal(out, measure.label(b, connectivity=2)):
            raise SystemExit("segkit labels differ from skimage's on " + kind)
        kern = {
            "opencv": (lambda: cv2.connectedComponentsWithStats(
                m, labels=lbl, stats=st, centroids=ce, connectivity=8, ltype=cv2.CV_32S), 3),
            "skimage": (lambda: measure.label(b, connectivity=2), 2),
            "segkit": (seg, 3),
        }
        mins = {k: 1e9 for k in kern}
        r_sk, r_cv = [], []
        for _ in range(7):
            rb = {}
            for k, (f, reps) in kern.items():
                t_b = 1e9
                for _ in range(reps):
                    t0 = time.perf_counter(); f(); t_b = min(t_b, time.perf_counter() - t0)
                rb[k] = t_b
                mins[k] = min(mins[k], t_b)
            r_sk.append(rb["skimage"] / rb["segkit"]); r_cv.append(rb["opencv"] / rb["segkit"])
        print("interleaved cc8 stats %-9s opencv %.1f ms  skimage %.1f ms  segkit %.1f ms  "
              "skimage/segkit %.2fx (%.2fx)  opencv/segkit %.2fx (%.2fx)" % (
                  kind, mins["opencv"] * 1e3, mins["skimage"] * 1e3, mins["segkit"] * 1e3,
                  mins["skimage"] / mins["segkit"], float(np.median(r_sk)),
                  mins["opencv"] / mins["segkit"], float(np.median(r_cv))), flush=True)
