#!/usr/bin/env bash
# Neuroevolution: one generation of 64 individuals evaluated as one batched
# run and as 64 separate runs (bench/neuroevolution/README.md).
#
#   bench/neuroevolution/run.sh [generations]    (default 20)
#
# Also times the batch-64 network compiled with --threads K (K = THREADS,
# default the machine's cores, at least 2): its run split into slices of
# the batch, one per thread.
# Needs the build (make): build/bin/snn-compile and build/lib/libsnnrt.so.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/neuroevolution"
out="$root/build/bench/neuroevolution"
if [[ ! -x "$root/build/bin/snn-compile" || ! -e "$root/build/lib/libsnnrt.so" ]]; then
  echo "error: build/bin/snn-compile or build/lib/libsnnrt.so is missing; run 'make' first" >&2
  exit 1
fi
threads="${THREADS:-$(nproc)}"
(( threads >= 2 )) || threads=2
mkdir -p "$out/b64" "$out/b1" "$out/b64t"
net="$root/examples/neuroevolution/net.mlir"
"$root/build/bin/snn-compile" "$net" --emit=lib -o "$out/b64" > /dev/null
"$root/build/bin/snn-compile" "$net" --emit=lib -o "$out/b64t" \
  --threads "$threads" > /dev/null
sed 's/batch 64/batch 1/' "$net" > "$out/net-b1.mlir"
"$root/build/bin/snn-compile" "$out/net-b1.mlir" --emit=lib -o "$out/b1" > /dev/null
/usr/lib/llvm-22/bin/clang++ -O2 -std=c++17 "$here/bench.cpp" \
  -I"$root/runtime/include" -L"$root/build/lib" -lsnnrt \
  -Wl,-rpath,"$root/build/lib" -o "$out/bench"
"$out/bench" "$out/b64/libxor.so" "$out/b1/libxor.so" "${1:-20}" \
  "$out/b64t/libxor.so" "$threads"
