#!/usr/bin/env python3
"""A 44-message thread for the claims benchmark: the fixture thread of the
hmm_range_fault() fix (12 messages, v1 -> v3, the build robot, reviews, notices) and 32
reviewers' replies to v3, each quoting part of the commit message and the hunk, and
saying something about the code in its own words (code facts, identifiers).

usage: generate.py OUT.mbox
"""
import sys

FIXTURE = "Fixtures/mail/livelock-thread.mbox"
V3 = "20260203143400.6231-1-thomas.hellstrom@linux.intel.com"

# What reviewers say: code facts the tree settles, and plain remarks that are no claim.
SAYINGS = [
    "It looks like lru_cache_disable() is using synchronize_rcu_expedited() here.",
    "Note that migrate_device_unmap() is calling lru_add_drain_all() for system folios.",
    "As far as I can see do_swap_page() calls migration_entry_wait_on_locked() now.",
    "The migrate_vma_* functions also use trylocks, so this matches.",
    "And hmm_range_fault() calls hmm_vma_walk_pmd() for every PMD of the range.",
    "I think __migrate_device_finalize() uses folio_unlock() for every source folio.",
    "This looks good to me, thanks for the quick respin.",
    "Could the commit message say which igt test hits it?",
]

HUNK = """> @@ -4684,7 +4684,8 @@ vm_fault_t do_swap_page(struct vm_fault *vmf)
>  				unlock_page(vmf->page);
>  				put_page(vmf->page);
>  			} else {
> -				pte_unmap_unlock(vmf->pte, vmf->ptl);
> +				pte_unmap(vmf->pte);
> +				migration_entry_wait_on_locked(entry, vmf->ptl);
"""


def reply(number):
    saying = SAYINGS[number % len(SAYINGS)]
    day = 6 + number // 8
    return f"""From reviewer{number}@example.org Sat Feb {day:02d} 10:{number:02d}:00 2026
From: Reviewer {number} <reviewer{number}@example.org>
To: linux-mm@kvack.org
Date: Sat, {day} Feb 2026 10:{number:02d}:00 +0000
Subject: Re: [PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem
Message-ID: <bench-reply-{number}@example.org>
In-Reply-To: <{V3}>
References: <{V3}>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

On Tue, 3 Feb 2026 15:34:00 +0100, Thomas Hellström wrote:
> Resolve this by waiting for the folio to be unlocked if the
> folio_trylock() fails in the do_swap_page() function.
>
{HUNK}
{saying} (reply {number})

Thanks,
Reviewer {number}

"""


def main():
    out = sys.argv[1]
    with open(FIXTURE, encoding="utf-8") as f:
        text = f.read()
    if not text.endswith("\n\n"):
        text += "\n"
    text += "".join(reply(n) for n in range(32))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{out}: {text.count(chr(10) + 'From ') + 1} messages", file=sys.stderr)


main()
