#!/bin/sh
# checkpatch.sh CHECKPATCH SERIES: run the kernel's scripts/checkpatch.pl on
# every patch named in the quilt SERIES file, one TAP line per patch. A patch
# passes with no error and no warning (the default checkpatch level).
set -u
cp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
series=$2
dir=$(cd "$(dirname "$series")" && pwd)
# checkpatch.pl was seen to report the blank context lines of these patches as
# trailing whitespace when run from inside the git work tree that tracks them;
# run it from an empty directory instead.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/checkpatch.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"
patches=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series")
for p in $patches; do
	out=$(cd "$tmp" && perl "$cp" --no-tree --no-color --terse --show-types "$dir/$p" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -qE ': (ERROR|WARNING):'; then
		ok "checkpatch $p"
	else
		notok "checkpatch $p"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
done
tdone
