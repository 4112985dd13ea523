#!/usr/bin/env python3
"""COBA: snnc against Brian2's C++ standalone mode, in the same run.

Run through bench/coba/run.sh, which sets up the Python environment. Both
simulators run examples/coba/net.mlir's network (Brian2's version is
test/peers/brian2_coba.py) for 10 s of model time, single-threaded; each
compiled simulation runs --repeats times and the fastest run is reported.
Writes everything it measured to WORKDIR/results.json as well.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(cmd, env=None):
    """Runs cmd; returns (stdout, peak RSS of that process in KiB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited with {proc.returncode}")
    return out, usage.ru_maxrss


def snnc_run(snnc, net, steps, summary, extra=()):
    _, rss = run([snnc, net, "--run", "--steps", str(steps),
                  "--summary-json", summary, *extra])
    with open(summary) as f:
        s = json.load(f)
    s["peak_rss_kib"] = rss
    s["rates"] = {p["name"]: p["rate_hz"] for p in s["populations"]}
    return s


def variant(source, drop_monitors=True, drop_projections=False,
            keep_spike_monitors=False):
    """The network with its monitors (all, or all but the spike monitors)
    and projections removed."""
    text = source
    if drop_monitors:
        pattern = (r"^\s*snn\.monitor (?!\S+ spikes of)[^\n]*\n"
                   if keep_spike_monitors else r"^\s*snn\.monitor[^\n]*\n")
        text = re.sub(pattern, "", text, flags=re.M)
    if drop_projections:
        text = re.sub(r"^\s*snn\.projection .*?port \"[^\"]*\"\n", "", text,
                      flags=re.M | re.S)
    return text


def csr_bytes(snnc, net, workdir):
    """Bytes of the connectivity arrays the compiled network keeps, and its
    synapse count, from the constant globals of the emitted module."""
    outdir = os.path.join(workdir, "emit")
    run([snnc, net, "--emit=mlir", "-o", outdir])
    total = synapses = 0
    for name in os.listdir(outdir):
        with open(os.path.join(outdir, name)) as f:
            for line in f:
                m = re.search(r"llvm\.mlir\.global .*@(snn\.csr\.\S+)\(.*"
                              r":\s*!llvm\.array<(\d+) x i(\d+)>\s*$", line)
                if not m:
                    continue
                count, bits = int(m.group(2)), int(m.group(3))
                total += count * bits // 8
                if m.group(1).endswith(".indices"):
                    synapses += count
    return total, synapses


def weight_bytes(snnc, net):
    """Bytes of the weight buffers (role weight, f32), from the scheduled
    functions' signatures."""
    snn_opt = os.path.join(os.path.dirname(snnc), "snn-opt")
    out, _ = run([snn_opt, net, "--snn-schedule"])
    run_sig = next(l for l in out.splitlines()
                   if "func.func @" in l and "_run(" in l)
    total = 0
    for m in re.finditer(r'memref<([0-9x]+)xf32> \{[^}]*snn\.role = "weight"',
                         run_sig):
        n = 1
        for d in m.group(1).split("x"):
            n *= int(d)
        total += 4 * n
    return total


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--snn-compile",
                    default=os.path.join(ROOT, "build", "bin", "snn-compile"))
    ap.add_argument("--net",
                    default=os.path.join(ROOT, "examples", "coba", "net.mlir"))
    ap.add_argument("--workdir",
                    default=os.path.join(ROOT, "bench", "coba", "build"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1, help="Brian2's seed")
    args = ap.parse_args()
    steps = 100000
    os.makedirs(args.workdir, exist_ok=True)
    env = dict(os.environ, OMP_NUM_THREADS="1")

    # Brian2: generate and compile once, then run the binary --repeats times.
    print("Brian2 C++ standalone: generating, compiling, running ...",
          file=sys.stderr, flush=True)
    b2_json = os.path.join(args.workdir, "brian2.json")
    run([sys.executable, os.path.join(ROOT, "test", "peers", "brian2_coba.py"),
         "bench", "--seed", str(args.seed), "--duration", "10",
         "--repeats", str(args.repeats),
         "--build-dir", os.path.join(args.workdir, "brian2"),
         "--out", b2_json], env=env)
    with open(b2_json) as f:
        b2 = json.load(f)

    print("snnc ...", file=sys.stderr, flush=True)

    def repeated(net, tag, extra=()):
        """--repeats runs of `net`, each summary in WORKDIR/<tag>-<i>.json."""
        return [snnc_run(args.snn_compile, net, steps,
                         os.path.join(args.workdir, f"{tag}-{i}.json"), extra)
                for i in range(args.repeats)]

    runs = repeated(args.net, "snnc")
    snnc = min(runs, key=lambda s: s["simulation_seconds"])
    snnc_compile = min(s["compile_seconds"] for s in runs)

    # The same network without its three monitors (Brian2 records only
    # spikes): what recording costs snnc.
    with open(args.net) as f:
        source = f.read()
    nomon = os.path.join(args.workdir, "coba-nomon.mlir")
    nosyn = os.path.join(args.workdir, "coba-nosyn.mlir")
    with open(nomon, "w") as f:
        f.write(variant(source))
    with open(nosyn, "w") as f:
        f.write(variant(source, drop_projections=True))
    nomon_runs = repeated(nomon, "nomon")
    nomon_sim = min(s["simulation_seconds"] for s in nomon_runs)
    # What Brian2 records: the spikes of every neuron (its SpikeMonitor),
    # without examples/coba's membrane trace.
    spikemon = os.path.join(args.workdir, "coba-spikes.mlir")
    with open(spikemon, "w") as f:
        f.write(variant(source, keep_spike_monitors=True))
    spikemon_runs = repeated(spikemon, "spikes")
    spikemon_sim = min(s["simulation_seconds"] for s in spikemon_runs)

    # The same network again with each optimisation of snn-to-cpu turned
    # off, and with 2 threads: what each contributes.
    def best(extra, tag, repeats):
        return min(snnc_run(args.snn_compile, args.net, steps,
                            os.path.join(args.workdir, f"{tag}-{i}.json"),
                            extra)["simulation_seconds"]
                   for i in range(repeats))
    print("snnc variants ...", file=sys.stderr, flush=True)
    variants = {
        # COBA's kernels (3200 and 800 neurons) are below the default
        # --min-parallel-elements, so this runs them sequentially ...
        "threads_2": best(["--threads", "2"], "threads2", args.repeats),
        # ... and this makes the excitatory one an OpenMP loop.
        "threads_2_parallel": best(["--threads", "2",
                                    "--min-parallel-elements", "2048"],
                                   "threads2p", args.repeats),
        "no_fuse": best(["--fuse=false"], "nofuse", args.repeats),
        "no_vectorize": best(["--vectorize=false"], "novec", args.repeats),
        # Every source's row each step: slow, so once.
        "no_event_driven": best(["--event-driven=false"], "noevents", 1),
    }

    # Memory per synapse. (a) What the compiled simulation keeps: the CSR
    # arrays (indptr and indices, i32); COBA's weights are one constant per
    # projection and its synapse state is per target neuron, so nothing
    # else grows with the synapse count. (b) Peak RSS of the whole
    # snn-compile process, with and without the projections (both without
    # monitors, 1000 steps): includes the compiler's transient copies of the
    # same arrays (connectivity vectors, MLIR attributes, LLVM constants,
    # object code).
    static_bytes, synapses = csr_bytes(args.snn_compile, args.net, args.workdir)
    w_bytes = weight_bytes(args.snn_compile, args.net)
    rss_syn = min(snnc_run(args.snn_compile, nomon, 1000,
                           os.path.join(args.workdir, "mem-syn.json"))
                  ["peak_rss_kib"] for _ in range(2))
    rss_nosyn = min(snnc_run(args.snn_compile, nosyn, 1000,
                             os.path.join(args.workdir, "mem-nosyn.json"))
                    ["peak_rss_kib"] for _ in range(2))

    ratio = b2["simulation_seconds"] / snnc["simulation_seconds"]
    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                    "kernel": platform.release()},
        "repeats": args.repeats,
        "brian2": b2,
        "snnc": {
            "simulation_seconds": snnc["simulation_seconds"],
            "simulation_seconds_all": [s["simulation_seconds"] for s in runs],
            "simulation_seconds_no_monitors": nomon_sim,
            "simulation_seconds_spike_monitors": spikemon_sim,
            "simulation_seconds_spike_monitors_all":
                [r["simulation_seconds"] for r in spikemon_runs],
            "simulation_seconds_no_monitors_all":
                [r["simulation_seconds"] for r in nomon_runs],
            "compile_seconds": snnc_compile,
            "compile_seconds_all": [s["compile_seconds"] for s in runs],
            "exc_rate_hz": snnc["rates"]["exc"],
            "inh_rate_hz": snnc["rates"]["inh"],
            "synapses": synapses,
            "csr_bytes": static_bytes,
            "weight_bytes": w_bytes,
            "bytes_per_synapse_static": (static_bytes + w_bytes) / synapses,
            "variants_simulation_seconds": variants,
            "peak_rss_kib": snnc["peak_rss_kib"],
            "peak_rss_kib_with_synapses": rss_syn,
            "peak_rss_kib_without_synapses": rss_nosyn,
            "bytes_per_synapse_rss": (rss_syn - rss_nosyn) * 1024 / synapses,
        },
        "ratio_brian2_over_snnc": ratio,
        "ratio_brian2_over_snnc_no_monitors":
            b2["simulation_seconds"] / nomon_sim,
        "ratio_brian2_over_snnc_same_recording":
            b2["simulation_seconds"] / spikemon_sim,
    }
    with open(os.path.join(args.workdir, "results.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    s = result["snnc"]
    lines = [
        f"COBA, 10 s of model time ({steps} steps of 0.1 ms), 1 thread, "
        f"best of {args.repeats}",
        f"machine: {result['machine']['cpu']}, {result['machine']['cores']} "
        f"cores; {result['date']}",
        f"Brian2 {b2['brian2_version']} cpp_standalone ({b2['float_dtype']}, "
        f"{' '.join(b2['compiler_flags'])}), seed {b2['seed']}",
        "",
        f"Brian2 standalone simulation:     {b2['simulation_seconds']:8.3f} s"
        f"   (Network::run; whole binary {b2['binary_seconds']:.3f} s)",
        f"Brian2 standalone compilation:    {b2['build_seconds']:8.3f} s"
        f"   (of which make {b2['make_seconds']:.3f} s)",
        f"snnc simulation, spike monitors:  "
        f"{s['simulation_seconds_spike_monitors']:8.3f} s   (what Brian2 "
        f"records)",
        f"snnc simulation, examples/coba:   {s['simulation_seconds']:8.3f} s"
        f"   (spikes and a v trace every 10 steps)",
        f"snnc simulation, no monitors:     "
        f"{s['simulation_seconds_no_monitors']:8.3f} s",
        f"snnc compile:                     {s['compile_seconds']:8.3f} s",
        f"ratio Brian2/snnc, same recording:"
        f"{result['ratio_brian2_over_snnc_same_recording']:8.3f}",
        f"ratio Brian2/snnc, examples/coba: {ratio:8.3f}",
        f"ratio Brian2/snnc, no monitors:   "
        f"{b2['simulation_seconds'] / s['simulation_seconds_no_monitors']:8.3f}",
        f"rates exc / inh, Brian2:          {b2['exc_rate_hz']:8.3f} / "
        f"{b2['inh_rate_hz']:.3f} Hz ({b2['synapses']} synapses)",
        f"rates exc / inh, snnc:            {s['exc_rate_hz']:8.3f} / "
        f"{s['inh_rate_hz']:.3f} Hz ({s['synapses']} synapses)",
        f"snnc memory per synapse:          "
        f"{s['bytes_per_synapse_static']:8.2f} B   (CSR arrays "
        f"{static_bytes} B and f32 weights {w_bytes} B)",
        f"snnc peak RSS per synapse:        {s['bytes_per_synapse_rss']:8.2f} B"
        f"   (snn-compile with minus without projections: "
        f"{rss_syn} - {rss_nosyn} KiB)",
        f"snnc, 2 threads:                  {variants['threads_2']:8.3f} s   (x{variants['threads_2'] / s['simulation_seconds']:.2f} the default's time; kernels below --min-parallel-elements)",
        f"snnc, 2 threads, 3200-neuron loop parallel:"
        f"{variants['threads_2_parallel']:6.3f} s   (x{variants['threads_2_parallel'] / s['simulation_seconds']:.2f}; --min-parallel-elements 2048)",
        f"snnc, --fuse=false:               {variants['no_fuse']:8.3f} s   (x{variants['no_fuse'] / s['simulation_seconds']:.2f} the default's time)",
        f"snnc, --vectorize=false:          {variants['no_vectorize']:8.3f} s   (x{variants['no_vectorize'] / s['simulation_seconds']:.2f} the default's time)",
        f"snnc, --event-driven=false:       {variants['no_event_driven']:8.3f} s   (x{variants['no_event_driven'] / s['simulation_seconds']:.2f} the default's time)",
        f"results: {os.path.join(args.workdir, 'results.json')}",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
