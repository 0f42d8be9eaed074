#!/bin/sh
# demo-system.sh (make demo): a real Debian system boots through diginit, for a person
# watching. tests/system/run.sh does the work (SYSTEM_DEMO=1: its two boots, no failure
# modes) — the guest's own rpm and triggers write the image, its own dracut the
# initramfs; the patched kernel runs diginit as /init, then dracut's systemd, switch-root,
# systemd on the ext4 root and the test unit; the unit installs, erases and upgrades
# packages and reboots — and this script shows what happened, from its files.
# Environment: tests/system/module.mk's SYS_ENV.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\n== %s\n' "$*"; }
echo "Preparing the guest and booting it twice under software emulation (a few minutes)..."
SYSTEM_DEMO=1 "$here/tests/system/run.sh" > "$WORK.tap" 2>&1
rc=$?
w=$WORK
con() { tr -d '\r' < "$w/$1.log"; }
unit() { tr -d '\r' < "$w/$1.log" | sed -n 's/^dgtest: //p'; }

say "1. The digest-list image the guest's rpm file triggers wrote (/boot/diginit.img)"
sed 's/^/   /' "$w/before.list"
say "2. What the kernel will measure (diginit-mkinitrd --predict)"
cut -c1-110 "$w/main.predict" | sed 's/^/   /'
say "3. Boot: kernel → diginit (/init) → dracut's systemd → switch-root → systemd on /dev/vda"
echo "   $(grep -o 'boot to the test unit: .*' "$WORK.tap" | head -n 1)"
unit main | grep -E '^(ok - (systemd|PID 1|the root)|note root)' | sed 's/^/   /'
say "4. The shim's log, in the booted system's journal (kernel timestamps)"
unit main | sed -n 's/^note journal: /   /p'
say "5. The table, as the real root sees it"
unit main | sed -n 's/^note diglim: /   /p'
say "6. IMA appraisal with the table (appraise func=BPRM_CHECK fowner=0 uid=4242 diglim)"
unit main | grep -E '^note (dg-hello|dg-hello.modified|dg-unsigned):' | sed 's/^note /   /'
say "7. Measurements: the IMA log against --predict, and PCR 10"
grep -E '^(not )?ok .*main: (the IMA log|replaying)' "$WORK.tap" | sed 's/^/   /'
say "8. Installed a package, rebooted, it runs"
unit main | grep -E '^ok - rpm |^ok - the file trigger' | sed 's/^ok - /   /'
echo "   after the reboot, diginit: $(con reboot | grep -o 'diginit\[1\]: [0-9]* lists.*' | head -n 1)"
unit reboot | grep -E '^note (dg-new|dg-hello|dg-hello-1.0|dg-p256.erased):' | sed 's/^note /   /'
grep -E '^(not )?ok .*reboot: (the IMA log|replaying)' "$WORK.tap" | sed 's/^/   /'
echo
n=$(grep -c '^not ok' "$WORK.tap")
echo "$(grep -c '^ok' "$WORK.tap") checks passed, $n failed (all of them: $WORK.tap)"
[ $rc -eq 0 ] && [ "$n" -eq 0 ]
