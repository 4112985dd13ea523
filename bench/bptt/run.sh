#!/usr/bin/env bash
# BPTT benchmark: examples/fashion_mnist's network trained by snnc and by
# snnTorch, 2 threads each, in the same run. See bench/bptt/README.md.
#
#   bench/bptt/run.sh [--steps N] [--repeats N] [--threads N]
#
# Needs build/bin/snn-fashion-mnist (make). snnTorch and PyTorch live in
# the benchmark's own virtual environment, BENCH_VENV (default
# bench/bptt/.venv; test/peers/.venv-nir has the same versions and can be
# reused): torch (TORCH_SPEC, default torch==2.14.1, about 4 GB from PyPI)
# and snntorch (SNNTORCH_SPEC, default snntorch==1.0.0).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ ! -x "$root/build/bin/snn-fashion-mnist" ]]; then
  echo "error: build/bin/snn-fashion-mnist is missing; run 'make' first" >&2
  exit 1
fi
venv="${BENCH_VENV:-$root/bench/bptt/.venv}"
torch_spec="${TORCH_SPEC:-torch==2.14.1}"
snntorch_spec="${SNNTORCH_SPEC:-snntorch==1.0.0}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv" >&2
fi
missing=()
for s in "$torch_spec" "$snntorch_spec"; do
  if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('${s%%==*}') != '${s#*==}')" 2>/dev/null; then
    missing+=("$s")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  "$venv/bin/pip" install -q "${missing[@]}" >&2
fi
exec "$venv/bin/python" "$root/bench/bptt/bench.py" "$@"
