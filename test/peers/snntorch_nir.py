#!/usr/bin/env python3
"""snnTorch networks exported to NIR, with their outputs on fixed inputs.

A peer, not part of snnc: test/peers/record-nir-fixtures.sh runs it in its
own virtual environment (torch, snntorch, nir from PyPI) and commits what it
writes in test/fixtures/nir/snntorch/. Neither `make test` nor CI imports
it.

    snntorch_nir.py DIR

For each network, <name>.nir (snntorch.export_to_nir) and <name>.json:
the input x[t] fed at every step, and the last layer's spikes and membrane
after every step, as snnTorch computes them. The networks use what NIR and
snnc mean by a LIF: reset to zero in the step of the spike
(reset_mechanism="zero", reset_delay=False) and no biases (snnc adds a
projection's bias from the first step, before anything has arrived).
snnTorch's export assumes forward Euler at dt = 1e-4 s; snnc imports them
with --dt 1e-4s --discretize=euler (docs/nir.md).
"""

import os
import sys

import numpy as np
import torch
import snntorch as snn
from snntorch import utils as snn_utils
import nir

import fixture_json  # test/peers/fixture_json.py
from snntorch.export_nir import export_to_nir

STEPS = 80
SEED = 20261124


def feedforward():
    torch.manual_seed(SEED)
    net = torch.nn.Sequential(
        torch.nn.Linear(4, 6, bias=False),
        # Per-neuron tensors: the export writes a scalar as a 0-d array,
        # which NIR's own type check refuses.
        snn.Leaky(beta=torch.full((6,), 0.9), threshold=torch.ones(6),
                  reset_mechanism="zero", reset_delay=False, init_hidden=True),
        torch.nn.Linear(6, 3, bias=False),
        snn.Leaky(beta=torch.tensor([0.8, 0.85, 0.9]), threshold=torch.ones(3),
                  reset_mechanism="zero", reset_delay=False, init_hidden=True,
                  output=True),
    )
    with torch.no_grad():
        net[0].weight.copy_(torch.rand(6, 4) * 0.6)
        net[2].weight.copy_(torch.rand(3, 6) * 1.2 - 0.2)
    return net, 4


def recurrent():
    """RLeaky: exported as a nested graph with the recurrent Linear."""
    torch.manual_seed(SEED + 1)
    rleaky = snn.RLeaky(beta=torch.full((6,), 0.9), threshold=torch.ones(6),
                        linear_features=6, all_to_all=True,
                        reset_mechanism="zero", reset_delay=False,
                        init_hidden=True)
    net = torch.nn.Sequential(
        torch.nn.Linear(4, 6, bias=False),
        rleaky,
        torch.nn.Linear(6, 3, bias=False),
        snn.Leaky(beta=torch.full((3,), 0.85), threshold=torch.ones(3),
                  reset_mechanism="zero", reset_delay=False, init_hidden=True,
                  output=True),
    )
    with torch.no_grad():
        net[0].weight.copy_(torch.rand(6, 4) * 0.6)
        rleaky.recurrent.weight.copy_(torch.rand(6, 6) * 0.4 - 0.1)
        rleaky.recurrent.bias.zero_()  # see the module's docstring
        net[2].weight.copy_(torch.rand(3, 6) * 1.2 - 0.2)
    return net, 4


def synaptic():
    """Synaptic: exported as CubaLIF (w_in = tau_syn / dt)."""
    torch.manual_seed(SEED + 2)
    net = torch.nn.Sequential(
        torch.nn.Linear(4, 5, bias=False),
        snn.Synaptic(alpha=torch.full((5,), 0.7), beta=torch.full((5,), 0.9),
                     threshold=torch.ones(5), reset_mechanism="zero",
                     reset_delay=False, init_hidden=True),
        torch.nn.Linear(5, 3, bias=False),
        snn.Synaptic(alpha=torch.full((3,), 0.6), beta=torch.full((3,), 0.8),
                     threshold=torch.ones(3), reset_mechanism="zero",
                     reset_delay=False, init_hidden=True, output=True),
    )
    with torch.no_grad():
        net[0].weight.copy_(torch.rand(5, 4) * 0.4)
        net[2].weight.copy_(torch.rand(3, 5) * 0.8 - 0.1)
    return net, 4


def convolutional():
    """Conv2d -> Leaky on [2, 6, 6] -> Flatten -> Linear -> Leaky."""
    torch.manual_seed(SEED + 3)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, kernel_size=3, padding=1, bias=False),
        snn.Leaky(beta=torch.full((2, 6, 6), 0.9), threshold=torch.ones(2, 6, 6),
                  reset_mechanism="zero", reset_delay=False, init_hidden=True),
        torch.nn.Flatten(),
        torch.nn.Linear(72, 3, bias=False),
        snn.Leaky(beta=torch.full((3,), 0.85), threshold=torch.ones(3),
                  reset_mechanism="zero", reset_delay=False, init_hidden=True,
                  output=True),
    )
    with torch.no_grad():
        net[0].weight.copy_(torch.rand(2, 1, 3, 3) * 0.3)
        net[3].weight.copy_(torch.rand(3, 72) * 0.3 - 0.05)
    return net, (1, 6, 6)


def record(name, make, out):
    net, shape = make()
    shape = shape if isinstance(shape, tuple) else (shape,)
    rng = np.random.default_rng(SEED)
    x = (rng.random((STEPS,) + shape) * 0.8).astype(np.float32)
    graph = export_to_nir(net, torch.zeros((1,) + shape), ignore_dims=[0])
    path = os.path.join(out, name + ".nir")
    nir.write(path, graph)
    nir.read(path)
    snn_utils.reset(net)  # the export ran a step
    spikes, mems = [], []
    with torch.no_grad():
        for t in range(STEPS):
            result = net(torch.from_numpy(x[t:t + 1]))
            spk, mem = result[0], result[-1]  # (spk, [syn,] mem)
            spikes.append(spk[0].tolist())
            mems.append([float(v) for v in mem[0]])
    fixture_json.write_run(
        out, name, "snntorch_nir.py",
        {"snntorch_version": snn.__version__, "torch_version": torch.__version__},
        x.reshape(STEPS, -1).tolist(), spikes, mems)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    record("feedforward", feedforward, out)
    record("recurrent", recurrent, out)
    record("synaptic", synaptic, out)
    record("convolutional", convolutional, out)


if __name__ == "__main__":
    main()
