# Expected label images of tests/unit/test_watershed.c, made by scikit-image
# 0.19.3 / scipy 1.10.1 (Debian bookworm python3-skimage) from data/coins.png:
#   /usr/bin/python3 tests/data/watershed/make_skimage.py data/coins.png tests/data/watershed
# Every file is a 16-bit PNG (labels + 1000 where negative labels could occur:
# none do here, so the stored value is the label).
import sys
import numpy as np
import cv2
from scipy import ndimage as ndi
from skimage import filters, measure, morphology
from skimage.segmentation import watershed

coins = cv2.imread(sys.argv[1], cv2.IMREAD_UNCHANGED)
out = sys.argv[2]
t = filters.threshold_otsu(coins)                  # 107 on coins
mask = coins > t
edt = ndi.distance_transform_edt(mask)
markers = measure.label(morphology.h_maxima(edt, 2), connectivity=2)
def save(name, a):
    assert a.min() >= 0 and a.max() < 65536
    cv2.imwrite(f"{out}/{name}.png", a.astype(np.uint16))
save("coins_markers", markers)
save("coins_dt", watershed(-edt, markers, mask=mask))
save("coins_dt_lines", watershed(-edt, markers, mask=mask, watershed_line=True))
save("coins_dt_compact", watershed(-edt, markers, mask=mask, compactness=0.01))
save("coins_dt_8", watershed(-edt, markers, connectivity=2, mask=mask))
save("coins_u8", watershed(coins, markers))
save("coins_u8_lines", watershed(coins, markers, watershed_line=True))
save("coins_u8_8_lines", watershed(coins, markers, connectivity=2, watershed_line=True))
save("coins_u8_compact", watershed(coins, markers, compactness=0.01))
print("otsu", t, "markers", markers.max())
