#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment BindsNET runs in and
# prints its directory on stdout (everything else goes to stderr). Used by
# bench/stdp/bindsnet_diehl_cook.py's runs and, through
# test/peers/setup-bindsnet-venv.sh, by test/peers/record-bindsnet-fixtures.sh:
# one venv serves both. Nothing in `make test` or CI calls it.
#
#   bench/stdp/setup-venv.sh [DIR]     (default: bench/stdp/.venv)
#
# Needs python3 >= 3.11 with the venv module (Debian: python3-venv) and
# PyPI. What it installs, and why:
#
# - torch (TORCH_SPEC, default torch==2.14.1) with its dependencies. PyPI's
#   Linux x86-64 wheel is a CUDA build whose libraries (libtorch_cpu.so
#   included) link against cudart, cupti, cublas, cudnn, nccl, nvshmem,
#   cufile, ... at load time, so `import torch` fails without the nvidia-*
#   wheels even on a machine without a GPU; CPU-only wheels are not on PyPI.
#   About 4.5 GB (triton, 1 GB of it, is not needed for import and could be
#   uninstalled afterwards).
# - bindsnet (BINDSNET_SPEC, default bindsnet==0.3.4) and torchvision
#   (TORCHVISION_SPEC, default torchvision==0.29.2, the release for torch
#   2.14) without their dependencies, since bindsnet 0.3.4 declares
#   opencv-python, scikit-image and gymnasium[atari], and
# - BINDSNET_DEPS: what `import bindsnet` really imports (its __init__
#   imports every subpackage: analysis needs matplotlib, pandas,
#   tensorboardX; environment gymnasium and ale_py; datasets cv2, PIL,
#   torchvision, scipy, tqdm; evaluation scikit-learn), with the headless
#   OpenCV wheel (same cv2 module, no X libraries) and without
#   scikit-image, which nothing imports. `pip check` therefore reports
#   opencv-python and scikit-image as missing; that is expected.
#
# Installs only when what is there does not satisfy the specs, so a second
# run needs no network.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${1:-$root/bench/stdp/.venv}"
python="${PYTHON:-python3}"
bindsnet_spec="${BINDSNET_SPEC:-bindsnet==0.3.4}"
torch_spec="${TORCH_SPEC:-torch==2.14.1}"
torchvision_spec="${TORCHVISION_SPEC:-torchvision==0.29.2}"
read -r -a deps <<<"${BINDSNET_DEPS:-numpy==2.4.6 scipy==1.17.1 matplotlib==3.11.2 pandas==3.1.1 scikit-learn==1.9.1 tqdm==4.70.1 tensorboardX==2.6.5 gymnasium==1.4.0 ale-py==0.12.1 opencv-python-headless==5.0.0.93 pillow==13.0.0}"

if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: bindsnet 0.3.4 needs Python >= 3.11; set PYTHON" >&2
    exit 1
  fi
  echo "creating $venv" >&2
  if ! "$python" -m venv "$venv" >&2; then
    echo "error: '$python -m venv' failed; on Debian: apt-get install python3-venv" >&2
    exit 1
  fi
fi

if ! "$venv/bin/python" - "$bindsnet_spec" "$torch_spec" "$torchvision_spec" \
    "${deps[@]}" >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for spec in sys.argv[1:]:
    req = Requirement(spec)
    # torch's and torchvision's versions carry a local part (+cu130).
    v = version(req.name).split("+")[0]
    if not req.specifier.contains(v, prereleases=True):
        sys.exit(1)
import torch  # noqa: F401  (its CUDA libraries load)
import bindsnet  # noqa: F401  (every module its __init__ imports is there)
from bindsnet.models import DiehlAndCook2015  # noqa: F401
from bindsnet.learning import PostPre, MSTDPET  # noqa: F401
PY
then
  echo "installing $torch_spec, $bindsnet_spec, $torchvision_spec and" \
    "${deps[*]} into $venv (torch's CUDA wheels: several GB)" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  # packaging for the check above, which pip's venv does not always have.
  "$venv/bin/python" -m pip install --quiet "$torch_spec" packaging >&2
  "$venv/bin/python" -m pip install --quiet --no-deps "$bindsnet_spec" \
    "$torchvision_spec" >&2
  "$venv/bin/python" -m pip install --quiet "${deps[@]}" >&2
  "$venv/bin/python" - >&2 <<'PY'
import torch
import bindsnet
from bindsnet.models import DiehlAndCook2015  # noqa: F401
from importlib.metadata import version
print(f"bindsnet {version('bindsnet')}, torch {torch.__version__}, "
      f"CUDA available: {torch.cuda.is_available()}")
PY
fi
echo "$venv"
