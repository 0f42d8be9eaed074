#!/usr/bin/env python3
# mkuki.py STUB OUT KERNEL INITRD CMDLINE: a unified kernel image, as ukify or
# `dracut --uefi` make one, assembled with binutils' objcopy: systemd-stub (Debian's
# systemd-boot-efi) with the sections .osrel, .cmdline, .linux (the bzImage) and
# .initrd added after the stub's own, each at a 4 KiB-aligned address.
import os
import subprocess
import sys
import tempfile

stub, out, kernel, initrd, cmdline = sys.argv[1:6]

heads = subprocess.run(["objdump", "-h", stub], check=True, capture_output=True,
                       text=True).stdout.splitlines()
end = 0
for line in heads:
    f = line.split()
    # "Idx Name Size VMA LMA File-off Algn"
    if len(f) == 7 and f[0].isdigit():
        end = max(end, int(f[3], 16) + int(f[2], 16))


def align(n):
    return (n + 4095) & ~4095


with tempfile.TemporaryDirectory() as tmp:
    osrel = os.path.join(tmp, "os-release")
    with open(osrel, "w") as fp:
        fp.write('ID=diginit-test\nNAME="diginit test"\nVERSION_ID=1\n')
    cmd = os.path.join(tmp, "cmdline")
    with open(cmd, "w") as fp:
        fp.write(cmdline)
    args = ["objcopy"]
    vma = align(end)
    for name, path in ((".osrel", osrel), (".cmdline", cmd), (".linux", kernel),
                       (".initrd", initrd)):
        args += ["--add-section", "%s=%s" % (name, path),
                 "--change-section-vma", "%s=0x%x" % (name, vma)]
        vma = align(vma + os.path.getsize(path))
    subprocess.run(args + [stub, out], check=True)
