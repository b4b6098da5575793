#!/usr/bin/env python3
"""Times b4's own per-patch check runner (b4 0.16: b4.review.checks.run_perpatch_checks) on
each MAIL in TREE, with the check command the git configuration names (the benchmark sets
b4.review-perpatch-check-cmd through GIT_CONFIG_COUNT/KEY/VALUE, writing no config file):
once cold, then three times; the fastest run's milliseconds per mail, as JSON. b4 is
imported once, as the review TUI is a long-running process: what is timed is the runner —
b4 writing the message to the command, the command, b4 reading its JSON.

usage: B4_TRACKING_FILE=… b4-runner.py TREE MAIL...   (run with the b4 venv's python)
"""
import argparse
import email
import json
import os
import sys
import time

import b4
import b4.review.checks as checks


def main():
    topdir, mails = sys.argv[1], sys.argv[2:]
    os.chdir(topdir)
    b4.setup_config(argparse.Namespace(config={}), topdir=topdir)
    cmds, _ = checks.load_check_cmds()
    env = {'B4_TRACKING_FILE': os.environ['B4_TRACKING_FILE']}
    out = []
    for mail in mails:
        with open(mail, 'rb') as handle:
            msg = email.message_from_binary_file(handle, policy=b4.emlpolicy)
        msgid = msg.get('message-id', '').strip('<> ')
        times = []
        for _ in range(4):
            start = time.perf_counter()
            results = checks.run_perpatch_checks([(msgid, msg)], cmds, topdir, extra_env=env)
            times.append(time.perf_counter() - start)
        statuses = [r.get('status') for r in results.get(msgid, [])]
        out.append({'mail': mail, 'cold_ms': times[0] * 1000, 'warm_ms': min(times[1:]) * 1000,
                    'statuses': statuses})
    json.dump({'commands': cmds, 'mails': out}, sys.stdout)


if __name__ == '__main__':
    main()
