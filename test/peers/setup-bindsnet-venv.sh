#!/usr/bin/env bash
# Creates (or reuses) the virtual environment BindsNET's peers run in and
# prints its directory: the venv of bench/stdp/setup-venv.sh, by default
# bench/stdp/.venv, so the STDP benchmark and the fixture recording share
# one (torch's CUDA wheels make it several GB). Used by
# test/peers/record-bindsnet-fixtures.sh; nothing in `make test` or CI
# calls it.
#
#   test/peers/setup-bindsnet-venv.sh [DIR]   (default: bench/stdp/.venv)
#
# BINDSNET_SPEC, TORCH_SPEC, TORCHVISION_SPEC, BINDSNET_DEPS and PYTHON as
# in bench/stdp/setup-venv.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$root/bench/stdp/setup-venv.sh" "$@"
