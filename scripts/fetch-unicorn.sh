#!/usr/bin/env bash
# Puts unicorn >= 2.1 next to wmemu (.deps/unicorn/libunicorn.so.2) when the system only has 2.0.x.
#
# Why (measured, bench/README.md): in Debian bookworm's unicorn 2.0.1 every guest store takes
# softmmu's not-dirty slow path (~150 ns per store against ~1-3 ns in 2.1): store-heavy guest code runs
# ~18x slower than with 2.1.1. Debian trixie's libunicorn2t64 (2.1.x) needs only glibc >= 2.34, so it
# loads on bookworm as it is: this script downloads that Debian package with apt-get (a private apt
# configuration under .deps/apt: the machine's own sources, lists and cache are not touched, no root
# needed) and unpacks the library. wmemu loads .deps/unicorn/libunicorn.so.2 first and falls back to the
# system's libunicorn2 when it is absent (everything works on 2.0.1, only slower).
#
# Skipped when the system library is already >= 2.1 or WMEMU_SYSTEM_UNICORN=1. Idempotent; a failed
# download is a warning, not an error.
set -uo pipefail
cd "$(dirname "$0")/.."
dest=.deps/unicorn/libunicorn.so.2
[ "${WMEMU_SYSTEM_UNICORN:-0}" = 1 ] && exit 0
[ -f "$dest" ] && exit 0
sysver=$(dpkg-query -W -f '${Version}\n' libunicorn2t64 libunicorn2 2>/dev/null | sort -V | tail -1)
if [ -n "$sysver" ] && dpkg --compare-versions "$sysver" ge 2.1; then exit 0; fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || exit 0

apt_dir=$PWD/.deps/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources" .deps/unicorn
cat > "$apt_dir/sources/trixie.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
APT=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt_dir/sources"
  -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o Dir::Cache::pkgcache=
  -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User="$(id -un)" -o Debug::NoLocking=1 -qq)
echo "setup: fetching Debian's libunicorn2t64 (unicorn 2.1) into .deps/unicorn" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! apt-get "${APT[@]}" update >&2 || ! (cd "$work" && apt-get "${APT[@]}" download libunicorn2t64 >&2); then
  echo "setup: WARNING: could not download libunicorn2t64; wmemu uses the system's unicorn 2.0 (slower guest stores)" >&2
  exit 0
fi
deb=$(ls "$work"/libunicorn2t64_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ] || ! dpkg-deb -x "$deb" "$work/x"; then
  echo "setup: WARNING: could not unpack libunicorn2t64; wmemu uses the system's unicorn 2.0" >&2
  exit 0
fi
lib=$(find "$work/x" -name 'libunicorn.so.2*' -type f | head -1)
# Check that it loads here (glibc version) before wmemu prefers it.
if [ -z "$lib" ] || ! node -e "require('koffi').load(process.argv[1])" "$lib" 2>/dev/null; then
  echo "setup: WARNING: Debian's libunicorn2t64 does not load on this system; wmemu uses the system's unicorn" >&2
  exit 0
fi
cp "$lib" "$dest.tmp" && mv "$dest.tmp" "$dest"
basename "$deb" > .deps/unicorn/SOURCE
rm -rf "$apt_dir/cache"
echo "setup: unicorn library: $dest (from $(cat .deps/unicorn/SOURCE))" >&2
