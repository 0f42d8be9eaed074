#!/bin/bash
# 90diginit — dracut module: make diginit the first process of the initramfs.
#
# The kernel runs /init. The systemd module (00systemd) links /init to systemd; this
# module, which runs later, replaces that link with diginit. diginit loads the digest
# lists (from the separate image /boot/diginit.img, see diginit-mkinitrd(8)), seals
# the table, then executes rd.diginit.init, by default /usr/lib/systemd/systemd —
# the program /init pointed to. No list is put into this initramfs: an rpm
# transaction only rewrites the list image, never dracut's.
#
# Included only when asked for: add_dracutmodules+=" diginit " or dracut -a diginit.
# The shim installed is $diginit_binary (dracut.conf), default /usr/sbin/diginit.

# shellcheck disable=SC2154  # initdir, dracutsysrootdir are dracut's

check() {
	return 255
}

depends() {
	echo systemd
	return 0
}

install() {
	local shim=${diginit_binary:-/usr/sbin/diginit}
	local next=/usr/lib/systemd/systemd

	if [[ ! -x $dracutsysrootdir$shim ]]; then
		dfatal "diginit: $shim not found"
		return 1
	fi
	if [[ ! -e $initdir$next && ! -L $initdir$next ]]; then
		dfatal "diginit: $next missing in the initramfs (diginit's default next init)"
		return 1
	fi
	inst_simple "$shim" /usr/sbin/diginit || return 1
	rm -f -- "$initdir/init"
	ln -s usr/sbin/diginit "$initdir/init"
	mkdir -m 0755 -p "$initdir/etc/diglim"
}
