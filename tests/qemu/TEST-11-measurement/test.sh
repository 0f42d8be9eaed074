#!/bin/sh
# TEST-11 measurement: the IMA log's diglim entries are, in order, what
# diginit-mkinitrd --predict says for the image, and replaying the whole IMA log
# (sha256 bank) gives the PCR 10 value the TPM reports.
TEST_NAME=TEST-11
. "$(dirname "$0")/../lib/boot.sh"
w=$WORK/11 && mkdir -p "$w"
boot_root "$w/root" && boot_initrd "$w/root" "$w/first.img" && boot_lists "$w/lists.img"
t $? "inputs built"
keys=
for k in "$TESTDATA"/keys/*.asc; do keys="$keys --key $k"; done
# shellcheck disable=SC2086
"$MKINITRD" --predict "$w/lists.img" $keys > "$w/predict"
t $? "diginit-mkinitrd --predict ran"
note "predicted events: $(wc -l < "$w/predict")"

boot "$w/serial.log" "rdinit=/usr/sbin/diginit ima_policy=critical_data dgtest.imalog=1" \
	"$w/first.img" "$w/lists.img"
t $? "guest booted and powered off"
sed -n 's/\r$//; s/^IMA-LOG: //p' "$w/serial.log" > "$w/imalog"
[ "$(result "$w/serial.log" imalog)" = end ]
t $? "the guest read the whole IMA log ($(wc -l < "$w/imalog") entries)"

# Log line: PCR template-hash ima-buf sha256:DIGEST NAME BUF; predict line:
# NAME sha256:DIGEST ima-buf sha256:TEMPLATE-SHA256 sha1:TEMPLATE-SHA1.
awk '$3 == "ima-buf" && $5 ~ /file_list-rpm-/ { print $5, $4, "sha256:" $2 }' \
	"$w/imalog" > "$w/logged"
awk '{ print $1, $2, $4 }' "$w/predict" > "$w/expected"
[ -s "$w/expected" ] && cmp -s "$w/logged" "$w/expected"
t $? "the diglim events (name, buffer digest, template digest) equal --predict, in order"
[ $? -eq 0 ] || { note "logged:"; sed 's/^/#   /' "$w/logged"; note "predicted:"; sed 's/^/#   /' "$w/expected"; }

pcr=$(result "$w/serial.log" pcr10-sha256 | tr 'A-F' 'a-f')
replay=$(python3 - "$w/imalog" <<'PY'
import hashlib, sys
pcr = bytes(32)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 2 or f[0] != "10":
        continue
    h = bytes.fromhex(f[1])
    if h == bytes(32):          # a violation is logged as zeros, extended as ones
        h = b"\xff" * 32
    pcr = hashlib.sha256(pcr + h).digest()
print(pcr.hex())
PY
)
note "PCR 10 (TPM): $pcr"
note "PCR 10 (replayed IMA log): $replay"
[ -n "$pcr" ] && [ "$pcr" = "$replay" ]
t $? "replaying the IMA log gives the TPM's PCR 10"
exit $tap_failed
