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

# Appraisal: the rule lets the table stand in for security.ima.
mod=/usr/local/bin/dg-hello.modified
cp /usr/bin/dg-hello "$mod"
off=$(grep -obUa 'binary ran' "$mod" | head -n 1 | cut -d: -f1)
printf 'B' | dd of="$mod" bs=1 seek="$off" conv=notrunc status=none
chmod 0755 "$mod"
! cmp -s /usr/bin/dg-hello "$mod"
res $? "a copy of /usr/bin/dg-hello with one byte changed (at $off)"
rule="appraise func=BPRM_CHECK fowner=0 uid=$TESTUID diglim"
echo "$rule" > "$IMA/policy"
res $? "IMA policy rule loaded: $rule"
asuser() { setpriv --reuid=$TESTUID --regid=$TESTUID --clear-groups -- "$@" 2>&1; }
out=$(asuser /usr/bin/dg-hello)
rc=$?
say "note dg-hello: status $rc: $out"
[ $rc = 0 ] && echo "$out" | grep -q 'packaged binary ran'
res $? "the packaged binary /usr/bin/dg-hello (rpm-installed, its list in the image) runs"
out=$(asuser "$mod")
rc=$?
say "note dg-hello.modified: status $rc: $out"
[ $rc != 0 ] && echo "$out" | grep -q 'Permission denied'
res $? "the modified copy is refused (EACCES)"
out=$(asuser /usr/bin/dg-unsigned)
rc=$?
say "note dg-unsigned: status $rc: $out"
[ $rc != 0 ] && echo "$out" | grep -q 'Permission denied'
res $? "the unsigned package's binary (no list) is refused (EACCES)"

# The measurement list, for the host to compare with --predict and replay.
od -An -v -tx1 -w48 "$IMA/binary_runtime_measurements" | tr -d ' ' | sed 's/^/IMA-BIN: /'
say "pcr10-sha256 $(cat /sys/class/tpm/tpm0/pcr-sha256/10 2>&1)"
say "done"
sync
systemctl --no-block poweroff
