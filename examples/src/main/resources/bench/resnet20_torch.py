"""PyTorch CPU reference for `llr4j bench vision --torch` and `llr4j bench attack --torch`: median
ms per step of a CIFAR-style ResNet-20 (option-A shortcuts, 16/32/64 channels, BN, ReLU, global
average pooling) on a fixed random batch. Prints one JSON line.

--task train (default): one training step with momentum SGD.
--task pgd: one PGD-Linf attack on the batch in eval mode, as llr4j's Pgd does it: a uniform
random start in the eps-box, --attack-steps signed-gradient steps of --step-size, each projected
onto the box around x0 and [0, 1]; every iterate (start, steps, final) is classified and the first
that fools the model is kept per example. No parameter gradients are formed.

Usage: python3 resnet20_torch.py --batch 128 --height 28 --width 28 --channels 1 --steps 40
With --serve, after the warm-up it prints one JSON line (framework, threads, parameters) and then
runs one step per line read from stdin, answering "ok" after each, until stdin closes: the caller
times the steps interleaved with its own.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

import torch_serve


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


def pgd_step(model, x0, y, eps, step_size, steps):
    """One PGD-Linf attack (random start); returns the first fooling inputs and the fooled mask."""
    x = torch.min(torch.max(x0 + eps * (2 * torch.rand_like(x0) - 1), x0 - eps), x0 + eps).clamp(0, 1)
    fooled = torch.zeros(x0.shape[0], dtype=torch.bool)
    first = x0.clone()
    for k in range(steps + 1):
        last = k == steps
        x.requires_grad_(not last)
        with torch.set_grad_enabled(not last):
            logits = model(x)
            loss = F.cross_entropy(logits, y, reduction="none")
        now = logits.argmax(1) != y
        new = now & ~fooled
        first[new] = x.detach()[new]
        fooled |= now
        if last:
            break
        g, = torch.autograd.grad(loss.sum(), x)
        x = torch.min(torch.max(x.detach() + step_size * g.sign(), x0 - eps), x0 + eps).clamp(0, 1)
    return first, fooled


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--height", type=int, default=28)
    p.add_argument("--width", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    torch_serve.add_common_flags(p, steps=40, warmup=5)
    p.add_argument("--task", choices=("train", "pgd"), default="train")
    p.add_argument("--eps", type=float, default=0.1)
    p.add_argument("--step-size", type=float, default=0.01)
    p.add_argument("--attack-steps", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = ResNet20(a.channels)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.rand(a.batch, a.channels, a.height, a.width)
    y = torch.arange(a.batch) % 10
    def train_step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        float(loss)

    def attack_step():
        _, fooled = pgd_step(model, x, y, a.eps, a.step_size, a.attack_steps)
        int(fooled.sum())

    step = train_step
    if a.task == "pgd":
        model.eval()
        for q in model.parameters():
            q.requires_grad_(False)
        step = attack_step

    torch_serve.run(a, step, sum(q.numel() for q in model.parameters()))


if __name__ == "__main__":
    main()
