#!/usr/bin/env python3
"""Small NIR graphs written by the `nir` package, for snnc's importer tests.

A peer, not part of snnc: test/peers/record-nir-fixtures.sh runs it in its
own virtual environment and the files it writes are committed in
test/fixtures/nir/. Neither `make test` nor CI imports it.

    nir_fixtures.py DIR
    nir_fixtures.py readback FILE...   (nir.read each, type checking on)

Writes, with fixed values (no randomness):
  feedforward.nir  Input(4) -> Affine -> LIF(3) -> Linear -> LI(2) -> Output
  conv.nir         Input(1,6,6) -> Conv2d(pad 1) -> IF(2,6,6) -> SumPool2d(2)
                   -> IF -> Flatten -> Affine -> CubaLIF(4) -> Output
  recurrent.nir    Input(3) -> a nested graph (Input, LIF, recurrent Linear,
                   Output: snnTorch's RLeaky form) -> Output
  delay.nir        Input(3) -> Delay -> Scale -> I(3) -> Output
  pool_conv.nir    Input(1,6,6) -> SumPool2d(2) -> Conv2d -> LIF(2,2,2) -> Output
                   (two linear maps with no neurons between them)
  threshold.nir    Input(2) -> Threshold -> Output
  readout.nir      Input(3) -> Linear -> Output (an output computed by links)
and reads every file back with nir.read (type checking on), so a file the
package itself would refuse is never committed. Then, with h5py, files
that are broken on purpose (malformed/): no_graph.nir (no /node),
no_edges.nir, unknown_type.nir (a node of type "Spiking"),
bad_weight.nir (an Affine whose weight does not fit its neighbours),
string_weight.nir (a weight stored as a string), nan_tau.nir (a time
constant that is NaN).
"""

import os
import sys

import numpy as np
import nir


def f32(values):
    return np.asarray(values, dtype=np.float32)


def feedforward():
    w1 = f32(np.arange(12).reshape(3, 4) * 0.1 - 0.5)
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([4])),
            "fc1": nir.Affine(weight=w1, bias=f32([0.1, 0.0, -0.2])),
            "lif1": nir.LIF(tau=f32([0.01, 0.02, 0.02]), r=f32([1.0, 1.0, 2.0]),
                            v_leak=f32([0.0] * 3), v_threshold=f32([1.0] * 3),
                            v_reset=f32([0.0] * 3)),
            "fc2": nir.Linear(weight=f32([[1.0, -1.0, 0.5], [0.25, 0.5, 2.0]])),
            "li": nir.LI(tau=f32([0.005, 0.005]), r=f32([1.0, 1.0]),
                         v_leak=f32([0.0, 0.0])),
            "output": nir.Output(output_type=np.array([2])),
        },
        edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"),
               ("fc2", "li"), ("li", "output")],
    )


def conv():
    k = f32(np.arange(18).reshape(2, 1, 3, 3) * 0.05)
    ones = lambda *shape: f32(np.ones(shape))
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([1, 6, 6])),
            "conv": nir.Conv2d(input_shape=(6, 6), weight=k, stride=1,
                               padding=1, dilation=1, groups=1,
                               bias=f32([0.0, 0.1])),
            "if1": nir.IF(r=ones(2, 6, 6), v_threshold=ones(2, 6, 6),
                          v_reset=f32(np.zeros((2, 6, 6)))),
            "pool": nir.SumPool2d(kernel_size=np.array([2, 2]),
                                  stride=np.array([2, 2]),
                                  padding=np.array([0, 0])),
            "if2": nir.IF(r=ones(2, 3, 3), v_threshold=ones(2, 3, 3),
                          v_reset=f32(np.zeros((2, 3, 3)))),
            "flat": nir.Flatten(input_type={"input": np.array([2, 3, 3])},
                                start_dim=0, end_dim=-1),
            "fc": nir.Affine(weight=f32(np.arange(72).reshape(4, 18) * 0.01),
                             bias=f32([0.0] * 4)),
            "cuba": nir.CubaLIF(tau_syn=f32([0.005] * 4), tau_mem=f32([0.01] * 4),
                                r=f32([1.0] * 4), v_leak=f32([0.0] * 4),
                                v_threshold=f32([1.0] * 4),
                                v_reset=f32([0.0] * 4), w_in=f32([2.0] * 4)),
            "output": nir.Output(output_type=np.array([4])),
        },
        edges=[("input", "conv"), ("conv", "if1"), ("if1", "pool"),
               ("pool", "if2"), ("if2", "flat"), ("flat", "fc"),
               ("fc", "cuba"), ("cuba", "output")],
    )


def recurrent():
    rnn = nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([3])),
            "lif": nir.LIF(tau=f32([0.02] * 3), r=f32([1.0] * 3),
                           v_leak=f32([0.0] * 3), v_threshold=f32([1.0] * 3),
                           v_reset=f32([0.0] * 3)),
            "w_rec": nir.Linear(weight=f32([[0.0, 0.5, 0.0], [0.0, 0.0, 0.5],
                                            [0.5, 0.0, 0.0]])),
            "output": nir.Output(output_type=np.array([3])),
        },
        edges=[("input", "lif"), ("lif", "w_rec"), ("w_rec", "lif"),
               ("lif", "output")],
    )
    return nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([3])), "rnn": rnn,
               "output": nir.Output(output_type=np.array([3]))},
        edges=[("input", "rnn"), ("rnn", "output")],
    )


def delay():
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([3])),
            "delay": nir.Delay(delay=f32([0.0, 0.0002, 0.0005])),
            "scale": nir.Scale(scale=f32([1.0, 2.0, 3.0])),
            "integrator": nir.I(r=f32([1.0, 1.0, 1.0])),
            "output": nir.Output(output_type=np.array([3])),
        },
        edges=[("input", "delay"), ("delay", "scale"), ("scale", "integrator"),
               ("integrator", "output")],
    )


def pool_conv():
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([1, 6, 6])),
            "pool": nir.SumPool2d(kernel_size=np.array([2, 2]),
                                  stride=np.array([2, 2]),
                                  padding=np.array([0, 0])),
            "conv": nir.Conv2d(input_shape=(3, 3),
                               weight=f32(np.arange(8).reshape(2, 1, 2, 2) * 0.1),
                               stride=1, padding=0, dilation=1, groups=1,
                               bias=f32([0.0, 0.0])),
            "lif": nir.LIF(tau=f32(np.full((2, 2, 2), 0.01)),
                           r=f32(np.ones((2, 2, 2))),
                           v_leak=f32(np.zeros((2, 2, 2))),
                           v_threshold=f32(np.ones((2, 2, 2))),
                           v_reset=f32(np.zeros((2, 2, 2)))),
            "output": nir.Output(output_type=np.array([2, 2, 2])),
        },
        edges=[("input", "pool"), ("pool", "conv"), ("conv", "lif"),
               ("lif", "output")],
    )


def readout():
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([3])),
            "fc": nir.Linear(weight=f32([[1.0, 2.0, 3.0], [0.5, 0.0, -1.0]])),
            "output": nir.Output(output_type=np.array([2])),
        },
        edges=[("input", "fc"), ("fc", "output")],
    )


def threshold():
    return nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([2])),
            "thr": nir.Threshold(threshold=f32([0.5, 0.5])),
            "output": nir.Output(output_type=np.array([2])),
        },
        edges=[("input", "thr"), ("thr", "output")],
    )


def malformed(out):
    import h5py

    d = os.path.join(out, "malformed")
    os.makedirs(d, exist_ok=True)
    with h5py.File(os.path.join(d, "no_graph.nir"), "w") as f:
        f.create_dataset("version", data="1.0.8", dtype=h5py.string_dtype())
    nir.write(os.path.join(d, "no_edges.nir"), feedforward())
    with h5py.File(os.path.join(d, "no_edges.nir"), "a") as f:
        del f["node/edges"]
    nir.write(os.path.join(d, "unknown_type.nir"), feedforward())
    with h5py.File(os.path.join(d, "unknown_type.nir"), "a") as f:
        del f["node/nodes/lif1/type"]
        f["node/nodes/lif1"].create_dataset("type", data="Spiking",
                                            dtype=h5py.string_dtype())
    nir.write(os.path.join(d, "string_weight.nir"), feedforward())
    with h5py.File(os.path.join(d, "string_weight.nir"), "a") as f:
        del f["node/nodes/fc1/weight"]
        f["node/nodes/fc1"].create_dataset("weight", data="0.5",
                                           dtype=h5py.string_dtype())
    g = feedforward()
    g.nodes["li"] = nir.LI(tau=f32([np.nan, 0.005]), r=f32([1.0, 1.0]),
                           v_leak=f32([0.0, 0.0]))
    nir.write(os.path.join(d, "nan_tau.nir"), g)
    g = feedforward()
    g.nodes["fc2"] = nir.Linear(weight=f32(np.ones((2, 4))))
    nir.write(os.path.join(d, "bad_weight.nir"), g)
    print(f"{d}: the malformed files", file=sys.stderr)


def readback(paths):
    for path in paths:
        g = nir.read(path)
        print(f"{path}: read back by nir: {len(g.nodes)} nodes, "
              f"{len(g.edges)} edges", file=sys.stderr)


def main():
    if sys.argv[1] == "readback":
        readback(sys.argv[2:])
        return
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in [("feedforward", feedforward), ("conv", conv),
                       ("recurrent", recurrent), ("delay", delay),
                       ("pool_conv", pool_conv), ("threshold", threshold),
                       ("readout", readout)]:
        path = os.path.join(out, name + ".nir")
        nir.write(path, make())
        nir.read(path)  # the package itself accepts it
        print(f"{path}: written", file=sys.stderr)
    malformed(out)


if __name__ == "__main__":
    main()
