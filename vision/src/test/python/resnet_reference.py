"""Float64 PyTorch re-implementation of llr4j's post-activation ResNet-18/50 (vision.models.ResNet)
in training mode, for ResNetTorchReferenceTest and the gradient-check investigation of issue 15.

Usage: resnet_reference.py DUMP... [--fd]
DUMP is written by ResNetTorchReferenceTest.dump: one tensor per line, name<TAB>dims<TAB>values
(weights as var:NAME, TF's gradients as grad:NAME, the NHWC input, mean, std, projection r, y).
Prints, per trainable tensor, the error of TF's float32 gradient against autograd in float64,
max |g_tf - g_ref| / max(max |g_ref|, 1e-3 G) over the tensor's elements, G the largest |g_ref| of
the model (an element-wise relative error is the wrong yardstick for float32 against float64: the
batch-norm backward pass cancels terms of size G, so small elements carry absolute errors of
about 1e-5 G; a kernel feeding a batch norm through one channel has a true gradient of 0 by scale
invariance), and as the last line "max_rel_error E", the worst tensor. With --fd it also prints, for the tensors ModelGradientTest checks, float64
central differences at several steps h against autograd, and the smallest batch standard deviation
seen by any batch norm.
"""
import sys

import torch
import torch.nn.functional as F

EPS = 1e-5
FLOOR = 1e-2


def load(path):
    tensors = {}
    with open(path) as f:
        for line in f:
            name, dims, values = line.rstrip("\n").split("\t")
            shape = [int(d) for d in dims.split(",")]
            data = [float(v) for v in values.split(" ")]
            tensors[name] = torch.tensor(data, dtype=torch.float64).reshape(shape)
    return tensors


def same_pad(x, k, stride):
    """TF's SAME padding (NCHW): total max((ceil(n/s) - 1) s + k - n, 0), the extra one at the end."""
    def split(n):
        out = -(-n // stride)
        total = max((out - 1) * stride + k - n, 0)
        return total // 2, total - total // 2
    top, bottom = split(x.shape[2])
    left, right = split(x.shape[3])
    return F.pad(x, (left, right, top, bottom))


def conv(x, kernel, stride):
    """kernel HWIO as TF stores it."""
    return F.conv2d(same_pad(x, kernel.shape[0], stride), kernel.permute(3, 2, 0, 1), stride=stride)


class Net:
    def __init__(self, params, depth):
        self.p = params
        self.depth = depth
        self.stds = []

    def bn(self, x, name):
        mean = x.mean(dim=(0, 2, 3), keepdim=True)
        var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
        self.stds.append((name, float(var.detach().sqrt().min()), x.shape[0] * x.shape[2] * x.shape[3]))
        g = self.p[name + "/gamma"].view(1, -1, 1, 1)
        b = self.p[name + "/beta"].view(1, -1, 1, 1)
        return g * (x - mean) / torch.sqrt(var + EPS) + b

    @staticmethod
    def subsample(x):
        """Rows and columns 1, 3, ... on an even size, 0, 2, ... on an odd one (Blocks.subsample)."""
        h, w = x.shape[2], x.shape[3]
        return x[:, :, (1 if h % 2 == 0 else 0)::2, (1 if w % 2 == 0 else 0)::2]

    def forward(self, pixels_nhwc, mean, std):
        p = self.p
        self.stds = []
        x = ((pixels_nhwc - mean) / std).permute(0, 3, 1, 2)
        y = F.relu(self.bn(conv(x, p["stem_conv/kernel"], 1), "stem_bn"))
        counts = [3, 4, 6, 3] if self.depth == 50 else [2, 2, 2, 2]
        for stage, n in enumerate(counts):
            for b in range(n):
                pre = "stage%d_block%d/" % (stage + 1, b)
                stride = 2 if stage > 0 and b == 0 else 1
                if self.depth == 50:
                    h = F.relu(self.bn(conv(y, p[pre + "conv1/kernel"], 1), pre + "bn1"))
                    h = F.relu(self.bn(conv(h, p[pre + "conv2/kernel"], stride), pre + "bn2"))
                    h = self.bn(conv(h, p[pre + "conv3/kernel"], 1), pre + "bn3")
                else:
                    h = F.relu(self.bn(conv(y, p[pre + "conv1/kernel"], stride), pre + "bn1"))
                    h = self.bn(conv(h, p[pre + "conv2/kernel"], 1), pre + "bn2")
                sc = y
                if pre + "shortcut_conv/kernel" in p:
                    sc = self.subsample(y) if stride == 2 else y
                    sc = self.bn(conv(sc, p[pre + "shortcut_conv/kernel"], 1), pre + "shortcut_bn")
                y = F.relu(h + sc)
        pooled = y.mean(dim=(2, 3))
        return pooled @ p["head/kernel"] + p["head/bias"]


def main():
    for path in [a for a in sys.argv[1:] if not a.startswith("--")]:
        print("== " + path)
        check(path, "--fd" in sys.argv)


def check(path, fd):
    t = load(path)
    depth = int(t["meta:depth"].item())
    names = [k[4:] for k in t if k.startswith("var:")]
    params = {n: t["var:" + n].clone().requires_grad_(True) for n in names}
    net = Net(params, depth)

    def objective():
        return (net.forward(t["input"], t["mean"], t["std"]) * t["r"]).sum()

    y = objective()
    grads = torch.autograd.grad(y, [params[n] for n in names])
    print("y: torch float64 %.7g, TF float32 %.7g" % (y.item(), t["y"].item()))
    print("y_rel_error %.3e" % (abs(y.item() - t["y"].item()) / max(abs(y.item()), 1e-6)))
    worst = 0.0
    scale = max(g.abs().max().item() for g in grads)
    for n, g in zip(names, grads):
        tfg = t["grad:" + n]
        err = (tfg - g).abs().max().item() / max(g.abs().max().item(), 1e-3 * scale)
        worst = max(worst, err)
        print("%-36s max|g| %.3e  rel.err %.2e" % (n, g.abs().max().item(), err))
    if fd:
        print("smallest batch std per batch norm (values per channel):")
        for name, sd, count in sorted(net.stds, key=lambda e: e[1])[:6]:
            print("  %-30s %.3e (%d)" % (name, sd, count))
        # ModelGradientTest.postActivationResNetsTrainingMode's picks, plus the stem kernel (names[0])
        # whose differences converge only at h <= 1e-5
        n = len(names)
        picks = [n // 2, n - 4, n - 2] if depth == 18 else [n - 5, n - 4, n - 2]
        checked = [names[0]] + [names[i] for i in picks]
        for dtype in (torch.float64, torch.float32):
            cast = {n: params[n].detach().to(dtype).clone() for n in names}
            net32 = Net(cast, depth)
            inputs = [t["input"].to(dtype), t["mean"].to(dtype), t["std"].to(dtype)]
            r = t["r"].to(dtype)

            def value():
                return (net32.forward(*inputs) * r).sum().item()

            for n, g in zip(names, grads):
                if n not in checked or g.numel() > 300:
                    continue
                flat = cast[n].view(-1)  # cast tensors are fresh contiguous clones
                for h in (1e-2, 1e-3, 3e-4, 1e-5, 1e-7):
                    if dtype == torch.float32 and h < 1e-4:
                        continue
                    worst_fd = 0.0
                    with torch.no_grad():
                        for i in range(flat.numel()):
                            old = flat[i].item()
                            flat[i] = old + h
                            hp = flat[i].item() - old
                            plus = value()
                            flat[i] = old - h
                            hm = old - flat[i].item()
                            minus = value()
                            flat[i] = old
                            num = (plus - minus) / (hp + hm)
                            gi = g.reshape(-1)[i].item()
                            worst_fd = max(worst_fd, abs(gi - num) / max(abs(gi), abs(num), FLOOR))
                    print("central differences in %s, %-28s h %.0e: max rel.err %.3e"
                          % (str(dtype)[6:], n, h, worst_fd))
    print("max_rel_error %.3e" % worst)


if __name__ == "__main__":
    main()
