#!/usr/bin/env bash
# Benchmarks/simulator/run.sh — `lockstep simulate` side by side with SPIN's
# compiled verifier on the same models (the Promela files here translate
# Sources/PathSimulator/Resources/scenarios/hmm-range-fault-livelock.scenario under PREEMPT_NONE and
# Sources/PathSimulator/Resources/scenarios/mmap-lock-recursion.scenario), scaled up (CPUs, pages,
# threads) until both tools take at least a second. Prints one row per size:
# verdicts, states, seconds, states per second and the ratio lockstep/SPIN.
# Livelock models: SPIN `./pan -l -c0` (non-progress cycles, whole graph),
# deadlock models: `./pan` (invalid end states); both tools stop at the first
# deadlock, so deadlock rows stay small. Rates are stored states / wall time.
#
#   Benchmarks/simulator/run.sh            # LOCKSTEP=path/to/lockstep to choose the binary
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v spin >/dev/null 2>&1; then
  apt-get install -y spin >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y spin >/dev/null; }
fi
if ! command -v jq >/dev/null 2>&1; then
  apt-get install -y jq >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y jq >/dev/null; }
fi
for tool in gcc jq python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool is required" >&2; exit 1; }
done
lockstep=${LOCKSTEP:-$("$root/Benchmarks/build.sh")}

# The lockstep scenario for PAGES folios on CPUS CPUs (same threads, pinning and
# order as hmm-range-fault-livelock.pml).
hmm_scenario() { # cpus pages variant
  local cpus=$1 pages=$2 variant=$3 p
  echo "scenario hmm-range-fault-livelock"
  echo "cpus $cpus"
  echo "preempt none"
  for ((p = 0; p < pages; p++)); do echo "object folio$p refs 1"; done
  echo "variant $variant {"
  for ((p = 0; p < pages; p++)); do
    cat <<SCENARIO
  thread migrate$p on cpu $((2 * p)) {
    lock folio$p
    lru_add_drain_all
    unlock folio$p
    progress "migration done"
  }
  thread fault$p on cpu $((2 * p + 1)) {
    loop {
      spin_lock ptl$p
      trylock folio$p else {
SCENARIO
    if [ "$variant" = before ]; then
      echo "        spin_unlock ptl$p"
    else
      echo "        call pte_unmap"
      echo "        wait_unlocked folio$p releasing ptl$p"
    fi
    cat <<SCENARIO
        retry
      }
      get folio$p
      spin_unlock ptl$p
      call migrate_to_ram
      unlock folio$p
      put folio$p
      break
    }
    progress "fault resolved"
  }
SCENARIO
  done
  echo "}"
}

mmap_scenario() { # cpus readers writers recursive
  local cpus=$1 readers=$2 writers=$3 recursive=$4 i
  echo "scenario mmap-lock-recursion"
  echo "cpus $cpus"
  echo "preempt none"
  for ((i = 0; i < readers; i++)); do
    echo "thread reader$i on cpu $i {"
    echo "  read_lock mmap_lock"
    if [ "$recursive" = 1 ]; then echo "  read_lock mmap_lock"; else echo "  call dmirror_range_fault"; fi
    echo "  read_unlock mmap_lock"
    if [ "$recursive" = 1 ]; then echo "  read_unlock mmap_lock"; fi
    echo "  progress \"fault and migrate done\""
    echo "}"
  done
  for ((i = 0; i < writers; i++)); do
    echo "thread writer$i on cpu $((readers + i)) {"
    echo "  write_lock mmap_lock"
    echo "  write_unlock mmap_lock"
    echo "  progress \"writer done\""
    echo "}"
  done
}

# spin_run MODEL.pml "-D flags" MODE(livelock|deadlock) -> "verdict states seconds"
spin_run() {
  local model=$1 defines=$2 mode=$3 out
  (
    cd "$work"
    rm -f pan pan.*
    # shellcheck disable=SC2086
    spin $defines -a "$here/$model" >/dev/null
    if [ "$mode" = livelock ]; then
      gcc -O2 -w -DNP -DMEMLIM=16000 -o pan pan.c
      # -c0: go on after the first non-progress cycle, so that SPIN explores the
      # whole graph as lockstep does before it decides there is no fair cycle.
      out=$(./pan -l -c0 -m10000000 -w24 2>&1)
    else
      gcc -O2 -w -DMEMLIM=16000 -o pan pan.c
      out=$(./pan -m10000000 -w24 2>&1)
    fi
    local errors states seconds verdict=ok
    errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' <<<"$out")
    states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' <<<"$out" | head -1)
    seconds=$(sed -n 's/^pan: elapsed time \([0-9.e+-]*\) seconds.*/\1/p' <<<"$out")
    if [ "${errors:-0}" != 0 ]; then verdict=$mode; fi
    echo "$verdict $(printf '%.0f' "$states") ${seconds:-0}"
  )
}

# lockstep_run SCENARIO-FILE -> "verdict states seconds"
lockstep_run() {
  "$lockstep" simulate "$1" --json --max-states 60000000 --timeout 900 2>/dev/null |
    jq -r '.runs[0] | "\(.verdict) \(.states) \(.seconds)"' || true
}

# states per second, "-" when the run was too short to time
rate() { awk -v s="$1" -v t="$2" 'BEGIN { if (t < 0.01) print "-"; else printf "%.0f", s / t }'; }

printf '%-20s %-9s %-14s %-9s %-9s %10s %10s %8s %8s %10s %10s %6s\n' \
  model variant size spin lockstep "spin st" "lock st" "spin s" "lock s" "spin st/s" "lock st/s" ratio
row() { # model variant size spinresult lockresult
  local s l
  read -r sv ss st <<<"$4"
  read -r lv ls lt <<<"$5"
  s=$(rate "$ss" "$st")
  l=$(rate "$ls" "$lt")
  local same=""
  [ "$sv" = "$lv" ] || same=" MISMATCH"
  printf '%-20s %-9s %-14s %-9s %-9s %10s %10s %8.2f %8.2f %10s %10s %6s%s\n' \
    "$1" "$2" "$3" "$sv" "$lv" "$ss" "$ls" "$st" "$lt" "$s" "$l" \
    "$(awk -v a="$l" -v b="$s" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", a / b }')" "$same"
  # stop scaling once both took a second
  awk -v a="$st" -v b="$lt" 'BEGIN { exit !(a >= 1 && b >= 1) }'
}

for variant in before after; do
  after=0
  [ "$variant" = after ] && after=1
  for size in "2 1" "3 2" "4 2" "5 2" "4 3" "6 3" "7 3"; do
    read -r cpus pages <<<"$size"
    hmm_scenario "$cpus" "$pages" "$variant" >"$work/hmm.scenario"
    spin_result=$(spin_run hmm-range-fault-livelock.pml "-DCPUS=$cpus -DPAGES=$pages -DAFTER=$after" livelock)
    lock_result=$(lockstep_run "$work/hmm.scenario")
    if row hmm-range-fault "$variant" "${cpus}cpu ${pages}page" "$spin_result" "$lock_result"; then break; fi
  done
done

for recursive in 1 0; do
  variant=single
  [ "$recursive" = 1 ] && variant=recursive
  for size in "2 1 1" "3 2 1" "4 4 2" "4 6 2" "5 7 3" "6 8 3"; do
    read -r cpus readers writers <<<"$size"
    mmap_scenario "$cpus" "$readers" "$writers" "$recursive" >"$work/mmap.scenario"
    spin_result=$(spin_run mmap-lock-recursion.pml "-DCPUS=$cpus -DREADERS=$readers -DWRITERS=$writers -DRECURSIVE=$recursive" deadlock)
    lock_result=$(lockstep_run "$work/mmap.scenario")
    if row mmap-lock-recursion "$variant" "${cpus}cpu ${readers}r ${writers}w" "$spin_result" "$lock_result"; then break; fi
  done
done

# A race `simulate --patch` composed itself: seed 000's do_swap_page() against
# migrate_device_unmap on vmf->page, as `--print-scenario` writes it (v7.0-rc1, so `before`
# is seed 002's trylock and `after` the fix), scaled by scale-composed.py (COPIES copies of
# its threads, each on its own folio and PTL, on CPUS CPUs, PREEMPT_NONE) until both tools
# take a second. SPIN runs the Promela translation of the same threads
# (hmm-range-fault-livelock.pml with COMPOSED=1: the contender's try_to_migrate() step, no
# separate pte_unmap() step, as the composer wrote them).
"$root/Fixtures/kernel-tree/build.sh" "$work/linux" >/dev/null
"$lockstep" simulate --patch "$root/Fixtures/kernel-tree/expected/seed000.patch" \
  --tree "$work/linux" --base v7.0-rc1 --print-scenario --preempt none --cpus 2 |
  awk '/^scenario / { keep = ($2 == "do_swap_page-vs-migrate_device_unmap-on-vmf->page") } keep' \
    >"$work/composed.scenario"
for variant in before after; do
  after=0
  [ "$variant" = after ] && after=1
  for size in "2 1" "3 2" "4 2" "5 2" "4 3" "6 3" "7 3"; do
    read -r cpus pages <<<"$size"
    python3 "$here/scale-composed.py" "$pages" "$cpus" <"$work/composed.scenario" >"$work/scaled.scenario"
    spin_result=$(spin_run hmm-range-fault-livelock.pml "-DCPUS=$cpus -DPAGES=$pages -DAFTER=$after -DCOMPOSED=1" livelock)
    lock_result=$("$lockstep" simulate "$work/scaled.scenario" --variant "$variant" --json \
      --max-states 60000000 --timeout 900 2>/dev/null |
      jq -r '.runs[0] | "\(.verdict) \(.states) \(.seconds)"' || true)
    if row "composed seed000" "$variant" "${cpus}cpu ${pages}page" "$spin_result" "$lock_result"; then break; fi
  done
done
