#!/bin/sh
# Speed: lockstep analyze against checkpatch.pl --no-tree (the same Linux 6.12 package) on two
# 30-patch series, and against Coccinelle's locks/*.cocci on the whole of mm/.
#   stable:    the real stable changes to 30 mm/*.c files between Debian's 6.12.107 and
#              6.12.117 (4 to 228 changed lines each), one patch per file, on 6.12.107;
#   one-line:  30 patches that each add one might_sleep() to a real mm/ function of 6.12.117
#              (checkpatch's cheapest case: almost nothing to read per patch).
# Each series runs in one process for the whole series, then with one process per patch,
# lockstep and checkpatch one after the other, ROUNDS times (default 5) interleaved: the
# table gives the median of each (and its range), and the ratio of the medians, so a
# neighbour's load that comes and goes during the run falls on both tools.
# `run.sh series` stops there (the Coccinelle runs of the whole of mm/ take minutes).
. "$(dirname "$0")/common.sh"
what=${1:-all}
need /usr/bin/time time
need bc bc
[ "$what" = series ] || need spatch coccinelle
real_source 6.12 6.12.117-1~deb12u1
linux=$tree
fetch_mm 6.12 6.12.107-1~deb12u1
previous=$tree
build_release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the stable series
stable_series "$previous" "$linux" "$tmp/stable" 30 '*.c'

# ---- the one-line series
oneline="$tmp/one-line/repo"
mkdir -p "$oneline/mm" "$tmp/one-line/patches"
cp "$linux"/mm/*.c "$linux"/mm/Makefile "$linux"/mm/Kconfig "$oneline/mm/"
git -C "$oneline" init -q
git_bench "$oneline" add -A
git_bench "$oneline" commit -qm "Linux 6.12 mm/"
python3 - "$oneline" <<'PY'
import re, subprocess, sys
series = sys.argv[1]
files = ["memory.c", "filemap.c", "migrate.c", "gup.c", "huge_memory.c", "madvise.c", "rmap.c", "swapfile.c",
         "mprotect.c", "mremap.c", "khugepaged.c", "mempolicy.c", "shmem.c", "compaction.c", "vmscan.c"]
made = 0
for name in files:
    path = f"{series}/mm/{name}"
    for attempt in range(3):
        text = open(path).read()
        lines = text.split("\n")
        starts = [i for i, l in enumerate(lines) if re.match(r"^(static )?[a-z_ ]+\*?[a-z_]+\(.*\)$", l)
                  and i + 1 < len(lines) and lines[i + 1] == "{"]
        if len(starts) <= attempt * 7:
            break
        at = starts[attempt * 7] + 1
        fn = re.search(r"([a-z_0-9]+)\(", lines[at - 1]).group(1)
        lines.insert(at + 1, "\tmight_sleep();\t/* bench: %s is called from process context */" % fn)
        open(path, "w").write("\n".join(lines))
        subprocess.run(["git", "-C", series, "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                        "commit", "-qam", f"mm: {fn}: say that it may sleep"], check=True)
        made += 1
        if made == 30:
            sys.exit(0)
PY
git -C "$oneline" format-patch -q -o "$tmp/one-line/patches" HEAD~30..HEAD

measure() { # label, command…: prints label, seconds and peak RSS (kB) of the command
  label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out.$label" 2>&1 || true
  read -r seconds rss <<TIME
$(tail -1 "$tmp/time")
TIME
  echo "$label $seconds $rss"
}
ms_per_patch() { echo "$1 * 1000 / 30" | bc; }
ratio() { echo "scale=1; $1 / $2" | bc; }

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
range() { sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
rounds=${ROUNDS:-5}

cd "$linux"
echo "== 30-patch series: lockstep analyze --tree --base vs checkpatch.pl --no-tree (Linux 6.12)"
echo "   $rounds interleaved rounds: median seconds (range), ms per patch, peak RSS of the last round"
printf '%-9s %-18s %18s %8s %9s %18s %8s %9s %6s\n' series run lockstep-s ms/patch RSS-kB \
  checkpatch-s ms/patch RSS-kB ratio
for series in stable one-line; do
  repo="$tmp/$series/repo"
  patches="$tmp/$series/patches"
  cat "$patches"/*.patch > "$tmp/$series.mbox"
  # One process per patch, as a pre-commit hook would run them.
  cat > "$tmp/lockstep-each.sh" <<SH
n=30
for p in "$patches"/*.patch; do "$lockstep" analyze "\$p" --tree "$repo" --base HEAD~\$n >/dev/null || true; n=\$((n - 1)); done
SH
  cat > "$tmp/checkpatch-each.sh" <<SH
for p in "$patches"/*.patch; do perl scripts/checkpatch.pl --no-tree "\$p" >/dev/null || true; done
SH
  : > "$tmp/times"
  round=0
  while [ "$round" -lt "$rounds" ]; do
    measure one-lockstep "$lockstep" analyze "$tmp/$series.mbox" --tree "$repo" --base HEAD~30 >> "$tmp/times"
    measure one-checkpatch perl scripts/checkpatch.pl --no-tree --show-types "$patches"/*.patch >> "$tmp/times"
    measure each-lockstep sh "$tmp/lockstep-each.sh" >> "$tmp/times"
    measure each-checkpatch sh "$tmp/checkpatch-each.sh" >> "$tmp/times"
    round=$((round + 1))
  done
  for run in one each; do
    l=$(grep "^$run-lockstep " "$tmp/times" | cut -d' ' -f2 | median)
    lr=$(grep "^$run-lockstep " "$tmp/times" | cut -d' ' -f2 | range)
    lm=$(grep "^$run-lockstep " "$tmp/times" | tail -1 | cut -d' ' -f3)
    c=$(grep "^$run-checkpatch " "$tmp/times" | cut -d' ' -f2 | median)
    cr=$(grep "^$run-checkpatch " "$tmp/times" | cut -d' ' -f2 | range)
    cm=$(grep "^$run-checkpatch " "$tmp/times" | tail -1 | cut -d' ' -f3)
    label=$([ "$run" = one ] && echo "one run, series" || echo "process per patch")
    printf '%-9s %-18s %18s %8s %9s %18s %8s %9s %6s\n' "$series" "$label" "$l ($lr)" \
      "$(ms_per_patch "$l")" "$lm" "$c ($cr)" "$(ms_per_patch "$c")" "$cm" "$(ratio "$c" "$l")x"
  done
  echo "  lockstep found: $(tail -1 "$tmp/out.one-lockstep")"
  echo "  checkpatch found: $(grep -cE '^(ERROR|WARNING|CHECK):' "$tmp/out.one-checkpatch") messages ($(grep -oE '^(ERROR|WARNING|CHECK):[A-Z_]+' "$tmp/out.one-checkpatch" | sort | uniq -c | sort -rn | head -3 | tr -s ' ' | tr '\n' ';'))"
done
echo "   load after the rounds: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$what" != series ] || exit 0

# ---- whole mm/: lockstep's path analysis vs Coccinelle's lock scripts
set -- $(for f in mm/*.c; do printf -- '--whole-file %s ' "$f"; done)
set -- $(measure lockstep-mm "$lockstep" analyze "$@")
lm_s=$2; lm_m=$3
echo "== whole Linux 6.12 mm/ ($(ls mm/*.c | wc -l) files)"
printf '%-34s %8s %14s  %s\n' tool seconds peak-RSS-kB found
printf '%-34s %8s %14s  %s\n' "lockstep analyze --whole-file" "$lm_s" "$lm_m" "$(tail -1 "$tmp/out.lockstep-mm")"
for cocci in scripts/coccinelle/locks/*.cocci; do
  name=$(basename "$cocci" .cocci)
  # --disable-worth-trying-opt: parse every file (the token prefilter alone finds no candidates in mm/).
  set -- $(measure "cocci-$name" timeout 900 spatch --very-quiet -D report --no-includes --include-headers-for-types \
    --disable-worth-trying-opt -j 2 --sp-file "$cocci" --dir mm)
  printf '%-34s %8s %14s  %s\n' "spatch locks/$name.cocci" "$2" "$3" "$(grep -c '^mm/' "$tmp/out.cocci-$name") reports ($(ratio "$2" "$lm_s")x lockstep's time)"
done
