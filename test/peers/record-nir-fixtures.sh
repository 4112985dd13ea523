#!/usr/bin/env bash
# Writes test/fixtures/nir/*.nir with the `nir` package (PyPI, NIR_SPEC,
# default nir==1.0.8, which brings h5py and numpy) in its own virtual
# environment, test/peers/.venv-nir. Python stays out of the build and of
# CI: run this by hand when the graphs or NIR's version change, and commit
# the files. test/peers/nir_fixtures.py says what each graph is. With a
# build (build/bin/snn-translate, or SNN_TRANSLATE), each graph is then
# imported, exported again by snnc and read back by the nir package.
#
#   test/peers/record-nir-fixtures.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${NIR_VENV:-$root/test/peers/.venv-nir}"
spec="${NIR_SPEC:-nir==1.0.8}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('nir') != '${spec#nir==}')" 2>/dev/null; then
  "$venv/bin/pip" install -q "$spec" >&2
fi
"$venv/bin/python" "$root/test/peers/nir_fixtures.py" "$root/test/fixtures/nir"

translate="${SNN_TRANSLATE:-$root/build/bin/snn-translate}"
if [[ -x "$translate" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  exported=()
  for g in "$root"/test/fixtures/nir/*.nir; do
    name="$(basename "$g" .nir)"
    "$translate" --import-nir "$g" --dt 0.1ms -o "$tmp/$name.mlir"
    "$translate" --export-nir "$tmp/$name.mlir" -o "$tmp/$name.nir"
    exported+=("$tmp/$name.nir")
  done
  "$venv/bin/python" "$root/test/peers/nir_fixtures.py" readback "${exported[@]}"
else
  echo "record-nir-fixtures: no $translate; the export check was skipped" >&2
fi
