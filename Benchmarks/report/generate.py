#!/usr/bin/env python3
"""A 40-message review thread for `lockstep annotate`: the twelve real messages of
Fixtures/mail/livelock-thread.mbox, then 28 replies under its v3 posting, in chains up to
four deep, each quoting a few lines of the v3 diff (or of the mail it answers) and adding
a reviewer's comment, as a long review of one patch looks on linux-mm.

usage: generate.py OUT.mbox [REPLIES]   (28 replies unless given: a huge thread for the
                                        memory figures of a whole page)
"""
import sys

SOURCE = "Fixtures/mail/livelock-thread.mbox"
V3 = "20260203143400.6231-1-thomas.hellstrom@linux.intel.com"
SUBJECT = "Re: [PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem"
PEOPLE = ["Alistair Popple <apopple@nvidia.com>", "David Hildenbrand <david@redhat.com>",
          "Matthew Brost <matthew.brost@intel.com>", "Jason Gunthorpe <jgg@nvidia.com>",
          "John Hubbard <jhubbard@nvidia.com>", "Balbir Singh <balbirs@nvidia.com>",
          "Andrew Morton <akpm@linux-foundation.org>"]
COMMENTS = [
    "Does this still hold when the folio is split under us? The wait drops\n"
    "the ptl, so the entry can change before we look at it again.",
    "I would like a comment here saying why waiting is safe: the reference\n"
    "keeps the folio from being freed while we sleep.",
    "Tested with xe_exec_system_allocator on a PREEMPT_NONE kernel: the\n"
    "hang is gone.",
    "Nit: the stub in migrate.h wants a kernel-doc line.",
    "What about PREEMPT_RT? The spinlock there sleeps already.",
    "Can we get a Fixes: tag that matches what stable has?",
    "The lru_add_drain_all() call could move after the migration entries\n"
    "are in place; that would remove condition b) altogether.",
]


def messages(text):
    """The mbox split at its 'From ' lines."""
    out, current = [], []
    for line in text.split("\n"):
        if line.startswith("From ") and current:
            out.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def diff_lines(mbox):
    for message in messages(mbox):
        if f"Message-ID: <{V3}>" in message:
            body = message.split("\n\n", 1)[1]
            return body[body.index("diff --git"):].split("\n")
    raise SystemExit("no v3 posting in " + SOURCE)


def main():
    source = open(SOURCE, encoding="utf-8").read().rstrip("\n") + "\n"
    diff = [line for line in diff_lines(source) if line and not line.startswith("-- ")]
    out = [source]
    ids = []
    replies = int(sys.argv[2]) if len(sys.argv) > 2 else 28
    for number in range(replies):
        # Every fourth reply starts a new branch under v3; the others answer the one before.
        parent = V3 if number % 4 == 0 else ids[-1]
        depth = 1 if parent == V3 else 2
        msgid = f"review-{number:02d}@lockstep.bench"
        ids.append(msgid)
        who = PEOPLE[number % len(PEOPLE)]
        start = (number * 5) % max(1, len(diff) - 6)
        quoted = "\n".join("> " + line for line in diff[start:start + 5])
        if depth == 2:
            quoted = "> > " + "\n> > ".join(diff[start:start + 3]) + "\n>\n> " + \
                COMMENTS[(number - 1) % len(COMMENTS)].replace("\n", "\n> ")
        day = 6 + number // 8
        day = day if day <= 28 else day % 28 + 1
        out.append(
            f"From {msgid} Mon Feb {day:2d} 10:{number % 60:02d}:00 2026\n"
            f"From: {who}\nTo: linux-mm@kvack.org\n"
            f"Cc: Thomas Hellström <thomas.hellstrom@linux.intel.com>\n"
            f"Subject: {SUBJECT}\nDate: Mon, {day} Feb 2026 10:{number % 60:02d}:00 +0000\n"
            f"Message-ID: <{msgid}>\nIn-Reply-To: <{parent}>\nReferences: <{V3}>"
            + ("" if parent == V3 else f" <{parent}>") + "\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n"
            f"On Tue, 3 Feb 2026, someone wrote:\n{quoted}\n\n"
            f"{COMMENTS[number % len(COMMENTS)]}\n\nThanks,\n{who.split()[0]}\n")
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        handle.write("\n".join(out))


if __name__ == "__main__":
    main()
