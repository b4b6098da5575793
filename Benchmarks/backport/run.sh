#!/usr/bin/env bash
# lockstep backport vs the git CLI pipeline a maintainer would script (git-backport.sh),
# side by side: the 8 stable lines of the large generated repository (Benchmarks/tree),
# and, when `make real-trees` has built it, the real Debian 6.1 / 6.12 repository.
# Prints wall time, ratio and peak memory (RSS) of each, lockstep with a cold and a warm
# line-scan cache. The generated repository is measured twice: as generated (no
# commit-graph file) and as a user's clone normally is, with git's commit-graph
# (`git commit-graph write --reachable`, what `git gc` writes) in a hard-linked copy.
set -euo pipefail
cd "$(dirname "$0")/../.."
lockstep=${LOCKSTEP:-$(Benchmarks/build.sh)}
work=Benchmarks/work
big=$work/bigtree
if [ ! -f "$big/bench.json" ]; then
  rm -rf "$big"
  python3 Benchmarks/tree/generate.py "$big"
fi
graphed=$work/bigtree-graph
if [ ! -f "$graphed/objects/info/commit-graph" ] || [ "$graphed/bench.json" -ot "$big/bench.json" ]; then
  rm -rf "$graphed"
  cp -al "$big" "$graphed"
  git --git-dir="$graphed" commit-graph write --reachable 2>/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The fix: a mainline commit after the last release, as a mail with a Fixes: trailer naming
# the commit before it that changed the same file, and Cc: stable # v6.12+.
fix=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["unpicked"][-1])' "$big/bench.json")
file=$(git --git-dir="$big" show --format= --name-only "$fix" | head -1)
target=$(git --git-dir="$big" log -2 --format=%H "$fix" -- "$file" | tail -1)
tsubject=$(git --git-dir="$big" log -1 --format=%s "$target")
git --git-dir="$big" format-patch -1 --stdout "$fix" \
  | sed "s|^Signed-off-by: Dev|Fixes: ${target:0:12} (\"$tsubject\")\nCc: <stable@vger.kernel.org> # v6.12+\nSigned-off-by: Dev|" \
  > "$tmp/big.mbox"
{ printf 'From: Thomas <t@example.org>\nSubject: [PATCH v3] mm: Fix a hmm_range_fault() livelock / starvation problem\n\n'
  cat Fixtures/kernel-tree/expected/seed000.patch; } > "$tmp/seed000.mbox"

# measure COMMAND…: wall seconds, CPU seconds (user + system, children included) and
# peak RSS (MiB) into $secs / $cpu / $mib.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/out" 2>/dev/null || true
  read -r secs user system kib < "$tmp/time"
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the runs"
printf '%-34s %9s %7s %7s %6s %6s %9s %8s %6s %8s %13s\n' repository "git CLI s" "cold s" \
  "warm s" cold warm "git CPU s" "cold CPU" "CPU" "git MiB" "lockstep MiB"
bench() {
  label=$1 repo=$2 mail=$3
  measure Benchmarks/backport/git-backport.sh "$repo" "$mail"
  gsecs=$secs gcpu=$cpu gmib=$mib
  cp "$tmp/out" "$tmp/git-$label.txt"
  export LOCKSTEP_CACHE_DIR="$tmp/cache-$label"
  measure "$lockstep" backport "$mail" --tree "$repo"
  lsecs=$secs lcpu=$cpu lmib=$mib
  cp "$tmp/out" "$tmp/lockstep-$label.txt"
  # The cache is complete after the second run (the first fills the line scans, the
  # second the patch-ids and files the first's workers did not hand back): the third is warm.
  measure "$lockstep" backport "$mail" --tree "$repo"
  measure "$lockstep" backport "$mail" --tree "$repo"
  wsecs=$secs wmib=$mib
  "$lockstep" backport "$mail" --tree "$repo" --json > "$tmp/json-$label.json" 2>/dev/null || true
  ratio=$(awk -v g="$gsecs" -v l="$lsecs" 'BEGIN { printf "%.1fx", g / l }')
  wratio=$(awk -v g="$gsecs" -v l="$wsecs" 'BEGIN { printf "%.1fx", g / l }')
  cratio=$(awk -v g="$gcpu" -v l="$lcpu" 'BEGIN { printf "%.1fx", g / l }')
  printf '%-34s %9s %7s %7s %6s %6s %9s %8s %6s %8s %13s\n' "$label" "$gsecs" "$lsecs" "$wsecs" \
    "$ratio" "$wratio" "$gcpu" "$lcpu" "$cratio" "$gmib" "$lmib/$wmib"
  coverage "$label" "$repo" "$tmp/json-$label.json"
}

# coverage LABEL REPO JSON: what both tools read, so the times compare the same work.
coverage() {
  local lines commits mainline compared
  lines=$(git -C "$2" for-each-ref --format='%(refname:short)' 'refs/heads/linux-*.y' | wc -l)
  commits=0
  for line in $(git -C "$2" for-each-ref --format='%(refname:short)' 'refs/heads/linux-*.y'); do
    series=${line#linux-}; series=${series%.y}
    base=$(git -C "$2" rev-parse -q --verify "refs/tags/v$series" || true)
    commits=$((commits + $(git -C "$2" rev-list --count "$line" ${base:+^$base})))
  done
  mainline=$(git -C "$2" rev-list --count master 2>/dev/null || echo 0)
  compared=$(python3 -c 'import json,sys
lines = json.load(open(sys.argv[1]))["lines"]
print(sum(1 for l in lines if not any("not compared by patch-id" in e for e in l["evidence"])))' "$3" 2>/dev/null || echo "?")
  echo "  coverage: $lines lines, $commits line commits scanned, $mainline mainline commits indexed;"
  echo "  line commits compared by patch-id on $compared of $lines lines (the others: the patch"
  echo "  applies at its own lines, so no copy of it is in effect)"
}
bench "generated (100k commits, 8 lines)" "$big" "$tmp/big.mbox"
bench "same, with a commit-graph file" "$graphed" "$tmp/big.mbox"
if [ -f "$work/real-trees/.complete" ]; then
  bench "real Debian 6.1 + 6.12 (7 releases)" "$work/real-trees" "$tmp/seed000.mbox"
else
  echo "(no real-trees repository: run make real-trees for the second row)"
fi
echo
echo "lockstep on the generated repository:"
sed -n '/^line/,/^$/p' "$tmp/lockstep-generated (100k commits, 8 lines).txt"
echo "git pipeline on the generated repository:"
cat "$tmp/git-generated (100k commits, 8 lines).txt"
