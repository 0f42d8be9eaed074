#!/bin/bash
# tests/mkinitrd/rpm-trigger.sh — diginit.spec's scriptlets in real rpm transactions.
#
# Mechanism (documented in mkinitrd/README.md): rpm --root R chroots into R to run
# scriptlets, so R is made a minimal runnable system: /bin/sh, rm, the shared libraries
# of diginit-mkinitrd, rpm's rpmrc/macros, and /etc/rpm/macros with
# %_dbpath /var/lib/rpm (Debian's rpm defaults to ~/.rpmdb). The diginit package is
# built from a staged tree (diginit_prebuilt) holding the diginit-mkinitrd under test.
# The packages installed and erased are the signed fixtures.
# env: MK, TESTDATA, WORK, SPEC. TAP on stdout.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tap.sh"
MK=$(realpath "$MK") TESTDATA=$(realpath "$TESTDATA") SPEC=$(realpath "$SPEC")
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
WORK=$(pwd) R=$WORK/root
FK=""
for k in rsa4096 rsa2048 p256 ed25519; do FK="$FK --key $TESTDATA/keys/$k.asc"; done
RPMS=$TESTDATA/rpms
# --nosignature: Debian's rpm 4.18 cannot check ECDSA; signatures are diginit's business
RPM="rpm --root $R --dbpath /var/lib/rpm --nosignature"

# ---- the root ----
mkdir -p "$R/usr/bin" "$R/usr/sbin" "$R/usr/lib" "$R/usr/lib64" "$R/etc/rpm" "$R/boot" \
	"$R/var/lib/rpm" "$R/tmp"
for d in bin sbin lib lib64; do ln -s usr/$d "$R/$d"; done
copy_with_libs() {  # FILE DEST-IN-ROOT
	install -D -m 0755 "$1" "$R$2"
	ldd "$1" | awk '/=> \//{print $3} /^\t\//{print $1}' | while read -r lib; do
		[ -e "$R$lib" ] || install -D -m 0755 "$(realpath "$lib")" "$R$lib"
	done
}
copy_with_libs "$(realpath /bin/sh)" /usr/bin/sh
copy_with_libs "$(command -v rm)" /usr/bin/rm
install -D -m 0644 /usr/lib/rpm/rpmrc "$R/usr/lib/rpm/rpmrc"
install -D -m 0644 /usr/lib/rpm/macros "$R/usr/lib/rpm/macros"
echo '%_dbpath /var/lib/rpm' > "$R/etc/rpm/macros"
$RPM --initdb

# ---- the spec's source-build %files == what `make install` installs ----
repo=$(cd "$here/../.." && pwd)
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$repo" install DESTDIR="$WORK/dest" PREFIX=/usr \
	> install.log 2>&1; then
	rpmspec -P "$SPEC" 2>/dev/null | sed -n '/^%files/,/^%posttrans/p' |
		grep '^/' > files.spec
	(cd dest && find . -type f -o -type l | sed 's|^\.||' | sort) > files.installed
	miss=
	while read -r pat; do
		case $pat in */) pat="$pat*";; esac
		# shellcheck disable=SC2086
		ls -d "$WORK/dest"$pat > /dev/null 2>&1 || miss="$miss $pat"
	done < files.spec
	teq "every %files entry of the source build is installed by make install" "$miss" ""
	extra=
	while read -r f; do
		covered=
		while read -r pat; do
			case $pat in */) pat="$pat*";; esac
			# shellcheck disable=SC2254
			case $f in $pat) covered=1;; esac
		done < files.spec
		[ -n "$covered" ] || extra="$extra $f"
	done < files.installed
	teq "every file make install installs is in %files" "$extra" ""
else
	notok "make install DESTDIR"; tail -5 install.log | sed 's/^/#   /'
fi

# ---- the diginit package, from a staged tree with the generator under test ----
mkdir -p stage/usr/sbin
cp "$MK" stage/usr/sbin/diginit-mkinitrd
for lib in $(ldd "$MK" | awk '/=> \//{print $3}'); do  # its libraries live in the root
	[ -e "$R$lib" ] || install -D -m 0755 "$(realpath "$lib")" "$R$lib"
done
if rpmbuild -bb --quiet --define "_topdir $WORK/rpmbuild" --define "diginit_prebuilt $WORK/stage" \
	--define 'debug_package %{nil}' --define '__os_install_post %{nil}' \
	--define '_build_id_links none' "$SPEC" > build.log 2>&1; then
	ok "rpmbuild diginit.spec (prebuilt tree)"
else
	notok "rpmbuild diginit.spec"; sed 's/^/#   /' build.log | tail -20; tdone; exit 1
fi
DIGINIT_RPM=$(ls rpmbuild/RPMS/*/diginit-*.rpm)
t "the package has %posttrans, %transfiletriggerin and %transfiletriggerpostun on /" \
	sh -c "rpm -qp --scripts --filetriggers '$DIGINIT_RPM' 2>/dev/null | grep -q 'posttrans scriptlet' &&
	       rpm -qp --filetriggers '$DIGINIT_RPM' | grep -q 'transfiletriggerin.*/' &&
	       rpm -qp --filetriggers '$DIGINIT_RPM' | grep -q 'transfiletriggerpostun.*/'"

img=$R/boot/diginit.img
# packages in the image, sorted, one line
pkgs() { "$MK" --list "$img" 2>/dev/null | cut -f2 | sed 's/-1\.0-1\.x86_64$//' | sort | tr '\n' ' '; }
# the list bytes of one package in the image
listof() { mkdir -p x && (cd x && rm -rf etc && cpio -idm --quiet < "$img") && cat x/etc/diglim/*-file_list-rpm-"$1"-1.0-1.x86_64; }

t "install dg-hello, dg-p256 (no diginit yet)" $RPM -i --nodeps "$RPMS/dg-hello-1.0-1.x86_64.rpm" "$RPMS/dg-p256-1.0-1.x86_64.rpm"
[ -e "$img" ] && notok "no image before diginit is installed" || ok "no image before diginit is installed"

t "install diginit" $RPM -i --nodeps "$DIGINIT_RPM"
teq "%posttrans made the first image: dg-hello dg-p256" "$(pkgs)" "dg-hello dg-p256 "
t "the image verifies (fixture keys)" "$MK" -q --verify "$img" $FK
t "the first image has its stamp" test -s "$img.stamp"
# what a by-hand run on the root says (-v): "up to date" or "full build: <why>"
byhand() { "$MK" -v --update --root "$R" --dbpath /var/lib/rpm 2>&1 >/dev/null | grep -o -E 'up to date|full build: .*' | head -1; }
teq "a by-hand run after the transaction: up to date (no header read)" "$(byhand)" "up to date"
listof dg-hello > hello.before

$RPM -i --nodeps -vv "$RPMS/dg-rsa2048-1.0-1.x86_64.rpm" "$RPMS/dg-ed25519-1.0-1.x86_64.rpm" > t1.log 2>&1
teq "install dg-rsa2048 + dg-ed25519 in one transaction" $? 0
teq "transfiletriggerin ran once for the transaction" "$(grep -c '%transfiletriggerin(diginit.*scriptlet start' t1.log)" 1
teq "new packages appear" "$(pkgs)" "dg-ed25519 dg-hello dg-p256 dg-rsa2048 "
listof dg-hello > hello.after
t "untouched package's list unchanged" sh -c "[ -s hello.before ] && cmp hello.before hello.after"
t "the image verifies" "$MK" -q --verify "$img" $FK

st=$(stat -c '%i %Y' "$img")
sleep 1.1
t "install dg-unsigned (left out: no signature)" $RPM -i --nodeps "$RPMS/dg-unsigned-1.0-1.x86_64.rpm"
teq "image content unchanged" "$(pkgs)" "dg-ed25519 dg-hello dg-p256 dg-rsa2048 "
teq "image file untouched when nothing changed (same inode, mtime)" "$(stat -c '%i %Y' "$img")" "$st"
teq "... the trigger renewed the stamp: a by-hand run is up to date" "$(byhand)" "up to date"
st=$(stat -c '%i %y %z' "$img")
$RPM -U --replacepkgs --nodeps -vv "$RPMS/dg-rsa2048-1.0-1.x86_64.rpm" > t3.log 2>&1
teq "reinstall dg-rsa2048 (the package set does not change)" $? 0
teq "its triggers ran" "$(grep -c '%transfiletrigger\(in\|postun\)(diginit.*scriptlet start' t3.log)" 2
teq "the image file is untouched (same inode, mtime, ctime)" "$(stat -c '%i %y %z' "$img")" "$st"
teq "a by-hand run after it: up to date" "$(byhand)" "up to date"
t "the image verifies" "$MK" -q --verify "$img" $FK

$RPM -e -vv dg-hello dg-p256 > t2.log 2>&1
teq "erase dg-hello + dg-p256 in one transaction" $? 0
teq "transfiletriggerpostun ran once" "$(grep -c '%transfiletriggerpostun(diginit.*scriptlet start' t2.log)" 1
teq "erased packages disappear, others stay" "$(pkgs)" "dg-ed25519 dg-rsa2048 "
t "the image verifies" "$MK" -q --verify "$img" $FK
teq "a by-hand run after the erase: up to date" "$(byhand)" "up to date"
t "image == a fresh build from the root's rpmdb" sh -c "'$MK' -q --root '$R' --dbpath /var/lib/rpm -o '$WORK/fresh.img' && cmp '$WORK/fresh.img' '$img'"

t "erase diginit" $RPM -e diginit
[ -e "$img" ] && notok "erasing diginit removes its image" || ok "erasing diginit removes its image"
[ -e "$img.stamp" ] && notok "... and its stamp" || ok "... and its stamp"
t "later transactions do not recreate it" $RPM -e dg-unsigned
[ -e "$img" ] && notok "no image after diginit is gone" || ok "no image after diginit is gone"
tdone
