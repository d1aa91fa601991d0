"""Writes the small dense-CRF inputs used by tessera-classic's DenseCrfReferenceTest.

Usage: python3 crf_reference_cases.py OUT_DIR
Each case is OUT_DIR/<name>.in in the format read by benchmarks/cpp/densecrf_reference_driver.cpp:
int32 W, H, M, iterations; float32 bilateralXy, bilateralRgb, bilateralWeight, gaussianXy, gaussianWeight
(weight 0 = kernel absent); uint8 RGB[W*H*3]; float32 unary[W*H*M] (pixel-major, label fastest).
The reference output <name>.q (float32 Q[W*H*M], same layout) is produced by running the driver on each file.
"""
import os
import sys

import numpy as np


def blocky_image(rng, w, h, noise):
    img = np.zeros((h, w, 3), np.float64)
    for _ in range(6):
        x0, y0 = rng.integers(0, w - 4), rng.integers(0, h - 4)
        x1, y1 = rng.integers(x0 + 3, w + 1), rng.integers(y0 + 3, h + 1)
        img[y0:y1, x0:x1] = rng.integers(0, 256, 3)
    img += rng.normal(0, noise, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def unary_from_noisy_labels(rng, img, m, temp):
    h, w, _ = img.shape
    # class = a hash of the block color, then noisy logits
    key = (img[..., 0].astype(np.int64) // 64 * 7 + img[..., 1].astype(np.int64) // 64 * 3
           + img[..., 2].astype(np.int64) // 64) % m
    logits = rng.normal(0, 1.0, (h, w, m))
    logits[np.arange(h)[:, None], np.arange(w)[None, :], key] += 1.0
    p = np.exp(logits / temp)
    p /= p.sum(-1, keepdims=True)
    return (-np.log(np.maximum(p, 1e-5))).astype(np.float32)


def write(path, img, unary, it, bil, gau):
    h, w, _ = img.shape
    m = unary.shape[-1]
    with open(path, "wb") as f:
        f.write(np.array([w, h, m, it], "<i4").tobytes())
        f.write(np.array([bil[0], bil[1], bil[2], gau[0], gau[1]], "<f4").tobytes())
        f.write(img.tobytes())
        f.write(unary.astype("<f4").tobytes())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261208)
    cases = [
        # name, w, h, labels, iterations, bilateral (xy, rgb, w), gaussian (xy, w)
        ("l2_bilateral_5it", 40, 30, 2, 5, (80, 13, 10), (3, 0)),
        ("l2_gaussian_5it", 40, 30, 2, 5, (80, 13, 0), (3, 3)),
        ("l2_both_1it", 37, 23, 2, 1, (20, 10, 5), (3, 3)),
        ("l21_both_5it", 32, 24, 21, 5, (80, 13, 10), (3, 3)),
        ("l21_both_10it", 29, 31, 21, 10, (15, 20, 4), (2, 3)),
    ]
    for name, w, h, m, it, bil, gau in cases:
        img = blocky_image(rng, w, h, 8.0)
        unary = unary_from_noisy_labels(rng, img, m, 1.5)
        write(os.path.join(out, name + ".in"), img, unary, it, bil, gau)


if __name__ == "__main__":
    main()
