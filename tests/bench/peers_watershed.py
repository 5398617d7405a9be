"""scikit-image's side of tests/bench/peer_watershed.cpp: times
skimage.segmentation.watershed on the surface and markers that program
wrote (DIR/ws_surface.npy, DIR/ws_markers.npy: the Sobel gradient of the
benchmark photo and its h-minima, labelled), counts the pixels where its
labels differ from segkit's (DIR/ws_labels.npy; DIR/ws_labels_exact.npy: with exact_ties), and times
scipy.ndimage.distance_transform_edt alone on the Otsu mask
(DIR/ws_mask.npy), the bar of segkit's whole --split pipeline.  Best of
REPS runs, wall clock and process CPU time.

usage: /usr/bin/python3 peers_watershed.py DIR [REPS]"""
import sys, time
import numpy as np
from scipy import ndimage as ndi
from skimage.segmentation import watershed

d = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
surface = np.load(f"{d}/ws_surface.npy")
markers = np.load(f"{d}/ws_markers.npy")
ours = np.load(f"{d}/ws_labels.npy")
exact = np.load(f"{d}/ws_labels_exact.npy")
mask = np.load(f"{d}/ws_mask.npy") > 0
mp = surface.size / 1e6

def best(f):
    bw = bc = 1e30
    out = None
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        out = f()
        bw, bc = min(bw, time.perf_counter() - w), min(bc, time.process_time() - c)
    return out, bw, bc

labels, w, c = best(lambda: watershed(surface, markers))
print(f"skimage watershed {surface.shape[1]}x{surface.shape[0]}: {w * 1e3:.0f} ms wall "
      f"({mp / w:.2f} MP/s), {c * 1e3:.0f} ms cpu; pixels differing from segkit's: "
      f"{int((labels != ours).sum())} (raster ties), {int((labels != exact).sum())} "
      f"(exact_ties)", flush=True)
_, w, c = best(lambda: ndi.distance_transform_edt(mask))
print(f"scipy distance_transform_edt on the Otsu mask: {w * 1e3:.0f} ms wall, "
      f"{c * 1e3:.0f} ms cpu", flush=True)
