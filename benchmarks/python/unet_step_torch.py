"""PyTorch eager reference for Tessera's U-Net training step (tessera-train UNet + AdamW + weighted cross-entropy).

Same architecture as org.tessera.train.UNet: padded 3x3 conv (no bias) + BatchNorm + ReLU twice per stage, 2x2 max
pooling, 2x2 stride-2 transposed convolution with bias, concat(skip, up), 1x1 head. One step = forward, weighted
cross-entropy with ignore index, backward, AdamW update (lr 1e-3, wd 1e-4). Prints the median and min of the timed
steps in milliseconds.

usage: /usr/bin/python3 unet_step_torch.py WIDTH DEPTH BATCH H W CLASSES THREADS WARMUP STEPS
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn_relu(i, o):
    return [nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]


class UNet(nn.Module):
    def __init__(self, width, depth, classes):
        super().__init__()
        self.depth = depth
        self.enc = nn.ModuleList()
        c_in = 3
        for s in range(depth + 1):
            c = width << s
            self.enc.append(nn.Sequential(*conv_bn_relu(c_in, c), *conv_bn_relu(c, c)))
            c_in = c
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for s in range(depth - 1, -1, -1):
            c = width << s
            self.up.append(nn.ConvTranspose2d(width << (s + 1), c, 2, stride=2))
            self.dec.append(nn.Sequential(*conv_bn_relu(2 * c, c), *conv_bn_relu(c, c)))
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        skips = []
        h = x
        for s in range(self.depth + 1):
            if s > 0:
                h = F.max_pool2d(h, 2)
            h = self.enc[s](h)
            if s < self.depth:
                skips.append(h)
        for k, s in enumerate(range(self.depth - 1, -1, -1)):
            h = self.up[k](h)
            h = torch.cat([skips[s], h], 1)
            h = self.dec[k](h)
        return self.head(h)


def main():
    width, depth, batch, hh, ww, classes, threads, warmup, steps = map(int, sys.argv[1:10])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = UNet(width, depth, classes)
    decay = [p for n, p in net.named_parameters() if p.dim() == 4]
    other = [p for n, p in net.named_parameters() if p.dim() != 4]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-4}, {"params": other, "weight_decay": 0.0}], lr=1e-3)
    g = torch.Generator().manual_seed(1)
    x = torch.rand(batch, 3, hh, ww, generator=g)
    y = torch.randint(0, classes + 1, (batch, hh, ww), generator=g)  # classes = ignore index
    weight = torch.linspace(0.5, 2.0, classes)
    net.train()
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y, weight=weight, ignore_index=classes)
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        if i >= warmup:
            times.append(dt * 1000)
    times.sort()
    params = sum(p.numel() for p in net.parameters())
    print(f"torch {torch.__version__} threads {threads} params {params} batch {batch} {hh}x{ww}: "
          f"median {times[len(times) // 2]:.1f} ms min {times[0]:.1f} ms over {steps} steps")


if __name__ == "__main__":
    main()
