#!/bin/sh
# make real-check: the path analysis over real kernel code from Debian's linux-source packages,
# findings counted by rule, every error-severity finding listed for review:
#   1. every function of the real mm/*.c of 6.12.117 (the issue's check) and of 6.1.192;
#   2. the real stable changes to mm/ as patch series, each against its base with the tree:
#      6.12.107 -> 6.12.117 and 6.1.176 -> 6.1.192, one patch per changed .c or .h file.
. "$(dirname "$0")/common.sh"
fetch_linux
fetch_mm 6.12 6.12.107-1~deb12u1
previous612=$tree
fetch_mm 6.1 6.1.176-1
old61=$tree
fetch_mm 6.1 6.1.192-2
new61=$tree
build_release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# report LABEL OUTPUT: the summary line, findings by rule, and every error.
report() {
  echo "== $1: $(tail -1 "$2")"
  grep -oE ': (error|warning|info): \[[a-z-]+\]' "$2" | sed 's/^: /   /' | sort | uniq -c | sort -rn
  if grep -q ': error: ' "$2"; then
    echo "   error findings (each must be a real bug or a false positive to fix):"
    grep ': error: ' "$2"
  fi
}

# run OUTPUT COMMAND…: lockstep, whose status 1 (error findings) is reported, not fatal.
run() {
  out=$1; shift
  code=0
  "$@" > "$out" || code=$?
  [ "$code" -le 1 ] || { echo "lockstep failed with status $code: $*" >&2; exit "$code"; }
  [ "$code" -eq 0 ] || status=1
}

for tree in "$linux" "$new61"; do
  cd "$tree"
  run "$tmp/whole.txt" "$lockstep" analyze $(for f in mm/*.c; do printf -- '--whole-file %s ' "$f"; done)
  cd "$root"
  cp "$tmp/whole.txt" "$work/real-check-$(basename "$tree").txt"
  report "whole-file analysis of $(ls "$tree"/mm/*.c | wc -l) files of $(basename "$tree") mm/" "$tmp/whole.txt"
done

for pair in "$previous612 $linux" "$old61 $new61"; do
  set -- $pair
  stable_series "$1" "$2" "$tmp/series"
  run "$tmp/series.txt" "$lockstep" analyze "$tmp/series/series.mbox" --tree "$tmp/series/repo" --base "HEAD~$count"
  report "stable changes $(basename "$1") -> $(basename "$2"): $count patches" "$tmp/series.txt"
done
exit "$status"
