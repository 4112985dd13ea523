#!/usr/bin/env python3
"""BPTT benchmark: training the 784-256-10 LIF network of
examples/fashion_mnist in snnc and in snnTorch (bench/bptt/snntorch_bptt.py),
2 threads each, on the same machine in the same run. Each side runs
--steps training steps (batch 128, 25 steps, rate coding, fast sigmoid,
Adam) after a warm-up, --repeats times; the best time and the largest
memory are kept. Prints milliseconds per step, the memory each adds above
its own baseline (peak RSS less the RSS before the network is built), and
the ratios (targets: snnc at least 3 times faster, with at most half the
added memory).
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    snnc_bin = os.path.join(ROOT, "build/bin/snn-fashion-mnist")
    results = {"snnc": [], "snntorch": []}
    for _ in range(args.repeats):
        results["snnc"].append(run([snnc_bin, "--bench-steps", str(args.steps),
                                    "--threads", str(args.threads)]))
        results["snntorch"].append(run(
            [sys.executable, os.path.join(ROOT, "bench/bptt/snntorch_bptt.py"),
             "--steps", str(args.steps), "--threads", str(args.threads)]))
    best = {k: min(r["ms_per_step"] for r in v) for k, v in results.items()}
    mem = {k: max(r["added_mb"] for r in v) for k, v in results.items()}
    peer = results["snntorch"][0]
    print(f"BPTT, 784-256-10 LIF, batch 128, 25 steps, Adam, {args.threads} "
          f"threads, best of {args.repeats} x {args.steps} steps")
    print(f"  snnTorch {peer['snntorch']} (torch {peer['torch']}): "
          f"{best['snntorch']:8.2f} ms per step, {mem['snntorch']:7.1f} MB added")
    print(f"  snnc:                              {best['snnc']:8.2f} ms per "
          f"step, {mem['snnc']:7.1f} MB added")
    print(f"  speed: snnc {best['snntorch'] / best['snnc']:.2f}x faster "
          f"(target 3x); memory: snnc adds {mem['snnc'] / mem['snntorch']:.2f} "
          f"of snnTorch's (target at most 0.5)")
    print(json.dumps({"ms_per_step": best, "added_mb": mem}))


if __name__ == "__main__":
    main()
