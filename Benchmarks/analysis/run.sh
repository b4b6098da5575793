#!/bin/sh
# Speed: lockstep analyze against checkpatch.pl --no-tree (the same Linux 6.12 package) on two
# 30-patch series, and against Coccinelle's locks/*.cocci on the whole of mm/.
#   stable:    the real stable changes to 30 mm/*.c files between Debian's 6.12.107 and
#              6.12.117 (4 to 228 changed lines each), one patch per file, on 6.12.107;
#   one-line:  30 patches that each add one might_sleep() to a real mm/ function of 6.12.117
#              (checkpatch's cheapest case: almost nothing to read per patch).
# Each series runs in one process for the whole series, then with one process per patch.
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

cd "$linux"
echo "== 30-patch series: lockstep analyze --tree --base vs checkpatch.pl --no-tree (Linux 6.12)"
printf '%-9s %-18s %9s %8s %11s %9s %8s %11s %6s\n' series run lockstep-s ms/patch RSS-kB \
  checkpatch-s ms/patch RSS-kB ratio
for series in stable one-line; do
  repo="$tmp/$series/repo"
  patches="$tmp/$series/patches"
  cat "$patches"/*.patch > "$tmp/$series.mbox"
  set -- $(measure "$series-lockstep" "$lockstep" analyze "$tmp/$series.mbox" --tree "$repo" --base HEAD~30) \
    $(measure "$series-checkpatch" perl scripts/checkpatch.pl --no-tree --show-types "$patches"/*.patch)
  printf '%-9s %-18s %9s %8s %11s %9s %8s %11s %6s\n' "$series" "one run, series" "$2" "$(ms_per_patch "$2")" \
    "$3" "$5" "$(ms_per_patch "$5")" "$6" "$(ratio "$5" "$2")x"
  found_lockstep=$(tail -1 "$tmp/out.$series-lockstep")
  found_checkpatch="$(grep -cE '^(ERROR|WARNING|CHECK):' "$tmp/out.$series-checkpatch") messages ($(grep -oE '^(ERROR|WARNING|CHECK):[A-Z_]+' "$tmp/out.$series-checkpatch" | sort | uniq -c | sort -rn | head -3 | tr -s ' ' | tr '\n' ';'))"
  # One process per patch, as a pre-commit hook would run them.
  cat > "$tmp/lockstep-each.sh" <<SH
n=30
for p in "$patches"/*.patch; do "$lockstep" analyze "\$p" --tree "$repo" --base HEAD~\$n >/dev/null || true; n=\$((n - 1)); done
SH
  cat > "$tmp/checkpatch-each.sh" <<SH
for p in "$patches"/*.patch; do perl scripts/checkpatch.pl --no-tree "\$p" >/dev/null || true; done
SH
  set -- $(measure lockstep-each sh "$tmp/lockstep-each.sh") $(measure checkpatch-each sh "$tmp/checkpatch-each.sh")
  printf '%-9s %-18s %9s %8s %11s %9s %8s %11s %6s\n' "$series" "process per patch" "$2" "$(ms_per_patch "$2")" \
    "$3" "$5" "$(ms_per_patch "$5")" "$6" "$(ratio "$5" "$2")x"
  echo "  lockstep found: $found_lockstep"
  echo "  checkpatch found: $found_checkpatch"
done

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
