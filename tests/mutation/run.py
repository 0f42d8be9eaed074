#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/mutation/run.py — the project's own mutation testing (make mutation).

Each mutant of tests/mutation/mutants.txt (the format is described at its top) breaks one
security rule at one place in the sources. For each, in a scratch copy of the tree
(WORK/tree, with the build directory copied so that only the mutated file recompiles):
write the mutant, build what its covering suites need, run those suites (through
tests/mutation/tap-stream, stopped at the first failing test), put the original back.
A mutant is KILLED when a test fails (the first failing test is reported), SURVIVED when
every covering suite passes, ERROR when it does not build or a suite times out. Equivalent
mutants (listed with their reason) are checked to still apply but are not run.

The list cannot rot silently: a mutant whose original text is not found exactly once in
its file stops the run before anything is built (exit 2). The covering suites are first
run on the unmutated copy (the baseline): a suite that fails there stops the run (exit 2).

Exit: 0 when killed / (total - equivalent) >= the threshold (percent) and no mutant is
in ERROR; 1 otherwise; 2 for a bad list, a bad baseline or bad usage.

usage: run.py [--smoke] [--only ID[,ID...]] [--list FILE] [--work DIR] [--shared DIR]
              [--jobs N] [--threshold PCT] [--timeout SECONDS] [--no-baseline] [--check]
  --smoke     only the mutants marked "smoke: yes" (the CI subset; threshold 100)
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
STREAM = "tests/mutation/tap-stream"
# build outputs not needed by the suites a mutant runs (kernel, QEMU, earlier results)
SKIP_BUILD = {"mutation", "kernel", "qemu", "tap", "bench", "fuzz"}


class Mutant:
    def __init__(self, line):
        self.line = line
        self.id = self.file = self.rule = None
        self.suites = []
        self.orig = []
        self.repl = []
        self.equivalent = None
        self.smoke = False
        self.result = None   # killed | survived | error | equivalent
        self.why = ""
        self.secs = 0.0

    @property
    def component(self):
        if self.file.startswith("keys/crypto-core/"):
            return "keys/crypto-core"
        if self.file == "diglist/image.c":
            return "diglist (image reader)"
        return self.file.split("/")[0]


def untab(text):
    """Leading '\\t' sequences of a text line stand for tab characters."""
    n = 0
    while text.startswith("\\t", 2 * n):
        n += 1
    return "\t" * n + text[2 * n:]


def parse_list(path):
    """Blocks separated by blank lines; 'key: value' lines, '- ' original text lines and
    '+ ' replacement lines (several of each make a multi-line text; '+' alone on a line
    is an empty replacement line)."""
    muts, cur, errors = [], None, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines, 1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if cur:
                muts.append(cur)
            cur = None
            continue
        if cur is None:
            cur = Mutant(n)
        if raw.startswith("- ") or raw == "-":
            cur.orig.append(untab(raw[2:]))
        elif raw.startswith("+ ") or raw == "+":
            cur.repl.append(untab(raw[2:]))
        elif ":" in raw:
            k, v = raw.split(":", 1)
            k, v = k.strip(), v.strip()
            if k == "id":
                cur.id = v
            elif k == "file":
                cur.file = v
            elif k == "rule":
                cur.rule = v
            elif k == "suites":
                cur.suites = v.split()
            elif k == "equivalent":
                cur.equivalent = v
            elif k == "smoke":
                cur.smoke = v == "yes"
            else:
                errors.append(f"{path}:{n}: unknown key '{k}'")
        else:
            errors.append(f"{path}:{n}: cannot read '{raw}'")
    if cur:
        muts.append(cur)
    seen = set()
    for m in muts:
        where = f"{path}:{m.line}"
        if not (m.id and m.file and m.rule and m.orig and (m.suites or m.equivalent)):
            errors.append(f"{where}: a mutant needs id, file, rule, suites and - lines")
        if m.id in seen:
            errors.append(f"{where}: duplicate id {m.id}")
        seen.add(m.id)
        if m.orig == m.repl:
            errors.append(f"{where}: {m.id}: replacement equals the original")
    return muts, errors


def check_applies(muts, root):
    errors = []
    for m in muts:
        p = os.path.join(root, m.file)
        if not os.path.isfile(p):
            errors.append(f"{m.id}: {m.file}: no such file")
            continue
        with open(p, encoding="utf-8") as f:
            n = f.read().count("\n".join(m.orig))
        if n != 1:
            errors.append(f"{m.id}: {m.file}: original text found {n} times (must be 1)")
    return errors


def copy_tree(src, work, shared):
    """WORK/tree: the files git knows (tracked or not ignored) as they are in src,
    mtimes kept, and src's build directory (without SKIP_BUILD); WORK/shared -> shared."""
    tree = os.path.join(work, "tree")
    if os.path.exists(tree):
        # a boot test leaves immutable files behind when it is stopped (tests/init)
        subprocess.run(["chattr", "-R", "-i", tree], stderr=subprocess.DEVNULL)
        shutil.rmtree(tree)
    os.makedirs(tree)
    files = subprocess.run(["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                           cwd=src, check=True, capture_output=True).stdout.split(b"\0")
    for f in files:
        f = f.decode()
        if not f or not os.path.lexists(os.path.join(src, f)):
            continue
        d = os.path.join(tree, os.path.dirname(f))
        os.makedirs(d, exist_ok=True)
        shutil.copy2(os.path.join(src, f), os.path.join(tree, f), follow_symlinks=False)
    b = os.path.join(src, "build")
    if os.path.isdir(b):
        for e in sorted(os.listdir(b)):
            if e in SKIP_BUILD or e.startswith("tap"):
                continue
            s, t = os.path.join(b, e), os.path.join(tree, "build", e)
            os.makedirs(os.path.dirname(t), exist_ok=True)
            subprocess.run(["cp", "-a", s, t], check=True)
    link = os.path.join(work, "shared")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.abspath(shared), link)
    return tree


def make_prereqs(tree, suites, jobs, log):
    r = subprocess.run(["nice", "-n", "10", "make", "-s", "--no-print-directory", f"-j{jobs}"]
                       + [f"suite-prereqs-{s}" for s in suites],
                       cwd=tree, stdout=log, stderr=subprocess.STDOUT)
    return r.returncode == 0


def run_suite(tree, suite, timeout, log):
    """Run one suite, stop at its first failing test. Returns (status, detail): status
    'pass', 'fail' (detail: the failing test line) or 'timeout'."""
    p = subprocess.Popen(["nice", "-n", "10", "make", "-s", "--no-print-directory",
                          f"suite-{suite}", f"TAPRUN={STREAM}"],
                         cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    timed_out = []

    def stop():
        timed_out.append(1)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    timer = threading.Timer(timeout, stop)
    timer.start()
    first_fail, ran = None, 0
    try:
        for raw in p.stdout:
            line = raw.decode(errors="replace").rstrip("\n")
            log.write(line + "\n")
            if line.startswith("ok"):
                ran += 1
            if line.startswith("not ok"):
                first_fail = line
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                break
    finally:
        timer.cancel()
        if p.poll() is None:  # stopped at a failure, or interrupted: the whole suite
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        p.stdout.close()
        p.wait()
    if first_fail:
        return "fail", first_fail
    if timed_out:
        return "timeout", f"{suite}: over {timeout} s"
    if p.returncode != 0:
        return "fail", f"{suite}: make exited with status {p.returncode}"
    if ran == 0:
        return "fail", f"{suite}: ran no test"
    return "pass", ""


def write_fresh(p, text):
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    # a fresh mtime, later than every object built so far: make rebuilds what uses it
    t = time.time()
    os.utime(p, (t, t))


def run_mutant(tree, m, args, log):
    t0 = time.time()
    log.write(f"\n=== {m.id} {m.file}\n")
    path = os.path.join(tree, m.file)
    with open(path, encoding="utf-8") as f:
        pristine = f.read()
    write_fresh(path, pristine.replace("\n".join(m.orig), "\n".join(m.repl), 1))
    try:
        if not make_prereqs(tree, m.suites, args.jobs, log):
            m.result, m.why = "error", "does not build"
            return
        for s in m.suites:
            st, detail = run_suite(tree, s, args.timeout, log)
            if st == "fail":
                m.result, m.why = "killed", f"[{s}] {detail}"
                return
            if st == "timeout":
                m.result, m.why = "error", f"timeout: {detail}"
                return
        m.result = "survived"
    finally:
        write_fresh(path, pristine)
        m.secs = time.time() - t0
        log.flush()


def table(muts):
    comps = {}
    for m in muts:
        c = comps.setdefault(m.component, {"killed": 0, "survived": 0, "equivalent": 0,
                                           "error": 0})
        c[m.result] += 1
    rows = [f"{'component':<24} {'mutants':>7} {'killed':>7} {'survived':>8} {'equiv':>6} "
            f"{'error':>6} {'score':>7}"]
    tot = {"killed": 0, "survived": 0, "equivalent": 0, "error": 0}
    for name in sorted(comps):
        c = comps[name]
        for k in tot:
            tot[k] += c[k]
        rows.append(fmt_row(name, c))
    rows.append(fmt_row("total", tot))
    return rows, tot


def fmt_row(name, c):
    n = sum(c.values())
    den = n - c["equivalent"]
    score = f"{100.0 * c['killed'] / den:.1f}%" if den else "-"
    return (f"{name:<24} {n:>7} {c['killed']:>7} {c['survived']:>8} {c['equivalent']:>6} "
            f"{c['error']:>6} {score:>7}")


def on_term(signum, frame):
    raise KeyboardInterrupt  # the mutated file is put back (run_mutant's finally)


def main():
    signal.signal(signal.SIGTERM, on_term)
    ap = argparse.ArgumentParser(add_help=True)
    ap.add_argument("--list", default=os.path.join(HERE, "mutants.txt"))
    ap.add_argument("--work", default=os.path.join(TOP, "build", "mutation"))
    ap.add_argument("--shared", default=os.path.join(TOP, "..", "shared"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--check", action="store_true", help="only check that the list applies")
    args = ap.parse_args()
    if args.threshold is None:
        args.threshold = 100.0 if args.smoke else 95.0

    muts, errors = parse_list(args.list)
    errors += check_applies(muts, TOP)
    if errors:
        for e in errors:
            print(f"mutation: {e}", file=sys.stderr)
        print(f"mutation: {len(errors)} error(s) in {args.list}: fix the list", file=sys.stderr)
        return 2
    if args.check:
        neq = sum(1 for m in muts if m.equivalent)
        print(f"mutation: {args.list}: {len(muts)} mutants ({neq} equivalent, "
              f"{sum(1 for m in muts if m.smoke)} in the smoke subset) apply")
        return 0
    sel = muts
    if args.smoke:
        sel = [m for m in muts if m.smoke and not m.equivalent]
    if args.only:
        want = set(args.only.split(","))
        sel = [m for m in muts if m.id in want]
        if len(sel) != len(want):
            print(f"mutation: unknown id in --only: {want - {m.id for m in sel}}",
                  file=sys.stderr)
            return 2
    for m in sel:
        if m.equivalent:
            m.result, m.why = "equivalent", m.equivalent
    torun = [m for m in sel if not m.equivalent]
    suites = sorted({s for m in torun for s in m.suites})
    print(f"mutation: {len(sel)} mutants ({len(torun)} to run, "
          f"{len(sel) - len(torun)} equivalent); suites: {' '.join(suites)}", flush=True)

    t0 = time.time()
    os.makedirs(args.work, exist_ok=True)
    tree = copy_tree(TOP, args.work, args.shared)
    logpath = os.path.join(args.work, "log.txt")
    with open(logpath, "w") as log:
        if not make_prereqs(tree, suites, args.jobs, log):
            print(f"mutation: the unmutated copy does not build (see {logpath})",
                  file=sys.stderr)
            return 2
        if not args.no_baseline:
            for s in suites:
                st, detail = run_suite(tree, s, args.timeout, log)
                if st != "pass":
                    print(f"mutation: baseline: {detail or s} on the unmutated copy "
                          f"(see {logpath})", file=sys.stderr)
                    return 2
            print(f"mutation: baseline: {len(suites)} suites pass on the unmutated copy "
                  f"({time.time() - t0:.0f} s)", flush=True)
        try:
            for i, m in enumerate(torun, 1):
                run_mutant(tree, m, args, log)
                print(f"[{i:>3}/{len(torun)}] {m.id:<14} {m.result.upper():<9} "
                      f"{m.secs:5.1f}s  {m.why}", flush=True)
        except KeyboardInterrupt:
            print("mutation: interrupted", file=sys.stderr)
            return 2

    rows, tot = table(sel)
    print()
    for r in rows:
        print(r)
    eq = [m for m in sel if m.result == "equivalent"]
    if eq:
        print("\nequivalent mutants:")
        for m in eq:
            print(f"  {m.id} ({m.file}): {m.why}")
    bad = [m for m in sel if m.result in ("survived", "error")]
    if bad:
        print("\nsurvived or in error:")
        for m in bad:
            print(f"  {m.id} ({m.file}) {m.result}: {m.rule} {m.why}")
    den = len(sel) - tot["equivalent"]
    score = 100.0 * tot["killed"] / den if den else 100.0
    print(f"\nmutation score: {tot['killed']}/{den} = {score:.1f}% (threshold "
          f"{args.threshold:.0f}%), {time.time() - t0:.0f} s; log: {logpath}")
    return 0 if score >= args.threshold and tot["error"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
