#!/bin/sh
# TEST-13 appraisal: with an IMA appraise policy for executed files (enforcing) whose
# rule lets the table stand in for security.ima ("appraise func=BPRM_CHECK diglim", no
# boot option), a packaged binary whose digest is in a list diginit (PID 1) uploaded
# runs; the same binary with one byte changed is denied; a list that failed
# verification (the unsigned package's) contributed nothing, so its binary is denied too.
TEST_NAME=TEST-13
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/13 && mkdir -p "$w"
boot_root "$w/root" || exit 1
printf 'appraise func=BPRM_CHECK diglim\n' > "$w/root/etc/dgtest/policy"
boot_initrd "$w/root" "$w/first.img"
# The image also carries the unsigned package's list: the shim must reject it.
rm -rf "$w/rpmdb" && cp -r "$TESTDATA/rpmdb" "$w/rpmdb" &&
	"$MKINITRD" -q --allow-unsigned --dbpath "$w/rpmdb" -o "$w/lists.img"
check $? "inputs built (with the unsigned package's list in the image)"
boot "$w/serial.log" "rdinit=/usr/sbin/diginit dgtest.policy=/etc/dgtest/policy dgtest.exec=/usr/bin/dg-hello dgtest.exec=/usr/bin/dg-hello.modified dgtest.exec=/usr/bin/dg-unsigned" \
	"$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
note "shim: $(shim_summary "$w/serial.log")"
shim_summary "$w/serial.log" | grep -q ' 1 rejected,'
check $? "the shim rejected exactly one list (the unsigned package)"
[ "$(result "$w/serial.log" policy)" = loaded ]
check $? "the appraise policy was loaded"
[ "$(result "$w/serial.log" "exec /usr/bin/dg-hello")" = status=0 ]
check $? "the packaged binary (digest in a list) runs"
grep -q '^dg-hello: packaged binary ran' "$w/serial.log"
check $? "and printed its line"
[ "$(result "$w/serial.log" "exec /usr/bin/dg-hello.modified")" = errno=EACCES ]
check $? "the binary with one byte changed is denied (EACCES)"
[ "$(result "$w/serial.log" "exec /usr/bin/dg-unsigned")" = errno=EACCES ]
check $? "the binary from the rejected list is denied (EACCES)"
tdone