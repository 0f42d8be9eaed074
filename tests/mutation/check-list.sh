#!/bin/sh
# tests/mutation/check-list.sh — TAP: every mutant of tests/mutation/mutants.txt still
# applies (its original text occurs exactly once in its file) and the list is well formed.
set -u
cd "$(dirname "$0")/../.." || exit 1
out=$(python3 tests/mutation/run.py --check 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ $rc -eq 0 ]; then
	echo "ok 1 - tests/mutation/mutants.txt: every mutant applies exactly once"
else
	echo "not ok 1 - tests/mutation/mutants.txt: a mutant no longer applies (see above)"
fi
echo "1..1"
