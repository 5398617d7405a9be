"""scikit-image's side of segkit-color's benchmark (tests/bench/peer_color.cpp has OpenCV's and
segkit's): rgb2lab and a CIEDE2000 mask (deltaE_ciede2000(rgb2lab(ref), rgb2lab(img)) <= 12, the
reference #ff7f00) on the top-left W x H crop of the image, best of N, in Mpixel/s.  skimage is
linear in the pixel count, so its rate on the crop stands for the whole image.

    /usr/bin/python3 tests/bench/peers_color.py /tmp/segkit-peer-bench/fruits_4096x3072.png [W H N]
"""
import sys
import time

import numpy as np
from skimage import color, io

img = io.imread(sys.argv[1])[..., :3]
w, h = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (1024, 768)
n = int(sys.argv[4]) if len(sys.argv) > 4 else 3
crop = np.ascontiguousarray(img[:h, :w])
mp = w * h / 1e6
ref = color.rgb2lab(np.array([[[255, 127, 0]]], dtype=np.uint8))[0, 0]


def best(f):
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t)


t_lab = best(lambda: color.rgb2lab(crop))
t_de = best(lambda: color.deltaE_ciede2000(np.broadcast_to(ref, crop.shape), color.rgb2lab(crop)) <= 12)
print("skimage rgb2lab %.2f MP/s, CIEDE2000 mask (rgb2lab + deltaE_ciede2000) %.2f MP/s (%dx%d)"
      % (mp / t_lab, mp / t_de, w, h))
