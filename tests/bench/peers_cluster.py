"""SLIC and Felzenszwalb: scikit-image and segkit (libsegkit.so through ctypes) timed in one
process, call by call in turn, on the same RGB image, so that the ratios hold on a loaded
machine.  The calls are ../shared/bench/skimage_bench.py's:
    skimage.segmentation.slic(img, n_segments=1000, compactness=10, start_label=1)
    skimage.segmentation.felzenszwalb(img, scale=100, sigma=0.8, min_size=50)
and segkit_slic / segkit_felzenszwalb with the same parameters (their labels equal skimage's on
skimage's sample images: tests/unit/test_cluster.c).  Each round keeps each kernel's best of
2 calls (Felzenszwalb: 1; skimage's takes a minute on 4096x3072), timed as the thread's CPU time
(time.thread_time: both run single-threaded in this thread, and a loaded machine's waiting is not
counted); printed: each round, then the median ratio over the rounds and the best of all.
k-means against cv2.kmeans is timed in C++ (tests/bench/peer_cluster.cpp).

usage: /usr/bin/python3 peers_cluster.py IMAGE LIBSEGKIT_SO [ROUNDS [SCALE [ISA [WHICH [INPUT]]]]]
  (e.g. build-rel/libsegkit.so; SCALE 0.5 halves the image's sides first, with cv2.INTER_AREA;
  ISA -1 (default: the best the CPU has), 0 baseline, 1 AVX2, 2 AVX-512 for SLIC needs the shim
  tests/bench/slic_isa_shim.c built as its comment says, given as LIBSEGKIT_SO; WHICH: slic,
  felzenszwalb or all (default); INPUT, for SLIC: rgb (default: the 8-bit RGB image), sigma1 (the
  same with sigma=1 on both sides), u16 (the image x257 as uint16), f32 (the image / 255 as
  float32) or rgba (uint8 with an alpha channel 255 - R, four channels clustered as they are:
  skimage converts only 3-channel images to Lab))"""
import ctypes as C
import statistics
import sys
import time

import cv2
import numpy as np
from skimage import segmentation


class Image(C.Structure):
    _fields_ = [("width", C.c_int), ("height", C.c_int), ("channels", C.c_int), ("type", C.c_int),
                ("stride", C.c_size_t), ("data", C.c_void_p), ("owns_data", C.c_int)]


class SlicParams(C.Structure):
    _fields_ = [("n_segments", C.c_int), ("compactness", C.c_double), ("max_iter", C.c_int),
                ("sigma", C.c_double), ("convert_lab", C.c_int), ("enforce_connectivity", C.c_int),
                ("min_size_factor", C.c_double), ("max_size_factor", C.c_double),
                ("start_label", C.c_int)]


class FzParams(C.Structure):
    _fields_ = [("scale", C.c_double), ("sigma", C.c_double), ("min_size", C.c_int)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bgr = cv2.imread(sys.argv[1], cv2.IMREAD_COLOR)
    lib = C.CDLL(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    scale = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    isa = int(sys.argv[5]) if len(sys.argv) > 5 else -1
    which = sys.argv[6] if len(sys.argv) > 6 else "all"
    variant = sys.argv[7] if len(sys.argv) > 7 else "rgb"
    if scale != 1.0:
        bgr = cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    img = np.ascontiguousarray(bgr[:, :, ::-1])
    h, w = img.shape[:2]
    src = Image(w, h, 3, 0, w * 3, img.ctypes.data, 0)
    # SLIC's input (segkit's image types: 0 u8, 1 u16, 2 f32)
    sigma = 1.0 if variant == "sigma1" else 0.0
    if variant == "u16":
        simg = img.astype(np.uint16) * 257
    elif variant == "f32":
        simg = (img / np.float32(255)).astype(np.float32)
    elif variant == "rgba":
        simg = np.ascontiguousarray(np.dstack([img, 255 - img[:, :, 0]]))
    else:
        simg = img
    stype = {np.dtype(np.uint8): 0, np.dtype(np.uint16): 1, np.dtype(np.float32): 2}[simg.dtype]
    sch = simg.shape[2]
    ssrc = Image(w, h, sch, stype, simg.strides[0], simg.ctypes.data, 0)
    sp = SlicParams()
    lib.segkit_slic_params_default.restype = SlicParams
    sp = lib.segkit_slic_params_default()
    sp.n_segments, sp.compactness, sp.sigma = 1000, 10.0, sigma
    fp = FzParams(100.0, 0.8, 50)
    lib.segkit_image_free.argtypes = [C.POINTER(Image)]

    def ours(fn, params, *extra, image=src):
        def run():
            out, n = Image(), C.c_int32()
            if fn(C.byref(image), C.byref(params), C.byref(out), C.byref(n), *extra) != 0:
                sys.exit("segkit call failed")
            lib.segkit_image_free(C.byref(out))
            return n.value
        return run

    kernels = [
        (f"slic n=1000 c=10 {variant}",
         lambda: segmentation.slic(simg, n_segments=1000, compactness=10, sigma=sigma,
                                   start_label=1),
         ours(lib.segkit_slic, sp, image=ssrc) if isa < 0
         else ours(lib.bench_slic_isa, sp, C.c_int(isa), image=ssrc), 2),
        ("felzenszwalb 100/0.8/50",
         lambda: segmentation.felzenszwalb(img, scale=100, sigma=0.8, min_size=50),
         ours(lib.segkit_felzenszwalb, fp), 1),
    ]
    kernels = [k for k in kernels if which == "all" or k[0].startswith(which)]
    mp = w * h / 1e6
    print(f"{w}x{h} ({mp:.2f} MP), {rounds} rounds, SLIC ISA {isa}, input {variant}; thread CPU "
          "ms, ratio skimage/segkit", flush=True)
    for name, sk, sg, reps in kernels:
        ratios, best_sk, best_sg = [], 1e30, 1e30
        for r in range(rounds):
            t = {"sk": 1e30, "sg": 1e30}
            for _ in range(reps):
                for tag, f in (("sk", sk), ("sg", sg)):
                    t0 = time.thread_time()
                    f()
                    t[tag] = min(t[tag], time.thread_time() - t0)
            ratios.append(t["sk"] / t["sg"])
            best_sk, best_sg = min(best_sk, t["sk"]), min(best_sg, t["sg"])
            print(f"  {name} round {r}: skimage {t['sk'] * 1e3:.0f} ms, segkit "
                  f"{t['sg'] * 1e3:.0f} ms, ratio {ratios[-1]:.1f}", flush=True)
        print(f"{name:26s} median ratio {statistics.median(ratios):.1f}; best skimage "
              f"{best_sk * 1e3:.0f} ms ({mp / best_sk:.2f} MP/s), segkit {best_sg * 1e3:.0f} ms "
              f"({mp / best_sg:.2f} MP/s) = {best_sk / best_sg:.1f}x", flush=True)


main()
