#!/bin/bash
# dgtest.sh — the guest side of tests/system (run by dgtest.service on the booted real
# system). Prints "dgtest: ok - ..." / "dgtest: not ok - ..." lines, "dgtest: note ..."
# and the binary IMA log as "IMA-BIN: <hex>" lines (tests/qemu/lib/imalog.py reads them)
# on the console, "dgtest: done" last, then powers off. The host (run.sh) turns them into
# TAP and compares the IMA log with diginit-mkinitrd --predict. With dgtest.quick on the
# kernel command line it reports up to the journal and powers off.
set -u
DIGLIM=/sys/kernel/security/integrity/diglim
IMA=/sys/kernel/security/ima
# The appraised executions run as this user only: the Debian system itself has no lists
# (its files come from .deb packages), so the rule must not reach systemd's own programs.
TESTUID=4242

say() { echo "dgtest: $*"; }
res() {
	if [ "$1" = 0 ]; then say "ok - $2"; else say "not ok - $2"; fi
}

say "begin kernel $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s"
[ "$(systemctl is-active multi-user.target)" = active ]
res $? "systemd reached multi-user.target"
[ "$(readlink /proc/1/exe)" = /usr/lib/systemd/systemd ]
res $? "PID 1 is systemd ($(readlink /proc/1/exe))"
root=$(findmnt -n -o SOURCE,FSTYPE /)
say "note root: $root"
[ "$(echo $root)" = "/dev/vda ext4" ]
res $? "the root is the ext4 disk /dev/vda (switch-root from dracut's initramfs)"
[ ! -e /etc/initrd-release ]
res $? "no /etc/initrd-release: this is the real root"

# What the shim left behind: the table, loaded by PID 1 before its first execve and sealed.
seal=$(cat "$DIGLIM/seal" 2>&1)
# digests_count: one "KIND digests: N" line per kind
count=$(sed -n 's/^File digests: //p' "$DIGLIM/digests_count" 2>&1)
say "note diglim: seal=$seal digests_count=$count"
[ "$seal" = 1 ]
res $? "the digest table is sealed"
[ "$count" -gt 0 ] 2>/dev/null
res $? "the table holds file digests ($count)"

# The kernel log as the journal has it (diginit's lines are in the kernel's ring buffer
# when the shim could write /dev/kmsg).
journalctl -b -k -o short-monotonic --no-pager 2>/dev/null | grep 'diginit\[1\]' > /run/dgtest.kmsg
while read -r l; do say "note journal: $l"; done < /run/dgtest.kmsg
grep -q 'diginit\[1\]: [0-9]* lists, ' /run/dgtest.kmsg
res $? "the journal's kernel log has diginit's summary line (written to /dev/kmsg)"

# dgtest.quick (the failure-mode and baseline boots): report the above, nothing more.
if grep -qw dgtest.quick /proc/cmdline; then
	say "done"
	systemctl --no-block poweroff
	exit 0
fi

# Appraisal: the rule lets the table stand in for security.ima; only executions by
# TESTUID are appraised.
rule="appraise func=BPRM_CHECK fowner=0 uid=$TESTUID diglim"
asuser() { setpriv --reuid=$TESTUID --regid=$TESTUID --clear-groups -- "$@" 2>&1; }
# runs DESC PATH: PATH, run as TESTUID, prints the fixture program's line
runs() {
	out=$(asuser "$2")
	rc=$?
	say "note ${2##*/}: status $rc: $out"
	[ $rc = 0 ] && echo "$out" | grep -q 'packaged binary ran'
	res $? "$1"
}
# refused DESC PATH: PATH, run as TESTUID, is refused by IMA (EACCES)
refused() {
	out=$(asuser "$2")
	rc=$?
	say "note ${2##*/}: status $rc: $out"
	[ $rc != 0 ] && echo "$out" | grep -q 'Permission denied'
	res $? "$1"
}
# in_table FILE: the table has FILE's sha256 digest (digest_query names its lists)
in_table() {
	d=sha256-$(sha256sum "$1" | cut -d' ' -f1)
	printf '%s' "$d" > "$DIGLIM/digest_query" && grep -q 'file_list-rpm-' "$DIGLIM/digest_query"
}
imalog() {
	od -An -v -tx1 -w48 "$IMA/binary_runtime_measurements" | tr -d ' ' | sed 's/^/IMA-BIN: /'
	say "pcr10-sha256 $(cat /sys/class/tpm/tpm0/pcr-sha256/10 2>&1)"
}
lc=/var/lib/dgtest

if [ ! -e $lc/phase2 ]; then
	mod=/usr/local/bin/dg-hello.modified
	cp /usr/bin/dg-hello "$mod"
	off=$(grep -obUa 'binary ran' "$mod" | head -n 1 | cut -d: -f1)
	printf 'B' | dd of="$mod" bs=1 seek="$off" conv=notrunc status=none
	chmod 0755 "$mod"
	! cmp -s /usr/bin/dg-hello "$mod"
	res $? "a copy of /usr/bin/dg-hello with one byte changed (at $off)"
	echo "$rule" > "$IMA/policy"
	res $? "IMA policy rule loaded: $rule"
	runs "the packaged binary /usr/bin/dg-hello (rpm-installed, its list in the image) runs" /usr/bin/dg-hello
	refused "the modified copy is refused (EACCES)" "$mod"
	refused "the unsigned package's binary (no list) is refused (EACCES)" /usr/bin/dg-unsigned
	imalog

	# The package lifecycle: real rpm transactions; diginit's file triggers rewrite
	# /boot/diginit.img. Copies of what goes away are kept, to be run after the reboot.
	cp /usr/bin/dg-hello /usr/local/bin/dg-hello-1.0 && cp /usr/bin/dg-p256 /usr/local/bin/dg-p256.erased
	sum0=$(sha256sum /boot/diginit.img | cut -d' ' -f1)
	rpm -i --nosignature $lc/dg-new-1.0-1.x86_64.rpm
	res $? "rpm installs dg-new-1.0"
	sum1=$(sha256sum /boot/diginit.img | cut -d' ' -f1)
	[ "$sum1" != "$sum0" ]
	res $? "the file trigger rewrote /boot/diginit.img (install)"
	rpm -e --nosignature dg-p256
	res $? "rpm erases dg-p256"
	sum2=$(sha256sum /boot/diginit.img | cut -d' ' -f1)
	[ "$sum2" != "$sum1" ]
	res $? "the file trigger rewrote /boot/diginit.img (erase)"
	rpm -U --nosignature $lc/dg-hello-2.0-1.x86_64.rpm
	res $? "rpm upgrades dg-hello to 2.0"
	[ "$(sha256sum /boot/diginit.img | cut -d' ' -f1)" != "$sum2" ]
	res $? "the file trigger rewrote /boot/diginit.img (upgrade)"
	diginit-mkinitrd --list /boot/diginit.img | while read -r l; do say "note image: $l"; done
	! in_table /usr/bin/dg-new
	res $? "before the reboot dg-new's program is in no list of the sealed table"
	refused "before the reboot dg-new's program is refused" /usr/bin/dg-new
	touch $lc/phase2
	say "done"
	sync
	systemctl --no-block reboot
	exit 0
fi

# After the reboot: the table is what the new image holds.
echo "$rule" > "$IMA/policy"
res $? "IMA policy rule loaded: $rule"
in_table /usr/bin/dg-new
res $? "the new package's program is in the table"
runs "the new package's program /usr/bin/dg-new runs" /usr/bin/dg-new
in_table /usr/bin/dg-hello
res $? "the upgraded program (dg-hello-2.0) is in the table"
runs "the upgraded program /usr/bin/dg-hello (2.0) runs" /usr/bin/dg-hello
! in_table /usr/local/bin/dg-hello-1.0
res $? "the old version's digest (dg-hello-1.0) is gone from the table"
refused "a kept copy of dg-hello-1.0's program is refused" /usr/local/bin/dg-hello-1.0
! in_table /usr/local/bin/dg-p256.erased
res $? "the erased package's digest (dg-p256) is gone from the table"
refused "a kept copy of the erased dg-p256's program is refused" /usr/local/bin/dg-p256.erased
runs "an untouched package's program (dg-rsa2048) still runs" /usr/bin/dg-rsa2048
imalog
say "done"
sync
systemctl --no-block poweroff
