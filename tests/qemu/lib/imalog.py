#!/usr/bin/env python3
# imalog.py SERIAL-LOG: decode the binary IMA measurement list that the guest's next
# init printed as "IMA-BIN: <hex>" lines. Prints one line per entry:
#   PCR TEMPLATE NAME-FIELD-OR-- D-NG SHA256-TEMPLATE-DIGEST
# and a last line "replay SHA256-PCR10": the value the sha256 bank of PCR 10 must have.
# The template digest of a non-"ima" template is the hash of its template data (the
# fields, each as le32 length || bytes); a violation is logged as zeros and extended
# into the PCR as all ones.
import hashlib
import struct
import sys

raw = b""
for line in open(sys.argv[1], "rb"):
    line = line.decode("ascii", "replace").strip("\r\n")
    if line.startswith("IMA-BIN: "):
        raw += bytes.fromhex(line[9:])

off = 0
pcr10 = bytes(32)
while off < len(raw):
    pcr, sha1 = struct.unpack_from("<I20s", raw, off)
    off += 24
    (nlen,) = struct.unpack_from("<I", raw, off)
    off += 4
    tname = raw[off:off + nlen].decode()
    off += nlen
    (dlen,) = struct.unpack_from("<I", raw, off)
    off += 4
    data = raw[off:off + dlen]
    off += dlen
    fields = []
    p = 0
    while p < len(data):
        (flen,) = struct.unpack_from("<I", data, p)
        fields.append(data[p + 4:p + 4 + flen])
        p += 4 + flen
    d256 = hashlib.sha256(data).digest()
    if sha1 == bytes(20):
        d256 = bytes(32)
    dng = name = "-"
    if len(fields) >= 2:
        algo, _, dig = fields[0].partition(b":\0")
        dng = algo.decode() + ":" + dig.hex()
        name = fields[1].rstrip(b"\0").decode("ascii", "replace")
    print(pcr, tname, name, dng, "sha256:" + d256.hex())
    if pcr == 10:
        ext = d256 if d256 != bytes(32) else b"\xff" * 32
        pcr10 = hashlib.sha256(pcr10 + ext).digest()
print("replay", pcr10.hex())
