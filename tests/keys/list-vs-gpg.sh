#!/bin/sh
# tests/keys/list-vs-gpg.sh DIGINIT_KEYS KEYFILE... — TAP: for every key file, each
# fingerprint gpg shows (gpg --show-keys --with-colons --with-fingerprint, primary and
# subkeys) must be printed by `diginit-keys list`, and every fingerprint diginit-keys
# prints that gpg does not show must be a v6 key (gpg 2.2 cannot read v6 keys).
# gpg is run on each armour block of a file separately.
set -u
tool=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GNUPGHOME="$tmp/gnupg"
mkdir -m 700 "$GNUPGHOME"
n=0
fail=0
for f in "$@"; do
	n=$((n + 1))
	name=${f##*/}
	# one armour block at a time: gpg 2.2 gives up on a whole file at a v6 block
	rm -f "$tmp"/blk.*
	awk -v d="$tmp" '/^-----BEGIN PGP/ { n++ } n { print > (d "/blk." n) }' "$f"
	for b in "$tmp"/blk.*; do
		[ -f "$b" ] || continue
		gpg --batch --quiet --show-keys --with-colons --with-fingerprint "$b" 2>/dev/null
	done | awk -F: '$1 == "fpr" { print toupper($10) }' | sort -u > "$tmp/gpg"
	if ! "$tool" list "$f" > "$tmp/out" 2> "$tmp/err"; then
		echo "not ok $n - $name: diginit-keys list failed: $(head -1 "$tmp/err")"
		fail=1
		continue
	fi
	awk '$1 == "fingerprint" { print toupper($2) }' "$tmp/out" | sort -u > "$tmp/ours"
	missing=$(comm -23 "$tmp/gpg" "$tmp/ours" | tr '\n' ' ')
	extra=$(comm -13 "$tmp/gpg" "$tmp/ours")
	bad_extra=
	for x in $extra; do
		grep -B1 "fingerprint $x\$" "$tmp/out" | grep -q ' v6 ' || bad_extra="$bad_extra $x"
	done
	count=$(wc -l < "$tmp/gpg")
	if [ "$count" -gt 0 ] && [ -z "$missing" ] && [ -z "$bad_extra" ]; then
		echo "ok $n - $name: $count fingerprint(s) match gpg$( [ -n "$extra" ] && echo " (+ v6: $(echo $extra | wc -w))")"
	elif [ "$count" -eq 0 ] && [ -n "$extra" ] && [ -z "$bad_extra" ]; then
		echo "ok $n - $name: v6 key(s) only, gpg 2.2 shows none"
	else
		echo "not ok $n - $name: missing [$missing] unexpected [$bad_extra]"
		fail=1
	fi
done
echo "1..$n"
exit $fail
