#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkbad.py OUTDIR SHARED — write the crafted inputs that tests/rpmhdr/manifest.txt names
as gen:NAME (one file per case), plus list files made from the real test packages
(OUTDIR/real-<package>.list: main header ‖ the package's 268/267 packets ‖ framing).
Each case changes one thing in an otherwise good input, so the expected error code in
the manifest is the one that change must produce."""

import glob
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rhlib import (BIN, CHAR, INT8, INT16, INT32, INT64, MAGIC, MARKER, NULL, STRING,  # noqa: E402
                   STRING_ARRAY, I18NSTRING, Hdr, lead, list_file, modsig, package,
                   read_package)

HEX = "0123456789abcdef" * 4
SIG = bytes.fromhex("8803000000")   # stands in for packets: rpmhdr does not parse them


def base_entries(over=None):
    over = over or {}
    e = [
        (1000, STRING, "foo"),
        (1001, STRING, "1.0"),
        (1002, STRING, "1"),
        (1003, INT32, [7]),
        (1022, STRING, "x86_64"),
        (1028, INT32, [10, 3, 0]),
        (1030, INT16, [0o100755, 0o120777, 0o40755]),
        (1035, STRING_ARRAY, [HEX, "", ""]),
        (1037, INT32, [0, 0, 0]),
        (1116, INT32, [0, 0, 1]),
        (1117, STRING_ARRAY, ["foo", "bar", "d"]),
        (1118, STRING_ARRAY, ["/usr/bin/", "/usr/share/"]),
        (5011, INT32, [8]),
    ]
    out = []
    for tag, typ, val in e:
        if tag in over:
            if over[tag] is None:
                continue
            typ, val = over[tag]
        out.append((tag, typ, val))
    for tag, tv in over.items():
        if tag not in [x[0] for x in e] and tv is not None:
            out.append((tag, tv[0], tv[1]))
    return out


def signed(h):
    return MAGIC + h.blob()


def lst(h, **kw):
    return list_file(signed(h), SIG, **kw)


def sig_hdr(extra=()):
    return Hdr.build([(268, BIN, list(SIG))] + list(extra), region_tag=62)


def cases():
    c = {}
    good = Hdr.build(base_entries())
    c["good.list"] = lst(good)
    c["good.signed"] = signed(good)
    c["good.rpm"] = package(lead(), sig_hdr(), good)
    c["good.db"] = Hdr.build(base_entries(), dribbles=[(268, BIN, list(SIG)),
                                                       (1008, INT32, [1])]).blob()
    # accepted variations
    ents = base_entries()
    c["unsorted.list"] = lst(Hdr.build([ents[2], ents[0], ents[1]] + ents[3:]))
    c["v6-sorted.list"] = lst(Hdr.build(base_entries({5114: (INT32, [6])})))
    c["v4-format.list"] = lst(Hdr.build(base_entries({5114: (INT32, [4])})))
    c["no-files.list"] = lst(Hdr.build(base_entries({t: None for t in
                                                       (1028, 1030, 1035, 1037, 1116, 1117, 1118)})))
    c["no-algo.list"] = lst(Hdr.build(base_entries({5011: None, 1035: (STRING_ARRAY, [HEX[:32], "", ""])})))
    c["sigtrailer-image.rpm"] = package(lead(), Hdr.build([(268, BIN, list(SIG))], region_tag=62,
                                                          trailer_tag=61), good)
    # a dribble that shadows region tags: accessors must still give the region's values
    c["shadow.db"] = Hdr.build(base_entries(), dribbles=[
        (1000, STRING, "evil"), (1035, STRING_ARRAY, ["f" * 64, HEX, HEX]),
        (1116, INT32, [1, 1, 1]), (1117, STRING_ARRAY, ["x", "y", "z"])]).blob()
    # a dribble adding a tag the region lacks (EPOCH; FILEDIGESTALGO: SHA-256 over MD5-long
    # digests): the accessors must give what the region alone gives (no epoch; MD5)
    c["noepoch.db"] = Hdr.build(base_entries({1003: None}), dribbles=[(268, BIN, list(SIG))]).blob()
    c["dribble-epoch.db"] = Hdr.build(base_entries({1003: None}), dribbles=[
        (268, BIN, list(SIG)), (1003, INT32, [9])]).blob()
    md5_ents = base_entries({5011: None, 1035: (STRING_ARRAY, [HEX[:32], "", ""])})
    c["noalgo.db"] = Hdr.build(md5_ents, dribbles=[(268, BIN, list(SIG))]).blob()
    c["dribble-algo.db"] = Hdr.build(md5_ents, dribbles=[(268, BIN, list(SIG)),
                                                         (5011, INT32, [8])]).blob()
    c["b64.rpm"] = package(lead(), sig_hdr([(278, STRING_ARRAY, ["iAMAAAA=", "iAM=", "iA=="])]), good)

    # --- intro and sizes ---
    c["empty.list"] = b""
    c["magic.list"] = b"\x8e\xad\xe8\x02" + lst(good)[4:]
    b = bytearray(lst(good)); b[8:12] = struct.pack(">I", 0x10000); c["tags-max.list"] = bytes(b)
    b = bytearray(lst(good)); b[12:16] = struct.pack(">I", 0x10000000); c["data-max.list"] = bytes(b)
    c["size.db"] = struct.pack(">II", 0xffff, 0x0fffffff) + b"\0" * 64
    c["trunc.list"] = lst(good)[:100]
    c["trunc-sigs.list"] = signed(good) + MARKER
    c["db-extra.db"] = c["good.db"] + b"\0"
    c["trailing.signed"] = signed(good) + b"\0"

    # --- region ---
    c["no-region-il0.db"] = struct.pack(">II", 0, 0)
    h = Hdr.build(base_entries()); h.index[0][0] = 1000; c["no-region.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[0][3] = 15; c["region-tag.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[0][2] = len(h.data); c["region-offset.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[0][2] = -4; c["region-offset-neg.list"] = lst(h)
    # the trailer would end 8 bytes past the data, which ends the blob: rejected on the
    # offset, before the 16 trailer bytes are read (the ASan build sees any read past)
    h = Hdr.build(base_entries()); h.index[0][2] = len(h.data) - 8
    c["region-offset-end.db"] = h.blob()
    h = Hdr.build(base_entries(), trailer_tag=62); c["trailer.list"] = lst(h)
    h = Hdr.build(base_entries()); h.data[-12:-8] = struct.pack(">I", 6); c["trailer-type.list"] = lst(h)
    h = Hdr.build(base_entries()); r = len(h.index)
    h.data[-8:-4] = struct.pack(">i", -16 * r - 8); c["region-size.list"] = lst(h)
    h.data[-8:-4] = struct.pack(">i", -16 * (r + 1)); c["region-ril.list"] = lst(h)
    h.data[-8:-4] = struct.pack(">i", 0); c["region-ril0.list"] = lst(h)
    h = Hdr.build(base_entries(), dribbles=[(1008, INT32, [1])]); c["exact.list"] = lst(h)
    h = Hdr.build(base_entries()); h.data += b"\0\0\0\0"; c["exact-dl.list"] = lst(h)
    h = Hdr.build(base_entries()); c["sig-region.rpm"] = package(lead(), h, good)

    # --- entries ---
    def mod(i, field, val, name, shape="list", ents=None):
        h = Hdr.build(ents or base_entries())
        h.index[i][field] = val
        c[name] = lst(h) if shape == "list" else h.blob()
    mod(1, 0, 50, "tag.list")
    mod(1, 0, 63, "tag-region.list")
    mod(1, 0, 0x80000000, "tag-int32.list")      # negative in rpm's int32 tags
    mod(1, 1, 10, "type.list")
    mod(4, 1, STRING, "tag-type.list")          # EPOCH as STRING: "\0\0\0\7" is a string
    mod(1, 3, 0, "count0.list")
    mod(1, 3, 2, "string-count.list")
    h = Hdr.build(base_entries()); h.index[6][3] = len(h.data) + 1; c["count-dl.list"] = lst(h)
    # 4 * 0x40000001 wraps to 4 in 32 bits: must be caught by count <= dl, not wrap
    h = Hdr.build(base_entries()); h.index[6][3] = 0x40000001; c["count-overflow.list"] = lst(h)
    big = Hdr.build(base_entries({20000: (INT8, [0] * 0x100000)})); c["array.list"] = lst(big)
    bin_ok = Hdr.build(base_entries({20000: (BIN, [0] * 0x100000)})); c["array-bin.list"] = lst(bin_ok)
    h = Hdr.build(base_entries()); h.index[4][2] += 2; c["align.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[2][2] = len(h.data) + 1; c["offset.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[2][2] = -1; c["offset-neg.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[2][2] = 0; c["overlap.list"] = lst(h)
    h = Hdr.build(base_entries()); h.index[6][3] = len(h.data); c["data-len.list"] = lst(h)
    mod(len(base_entries()) + 1, 1, NULL, "null-type.list", ents=base_entries({20002: (INT32, [0])}))
    h = Hdr.build(base_entries(), dribbles=[(1008, INT32, [1]), (20001, STRING, "abc")])
    h.data[-1] = ord("x"); c["nul.db"] = h.blob()
    h = Hdr.build(base_entries()); h.index[-1][3] = 2; c["trailer-overlap.list"] = lst(h)
    h = Hdr.build(base_entries({5011: None})); h.index[-1][3] += 1
    c["trailer-overlap-str.list"] = lst(h)
    h = Hdr.build(base_entries(), dribbles=[(1008, INT32, [1])]); h.index[-1][2] -= 16
    c["dribble-in-region.db"] = h.blob()
    # hole: move NAME one byte later (region data grows by one)
    ents = base_entries()
    h = Hdr.build(ents); h.data[h.index[1][2]:h.index[1][2]] = b"\0"
    for e in h.index[1:]:
        e[2] += 1
    r = len(h.index); h.index[0][2] = len(h.data) - 16; c["hole.list"] = lst(h)
    h = Hdr.build(base_entries(), dribbles=[(1008, INT32, [1])]); h.data += b"\0\0\0\0"
    c["lengths-dribble.db"] = h.blob()
    # padding: EPOCH (INT32) follows "1\0" at offset 10 -> 2 padding bytes
    h = Hdr.build(base_entries()); p = h.index[4][2] - 1
    assert h.data[p] == 0
    h.data[p] = 0x55; c["padding.list"] = lst(h)
    ents = base_entries(); c["dup.list"] = lst(Hdr.build(ents[:3] + [ents[0]] + ents[3:]))
    c["dup-sorted.list"] = lst(Hdr.build(ents[:1] + [ents[0]] + ents[1:]))
    c["dup-dribble.db"] = Hdr.build(ents, dribbles=[(1008, INT32, [1]), (1008, INT32, [2])]).blob()
    ents6 = base_entries({5114: (INT32, [6])})
    c["v6-unsorted.list"] = lst(Hdr.build([ents6[1], ents6[0]] + ents6[2:]))
    c["v6-dup.list"] = lst(Hdr.build(ents6[:1] + [ents6[0]] + ents6[1:]))
    c["format.list"] = lst(Hdr.build(base_entries({5114: (INT32, [5])})))
    c["format-type.list"] = lst(Hdr.build(base_entries({5114: (INT16, [6])})))
    high = [(30000 + i, INT32, [i]) for i in range(257)]
    c["dup-limit.list"] = lst(Hdr.build([ents[1], ents[0]] + ents[2:] + high))
    c["dup-high.list"] = lst(Hdr.build([ents[1], ents[0]] + ents[2:] + high[:10] + high[3:4]))
    c["high-sorted.list"] = lst(Hdr.build(ents + high))

    # --- list framing ---
    c["marker.list"] = lst(good)[:-1] + b"!"
    c["modsig.list"] = lst(good, id_type=1)
    c["modsig-signer.list"] = lst(good, fields=b"\x01\0")
    b = bytearray(lst(good)); b[-32:-28] = struct.pack(">I", len(SIG) + 1); c["siglen.list"] = bytes(b)
    c["siglen0.list"] = signed(good) + b"\0" + modsig(0) + MARKER
    # junk between the signature packets and the module_signature, sig_len = the packets
    c["siglen-junk.list"] = signed(good) + SIG + b"junk" + modsig(len(SIG)) + MARKER

    # --- package ---
    c["lead.rpm"] = b"\xed\xab\xee\xdc" + c["good.rpm"][4:]
    c["lead-major.rpm"] = c["good.rpm"][:4] + b"\x02" + c["good.rpm"][5:]
    c["lead-sigtype.rpm"] = c["good.rpm"][:78] + b"\0\1" + c["good.rpm"][80:]
    c["lead-trunc.rpm"] = c["good.rpm"][:95]
    sh = sig_hdr()
    assert (8 + sh.size()) % 8 != 0
    c["sig-pad.rpm"] = package(lead(), sh, good,
                               pad_bytes=b"\1" * ((8 - (8 + sh.size()) % 8) % 8))
    c["sig-pad-trunc.rpm"] = (lead() + MAGIC + sh.blob())
    big = Hdr.build([(1000 + i, BIN, [0]) for i in range(40)], region_tag=62)
    c["sig-tags.rpm"] = package(lead(), big, good)
    c["sig-tagtype.rpm"] = package(lead(), Hdr.build([(268, STRING, "x")], region_tag=62), good)
    c["main-magic.rpm"] = c["good.rpm"][:-good.size() - 8] + b"\x8f" + MAGIC[1:] + good.blob()

    # --- file table ---
    c["files-nodirs.list"] = lst(Hdr.build(base_entries({1118: None})))
    c["files-count.list"] = lst(Hdr.build(base_entries({1030: (INT16, [1, 2])})))
    c["files-type.list"] = lst(Hdr.build(base_entries({1030: (INT32, [1, 2, 3])})))
    c["files-orphan.list"] = lst(Hdr.build(base_entries({t: None for t in (1116, 1117, 1118)})))
    c["files-basenames-string.list"] = lst(Hdr.build(base_entries({
        1117: (STRING, "foo"), 1028: (INT32, [1]), 1030: (INT16, [1]), 1035: (STRING_ARRAY, [""]),
        1037: (INT32, [0]), 1116: (INT32, [0])})))
    c["files-old.list"] = lst(Hdr.build(base_entries({1027: (STRING_ARRAY, ["/a"])})))
    c["dirindex.list"] = lst(Hdr.build(base_entries({1116: (INT32, [0, 2, 1])})))
    c["digest-upper.list"] = lst(Hdr.build(base_entries({1035: (STRING_ARRAY, [HEX.upper(), "", ""])})))
    c["digest-len.list"] = lst(Hdr.build(base_entries({1035: (STRING_ARRAY, [HEX[:-2], "", ""])})))
    c["digest-md5len.list"] = lst(Hdr.build(base_entries({5011: None})))
    c["digest-algo.list"] = lst(Hdr.build(base_entries({5011: (INT32, [3])})))
    c["digest-algo-count.list"] = lst(Hdr.build(base_entries({5011: (INT32, [8, 8])})))
    c["b64-bad.rpm"] = package(lead(), sig_hdr([(278, STRING_ARRAY, ["iA=A"])]), good)
    c["b64-len.rpm"] = package(lead(), sig_hdr([(278, STRING_ARRAY, ["iAM"])]), good)
    c["b64-bits.rpm"] = package(lead(), sig_hdr([(278, STRING_ARRAY, ["iB=="])]), good)
    return c


def real_lists(shared):
    out = {}
    for path in sorted(glob.glob(os.path.join(shared, "testdata", "**", "*.rpm"), recursive=True)):
        raw = open(path, "rb").read()
        p = read_package(raw)
        sigs = b""
        for tag in (268, 267):
            v = p["sig"].value(tag)
            if v:
                sigs += v
        if not sigs:
            continue
        start = p["main_off"]
        signed_bytes = raw[start:start + 8 + p["main"].size()]
        out["real-" + os.path.basename(path)[:-4] + ".list"] = list_file(signed_bytes, sigs)
    return out


def main():
    outdir, shared = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    allc = cases()
    allc.update(real_lists(shared))
    for name, data in allc.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
