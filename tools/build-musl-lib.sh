#!/bin/sh
# build-musl-lib.sh NAME DEST MUSL_CC: build a Debian source package's library with
# musl-gcc for the static shim. Debian's own -dev archives are built against glibc
# (fortify symbols such as __memcpy_chk) and do not link into a musl static binary.
# The source comes from Debian's archive through 'apt-get source' (deb-src entries
# are set up by tools/deps.sh); nothing else is downloaded.
set -eu
name=$1 dest=$2 cc=$3
cflags="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables"
work=$(mktemp -d "${TMPDIR:-/tmp}/diginit-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get source -qq "$name" >/dev/null 2>&1 || apt-get source "$name"
src=$(find . -mindepth 1 -maxdepth 1 -type d | head -n 1)
cd "$src"
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp/lib" "$dest.tmp/include"
case $name in
bearssl)
	objs=
	for c in $(find src -name '*.c' | sort); do
		o=$(echo "$c" | tr / _).o
		$cc $cflags -Iinc -Isrc -c "$c" -o "$o"
		objs="$objs $o"
	done
	ar rcs "$dest.tmp/lib/libbearssl.a" $objs
	cp inc/*.h "$dest.tmp/include/"
	;;
libsodium)
	[ -x configure ] || autoreconf -fi >/dev/null 2>&1
	./configure -q CC="$cc" CFLAGS="$cflags" --prefix="$dest.tmp" \
		--disable-shared --enable-static --enable-minimal --disable-pie \
		--disable-ssp --without-pthreads >/dev/null
	make -s -j"$(nproc)" >/dev/null
	make -s install >/dev/null
	;;
*)
	echo "build-musl-lib: unknown library $name" >&2
	exit 1
	;;
esac
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "built $name for musl in $dest"
