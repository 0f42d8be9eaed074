#!/bin/sh
# tests/system/mkguest.sh OUT.tar: a minimal Debian bookworm system for the real boot
# (issue 16), built by mmdebstrap from the host's own apt sources (Debian's archive only):
# systemd and udev (the real init), dracut (builds the initramfs inside the guest), rpm (the
# guest's own rpmdb), bash, coreutils, kmod, util-linux (setpriv). No documentation, man
# pages or locales. The tarball is written atomically (OUT.tmp.PID, then renamed), so
# that two runs at once (two clones sharing the cache) do not write into each other.
#
# The caller (tests/system/module.mk) keeps OUT under $(CACHEDIR)/guest/<key>/, the key
# hashing this script: the package list below is part of it, so changing either rebuilds.
set -eu

GUEST_SUITE=bookworm
# libbearssl0 and libsodium23: what the installed diginit-mkinitrd links (with librpm9 and
# libarchive13, which rpm brings)
GUEST_PKGS="systemd udev dracut-core rpm bash coreutils kmod util-linux libbearssl0 libsodium23"

[ $# -eq 1 ] || { echo "usage: mkguest.sh OUT.tar" >&2; exit 2; }
out=$1
[ "$(id -u)" -eq 0 ] || { echo "mkguest.sh: needs root (mmdebstrap's root mode)" >&2; exit 1; }
command -v mmdebstrap > /dev/null || { echo "mkguest.sh: no mmdebstrap (make deps)" >&2; exit 1; }

# The host's deb sources (deb822 or one-line), binary entries only: the guest uses the
# same mirror (a snapshot pinned by the host, if it is).
srcs=$(mktemp "${TMPDIR:-/tmp}/mkguest-sources.XXXXXX")
tmp=$out.tmp.$$
trap 'rm -f "$srcs" "$tmp"' EXIT
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -r "$f" ] && sed -n 's/^[[:space:]]*\(deb[[:space:]].*\)/\1/p' "$f"
done > "$srcs.list" || true
mv "$srcs.list" "$srcs"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -r "$f" ] || continue
	# one-line form of each deb822 stanza with Types: deb
	awk '
		/^[[:space:]]*$/ { flush(); next }
		/^#/ { next }
		{ k = $1; sub(/:$/, "", k); $1 = ""; sub(/^ /, ""); v[k] = $0 }
		END { flush() }
		function flush(   n, s, i, su) {
			if (v["Types"] ~ /(^| )deb( |$)/ && v["URIs"] != "") {
				n = split(v["Suites"], su, " ")
				for (i = 1; i <= n; i++)
					printf "deb [signed-by=%s] %s %s %s\n", v["Signed-By"], v["URIs"], su[i], v["Components"]
			}
			delete v
		}' "$f"
done >> "$srcs"
grep -q "[[:space:]]$GUEST_SUITE[[:space:]]" "$srcs" ||
	{ echo "mkguest.sh: no $GUEST_SUITE entry in the host's apt sources" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
# shellcheck disable=SC2086 # the package list is words
mmdebstrap --quiet --variant=apt --mode=root --format=tar \
	--include="$(echo $GUEST_PKGS | tr ' ' ,)" \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--aptopt='APT::Install-Recommends "false"' \
	--customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
	"$GUEST_SUITE" "$tmp" - < "$srcs"
mv "$tmp" "$out"
echo "  GUEST   $out ($(du -h "$out" | cut -f1))"
