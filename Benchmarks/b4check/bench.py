#!/usr/bin/env python3
"""lockstep b4-check against checkpatch.pl, each as b4 0.16 runs a per-patch check: one
process per patch mail, the mail on standard input, in the reviewer's kernel tree.

usage: bench.py LOCKSTEP REAL_TREES LINUX_SOURCE [OLD NEW]

Patches: the stable changes OLD..NEW (default v6.12.107..v6.12.113) of REAL_TREES (the
repository `make real-trees` builds from Debian's linux-source packages), one mail per
changed mm/*.c file. lockstep b4-check runs in REAL_TREES with B4_TRACKING_FILE naming OLD
as the series' base-commit (what b4 hands it); checkpatch.pl runs as b4's built-in handler
runs it (-q --terse --no-summary --mailback, in the source tree LINUX_SOURCE, 6.12.117).
Each command runs once per patch (cold: lockstep's first check of the mail, its tree
definitions cache already filled by the first patch), then three times (warm): the fastest
run's wall time and peak RSS (wait4) are printed, for both tools alike.

Each mail's commit message states what its diff does in the words the claim patterns know
(generated from the diff: "Add a call to foo().", "Remove bar()."), so that b4-check has
claims to settle; the coverage line counts them and their verdicts.
"""
import re
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def git(repo, *args):
    return subprocess.run(['git', '-C', repo, *args], check=True, capture_output=True,
                          text=True).stdout


def mails(repo, old, new):
    """One patch mail per mm/*.c file that differs between old and new."""
    files = git(repo, 'diff', '--name-only', old, new, '--', 'mm/*.c').split()
    out = []
    for number, path in enumerate(files, 1):
        diff = git(repo, 'diff', old, new, '--', path)
        stat = git(repo, 'diff', '--stat', old, new, '--', path)
        changed = sum(1 for line in diff.splitlines()
                      if line[:1] in '+-' and not line.startswith(('+++', '---')))
        subject = f'{path[:-2]}: stable changes {old}..{new}'
        text = (f'From: Bench Author <bench@example.org>\n'
                f'Subject: [PATCH] {subject}\n'
                f'Date: Tue, 01 Apr 2025 10:00:00 +0000\n'
                f'Message-ID: <bench-{number}@example.org>\n\n'
                f'The stable changes to {path} between {old} and {new}. {claims(diff)}\n\n'
                f'Signed-off-by: Bench Author <bench@example.org>\n---\n{stat}\n{diff}')
        out.append((path, changed, text.encode()))
    return out


def claims(diff):
    """Sentences the claim patterns read, stating the first call the diff adds and removes."""
    said = []
    for sign, verb in (('+', 'Add a call to'), ('-', 'Remove')):
        for line in diff.splitlines():
            if line.startswith(sign) and not line.startswith(sign * 3):
                call = re.search(r'\b([a-z][a-z0-9]*_[a-z0-9_]+)\(', line)
                if call:
                    said.append(f'{verb} {call.group(1)}().')
                    break
    return ' '.join(said)


def run(command, stdin, cwd, env, times=3):
    """Runs once to warm the caches, then `times` times: the fastest run's wall seconds and
    its peak RSS (kB), and its standard output (a busy machine only ever adds time)."""
    start = time.perf_counter()
    subprocess.run(command, input=stdin, cwd=cwd, env=env, capture_output=True)
    cold = time.perf_counter() - start
    best = None
    for _ in range(times):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        process.stdin.write(stdin)
        process.stdin.close()
        output = process.stdout.read()
        _, _, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if best is None or seconds < best[0]:
            best = (seconds, usage.ru_maxrss, output)
    return best + (cold,)


def b4_runner(lockstep, trees, env, mails, tmp):
    """Warm milliseconds per mail of `lockstep b4-check` run by b4's own per-patch runner
    (b4-runner.py with the b4 0.16 venv's python: B4_PYTHON, else the one the tests make in
    .build/b4-0.16.0-venv); None, saying why, when there is no such python."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    python = os.environ.get('B4_PYTHON') or os.path.join(root, '.build/b4-0.16.0-venv/bin/python')
    if not os.access(python, os.X_OK):
        print(f'no b4 0.16 python at {python} (make test installs it; or set B4_PYTHON): '
              f"b4's own runner not timed")
        return None
    files = []
    for number, (_, _, mail) in enumerate(mails):
        name = os.path.join(tmp, f'mail-{number}.eml')
        with open(name, 'wb') as handle:
            handle.write(mail)
        files.append(name)
    runner_env = dict(env, GIT_CONFIG_COUNT='1',
                      GIT_CONFIG_KEY_0='b4.review-perpatch-check-cmd',
                      GIT_CONFIG_VALUE_0=f'{lockstep} b4-check')
    output = subprocess.run([python, os.path.join(root, 'Benchmarks/b4check/b4-runner.py'),
                             trees, *files], env=runner_env, capture_output=True, check=True)
    return [entry['warm_ms'] for entry in json.loads(output.stdout)['mails']]


def main():
    lockstep, trees, source = sys.argv[1:4]
    old, new = (sys.argv[4:6] + ['v6.12.107', 'v6.12.113'][len(sys.argv[4:6]):])
    base = git(trees, 'rev-parse', old + '^{commit}').strip()
    with tempfile.TemporaryDirectory() as tmp:
        tracking = os.path.join(tmp, 'b4-tracking.json')
        with open(tracking, 'w') as handle:
            json.dump({'series': {'base-commit': base, 'change-id': 'bench'}, 'patches': []},
                      handle)
        # A cache folder of its own: the first check of each mail is cold.
        env = dict(os.environ, B4_TRACKING_FILE=tracking,
                   LOCKSTEP_CACHE_DIR=os.path.join(tmp, 'cache'))
        checkpatch = ['perl', 'scripts/checkpatch.pl', '-q', '--terse', '--no-summary',
                      '--mailback']
        rows = []
        colds = []
        claim_counts = {}
        patches = mails(trees, old, new)
        for path, changed, mail in patches:
            ls, lm, lout, lcold = run([lockstep, 'b4-check'], mail, trees, env)
            cs, cm, cout, _ = run(checkpatch, mail, source, env)
            result = json.loads(lout)[0]
            messages = [l for l in cout.decode(errors='replace').splitlines()
                        if any(k in l for k in ('ERROR:', 'WARNING:', 'CHECK:'))]
            rows.append((path, changed, ls, lm, result['status'], result['summary'], cs, cm,
                         len(messages)))
            colds.append(lcold)
            verdicts = [d['description'].split(' ', 1)[0] for d in json.loads(result['details'])
                        if ' claim (' in d['description']]
            for verdict in verdicts:
                claim_counts[verdict] = claim_counts.get(verdict, 0) + 1
        # The same checks through b4's own runner, once every mail's report is cached.
        runner = b4_runner(lockstep, trees, env, patches, tmp)
    print(f'b4-check, one process per patch mail, warm caches, fastest of 3: {len(rows)} stable patches '
          f'{old}..{new} (mm/*.c), base from B4_TRACKING_FILE')
    print(f'{"patch":<26} {"lines":>5} {"lockstep ms":>11} {"RSS MB":>6} {"status":<5} '
          f'{"checkpatch ms":>13} {"RSS MB":>6} {"msgs":>4} {"ratio":>6}')
    for path, changed, ls, lm, status, summary, cs, cm, messages in rows:
        print(f'{path:<26} {changed:>5} {ls * 1000:>11.0f} {lm / 1024:>6.0f} {status:<5} '
              f'{cs * 1000:>13.0f} {cm / 1024:>6.0f} {messages:>4} {cs / ls:>5.1f}x')
    ls_all = [r[2] for r in rows]
    cs_all = [r[6] for r in rows]
    print(f'median: lockstep {statistics.median(ls_all) * 1000:.0f} ms, checkpatch '
          f'{statistics.median(cs_all) * 1000:.0f} ms, ratio '
          f'{statistics.median(cs_all) / statistics.median(ls_all):.1f}x; lockstep max '
          f'{max(ls_all) * 1000:.0f} ms ({rows[ls_all.index(max(ls_all))][0]}), '
          f'{sum(1 for t in ls_all if t < 0.1)}/{len(rows)} under the 100 ms target')
    if runner:
        print(f"through b4's own runner (run_perpatch_checks, warm, fastest of 3): median "
              f'{statistics.median(runner):.0f} ms, max {max(runner):.0f} ms, '
              f'{sum(1 for t in runner if t < 100)}/{len(runner)} under 100 ms '
              f'(b4 starting the process, writing the mail, reading the JSON included)')
    print(f'cold (first check of each mail): median {statistics.median(colds) * 1000:.0f} ms, '
          f'max {max(colds) * 1000:.0f} ms, {sum(1 for t in colds if t < 0.1)}/{len(colds)} under 100 ms')
    print('claims settled: ' + (', '.join(f'{v} {k}' for k, v in sorted(claim_counts.items()))
                                or 'none'))
    statuses = {}
    for row in rows:
        statuses[row[4]] = statuses.get(row[4], 0) + 1
    print('lockstep statuses: ' + ', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))
          + f'; checkpatch messages: {sum(r[8] for r in rows)}')
    for path, changed, ls, lm, status, summary, cs, cm, messages in rows:
        if status != 'pass':
            print(f'  {path}: {status}: {summary}')


if __name__ == '__main__':
    main()
