#!/usr/bin/env bash
# Mail benchmark: parse, decode and thread a >= 200 MB mbox with lockstep
# (release build), Python's mailbox + email, and git mailsplit, side by side.
# Prints MB/s, the ratio to Python, and peak memory (Maximum resident set size).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=Benchmarks/work
mkdir -p "$work"
size=${MAIL_BENCH_MB:-200}
mbox=${MAIL_BENCH_MBOX:-$work/bench.mbox}
if [ ! -f "$mbox" ] || [ "$(stat -L -c %s "$mbox")" -lt $((size * 1048576)) ]; then
  python3 Benchmarks/mail/generate.py "$mbox" "$size"
fi
command -v /usr/bin/time >/dev/null || {
  echo "installing time with apt-get"; apt-get install -y -qq time >/dev/null; }
lockstep=${LOCKSTEP:-$(Benchmarks/build.sh)}
bytes=$(stat -L -c %s "$mbox")
measure() { # name, command...
  local name=$1; shift
  local log; log=$(mktemp)
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v "$@" >"$log.out" 2>"$log"
  end=$(date +%s.%N)
  local seconds rss
  seconds=$(echo "$end - $start" | bc -l)
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$log")
  printf '%-10s %8.2f s %9.1f MB/s %8.1f MB peak   %s\n' "$name" "$seconds" \
    "$(echo "$bytes / 1048576 / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
    "$(head -c 100 "$log.out")"
  echo "$seconds" > "$log.seconds"
  eval "secs_$name=$seconds"
  rm -f "$log" "$log.out" "$log.seconds"
}
echo "input: $mbox, $((bytes / 1048576)) MB"
# Every tool reads the file from the page cache: read it once before timing anything.
cat "$mbox" > /dev/null
measure lockstep "$lockstep" thread --stats "$mbox"
measure lockstep2 env LOCKSTEP_THREADS=2 "$lockstep" thread --stats "$mbox"
measure python python3 Benchmarks/mail/python_thread.py "$mbox"
split=$(mktemp -d)
measure mailsplit git mailsplit -o"$split" "$mbox"
rm -rf "$split"
printf 'lockstep vs python: %.1fx   vs git mailsplit: %.1fx   (LOCKSTEP_THREADS=2: %.1fx python)\n' \
  "$(echo "$secs_python / $secs_lockstep" | bc -l)" "$(echo "$secs_mailsplit / $secs_lockstep" | bc -l)" \
  "$(echo "$secs_python / $secs_lockstep2" | bc -l)"
# The whole review, as a user runs it (streamed: memory grows with the number of messages,
# not with their text), then hostile inputs whose memory must stay flat.
measure thread "$lockstep" thread "$mbox"
measure thread_json "$lockstep" thread --json "$mbox"
hostile=$(mktemp -d)
trap 'rm -rf "$hostile"' EXIT
{ printf 'From: A <a@example.org>\nSubject: long\nMessage-ID: <long@x>\n\n'
  head -c $((10 << 20)) /dev/zero | tr '\0' 'a'; echo; } > "$hostile/line.eml"
measure line_10MB "$lockstep" thread "$hostile/line.eml"
{ printf 'From a@x Mon Feb  2 11:33:10 2026\nFrom: A <a@x>\nSubject: bomb\n\n'
  yes 'the same line, again and again, as a gzip bomb has it' | head -c $((1 << 30)) || true; } \
  | gzip > "$hostile/bomb.mbox.gz"
echo "gzip bomb: $(($(stat -c %s "$hostile/bomb.mbox.gz") >> 10)) KB expanding to 1024 MB"
measure gzip_bomb "$lockstep" thread "$hostile/bomb.mbox.gz" || true
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
