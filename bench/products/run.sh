#!/usr/bin/env bash
# snnc's dense products against OpenBLAS (bench/products/README.md).
#
#   bench/products/run.sh [threads]    (default 2)
#
# Needs build/bin/snn-opt (make) and Debian's libopenblas-dev, which this
# script installs when it is missing (apt-get, as root or through sudo).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${1:-2}"
here="$root/bench/products"
out="$root/build/bench/products"
llvm=/usr/lib/llvm-22/bin
if [[ ! -x "$root/build/bin/snn-opt" ]]; then
  echo "error: build/bin/snn-opt is missing; run 'make' first" >&2
  exit 1
fi
if [[ ! -e /usr/include/x86_64-linux-gnu/cblas.h ]] || \
   ! ls /usr/lib/x86_64-linux-gnu/libopenblas.so >/dev/null 2>&1; then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -q libopenblas-dev >&2
fi
mkdir -p "$out"
"$root/build/bin/snn-opt" "$here/products.mlir" --snn-to-cpu=threads=true \
  | "$llvm/mlir-translate" --mlir-to-llvmir > "$out/products.ll"
"$llvm/clang" -O3 -march=native -c "$out/products.ll" -o "$out/products.o" \
  -Wno-override-module
"$llvm/clang++" -O2 -std=c++17 "$here/bench.cpp" "$out/products.o" \
  -I/usr/include/x86_64-linux-gnu/openblas-pthread \
  -L/usr/lib/x86_64-linux-gnu/openblas-pthread -lopenblas \
  -L/usr/lib/llvm-22/lib -lomp -Wl,-rpath,/usr/lib/llvm-22/lib -o "$out/bench"
OMP_NUM_THREADS="$threads" "$out/bench" "$threads"
