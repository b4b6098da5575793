#!/usr/bin/env python3
"""The same work as `lockstep thread --stats` with Python's mailbox + email:
parse every message, decode every text body, thread by In-Reply-To/References."""
import email
import email.policy
import mailbox
import sys

parents = {}
seen = set()
body_bytes = 0
count = 0
box = mailbox.mbox(sys.argv[1], factory=lambda f: email.message_from_binary_file(f))
for message in box:
    count += 1
    mid = (message.get("Message-ID") or f"#{count}").strip().strip("<>")
    seen.add(mid)
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True) or b""
            body_bytes += len(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    refs = (message.get("References") or "").split() + (message.get("In-Reply-To") or "").split()
    refs = [r.strip("<>") for r in refs]
    for a, b in zip(refs, refs[1:]):
        if a != b:
            parents.setdefault(b, a)
    if refs and refs[-1] != mid:
        parents[mid] = refs[-1]
roots = sum(1 for m in seen if m not in parents)
print(f"messages {count} threads {roots} body-bytes {body_bytes}")
