#!/usr/bin/python3
"""Sweeps on the BBBC039 TRAINING fields only (the validation fields are
never read here): the classic recipe's min_distance (--baseline), and the
rules of segkit's --threshold/--split pipeline (--rules), prototyped with
scipy/skimage building blocks that segkit has too (Otsu, Gaussian, EDT,
h-maxima, peak_local_max, watershed, hole filling, small-object removal).
Scores are quick_score (bbbc039_common.py): mean over fields of F1@0.5 and
AP@[.5:.95].

    /usr/bin/python3 tests/tune/bbbc039_tune.py --baseline
    /usr/bin/python3 tests/tune/bbbc039_tune.py --rules
"""
import itertools
import os
import sys

import numpy as np
import scipy.ndimage as ndi
from skimage.feature import peak_local_max
from skimage.filters import threshold_otsu
from skimage.morphology import h_maxima, local_maxima, reconstruction, remove_small_objects
from skimage.segmentation import watershed

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbbc039_common as bc  # noqa: E402
import bbbc039_skimage as sk  # noqa: E402


def load_train():
    return [(bc.image(n).astype(np.float64), bc.labels(n)) for n in bc.fields("train")]


def score(data, fn):
    return bc.mean_scores([bc.quick_score(fn(img), gt) for img, gt in data])


def baseline(data):
    for md, eb in [(3, False), (5, False), (7, False), (10, False), (12, False),
                   (14, False), (16, False), (18, False), (7, True)]:
            f1, ap = score(data, lambda im: sk.recipe(im, md, eb))
            print(f"baseline min_distance={md:2d} exclude_border={eb!s:5}: "
                  f"F1 {f1:.4f} AP {ap:.4f}", flush=True)


# ------------------------------------------------------------ segkit's rule

def object_diameter(mask):
    """Median equivalent diameter of the mask's components (8-connected)."""
    lab, n = ndi.label(mask, np.ones((3, 3)))
    if n == 0:
        return 0.0
    areas = np.bincount(lab.ravel())[1:]
    return float(np.sqrt(4 * np.median(areas) / np.pi))


def make_mask(img, sigma_img=0.0, fill=True, min_area_frac=0.0):
    """Otsu of the (smoothed) image, holes filled, small objects removed;
    and the median object diameter d."""
    g = ndi.gaussian_filter(img, sigma_img, mode="nearest") if sigma_img else img
    mask = g > threshold_otsu(g)
    if fill:
        mask = ndi.binary_fill_holes(mask)
    d = object_diameter(mask)
    if min_area_frac and d:
        mask = remove_small_objects(mask, int(min_area_frac * np.pi * d * d / 4),
                                    connectivity=2)
    return mask, d


def split(mask, d, marker="hmax", h=2.0, md_frac=0.25, sigma_edt=0.0, conn=8,
          h_frac=None):
    """EDT -> markers -> watershed of -EDT inside the mask; h_frac: h is
    that fraction of the median object diameter d."""
    if h_frac is not None:
        h = max(h_frac * d, 1.0)
    dist = ndi.distance_transform_edt(mask)
    if sigma_edt:
        dist = ndi.gaussian_filter(dist, sigma_edt, mode="nearest")
    if marker == "hmax":
        mk = ndi.label(h_maxima(dist, h) & mask, np.ones((3, 3)))[0]
    elif marker == "emax":   # extended maxima: regional maxima of the h-maxima transform
        rec = reconstruction(dist - h, dist)
        mk = ndi.label(local_maxima(rec, connectivity=2) & mask, np.ones((3, 3)))[0]
    else:
        md = max(1, int(round(md_frac * d)))
        coords = peak_local_max(dist, min_distance=md, labels=mask, exclude_border=False)
        pk = np.zeros(mask.shape, bool)
        pk[tuple(coords.T)] = True
        mk = ndi.label(pk)[0]
    return watershed(-dist, mk, mask=mask, connectivity=1 if conn == 4 else 2)


def rules(data, grid):
    data = data[::2]   # coarse sweep: every other training field
    masks = {}
    for mk_kw, sp_kw in grid:
        key = tuple(sorted(mk_kw.items()))
        if key not in masks:
            masks[key] = [(make_mask(img, **mk_kw), gt) for img, gt in data]
        sc = bc.mean_scores([bc.quick_score(split(m, d, **sp_kw), gt)
                             for (m, d), gt in masks[key]])
        print(f"{mk_kw} {sp_kw}: F1 {sc[0]:.4f} AP {sc[1]:.4f}", flush=True)


GRID1 = [(dict(sigma_img=si), kw) for si in (0.0, 1.0, 2.0)
         for kw in [dict(marker="hmax", h=1.0), dict(marker="hmax", h=2.0),
                    dict(marker="hmax", h=3.0), dict(marker="hmax", h=2.0, sigma_edt=1.0),
                    dict(marker="peaks", md_frac=0.35), dict(marker="peaks", md_frac=0.5)]]
GRID2 = [(dict(), dict(marker="hmax", h=h, sigma_edt=s))
         for s in (1.0, 2.0, 3.0) for h in (1.0, 2.0, 3.0)] + \
        [(dict(), dict(marker="peaks", md_frac=f, sigma_edt=s))
         for s in (1.0, 2.0) for f in (0.35, 0.5)] + \
        [(dict(min_area_frac=a), dict(marker="hmax", h=2.0, sigma_edt=1.0))
         for a in (0.05, 0.15)]
GRID3 = [(dict(), dict(marker="emax", h=h, sigma_edt=s))
         for s in (0.0, 1.0) for h in (0.5, 1.0, 2.0, 3.0)]
GRID4 = [(dict(sigma_img=si), dict(marker="emax", h_frac=0.07, conn=c))
         for si, c in [(0.0, 8), (0.0, 4), (1.0, 8)]] + \
        [(dict(), dict(marker="emax", h_frac=f)) for f in (0.05, 0.1)] + \
        [(dict(min_area_frac=0.1), dict(marker="emax", h_frac=0.07))]


def main():
    data = load_train()
    if "--baseline" in sys.argv:
        baseline(data)
    if "--rules" in sys.argv:
        rules(data, GRID1)
    if "--rules4" in sys.argv:
        rules(data, GRID4)
    if "--rules3" in sys.argv:
        rules(data, GRID3)
    if "--rules2" in sys.argv:
        rules(data, GRID2)


if __name__ == "__main__":
    main()
