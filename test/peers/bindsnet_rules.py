#!/usr/bin/env python3
"""Weight trajectories of BindsNET's learning rules, for snnc's conformance tests.

This is a peer, not part of snnc: it runs only from
test/peers/record-bindsnet-fixtures.sh, inside the virtual environment of
bench/stdp/setup-venv.sh, and writes test/fixtures/bindsnet/<case>.json.
Neither `make test` nor CI imports it.

Every case is the same tiny network run through BindsNET's own Network:

    pre  = Input(n=8, traces=True)      (tc_trace 20, trace_scale 1)
    post = Input(n=5, traces=True)
    conn = Connection(pre, post, w=w0, update_rule=<rule>, nu=..., ...)

or, for the <rule>_conv2d and <rule>_local2d cases, [C, H, W] Input layers
joined by a Conv2dConnection or a LocalConnection2D (GEOMETRY below; the
fixture's `connection` says which, and its weights are flattened).

Both spike trains are fixed (numpy's default_rng(seed)): the pre spikes are
the `pre` layer's input, and the post spikes are forced with Network.run's
`clamp` / `unclamp` (spikes on, everything else off), since an Input
layer's spikes are otherwise its input, which for `post` includes the
connection's drive w^T s_pre of the previous step. BindsNET 0.3.4 applies
clamps inside Nodes.forward before the trace update, so the forced spikes
are the layer's `s` and enter its trace `x` exactly like real ones.

The network runs one step per Network.run call (time = dt) so that the
reward of MSTDP / MSTDPET can change every step (Network.run hands the same
`reward` keyword to every step of one call). One step of Network.run in
0.3.4 is: every layer's forward in insertion order (pre, then post: spikes
s(t), then trace x(t) = x(t-1) exp(-dt/tc_trace), then x(t) = 1 where
s(t)), then every connection's update (the rule, reading s(t) and x(t)),
then the monitors; after the last step of the call, Connection.normalize()
(a no-op here: no norm). `w` of the fixture at index t is conn.w after the
call for step t, so for PostPre, Hebbian and WeightDependentPostPre it
includes the effect of the pre and post spikes of step t; for MSTDP and
MSTDPET (zero_lag=False, BindsNET's default) it includes reward[t] times
the eligibility of the spikes up to step t - 1 only.

    bindsnet_rules.py fixtures --out DIR [--cases ...] [--seed S] [--steps T]
    bindsnet_rules.py check DIR     # compares every fixture with the
                                    # equations of docs/rules/*.md (numpy)

Float values are written as the repr of the Python float holding the
float32 value, so they parse back exactly.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

import fixture_json  # test/peers/fixture_json.py

N_PRE = 8
N_POST = 5
PRE_RATE = 0.1  # spike probability per step
POST_RATE = 0.08
STEPS = 200
SEED = 20240611

# Every case: BindsNET rule class, its keyword arguments (BindsNET's names),
# the connection's bounds (None: unbounded, BindsNET's -inf / +inf), dt,
# the range of the initial weights, and whether it takes a reward.
CASES = {
    "postpre": dict(rule="PostPre", nu=(1e-2, 2e-2), wmin=0.0, wmax=1.0,
                    dt=1.0, w0=(0.2, 0.8)),
    "postpre_dt05": dict(rule="PostPre", nu=(1e-2, 2e-2), wmin=0.0, wmax=1.0,
                         dt=0.5, w0=(0.2, 0.8)),
    "postpre_decay": dict(rule="PostPre", nu=(1e-2, 2e-2), wmin=None,
                          wmax=None, dt=1.0, w0=(0.2, 0.8),
                          weight_decay=1e-3),
    # Not asked for by the conformance plan but cheap: rates large enough
    # that weights reach both bounds, so the clamp (after both updates) is
    # exercised.
    "postpre_clamp": dict(rule="PostPre", nu=(1e-1, 2e-1), wmin=0.0,
                          wmax=1.0, dt=1.0, w0=(0.2, 0.8)),
    "hebbian": dict(rule="Hebbian", nu=(1e-2, 2e-2), wmin=-1.0, wmax=1.0,
                    dt=1.0, w0=(-0.8, 0.8)),
    "weight_dependent_postpre": dict(rule="WeightDependentPostPre",
                                     nu=(1e-2, 2e-2), wmin=0.0, wmax=1.0,
                                     dt=1.0, w0=(0.2, 0.8)),
    "mstdp": dict(rule="MSTDP", nu=1e-2, wmin=-1.0, wmax=1.0, dt=1.0,
                  w0=(-0.8, 0.8), reward=True),
    "mstdpet": dict(rule="MSTDPET", nu=1e-2, wmin=-1.0, wmax=1.0, dt=1.0,
                    w0=(-0.8, 0.8), reward=True),
}

# The same rules on BindsNET's Conv2dConnection (a shared [2, 1, 3, 3]
# kernel over a [1, 6, 6] input, padding 1: every kernel weight sums the
# changes of up to 36 positions) and LocalConnection2D (untied 3x3 windows
# at stride 2 over a [1, 7, 7] input: [2, 3, 3] targets, 162 weights). One
# input channel: BindsNET's LocalConnection2D flattens its unfolded windows
# without moving the channel axis, which mixes channels and positions when
# there are several. PostPre's, Hebbian's and WeightDependentPostPre's
# rates are a tenth of the dense ones on the shared kernel, so its weights
# move without all sitting at a bound (the reward rules' changes, of
# random sign, mostly cancel over the positions: they keep theirs).
GEOMETRY = {
    "conv2d": dict(kind="conv2d", in_shape=[1, 6, 6], out_channels=2,
                   kernel=[3, 3], stride=[1, 1], padding=[1, 1]),
    "local2d": dict(kind="local2d", in_shape=[1, 7, 7], out_channels=2,
                    kernel=[3, 3], stride=[2, 2], padding=[0, 0]),
}
for _geo, _scale in (("conv2d", 0.1), ("local2d", 1.0)):
    for _name in ("postpre", "hebbian", "weight_dependent_postpre", "mstdp",
                  "mstdpet"):
        _case = dict(CASES[_name], connection=_geo)
        if not _case.get("reward"):
            _case["nu"] = tuple(v * _scale for v in _case["nu"])
        CASES[f"{_name}_{_geo}"] = _case


def f32(x):
    """The Python float holding x rounded to float32."""
    return float(np.float32(x))


def geometry(case):
    """The connection's shapes: (source shape, target shape, weight shape)."""
    g = GEOMETRY.get(case.get("connection"))
    if g is None:
        return [N_PRE], [N_POST], (N_PRE, N_POST)
    c, h, w = g["in_shape"]
    (kh, kw), (sh, sw), (ph, pw) = g["kernel"], g["stride"], g["padding"]
    ho = (h + 2 * ph - kh) // sh + 1
    wo = (w + 2 * pw - kw) // sw + 1
    out = [g["out_channels"], ho, wo]
    if g["kind"] == "conv2d":
        return g["in_shape"], out, (g["out_channels"], c, kh, kw)
    return g["in_shape"], out, (c, g["out_channels"] * ho * wo, kh * kw)


def inputs_for(case_name, seed, steps):
    """Spike trains, rewards and initial weights: the same for any BindsNET."""
    case = CASES[case_name]
    src_shape, tgt_shape, w_shape = geometry(case)
    rng = np.random.default_rng(seed)
    pre = rng.random((steps, int(np.prod(src_shape)))) < PRE_RATE
    post = rng.random((steps, int(np.prod(tgt_shape)))) < POST_RATE
    # Drawn whatever the case, so every case sees the same spike trains.
    reward = rng.uniform(-1.0, 1.0, steps).astype(np.float32)
    lo, hi = case["w0"]
    w0 = rng.uniform(lo, hi, w_shape).astype(np.float32)
    return pre, post, (reward if case.get("reward") else None), w0


# ---------------------------------------------------------------- recording

def record(case_name, seed, steps):
    import torch
    from importlib.metadata import version
    import bindsnet.learning as learning
    from bindsnet.network import Network
    from bindsnet.network.nodes import Input
    from bindsnet.network.topology import (Connection, Conv2dConnection,
                                           LocalConnection2D)

    torch.set_num_threads(1)
    case = CASES[case_name]
    pre, post, reward, w0 = inputs_for(case_name, seed, steps)
    src_shape, tgt_shape, _ = geometry(case)
    geo = GEOMETRY.get(case.get("connection"))
    dt = case["dt"]

    net = Network(dt=dt, batch_size=1, learning=True)
    src = Input(shape=src_shape, traces=True)
    tgt = Input(shape=tgt_shape, traces=True)
    # Layers first, so the rule sees batch size 1 when it picks its
    # reduction (torch.squeeze; with the layers added later it would be
    # torch.sum, the same numbers for one batch entry).
    net.add_layer(src, name="pre")
    net.add_layer(tgt, name="post")
    kwargs = dict(w=torch.from_numpy(w0.copy()),
                  update_rule=getattr(learning, case["rule"]), nu=case["nu"])
    if case["wmin"] is not None:
        kwargs["wmin"] = case["wmin"]
    if case["wmax"] is not None:
        kwargs["wmax"] = case["wmax"]
    if "weight_decay" in case:
        kwargs["weight_decay"] = case["weight_decay"]
    if geo is None:
        conn = Connection(source=src, target=tgt, **kwargs)
    elif geo["kind"] == "conv2d":
        conn = Conv2dConnection(src, tgt, kernel_size=geo["kernel"],
                                stride=geo["stride"], padding=geo["padding"],
                                **kwargs)
    else:
        # LocalConnection2D's check of a given `w` reads an attribute it
        # never sets: build with random weights, then copy w0 in.
        del kwargs["w"]
        conn = LocalConnection2D(src, tgt, kernel_size=geo["kernel"],
                                 stride=geo["stride"],
                                 n_filters=geo["out_channels"], **kwargs)
        conn.w.data.copy_(torch.from_numpy(w0))
    net.add_connection(conn, source="pre", target="post")
    rule = conn.update_rule
    if not np.array_equal(conn.w.numpy(), w0):
        sys.exit(f"{case_name}: BindsNET changed the initial weights")

    pre_t = torch.from_numpy(pre)
    post_t = torch.from_numpy(post)
    ws = []
    for t in range(steps):
        # Masks of the layer's shape with a leading time axis of 1 (a 1-D
        # mask is only taken as is for a 1-D layer).
        mask = post_t[t].view(1, *tgt_shape)
        run_kwargs = dict(clamp={"post": mask}, unclamp={"post": ~mask})
        if reward is not None:
            run_kwargs["reward"] = float(reward[t])
        net.run(inputs={"pre": pre_t[t:t + 1].view(1, 1, *src_shape)},
                time=dt, **run_kwargs)
        # The forced spikes must be what the layers hold.
        if not (torch.equal(src.s.view(-1).bool(), pre_t[t])
                and torch.equal(tgt.s.view(-1).bool(), post_t[t])
                and bool(((tgt.s == 0) | (tgt.s == 1)).all())):
            sys.exit(f"{case_name}: layer spikes differ from the given ones at step {t}")
        ws.append(conn.w.detach().numpy().copy())

    params = {"nu": [f32(v) for v in rule.nu.tolist()]}
    if case["rule"] in ("PostPre", "Hebbian", "WeightDependentPostPre"):
        params.update(
            tc_trace_pre=float(src.tc_trace), tc_trace_post=float(tgt.tc_trace),
            trace_scale=float(src.trace_scale), traces_additive=False,
            weight_decay=case.get("weight_decay", 0.0))
    else:
        params.update(
            tc_plus=float(rule.tc_plus), tc_minus=float(rule.tc_minus),
            a_plus=1.0, a_minus=-1.0, zero_lag=bool(rule.zero_lag),
            weight_decay=case.get("weight_decay", 0.0))
        if case["rule"] == "MSTDPET":
            params["tc_e_trace"] = float(rule.tc_e_trace)
    # The per-step factors as BindsNET computes them (float32 exp), for a
    # test that wants to tell a 1-ulp difference in a decay from a semantic
    # one.
    derived = {
        "trace_decay_pre": float(src.trace_decay),
        "trace_decay_post": float(tgt.trace_decay),
        "weight_decay_factor": f32(rule.weight_decay),
    }
    if case["rule"] in ("MSTDP", "MSTDPET"):
        dt_ = float(conn.dt)
        derived["decay_plus"] = float(torch.exp(-dt_ / rule.tc_plus))
        derived["decay_minus"] = float(torch.exp(-dt_ / rule.tc_minus))
        if case["rule"] == "MSTDPET":
            derived["decay_e_trace"] = float(torch.exp(-dt_ / rule.tc_e_trace))

    out = {
        "case": case_name,
        "rule": case["rule"],
        "bindsnet_version": version("bindsnet"),
        "torch_version": torch.__version__,
        "generator": "test/peers/record-bindsnet-fixtures.sh",
        "seed": seed,
        "dt": dt,
        "params": params,
        "derived": derived,
        "w_min": case["wmin"],
        "w_max": case["wmax"],
        "n_pre": int(pre.shape[1]),
        "n_post": int(post.shape[1]),
        "steps": steps,
        "pre_spikes": pre.astype(int).tolist(),
        "post_spikes": post.astype(int).tolist(),
    }
    if reward is not None:
        out["reward"] = [float(r) for r in reward]
    if geo is None:
        out["w0"] = [[float(v) for v in row] for row in w0]
        out["w"] = [[[float(v) for v in row] for row in w] for w in ws]
    else:
        # BindsNET's weight layout flattened: [out, in, kh, kw] for conv2d,
        # [in, out * H_out * W_out, kh * kw] for local2d, which with one
        # input channel is snnc's [out, H_out, W_out, in, kh, kw].
        out["connection"] = dict(geo, out_shape=tgt_shape)
        out["w0"] = [float(v) for v in w0.reshape(-1)]
        out["w"] = [[float(v) for v in w.reshape(-1)] for w in ws]
    return out


def dump(obj, path):
    """JSON with one vector or matrix per line (fixture_json.py)."""
    fixture_json.dump(obj, path, ("pre_spikes", "post_spikes", "w"))


# ----------------------------------------------------------------- checking

def synapses(conn):
    """(pre, post, weight) indices of every synapse of a conv2d or local2d
    connection (the fixture's `connection`), row-major in all three."""
    c, h, w = conn["in_shape"]
    f, ho, wo = conn["out_shape"]
    (kh, kw), (sh, sw), (ph, pw) = conn["kernel"], conn["stride"], conn["padding"]
    pre, post, widx = [], [], []
    for o in range(f):
        for oy in range(ho):
            for ox in range(wo):
                for i in range(c):
                    for ky in range(kh):
                        for kx in range(kw):
                            iy, ix = oy * sh - ph + ky, ox * sw - pw + kx
                            if not (0 <= iy < h and 0 <= ix < w):
                                continue
                            pre.append((i * h + iy) * w + ix)
                            post.append((o * ho + oy) * wo + ox)
                            if conn["kind"] == "conv2d":
                                widx.append(((o * c + i) * kh + ky) * kw + kx)
                            else:
                                widx.append(((((o * ho + oy) * wo + ox) * c + i)
                                             * kh + ky) * kw + kx)
    return np.array(pre), np.array(post), np.array(widx)


def traces(pre, post, p, decay):
    """PostPre's traces, step by step: (s_pre, s_post, x_pre, y_post) after
    each step's decay and spikes (BindsNET's Nodes with traces)."""
    F = np.float32
    dx, dy = decay(p["tc_trace_pre"]), decay(p["tc_trace_post"])
    x = np.zeros(pre.shape[1], F)
    y = np.zeros(post.shape[1], F)
    for sp, so in zip(pre, post):
        x = x * dx
        x[sp > 0] = F(p["trace_scale"])
        y = y * dy
        y[so > 0] = F(p["trace_scale"])
        yield sp, so, x, y


def doc_model(fx):
    """The weights the equations of docs/rules/<rule>.md give, in float32.

    Written from snnc's pages, not from BindsNET's code, in BindsNET's order
    of operations, so `check` tells whether the pages still describe the
    BindsNET version that recorded the fixture.
    """
    F = np.float32
    dt = F(fx["dt"])
    p = fx["params"]
    pre = np.array(fx["pre_spikes"], dtype=F)
    post = np.array(fx["post_spikes"], dtype=F)
    w = np.array(fx["w0"], dtype=F)
    wmin = F(-np.inf if fx["w_min"] is None else fx["w_min"])
    wmax = F(np.inf if fx["w_max"] is None else fx["w_max"])
    # 1 - weight_decay in double, then float32 (BindsNET keeps a Python
    # float and multiplies the float32 weights by it).
    wd = F(1.0 - p["weight_decay"]) if p["weight_decay"] else F(1.0)
    nu0, nu1 = F(p["nu"][0]), F(p["nu"][1])
    rule = fx["rule"]
    out = []

    def decay(tc):
        # exp(-dt / tc): the quotient in float32 (BindsNET's tensors), the
        # exponential correctly rounded (numpy's float32 exp is 1 ulp off
        # for some arguments; torch's is not).
        return F(math.exp(float(-dt / F(tc))))

    def finish(w):
        if wd != F(1.0):
            w = w * wd
        if np.isfinite(wmin) or np.isfinite(wmax):
            w = np.clip(w, wmin, wmax)
        return w

    if "connection" in fx:
        return shared_model(fx, decay, finish)
    if rule in ("PostPre", "Hebbian", "WeightDependentPostPre"):
        for sp, so, x, y in traces(pre, post, p, decay):
            if rule == "PostPre":
                w = w - np.outer(sp, y * nu0)
                w = w + np.outer(x, so * nu1)
            elif rule == "Hebbian":
                w = w + np.outer(sp, y * nu0)
                w = w + np.outer(x, so * nu1)
            else:
                upd = -(nu0 * np.outer(sp, y) * (w - wmin))
                upd = upd + nu1 * np.outer(x, so) * (wmax - w)
                w = w + upd
            w = finish(w)
            out.append(w)
    else:
        r = np.array(fx["reward"], dtype=F)
        dp, dm = decay(p["tc_plus"]), decay(p["tc_minus"])
        a_plus, a_minus = F(p["a_plus"]), F(p["a_minus"])
        pp = np.zeros(pre.shape[1], F)
        pm = np.zeros(post.shape[1], F)
        e = np.zeros_like(w)
        z = np.zeros_like(w)
        for t in range(pre.shape[0]):
            if rule == "MSTDP":
                w = w + nu0 * (r[t] * e)
            else:
                z = z * decay(p["tc_e_trace"]) + e / F(p["tc_e_trace"])
                w = w + nu0 * dt * r[t] * z
            pp = pp * dp + a_plus * pre[t]
            pm = pm * dm + a_minus * post[t]
            e = np.outer(pp, post[t]) + np.outer(pre[t], pm)
            w = finish(w)
            out.append(w)
    return np.array(out)


def shared_model(fx, decay, finish):
    """doc_model for conv2d and local2d: every synapse's change as on a
    dense connection, the changes of the synapses that share a weight
    summed, and added once per step (the sums in another order than
    BindsNET's, so equal to ~1e-7 rather than bit for bit)."""
    F = np.float32
    dt = F(fx["dt"])
    p = fx["params"]
    rule = fx["rule"]
    pre = np.array(fx["pre_spikes"], dtype=F)
    post = np.array(fx["post_spikes"], dtype=F)
    w = np.array(fx["w0"], dtype=F)
    i, j, k = synapses(fx["connection"])
    wmin = F(-np.inf if fx["w_min"] is None else fx["w_min"])
    wmax = F(np.inf if fx["w_max"] is None else fx["w_max"])
    nu0, nu1 = F(p["nu"][0]), F(p["nu"][1])

    def summed(per_synapse):
        out = np.zeros_like(w)
        np.add.at(out, k, per_synapse.astype(F))
        return out

    out = []
    if rule in ("PostPre", "Hebbian", "WeightDependentPostPre"):
        for sp, so, x, y in traces(pre, post, p, decay):
            depress = summed(sp[i] * y[j])  # pre spike reads the post trace
            potentiate = summed(x[i] * so[j])
            if rule == "PostPre":
                w = w - nu0 * depress + nu1 * potentiate
            elif rule == "Hebbian":
                w = w + nu0 * depress + nu1 * potentiate
            else:
                w = w + (-(nu0 * depress * (w - wmin))
                         + nu1 * potentiate * (wmax - w))
            w = finish(w)
            out.append(w)
        return np.array(out)
    r = np.array(fx["reward"], dtype=F)
    dp, dm = decay(p["tc_plus"]), decay(p["tc_minus"])
    pp = np.zeros(pre.shape[1], F)
    pm = np.zeros(post.shape[1], F)
    e = np.zeros(len(k), F)
    z = np.zeros(len(k), F)
    for t in range(pre.shape[0]):
        if rule == "MSTDP":
            w = w + nu0 * r[t] * summed(e)
        else:
            z = z * decay(p["tc_e_trace"]) + e / F(p["tc_e_trace"])
            w = w + nu0 * dt * r[t] * summed(z)
        pp = pp * dp + F(p["a_plus"]) * pre[t]
        pm = pm * dm + F(p["a_minus"]) * post[t]
        e = pp[i] * post[t][j] + pre[t][i] * pm[j]
        w = finish(w)
        out.append(w)
    return np.array(out)


def check(directory):
    bad = 0
    names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    if not names:
        sys.exit(f"check: no fixtures in {directory}")
    for name in names:
        with open(os.path.join(directory, name)) as f:
            fx = json.load(f)
        got = np.array(fx["w"], dtype=np.float32)
        want = doc_model(fx)
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        exact = int((got == want).sum())
        first = None
        if diff.max() > 0:
            first = int(np.argmax(diff.reshape(len(got), -1).max(1) > 0))
        print(f"{name:32s} max |bindsnet - docs| = {diff.max():.3g}"
              f"  ({exact}/{got.size} values bit-identical"
              + ("" if first is None else f", first difference at step {first}")
              + ")")
        if diff.max() > 1e-6:
            bad += 1
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    fx = sub.add_parser("fixtures", help="record the fixtures")
    fx.add_argument("--out", required=True, help="directory to write to")
    fx.add_argument("--cases", nargs="*", default=list(CASES),
                    choices=list(CASES))
    fx.add_argument("--seed", type=int, default=SEED)
    fx.add_argument("--steps", type=int, default=STEPS)
    ck = sub.add_parser("check", help="compare fixtures with docs/rules")
    ck.add_argument("dir")
    args = ap.parse_args()

    if args.cmd == "check":
        sys.exit(check(args.dir))
    os.makedirs(args.out, exist_ok=True)
    for name in args.cases:
        obj = record(name, args.seed, args.steps)
        path = os.path.join(args.out, f"{name}.json")
        dump(obj, path)
        w = np.array(obj["w"])
        print(f"{path}: {obj['rule']}, dt {obj['dt']}, {args.steps} steps, "
              f"{int(np.sum(obj['pre_spikes']))} pre / "
              f"{int(np.sum(obj['post_spikes']))} post spikes, "
              f"w in [{w[-1].min():.4f}, {w[-1].max():.4f}] at the end",
              file=sys.stderr)


if __name__ == "__main__":
    main()
