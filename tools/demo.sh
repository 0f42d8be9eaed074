#!/bin/sh
# demo.sh: the main job end to end, for a person watching. Builds the digest-list image
# from the fixture rpmdb with diginit-mkinitrd, boots the patched kernel in QEMU with
# swtpm and both initrds, and shows what happened: the shim's log, the table, an allowed
# and a denied execution, and the PCR 10 check. Environment as for tests/qemu/lib/boot.sh.
set -u
TEST_NAME=demo
. "$(dirname "$0")/../tests/qemu/lib/boot.sh"
w=$WORK/demo
rm -rf "$w" && mkdir -p "$w"
say() { printf '\n== %s\n' "$*"; }

say "1. The digest-list image, from the rpmdb (diginit-mkinitrd)"
boot_root "$w/root" || exit 1
printf 'measure func=CRITICAL_DATA label=diglim\nappraise func=BPRM_CHECK diglim\n' \
	> "$w/root/etc/dgtest/policy"
boot_initrd "$w/root" "$w/first.img" || exit 1
cp -r "$TESTDATA/rpmdb" "$w/rpmdb"
"$MKINITRD" --dbpath "$w/rpmdb" -o "$w/lists.img" || exit 1
"$MKINITRD" --list "$w/lists.img"
echo "image: $(stat -c %s "$w/lists.img") bytes, sha256 $(sha256sum < "$w/lists.img" | cut -c1-16)..."
keys=
for k in "$TESTDATA"/keys/*.asc; do keys="$keys --key $k"; done
say "2. What the kernel will measure (diginit-mkinitrd --predict)"
# shellcheck disable=SC2086
"$MKINITRD" --predict "$w/lists.img" $keys | tee "$w/predict" | cut -c1-120

say "3. Boot: kernel + dracut-style initrd + digest-list image, QEMU (tcg) with swtpm"
echo "(the image arrives as the one file /etc/diginit.img, as GRUB's newc: or a UKI's"
echo " credential delivers it; software emulation: a few seconds for this small kernel)"
mkdir -p "$w/wrap/etc" && cp "$w/lists.img" "$w/wrap/etc/diginit.img" &&
	qemu_mkcpio "$w/wrap" "$w/wrap.cpio" || exit 1
boot "$w/serial.log" "rdinit=/usr/sbin/diginit ima_policy=critical_data dgtest.policy=/etc/dgtest/policy dgtest.exec=/usr/bin/dg-hello dgtest.exec=/usr/bin/dg-hello.modified dgtest.imalog=1" \
	"$w/first.img" "$w/wrap.cpio"
echo "QEMU exited with status $?"

say "4. The shim's log on the console"
grep -a 'diginit\[1\]' "$w/serial.log" | tr -d '\r' | sed 's/^/   /'
say "5. The table, as the next init (PID $(result "$w/serial.log" nextinit-pid)) sees it"
echo "   digests_count: $(result "$w/serial.log" digests_count)"
echo "   seal:          $(result "$w/serial.log" seal)"
echo "   add after seal: $(result "$w/serial.log" "write digest_list_add")"
say "6. IMA appraisal with the table"
echo "   /usr/bin/dg-hello (packaged):           $(result "$w/serial.log" "exec /usr/bin/dg-hello")"
grep -a '^dg-hello:' "$w/serial.log" | tr -d '\r' | sed 's/^/       /'
echo "   /usr/bin/dg-hello.modified (1 byte off): $(result "$w/serial.log" "exec /usr/bin/dg-hello.modified")"
say "7. Measurements: the IMA log against --predict, and PCR 10"
python3 "$QEMU_DIR/lib/imalog.py" "$w/serial.log" > "$w/imalog"
awk '$3 ~ /file_list-rpm-/ || $3 ~ /^diglim\// || $3 ~ /^(add|del)_/ { print $3, $4, $5 }' \
	"$w/imalog" > "$w/logged"
awk '$3 == "ima-buf" { print $1, $2, $4 }' "$w/predict" > "$w/expected"
if [ -s "$w/expected" ] && cmp -s "$w/logged" "$w/expected"; then
	echo "   the IMA log's $(wc -l < "$w/logged") diglim event (the seal, naming the $(grep -c '^list ' "$w/predict") lists) matches the prediction"
else
	echo "   MISMATCH between the IMA log and the prediction"
fi
pcr=$(result "$w/serial.log" pcr10-sha256 | tr 'A-F' 'a-f')
replay=$(sed -n 's/^replay //p' "$w/imalog")
echo "   PCR 10 (sha256) from the TPM:     $pcr"
echo "   PCR 10 replayed from the IMA log: $replay"
if [ -n "$pcr" ] && [ "$pcr" = "$replay" ]; then echo "   they agree"; else echo "   they DIFFER"; fi
echo
echo "full serial log: $w/serial.log"
