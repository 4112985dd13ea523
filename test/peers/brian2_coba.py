#!/usr/bin/env python3
"""The COBA network of examples/coba/net.mlir, simulated by Brian2.

This is a peer, not part of snnc: it runs only from
test/peers/record-brian2-fixtures.sh (which writes the committed fixture
test/fixtures/brian2-coba-rates.json) and bench/coba/run.sh, each inside its
own virtual environment. Neither `make test` nor CI imports it.

The model is written from the description of examples/coba/net.mlir (and
docs/models.md, `lif_cond`), in Brian2's terms:

    tau_m dv/dt = ge (e_exc - v) + gi (e_inh - v) + (v_rest - v) + i_ext
    dge/dt = -ge / tau_e        dgi/dt = -gi / tau_i

v in mV, ge and gi dimensionless (relative to the leak), forward Euler
(`method='euler'`), dt = 0.1 ms, threshold v > -50 mV, reset v = -60 mV,
refractory 5 ms during which v is clamped while ge and gi keep decaying
(`(unless refractory)` on v only, as snnc's `lif_cond` holds only v),
i_ext = 20 mV, v initialised uniform in [-60, -50] mV, ge = gi = 0, and
2% random connectivity from each excitatory neuron (weight 0.6 into ge) and
each inhibitory neuron (weight 6.7 into gi) to all 4000 neurons, autapses
allowed (Brian2's `connect(p=...)` and snnc's `fixed_probability` both
draw every pair, i == j included).

Where Brian2's order of updates differs from snnc's step
(docs/schedule.md, "One step"):

1. Conductance seen by the membrane. Brian2's default schedule is
   groups (state update), thresholds, synapses, resets. The state update
   integrates v, ge and gi together from the values at the start of the
   step (v' = v + dt f(v, ge, gi), ge' = ge - dt ge / tau_e), so a spike
   emitted in step n adds w to ge after the thresholder of step n, and the
   update of step n + 1 sees the full w. snnc delivers the spikes of step
   n at the start of step n + 1 into the synapse's `g`, then applies the
   synapse's Euler decay (`@exp_decay_euler`: g' = (g + in)(1 - dt/tau)),
   then the neuron update reads the decayed g'. Both deliver in step n + 1,
   but snnc's membrane always sees (1 - dt/tau) times Brian2's conductance
   (the recurrences are the same up to that factor): effectively weights
   0.6 * 0.98 = 0.588 and 6.7 * 0.99 = 6.633 in Brian2's terms.
2. Refractory period. Brian2 (without `legacy.refractory_timing`) computes
   `not_refractory = timestep(t - lastspike) >= timestep(5 ms)` in the
   state updater, so after a spike in step n the updates of steps
   n+1 .. n+49 hold v and step n+50 integrates again: 49 held updates.
   snnc sets refrac = 5 ms at the reset and holds v while refrac > dt/2 at
   the start of an update, counting down by dt: steps n+1 .. n+50 are held,
   50 updates, one more than Brian2 (docs/models.md says the counts agree;
   they differ by one step).
3. Brian2 gates the threshold with not_refractory; snnc does not (a held
   neuron sits at v_reset < v_th, so this changes nothing here).
4. Precision. With `core.default_float_dtype = float32` Brian2 stores v, ge
   and gi as float32 (in SI units: v in volts), but dt, t and the
   namespace constants (e_exc, e_inh, ...) are double, so its generated
   update mixes float and double (ge * (e_exc - v) is computed in double)
   and rounds when it stores; it also folds dt/tau_m and i_ext + v_rest
   into loop-invariant floats. snnc computes in f32 throughout, in mV.
5. Random numbers differ (Brian2's own generator vs snnc's Philox), so the
   connectivity and initial values are different draws of the same
   distributions; only statistics (mean rates) can be compared.

`--snnc-timing` changes the Brian2 model to snnc's conventions (weights
times 1 - dt/tau, one more held step) to measure what points 1 and 2 do to
the rates; the fixture never uses it.

Usage:
  brian2_coba.py fixtures --seeds 1 2 3 4 5 --out FILE.json
  brian2_coba.py bench --seed 1 --build-dir DIR [--repeats N] --out FILE.json
"""

import argparse
import json
import os
import platform
import sys
import time
import warnings

# Brian2 checks assigned values with `abs(v) > 1e50`, which numpy warns
# about when v is float32; the values assigned here are all small.
warnings.filterwarnings("ignore", message="overflow encountered in cast")

N_EXC = 3200
N_INH = 800
DT_MS = 0.1


def build(b2, seed_value, snnc_timing=False, record_spikes=False):
    """Creates the COBA objects in the current scope; returns the monitor."""
    ms, mV = b2.ms, b2.mV
    dt = DT_MS * ms
    b2.defaultclock.dt = dt
    b2.seed(seed_value)

    tau_m = 20 * ms
    tau_e = 5 * ms
    tau_i = 10 * ms
    v_rest = -60 * mV
    v_reset = -60 * mV
    v_th = -50 * mV
    e_exc = 0 * mV
    e_inh = -80 * mV
    i_ext = 20 * mV
    t_ref = 5 * ms
    w_exc = 0.6
    w_inh = 6.7
    if snnc_timing:
        w_exc *= 1 - float(dt / tau_e)
        w_inh *= 1 - float(dt / tau_i)
        t_ref = t_ref + dt

    eqs = """
    dv/dt = (ge * (e_exc - v) + gi * (e_inh - v) + (v_rest - v) + i_ext) / tau_m : volt (unless refractory)
    dge/dt = -ge / tau_e : 1
    dgi/dt = -gi / tau_i : 1
    """
    namespace = dict(tau_m=tau_m, tau_e=tau_e, tau_i=tau_i, v_rest=v_rest,
                     v_reset=v_reset, v_th=v_th, e_exc=e_exc, e_inh=e_inh,
                     i_ext=i_ext, w_exc=w_exc, w_inh=w_inh)
    pop = b2.NeuronGroup(N_EXC + N_INH, eqs, threshold="v > v_th",
                         reset="v = v_reset", refractory=t_ref,
                         method="euler", namespace=namespace, name="P")
    pop.v = "v_reset + rand() * (v_th - v_reset)"
    pop.ge = 0
    pop.gi = 0
    exc = pop[:N_EXC]
    inh = pop[N_EXC:]
    ce = b2.Synapses(exc, pop, on_pre="ge += w_exc", namespace=namespace,
                     name="Ce")
    ce.connect(p=0.02)
    ci = b2.Synapses(inh, pop, on_pre="gi += w_inh", namespace=namespace,
                     name="Ci")
    ci.connect(p=0.02)
    mon = b2.SpikeMonitor(pop, record=record_spikes, name="spikes")
    return pop, ce, ci, mon


def rates(mon, duration_s):
    import numpy as np
    counts = np.asarray(mon.count[:], dtype=np.int64)
    return (float(counts[:N_EXC].sum()) / N_EXC / duration_s,
            float(counts[N_EXC:].sum()) / N_INH / duration_s)


def set_float(b2, name):
    b2.prefs.core.default_float_dtype = getattr(b2, name)
    return str(b2.prefs.core.default_float_dtype.__name__)


def environment(b2):
    import numpy as np
    return {"brian2_version": b2.__version__, "numpy_version": np.__version__,
            "python_version": platform.python_version()}


def cmd_fixtures(args):
    import brian2 as b2
    b2.prefs.codegen.target = args.target
    dtype = set_float(b2, args.float)
    per_seed = []
    for s in args.seeds:
        b2.start_scope()
        _, ce, ci, mon = build(b2, s, args.snnc_timing)
        t0 = time.perf_counter()
        b2.run(args.duration * b2.second)
        wall = time.perf_counter() - t0
        exc, inh = rates(mon, args.duration)
        per_seed.append((s, exc, inh, len(ce) + len(ci)))
        print(f"seed {s}: exc {exc:.3f} Hz, inh {inh:.3f} Hz, "
              f"{len(ce) + len(ci)} synapses, {wall:.1f} s", flush=True)
    exc_mean = sum(p[1] for p in per_seed) / len(per_seed)
    inh_mean = sum(p[2] for p in per_seed) / len(per_seed)
    out = {
        "description": "Brian2 mean rates of examples/coba/net.mlir "
                       "(test/peers/brian2_coba.py)",
        "generator": "test/peers/record-brian2-fixtures.sh",
        **environment(b2),
        "target": args.target,
        "float_dtype": dtype,
        "method": "euler",
        "dt_ms": DT_MS,
        "duration_s": args.duration,
        "snnc_timing": args.snnc_timing,
        "seeds": [p[0] for p in per_seed],
        "synapses": [p[3] for p in per_seed],
        "exc_rate_hz": [round(p[1], 4) for p in per_seed],
        "inh_rate_hz": [round(p[2], 4) for p in per_seed],
        # One key per line: test/Examples/Inputs/rates-within.awk reads
        # these two lines.
        "exc_rate_hz_mean": round(exc_mean, 4),
        "inh_rate_hz_mean": round(inh_mean, 4),
    }
    print(f"mean: exc {exc_mean:.3f} Hz, inh {inh_mean:.3f} Hz")
    write_json(args.out, out)


def cmd_bench(args):
    import brian2 as b2
    b2.set_device("cpp_standalone", directory=args.build_dir,
                  build_on_run=False)
    dtype = set_float(b2, args.float)
    # One thread: no OpenMP.
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    _, ce, ci, mon = build(b2, args.seed, record_spikes=True)
    b2.run(args.duration * b2.second)
    t0 = time.perf_counter()
    b2.device.build(directory=args.build_dir, compile=True, run=True,
                    clean=True, with_output=False)
    total = time.perf_counter() - t0
    timers = b2.device.timers
    make_seconds = float(timers["compile"]["make"])
    # Network::run's own clock around the time loop (std::clock, i.e. CPU
    # time, without OpenMP), which the binary writes to
    # results/last_run_info.txt; and the whole binary's wall time (synapse
    # creation, the run, writing results).
    sim = [float(b2.device._last_run_time)]
    binary = [float(timers["run_binary"])]
    for _ in range(args.repeats - 1):
        b2.device.run(with_output=False)
        sim.append(float(b2.device._last_run_time))
        binary.append(float(b2.device.timers["run_binary"]))
    exc, inh = rates(mon, args.duration)
    out = {
        **environment(b2),
        "device": "cpp_standalone",
        "openmp_threads": 0,
        "float_dtype": dtype,
        "compiler_flags": list(b2.prefs.codegen.cpp.extra_compile_args_gcc),
        "seed": args.seed,
        "duration_s": args.duration,
        "synapses": int(len(ce) + len(ci)),
        "exc_rate_hz": exc,
        "inh_rate_hz": inh,
        "simulation_seconds": min(sim),
        "simulation_seconds_all": sim,
        "binary_seconds": min(binary),
        "binary_seconds_all": binary,
        # Code generation is the rest of build_seconds; make_seconds is
        # `make` of the generated C++ alone.
        "make_seconds": make_seconds,
        "build_seconds": total,
    }
    write_json(args.out, out)


def write_json(path, obj):
    text = json.dumps(obj, indent=2) + "\n"
    if path == "-":
        sys.stdout.write(text)
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    print(f"wrote {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    fx = sub.add_parser("fixtures", help="rates over several seeds")
    fx.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    fx.add_argument("--target", default="cython", choices=["cython", "numpy"])
    fx.add_argument("--snnc-timing", action="store_true",
                    help="use snnc's delivery and refractory conventions")
    fx.add_argument("--out", required=True)
    bn = sub.add_parser("bench", help="one C++ standalone run, timed")
    bn.add_argument("--seed", type=int, default=1)
    bn.add_argument("--build-dir", required=True)
    bn.add_argument("--repeats", type=int, default=1,
                    help="runs of the compiled binary (the minimum is kept)")
    bn.add_argument("--out", default="-")
    for p in (fx, bn):
        p.add_argument("--duration", type=float, default=10.0,
                       help="model time in seconds")
        p.add_argument("--float", default="float32",
                       choices=["float32", "float64"])
    args = ap.parse_args()
    {"fixtures": cmd_fixtures, "bench": cmd_bench}[args.cmd](args)


if __name__ == "__main__":
    main()
