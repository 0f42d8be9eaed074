#!/bin/sh
# TEST-16 GRUB: OVMF → GRUB (Debian's grub-efi-amd64-bin, standalone) → the kernel, with
# the image given as "initrd /first.img newc:etc/diginit.img:/diginit.img": GRUB wraps
# the file as the content of one cpio entry (loader/linux.c) and measures it into PCR 9.
# GRUB before 2.12 writes the names of those entries without their NUL (namesize =
# strlen), and Linux 6.1 refuses such an archive whole ("initramfs name without
# nulterm", "malformed archive"): then nothing of the image reaches the root, the shim
# finds no image and no list, and rd.diginit.enforce stops the boot (exit 6). With GRUB
# 2.12 or later (the name fix) the kernel writes /etc/diginit.img alone and its lists
# load. Either way an image carrying usr/sbin/diginit never runs: boot B.
TEST_NAME=TEST-16
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/16 && rm -rf "$w" && mkdir -p "$w"
esp=$w/esp
ver=$(grub-mkstandalone --version | sed -n 's/.*(GRUB) \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
fixed=0
[ -n "$ver" ] && [ "$(echo "$ver" | awk '{ print ($1 > 2 || ($1 == 2 && $2 >= 12)) }')" = 1 ] && fixed=1
note "GRUB $(grub-mkstandalone --version | sed 's/.*(GRUB) //'): newc: names $([ $fixed = 1 ] && echo with || echo without) their NUL"

# grub_esp APPEND: ESP/EFI/BOOT/BOOTX64.EFI, a GRUB that boots the kernel with it
grub_esp() {
	cat > "$w/grub.cfg" <<CFG &&
set timeout=0
search --no-floppy --file --set=root /bzImage
linux /bzImage $(uefi_cmdline dgtest.ls=/etc dgtest.ls=/usr/sbin "$1")
initrd /first.img newc:etc/diginit.img:/diginit.img
boot
CFG
	grub_efi "$w/grub.cfg" "$esp/EFI/BOOT/BOOTX64.EFI"
}
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img" &&
	mkdir -p "$esp/EFI/BOOT" && cp "$KERNEL" "$esp/bzImage" && cp "$w/first.img" "$esp/" &&
	cp "$w/lists.img" "$esp/diginit.img" && grub_esp ""
check $? "inputs built: GRUB with initrd /first.img newc:etc/diginit.img:/diginit.img"

boot_uefi "$w/serial-a.log" "$esp"
check $? "OVMF, GRUB, the kernel: booted and powered off"
img_in_etc() { result "$1" "ls /etc" | tr ';' '\n' | grep -qx diginit.img; }
if [ $fixed = 1 ]; then
	checks_loaded "$w/serial-a.log" "$w/lists.img" /etc/diginit.img
else
	grep -q 'initramfs name without nulterm: etc' "$w/serial-a.log" &&
		grep -q 'Initramfs unpacking failed: malformed archive' "$w/serial-a.log"
	check $? "the kernel refuses GRUB's archive whole: a name without its NUL"
	! img_in_etc "$w/serial-a.log" && shim_summary "$w/serial-a.log" | grep -q '^diginit\[1\]: 0 lists' &&
		[ "$(result "$w/serial-a.log" nextinit-pid)" = 1 ] && [ "$(result "$w/serial-a.log" seal)" = 1 ]
	check $? "no /etc/diginit.img: the genuine shim loads no list, seals, the next init runs"
fi

python3 "$QEMU_DIR/../mkinitrd/mkimages.py" --add-entry "$w/lists.img" \
		"$NEXTINIT" usr/sbin/diginit "$esp/diginit.img" && grub_esp rd.diginit.enforce
check $? "an image carrying usr/sbin/diginit in place of the good one, rd.diginit.enforce"
boot_uefi "$w/serial-b.log" "$esp"
check $? "booted, and ended (the kernel panics when the shim stops the boot)"
if [ $fixed = 1 ]; then
	grep -q 'diginit\[1\]: /etc/diginit.img: image rejected: entry usr' "$w/serial-b.log" &&
		img_in_etc "$w/serial-b.log"
	check $? "the genuine shim rejects /etc/diginit.img whole"
	grep -q 'rd.diginit.enforce: the digest-list image was rejected, stopping the boot (exit 3)' "$w/serial-b.log"
	check $? "rd.diginit.enforce stops the boot (exit 3)"
else
	! img_in_etc "$w/serial-b.log" &&
		grep -q 'rd.diginit.enforce: list directory unreadable, stopping the boot (exit 6)' "$w/serial-b.log"
	check $? "nothing of it reaches the root; rd.diginit.enforce stops the boot (exit 6: no lists)"
fi
[ -z "$(result "$w/serial-b.log" nextinit-pid)" ] && ! grep -q 'TEST-RESULT: ls /usr/sbin' "$w/serial-b.log"
check $? "no program after the shim: neither the next init nor the image's usr/sbin/diginit"
tdone
