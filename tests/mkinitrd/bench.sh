#!/bin/sh
# tests/mkinitrd/bench.sh MK RPMDB WORK: time diginit-mkinitrd on a copy of RPMDB:
# a full build (no image yet), and a no-change rerun; best of 5 each, milliseconds.
set -eu
mk=$1 db=$2 work=$3
rm -rf "$work" && mkdir -p "$work/db"
cp "$db" "$work/db/"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
best() { b=; for v; do [ -z "$b" ] || [ "$v" -lt "$b" ] && b=$v; done; echo "$b"; }
full= again=
for i in 1 2 3 4 5; do
	rm -f "$work/img"
	s=$(date +%s%N); "$mk" -q --dbpath "$work/db" -o "$work/img"; full="$full $(ms "$s")"
	s=$(date +%s%N); "$mk" -q --dbpath "$work/db" -o "$work/img"; again="$again $(ms "$s")"
done
n=$("$mk" --list "$work/img" | wc -l)
echo "bench-mkinitrd: $n lists, $(stat -c %s "$work/img") bytes;" \
	"full build $(best $full) ms (runs:$full), no-change rerun $(best $again) ms (runs:$again)"
