"""PyTorch CPU reference for `llr4j bench vision --torch`: median ms per training step of a
CIFAR-style ResNet-20 (option-A shortcuts, 16/32/64 channels, BN, ReLU, global average pooling)
with momentum SGD, on a fixed random batch. Prints one JSON line.

Usage: python3 resnet20_torch.py --batch 128 --height 28 --width 28 --channels 1 --steps 40
With --serve, after the warm-up it prints one JSON line (framework, threads, parameters) and then
runs one training step per line read from stdin, answering "ok" after each, until stdin closes:
the caller times the steps interleaved with its own.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.stride = stride
        self.extra = cout - cin

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = x
        if self.stride != 1 or self.extra:
            # option A: subsample and zero-pad the channels
            s = x[:, :, ::self.stride, ::self.stride]
            s = F.pad(s, (0, 0, 0, 0, self.extra // 2, self.extra - self.extra // 2))
        return F.relu(y + s)


class ResNet20(nn.Module):
    def __init__(self, channels, classes=10, n=3):
        super().__init__()
        self.conv = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = self.blocks(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--height", type=int, default=28)
    p.add_argument("--width", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--serve", action="store_true", help="step on request (one per stdin line)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="intra-op threads (default: all cores, like TensorFlow; Debian's build may start at 1)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = ResNet20(a.channels)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.rand(a.batch, a.channels, a.height, a.width)
    y = torch.arange(a.batch) % 10
    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        float(loss)

    params = sum(q.numel() for q in model.parameters())
    if a.serve:
        for _ in range(a.warmup):
            step()
        print(json.dumps({"framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(),
                          "parameters": params}), flush=True)
        for _ in sys.stdin:
            step()
            print("ok", flush=True)
        return
    times = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        step()
        if i >= a.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(),
                      "median_ms": statistics.median(times), "parameters": params, "steps": a.steps}))


if __name__ == "__main__":
    main()
