#!/usr/bin/env bash
# Records test/fixtures/bindsnet/<case>.json: the weights of a dense
# 8 -> 5 Connection after every one of 200 steps under BindsNET's PostPre
# (dt 1, dt 0.5, with weight decay, and with rates that reach the bounds),
# Hebbian, WeightDependentPostPre, MSTDP and MSTDPET (a reward per step),
# and the same five rules on a Conv2dConnection and a LocalConnection2D
# (<rule>_conv2d, <rule>_local2d), with fixed pre and post spike trains (test/peers/bindsnet_rules.py says
# how, and what step t of a fixture means). Then checks every fixture
# against the equations of docs/rules/*.md (`bindsnet_rules.py check`), so
# a BindsNET release that changes a rule's semantics shows up here. Python
# and BindsNET stay out of the build and of CI: run this by hand when the
# cases or BindsNET's version change, and commit the fixtures.
#
#   test/peers/record-bindsnet-fixtures.sh
#
# Environment: BINDSNET_VENV (default bench/stdp/.venv, shared with the
# STDP benchmark), BINDSNET_SEED (default: bindsnet_rules.py's); the specs
# of test/peers/setup-bindsnet-venv.sh. Takes about 15 s once the venv is
# there (installing it: a few minutes and about 5 GB).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$("$root/test/peers/setup-bindsnet-venv.sh" "${BINDSNET_VENV:-$root/bench/stdp/.venv}")"
out="$root/test/fixtures/bindsnet"
seed=()
if [[ -n "${BINDSNET_SEED:-}" ]]; then
  seed=(--seed "$BINDSNET_SEED")
fi

export OMP_NUM_THREADS=1
mkdir -p "$out"
"$venv/bin/python" "$root/test/peers/bindsnet_rules.py" fixtures --out "$out" "${seed[@]}"
"$venv/bin/python" "$root/test/peers/bindsnet_rules.py" check "$out"
