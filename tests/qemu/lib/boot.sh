# Helpers of the boot tests (sourced by tests/qemu/TEST-*/test.sh and tools/demo.sh).
# POSIX sh. Inputs, exported by tests/qemu/module.mk:
#   KERNEL    the patched kernel (bzImage)
#   DIGINIT   the static shim built with the fixture keys
#   MKINITRD  diginit-mkinitrd
#   NEXTINIT  the static "next init" (tests/qemu/guest/nextinit.c)
#   TESTDATA  the signed-package fixtures (tests/fixtures)
#   WORK      a scratch directory for this run
# and the QEMU settings of lib/qemu.sh.

QEMU_DIR=$(cd "$(dirname "$0")/.." 2>/dev/null && pwd)
[ -f "$QEMU_DIR/run-qemu" ] || QEMU_DIR=$(cd "$(dirname "$0")/../tests/qemu" && pwd)
. "$QEMU_DIR/lib/qemu.sh"

# TAP (tests/tap.sh): results unnumbered, prefixed with the test's name (run-tests
# prints the results of every TEST-* together); check STATUS DESC, note TEXT, tdone.
TAP_PREFIX="$TEST_NAME: " TAP_UNNUMBERED=1
. "$QEMU_DIR/../tap.sh"

# boot_root DIR: the first initrd's tree, standing in for dracut's: the shim at
# /usr/sbin/diginit, the next init at /usr/lib/systemd/systemd, the packaged program
# /usr/bin/dg-hello as rpm installs it, /usr/bin/dg-hello.modified, the same with
# one byte changed (in no list, no security.ima), and /usr/bin/dg-unsigned from the
# unsigned package (its list, where present, is rejected by the shim).
boot_root() {
	_r=$1
	rm -rf "$_r"
	mkdir -p "$_r/usr/sbin" "$_r/usr/bin" "$_r/usr/lib/systemd" "$_r/etc/dgtest" \
		"$_r/proc" "$_r/sys" "$_r/dev" "$_r/run" "$_r/tmp" || return 1
	cp "$DIGINIT" "$_r/usr/sbin/diginit" &&
		cp "$NEXTINIT" "$_r/usr/lib/systemd/systemd" || return 1
	for _p in dg-hello dg-unsigned; do
		( cd "$_r" && rpm2cpio "$TESTDATA/rpms/$_p-1.0-1.x86_64.rpm" |
			cpio --quiet -idm "./usr/bin/$_p" ) || return 1
	done
	python3 - "$_r/usr/bin/dg-hello" "$_r/usr/bin/dg-hello.modified" <<'PY' || return 1
import sys
data = bytearray(open(sys.argv[1], "rb").read())
i = data.find(b"binary ran")
assert i >= 0, "marker string not found"
data[i] ^= 0x20          # 'b' -> 'B': one byte changed, still a valid program
open(sys.argv[2], "wb").write(data)
PY
	chmod 0755 "$_r/usr/bin/dg-hello" "$_r/usr/bin/dg-hello.modified" "$_r/usr/bin/dg-unsigned"
}

# boot_initrd DIR OUT: pack DIR like dracut does (gzip-compressed newc cpio), padded to a
# 4-byte boundary so that an uncompressed archive can follow it.
boot_initrd() {
	_abs=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
	( cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible ) | gzip -n -9 > "$_abs" || return 1
	_sz=$(stat -c %s "$_abs")
	_pad=$(( (4 - _sz % 4) % 4 ))
	[ $_pad -eq 0 ] || head -c $_pad /dev/zero >> "$_abs"
}

# boot_lists OUT [--rpm FILE...]: the digest-list image from a copy of the fixture rpmdb
# (or from package files), made by diginit-mkinitrd.
boot_lists() {
	_out=$1
	shift
	if [ $# -gt 0 ]; then
		"$MKINITRD" -q -o "$_out" "$@"
	else
		rm -rf "$WORK/rpmdb.copy" && cp -r "$TESTDATA/rpmdb" "$WORK/rpmdb.copy" &&
			"$MKINITRD" -q --dbpath "$WORK/rpmdb.copy" -o "$_out"
	fi
}

# boot LOG APPEND INITRD...: boot the kernel with a TPM; the serial log goes to LOG.
boot() {
	_log=$1 _app=$2
	shift 2
	_args=
	for _i in "$@"; do _args="$_args -i $_i"; done
	rm -rf "$WORK/tpm"
	# shellcheck disable=SC2086
	"$QEMU_DIR/run-qemu" -k "$KERNEL" -l "$_log" -T "$WORK/tpm" -t "${BOOT_TIMEOUT:-300}" \
		-a "$_app" $_args
}

# result LOG KEY: the value of the first "TEST-RESULT: KEY value" line.
result() {
	sed -n "s/\r\$//; s|^TEST-RESULT: $2 ||p" "$1" | head -n 1
}

# shim_summary LOG: diginit's summary line, as the kernel printed it.
shim_summary() {
	sed -n 's/\r$//; s/.*\(diginit\[1\]: [0-9]* lists, .*\)$/\1/p' "$1" | head -n 1
}

# expect_digests RPM...: the independent expectation, from rpm itself: every non-empty
# file digest of these packages (one per line, "sha256-HEX", in header order).
expect_digests() {
	for _p in "$@"; do
		rpm -qp --nosignature --qf '[%{FILEDIGESTS}\n]' "$_p" 2>/dev/null
	done | grep -v '^$' | sed 's/^/sha256-/'
}

# bad_image DIR OUT: an image with one good list (dg-hello) and four bad ones: a changed
# header byte (dg-rsa2048), a changed signature byte (dg-p256), a truncated file
# (dg-ed25519), and a list signed by a key the shim does not trust (rpm.org's hello).
# The bad lists' names go to DIR/bad, one per line.
bad_image() {
	_d=$1
	rm -rf "$_d" && mkdir -p "$_d/tree/etc/diglim" "$_d/lists" "$_d/other" || return 1
	cp -r "$TESTDATA/rpmdb" "$_d/rpmdb" &&
		"$MKINITRD" -q --dbpath "$_d/rpmdb" --dir "$_d/lists" &&
		"$MKINITRD" -q --rpm "$SHARED/testdata/rpm.org/RPMS/hello-2.0-1.x86_64-signed.rpm" \
			--dir "$_d/other" || return 1
	_l=$_d/tree/etc/diglim
	cp "$_d"/lists/* "$_l/" && cp "$_d"/other/* "$_l/9000-file_list-rpm-hello-2.0-1.x86_64" ||
		return 1
	python3 - "$_l" <<'PY' || return 1
import glob, os, sys
d = sys.argv[1]
def one(pat):
    f = glob.glob(os.path.join(d, pat))
    assert len(f) == 1, pat
    return f[0]
def flip(path, off):
    b = bytearray(open(path, "rb").read())
    b[off] ^= 0x01
    open(path, "wb").write(b)
flip(one("*-dg-rsa2048-*"), 400)                     # inside the signed region
p = one("*-dg-p256-*")
flip(p, os.path.getsize(p) - 40 - 12)               # inside the signature packet
e = one("*-dg-ed25519-*")
os.truncate(e, os.path.getsize(e) // 2)             # truncated
PY
	( cd "$_l" && ls | grep -v -e dg-hello -e dg-unsigned ) > "$_d/bad"
	rm -f "$_l"/*dg-unsigned*
	qemu_mkcpio "$_d/tree" "$2"
}

# file_digest RPM PATH: rpm's digest of one file of a package, as "sha256-HEX".
file_digest() {
	rpm -qp --nosignature --qf '[%{FILEDIGESTS} %{FILENAMES}\n]' "$1" 2>/dev/null |
		awk -v p="$2" '$2 == p { print "sha256-" $1 }'
}

# boot_uefi LOG ESPDIR: boot OVMF from ESPDIR (a FAT disk) with a TPM; its serial log
# goes to LOG. The firmware runs ESPDIR/EFI/BOOT/BOOTX64.EFI.
boot_uefi() {
	rm -rf "$WORK/tpm"
	"$QEMU_DIR/run-qemu" -E "$2" -l "$1" -T "$WORK/tpm" -t "${BOOT_TIMEOUT:-300}" -m 1G
}

# grub_efi CFG OUT: a standalone GRUB for UEFI (Debian's grub-efi-amd64-bin) whose
# memdisk holds CFG as its grub.cfg; it measures what it loads (tpm: PCR 8, 9).
grub_efi() {
	grub-mkstandalone -O x86_64-efi -o "$2" --fonts= --locales= --themes= \
		--install-modules="linux normal fat part_msdos part_gpt search search_fs_file tpm" \
		--modules="linux fat part_msdos part_gpt search search_fs_file tpm" \
		"boot/grub/grub.cfg=$1"
}

# uefi_cmdline: the kernel command line of the UEFI boots: the shim first, then the
# next init dumps the firmware's TPM event log (nextinit.c, dgtest.bioslog)
uefi_cmdline() {
	echo "console=ttyS0 panic=-1 rdinit=/usr/sbin/diginit dgtest.bioslog=1 $*"
}

# bios_event LOG PCR DESC: the sha256 digest of the event DESC in PCR of the firmware's
# TPM event log that the guest dumped (lib/bioslog.py); empty if there is none.
bios_event() {
	python3 "$QEMU_DIR/lib/bioslog.py" "$1" | awk -v p="$2" -v d="$3" '$1 == p && $4 == d { print $3; exit }'
}

# bios_replay_ok LOG PCR: the event log replays to the value the guest read of PCR.
bios_replay_ok() {
	_want=$(python3 "$QEMU_DIR/lib/bioslog.py" "$1" | awk -v p="$2" '$1 == "replay" && $2 == p { print $3 }')
	[ -n "$_want" ] && [ "$(result "$1" "pcr$2-sha256" | tr 'A-F' 'a-f')" = "$_want" ]
}

# checks_loaded LOG IMAGE SRC: two checks of a good boot: the lists of IMAGE (a host
# file), read by the shim at SRC, are loaded, none rejected; the table is sealed and
# the next init runs as PID 1.
checks_loaded() {
	_n=$("$MKINITRD" --list "$2" | grep -c 'file_list-rpm-')
	note "shim: $(shim_summary "$1")"
	shim_summary "$1" | grep -q "^diginit\[1\]: $_n lists, [1-9][0-9]* digests, 0 rejected"
	check $? "the $_n lists of $3 are loaded"
	[ "$(result "$1" nextinit-pid)" = 1 ] && [ "$(result "$1" seal)" = 1 ]
	check $? "the table is sealed and the next init runs"
}

# checks_rejected LOG PATH: two checks of a boot with an image carrying usr/sbin/diginit
# at PATH: the genuine shim rejects it whole, naming the entry; no list is loaded, the
# table is sealed, the configured next init runs as PID 1.
checks_rejected() {
	grep -q "diginit\[1\]: $2: image rejected: entry usr" "$1"
	check $? "the genuine shim rejects it whole: $(tr -d '\r' < "$1" | grep -o 'image rejected: .*' | head -n 1)"
	shim_summary "$1" | grep -q '^diginit\[1\]: 0 lists, 0 digests' &&
		[ "$(result "$1" nextinit-pid)" = 1 ] && [ "$(result "$1" seal)" = 1 ]
	check $? "no list is loaded, the table is sealed, the configured next init runs"
}
