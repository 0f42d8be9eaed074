#!/bin/sh
# TEST-11 measurement: the IMA log's diglim entries are what diginit-mkinitrd --predict
# says for the image: one event, the seal ("diglim/seal"), whose data names every list
# (issue 17: one PCR extend per boot, not one per list); the lists are trusted and
# measured (actions 9 = bit 3 trusted + bit 0 measured with ima-buf); replaying the
# whole IMA log (sha256 bank) gives the PCR 10 value the TPM reports.
TEST_NAME=TEST-11
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/11 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img"
check $? "inputs built"
keys=
for k in "$TESTDATA"/keys/*.asc; do keys="$keys --key $k"; done
# shellcheck disable=SC2086
"$MKINITRD" --predict "$w/lists.img" $keys > "$w/predict"
check $? "diginit-mkinitrd --predict ran"
note "predicted events: $(wc -l < "$w/predict")"

hello=$(file_digest "$TESTDATA/rpms/dg-hello-1.0-1.x86_64.rpm" /usr/bin/dg-hello)
boot "$w/serial.log" "rdinit=/usr/sbin/diginit ima_policy=critical_data dgtest.imalog=1 dgtest.query=$hello" \
	"$w/first.img" "$w/lists.img"
check $? "guest booted and powered off"
python3 "$QEMU_DIR/lib/imalog.py" "$w/serial.log" > "$w/imalog"
[ "$(result "$w/serial.log" imalog)" = end ]
check $? "the guest read the whole IMA log ($(grep -vc '^replay' "$w/imalog") entries)"

# Log: PCR TEMPLATE NAME D-NG TEMPLATE-DIGEST; --predict: NAME D-NG ima-buf
# TEMPLATE-SHA256 TEMPLATE-SHA1 (after its first line, the image file's SHA-256).
# every event of the table: the seal, the trusted lists', the lists' own and v3's add_/del_
awk '$3 ~ /file_list-rpm-/ || $3 ~ /^diglim\// || $3 ~ /^(add|del)_/ { print $3, $4, $5 }' \
	"$w/imalog" > "$w/logged"
awk '$3 == "ima-buf" { print $1, $2, $4 }' "$w/predict" > "$w/expected"
[ -s "$w/expected" ] && cmp -s "$w/logged" "$w/expected"
r=$?
check $r "the diglim events (name, buffer digest, template digest) equal --predict, in order"
[ $r -eq 0 ] || { note "logged:"; sed 's/^/#   /' "$w/logged"; note "predicted:"; sed 's/^/#   /' "$w/expected"; }
# the seal: the table's only event, its buffer "lists=N trusted=N" (all uploaded by PID 1)
# then "\nsha256-<digest of the list>-<label>" per list, built here from the list lines
n=$(grep -c '^list sha256-[0-9a-f]*-.*file_list-rpm-' "$w/predict")
seal_text() {
	printf 'lists=%s trusted=%s' "$n" "$n"
	sed -n 's/^list //p' "$w/predict" | while read -r l; do printf '\n%s' "$l"; done
}
[ "$n" -eq 4 ] && [ "$(wc -l < "$w/logged")" -eq 1 ] &&
	[ "$(cut -d' ' -f1,2 "$w/logged")" = "diglim/seal sha256:$(seal_text | sha256sum | cut -c1-64)" ]
check $? "one event for the table (one PCR extend), the seal, naming the $n lists: lists=$n trusted=$n\\nsha256-...-<label>..."
q=$(result "$w/serial.log" "query $hello")
note "query dg-hello: $q"
echo "$q" | grep -q 'file_list-rpm-dg-hello-1.0-1.x86_64 (actions: 9)'
check $? "dg-hello's list: actions 9 (trusted, measured with ima-buf)"

pcr=$(result "$w/serial.log" pcr10-sha256 | tr 'A-F' 'a-f')
replay=$(sed -n 's/^replay //p' "$w/imalog")
note "PCR 10 (TPM): $pcr"
note "PCR 10 (replayed IMA log): $replay"
[ -n "$pcr" ] && [ "$pcr" = "$replay" ]
check $? "replaying the IMA log gives the TPM's PCR 10"
tdone