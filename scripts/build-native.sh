#!/usr/bin/env bash
# Builds wmemu's small native helper (emulator/core/native/slicer.c -> dist/native/libwmemu_slicer.so).
# Without a C compiler wmemu still works (exact but slower instruction-count time slices).
set -euo pipefail
cd "$(dirname "$0")/.."
src=emulator/core/native/slicer.c
out=dist/native/libwmemu_slicer.so
if [ -f "$out" ] && [ "$out" -nt "$src" ]; then exit 0; fi
CC=${CC:-$(command -v cc || command -v gcc || command -v clang-19 || true)}
if [ -z "$CC" ]; then
  echo "build-native: no C compiler; wmemu will use slower instruction-count time slices" >&2
  exit 0
fi
mkdir -p dist/native
"$CC" -O2 -shared -fPIC -o "$out.tmp" "$src" -ldl -lpthread
mv "$out.tmp" "$out"
