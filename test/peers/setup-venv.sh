#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment the Brian2 peer runs in
# and prints its directory. Used by test/peers/record-brian2-fixtures.sh and
# bench/coba/run.sh; nothing in `make test` or CI calls it.
#
#   test/peers/setup-venv.sh [DIR]     (default: test/peers/.venv)
#
# Needs python3 with the venv module (Debian: python3-venv), and for Brian2's
# generated code a C++ compiler and Python's headers (Debian: g++,
# python3-dev). Installs from PyPI:
#   BRIAN2_SPEC (default brian2==2.9.0) and NUMPY_SPEC (default numpy<2.4:
#   Brian2 2.9.0 uses ndarray.ptp, which numpy 2.4 removed).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${1:-$root/test/peers/.venv}"
brian2_spec="${BRIAN2_SPEC:-brian2==2.9.0}"
numpy_spec="${NUMPY_SPEC:-numpy<2.4}"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
  echo "creating $venv" >&2
  if ! "$python" -m venv "$venv" >&2; then
    echo "error: '$python -m venv' failed; on Debian: apt-get install python3-venv" >&2
    exit 1
  fi
fi

# Install only when what is there does not satisfy the specs, so a second
# run needs no network.
if ! "$venv/bin/python" - "$brian2_spec" "$numpy_spec" >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    req = Requirement(spec)
    if not req.specifier.contains(version(req.name), prereleases=True):
        sys.exit(1)
import brian2  # noqa: F401  (and it imports with this numpy)
PY
then
  echo "installing $brian2_spec and $numpy_spec into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet "$brian2_spec" "$numpy_spec" >&2
fi
echo "$venv"
