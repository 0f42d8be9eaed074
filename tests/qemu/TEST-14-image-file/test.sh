#!/bin/sh
# TEST-14 image file: the digest-list image reaches the initramfs as the content of one
# file, /etc/diginit.img (what GRUB's "newc:/etc/diginit.img:/boot/diginit.img" does:
# the kernel writes one file and nothing else), and the shim reads it with its strict
# reader. A good image loads its lists. An image that also carries /usr/sbin/diginit
# (an attacker's PID 1) is rejected whole: the genuine shim runs, loads no list, says why,
# and the next init runs; with rd.diginit.enforce the boot stops (exit 3) instead.
TEST_NAME=TEST-14
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/14 && rm -rf "$w" && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img" &&
	mkdir -p "$w/good/etc" && cp "$w/lists.img" "$w/good/etc/diginit.img" &&
	qemu_mkcpio "$w/good" "$w/good.cpio"
check $? "inputs built (the image wrapped as the file /etc/diginit.img)"
n=$("$MKINITRD" --list "$w/lists.img" | grep -c 'file_list-rpm-')
boot "$w/serial.log" "rdinit=/usr/sbin/diginit" "$w/first.img" "$w/good.cpio"
check $? "guest booted and powered off"
note "shim: $(shim_summary "$w/serial.log")"
shim_summary "$w/serial.log" | grep -q "^diginit\[1\]: $n lists, [1-9][0-9]* digests, 0 rejected"
check $? "the $n lists of the image file are loaded"
[ "$(result "$w/serial.log" nextinit-pid)" = 1 ]
check $? "the next init runs"

# The attack: the image's own entries, then usr, usr/sbin and usr/sbin/diginit (a copy of
# the next init) written in the generator's own header style (lowercase hex), so that only
# the foreign entries differ; raw, the kernel would have replaced the shim with it.
python3 "$QEMU_DIR/../mkinitrd/mkimages.py" --add-entry "$w/lists.img" \
		"$NEXTINIT" usr/sbin/diginit "$w/evil.img" &&
	mkdir -p "$w/wrap/etc" && cp "$w/evil.img" "$w/wrap/etc/diginit.img" &&
	qemu_mkcpio "$w/wrap" "$w/evil.cpio"
check $? "a crafted image with usr/sbin/diginit, wrapped as /etc/diginit.img"
"$MKINITRD" --verify "$w/evil.img" > "$w/verify.out" 2>&1
[ $? -eq 1 ] && grep -q 'image rejected: entry usr' "$w/verify.out"
check $? "diginit-mkinitrd --verify rejects it: $(grep -o 'image rejected.*' "$w/verify.out" | head -n 1)"
boot "$w/serial-evil.log" "rdinit=/usr/sbin/diginit" "$w/first.img" "$w/evil.cpio"
check $? "guest booted and powered off"
grep -q 'diginit\[1\]: /etc/diginit.img: image rejected: entry usr' "$w/serial-evil.log"
check $? "the genuine shim rejects the image whole, naming the entry: $(tr -d '\r' < "$w/serial-evil.log" | grep -o 'image rejected: .*' | head -n 1)"
shim_summary "$w/serial-evil.log" | grep -q '^diginit\[1\]: 0 lists, 0 digests'
check $? "no list of it is loaded"
[ "$(result "$w/serial-evil.log" seal)" = 1 ] && [ "$(result "$w/serial-evil.log" nextinit-pid)" = 1 ]
check $? "the table is sealed and the configured next init runs"
boot "$w/serial-enf.log" "rdinit=/usr/sbin/diginit rd.diginit.enforce" "$w/first.img" "$w/evil.cpio"
grep -q 'rd.diginit.enforce: the digest-list image was rejected, stopping the boot (exit 3)' \
	"$w/serial-enf.log" && [ -z "$(result "$w/serial-enf.log" nextinit-pid)" ]
check $? "with rd.diginit.enforce the boot stops (exit 3): no next init, no other program"
tdone
