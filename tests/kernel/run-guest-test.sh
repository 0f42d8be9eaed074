#!/bin/sh
# run-guest-test.sh KERNEL INIT PROGRAM WORKDIR [APPEND]
#
# Boot KERNEL in QEMU with a one-off initramfs holding INIT (tests/kernel/
# test-init.c) as /init and PROGRAM as /test, and print the TAP the program
# wrote on the serial console. The serial log is kept in WORKDIR/serial.log.
# Adds a "not ok" line when the guest did not report an exit status of 0
# ("test-init: exit status N", or "guest: exit status N" from a test that is
# PID 1 itself), when the number of results does not match the plan, or when
# QEMU failed, hit the time limit or the kernel reported a splat (run-qemu),
# so a crash, a hang or a lockdep/KASAN report cannot pass. Exit status 0.
set -u
kernel=$1 init=$2 prog=$3 work=$4 append=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
qemu_dir=$here/../qemu
. "$qemu_dir/lib/qemu.sh"

rm -rf "$work"
mkdir -p "$work/root"
cp "$init" "$work/root/init"
cp "$prog" "$work/root/test"
qemu_mkcpio "$work/root" "$work/initrd.cpio" || { echo "not ok 1 - cannot pack the initramfs"; exit 0; }

"$qemu_dir/run-qemu" -k "$kernel" -i "$work/initrd.cpio" -l "$work/serial.log" \
	-a "rdinit=/init ${KTEST_QUIET-quiet loglevel=5} $append" > "$work/qemu.out" 2>&1
rc=$?

tap_from_log "$work/serial.log" | grep -v '^TAP version'
plan=$(tap_from_log "$work/serial.log" | sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' | head -1)
results=$(tap_from_log "$work/serial.log" | grep -cE '^(not )?ok [0-9]')
status=$(tr -d '\r' < "$work/serial.log" |
	sed -n 's/^\(test-init\|guest\): exit status \([0-9]*\)$/\2/p' | tail -1)
n=$((results + 1))
if [ $rc -ne 0 ]; then
	echo "not ok $n - QEMU exited with status $rc (124: time limit, 3: kernel splat), log: $work/serial.log"
	sed 's/^/# /' "$work/qemu.out"
	n=$((n + 1))
fi
if [ -z "$plan" ] || [ "$plan" != "$results" ]; then
	echo "not ok $n - guest printed ${results} results for a plan of '${plan}', log: $work/serial.log"
	n=$((n + 1))
fi
if [ "$status" != 0 ]; then
	echo "not ok $n - guest test program exit status '${status}', log: $work/serial.log"
fi
exit 0
