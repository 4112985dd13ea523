#!/usr/bin/env bash
# Writes test/fixtures/nir/*.nir with the `nir` package (PyPI, NIR_SPEC,
# default nir==1.0.8, which brings h5py and numpy), and
# test/fixtures/nir/snntorch/ (snnTorch networks exported to NIR with the
# outputs snnTorch computes) and test/fixtures/nir/norse/ (graphs run by
# Norse's NIR importer, with Norse's outputs); PEER_SPECS, default
# torch==2.14.1 snntorch==1.0.0 nirtorch==2.6 norse==1.1.0: about 4 GB,
# torch's PyPI wheel brings its CUDA libraries. All in its own virtual
# environment, test/peers/.venv-nir.
# Python stays out of the build and of CI: run this by hand when the graphs
# or the libraries' versions change, and commit the files.
# test/peers/nir_fixtures.py, snntorch_nir.py and norse_nir.py say what
# each graph is. With a
# build (build/bin/snn-translate, or SNN_TRANSLATE), each graph is then
# imported, exported again by snnc and read back by the nir package.
#
#   test/peers/record-nir-fixtures.sh
#
# h5py's files differ in a few bytes on every run (object header times),
# so a .nir fixture that did not change in content need not be committed:
# the .json beside it says whether the run did.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${NIR_VENV:-$root/test/peers/.venv-nir}"
spec="${NIR_SPEC:-nir==1.0.8}"
read -r -a peers <<<"${PEER_SPECS:-torch==2.14.1 snntorch==1.0.0 nirtorch==2.6 norse==1.1.0}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
# Installs only what the pinned versions do not already satisfy.
missing=()
for s in "$spec" "${peers[@]}"; do
  if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('${s%%==*}') != '${s#*==}')" 2>/dev/null; then
    missing+=("$s")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  "$venv/bin/pip" install -q "${missing[@]}" >&2
fi
export OMP_NUM_THREADS=1
"$venv/bin/python" "$root/test/peers/nir_fixtures.py" "$root/test/fixtures/nir"
"$venv/bin/python" "$root/test/peers/snntorch_nir.py" "$root/test/fixtures/nir/snntorch"
"$venv/bin/python" "$root/test/peers/norse_nir.py" "$root/test/fixtures/nir/norse" 2> >(grep -v "jit.script\|warnings.warn" >&2)

translate="${SNN_TRANSLATE:-$root/build/bin/snn-translate}"
if [[ -x "$translate" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  exported=()
  for g in "$root"/test/fixtures/nir/*.nir "$root"/test/fixtures/nir/{snntorch,norse}/*.nir; do
    name="$(basename "$(dirname "$g")")-$(basename "$g" .nir)"
    "$translate" --import-nir "$g" --dt 0.1ms -o "$tmp/$name.mlir"
    "$translate" --export-nir "$tmp/$name.mlir" -o "$tmp/$name.nir"
    exported+=("$tmp/$name.nir")
  done
  "$venv/bin/python" "$root/test/peers/nir_fixtures.py" readback "${exported[@]}"
else
  echo "record-nir-fixtures: no $translate; the export check was skipped" >&2
fi
