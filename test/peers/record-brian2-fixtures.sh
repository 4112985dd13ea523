#!/usr/bin/env bash
# Records test/fixtures/brian2-coba-rates.json: Brian2's mean excitatory and
# inhibitory rates of the COBA network of examples/coba/net.mlir
# (test/peers/brian2_coba.py) over five random seeds, 10 s of model time
# each, forward Euler at dt = 0.1 ms, float32 state, Brian2's Cython runtime
# target. test/Examples/coba-vs-brian2.test compares snnc's rates with the
# means. Python and Brian2 stay out of the build and of CI: run this by hand
# when the model or Brian2's version changes, and commit the fixture.
#
#   test/peers/record-brian2-fixtures.sh
#
# Environment: BRIAN2_VENV (default test/peers/.venv), BRIAN2_TARGET
# (cython, or numpy where no compiler is available: much slower),
# BRIAN2_SEEDS (default "1 2 3 4 5"); BRIAN2_SPEC and NUMPY_SPEC as in
# test/peers/setup-venv.sh. Takes about a minute on 2 cores (the first
# Cython compilation is most of it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$("$root/test/peers/setup-venv.sh" "${BRIAN2_VENV:-$root/test/peers/.venv}")"
target="${BRIAN2_TARGET:-cython}"
read -r -a seeds <<<"${BRIAN2_SEEDS:-1 2 3 4 5}"

# Cython (and so Brian2's Cython runtime) caches compiled code inside the
# venv rather than in the home directory.
export CYTHON_CACHE_DIR="$venv/cython-cache"
export OMP_NUM_THREADS=1

mkdir -p "$root/test/fixtures"
"$venv/bin/python" "$root/test/peers/brian2_coba.py" fixtures \
  --target "$target" --float float32 --duration 10 --seeds "${seeds[@]}" \
  --out "$root/test/fixtures/brian2-coba-rates.json"
