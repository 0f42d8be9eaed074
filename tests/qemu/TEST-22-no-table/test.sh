#!/bin/sh
# TEST-22 no table: the kernel booted with diglim=off has no integrity/diglim (as an
# unpatched kernel): diginit logs one clear line and the next init runs.
TEST_NAME=TEST-22
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/22 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img"
check $? "inputs built"
boot "$w/serial.log" "rdinit=/usr/sbin/diginit diglim=off" "$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
grep -a 'diginit\[1\]' "$w/serial.log" | tr -d '\r' > "$w/shim"
note "shim said: $(sed 's/.*diginit\[1\]: //' "$w/shim" | tr '\n' '|')"
[ "$(wc -l < "$w/shim")" -eq 1 ] && grep -q -i 'diglim' "$w/shim"
check $? "diginit logged exactly one line, naming the missing table"
[ "$(result "$w/serial.log" nextinit-pid)" = 1 ]
check $? "the next init runs"
tdone