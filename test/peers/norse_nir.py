#!/usr/bin/env python3
"""NIR graphs run by Norse, with their outputs on fixed inputs.

A peer, not part of snnc: test/peers/record-nir-fixtures.sh runs it in its
own virtual environment (torch, norse, nir from PyPI) and commits what it
writes in test/fixtures/nir/norse/. Neither `make test` nor CI imports it.

    norse_nir.py DIR

Two kinds: graphs written here with the `nir` package, loaded by Norse's
own importer (norse.torch.from_nir, dt 1e-4 s) and run step by step; and a
Norse network exported by Norse (to_nir; see exported() for its time
constants) and run by Norse. Norse integrates with forward Euler and ignores r (warning unless it
is 1), so the graphs have r = 1; snnc imports them with --dt 1e-4s
--discretize=euler (docs/nir.md). For each graph <name>.nir and
<name>.json: the input fed at every step and the output after every step.
"""

import os
import sys

import numpy as np
import torch
import nir

import fixture_json  # test/peers/fixture_json.py
import norse.torch as norse

STEPS = 80
SEED = 20261125


def f32(v):
    return np.asarray(v, dtype=np.float32)


def lif(n, tau):
    return nir.LIF(tau=f32([tau] * n), r=f32([1.0] * n), v_leak=f32([0.0] * n),
                   v_threshold=f32([1.0] * n), v_reset=f32([0.0] * n))


def feedforward(rng):
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([4])),
            "fc1": nir.Linear(weight=f32(rng.random((6, 4)) * 1.2)),
            "lif1": lif(6, 0.001),
            "fc2": nir.Linear(weight=f32(rng.random((3, 6)) * 2.0 - 0.3)),
            "lif2": lif(3, 0.0005),
            "output": nir.Output(output_type=np.array([3])),
        },
        edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"),
               ("fc2", "lif2"), ("lif2", "output")],
    )


def cuba(rng):
    n = 5
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([4])),
            "fc1": nir.Linear(weight=f32(rng.random((n, 4)) * 1.5)),
            "cuba": nir.CubaLIF(tau_syn=f32([0.0005] * n),
                                tau_mem=f32([0.001] * n), r=f32([1.0] * n),
                                v_leak=f32([0.0] * n),
                                v_threshold=f32([1.0] * n),
                                v_reset=f32([0.0] * n), w_in=f32([1.5] * n)),
            "fc2": nir.Linear(weight=f32(rng.random((3, n)) * 2.0 - 0.3)),
            "lif2": lif(3, 0.0005),
            "output": nir.Output(output_type=np.array([3])),
        },
        edges=[("input", "fc1"), ("fc1", "cuba"), ("cuba", "fc2"),
               ("fc2", "lif2"), ("lif2", "output")],
    )


def exported(out):
    """A Norse network exported by Norse itself (to_nir) and run by Norse:
    Linear -> LIFBoxCell -> Linear -> LIFBoxCell at dt 1e-4 s. Norse 1.1.0
    writes tau = dt_export / tau_mem_inv: exported with dt_export = 1 that
    is the time constant in seconds (its default, 1e-3, is issue #411)."""
    from norse.torch.utils.export_nir import to_nir

    torch.manual_seed(SEED + 1)

    def cell(n, tau_inv):
        p = norse.LIFBoxParameters(tau_mem_inv=torch.full((n,), tau_inv),
                                   v_leak=torch.zeros(n), v_th=torch.ones(n),
                                   v_reset=torch.zeros(n))
        return norse.LIFBoxCell(p, dt=1e-4)

    net = norse.SequentialState(
        torch.nn.Linear(4, 6, bias=False), cell(6, 1000.0),
        torch.nn.Linear(6, 3, bias=False), cell(3, 2000.0))
    with torch.no_grad():
        net[0].weight.copy_(torch.rand(6, 4) * 1.2)
        net[2].weight.copy_(torch.rand(3, 6) * 2.0 - 0.3)
    path = os.path.join(out, "exported.nir")
    nir.write(path, to_nir(net, torch.zeros(4), dt=1.0))  # no batch axis
    nir.read(path)
    rng = np.random.default_rng(SEED + 1)
    x = (rng.random((STEPS, 4)) * 4.0).astype(np.float32)
    state = None
    spikes = []
    with torch.no_grad():
        for t in range(STEPS):
            z, state = net(torch.from_numpy(x[t:t + 1]), state)
            spikes.append([float(v) for v in z[0]])
    fixture_json.write_run(
        out, "exported", "norse_nir.py",
        {"norse_version": getattr(norse, "__version__", "1.1.0"),
         "torch_version": torch.__version__},
        x.tolist(), spikes)


def record(name, make, out):
    rng = np.random.default_rng(SEED)
    graph = make(rng)
    path = os.path.join(out, name + ".nir")
    nir.write(path, graph)
    module = norse.from_nir(nir.read(path), dt=1e-4)
    x = (rng.random((STEPS, 4)) * 4.0).astype(np.float32)
    state = None
    spikes = []
    with torch.no_grad():
        for t in range(STEPS):
            z, state = module(torch.from_numpy(x[t:t + 1]), state)
            spikes.append([float(v) for v in z[0]])
    fixture_json.write_run(
        out, name, "norse_nir.py",
        {"norse_version": getattr(norse, "__version__", "1.1.0"),
         "torch_version": torch.__version__},
        x.tolist(), spikes)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    record("feedforward", feedforward, out)
    record("cuba", cuba, out)
    exported(out)


if __name__ == "__main__":
    main()
