#!/usr/bin/python3
"""Batch benchmark (issue 14): N generated 512x512 gray PNGs, an Otsu mask of
each, decode + threshold + encode, measured side by side in one run:

  segkit   segkit-threshold -m otsu --jobs J -o OUT/{stem}.png --files-from LIST
  opencv   one Python process: cv2.imread(GRAYSCALE), cv2.threshold(OTSU),
           cv2.imwrite (default PNG settings), cv2.setNumThreads(1)
  mogrify  ImageMagick `mogrify -path OUT -threshold 50% *.png`
           (MAGICK_THREAD_LIMIT=1; a fixed 50% threshold, not Otsu)

Rounds are interleaved (segkit j1, j2, opencv, mogrify, then again) and the
minimum wall time of each is reported with its CPU time (user + sys of the
child), images per second and the ratios.  The machine is shared and noisy:
read the ratios, not the absolute times.  No assertion: a benchmark.

usage: batch_bench.py BIN_DIR [N] [ROUNDS] [WORKDIR]
  BIN_DIR: a Release build's tools/ (segkit-threshold); N default 1000;
  ROUNDS default 3; WORKDIR default a new temp dir (removed at the end).
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np


def generate(d, n):
    """n gray 512x512 PNGs: smooth blobs over a ramp, noise (seeded)."""
    rng = np.random.default_rng(14)
    yy, xx = np.mgrid[0:512, 0:512]
    for i in range(n):
        img = 40 + xx * 0.1 + yy * 0.05
        for _ in range(6):
            cx, cy, r = rng.integers(40, 472, 2).tolist() + [int(rng.integers(15, 70))]
            img = np.where((xx - cx) ** 2 + (yy - cy) ** 2 < r * r, 170 + rng.integers(0, 40), img)
        img = img + rng.normal(0, 12, img.shape)
        cv2.imwrite(os.path.join(d, f"img{i:05d}.png"), np.clip(img, 0, 255).astype(np.uint8))


OPENCV_LOOP = r"""
import sys, os, cv2
cv2.setNumThreads(1)
out = sys.argv[1]
for line in open(sys.argv[2]):
    f = line.rstrip("\n")
    im = cv2.imread(f, cv2.IMREAD_GRAYSCALE)
    _, m = cv2.threshold(im, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    cv2.imwrite(os.path.join(out, os.path.basename(f)), m)
"""


def run(cmd, env=None):
    """Wall seconds and CPU seconds (user + sys) of one child."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bindir = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    work = sys.argv[4] if len(sys.argv) > 4 else tempfile.mkdtemp(prefix="segkit-batch-bench-")
    keep = len(sys.argv) > 4
    src = os.path.join(work, "in")
    os.makedirs(src, exist_ok=True)
    if len(os.listdir(src)) != n:
        print(f"generating {n} PNGs in {src} ...", flush=True)
        generate(src, n)
    files = sorted(os.path.join(src, f) for f in os.listdir(src))
    lst = os.path.join(work, "list.txt")
    with open(lst, "w") as f:
        f.writelines(p + "\n" for p in files)
    th = os.path.join(bindir, "segkit-threshold")
    env1 = dict(os.environ, MAGICK_THREAD_LIMIT="1", OMP_NUM_THREADS="1")

    def out(name):
        d = os.path.join(work, "out-" + name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        return d

    methods = {
        "segkit --jobs 1": lambda: run([th, "-m", "otsu", "--jobs", "1", "--files-from", lst,
                                        "-o", out("s1") + "/{stem}.png"]),
        "segkit --jobs 2": lambda: run([th, "-m", "otsu", "--jobs", "2", "--files-from", lst,
                                        "-o", out("s2") + "/{stem}.png"]),
        "opencv loop": lambda: run([sys.executable, "-c", OPENCV_LOOP, out("cv"), lst], env=env1),
        "mogrify -threshold 50%": lambda: run(["mogrify", "-path", out("im"), "-threshold", "50%"]
                                              + files, env=env1),
    }
    best = {}
    for r in range(rounds):
        for name, fn in methods.items():
            wall, cpu = fn()
            print(f"round {r + 1}  {name:24s} {wall:8.2f} s wall {cpu:8.2f} s cpu", flush=True)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu)
    # the masks agree? (Otsu in both; OpenCV's foreground is > T, as ours)
    diff = 0
    for f in files[:50]:
        b = os.path.basename(f)
        a = cv2.imread(os.path.join(work, "out-s1", b), cv2.IMREAD_GRAYSCALE)
        c = cv2.imread(os.path.join(work, "out-cv", b), cv2.IMREAD_GRAYSCALE)
        diff += int(np.count_nonzero(a != c))
    sz = {k: sum(os.path.getsize(os.path.join(work, d, x)) for x in os.listdir(os.path.join(work, d)))
          for k, d in (("segkit", "out-s1"), ("opencv", "out-cv"), ("mogrify", "out-im"))}
    load = os.getloadavg()[0]
    print(f"\n{n} PNGs 512x512, min of {rounds} rounds, load {load:.1f}, {os.cpu_count()} CPUs")
    base = best["segkit --jobs 1"][0]
    for name, (wall, cpu) in best.items():
        print(f"  {name:24s} {wall:7.2f} s  {n / wall:7.1f} img/s  cpu {cpu:7.2f} s"
              f"  ({wall / base:5.2f}x segkit --jobs 1's time)")
    j1, j2 = best["segkit --jobs 1"][0], best["segkit --jobs 2"][0]
    print(f"  --jobs 2 speed-up over --jobs 1: {j1 / j2:.2f}x")
    print(f"  segkit --jobs 1 vs opencv loop: {best['opencv loop'][0] / j1:.2f}x faster; "
          f"vs mogrify: {best['mogrify -threshold 50%'][0] / j1:.2f}x faster")
    print(f"  masks: segkit vs opencv differ in {diff} pixels over the first 50 images")
    print(f"  output bytes: " + ", ".join(f"{k} {v / n:.0f}/image" for k, v in sz.items()))
    if not keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
