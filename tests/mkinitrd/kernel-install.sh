#!/bin/bash
# tests/mkinitrd/kernel-install.sh — the kernel-install plugin, run (1) alone with the
# environment kernel-install documents for plugins (KERNEL_INSTALL_STAGING_AREA, ...)
# and (2) through systemd's kernel-install itself with 90-loaderentry.install into a
# private BOOT_ROOT (bls layout), checking the loader entry lists initrd-diginit.
# env: MK, TESTDATA, WORK, PLUGIN. TAP on stdout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
MK=$(realpath "$MK") TESTDATA=$(realpath "$TESTDATA") PLUGIN=$(realpath "$PLUGIN")
rm -rf "$WORK" && mkdir -p "$WORK/db" "$WORK/stage" "$WORK/boot" && cd "$WORK" || exit 1
WORK=$(pwd)
cp "$TESTDATA/rpmdb/rpmdb.sqlite" db/
# the generator as the plugin runs it, pointed at the fixture rpmdb
printf '#!/bin/sh\nexec "%s" --dbpath "%s" "$@"\n' "$MK" "$WORK/db" > mkinitrd-wrapper
chmod +x mkinitrd-wrapper
"$MK" -q --dbpath "$WORK/db" -o expect.img
export DIGINIT_MKINITRD=$WORK/mkinitrd-wrapper DIGINIT_IMAGE=$WORK/boot/diginit.img
echo 'dummy kernel' > vmlinuz

# (1) the plugin alone
KERNEL_INSTALL_STAGING_AREA=$WORK/stage KERNEL_INSTALL_VERBOSE=0 KERNEL_INSTALL_LAYOUT=bls \
	"$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz"
teq "add: exit 0" $? 0
t "add: creates the image and stages it as initrd-diginit" cmp stage/initrd-diginit expect.img
t "the staged image verifies" "$MK" -q --verify stage/initrd-diginit \
	--key "$TESTDATA/keys/rsa4096.asc" --key "$TESTDATA/keys/rsa2048.asc" \
	--key "$TESTDATA/keys/p256.asc" --key "$TESTDATA/keys/ed25519.asc"
KERNEL_INSTALL_STAGING_AREA=$WORK/stage "$PLUGIN" remove 6.1-test "$WORK/entry"
teq "remove: exit 0, nothing to do" $? 0
rm -f stage/initrd-diginit
DIGINIT_MKINITRD=false KERNEL_INSTALL_STAGING_AREA=$WORK/stage "$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2>/dev/null
teq "generator failing, image present: staged as is (exit 0)" "$?$(cmp -s stage/initrd-diginit expect.img && echo same)" 0same
rm -f stage/initrd-diginit "$DIGINIT_IMAGE"
DIGINIT_MKINITRD=false KERNEL_INSTALL_STAGING_AREA=$WORK/stage "$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2>/dev/null
teq "generator failing, no image: exit 1" $? 1
KERNEL_INSTALL_STAGING_AREA= "$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2>/dev/null
teq "no staging area: exit 1" $? 1

# (2) through kernel-install
mid=0123456789abcdef0123456789abcdef
mkdir -p conf "boot/$mid" boot/loader/entries
echo 'root=/dev/vda ro' > conf/cmdline
KERNEL_INSTALL_CONF_ROOT=$WORK/conf BOOT_ROOT=$WORK/boot MACHINE_ID=$mid \
	KERNEL_INSTALL_PLUGINS="$PLUGIN /usr/lib/kernel/install.d/90-loaderentry.install" \
	kernel-install add 6.1-test "$WORK/vmlinuz" > ki.log 2>&1
teq "kernel-install add with the plugin: exit 0" $? 0
entry=boot/loader/entries/$mid-6.1-test.conf
t "the loader entry lists initrd-diginit" grep -q "^initrd .*/6.1-test/initrd-diginit$" "$entry"
t "initrd-diginit was copied beside the kernel" cmp "boot/$mid/6.1-test/initrd-diginit" expect.img
tdone
