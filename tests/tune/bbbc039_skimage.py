#!/usr/bin/python3
"""The classic scikit-image recipe on the BBBC039 fields of one split, label
images written to OUTDIR/<name>.png (16-bit):

    t = skimage.filters.threshold_otsu(img)            # the 16-bit image
    mask = img > t
    dist = scipy.ndimage.distance_transform_edt(mask)
    coords = skimage.feature.peak_local_max(dist, min_distance=MD,
                                            labels=mask, exclude_border=False)
    peaks = np.zeros(mask.shape, bool); peaks[tuple(coords.T)] = True
    markers = scipy.ndimage.label(peaks)[0]
    lab = skimage.segmentation.watershed(-dist, markers, mask=mask)

as in scikit-image's watershed example (plot_watershed.py), with
min_distance instead of its 3x3 footprint and exclude_border=False (else
the nuclei cut by the image edge get no marker and are lost).  MD (default
12) is the best of 3, 5, 7, 10, 12, 14, 16, 18 on the training fields
(bbbc039_tune.py --baseline; docs/watershed-nuclei.md), ~0.43 of the typical
nucleus diameter (~28 px).

    /usr/bin/python3 tests/tune/bbbc039_skimage.py train|val OUTDIR [MD]
"""
import os
import sys

import numpy as np
import scipy.ndimage as ndi
from skimage.feature import peak_local_max
from skimage.filters import threshold_otsu
from skimage.segmentation import watershed

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbbc039_common as bc  # noqa: E402

MIN_DISTANCE = 12


def recipe(img, min_distance=MIN_DISTANCE, exclude_border=False):
    mask = img > threshold_otsu(img)
    dist = ndi.distance_transform_edt(mask)
    coords = peak_local_max(dist, min_distance=min_distance, labels=mask,
                            exclude_border=exclude_border)
    peaks = np.zeros(mask.shape, bool)
    peaks[tuple(coords.T)] = True
    markers = ndi.label(peaks)[0]
    return watershed(-dist, markers, mask=mask)


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in bc.SPLITS:
        sys.exit(__doc__)
    split, out = sys.argv[1], sys.argv[2]
    md = int(sys.argv[3]) if len(sys.argv) == 4 else MIN_DISTANCE
    os.makedirs(out, exist_ok=True)
    for name in bc.fields(split):
        bc.write_labels(os.path.join(out, name + ".png"), recipe(bc.image(name), md))


if __name__ == "__main__":
    main()
