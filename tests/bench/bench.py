#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench.py — `make bench`: diginit's verification of a Fedora-sized corpus against
rpm (the peer) and the hardware floor (openssl speed). Not part of make check.

  bench.py --corpus DIR --out DIR --diginit BIN --shim BIN --mkinitrd BIN --fcbench BIN
           --keys ASC... [--runs N]

Every figure is the median of --runs runs (default 5; 3 for the slow peer) made in this
invocation. A program that does not exist yet prints "n/a (not built)" for its rows.
Writes OUT/summary.json and OUT/summary.txt (key=value).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time


def run_timed(cmd, runs, env=None, setup=None):
    """median wall time (s) of cmd over runs runs; raises on failure."""
    times = []
    for _ in range(runs):
        if setup:
            setup()
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        t1 = time.perf_counter()
        if r.returncode != 0:
            raise RuntimeError("%s: exit %d: %s" % (cmd[0], r.returncode,
                                                    r.stderr.decode(errors="replace")[-400:]))
        times.append(t1 - t0)
    return statistics.median(times), times


def header_stats(rpmdir):
    """per package: signed header bytes (magic + region), and the RSA key/hash from plan."""
    total, n = 0, 0
    for fn in sorted(os.listdir(rpmdir)):
        with open(os.path.join(rpmdir, fn), "rb") as f:
            raw = f.read(1 << 16)
            il, dl = struct.unpack(">II", raw[104:112])
            end = 96 + 16 + 16 * il + dl
            end += (8 - end % 8) % 8
            f.seek(end + 8)
            il2, dl2 = struct.unpack(">II", f.read(8))
        total += 8 + 8 + 16 * il2 + dl2
        n += 1
    return n, total


def openssl_floor(plan):
    """openssl speed figures and the corpus's floor time."""
    out = subprocess.run(["openssl", "speed", "-seconds", "2", "rsa2048", "rsa4096"],
                         capture_output=True, text=True).stdout
    rates = {}
    for m in re.finditer(r"^rsa\s+(\d+) bits\s+\S+\s+\S+\s+\S+\s+([\d.]+)", out, re.M):
        rates[int(m.group(1))] = float(m.group(2))
    tput = {}
    for alg in ("sha256", "sha512"):
        o = subprocess.run(["openssl", "speed", "-seconds", "2", "-evp", alg],
                           capture_output=True, text=True).stdout
        m = re.search(r"^%s\s+.*\s([\d.]+)k\s*$" % alg, o, re.M)
        tput[alg] = float(m.group(1)) * 1000.0  # bytes/s, 16384-byte blocks
    return rates, tput


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--diginit", required=True)
    ap.add_argument("--mkinitrd", required=True)
    ap.add_argument("--shim", required=True, help="the real static shim, for its size")
    ap.add_argument("--fcbench", required=True)
    ap.add_argument("--keys", nargs="+", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    runs = a.runs
    ncpu = os.cpu_count() or 1
    out = os.path.abspath(a.out)
    corpus = os.path.abspath(a.corpus)
    S = {"runs": runs, "cpus": ncpu}
    rows = []  # (figure, value text)

    # ---- the corpus ----
    plan = [l.rstrip("\n").split("\t") for l in open(os.path.join(corpus, "plan.tsv"))]
    npkg, hdr_bytes = header_stats(os.path.join(corpus, "rpms"))
    nfiles = sum(int(p[1]) for p in plan)
    by = {}
    for p in plan:
        by[(p[3], p[4])] = by.get((p[3], p[4]), 0) + 1
    hdr_by_alg = {"sha256": 0, "sha512": 0}
    # bytes hashed per hash algorithm, per package
    name_alg = {p[0]: p[4] for p in plan}
    rpmdir = os.path.join(corpus, "rpms")
    for fn in sorted(os.listdir(rpmdir)):
        name = fn.rsplit("-", 2)[0]
        with open(os.path.join(rpmdir, fn), "rb") as f:
            raw = f.read(112)
            il, dl = struct.unpack(">II", raw[104:112])
            end = 96 + 16 + 16 * il + dl
            end += (8 - end % 8) % 8
            f.seek(end + 8)
            il2, dl2 = struct.unpack(">II", f.read(8))
        hdr_by_alg[name_alg.get(name, "sha256")] += 16 + 16 * il2 + dl2
    S.update(packages=npkg, files=nfiles, header_bytes=hdr_bytes,
             sigs_rsa4096=by.get(("rsa4096", "sha256"), 0) + by.get(("rsa4096", "sha512"), 0),
             sigs_rsa2048=by.get(("rsa2048", "sha256"), 0),
             bytes_sha256=hdr_by_alg["sha256"], bytes_sha512=hdr_by_alg["sha512"])
    print("corpus: %d packages, %d files, %.1f MB of signed headers; signatures: %d RSA-4096 "
          "(%d SHA-512), %d RSA-2048 (v4, gpg %s)" % (
              npkg, nfiles, hdr_bytes / 1e6, S["sigs_rsa4096"], by.get(("rsa4096", "sha512"), 0),
              S["sigs_rsa2048"], "2.2"))

    # ---- (5) mkinitrd: full build and no-change rerun; the lists for --check ----
    img = os.path.join(out, "diginit.img")
    lists = os.path.join(out, "lists")
    have_mk = os.access(a.mkinitrd, os.X_OK)
    if have_mk:
        db = os.path.join(corpus, "rpmdb")
        mk = [a.mkinitrd, "-q", "--dbpath", db, "-o", img]

        def rm_img():
            for p in (img,):
                if os.path.exists(p):
                    os.unlink(p)
        t_full, _ = run_timed(mk, runs, setup=rm_img)
        os.sync()
        t_rerun, _ = run_timed(mk, runs)
        shutil.rmtree(lists, ignore_errors=True)
        subprocess.run([a.mkinitrd, "-q", "--dbpath", db, "--dir", lists], check=True)
        img_size = os.path.getsize(img)
        S.update(mkinitrd_full_s=t_full, mkinitrd_rerun_s=t_rerun, image_bytes=img_size,
                 image_vs_headers=img_size / hdr_bytes)
        rows.append(("(5) diginit-mkinitrd full build", "%.3f s" % t_full))
        rows.append(("(5) diginit-mkinitrd no-change rerun", "%.1f ms" % (t_rerun * 1e3)))
        rows.append(("(6) image size / sum of header sizes", "%.1f MB / %.1f MB = %.3f" % (
            img_size / 1e6, hdr_bytes / 1e6, img_size / hdr_bytes)))
    else:
        for r in ("(5) diginit-mkinitrd full build", "(5) diginit-mkinitrd no-change rerun",
                  "(6) image size / sum of header sizes"):
            rows.append((r, "n/a (not built)"))

    # ---- (1), (2) diginit --check ----
    def measure_check(binary):
        """(1 thread s, all-cores s, how) or None."""
        if not (os.access(binary, os.X_OK) and os.path.isdir(lists)):
            return None
        files = sorted(os.path.join(lists, f) for f in os.listdir(lists))
        helptext = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
        base = [binary, "--check", "-q"]
        # the image and lists just written are still being written back: let the
        # kernel finish (its I/O work would land on the second core), then warm up
        os.sync()
        run_timed(base + [lists], 1)
        if "--jobs" in helptext:
            # interleaved, so that a change in the machine's load hits both alike
            t_one, t_all = [], []
            for _ in range(runs):
                t_one += run_timed(base + ["--jobs", "1", lists], 1)[1]
                t_all += run_timed(base + ["--jobs", str(ncpu), lists], 1)[1]
            S["check_runs_1_s"], S["check_runs_all_s"] = t_one, t_all
            return (statistics.median(t_one), statistics.median(t_all),
                    "%d threads" % ncpu)
        one, _ = run_timed(base + [lists], runs)
        # no thread support yet: the same work split over ncpu processes
        part = (len(files) + ncpu - 1) // ncpu
        cmd = ["sh", "-c", 'printf "%s\\n" "$@" | xargs -P{0} -n{1} {2} --check -q'.format(
            ncpu, part, binary), "sh"] + files
        alln, _ = run_timed(cmd, runs)
        return one, alln, "%d processes (no --jobs yet)" % ncpu

    t1 = tn = None
    m = measure_check(a.diginit)
    if m:
        t1, tn, how = m
        S.update(diginit_check_1_s=t1, diginit_check_all_s=tn, diginit_all_how=how,
                 diginit_speedup=t1 / tn)
        rows.append(("(1) diginit --check, 1 thread", "%.3f s" % t1))
        rows.append(("(2) diginit --check, all cores: " + how, "%.3f s (%.2fx)" % (tn, t1 / tn)))
    else:
        rows.append(("(1) diginit --check, 1 thread", "n/a (not built)"))
        rows.append(("(2) diginit --check, all cores", "n/a (not built)"))
    if os.path.exists(a.shim):
        S["diginit_binary_bytes"] = os.path.getsize(a.shim)

    # ---- (3) the peer: rpm reading the same headers from a copy of the rpmdb with
    # header-signature checking forced on (_vsflags_query 0, --nodigest: signatures
    # only), keys imported; minus nothing: rpm's own cost of a verified query ----
    peer = os.path.join(out, "peer-rpmdb")
    shutil.rmtree(peer, ignore_errors=True)
    shutil.copytree(os.path.join(corpus, "rpmdb"), peer)
    subprocess.run(["rpmkeys", "--dbpath", peer, "--import"] + a.keys, check=True)
    q = ["rpm", "--dbpath", peer, "-qa", "--nodigest", "--define", "_vsflags_query 0"]
    chk = subprocess.run(q + ["--qf", "%{NAME} %{SIGPGP:pgpsig}%{RSAHEADER:pgpsig}\n"],
                         capture_output=True, text=True)
    nverified = sum(1 for l in chk.stdout.splitlines() if "RSA/" in l)
    if chk.returncode or "BAD" in chk.stderr or "NOKEY" in chk.stderr:
        print("bench: rpm peer check failed: %s" % chk.stderr[-300:], file=sys.stderr)
    peer_runs = max(3, runs // 2)
    t_peer, _ = run_timed(q, peer_runs)
    t_read, _ = run_timed(["rpm", "--dbpath", peer, "-qa", "--nodigest", "--nosignature"],
                          peer_runs)
    S.update(peer_s=t_peer, peer_read_only_s=t_read, peer_headers_with_rsa=nverified)
    rows.append(("(3) peer: rpm -qa, header signatures forced on", "%.3f s" % t_peer))
    rows.append(("    rpm -qa without signature checks (its read cost)", "%.3f s" % t_read))

    # ---- (4) the floor ----
    rates, tput = openssl_floor(plan)
    floor = (S["sigs_rsa4096"] / rates[4096] + S["sigs_rsa2048"] / rates[2048] +
             S["bytes_sha256"] / tput["sha256"] + S["bytes_sha512"] / tput["sha512"])
    S.update(openssl_rsa4096_verify_per_s=rates[4096], openssl_rsa2048_verify_per_s=rates[2048],
             openssl_sha256_Bps=tput["sha256"], openssl_sha512_Bps=tput["sha512"], floor_s=floor)
    rows.append(("(4) floor: openssl speed (RSA %.0f/%.0f verify/s, SHA-256 %.0f MB/s, "
                 "SHA-512 %.0f MB/s)" % (rates[4096], rates[2048], tput["sha256"] / 1e6,
                                         tput["sha512"] / 1e6), "%.3f s" % floor))

    # ---- ratios ----
    if t1:
        S.update(ratio_diginit_over_peer=t1 / t_peer, ratio_diginit_over_floor=t1 / floor,
                 ratio_peer_over_diginit=t_peer / t1)
        rows.append(("diginit(1 thread) / peer", "%.3f  (target <= 0.2, i.e. 5x faster)"
                     % (t1 / t_peer)))
        rows.append(("diginit(1 thread) / floor", "%.2f  (target <= 1.5)" % (t1 / floor)))
        rows.append(("diginit 1 thread / all cores", "%.2fx  (target >= 1.8)" % (t1 / tn)))
        S.update(ratio_diginit_all_over_peer=tn / t_peer, ratio_floor_over_peer=floor / t_peer)
        rows.append(("diginit(all cores) / peer", "%.3f" % (tn / t_peer)))
        rows.append(("floor / peer (the best any verifier can do on one core)",
                     "%.3f" % (floor / t_peer)))
    else:
        rows.append(("diginit / peer, diginit / floor", "n/a (not built)"))
    if "diginit_binary_bytes" in S:
        rows.append(("static diginit binary (the shim, " + os.path.basename(a.shim) + ")",
                     "%d bytes (target <= 300 KB)" % S["diginit_binary_bytes"]))

    w = max(len(r[0]) for r in rows) + 2
    print()
    print("%-*s %s" % (w, "figure (median of %d runs)" % runs, "value"))
    print("-" * (w + 30))
    for r in rows:
        print("%-*s %s" % (w, r[0], r[1]))

    # ---- micro-benchmark ----
    print("\nmicro-benchmark (keys/crypto-core vs BearSSL vs OpenSSL; median of 5):")
    fb = subprocess.run([a.fcbench], capture_output=True, text=True)
    print(fb.stdout)
    kv = subprocess.run([a.fcbench, "--kv"], capture_output=True, text=True).stdout
    for line in kv.splitlines():
        k, _, v = line.partition("=")
        S["micro_" + k] = float(v)

    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(S, f, indent=1, sort_keys=True)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        for k in sorted(S):
            f.write("%s=%s\n" % (k, S[k]))
    print("summary: %s/summary.json, summary.txt" % out)


if __name__ == "__main__":
    main()
