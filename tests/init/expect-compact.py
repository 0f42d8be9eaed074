#!/usr/bin/env python3
# tests/init/expect-compact.py RPM OUT
# tests/init/expect-compact.py --rpmdb DBPATH OUTDIR
# The compact list diginit must upload for a package, computed independently of
# init/compact.c: from rpm's own query output (rpm -qp / rpm -qa --qf), with the rules
# of init/compact.h re-implemented here:
#   IMMUTABLE block first, then the block without modifier; empty blocks omitted;
#   file order; empty digests skipped; IMMUTABLE = any x bit, or no w bit and
#   size > 0, or under /lib/modules/, /usr/lib/modules/, /lib/firmware/,
#   /usr/lib/firmware/.
# First form: exit 3 if rpm cannot read the package, 4 if its digests are MD5 or SHA-1
# (rejected). Second form: OUTDIR/<NAME-VERSION-RELEASE.ARCH>.bin (the list file name's
# tail) for every installed package (gpg-pubkey skipped; weak-digest packages get no file).
import os
import struct
import subprocess
import sys

KALGO = {8: (4, 32), 9: (5, 48), 10: (6, 64), 11: (7, 28)}
DIRS = ("/lib/modules/", "/usr/lib/modules/", "/lib/firmware/", "/usr/lib/firmware/")
QF = "[%{FILEDIGESTS}|%{FILEMODES}|%{LONGFILESIZES}|%{FILENAMES}\n]"


def compact(algo, lines):
    """algo: FILEDIGESTALGO text; lines: 'digest|mode|size|name'. None = rejected."""
    imm, rest = [], []
    for line in lines:
        if not line:
            continue
        dig, mode, size, name = line.split("|", 3)
        if not dig or dig == "(none)":
            continue
        mode, size = int(mode), int(size)
        if (mode & 0o111) or ((mode & 0o222) == 0 and size > 0) or name.startswith(DIRS):
            imm.append(bytes.fromhex(dig))
        else:
            rest.append(bytes.fromhex(dig))
    blob = b""
    if imm or rest:
        if not algo.isdigit() or int(algo) not in KALGO:
            return None          # MD5 (tag absent), SHA-1: diginit rejects the package
        kalgo, dlen = KALGO[int(algo)]
        for mod, ds in ((1, imm), (0, rest)):
            if not ds:
                continue
            assert all(len(d) == dlen for d in ds)
            blob += struct.pack("<BBHHHII", 1, 0, 1, mod, kalgo, len(ds), len(ds) * dlen)
            blob += b"".join(ds)
    return blob


def one_package(rpm, out):
    q = subprocess.run(["rpm", "-qp", "--nosignature", "--nodigest", "--qf",
                        "%{FILEDIGESTALGO}\n" + QF, rpm], capture_output=True, text=True)
    if q.returncode != 0:
        sys.stderr.write(q.stderr)
        sys.exit(3)
    lines = q.stdout.split("\n")
    blob = compact(lines[0].strip(), lines[1:])
    if blob is None:
        sys.exit(4)
    with open(out, "wb") as f:
        f.write(blob)


def rpmdb(dbpath, outdir):
    q = subprocess.run(["rpm", "--dbpath", os.path.abspath(dbpath), "-qa", "--nosignature",
                        "--nodigest", "--qf",
                        "@@%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}|%{FILEDIGESTALGO}\n" + QF],
                       capture_output=True, text=True, check=True)
    os.makedirs(outdir, exist_ok=True)
    for rec in q.stdout.split("@@")[1:]:
        lines = rec.split("\n")
        nevra, algo = lines[0].split("|")  # NAME-VERSION-RELEASE.ARCH
        if nevra.startswith("gpg-pubkey-"):
            continue
        blob = compact(algo, lines[1:])
        if blob is not None:
            with open(os.path.join(outdir, nevra + ".bin"), "wb") as f:
                f.write(blob)


if sys.argv[1] == "--rpmdb":
    rpmdb(sys.argv[2], sys.argv[3])
else:
    one_package(sys.argv[1], sys.argv[2])
