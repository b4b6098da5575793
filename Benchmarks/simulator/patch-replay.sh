#!/usr/bin/env bash
# Benchmarks/simulator/patch-replay.sh — how fast `lockstep simulate --patch` decides the races
# it composes (release build, one run):
#  1. each seed's patch on the fixture tree: races composed, runs, the time the runs took
#     (decided), the command's wall time (analysis included) and the change counts, the
#     fastest of REPEAT runs (default 5);
#  2. the analysis mutation corpus (Benchmarks/analysis: mutants of real 6.12.117 and 6.1.192
#     mm/ functions, MUTANTS sampled per tree with SEED): `simulate --patch` on every mutant,
#     time per patch and verdict counts (mutation-check --simulate yes).
# SPIN side by side on a composed race: Benchmarks/simulator/run.sh (its "composed" rows).
#
#   Benchmarks/simulator/patch-replay.sh     # MUTANTS=100 SEED=9 REPEAT=5 LINUX_SOURCES=DIR to reuse
#   SEEDS_ONLY=1 Benchmarks/simulator/patch-replay.sh   # the seeds only
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/../analysis/common.sh"
need jq jq
build_release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== seeds on the fixture tree (every race on 1 and 2 CPUs under none, voluntary, full, rt)"
"$root/Fixtures/kernel-tree/build.sh" "$tmp/linux" >/dev/null
printf '%-44s %6s %6s %10s %10s  %s\n' patch races runs decided wall changes
# The machine is shared: each seed runs REPEAT times and the fastest run is shown (the
# decided time is a sum of many short searches, each of which a busy machine can stall).
for entry in \
  "expected/seed000.patch v7.0-rc1" \
  "expected/seed002.patch v6.14" \
  "history/018-lib-test-hmm-add-a-new-testcase-for-the-migrate-on-fault.patch v7.0"; do
  read -r patch base <<<"$entry"
  best=""
  for _ in $(seq "${REPEAT:-5}"); do
    start=$(date +%s.%N)
    "$lockstep" simulate --patch "$root/Fixtures/kernel-tree/$patch" --tree "$tmp/linux" \
      --base "$base" --json >"$tmp/out.json" || true
    end=$(date +%s.%N)
    decided=$(jq '[.runs[].seconds] | add // 0' "$tmp/out.json")
    if [ -z "$best" ] || awk -v a="$decided" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$decided
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
      cp "$tmp/out.json" "$tmp/best.json"
    fi
  done
  jq -r --arg patch "$(basename "$patch" | cut -c1-44)" --arg wall "$wall" '
    [$patch, (.scenarios | length), (.runs | length),
     (([.runs[].seconds] | add // 0) * 1000 | floor | tostring) + " ms", $wall + " s",
     ([.changes[].kind] | group_by(.) | map("\(.[0]) \(length)") | join(", "))]
    | "\(.[0])\t\(.[1])\t\(.[2])\t\(.[3])\t\(.[4])\t\(.[5])"' "$tmp/best.json" |
    awk -F '\t' '{ printf "%-44s %6s %6s %10s %10s  %s\n", $1, $2, $3, $4, $5, $6 }'
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"

[ -n "${SEEDS_ONLY:-}" ] && exit 0
echo
echo "== the analysis mutation corpus, replayed"
real_source 6.12 6.12.117-1~deb12u1
linux612=$tree
real_source 6.1 6.1.192-3
linux61=$tree
checker=$(cd "$root" && swift build -c release --static-swift-stdlib --product mutation-check >&2 \
  && echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/mutation-check")
mm_repository "$linux612" "$tmp/6.12"
mm_repository "$linux61" "$tmp/6.1"
"$checker" --lockstep "$lockstep" --simulate yes \
  --tree "$(source_release "$linux612")=$tmp/6.12" --tree "$(source_release "$linux61")=$tmp/6.1" \
  --sample "${MUTANTS:-100}" --seed "${SEED:-9}" --workers "${WORKERS:-2}" --scratch "$tmp/mutants" |
  sed -n '/^== simulate --patch/,$p' || true
