# tests/tap.sh — TAP for every shell suite (sourced; POSIX sh). One result per call:
#   ok DESC                ok
#   notok DESC             not ok
#   check STATUS DESC      ok when STATUS (e.g. $?) is 0
#   t DESC COMMAND...      ok when COMMAND succeeds; its output is shown on failure
#   tfail DESC COMMAND...  ok when COMMAND fails
#   teq DESC GOT WANT      ok when GOT equals WANT; both are shown otherwise
#   note TEXT              a comment line
#   tdone                  the plan line; status 1 if a result failed
# T_N counts results (a suite whose helper program prints results of its own adds
# them to T_N); T_FAIL counts failures. TAP_PREFIX goes before every description;
# TAP_UNNUMBERED=1 leaves the numbers and the plan out (results of several scripts
# that one runner prints together, tests/qemu/run-tests).
T_N=0 T_FAIL=0
: "${TAP_PREFIX:=}" "${TAP_UNNUMBERED:=0}"

tap_line() {
	T_N=$((T_N + 1))
	if [ "$TAP_UNNUMBERED" = 1 ]; then
		echo "$1 - $TAP_PREFIX$2"
	else
		echo "$1 $T_N - $TAP_PREFIX$2"
	fi
}
ok() { tap_line ok "$*"; }
notok() { T_FAIL=$((T_FAIL + 1)); tap_line "not ok" "$*"; }
check() {
	_s=$1
	shift
	if [ "$_s" = 0 ]; then ok "$*"; else notok "$*"; fi
}
t() {
	_d=$1
	shift
	if _o=$("$@" 2>&1); then
		ok "$_d"
	else
		notok "$_d"
		printf '%s\n' "$_o" | sed 's/^/#   /' | head -20
	fi
}
tfail() {
	_d=$1
	shift
	if _o=$("$@" 2>&1); then
		notok "$_d (unexpectedly succeeded)"
		printf '%s\n' "$_o" | sed 's/^/#   /' | head -10
	else
		ok "$_d"
	fi
}
teq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1"; echo "#   got '$2', want '$3'"; fi
}
note() { echo "# $TAP_PREFIX$*"; }
tdone() {
	[ "$TAP_UNNUMBERED" = 1 ] || echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}
