#!/usr/bin/env python3
"""Tables of studies/hessian-traj-fmnist (issue 14) from its small files.

    python3 tools/study/hessian_traj.py studies/hessian-traj-fmnist

density/<method>-s<seed>/ and density-abs/<method>-s<seed>/ hold `llr4j landscape --density`
results (landscape.json, density.csv) at a tolerance of 1% of the largest |Ritz value| and of 1.0;
trajectories/<optimizer>-s<seed>/ hold `llr4j train --track-trajectory` runs. Prints per run what
the README tables show, and per method the mean +- sample standard deviation over its seeds.
"""
import json
import os
import statistics
import sys
from collections import defaultdict


def load(path):
    with open(path) as f:
        return json.load(f)


def method_of(run):
    # folder names are <method>-s<seed>
    return run.rsplit("-s", 1)[0]


def spread(values):
    if len(values) < 2:
        return f"{values[0]:.4g}"
    return f"{statistics.mean(values):.4g} +- {statistics.stdev(values):.2g}"


def density(study):
    per_method = defaultdict(lambda: defaultdict(list))
    rel_dir, abs_dir = os.path.join(study, "density"), os.path.join(study, "density-abs")
    if not os.path.isdir(rel_dir):
        return
    print("run            loss  lambda_max  Ritz range            near0(1%) tol  neg(1%)  near0(|l|<=1) neg(<-1)  trace  angle")
    for run in sorted(os.listdir(rel_dir)):
        j = load(os.path.join(rel_dir, run, "landscape.json"))
        a_path = os.path.join(abs_dir, run, "landscape.json")
        a = load(a_path) if os.path.exists(a_path) else None
        lam = j["eigenvalues"][0]
        row = {"lambda_max": lam, "zero": j["density_zero_fraction"], "neg": j["density_negative_mass"]}
        if a:
            row["zero_abs"], row["neg_abs"] = a["density_zero_fraction"], a["density_negative_mass"]
        for k, v in row.items():
            per_method[method_of(run)][k].append(v)
        abs_part = f"{a['density_zero_fraction']:.4f} (tol {a['density_zero_tolerance']:.3f})  {a['density_negative_mass']:.4f}" if a else "-"
        print(f"{run:12s} {j['loss']:.3f}  {lam:9.1f}  [{j['density_ritz_min']:7.1f}, {j['density_ritz_max']:6.1f}]"
              f"  {j['density_zero_fraction']:.4f} {j['density_zero_tolerance']:.2f}  {j['density_negative_mass']:.4f}"
              f"  {abs_part}  {j.get('trace', float('nan')):.0f}  {j.get('gradient_top_eigenvector_angle_degrees', float('nan')):.1f}")
    for m, cols in per_method.items():
        print(m, "  ".join(f"{k} {spread(v)}" for k, v in cols.items()))


def trajectories(study):
    tdir = os.path.join(study, "trajectories")
    if not os.path.isdir(tdir):
        return
    print()
    print("run            acc     update angle mean (range)  gradient angle mean (range)  converged-only update  lambda_max mean/last  cos(update,-grad) after step 0  last loss")
    for run in sorted(d for d in os.listdir(tdir) if os.path.isfile(os.path.join(tdir, d, "summary.json"))):
        with open(os.path.join(tdir, run, "trajectory.jsonl")) as f:
            s = [json.loads(line) for line in f]
        acc = load(os.path.join(tdir, run, "summary.json"))["test_accuracy"]
        ua = [x["update_angle_degrees"] for x in s if x["update_angle_degrees"] is not None]
        ga = [x["gradient_angle_degrees"] for x in s if x["gradient_angle_degrees"] is not None]
        cu = [x["update_angle_degrees"] for x in s if x["lambda_max_converged"] and x["update_angle_degrees"] is not None]
        cos = [x["update_gradient_cosine"] for x in s[1:] if x["update_gradient_cosine"] is not None]
        lm = [x["lambda_max"] for x in s]
        print(f"{run:12s} {acc:.4f}  {statistics.mean(ua):5.1f} ({min(ua):.0f}-{max(ua):.0f})"
              f"  {statistics.mean(ga):5.1f} ({min(ga):.0f}-{max(ga):.0f})"
              f"  {statistics.mean(cu) if cu else float('nan'):5.1f} ({sum(1 for x in s if x['lambda_max_converged'])} of {len(s)})"
              f"  {statistics.mean(lm):.1f} / {lm[-1]:.1f}  {statistics.mean(cos):.2f} ({min(cos):.2f} to {max(cos):.2f})  {s[-1]['loss']:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: hessian_traj.py STUDY_FOLDER")
    density(sys.argv[1])
    trajectories(sys.argv[1])
