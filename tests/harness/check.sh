#!/bin/sh
# check.sh: TAP self-test of the harness (tools/tap-run, tools/tap-summary): a failing,
# crashing, silent or missing suite must make the summary fail; a good one must pass.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"
run() { # run NAME SCRIPT: one suite through tap-run, then the summary's exit code
	rm -rf "$tmp/tap"
	printf '%s\n' "$2" > "$tmp/$1.sh"
	"$top/tools/tap-run" "$tmp/tap" "$1" sh "$tmp/$1.sh" > /dev/null
	"$top/tools/tap-summary" "$tmp/tap" "$1" > "$tmp/summary"
}
run good 'echo "ok 1 - a"; echo "ok 2 - b"; echo 1..2'
check $? "two passing tests give exit 0"
[ "$(tail -n 1 "$tmp/summary")" = "2 passed, 0 failed" ]
check $? "summary line reads '2 passed, 0 failed'"
run bad 'echo "ok 1 - a"; echo "not ok 2 - b"; echo 1..2'
[ $? -ne 0 ]
check $? "a failing test gives a non-zero exit"
[ "$(tail -n 1 "$tmp/summary")" = "1 passed, 1 failed" ]
check $? "summary line reads '1 passed, 1 failed'"
run crash 'echo "ok 1 - a"; kill -SEGV $$'
[ $? -ne 0 ]
check $? "a suite killed by a signal after passing tests fails"
run silent 'exit 0'
[ $? -ne 0 ]
check $? "a suite that ran no test fails"
rm -rf "$tmp/tap" && mkdir -p "$tmp/tap"
"$top/tools/tap-summary" "$tmp/tap" missing > /dev/null
[ $? -ne 0 ]
check $? "a suite that left no result (did not build) fails"
run skip 'echo "ok 1 - a # SKIP no tpm"; echo "ok 2 - b"; echo 1..2'
[ $? -eq 0 ] && [ "$(tail -n 1 "$tmp/summary")" = "1 passed, 0 failed, 1 skipped" ]
check $? "skipped tests are counted apart"
tdone
