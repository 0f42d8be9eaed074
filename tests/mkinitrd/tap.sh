# tests/mkinitrd/tap.sh — TAP helpers for the mkinitrd suites (sourced).
T_N=0 T_FAIL=0
ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
notok() { T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $*"; }
# t DESCRIPTION COMMAND...: ok when the command succeeds; its output is shown on failure
t() {
	_d=$1; shift
	if _o=$("$@" 2>&1); then ok "$_d"; else notok "$_d"; printf '%s\n' "$_o" | sed 's/^/#   /' | head -20; fi
}
# tfail DESCRIPTION COMMAND...: ok when the command fails
tfail() {
	_d=$1; shift
	if _o=$("$@" 2>&1); then notok "$_d (unexpectedly succeeded)"; printf '%s\n' "$_o" | sed 's/^/#   /' | head -10; else ok "$_d"; fi
}
# teq DESCRIPTION GOT WANT
teq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1"; echo "#   got '$2', want '$3'"; fi; }
tdone() { echo "1..$T_N"; [ "$T_FAIL" -eq 0 ]; }
