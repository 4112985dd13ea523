#!/usr/bin/env bash
# The flagship example as far as snnc runs it today: the Vogels-Abbott COBA
# network (4000 conductance-based LIF neurons, 2% random connectivity) is
# verified, summarised, compiled for this CPU and simulated for 10 s of
# model time; the firing rates come out near the ~21 Hz Brian2 reports for
# this network.
set -euo pipefail
build=${1:-build}
net=examples/coba/net.mlir

echo "== $net"
"$build/bin/snn-opt" "$net" --snn-summarize -o /dev/null
echo
echo "== snn-compile $net --run --steps 100000   (10 s of model time)"
"$build/bin/snn-compile" "$net" --run --steps 100000
