#!/usr/bin/env python3
"""The BPTT benchmark's peer: the 784-256-10 network of
examples/fashion_mnist trained with snnTorch on PyTorch's CPU backend.

The same network and training step as snnc's: rate-coded inputs over 25
steps (spikegen.rate: a Bernoulli spike per pixel and step with probability
equal to its intensity), nn.Linear(784, 256), Leaky(beta=0.95), nn.Linear(256,
10), Leaky(beta=0.95), the fast-sigmoid surrogate of slope 25, cross-entropy
on the output spike counts (snntorch.functional.ce_count_loss), Adam with
lr 5e-4, batch 128, on random intensities and labels. Prints one JSON line:
milliseconds per training step (after warm-up) and the memory training adds
to the process: peak RSS less the RSS before the model was built.
"""

import argparse
import json
import time


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    args = ap.parse_args()

    import torch
    import torch.nn as nn
    import snntorch as snn
    import snntorch.functional as SF
    from snntorch import spikegen, surrogate

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.rand(args.batch, 784)
    y = torch.randint(0, 10, (args.batch,))
    before = status_kb("VmRSS")

    grad = surrogate.fast_sigmoid(slope=25)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, 256)
            self.lif1 = snn.Leaky(beta=0.95, spike_grad=grad)
            self.fc2 = nn.Linear(256, 10)
            self.lif2 = snn.Leaky(beta=0.95, spike_grad=grad)

        def forward(self, data):
            mem1 = self.lif1.init_leaky()
            mem2 = self.lif2.init_leaky()
            out = []
            for t in range(data.shape[0]):
                spk1, mem1 = self.lif1(self.fc1(data[t]), mem1)
                spk2, mem2 = self.lif2(self.fc2(spk1), mem2)
                out.append(spk2)
            return torch.stack(out)

    net = Net()
    loss_fn = SF.ce_count_loss()
    opt = torch.optim.Adam(net.parameters(), lr=5e-4)

    def step():
        data = spikegen.rate(x, num_steps=25)
        loss = loss_fn(net(data), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    for _ in range(3):  # warm up
        step()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    ms = (time.perf_counter() - t0) * 1000 / args.steps
    added = (status_kb("VmHWM") - before) / 1024
    print(json.dumps({"ms_per_step": round(ms, 3), "added_mb": round(added, 1),
                      "batch": args.batch, "threads": args.threads,
                      "torch": torch.__version__,
                      "snntorch": snn.__version__}))


if __name__ == "__main__":
    main()
