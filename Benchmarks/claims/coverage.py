#!/usr/bin/env python3
"""The coverage a claims benchmark run was measured at: claims found and settled, version
deltas, identifiers linked to the tree. usage: coverage.py CLAIMS.json"""
import json
import sys

report = json.load(open(sys.argv[1]))
claims = report["claims"]


def count(verdict):
    return sum(1 for claim in claims if claim["verdict"] == verdict)


linked = sum(1 for name in report["identifiers"] if name["definedAt"])
print(
    f"{len(claims)} claims ({count('confirmed')} confirmed, {count('refuted')} refuted, "
    f"{count('unverifiable')} unverifiable), {len(report['versions'])} version deltas, "
    f"{linked}/{len(report['identifiers'])} identifiers linked"
)
