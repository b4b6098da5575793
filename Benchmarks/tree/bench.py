#!/usr/bin/env python3
"""`lockstep tree contains` against the git CLI pipeline, 20 queries, one run.

usage: bench.py REPO LOCKSTEP
Query 1 starts with an empty Lockstep cache; later queries reuse it (as a user's
second question does). Prints per-query times, ratios and peak memory.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(argv, env=None):
    """Runs argv under /usr/bin/time; returns (seconds, peak KiB, stdout)."""
    with tempfile.NamedTemporaryFile("r") as mem:
        start = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", mem.name] + argv,
                             capture_output=True, text=True, env=env)
        elapsed = time.perf_counter() - start
        if out.returncode not in (0, 1):
            sys.exit(f"{argv[0]} failed: {out.stderr}")
        return elapsed, int(mem.read().strip().splitlines()[-1]), out.stdout


def main():
    repo, lockstep = sys.argv[1], sys.argv[2]
    d = json.load(open(os.path.join(repo, "bench.json")))
    lines = list(d["lines"].values())
    queries = []
    queries += [("upstream-line", c) for c in lines[0]["picked"][:4] + lines[-1]["picked"][:4]]
    queries += [("patch-id", c) for c in lines[0]["silent"][:2] + lines[-1]["silent"][:2]]
    queries += [("not picked", c) for c in d["unpicked"][:4]]
    queries += [("old (ancestry)", c) for c in d["old"][:4]]
    cache = tempfile.mkdtemp(prefix="lockstep-bench-cache-")
    env = dict(os.environ, LOCKSTEP_CACHE_DIR=cache)
    rows = []
    for kind, commit in queries[:20]:
        g_t, g_m, _ = timed([os.path.join(HERE, "git-contains.sh"), repo, commit])
        l_t, l_m, out = timed([lockstep, "tree", "contains", commit, "--tree", repo, "--json"], env)
        json.loads(out)
        rows.append((kind, commit[:12], g_t, l_t, g_m, l_m))
    print(f"{'#':>2}  {'query':<15} {'commit':<12} {'git CLI s':>9} {'lockstep s':>10} {'ratio':>7} "
          f"{'git MiB':>8} {'lockstep MiB':>12}")
    for i, (kind, c, g_t, l_t, g_m, l_m) in enumerate(rows, 1):
        print(f"{i:>2}  {kind:<15} {c:<12} {g_t:>9.3f} {l_t:>10.3f} {g_t / l_t:>6.1f}x "
              f"{g_m / 1024:>8.1f} {l_m / 1024:>12.1f}")
    later_git = sum(r[2] for r in rows[1:])
    later_ls = sum(r[3] for r in rows[1:])
    print(f"\nfirst query: git {rows[0][2]:.3f} s, lockstep {rows[0][3]:.3f} s "
          f"(ratio {rows[0][2] / rows[0][3]:.1f}x, cold cache)")
    print(f"queries 2-{len(rows)}: git {later_git:.2f} s, lockstep {later_ls:.2f} s "
          f"(ratio {later_git / later_ls:.1f}x)")


if __name__ == "__main__":
    main()
