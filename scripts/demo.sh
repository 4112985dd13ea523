#!/usr/bin/env bash
# The flagship examples: the Vogels-Abbott COBA
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

# Surrogate-gradient training, shortened: 150 minibatches of 128
# Fashion-MNIST images, then the accuracy on the 10000 test images. The full
# example (build/bin/snn-fashion-mnist, 10 epochs) reaches 85% and more;
# see examples/fashion_mnist/README.md.
echo
echo "== snn-fashion-mnist --epochs 1 --batches 150   (a short training run)"
"$build/bin/snn-fashion-mnist" --epochs 1 --batches 150 \
  --checkpoint "$build/fashion_mnist_demo.npz"
