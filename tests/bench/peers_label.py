#!/usr/bin/python3
"""Peers of tests/bench/bench_label.c, on the same two 4096x3072 masks:
the Otsu mask of the benchmark photo and a random 50% mask (murmur3's
finaliser of the pixel index, bit 0, as bench_label.c).

    /usr/bin/python3 tests/bench/peers_label.py IMAGE [MIN_SECONDS]

Rows: OpenCV connectedComponentsWithStats (8, CV_32S, cv2.setNumThreads(1),
outputs reused), scikit-image measure.label (connectivity=2) and
regionprops_table with the property list bench_label.c computes."""
import sys, time
import numpy as np
import cv2
from skimage import measure

cv2.setNumThreads(1)
img = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE)
min_s = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
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
    report("skimage regionprops " + kind, best(lambda: measure.regionprops_table(sk, properties=props), 1))
