#!/usr/bin/env bash
# lockstep claims on a 44-message thread (the fixture thread of the hmm_range_fault() fix and
# 32 generated reviews) beside the git CLI pipeline a reviewer runs by hand for the part git
# can check (git-claims.sh), on three trees: the fixture tree, a real 6.12 tree's include/,
# lib/ and mm/ (LOCKSTEP_MM_TREE, default /work/real/mm-6.12) and the whole 6.12 kernel
# (the repository `make real-trees` builds). lockstep runs with an empty cache (cold: the
# tree's definitions are scanned and stored) and again (warm: read from the cache). One run
# each: wall time, ratio, peak memory, and the coverage measured at.
set -euo pipefail
cd "$(dirname "$0")/../.."
lockstep=${LOCKSTEP:-$(Benchmarks/build.sh)}
work=Benchmarks/work/claims
rm -rf "$work" && mkdir -p "$work"
Fixtures/kernel-tree/build.sh "$work/linux" > /dev/null
python3 Benchmarks/claims/generate.py "$work/thread.mbox"
cache="$work/cache"
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out" 2>/dev/null || true
  read -r secs kib < <(tail -1 "$work/time")
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}
messages=$(grep -c '^From ' "$work/thread.mbox")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $messages messages"
printf '%-34s %9s %11s %11s %13s %9s %11s\n' tree "git CLI s" "cold s" "warm s" "ratio (warm)" "git MiB" "lockstep MiB"
# row LABEL REPO BASE: one tree.
row() {
  local label=$1 repo=$2 base=$3
  rm -rf "$cache"
  measure env LOCKSTEP_CACHE_DIR="$cache" "$lockstep" claims "$work/thread.mbox" --tree "$repo" --base "$base" --json
  local cold=$secs
  measure env LOCKSTEP_CACHE_DIR="$cache" "$lockstep" claims "$work/thread.mbox" --tree "$repo" --base "$base" --json
  local warm=$secs lmib=$mib
  cp "$work/out" "$work/claims-$label.json"
  measure Benchmarks/claims/git-claims.sh "$repo" "$base" "$work/thread.mbox"
  local ratio
  ratio=$(awk -v g="$secs" -v l="$warm" 'BEGIN { printf "%.1fx", g / l }')
  printf '%-34s %9s %11s %11s %13s %9s %11s\n' "$label" "$secs" "$cold" "$warm" "$ratio" "$mib" "$lmib"
  echo "  coverage: $(python3 Benchmarks/claims/coverage.py "$work/claims-$label.json")"
}
row fixture "$work/linux" v7.0-rc1
mm=${LOCKSTEP_MM_TREE:-/work/real/mm-6.12}
if [ -d "$mm" ]; then row "6.12.117 include+lib+mm" "$mm" HEAD; else echo "no $mm: real mm tree row skipped"; fi
trees=${LOCKSTEP_REAL_TREES:-Benchmarks/work/real-trees}
if [ -f "$trees/.complete" ]; then
  row "6.12.117 whole kernel" "$trees" v6.12.117
else
  echo "no real-trees repository at $trees: run \`make real-trees\` for the whole-kernel row"
fi
