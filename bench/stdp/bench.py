#!/usr/bin/env python3
"""STDP benchmark: the Diehl & Cook network in snnc and in BindsNET.

Both learn on the same first N training images of Fashion-MNIST, each shown
for 350 ms at dt = 0.5 ms (700 steps) as Poisson spikes at pixel / 255 * 128
Hz, with the same network: 784 inputs, 400 excitatory Diehl & Cook neurons
(adaptive thresholds) learning with PostPre and normalised to 78.4 per
neuron after every image, 400 inhibitory neurons, one thread each.
snnc runs examples/diehl_cook (build/bin/snn-diehl-cook, compiled ahead of
time); BindsNET runs its own bindsnet.models.DiehlAndCook2015
(bench/stdp/bindsnet_diehl_cook.py), with the inhibitory weight of
examples/diehl_cook/net.mlir and one_spike off, as that network has it;
snnc without the example's --equalize, so both see the same rates.
Prints images per second for both and the ratio, best of --repeats runs.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def network_inh():
    """The inhibitory weight of examples/diehl_cook/net.mlir (@inh_exc)."""
    text = open(os.path.join(ROOT, "examples/diehl_cook/net.mlir")).read()
    m = re.search(r"@inh_exc @inh -> @exc connect #snn.dense weight (-?[0-9.]+)", text)
    if not m:
        sys.exit("bench: cannot find @inh_exc's weight in examples/diehl_cook/net.mlir")
    return -float(m.group(1))


def run_snnc(binary, samples):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [binary, "--train", str(samples), "--assign", "0", "--test", "0",
             "--equalize", "0", "--image", os.path.join(tmp, "fields.pgm")],
            check=True, capture_output=True, text=True).stdout
    m = re.search(r"trained on (\d+) images in ([0-9.]+) s", out)
    if not m:
        sys.exit("bench: unexpected snn-diehl-cook output:\n" + out)
    spikes = re.search(r"([0-9.]+) excitatory spikes per image", out)
    seconds = float(m.group(2))
    return {"seconds": seconds, "samples_per_second": samples / seconds,
            "exc_spikes_per_sample": float(spikes.group(1)) if spikes else None}


def run_bindsnet(python, samples, threads, inh):
    out = subprocess.run(
        [python, os.path.join(ROOT, "bench/stdp/bindsnet_diehl_cook.py"),
         "--samples", str(samples), "--threads", str(threads), "--json",
         "--inh", str(inh), "--no-one-spike"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=20,
                    help="images each side learns from per run (default 20)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="runs per side; the best counts (default 3)")
    ap.add_argument("--snn-diehl-cook",
                    default=os.path.join(ROOT, "build/bin/snn-diehl-cook"))
    args = ap.parse_args()
    inh = network_inh()
    snnc = max((run_snnc(args.snn_diehl_cook, args.samples)
                for _ in range(args.repeats)),
               key=lambda r: r["samples_per_second"])
    peer = max((run_bindsnet(sys.executable, args.samples, 1, inh)
                for _ in range(args.repeats)),
               key=lambda r: r["samples_per_second"])
    ratio = snnc["samples_per_second"] / peer["samples_per_second"]
    print(f"Diehl & Cook, 784-400-400, 700 steps per image, {args.samples} "
          f"images, 1 thread, best of {args.repeats}")
    print(f"  BindsNET {peer['version']} (torch {peer['torch_version']}): "
          f"{peer['samples_per_second']:8.2f} images/s "
          f"({peer['exc_spikes_per_sample']} excitatory spikes per image)")
    print(f"  snnc:                                 "
          f"{snnc['samples_per_second']:8.2f} images/s "
          f"({snnc['exc_spikes_per_sample']} excitatory spikes per image)")
    print(f"  snnc / BindsNET: {ratio:.1f}x (target: 20x)")


if __name__ == "__main__":
    main()
