#!/usr/bin/env python3
"""Generate a large kernel-like repository for the `lockstep tree` benchmark.

Mainline: COMMITS commits over FILES files, tagged vX.Y-rc1 / vX.Y every STEP commits;
STABLE_LINES stable branches linux-X.Y.y of LINE_COMMITS commits each, made of
cherry-picks carrying `commit <sha> upstream.` or `[ Upstream commit <sha> ]`, a few
picks with no upstream line (found by patch-id only), and stable-only commits, with
vX.Y.Z tags. Written with two `git fast-import` runs (the second needs the first's
commit ids for the upstream lines). Deterministic: same arguments, same ids.

usage: generate.py DEST [--commits N] [--files N] [--lines N] [--line-commits N]
Prints a JSON description (releases, lines, sample commits) to DEST/bench.json.
"""
import argparse
import json
import os
import random
import subprocess
import sys

AUTHOR = b"Dev Eloper <dev@example.org>"


def blob_text(n, values):
    lines = [f"/* drivers/sub{n // 100}/file{n}.c */"]
    lines += [f"int f_{n}_{j} = {v};" for j, v in enumerate(values)]
    return ("\n".join(lines) + "\n").encode()


def path_of(n):
    return f"drivers/sub{n // 100}/file{n}.c"


class Stream:
    def __init__(self, out):
        self.out = out
        self.clock = 1_500_000_000

    def commit(self, ref, mark, message, changes, parent=None):
        self.clock += 30
        w = self.out.write
        w(f"commit {ref}\n".encode())
        if mark:
            w(f"mark :{mark}\n".encode())
        stamp = f" {self.clock} +0000\n".encode()
        w(b"author " + AUTHOR + stamp)
        w(b"committer " + AUTHOR + stamp)
        data = message.encode()
        w(f"data {len(data)}\n".encode() + data + b"\n")
        if parent:
            w(f"from {parent}\n".encode())
        for path, text in changes:
            w(f"M 100644 inline {path}\n".encode())
            w(f"data {len(text)}\n".encode() + text + b"\n")

    def tag(self, name, target):
        self.out.write(f"reset refs/tags/{name}\nfrom {target}\n\n".encode())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dest")
    ap.add_argument("--commits", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=60_000)
    ap.add_argument("--lines", type=int, default=8)
    ap.add_argument("--line-commits", type=int, default=5_000)
    a = ap.parse_args()
    rng = random.Random(20260221)
    os.makedirs(a.dest, exist_ok=True)
    subprocess.run(["git", "init", "-q", "--bare", a.dest], check=True)
    env = dict(os.environ, GIT_DIR=a.dest)
    marks = os.path.join(a.dest, "bench-marks")

    # Releases: 40 versions, every `step` commits, leaving a fifth of history after
    # the last one so that the newest stable lines have fixes to pick.
    versions = [(5, m) for m in range(20)] + [(6, m) for m in range(20)]
    step = int(a.commits * 0.8) // len(versions)
    release_at = {(i + 1) * step: v for i, v in enumerate(versions)}
    rc_at = {(i + 1) * step - step // 2: v for i, v in enumerate(versions)}

    state = {n: [0] * 7 for n in range(a.files)}
    changes_of = {}  # commit number -> (file, slot, value)
    bases = {}  # version -> (commit number, snapshot)
    line_versions = versions[-a.lines:]

    proc = subprocess.Popen(["git", "fast-import", "--quiet", f"--export-marks={marks}"], stdin=subprocess.PIPE, env=env)
    s = Stream(proc.stdin)
    s.commit("refs/heads/master", 1, "Initial import\n", [(path_of(n), blob_text(n, state[n])) for n in range(a.files)])
    for k in range(2, a.commits + 1):
        n = (k * 7919) % a.files
        slot = k % 7
        state[n][slot] = k
        changes_of[k] = (n, slot, k)
        msg = (f"sub{n // 100}: set f_{n}_{slot} to {k}\n\nChange number {k} of the benchmark history.\n\n"
               f"Signed-off-by: Dev Eloper <dev@example.org>\n")
        s.commit("refs/heads/master", k, msg, [(path_of(n), blob_text(n, state[n]))])
        if k in rc_at:
            s.tag(f"v{rc_at[k][0]}.{rc_at[k][1]}-rc1", f":{k}")
        if k in release_at:
            v = release_at[k]
            s.tag(f"v{v[0]}.{v[1]}", f":{k}")
            if v in line_versions:
                bases[v] = (k, {n: list(vals) for n, vals in state.items()})
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("fast-import (mainline) failed")

    sha = {}
    with open(marks) as f:
        for line in f:
            mark, h = line.split()
            sha[int(mark[1:])] = h

    description = {"releases": [f"v{v[0]}.{v[1]}" for v in versions], "lines": {}}
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], stdin=subprocess.PIPE, env=env)
    s = Stream(proc.stdin)
    s.clock += 10_000_000
    for v in line_versions:
        base, snapshot = bases[v]
        name = f"linux-{v[0]}.{v[1]}.y"
        ref = f"refs/heads/{name}"
        later = list(range(base + 1, a.commits + 1))
        picks = sorted(rng.sample(later, min(len(later), int(a.line_commits * 0.84))))
        silent = set(rng.sample(picks, max(1, len(picks) // 20)))
        own = a.line_commits - len(picks)
        order = [("pick", k) for k in picks] + [("own", i) for i in range(own)]
        rng.shuffle(order)
        parent = sha[base]
        sublevel = 0
        info = {"base": f"v{v[0]}.{v[1]}", "picked": [], "silent": []}
        for count, (kind, k) in enumerate(order, 1):
            if kind == "pick":
                n, slot, value = changes_of[k]
                snapshot[n][slot] = value
                subject = f"sub{n // 100}: set f_{n}_{slot} to {k}"
                body = f"Change number {k} of the benchmark history.\n\nSigned-off-by: Dev Eloper <dev@example.org>\n"
                if k in silent:
                    msg = f"{subject}\n\n{body}"
                    info["silent"].append(sha[k])
                elif count % 2:
                    msg = f"{subject}\n\ncommit {sha[k]} upstream.\n\n{body}Signed-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n"
                    info["picked"].append(sha[k])
                else:
                    msg = f"{subject}\n\n[ Upstream commit {sha[k]} ]\n\n{body}Signed-off-by: Sasha Levin <sashal@kernel.org>\n"
                    info["picked"].append(sha[k])
            else:
                n = rng.randrange(a.files)
                slot = rng.randrange(7)
                snapshot[n][slot] = -(count)
                msg = f"sub{n // 100}: stable-only fix {count} in {name}\n\nSigned-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n"
            s.commit(ref, None, msg, [(path_of(n), blob_text(n, snapshot[n]))], parent=parent)
            parent = None
            if count % 250 == 0:
                sublevel += 1
                s.tag(f"v{v[0]}.{v[1]}.{sublevel}", ref)
        description["lines"][name] = info
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("fast-import (stable lines) failed")
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/master"], env=env, check=True)
    description["unpicked"] = [sha[k] for k in range(a.commits - 2000, a.commits, 97)]
    description["old"] = [sha[k] for k in range(1000, 60_000, 9_000) if k in sha]
    description["mainline"] = {str(k): sha[k] for k in range(2, a.commits + 1, 1000)}
    with open(os.path.join(a.dest, "bench.json"), "w") as f:
        json.dump(description, f)


if __name__ == "__main__":
    main()
