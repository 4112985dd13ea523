#!/usr/bin/env bash
# The flagship example as far as snnc runs it today: the Vogels-Abbott COBA
# network is parsed and verified, its prelude models are expanded, and its
# size, synapse counts and weight memory are summarised.
set -euo pipefail
build=${1:-build}
net=examples/coba/net.mlir
opt="$build/bin/snn-opt"

echo "== $net: verify and summarise"
"$opt" "$net" --snn-summarize -o /dev/null
echo
echo "== every model the network uses, defined in the file or copied from the prelude"
"$opt" "$net" --snn-expand-prelude | grep -E '^  snn\.(neuron|synapse|plasticity)_model' \
  | sed -E 's/ (params|state).*//'
echo
echo "Simulation (snn-compile --run) comes with the CPU target; see README.md."
