#!/bin/sh
# build.sh TARBALL PATCHDIR OUTDIR JOBS FRAGMENT...
#
# Build a QEMU kernel: extract Debian's linux-source tarball, apply the
# patches listed in PATCHDIR/series, configure tinyconfig + each FRAGMENT in
# order, check that every line of every FRAGMENT is in the final .config,
# build bzImage with make -jJOBS. OUTDIR is created atomically at the end and
# holds:
#   bzImage, config, version (the tarball's kernel version),
#   selftest/ (sources and headers to build the diglim kselftest),
#   checkpatch/ (scripts/checkpatch.pl and its data files).
# The work tree (OUTDIR.work) is removed on success and kept on failure.
set -eu

[ $# -ge 5 ] || { echo "usage: build.sh TARBALL PATCHDIR OUTDIR JOBS FRAGMENT..." >&2; exit 2; }
tar=$1 pdir=$2 out=$3 jobs=$4
shift 4
work=$out.work

say() { echo "  KERNEL  $*"; }
die() { echo "kernel-patch/build.sh: $*" >&2; exit 1; }

[ -r "$tar" ] || die "cannot read $tar (run make deps: it installs linux-source-6.1)"
[ -r "$pdir/series" ] || die "no $pdir/series"
frags=
for f in "$@"; do
	[ -r "$f" ] || die "cannot read $f"
	frags="$frags $(cd "$(dirname "$f")" && pwd)/$(basename "$f")"
done
pdir=$(cd "$pdir" && pwd)

rm -rf "$work" "$out.tmp"
mkdir -p "$work/src" "$work/obj"
say "extract $tar"
tar -xf "$tar" -C "$work/src" --strip-components=1
src=$work/src obj=$work/obj

sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$pdir/series" | while read -r p; do
	say "patch $p"
	patch -d "$src" -p1 -s -N --no-backup-if-mismatch < "$pdir/$p" ||
		die "$p does not apply"
done

unset MAKEFLAGS MFLAGS MAKELEVEL
say "config tinyconfig +$(for f in $frags; do printf ' %s' "$(basename "$f")"; done)"
# shellcheck disable=SC2086 # one path per word, no spaces (checked by make)
{
	make -C "$src" O="$obj" tinyconfig &&
	"$src/scripts/kconfig/merge_config.sh" -O "$obj" -m "$obj/.config" $frags &&
	make -C "$src" O="$obj" olddefconfig
} > "$work/config.log" 2>&1 || { tail -20 "$work/config.log" >&2; die "configuration failed"; }
missing=0
# shellcheck disable=SC2086
cat $frags | grep -E '^(CONFIG_|# CONFIG_.* is not set)' | while read -r line; do
	grep -qxF "$line" "$obj/.config" || { echo "not in .config: $line" >&2; exit 1; }
done || missing=1
[ $missing -eq 0 ] || die "the fragment does not apply to this kernel"

say "make -j$jobs bzImage (a few minutes)"
make -s -C "$src" O="$obj" -j"$jobs" bzImage > "$work/build.log" 2>&1 || {
	tail -40 "$work/build.log" >&2
	die "kernel build failed, see $work/build.log"
}

t=$out.tmp
mkdir -p "$t/selftest/include/linux" "$t/selftest/tools/testing/selftests" "$t/checkpatch"
cp "$obj/arch/x86/boot/bzImage" "$t/bzImage"
cp "$obj/.config" "$t/config"
make -s -C "$src" kernelversion > "$t/version"
cp "$src/include/uapi/linux/diglim.h" "$t/selftest/include/linux/"
cp "$src/tools/testing/selftests/kselftest.h" \
   "$src/tools/testing/selftests/kselftest_harness.h" \
   "$t/selftest/tools/testing/selftests/"
cp -r "$src/tools/testing/selftests/diglim" "$t/selftest/tools/testing/selftests/"
cp "$src/scripts/checkpatch.pl" "$src/scripts/spelling.txt" \
   "$src/scripts/const_structs.checkpatch" "$t/checkpatch/"
rm -rf "$out"
mv "$t" "$out"
rm -rf "$work"
say "$out/bzImage ($(cat "$out/version"))"
