#!/usr/bin/env python3
# bioslog.py SERIAL-LOG: decode the firmware's TPM 2.0 event log (TCG PC Client
# crypto-agile format) that the guest's next init printed as "BIOS-BIN: <hex>" lines.
# Prints one line per event after the Spec ID header:
#   PCR EVENT-TYPE(hex) SHA256-DIGEST DESCRIPTION
# DESCRIPTION is the event data as text (UTF-16LE when it looks so, as systemd-stub
# logs, else ASCII as GRUB logs; non-printable bytes as '.'), spaces as '_'. Then one
# line per PCR seen, "replay PCR SHA256": the sha256 bank value the events give.
import hashlib
import struct
import sys

SHA256 = 0x000B

raw = b""
for line in open(sys.argv[1], "rb"):
    line = line.decode("ascii", "replace").strip("\r\n")
    if line.startswith("BIOS-BIN: "):
        raw += bytes.fromhex(line[10:])


def text(data):
    if len(data) >= 2 and data[1::2].count(0) >= len(data) // 2 - 1:
        data = data.decode("utf-16-le", "replace").encode("ascii", "replace")
    s = "".join(chr(b) if 32 < b < 127 else ("_" if b == 32 else ".") for b in data)
    return s.rstrip(".") or "-"


# the first event: TCG_PCR_EVENT (SHA-1 format) carrying the Spec ID Event03 header
if len(raw) < 32:
    sys.exit("bioslog: no event log in %s" % sys.argv[1])
pcr, etype, _, size = struct.unpack_from("<II20sI", raw, 0)
off = 32
spec = raw[off:off + size]
off += size
if not spec.startswith(b"Spec ID Event03\0"):
    sys.exit("bioslog: not a crypto-agile log")
(nalg,) = struct.unpack_from("<I", spec, 24)
sizes = {}
for i in range(nalg):
    alg, dsize = struct.unpack_from("<HH", spec, 28 + 4 * i)
    sizes[alg] = dsize
if SHA256 not in sizes:
    sys.exit("bioslog: no sha256 bank in the log")

pcrs = {}
while off < len(raw):
    pcr, etype, count = struct.unpack_from("<III", raw, off)
    off += 12
    d256 = None
    for _ in range(count):
        (alg,) = struct.unpack_from("<H", raw, off)
        off += 2
        if alg not in sizes:
            sys.exit("bioslog: unknown algorithm 0x%04x at offset %d" % (alg, off))
        if alg == SHA256:
            d256 = raw[off:off + 32]
        off += sizes[alg]
    (size,) = struct.unpack_from("<I", raw, off)
    off += 4
    data = raw[off:off + size]
    off += size
    if d256 is None:
        sys.exit("bioslog: an event without a sha256 digest")
    print("%d %x %s %s" % (pcr, etype, d256.hex(), text(data)))
    if etype == 3:  # EV_NO_ACTION: not extended
        continue
    pcrs[pcr] = hashlib.sha256(pcrs.get(pcr, bytes(32)) + d256).digest()
for pcr in sorted(pcrs):
    print("replay %d %s" % (pcr, pcrs[pcr].hex()))
