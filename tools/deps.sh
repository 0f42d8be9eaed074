#!/bin/sh
# Install what diginit needs to build and test, from Debian's archive only.
# Idempotent: a second run with everything present does no network work.
# Usage: tools/deps.sh PACKAGE... (the list comes from config.mk's DEPS_PKGS)
set -eu

missing=
for p in "$@"; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$s" = "install ok installed" ] || missing="$missing $p"
done

# apt-get source needs deb-src entries; derive them from the deb entries.
src=/etc/apt/sources.list.d/diginit-deb-src.sources
need_src=0
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
   ! grep -qs '^deb-src ' /etc/apt/sources.list; then
	need_src=1
fi

[ -z "$missing" ] && [ $need_src -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to install:$missing" >&2
	exit 1
fi
if [ $need_src -eq 1 ]; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src.tmp"
	else
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "${src%.sources}.list.tmp"
		mv "${src%.sources}.list.tmp" "${src%.sources}.list"
	fi
	[ -f "$src.tmp" ] && mv "$src.tmp" "$src"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
[ -n "$missing" ] && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
exit 0
