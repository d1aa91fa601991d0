#!/usr/bin/python3
"""Reference timings for ClassicReferencePerf (same input files): scikit-image and OpenCV.

Run with Debian's python3 (python3-skimage 0.19.3, python3-opencv 4.6.0):
    /usr/bin/python3 benchmarks/python/classic_reference_perf.py /tmp/classic-perf [reps]
Prints min and median wall time of `reps` runs after one warm-up run.
pydensecrf is not installable here (no Debian package, no network to PyPI), so there is no CRF reference.
"""
import sys
import time

import cv2
import numpy as np
import skimage
from PIL import Image
from skimage import measure
from skimage.filters import threshold_otsu
from skimage.segmentation import slic


def bench(name, pixels, reps, fn):
    out = fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    mn, med = ts[0] * 1e3, ts[len(ts) // 2] * 1e3
    print(f"{name:<55} wall min {mn:8.1f} ms  median {med:8.1f} ms  {pixels / 1e3 / mn:7.1f} Mpixel/s (min)  [output {out}]")


def main():
    d = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    print(f"skimage {skimage.__version__}, opencv {cv2.__version__}, numpy {np.__version__}, "
          f"cv2 threads {cv2.getNumThreads()}")
    g = np.array(Image.open(f"{d}/otsu_2048.png"))
    n = g.size

    def sk_otsu_label():
        t = threshold_otsu(g)
        return measure.label(g > t, connectivity=2).max()

    def cv_otsu_cc():
        _, b = cv2.threshold(g, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        k, _ = cv2.connectedComponents(b, connectivity=8)
        return k - 1

    bench("skimage threshold_otsu + measure.label (8-conn), 2048^2", n, reps, sk_otsu_label)
    bench("cv2.threshold OTSU + connectedComponents (8), 2048^2", n, reps, cv_otsu_cc)
    cv2.setNumThreads(1)
    bench("  same, cv2.setNumThreads(1)", n, reps, cv_otsu_cc)
    cv2.setNumThreads(-1)

    rgb = np.array(Image.open(f"{d}/slic_1mp.png").convert("RGB"))
    bench("skimage slic n_segments=400 (defaults), 1224x817", rgb.shape[0] * rgb.shape[1], max(3, reps // 2),
          lambda: len(np.unique(slic(rgb, n_segments=400, start_label=1))))
    if hasattr(cv2, "ximgproc"):
        def cv_slic():
            s = cv2.ximgproc.createSuperpixelSLIC(rgb, cv2.ximgproc.SLIC, region_size=50)
            s.iterate(10)
            return s.getNumberOfSuperpixels()
        bench("cv2.ximgproc SLIC region_size 50 (~400), 10 it.", rgb.shape[0] * rgb.shape[1], max(3, reps // 2), cv_slic)
    else:
        print("cv2.ximgproc (opencv-contrib) not available: no OpenCV SLIC figure")
    try:
        import pydensecrf  # noqa: F401
        print("pydensecrf available (not timed by this script)")
    except ImportError:
        print("pydensecrf: not installed / not installable here — no dense CRF reference")


if __name__ == "__main__":
    main()
