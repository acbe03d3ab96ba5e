#!/usr/bin/env bash
# One-time (idempotent) set-up of a clone on a fresh Debian machine: system packages, npm deps, TypeScript
# build. Called by `npm run demo` (WMEMU_SKIP_TOOLCHAIN=1: only what running needs), `npm test` and
# `npm run bench`; cheap when everything is already in place. An installed package does not use it: its
# first run prepares unicorn 2.1 and the native helper itself (emulator/core/unicorn/prepare.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
[ -e /usr/lib/x86_64-linux-gnu/libunicorn.so.2 ] || ldconfig -p 2>/dev/null | grep -q 'libunicorn.so.2' || need_pkgs+=(libunicorn2)
# A C compiler for the native time-slice helper (emulator/core/native/slicer.c).
command -v cc >/dev/null || command -v gcc >/dev/null || need_pkgs+=(gcc libc6-dev)
# Fonts of the GDI: Tahoma (embedded 1-bit strikes) from fonts-wine, Liberation for Courier New/Arial/Times.
[ -e /usr/share/wine/fonts/tahoma.ttf ] || need_pkgs+=(fonts-wine)
[ -d /usr/share/fonts/truetype/liberation2 ] || need_pkgs+=(fonts-liberation2)
# What only development and the tests need (WMEMU_SKIP_TOOLCHAIN=1, as `npm run demo` sets: a run needs
# none of it): the ROM toolchain (~400 MB), tshark, iproute2, gdb-multiarch.
if [ "${WMEMU_SKIP_TOOLCHAIN:-0}" != 1 ]; then
  # `ip netns` for the tests that put the emulator in network namespaces (WSAENETRESET, WSAEHOSTUNREACH).
  command -v ip >/dev/null || need_pkgs+=(iproute2)
  # The gdb stub's test drives the emulator with Debian's gdb-multiarch (test/gdb.test.ts).
  command -v gdb-multiarch >/dev/null || need_pkgs+=(gdb-multiarch)
  command -v clang-19 >/dev/null || need_pkgs+=(clang-19)
  command -v lld-link-19 >/dev/null || need_pkgs+=(lld-19)
  command -v llvm-dlltool-19 >/dev/null || need_pkgs+=(llvm-19)
  # tshark reads back the --pcap captures in test/system/capture.test.ts (debconf: no setuid dumpcap).
  command -v tshark >/dev/null || need_pkgs+=(tshark)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing ${need_pkgs[*]} with apt-get" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  if [[ " ${need_pkgs[*]} " == *" tshark "* ]]; then
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
fi

# npm dependencies: (re)install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi

# unicorn >= 2.1 next to wmemu when the system has only 2.0.x (see the script for why).
bash scripts/fetch-unicorn.sh

# Build the TypeScript sources when any is newer than the last build.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find emulator winsock-shim cli bench tsconfig.json -newer "$stamp" -name '*.ts' -o -newer "$stamp" -name '*.tsv' -o -newer "$stamp" -name 'tsconfig.json' 2>/dev/null | head -1)" ]; then
  echo "setup: tsc" >&2
  npx tsc -p tsconfig.json >&2
  mkdir -p dist && touch "$stamp"
fi

bash scripts/build-native.sh >&2
