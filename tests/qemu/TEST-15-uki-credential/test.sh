#!/bin/sh
# TEST-15 UKI: OVMF → systemd-boot → a UKI (systemd-stub from Debian's systemd-boot-efi,
# assembled with objcopy: the kernel, the shim's initramfs, the command line). The image
# is a stub credential, as the kernel-install plugin installs it: systemd-stub packs it
# as the content of one file, /.extra/global_credentials/diginit.cred (for ESP/loader/
# credentials/diginit.cred) or /.extra/credentials/diginit.cred (for the UKI's own
# ESP/EFI/Linux/UKI.efi.extra.d/diginit.cred), measures that archive into PCR 12, and the
# shim reads the file with its strict reader. Nothing of the image is unpacked as files.
# Boot A: the ESP-wide credential loads its lists; the PCR 12 event is what --predict
# says. Boot B: the UKI's own credential carries usr/sbin/diginit (an attacker's PID 1):
# it is read first (the ESP-wide one is named as ignored), rejected whole by the genuine
# shim, and the configured next init runs; nothing else appeared in the root.
TEST_NAME=TEST-15
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/15 && rm -rf "$w" && mkdir -p "$w"
STUB=${SYSTEMD_STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}
SDBOOT=${SYSTEMD_BOOT:-/usr/lib/systemd/boot/efi/systemd-bootx64.efi}
esp=$w/esp uki=$w/esp/EFI/Linux/diginit-test.efi keys=
for k in "$TESTDATA"/keys/*.asc; do keys="$keys --key $k"; done
ls="dgtest.ls=/.extra/credentials dgtest.ls=/.extra/global_credentials dgtest.ls=/etc dgtest.ls=/usr/sbin"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img" &&
	mkdir -p "$esp/EFI/BOOT" "$esp/EFI/Linux" "$esp/loader/credentials" &&
	cp "$SDBOOT" "$esp/EFI/BOOT/BOOTX64.EFI" && printf 'timeout 0\n' > "$esp/loader/loader.conf" &&
	python3 "$QEMU_DIR/lib/mkuki.py" "$STUB" "$uki" "$KERNEL" "$w/first.img" "$(uefi_cmdline "$ls")" &&
	cp "$w/lists.img" "$esp/loader/credentials/diginit.cred" &&
	"$MKINITRD" --predict "$w/lists.img" $keys > "$w/predict"
check $? "inputs built: a UKI booted by systemd-boot, the image as ESP/loader/credentials/diginit.cred"

boot_uefi "$w/serial-a.log" "$esp"
check $? "OVMF, systemd-boot, the UKI: booted and powered off"
checks_loaded "$w/serial-a.log" "$w/lists.img" /.extra/global_credentials/diginit.cred
[ "$(result "$w/serial-a.log" "ls /.extra/global_credentials")" = diginit.cred ] &&
	[ -z "$(result "$w/serial-a.log" "ls /etc" | tr ';' '\n' | grep -x -e diglim -e diginit.img)" ]
check $? "the stub wrote one file, /.extra/global_credentials/diginit.cred; nothing of the image elsewhere"
got=$(bios_event "$w/serial-a.log" 12 Global_credentials_initrd)
want=$(sed -n 's/^stub-global-credentials sha256://p' "$w/predict")
[ -n "$got" ] && [ "$got" = "$want" ]
check $? "PCR 12, \"Global credentials initrd\": the digest --predict prints ($want)"
bios_replay_ok "$w/serial-a.log" 12
check $? "the firmware's event log replays to PCR 12"

python3 "$QEMU_DIR/../mkinitrd/mkimages.py" --add-entry "$w/lists.img" \
		"$NEXTINIT" usr/sbin/diginit "$w/evil.img" &&
	mkdir -p "$uki.extra.d" && cp "$w/evil.img" "$uki.extra.d/diginit.cred"
check $? "an image carrying usr/sbin/diginit as the UKI's own credential (UKI.efi.extra.d/diginit.cred)"
boot_uefi "$w/serial-b.log" "$esp"
check $? "booted and powered off"
tr -d '\r' < "$w/serial-b.log" | grep -q 'diginit\[1\]: /.extra/global_credentials/diginit.cred ignored: the lists are read from the image /.extra/credentials/diginit.cred'
check $? "the UKI's own credential is read first; one line names the ESP-wide one as ignored"
checks_rejected "$w/serial-b.log" /.extra/credentials/diginit.cred
[ "$(result "$w/serial-b.log" "ls /usr/sbin")" = diginit ] &&
	[ -z "$(result "$w/serial-b.log" "ls /etc" | tr ';' '\n' | grep -x -e diglim -e diginit.img)" ] &&
	[ "$(result "$w/serial-b.log" "ls /.extra/credentials")" = diginit.cred ]
check $? "nothing of the image was unpacked: only /.extra/credentials/diginit.cred"
[ -n "$(bios_event "$w/serial-b.log" 12 Credentials_initrd)" ] && bios_replay_ok "$w/serial-b.log" 12
check $? "PCR 12 holds the \"Credentials initrd\" event; the log replays"
tdone
