#!/bin/sh
# make real-check: the path analysis over every function of the real mm/*.c of Linux 6.12,
# findings counted by rule; every error-severity finding is listed for review.
. "$(dirname "$0")/common.sh"
fetch_linux
build_release
cd "$linux"
out="$work/real-check.txt"
set -- $(for f in mm/*.c; do printf -- '--whole-file %s ' "$f"; done)
status=0
"$lockstep" analyze "$@" > "$out" || status=$?
[ "$status" -le 1 ] || { echo "lockstep analyze failed with status $status" >&2; exit "$status"; }
echo "== lockstep analyze over $(ls mm/*.c | wc -l) files of Linux 6.12 mm/: $(tail -1 "$out")"
echo "== findings by rule"
grep -oE ': (error|warning|info): \[[a-z-]+\]' "$out" | sed 's/^: //' | sort | uniq -c | sort -rn
echo "== error findings (each must be a real bug or a false positive to fix)"
grep ': error: ' "$out" || echo "(none)"
