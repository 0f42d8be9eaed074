#!/bin/sh
# TEST-20 bad input: a changed header, a changed signature, a truncated file and a list
# by an unknown key: the good list still loads, each bad one is reported once on the
# console, and the next init runs. Then an empty lists directory: the next init runs.
TEST_NAME=TEST-20
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/20 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && bad_image "$w/bad" "$w/lists.img"
check $? "inputs built ($(wc -l < "$w/bad/bad") bad lists, 1 good)"
good=$(expect_digests "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm" | wc -l)
boot "$w/serial.log" "rdinit=/usr/sbin/diginit" "$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
sum=$(shim_summary "$w/serial.log")
note "shim: $sum"
echo "$sum" | grep -q "^diginit\[1\]: 5 lists, $good digests, 4 rejected, [0-9]* ms$"
check $? "summary: 5 lists, $good digests (dg-hello's), 4 rejected"
while read -r f; do
	c=$(grep 'diginit\[1\]' "$w/serial.log" | grep -c -F "$f")
	note "$(grep 'diginit\[1\]' "$w/serial.log" | grep -F "$f" | head -n 1 | sed 's/.*diginit\[1\]: //')"
	[ "$c" -eq 1 ]
	check $? "$f is reported exactly once"
done < "$w/bad/bad"
[ "$(result "$w/serial.log" nextinit-pid)" = 1 ]
check $? "the next init runs"
echo "$(result "$w/serial.log" digests_count)" | grep -q "File digests: $(expect_digests "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm" | sort -u | wc -l);"
check $? "the table holds exactly the good list's digests"

mkdir -p "$w/empty/etc/diglim" && qemu_mkcpio "$w/empty" "$w/empty.img"
boot "$w/serial-empty.log" "rdinit=/usr/sbin/diginit" "$w/first.img" "$w/empty.img"
check $? "guest with an empty lists directory booted and powered off"
note "shim: $(shim_summary "$w/serial-empty.log")"
shim_summary "$w/serial-empty.log" | grep -q '^diginit\[1\]: 0 lists, 0 digests, 0 rejected'
check $? "summary: 0 lists"
[ "$(result "$w/serial-empty.log" nextinit-pid)" = 1 ]
check $? "the next init runs"
tdone