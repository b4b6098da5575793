#!/usr/bin/env bash
# Benchmarks/simulator/patch-replay.sh — how fast `lockstep simulate --patch` decides the races
# it composes (release build, one run):
#  1. each seed's patch on the fixture tree, the fastest of REPEAT runs (default 5) by the
#     decision's wall time: races composed, runs, states stored (the coverage), then the
#     command's time split as `simulate --patch --json` reports it (`seconds`): analysis
#     (reading the mail and the tree, analyzing the patch), composing the races, deciding them
#     (wall time, and the CPU time of the one thread that searches), and the whole command's
#     wall time from outside (process start and the JSON written included), and the change
#     counts;
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
printf '%-40s %5s %5s %8s %9s %9s %9s %9s %7s  %s\n' patch races runs states analysis composing \
  decided "dec. CPU" wall changes
# The machine is shared: each seed runs REPEAT times and the fastest decision is shown (the
# decision is many short searches, each of which a busy machine can stall).
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
    decided=$(jq '.seconds.deciding' "$tmp/out.json")
    if [ -z "$best" ] || awk -v a="$decided" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$decided
      wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
      cp "$tmp/out.json" "$tmp/best.json"
    fi
  done
  jq -r --arg patch "$(basename "$patch" | cut -c1-40)" --arg wall "$wall" '
    def ms: (. * 1000 | floor | tostring) + " ms";
    [$patch, (.scenarios | length), (.runs | length), ([.runs[].states] | add // 0),
     (.seconds.analysis | ms), (.seconds.composing | ms), (.seconds.deciding | ms),
     (.seconds.decidingCPU | ms), $wall + " s",
     ([.changes[].kind] | group_by(.) | map("\(.[0]) \(length)") | join(", "))]
    | map(tostring) | join("\t")' "$tmp/best.json" |
    awk -F '\t' '{ printf "%-40s %5s %5s %8s %9s %9s %9s %9s %7s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
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
