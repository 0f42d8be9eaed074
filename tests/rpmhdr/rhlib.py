# SPDX-License-Identifier: MIT
"""rhlib — test helper: a small, lenient RPM header reader/writer in Python, independent
of rpmhdr/, used to craft good and bad inputs (mkbad.py) and to cross-check what the C
parser reports (sigtags.py). It does not validate; it builds exactly what it is told."""

import struct

MAGIC = bytes.fromhex("8eade80100000000")
MARKER = b"~Module signature appended~\n"
NULL, CHAR, INT8, INT16, INT32, INT64, STRING, BIN, STRING_ARRAY, I18NSTRING = range(10)
SIZES = {CHAR: 1, INT8: 1, INT16: 2, INT32: 4, INT64: 8, BIN: 1}


def encode(typ, value):
    """Value -> (count, bytes) in rpm's on-disk encoding."""
    if typ == STRING:
        return 1, value.encode() + b"\0"
    if typ in (STRING_ARRAY, I18NSTRING):
        return len(value), b"".join(v.encode() + b"\0" for v in value)
    if typ == BIN:
        return len(value), bytes(value)
    fmt = {CHAR: "B", INT8: "B", INT16: "H", INT32: "I", INT64: "Q"}[typ]
    return len(value), struct.pack(">%d%s" % (len(value), fmt), *value)


def pad_to(pos, typ):
    a = SIZES.get(typ, 1)
    return (a - pos % a) % a


class Hdr:
    """index: list of [tag, type, offset, count]; data: bytearray."""

    def __init__(self, index, data):
        self.index = index
        self.data = data

    @classmethod
    def build(cls, entries, region_tag=63, dribbles=(), trailer_tag=None):
        """entries/dribbles: lists of (tag, type, value) in index (= data) order."""
        index = [[region_tag, BIN, 0, 16]]
        data = bytearray()
        for tag, typ, val in entries:
            count, raw = encode(typ, val)
            data += b"\0" * pad_to(len(data), typ)
            index.append([tag, typ, len(data), count])
            data += raw
        ril = len(index)
        index[0][2] = len(data)
        tt = region_tag if trailer_tag is None else trailer_tag
        data += struct.pack(">IIiI", tt, BIN, -16 * ril, 16)
        for tag, typ, val in dribbles:
            count, raw = encode(typ, val)
            data += b"\0" * pad_to(len(data), typ)
            index.append([tag, typ, len(data), count])
            data += raw
        return cls(index, data)

    @classmethod
    def parse(cls, blob, off=0):
        il, dl = struct.unpack_from(">II", blob, off)
        index = [list(struct.unpack_from(">IIiI", blob, off + 8 + 16 * i)) for i in range(il)]
        start = off + 8 + 16 * il
        return cls(index, bytearray(blob[start:start + dl]))

    def blob(self, il=None, dl=None):
        il = len(self.index) if il is None else il
        dl = len(self.data) if dl is None else dl
        out = struct.pack(">II", il, dl)
        for e in self.index:
            out += struct.pack(">IIiI", e[0] & 0xffffffff, e[1] & 0xffffffff, e[2], e[3] & 0xffffffff)
        return out + bytes(self.data)

    def size(self):
        return 8 + 16 * len(self.index) + len(self.data)

    def find(self, tag):
        for i, e in enumerate(self.index):
            if e[0] == tag:
                return i
        return None

    def value(self, tag):
        """Raw bytes of a tag's data (lenient: strings up to their last NUL)."""
        i = self.find(tag)
        if i is None:
            return None
        tag, typ, off, count = self.index[i]
        if typ in SIZES:
            return bytes(self.data[off:off + SIZES[typ] * count])
        end = off
        for _ in range(count):
            end = self.data.index(b"\0", end) + 1
        return bytes(self.data[off:end])

    def strings(self, tag):
        v = self.value(tag)
        return None if v is None else [s.decode() for s in v.split(b"\0")[:-1]]


def read_package(raw):
    """-> dict(lead, sig: Hdr, sig_off, pad, main: Hdr, main_off) (lenient)."""
    sig_off = 96
    assert raw[sig_off:sig_off + 8] == MAGIC
    sig = Hdr.parse(raw, sig_off + 8)
    end = sig_off + 8 + sig.size()
    pad = (8 - (8 + sig.size()) % 8) % 8
    main_off = end + pad
    assert raw[main_off:main_off + 8] == MAGIC
    main = Hdr.parse(raw, main_off + 8)
    return dict(lead=raw[:96], sig=sig, sig_off=sig_off, pad=pad, main=main,
                main_off=main_off, payload=raw[main_off + 8 + main.size():])


def package(lead, sig, main, pad_bytes=None, payload=b""):
    body = MAGIC + sig.blob()
    pad = (8 - len(body) % 8) % 8
    body += (b"\0" * pad) if pad_bytes is None else pad_bytes
    return lead + body + MAGIC + main.blob() + payload


def lead(name="synthetic-1-1"):
    nm = name.encode()[:65].ljust(66, b"\0")
    return (bytes.fromhex("edabeedb") + bytes([3, 0]) + struct.pack(">HH", 0, 1) + nm +
            struct.pack(">HH", 1, 5) + b"\0" * 16)


def modsig(n, id_type=0, fields=b"\0\0"):
    return bytes([0, 0, id_type]) + fields[:2].ljust(2, b"\0") + b"\0\0\0" + struct.pack(">I", n)


def list_file(signed, sigs, **kw):
    return signed + sigs + modsig(len(sigs), **kw) + MARKER
