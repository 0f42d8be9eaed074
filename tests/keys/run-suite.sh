#!/bin/sh
# tests/keys/run-suite.sh BINDIR DIGINIT_KEYS TESTDATA FIXTURES — the `keys` suite as one TAP
# stream: unit tests, crafted keys and signatures (test-craft), the embedded keyring (host and static musl), diginit-keys list
# against gpg, the lead's signed fixtures, every header of the CBL-Mariner rpmdb (read from a copy: sqlite creates
# side files). Test numbers are renumbered into one sequence.
set -u
bindir=$1 tool=$2 td=$3 fx=$4
rc=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	"$bindir/test-keys" "$td" || rc=1
	"$bindir/test-craft" || rc=1
	"$bindir/test-embedded" "$td" | sed 's/ - / - host: /' || rc=1
	"$bindir/test-embedded-musl" "$td" | sed 's/ - / - musl: /' || rc=1
	tests/keys/list-vs-gpg.sh "$tool" "$td"/distro-keys/* | sed 's/ - / - list vs gpg: /' || rc=1
	cp "$td/rpmdb/cbl-mariner-2.0/rpmdb.sqlite" "$tmp/"
	sqlite3 -readonly "$tmp/rpmdb.sqlite" "select hex(blob) from Packages order by hnum" |
		"$bindir/test-rpmdb" "$td/distro-keys/MICROSOFT-RPM-GPG-KEY" 2bc94fff7015a5f2 || rc=1
	"$bindir/test-fixtures" "$fx" || rc=1
	echo "rc $rc"
} | awk '
	/^rc / { exit_rc = $2; next }
	/^(not )?ok [0-9]+/ {
		n++
		neg = ($1 == "not")
		sub(/^(not )?ok [0-9]+/, "")
		print (neg ? "not ok " : "ok ") n $0
		next
	}
	/^1\.\.[0-9]+/ { next }
	{ print }
	END { print "1.." n; exit exit_rc }'
