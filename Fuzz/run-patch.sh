#!/bin/sh
# Fuzz the diff repair for a bounded time: Fuzz/run-patch.sh [SECONDS] (default 60).
# Compiles the PatchDiff sources with the harness in Fuzz/patch/ under libFuzzer
# and AddressSanitizer; the corpus starts from the seed mails. Crashes land in
# .build/fuzz/patch/ as crash-* files, which reproduce with
#   .build/fuzz/patch/patch-fuzzer .build/fuzz/patch/crash-…
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build/fuzz/patch"
mkdir -p "$out/corpus"
cp "$root"/Fixtures/seeds/*.txt "$out/corpus/"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name PatchDiff \
  $(find "$root/Sources/PatchDiff" -name '*.swift' | sort) "$root/Fuzz/patch/PatchFuzz.swift" \
  -o "$out/patch-fuzzer"
cd "$out"
./patch-fuzzer -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus
