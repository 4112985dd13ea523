#!/usr/bin/env python3
"""Weight trajectories of ngclearn's modulated synapses, for snnc's conformance tests.

This is a peer, not part of snnc: it runs only from
test/peers/record-ngclearn-fixtures.sh, inside the virtual environment of
test/peers/setup-ngclearn-venv.sh, and writes test/fixtures/ngclearn/<case>.json.
Neither `make test` nor CI imports it. docs/rules/ngclearn_mstdpet.md and
docs/rules/ngclearn_reinforce.md give the equations it checks.

MSTDPETSynapse cases (`mstdpet`, `mstdp`, `mstdpet_full`): a dense 8 -> 5
MSTDPETSynapse `W` and two VarTrace components, `pre_tr` (8 units) and
`post_tr` (5 units), in one ngclearn Context, wired as in ngc-museum's
operant-conditioning exhibit:

    pre_tr.trace  >> W.preTrace        pre_tr.inputs  >> W.preSpike
    post_tr.trace >> W.postTrace       post_tr.inputs >> W.postSpike

Both spike trains are fixed (numpy's default_rng(seed), the same draws as
test/peers/bindsnet_rules.py with the same seed). Each step t the host sets
pre_tr.inputs = pre_spikes[t], post_tr.inputs = post_spikes[t] and
W.modulator = [[reward[t]]], then runs one jitted ngclearn MethodProcess:

    pre_tr.advance_state(dt) >> post_tr.advance_state(dt) >> W.evolve(dt, t)

(the traces first, so they include step t's spikes, as in the exhibit, whose
VarTrace components advance after the cells and before W's evolve). `w` at
index t is W.weights after that step; `pre_trace` / `post_trace` at index t
are the traces W read in step t. W.advance_state (the synaptic transmission,
out = s_pre W) is not run: nothing reads its output, and it does not touch
the weights. The reset process runs once first (it sets W.outmask to ones:
before it, outmask is zeros and no modulated update reaches the weights).

REINFORCESynapse cases (`reinforce`, `reinforce_tanh`): a REINFORCESynapse
`R` of shape (8, 5) (its weights are 8 x 10: columns 0-4 the mean weights,
5-9 the log-std weights), learning_mask set to 1 (its default, 0, never
changes a weight). Each step t the host sets R.inputs = inputs[t] (binary
"spikes") and R.rewards = [reward[t]], then runs one jitted MethodProcess
`R.evolve(dt)`. The Gaussian noise is ngclearn's own: R.seed starts at
jax.random.PRNGKey(42) (R.reset always sets that key) and each evolve does
`seed, sub = split(seed)`, `eps = jax.random.normal(sub, (1, 5))`. The
recorder draws the same chain itself, checks it against R.seed after every
step and the sampled outputs against eps, and records `epsilon` and
`outputs` so a replay needs no JAX generator.

    ngclearn_rules.py fixtures --out DIR [--cases ...] [--seed S] [--steps T]
    ngclearn_rules.py check DIR     # compares every fixture with the
                                    # equations of docs/rules/ngclearn_*.md

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
PRE_RATE = 0.1  # spike probability per step (as bindsnet_rules.py)
POST_RATE = 0.08
INPUT_RATE = 0.3  # REINFORCE's binary inputs
STEPS = 200
SEED = 20240611

# MSTDPETSynapse keyword arguments (ngclearn's names), the VarTrace
# arguments of both traces, an optional fixed outmask, and the range of the
# initial weights. The traces of `mstdpet` and `mstdp` are the exhibit's
# (a_delta 0: a spike sets the trace to P_scale); `mstdpet_full` uses the
# tutorial's additive traces and turns on every other knob.
MSTDPET_CASES = {
    "mstdpet": dict(
        syn=dict(A_plus=1.0, A_minus=1.0, eta=1.5, mu=0.0, pretrace_target=0.0,
                 tau_elg=25.0, elg_decay=1.0, tau_w=0.0, w_bound=1.0),
        trace=dict(tau_tr=20.0, a_delta=0.0, P_scale=1.0, gamma_tr=1.0),
        w0=(0.2, 0.8)),
    "mstdp": dict(
        syn=dict(A_plus=1.0, A_minus=1.0, eta=0.05, mu=0.0, pretrace_target=0.0,
                 tau_elg=0.0, elg_decay=1.0, tau_w=0.0, w_bound=1.0),
        trace=dict(tau_tr=20.0, a_delta=0.0, P_scale=1.0, gamma_tr=1.0),
        w0=(0.2, 0.8)),
    "mstdpet_full": dict(
        syn=dict(A_plus=1.0, A_minus=0.5, eta=2.0, mu=1.0, pretrace_target=0.1,
                 tau_elg=40.0, elg_decay=0.95, tau_w=500.0, w_bound=1.0),
        trace=dict(tau_tr=20.0, a_delta=1.0, P_scale=1.0, gamma_tr=1.0),
        outmask=[1.0, 1.0, 0.0, 1.0, 1.0],
        w0=(0.2, 0.8)),
}

# REINFORCESynapse keyword arguments; None stands for -inf / +inf.
REINFORCE_CASES = {
    "reinforce": dict(
        syn=dict(eta=5.0, decay=0.99, w_bound=1.0, act_fx="identity",
                 mu_act_fx="identity", mu_out_min=None, mu_out_max=None,
                 scalar_stddev=-1.0),
        w0=(0.0, 0.5)),
    "reinforce_tanh": dict(
        syn=dict(eta=5.0, decay=0.99, w_bound=1.0, act_fx="identity",
                 mu_act_fx="tanh", mu_out_min=-1.0, mu_out_max=1.0,
                 scalar_stddev=-1.0),
        w0=(0.0, 0.5)),
}

CASES = list(MSTDPET_CASES) + list(REINFORCE_CASES)
DT = 1.0
REINFORCE_KEY = 42  # the key REINFORCESynapse.reset always sets


def f32(x):
    """The Python float holding x rounded to float32."""
    return float(np.float32(x))


def inputs_for(case_name, seed, steps):
    """Every random input, drawn in one fixed order whatever the case.

    The first four draws are those of bindsnet_rules.py (pre spikes, post
    spikes, rewards, an 8 x 5 uniform), so with the same seed the spike
    trains and rewards are BindsNET's fixtures'.
    """
    rng = np.random.default_rng(seed)
    pre = rng.random((steps, N_PRE)) < PRE_RATE
    post = rng.random((steps, N_POST)) < POST_RATE
    reward = rng.uniform(-1.0, 1.0, steps).astype(np.float32)
    u_w = rng.random((N_PRE, N_POST))
    x_in = rng.random((steps, N_PRE)) < INPUT_RATE
    u_w2 = rng.random((N_PRE, 2 * N_POST))
    if case_name in MSTDPET_CASES:
        lo, hi = MSTDPET_CASES[case_name]["w0"]
        w0 = (lo + (hi - lo) * u_w).astype(np.float32)
        return dict(pre=pre, post=post, reward=reward, w0=w0)
    lo, hi = REINFORCE_CASES[case_name]["w0"]
    w0 = (lo + (hi - lo) * u_w2).astype(np.float32)
    return dict(inputs=x_in, reward=reward, w0=w0)


def versions():
    from importlib.metadata import version
    return {name + "_version": version(name)
            for name in ("ngclearn", "ngcsimlib", "jax", "jaxlib")}


# ---------------------------------------------------------------- recording

def record_mstdpet(case_name, seed, steps):
    import jax
    import jax.numpy as jnp
    from ngclearn import Context, MethodProcess
    from ngclearn.components.synapses.modulated.MSTDPETSynapse import MSTDPETSynapse
    from ngclearn.components.other.varTrace import VarTrace

    case = MSTDPET_CASES[case_name]
    syn, tr = case["syn"], case["trace"]
    data = inputs_for(case_name, seed, steps)
    key = jax.random.PRNGKey(0)  # only for the initializer we overwrite

    with Context(f"ngclearn_{case_name}"):
        W = MSTDPETSynapse("W", (N_PRE, N_POST), batch_size=1, key=key, **syn)
        pre_tr = VarTrace("pre_tr", n_units=N_PRE, decay_type="exp",
                          batch_size=1, key=key, **tr)
        post_tr = VarTrace("post_tr", n_units=N_POST, decay_type="exp",
                           batch_size=1, key=key, **tr)
        pre_tr.trace >> W.preTrace
        pre_tr.inputs >> W.preSpike
        post_tr.trace >> W.postTrace
        post_tr.inputs >> W.postSpike
        step_proc = (MethodProcess("step")
                     >> pre_tr.advance_state
                     >> post_tr.advance_state
                     >> W.evolve)
        reset_proc = (MethodProcess("reset")
                      >> pre_tr.reset
                      >> post_tr.reset
                      >> W.reset)

    reset_proc.run()
    W.weights.set(jnp.asarray(data["w0"]))
    outmask = case.get("outmask")
    if outmask is not None:
        W.outmask.set(jnp.asarray([outmask], dtype=jnp.float32))
    if not np.array_equal(np.asarray(W.weights.get()), data["w0"]):
        sys.exit(f"{case_name}: ngclearn changed the initial weights")

    pre, post, reward = data["pre"], data["post"], data["reward"]
    ws, xs, ys = [], [], []
    for t in range(steps):
        pre_tr.inputs.set(jnp.asarray(pre[t:t + 1], dtype=jnp.float32))
        post_tr.inputs.set(jnp.asarray(post[t:t + 1], dtype=jnp.float32))
        W.modulator.set(jnp.full((1, 1), reward[t], dtype=jnp.float32))
        step_proc.run(dt=DT, t=t * DT)
        # The synapse read what the traces hold (the wiring), and the
        # spikes it read are the given ones.
        if not (np.array_equal(np.asarray(W.preSpike.get())[0], pre[t])
                and np.array_equal(np.asarray(W.postSpike.get())[0], post[t])):
            sys.exit(f"{case_name}: W's spikes differ from the given ones at step {t}")
        xs.append(np.asarray(W.preTrace.get())[0].copy())
        ys.append(np.asarray(W.postTrace.get())[0].copy())
        ws.append(np.asarray(W.weights.get()).copy())

    # The per-step factors as ngclearn computes them (inside jit, float32).
    exp_decay = jax.jit(lambda dt, tau: jnp.exp(-dt / tau))
    derived = {"trace_decay": float(exp_decay(DT, tr["tau_tr"]))}
    if syn["tau_elg"] > 0:
        derived["elg_decay_factor"] = float(exp_decay(DT, syn["tau_elg"]))

    out = {
        "case": case_name,
        "rule": "MSTDPETSynapse",
        **versions(),
        "generator": "test/peers/record-ngclearn-fixtures.sh",
        "seed": seed,
        "dt": DT,
        "params": {k: float(v) for k, v in syn.items()},
        "trace": {**{k: float(v) for k, v in tr.items()}, "decay_type": "exp"},
        "derived": derived,
        "w_min": 0.0,
        "w_max": float(syn["w_bound"]),
        "n_pre": N_PRE,
        "n_post": N_POST,
        "steps": steps,
        "pre_spikes": pre.astype(int).tolist(),
        "post_spikes": post.astype(int).tolist(),
        "reward": [float(r) for r in reward],
        "outmask": [float(v) for v in (outmask or [1.0] * N_POST)],
        "pre_trace": [[float(v) for v in x] for x in xs],
        "post_trace": [[float(v) for v in y] for y in ys],
        "w0": [[float(v) for v in row] for row in data["w0"]],
        "w": [[[float(v) for v in row] for row in w] for w in ws],
    }
    return out


def record_reinforce(case_name, seed, steps):
    import jax
    import jax.numpy as jnp
    from ngclearn import Context, MethodProcess
    from ngclearn.components.synapses.modulated.REINFORCESynapse import REINFORCESynapse

    case = REINFORCE_CASES[case_name]
    syn = dict(case["syn"])
    data = inputs_for(case_name, seed, steps)
    kwargs = dict(syn)
    kwargs["mu_out_min"] = -jnp.inf if syn["mu_out_min"] is None else syn["mu_out_min"]
    kwargs["mu_out_max"] = jnp.inf if syn["mu_out_max"] is None else syn["mu_out_max"]

    with Context(f"ngclearn_{case_name}"):
        R = REINFORCESynapse("R", (N_PRE, N_POST), batch_size=1,
                             seed=REINFORCE_KEY, key=jax.random.PRNGKey(0),
                             **kwargs)
        step_proc = MethodProcess("step") >> R.evolve
        reset_proc = MethodProcess("reset") >> R.reset

    reset_proc.run()
    R.weights.set(jnp.asarray(data["w0"]))
    R.learning_mask.set(jnp.ones(()))
    if not np.array_equal(np.asarray(R.weights.get()), data["w0"]):
        sys.exit(f"{case_name}: ngclearn changed the initial weights")

    normal = jax.jit(lambda k: jax.random.normal(k, (1, N_POST)))
    key = jax.random.PRNGKey(REINFORCE_KEY)
    x, reward = data["inputs"], data["reward"]
    ws, eps_all, outs = [], [], []
    for t in range(steps):
        w_before = np.asarray(R.weights.get()).copy()
        R.inputs.set(jnp.asarray(x[t:t + 1], dtype=jnp.float32))
        R.rewards.set(jnp.full((1,), reward[t], dtype=jnp.float32))
        step_proc.run(dt=DT)
        key, sub = jax.random.split(key)
        if not np.array_equal(np.asarray(R.seed.get()), np.asarray(key)):
            sys.exit(f"{case_name}: R's PRNG key chain differs from split(PRNGKey(42)) at step {t}")
        eps = np.asarray(normal(sub))[0]
        out = np.asarray(R.outputs.get())[0]
        # The sample must be eps * std + f(mean), clipped (checked in
        # float64 from the weights before the step).
        a = x[t].astype(np.float64)
        mean = a @ w_before[:, :N_POST].astype(np.float64)
        logstd = a @ w_before[:, N_POST:].astype(np.float64)
        std = np.exp(np.clip(logstd, -10.0, 2.0))
        fx = np.tanh(mean) if syn["mu_act_fx"] == "tanh" else mean
        lo = -np.inf if syn["mu_out_min"] is None else syn["mu_out_min"]
        hi = np.inf if syn["mu_out_max"] is None else syn["mu_out_max"]
        want = np.clip(eps * std + fx, lo, hi)
        if np.max(np.abs(want - out)) > 1e-5:
            sys.exit(f"{case_name}: R's outputs are not eps * std + mean at step {t}")
        eps_all.append(eps.copy())
        outs.append(out.copy())
        ws.append(np.asarray(R.weights.get()).copy())

    params = {k: (None if v is None else (v if isinstance(v, str) else float(v)))
              for k, v in syn.items()}
    params.update(learning_mask=1.0, batch_size=1, prng_key=REINFORCE_KEY,
                  logstd_min=-10.0, logstd_max=2.0, loss_scale=1e-2)
    out = {
        "case": case_name,
        "rule": "REINFORCESynapse",
        **versions(),
        "generator": "test/peers/record-ngclearn-fixtures.sh",
        "seed": seed,
        "dt": DT,
        "params": params,
        "w_min": 0.0,
        "w_max": float(syn["w_bound"]),
        "n_pre": N_PRE,
        "n_post": N_POST,
        "steps": steps,
        "inputs": x.astype(int).tolist(),
        "reward": [float(r) for r in reward],
        "epsilon": [[float(v) for v in e] for e in eps_all],
        "outputs": [[float(v) for v in o] for o in outs],
        "w0": [[float(v) for v in row] for row in data["w0"]],
        "w": [[[float(v) for v in row] for row in w] for w in ws],
    }
    return out


def record(case_name, seed, steps):
    if case_name in MSTDPET_CASES:
        return record_mstdpet(case_name, seed, steps)
    return record_reinforce(case_name, seed, steps)


def dump(obj, path):
    """JSON with one vector or matrix per line (fixture_json.py)."""
    fixture_json.dump(obj, path, ("pre_spikes", "post_spikes", "pre_trace", "post_trace", "inputs",
            "epsilon", "outputs", "w"))


# ----------------------------------------------------------------- checking

def doc_mstdpet(fx):
    """Weights (and traces) by the equations of docs/rules/ngclearn_mstdpet.md.

    Written from the page, not from ngclearn's code, in float32 and in
    ngclearn's order, so `check` tells whether the page still describes the
    ngclearn version that recorded the fixture.
    """
    F = np.float32
    p, tr = fx["params"], fx["trace"]
    dt = F(fx["dt"])
    pre = np.array(fx["pre_spikes"], dtype=F)
    post = np.array(fx["post_spikes"], dtype=F)
    r = np.array(fx["reward"], dtype=F)
    mask = np.array(fx["outmask"], dtype=F)
    w = np.array(fx["w0"], dtype=F)
    gamma = F(tr["gamma_tr"])
    lam = F(math.exp(float(-dt / F(tr["tau_tr"]))))
    a_delta, p_scale = F(tr["a_delta"]), F(tr["P_scale"])
    a_plus, a_minus = F(p["A_plus"]), F(p["A_minus"])
    eta, mu, x_tar = F(p["eta"]), F(p["mu"]), F(p["pretrace_target"])
    tau_elg, tau_w, w_bound = F(p["tau_elg"]), F(p["tau_w"]), F(p["w_bound"])
    if tau_elg > 0:
        lam_e = F(math.exp(float(-dt / tau_elg)))
    elg_decay = F(p["elg_decay"])
    # ngclearn's decay term is w * (1 / tau_w), the quotient in double.
    inv_tau_w = F(1.0 / p["tau_w"]) if tau_w > 0 else F(0)
    x = np.zeros(pre.shape[1], F)
    y = np.zeros(post.shape[1], F)
    E = np.zeros_like(w)
    D = np.zeros_like(w)
    ws, xs, ys = [], [], []
    for t in range(pre.shape[0]):
        sp, so = pre[t], post[t]
        # 1. the VarTrace components (step t's spikes included)
        x = gamma * x * lam
        y = gamma * y * lam
        if a_delta > 0:
            x = x + sp * a_delta
            y = y + so * a_delta
        else:
            x = x * (F(1) - sp) + sp * p_scale
            y = y * (F(1) - so) + so * p_scale
        # 2. the eligibility, from the point update of step t - 1
        E = (E * lam_e * elg_decay + D / tau_elg) if tau_elg > 0 else D
        # 3. the modulated update and the weight decay, with w(t-1)
        w_new = w + E * r[t] * eta * mask
        if tau_w > 0:
            w_new = w_new - w * inv_tau_w
        # 4. this step's (unmodulated) STDP point update, with w(t-1)
        if mu > 0:
            ltp = (np.power(w_bound - w, mu) * np.outer(x - x_tar, so)) * a_plus
            ltd = (np.power(w, mu) * np.outer(sp, y)) * a_minus
        else:
            ltp = np.outer(x - x_tar, so * a_plus)
            ltd = np.outer(sp, y * a_minus)
        if not a_minus > 0:
            ltd = np.zeros_like(w)
        D = ltp + (-ltd)
        # 5. the hard bound
        w = np.clip(w_new, F(0), w_bound)
        ws.append(w)
        xs.append(x)
        ys.append(y)
    return np.array(ws), np.array(xs), np.array(ys)


def doc_reinforce(fx):
    """Weights by the equations of docs/rules/ngclearn_reinforce.md (float32)."""
    F = np.float32
    p = fx["params"]
    n = fx["n_post"]
    x = np.array(fx["inputs"], dtype=F)
    r = np.array(fx["reward"], dtype=F)
    eps = np.array(fx["epsilon"], dtype=F)
    w = np.array(fx["w0"], dtype=F)
    eta, w_bound = F(p["eta"]), F(p["w_bound"])
    lo = F(-np.inf if p["mu_out_min"] is None else p["mu_out_min"])
    hi = F(np.inf if p["mu_out_max"] is None else p["mu_out_max"])
    tanh = p["mu_act_fx"] == "tanh"
    c = F(p["loss_scale"])
    ws, outs = [], []
    for t in range(x.shape[0]):
        a = x[t]  # act_fx = identity
        mean = a @ w[:, :n]
        logstd = a @ w[:, n:]
        fxm = np.tanh(mean) if tanh else mean
        dfx = (F(1) - fxm * fxm) if tanh else np.ones_like(mean)
        std = np.exp(np.clip(logstd, F(-10), F(2)))
        sample = np.clip(eps[t] * std + fxm, lo, hi)
        g = r[t] * c  # -dL/dlogp, batch of 1
        d = sample - fxm
        gmu = g * (d / (std * std)) * dfx
        inside = ((logstd >= F(-10)) & (logstd <= F(2))).astype(F)
        glog = inside * (g * (-F(1) / std + d * d / (std * std * std))) * std
        dW = np.concatenate([np.outer(a, gmu), np.outer(a, glog)], axis=1)
        w = np.clip(w + dW * eta, F(0), w_bound)
        ws.append(w)
        outs.append(sample)
    return np.array(ws), np.array(outs)


def report(name, what, got, want, tol):
    diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
    exact = int((got == want).sum())
    first = None
    if diff.max() > 0:
        first = int(np.argmax(diff.reshape(len(got), -1).max(1) > 0))
    print(f"{name:22s} {what:8s} max |ngclearn - docs| = {diff.max():.3g}"
          f"  ({exact}/{got.size} values bit-identical"
          + ("" if first is None else f", first difference at step {first}")
          + ")")
    return diff.max() <= tol


def check(directory):
    bad = 0
    names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    if not names:
        sys.exit(f"check: no fixtures in {directory}")
    for name in names:
        with open(os.path.join(directory, name)) as f:
            fx = json.load(f)
        got = np.array(fx["w"], dtype=np.float32)
        ok = True
        if fx["rule"] == "MSTDPETSynapse":
            want, xs, ys = doc_mstdpet(fx)
            ok &= report(name, "pre_tr", np.array(fx["pre_trace"], np.float32), xs, 1e-6)
            ok &= report(name, "post_tr", np.array(fx["post_trace"], np.float32), ys, 1e-6)
        else:
            want, outs = doc_reinforce(fx)
            ok &= report(name, "outputs", np.array(fx["outputs"], np.float32), outs, 1e-5)
        ok &= report(name, "w", got, want, 1e-6)
        if not ok:
            bad += 1
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    fx = sub.add_parser("fixtures", help="record the fixtures")
    fx.add_argument("--out", required=True, help="directory to write to")
    fx.add_argument("--cases", nargs="*", default=CASES, choices=CASES)
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
        at_bound = int(np.sum((w[-1] == obj["w_min"]) | (w[-1] == obj["w_max"])))
        print(f"{path}: {obj['rule']}, {args.steps} steps, "
              f"w in [{w[-1].min():.4f}, {w[-1].max():.4f}] at the end, "
              f"{at_bound} of {w[-1].size} at a bound",
              file=sys.stderr)


if __name__ == "__main__":
    main()
