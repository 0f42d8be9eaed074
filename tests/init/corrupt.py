#!/usr/bin/env python3
# tests/init/corrupt.py N BIN WORK TARGET OTHER... -- KEYARGS...
# Every single-byte corruption of TARGET (each offset, byte XOR 0xff), each in its own
# `BIN --upload` run next to the OTHER lists. Pass when, for every offset:
#   - BIN exits 0 or 1 (never killed by a signal, never another status);
#   - TARGET is rejected (FAIL line), or accepted with a compact list identical to the
#     uncorrupted one (a byte the signature does not cover, e.g. an unhashed
#     subpacket, may change without changing what is uploaded);
#   - every OTHER list is OK, and digest_list_add holds exactly the compact lists of
#     the accepted lists in name order.
# Prints three TAP lines numbered from N+1.
import os
import shutil
import subprocess
import sys

n = int(sys.argv[1])
binp, work, target = sys.argv[2], sys.argv[3], sys.argv[4]
sep = sys.argv.index("--")
others = sys.argv[5:sep]
keyargs = sys.argv[sep + 1:]
lists = os.path.join(work, "lists")
sec = os.path.join(work, "sec")
table = os.path.join(sec, "integrity", "diglim")


def run():
    for f in ("digest_list_add", "digest_list_label", "seal"):
        open(os.path.join(table, f), "wb").close()
    p = subprocess.run([binp, "--upload", "-q", "--securityfs", sec] + keyargs + [lists],
                       capture_output=True, text=True)
    with open(os.path.join(table, "digest_list_add"), "rb") as f:
        add = f.read()
    return p.returncode, p.stdout, add


shutil.rmtree(work, ignore_errors=True)
os.makedirs(lists)
os.makedirs(table)
names = sorted([os.path.basename(target)] + [os.path.basename(o) for o in others])
for o in others:
    shutil.copy(o, lists)
# the compact list of each file alone
compact = {}
for o in [target] + others:
    shutil.rmtree(lists)
    os.makedirs(lists)
    shutil.copy(o, lists)
    rc, out, add = run()
    compact[os.path.basename(o)] = add
for o in others:
    shutil.copy(o, lists)

data = open(target, "rb").read()
tpath = os.path.join(lists, os.path.basename(target))
crashes, wrong, rejected, same = [], [], 0, 0
for off in range(len(data)):
    bad = bytearray(data)
    bad[off] ^= 0xFF
    with open(tpath, "wb") as f:
        f.write(bad)
    rc, out, add = run()
    if rc not in (0, 1):
        crashes.append((off, rc))
        continue
    failed = out.count(": FAIL ")
    tfail = (tpath + ": FAIL ") in out
    if tfail:
        rejected += 1
        want = b"".join(compact[x] for x in names if x != os.path.basename(target))
    else:
        same += 1
        want = b"".join(compact[x] for x in names)
    if failed != (1 if tfail else 0) or add != want or rc != (1 if tfail else 0):
        wrong.append(off)
os.unlink(tpath)


def tap(good, text):
    global n
    n += 1
    print(("ok" if good else "not ok") + " %d - %s" % (n, text))


tap(not crashes, "%d corruptions of %s: no crash (exit 0/1)%s" %
    (len(data), os.path.basename(target), "" if not crashes else " " + repr(crashes[:10])))
tap(not wrong, "each rejected or uploaded unchanged: %d rejected, %d unchanged%s" %
    (rejected, same, "" if not wrong else " wrong at " + repr(wrong[:10])))
tap(all(compact[os.path.basename(o)] for o in others) and not wrong,
    "the other %d lists load in every run" % len(others))
