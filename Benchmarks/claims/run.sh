#!/usr/bin/env bash
# lockstep claims on a 44-message thread (the fixture thread of the hmm_range_fault() fix and
# 32 generated reviews) against the fixture tree, beside the git CLI pipeline a reviewer
# runs by hand for the part git can check (git-claims.sh). One run each: wall time, ratio,
# peak memory, and the coverage measured at (claims found and settled, identifiers linked).
set -euo pipefail
cd "$(dirname "$0")/../.."
lockstep=${LOCKSTEP:-$(Benchmarks/build.sh)}
work=Benchmarks/work/claims
rm -rf "$work" && mkdir -p "$work"
Fixtures/kernel-tree/build.sh "$work/linux" > /dev/null
python3 Benchmarks/claims/generate.py "$work/thread.mbox"
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$work/out" 2>/dev/null || true
  read -r secs kib < "$work/time"
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}
measure "$lockstep" claims "$work/thread.mbox" --tree "$work/linux" --base v7.0-rc1 --json
lsecs=$secs lmib=$mib
cp "$work/out" "$work/claims.json"
measure Benchmarks/claims/git-claims.sh "$work/linux" v7.0-rc1 "$work/thread.mbox"
gsecs=$secs gmib=$mib
ratio=$(awk -v g="$gsecs" -v l="$lsecs" 'BEGIN { printf "%.1fx", g / l }')
coverage=$(python3 Benchmarks/claims/coverage.py "$work/claims.json")
messages=$(grep -c '^From ' "$work/thread.mbox")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %8s %8s %7s %9s %9s\n' "thread" "git CLI s" "lockstep s" ratio "git MiB" "lockstep MiB"
printf '%-28s %8s %8s %7s %9s %9s\n' "$messages messages, fixture tree" "$gsecs" "$lsecs" "$ratio" "$gmib" "$lmib"
echo "coverage: $coverage"
