#!/bin/sh
# tests/init/rpmdb.sh BIN MKINITRD RPMDB KEY WORK — suite `init-rpmdb` (TAP): real
# distribution data. diginit-mkinitrd writes the list files of every package of the
# CBL-Mariner 2.0 rpmdb (../shared/testdata/rpmdb, signed by KEY); then
#   1. `BIN --check` accepts all of them (time reported);
#   2. `BIN --upload --seal` into a plain directory: each uploaded list, found by its
#      label, equals the list computed from `rpm -qa --qf` (expect-compact.py --rpmdb),
#      and every package with digests was uploaded, in name order.
set -u
bin=$1 mk=$2 db=$3 key=$4 work=$5
. "$(cd "$(dirname "$0")" && pwd)/../tap.sh"

rm -rf "$work" && mkdir -p "$work/db" "$work/db2" "$work/sec/integrity/diglim"
# work on copies: librpm writes side files next to an sqlite rpmdb
cp "$db"/rpmdb.sqlite* "$work/db/" && cp "$db"/rpmdb.sqlite* "$work/db2/"
"$mk" -q --dbpath "$work/db" --dir "$work/lists"
check $? "diginit-mkinitrd wrote $(ls "$work/lists" | wc -l) list files"

"$bin" --check --key "$key" "$work/lists" > "$work/check.out" 2> "$work/check.err"
rc=$?
total=$(ls "$work/lists" | wc -l)
okc=$(grep -c ': OK ' "$work/check.out")
check $([ $rc = 0 ] && [ "$okc" = "$total" ] && echo 0 || echo 1) \
	"--check: $okc of $total lists OK (exit $rc)"
echo "# --check time: $(cat "$work/check.err")"

for f in digest_list_add digest_list_label seal; do : > "$work/sec/integrity/diglim/$f"; done
"$bin" --upload --seal -q --securityfs "$work/sec" --key "$key" "$work/lists" > "$work/up.out" 2>&1
check $? "--upload --seal: exit 0"
python3 "$(dirname "$0")/expect-compact.py" --rpmdb "$work/db2" "$work/exp"
python3 - "$work/sec/integrity/diglim" "$work/exp" "$T_N" <<'PY'
import os
import sys

table, exp, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
labels = open(os.path.join(table, "digest_list_label"), "rb").read().split(b"\0")[:-1]
add = open(os.path.join(table, "digest_list_add"), "rb").read()
off, bad, seen = 0, [], set()
for lab in labels:
    name = lab.decode()
    nvra = name.split("-file_list-rpm-", 1)[1]
    seen.add(nvra)
    want = open(os.path.join(exp, nvra + ".bin"), "rb").read()
    if add[off:off + len(want)] != want:
        bad.append(name)
    off += len(want)
expected = {f[:-4] for f in os.listdir(exp) if os.path.getsize(os.path.join(exp, f)) > 0}
ndig = sum(os.path.getsize(os.path.join(exp, f)) for f in os.listdir(exp))
print("%s %d - %d uploaded lists equal rpm -qa's (%d bytes)%s" %
      ("ok" if not bad and off == len(add) else "not ok", n + 1, len(labels), len(add),
       "" if not bad else ": differ " + " ".join(bad[:5])))
print("%s %d - every package with digests uploaded once, labels in name order" %
      ("ok" if seen == expected and len(seen) == len(labels) and labels == sorted(labels)
       else "not ok", n + 2))
PY
T_N=$((T_N + 2))
[ "$(cat "$work/sec/integrity/diglim/seal")" = 1 ]
check $? "sealed"
tdone