#!/usr/bin/env python3
"""Every hostile input of the robustness issue, at twice the size that once crashed, hung
or ballooned Lockstep, run as a user runs the binary: one row per input with its wall time,
CPU time, peak memory (from wait4), exit status and whether the canary is right.

  Benchmarks/hostile/run.py LOCKSTEP [WORK] [--only SUBSTRING]

LOCKSTEP is the binary to measure (a release build); WORK (default Benchmarks/work/hostile)
holds the generated files. Each C input is a hostile function followed by a canary with a
known bug (a sleep under a spinlock), as in Tests/LockstepCLITests/HostileCodeTests.swift;
the canary is right when its finding is printed. The issue's bound for each row: under 10 s
and 500 MB (the truncated object: exit 65 in under a second).
"""
import os
import shutil
import subprocess
import sys
import time

CANARY = "\nvoid canary(spinlock_t *l)\n{\n\tspin_lock(l);\n\tmight_sleep();\n\tspin_unlock(l);\n}\n"
CANARY_FOUND = "[sleep-under-spinlock] canary(): might_sleep()"


def nested_ifs(n):
    return "if (x) {\n" * n + "y++;\n" + "}\n" * n


def decided_tests(tests, locks):
    """`locks` conditional spinlocks, then `tests` distinct tests each with an early `goto`
    out, a lock, a call and an unlock after it, a label every 50 tests inside a block that a
    `goto` from outside enters, a backward `goto` to retry, the releases after `out:`: the
    shape of the fuzzed `mm/` function whose paths had decided hundreds of tests each."""
    def test(i):
        text = (f"if (check_{i}(a_{i})) goto out;\nspin_lock(&c->lock);\n"
                f"y = update_{i}(c, a_{i});\nspin_unlock(&c->lock);\n")
        if i % 50 == 25:
            text += (f"if (y == {i}) {{\nnote_{i}(c);\ninner_{i}:\ny++;\n}}\n"
                     f"if (y > {i}) goto inner_{i};\n")
        return text
    return ("".join(f"if (x & {1 << k}) spin_lock(&l{k});\n" for k in range(locks))
            + "retry:\n" + "".join(test(i) for i in range(tests)) + "if (y) goto retry;\nout:\n"
            + "".join(f"if (x & {1 << k}) spin_unlock(&l{k});\n" for k in range(locks)))


SHAPES = [
    ("20,000 nested `if`", lambda: nested_ifs(20_000)),
    ("`switch` with 100,000 cases",
     lambda: "switch (x) {\n" + "".join(f"case {i}: y = {i}; break;\n" for i in range(100_000)) + "}\n"),
    ("100,000 nested parentheses", lambda: "y = " + "(" * 100_000 + "x" + ")" * 100_000 + ";\n"),
    ("4,000 nested `while`", lambda: "while (x) {\n" * 4_000 + "y++;\n" + "}\n" * 4_000),
    ("6,000 nested `?:`", lambda: "y = " + "x ? y : " * 6_000 + "0;\n"),
    ("20,000 nested `?:`", lambda: "y = " + "x ? y : " * 20_000 + "0;\n"),
    ("20,000 labels, backward `goto`s",
     lambda: "".join(f"l{i}:\n\ty++;\n\tif (y) goto l{i // 2};\n" for i in range(20_000))),
    ("40,000 labels, backward `goto`s",
     lambda: "".join(f"l{i}:\n\ty++;\n\tif (y) goto l{i // 2};\n" for i in range(40_000))),
    ("400 decided tests between locks and calls, 9 conditional locks, a backward `goto`",
     lambda: decided_tests(400, 9)),
    ("40,000 `if (x == i) return i;`",
     lambda: "".join(f"if (x == {i}) return {i};\n" for i in range(40_000))),
]


def hostile_file(body):
    return "int hostile(int x, int y)\n{\n" + body + "return y;\n}\n" + CANARY


def measure(argv, cwd=None):
    """Runs argv; returns (wall s, cpu s, peak MB, status, stdout, stderr)."""
    start = time.monotonic()
    out = open(os.path.join(WORK, "stdout"), "w+")
    err = open(os.path.join(WORK, "stderr"), "w+")
    child = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read(), err.read()
    out.close()
    err.close()
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, child.returncode, stdout, stderr


ROWS = []


def row(name, argv, check, cwd=None):
    if ONLY and ONLY not in name:
        return
    wall, cpu, peak, status, stdout, stderr = measure(argv, cwd)
    right = check(status, stdout, stderr)
    ok = "yes" if right else "**no**"
    ROWS.append((name, wall, cpu, peak, status, ok))
    print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB | {status} | {ok} |", flush=True)
    if not right:
        print("   stdout: " + stdout[-400:].replace("\n", " / "), file=sys.stderr)
        print("   stderr: " + stderr[-400:].replace("\n", " / "), file=sys.stderr)


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", *args], cwd=cwd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tree_with(files, name):
    root = os.path.join(WORK, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    git("init", "-q", cwd=root)
    for path, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        with open(os.path.join(root, path), "w") as f:
            f.write(text)
    git("add", "-A", cwd=root)
    git("commit", "-qm", "base", cwd=root)
    git("tag", "base", cwd=root)
    return root


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def canary_right(status, stdout, _):
    return status == 1 and CANARY_FOUND in stdout


def main():
    lockstep = LOCKSTEP
    print("| input | wall | CPU | peak RSS | exit | canary right |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, body in SHAPES:
        if ONLY and ONLY not in name:
            continue
        path = write("hostile.c", hostile_file(body()))
        row(name + " (`analyze --whole-file`)", [lockstep, "analyze", "--whole-file", path],
            canary_right)

    # The nested ifs planted by a patch: analyzed, then replayed by simulate --patch.
    base = "int hostile(int x, int y)\n{\n\treturn y;\n}\n" + CANARY.replace("\tmight_sleep();\n", "")
    tree = tree_with({"mm/hostile.c": base}, "nested-tree")
    added = "".join("+" + line + "\n" for line in nested_ifs(20_000).splitlines())
    count = added.count("\n")
    spin = 3 + 1 + 1 + 3  # the canary's spin_lock() line in the base
    patch = write(
        "nested.patch",
        "diff --git a/mm/hostile.c b/mm/hostile.c\n--- a/mm/hostile.c\n+++ b/mm/hostile.c\n"
        f"@@ -2,2 +2,{count + 2} @@\n {{\n{added} \treturn y;\n"
        f"@@ -{spin},2 +{spin + count},3 @@\n \tspin_lock(l);\n+\tmight_sleep();\n \tspin_unlock(l);\n")
    row("20,000 nested `if` in a patch (`analyze PATCH --tree`)",
        [lockstep, "analyze", patch, "--tree", tree, "--base", "base"], canary_right)
    row("20,000 nested `if` in a patch (`simulate --patch`)",
        [lockstep, "simulate", "--patch", patch, "--tree", tree, "--base", "base"],
        # The replay has no canary of its own: right is the races composed and exit 0 (the
        # patch changes no race's verdict), not a crash.
        lambda status, out, _: status == 0 and "race(s) composed" in out)

    # A patch of 200,000 one-line hunks over 200,000 functions, then the canary.
    n = 200_000
    many = "".join(f"int f{i}(int x)\n{{\n\tx++;\n\treturn x;\n}}\n" for i in range(n))
    many += "void canary(spinlock_t *l)\n{\n\tspin_lock(l);\n\tspin_unlock(l);\n}\n"
    tree = tree_with({"mm/many.c": many}, "many-tree")
    hunks = ["diff --git a/mm/many.c b/mm/many.c\n--- a/mm/many.c\n+++ b/mm/many.c\n"]
    hunks += [f"@@ -{i * 5 + 3},1 +{i * 5 + 3},1 @@\n-\tx++;\n+\tx += 2;\n" for i in range(n)]
    hunks.append(f"@@ -{n * 5 + 3},2 +{n * 5 + 3},3 @@\n \tspin_lock(l);\n+\tmight_sleep();\n"
                 " \tspin_unlock(l);\n")
    patch = write("many.patch", "".join(hunks))
    row("200,000 one-line hunks (`analyze PATCH --tree`)",
        [lockstep, "analyze", "--tree", tree, patch],
        lambda s, out, _: s == 1 and CANARY_FOUND in out and f"{n + 1} function(s)" in out)

    # Scenarios.
    deep = "scenario deep\nthread t {\n" + "if x {\n" * 20_000 + "}\n" * 20_000 + "}\n"
    row("scenario: 20,000 nested `if`", [lockstep, "simulate", write("deep-if.scenario", deep)],
        lambda s, _, err: s == 65 and "nested more than" in err)
    deep = "scenario deep\nthread t {\n" + "trylock l else {\n" * 20_000 + "}\n" * 20_000 + "}\n"
    row("scenario: 20,000 nested `trylock`",
        [lockstep, "simulate", write("deep-trylock.scenario", deep)],
        lambda s, _, err: s == 65 and "nested more than" in err)
    leak = ("scenario leak\ncpus 1\npreempt none\nthread fault {\n  loop {\n    get page\n"
            "    trylock page else {\n      retry\n    }\n    unlock page\n    retry\n  }\n}\n")
    row("scenario: a retry loop that never drops its reference",
        [lockstep, "simulate", write("leak.scenario", leak)],
        lambda s, out, _: s == 1 and "reference-leak" in out)
    for value in ["inf", "1e308"]:
        row(f"`simulate --timeout {value}`",
            [lockstep, "simulate", "mmap-lock-recursion", "--timeout", value],
            lambda s, _, err: s == 2 and "--timeout" in err)
    # The state store: a search of 8,000,000 states (twice the default bound).
    states = SCENARIO_STATES
    row("`simulate` of 8,000,000 states (`--max-states 8000000`)",
        [lockstep, "simulate", write("states.scenario", states), "--max-states", "8000000",
         "--timeout", "600"],
        lambda s, out, _: s in (0, 1, 3) and ("bound-reached" in out or "ok" in out))

    # A truncated loose object.
    tree = tree_with({"mm/memory.c": "".join(f"int x{i};\n" for i in range(2000))}, "truncated")
    truncate(tree, "HEAD:mm/memory.c")
    fix = write("fix.patch", "diff --git a/mm/memory.c b/mm/memory.c\n--- a/mm/memory.c\n"
                "+++ b/mm/memory.c\n@@ -1,2 +1,2 @@\n-int x0;\n+int y0;\n int x1;\n")
    row("truncated loose object (`analyze --base`)",
        [lockstep, "analyze", fix, "--tree", tree, "--base", "base"],
        lambda s, _, err: s == 65 and "truncated or corrupt" in err)
    # `tree lines` reads the release tags' commits: a tag, and the tip commit cut short too.
    git("tag", "v6.15", cwd=tree)
    truncate(tree, "HEAD")
    row("truncated loose object (`tree lines`)", [lockstep, "tree", "lines", "--tree", tree],
        lambda s, _, err: s == 65 and "truncated or corrupt" in err)


def truncate(tree, revision):
    """Cuts the loose object `revision` names in half (a disk full, a copy interrupted)."""
    name = subprocess.run(["git", "rev-parse", revision], cwd=tree, check=True,
                          capture_output=True, text=True).stdout.strip()
    path = os.path.join(tree, ".git", "objects", name[:2], name[2:])
    os.chmod(path, 0o644)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])


def states_scenario():
    """Threads that take and drop locks on objects in every order: a state space well past
    8,000,000 states on 4 CPUs."""
    lines = ["scenario states", "cpus 4", "preempt full"]
    for t in range(6):
        lines.append(f"thread t{t} {{")
        lines.append("  loop {")
        for k in range(4):
            lines.append(f"    lock l{(t + k) % 6}")
            lines.append(f"    unlock l{(t + k) % 6}")
        lines.append("    progress \"round\"")
        lines.append("  }")
        lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    args = [a for a in sys.argv[1:]]
    ONLY = None
    if "--only" in args:
        index = args.index("--only")
        ONLY = args[index + 1]
        del args[index:index + 2]
    LOCKSTEP = os.path.abspath(args[0])
    WORK = os.path.abspath(args[1] if len(args) > 1 else "Benchmarks/work/hostile")
    os.makedirs(WORK, exist_ok=True)
    SCENARIO_STATES = states_scenario()
    main()
