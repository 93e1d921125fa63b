"""PyTorch reference for the vision accuracy target: ResNet-20 (the same option-A network as
`llr4j bench vision --torch`) trained on Fashion-MNIST with the recipe of `llr4j train`:
momentum SGD 0.9, lr 0.1, weight decay 5e-4 (coupled), batch 128, cosine schedule (per step or
per epoch), random crop with zero padding + horizontal flip, normalisation by the training mean/std.
Prints the test accuracy after every epoch as JSON lines. Initialisation: PyTorch's default, or with
--init he the one llr4j's ResNetCifar uses (He normal, fan_out, for every convolution; the linear
head keeps PyTorch's default), for a comparison that differs in framework only.

Usage: /usr/bin/python3 tools/reference/resnet20_fmnist_torch.py --epochs 3 --crop-pad 2 --schedule step
(Debian's python3-torch; needs /usr/share/datasets/fashion-mnist from dataset-fashion-mnist)
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "src", "main", "resources", "bench"))
from resnet20_torch import ResNet20  # noqa: E402


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def augment(x, pad, gen):
    n, _, h, w = x.shape
    if pad > 0:
        padded = F.pad(x, (pad, pad, pad, pad))
        dx = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
        dy = torch.randint(0, 2 * pad + 1, (n,), generator=gen)
        x = torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])
    flip = torch.rand(n, generator=gen) < 0.5
    x[flip] = x[flip].flip(3)
    return x


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--crop-pad", type=int, default=4)
    p.add_argument("--schedule", choices=["step", "epoch"], default="step")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--init", choices=["default", "he"], default="default")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr = torch.tensor(idx(f"{a.data}/train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    ytr = torch.tensor(idx(f"{a.data}/train-labels-idx1-ubyte.gz"), dtype=torch.int64)
    xte = torch.tensor(idx(f"{a.data}/t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    yte = torch.tensor(idx(f"{a.data}/t10k-labels-idx1-ubyte.gz"), dtype=torch.int64)
    mean, std = xtr.mean().item(), xtr.std().item()
    model = ResNet20(1)
    if a.init == "he":
        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                torch.nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4)
    per_epoch = math.ceil(len(xtr) / 128)
    total = per_epoch * a.epochs
    step = 0
    for epoch in range(a.epochs):
        model.train()
        t0 = time.time()
        order = torch.randperm(len(xtr), generator=gen)
        for b in range(per_epoch):
            if a.schedule == "step":
                lr = 0.5 * a.lr * (1 + math.cos(math.pi * step / total))
            else:
                lr = 0.5 * a.lr * (1 + math.cos(math.pi * epoch / a.epochs))
            for g in opt.param_groups:
                g["lr"] = lr
            i = order[b * 128:(b + 1) * 128]
            x = (augment(xtr[i].clone(), a.crop_pad, gen) - mean) / std
            opt.zero_grad()
            F.cross_entropy(model(x), ytr[i]).backward()
            opt.step()
            step += 1
        model.eval()
        correct = 0
        with torch.no_grad():
            for j in range(0, len(xte), 500):
                correct += (model((xte[j:j + 500] - mean) / std).argmax(1) == yte[j:j + 500]).sum().item()
        print(json.dumps({"epoch": epoch, "test_accuracy": correct / len(xte), "seconds": round(time.time() - t0, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
