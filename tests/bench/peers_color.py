"""scikit-image's side of segkit-color's benchmark (tests/bench/peer_color.cpp has OpenCV's): scikit-image
and segkit (libsegkit.so through ctypes) timed in one process, call by call in turn, on the same
8-bit RGB image, so that the ratios hold on a loaded machine:
    rgb2lab      skimage.color.rgb2lab(img)  vs  segkit_color_convert_opencv_to(img, lab) (8-bit,
                 OpenCV's encoding: issue 12's "Lab conversion (8-bit, OpenCV-compatible)") and
                 segkit_color_convert(img, lab) (float, skimage's values)
    de2000 mask  deltaE_ciede2000(rgb2lab(#ff7f00), rgb2lab(img)) <= 12  vs
                 segkit_color_distance_mask(img, lab(#ff7f00), CIEDE2000, tol 12)
skimage runs on the top-left W x H crop (it is linear in the pixel count, so its rate stands for the
whole image), segkit on the whole image.  Each round keeps each kernel's best of REPS calls; printed:
each round, then the median ratio (segkit's Mpixel/s / skimage's) over the rounds.

usage: /usr/bin/python3 tests/bench/peers_color.py IMAGE LIBSEGKIT_SO [ROUNDS [W H]]
       /usr/bin/python3 tests/bench/peers_color.py --serve IMAGE   (tests/bench/peer_color.cpp's
       co-process: times skimage's two kernels once per line read, for the per-ISA figures)
   e.g. tests/bench/peers_color.py /tmp/segkit-peer-bench/fruits_4096x3072.png build-rel/libsegkit.so
"""
import ctypes as C
import statistics
import sys
import time

import cv2
import numpy as np
from skimage import color

REPS = 2


class Image(C.Structure):
    _fields_ = [("width", C.c_int), ("height", C.c_int), ("channels", C.c_int), ("type", C.c_int),
                ("stride", C.c_size_t), ("data", C.c_void_p), ("owns_data", C.c_int)]


class Space(C.Structure):
    _fields_ = [("id", C.c_int), ("d50", C.c_int), ("bt709", C.c_int), ("full_range", C.c_int)]


class DeParams(C.Structure):
    _fields_ = [("formula", C.c_int), ("kL", C.c_double), ("kC", C.c_double), ("kH", C.c_double),
                ("k1", C.c_double), ("k2", C.c_double), ("cmc_l", C.c_double),
                ("cmc_c", C.c_double)]


def best(f, reps=REPS):
    t = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return min(t)


def serve(path, w=1024, h=768):
    """--serve IMAGE: scikit-image's side for tests/bench/peer_color.cpp: one line in, one round out
    (rgb2lab and the CIEDE2000 mask within 12 of #ff7f00 on the top-left crop, best of REPS each,
    as Mpixel/s)"""
    img = np.ascontiguousarray(cv2.imread(path, cv2.IMREAD_COLOR)[:, :, ::-1])
    crop = np.ascontiguousarray(img[:h, :w])
    ref = color.rgb2lab(np.array([[[255, 127, 0]]], dtype=np.uint8))[0, 0]
    mp = w * h / 1e6
    for line in sys.stdin:
        if not line.strip():
            break
        t_lab = best(lambda: color.rgb2lab(crop))
        t_de = best(lambda: color.deltaE_ciede2000(np.broadcast_to(ref, crop.shape),
                                                   color.rgb2lab(crop)) <= 12)
        print("%.4f %.4f" % (mp / t_lab, mp / t_de), flush=True)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(sys.argv[2])
        return
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    img = np.ascontiguousarray(cv2.imread(sys.argv[1], cv2.IMREAD_COLOR)[:, :, ::-1])
    lib = C.CDLL(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    w, h = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else (1024, 768)
    crop = np.ascontiguousarray(img[:h, :w])
    H, W = img.shape[:2]
    mp_sk, mp_us = w * h / 1e6, W * H / 1e6
    src = Image(W, H, 3, 0, W * 3, img.ctypes.data, 0)
    lab8 = np.zeros_like(img)
    out8 = Image(W, H, 3, 0, W * 3, lab8.ctypes.data, 0)
    lib.segkit_color_convert_opencv_to.argtypes = [C.POINTER(Image), C.c_int, C.POINTER(Image)]
    lib.segkit_color_convert.argtypes = [C.POINTER(Image), C.POINTER(Space), C.POINTER(Image)]
    lib.segkit_color_distance_mask.argtypes = [C.POINTER(Image), C.POINTER(C.c_double * 3), C.c_int,
                                               C.POINTER(DeParams), C.c_double, C.POINTER(Image)]
    lib.segkit_image_free.argtypes = [C.POINTER(Image)]
    lib.segkit_delta_e_params_default.restype = DeParams
    dp = lib.segkit_delta_e_params_default()
    lab_space = Space(3, 0, 0, 0)  # SEGKIT_SPACE_LAB
    ref = color.rgb2lab(np.array([[[255, 127, 0]]], dtype=np.uint8))[0, 0]
    ref_c = (C.c_double * 3)(*ref)

    def lab8_ours():
        assert lib.segkit_color_convert_opencv_to(C.byref(src), 3, C.byref(out8)) == 0

    def labf_ours():
        o = Image()
        assert lib.segkit_color_convert(C.byref(src), C.byref(lab_space), C.byref(o)) == 0
        lib.segkit_image_free(C.byref(o))

    def de_ours():
        o = Image()
        assert lib.segkit_color_distance_mask(C.byref(src), C.byref(ref_c), 1, C.byref(dp), 12.0,
                                              C.byref(o)) == 0
        lib.segkit_image_free(C.byref(o))

    def de_sk():
        return color.deltaE_ciede2000(np.broadcast_to(ref, crop.shape), color.rgb2lab(crop)) <= 12

    # the same mask on the crop first (skimage's own decision, not ours, is the reference)
    o = Image()
    csrc = Image(w, h, 3, 0, W * 3, img.ctypes.data, 0)
    lib.segkit_color_distance_mask(C.byref(csrc), C.byref(ref_c), 1, C.byref(dp), 12.0, C.byref(o))
    ours = np.ctypeslib.as_array(C.cast(o.data, C.POINTER(C.c_uint8)), shape=(h, o.stride))[:, :w]
    print("de2000 mask on the crop: %d pixels differ from skimage's" %
          int(np.count_nonzero((ours == 255) != de_sk())))
    lib.segkit_image_free(C.byref(o))
    r_lab8, r_labf, r_de = [], [], []
    for k in range(rounds):
        t_sk_lab = best(lambda: color.rgb2lab(crop))
        t_lab8 = best(lab8_ours)
        t_labf = best(labf_ours)
        t_sk_de = best(de_sk)
        t_de = best(de_ours)
        r_lab8.append((mp_us / t_lab8) / (mp_sk / t_sk_lab))
        r_labf.append((mp_us / t_labf) / (mp_sk / t_sk_lab))
        r_de.append((mp_us / t_de) / (mp_sk / t_sk_de))
        print("round %d: skimage rgb2lab %.2f MP/s, segkit lab8 %.1f (x%.1f), float lab %.1f (x%.1f); "
              "skimage CIEDE2000 mask %.2f MP/s, segkit %.1f (x%.1f)"
              % (k, mp_sk / t_sk_lab, mp_us / t_lab8, r_lab8[-1], mp_us / t_labf, r_labf[-1],
                 mp_sk / t_sk_de, mp_us / t_de, r_de[-1]), flush=True)
    print("median ratio (segkit MP/s / skimage MP/s): lab8 vs rgb2lab %.1f, float lab vs rgb2lab %.1f, "
          "de2000 mask %.1f" % (statistics.median(r_lab8), statistics.median(r_labf),
                                statistics.median(r_de)))


if __name__ == "__main__":
    main()
