#!/bin/sh
# make mutation-check: recall of `lockstep analyze` on bugs planted in real kernel code.
# Every function of the real mm/*.c of Debian's linux-source 6.12.117 and 6.1.192 that calls a
# primitive of the table is mutated (Benchmarks/analysis/LockMutation: an unlock, pte_unmap or
# put deleted on one path, pte_unmap_unlock -> spin_unlock, an early return/goto while held, an
# unlock swapped with its put, a sleeping call after a spinlock, a sleeping lock turned into a
# trylock in a retried fault handler, mmap_read_lock() again while held); a seeded sample of
# MUTANTS per tree is analyzed one process per mutant (a series would apply them cumulatively)
# against a git repository of that tree, and recall is printed per operator, function size and
# file, with the false errors of the unmutated functions, the time per mutant, every miss and
# every equivalent mutant. Writes Benchmarks/work/mutation-check.json and
# Benchmarks/work/mutation-misses.txt (RESULTS=DIR writes them there instead; ONLY=MISSES runs
# again only the sampled mutants an earlier misses file lists); exits 1 when the issue's
# thresholds are not met.
. "$(dirname "$0")/common.sh"
real_source 6.12 6.12.117-1~deb12u1
linux612=$tree
real_source 6.1 6.1.192-3
linux61=$tree
build_release
# The folder the results are written to, made now: not found at the end of the run.
mkdir -p "${RESULTS:-$work}"
checker=$(cd "$root" && swift build -c release --static-swift-stdlib --product mutation-check >&2 \
  && echo "$(swift build -c release --static-swift-stdlib --show-bin-path)/mutation-check")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mm_repository "$linux612" "$tmp/6.12"
mm_repository "$linux61" "$tmp/6.1"
"$checker" --lockstep "$lockstep" \
  --tree "$(source_release "$linux612")=$tmp/6.12" --tree "$(source_release "$linux61")=$tmp/6.1" \
  --sample "${MUTANTS:-700}" --seed "${SEED:-9}" --workers "${WORKERS:-2}" --scratch "$tmp/mutants" \
  --json "${RESULTS:-$work}/mutation-check.json" --misses "${RESULTS:-$work}/mutation-misses.txt" \
  ${ONLY:+--only "$ONLY"}
