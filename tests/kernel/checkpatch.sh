#!/bin/sh
# checkpatch.sh CHECKPATCH SERIES: run the kernel's scripts/checkpatch.pl on
# every patch named in the quilt SERIES file, one TAP line per patch. A patch
# passes with no error and no warning (the default checkpatch level).
set -u
cp=$1 series=$2
dir=$(dirname "$series")
patches=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series")
n=0
for p in $patches; do
	n=$((n + 1))
	out=$(perl "$cp" --no-tree --no-color --terse --show-types "$dir/$p" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -qE ': (ERROR|WARNING):'; then
		echo "ok $n - checkpatch $p"
	else
		echo "not ok $n - checkpatch $p"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
done
echo "1..$n"
