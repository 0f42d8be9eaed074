#!/usr/bin/env python3
# init/size-report.py BIN MAP — what the static shim is made of: its stripped size and,
# from the link map of the unstripped twin (same objects, -Wl,-Map), the bytes of
# kept input sections (text, rodata, data; bss separately: it costs no file space)
# summed per archive or object group.
import os
import re
import sys

binp, mapp = sys.argv[1], sys.argv[2]
lines = open(mapp).read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
ent = re.compile(r"^ (\.[\w.$-]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
prev = None
file_bytes, bss_bytes = {}, {}


def group(path):
    if "libbearssl" in path:
        return "BearSSL (libbearssl.a)"
    if "libsodium" in path:
        return "libsodium (libsodium.a)"
    if "librpmhdr" in path:
        return "rpmhdr (librpmhdr.a)"
    if "libpgp" in path:
        return "keys (libpgp.a)"
    if "/init/keyring" in path:
        return "embedded keyring (keyring.c)"
    if "/init/" in path:
        return "init (diginit's own objects)"
    if "musl" in path or "libc.a" in path:
        return "musl libc"
    return "other (" + os.path.basename(path) + ")"


for l in lines[start:]:
    m = ent.match(l)
    if not m:
        s = re.match(r"^ (\.[\w.$-]+)\s*$", l)
        prev = s.group(1) if s else None
        continue
    sec = m.group(1) or prev
    prev = None
    if not sec:
        continue
    size = int(m.group(3), 16)
    if size == 0 or int(m.group(2), 16) == 0:
        continue
    g = group(m.group(4))
    if sec.startswith((".bss", ".tbss")) or sec == "COMMON":
        bss_bytes[g] = bss_bytes.get(g, 0) + size
    elif sec.startswith((".text", ".rodata", ".data", ".init", ".fini", ".init_array",
                         ".fini_array", ".tdata")):
        file_bytes[g] = file_bytes.get(g, 0) + size
total = sum(file_bytes.values())
print("diginit (stripped): %d bytes" % os.path.getsize(binp))
print("%-34s %9s %6s %9s" % ("part", "bytes", "share", "bss"))
for g, b in sorted(file_bytes.items(), key=lambda x: -x[1]):
    print("%-34s %9d %5.1f%% %9d" % (g, b, 100.0 * b / total, bss_bytes.get(g, 0)))
print("%-34s %9d" % ("sum of kept sections", total))
