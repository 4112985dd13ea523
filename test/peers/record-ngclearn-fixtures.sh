#!/usr/bin/env bash
# Records test/fixtures/ngclearn/<case>.json: the weights of an 8 -> 5
# synapse after every one of 200 steps under ngclearn's MSTDPETSynapse
# (M-STDP-ET, tau_elg > 0; M-STDP, tau_elg = 0; and one case with every
# other knob on: weight decay, power-law factor, pre-trace target,
# eligibility decay, an outmask, additive traces) and REINFORCESynapse
# (identity and tanh means), with fixed pre/post spikes, inputs and a reward
# that changes every step; with the traces the synapse read and, for
# REINFORCE, the Gaussian draws and samples ngclearn used
# (test/peers/ngclearn_rules.py says how, and what step t of a fixture
# means). Then checks every fixture against the equations of
# docs/rules/ngclearn_*.md (`ngclearn_rules.py check`), so an ngclearn
# release that changes a rule's semantics shows up here. Python, JAX and
# ngclearn stay out of the build and of CI: run this by hand when the cases
# or ngclearn's version change, and commit the fixtures.
#
#   test/peers/record-ngclearn-fixtures.sh
#
# Environment: NGCLEARN_VENV (default test/peers/.venv-ngclearn),
# NGCLEARN_SEED (default: ngclearn_rules.py's); NGCLEARN_SPEC,
# NGCLEARN_DEPS and PYTHON as in test/peers/setup-ngclearn-venv.sh. Takes
# about 10 s once the venv is there (installing it: a minute and about
# 900 MB).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$("$root/test/peers/setup-ngclearn-venv.sh" "${NGCLEARN_VENV:-$root/test/peers/.venv-ngclearn}")"
out="$root/test/fixtures/ngclearn"
seed=()
if [[ -n "${NGCLEARN_SEED:-}" ]]; then
  seed=(--seed "$NGCLEARN_SEED")
fi

# JAX on the CPU, in float32 (its default), one thread.
export JAX_PLATFORMS=cpu
unset JAX_ENABLE_X64
export XLA_FLAGS="${XLA_FLAGS:-} --xla_cpu_multi_thread_eigen=false"
export OMP_NUM_THREADS=1
mkdir -p "$out"
# ngcsimlib looks for a json config and may log relative to the working
# directory: run in a scratch one.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$venv/bin/python" "$root/test/peers/ngclearn_rules.py" fixtures --out "$out" "${seed[@]}"
"$venv/bin/python" "$root/test/peers/ngclearn_rules.py" check "$out"
