#!/bin/sh
# TEST-12 seal: after the hand-over, the table refuses adds and deletes with EPERM.
TEST_NAME=TEST-12
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/12 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img"
check $? "inputs built"
boot "$w/serial.log" "rdinit=/usr/sbin/diginit" "$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
[ "$(result "$w/serial.log" seal)" = 1 ]
check $? "seal reads 1"
[ "$(result "$w/serial.log" "write digest_list_add")" = errno=EPERM ]
check $? "a valid list written to digest_list_add fails with EPERM"
[ "$(result "$w/serial.log" "write digest_list_del")" = errno=EPERM ]
check $? "a write to digest_list_del fails with EPERM"
tdone