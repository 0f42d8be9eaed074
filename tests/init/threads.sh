#!/bin/sh
# tests/init/threads.sh BIN MKLIST MKINITRD TD FX RPMDB WORK — suite `init-threads`
# (TAP): `BIN --check -j N` prints the same lines (same order) and exits the same for
# N = 1, 2, 3 over every list the test data gives: one list per package of TD and FX
# (signed, unsigned, v3, v6, subkeys, ...), plus a truncated, a byte-flipped and an
# empty list, a symlink and a directory; and the 128 lists of the CBL-Mariner rpmdb
# (RPMDB) written by diginit-mkinitrd. Also checks that -j 1 and -j 2 do not differ
# with -q and -v, and that a bad -j is a usage error.
set -u
bin=$1 mklist=$2 mk=$3 td=$4 fx=$5 db=$6 work=$7
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"

rm -rf "$work" && mkdir -p "$work/pkgs" "$work/db" "$work/out"
i=0
for rpm in $(find "$td" "$fx" -name '*.rpm' | sort); do
	i=$((i + 1))
	"$mklist" "$rpm" "$work/pkgs/$(printf %03d $i)-$(basename "$rpm" .rpm)" 2>/dev/null
done
good=$(ls "$work/pkgs" | sed -n 2p)
head -c 300 "$work/pkgs/$good" > "$work/pkgs/900-truncated"
cp "$work/pkgs/$good" "$work/pkgs/901-flipped"
printf 'X' | dd of="$work/pkgs/901-flipped" bs=1 seek=200 conv=notrunc 2>/dev/null
: > "$work/pkgs/902-empty"
ln -s "$good" "$work/pkgs/903-symlink"
mkdir "$work/pkgs/904-dir"
cp "$db"/rpmdb.sqlite* "$work/db/"
"$mk" -q --dbpath "$work/db" --dir "$work/mariner" 2>/dev/null

keys=
for k in "$td"/rpm.org/keys/rpm.org-*-test.pub "$td"/rpm.org/keys/rpm.org-rsa-2048-add-subkey.asc \
	"$td"/distro-keys/MICROSOFT-RPM-GPG-KEY "$fx"/../keys/*.asc; do
	keys="$keys --key $k"
done
for dir in pkgs mariner; do
	total=$(ls "$work/$dir" | wc -l)
	for j in 1 2 3; do
		# shellcheck disable=SC2086
		"$bin" --check -j $j $keys "$work/$dir" > "$work/out/$dir.$j" 2> "$work/out/$dir.$j.err"
		echo "rc=$?" >> "$work/out/$dir.$j"
	done
	oks=$(grep -c ': OK ' "$work/out/$dir.1")
	fails=$(grep -c ': FAIL ' "$work/out/$dir.1")
	if [ "$oks" -gt 0 ] && [ $((oks + fails)) = "$total" ]; then
		ok "$dir: -j 1 gives one line per list ($total: $oks OK, $fails FAIL)"
	else
		notok "$dir: -j 1 gives $oks OK + $fails FAIL lines for $total lists"
	fi
	for j in 2 3; do
		if cmp -s "$work/out/$dir.1" "$work/out/$dir.$j"; then
			ok "$dir: --check -j $j prints what -j 1 prints, same exit"
		else
			notok "$dir: --check -j $j differs from -j 1"
			diff "$work/out/$dir.1" "$work/out/$dir.$j" | sed 's/^/# /' | head -10
		fi
	done
	for f in -q -v; do
		# shellcheck disable=SC2086
		a=$("$bin" --check $f -j 1 $keys "$work/$dir" 2>/dev/null; echo "rc=$?")
		# shellcheck disable=SC2086
		b=$("$bin" --threads 2 --check $f $keys "$work/$dir" 2>/dev/null; echo "rc=$?")
		# shellcheck disable=SC2086
		c=$("$bin" --jobs 2 --check $f $keys "$work/$dir" 2>/dev/null; echo "rc=$?")
		if [ "$a" = "$b" ] && [ "$a" = "$c" ]; then
			ok "$dir: $f: -j 1, --threads 2 and --jobs 2 print the same"
		else
			notok "$dir: $f: -j 1, --threads 2 and --jobs 2 differ"
		fi
	done
done
for bad in 0 -1 x 65 2x ''; do
	"$bin" --check -j "$bad" "$work/pkgs" > /dev/null 2>&1
	rc=$?
	if [ $rc = 2 ]; then ok "-j '$bad': usage error (2)"; else notok "-j '$bad': exit $rc"; fi
done
tdone