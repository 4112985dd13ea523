#!/usr/bin/env bash
# Creates (or reuses) the virtual environment ngclearn's peer runs in and
# prints its directory on stdout (everything else goes to stderr). Used by
# test/peers/record-ngclearn-fixtures.sh; nothing in `make test` or CI calls
# it.
#
#   test/peers/setup-ngclearn-venv.sh [DIR]   (default: test/peers/.venv-ngclearn)
#
# Needs python3 >= 3.10 with the venv module (Debian: python3-venv) and PyPI.
# What it installs, and why:
#
# - ngclearn (NGCLEARN_SPEC, default ngclearn==3.2.3) WITHOUT its declared
#   dependencies. 3.2.2 and 3.2.3 declare jax>=0.11.1 and numpy>=2.5.2,
#   which PyPI has only for Python >= 3.12, and this machine (Debian 12) has
#   Python 3.11, where pip would silently fall back to ngclearn 3.2.1. The
#   code of what the fixtures use is byte-identical in 3.2.1, 3.2.2 and
#   3.2.3 (components/synapses/modulated/{MSTDPETSynapse,REINFORCESynapse}.py,
#   hebbian/traceSTDPSynapse.py, denseSynapse.py, other/varTrace.py,
#   jaxComponent.py, utils/model_utils.py); only the dependency floors
#   differ. `pip check` therefore reports ngclearn's jax/numpy floors as
#   unmet; that is expected.
# - NGCLEARN_DEPS: ngcsimlib (the component/compartment/process machinery),
#   JAX's CPU wheels from PyPI (jax + jaxlib, no CUDA), and what
#   `import ngclearn` imports (numpy, scipy, scikit-learn, matplotlib,
#   pandas, imageio), at the newest versions PyPI has for Python 3.11.
#   About 900 MB (jaxlib is most of it).
#
# Installs only when what is there does not satisfy the specs, so a second
# run needs no network.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${1:-$root/test/peers/.venv-ngclearn}"
python="${PYTHON:-python3}"
ngclearn_spec="${NGCLEARN_SPEC:-ngclearn==3.2.3}"
read -r -a deps <<<"${NGCLEARN_DEPS:-ngcsimlib==3.1.1 jax==0.10.2 jaxlib==0.10.2 numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 matplotlib==3.11.2 pandas==3.1.1 imageio==2.38.1 typing_extensions==4.16.0}"

if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "error: ngclearn needs Python >= 3.10; set PYTHON" >&2
    exit 1
  fi
  echo "creating $venv" >&2
  if ! "$python" -m venv "$venv" >&2; then
    echo "error: '$python -m venv' failed; on Debian: apt-get install python3-venv" >&2
    exit 1
  fi
fi

if ! JAX_PLATFORMS=cpu "$venv/bin/python" - "$ngclearn_spec" "${deps[@]}" \
    >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    req = Requirement(spec)
    if not req.specifier.contains(version(req.name), prereleases=True):
        sys.exit(1)
import jax  # noqa: F401
from ngclearn.components.synapses.modulated.MSTDPETSynapse import MSTDPETSynapse  # noqa: F401
from ngclearn.components.synapses.modulated.REINFORCESynapse import REINFORCESynapse  # noqa: F401
from ngclearn.components.other.varTrace import VarTrace  # noqa: F401
PY
then
  echo "installing $ngclearn_spec (no deps) and ${deps[*]} into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade pip packaging >&2
  "$venv/bin/python" -m pip install --quiet "${deps[@]}" >&2
  "$venv/bin/python" -m pip install --quiet --no-deps "$ngclearn_spec" >&2
fi
echo "$venv"
