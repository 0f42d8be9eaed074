#!/usr/bin/env python3
"""kbench.py: the kernel figures of `make bench` (issue 17), from boots of the bench
kernel (qemu.config + bench.config: no debugging, the function graph tracer) in QEMU
(-accel tcg, swtpm), the real shim and the benchmark corpus's image.

  kbench.py --kernel BZIMAGE --shim DIGINIT --init KBENCH_INIT --image IMG
            --corpus DIR --run-qemu PATH --work DIR --out DIR

Boots, each with the same kernel and first initramfs (the shim as rdinit, the next init
tests/kernel/kbench-init.c, 1,024 packaged files of the corpus under /bench/hit):
  full    + the image as /etc/diginit.img (an uncompressed newc archive, as GRUB's newc:
            delivers it), ima_policy=critical_data, the function graph tracer on the
            table's and IMA's functions: everything the table costs
  notable + the image, diglim=off: the same boot without the table (memory baseline:
            the image's own pages are in both)
  noimage   no image: the time to the next init without it
  gzip, zstd  the image's archive compressed (gzip -9, zstd -19): the kernel unpacks it
Each boot runs RUNS times (the time to the next init is the median). The figures go to
OUT/kbench.txt and OUT/kbench.json.

Memory per digest = (MemFree of notable - MemFree of full) / file digests in the table:
everything the table adds (kept lists, index, securityfs files, IMA log entries, list
headers and names), measured in one guest run against another that differs only by
diglim=off; Slab and VmallocUsed deltas and the largest slab cache deltas say where.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bench"))
import mkcorpus  # noqa: E402  (paths(): the corpus's file paths; content = path + "\n")

TRACE = ("ftrace=function_graph trace_options=funcgraph-tail trace_buf_size=16M "
         "ftrace_filter=diglim_list_write,diglim_list_insert,diglim_digest_get_trust,"
         "ima_calc_file_hash ftrace_graph_filter=diglim_list_write,diglim_list_insert,"
         "diglim_digest_get_trust,ima_calc_file_hash")
BASE = "rdinit=/usr/sbin/diginit audit=0 quiet loglevel=4"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def mkcpio(src, out):
    files = subprocess.run("cd %s && find . -mindepth 1 | LC_ALL=C sort" % src, shell=True,
                           check=True, capture_output=True).stdout
    with open(out, "wb") as f:
        run(["cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0", "--reproducible"],
            cwd=src, input=files, stdout=f)


def hit_paths(corpus, n):
    out = []
    for line in open(os.path.join(corpus, "plan.tsv")):
        name, files = line.split("\t")[:2]
        for p in mkcorpus.paths(name, int(files)):
            out.append(p)
            if len(out) == n:
                return out
    raise SystemExit("kbench: the corpus has fewer than %d files" % n)


def parse(log):
    r = {"slab": {}}
    for raw in open(log, "rb"):
        line = raw.decode("ascii", "replace").strip("\r\n")
        i = line.find("BENCH: ")
        if i < 0:
            continue
        f = line[i + 7:].split()
        if f[0] == "slab":
            r["slab"][f[1]] = int(f[2])
        elif f[0].endswith("-calls"):
            r[f[0]] = (int(f[1]), float(f[3]))
        elif f[0] == "memcpy-bytes":
            r["memcpy"] = (int(f[1]), float(f[3]))
        elif f[0] == "lookup-denied":
            r["denied"] = (int(f[2]), int(f[4]))
        elif f[0] == "end":
            r["end"] = True
        elif len(f) == 2:
            try:
                r[f[0]] = float(f[1]) if "." in f[1] else int(f[1])
            except ValueError:
                r[f[0]] = f[1]
    return r


def boot(a, name, initrds, append, mem):
    log = os.path.join(a.work, name + ".log")
    tpm = os.path.join(a.work, "tpm-" + name)
    shutil.rmtree(tpm, ignore_errors=True)
    cmd = [a.run_qemu, "-k", a.kernel, "-l", log, "-T", tpm, "-t", "900", "-m", mem,
           "-a", BASE + " " + append]
    for i in initrds:
        cmd += ["-i", i]
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    r = parse(log)
    if rc.returncode != 0 or not r.get("end"):
        sys.stderr.write(rc.stderr.decode(errors="replace"))
        raise SystemExit("kbench: boot %s failed (status %d), log %s" %
                         (name, rc.returncode, log))
    return r


def main():
    p = argparse.ArgumentParser()
    for o in ("kernel", "shim", "init", "image", "corpus", "run-qemu", "work", "out"):
        p.add_argument("--" + o, required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--mem", default="1536M")
    a = p.parse_args()
    for o in ("kernel", "shim", "init", "image", "corpus", "run_qemu", "work", "out"):
        setattr(a, o, os.path.abspath(getattr(a, o)))
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    os.makedirs(a.out, exist_ok=True)

    # the first initramfs: shim, next init, the packaged files found by the lookups
    root = os.path.join(a.work, "root")
    for d in ("usr/sbin", "usr/lib/systemd", "proc", "sys", "dev", "run", "tmp",
              "bench/hit"):
        os.makedirs(os.path.join(root, d))
    shutil.copy(a.shim, os.path.join(root, "usr/sbin/diginit"))
    shutil.copy(a.init, os.path.join(root, "usr/lib/systemd/systemd"))
    for i, path in enumerate(hit_paths(a.corpus, 1024)):
        with open(os.path.join(root, "bench/hit/%04d" % i), "w") as f:
            f.write(path + "\n")
    first = os.path.join(a.work, "first.cpio")
    mkcpio(root, first)
    # the image as GRUB's newc: delivers it: one file, /etc/diginit.img
    wrap = os.path.join(a.work, "wrap")
    os.makedirs(os.path.join(wrap, "etc"))
    shutil.copy(a.image, os.path.join(wrap, "etc/diginit.img"))
    img = os.path.join(a.work, "image.cpio")
    mkcpio(wrap, img)
    with open(img, "rb") as f, open(img + ".gz", "wb") as g:
        run(["gzip", "-n", "-9", "-c"], stdin=f, stdout=g)
    run(["zstd", "-q", "-19", "-f", "-T0", img, "-o", img + ".zst"])
    # the first archive is padded to 4 bytes by mkcpio (newc), so archives concatenate
    sizes = {k: os.path.getsize(v) for k, v in
             (("image", a.image), ("cpio", img), ("gzip", img + ".gz"),
              ("zstd", img + ".zst"))}

    boots = {}
    full = boot(a, "full", [first, img], "ima_policy=critical_data dgbench=full " + TRACE,
                a.mem)
    notable = boot(a, "notable", [first, img],
                   "ima_policy=critical_data dgbench=mem diglim=off " + TRACE, a.mem)
    times = {}
    for k, initrds in (("noimage", [first]), ("image", [first, img]),
                       ("gzip", [first, img + ".gz"]), ("zstd", [first, img + ".zst"])):
        for n in range(a.runs):
            r = boot(a, "%s-%d" % (k, n), initrds, "ima_policy=critical_data dgbench=time",
                     a.mem)
            times.setdefault(k, []).append(r["next-init-s"])
    boots["full"], boots["notable"] = full, notable

    nd = full.get("file-digests", 0)
    out = {"digests": nd, "sizes": sizes, "times": times}
    memfree = (notable["mem-MemFree-kB"] - full["mem-MemFree-kB"]) * 1024
    out["bytes_per_digest"] = memfree / nd if nd else None
    out["slab_delta"] = (full["mem-Slab-kB"] - notable["mem-Slab-kB"]) * 1024
    out["vmalloc_delta"] = (full["mem-VmallocUsed-kB"] - notable["mem-VmallocUsed-kB"]) * 1024
    deltas = sorted(((full["slab"].get(c, 0) - notable["slab"].get(c, 0), c)
                     for c in set(full["slab"]) | set(notable["slab"])), reverse=True)
    out["slab_top"] = [(c, d) for d, c in deltas[:6] if d > 0]
    out["tpm_extends"] = full.get("ima-table-events")
    out["ima_log_bytes"] = full.get("ima-log-bytes")
    up, ins = full.get("upload-calls", (0, 0)), full.get("insert-calls", (0, 0))
    out["upload"] = up
    out["insert"] = ins
    out["memcpy"] = full.get("memcpy")
    out["lookup_hit"] = full.get("lookup-hit-calls")
    out["lookup_miss"] = full.get("lookup-miss-calls")
    out["hash4k"] = full.get("hash4k-calls")
    out["denied"] = full.get("denied")
    json.dump(out, open(os.path.join(a.out, "kbench.json"), "w"), indent=1)

    def avg(t):
        return t[1] / t[0] if t and t[0] else float("nan")
    med = {k: statistics.median(v) for k, v in times.items()}
    bpd = out["bytes_per_digest"] or 0
    lines = [
        "Kernel figures (make bench, issue 17): %s under QEMU -accel tcg, swtpm;" % a.kernel,
        "the corpus's image: %d file digests, %.1f MB (as an archive %.1f MB, "
        "gzip -9 %.1f MB, zstd -19 %.1f MB)" % (nd, sizes["image"] / 1e6, sizes["cpio"] / 1e6,
                                                 sizes["gzip"] / 1e6, sizes["zstd"] / 1e6),
        "  memory: %.1f bytes per digest (goal <= 64, floor 32: %.2fx the floor); "
        "MemFree delta %.1f MB against a boot with diglim=off" % (bpd, bpd / 32, memfree / 1e6),
        "          where: Slab +%.1f MB, VmallocUsed +%.1f MB; largest slab deltas: %s" %
        (out["slab_delta"] / 1e6, out["vmalloc_delta"] / 1e6,
         ", ".join("%s +%.0f kB" % (c, d / 1e3) for c, d in out["slab_top"])),
        "  TPM extends for the table's lists: %s per boot (IMA log: %s bytes in all)" %
        (out["tpm_extends"], out["ima_log_bytes"]),
    ]
    if ins[0] and out["memcpy"]:
        lines.append("  insert: %.3f s for %d digests in %d lists (diglim_list_insert), %.1fx a "
                     "memcpy() of the same %d bytes (%.4f s); the uploads in the kernel "
                     "(diglim_list_write): %.3f s" %
                     (ins[1] / 1e6, nd, ins[0], ins[1] / out["memcpy"][1], out["memcpy"][0],
                      out["memcpy"][1] / 1e6, up[1] / 1e6))
    if out["hash4k"] and out["hash4k"][0]:
        lines.append("  lookup from IMA's path at %d digests (diglim_digest_get_trust): %.2f us "
                     "found, %.2f us not found; IMA's SHA-256 of a 4 KiB file "
                     "(ima_calc_file_hash): %.2f us; lookup/hash %.3f" %
                     (nd, avg(out["lookup_hit"]), avg(out["lookup_miss"]), avg(out["hash4k"]),
                      max(avg(out["lookup_hit"]), avg(out["lookup_miss"])) /
                      avg(out["hash4k"])))
        lines.append("          (function graph tracer times, its own overhead included; "
                     "denied: %s of 1,024 found, %s of 1,024 not found)" % out["denied"])
    lines.append("  boot path, time to the next init (median of %d): without the image %.2f s; "
                 "with it %.2f s (%.1fx); gzip %.2f s; zstd %.2f s" %
                 (a.runs, med["noimage"], med["image"], med["image"] / med["noimage"],
                  med["gzip"], med["zstd"]))
    text = "\n".join(l for l in lines if l) + "\n"
    open(os.path.join(a.out, "kbench.txt"), "w").write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
