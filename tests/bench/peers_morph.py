"""Peers of bench_distance.c and bench_morph.c, timed in the same run as
segkit-bench (segkit-bench --peers runs it): OpenCV (cv2, single thread) and
scipy / scikit-image, on the same two 4096x3072 masks: the image in gray
thresholded with Otsu, and a random 50% mask.  Prints one line per kernel:
name, megapixels, best-of-N milliseconds, MP/s.

usage: /usr/bin/python3 peers_morph.py IMAGE [ONLY]"""
import sys, time
import numpy as np
import cv2
from scipy import ndimage as ndi
from skimage import morphology

cv2.setNumThreads(1)

def best_ms(f, reps):
    f()
    best = 1e30
    for _ in range(reps):
        t = time.perf_counter(); f(); best = min(best, (time.perf_counter() - t) * 1e3)
    return best

img = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE)
only = sys.argv[2] if len(sys.argv) > 2 else ''
_, otsu = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
rand = np.where(np.random.default_rng(11).random(img.shape) < 0.5, 255, 0).astype(np.uint8)
mp = img.size / 1e6
out = np.empty(img.shape, np.float32)
out8 = np.empty(img.shape, np.uint8)

def report(name, ms):
    print(f"{name:34s} {mp:8.3f} MP {ms:10.3f} ms {mp / ms * 1e3:10.1f} MP/s", flush=True)

for tag, m in (('otsu', otsu), ('random', rand)):
    b = m > 0
    k = [
        ('opencv edt precise', lambda: cv2.distanceTransform(m, cv2.DIST_L2, cv2.DIST_MASK_PRECISE, dst=out), 5),
        ('scipy edt', lambda: ndi.distance_transform_edt(b), 2),
        ('opencv open rect 5x5', lambda: cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)), dst=out8), 10),
        ('opencv erode rect 31x31', lambda: cv2.erode(m, cv2.getStructuringElement(cv2.MORPH_RECT, (31, 31)), dst=out8), 5),
        ('opencv erode disk 15', lambda: cv2.erode(m, morphology.disk(15).astype(np.uint8), dst=out8), 2),
        ('skimage binary_opening square 5', lambda: morphology.binary_opening(b, morphology.square(5)), 2),
        ('skimage binary_erosion disk 15', lambda: morphology.binary_erosion(b, morphology.disk(15)), 1),
    ]
    for name, f, reps in k:
        name = f"{name} {tag}"
        if only in name:
            report(name, best_ms(f, reps))
