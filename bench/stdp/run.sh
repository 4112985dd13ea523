#!/usr/bin/env bash
# STDP benchmark: the Diehl & Cook network in snnc against BindsNET, one
# thread each, in the same run. See bench/stdp/README.md.
#
#   bench/stdp/run.sh [--samples N] [--repeats N]
#
# Needs build/bin/snn-diehl-cook (make), python3 with venv and PyPI (the
# BindsNET venv, bench/stdp/setup-venv.sh, is about 6 GB: torch's wheel
# brings CUDA libraries even for the CPU).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [[ ! -x "$root/build/bin/snn-diehl-cook" ]]; then
  echo "error: build/bin/snn-diehl-cook is missing; run 'make' first" >&2
  exit 1
fi
venv="$("$root/bench/stdp/setup-venv.sh" "${BENCH_VENV:-$root/bench/stdp/.venv}")"
exec env OMP_NUM_THREADS=1 "$venv/bin/python" "$root/bench/stdp/bench.py" "$@"
