#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sigtags.py package|dbblob FILE — print the signature items of an input the way
`rhdump SHAPE sigs` does ("tag index hex"), found by an independent reader (rhlib):
268, 267 (whole BIN value), then each base64-decoded element of 278. Package: from the
signature header; rpmdb blob: from the entries after the region (dribbles)."""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rhlib import Hdr, read_package  # noqa: E402

shape, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
if shape == "package":
    h = read_package(raw)["sig"]
else:
    full = Hdr.parse(raw)
    ril = -int.from_bytes(full.data[full.index[0][2] + 8:full.index[0][2] + 12], "big",
                          signed=True) // 16
    h = Hdr(full.index[ril:], full.data)
for tag in (268, 267):
    v = h.value(tag)
    if v is not None:
        print("%d 0 %s" % (tag, v.hex()))
for i, s in enumerate(h.strings(278) or []):
    print("278 %d %s" % (i, base64.b64decode(s, validate=True).hex()))
