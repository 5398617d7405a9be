#!/usr/bin/env python3
"""Fits the soft boundary map's weights (docs/edges-bsds.md) by logistic
regression on images of the BSDS500 train split:

  soft_fit.py FEATURES-TOOL WEIGHTS-IN WEIGHTS-OUT STEP [OFFSET]

FEATURES-TOOL is build-rel/tests/segkit-soft-features; WEIGHTS-IN "-" (the
library's defaults) or a file it wrote before (the weights decide each
pixel's normal and the maxima the samples come from).  Images: every STEP-th
train image in file order from OFFSET.  Samples: every non-maximum-
suppression maximum; target: the fraction of the image's annotators with a
boundary pixel within RADIUS pixels (environment, default 3.5; scipy
distance_transform_edt).  Newton's method (IRLS) with a small ridge, weights
kept non-negative; writes 16 weights (cue x scale, unused ones 0) and the
bias."""
import glob, os, subprocess, sys, tempfile
import numpy as np
from scipy import ndimage
from skimage import io

tool, win, wout, step = sys.argv[1:5]
off = int(sys.argv[5]) if len(sys.argv) > 5 else 0
RADIUS = float(os.environ.get("RADIUS", 3.5))
data = os.environ.get('SEGKIT_SHARED_DATA',
                      os.path.join(os.path.dirname(__file__), '../../../shared/data'))
imgs = sorted(glob.glob(f'{data}/bsds500-trainval/data/images/train/*.jpg'))[off::int(step)]
X, Y = [], []
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([tool, win, tmp] + imgs, check=True)
    for f in imgs:
        i = os.path.basename(f)[:-4]
        raw = open(f'{tmp}/{i}.bin', 'rb').read()
        w, h = np.frombuffer(raw[:8], np.int32)
        n = int(w) * int(h)
        feat = np.frombuffer(raw[8:8 + 64 * n], np.float32).reshape(16, n)
        mx = np.frombuffer(raw[8 + 64 * n:], np.uint8)
        near = []
        for b in sorted(glob.glob(f'{data}/bsds500-trainval/data/groundTruth_png/train/{i}_bdry*.png')):
            g = io.imread(b) > 0
            near.append(ndimage.distance_transform_edt(~g).ravel() <= RADIUS)
        t = np.mean(near, axis=0)
        sel = mx > 0
        X.append(feat[:, sel].T)
        Y.append(t[sel])
X = np.concatenate(X).astype(np.float64)
Y = np.concatenate(Y)
used = list(np.where(X.max(axis=0) > 0)[0])


def fit(cols):
    A = np.hstack([X[:, cols], np.ones((len(X), 1))])
    beta = np.zeros(A.shape[1])
    beta[-1] = np.log(Y.mean() / (1 - Y.mean()))
    for it in range(30):
        p = 1 / (1 + np.exp(-A @ beta))
        g = A.T @ (Y - p) - 1e-3 * np.r_[beta[:-1], 0]
        H = (A * (p * (1 - p))[:, None]).T @ A + 1e-3 * np.diag(np.r_[np.ones(len(cols)), 0])
        d = np.linalg.solve(H, g)
        beta += d
        if np.abs(d).max() < 1e-8:
            break
    p = 1 / (1 + np.exp(-A @ beta))
    ll = np.mean(Y * np.log(p + 1e-12) + (1 - Y) * np.log(1 - p + 1e-12))
    return beta, ll, it


# non-negative weights (the map takes, per pixel, the normal where the
# weighted sum of the cues is largest: a negative weight would reward a
# normal for a cue's absence): drop the most negative one and refit
while True:
    beta, ll, it = fit(used)
    if beta[:-1].min() >= 0:
        break
    used.pop(int(np.argmin(beta[:-1])))
wts = np.zeros(16)
wts[used] = beta[:-1]
print(f'{len(imgs)} images, {len(Y)} maxima, mean target {Y.mean():.4f}, '
      f'mean log-likelihood {ll:.4f}, {it + 1} iterations', file=sys.stderr)
with open(wout, 'w') as o:
    for c in range(4):
        o.write(' '.join('%.6g' % v for v in wts[4 * c:4 * c + 4]) + '\n')
    o.write('%.6g\n' % beta[-1])
print(open(wout).read(), file=sys.stderr)
