#!/bin/sh
# tests/init/run.sh BIN MKLIST TESTDATA FIXTURES WORK — suite `init` (TAP):
#   1. `BIN --check` per package of tests/init/expect.txt (list cut out by MKLIST),
#      OK/FAIL and the FAIL reason as listed, NEVRA and digest count as rpm says;
#   2. `BIN --upload --seal --securityfs` of all of them in one directory: the bytes
#      written to digest_list_add / digest_list_label / seal are compared with the
#      lists computed independently from `rpm -qp --qf` (expect-compact.py);
#   2b. `BIN --check IMAGE`: the same lists in an image, and two images it must reject;
#   3. every single-byte corruption of one small list (corrupt.py).
# TESTDATA = ../shared/testdata, FIXTURES = $(B)/testdata/rpms.
set -u
bin=$1 mklist=$2 td=$3 fx=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"
resolve() {
	case $1 in
	shared/*) echo "$td/${1#shared/}" ;;
	fixtures/*) echo "$fx/${1#fixtures/}" ;;
	*) echo "$1" ;;
	esac
}

rm -rf "$work" && mkdir -p "$work/one" "$work/up" "$work/exp"

# ---- 1. --check per package ----
i=0
grep -v '^#' "$here/expect.txt" | grep -v '^$' > "$work/expect"
# The text of a reason code, from the one table that has it (diglist/reason.c).
reason_text() {
	sed -n "s/^	\[$1\] = \"\(.*\)\",\$/\1/p" "$here/../../diglist/reason.c"
}
while IFS='|' read -r pkg want keys; do
	i=$((i + 1))
	rpm=$(resolve "$pkg")
	list=$work/one/$(printf %03d $i)-file_list-rpm-$(basename "$rpm" .rpm)
	kargs=
	for k in $keys; do kargs="$kargs --key $(resolve "$k")"; done
	if ! "$mklist" "$rpm" "$list" 2> "$work/err"; then
		notok "$pkg: mklist: $(cat "$work/err")"
		continue
	fi
	# shellcheck disable=SC2086
	out=$("$bin" --check -q $kargs "$list" 2>&1; echo "rc=$?")
	line=$(echo "$out" | grep "^$list: ")
	rc=$(echo "$out" | sed -n 's/^rc=//p')
	case $want in
	OK)
		# -q prints FAIL lines only; ask again without -q for the OK line
		# shellcheck disable=SC2086
		line=$("$bin" --check $kargs "$list" 2>/dev/null)
		nevra=$(rpm -qp --nosignature --nodigest --qf '%{NEVRA}' "$rpm" 2>/dev/null)
		python3 "$here/expect-compact.py" "$rpm" "$work/exp/c" 2>/dev/null
		nd=$(( $(stat -c %s "$work/exp/c") ))
		nd=$(python3 -c "import struct,sys
b=open(sys.argv[1],'rb').read();o=0;c=0
while o<len(b): c+=struct.unpack('<I',b[o+8:o+12])[0]; o+=16+struct.unpack('<I',b[o+12:o+16])[0]
print(c)" "$work/exp/c")
		case $line in
		"$list: OK $nevra $nd digests "*) r=0 ;;
		*) r=1 ;;
		esac
		[ "$rc" = 0 ] || r=1
		check $r "--check $pkg: OK $nevra $nd digests (exit $rc)"
		[ $r = 0 ] || echo "# got: $line"
		;;
	FAIL:*)
		code=${want#FAIL:}
		reason=$(reason_text "$code")
		case $line in
		"$list: FAIL $reason "*"at "[0-9]*|"$list: FAIL $reason at "[0-9]*) r=0 ;;
		*) r=1 ;;
		esac
		[ -n "$reason" ] && [ "$rc" = 1 ] || r=1
		check $r "--check $pkg: FAIL $code, $reason (exit $rc)"
		[ $r = 0 ] || echo "# got: $line rc=$rc"
		;;
	esac
done < "$work/expect"

# ---- 2. one --upload run over every distinct package ----
i=0
allkeys=
: > "$work/up.expect"
for pkg in $(cut -d'|' -f1 "$work/expect" | sort -u); do
	i=$((i + 1))
	rpm=$(resolve "$pkg")
	name=$(printf %03d $i)-file_list-rpm-$(basename "$rpm" .rpm)
	"$mklist" "$rpm" "$work/up/$name" 2>/dev/null
	if grep -q "^$pkg|OK|" "$work/expect"; then
		echo "$name OK $rpm" >> "$work/up.expect"
		for k in $(grep "^$pkg|OK|" "$work/expect" | cut -d'|' -f3); do
			allkeys="$allkeys --key $(resolve "$k")"
		done
	else
		echo "$name FAIL $rpm" >> "$work/up.expect"
	fi
done
sec=$work/sec
mkdir -p "$sec/integrity/diglim"
for f in digest_list_add digest_list_label seal; do : > "$sec/integrity/diglim/$f"; done
# shellcheck disable=SC2086
"$bin" --upload --seal --securityfs "$sec" $allkeys "$work/up" > "$work/up.out" 2> "$work/up.err"
rc=$?
check $([ $rc = 1 ] && echo 0 || echo 1) "--upload over $i lists exits 1 (some rejected): $rc"
sed 's/^/# /' "$work/up.err"
# not PID 1: the kernel will not count these lists; one warning line on stderr says so
[ "$(grep -c 'not PID 1' "$work/up.err")" = 1 ] &&
	grep -Eq '^diginit: not PID 1 \(pid [0-9]+\): the kernel counts only lists that PID 1 uploads before its first execve\(\); the lists uploaded now will not count for IMA$' "$work/up.err"
check $? "--upload (not PID 1): one line on stderr says the lists will not count"
# shellcheck disable=SC2086
"$bin" --check $allkeys "$work/up" > /dev/null 2> "$work/check.err"
! grep -q 'not PID 1' "$work/check.err"
check $? "--check (nothing uploaded): no such line"
# expected bytes, in name order
: > "$work/exp/add"
: > "$work/exp/label"
sort "$work/up.expect" > "$work/up.sorted"
while read -r name want rpm; do
	st=$(grep "^$work/up/$name: " "$work/up.out" | cut -d' ' -f2)
	check $([ "$st" = "$want" ] && echo 0 || echo 1) "--upload $name: $st"
	[ "$want" = OK ] || continue
	python3 "$here/expect-compact.py" "$rpm" "$work/exp/$name.bin"
	[ -s "$work/exp/$name.bin" ] || continue
	cat "$work/exp/$name.bin" >> "$work/exp/add"
	printf '%s\0' "$name" >> "$work/exp/label"
done < "$work/up.sorted"
# per list: cut the uploaded stream at the expected lengths
off=0
for name in $(sort "$work/up.expect" | awk '$2 == "OK" { print $1 }'); do
	e=$work/exp/$name.bin
	[ -s "$e" ] || continue
	len=$(stat -c %s "$e")
	tail -c +$((off + 1)) "$sec/integrity/diglim/digest_list_add" | head -c "$len" > "$work/exp/got"
	cmp -s "$e" "$work/exp/got"
	check $? "uploaded compact list of $name = rpm -qp ($len bytes)"
	off=$((off + len))
done
cmp -s "$work/exp/add" "$sec/integrity/diglim/digest_list_add"
check $? "digest_list_add holds exactly the expected lists, in name order ($(stat -c %s "$work/exp/add") bytes)"
cmp -s "$work/exp/label" "$sec/integrity/diglim/digest_list_label"
check $? "digest_list_label holds each uploaded list's file name + NUL, in the same order"
[ "$(cat "$sec/integrity/diglim/seal")" = 1 ]
check $? "seal written once: 1"

# a second run: the table (here: a missing seal file) error is reported, exit 1
rm "$sec/integrity/diglim/seal"
# shellcheck disable=SC2086
"$bin" --upload --seal --securityfs "$sec" $allkeys "$work/one/001-"* > /dev/null 2> "$work/seal.err"
check $([ $? = 1 ] && echo 0 || echo 1) "--seal that fails exits 1"
grep -q '^diginit: cannot seal: No such file or directory (errno 2)$' "$work/seal.err"
check $? "... and says why, with the errno"
# the seal write fails after the table was sealed (the file reads "1": the kernel sealed,
# IMA failed to measure it; EFBIG from a file size limit stands in for IMA's error)
sec2=$work/sec2
mkdir -p "$sec2/integrity/diglim"
: > "$sec2/integrity/diglim/digest_list_add"
: > "$sec2/integrity/diglim/digest_list_label"
{ printf 1; head -c 4095 /dev/zero; } > "$sec2/integrity/diglim/seal"
# shellcheck disable=SC2086
(trap '' XFSZ; exec prlimit --fsize=4096 "$bin" --upload --seal --securityfs "$sec2" \
	$allkeys "$work/one/001-"* > "$work/seal.out" 2> "$work/seal.err")
rc=$?
[ $rc = 1 ] && grep -q ': OK ' "$work/seal.out" && [ -s "$sec2/integrity/diglim/digest_list_add" ] &&
	grep -q '^diginit: sealed, but IMA did not measure the seal: File too large (errno 27)$' "$work/seal.err"
check $? "--seal whose write fails after the seal: list uploaded, exit 1, sealed but not measured, with the errno ($rc)"
# a good list under a name the kernel cannot take as a label (a blank would split the
# IMA log's name field): verified, but not uploaded
sec3=$work/sec3 lab=$work/labeldir
mkdir -p "$sec3/integrity/diglim" "$lab"
for f in digest_list_add digest_list_label seal; do : > "$sec3/integrity/diglim/$f"; done
cp "$(ls "$work/one/001-"* | head -n 1)" "$lab/001 blank name"
# shellcheck disable=SC2086
"$bin" --upload --securityfs "$sec3" $allkeys "$lab" > "$work/label.out" 2>&1
rc=$?
[ $rc = 1 ] && [ ! -s "$sec3/integrity/diglim/digest_list_label" ] &&
	[ ! -s "$sec3/integrity/diglim/digest_list_add" ] && grep -q 'blank name: FAIL' "$work/label.out"
check $? "a list named with a blank: FAIL, nothing written to the table, exit 1 ($rc)"
"$bin" --upload --securityfs "$work/nonexistent" "$work/up" > /dev/null 2>&1
check $([ $? = 1 ] && echo 0 || echo 1) "--upload without a digest table exits 1"
"$bin" --check > /dev/null 2>&1
check $([ $? = 2 ] && echo 0 || echo 1) "no PATH: usage, exit 2"
"$bin" --check --bogus x > /dev/null 2>&1
check $([ $? = 2 ] && echo 0 || echo 1) "unknown option: exit 2"
"$bin" --check --key "$td/rpm.org/keys/CVE-2021-3521-badbind.asc" "$work/up" > /dev/null 2>&1
check $([ $? = 2 ] && echo 0 || echo 1) "a --key that does not parse: exit 2"
"$bin" --version | grep -q '^diginit [0-9]'
check $? "--version"
"$bin" -h | grep -q -- '--check'
check $? "-h"

# odd directory entries: rejected without being opened, the good list still loads
mkdir -p "$work/odd/sub"
cp "$(ls "$work/up/"*-hello-2.0-1.x86_64-signed)" "$work/odd/5-good"
ln -s "$work/odd/5-good" "$work/odd/1-symlink"
mkfifo "$work/odd/2-fifo"
: > "$work/odd/3-empty"
ln -s /dev/null "$work/odd/4-dev"
: > "$work/odd/.hidden"
out=$("$bin" --check --key "$td/rpm.org/keys/rpm.org-rsa-2048-test.pub" "$work/odd" 2>&1)
rc=$?
echo "$out" | grep -q "^$work/odd/1-symlink: FAIL not a regular file" &&
	echo "$out" | grep -q "^$work/odd/2-fifo: FAIL not a regular file" &&
	echo "$out" | grep -q "^$work/odd/3-empty: FAIL list file empty or too large" &&
	echo "$out" | grep -q "^$work/odd/4-dev: FAIL not a regular file" &&
	echo "$out" | grep -q "^$work/odd/5-good: OK hello-2.0-1.x86_64" &&
	echo "$out" | grep -q "^$work/odd/sub: FAIL not a regular file" &&
	! echo "$out" | grep -q hidden && [ $rc = 1 ]
check $? "symlink, FIFO, empty file, directory rejected; dot files skipped; the good list OK"
# ... and the FIFO is never opened: a writer blocked in its open stays blocked (an open
# for reading, even O_NONBLOCK, would release it)
( exec 3>"$work/odd/2-fifo" && : > "$work/fifo-opened" ) &
wp=$! i=0
while [ "$(cat /proc/$wp/wchan 2>/dev/null)" != wait_for_partner ] && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
"$bin" --check --key "$td/rpm.org/keys/rpm.org-rsa-2048-test.pub" "$work/odd" > /dev/null 2>&1
i=0
while [ ! -e "$work/fifo-opened" ] && [ $i -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -e "$work/fifo-opened" ] && [ "$(cat /proc/$wp/wchan 2>/dev/null)" = wait_for_partner ]
check $? "the FIFO is not opened: a writer waiting for a reader still waits"
kill $wp 2>/dev/null
wait $wp 2>/dev/null
"$bin" --check "$work/odd/nonexistent" > "$work/odd.out" 2>&1
grep -q "nonexistent: FAIL cannot read list file (No such file or directory) at 0" "$work/odd.out"
check $? "a missing file: FAIL cannot read list file"

# ---- 2b. --check IMAGE: the lists of 2. in an image as diginit-mkinitrd writes it ----
# (built here from the newc format and diginit-mkinitrd(8): etc, etc/diglim, the lists in
# name order, inode numbers 1.., mtime 0, the trailer); extra ENTRY adds one more entry
mkimage() { # OUT [symlink|gzip-after]
	python3 - "$work/up" "$@" <<'PY'
import gzip, os, sys
src, out, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
def ent(ino, mode, nlink, name, data=b''):
    nb = name.encode() + b'\0'
    f = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(nb), 0]
    h = b'070701' + b''.join(b'%08x' % v for v in f) + nb
    return h + bytes(-len(h) % 4) + data + bytes(-len(data) % 4)
es = [(0o40755, 2, 'etc', b''), (0o40755, 2, 'etc/diglim', b'')]
es += [(0o100644, 1, 'etc/diglim/' + n, open(os.path.join(src, n), 'rb').read())
       for n in sorted(os.listdir(src))]
if 'symlink' in extra:
    es.append((0o120777, 1, 'etc/diglim/zzz', b'/init'))
img = b''.join(ent(i + 1, *e) for i, e in enumerate(es)) + ent(0, 0, 1, 'TRAILER!!!')
if 'gzip-after' in extra:
    img += gzip.compress(ent(1, 0o100755, 1, 'init', b'#!/bin/sh') + ent(0, 0, 1, 'TRAILER!!!'))
open(out, 'wb').write(img)
PY
}
mkimage "$work/good.img"
# shellcheck disable=SC2086
"$bin" --check $allkeys "$work/good.img" 2>/dev/null | sed "s,^$work/good.img:,," > "$work/img.out"
# shellcheck disable=SC2086
"$bin" --check $allkeys "$work/up" 2>/dev/null | sed "s,^$work/up/,," > "$work/dir.out"
[ -s "$work/img.out" ] && cmp -s "$work/img.out" "$work/dir.out"
check $? "--check IMAGE: the same lines as --check on the directory ($(wc -l < "$work/img.out") lists)"
for bad in symlink gzip-after; do
	mkimage "$work/$bad.img" "$bad"
	# shellcheck disable=SC2086
	out=$("$bin" --check $allkeys "$work/$bad.img" 2>/dev/null)
	rc=$?
	case $bad in
	symlink) want="$work/$bad.img: FAIL image rejected: entry etc/diglim/zzz: not a directory or regular file at" ;;
	*) want="$work/$bad.img: FAIL image rejected: data after the trailer at" ;;
	esac
	[ $rc = 1 ] && [ "$(echo "$out" | wc -l)" = 1 ] && case $out in "$want "*) true;; *) false;; esac
	check $? "--check IMAGE with a $bad entry: the whole image rejected, one line, exit 1 ($out)"
done

# ---- 3. every single-byte corruption of one small list ----
# (lists from ../shared/testdata only, Ed25519 and EdDSA: fast to verify; only their keys)
target=$(ls "$work/up/"*-hello-2.0-1.x86_64-signed-with-new-subkey)
others=$(ls "$work/up/"*-rpm-basic-with-ed25519-*noarch)
python3 "$here/corrupt.py" "$T_N" "$bin" "$work/corrupt" "$target" $others -- \
	--key "$td/rpm.org/keys/rpm.org-rsa-2048-add-subkey.asc" \
	--key "$td/rpm-rs/keys/rpm-testkey-v4-ed25519.asc" \
	--key "$td/rpm-rs/keys/rpm-testkey-v6-ed25519.asc"
T_N=$((T_N + 3))
tdone