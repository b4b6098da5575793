#!/usr/bin/env bash
# Bounded libFuzzer run for one parser.
#   Fuzz/run.sh mail|patch SECONDS
# Compiles the target's sources with its harness (swiftc -sanitize=fuzzer,address),
# seeds the corpus from Fixtures/, runs for SECONDS, and keeps any crashing
# input in .build/fuzz/TARGET/ (printed at the end). Exit status 1 on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh mail|patch SECONDS}
seconds=${2:-60}
work=.build/fuzz/$target
mkdir -p "$work/corpus"
case "$target" in
  mail)
    mapfile -t sources < <(find Sources/MailThread -name '*.swift' | sort)
    flags=(-I Sources/CZlib -lz)
    for seed in Fixtures/seeds/* Fixtures/mail/*.mbox Fixtures/mail/eml/* Fixtures/hostile/*; do
      [ -f "$seed" ] && cp "$seed" "$work/corpus/seed-$(basename "$seed")"
    done
    module=MailFuzz
    harness=Fuzz/mail/main.swift
    ;;
  patch)
    mapfile -t sources < <(find Sources/PatchDiff -name '*.swift' | sort)
    flags=()
    for seed in Fixtures/seeds/* Fixtures/patchdiff/* Fixtures/kernel-tree/expected/*; do
      [ -f "$seed" ] && cp "$seed" "$work/corpus/seed-$(basename "$seed")"
    done
    module=PatchDiff
    harness=Fuzz/patch/PatchFuzz.swift
    ;;
  *) echo "unknown fuzz target: $target (known: mail, patch)" >&2; exit 2 ;;
esac
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "$module" \
  "${flags[@]}" "${sources[@]}" "$harness" -o "$work/fuzz-$target"
cd "$work"
# libFuzzer and ASan report crashes themselves; the Swift backtracer would wait.
export SWIFT_BACKTRACE=enable=no
set +e
./"fuzz-$target" corpus -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -25
status=${PIPESTATUS[0]}
set -e
ls crash-* timeout-* oom-* leak-* 2>/dev/null && echo "findings above, in $work" || true
exit "$status"
