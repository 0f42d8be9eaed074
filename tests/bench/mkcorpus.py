#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcorpus.py OUT [NPKG] — build the Fedora-sized benchmark corpus.

OUT/rpms/*.rpm   NPKG (default 2000) packages signed with gpg through rpmsign:
                 most RSA-4096/SHA-256, some RSA-2048/SHA-256, some RSA-4096/SHA-512
                 (v4 signatures: GnuPG 2.2 makes no v3 ones)
OUT/gnupg/       the corpus's own signing keys, generated here (no passphrase)
OUT/keys/        their public keys: rsa4096.asc, rsa2048.asc (compiled into the bench
                 variant of diginit)
OUT/rpmdb/       a sqlite rpmdb with all of them installed (--justdb)
OUT/plan.tsv     name files desc_bytes key digest, one line per package
OUT/.stamp       written last

File counts follow a heavy-tailed (Pareto) spread scaled to ~300,000 files in total,
capped at 30,000 per package; every file is a tiny regular file whose content is its
own path, so every digest is distinct. Header bytes come from the file metadata tags
plus a %description per package (lognormal sizes) to reach ~100 MB in all.
Packages are built as subpackages of a few big specs (rpmbuild's start-up cost is paid
once per spec) with two rpmbuild processes at a time. Deterministic: seeded, pinned
timestamps; only the signatures are random.
"""
import os
import random
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

EPOCH = 1700000000
STAMP = "20231114T221320"
TOTAL_FILES = 300000
MAX_FILES = 30000
TARGET_HDR = 100 * 1000 * 1000
PER_FILE_HDR = 127  # bytes of header per file with these paths (measured on rpm 4.18)
SHARDS = 16
JOBS = 2

WORDS = ("core lib util data font icon locale doc man share python perl gtk qt glib "
         "gnome kde sys net crypt ssl xml json http cli tools devel plugin module "
         "theme sound video image print kernel firmware boot").split()


def plan(npkg):
    f = npkg / 2000.0
    total = int(TOTAL_FILES * f)
    rnd = random.Random(20261123)
    raw = [rnd.paretovariate(1.05) for _ in range(npkg)]
    scale = total / sum(min(r, 4000.0) for r in raw)
    counts = [max(1, min(MAX_FILES, int(min(r, 4000.0) * scale))) for r in raw]
    # make the tail reach tens of thousands: the largest few as in Fedora
    # (kernel-modules, texlive, ...)
    order = sorted(range(npkg), key=lambda i: -counts[i])
    for rank, big in zip(order[:4], (28000, 21000, 15000, 11000)):
        counts[rank] = max(1, int(big * f))
    # rescale the others so that the total stays ~TOTAL_FILES
    rest = [i for i in range(npkg) if i not in order[:4]]
    want = total - sum(counts[i] for i in order[:4])
    have = sum(counts[i] for i in rest)
    for i in rest:
        counts[i] = max(1, int(counts[i] * want / have))
    hdr_files = sum(counts) * PER_FILE_HDR
    desc_total = max(0, int(TARGET_HDR * f) - hdr_files - npkg * 2500)
    draws = [rnd.lognormvariate(0, 1.0) for _ in range(npkg)]
    dscale = desc_total / sum(draws)
    pkgs = []
    for i in range(npkg):
        name = "bench-%s-%s%04d" % (WORDS[i % len(WORDS)], WORDS[(i * 7) % len(WORDS)], i)
        r = rnd.random()
        key, dig = ("rsa4096", "sha256")
        if r < 0.10:
            key, dig = ("rsa2048", "sha256")
        elif r < 0.15:
            key, dig = ("rsa4096", "sha512")
        pkgs.append((name, counts[i], int(draws[i] * dscale), key, dig))
    return pkgs


def paths(name, n):
    """n distinct realistic paths for package name."""
    out = []
    dirs = ["/usr/lib64/%s" % name, "/usr/share/%s" % name,
            "/usr/share/doc/%s" % name, "/usr/lib/python3.12/site-packages/%s" % name]
    per_dir = 200
    for j in range(n):
        if j == 0:
            out.append("/usr/bin/%s" % name)
            continue
        d = dirs[j % len(dirs)]
        sub = j // (per_dir * len(dirs))
        out.append("%s/sub%03d/%s_%06d.dat" % (d, sub, WORDS[j % len(WORDS)], j))
    return out


def write_shard(top, shard, pkgs):
    spec = os.path.join(top, "SPECS", "shard%02d.spec" % shard)
    lists = os.path.join(top, "lists%02d" % shard)
    os.makedirs(lists, exist_ok=True)
    gen = os.path.join(top, "gen%02d.py" % shard)
    with open(gen, "w") as g:
        g.write("import os, sys\nroot = sys.argv[1]\n")
        g.write("for lst in sorted(os.listdir(%r)):\n" % lists)
        g.write("    for p in open(os.path.join(%r, lst)).read().split('\\n'):\n" % lists)
        g.write("        if not p: continue\n")
        g.write("        f = root + p\n")
        g.write("        os.makedirs(os.path.dirname(f), exist_ok=True)\n")
        g.write("        open(f, 'w').write(p + '\\n')\n")
    with open(spec, "w") as s:
        s.write("Name: benchshard%02d\nVersion: 1.0\nRelease: 1\n" % shard)
        s.write("Summary: diginit bench shard\nLicense: MIT\nBuildArch: x86_64\n")
        s.write("%description\nshard\n")
        for name, n, dlen, key, dig in pkgs:
            with open(os.path.join(lists, name), "w") as f:
                f.write("\n".join(paths(name, n)) + "\n")
            s.write("\n%%package -n %s\nSummary: benchmark package %s\n" % (name, name))
            s.write("Version: %d.%d\nAutoReqProv: no\n" % (1 + n % 7, n % 13))
            s.write("%%description -n %s\n" % name)
            rnd = random.Random(name)
            text, size = [], 0
            while size < dlen:
                line = " ".join(rnd.choice(WORDS) for _ in range(12))
                text.append(line)
                size += len(line) + 1
            s.write("\n".join(text) + "\n" if text else "benchmark\n")
        s.write("\n%%install\npython3 %s %%{buildroot}\n" % gen)
        for name, *_ in pkgs:
            s.write("\n%%files -n %s -f %s\n" % (name, os.path.join(lists, name)))
    return spec


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def main():
    out = os.path.abspath(sys.argv[1])
    npkg = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    top = os.path.join(tmp, "rpmbuild")
    for d in ("SPECS", "RPMS", "BUILD", "BUILDROOT"):
        os.makedirs(os.path.join(top, d), exist_ok=True)
    os.makedirs(os.path.join(tmp, "rpms"))
    gnupg = os.path.join(tmp, "gnupg")
    os.makedirs(gnupg, mode=0o700)
    os.makedirs(os.path.join(tmp, "keys"))
    genv = dict(os.environ, GNUPGHOME=gnupg)
    for k in ("rsa4096", "rsa2048"):
        run(["gpg", "--batch", "--quiet", "--faked-system-time", STAMP + "!", "--passphrase", "",
             "--quick-gen-key", "diginit bench %s <%s@diginit.test>" % (k, k), k, "sign",
             "never"], env=genv, stderr=subprocess.DEVNULL)
        with open(os.path.join(tmp, "keys", k + ".asc"), "wb") as f:
            f.write(subprocess.run(["gpg", "--batch", "--armor", "--export", k + "@diginit.test"],
                                   env=genv, check=True, capture_output=True).stdout)
    pkgs = plan(npkg)
    with open(os.path.join(tmp, "plan.tsv"), "w") as f:
        for p in pkgs:
            f.write("%s\t%d\t%d\t%s\t%s\n" % p)
    # shards balanced by file count (greedy)
    shards = [[] for _ in range(SHARDS)]
    load = [0] * SHARDS
    for p in sorted(pkgs, key=lambda p: -p[1]):
        k = load.index(min(load))
        shards[k].append(p)
        load[k] += p[1] + 20
    specs = [write_shard(top, k, sh) for k, sh in enumerate(shards)]
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))

    def build(spec):
        k = os.path.basename(spec)[:-5]
        broot = os.path.join(top, "BUILDROOT", k)
        run(["rpmbuild", "-bb", "--nodeps", "--quiet",
             "--define", "_topdir " + top,
             "--define", "buildroot " + broot,
             "--define", "_builddir " + os.path.join(top, "BUILD", k),
             "--define", "use_source_date_epoch_as_buildtime 1",
             "--define", "clamp_mtime_to_source_date_epoch 1",
             "--define", "_buildhost bench.diginit.test",
             "--define", "__os_install_post %{nil}",
             "--define", "debug_package %{nil}",
             "--define", "_build_id_links none",
             "--define", "_binary_payload w0.ufdio",
             "--define", "_rpmdir " + os.path.join(top, "RPMS", k),
             spec], env=env, stdout=subprocess.DEVNULL)
        shutil.rmtree(broot, ignore_errors=True)
        return k

    with ThreadPoolExecutor(JOBS) as ex:
        for k in ex.map(build, specs):
            print("  built", k, flush=True)
    for root, _, files in os.walk(os.path.join(top, "RPMS")):
        for fn in files:
            os.rename(os.path.join(root, fn), os.path.join(tmp, "rpms", fn))
    shutil.rmtree(top)

    byname = {}
    for fn in os.listdir(os.path.join(tmp, "rpms")):
        byname[fn.rsplit("-", 2)[0]] = fn
    groups = {}
    for name, n, dlen, key, dig in pkgs:
        groups.setdefault((key, dig), []).append(os.path.join(tmp, "rpms", byname[name]))

    def sign(args):
        (key, dig), files = args
        run(["rpmsign", "--addsign", "--define", "__gpg /usr/bin/gpg",
             "--define", "_gpg_name %s@diginit.test" % key,
             "--define", "_gpg_digest_algo " + dig,
             "--define", "_gpg_sign_cmd_extra_args --batch --faked-system-time %s!" % STAMP]
            + files, env=genv, stdout=subprocess.DEVNULL)
        return len(files)

    work = []
    for g, files in sorted(groups.items()):
        half = (len(files) + 1) // 2
        work += [(g, files[:half]), (g, files[half:])]
    with ThreadPoolExecutor(JOBS) as ex:
        print("  signed", sum(ex.map(sign, [w for w in work if w[1]])), flush=True)
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=genv)

    db = os.path.join(tmp, "rpmdb")
    os.makedirs(db)
    run(["rpm", "--dbpath", db, "--initdb"])
    rpms = sorted(os.path.join(tmp, "rpms", f) for f in os.listdir(os.path.join(tmp, "rpms")))
    run(["rpm", "-i", "--justdb", "--nodeps", "--nosignature", "--noscripts",
         "--define", "_pkgverify_level none", "--dbpath", db] + rpms)
    print("  installed", len(rpms), flush=True)
    open(os.path.join(tmp, ".stamp"), "w").close()
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)


if __name__ == "__main__":
    main()
