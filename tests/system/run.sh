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

if [ "$(id -u)" -ne 0 ]; then
	notok "tests/system needs root (chroot into the guest, device nodes in its disk)"
	tdone
	exit 1
fi
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
# The diginit package: diginit.spec over the `make install` tree (diginit_prebuilt), so
# that its file triggers live in the guest's rpmdb.
rpmbuild_q() {
	rpmbuild -bb --quiet --define "_topdir $WORK/rpmbuild" --define 'debug_package %{nil}' \
		--define '__os_install_post %{nil}' --define '_build_id_links none' "$@"
}
step "rpmbuild diginit.spec over the make install tree (diginit_prebuilt)" \
	rpmbuild_q --define "diginit_prebuilt $STAGE" "$here/../../mkinitrd/diginit.spec"
diginit_rpm=$(ls "$WORK"/rpmbuild/RPMS/*/diginit-*.rpm | head -n 1)

# The lifecycle packages the test unit installs and upgrades to, signed by the fixtures'
# rsa4096 key: dg-new-1.0 (a new package) and dg-hello-2.0 (an upgrade of the fixture);
# each /usr/bin program is the fixture's dg-hello with a suffix of its own (own digest).
lifecycle_pkgs() {
	mkdir -p "$WORK/lc/src" "$WORK/lc/SPECS" "$WORK/lc/out" &&
		(cd "$WORK/lc/src" && rpm2cpio "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm" |
			cpio --quiet -idm ./usr/bin/dg-hello) || return 1
	for nv in dg-new:1.0 dg-hello:2.0; do
		n=${nv%:*} v=${nv#*:}
		cp "$WORK/lc/src/usr/bin/dg-hello" "$WORK/lc/src/$n-$v" &&
			printf '%s' "$n-$v" >> "$WORK/lc/src/$n-$v" || return 1
		printf '%s\n' "Name: $n" "Version: $v" "Release: 1" "Summary: tests/system $n" \
			"License: MIT" "BuildArch: x86_64" "%description" "tests/system lifecycle package" \
			"%install" "install -D -m 0755 $WORK/lc/src/$n-$v %{buildroot}/usr/bin/$n" \
			"%files" "/usr/bin/$n" > "$WORK/lc/SPECS/$n.spec" &&
			rpmbuild_q --nodeps "$WORK/lc/SPECS/$n.spec" || return 1
	done
	rm -rf "$WORK/gnupg" && cp -r "$TESTDATA/gnupg" "$WORK/gnupg" && chmod 700 "$WORK/gnupg" &&
		cp "$WORK"/rpmbuild/RPMS/x86_64/dg-new-1.0-1.x86_64.rpm \
			"$WORK"/rpmbuild/RPMS/x86_64/dg-hello-2.0-1.x86_64.rpm "$WORK/lc/out/" &&
		GNUPGHOME=$WORK/gnupg rpmsign --addsign --define '__gpg /usr/bin/gpg' \
			--define '_gpg_name rsa4096@diginit.test' "$WORK"/lc/out/*.rpm < /dev/null
	_r=$?
	GNUPGHOME=$WORK/gnupg gpgconf --kill gpg-agent 2>/dev/null
	[ $_r -eq 0 ] && rpm -qp --qf '%{NEVRA} %{RSAHEADER:pgpsig}\n' "$WORK"/lc/out/*.rpm
}
step "lifecycle packages built and signed (rsa4096): dg-new-1.0, dg-hello-2.0" lifecycle_pkgs
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
		mkdir -p "$root/tmp/fixtures" && cp "$TESTDATA"/rpms/*.rpm "$TESTDATA"/keys/*.asc "$root/tmp/fixtures/" &&
		cp "$diginit_rpm" "$root/tmp/fixtures/" &&
		mkdir -p "$root/var/lib/dgtest" && cp "$WORK"/lc/out/*.rpm "$root/var/lib/dgtest/" &&
		mkdir -p "$root/etc/rpm" && echo '%_dbpath /var/lib/rpm' > "$root/etc/rpm/macros"
}
step "test unit, fixture shim (dracut.conf.d: diginit_binary) and fixtures copied in" install_test_bits
# The RSA keys go into the guest's rpmdb; Debian's rpm 4.18 cannot read the ECDSA and
# EdDSA ones, so rpm checks no signature here (--nosignature): the shim checks them all.
# (/etc/rpm/macros: the rpmdb in /var/lib/rpm; Debian's rpm defaults to ~/.rpmdb.)
# diginit goes in first (--nodeps: Debian's rpm is no rpm package); its %posttrans and
# file triggers write /boot/diginit.img, nobody else does.
rpm_setup() {
	inroot rpm --import /tmp/fixtures/rsa4096.asc /tmp/fixtures/rsa2048.asc &&
		inroot sh -c 'rpm -ivh --nodeps --nosignature /tmp/fixtures/diginit-*.rpm' &&
		inroot sh -c 'rpm -ivh --nodeps --nosignature /tmp/fixtures/dg-*.rpm' &&
		inroot rpm -qa --nosignature | grep -e '^dg-' -e '^diginit'
}
step "the guest's rpm installs the diginit package, then the fixture packages" rpm_setup
image_by_trigger() {
	test -s "$root/boot/diginit.img" && "$MKINITRD" --list "$root/boot/diginit.img" > "$WORK/before.list" &&
		cat "$WORK/before.list" && [ "$(grep -c 'file_list-rpm-dg-' "$WORK/before.list")" -eq 4 ]
}
step "the file triggers wrote /boot/diginit.img: the 4 signed fixture packages' lists" image_by_trigger
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

# sysboot NAME APPEND INITRD...: boot a fresh copy of the disk, $WORK/disk-NAME.img
# (removed afterwards unless KEEP=1; with KEEP=1 an existing one is booted as it is);
# the console goes to $WORK/NAME.log, the wall time in seconds to $WORK/NAME.wall;
# run-qemu's status.
sysboot() {
	_n=$1 _a=$2
	shift 2
	_i=
	for _f in "$@"; do _i="$_i -i $_f"; done
	{ [ "${KEEP:-0}" = 1 ] && [ -e "$WORK/disk-$_n.img" ]; } ||
		cp --sparse=always "$WORK/disk.img" "$WORK/disk-$_n.img" || return 2
	: > "$WORK/$_n.log"
	_t=$(date +%s)
	# shellcheck disable=SC2086
	"$qdir/run-qemu" -k "$KERNEL" -l "$WORK/$_n.log" -T "$WORK/tpm-$_n" -t "${BOOT_TIMEOUT:-600}" \
		-m "${SYSTEM_MEM:-1G}" $_i -a "root=/dev/vda rw ima_policy=critical_data $_a" -- \
		-drive "file=$WORK/disk-$_n.img,if=none,id=d0,format=raw" -device virtio-blk-pci,drive=d0
	_r=$?
	echo $(( $(date +%s) - _t )) > "$WORK/$_n.wall"
	[ "${KEEP:-0}" = 1 ] || rm -f "$WORK/disk-$_n.img"
	return $_r
}
# uptime NAME: the guest's uptime when the test unit began ("" if it did not)
uptime_at_unit() {
	sed -n 's/\r$//; s/^dgtest: begin kernel .*, up \([0-9.]*\) s$/\1/p' "$WORK/$1.log" | head -n 1
}
# guest NAME: the test unit's lines ("dgtest: " taken off)
guest() { tr -d '\r' < "$WORK/$1.log" | sed -n 's/^dgtest: //p'; }
# kernel_line NAME REGEX: the console has a kernel line (timestamp) of diginit matching
kernel_line() { tr -d '\r' < "$WORK/$1.log" | grep -Eq "^\[ *[0-9.]+\] diginit\[1\]: $2"; }

# The boot. The test unit ends with the package lifecycle and a reboot (QEMU exits).
KEEP=1 sysboot main "" "$WORK/initrd.img" "$WORK/image.cpio"
rc=$?
serial=$WORK/main.log
check $rc "the guest booted, ran the test unit and rebooted (run-qemu exit $rc, $(cat "$WORK/main.wall") s)"
up=$(uptime_at_unit main)
note "boot to the test unit: ${up:-?} s of guest uptime ($(cat "$WORK/main.wall") s wall for the whole run)"
tr -d '\r' < "$serial" | grep -E '^\[ *[0-9.]+\] diginit\[1\]: ' | sed 's/^/# console: /' | head -n 5

# diginit, then dracut's systemd, then the real root's
kernel_line main '[0-9]+ lists, [0-9]+ digests, 0 rejected'
check $? "diginit ran as /init and loaded the image's lists (console, through /dev/kmsg)"
# guest_results NAME PREFIX: the test unit's results of boot NAME as TAP, in order
guest_results() {
	guest "$1" > "$WORK/$1.out"
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok "$2: ${l#ok - }" ;;
		"not ok - "*) notok "$2: ${l#not ok - }" ;;
		"note "*) note "$2: ${l#note }" ;;
		esac
	done < "$WORK/$1.out"
	grep -qx done "$WORK/$1.out"
	check $? "$2: the test unit ran to its end"
}
guest_results main guest

# ima_vs_predict NAME IMAGE: boot NAME's IMA log against --predict for IMAGE (as
# tests/qemu TEST-11 does), and the log replayed against the TPM's PCR 10
ima_vs_predict() {
	# shellcheck disable=SC2086
	"$MKINITRD" --predict "$2" $keys > "$WORK/$1.predict" &&
		python3 "$qdir/lib/imalog.py" "$WORK/$1.log" > "$WORK/$1.imalog"
	awk '$3 ~ /file_list-rpm-/ || $3 ~ /^diglim\// || $3 ~ /^(add|del)_/ { print $3, $4, $5 }' \
		"$WORK/$1.imalog" > "$WORK/$1.logged"
	awk '$3 == "ima-buf" { print $1, $2, $4 }' "$WORK/$1.predict" > "$WORK/$1.expected"
	[ -s "$WORK/$1.expected" ] && cmp -s "$WORK/$1.logged" "$WORK/$1.expected"
	_r=$?
	check $_r "$1: the IMA log's diglim events equal diginit-mkinitrd --predict: one event, the seal naming the $(grep -c '^list ' "$WORK/$1.predict") lists"
	[ $_r -eq 0 ] || { note "logged:"; sed 's/^/#   /' "$WORK/$1.logged"; note "predicted:"; sed 's/^/#   /' "$WORK/$1.expected"; }
	_pcr=$(sed -n 's/^pcr10-sha256 //p' "$WORK/$1.out" | tr 'A-F' 'a-f')
	_replay=$(sed -n 's/^replay //p' "$WORK/$1.imalog")
	[ -n "$_pcr" ] && [ "$_pcr" = "$_replay" ]
	check $? "$1: replaying the IMA log gives the TPM's PCR 10"
}
ima_vs_predict main "$root/boot/diginit.img"

# After the lifecycle: the guest's own file triggers rewrote /boot/diginit.img on its disk.
# The boot loader's part (GRUB reads the file from /boot, wraps it as /etc/diginit.img) is
# done here: debugfs reads it from the ext4 image (no mount).
after_image() {
	rm -f "$WORK/after.img" &&
		debugfs -R "dump /boot/diginit.img $WORK/after.img" "$WORK/disk-main.img" &&
		"$MKINITRD" --list "$WORK/after.img" > "$WORK/after.list" && cat "$WORK/after.list" &&
		grep -q 'file_list-rpm-dg-new-1.0-1.x86_64' "$WORK/after.list" &&
		grep -q 'file_list-rpm-dg-hello-2.0-1.x86_64' "$WORK/after.list" &&
		! grep -q -e 'dg-p256' -e 'dg-hello-1.0' "$WORK/after.list" &&
		mkdir -p "$WORK/afterwrap/etc" && cp "$WORK/after.img" "$WORK/afterwrap/etc/diginit.img" &&
		qemu_mkcpio "$WORK/afterwrap" "$WORK/after.cpio"
}
after_image > "$WORK/after.out" 2>&1
check $? "the guest's rpm transactions rewrote /boot/diginit.img: dg-new-1.0 and dg-hello-2.0 in, dg-p256 and dg-hello-1.0 out"
sed 's/^/#   /' "$WORK/after.out"
mv "$WORK/disk-main.img" "$WORK/disk-reboot.img"
KEEP=1 sysboot reboot "" "$WORK/initrd.img" "$WORK/after.cpio"
rc=$?
rm -f "$WORK/disk-reboot.img"
check $rc "the same system booted again with the new image and powered off (run-qemu exit $rc, $(cat "$WORK/reboot.wall") s)"
kernel_line reboot '4 lists, [0-9]+ digests, 0 rejected'
check $? "reboot: diginit loaded the new image's 4 lists"
guest_results reboot "guest after reboot"
ima_vs_predict reboot "$WORK/after.img"

# SYSTEM_BASELINE=1 (make bench-system; speed is never a test): the same system without
# diginit (the kernel runs dracut's systemd itself), the shim's cost as a ratio of the
# uptimes at the test unit.
if [ "${SYSTEM_BASELINE:-0}" = 1 ]; then
	sysboot base "rdinit=/usr/lib/systemd/systemd dgtest.quick" "$WORK/initrd.img" "$WORK/image.cpio"
	base=$(uptime_at_unit base)
	[ -n "$base" ] && ! kernel_line base ''
	check $? "without diginit (rdinit=/usr/lib/systemd/systemd) the same system reaches the test unit"
	[ -n "$base" ] && [ -n "$up" ] &&
		note "boot to the test unit: ${up} s with diginit, ${base} s without (ratio $(echo "$up $base" | awk '{ printf "%.2f", $1 / $2 }'))"
fi

# make demo (tools/demo-system.sh) shows the two boots above; the failure modes are tests.
if [ "${SYSTEM_DEMO:-0}" = 1 ]; then
	tdone
	exit
fi

# One list corrupted (a byte of dg-rsa2048's signed header changed, inside the image).
python3 - "$root/boot/diginit.img" "$WORK/bad.img" <<'PY' || exit 1
import sys
b = bytearray(open(sys.argv[1], "rb").read())
off, hit = 0, 0
while off + 110 <= len(b) and b[off:off + 6] == b"070701":
    size, nlen = int(b[off + 54:off + 62], 16), int(b[off + 94:off + 102], 16)
    name = bytes(b[off + 110:off + 110 + nlen - 1])
    data = (off + 110 + nlen + 3) & ~3
    if b"dg-rsa2048" in name:
        assert size > 400
        b[data + 400] ^= 0x01           # inside the signed region (tests/qemu bad_image)
        hit += 1
    off = (data + size + 3) & ~3
assert hit == 1, hit
open(sys.argv[2], "wb").write(b)
PY
mkdir -p "$WORK/badwrap/etc" && cp "$WORK/bad.img" "$WORK/badwrap/etc/diginit.img" &&
	qemu_mkcpio "$WORK/badwrap" "$WORK/bad.cpio"
check $? "an image with one list corrupted (dg-rsa2048, one byte of its signed header)"
# The four failure-mode boots, two at a time (each QEMU is one host thread under TCG).
# The image missing: the shim finds no image and no list, logs it, seals the empty table
# and goes on; the real root's journal has its lines. With rd.diginit.enforce it stops.
sysboot noimg "dgtest.quick" "$WORK/initrd.img" &
sysboot bad "dgtest.quick" "$WORK/initrd.img" "$WORK/bad.cpio" &
wait
[ -n "$(uptime_at_unit noimg)" ]
check $? "image missing: the real root is reached (default mode)"
kernel_line noimg '0 lists, 0 digests, 0 rejected'
check $? "image missing: diginit says 0 lists (console: $(tr -d '\r' < "$WORK/noimg.log" | grep -o 'diginit\[1\]: .*' | head -n 1))"
guest noimg | grep -q '^note journal: \[ *[0-9.]*\] .* diginit\[1\]: 0 lists, 0 digests'
check $? "image missing: the journal of the booted system has diginit's line (kernel log, timestamped)"
[ -n "$(uptime_at_unit bad)" ]
check $? "one list corrupted: the real root is reached (default mode)"
kernel_line bad '4 lists, [0-9]+ digests, 1 rejected'
check $? "one list corrupted: diginit rejects it and loads the other 3 ($(tr -d '\r' < "$WORK/bad.log" | grep -o 'diginit\[1\]: [0-9]* lists.*' | head -n 1))"
guest bad | grep -q '^note journal: \[ *[0-9.]*\] .* diginit\[1\]: 4 lists, [0-9]* digests, 1 rejected'
check $? "one list corrupted: the journal of the booted system has diginit's lines"
sysboot noimgenf "rd.diginit.enforce dgtest.quick" "$WORK/initrd.img" &
sysboot badenf "rd.diginit.enforce dgtest.quick" "$WORK/initrd.img" "$WORK/bad.cpio" &
wait
tr -d '\r' < "$WORK/noimgenf.log" | grep -q 'rd.diginit.enforce: .*stopping the boot (exit 6)' &&
	grep -aq 'Attempted to kill init! exitcode=0x00000600' "$WORK/noimgenf.log" &&
	! grep -q 'systemd\[1\]' "$WORK/noimgenf.log" && [ -z "$(uptime_at_unit noimgenf)" ]
check $? "image missing, rd.diginit.enforce: the boot stops in the shim (exit 6), no systemd runs"

tr -d '\r' < "$WORK/badenf.log" | grep -q 'rd.diginit.enforce: .*stopping the boot (exit 3)' &&
	grep -aq 'Attempted to kill init! exitcode=0x00000300' "$WORK/badenf.log" &&
	! grep -q 'systemd\[1\]' "$WORK/badenf.log" && [ -z "$(uptime_at_unit badenf)" ]
check $? "one list corrupted, rd.diginit.enforce: the boot stops in the shim (exit 3), no systemd runs"
tdone
