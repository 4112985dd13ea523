#!/usr/bin/env bash
# COBA benchmark: snnc against Brian2's C++ standalone mode, single-threaded,
# in the same run. See bench/coba/README.md.
#
#   bench/coba/run.sh [--repeats N] [--snn-compile PATH]
#
# Needs build/bin/snn-compile (make), python3 with venv, g++ and PyPI.
# Environment: BENCH_VENV (default: test/peers/.venv, shared with the
# fixture recorder), BRIAN2_SPEC / NUMPY_SPEC as in test/peers/setup-venv.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$("$root/test/peers/setup-venv.sh" "${BENCH_VENV:-$root/test/peers/.venv}")"
if [[ ! -x "$root/build/bin/snn-compile" ]] && [[ " $* " != *" --snn-compile "* ]]; then
  echo "error: build/bin/snn-compile is missing; run 'make' first" >&2
  exit 1
fi
exec env OMP_NUM_THREADS=1 "$venv/bin/python" "$root/bench/coba/bench.py" "$@"
