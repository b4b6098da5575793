#!/bin/sh
# Speed: lockstep analyze against checkpatch.pl --no-tree (the same Linux 6.12 package) on a
# 30-patch series made from the real mm/ files, and against Coccinelle's locks/*.cocci on mm/.
. "$(dirname "$0")/common.sh"
fetch_linux
build_release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- a 30-patch series: real mm/ functions edited in a scratch git repository
series="$tmp/series"
mkdir -p "$series/mm" "$tmp/patches"
cp "$linux"/mm/*.c "$series/mm/"
cp "$linux"/mm/Makefile "$linux"/mm/Kconfig "$series/mm/"
git -C "$series" init -q
git -C "$series" -c user.name=bench -c user.email=bench@example.org add -A
git -C "$series" -c user.name=bench -c user.email=bench@example.org commit -qm "Linux 6.12 mm/"
python3 - "$series" <<'PY'
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
git -C "$series" format-patch -q -o "$tmp/patches" HEAD~30..HEAD
count=$(ls "$tmp/patches" | wc -l)
echo "== $count patches made from Linux 6.12 mm/"

measure() { # label, command…: prints seconds and peak RSS (kB) of the command
  label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out.$label" 2>&1 || true
  read -r seconds rss <<TIME
$(tail -1 "$tmp/time")
TIME
  echo "$label $seconds $rss"
}

cd "$linux"
# Both tools get the whole series in one run, the way a reviewer checks a series.
cat "$tmp"/patches/*.patch > "$tmp/series.mbox"
set -- $(measure lockstep "$lockstep" analyze "$tmp/series.mbox" --tree "$series" --base HEAD~30) \
  $(measure checkpatch perl scripts/checkpatch.pl --no-tree --show-types "$tmp"/patches/*.patch)
ls_s=$2; ls_m=$3; cp_s=$5; cp_m=$6
echo "== 30-patch series in one run: lockstep analyze SERIES.mbox --tree --base vs checkpatch.pl --no-tree PATCHES"
printf '%-26s %8s %12s %14s\n' tool total-s per-patch-ms peak-RSS-kB
printf '%-26s %8s %12s %14s\n' "lockstep analyze" "$ls_s" "$(echo "$ls_s * 1000 / $count" | bc)" "$ls_m"
printf '%-26s %8s %12s %14s\n' "checkpatch.pl --no-tree" "$cp_s" "$(echo "$cp_s * 1000 / $count" | bc)" "$cp_m"
echo "ratio checkpatch/lockstep: $(echo "scale=1; $cp_s / $ls_s" | bc)x"
echo "lockstep found: $(tail -1 "$tmp/out.lockstep")"
echo "checkpatch found: $(grep -cE '^(ERROR|WARNING|CHECK):' "$tmp/out.checkpatch") messages: $(grep -oE '^(ERROR|WARNING|CHECK):[A-Z_]+' "$tmp/out.checkpatch" | sort | uniq -c | sort -rn | head -4 | tr -s ' ' | tr '\n' ';')"

# One process per patch, as a pre-commit hook would run them.
cat > "$tmp/lockstep-each.sh" <<SH
n=30
for p in "$tmp"/patches/*.patch; do "$lockstep" analyze "\$p" --tree "$series" --base HEAD~\$n >/dev/null || true; n=\$((n - 1)); done
SH
cat > "$tmp/checkpatch-each.sh" <<SH
for p in "$tmp"/patches/*.patch; do perl scripts/checkpatch.pl --no-tree "\$p" >/dev/null || true; done
SH
set -- $(measure lockstep-each sh "$tmp/lockstep-each.sh") $(measure checkpatch-each sh "$tmp/checkpatch-each.sh")
echo "one process per patch: lockstep $2 s ($3 kB), checkpatch.pl $5 s ($6 kB), ratio $(echo "scale=1; $5 / $2" | bc)x"

# ---- whole mm/: lockstep's path analysis vs Coccinelle's lock scripts
set -- $(for f in mm/*.c; do printf -- '--whole-file %s ' "$f"; done)
set -- $(measure lockstep-mm "$lockstep" analyze "$@")
lm_s=$2; lm_m=$3
echo "== whole Linux 6.12 mm/ ($(ls mm/*.c | wc -l) files)"
printf '%-34s %8s %14s  %s\n' tool seconds peak-RSS-kB found
printf '%-34s %8s %14s  %s\n' "lockstep analyze --whole-file" "$lm_s" "$lm_m" "$(tail -1 "$tmp/out.lockstep-mm")"
if command -v spatch >/dev/null; then
  for cocci in scripts/coccinelle/locks/*.cocci; do
    name=$(basename "$cocci" .cocci)
    # --disable-worth-trying-opt: parse every file (the token prefilter alone finds no candidates in mm/).
    set -- $(measure "cocci-$name" timeout 900 spatch --very-quiet -D report --no-includes --include-headers-for-types \
      --disable-worth-trying-opt -j 2 --sp-file "$cocci" --dir mm)
    printf '%-34s %8s %14s  %s\n' "spatch locks/$name.cocci" "$2" "$3" "$(grep -c '^mm/' "$tmp/out.cocci-$name") reports"
  done
else
  echo "spatch not installed (apt-get install coccinelle): Coccinelle column skipped"
fi
