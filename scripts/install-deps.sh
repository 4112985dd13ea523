#!/usr/bin/env bash
# Installs what building and testing snnc needs on Debian 12 (bookworm):
# LLVM/MLIR 22 and clang 22 (from bookworm-security), CMake, Ninja, ccache,
# GoogleTest, libzip and zlib for the runtime (.npz, gzipped IDX files),
# HDF5 for NIR files,
# and Fashion-MNIST (the examples train on it).
# Runs apt-get only for packages that are missing, as root or through sudo.
# Prints what it does; safe to run repeatedly.
set -euo pipefail

packages=(
  cmake ninja-build ccache g++
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  clang-22 lld-22 libomp-22-dev libclang-rt-22-dev
  libgtest-dev libgmock-dev
  zlib1g-dev libzstd-dev libzip-dev
  libhdf5-dev
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
