#!/usr/bin/env python3
"""BindsNET's own Diehl & Cook (2015) network, timed on Fashion-MNIST.

The peer of snnc's STDP benchmark: bindsnet.models.DiehlAndCook2015 with
784 inputs and 400 excitatory and 400 inhibitory neurons (exc 22.5, inh
17.5, PostPre with nu = (1e-4, 1e-2), norm 78.4, theta_plus 0.05, BindsNET's
defaults otherwise), dt = 0.5 ms and learning on. Each of the first N
training images of Fashion-MNIST is shown for 350 ms (700 steps) as
Poisson spikes from BindsNET's PoissonEncoder at intensity 128, that is at
pixel / 255 * 128 Hz, as BindsNET's examples/mnist/eth_mnist.py does: one
network.run per image, then network.reset_state_variables().

Only the simulation loop is timed, after one warm-up image that is not
counted: Poisson encoding of each image (BindsNET's example encodes in its
data loader, inside the loop; "encode_seconds" says how much of the time
it took), network.run and the reset. Imports, reading the images and
building the network are not timed.

Run it in the venv of bench/stdp/setup-venv.sh:

  "$(bench/stdp/setup-venv.sh)/bin/python" bench/stdp/bindsnet_diehl_cook.py \
      --samples 20 --threads 1 --json

Reads the IDX files of Debian's dataset-fashion-mnist
(/usr/share/datasets/fashion-mnist, gzipped) with numpy; --data DIR reads
another directory holding train-images-idx3-ubyte[.gz].
"""

import argparse
import gzip
import json
import os
import sys
import time

import numpy as np

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"

N_INPT = 784
N_NEURONS = 400
EXC = 22.5
INH = 17.5
DT = 0.5
PRESENT_MS = 350.0
INTENSITY = 128.0
NU = (1e-4, 1e-2)
NORM = 78.4
THETA_PLUS = 0.05


def read_idx(path):
    """Returns the array held by an IDX file (gzipped or not)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path}: not an IDX file")
    kinds = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4",
             0x0D: ">f4", 0x0E: ">f8"}
    if data[2] not in kinds:
        raise ValueError(f"{path}: unknown IDX element type 0x{data[2]:02x}")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    dtype = np.dtype(kinds[data[2]])
    count = int(np.prod(dims)) if dims else 1
    need = offset + count * dtype.itemsize
    if len(data) < need:
        raise ValueError(f"{path}: truncated ({len(data)} bytes, needs {need})")
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(dims)


def find_images(data_dir):
    for name in ("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    sys.exit(f"bindsnet_diehl_cook: no train-images-idx3-ubyte[.gz] in {data_dir}"
             " (Debian: apt-get install dataset-fashion-mnist)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=int, default=20,
                    help="timed images (after one warm-up image); default 20")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch.set_num_threads (default 1)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help=f"directory of the IDX files (default {DEFAULT_DATA})")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON line instead of text")
    ap.add_argument("--inh", type=float, default=INH,
                    help=f"inhibitory weight (default {INH}, the model's)")
    ap.add_argument("--no-one-spike", action="store_true",
                    help="let every excitatory neuron that crosses spike "
                         "(DiehlAndCookNodes' one_spike off), as in "
                         "examples/diehl_cook")
    args = ap.parse_args()
    if args.samples < 1:
        ap.error("--samples must be at least 1")

    # torch reads OMP_NUM_THREADS at import; set_num_threads below decides.
    import torch
    from bindsnet.encoding import PoissonEncoder
    from bindsnet.models import DiehlAndCook2015

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    images = read_idx(find_images(args.data))
    total = args.samples + 1
    if images.shape[0] < total:
        sys.exit(f"bindsnet_diehl_cook: {images.shape[0]} images, {total} needed")
    # As torchvision's ToTensor() then x * intensity in BindsNET's example.
    rates = torch.from_numpy(images[:total].astype(np.float32)) / 255.0 * INTENSITY
    rates = rates.view(total, 1, 28, 28)

    network = DiehlAndCook2015(
        n_inpt=N_INPT,
        n_neurons=N_NEURONS,
        exc=EXC,
        inh=args.inh,
        dt=DT,
        nu=NU,
        norm=NORM,
        theta_plus=THETA_PLUS,
        inpt_shape=(1, 28, 28),
    )
    if args.no_one_spike:
        network.layers["Ae"].one_spike = False
    network.train(True)
    encoder = PoissonEncoder(time=PRESENT_MS, dt=DT)
    steps = int(PRESENT_MS / DT)

    encode_seconds = 0.0

    def present(i):
        nonlocal encode_seconds
        t = time.perf_counter()
        spikes = encoder(rates[i])  # [steps, 1, 28, 28]
        encode_seconds += time.perf_counter() - t
        inputs = {"X": spikes.view(steps, 1, 1, 28, 28)}
        network.run(inputs=inputs, time=PRESENT_MS)
        network.reset_state_variables()

    # The adaptive thresholds are never reset and decay with a 1e7 ms time
    # constant: their growth over theta_plus counts the excitatory spikes
    # (a check that the network is active, at no cost to the timed loop).
    theta = network.layers["Ae"].theta

    present(0)  # warm-up, not timed
    encode_seconds = 0.0
    theta0 = float(theta.sum())
    t0 = time.perf_counter()
    for i in range(1, total):
        present(i)
    seconds = time.perf_counter() - t0
    exc_spikes = (float(theta.sum()) - theta0) / THETA_PLUS

    result = {
        "peer": "bindsnet",
        "version": bindsnet_version(),
        "torch_version": torch.__version__,
        "samples": args.samples,
        "seconds": seconds,
        "samples_per_second": args.samples / seconds,
        "encode_seconds": encode_seconds,
        "threads": args.threads,
        "steps_per_sample": steps,
        "dt_ms": DT,
        "n_neurons": N_NEURONS,
        "exc_spikes_per_sample": round(exc_spikes / args.samples, 1),
        "inh": args.inh,
        "one_spike": not args.no_one_spike,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"BindsNET {result['version']} (torch {torch.__version__}), "
              f"{args.threads} thread(s): {args.samples} samples of {steps} steps "
              f"in {seconds:.2f} s = {result['samples_per_second']:.3f} samples/s")


def bindsnet_version():
    from importlib.metadata import version
    return version("bindsnet")


if __name__ == "__main__":
    main()
