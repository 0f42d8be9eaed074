#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/rpmhdr/run.sh RHDUMP MODE — the rpmhdr test suite; prints TAP.
#   MODE full: everything (host build); asan: the same inputs through the ASan+UBSan
#   build, without the build-only checks (nm, tag table).
# Environment (set by tests/rpmhdr/module.mk): RH_SHARED (../shared), RH_TB (work dir),
#   RH_MUSL_OBJS (musl objects for the nm check), RH_TESTDATA (fixtures dir or empty),
#   RH_GEN_TAGTYPES (tag table generator), RH_RPMCMP (rpmcmp helper).
#
# 1. manifest.txt: each input gives the expected result;
# 2. every enum rh_err code is produced by at least one test;
# 3. API contract checks (rhdump api);
# 4. differential against rpm 4.18 for every package in ../shared/testdata and the
#    fixtures: NAME EPOCH VERSION RELEASE ARCH FILEDIGESTALGO and per file
#    FILENAMES FILEMODES LONGFILESIZES FILEFLAGS FILEDIGESTS (rpm -qp --qf), the
#    signatures 268/267 (rpm) and 278 (independent reader, sigtags.py), and
#    sha256(signed string) = SHA256HEADER;
# 5. the same for every blob of the rpmdb(s), against rpm --dbpath on a copy;
# 6. list files made from the real packages give the package's values and signed string;
# 7. (full) the musl objects reference no allocator; no blob is accepted that librpm
#    rejects, and librpm's region equals our signed string; rpmhdr/tagtypes.c is current.
set -u
dump=$1
mode=$2
shared=$RH_SHARED/testdata
work=$RH_TB/$mode
gen=$work/gen
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"

rm -rf "$work" && mkdir -p "$work" || exit 1
python3 tests/rpmhdr/mkbad.py "$gen" "$RH_SHARED" || { echo "not ok 1 - mkbad.py"; exit 1; }
produced=$work/produced
: > "$produced"

QF='%{NAME}\n%{EPOCH}\n%{VERSION}\n%{RELEASE}\n%{ARCH}\n%{FILEDIGESTALGO}\n[%{FILENAMES}\t%{FILEMODES}\t%{LONGFILESIZES}\t%{FILEFLAGS}\t%{FILEDIGESTS}\n]'
# rpm prints (none) for an absent FILEDIGESTALGO; the parser's contract is "MD5 = 1"
rpm_fix() { sed '6s/^(none)$/1/'; }

resolve() {
	case $1 in
	gen:*) echo "$gen/${1#gen:}" ;;
	shared:*) echo "$shared/${1#shared:}" ;;
	fixture:*) [ -n "$RH_TESTDATA" ] && echo "$RH_TESTDATA/${1#fixture:}" ;;
	esac
}

# ---- 1. manifest ----
while read -r shape input expect; do
	case $shape in '' | '#'*) continue ;; esac
	f=$(resolve "$input")
	if [ -z "$f" ]; then
		ok "# SKIP $input: fixtures not built"
		continue
	fi
	got=$("$dump" "$shape" check "$f" 2>&1)
	res=$(echo "$got" | awk '{print ($1 == "ok") ? "ok" : $2}')
	[ "$res" != ok ] && echo "$res" >> "$produced"
	case $expect in
	ok | RH_E_*)
		if [ "$res" = "$expect" ]; then ok "$shape $input: $expect"
		else notok "$shape $input: expected $expect, got: $got"; fi ;;
	sigs:*)
		want=${expect#sigs:}
		if [ "$res" = ok ] && "$dump" "$shape" sigs "$f" 2>&1 | grep -q " error $want\$"; then
			echo "$want" >> "$produced"
			ok "$shape $input: parses, a signature item gives $want"
		else notok "$shape $input: expected a signature item to give $want ($got)"; fi ;;
	same-values:*)
		other=$(resolve "${expect#same-values:}")
		if [ "$res" = ok ] && "$dump" "$shape" values "$f" > "$work/a" &&
		   "$dump" "$shape" values "$other" > "$work/b" && cmp -s "$work/a" "$work/b"; then
			ok "$shape $input: parses, values equal those of ${expect#same-values:}"
		else notok "$shape $input: values differ from ${expect#same-values:} ($got)"; fi ;;
	*) notok "manifest: bad expectation '$expect' for $input" ;;
	esac
done < tests/rpmhdr/manifest.txt

# ---- 3. API contract ----
"$dump" list api "$gen/good.list" > "$work/api.out" 2>&1
apirc=$?
grep '^produced ' "$work/api.out" | awk '{print $2}' >> "$produced"
while read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) notok "${line#not ok - }" ;;
	esac
done < "$work/api.out"
[ $apirc -eq 0 ] || notok "rhdump api exited $apirc"

# ---- 2. every error code produced ----
missing=
for code in $(sed -n 's/^[[:space:]]*\(RH_E_[A-Z0-9_]*\)[[:space:]]*[=,].*/\1/p' rpmhdr/rpmhdr.h); do
	[ "$code" = RH_E__COUNT ] && continue
	grep -qx "$code" "$produced" || missing="$missing $code"
done
if [ -z "$missing" ]; then ok "every rh_err code is produced by a test"
else notok "error codes never produced:$missing"; fi

# ---- 4. packages against rpm ----
pkg_diff() {  # FILE: values, signatures, signed string
	f=$1
	rpm -qp --nosignature --nodigest --qf "$QF" "$f" 2> /dev/null | rpm_fix > "$work/rpm.txt" || return 1
	"$dump" package values "$f" > "$work/ours.txt" || return 1
	diff "$work/rpm.txt" "$work/ours.txt" || return 1
	"$dump" package sigs "$f" > "$work/sigs.txt" || return 1
	python3 tests/rpmhdr/sigtags.py package "$f" | diff - "$work/sigs.txt" || return 1
	for tag in 268:RSAHEADER 267:DSAHEADER; do
		r=$(rpm -qp --nosignature --nodigest --qf "%{${tag#*:}}" "$f" 2> /dev/null)
		o=$(awk -v t="${tag%%:*}" '$1 == t {print $3}' "$work/sigs.txt")
		[ "$r" = "(none)" ] && r=
		[ "$r" = "$o" ] || { echo "tag $tag: rpm '$r' ours '$o'"; return 1; }
	done
	r=$(rpm -qp --nosignature --nodigest --qf '%{SHA256HEADER}' "$f" 2> /dev/null)
	o=$("$dump" package signed "$f" | sha256sum | cut -d' ' -f1)
	[ "$r" = "(none)" ] || [ "$r" = "$o" ] || { echo "SHA256HEADER rpm $r ours $o"; return 1; }
	head -c 16 "$f" > /dev/null
}
for f in $(find "$shared" ${RH_TESTDATA:+"$RH_TESTDATA/rpms"} -name '*.rpm' | sort); do
	lines=$(rpm -qp --nosignature --nodigest --qf "$QF" "$f" 2> /dev/null | wc -l)
	t "differential vs rpm -qp: ${f#"$RH_SHARED"/} ($((lines - 6)) files)" pkg_diff "$f"
done

# ---- 5. rpmdb blobs against rpm --dbpath (on a copy) ----
db_diff() {  # DBFILE LABEL
	dbdir=$work/db-$2
	mkdir -p "$dbdir/blobs" && cp "$1" "$dbdir/rpmdb.sqlite" || return 1
	# a write-ahead log beside the database holds committed rows too
	[ -f "$1-wal" ] && { cp "$1-wal" "$dbdir/rpmdb.sqlite-wal" || return 1; }
	abs=$(cd "$dbdir" && pwd)
	sqlite3 "$dbdir/rpmdb.sqlite" 'select hnum from Packages order by hnum' > "$dbdir/hnums" || return 1
	while read -r h; do
		sqlite3 "$dbdir/rpmdb.sqlite" \
			"select writefile('$dbdir/blobs/$h', blob) from Packages where hnum = $h" > /dev/null
	done < "$dbdir/hnums"
	# rpm's view, one file per instance (rpm writes -shm/-wal beside the copy)
	rpm --dbpath "$abs" --nosignature --nodigest -qa --qf "==%{DBINSTANCE}\n$QF" > "$dbdir/rpm.all" 2> /dev/null || return 1
	awk -v d="$dbdir" '/^==[0-9]+$/ {f = d "/rpm." substr($0, 3); next} {print > f}' "$dbdir/rpm.all"
	rpm --dbpath "$abs" --nosignature --nodigest -qa --qf '%{DBINSTANCE} %{SHA256HEADER} %{RSAHEADER} %{DSAHEADER}\n' \
		> "$dbdir/rpm.sigs" 2> /dev/null
	wc -l < "$dbdir/hnums" > "$dbdir/count"
}
db_one() {  # DBDIR HNUM
	b=$1/blobs/$2
	"$dump" dbblob values "$b" > "$1/ours.$2" || return 1
	rpm_fix < "$1/rpm.$2" | diff - "$1/ours.$2" || return 1
	"$dump" dbblob sigs "$b" > "$1/sigs.$2" || return 1
	python3 tests/rpmhdr/sigtags.py dbblob "$b" | diff - "$1/sigs.$2" || return 1
	# rpm's SHA256HEADER, RSAHEADER, DSAHEADER for this instance ("(none)" -> "")
	awk -v h="$2" '$1 == h {for (i = 2; i <= 4; i++) print ($i == "(none)" ? "" : $i)}' \
		"$1/rpm.sigs" > "$1/rpm3.$2"
	{
		"$dump" dbblob signed "$b" | sha256sum | cut -d' ' -f1
		awk '$1 == 268 {print $3} END {}' "$1/sigs.$2" | grep . || echo
		awk '$1 == 267 {print $3}' "$1/sigs.$2" | grep . || echo
	} > "$1/ours3.$2"
	diff "$1/rpm3.$2" "$1/ours3.$2"
}
for db in "$shared/rpmdb/cbl-mariner-2.0/rpmdb.sqlite:mariner" \
	  ${RH_TESTDATA:+"$RH_TESTDATA/rpmdb/rpmdb.sqlite:fixtures"}; do
	file=${db%:*} label=${db##*:}
	[ -f "$file" ] || continue
	if ! db_diff "$file" "$label" > "$work/last.out" 2>&1; then
		notok "rpmdb $label: extraction or rpm query failed"; continue
	fi
	cnt=0 bad=0
	while read -r h; do
		cnt=$((cnt + 1))
		if db_one "$work/db-$label" "$h" > "$work/last.out" 2>&1; then :; else
			bad=$((bad + 1))
			notok "rpmdb $label blob $h differs from rpm"
			sed 's/^/# /' "$work/last.out" | head -10
		fi
	done < "$work/db-$label/hnums"
	if [ $bad -eq 0 ] && [ $cnt -gt 0 ]; then
		ok "rpmdb $label: all $cnt blobs parse; values, signatures and SHA256HEADER equal rpm's"
	fi
done

# ---- 6. list files built from real packages ----
list_same() {  # LIST PACKAGE
	"$dump" list values "$1" > "$work/l.txt" && "$dump" package values "$2" > "$work/p.txt" &&
		cmp "$work/l.txt" "$work/p.txt" || return 1
	"$dump" list signed "$1" > "$work/l.bin" && "$dump" package signed "$2" > "$work/p.bin" &&
		cmp "$work/l.bin" "$work/p.bin" || return 1
	# the appended packets are the package's 268 then 267 values, unchanged
	"$dump" list sigs "$1" | awk '{print $3}' > "$work/l.sig" &&
		"$dump" package sigs "$2" | awk '$1 != 278 {printf "%s", $3} END {print ""}' > "$work/p.sig" &&
		cmp "$work/l.sig" "$work/p.sig"
}
for l in "$gen"/real-*.list; do
	name=$(basename "$l" .list)
	p=$(find "$shared" -name "${name#real-}.rpm" | head -1)
	t "list file from $(basename "$p"): same values, signed string and packets" list_same "$l" "$p"
done

# ---- 7. build checks ----
if [ "$mode" = full ]; then
	nm_clean() {
		[ -n "$RH_MUSL_OBJS" ] || return 1
		# shellcheck disable=SC2086
		nm -u $RH_MUSL_OBJS > "$work/nm.txt" || return 1
		if grep -Ew '(malloc|calloc|realloc|free|reallocarray|aligned_alloc|posix_memalign|memalign|valloc|strdup|strndup|asprintf|vasprintf)' "$work/nm.txt"; then
			return 1
		fi
		echo "undefined symbols:"; sort -u "$work/nm.txt" | awk '{print $2}' | tr '\n' ' '
	}
	t "nm: musl-built rpmhdr objects reference no allocation function" nm_clean
	# at least as strict as rpm: every blob rpmhdr accepts, librpm's headerImport
	# accepts too, and magic ‖ headerGet(HEADERIMMUTABLE) is rpmhdr's signed string
	as_strict() {
		"$RH_RPMCMP" "$gen"/*.db "$work"/db-*/blobs/* tests/fuzz/corpus/rpmhdr_dbblob/* \
			> "$work/rpmcmp.txt" || { grep -E '^(LAXER|REGION)' "$work/rpmcmp.txt"; return 1; }
		awk '{print $1}' "$work/rpmcmp.txt" | sort | uniq -c
	}
	t "rpmdb blobs (crafted, real, fuzz corpus): none accepted that librpm rejects; same region" \
		as_strict
	t "rpmhdr/tagtypes.c is what gen-tagtypes prints for the installed librpm" \
		sh -c '"$1" | diff rpmhdr/tagtypes.c -' sh "$RH_GEN_TAGTYPES"
fi
tdone