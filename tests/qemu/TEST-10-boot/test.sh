#!/bin/sh
# TEST-10 boot: diginit runs as the first process, loads every list, seals and hands
# over; the next init sees the expected digest count and finds a known digest.
TEST_NAME=TEST-10
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/10 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img"
check $? "inputs built (first initrd, digest-list image from the fixture rpmdb)"

signed=$(grep -v ' unsigned ' "$TESTDATA/expect" | cut -d' ' -f1 | sed "s|^|$TESTDATA/rpms/|")
# shellcheck disable=SC2086
expect_digests $signed > "$w/expected"
total=$(wc -l < "$w/expected")
distinct=$(sort -u "$w/expected" | wc -l)
hello=$(file_digest "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm" /usr/bin/dg-hello)
unsigned=$(file_digest "$TESTDATA/rpms/dg-unsigned-1.0-1.x86_64.rpm" /usr/bin/dg-unsigned)

boot "$w/serial.log" "rdinit=/usr/sbin/diginit dgtest.query=$hello dgtest.query=$unsigned" \
	"$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
sum=$(shim_summary "$w/serial.log")
note "shim: $sum"
echo "$sum" | grep -q "^diginit\[1\]: 4 lists, $total digests, 0 rejected, [0-9]* ms$"
check $? "shim summary: 4 lists, $total digests, 0 rejected"
# The first initrd has a plain /dev (no nodes) on rootfs, a tmpfs like devtmpfs: the shim
# must still see that no devtmpfs is mounted there, mount it and log through /dev/kmsg,
# which puts the kernel's timestamp on the line (the console fallback has none).
tr -d '\r' < "$w/serial.log" | grep -Eq '^\[ *[0-9]+\.[0-9]+\] diginit\[1\]: 4 lists, '
check $? "the summary went through /dev/kmsg (kernel timestamp): devtmpfs mounted over the initramfs's /dev"
first_result=$(grep -n 'TEST-RESULT:' "$w/serial.log" | head -n 1 | cut -d: -f1)
sum_line=$(grep -n 'diginit\[1\]: [0-9]* lists' "$w/serial.log" | head -n 1 | cut -d: -f1)
[ -n "$sum_line" ] && [ -n "$first_result" ] && [ "$sum_line" -lt "$first_result" ]
check $? "the shim finished before the next init printed anything"
[ "$(result "$w/serial.log" nextinit-pid)" = 1 ]
check $? "the next init runs as PID 1 (diginit exec'd it)"
count=$(result "$w/serial.log" digests_count)
note "digests_count: $count"
echo "$count" | grep -q "File digests: $distinct;"
check $? "digests_count shows $distinct distinct file digests (rpm -qp over the signed packages)"
q=$(result "$w/serial.log" "query $hello")
note "query dg-hello: $q"
echo "$q" | grep -q 'file_list-rpm-dg-hello-1.0-1.x86_64 .*modifiers: 1' &&
	[ "$(echo "$q" | tr ';' '\n' | grep -c file_list-rpm)" -eq 1 ]
check $? "dg-hello's program is found in dg-hello's list only, in its IMMUTABLE block"
# actions: bit 3 (8) trusted, PID 1 uploaded it before its first execve(); bit 0 (1)
# only if IMA measured the list, which no policy here does
echo "$q" | grep -q 'file_list-rpm-dg-hello-1.0-1.x86_64 (actions: 8)'
check $? "dg-hello's list is trusted and not measured (actions: 8)"
q=$(result "$w/serial.log" "query $unsigned")
note "query dg-unsigned: $q"
! echo "$q" | grep -q 'file_list-rpm'
check $? "the unsigned package's program is in no list"
[ "$(result "$w/serial.log" seal)" = 1 ]
check $? "the table is sealed"
tdone