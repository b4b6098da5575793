#!/bin/sh
# make real-check: the path analysis over real kernel code from Debian's linux-source packages,
# findings counted by rule, every error-severity finding listed for review:
#   1. every function of the real mm/*.c of 6.12.117 (the issue's check) and of 6.1.192, with
#      the count of functions whose walk is incomplete (cut short: `truncated`, or an
#      `analysis-incomplete` finding), and the wall and CPU time of that run with the load;
#   2. the HMM/SVM users the tool is for, whole: lib/test_hmm.c and the HMM and SVM files of
#      amdkfd, nouveau and xe (those the tree has), in both trees;
#   3. the real stable changes to mm/ as patch series, each against its base with the tree:
#      6.12.107 -> 6.12.117 and 6.1.176 -> 6.1.192, one patch per changed .c or .h file.
# The point releases are pinned (6.12.117-1~deb12u1, 6.1.192-3); LINUX_SOURCES=DIR reuses
# DIR/linux-source-6.12 and DIR/linux-source-6.1 when they are those releases; RESULTS=DIR writes
# the copies of the whole-tree outputs there instead of Benchmarks/work.
. "$(dirname "$0")/common.sh"
need /usr/bin/time time
real_source 6.12 6.12.117-1~deb12u1
linux=$tree
real_source 6.1 6.1.192-3
new61=$tree
fetch_mm 6.12 6.12.107-1~deb12u1
previous612=$tree
fetch_mm 6.1 6.1.176-1
old61=$tree
build_release
# The folder the results are written to, made now: not found at the end of the run.
mkdir -p "${RESULTS:-$work}"
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

# incomplete JSON: the functions whose walk stopped short (`truncated` on a side, or an
# `analysis-incomplete` finding), counted and listed.
incomplete() {
  python3 - "$1" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
cut = {(f["file"], f["name"]) for f in result.get("functions", [])
       if any((f.get(side) or {}).get("truncated") for side in ("before", "after"))}
cut |= {(f["file"], f["function"]) for f in result["findings"] if f["rule"] == "analysis-incomplete"}
print(f"   functions whose walk is incomplete: {len(cut)} of {len(result.get('functions', []))}")
for file, name in sorted(cut):
    print(f"      {file}: {name}")
PY
}

# The HMM/SVM users of a tree that it has.
hmm_files() {
  for f in lib/test_hmm.c drivers/gpu/drm/amd/amdkfd/kfd_svm.c drivers/gpu/drm/amd/amdkfd/kfd_migrate.c \
    drivers/gpu/drm/nouveau/nouveau_svm.c drivers/gpu/drm/nouveau/nouveau_dmem.c \
    drivers/gpu/drm/xe/*svm*.c drivers/gpu/drm/xe/xe_hmm.c; do
    if [ -f "$f" ]; then printf -- '--whole-file %s ' "$f"; fi
  done
}

for tree in "$linux" "$new61"; do
  name="linux-source-$(source_release "$tree")"
  cd "$tree"
  whole=$(for f in mm/*.c; do printf -- '--whole-file %s ' "$f"; done)
  run "$tmp/whole.txt" "$lockstep" analyze $whole
  load=$(cut -d' ' -f1 /proc/loadavg)
  run "$tmp/whole.json" /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$lockstep" analyze --json $whole
  hmm=$(hmm_files)
  run "$tmp/hmm.txt" "$lockstep" analyze $hmm
  run "$tmp/hmm.json" "$lockstep" analyze --json $hmm
  cd "$root"
  cp "$tmp/whole.txt" "${RESULTS:-$work}/real-check-$name.txt"
  report "whole-file analysis of $(ls "$tree"/mm/*.c | wc -l) files of $name mm/" "$tmp/whole.txt"
  incomplete "$tmp/whole.json"
  # The time of the run that gave those counts: speed is never read apart from coverage.
  tail -1 "$tmp/time" | awk -v load="$load" -v cpus="$(nproc)" '{ printf \
    "   time of that run (release build): %.2f s wall, %.2f s CPU (user + sys), load %s on %s CPUs\n", \
    $1, $2 + $3, load, cpus }'
  report "HMM/SVM users of $name: $(echo "$hmm" | sed 's/--whole-file //g')" "$tmp/hmm.txt"
  incomplete "$tmp/hmm.json"
done

for pair in "$previous612 $linux" "$old61 $new61"; do
  set -- $pair
  stable_series "$1" "$2" "$tmp/series"
  run "$tmp/series.txt" "$lockstep" analyze "$tmp/series/series.mbox" --tree "$tmp/series/repo" --base "HEAD~$count"
  report "stable changes $(basename "$1") -> $(basename "$2"): $count patches" "$tmp/series.txt"
done
exit "$status"
