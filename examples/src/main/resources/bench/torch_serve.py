"""What the PyTorch bench references share: their common flags, and running a step function either
as a server for llr4j's interleaved rounds (--serve) or timed on its own."""
import json
import os
import statistics
import sys
import time

import torch


def add_common_flags(p, steps, warmup):
    p.add_argument("--steps", type=int, default=steps)
    p.add_argument("--warmup", type=int, default=warmup)
    p.add_argument("--serve", action="store_true", help="step on request (one per stdin line)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="intra-op threads (default: all cores, like TensorFlow; Debian's build may start at 1)")


def blas_library():
    """The BLAS library file this process loaded (Debian's torch calls whatever provides
    libblas.so.3: the slow reference BLAS unless OpenBLAS is installed), or "" if none is mapped."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "blas" in os.path.basename(path):
                    return os.path.basename(path)
    except OSError:
        pass
    return ""


def run(a, step, params):
    """--serve: warm up, print the info line, then one step per stdin line, answering "ok", until
    stdin closes. Otherwise: warm up, time --steps steps and print the info line with their median."""
    info = {"framework": "pytorch " + torch.__version__, "threads": torch.get_num_threads(), "parameters": params,
            "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "")}
    for _ in range(a.warmup):
        step()
    info["blas"] = blas_library()
    if a.serve:
        print(json.dumps(info), flush=True)
        for _ in sys.stdin:
            step()
            print("ok", flush=True)
        return
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    info.update(median_ms=statistics.median(times), steps=a.steps)
    print(json.dumps(info))
