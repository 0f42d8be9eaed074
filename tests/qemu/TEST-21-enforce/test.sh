#!/bin/sh
# TEST-21 enforce: the bad image of TEST-20 with rd.diginit.enforce stops the boot with
# diginit's documented exit status 3 (DG_EXIT_REJECTED), visible in the panic line.
TEST_NAME=TEST-21
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/21 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && bad_image "$w/bad" "$w/lists.img"
check $? "inputs built"
boot "$w/serial.log" "rdinit=/usr/sbin/diginit rd.diginit.enforce" "$w/first.img" "$w/lists.img"
note "$(grep -a 'Kernel panic' "$w/serial.log" | tr -d '\r' | head -n 1)"
grep -a -q 'Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300' "$w/serial.log"
check $? "the kernel panics with init's exit code 3 (a list was rejected)"
[ -s "$w/serial.log" ] && ! grep -q 'TEST-RESULT: nextinit-pid' "$w/serial.log"
check $? "the next init never ran"
tdone