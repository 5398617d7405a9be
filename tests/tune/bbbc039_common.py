"""Shared helpers of the BBBC039 scripts (tests/tune/bbbc039_*.py): the
fields of each split, reading them, and a quick instance scorer used while
sweeping (the figures reported in docs/watershed-nuclei.md come from
segkit-metrics -t instance, see bbbc039_run.sh; quick_score gives the same
per-field F1 and dsb_score, checked on training fields).

Run with Debian's python3 (/usr/bin/python3: numpy, scipy, skimage)."""
import csv
import os

import numpy as np
import skimage.io

DATA = os.environ.get(
    "BBBC039",
    os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data",
                 "bbbc039-train"))
SPLITS = {"train": "training", "val": "validation"}


def fields(split):
    """Names of the fields of split ('train' or 'val'), in csv order."""
    with open(os.path.join(DATA, "trainval_split_counts.csv")) as f:
        return [r["name"] for r in csv.DictReader(f) if r["split"] == SPLITS[split]]


def image(name):
    return skimage.io.imread(os.path.join(DATA, "images", name + ".png"))


def labels(name):
    return skimage.io.imread(os.path.join(DATA, "labels", name + ".png"))


def write_labels(path, lab):
    """A 16-bit PNG label image (segkit-metrics reads it as instance ids)."""
    if lab.max() > 65535:
        raise ValueError("more than 65535 objects")
    skimage.io.imsave(path, lab.astype(np.uint16), check_contrast=False)


def _dense(lab):
    """Labels renumbered 0 (background), 1..n."""
    x = np.concatenate([[0], np.asarray(lab).ravel().astype(np.int64)])
    return np.unique(x, return_inverse=True)[1][1:]


THRESHOLDS = np.arange(0.5, 0.951, 0.05)


def quick_score(pred, gt):
    """(F1 at IoU > 0.5, mean over t = 0.50:0.05:0.95 of TP/(TP+FP+FN)) of
    one image, as segkit_metrics_instance defines them (for t >= 0.5 a match
    is unique); None when both sides are empty (segkit-metrics --empty skip).
    """
    pred, gt = _dense(pred), _dense(gt)
    np_, ng = int(pred.max()), int(gt.max())
    if np_ == 0 and ng == 0:
        return None
    inter = np.bincount(pred * (ng + 1) + gt, minlength=(np_ + 1) * (ng + 1))
    inter = inter.reshape(np_ + 1, ng + 1)[1:, 1:].astype(float)
    ap = np.bincount(pred, minlength=np_ + 1)[1:].astype(float)
    ag = np.bincount(gt, minlength=ng + 1)[1:].astype(float)
    iou = inter / (ap[:, None] + ag[None, :] - inter) if np_ and ng else np.zeros((np_, ng))
    f1 = None
    aps = []
    for t in THRESHOLDS:
        tp = int((iou > t).sum())
        fp, fn = np_ - tp, ng - tp
        aps.append(tp / (tp + fp + fn))
        if f1 is None:
            f1 = 2 * tp / (2 * tp + fp + fn)
    return f1, float(np.mean(aps))


def mean_scores(scores):
    """Mean F1 and AP over the images that have a score."""
    s = [x for x in scores if x is not None]
    return float(np.mean([x[0] for x in s])), float(np.mean([x[1] for x in s]))
