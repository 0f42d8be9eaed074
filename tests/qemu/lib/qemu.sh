# Shared helpers of the QEMU tests (sourced by tests/qemu/run-qemu and the
# boot tests). POSIX sh. Everything is parameterised by environment
# variables, which the make fragments export from config.mk:
#   QEMU (qemu-system-x86_64), QEMU_ACCEL (tcg), QEMU_MEM (512M),
#   QEMU_TIMEOUT (seconds), SWTPM (swtpm), OVMF_CODE and OVMF_VARS (Debian's
#   ovmf: the 4 MiB firmware and its variable store template)

: "${QEMU:=qemu-system-x86_64}"
: "${QEMU_ACCEL:=tcg}"
: "${QEMU_MEM:=512M}"
: "${QEMU_TIMEOUT:=600}"
: "${SWTPM:=swtpm}"
: "${OVMF_CODE:=/usr/share/OVMF/OVMF_CODE_4M.fd}"
: "${OVMF_VARS:=/usr/share/OVMF/OVMF_VARS_4M.fd}"

# qemu_die MSG: print to stderr and exit 2 (a setup error, not a test result)
qemu_die() {
	echo "run-qemu: $*" >&2
	exit 2
}

# qemu_splats LOG: print the lines of a serial log where the kernel reported
# a WARN or BUG, a lockdep, RCU or KASAN report, a sleep in atomic context or
# a list corruption; exit status 0 if there is one, 1 if none.
qemu_splats() {
	tr -d '\r' < "$1" | grep -E \
		-e 'WARNING: (CPU|at|suspicious)|BUG: |KASAN|UBSAN|kernel BUG' \
		-e 'possible (recursive|circular) locking|inconsistent lock state' \
		-e 'suspicious RCU usage|RCU-list traversed|INFO: (task|rcu|lockdep)' \
		-e 'sleeping function called from invalid context|DEBUG_LOCKS_WARN_ON' \
		-e '(list_add|list_del) corruption|cut here'
}

# qemu_cat_initrd OUT FILE...: concatenate initrd archives into one file
# (the kernel unpacks concatenated cpio archives, compressed or not, in order).
qemu_cat_initrd() {
	_out=$1
	shift
	: > "$_out" || return 1
	for _f in "$@"; do
		[ -r "$_f" ] || { echo "run-qemu: cannot read initrd $_f" >&2; return 1; }
		cat "$_f" >> "$_out" || return 1
	done
}

# qemu_mkcpio DIR OUT: pack DIR into a deterministic uncompressed newc cpio
# (sorted names, owner root, mtime SOURCE_DATE_EPOCH or 0).
qemu_mkcpio() {
	_dir=$1 _out=$2
	_abs=$(cd "$(dirname "$_out")" && pwd)/$(basename "$_out")
	( cd "$_dir" &&
	  find . -mindepth 1 -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} + &&
	  find . -mindepth 1 | LC_ALL=C sort |
	  cpio --quiet -o -H newc -R 0:0 --reproducible > "$_abs" )
}

# swtpm_start STATEDIR: start a TPM 2.0 emulator with its control socket at
# STATEDIR/swtpm-sock; its pid goes to STATEDIR/swtpm.pid.
swtpm_start() {
	_st=$1
	mkdir -p "$_st" || return 1
	"$SWTPM" socket --tpm2 --tpmstate dir="$_st" \
		--ctrl type=unixio,path="$_st/swtpm-sock" \
		--pid file="$_st/swtpm.pid" --log file="$_st/swtpm.log" \
		--flags startup-clear --daemon || return 1
	_i=0
	while [ ! -S "$_st/swtpm-sock" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -S "$_st/swtpm-sock" ]
}

# swtpm_stop STATEDIR: stop the emulator started by swtpm_start
swtpm_stop() {
	if [ -f "$1/swtpm.pid" ]; then
		kill "$(cat "$1/swtpm.pid")" 2>/dev/null
		rm -f "$1/swtpm.pid"
	fi
}

# tap_from_log LOG: print the TAP lines a guest wrote on the serial console
# (results, plans, diagnostics), without carriage returns.
tap_from_log() {
	tr -d '\r' < "$1" | grep -E '^(ok [0-9]|not ok [0-9]|1\.\.[0-9]|# |TAP version)'
}
