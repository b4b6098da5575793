#!/usr/bin/env python3
"""Writes a large mbox for the mail benchmark by repeating the fixture mails
with fresh Message-IDs (and References/In-Reply-To rewritten to match), so
threads stay threads. Usage: generate.py OUT.mbox [MEGABYTES]"""
import glob
import mailbox
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_path = sys.argv[1]
target = int(sys.argv[2] if len(sys.argv) > 2 else 200) * 1024 * 1024

# The fixture mails as raw bytes: the mbox fixture and the seed that is a raw mail.
templates = []
for message in mailbox.mbox(os.path.join(root, "Fixtures/mail/series.mbox")):
    templates.append(message.as_bytes(unixfrom=False))
for path in sorted(glob.glob(os.path.join(root, "Fixtures/mail/eml/*.eml"))):
    with open(path, "rb") as f:
        templates.append(f.read())
# A larger body: the archive seed's text as a plain mail body.
with open(glob.glob(os.path.join(root, "Fixtures/seeds/001_*.txt"))[0], "rb") as f:
    page = f.read()
body = page.split(b"\n\n", 1)[1]
templates.append(
    b"From: John Hubbard <jhubbard@nvidia.com>\nSubject: Re: [PATCH] mm/hmm: Fix a livelock\n"
    b"Date: Sat, 31 Jan 2026 13:42:20 -0800\nMessage-ID: <seed-001@nvidia.com>\n"
    b"In-Reply-To: <v1-1@linux.intel.com>\nReferences: <v1-1@linux.intel.com>\n"
    b"Content-Type: text/plain; charset=utf-8\n\n" + body)

id_pattern = re.compile(rb"<([^<>@\s]+@[^<>\s]+)>")
written = 0
round_number = 0
with open(out_path, "wb") as out:
    while written < target:
        round_number += 1
        suffix = b".r%d" % round_number
        for raw in templates:
            headers, _, rest = raw.partition(b"\n\n")
            headers = id_pattern.sub(lambda m: b"<" + m.group(1) + suffix + b">", headers)
            rest = re.sub(rb"(?m)^(>*From )", rb">\1", rest)
            chunk = b"From bench@example.org Mon Jan 05 10:00:00 2026\n" + headers + b"\n\n" + rest
            if not chunk.endswith(b"\n"):
                chunk += b"\n"
            chunk += b"\n"
            out.write(chunk)
            written += len(chunk)
print(f"{out_path}: {written / 1048576:.0f} MB, {round_number * len(templates)} messages")
