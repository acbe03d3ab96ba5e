#!/usr/bin/env bash
# The README's demo: set up (if needed) and run the bundled hello.exe ROM, showing its exit code.
set -uo pipefail
cd "$(dirname "$0")/.."
# Only what running needs: not the ROM toolchain and test tools (~400 MB) that `npm test` installs.
WMEMU_SKIP_TOOLCHAIN=1 bash scripts/setup.sh || exit $?
echo "\$ wmemu run roms/bin/hello.exe alpha beta" >&2
node dist/cli/main.js run --debug-output roms/bin/hello.exe alpha beta
code=$?
echo "(hello.exe exited with code $code; it returns 7 from WinMain)" >&2
[ "$code" = 7 ]
