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
	"$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2> add.err
teq "add: exit 0" $? 0
t "add, raw initrd: a warning says the image is as powerful as the initramfs" \
	grep -q 'warning: .* raw initrd .*as powerful as the initramfs itself' add.err
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
# (3) UKI: the layout, the image type, or a uki.efi in the staging area says so
rm -rf stage esp && mkdir -p stage esp
for how in KERNEL_INSTALL_LAYOUT=uki KERNEL_INSTALL_IMAGE_TYPE=uki uki.efi; do
	rm -rf stage/* esp/loader
	case $how in uki.efi) echo pe > stage/uki.efi; set -- ;; *) set -- "$how" ;; esac
	env "$@" KERNEL_INSTALL_STAGING_AREA=$WORK/stage KERNEL_INSTALL_BOOT_ROOT=$WORK/esp \
		"$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2> uki.err
	teq "UKI ($how): exit 0, silent" "$?:$(wc -c < uki.err)" "0:0"
	t "UKI ($how): the image is ESP/loader/credentials/diginit.cred" \
		cmp esp/loader/credentials/diginit.cred expect.img
	teq "UKI ($how): no initrd staged next to the UKI, no temporary file left" \
		"$(ls stage esp/loader/credentials | grep -c -e initrd -e '^\.')" 0
done
# an update replaces the credential by a rename: a hard link keeps the old bytes
ln esp/loader/credentials/diginit.cred old.cred
printf 'stale' > old.bytes && cat old.bytes > esp/loader/credentials/diginit.cred
KERNEL_INSTALL_LAYOUT=uki KERNEL_INSTALL_STAGING_AREA=$WORK/stage KERNEL_INSTALL_BOOT_ROOT=$WORK/esp \
	"$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz"
teq "UKI, second add: the credential is replaced by a new file (the old inode keeps its bytes)" \
	"$(cmp -s esp/loader/credentials/diginit.cred expect.img && cat old.cred)" stale
KERNEL_INSTALL_LAYOUT=uki KERNEL_INSTALL_STAGING_AREA=$WORK/stage KERNEL_INSTALL_BOOT_ROOT= \
	"$PLUGIN" add 6.1-test "$WORK/entry" "$WORK/vmlinuz" 2>/dev/null
teq "UKI without KERNEL_INSTALL_BOOT_ROOT: exit 1" $? 1
KERNEL_INSTALL_LAYOUT=uki KERNEL_INSTALL_STAGING_AREA=$WORK/stage KERNEL_INSTALL_BOOT_ROOT=$WORK/esp \
	"$PLUGIN" remove 6.1-test "$WORK/entry"
t "UKI, remove: the credential stays for the other kernels" cmp esp/loader/credentials/diginit.cred expect.img
# through kernel-install, layout=uki from install.conf
rm -rf boot2 && mkdir -p conf2 "boot2/$mid"
printf 'layout=uki\n' > conf2/install.conf && cp conf/cmdline conf2/
KERNEL_INSTALL_CONF_ROOT=$WORK/conf2 BOOT_ROOT=$WORK/boot2 MACHINE_ID=$mid \
	KERNEL_INSTALL_PLUGINS="$PLUGIN /usr/lib/kernel/install.d/90-loaderentry.install" \
	kernel-install add 6.1-test "$WORK/vmlinuz" > ki2.log 2>&1
teq "kernel-install add, layout=uki: exit 0" $? 0
t "kernel-install, layout=uki: BOOT/loader/credentials/diginit.cred is the image" \
	cmp boot2/loader/credentials/diginit.cred expect.img
teq "kernel-install, layout=uki: no initrd-diginit anywhere under BOOT" \
	"$(find boot2 -name 'initrd-diginit*' | wc -l)" 0

# (4) after an rpm transaction (the triggers: --update, then "refresh") every installed
# kernel boots the current image: a second kernel's entry, the first's, the credential
KERNEL_INSTALL_CONF_ROOT=$WORK/conf BOOT_ROOT=$WORK/boot MACHINE_ID=$mid \
	KERNEL_INSTALL_PLUGINS="$PLUGIN /usr/lib/kernel/install.d/90-loaderentry.install" \
	kernel-install add 6.1-second "$WORK/vmlinuz" > ki3.log 2>&1
teq "a second kernel installed: two entries carry initrd-diginit" \
	"$(ls boot/$mid/*/initrd-diginit | wc -l)" 2
ln "boot/$mid/6.1-test/initrd-diginit" old-entry
"$MK" -q --rpm -o "$DIGINIT_IMAGE" "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm"
cp "$DIGINIT_IMAGE" new.img && ! cmp -s new.img expect.img
teq "the rpm transaction changed the image" $? 0
BOOT_ROOT=$WORK/boot KERNEL_INSTALL_BOOT_ROOT=$WORK/esp "$PLUGIN" refresh
teq "refresh: exit 0" $? 0
t "refresh: the first kernel's initrd-diginit is the new image" cmp "boot/$mid/6.1-test/initrd-diginit" new.img
t "refresh: the second kernel's initrd-diginit is the new image" cmp "boot/$mid/6.1-second/initrd-diginit" new.img
t "refresh: the ESP-wide credential is the new image" cmp esp/loader/credentials/diginit.cred new.img
t "refresh: replaced by a rename (a hard link to the old copy keeps the old bytes)" cmp old-entry expect.img
teq "refresh: no temporary file left" "$(find boot esp -name '.diginit*' | wc -l)" 0
tdone
