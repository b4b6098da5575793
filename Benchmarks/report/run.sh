#!/usr/bin/env bash
# lockstep annotate, end to end on a 40-message review thread with the fixture kernel tree
# (the thread read, the patch analyzed against v7.0-rc1, its races replayed on 1 and 2 CPUs
# under four preemption models, four stable lines checked, the page rendered), side by
# side in one run with what a reviewer would otherwise run: the four lockstep commands one
# after another, and Python's mailbox + email reading the same thread into a plain page.
# Prints wall time, CPU time, ratios and peak memory, with the coverage measured at.
set -euo pipefail
cd "$(dirname "$0")/../.."
lockstep=${LOCKSTEP:-$(Benchmarks/build.sh)}
work=Benchmarks/work/report
mkdir -p "$work"
[ -d "$work/linux/.git" ] || Fixtures/kernel-tree/build.sh "$work/linux" > /dev/null
python3 Benchmarks/report/generate.py "$work/thread.mbox"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree=(--tree "$work/linux" --base v7.0-rc1)

# measure LABEL COMMAND…: wall seconds, CPU seconds (user + system) and peak RSS (MiB).
measure() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" > "$tmp/$label.out" 2> /dev/null || true
  read -r secs user system kib < "$tmp/time"
  cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
  mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
}

separate() {
  "$lockstep" thread "$work/thread.mbox" > /dev/null
  "$lockstep" analyze "$work/thread.mbox" "${tree[@]}" > /dev/null || true
  "$lockstep" simulate --patch "$work/thread.mbox" "${tree[@]}" > /dev/null || true
  "$lockstep" backport "$work/thread.mbox" --tree "$work/linux" > /dev/null || true
}

python_page() {
  python3 - "$work/thread.mbox" "$tmp/python.html" << 'PY'
import email, email.policy, html, mailbox, sys
out = ["<!DOCTYPE html><meta charset=utf-8><title>thread</title>"]
for message in mailbox.mbox(sys.argv[1], factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)):
    body = message.get_body(("plain",))
    text = body.get_content() if body else ""
    out.append(f"<h2>{html.escape(str(message['Subject']))}</h2><p>{html.escape(str(message['From']))}</p><pre>{html.escape(text)}</pre>")
open(sys.argv[2], "w").write("\n".join(out))
PY
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the runs"
# A first run warms the page cache for every tool alike; the runs measured come after.
"$lockstep" annotate "$work/thread.mbox" "${tree[@]}" -o "$tmp/warm.html" > /dev/null || true
measure html "$lockstep" annotate "$work/thread.mbox" "${tree[@]}" -o "$tmp/report.html"
asecs=$secs acpu=$cpu amib=$mib
measure mbox "$lockstep" annotate "$work/thread.mbox" "${tree[@]}" -o "$tmp/reply.mbox"
msecs=$secs mcpu=$cpu mmib=$mib
export -f separate
export lockstep work
measure separate bash -c "$(declare -p tree); separate"
ssecs=$secs scpu=$cpu smib=$mib
export -f python_page
export tmp
measure python bash -c python_page
psecs=$secs pcpu=$cpu pmib=$mib

"$lockstep" annotate "$work/thread.mbox" "${tree[@]}" --format json > "$tmp/report.json" || true
coverage=$(python3 - "$tmp/report.json" << 'PY'
import json, sys
r = json.load(open(sys.argv[1]))
findings = sum(len(l["findings"]) for p in r["patches"] for f in p["files"] for h in f["hunks"] for l in h["lines"]) + sum(len(p["elsewhere"]) for p in r["patches"])
inputs = sum(1 for m in r["messages"] if m["inInput"])
print(f"{inputs} messages, {len(r['patches'])} patch, {findings} findings, "
      f"{r['replaySummary']}, {len(r['races'])} traces drawn, "
      f"{len((r['backport'] or {}).get('rows', []))} stable lines")
PY
)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
printf '%-44s %8s %8s %8s %9s\n' run "wall s" "CPU s" "MiB" "vs html"
printf '%-44s %8s %8s %8s %9s\n' "lockstep annotate -o report.html" "$asecs" "$acpu" "$amib" "1.00x"
printf '%-44s %8s %8s %8s %9s\n' "lockstep annotate -o reply.mbox" "$msecs" "$mcpu" "$mmib" "$(ratio "$msecs" "$asecs")"
printf '%-44s %8s %8s %8s %9s\n' "thread + analyze + simulate --patch + backport" "$ssecs" "$scpu" "$smib" "$(ratio "$ssecs" "$asecs")"
printf '%-44s %8s %8s %8s %9s\n' "Python mailbox + email → plain page" "$psecs" "$pcpu" "$pmib" "$(ratio "$psecs" "$asecs")"
echo "coverage: $coverage"
echo "target: annotate under 2 s end to end: $(awk -v s="$asecs" 'BEGIN { print (s < 2 ? "met" : "NOT met") }') ($asecs s)"
echo "page: $(wc -c < "$tmp/report.html") bytes; reply mail: $(grep -c '^From lockstep ' "$tmp/reply.mbox") message(s)"
