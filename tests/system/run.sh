#!/bin/sh
# tests/system/run.sh — a real system boots through diginit (issue 16). TAP on stdout.
#
# The guest root: the cached Debian tarball (mkguest.sh), the project's `make install`
# (STAGE), the shim variant that trusts the fixture keys (as every boot test does) named
# in a dracut.conf.d file, the fixture keys imported and the fixture packages installed by
# the guest's own rpm, the digest-list image written by the guest's own diginit-mkinitrd
# (/boot/diginit.img), and an initramfs built by the guest's own dracut with 90diginit.
# The disk: ext4 made by mke2fs -d (no loop device, no mount). The boot: the patched
# kernel, dracut's initramfs (/init = diginit), the image as the one file /etc/diginit.img
# (what GRUB's newc: wrapping does), root=/dev/vda, a TPM; then dgtest.service on the real
# root reports on the console (guest/dgtest.sh).
#
# env: KERNEL KERNEL_VERSION_FILE GUEST_TAR STAGE DIGINIT_FIX MKINITRD TESTDATA WORK,
# QEMU settings (tests/qemu/lib/qemu.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
qdir=$here/../qemu
. "$qdir/lib/qemu.sh"
. "$here/../tap.sh"

rm -rf "$WORK" && mkdir -p "$WORK" || exit 1
root=$WORK/root
kver=$(cat "$KERNEL_VERSION_FILE") || exit 1
log() { echo "$*" >> "$WORK/setup.log"; }
# step DESC COMMAND...: one setup step; its output goes to setup.log, shown on failure
step() {
	_d=$1
	shift
	log "== $_d: $*"
	if "$@" >> "$WORK/setup.log" 2>&1; then
		ok "$_d"
	else
		notok "$_d"
		tail -n 25 "$WORK/setup.log" | sed 's/^/#   /'
		tdone
		exit 1
	fi
}
inroot() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }

t0=$(date +%s)
step "guest root unpacked from the cached mmdebstrap tarball" \
	sh -c "mkdir -p '$root' && tar -C '$root' -xf '$GUEST_TAR'"
# mmdebstrap's tarball has /dev/null and friends, which the chroot's programs need
step "the guest root has its /dev nodes" test -c "$root/dev/null" -a -c "$root/dev/urandom"
step "the project installed (make install DESTDIR)" cp -a "$STAGE/." "$root/"
install_test_bits() {
	install -D -m 0755 "$DIGINIT_FIX" "$root/usr/lib/diginit-test/diginit" &&
		mkdir -p "$root/etc/dracut.conf.d" &&
		printf '%s\n' '# tests/system: the shim built with the fixture keys' \
			'diginit_binary=/usr/lib/diginit-test/diginit' \
			'add_dracutmodules+=" diginit "' > "$root/etc/dracut.conf.d/90-diginit-test.conf" &&
		install -D -m 0755 "$here/guest/dgtest.sh" "$root/usr/libexec/dgtest/dgtest.sh" &&
		install -D -m 0644 "$here/guest/dgtest.service" "$root/etc/systemd/system/dgtest.service" &&
		mkdir -p "$root/etc/systemd/system/multi-user.target.wants" &&
		ln -sf ../dgtest.service "$root/etc/systemd/system/multi-user.target.wants/dgtest.service" &&
		ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service" &&
		ln -sf /dev/null "$root/etc/systemd/system/getty@tty1.service" &&
		echo dgtest > "$root/etc/hostname" &&
		mkdir -p "$root/tmp/fixtures" && cp "$TESTDATA"/rpms/*.rpm "$TESTDATA"/keys/*.asc "$root/tmp/fixtures/"
}
step "test unit, fixture shim (dracut.conf.d: diginit_binary) and fixtures copied in" install_test_bits
# The RSA keys go into the guest's rpmdb; Debian's rpm 4.18 cannot read the ECDSA and
# EdDSA ones, so rpm checks no signature here (--nosignature): the shim checks them all.
rpm_setup() {
	inroot rpm --import /tmp/fixtures/rsa4096.asc /tmp/fixtures/rsa2048.asc &&
		inroot sh -c 'rpm -ivh --nodeps --nosignature /tmp/fixtures/*.rpm' &&
		inroot rpm -qa --nosignature | grep '^dg-'
}
step "the guest's rpm imports the RSA fixture keys and installs the fixture packages" rpm_setup
step "the guest's diginit-mkinitrd writes /boot/diginit.img from its rpmdb" \
	inroot diginit-mkinitrd -v
dracut_run() {
	mkdir -p "$root/lib/modules/$kver" &&
		inroot dracut --force --no-hostonly --no-kernel --no-early-microcode --no-compress \
			--kver "$kver" "/boot/initramfs-$kver.img" &&
		lsinitrd_out=$(inroot lsinitrd "/boot/initramfs-$kver.img") &&
		echo "$lsinitrd_out" | grep -E ' init -> |usr/sbin/diginit$'
}
step "the guest's dracut builds the initramfs with 90diginit (kernel $kver)" dracut_run
rm -rf "$root/tmp/fixtures"
step "ext4 disk image made with mke2fs -d (no loop device)" \
	mke2fs -q -F -t ext4 -L dgroot -d "$root" -E root_owner=0:0 "$WORK/disk.img" 1G
t1=$(date +%s)
note "guest prepared in $((t1 - t0)) s; root $(du -sh "$root" | cut -f1), initramfs $(du -h "$root/boot/initramfs-$kver.img" | cut -f1)"

# The image as one file, /etc/diginit.img, appended after dracut's (compressed) archive,
# which is padded to 4 bytes first.
mkdir -p "$WORK/wrap/etc" && cp "$root/boot/diginit.img" "$WORK/wrap/etc/diginit.img" &&
	qemu_mkcpio "$WORK/wrap" "$WORK/image.cpio" &&
	cp "$root/boot/initramfs-$kver.img" "$WORK/initrd.img" &&
	sz=$(stat -c %s "$WORK/initrd.img") && pad=$(( (4 - sz % 4) % 4 )) &&
	{ [ $pad -eq 0 ] || head -c $pad /dev/zero >> "$WORK/initrd.img"; }
check $? "the digest-list image wrapped as /etc/diginit.img after dracut's initramfs"

keys=
for k in "$TESTDATA"/keys/*.asc; do keys="$keys --key $k"; done
# shellcheck disable=SC2086
"$MKINITRD" --predict "$root/boot/diginit.img" $keys > "$WORK/predict"
check $? "diginit-mkinitrd --predict for the guest's image ($(grep -c 'file_list-rpm-' "$WORK/predict") lists)"

# The boot.
serial=$WORK/serial.log
: > "$serial"
tb=$(date +%s)
"$qdir/run-qemu" -k "$KERNEL" -l "$serial" -T "$WORK/tpm" -t "${BOOT_TIMEOUT:-600}" \
	-m "${SYSTEM_MEM:-1G}" -i "$WORK/initrd.img" -i "$WORK/image.cpio" \
	-a "root=/dev/vda rw ima_policy=critical_data" -- \
	-drive "file=$WORK/disk.img,if=none,id=d0,format=raw" -device virtio-blk-pci,drive=d0
rc=$?
te=$(date +%s)
check $rc "the guest booted and powered off (run-qemu exit $rc, $((te - tb)) s)"
up=$(sed -n 's/\r$//; s/^dgtest: begin kernel .*, up \([0-9.]*\) s$/\1/p' "$serial" | head -n 1)
note "boot to the test unit: ${up:-?} s of guest uptime ($((te - tb)) s wall for the whole run)"
tr -d '\r' < "$serial" | grep -E '^\[ *[0-9.]+\] diginit\[1\]: ' | sed 's/^/# console: /' | head -n 5

# diginit, then dracut's systemd, then the real root's
tr -d '\r' < "$serial" | grep -q 'diginit\[1\]: [0-9]* lists, [0-9]* digests, 0 rejected'
check $? "diginit ran as /init and loaded the image's lists (console)"
# the guest's results, in order
tr -d '\r' < "$serial" | sed -n 's/^dgtest: //p' > "$WORK/guest.out"
while IFS= read -r l; do
	case $l in
	"ok - "*) ok "guest: ${l#ok - }" ;;
	"not ok - "*) notok "guest: ${l#not ok - }" ;;
	"note "*) note "guest: ${l#note }" ;;
	esac
done < "$WORK/guest.out"
grep -qx done "$WORK/guest.out"
check $? "the test unit ran to its end"

# The IMA log against --predict (as tests/qemu TEST-11 does)
python3 "$qdir/lib/imalog.py" "$serial" > "$WORK/imalog"
awk '$2 == "ima-buf" && ($3 ~ /file_list-rpm-/ || $3 == "diglim/seal") { print $3, $4, $5 }' \
	"$WORK/imalog" > "$WORK/logged"
awk '$3 == "ima-buf" { print $1, $2, $4 }' "$WORK/predict" > "$WORK/expected"
[ -s "$WORK/expected" ] && cmp -s "$WORK/logged" "$WORK/expected"
r=$?
check $r "the IMA log's diglim events equal diginit-mkinitrd --predict, in order ($(wc -l < "$WORK/expected"))"
[ $r -eq 0 ] || { note "logged:"; sed 's/^/#   /' "$WORK/logged"; note "predicted:"; sed 's/^/#   /' "$WORK/expected"; }
pcr=$(sed -n 's/^pcr10-sha256 //p' "$WORK/guest.out" | tr 'A-F' 'a-f')
replay=$(sed -n 's/^replay //p' "$WORK/imalog")
[ -n "$pcr" ] && [ "$pcr" = "$replay" ]
check $? "replaying the IMA log gives the TPM's PCR 10"
tdone
