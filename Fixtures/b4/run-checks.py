#!/usr/bin/env python3
# Runs b4's own check runner (b4 0.16: b4.review.checks.run_perpatch_checks and
# run_series_checks) with the check commands TREE's git configuration names
# (b4.review-perpatch-check-cmd, b4.review-series-check-cmd, read by b4's load_check_cmds),
# the way `b4 review`'s check matrix does, and prints what it collected as JSON.
# Used by Tests/LockstepCLITests/B4CheckProtocolTests.swift.
#
#   run-checks.py --topdir TREE MAIL...
#       each MAIL (an mbox or one message) read with b4's mailbox reader; every message is
#       handed to the per-patch runner in TREE as it is checked out; no tracking data.
#   run-checks.py --topdir TREE --review MBOX BASE
#       b4's checkout of the newest series in MBOX at BASE, as the tracking app does it
#       (get_am_ready, git_fetch_am_into_repo, create_review_branch), then the patches
#       through the per-patch runner and the cover letter (or first patch) through the
#       series runner, with B4_TRACKING_FILE the branch's tracking data as the TUI writes
#       it; and the patches once more without it.
#
# Output: {"version", "commands", "tracking", "patches": [{"msgid", "subject", "results"}],
#          "untracked": [...], "series": [...]}
import argparse
import io
import json
import os
import sys
import tempfile

import b4
import b4.review
import b4.review.checks as checks


def classify(msgs):
    """The cover letter and the patches of a thread, as the TUI's check action sorts them."""
    cover, patches = None, []
    for msg in msgs:
        subject = msg.get('subject', '')
        msgid = msg.get('message-id', '').strip('<> ')
        lsubj = b4.LoreSubject(subject)
        if lsubj.counter == 0 and lsubj.expected > 0:
            cover = (msgid, msg)
        elif lsubj.patch and not lsubj.reply:
            patches.append((msgid, msg))
    patches.sort(key=lambda p: b4.LoreSubject(p[1].get('subject', '')).counter)
    return cover, patches


def check(patches, cmds, topdir, extra_env):
    out = []
    for msgid, msg in patches:
        results = checks.run_perpatch_checks([(msgid, msg)], cmds, topdir, extra_env=extra_env)
        out.append({'msgid': msgid, 'subject': msg.get('subject', ''),
                    'results': results.get(msgid, [])})
    return out


def review(topdir, mbox, base, cmds, series_cmds):
    """b4's own checkout of the newest series of `mbox` at `base`, then its checks."""
    msgs = b4.get_msgs_from_mailbox_or_maildir(mbox)
    lser = b4.review._get_lore_series(msgs)
    am_msgs = lser.get_am_ready(noaddtrailers=True, addmysob=False, addlink=False,
                                cherrypick=None, copyccs=False, allowbadchars=False,
                                showchecks=False)
    ifh = io.BytesIO()
    b4.save_git_am_mbox(am_msgs, ifh)
    linkmask = 'https://lore.kernel.org/r/%s'
    top = next(p for p in lser.patches if p is not None)
    linkurl = linkmask % top.msgid
    b4.git_fetch_am_into_repo(topdir, ambytes=ifh.getvalue(), at_base=base, origin=linkurl)
    change_id = lser.change_id or 'lockstep-test'
    branch = f'b4/review/{change_id}'
    b4.review.create_review_branch(topdir, branch, base, lser, linkurl, linkmask,
                                   num_prereqs=0, identifier=None, status='reviewing')
    _cover, tracking = b4.review.load_tracking(topdir, branch)
    fd, tracking_file = tempfile.mkstemp(prefix='b4-tracking-', suffix='.json')
    with os.fdopen(fd, 'w') as fp:
        json.dump(tracking, fp, indent=2)
    cover, patches = classify(msgs)
    # Only the version b4 checked out: its patches' message-ids are in the tracking data.
    wanted = {p.msgid for p in lser.patches if p is not None}
    patches = [p for p in patches if p[0] in wanted]
    try:
        env = {'B4_TRACKING_FILE': tracking_file}
        tracked = check(patches, cmds, topdir, env)
        target = cover if cover and cover[0] in wanted else (patches[0] if patches else None)
        series = (checks.run_series_checks(target, series_cmds, topdir, extra_env=env)
                  if target and series_cmds else None)
    finally:
        os.unlink(tracking_file)
    return {'tracking': tracking, 'patches': tracked, 'series': series,
            'untracked': check(patches, cmds, topdir, None)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--topdir', required=True)
    parser.add_argument('--review', nargs=2, metavar=('MBOX', 'BASE'))
    parser.add_argument('mails', nargs='*')
    args = parser.parse_args()
    os.chdir(args.topdir)
    b4.setup_config(argparse.Namespace(config={}), topdir=args.topdir)
    cmds, series_cmds = checks.load_check_cmds()
    out = {'version': b4.__VERSION__, 'commands': {'perpatch': cmds, 'series': series_cmds}}
    if args.review:
        out.update(review(args.topdir, args.review[0], args.review[1], cmds, series_cmds))
    else:
        msgs = []
        for mail in args.mails:
            msgs += b4.get_msgs_from_mailbox_or_maildir(mail)
        patches = [(m.get('message-id', '').strip('<> ') or f'mail-{i}', m)
                   for i, m in enumerate(msgs)]
        out['patches'] = check(patches, cmds, args.topdir, None)
    json.dump(out, sys.stdout, indent=1)


if __name__ == '__main__':
    main()
