#!/bin/sh
# tests/init/asan.sh UNIT_ASAN DIGINIT_ASAN MKLIST TESTDATA LIST KEY WORK — suite
# `init-asan`: the unit tests (with the in-process corruption sweep) built with
# ASan+UBSan, then the whole diginit built the same way, --check and --upload over
# lists cut from every package of TESTDATA plus odd directory entries (any sanitizer
# report aborts the run and fails the test).
set -u
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"
unit=$1 bin=$2 mklist=$3 td=$4 list=$5 key=$6 work=$7
"$unit" "$td" "$list" "$key" "$td" > "$work.unit" 2>&1
urc=$?
grep -v '^1\.\.' "$work.unit"
T_N=$(grep -c '^\(not \)\?ok' "$work.unit")
check $urc "the unit tests exit 0 (exit $urc)"

rm -rf "$work" && mkdir -p "$work/lists/sub" "$work/sec/integrity/diglim"
i=0
for rpm in $(find "$td" -name '*.rpm' | sort); do
	i=$((i + 1))
	"$mklist" "$rpm" "$work/lists/$(printf %03d $i)-file_list-rpm-$(basename "$rpm" .rpm)" 2>/dev/null
done
ln -s /dev/null "$work/lists/zz-dev"
: > "$work/lists/zz-empty"
for f in digest_list_add digest_list_label seal; do : > "$work/sec/integrity/diglim/$f"; done
keys=
for k in "$td"/rpm.org/keys/rpm.org-rsa-2048-test.pub "$td"/rpm-rs/keys/*.asc; do
	keys="$keys --key $k"
done
# shellcheck disable=SC2086
"$bin" --check $keys "$work/lists" > "$work/check.out" 2> "$work/check.err"
rc=$?
if [ $rc = 1 ] && ! grep -q 'Sanitizer\|runtime error' "$work/check.err" &&
	[ "$(grep -c ': OK ' "$work/check.out")" -gt 0 ]; then
	ok "ASan+UBSan diginit --check over $i lists: $(grep -c ': OK ' "$work/check.out") OK, no report"
else
	notok "ASan+UBSan diginit --check (exit $rc)"
	head -20 "$work/check.err" | sed 's/^/# /'
fi
# shellcheck disable=SC2086
"$bin" --upload --seal --securityfs "$work/sec" $keys "$work/lists" > "$work/up.out" 2> "$work/up.err"
rc=$?
if [ $rc = 1 ] && ! grep -q 'Sanitizer\|runtime error' "$work/up.err" &&
	[ -s "$work/sec/integrity/diglim/digest_list_add" ]; then
	ok "ASan+UBSan diginit --upload --seal: no report"
else
	notok "ASan+UBSan diginit --upload (exit $rc)"
	head -20 "$work/up.err" | sed 's/^/# /'
fi
tdone
