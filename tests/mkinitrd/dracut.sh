#!/bin/bash
# tests/mkinitrd/dracut.sh — the 90diginit dracut module, for real: dracut --no-kernel
# builds an initramfs with it (module tree = the system's dracut modules plus ours, in
# a private dracutbasedir; nothing is installed on the host), then the image is
# unpacked and checked.
# env: SHIM (the diginit binary), MODDIR (the built 90diginit), PLUGIN (the built
# kernel-install plugin), WORK. TAP on stdout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
SHIM=$(realpath "$SHIM") MODDIR=$(realpath "$MODDIR") PLUGIN=$(realpath "$PLUGIN")
repo=$(cd "$here/../.." && pwd)
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
WORK=$(pwd)

rc=$(bash -c ". '$MODDIR/module-setup.sh'; check; echo \$?")
teq "check returns 255 (only when asked for)" "$rc" 255
teq "depends on systemd" "$(bash -c ". '$MODDIR/module-setup.sh'; depends")" systemd

# private dracut tree: the system's files, our module added
mkdir -p dracut/modules.d tmp conf.d
for f in /usr/lib/dracut/*; do [ "${f##*/}" = modules.d ] || ln -s "$f" dracut/; done
for m in /usr/lib/dracut/modules.d/*; do ln -s "$m" dracut/modules.d/; done
cp -r "$MODDIR" dracut/modules.d/90diginit
echo "diginit_binary=\"$SHIM\"" > conf.d/diginit.conf

if dracutbasedir=$WORK/dracut dracut --no-kernel --no-hostonly --no-compress --force \
	--conf /dev/null --confdir "$WORK/conf.d" --tmpdir "$WORK/tmp" \
	-m "diginit" "$WORK/initrd.img" > dracut.log 2>&1; then
	ok "dracut --no-kernel -m diginit builds an initramfs"
else
	notok "dracut --no-kernel -m diginit"; tail -20 dracut.log | sed 's/^/#   /'; tdone; exit 1
fi
mkdir -p x && (cd x && cpio -idm --quiet < ../initrd.img) 2>/dev/null
[ -d x/usr ] || { mkdir -p x2 && (cd x2 && /usr/lib/dracut/skipcpio ../initrd.img | cpio -idm --quiet) && rm -rf x && mv x2 x; }
teq "/init is a link to diginit" "$(readlink x/init)" usr/sbin/diginit
t "/usr/sbin/diginit is the shim, byte for byte" cmp x/usr/sbin/diginit "$SHIM"
t "diginit's default next init is present (/usr/lib/systemd/systemd)" test -x x/usr/lib/systemd/systemd
t "no /etc/diglim and no image in it (lists live in their own image, one file)" \
	sh -c "[ ! -e x/etc/diglim ] && [ ! -e x/etc/diginit.img ]"
t "lsinitrd sees the module" sh -c "lsinitrd '$WORK/initrd.img' | grep -q 'usr/sbin/diginit'"
# dracut is never run from rpm transactions: neither the spec's scriptlets nor the
# kernel-install plugin call it
code() { grep -v '^[[:space:]]*#' "$@"; }  # without comment lines
tfail "diginit.spec scriptlets do not call dracut" grep -nw 'dracut' <(sed -n '/^%posttrans/,$p' "$repo/mkinitrd/diginit.spec" | code)
t "kernel-install plugin exists" test -x "$PLUGIN"
tfail "kernel-install plugin does not call dracut" grep -nw 'dracut' <(code "$PLUGIN")
tdone
