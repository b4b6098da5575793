#!/usr/bin/env python3
"""Benchmarks/simulator/scale-composed.py COPIES CPUS < race.scenario > scaled.scenario

Scales a race `lockstep simulate --patch --print-scenario` composed: COPIES copies of its
threads, each on its own objects (every object name gets the copy's number: `vmf->page0`),
copy i's threads pinned to CPU 2i + (the CPU they were printed on), taken modulo CPUS as
the scenario language does, listed copy by copy (as hmm-range-fault-livelock.pml starts
them); preemption `none`. Only the threads and objects are copied,
every statement stays as the composer wrote it, so the scaled race is still the composed one.
"""
import re
import sys

copies, cpus = int(sys.argv[1]), int(sys.argv[2])
lines = [line.split("#", 1)[0].rstrip() for line in sys.stdin if line.strip()]
lines = [line for line in lines if line.strip()]
name = next(line.split()[1] for line in lines if line.startswith("scenario "))
objects = [line.split()[1] for line in lines if line.startswith("object ")]
refs = {line.split()[1]: line.split()[3] if " refs " in line else "0"
        for line in lines if line.startswith("object ")}
# Objects the threads name without declaring them (a PTL): any `a->b` or declared word.
def is_object(word):
    return word in refs or ("->" in word and not word.startswith("\""))

def rename(line, copy):
    out = []
    words = line.split(" ")
    for position, word in enumerate(words):
        after_at = position > 0 and words[position - 1] == "at"
        out.append(word + str(copy) if is_object(word) and not after_at else word)
    return " ".join(out)

# Blocks: top-level threads (common) and `variant NAME {` ... `}` with their threads.
common, variants, current, depth, block = [], {}, None, 0, []
for line in lines:
    stripped = line.strip()
    if depth == 0 and stripped.startswith("variant "):
        current = stripped.split()[1]
        variants[current] = []
        depth = 1
        continue
    if depth == 1 and current is not None and stripped == "}":
        current, depth = None, 0
        continue
    if stripped.startswith("thread "):
        block = [line]
        depth += 1
        continue
    if block:
        block.append(line)
        words = stripped.split()
        depth += words.count("{") - words.count("}")
        if depth == (1 if current else 0):
            (variants[current] if current else common).append(block)
            block = []

def thread(block, copy):
    head = block[0].strip()
    match = re.match(r"thread (\S+)(?: on cpu (\d+))? \{", head)
    cpu = 2 * copy + int(match.group(2) or 0)
    text = [f"thread {match.group(1)}{copy} on cpu {cpu} {{"]
    text += [rename(line, copy) for line in block[1:]]
    return "\n".join(text)

print(f"scenario {name}-x{copies}")
print(f"cpus {cpus}")
print("preempt none")
for copy in range(copies):
    for obj in objects:
        print(f"object {obj}{copy} refs {refs[obj]}")
# Each variant lists every thread, copy by copy (the contender, then the function), so that
# each CPU starts with the thread the Promela translation starts it with.
for variant, blocks in variants.items():
    print(f"variant {variant} {{")
    for copy in range(copies):
        for block in common + blocks:
            print(thread(block, copy))
    print("}")
