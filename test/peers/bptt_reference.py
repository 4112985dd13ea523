"""BPTT gradients computed by PyTorch autograd, for the generated adjoints.

Each case is a small network written twice: in the snn dialect (the text
written into the fixture, compiled by snnc in test/gradients) and here, in
PyTorch, from the equations of docs/models.md and the step order of
docs/schedule.md, never from snnc's code. The spike's derivative is the
surrogate of docs/training.md, as a torch.autograd.Function. The inputs are
fixed spike trains (`sequence`), so both sides see the same spikes.

Written to test/fixtures/gradients/<case>.json: the network text (with the
token TRAIN_OPTIONS where the test adds checkpoint options), the inputs,
labels or targets, the loss, every weight gradient, and the smallest
|margin| of any threshold (the cases are drawn so that no spike is within
1e-3 of flipping).
"""

import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from fixture_json import dump  # noqa: E402

torch.set_default_dtype(torch.float32)
DT = 1.0


class Spike(torch.autograd.Function):
    """H(m) forward; the surrogate's derivative backward."""

    @staticmethod
    def forward(ctx, m, kind, k):
        ctx.save_for_backward(m)
        ctx.kind, ctx.k = kind, k
        return (m > 0).to(m.dtype)

    @staticmethod
    def backward(ctx, g):
        (m,) = ctx.saved_tensors
        k = ctx.k
        if ctx.kind in ("fast_sigmoid", "superspike"):
            d = 1.0 / (1.0 + k * m.abs()) ** 2
        elif ctx.kind == "arctan":
            d = (k / 2) / (1 + (math.pi * k * m / 2) ** 2)
        elif ctx.kind == "triangle":
            d = k * torch.clamp(1 - k * m.abs(), min=0)
        else:
            raise ValueError(ctx.kind)
        return g * d, None, None


class Layer:
    """One population: its state, its update from the input current, and
    the spike and reset."""

    def __init__(self, kind, n, batch, params, surrogate, attached):
        # The prelude's defaults (docs/models.md) where a case sets none.
        self.kind, self.n = kind, n
        self.p = {"v_th": 1.0, "th": 0.6, **params}
        self.surrogate, self.attached = surrogate, attached
        z = torch.zeros(batch, n)
        self.v = z.clone()
        self.i = z.clone()  # cuba_lif's synaptic current
        self.a = z.clone()  # alif's adaptation
        self.spike = z.clone()
        self.margins = []
        self.count = 0.0

    def fire(self, m):
        self.margins.append(m.detach().abs().min().item())
        return Spike.apply(m, *self.surrogate)

    def reset_gate(self, s):
        return s if self.attached else s.detach()

    def step(self, cur):
        p = self.p
        if self.kind == "li":
            d = math.exp(-DT / p["tau_m"])
            self.v = cur + (self.v - cur) * d
            return
        if self.kind == "lif":
            d = math.exp(-DT / p["tau_m"])
            v = cur + (self.v - cur) * d
            s = self.fire(v - p["v_th"])
            g = self.reset_gate(s)
            self.v = g * 0.0 + (1 - g) * v
        elif self.kind == "cuba_lif":
            self.i = self.i * math.exp(-DT / p["tau_syn"]) + cur
            d = math.exp(-DT / p["tau_m"])
            v = self.i + (self.v - self.i) * d
            s = self.fire(v - p["v_th"])
            g = self.reset_gate(s)
            self.v = (1 - g) * v
        elif self.kind == "alif":
            v = cur + (self.v - cur) * math.exp(-DT / p["tau_m"])
            a = self.a * math.exp(-DT / p["tau_adapt"])
            s = self.fire(v - (p["v_th"] + p["beta"] * a))
            g = self.reset_gate(s)
            self.v = g * (v - p["v_th"]) + (1 - g) * v
            self.a = g * (a + 1.0) + (1 - g) * a
        elif self.kind == "tanh_lif":  # the user-defined model below
            v = self.v * math.exp(-DT / p["tau"]) + torch.tanh(cur)
            s = self.fire(v - p["th"])
            g = self.reset_gate(s)
            self.v = g * (0.3 * v) + (1 - g) * v
        self.spike = s
        self.count += s.sum().item()

    def state(self):
        return [self.v, self.i, self.a, self.spike]

    def detach(self):
        self.v, self.i, self.a, self.spike = (x.detach() for x in self.state())


TANH_LIF = """snn.neuron_model @tanh_lif params {tau = 8.0, th = 0.6} state {v = 0.0}
    inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %d = math.exp %nx : f32
    %vd = arith.mulf %v, %d : f32
    %ti = math.tanh %i : f32
    %v1 = arith.addf %vd, %ti : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %v = snn.get "v" : f32
    %c = arith.constant 0.3 : f32
    %v1 = arith.mulf %v, %c : f32
    snn.set "v", %v1 : f32
  }
}
"""


def dense_text(w):
    flat = ", ".join(f"{x:.9e}" for x in w.flatten().tolist())
    return f"dense<[{flat}]> : tensor<{w.size}xf32>"


def params_text(params):
    return ", ".join(f"{k} = {v!r}" for k, v in params.items())


def fixture_head(case, lines, x):
    """What every fixture starts with: the case, its network text (`lines`)
    and its input spikes `x` ([T, B, N])."""
    return {"case": case["name"],
            "generator": "test/peers/record-gradient-fixtures.sh "
                         "(bptt_reference.py)",
            "torch_version": torch.__version__,
            "network": "\n".join(lines) + "\n",
            "steps": x.shape[0], "batch": x.shape[1],
            "input": x.reshape(x.shape[0], -1).tolist()}


def run_case(case, rng):
    B, T, n_in = case["batch"], case["steps"], case["inputs"]
    hid, out = case["hidden"], case["outputs"]
    sur = (case["surrogate"], case["slope"])
    attached = case.get("reset", "detached") == "attached"
    x = (rng.random((T, B, n_in)) < case.get("p_in", 0.3)).astype(np.float32)
    shapes = {"ih": (n_in, hid[1]), "ho": (hid[1], out[1])}
    if case.get("recurrent"):
        shapes["hh"] = (hid[1], hid[1])
    w_np = {k: (rng.standard_normal(s) * case["w_scale"][k]).astype(np.float32)
            for k, s in shapes.items()}
    w = {k: torch.tensor(v, requires_grad=True) for k, v in w_np.items()}
    h = Layer(hid[0], hid[1], B, case["hidden_params"], sur, attached)
    o = Layer(out[0], out[1], B, case["output_params"], sur, attached)
    s_in_prev = torch.zeros(B, n_in)
    logits = torch.zeros(B, out[1])
    maxv, trace = None, []
    k = case.get("truncate", 0)
    for t in range(T):
        if k and t > 0 and t % k == 0:
            # Truncation: nothing flows back past the window's first step.
            h.detach()
            o.detach()
            s_in_prev = s_in_prev.detach()
        # Delivery of the spikes of the step before; then sources, hidden,
        # output, in the order of the declaration.
        cur_h = s_in_prev @ w["ih"]
        if "hh" in w:
            cur_h = cur_h + h.spike @ w["hh"]
        cur_o = h.spike @ w["ho"]
        s_in = torch.tensor(x[t])
        h.step(cur_h)
        o.step(cur_o)
        s_in_prev = s_in
        if out[0] == "li":
            trace.append(o.v)
            maxv = o.v if maxv is None else torch.maximum(maxv, o.v)
        else:
            logits = logits + o.spike
    labels = rng.integers(0, out[1], size=B)
    target = None
    loss_kind = case["loss"]
    if loss_kind == "ce_count":
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels))
    elif loss_kind == "ce_final":
        loss = torch.nn.functional.cross_entropy(trace[-1], torch.tensor(labels))
    elif loss_kind == "ce_max":
        loss = torch.nn.functional.cross_entropy(maxv, torch.tensor(labels))
    elif loss_kind == "mse_rate":
        target = rng.random((B, out[1])).astype(np.float32) * 0.5
        loss = ((logits / T - torch.tensor(target)) ** 2).mean()
    elif loss_kind == "mse_trace":
        target = (rng.standard_normal((T, B, out[1])) * 0.3).astype(np.float32)
        loss = ((torch.stack(trace) - torch.tensor(target)) ** 2).mean()
    loss.backward()
    rates = (h.count / (T * B * hid[1]), o.count / (T * B * out[1]))
    margins = h.margins + o.margins
    min_margin = min(margins) if margins else 1.0

    # The same network in the snn dialect.
    models = TANH_LIF if "tanh_lif" in (hid[0], out[0]) else ""
    graded = ' graded "v"' if out[0] == "li" else ""
    lines = [models + f"snn.network @net dt {DT} batch {B} {{",
             f"  snn.population @in {n_in} model @spike_source",
             f"  snn.population @hid {hid[1]} model @{hid[0]} "
             f"{{{params_text(case['hidden_params'])}}}",
             f"  snn.population @out {out[1]} model @{out[0]} "
             f"{{{params_text(case['output_params'])}}}{graded}"]
    for name, (src, dst) in {"ih": ("in", "hid"), "hh": ("hid", "hid"),
                             "ho": ("hid", "out")}.items():
        if name in w:
            lines.append(f"  snn.projection @{name} @{src} -> @{dst} connect "
                         f"#snn.dense weight {dense_text(w_np[name])}")
    trainable = ", ".join(f"@{n}" for n in ("ih", "hh", "ho") if n in w)
    options = f" truncate {k}" if k else ""
    if attached:
        options += ' reset "attached"'
    lines.append(f'  snn.train loss "{loss_kind}" of @out steps {T} '
                 f'optimizer "sgd" surrogate "{sur[0]}" slope {sur[1]} '
                 f"trainable [{trainable}] TRAIN_OPTIONS{options} sequence [@in]")
    lines.append("}")
    data = fixture_head(case, lines, x)
    data.update({
            "labels": labels.tolist() if loss_kind.startswith("ce_") else [],
            "target": target.reshape(-1).tolist() if target is not None else [],
            "loss": loss.item(),
            "min_margin": min_margin,
            "spikes_per_step": list(rates)})
    for name in ("ih", "hh", "ho"):
        if name in w:
            data[f"grad_{name}"] = w[name].grad.numpy().tolist()
    return data, min_margin


def run_conv_case(case, rng):
    """Spikes on a [1, 6, 6] grid, a 3x3 convolution into two LIF feature
    maps, 2x2 sum pooling into LIF neurons, a dense LI readout. Population
    index (c * H + y) * W + x is torch's NCHW order; a kernel's weights
    are [out_channels, in_channels, kh, kw], as torch's conv2d (which
    correlates, as the snn dialect's conv2d does)."""
    B, T = case["batch"], case["steps"]
    sur = (case["surrogate"], case["slope"])
    x = (rng.random((T, B, 36)) < case.get("p_in", 0.3)).astype(np.float32)
    w_np = {"conv": (rng.standard_normal((2, 1, 3, 3)) *
                     case["w_scale"]["conv"]).astype(np.float32),
            "po": (rng.standard_normal((8, 3)) *
                   case["w_scale"]["po"]).astype(np.float32)}
    w = {k: torch.tensor(v, requires_grad=True) for k, v in w_np.items()}
    maps = Layer("lif", 32, B, case["maps_params"], sur, False)
    pooled = Layer("lif", 8, B, case["pooled_params"], sur, False)
    o = Layer("li", 3, B, {"tau_m": 4.0}, sur, False)
    s_in_prev = torch.zeros(B, 36)
    for t in range(T):
        cur_maps = torch.nn.functional.conv2d(
            s_in_prev.reshape(B, 1, 6, 6), w["conv"]).reshape(B, 32)
        cur_pooled = (torch.nn.functional.avg_pool2d(
            maps.spike.reshape(B, 2, 4, 4), 2) * 4).reshape(B, 8)
        cur_o = pooled.spike @ w["po"]
        s_in = torch.tensor(x[t])
        maps.step(cur_maps)
        pooled.step(cur_pooled)
        o.step(cur_o)
        s_in_prev = s_in
    labels = rng.integers(0, 3, size=B)
    loss = torch.nn.functional.cross_entropy(o.v, torch.tensor(labels))
    loss.backward()
    min_margin = min(maps.margins + pooled.margins)
    lines = [f"snn.network @net dt {DT} batch {B} {{",
             "  snn.population @in [1, 6, 6] model @spike_source",
             "  snn.population @maps [2, 4, 4] model @lif "
             f"{{{params_text(case['maps_params'])}}}",
             "  snn.population @pooled [2, 2, 2] model @lif "
             f"{{{params_text(case['pooled_params'])}}}",
             '  snn.population @out 3 model @li {tau_m = 4.0} graded "v"',
             "  snn.projection @conv @in -> @maps connect #snn.conv2d<"
             "in_channels = 1, out_channels = 2, kernel = [3, 3]> weight "
             + dense_text(w_np["conv"]),
             "  snn.projection @pool @maps -> @pooled connect "
             "#snn.sum_pool2d<kernel = [2, 2]>",
             "  snn.projection @po @pooled -> @out connect #snn.dense weight "
             + dense_text(w_np["po"]),
             f'  snn.train loss "ce_final" of @out steps {T} optimizer "sgd" '
             f'surrogate "{sur[0]}" slope {sur[1]} trainable [@conv, @po] '
             "TRAIN_OPTIONS sequence [@in]",
             "}"]
    data = fixture_head(case, lines, x)
    data.update({
            "labels": labels.tolist(), "target": [],
            "loss": loss.item(),
            "min_margin": min_margin,
            "spikes_per_step": [maps.count / (T * B * 32),
                                pooled.count / (T * B * 8)],
            "grad_conv": w["conv"].grad.numpy().reshape(2, 9).tolist(),
            "grad_po": w["po"].grad.numpy().tolist()})
    return data, min_margin


CASES = [
    dict(name="lif_ff_count", hidden=("lif", 8), outputs=("lif", 3),
         hidden_params={"tau_m": 5.0}, output_params={"tau_m": 5.0},
         w_scale={"ih": 4.0, "ho": 6.0}, loss="ce_count",
         surrogate="fast_sigmoid", slope=5.0),
    dict(name="lif_rec_max", hidden=("lif", 8), outputs=("li", 3),
         recurrent=True, hidden_params={"tau_m": 5.0},
         output_params={"tau_m": 4.0},
         w_scale={"ih": 4.0, "hh": 1.5, "ho": 1.0}, loss="ce_max",
         surrogate="fast_sigmoid", slope=5.0),
    dict(name="lif_rec_truncated", hidden=("lif", 8), outputs=("li", 3),
         recurrent=True, hidden_params={"tau_m": 5.0},
         output_params={"tau_m": 4.0},
         w_scale={"ih": 4.0, "hh": 1.5, "ho": 1.0}, loss="ce_final",
         surrogate="fast_sigmoid", slope=5.0, truncate=6),
    dict(name="cuba_ff_rate", hidden=("cuba_lif", 8), outputs=("lif", 3),
         hidden_params={"tau_m": 5.0, "tau_syn": 3.0},
         output_params={"tau_m": 5.0},
         w_scale={"ih": 3.0, "ho": 4.0}, loss="mse_rate",
         surrogate="arctan", slope=2.0),
    dict(name="alif_rec_attached", hidden=("alif", 8), outputs=("li", 3),
         recurrent=True,
         hidden_params={"tau_m": 5.0, "tau_adapt": 30.0, "beta": 0.5},
         output_params={"tau_m": 4.0},
         w_scale={"ih": 4.0, "hh": 1.5, "ho": 1.0}, loss="ce_final",
         surrogate="triangle", slope=0.5, reset="attached"),
    dict(name="user_rec_trace", hidden=("tanh_lif", 8), outputs=("li", 3),
         recurrent=True, hidden_params={"tau": 8.0},
         output_params={"tau_m": 4.0},
         w_scale={"ih": 4.0, "hh": 1.5, "ho": 1.0}, loss="mse_trace",
         surrogate="superspike", slope=10.0, reset="attached"),
    dict(name="conv_pool_final", builder=run_conv_case,
         maps_params={"tau_m": 5.0}, pooled_params={"tau_m": 2.0,
                                                    "v_th": 0.3},
         w_scale={"conv": 3.0, "po": 0.5}, p_in=0.5,
         surrogate="fast_sigmoid", slope=5.0),
]


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for i, case in enumerate(CASES):
        case.setdefault("batch", 2)
        case.setdefault("steps", 16)
        case.setdefault("inputs", 6)
        # Redraw until no threshold is within 1e-3 of flipping, so f32
        # rounding on either side cannot change a spike.
        for attempt in range(100):
            rng = np.random.default_rng(1000 * i + attempt)
            data, margin = case.get("builder", run_case)(case, rng)
            if margin > 1e-3:
                break
        else:
            raise RuntimeError(f"{case['name']}: no draw keeps margins clear")
        dump(data, os.path.join(out_dir, case["name"] + ".json"),
             rows={"input", "grad_ih", "grad_hh", "grad_ho", "grad_conv",
                   "grad_po"})
        print(f"{case['name']}: loss {data['loss']:.6f}, "
              f"min |margin| {margin:.2e}, spikes per step "
              f"{data['spikes_per_step']}")


if __name__ == "__main__":
    main(sys.argv[1])
