#!/bin/sh
# Speed: lockstep b4-check against checkpatch.pl, each as b4 review (0.16) runs a per-patch
# check — one process per patch mail, on standard input, in the kernel tree — on the 41
# stable changes to mm/*.c between Debian's 6.12.107 and 6.12.113 (2 to 132 changed lines
# each). lockstep reads the tree `make real-trees` builds (its base from B4_TRACKING_FILE,
# as b4 hands it); checkpatch.pl is the Linux 6.12.117 source's, run as b4's built-in
# handler runs it. Caches warm: each command runs once per patch, then the fastest of three
# runs is kept (both tools alike).
. "$(dirname "$0")/../analysis/common.sh"
trees=${LOCKSTEP_REAL_TREES:-$work/real-trees}
if [ ! -f "$trees/.complete" ]; then
  echo "no real-trees repository at $trees: run \`make real-trees\` first (or set LOCKSTEP_REAL_TREES)" >&2
  exit 1
fi
real_source 6.12 6.12.117-1~deb12u1
build_release
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
python3 "$root/Benchmarks/b4check/bench.py" "$lockstep" "$trees" "$tree" "$@"
