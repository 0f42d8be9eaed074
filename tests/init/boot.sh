#!/bin/sh
# tests/init/boot.sh BIN FAKEINIT MKLIST FIXTURES WORK MK — suite `init-boot` (TAP): the
# PID 1 path of BIN (the shim with the fixtures' keys compiled in) inside a user, mount
# and PID namespace (unshare -Urmpf), chrooted into a small root:
#   ROOT/usr/sbin/diginit (BIN), ROOT/etc/diglim (lists), [ROOT/etc/diginit.img (an
#   image, made by MK = diginit-mkinitrd)], ROOT/dev/kmsg (a plain file:
#   the log), ROOT/proc (proc, with /proc/cmdline replaced by a test file),
#   ROOT/sys (the host's /sys) with a test directory bound on /sys/kernel/security.
# securityfs and devtmpfs cannot be mounted in a user namespace: diginit's attempts
# fail and it uses what the test prepared, as it would use what the kernel provides.
# FIXTURES = $(B)/testdata (keys/, rpms/).
set -u
bin=$1 fake=$2 mklist=$3 fx=$4 work=$5 mk=$6
mkdir -p "$work" && work=$(cd "$work" && pwd)
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"

if ! unshare -Urmpf --mount-proc true 2>/dev/null; then
	echo "ok 1 # SKIP unshare -Urmpf not permitted here"
	echo "1..1"
	exit 0
fi

chattr -R -i "$work" 2>/dev/null
rm -rf "$work" && mkdir -p "$work/lists"
i=0
for p in dg-hello dg-rsa2048 dg-p256 dg-ed25519; do
	i=$((i + 1))
	"$mklist" "$fx/rpms/$p-1.0-1.x86_64.rpm" "$work/lists/$(printf %03d $i)-file_list-rpm-$p-1.0-1.x86_64"
done
"$mklist" "$fx/rpms/dg-unsigned-1.0-1.x86_64.rpm" "$work/bad-unsigned"

# boot NAME CMDLINE [TABLE=yes|empty|none|sealed|refusing|sealfail|sealdir]
#      [NEXT="WORD..."] [SELF_AS_INIT=0|1] [HOW=pid1|child|fsize]
# Runs one boot; leaves ROOT/dev/kmsg, the table files and the output in $work/NAME.
# What the root holds besides: the globals LISTS (copied to /etc/diglim; empty: no
# directory) and IMG (a file copied to ROOT$IMG_AT, default /etc/diginit.img; "dir": a
# directory there; empty: nothing), reset by set_src.
# NEXT: the programs in the root, fake-init at each of systemd (/usr/lib/systemd/systemd,
# the built-in next init), sbin (/sbin/init), init (/init), custom (/opt/next-init);
# systemd-dir: a directory at /usr/lib/systemd/systemd; systemd-empty: an empty
# executable file there (ENOEXEC); none: nothing. SELF_AS_INIT=1: /init is a symlink to
# usr/sbin/diginit, as the dracut module installs it.
# HOW: pid1 (diginit is PID 1, argv "arg1 --arg2"); child (diginit without arguments,
# a child of the namespace's PID 1); fsize (PID 1, every file limited to 4096 bytes,
# SIGXFSZ ignored: with TABLE=sealfail the seal write fails with EFBIG after the seal,
# standing in for an error from IMA that the kernel returns once the table is sealed).
boot() {
	name=$1 cmdline=$2 table=${3:-yes} next=${4:-systemd} selfinit=${5:-0} how=${6:-pid1}
	r=$work/$name/root
	chattr -R -i "$work/$name" 2>/dev/null
	rm -rf "$work/$name"
	mkdir -p "$r/usr/sbin" "$r/etc" "$r/dev" "$r/proc" "$r/sys" "$r/sbin" \
		"$r/usr/lib/systemd" "$work/$name/sec"
	cp "$bin" "$r/usr/sbin/diginit"
	[ "$selfinit" = 1 ] && ln -s usr/sbin/diginit "$r/init"
	[ -n "$LISTS" ] && cp -r "$LISTS" "$r/etc/diglim"
	case $IMG in
	'') ;;
	dir) mkdir -p "$r$IMG_AT/x" ;;
	*) mkdir -p "$r$(dirname "$IMG_AT")" && cp "$IMG" "$r$IMG_AT" ;;
	esac
	[ -n "${IMG2:-}" ] && mkdir -p "$r$(dirname "$IMG2_AT")" && cp "$IMG2" "$r$IMG2_AT"
	: > "$r/dev/kmsg"
	printf '%s\n' "$cmdline" > "$work/$name/cmdline"
	case $table in
	yes|sealed)
		mkdir -p "$work/$name/sec/integrity/diglim"
		for f in digest_list_add digest_list_label seal; do
			: > "$work/$name/sec/integrity/diglim/$f"
		done
		# a sealed table: every write fails with EPERM (immutable files; needs
		# CAP_LINUX_IMMUTABLE outside the namespace, else the case is skipped)
		[ "$table" = sealed ] && chattr +i "$work/$name/sec/integrity/diglim/"* 2>/dev/null
		;;
	refusing)
		# digest_list_add a directory: every upload fails (EISDIR)
		mkdir -p "$work/$name/sec/integrity/diglim/digest_list_add"
		: > "$work/$name/sec/integrity/diglim/digest_list_label"
		: > "$work/$name/sec/integrity/diglim/seal"
		;;
	sealfail)
		# seal reads "1" and is at the size limit: the write "1" fails, sealed anyway
		mkdir -p "$work/$name/sec/integrity/diglim"
		: > "$work/$name/sec/integrity/diglim/digest_list_add"
		: > "$work/$name/sec/integrity/diglim/digest_list_label"
		{ printf 1; head -c 4095 /dev/zero; } > "$work/$name/sec/integrity/diglim/seal"
		;;
	sealdir)
		# seal a directory: the seal write fails (EISDIR), the table does not read sealed
		mkdir -p "$work/$name/sec/integrity/diglim/seal"
		: > "$work/$name/sec/integrity/diglim/digest_list_add"
		: > "$work/$name/sec/integrity/diglim/digest_list_label"
		;;
	empty) ;;
	esac
	for n in $next; do
		case $n in
		systemd) cp "$fake" "$r/usr/lib/systemd/systemd" ;;
		sbin) cp "$fake" "$r/sbin/init" ;;
		init) cp "$fake" "$r/init" ;;
		custom) mkdir -p "$r/opt" && cp "$fake" "$r/opt/next-init" ;;
		systemd-dir) mkdir -p "$r/usr/lib/systemd/systemd/x" ;;
		systemd-empty) : > "$r/usr/lib/systemd/systemd" &&
			chmod 0755 "$r/usr/lib/systemd/systemd" ;;
		esac
	done
	# a boot that never ends (diginit executing itself again and again) is killed
	# after BOOT_TIMEOUT (20) s (SIGKILL: unshare ignores SIGTERM while it waits; its
	# --kill-child takes the namespace down) and fails its checks, instead of hanging
	timeout -s KILL "${BOOT_TIMEOUT:-20}" unshare --kill-child -Urmpf sh -c '
		r=$1 w=$2
		mount -t proc proc "$r/proc" || exit 90
		mount --bind "$w/cmdline" "$r/proc/cmdline" || exit 91
		mount --rbind /sys "$r/sys" || exit 92
		mount --bind "$w/sec" "$r/sys/kernel/security" || exit 93
		cd "$r" || exit 94
		case $3 in
		child)
			DIGINIT_TEST=env-ok chroot "$r" /usr/sbin/diginit
			exit $? ;;
		fsize)
			trap "" XFSZ
			DIGINIT_TEST=env-ok exec prlimit --fsize=4096 \
				chroot "$r" /usr/sbin/diginit arg1 --arg2 ;;
		esac
		DIGINIT_TEST=env-ok exec chroot "$r" /usr/sbin/diginit arg1 --arg2
	' sh "$r" "$work/$name" "$how" > "$work/$name/out" 2>&1
	echo $? > "$work/$name/rc"
}
# set_src [LISTS [IMG [IMG_AT]]]: what the next boots find (no argument: the default,
# the list directory $work/lists and no image)
set_src() {
	LISTS=${1-$work/lists} IMG=${2-} IMG_AT=${3:-/etc/diginit.img}
}
set_src
rc() { cat "$work/$1/rc"; }
# The log; kmsg leaves out the warning about /dev, which devtmpfs cannot be mounted on
# in the namespace (a real boot has none: test 1 checks it is there).
kmsg_all() { cat "$work/$1/root/dev/kmsg"; }
kmsg() { kmsg_all "$1" | grep -v '^<4>diginit\[1\]: cannot mount /dev: '; }
table() { cat "$work/$1/sec/integrity/diglim/$2"; }

# 1. a good boot
boot good "console=ttyS0 quiet"
check $(rc good) "good boot: exit 0 via the next init ($(rc good))"
grep -q '^FAKE-INIT /usr/sbin/diginit pid=1 argv: arg1 --arg2 env: DIGINIT_TEST=env-ok exe: /usr/lib/systemd/systemd$' "$work/good/out"
check $? "next init /usr/lib/systemd/systemd ran as PID 1 with diginit's argv and envp"
[ "$(kmsg good | wc -l)" -le 3 ]
check $? "at most three log lines on a good boot ($(kmsg good | wc -l))"
kmsg good | grep -Eq '^<6>diginit\[1\]: 4 lists, 28 digests, 0 rejected, [0-9]+ ms$'
check $? "summary line: $(kmsg good | tail -1)"
[ "$(kmsg_all good | grep -c 'cannot mount')" = 1 ] &&
	kmsg_all good | grep -q '^<4>diginit\[1\]: cannot mount /dev: Operation not permitted$'
check $? "a mount that fails is reported, once (devtmpfs in a user namespace)"
[ "$(table good seal)" = 1 ]
check $? "table sealed"
[ "$(tr '\0' '\n' < "$work/good/sec/integrity/diglim/digest_list_label")" = "$(ls "$work/lists")" ]
check $? "four labels, in name order"
"$bin" --check -q --key "$fx/keys/rsa4096.asc" --key "$fx/keys/rsa2048.asc" \
	--key "$fx/keys/p256.asc" --key "$fx/keys/ed25519.asc" "$work/lists" > /dev/null 2>&1
mkdir -p "$work/cli/integrity/diglim"
for f in digest_list_add digest_list_label seal; do : > "$work/cli/integrity/diglim/$f"; done
"$bin" --upload -q --securityfs "$work/cli" --key "$fx/keys/rsa4096.asc" --key "$fx/keys/rsa2048.asc" \
	--key "$fx/keys/p256.asc" --key "$fx/keys/ed25519.asc" "$work/lists" > /dev/null 2>&1
cmp -s "$work/cli/integrity/diglim/digest_list_add" "$work/good/sec/integrity/diglim/digest_list_add"
check $? "PID 1 uploads the same bytes as --upload ($(stat -c %s "$work/good/sec/integrity/diglim/digest_list_add") bytes)"

# 2. debug: one line per list
boot debug "rd.diginit.debug"
[ "$(kmsg debug | grep -c ': dg-.*digests')" = 4 ] && [ "$(rc debug)" = 0 ]
check $? "rd.diginit.debug: one line per list"

# 3. a bad list, without and with enforce
cp "$work/bad-unsigned" "$work/lists/002a-file_list-rpm-dg-unsigned-1.0-1.x86_64"
boot bad ""
check $(rc bad) "bad list, no enforce: boot goes on ($(rc bad))"
kmsg bad | grep -q '^<3>diginit\[1\]: /etc/diglim/002a-file_list-rpm-dg-unsigned-1.0-1.x86_64: -: rejected: malformed list (.*) at [0-9]*$'
check $? "bad list logged with file, reason and offset"
kmsg bad | grep -Eq '5 lists, 28 digests, 1 rejected'
check $? "the other lists still load: $(kmsg bad | tail -1)"
boot enforce "rd.diginit.enforce"
[ "$(rc enforce)" = 3 ] && ! grep -q FAKE-INIT "$work/enforce/out"
check $? "bad list + rd.diginit.enforce: boot stops, exit 3 ($(rc enforce))"
boot enforce0 "rd.diginit.enforce rd.diginit.enforce=0"
check $(rc enforce0) "rd.diginit.enforce=0 after rd.diginit.enforce: last wins, boot goes on"
rm "$work/lists/002a-file_list-rpm-dg-unsigned-1.0-1.x86_64"

# 4. no digest table
boot notable "" empty
[ "$(rc notable)" = 0 ] && [ "$(kmsg notable | wc -l)" = 1 ] && grep -q FAKE-INIT "$work/notable/out"
check $? "no integrity/diglim: one line, then the next init: $(kmsg notable)"
boot notable-enf "rd.diginit.enforce" empty
check $([ "$(rc notable-enf)" = 4 ] && echo 0 || echo 1) "no integrity/diglim + enforce: exit 4 ($(rc notable-enf))"
boot refusing "" refusing
[ "$(rc refusing)" = 0 ] && [ "$(kmsg refusing | grep -c 'rejected: upload refused (Is a directory)')" = 4 ]
check $? "the table refuses every upload: each list logged, boot goes on"
boot refusing-enf "rd.diginit.enforce" refusing
check $([ "$(rc refusing-enf)" = 3 ] && echo 0 || echo 1) "the table refuses uploads + enforce: exit 3 ($(rc refusing-enf))"
boot sealed "" sealed
if lsattr "$work/sealed/sec/integrity/diglim/seal" 2>/dev/null | grep -q '^....i'; then
	[ "$(rc sealed)" = 0 ] && [ "$(kmsg sealed | wc -l)" = 2 ] &&
		kmsg sealed | grep -q 'digest table already sealed: 4 lists not loaded' &&
		kmsg sealed | grep -q ': 4 lists, 0 digests, 4 rejected'
	check $? "sealed table (EPERM): one line, boot goes on: $(kmsg sealed | head -1)"
	boot sealed-enf "rd.diginit.enforce" sealed
	check $([ "$(rc sealed-enf)" = 4 ] && echo 0 || echo 1) "sealed table + enforce: exit 4 ($(rc sealed-enf))"
	chattr -i "$work/sealed/sec/integrity/diglim/"* "$work/sealed-enf/sec/integrity/diglim/"* 2>/dev/null
else
	ok "# SKIP sealed table: cannot make files immutable here"
	ok "# SKIP sealed table + enforce"
fi

# the seal write fails: after the kernel sealed (IMA's error), or without a seal
boot sealfail "" sealfail systemd 0 fsize
[ "$(rc sealfail)" = 0 ] && grep -q FAKE-INIT "$work/sealfail/out" &&
	[ "$(kmsg sealfail | grep -c 'seal')" = 1 ] &&
	kmsg sealfail | grep -q '^<3>diginit\[1\]: digest table sealed, but IMA did not measure the seal: File too large (errno 27)$' &&
	kmsg sealfail | grep -Eq '^<6>diginit\[1\]: 4 lists, 28 digests, 0 rejected'
check $? "seal write fails after the seal (EFBIG for IMA's error): one line with the errno, boot goes on: $(kmsg sealfail | head -1)"
boot sealfail-enf "rd.diginit.enforce" sealfail systemd 0 fsize
[ "$(rc sealfail-enf)" = 4 ] && ! grep -q FAKE-INIT "$work/sealfail-enf/out"
check $? "seal write fails after the seal + enforce: exit 4 ($(rc sealfail-enf))"
boot sealdir "" sealdir
[ "$(rc sealdir)" = 0 ] && grep -q FAKE-INIT "$work/sealdir/out" &&
	kmsg sealdir | grep -q '^<3>diginit\[1\]: cannot seal the digest table: Is a directory (errno 21)$'
check $? "seal write fails, table not sealed: one line with the errno, boot goes on: $(kmsg sealdir | head -1)"

# not PID 1: started without arguments by another process (here a child of the
# namespace's PID 1): nothing loaded, one line with the reason, enforce decides the exit
boot child "" yes systemd 0 child
[ "$(rc child)" = 0 ] && [ "$(kmsg child | wc -l)" = 1 ] &&
	kmsg child | grep -Eq '^<4>diginit\[([2-9]|[1-9][0-9]+)\]: not PID 1 \(pid ([2-9]|[1-9][0-9]+)\): the kernel counts only lists that PID 1 uploads before its first execve\(\); no list loaded$' &&
	! grep -q FAKE-INIT "$work/child/out" &&
	[ ! -s "$work/child/sec/integrity/diglim/digest_list_add" ] &&
	[ ! -s "$work/child/sec/integrity/diglim/digest_list_label" ] &&
	[ ! -s "$work/child/sec/integrity/diglim/seal" ]
check $? "not PID 1: one warning, no upload, no seal, no exec, exit 0: $(kmsg child)"
boot child-enf "rd.diginit.enforce" yes systemd 0 child
[ "$(rc child-enf)" = 4 ] && [ "$(kmsg child-enf | wc -l)" = 1 ] &&
	kmsg child-enf | grep -q '^<3>diginit\[[0-9]*\]: not PID 1 (pid [0-9]*): .*; no list loaded; rd.diginit.enforce: exit 4$' &&
	[ ! -s "$work/child-enf/sec/integrity/diglim/digest_list_add" ]
check $? "not PID 1 + enforce: one error line, nothing loaded, exit 4 ($(rc child-enf))"

# 5. list directory
boot nolists "rd.diginit.lists=/nonexistent"
check $(rc nolists) "missing list directory: boot goes on ($(rc nolists))"
boot nolists-enf "rd.diginit.lists=/nonexistent rd.diginit.enforce"
check $([ "$(rc nolists-enf)" = 6 ] && echo 0 || echo 1) "missing list directory + enforce: exit 6 ($(rc nolists-enf))"
mkdir -p "$work/empty-lists-src"
set_src "$work/empty-lists-src"
boot emptylists ""
[ "$(rc emptylists)" = 0 ] && grep -q FAKE-INIT "$work/emptylists/out"
check $? "no image, an empty list directory: no list, the boot goes on"
boot emptylists-enf "rd.diginit.enforce"
[ "$(rc emptylists-enf)" = 6 ] && ! grep -q FAKE-INIT "$work/emptylists-enf/out" &&
	kmsg emptylists-enf | grep -Fqx '<3>diginit[1]: rd.diginit.enforce: no digest list found, stopping the boot (exit 6)'
check $? "no image, an empty list directory + enforce: exit 6 ($(rc emptylists-enf))"
set_src

# 6. the hand-over: exactly the configured next init, never another program. Whoever
# can make that path fail to execute (a directory there, a missing or broken file) must
# not get the shim to run something else (/init, /sbin/init): it stops, exit 5.
# stopped NAME LINE: exit 5, no program ran, the log is the summary and one error, LINE.
stopped() {
	[ "$(rc "$1")" = 5 ] && ! grep -q FAKE-INIT "$work/$1/out" &&
		[ "$(kmsg "$1" | wc -l)" = 2 ] && [ "$(kmsg "$1" | grep -c '^<3>')" = 1 ] &&
		kmsg "$1" | grep -Eq '^<6>diginit\[1\]: 4 lists, 28 digests, 0 rejected' &&
		kmsg "$1" | grep -Fqx "<3>diginit[1]: $2"
}
boot ho-missing "" yes "init sbin"
stopped ho-missing "cannot execute the next init /usr/lib/systemd/systemd: No such file or directory (errno 2), stopping the boot (exit 5)"
check $? "built-in next init missing, /init and /sbin/init runnable: neither runs, exit 5, one line ($(rc ho-missing)): $(kmsg ho-missing | grep '^<3>')"
boot ho-missing-cfg "rd.diginit.init=/nonexistent" yes "systemd init sbin"
stopped ho-missing-cfg "cannot execute the next init /nonexistent: No such file or directory (errno 2), stopping the boot (exit 5)"
check $? "rd.diginit.init missing, the built-in one, /init and /sbin/init runnable: none runs, exit 5 ($(rc ho-missing-cfg))"
boot ho-dir "" yes "systemd-dir init sbin"
stopped ho-dir "cannot execute the next init /usr/lib/systemd/systemd: Permission denied (errno 13), stopping the boot (exit 5)"
check $? "a directory at the next init's path: nothing else runs, exit 5 ($(rc ho-dir)): $(kmsg ho-dir | grep '^<3>')"
boot ho-noexec "" yes "systemd-empty init sbin"
stopped ho-noexec "cannot execute the next init /usr/lib/systemd/systemd: Exec format error (errno 8), stopping the boot (exit 5)"
check $? "an empty file at the next init's path (ENOEXEC): nothing else runs, exit 5 ($(rc ho-noexec))"
boot ho-self "rd.diginit.init=/init" yes "sbin" 1
stopped ho-self "the next init /init is diginit itself, stopping the boot (exit 5)"
check $? "rd.diginit.init=/init, a link to diginit: stops, /sbin/init does not run, exit 5 ($(rc ho-self)): $(kmsg ho-self | grep '^<3>')"
boot ho-self2 "rd.diginit.init=/usr/sbin/diginit" yes "systemd init sbin"
stopped ho-self2 "the next init /usr/sbin/diginit is diginit itself, stopping the boot (exit 5)"
check $? "rd.diginit.init=/usr/sbin/diginit: stops, nothing else runs, exit 5 ($(rc ho-self2))"
boot ho-custom "rd.diginit.init=/opt/next-init" yes "custom systemd init sbin"
[ "$(rc ho-custom)" = 0 ] && [ "$(grep -c FAKE-INIT "$work/ho-custom/out")" = 1 ] &&
	grep -q '^FAKE-INIT /usr/sbin/diginit pid=1 argv: arg1 --arg2 env: DIGINIT_TEST=env-ok exe: /opt/next-init$' "$work/ho-custom/out" &&
	[ "$(kmsg ho-custom | wc -l)" = 1 ]
check $? "rd.diginit.init=/opt/next-init: that program runs as PID 1 with diginit's argv and envp, no other"
boot ho-none "" yes none
stopped ho-none "cannot execute the next init /usr/lib/systemd/systemd: No such file or directory (errno 2), stopping the boot (exit 5)"
check $? "no init at all: exit 5, one line ($(rc ho-none))"

# 7. the digest-list image file (rd.diginit.image, default /etc/diginit.img): read whole
# by the strict reader and used instead of the list directory when it exists.
# Made by diginit-mkinitrd from the four signed fixture packages; imglists: the same
# lists as a directory (same names), for the reference boot.
set -- "$fx"/rpms/dg-hello-1.0-1.x86_64.rpm "$fx"/rpms/dg-rsa2048-1.0-1.x86_64.rpm \
	"$fx"/rpms/dg-p256-1.0-1.x86_64.rpm "$fx"/rpms/dg-ed25519-1.0-1.x86_64.rpm
"$mk" -q --rpm -o "$work/good.img" "$@" && "$mk" -q --dir "$work/imglists" --rpm "$@" &&
	python3 "$(cd "$(dirname "$0")" && pwd)/../mkinitrd/mkimages.py" "$work/good.img" \
		"$work/crafted"
check $? "the image and its lists made by diginit-mkinitrd, crafted images by mkimages.py"
labels() { tr '\0' '\n' < "$work/$1/sec/integrity/diglim/digest_list_label"; }
nothing_loaded() {
	[ ! -s "$work/$1/sec/integrity/diglim/digest_list_add" ] &&
		[ ! -s "$work/$1/sec/integrity/diglim/digest_list_label" ] && [ "$(table "$1" seal)" = 1 ]
}
set_src "$work/imglists"
boot img-ref ""
set_src "" "$work/good.img"
boot img ""
[ "$(rc img)" = 0 ] && grep -q FAKE-INIT "$work/img/out" && [ "$(kmsg img | wc -l)" = 1 ] &&
	kmsg img | grep -Eq '^<6>diginit\[1\]: 4 lists, 28 digests, 0 rejected, [0-9]+ ms$' &&
	[ "$(labels img)" = "$(cd "$work/imglists" && LC_ALL=C ls)" ] && [ "$(table img seal)" = 1 ] &&
	cmp -s "$work/img/sec/integrity/diglim/digest_list_add" "$work/img-ref/sec/integrity/diglim/digest_list_add" &&
	cmp -s "$work/img/sec/integrity/diglim/digest_list_label" "$work/img-ref/sec/integrity/diglim/digest_list_label"
check $? "image at /etc/diginit.img: the same lists, labels and bytes as from the directory, sealed, next init runs: $(kmsg img)"
boot img-debug "rd.diginit.debug"
[ "$(kmsg img-debug | grep -c '^<6>diginit\[1\]: /etc/diginit.img:[^ ]*file_list-rpm-dg-.*digests')" = 4 ]
check $? "image + rd.diginit.debug: one line per list, named IMAGE:NAME"

set_src "$work/lists" "$work/good.img"
boot img-both ""
[ "$(rc img-both)" = 0 ] && grep -q FAKE-INIT "$work/img-both/out" &&
	[ "$(labels img-both)" = "$(labels img)" ] &&
	cmp -s "$work/img-both/sec/integrity/diglim/digest_list_add" "$work/img/sec/integrity/diglim/digest_list_add" &&
	[ "$(kmsg img-both | grep -c '^<4>')" = 1 ] &&
	kmsg img-both | grep -Fqx '<4>diginit[1]: /etc/diglim ignored: the lists are read from the image /etc/diginit.img'
check $? "image and directory both present: only the image's lists, one warning: $(kmsg img-both | grep '^<4>')"

set_src "$work/lists" "$work/good.img" /boot/lists.img
boot img-other "rd.diginit.image=/boot/lists.img"
[ "$(rc img-other)" = 0 ] && [ "$(labels img-other)" = "$(labels img)" ] &&
	kmsg img-other | grep -Fqx '<4>diginit[1]: /etc/diglim ignored: the lists are read from the image /boot/lists.img'
check $? "rd.diginit.image=/boot/lists.img: that image is used"
set_src "$work/lists" "$work/good.img"
boot img-moved "rd.diginit.image=/nonexistent rd.diginit.image=relative/path"
[ "$(rc img-moved)" = 0 ] && [ "$(labels img-moved)" = "$(ls "$work/lists")" ] &&
	! kmsg img-moved | grep -q 'ignored'
check $? "rd.diginit.image=/nonexistent (a relative path ignored): no image there, the directory is used, no warning"

# a rejected image: none of its lists, one line (entry, reason, offset); the directory
# is no fallback; enforce decides as for a bad list (exit 3)
for bad in symlink garbage-after-trailer; do
	for dir in "" "$work/lists"; do
		bn=img-$bad${dir:+-dir}
		set_src "$dir" "$work/crafted/$bad.img"
		boot "$bn" ""
		case $bad in
		symlink) want='/etc/diginit.img: image rejected: entry etc/diglim/[^ ]*-link: not a directory or regular file at [0-9]+' ;;
		*) want='/etc/diginit.img: image rejected: data after the trailer at [0-9]+' ;;
		esac
		[ "$(rc "$bn")" = 0 ] && grep -q FAKE-INIT "$work/$bn/out" && nothing_loaded "$bn" &&
			[ "$(kmsg "$bn" | grep -c '^<3>')" = 1 ] &&
			kmsg "$bn" | grep -Eq "^<3>diginit\[1\]: $want\$" &&
			kmsg "$bn" | grep -Eq '^<6>diginit\[1\]: 0 lists, 0 digests, 0 rejected'
		check $? "image with a $bad entry${dir:+ and a list directory}: no list loaded, one line, next init runs: $(kmsg "$bn" | grep '^<3>')"
	done
	boot "img-$bad-enf" "rd.diginit.enforce"
	[ "$(rc "img-$bad-enf")" = 3 ] && ! grep -q FAKE-INIT "$work/img-$bad-enf/out" &&
		nothing_loaded "img-$bad-enf" &&
		kmsg "img-$bad-enf" | grep -Fqx '<3>diginit[1]: rd.diginit.enforce: the digest-list image was rejected, stopping the boot (exit 3)'
	check $? "image with a $bad entry + rd.diginit.enforce: boot stops, exit 3 ($(rc "img-$bad-enf"))"
done

# where systemd-stub puts a credential (the built-in path list after /etc/diginit.img):
# ESP/loader/credentials/diginit.cred -> /.extra/global_credentials/diginit.cred, a
# UKI's own UKI.efi.extra.d/diginit.cred -> /.extra/credentials/diginit.cred (read first)
set_src "" "$work/good.img" /.extra/global_credentials/diginit.cred
boot img-stub ""
[ "$(rc img-stub)" = 0 ] && grep -q FAKE-INIT "$work/img-stub/out" && [ "$(kmsg img-stub | wc -l)" = 1 ] &&
	[ "$(labels img-stub)" = "$(labels img)" ] &&
	cmp -s "$work/img-stub/sec/integrity/diglim/digest_list_add" "$work/img/sec/integrity/diglim/digest_list_add"
check $? "image at /.extra/global_credentials/diginit.cred (no command line): the same lists and bytes"
set_src "" "$work/crafted/symlink.img" /.extra/credentials/diginit.cred
IMG2=$work/good.img IMG2_AT=/.extra/global_credentials/diginit.cred boot img-stub2 ""
[ "$(rc img-stub2)" = 0 ] && grep -q FAKE-INIT "$work/img-stub2/out" && nothing_loaded img-stub2 &&
	kmsg img-stub2 | grep -Fqx '<4>diginit[1]: /.extra/global_credentials/diginit.cred ignored: the lists are read from the image /.extra/credentials/diginit.cred' &&
	kmsg img-stub2 | grep -q '^<3>diginit\[1\]: /.extra/credentials/diginit.cred: image rejected: '
check $? "the UKI's own credential first: rejected whole, the ESP-wide one named as ignored, not read"
set_src "" "$work/good.img" /.extra/global_credentials/diginit.cred
IMG2=$work/good.img IMG2_AT=/etc/diginit.img boot img-stub3 "rd.diginit.image=/.extra/global_credentials/diginit.cred"
[ "$(rc img-stub3)" = 0 ] && [ "$(labels img-stub3)" = "$(labels img)" ] && [ "$(kmsg img-stub3 | wc -l)" = 1 ]
check $? "rd.diginit.image=PATH replaces the whole list: /etc/diginit.img is not looked at"

# every crafted image the reader must reject (tests/mkinitrd/images.txt), at boot: the
# genuine shim runs, loads nothing of it, says why in one line, and the next init runs
bad=0 nbad=0
while read -r cname cexpect; do
	case $cname in ''|'#'*) continue ;; esac
	[ "$cexpect" = ok ] && continue
	nbad=$((nbad + 1))
	set_src "" "$work/crafted/$cname.img"
	boot img-crafted ""
	if ! { [ "$(rc img-crafted)" = 0 ] && grep -q FAKE-INIT "$work/img-crafted/out" &&
		nothing_loaded img-crafted && [ "$(kmsg img-crafted | grep -c '^<3>')" = 1 ] &&
		kmsg img-crafted | grep -q '^<3>diginit\[1\]: /etc/diginit.img: image rejected: '; }; then
		note "crafted image $cname: $(kmsg img-crafted | tr '\n' ' ')"
		bad=$((bad + 1))
	fi
done < "$(cd "$(dirname "$0")" && pwd)/../mkinitrd/images.txt"
[ $bad = 0 ] && [ $nbad -ge 50 ]
check $? "each of the $nbad crafted images of images.txt at boot: rejected whole in one line, nothing loaded, the next init runs"

# an image path that is not a regular file: unreadable, as a list directory that cannot
# be read (enforce: exit 6)
set_src "" dir
boot img-dir ""
[ "$(rc img-dir)" = 0 ] && grep -q FAKE-INIT "$work/img-dir/out" && nothing_loaded img-dir &&
	kmsg img-dir | grep -Fqx '<3>diginit[1]: /etc/diginit.img: cannot read image: Invalid argument'
check $? "a directory at the image path: no list, one line, boot goes on: $(kmsg img-dir | grep '^<3>')"
boot img-dir-enf "rd.diginit.enforce"
[ "$(rc img-dir-enf)" = 6 ] && ! grep -q FAKE-INIT "$work/img-dir-enf/out" &&
	kmsg img-dir-enf | grep -Fqx '<3>diginit[1]: rd.diginit.enforce: digest-list image unreadable, stopping the boot (exit 6)'
check $? "a directory at the image path + rd.diginit.enforce: exit 6 ($(rc img-dir-enf))"
set_src
tdone
