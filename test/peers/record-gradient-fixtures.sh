#!/usr/bin/env bash
# Writes test/fixtures/gradients/*.json: BPTT gradients computed by PyTorch
# autograd (test/peers/bptt_reference.py says what each case is) for the
# generated adjoints to match (test/gradients/TorchReferenceTest.cpp).
# PyTorch (TORCH_SPEC, default torch==2.14.1) lives in its own virtual
# environment, TORCH_VENV (default test/peers/.venv-torch; the NIR
# recorder's test/peers/.venv-nir has the same torch and can be reused).
# Python stays out of the build and of CI: run this by hand when a case
# changes, and commit the files.
#
#   test/peers/record-gradient-fixtures.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${TORCH_VENV:-$root/test/peers/.venv-torch}"
spec="${TORCH_SPEC:-torch==2.14.1}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('${spec%%==*}') != '${spec#*==}')" 2>/dev/null; then
  "$venv/bin/pip" install -q "$spec" numpy >&2
fi
export OMP_NUM_THREADS=1
"$venv/bin/python" "$root/test/peers/bptt_reference.py" "$root/test/fixtures/gradients"
