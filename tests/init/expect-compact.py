#!/usr/bin/env python3
# tests/init/expect-compact.py RPM OUT — the compact list diginit must upload for a
# package, computed independently of init/compact.c: from rpm's own query output
# (rpm -qp --qf), with the rules of init/compact.h re-implemented here:
#   IMMUTABLE block first, then the block without modifier; empty blocks omitted;
#   file order; empty digests skipped; IMMUTABLE = any x bit, or no w bit and
#   size > 0, or under /lib/modules/, /usr/lib/modules/, /lib/firmware/,
#   /usr/lib/firmware/. Exit 3 if rpm cannot read the package, 4 if its digests are
#   MD5 or SHA-1 (rejected).
import struct
import subprocess
import sys

KALGO = {8: (4, 32), 9: (5, 48), 10: (6, 64), 11: (7, 28)}
DIRS = ("/lib/modules/", "/usr/lib/modules/", "/lib/firmware/", "/usr/lib/firmware/")


def main():
    rpm, out = sys.argv[1], sys.argv[2]
    q = subprocess.run(
        ["rpm", "-qp", "--nosignature", "--nodigest", "--qf",
         "%{FILEDIGESTALGO}\n[%{FILEDIGESTS}|%{FILEMODES}|%{LONGFILESIZES}|%{FILENAMES}\n]",
         rpm], capture_output=True, text=True)
    if q.returncode != 0:
        sys.stderr.write(q.stderr)
        sys.exit(3)
    lines = q.stdout.split("\n")
    algo = lines[0].strip()
    imm, rest = [], []
    for line in lines[1:]:
        if not line:
            continue
        dig, mode, size, name = line.split("|", 3)
        if not dig:
            continue
        mode, size = int(mode), int(size)
        if (mode & 0o111) or ((mode & 0o222) == 0 and size > 0) or name.startswith(DIRS):
            imm.append(bytes.fromhex(dig))
        else:
            rest.append(bytes.fromhex(dig))
    blob = b""
    if imm or rest:
        if not algo.isdigit() or int(algo) not in KALGO:
            sys.exit(4)          # MD5 (tag absent), SHA-1: diginit rejects the package
        kalgo, dlen = KALGO[int(algo)]
        for mod, ds in ((1, imm), (0, rest)):
            if not ds:
                continue
            assert all(len(d) == dlen for d in ds)
            blob += struct.pack("<BBHHHII", 1, 0, 1, mod, kalgo, len(ds), len(ds) * dlen)
            blob += b"".join(ds)
    with open(out, "wb") as f:
        f.write(blob)


main()
